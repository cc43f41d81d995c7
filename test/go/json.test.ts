/**
 * encoding/json: expected values are Go 1.19's encoding/json output, from a Go program marshalling the same values
 * (the Sample struct below is mirrored field for field, tags included) and recorded here as literals. One deliberate
 * difference: `\b` and `\f` are written as Go ≥ 1.22 does (the Go Istio is built with), see the test.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { base64Encode, formatJSONFloat, marshal, marshalIndent, marshalRaw, quoteJSON, unmarshalAny, valid } from '../../src/go/json.ts';
import { T, TC, arrayOf, funcOf, mapOf, named, ptrTo, sliceOf, structOf, type GoField, type GoMethod, type GoType } from '../../src/go/types.ts';
import { GoError, GoValue, INVALID, NIL, go } from '../../src/go/value.ts';

/** [input, Go json.Unmarshal into interface{} re-marshalled by Go (null on error), Go error] */
const UNMARSHAL: [string, string | null, string | null][] = [
  ["{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"e\"}}", "{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"e\"}}", null],
  [" [1, 2.5e3, -0, 1E-2, 0.1] ", "[1,2500,-0,0.01,0.1]", null],
  ["\"\\u00e9\\ud83d\\ude00\\ud800x\\/\\b\\f\\n\\r\\t\\\"\\\\\"", "\"\u00e9\ud83d\ude00\ufffdx/\\u0008\\u000c\\n\\r\\t\\\"\\\\\"", null],
  ["{\"a\":1,\"a\":2}", "{\"a\":2}", null],
  ["{\"__proto__\":{\"x\":1},\"constructor\":{\"prototype\":{\"y\":2}}}", "{\"__proto__\":{\"x\":1},\"constructor\":{\"prototype\":{\"y\":2}}}", null],
  ["123", "123", null],
  ["\"a\u2028\u00e9\ud83d\ude00\"", "\"a\\u2028\u00e9\ud83d\ude00\"", null],
  ["12345678901234567890", "12345678901234567000", null],
  ["1e400", null, "json: cannot unmarshal number 1e400 into Go value of type float64"],
  ["-1e400", null, "json: cannot unmarshal number -1e400 into Go value of type float64"],
  ["\"\\ud800\\u0041\"", "\"\ufffdA\"", null],
  ["\"\\udc00\"", "\"\ufffd\"", null],
  ["\"\\ud83d\\ude00\"", "\"\ud83d\ude00\"", null],
  ["[[[[]]]]", "[[[[]]]]", null],
  ["{\"\":\"\"}", "{\"\":\"\"}", null],
  ["", null, "unexpected end of JSON input"],
  [" ", null, "unexpected end of JSON input"],
  ["{", null, "unexpected end of JSON input"],
  ["[", null, "unexpected end of JSON input"],
  ["[1,]", null, "invalid character ']' looking for beginning of value"],
  ["{\"a\" 1}", null, "invalid character '1' after object key"],
  ["{\"a\":1,}", null, "invalid character '}' looking for beginning of object key string"],
  ["{\"a\":1 \"b\":2}", null, "invalid character '\"' after object key:value pair"],
  ["[1 2]", null, "invalid character '2' after array element"],
  ["01", null, "invalid character '1' after top-level value"],
  ["-", null, "invalid character ' ' in numeric literal"],
  ["-a", null, "invalid character 'a' in numeric literal"],
  ["1.", null, "invalid character ' ' after decimal point in numeric literal"],
  ["1.e5", null, "invalid character 'e' after decimal point in numeric literal"],
  ["1e", null, "invalid character ' ' in exponent of numeric literal"],
  ["1e+", null, "invalid character ' ' in exponent of numeric literal"],
  ["1ex", null, "invalid character 'x' in exponent of numeric literal"],
  ["tru", null, "invalid character ' ' in literal true (expecting 'e')"],
  ["trux", null, "invalid character 'x' in literal true (expecting 'e')"],
  ["nul", null, "invalid character ' ' in literal null (expecting 'l')"],
  ["nulL", null, "invalid character 'L' in literal null (expecting 'l')"],
  ["f", null, "invalid character ' ' in literal false (expecting 'a')"],
  ["falsy", null, "invalid character 'y' in literal false (expecting 'e')"],
  ["\"abc", null, "unexpected end of JSON input"],
  ["\"a\\qb\"", null, "invalid character 'q' in string escape code"],
  ["\"\\u12x4\"", null, "invalid character 'x' in \\u hexadecimal character escape"],
  ["\"a\tb\"", null, "invalid character '\\t' in string literal"],
  ["{1:2}", null, "invalid character '1' looking for beginning of object key string"],
  ["]", null, "invalid character ']' looking for beginning of value"],
  ["1 2", null, "invalid character '2' after top-level value"],
  ["\u00e9", null, "invalid character '\u00c3' looking for beginning of value"],
  ["'a'", null, "invalid character '\\'' looking for beginning of value"],
  ["{\"a\":1}}", null, "invalid character '}' after top-level value"],
  ["[1]]", null, "invalid character ']' after top-level value"],
  ["NaN", null, "invalid character 'N' looking for beginning of value"],
  ["Infinity", null, "invalid character 'I' looking for beginning of value"],
  ["+1", null, "invalid character '+' looking for beginning of value"],
  [".5", null, "invalid character '.' looking for beginning of value"],
  ["{\"a\":}", null, "invalid character '}' looking for beginning of value"],
  ["{\"a\"", null, "unexpected end of JSON input"],
  ["{\"a\":", null, "unexpected end of JSON input"],
  ["[1,", null, "unexpected end of JSON input"],
  ["\"\\", null, "invalid character ' ' in string escape code"],
  ["\"\\u12", null, "invalid character ' ' in \\u hexadecimal character escape"],
  ["{,}", null, "invalid character ',' looking for beginning of object key string"],
  ["[,1]", null, "invalid character ',' looking for beginning of value"],
  ["true false", null, "invalid character 'f' after top-level value"],
  ["{\"a\":1}x", null, "invalid character 'x' after top-level value"],
  ["\"\u0001\"", null, "invalid character '\\x01' in string literal"],
  ["-01", null, "invalid character '1' after top-level value"],
  ["2.", null, "invalid character ' ' after decimal point in numeric literal"],
  ["0x10", null, "invalid character 'x' after top-level value"],
  ["1e5.5", null, "invalid character '.' after top-level value"],
  ["{\"a\":[}", null, "invalid character '}' looking for beginning of value"],
];
/** Go output of the jsonSpecials() program, one entry per value (see the test). */
const SPECIALS: string[] = [
  "ERR json: unsupported value: NaN",
  "ERR json: unsupported value: +Inf",
  "ERR json: unsupported value: -Inf",
  "ERR json: unsupported value: +Inf",
  "ERR json: unsupported type: func()",
  "ERR json: unsupported type: map[bool]int",
  "ERR json: unsupported type: complex128",
  "ERR json: error calling MarshalJSON for type main.BadMJ: invalid character 'x' looking for beginning of object key string",
  "ERR json: error calling MarshalJSON for type main.ErrMJ: nope",
  "ERR json: unsupported type: chan int",
  "{\"z\":[1,2],\"h\":\"\\u003c\\u0026\\u003e\"}",
  "{\"m\":{\"z\":[1,2],\"h\":\"\\u003c\\u0026\\u003e\"},\"p\":{\"z\":[1,2],\"h\":\"\\u003c\\u0026\\u003e\"},\"pn\":null}",
  "\"x\"",
  "{\"k\":1}",
  "{\"a\":\"a\",\"A\":\"ea\",\"Y\":\"y2\",\"Z\":\"z2\"}",
  "{\"a\":\"\",\"A\":\"\",\"Y\":\"\",\"Z\":\"\",\"W\":\"w\"}",
  "[{\"A\":1},\"pmj\"]",
  "-0",
  "1e-7",
  "0.1",
  "1e+21",
  "123456790",
  "[1.5e-7,3.4e+38]",
  "\"\\u0008\\u000c\\u0000\\u001f\u007f\\u2028\\u003c\\u003e\\u0026'\\\"\\\\/\u00e9\ud83d\ude00\"",
  "\"\"",
  "\"AQ==\"",
  "\"AQI=\"",
  "\"AQID\"",
  "\"aGVsbG8gd29ybGQ=\"",
  "null",
  "{\"-1\":\"c\",\"10\":\"a\",\"2\":\"b\"}",
  "{\"200\":1,\"3\":2}",
  "[1,2]",
  "[]",
  "{}",
  "[{}]",
  "null",
  "{\"a\":[],\"b\":null,\"c\":{}}",
  "{\n>\t\"a\": [\n>\t\t1,\n>\t\t{},\n>\t\t[],\n>\t\t{\n>\t\t\t\"x\": \"y\"\n>\t\t}\n>\t],\n>\t\"b\": {\n>\t\t\"z\": [\n>\t\t\t1,\n>\t\t\t2\n>\t\t],\n>\t\t\"h\": \"\\u003c\\u0026\\u003e\"\n>\t}\n>}",
  "{\"h\":\"<&>\\u2028\",\"m\":{\"z\":[1,2],\"h\":\"<&>\"}}\n",
];
/** [Sample as JSON input (decoded by Go into the Sample struct), json.Marshal, json.MarshalIndent(v, "", "  ")] */
const SAMPLES: [string, string, string][] = [
  ["{}", "{\"name\":\"\",\"f\":0,\"f32\":0,\"p\":null,\"s\":null,\"m\":null,\"in\":{\"x\":0},\"ino\":{\"x\":0},\"bytes\":null,\"any\":null,\"e1\":\"\",\"NoTag\":\"\"}", "{\n  \"name\": \"\",\n  \"f\": 0,\n  \"f32\": 0,\n  \"p\": null,\n  \"s\": null,\n  \"m\": null,\n  \"in\": {\n    \"x\": 0\n  },\n  \"ino\": {\n    \"x\": 0\n  },\n  \"bytes\": null,\n  \"any\": null,\n  \"e1\": \"\",\n  \"NoTag\": \"\"\n}"],
  ["{\"name\":\"n<a>me\",\"opt\":\"o\",\"num\":3,\"f\":1000000,\"f32\":0.1,\"b\":true,\"p\":{\"x\":1,\"y\":\"y\"},\"po\":{\"x\":0},\"s\":[\"a\",\"b\"],\"so\":[],\"m\":{\"z\":\"1\",\"a\":\"2\"},\"mo\":{},\"in\":{\"x\":2},\"ino\":{\"x\":0},\"bytes\":\"aGk=\",\"any\":{\"k\":[1,\"x\",null,1e-7]},\"anyo\":0,\"intKeys\":{\"9\":\"b\",\"10\":\"a\"},\"e1\":\"e\",\"e2\":5,\"NoTag\":\"nt\"}", "{\"name\":\"n\\u003ca\\u003eme\",\"opt\":\"o\",\"num\":3,\"f\":1000000,\"f32\":0.1,\"b\":true,\"p\":{\"x\":1,\"y\":\"y\"},\"po\":{\"x\":0},\"s\":[\"a\",\"b\"],\"m\":{\"a\":\"2\",\"z\":\"1\"},\"in\":{\"x\":2},\"ino\":{\"x\":0},\"bytes\":\"aGk=\",\"any\":{\"k\":[1,\"x\",null,1e-7]},\"anyo\":0,\"intKeys\":{\"10\":\"a\",\"9\":\"b\"},\"e1\":\"e\",\"e2\":5,\"NoTag\":\"nt\"}", "{\n  \"name\": \"n\\u003ca\\u003eme\",\n  \"opt\": \"o\",\n  \"num\": 3,\n  \"f\": 1000000,\n  \"f32\": 0.1,\n  \"b\": true,\n  \"p\": {\n    \"x\": 1,\n    \"y\": \"y\"\n  },\n  \"po\": {\n    \"x\": 0\n  },\n  \"s\": [\n    \"a\",\n    \"b\"\n  ],\n  \"m\": {\n    \"a\": \"2\",\n    \"z\": \"1\"\n  },\n  \"in\": {\n    \"x\": 2\n  },\n  \"ino\": {\n    \"x\": 0\n  },\n  \"bytes\": \"aGk=\",\n  \"any\": {\n    \"k\": [\n      1,\n      \"x\",\n      null,\n      1e-7\n    ]\n  },\n  \"anyo\": 0,\n  \"intKeys\": {\n    \"10\": \"a\",\n    \"9\": \"b\"\n  },\n  \"e1\": \"e\",\n  \"e2\": 5,\n  \"NoTag\": \"nt\"\n}"],
  ["{\"f\":123456789,\"f32\":1e-7,\"s\":[],\"m\":{},\"any\":null,\"intKeys\":{}}", "{\"name\":\"\",\"f\":123456789,\"f32\":1e-7,\"p\":null,\"s\":[],\"m\":{},\"in\":{\"x\":0},\"ino\":{\"x\":0},\"bytes\":null,\"any\":null,\"e1\":\"\",\"NoTag\":\"\"}", "{\n  \"name\": \"\",\n  \"f\": 123456789,\n  \"f32\": 1e-7,\n  \"p\": null,\n  \"s\": [],\n  \"m\": {},\n  \"in\": {\n    \"x\": 0\n  },\n  \"ino\": {\n    \"x\": 0\n  },\n  \"bytes\": null,\n  \"any\": null,\n  \"e1\": \"\",\n  \"NoTag\": \"\"\n}"],
  ["{\"f\":1e+21,\"f32\":16777216,\"p\":{},\"bytes\":\"\",\"any\":\"str\",\"anyo\":null}", "{\"name\":\"\",\"f\":1e+21,\"f32\":16777216,\"p\":{\"x\":0},\"s\":null,\"m\":null,\"in\":{\"x\":0},\"ino\":{\"x\":0},\"bytes\":\"\",\"any\":\"str\",\"e1\":\"\",\"NoTag\":\"\"}", "{\n  \"name\": \"\",\n  \"f\": 1e+21,\n  \"f32\": 16777216,\n  \"p\": {\n    \"x\": 0\n  },\n  \"s\": null,\n  \"m\": null,\n  \"in\": {\n    \"x\": 0\n  },\n  \"ino\": {\n    \"x\": 0\n  },\n  \"bytes\": \"\",\n  \"any\": \"str\",\n  \"e1\": \"\",\n  \"NoTag\": \"\"\n}"],
];

// --- Go types mirrored from the Go program ---

const Inner = named('main.Inner', 'struct', {
  fields: [
    { name: 'X', type: T.int, json: 'x' },
    { name: 'Y', type: T.string, json: 'y', omitempty: true },
  ],
});
const Embedded = named('main.Embedded', 'struct', {
  fields: [
    { name: 'E1', type: T.string, json: 'e1' },
    { name: 'E2', type: T.int, json: 'e2', omitempty: true },
  ],
});
const Sample = named('main.Sample', 'struct', {
  fields: [
    { name: 'Name', type: T.string, json: 'name' },
    { name: 'Opt', type: T.string, json: 'opt', omitempty: true },
    { name: 'Num', type: T.int, json: 'num', omitempty: true },
    { name: 'F', type: T.float64, json: 'f' },
    { name: 'F32', type: T.float32, json: 'f32' },
    { name: 'B', type: T.bool, json: 'b', omitempty: true },
    { name: 'P', type: ptrTo(Inner), json: 'p' },
    { name: 'PO', type: ptrTo(Inner), json: 'po', omitempty: true },
    { name: 'S', type: TC.sliceString, json: 's' },
    { name: 'SO', type: TC.sliceString, json: 'so', omitempty: true },
    { name: 'M', type: TC.mapStringString, json: 'm' },
    { name: 'MO', type: TC.mapStringString, json: 'mo', omitempty: true },
    { name: 'In', type: Inner, json: 'in' },
    { name: 'InO', type: Inner, json: 'ino', omitempty: true },
    { name: 'Bytes', type: TC.bytes, json: 'bytes' },
    { name: 'Any', type: T.any, json: 'any' },
    { name: 'AnyO', type: T.any, json: 'anyo', omitempty: true },
    { name: 'IntKeys', type: mapOf(T.int, T.string), json: 'intKeys', omitempty: true },
    { name: 'Embedded', type: Embedded, embedded: true, inline: true },
    { name: 'NoTag', type: T.string },
  ],
});

/** The rep of a Sample decoded from JSON (keys are the json names; bytes, float32 and int keys converted). */
function sampleRep(json: string): Record<string, unknown> {
  const rep = JSON.parse(json) as Record<string, unknown>;
  if (typeof rep['bytes'] === 'string') rep['bytes'] = [...Buffer.from(rep['bytes'], 'base64')];
  if (typeof rep['f32'] === 'number') rep['f32'] = Math.fround(rep['f32']);
  if (rep['intKeys']) rep['intKeys'] = new Map(Object.entries(rep['intKeys'] as object).map(([k, v]) => [Number(k), v]));
  return rep;
}

function jsonMethod(impl: (recv: never) => unknown, ptr = false): GoMethod {
  return { params: [], results: [T.string], error: true, ptr, impl };
}

const MJ = named('main.MJ', 'struct', {
  fields: [{ name: 'A', type: T.int }],
  methods: { MarshalJSON: jsonMethod(() => ' { "z" : [1, 2], "h": "<&>" } ') },
});
const BadMJ = named('main.BadMJ', 'struct', { fields: [], methods: { MarshalJSON: jsonMethod(() => '{x}') } });
const ErrMJ = named('main.ErrMJ', 'struct', {
  fields: [],
  methods: {
    MarshalJSON: jsonMethod(() => {
      throw new GoError('nope');
    }),
  },
});
const PMJ = named('main.PMJ', 'struct', { fields: [{ name: 'A', type: T.int }], methods: { MarshalJSON: jsonMethod(() => '"pmj"', true) } });
const HasMJ = named('main.HasMJ', 'struct', {
  fields: [
    { name: 'M', type: MJ, json: 'm' },
    { name: 'P', type: ptrTo(MJ), json: 'p' },
    { name: 'PN', type: ptrTo(MJ), json: 'pn' },
  ],
});
const NamedS = named('main.Named', T.string, { methods: { String: { params: [], results: [T.string], ptr: false, impl: () => 'stringer' } } });
const E1 = named('main.E1', 'struct', {
  fields: [
    { name: 'X', type: T.string, json: 'x' },
    { name: 'Y', type: T.string },
    { name: 'A', type: T.string },
  ],
});
const E2 = named('main.E2', 'struct', {
  fields: [
    { name: 'X', type: T.string, json: 'x' },
    { name: 'Y', type: T.string, json: 'Y' },
    { name: 'Z', type: T.string },
  ],
});
const E3 = named('main.E3', 'struct', { fields: [{ name: 'W', type: T.string }] });
const Conflict = named('main.Conflict', 'struct', {
  fields: [
    { name: 'A', type: T.string, json: 'a' },
    { name: 'E1', type: E1, embedded: true, json: 'E1' } as GoField,
    { name: 'E2', type: E2, embedded: true },
    { name: 'E3', type: ptrTo(E3), embedded: true },
  ],
});
const chanInt: GoType = { kind: 'chan', name: 'chan int', named: false, elem: T.int };

// E1's rep is keyed by its Go name here; its json name must not apply (it is an untagged embedded struct).
const Conflict2 = named('main.Conflict', 'struct', {
  fields: [
    { name: 'A', type: T.string, json: 'a' },
    { name: 'E1', type: E1, embedded: true },
    { name: 'E2', type: E2, embedded: true },
    { name: 'E3', type: ptrTo(E3), embedded: true },
  ],
});
void Conflict;

/** The values of the Go program's jsonSpecials(), in order, as GoValues. */
const SPECIAL_VALUES: GoValue[] = [
  go.float64(NaN),
  go.float64(Infinity),
  go.float64(-Infinity),
  new GoValue(T.float32, Infinity),
  new GoValue(funcOf({ params: [], results: [] }), { params: [], results: [], impl: () => undefined }),
  new GoValue(mapOf(T.bool, T.int), new Map([[true, 1]])),
  new GoValue(T.complex128, { re: 1, im: 2 }),
  new GoValue(BadMJ, {}),
  new GoValue(ErrMJ, {}),
  new GoValue(chanInt, {}),
  new GoValue(MJ, { A: 1 }),
  new GoValue(HasMJ, { m: { A: 1 }, p: { A: 2 }, pn: null }),
  new GoValue(NamedS, 'x'),
  new GoValue(mapOf(NamedS, T.int), { k: 1 }),
  new GoValue(Conflict2, { a: 'a', E1: { x: 'x1', Y: 'y1', A: 'ea' }, E2: { x: 'x2', Y: 'y2', Z: 'z2' } }),
  new GoValue(Conflict2, { E3: { W: 'w' } }),
  new GoValue(TC.sliceAny, [new GoValue(PMJ, { A: 1 }), new GoValue(ptrTo(PMJ), { A: 2 })]),
  go.float64(-0),
  new GoValue(T.float32, Math.fround(1e-7)),
  new GoValue(T.float32, Math.fround(0.1)),
  new GoValue(T.float32, Math.fround(1e21)),
  new GoValue(T.float32, Math.fround(123456789)),
  new GoValue(sliceOf(T.float32), [Math.fround(1.5e-7), Math.fround(3.4e38)]),
  go.string('\b\f\x00\x1f\x7f\u2028<>&\'"\\/é😀'),
  new GoValue(TC.bytes, []),
  new GoValue(TC.bytes, [1]),
  new GoValue(TC.bytes, [1, 2]),
  new GoValue(TC.bytes, [1, 2, 3]),
  new GoValue(TC.bytes, [...'hello world'].map((c) => c.charCodeAt(0))),
  new GoValue(TC.bytes, null),
  new GoValue(mapOf(T.int, T.string), new Map([[10, 'a'], [2, 'b'], [-1, 'c']])),
  new GoValue(mapOf(T.uint8, T.int), new Map([[200, 1], [3, 2]])),
  new GoValue(arrayOf(2, T.int), [1, 2]),
  new GoValue(arrayOf(0, T.int), []),
  new GoValue(structOf([]), {}),
  new GoValue(sliceOf(structOf([])), [{}]),
  new GoValue(ptrTo(T.int), null),
  go.anyMap({ b: null, a: [], c: {} }),
];

function marshalOrError(v: GoValue): string {
  try {
    return marshal(v);
  } catch (e) {
    assert.instance(e, GoError);
    return 'ERR ' + (e as Error).message;
  }
}

// ---

const Marshal = suite('json.Marshal');

Marshal('a struct with tags, omitempty, embedded fields', () => {
  for (const [input, compact, indented] of SAMPLES) {
    const v = new GoValue(Sample, sampleRep(input));
    assert.is(marshal(v), compact, input);
    assert.is(marshalIndent(v, '', '  '), indented, input);
  }
});

Marshal('the pointer to a struct marshals as the struct', () => {
  const [input, compact] = SAMPLES[1] as [string, string, string];
  assert.is(marshal(new GoValue(ptrTo(Sample), sampleRep(input))), compact);
});

Marshal('values and errors as Go marshals them', () => {
  SPECIAL_VALUES.forEach((v, i) => {
    let want = SPECIALS[i] as string;
    // Go ≥ 1.22 escapes \b and \f as \b and \f (Go 1.19, which produced this table, wrote \u0008 and \u000c).
    if (v.t === T.string) want = want.replace('\\u0008\\u000c', '\\b\\f');
    assert.is(marshalOrError(v), want, `value ${i}: ${v.t.name}`);
  });
});

Marshal('MarshalIndent with a prefix re-indents MarshalJSON output', () => {
  const v = go.anyMap({ a: [1, {}, [], { x: 'y' }], b: new GoValue(MJ, {}) });
  assert.is(marshalIndent(v, '>', '\t'), SPECIALS[SPECIAL_VALUES.length]);
});

Marshal('escapeHTML: false keeps < > & but still escapes U+2028', () => {
  const v = go.anyMap({ h: '<&>\u2028', m: new GoValue(MJ, {}) });
  assert.is(marshal(v, { escapeHTML: false }) + '\n', SPECIALS[SPECIAL_VALUES.length + 1]);
});

Marshal('raw JSON reps and interface values', () => {
  assert.is(marshal(NIL), 'null');
  assert.is(marshal(INVALID), 'null');
  assert.is(marshalRaw({ b: 1e6, a: [0.000001, 1e-7, 1e21, 123456789] }), '{"a":[0.000001,1e-7,1e+21,123456789],"b":1000000}');
  assert.is(marshal(go.stringMap({ 'z<': '&', a: '' })), '{"a":"","z\\u003c":"\\u0026"}');
  assert.is(marshal(go.stringMap(null)), 'null');
});

Marshal('a map decoded from JSON (plain objects) encodes as the same map held in Maps, as Go encodes it', () => {
  // Go's output (the reference renderer's toJson): keys by UTF-8 bytes (U+FFFF before a surrogate pair), HTML-safe.
  const expected = '{"a":{"y":{},"z":[1,2.5,null,true],"\uffff":"y","\ud83d\ude00":"x"},"b":"\\u003c\\u0026\\u003e\\u2028","c":"tab\\tq\\"\\\\"}';
  const plain = { b: '<&>\u2028', a: { z: [1, 2.5, null, true], '\ud83d\ude00': 'x', '\uffff': 'y', y: {} }, c: 'tab\tq"\\' };
  const asMaps = (x: unknown): unknown =>
    x !== null && typeof x === 'object' && !Array.isArray(x) ? new Map(Object.entries(x).map(([k, v]) => [k, asMaps(v)])) : x;
  assert.is(marshal(new GoValue(TC.mapStringAny, plain)), expected);
  assert.is(marshalRaw(plain), expected);
  assert.is(marshal(new GoValue(TC.mapStringAny, asMaps(plain))), expected);
  // Entries holding typed values and a prototype-free object take the same path.
  const mixed = Object.assign(Object.create(null) as Record<string, unknown>, { n: new GoValue(T.int, 3), s: new GoValue(T.string, '<') });
  assert.is(marshal(new GoValue(TC.mapStringAny, mixed)), '{"n":3,"s":"\\u003c"}');
});

Marshal('lone surrogates become \\ufffd', () => {
  assert.is(quoteJSON('a\ud800b\udc00'), '"a\\ufffdb\\ufffd"');
  assert.is(quoteJSON('😀'), '"😀"');
});

Marshal('helpers', () => {
  assert.is(formatJSONFloat(1e-7), '1e-7');
  assert.is(formatJSONFloat(-0), '-0');
  assert.is(formatJSONFloat(Math.fround(1e-7), 32), '1e-7');
  assert.is(base64Encode([0xff, 0xfe]), '//4=');
});

Marshal.run();

// ---

/** JSON text with sorted keys (uvu's deep equality trips over own `constructor` keys). */
function canonical(x: unknown): string {
  if (Array.isArray(x)) return '[' + x.map(canonical).join(',') + ']';
  if (x !== null && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    return '{' + Object.keys(o).sort().map((k) => JSON.stringify(k) + ':' + canonical(o[k])).join(',') + '}';
  }
  return JSON.stringify(x);
}

const Unmarshal = suite('json.Unmarshal into interface {}');

Unmarshal('values and syntax errors', () => {
  for (const [input, want, err] of UNMARSHAL) {
    let got: unknown;
    let gotErr: string | null = null;
    try {
      got = unmarshalAny(input);
    } catch (e) {
      assert.instance(e, GoError);
      gotErr = (e as Error).message;
    }
    assert.is(gotErr, err, `Unmarshal(${JSON.stringify(input)})`);
    if (want !== null) assert.is(canonical(got), canonical(JSON.parse(want)), `Unmarshal(${JSON.stringify(input)})`);
    assert.is(valid(input), err === null || err.startsWith('json: cannot unmarshal'));
  }
});

Unmarshal('-0 and duplicate keys', () => {
  assert.ok(Object.is((unmarshalAny('[-0]') as number[])[0], -0));
  assert.equal(unmarshalAny('{"a":1,"a":2}'), { a: 2 });
});

Unmarshal('__proto__ keys are own data properties, never prototypes', () => {
  const o = unmarshalAny('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}}}') as Record<string, unknown>;
  assert.is(Object.getPrototypeOf(o), Object.prototype);
  assert.ok(Object.hasOwn(o, '__proto__'));
  assert.equal(Object.keys(o), ['__proto__', 'constructor']);
  assert.is(({} as Record<string, unknown>)['polluted'], undefined);
  assert.is(canonical(Object.getOwnPropertyDescriptor(o, '__proto__')?.value), '{"polluted":1}');
});

Unmarshal('deep nesting is bounded like Go (10000 levels)', () => {
  assert.equal(unmarshalAny('['.repeat(5000) + ']'.repeat(5000)) !== undefined, true);
  try {
    unmarshalAny('['.repeat(10001) + ']'.repeat(10001));
    assert.unreachable();
  } catch (e) {
    assert.is((e as Error).message, 'exceeded max depth');
  }
});

Unmarshal.run();
