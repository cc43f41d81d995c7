/**
 * Calling FuncMap functions: Go's argument conversion against typed signatures (literals per parameter kind,
 * assignability of computed values, one dereference, invalid/nil values, variadics, the piped final argument),
 * arity errors, interface results. The functions mirror, signature for signature, the reference renderer's
 * "custom" set (../shared/tools/go-template-oracle/main.go istioFuncs), and every expected output was produced by it.
 */
import { suite } from 'uvu';
import { sprint } from '../../src/go/fmt.ts';
import { T, TC, type FuncMap, type GoFunc } from '../../src/go/types.ts';
import { GoValue, NIL, mapEntries, mapGet, mapHas } from '../../src/go/value.ts';
import { DATA, addRows, type Row } from '../support/template-table.ts';

function fn(params: GoFunc['params'], results: GoFunc['results'], impl: (...a: never[]) => unknown, variadic?: GoFunc['variadic']): GoFunc {
  return variadic === undefined ? { params, results, impl } : { params, results, impl, variadic };
}

/** The oracle's "custom" functions, with the same Go signatures. */
export const CUSTOM: FuncMap = {
  isset: fn([TC.mapStringString, T.string], [T.bool], (m: unknown, key: string) => mapHas(m, key)),
  valueOrDefault: fn([T.any, T.any], [T.any], (value: GoValue, def: GoValue) =>
    value === NIL || (value.t === T.string && value.v === '') ? def : value,
  ),
  contains: fn([T.string, T.string], [T.bool], (needle: string, haystack: string) => haystack.includes(needle)),
  toLower: fn([T.string], [T.string], (s: string) => s.toLowerCase()),
  indent: fn([T.int, T.string], [T.string], (spaces: number, source: string) =>
    source
      .split('\n')
      .map((line, i) => (i > 0 ? ' '.repeat(spaces) + line : line))
      .join('\n'),
  ),
  strdict: fn(
    [],
    [TC.mapStringString],
    (...kv: string[]) => {
      const d = new Map<string, string>();
      for (let i = 0; i < kv.length; i += 2) d.set(kv[i] as string, kv[i + 1] ?? '');
      return d;
    },
    T.string,
  ),
  annotation: fn([TC.mapStringAny, T.string, T.any], [T.string], (meta: unknown, name: string, def: GoValue) => {
    const a = mapGet(meta, 'Annotations');
    if (a instanceof GoValue && a.t === TC.mapStringString) {
      for (const [k, v] of mapEntries(a.v)) if (k === name) return v;
    }
    return sprint([def]);
  }),
  shout: fn([T.string], [T.string], (s: string) => s.toUpperCase() + '!'),
};

const rows: Row[] = [
  { name: "int param from int literal", input: "{{indent 2 \"a\\nb\"}}", output: "a\n  b" },
  { name: "int param from int field", input: "{{indent .C \"a\\nb\"}}", output: "a\n   b" },
  { name: "int param from uint field", input: "{{indent .U \"a\\nb\"}}", output: null },
  { name: "int param from float field", input: "{{indent .B \"a\\nb\"}}", output: null },
  { name: "int param from float literal", input: "{{indent 2.0 \"a\\nb\"}}", output: "a\n  b" },
  { name: "int param from non-integral float literal", input: "{{indent 1.5 \"x\"}}", output: null },
  { name: "int param from char literal", input: "{{indent ' ' \"a\\nb\"}}", output: "a\n                                b" },
  { name: "int param from string literal", input: "{{indent \"2\" \"x\"}}", output: null },
  { name: "int param from bool literal", input: "{{indent true \"x\"}}", output: null },
  { name: "int param from nil", input: "{{indent nil \"x\"}}", output: null },
  { name: "int param from missing", input: "{{indent .Missing \"x\"}}", output: null },
  { name: "int param from present null", input: "{{indent .N \"x\"}}", output: null },
  { name: "int param from pointer to int", input: "{{indent .PI \"a\\nb\"}}", output: "a\n                       b" },
  { name: "int param from nil pointer", input: "{{indent .K \"x\"}}", output: null },
  { name: "string param from int literal", input: "{{indent 1 2}}", output: null },
  { name: "string param from field", input: "{{indent 1 .A}}", output: "x" },
  { name: "string param from stringer", input: "{{indent 1 .Str}}", output: null },
  { name: "string param piped", input: "{{\"a\\nb\" | indent 3}}", output: "a\n   b" },
  { name: "int param piped wrong", input: "{{2 | indent \"x\"}}", output: null },
  { name: "wrong arg count", input: "{{indent 1}}", output: null },
  { name: "too many args", input: "{{indent 1 \"a\" \"b\"}}", output: null },
  { name: "piped too many", input: "{{\"b\" | indent 1 \"a\"}}", output: null },
  { name: "map param", input: "{{isset .W \"k\"}} {{isset .W \"z\"}}", output: "true false" },
  { name: "map param nil map", input: "{{isset .HN \"k\"}}", output: null },
  { name: "map param wrong map type", input: "{{isset .H \"one\"}}", output: null },
  { name: "map param from map any", input: "{{isset .M \"b\"}}", output: null },
  { name: "map param from missing", input: "{{isset .Missing \"k\"}}", output: "false" },
  { name: "map param from nil literal", input: "{{isset nil \"k\"}}", output: "false" },
  { name: "map param from present null", input: "{{isset .N \"k\"}}", output: null },
  { name: "map param from string", input: "{{isset .A \"k\"}}", output: null },
  { name: "map result printed", input: "{{strdict \"b\" \"2\" \"a\"}} {{len (strdict \"x\" \"y\")}} {{index (strdict \"x\" \"y\") \"x\"}}", output: "map[a: b:2] 1 y" },
  { name: "variadic string from mixed", input: "{{strdict \"a\" 1}}", output: null },
  { name: "variadic none", input: "{{strdict}}", output: "map[]" },
  { name: "variadic piped", input: "{{\"v\" | strdict \"k\"}}", output: "map[k:v]" },
  { name: "variadic piped wrong type", input: "{{1 | strdict \"k\"}}", output: null },
  { name: "any params", input: "{{valueOrDefault .Missing \"d\"}} {{valueOrDefault \"\" \"d\"}} {{valueOrDefault 0 \"d\"}} {{valueOrDefault .N \"d\"}} {{valueOrDefault nil 5}} {{valueOrDefault .K \"d\"}}", output: "d d 0 d 5 <nil>" },
  { name: "any result types", input: "{{printf \"%T %T %T\" (valueOrDefault 1 0) (valueOrDefault 1.5 0) (valueOrDefault .C 0)}}", output: "int float64 int" },
  { name: "any result nil", input: "{{valueOrDefault nil nil}}|{{printf \"%v\" (valueOrDefault nil nil)}}", output: "<no value>|<nil>" },
  { name: "any param literal kinds", input: "{{printf \"%T %T %T %T\" (valueOrDefault 'a' 0) (valueOrDefault 0x10 0) (valueOrDefault 1e2 0) (valueOrDefault 2i 0)}}", output: "int int float64 complex128" },
  { name: "any result chain field", input: "{{(valueOrDefault .J 0).V}} {{(valueOrDefault .M 0).b}}", output: "pv 2" },
  { name: "string func", input: "{{toLower \"AbC\"}} {{shout .A}} {{contains \"b\" \"abc\"}}", output: "abc X! true" },
  { name: "string func wrong", input: "{{toLower .C}}", output: null },
  { name: "string func enum", input: "{{toLower .Enum}}", output: null },
  { name: "bool result truth", input: "{{if contains \"z\" \"abc\"}}y{{else}}n{{end}}", output: "n" },
  { name: "annotation any map", input: "{{annotation .M \"x\" .Enum}} {{annotation .M \"x\" nil}} {{annotation .M \"x\" 15020.0}} {{annotation .M \"x\" .B}}", output: "TPROXY <nil> 15020 1.5" },
  { name: "function as argument", input: "{{len toLower}}", output: null },
  { name: "custom and override off", input: "{{and 0 .Missing.X}}", output: "0" },
];

const Funcs = suite('funcmap calls');
addRows(Funcs, rows, DATA, [CUSTOM]);
Funcs.run();
