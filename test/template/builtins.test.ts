/**
 * The builtin functions with Go's type rules: and/or (values, short circuit), not, eq/ne/lt/le/gt/ge (basic kinds,
 * int/uint mixing, invalid values, nil-able kinds, Go ==), len/index/slice (bytes for strings, map key
 * conversion, bounds), print/printf/println, html/js/urlquery escaping, call. Expected outputs of the tables were
 * produced by the reference renderer; the override suite follows go-template.md §1/§3.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { T, type FuncMap, type GoFunc } from '../../src/go/types.ts';
import { GoValue } from '../../src/go/value.ts';
import { REFLECT_VALUE, builtins, parse } from '../../src/template/mod.ts';
import { DATA, addRows, type Row } from '../support/template-table.ts';

const rows: Row[] = [
  { name: "printf T of literals", input: "{{printf \"%T %T %T %T %T %T %T %T\" 1 1.5 'a' \"s\" true 1i 0x10 1e3}}", output: "int float64 int string bool complex128 int float64" },
  { name: "bool nil print", input: "{{print true false nil}}", output: "true false <nil>" },
  { name: "and or values", input: "{{and 1 \"x\"}} {{or \"\" 0}} {{or .Missing \"d\"}} {{and .T .Missing}} {{or .Z .Empty .F}}", output: "x 0 d <no value> false" },
  { name: "and or pipes", input: "{{1 | and 2}} {{0 | or 3}} {{\"\" | or \"\"}}|", output: "1 3 |" },
  { name: "not", input: "{{not .Missing}} {{not .N}} {{not .Empty}} {{not .I}} {{not .K}} {{not .Fn}} {{not 0.0}}", output: "true true true false true false true" },
  { name: "eq many", input: "{{eq 1 2 3 1}} {{eq \"a\" \"b\"}} {{eq .A \"x\"}} {{eq .C 3}} {{eq .U 3}} {{eq .C .U}} {{eq .B 1.5}}", output: "true false true true true true true" },
  { name: "eq int uint negative", input: "{{eq -1 .U}} {{lt -1 .U}} {{gt .U -1}}", output: "false true true" },
  { name: "eq float int error", input: "{{eq .B 1}}", output: null },
  { name: "eq missing", input: "{{eq .Missing .Missing2}} {{eq .Missing nil}} {{eq .N nil}} {{eq .K nil}} {{eq .HN nil}} {{eq .H nil}}", output: "true true true true true false" },
  { name: "eq structs", input: "{{eq .I .I}}", output: "true" },
  { name: "eq maps error", input: "{{eq .H .H}}", output: null },
  { name: "eq slices error", input: "{{eq .G .G}}", output: null },
  { name: "eq bool", input: "{{eq .T true}} {{eq .F true}} {{ne .T .F}}", output: "true false true" },
  { name: "eq enum int", input: "{{eq .Enum 1}} {{lt .Enum 2}}", output: "true true" },
  { name: "ne three args", input: "{{ne 1 2 3}}", output: null },
  { name: "eq one arg", input: "{{eq 1}}", output: null },
  { name: "lt strings", input: "{{lt \"a\" \"b\"}} {{lt \"b\" \"a\"}} {{lt \"\" \"a\"}} {{le \"a\" \"a\"}} {{gt \"é\" \"z\"}} {{ge \"Z\" \"a\"}}", output: "true false true true true false" },
  { name: "lt floats", input: "{{lt .B 2.0}} {{le 1.5 .B}} {{gt 1e3 999.0}} {{ge .B .B}}", output: "true true true true" },
  { name: "lt mixed error", input: "{{lt .B 2}}", output: null },
  { name: "lt missing error", input: "{{lt .Missing 1}}", output: null },
  { name: "lt bool error", input: "{{lt true false}}", output: null },
  { name: "le int uint", input: "{{le .C .U}} {{ge .U .C}} {{gt .C .U}}", output: "true true false" },
  { name: "len", input: "{{len .A}} {{len \"héllo\"}} {{len .G}} {{len .H}} {{len .HN}} {{len .E}} {{len .Empty}} {{len .M}}", output: "1 6 3 2 0 4 0 3" },
  { name: "len pointer", input: "{{len .PI}}", output: null },
  { name: "len int error", input: "{{len 3}}", output: null },
  { name: "len missing", input: "{{len .Missing}}", output: null },
  { name: "len nil pointer", input: "{{len .K}}", output: null },
  { name: "index", input: "{{index .G 1}} {{index .E 0}} {{index .H \"two\"}} {{index .Y 10}} {{index .W \"e\"}}|{{index .W \"nope\"}}|{{index .M \"n\"}}|{{index .M \"zz\"}}", output: "4 a 2 ten ||<no value>|<no value>" },
  { name: "index nested", input: "{{index .M \"a\" \"c\" 0}} {{index .L 1 \"name\"}}", output: "1 b" },
  { name: "index string", input: "{{index \"abc\" 1}} {{index .A 0}}", output: "98 120" },
  { name: "index uint", input: "{{index .G .U}}", output: null },
  { name: "index no args", input: "{{index .G}}", output: "[3 4 5]" },
  { name: "index out of range", input: "{{index .G 3}}", output: null },
  { name: "index negative", input: "{{index .G -1}}", output: null },
  { name: "index wrong key type", input: "{{index .H 1}}", output: null },
  { name: "index float index", input: "{{index .G 1.0}}", output: null },
  { name: "index nil", input: "{{index nil 1}}", output: null },
  { name: "index nil pointer", input: "{{index .K 1}}", output: null },
  { name: "index nil map", input: "{{index .HN \"x\"}}", output: "0" },
  { name: "index int key conversion", input: "{{index .Y .C}}", output: "" },
  { name: "index of int", input: "{{index 3 1}}", output: null },
  { name: "slice", input: "{{slice .G 1 2}} {{slice .G 1}} {{slice .G}} {{slice .G 0 3}} {{slice .A 0 1}} {{slice \"hello\" 1 3}} {{slice .G 1 2 3}}", output: "[4] [4 5] [3 4 5] [3 4 5] x el [4]" },
  { name: "slice 3 string", input: "{{slice \"abc\" 1 2 3}}", output: null },
  { name: "slice bad order", input: "{{slice .G 2 1}}", output: null },
  { name: "slice too big", input: "{{slice .G 0 4}}", output: null },
  { name: "slice of map", input: "{{slice .H 1}}", output: null },
  { name: "slice of missing", input: "{{slice .Missing 1}}", output: null },
  { name: "print spacing", input: "{{print 1 2 \"a\" \"b\" 3 .B .T}}", output: "1 2ab3 1.5 true" },
  { name: "println", input: "{{println 1 \"a\" nil}}", output: "1 a <nil>\n" },
  { name: "print nil and missing", input: "{{print nil .Missing .N}}", output: "<nil> <nil> <nil>" },
  { name: "print containers", input: "{{print .E .M .H .G .Y .Empty .HN}}", output: "[a <nil> 1 true] map[a:map[c:[1 2]] b:2 n:<nil>] map[one:1 two:2] [3 4 5] map[-1:neg 2:two 10:ten] [] map[]" },
  { name: "printf verbs", input: "{{printf \"%d|%5d|%-5d|%05d|%x|%X|%o|%b|%c|%q|%U\" 42 42 42 42 255 255 8 5 65 'x' 0x1F600}}", output: "42|   42|42   |00042|ff|FF|10|101|A|'x'|U+1F600" },
  { name: "printf floats", input: "{{printf \"%f|%.2f|%8.3f|%e|%g|%G|%.3g\" 3.14159 3.14159 3.14159 1234.5678 0.000012 1e21 3.14159}}", output: "3.141590|3.14|   3.142|1.234568e+03|1.2e-05|1E+21|3.14" },
  { name: "printf strings", input: "{{printf \"%s|%q|%x|%10s|%-10s|%.2s|%#q\" \"hi\" \"a\\\"b\" \"hi\" \"r\" \"l\" \"abc\" \"back`q\"}}", output: "hi|\"a\\\"b\"|6869|         r|l         |ab|\"back`q\"" },
  { name: "printf values", input: "{{printf \"%v|%+v|%T|%T|%T\" .I .I .I .H .E}}", output: "{s 2 <nil>}|{A:s B:2 C:<nil>}|struct { A string; B int; C interface {} }|map[string]int|[]interface {}" },
  { name: "printf bad", input: "{{printf \"%d|%d %d|%z|%!\" \"s\" 1}}", output: "%!d(string=s)|1 %!d(MISSING)|%!z(MISSING)|%!!(MISSING)" },
  { name: "printf extra", input: "{{printf \"x\" 1 \"a\"}}", output: "x%!(EXTRA int=1, string=a)" },
  { name: "printf float d", input: "{{printf \"%d\" .B}} {{printf \"%d\" .Big}}", output: "%!d(float64=1.5) %!d(float64=1e+06)" },
  { name: "printf star", input: "{{printf \"%*d|%-*d|%.*f\" 5 1 3 2 2 3.14159}}", output: "    1|2  |3.14" },
  { name: "printf format from field error", input: "{{printf .B}}", output: null },
  { name: "printf format int literal error", input: "{{printf 1}}", output: null },
  { name: "printf nil format", input: "{{printf nil}}", output: null },
  { name: "printf missing format", input: "{{printf .Missing}}", output: null },
  { name: "html", input: "{{html \"<a href='x'>&\\\"\"}} {{html .E}} {{html 1 2}} {{html .Missing}} {{html .PI}}", output: "&lt;a href=&#39;x&#39;&gt;&amp;&#34; [a &lt;nil&gt; 1 true] 1 2 &lt;no value&gt; 23" },
  { name: "js", input: "{{js \"a'b\\\"c\\\\d<e>f&g=h\\ti\\u00e9\\u2028\"}} {{js .M}} {{js 1 \"a\"}}", output: "a\\'b\\\"c\\\\d\\u003Ce\\u003Ef\\u0026g\\u003Dh\\u0009ié\\u2028 map[a:map[c:[1 2]] b:2 n:\\u003Cnil\\u003E] 1a" },
  { name: "urlquery", input: "{{urlquery \"a b&c=d/é?\" \"~-_.\"}} {{urlquery .E}}", output: "a+b%26c%3Dd%2F%C3%A9%3F~-_. %5Ba+%3Cnil%3E+1+true%5D" },
  { name: "call", input: "{{call .Fn \"a\" \"b\"}}", output: "ab" },
  { name: "call pipe", input: "{{\"b\" | call .Fn \"a\"}}", output: "ab" },
  { name: "call error", input: "{{call .ErrFn}}", output: null },
  { name: "call non-function", input: "{{call .A}}", output: null },
  { name: "call wrong args", input: "{{call .Fn \"a\"}}", output: null },
  { name: "call wrong type", input: "{{call .Fn 1 \"b\"}}", output: null },
  { name: "call nil", input: "{{call nil}}", output: null },
  { name: "call missing", input: "{{call .Missing}}", output: null },
];

/** Rows with their own data. */
const edgeRows: Row[] = [
  { name: "js controls", input: "{{js .}}", output: "a\\u0000b\\u001Fcd\\u00A0e\\u200Bf\\uFEFFg😀h\\u0085i", data: "a\u0000b\u001fcd e​f﻿g😀hi" },
  { name: "html controls", input: "{{html .}}", output: "a�b&lt;&gt;&amp;&#39;&#34; ", data: "a\u0000b<>&'\" " },
  { name: "urlquery specials", input: "{{urlquery .}}", output: "a%2Bb%25c+d%00%C3%A9%F0%9F%98%80~%21%2A%28%29%27", data: "a+b%c d\u0000é😀~!*()'" },
  { name: "html numbers", input: "{{html 1.5 .}}", output: "1.5 3", data: {"$int": 3} },
  { name: "js nil", input: "{{js nil}}|{{js .X}}|{{urlquery nil}}", output: "\\u003Cno value\\u003E|\\u003Cno value\\u003E|%3Cno+value%3E", data: {"X": null} },
  { name: "escape pipe", input: "{{\"<a>\" | html | js | urlquery}}", output: "%5Cu0026lt%3Ba%5Cu0026gt%3B", data: null },
  { name: "html stringer", input: "{{html .}}", output: "&lt;s&gt;", data: {"$stringer": "<s>"} },
  { name: "html pointer", input: "{{html .}}", output: "{&lt;v&gt;}", data: {"$ptr": {"$struct": [["V", "<v>"]]}} },
  { name: "print pointer args", input: "{{print .}}", output: "&{<v>}", data: {"$ptr": {"$struct": [["V", "<v>"]]}} },
  { name: "and short circuit index", input: "{{and .A (index .A 5)}}|{{or .A (index .A 5)}}", output: null, data: {"A": {"$slice": "int", "items": [1]}} },
  { name: "and short circuit empty", input: "{{and .A (index .A 5)}}|", output: "[]|", data: {"A": {"$slice": "int", "items": []}} },
  { name: "and missing", input: "{{and 1 .Unknown}}|{{or 0 .Unknown}}|{{and .Unknown 1}}", output: "<no value>|<no value>|<no value>", data: {} },
  { name: "not missing", input: "{{not .Unknown}} {{not nil}}", output: "true true", data: {} },
  { name: "eq nil nil", input: "{{eq nil nil}}", output: "true", data: null },
  { name: "eq bool str", input: "{{eq true \"true\"}}", output: null, data: null },
  { name: "eq complex", input: "{{eq 1i 1i}} {{eq 1+2i 1+3i}}", output: "true false", data: null },
  { name: "lt complex", input: "{{lt 1i 2i}}", output: null, data: null },
  { name: "eq uint uint", input: "{{eq .A .B}} {{lt .A .B}}", output: "false true", data: {"A": {"$uint": 1}, "B": {"$uint8": 2}} },
  { name: "eq int8 int64", input: "{{eq .A .B}} {{lt .A .B}} {{eq .A 1}}", output: "false true true", data: {"A": {"$int8": 1}, "B": {"$int64": 2}} },
  { name: "eq float32 float64", input: "{{eq .A .B}} {{eq .A 0.5}}", output: "true true", data: {"A": {"$float32": 0.5}, "B": 0.5} },
  { name: "eq stringer", input: "{{eq .A .A}}", output: "true", data: {"A": {"$stringer": "x"}} },
  { name: "eq ptr", input: "{{eq .A .A}} {{eq .A .B}}", output: "true false", data: {"A": {"$boolValue": true}, "B": {"$boolValue": true}} },
  { name: "eq ptr nil", input: "{{eq .A nil}} {{eq .B nil}} {{ne .B nil}}", output: "true false true", data: {"A": {"$boolValue": null}, "B": {"$boolValue": true}} },
  { name: "eq struct vs ptr", input: "{{eq .A .B}}", output: null, data: {"A": {"$struct": [["V", 1]]}, "B": {"$boolValue": true}} },
  { name: "eq struct different", input: "{{eq .A .B}}", output: "false", data: {"A": {"$struct": [["V", 1]]}, "B": {"$struct": [["W", 1]]}} },
  { name: "eq struct same type different value", input: "{{eq .A .B}} {{eq .A .C}}", output: "false true", data: {"A": {"$struct": [["V", 1]]}, "B": {"$struct": [["V", 2]]}, "C": {"$struct": [["V", 1]]}} },
  { name: "eq map nil vs nil map", input: "{{eq .A nil}} {{eq nil .A}}", output: "true true", data: {"A": {"$map": "string:int", "entries": [], "nil": true}} },
  { name: "eq nonnil map vs nil", input: "{{eq .A nil}}", output: "false", data: {"A": {"$map": "string:int", "entries": [["a", 1]]}} },
  { name: "eq slice nil", input: "{{eq .A nil}} {{eq .B nil}}", output: "true false", data: {"A": {"$slice": "int", "items": [], "nil": true}, "B": {"$slice": "int", "items": []}} },
  { name: "eq func", input: "{{eq .F .F}}", output: null, data: {"F": {"$func": "concat2"}} },
  { name: "eq func nil", input: "{{eq .F nil}}", output: "false", data: {"F": {"$func": "concat2"}} },
  { name: "eq map vs slice", input: "{{eq .A .B}}", output: null, data: {"A": {"$map": "string:int", "entries": []}, "B": {"$slice": "int", "items": []}} },
  { name: "ne missing", input: "{{ne .X 1}} {{ne .X .Y}}", output: "true false", data: {} },
  { name: "lt uint int mix", input: "{{lt .U -1}} {{lt .U 5}} {{le .U 3}} {{gt 5 .U}}", output: "false true true true", data: {"U": {"$uint": 3}} },
  { name: "index map any key", input: "{{index .M \"one\"}} {{index .M 1}}", output: "1 0", data: {"M": {"$map": "any:int", "entries": [["one", 1]]}} },
  { name: "index map int64 key", input: "{{index .M 2}} {{index .M .K}}", output: "two two", data: {"M": {"$map": "int64:string", "entries": [[2, "two"]]}, "K": {"$uint8": 2}} },
  { name: "index missing key typed", input: "[{{index .M \"x\"}}]", output: "[]", data: {"M": {"$map": "string:string", "entries": []}} },
  { name: "index bool map", input: "{{index .M \"x\"}}", output: "false", data: {"M": {"$map": "string:bool", "entries": []}} },
  { name: "len unicode", input: "{{len \"日本\"}} {{len \"😀\"}}", output: "6 4", data: null },
  { name: "slice unicode", input: "{{slice \"héllo\" 1 3}}|{{slice \"日本\" 0 3}}", output: "é|日", data: null },
  { name: "slice string 1 index", input: "{{slice \"hello\" 5}}|{{slice \"hello\" 0 0}}|", output: "||", data: null },
  { name: "print of byte index", input: "{{printf \"%T %v %c\" (index \"abc\" 0) (index \"abc\" 0) (index \"abc\" 0)}}", output: "uint8 97 a", data: null },
  { name: "println nothing", input: "{{println}}|", output: "\n|", data: null },
  { name: "print nothing", input: "{{print}}|", output: "|", data: null },
  { name: "printf only", input: "{{printf \"x\"}}", output: "x", data: null },
  { name: "printf percent v nil", input: "{{printf \"%v %d %s\" nil nil nil}}", output: "<nil> %!d(<nil>) %!s(<nil>)", data: null },
];

const Builtins = suite('builtins');
addRows(Builtins, rows, DATA);
addRows(Builtins, edgeRows, DATA);
Builtins.run();

// ---

const Overrides = suite('FuncMap overrides builtins');

/** A user `and` taking reflect.Value args, returning its first argument: not short-circuited (Go ≥ 1.18 only short-circuits the builtin). */
const firstArg: GoFunc = { params: [REFLECT_VALUE], variadic: REFLECT_VALUE, results: [REFLECT_VALUE], impl: (a: GoValue) => a };

Overrides('a FuncMap function replaces the builtin of the same name', () => {
  const len: GoFunc = { params: [T.any], results: [T.string], impl: () => 'mine' };
  assert.is(parse('{{len "abc"}}', { funcs: { len } }).execute(null), 'mine');
  assert.is(parse('{{len "abc"}}').execute(null), '3');
});

Overrides('later FuncMaps override earlier ones', () => {
  const a: FuncMap = { f: { params: [], results: [T.string], impl: () => 'a' } };
  const b: FuncMap = { f: { params: [], results: [T.string], impl: () => 'b' } };
  assert.is(parse('{{f}}', { funcs: [a, b] }).execute(null), 'b');
  assert.is(parse('{{f}}', { funcs: [b, a] }).execute(null), 'a');
});

Overrides('a user-defined and/or is not short-circuited', () => {
  // The builtin stops at the first falsy argument and never evaluates the failing index.
  assert.is(parse('{{and 0 (index .L 5)}}').execute({ L: [] }), '0');
  assert.throws(() => parse('{{and 0 (index .L 5)}}', { funcs: { and: firstArg } }).execute({ L: [] }), /index out of range/);
});

Overrides('a function named break makes break an identifier', () => {
  const brk: GoFunc = { params: [], results: [T.string], impl: () => 'B' };
  assert.is(parse('{{break}}', { funcs: { break: brk } }).execute(null), 'B');
  assert.throws(() => parse('{{break}}'), /outside \{\{range\}\}/);
});

Overrides('builtins is the documented set', () => {
  assert.equal(Object.keys(builtins).sort(), [
    'and', 'call', 'eq', 'ge', 'gt', 'html', 'index', 'js', 'le', 'len', 'lt', 'ne', 'not', 'or', 'print', 'printf',
    'println', 'slice', 'urlquery',
  ]);
});

Overrides.run();
