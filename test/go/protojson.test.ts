import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  applyProtoJSON,
  goJSONString,
  marshalProtoJSON,
  marshalProtoText,
  protoEqual,
  protoJSONName,
  ProtoJSONError,
  WELL_KNOWN,
  type ProtoField,
  type ProtoFieldType,
  type ProtoMessage,
} from '../../src/go/protojson.ts';

// A message shaped like ProxyConfig's interesting parts. The same descriptor, written as a FileDescriptorProto,
// was run through real Go (github.com/golang/protobuf v1.5.2 jsonpb: Unmarshaler{AllowUnknownFields: true} applied
// step by step onto one dynamicpb message, then Marshaler{}); the table below records what Go printed.
const Mode = {
  fullName: 'ref.Mode',
  values: [
    { name: 'REDIRECT', number: 0 },
    { name: 'TPROXY', number: 1 },
    { name: 'NONE', number: 2 },
  ],
};
const STR: ProtoFieldType = { kind: 'scalar', scalar: 'string' };
const f = (name: string, type: ProtoFieldType, more: Partial<ProtoField> = {}): ProtoField => ({
  name,
  json: protoJSONName(name),
  type,
  ...more,
});
const msg = (m: ProtoMessage): ProtoFieldType => ({ kind: 'message', message: m });
const Zipkin: ProtoMessage = { fullName: 'ref.Zipkin', fields: [f('address', STR)] };
const Tracing: ProtoMessage = {
  fullName: 'ref.Tracing',
  fields: [
    f('zipkin', msg(Zipkin), { oneof: 'tracer' }),
    f('max_path_tag_length', { kind: 'scalar', scalar: 'uint32' }),
    f('sampling', { kind: 'scalar', scalar: 'double' }),
  ],
};
const PC: ProtoMessage = {
  fullName: 'ref.PC',
  fields: [
    f('config_path', STR),
    f('service_cluster', STR, { oneof: 'cluster_name' }),
    f('tracing_service_name', { kind: 'enum', enum: Mode }, { oneof: 'cluster_name' }),
    f('drain_duration', msg(WELL_KNOWN.Duration)),
    f('proxy_admin_port', { kind: 'scalar', scalar: 'int32' }),
    f('concurrency', msg(WELL_KNOWN.Int32Value)),
    f('interception_mode', { kind: 'enum', enum: Mode }),
    f('tracing', msg(Tracing)),
    f('proxy_metadata', STR, { mapKey: 'string' }),
    f('extra_stat_tags', STR, { repeated: true }),
    f('zipkins', msg(Zipkin), { repeated: true }),
    f('modes', { kind: 'enum', enum: Mode }, { repeated: true }),
    f('big', { kind: 'scalar', scalar: 'int64' }),
    f('hold_application_until_proxy_starts', msg(WELL_KNOWN.BoolValue)),
    f('flag', { kind: 'scalar', scalar: 'bool' }),
    f('ratio', { kind: 'scalar', scalar: 'double' }),
    f('big_value', msg(WELL_KNOWN.Int64Value)),
    f('k8s_sa_jwt_path', STR),
  ],
};

/** [name, JSON texts applied in turn, Go's Marshaler output, or Go's error]. */
const GO_JSONPB: [string, string[], string | undefined, string | undefined][] = [
  ["empty", ["{}"], "{}", undefined],
  ["scalars zero omitted", ["{\"configPath\":\"\",\"proxyAdminPort\":0,\"flag\":false,\"interceptionMode\":\"REDIRECT\"}"], "{}", undefined],
  ["order and kinds", ["{\"holdApplicationUntilProxyStarts\":true,\"interceptionMode\":\"TPROXY\",\"drainDuration\":\"23s\",\"configPath\":\"/x\",\"concurrency\":0,\"proxyMetadata\":{\"b\":\"2\",\"a\":\"1\",\"B\":\"3\"},\"extraStatTags\":[\"x\",\"y\"],\"big\":\"12\",\"ratio\":0.5}"], "{\"configPath\":\"/x\",\"drainDuration\":\"23s\",\"concurrency\":0,\"interceptionMode\":\"TPROXY\",\"proxyMetadata\":{\"B\":\"3\",\"a\":\"1\",\"b\":\"2\"},\"extraStatTags\":[\"x\",\"y\"],\"big\":\"12\",\"holdApplicationUntilProxyStarts\":true,\"ratio\":0.5}", undefined],
  ["proto names accepted", ["{\"config_path\":\"/a\",\"proxy_admin_port\":\"15000\",\"k8s_sa_jwt_path\":\"p\"}"], "{\"configPath\":\"/a\",\"proxyAdminPort\":15000,\"k8sSaJwtPath\":\"p\"}", undefined],
  ["json name wins over proto name", ["{\"config_path\":\"/a\",\"configPath\":\"/b\"}"], "{\"configPath\":\"/b\"}", undefined],
  ["durations", ["{\"drainDuration\":\"1.5s\"}"], "{\"drainDuration\":\"1.500s\"}", undefined],
  ["duration ms", ["{\"drainDuration\":\"100ms\"}"], "{\"drainDuration\":\"0.100s\"}", undefined],
  ["duration 1m30s", ["{\"drainDuration\":\"1m30s\"}"], "{\"drainDuration\":\"90s\"}", undefined],
  ["duration 1.000001s", ["{\"drainDuration\":\"1.000001s\"}"], "{\"drainDuration\":\"1.000001s\"}", undefined],
  ["duration negative", ["{\"drainDuration\":\"-1.5s\"}"], "{\"drainDuration\":\"-1.500s\"}", undefined],
  ["duration nanos", ["{\"drainDuration\":\"1ns\"}"], "{\"drainDuration\":\"0.000000001s\"}", undefined],
  ["duration zero", ["{\"drainDuration\":\"0s\"}"], "{\"drainDuration\":\"0s\"}", undefined],
  ["duration bad", ["{\"drainDuration\":\"abc\"}"], undefined, "bad Duration: time: invalid duration \"abc\""],
  ["duration number", ["{\"drainDuration\":5}"], undefined, "json: cannot unmarshal number into Go value of type string"],
  ["wrapper false kept", ["{\"holdApplicationUntilProxyStarts\":false}"], "{\"holdApplicationUntilProxyStarts\":false}", undefined],
  ["wrapper null keeps old", ["{\"holdApplicationUntilProxyStarts\":true}", "{\"holdApplicationUntilProxyStarts\":null}"], "{\"holdApplicationUntilProxyStarts\":true}", undefined],
  ["wrapper string rejected", ["{\"holdApplicationUntilProxyStarts\":\"true\"}"], undefined, "json: cannot unmarshal string into Go value of type bool"],
  ["int64 wrapper quoted", ["{\"bigValue\":5}"], "{\"bigValue\":\"5\"}", undefined],
  ["message replaced not merged", ["{\"tracing\":{\"sampling\":5,\"zipkin\":{\"address\":\"z:1\"}}}", "{\"tracing\":{\"maxPathTagLength\":3}}"], "{\"tracing\":{\"maxPathTagLength\":3}}", undefined],
  ["empty message kept", ["{\"tracing\":{}}"], "{\"tracing\":{}}", undefined],
  ["oneof zero member emitted", ["{\"serviceCluster\":\"\"}"], "{\"serviceCluster\":\"\"}", undefined],
  ["oneof switch", ["{\"serviceCluster\":\"a\"}", "{\"tracingServiceName\":\"REDIRECT\"}"], "{\"tracingServiceName\":\"REDIRECT\"}", undefined],
  ["oneof both", ["{\"serviceCluster\":\"a\",\"tracingServiceName\":\"TPROXY\"}"], "{\"tracingServiceName\":\"TPROXY\"}", undefined],
  ["map replaced", ["{\"proxyMetadata\":{\"a\":\"1\"}}", "{\"proxyMetadata\":{\"b\":\"2\"}}"], "{\"proxyMetadata\":{\"b\":\"2\"}}", undefined],
  ["map null value", ["{\"proxyMetadata\":{\"a\":null}}"], "{\"proxyMetadata\":{\"a\":\"\"}}", undefined],
  ["list replaced", ["{\"extraStatTags\":[\"a\"]}", "{\"extraStatTags\":[\"b\"]}"], "{\"extraStatTags\":[\"b\"]}", undefined],
  ["list null elems", ["{\"zipkins\":[null,{\"address\":\"q\"}],\"extraStatTags\":[null,\"x\"],\"modes\":[\"TPROXY\",2,null]}"], "{\"extraStatTags\":[\"\",\"x\"],\"zipkins\":[{},{\"address\":\"q\"}],\"modes\":[\"TPROXY\",\"NONE\",\"REDIRECT\"]}", undefined],
  ["null field keeps", ["{\"configPath\":\"/a\"}", "{\"configPath\":null}"], "{\"configPath\":\"/a\"}", undefined],
  ["top null", ["{\"configPath\":\"/a\"}", "null"], "{\"configPath\":\"/a\"}", undefined],
  ["unknown ignored", ["{\"nope\":1,\"configPath\":\"/a\"}"], "{\"configPath\":\"/a\"}", undefined],
  ["unknown enum name", ["{\"interceptionMode\":\"BOGUS\"}"], undefined, "unknown value \"\\\"BOGUS\\\"\" for enum ref.Mode"],
  ["enum number", ["{\"interceptionMode\":1}"], "{\"interceptionMode\":\"TPROXY\"}", undefined],
  ["enum unknown number", ["{\"interceptionMode\":7}"], "{\"interceptionMode\":7}", undefined],
  ["int float rejected", ["{\"proxyAdminPort\":1.5}"], undefined, "json: cannot unmarshal number 1.5 into Go value of type int32"],
  ["int quoted float rejected", ["{\"proxyAdminPort\":\"1.0\"}"], undefined, "json: cannot unmarshal number 1.0 into Go value of type int32"],
  ["int quoted garbage", ["{\"proxyAdminPort\":\"abc\"}"], undefined, "invalid character 'a' looking for beginning of value"],
  ["int overflow", ["{\"proxyAdminPort\":3000000000}"], undefined, "json: cannot unmarshal number 3000000000 into Go value of type int32"],
  ["string from number", ["{\"configPath\":5}"], undefined, "json: cannot unmarshal number into Go value of type string"],
  ["string from bool", ["{\"configPath\":true}"], undefined, "json: cannot unmarshal bool into Go value of type string"],
  ["string from object", ["{\"configPath\":{}}"], undefined, "json: cannot unmarshal object into Go value of type string"],
  ["bool from string", ["{\"flag\":\"true\"}"], undefined, "json: cannot unmarshal string into Go value of type bool"],
  ["message from number", ["{\"tracing\":5}"], undefined, "json: cannot unmarshal number into Go value of type map[string]json.RawMessage"],
  ["list from object", ["{\"extraStatTags\":{}}"], undefined, "json: cannot unmarshal object into Go value of type []json.RawMessage"],
  ["map from list", ["{\"proxyMetadata\":[]}"], undefined, "json: cannot unmarshal array into Go value of type map[string]json.RawMessage"],
  ["top string", ["\"x\""], undefined, "json: cannot unmarshal string into Go value of type map[string]json.RawMessage"],
  ["double quoted", ["{\"ratio\":\"0.25\"}"], "{\"ratio\":0.25}", undefined],
  ["double special", ["{\"ratio\":\"NaN\"}"], "{\"ratio\":\"NaN\"}", undefined],
  ["double exp", ["{\"ratio\":1e-7}"], "{\"ratio\":1e-7}", undefined],
  ["double big", ["{\"ratio\":1e21}"], "{\"ratio\":1e+21}", undefined],
  ["string escapes", ["{\"configPath\":\"a<b>&c\\u2028\\n\\t\\u0001\\\"\\\\é\"}"], "{\"configPath\":\"a\\u003cb\\u003e\\u0026c\\u2028\\n\\t\\u0001\\\"\\\\é\"}", undefined],
  ["map key escapes", ["{\"proxyMetadata\":{\"<k>\":\"v\",\"a\\\"b\":\"w\"}}"], "{\"proxyMetadata\":{\"\\u003ck\\u003e\":\"v\",\"a\\\"b\":\"w\"}}", undefined],
  ["int64 field", ["{\"big\":-5}"], "{\"big\":\"-5\"}", undefined],
  ["tracing sampling", ["{\"tracing\":{\"sampling\":100}}"], "{\"tracing\":{\"sampling\":100}}", undefined],
];

const jsonpb = suite('legacy jsonpb (reference: real Go)');

for (const [name, steps, out, err] of GO_JSONPB) {
  jsonpb(name, () => {
    let rep: unknown = null;
    try {
      for (const step of steps) rep = applyProtoJSON(PC, rep, JSON.parse(step));
    } catch (e) {
      assert.instance(e, ProtoJSONError);
      assert.is((e as ProtoJSONError).detail, err, 'error text');
      assert.is(out, undefined, 'Go succeeded');
      return;
    }
    assert.is(err, undefined, 'Go failed');
    assert.is(marshalProtoJSON(PC, rep), out);
  });
}

jsonpb('errors name the field', () => {
  try {
    applyProtoJSON(PC, null, { tracing: { zipkin: { address: 5 } } });
    assert.unreachable();
  } catch (e) {
    assert.instance(e, ProtoJSONError);
    assert.is((e as ProtoJSONError).path, 'tracing.zipkin.address');
    assert.is((e as Error).message, 'tracing.zipkin.address: json: cannot unmarshal number into Go value of type string');
  }
});

jsonpb('apply leaves the base alone', () => {
  const base = applyProtoJSON(PC, null, { configPath: '/a', proxyMetadata: { a: '1' } });
  const next = applyProtoJSON(PC, base, { configPath: '/b' });
  assert.is(marshalProtoJSON(PC, base), '{"configPath":"/a","proxyMetadata":{"a":"1"}}');
  assert.is(marshalProtoJSON(PC, next), '{"configPath":"/b","proxyMetadata":{"a":"1"}}');
});

jsonpb('keys such as __proto__ stay data', () => {
  const rep = applyProtoJSON(PC, null, JSON.parse('{"proxyMetadata":{"__proto__":"x","constructor":"y"}}'));
  assert.is(marshalProtoJSON(PC, rep), '{"proxyMetadata":{"__proto__":"x","constructor":"y"}}');
  assert.is(({} as Record<string, unknown>)['x'], undefined);
});

jsonpb.run();

// ---

const equal = suite('proto.Equal');

equal('nil differs from empty, absent equals zero', () => {
  assert.ok(protoEqual(Tracing, null, undefined));
  assert.not.ok(protoEqual(Tracing, null, {}));
  assert.ok(protoEqual(Tracing, {}, { sampling: 0, maxPathTagLength: 0 }));
  assert.not.ok(protoEqual(Tracing, { sampling: 1 }, {}));
  assert.ok(protoEqual(WELL_KNOWN.Duration, { seconds: 45 }, { seconds: 45, nanos: 0 }));
  assert.not.ok(protoEqual(WELL_KNOWN.Duration, { seconds: 45 }, { seconds: 45, nanos: 1 }));
  assert.ok(protoEqual(PC, { zipkins: [{}] }, { zipkins: [{ address: '' }] }));
  assert.not.ok(protoEqual(PC, { tracing: {} }, {}));
});

equal.run();

// ---

const text = suite('text format (String())');

text('durations and wrappers print as Go prints them', () => {
  // istio-injection.md §4.3 / go-template.md §5: a *durationpb.Duration printed raw is `seconds:23`.
  assert.is(marshalProtoText(WELL_KNOWN.Duration, { seconds: 23 }), 'seconds:23');
  assert.is(marshalProtoText(WELL_KNOWN.BoolValue, { value: true }), 'value:true');
  assert.is(marshalProtoText(WELL_KNOWN.BoolValue, null), '<nil>');
});

text.run();

// ---

const strings = suite('Go JSON strings');

strings('escapes as encoding/json (Go 1.22+: \\b and \\f short forms)', () => {
  assert.is(goJSONString('a<b>&c\u2028\n\t\u0001"\\é'), '"a\\u003cb\\u003e\\u0026c\\u2028\\n\\t\\u0001\\"\\\\é"');
  assert.is(goJSONString('\b\f\u2029'), '"\\b\\f\\u2029"');
});

strings.run();
