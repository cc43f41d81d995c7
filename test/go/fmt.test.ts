/**
 * fmt: expected values are Go 1.19's output, obtained from the reference renderer (`{{printf .F .A0 …}}` and
 * `{{print …}}` over the typed data below) and, for values JSON cannot carry (NaN, ±Inf, −0, panicking or nil
 * receivers), from a Go program calling fmt directly. Recorded here as literals.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { formatValue, sprint, sprintf, sprintln, typeName } from '../../src/go/fmt.ts';
import { T, TC, mapOf, named, ptrTo, sliceOf, structOf, type GoField, type GoMethod, type GoType } from '../../src/go/types.ts';
import { GoError, GoValue, INVALID, NIL, go } from '../../src/go/value.ts';

// --- typed test data, decoded as the reference renderer decodes it (cases.json "dataEncoding") ---

const SCALARS: Record<string, GoType> = {
  $int: T.int, $int8: T.int8, $int16: T.int16, $int32: T.int32, $int64: T.int64, $uint: T.uint, $uint8: T.uint8,
  $uint16: T.uint16, $uint32: T.uint32, $uint64: T.uint64, $float32: T.float32, $float64: T.float64, $float: T.float64,
};
const TYPE_NAMES: Record<string, GoType> = {
  int: T.int, int8: T.int8, int32: T.int32, int64: T.int64, uint: T.uint, uint8: T.uint8, uint32: T.uint32,
  uint64: T.uint64, float64: T.float64, string: T.string, bool: T.bool, any: T.any,
};

function method(impl: (recv: never) => unknown, ptr = false): GoMethod {
  return { params: [], results: [T.string], ptr, impl };
}

const enumNames = new Map<number, string>();
const ProtoEnum = named('main.ProtoEnum', T.int32, {
  methods: { String: method((n: number) => enumNames.get(n) ?? String(n)) },
});
const StringerT = named('main.Stringer', 'struct', {
  fields: [{ name: 's', type: T.string }],
  methods: { String: method((r: { s: string }) => r.s) },
});
const BoolValueT = named('main.BoolValue', 'struct', {
  fields: [{ name: 'Value', type: T.bool }],
  methods: { GetValue: { params: [], results: [T.bool], ptr: true, impl: (r: { Value: boolean } | null) => r?.Value ?? false } },
});

/** The rep of v stored in a slot of type t (interface slots keep the typed value). */
function conv(v: GoValue, t: GoType): unknown {
  if (t.kind === 'iface') return v.t.kind === 'iface' ? v.v : v;
  if (t.kind === 'int' || t.kind === 'uint') return Math.trunc(v.v as number);
  return v.v;
}

function decode(raw: unknown): GoValue {
  if (raw === null) return NIL;
  if (typeof raw === 'boolean') return go.bool(raw);
  if (typeof raw === 'string') return go.string(raw);
  if (typeof raw === 'number') return go.float64(raw);
  if (Array.isArray(raw)) return new GoValue(TC.sliceAny, raw.map((e) => conv(decode(e), T.any)));
  const o = raw as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    const v = o[k];
    const scalar = SCALARS[k];
    if (scalar) return new GoValue(scalar, scalar === T.float32 ? Math.fround(v as number) : (v as number));
    switch (k) {
      case '$slice': {
        const et = TYPE_NAMES[v as string] as GoType;
        const st = sliceOf(et);
        if (o['nil'] === true) return new GoValue(st, null);
        return new GoValue(st, (o['items'] as unknown[]).map((e) => conv(decode(e), et)));
      }
      case '$map': {
        const [kn, vn] = (v as string).split(':') as [string, string];
        const kt = TYPE_NAMES[kn] as GoType;
        const vt = TYPE_NAMES[vn] as GoType;
        const mt = mapOf(kt, vt);
        if (o['nil'] === true) return new GoValue(mt, null);
        const m = new Map<unknown, unknown>();
        for (const [ek, ev] of o['entries'] as [unknown, unknown][]) m.set(conv(decode(ek), kt), conv(decode(ev), vt));
        return new GoValue(mt, m);
      }
      case '$struct': {
        const fields: GoField[] = [];
        const rep: Record<string, unknown> = {};
        for (const [name, value, tn] of v as [string, unknown, string?][]) {
          const dv = decode(value);
          const ft = tn ? (TYPE_NAMES[tn] as GoType) : dv === NIL ? T.any : dv.t;
          fields.push({ name, type: ft });
          rep[name] = conv(dv, ft);
        }
        return new GoValue(structOf(fields), rep);
      }
      case '$ptr': {
        const d = decode(v);
        return new GoValue(ptrTo(d.t), d.v);
      }
      case '$nilptr':
        return new GoValue(ptrTo(TYPE_NAMES[v as string] as GoType), null);
      case '$stringer':
        return new GoValue(StringerT, { s: v });
      case '$enum':
        enumNames.set(o['value'] as number, v as string);
        return new GoValue(ProtoEnum, o['value']);
      case '$boolValue':
        return new GoValue(ptrTo(BoolValueT), v === null ? null : { Value: v });
    }
  }
  const m: Record<string, unknown> = {};
  for (const k of Object.keys(o)) m[k] = conv(decode(o[k]), T.any);
  return new GoValue(TC.mapStringAny, m);
}

/** [format, operands (typed JSON), Go output] */
const PRINTF: [string, unknown[], string][] = [
  ["%d", [{"$int":42}], "42"],
  ["%5d|%-5d|%05d", [{"$int":42},{"$int":42},{"$int":-42}], "   42|42   |-0042"],
  ["%+d % d %x %X %o %O %b", [{"$int":42},{"$int":42},{"$int":255},{"$int":255},{"$int":8},{"$int":8},{"$int":5}], "+42  42 ff FF 10 0o10 101"],
  ["%#x %#o %#b %#X", [{"$int":255},{"$int":8},{"$int":5},{"$int":255}], "0xff 010 0b101 0XFF"],
  ["%.3d|%8.3d|%-8.3d|%08.3d", [{"$int":7},{"$int":7},{"$int":7},{"$int":7}], "007|     007|007     |     007"],
  ["%.0d|%5.0d|", [{"$int":0},{"$int":0}], "|     |"],
  ["%c %q %U %#U", [{"$int":9786},{"$int":9786},{"$int":9786},{"$int":9786}], "\u263a '\u263a' U+263A U+263A '\u263a'"],
  ["%c|%q|%U", [{"$int":-1},{"$int":1114112},{"$int":-1}], "\ufffd|'\ufffd'|U+FFFFFFFFFFFFFFFF"],
  ["%q", [{"$int":10}], "'\\n'"],
  ["%d", [15020], "%!d(float64=15020)"],
  ["%v", [15020], "15020"],
  ["%v %v %v", [1000000,0.5,1e+21], "1e+06 0.5 1e+21"],
  ["%f|%.2f|%8.3f|%-8.2f|%08.2f", [1.5,1.005,3.141592653589793,2.5,-2.5], "1.500000|1.00|   3.142|2.50    |-0002.50"],
  ["%e|%E|%.2e|%g|%G|%.3g", [123456.789,123456.789,123456.789,123456.789,1e-7,123456.789], "1.234568e+05|1.234568E+05|1.23e+05|123456.789|1E-07|1.23e+05"],
  ["%+f|% f|%+.1e", [1.5,1.5,-1.5], "+1.500000| 1.500000|-1.5e+00"],
  ["%#g|%#.3g|%#e|%#f|%#.0f|%#v", [1,1,1,1,2,1], "1.00000|1.00|1.000000e+00|1.000000|2.|1"],
  ["%x|%X|%.3x|%b", [1.5,-1.5,1,1], "0x1.8p+00|-0X1.8P+00|0x1.000p+00|4503599627370496p-52"],
  ["%F", [3], "3.000000"],
  ["%v|%f|%5.1f|%08.3f", [{"$float32":0.1},{"$float32":0.1},{"$float32":2.25},{"$float32":-1.5}], "0.1|0.100000|  2.2|-001.500"],
  ["%v %v", [{"$float64":0},{"$float64":1e-320}], "0 1e-320"],
  ["%s|%10s|%-10s|%.2s|%5.1s|", ["hello","héllo","hé","héllo","héllo"], "hello|     h\u00e9llo|h\u00e9        |h\u00e9|    h|"],
  ["%q|%+q|%#q|%#q", ["a\"b\n","héllo","ab","a`b"], "\"a\\\"b\\n\"|\"h\\u00e9llo\"|`ab`|\"a`b\""],
  ["%x|%X|% x|%#x|%# x|%.2x|%8x", ["hi","hi","hi","hi","hi","hello","hi"], "6869|6869|68 69|0x6869|0x68 0x69|6865|    6869"],
  ["%x", ["é"], "c3a9"],
  ["%x|%10x|", ["",""], "|          |"],
  ["%t|%v|%5t|%-6t|", [true,false,true,false], "true|false| true|false |"],
  ["%s", [true], "%!s(bool=true)"],
  ["%d", ["str"], "%!d(string=str)"],
  ["%d", [true], "%!d(bool=true)"],
  ["%s", [{"$int":1}], "%!s(int=1)"],
  ["%t", [{"$int":1}], "%!t(int=1)"],
  ["%d", [], "%!d(MISSING)"],
  ["%d %d", [{"$int":1}], "1 %!d(MISSING)"],
  ["%d", [{"$int":1},{"$int":2}], "1%!(EXTRA int=2)"],
  ["%d", [{"$int":1},{"$int":2},"x",null], "1%!(EXTRA int=2, string=x, <nil>)"],
  ["%", [{"$int":1}], "%!(NOVERB)%!(EXTRA int=1)"],
  ["abc%", [], "abc%!(NOVERB)"],
  ["%!", [{"$int":1}], "%!!(int=1)"],
  ["%z", [{"$int":1}], "%!z(int=1)"],
  ["%*d", [{"$int":5},{"$int":42}], "   42"],
  ["%-*d|", [{"$int":5},{"$int":42}], "42   |"],
  ["%*d", [{"$int":-5},{"$int":42}], "42   "],
  ["%*d", [5,{"$int":42}], "%!(BADWIDTH)42"],
  ["%.*f", [{"$int":2},3.141592653589793], "3.14"],
  ["%.*f", [{"$int":-2},3.141592653589793], "%!(BADPREC)3.141593"],
  ["%.*f", ["x",3.141592653589793], "%!(BADPREC)3.141593"],
  ["%*d", [{"$int":10000000},{"$int":1}], "%!(BADWIDTH)1"],
  ["%[2]d %[1]d", [{"$int":1},{"$int":2}], "2 1"],
  ["%[3]d", [{"$int":1},{"$int":2}], "%!d(BADINDEX)"],
  ["%[0]d", [{"$int":1}], "%!d(BADINDEX)"],
  ["%[x]d", [{"$int":1}], "%!d(BADINDEX)"],
  ["%[1]*d", [{"$int":3},{"$int":4}], "  4"],
  ["%d %[1]d %d", [{"$int":1},{"$int":2}], "1 1 2"],
  ["%[2]*[1]d", [{"$int":12},{"$int":5}], "   12"],
  ["%.[2]d", [{"$int":12},{"$int":5}], "5"],
  ["%[1]2d", [{"$int":1}], "%!d(BADINDEX)"],
  ["%%|%5%|%-5%|", [], "%|%|%|"],
  ["%v %v", [null,null], "<nil> <nil>"],
  ["%s", [null], "%!s(<nil>)"],
  ["%T %T %T %T %T", [{"$int":1},1.5,"x",null,true], "int float64 string <nil> bool"],
  ["%T|%T|%T", [{"$slice":"int","items":[1,2]},{"$map":"string:int","entries":[["a",1]]},{"a":1}], "[]int|map[string]int|map[string]interface {}"],
  ["%T|%T", [[1,"a"],{"$ptr":{"$struct":[["A",{"$int":1}]]}}], "[]interface {}|*struct { A int }"],
  ["%v|%d|%s", [{"$slice":"int","items":[1,2,3]},{"$slice":"int","items":[1,2,3]},{"$slice":"int","items":[1,2]}], "[1 2 3]|[1 2 3]|[%!s(int=1) %!s(int=2)]"],
  ["%v|%s|%q|%x|%d", [{"$slice":"string","items":["a","b c"]},{"$slice":"string","items":["a","b"]},{"$slice":"string","items":["a","b"]},{"$slice":"string","items":["hi","yo"]},{"$slice":"string","items":["a"]}], "[a b c]|[a b]|[\"a\" \"b\"]|[6869 796f]|[%!d(string=a)]"],
  ["%v|%v", [{"$slice":"int","items":[],"nil":true},{"$slice":"int","items":[]}], "[]|[]"],
  ["%v", [[1,"a",null,true,[2.5]]], "[1 a <nil> true [2.5]]"],
  ["%v|%d", [{"$map":"string:int","entries":[["b",2],["a",1],["c",3]]},{"$map":"string:int","entries":[["b",2],["a",1]]}], "map[a:1 b:2 c:3]|map[%!d(string=a):1 %!d(string=b):2]"],
  ["%v", [{"$map":"int:string","entries":[[10,"x"],[2,"y"],[-1,"z"]]}], "map[-1:z 2:y 10:x]"],
  ["%v|%v", [{"$map":"string:int","entries":[],"nil":true},{"$map":"string:int","entries":[]}], "map[]|map[]"],
  ["%v", [{"b":1,"a":"x","c":null,"d":[1,2],"e":{"f":1000000}}], "map[a:x b:1 c:<nil> d:[1 2] e:map[f:1e+06]]"],
  ["%q", [{"$map":"string:string","entries":[["k","v"]]}], "map[\"k\":\"v\"]"],
  ["%v|%+v", [{"$struct":[["A",{"$int":1}],["B","x"],["C",null],["D",1.5]]},{"$struct":[["A",{"$int":1}],["B","x"],["C",null],["D",1.5]]}], "{1 x <nil> 1.5}|{A:1 B:x C:<nil> D:1.5}"],
  ["%v|%+v|%s|%d", [{"$struct":[["N",{"$struct":[["X",{"$int":1}]]}],["S",{"$slice":"string","items":["a"]}]]},{"$struct":[["N",{"$struct":[["X",{"$int":1}]]}]]},{"$struct":[["A","x"],["B",{"$int":1}]]},{"$struct":[["A","x"],["B",{"$int":1}]]}], "{{1} [a]}|{N:{X:1}}|{x %!s(int=1)}|{%!d(string=x) 1}"],
  ["%v|%+v", [{"$ptr":{"$struct":[["A",{"$int":1}]]}},{"$ptr":{"$struct":[["A",{"$int":1}]]}}], "&{1}|&{A:1}"],
  ["%v|%v", [{"$ptr":{"$slice":"int","items":[1]}},{"$ptr":{"$map":"string:int","entries":[["a",1]]}}], "&[1]|&map[a:1]"],
  ["%v|%d|%s|%x", [{"$nilptr":"int"},{"$nilptr":"int"},{"$nilptr":"int"},{"$nilptr":"int"}], "<nil>|0|%!s(*int=<nil>)|0"],
  ["%v|%s|%d|%q|%x|%t", [{"$enum":"REDIRECT","value":0},{"$enum":"REDIRECT","value":0},{"$enum":"TPROXY","value":1},{"$enum":"TPROXY","value":1},{"$enum":"AB","value":3},{"$enum":"AB","value":3}], "REDIRECT|REDIRECT|1|\"TPROXY\"|4142|%!t(main.ProtoEnum=3)"],
  ["%v|%10v|%-10s|", [{"$stringer":"str"},{"$stringer":"str"},{"$stringer":"str"}], "str|       str|str       |"],
  ["%d", [{"$stringer":"str"}], "{%!d(string=str)}"],
  ["%v|%v", [{"$slice":"any","items":[{"$enum":"X","value":5},{"$stringer":"y"}]},{"$struct":[["E",{"$enum":"Q","value":7}],["S",{"$stringer":"z"}]]}], "[X y]|{Q z}"],
  ["%v|%s|%d", [{"$boolValue":true},{"$boolValue":null},{"$boolValue":null}], "&{true}|%!s(*main.BoolValue=<nil>)|0"],
  ["%v|%x|%X|%s|%q", [{"$slice":"uint8","items":[104,105]},{"$slice":"uint8","items":[104,105]},{"$slice":"uint8","items":[255]},{"$slice":"uint8","items":[104,105]},{"$slice":"uint8","items":[104,105]}], "[104 105]|6869|FF|hi|\"hi\""],
  ["%v|%v|%v|%v", [{"$int8":-5},{"$uint16":65535},{"$int64":-9007199254740991},{"$uint64":12345}], "-5|65535|-9007199254740991|12345"],
  ["%x|%X|%o|%b|%c", [{"$int":-255},{"$uint":255},{"$int":-8},{"$int":-5},{"$int":65}], "-ff|FF|-10|-101|A"],
  ["%6.2f|%-6.2f|%+06.2f|% 6.2f|%06.2f", [3.14159,3.14159,3.14159,3.14159,-3.14159], "  3.14|3.14  |+03.14|  3.14|-03.14"],
  ["%06v|%-06v|%06s", [{"$int":42},{"$int":42},"ab"], "000042|42    |0000ab"],
  ["%5v|%-5v|%05v|", ["ab",1.5,1.5], "   ab|1.5  |001.5|"],
  ["%.2f|%.1f|%.0f|%.0f|%.0f|%.2f", [0.125,0.25,0.5,1.5,2.5,0.375], "0.12|0.2|0|2|2|0.38"],
  ["%5.2v|%.3v|%.10v", [3.141592653589793,1234.5678,0.3333333333333333], "  3.1|1.23e+03|0.3333333333"],
  ["%8.3v|%-8q|%08q|", ["abcdef","é","x"], "     abc|\"\u00e9\"     |00000\"x\"|"],
  ["%x|%X|% X", [-1,255,"AB"], "-0x1p+00|0X1.FEP+07|41 42"],
  ["%v|%s|%v", ["a\tb","multi\nline","é"], "a\tb|multi\nline|\u00e9"],
  ["%+v|%#v", ["x","x"], "x|\"x\""],
  ["%5c|%-5c|", [{"$int":97},{"$int":97}], "    a|a    |"],
  ["%#v|%#v|%#v|%#v", [{"$int":1},"a",1.5,true], "1|\"a\"|1.5|true"],
  ["%#v|%#v", [{"$uint":10},{"$slice":"int","items":[1,2]}], "0xa|[]int{1, 2}"],
  ["%#v|%#v", [{"$slice":"int","items":[],"nil":true},{"$map":"string:int","entries":[["a",1]]}], "[]int(nil)|map[string]int{\"a\":1}"],
  ["%#v|%#v", [{"$struct":[["A",{"$int":1}],["B","x"]]},[1,"a",null]], "struct { A int; B string }{A:1, B:\"x\"}|[]interface {}{1, \"a\", interface {}(nil)}"],
  ["%#v", [{"$nilptr":"int"}], "(*int)(nil)"],
  ["%#v|%#v", [{"$map":"string:int","entries":[],"nil":true},null], "map[string]int(nil)|<nil>"],
  ["%v", [{"$int32":7}], "7"],
  ["%d|%s", [[1.5,2],[1.5,"a"]], "[%!d(float64=1.5) %!d(float64=2)]|[%!s(float64=1.5) a]"],
  ["%s|%d", [{"x":1},{"x":"y"}], "map[x:%!s(float64=1)]|map[%!d(string=x):%!d(string=y)]"],
  ["%.1s|%.0s|%.5s", ["abc","abc","ab"], "a||ab"],
  ["%-8.3f|", [-0.0005], "-0.001  |"],
  ["%3d|%-3d|", [{"$int":12345},{"$int":12345}], "12345|12345|"],
  ["%U|%#U|%#U|%.6U", [{"$int":128512},{"$int":65},{"$int":127},{"$int":65}], "U+1F600|U+0041 'A'|U+007F|U+000041"],
  ["%q|%+q|%#q", [{"$int":128512},{"$int":128512},{"$int":65}], "'\ud83d\ude00'|'\\U0001f600'|'A'"],
  ["%v", [{"$struct":[["P",{"$nilptr":"int"}],["M",{"$map":"string:int","entries":[],"nil":true}],["L",{"$slice":"int","items":[],"nil":true}]]}], "{<nil> map[] []}"],
  ["%+v", [{"$struct":[]}], "{}"],
  ["%v|%v", [{"$slice":"any","items":[]},{"$map":"string:any","entries":[["a",null]]}], "[]|map[a:<nil>]"],
  ["%d", [{"$ptr":{"$struct":[["A",{"$int":1}]]}}], "&{1}"],
  ["%s", [{"$ptr":{"$struct":[["A","x"]]}}], "&{x}"],
];
/** [operands, Sprint output, Sprintln output] */
const PRINT: [unknown[], string, string][] = [
  [[{"$int":1},{"$int":2}], "1 2", "1 2\n"],
  [["a","b"], "ab", "a b\n"],
  [["a",{"$int":1}], "a1", "a 1\n"],
  [[{"$int":1},"a"], "1a", "1 a\n"],
  [["a\tb","c\td"], "a\tbc\td", "a\tb c\td\n"],
  [[{"$int":1},{"$int":2},"x",{"$int":3},{"$int":4}], "1 2x3 4", "1 2 x 3 4\n"],
  [[null,null], "<nil> <nil>", "<nil> <nil>\n"],
  [[1.5,true], "1.5 true", "1.5 true\n"],
  [[{"$enum":"X","value":1},{"$enum":"Y","value":2}], "X Y", "X Y\n"],
  [[{"$stringer":"s"},{"$stringer":"t"}], "s t", "s t\n"],
  [[], "", "\n"],
  [[{"$slice":"string","items":["a"]},"b"], "[a]b", "[a] b\n"],
  [[1000000,123456789], "1e+06 1.23456789e+08", "1e+06 1.23456789e+08\n"],
  [[null,"a",null], "<nil>a<nil>", "<nil> a <nil>\n"],
];
const SPECIAL_FLOATS: [string, number, string][] = [
  ["%v|%5v|%05v|%+v|% v|%f|%.2e|%g|%x", NaN, "NaN|  NaN|  NaN|NaN| NaN|NaN|NaN|NaN|NaN"],
  ["%v|%5v|%05v|%+v|% v|%f|%-6v|%x", Infinity, "+Inf| +Inf| +Inf|+Inf| Inf|+Inf|+Inf  |+Inf"],
  ["%v|%5v|%05v|%+v|% v|%e", -Infinity, "-Inf| -Inf| -Inf|-Inf|-Inf|-Inf"],
  ["%v|%f|%.1e|%+v|%05.1f|%x|%b", -0, "-0|-0.000000|-0.0e+00|-0|-00.0|-0x0p+00|-0p-1074"],
];

// ---

const Printf = suite('fmt.Sprintf');

Printf('reference renderer table', () => {
  for (const [format, operands, want] of PRINTF) {
    assert.is(sprintf(format, operands.map(decode)), want, `Sprintf(${JSON.stringify(format)}, ${JSON.stringify(operands)})`);
  }
});

Printf('NaN, ±Inf and -0', () => {
  for (const [format, value, want] of SPECIAL_FLOATS) {
    const n = format.split('%').length - 1;
    assert.is(sprintf(format, Array.from({ length: n }, () => go.float64(value))), want, format);
  }
});

Printf('non-nil pointers print a fixed fake address', () => {
  assert.is(sprintf('%v|%p', [new GoValue(ptrTo(T.int), 3), new GoValue(ptrTo(T.int), 3)]), '0xc000010000|0xc000010000');
  assert.is(sprintf('%v', [new GoValue(structOf([{ name: 'P', type: ptrTo(T.int) }]), { P: 5 })]), '{0xc000010000}');
  assert.is(sprintf('%p', [new GoValue(ptrTo(T.int), null)]), '0x0');
});

Printf.run();

// ---

const Print = suite('fmt.Sprint and Sprintln');

Print('reference renderer table', () => {
  for (const [operands, want, wantln] of PRINT) {
    assert.is(sprint(operands.map(decode)), want, `Sprint(${JSON.stringify(operands)})`);
    assert.is(sprintln(operands.map(decode)), wantln, `Sprintln(${JSON.stringify(operands)})`);
  }
});

Print('the invalid value is a nil operand', () => {
  assert.is(sprint([INVALID]), '<nil>');
  assert.is(sprintf('%d', [INVALID]), '%!d(<nil>)');
});

Print.run();

// ---

const Methods = suite('fmt Stringer and error');

const PanicS = named('main.PanicS', 'struct', {
  fields: [{ name: 'A', type: T.int }],
  methods: {
    String: method(() => {
      throw new GoError('boom');
    }),
  },
});
const NilSafe = named('main.NilSafe', 'struct', {
  fields: [{ name: 'A', type: T.int }],
  methods: { String: method((r: unknown) => (r === null ? 'nilV' : 'V'), true) },
});
const ValRecv = named('main.ValRecv', 'struct', { fields: [{ name: 'A', type: T.int }], methods: { String: method(() => 'val') } });
const ErrT = named('main.ErrT', 'struct', {
  fields: [{ name: 'Msg', type: T.string }],
  methods: { Error: method((r: { Msg: string }) => 'err:' + r.Msg), String: method((r: { Msg: string }) => 'str:' + r.Msg) },
});
const PtrOnly = named('main.PtrOnly', 'struct', { fields: [{ name: 'A', type: T.int }], methods: { String: method(() => 'ptr', true) } });

// Go: the `specials()` program in the report; each line is one fmt call.
Methods('as Go prints them', () => {
  const p = new GoValue(PanicS, { A: 1 });
  assert.is(sprintf('%v|%s|%d|%+v', [p, p, p, p]), '%!v(PANIC=String method: boom)|%!s(PANIC=String method: boom)|{1}|%!v(PANIC=String method: boom)');
  const ns = new GoValue(ptrTo(NilSafe), null);
  assert.is(sprintf('%v|%s|%d|%10v|', [ns, ns, ns, ns]), 'nilV|nilV|0|      nilV|');
  const vr = new GoValue(ptrTo(ValRecv), null);
  assert.is(sprintf('%v|%s|%d', [vr, vr, vr]), '<nil>|<nil>|0');
  assert.is(
    sprintf('%v|%v|%s', [new GoValue(ptrTo(ValRecv), { A: 1 }), new GoValue(ValRecv, { A: 2 }), new GoValue(sliceOf(ValRecv), [{ A: 3 }])]),
    'val|val|[val]',
  );
  const e = new GoValue(ErrT, { Msg: 'x' });
  assert.is(sprintf('%v|%s|%q', [e, e, e]), 'err:x|err:x|"err:x"');
  assert.is(
    sprintf('%v|%v|%v', [new GoValue(PtrOnly, { A: 1 }), new GoValue(ptrTo(PtrOnly), { A: 1 }), new GoValue(sliceOf(ptrTo(PtrOnly)), [{ A: 2 }, null])]),
    '{1}|ptr|[ptr ptr]',
  );
  assert.is(sprintf('%v', [new GoValue(sliceOf(ptrTo(NilSafe)), [null])]), '[nilV]');
  assert.is(sprintf('%v', [new GoValue(mapOf(T.string, ptrTo(ValRecv)), { a: null })]), 'map[a:<nil>]');
  assert.is(sprintf('%x|%X', [p, new GoValue(ValRecv, { A: 1 })]), '%!x(PANIC=String method: boom)|76616C');
  assert.is(sprint([p, go.string('a'), p]), '%!v(PANIC=String method: boom)a%!v(PANIC=String method: boom)');
});

Methods.run();

// ---

const Value = suite('fmt formatValue and typeName');

Value('formatValue', () => {
  assert.is(formatValue(INVALID), '<invalid reflect.Value>');
  assert.is(formatValue(NIL), '<nil>');
  assert.is(formatValue(go.float64(1e6)), '1e+06');
  assert.is(formatValue(go.float64(15020), 'd'), '%!d(float64=15020)');
  const s = decode({ $struct: [['A', { $int: 1 }], ['B', 'x']] });
  assert.is(formatValue(s), '{1 x}');
  assert.is(formatValue(s, '+v'), '{A:1 B:x}');
  assert.is(formatValue(s, '#v'), 'struct { A int; B string }{A:1, B:"x"}');
  assert.is(formatValue(decode({ $enum: 'REDIRECT', value: 0 }), 'd'), '0');
});

Value('typeName', () => {
  assert.is(typeName(decode({ a: 1 })), 'map[string]interface {}');
  assert.is(typeName(NIL), '<nil>');
  assert.is(typeName(go.int(1)), 'int');
});

Value.run();
