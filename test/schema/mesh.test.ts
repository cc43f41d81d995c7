import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ptrTo, T } from '../../src/go/types.ts';
import { callMethod, findMethod, GoValue, structField } from '../../src/go/value.ts';
import { DurationType, goCamelCase, MeshConfig, MeshConfigType, messageDescriptorOf, messageGoType, ProxyConfig, ProxyConfigType } from '../../src/schema/mesh.ts';

// --- Go names ---------------------------------------------------------------------------------------------------------

const Names = suite('goCamelCase: protoc-gen-go field names');

// Rows follow google.golang.org/protobuf internal/strs.GoCamelCase: a leading `_` becomes X, `_` before a lower-case
// letter is dropped, digits are kept and end a word, any other `_` stays.
for (const [proto, go] of [
  ['config_path', 'ConfigPath'],
  ['k8s_sa_jwt_path', 'K8SSaJwtPath'],
  ['_private', 'XPrivate'],
  ['a1b', 'A1B'],
  ['foo__bar', 'Foo_Bar'],
  ['foo_2bar', 'Foo_2Bar'],
  ['already', 'Already'],
] as const) {
  Names(`${proto} → ${go}`, () => {
    assert.is(goCamelCase(proto), go);
  });
}

Names.run();

// --- message types, built on first use ----------------------------------------------------------------------------------

const Types = suite('messageGoType: named struct types whose members are built on first use');

Types('the same message gives the same type, named after the Go package, and maps back to its descriptor', () => {
  assert.is(messageGoType(ProxyConfig), ProxyConfigType);
  assert.is(messageGoType(MeshConfig), MeshConfigType);
  assert.is(ProxyConfigType.name, 'v1alpha1.ProxyConfig');
  assert.is(ProxyConfigType.kind, 'struct');
  assert.is(ProxyConfigType.named, true);
  assert.is(messageDescriptorOf(ProxyConfigType), ProxyConfig);
  assert.ok(Object.isFrozen(ProxyConfigType));
});

Types('fields follow the descriptor: Go name, JSON name, omitempty, with a nil-safe getter and String()', () => {
  const fields = ProxyConfigType.fields ?? [];
  assert.is(fields.length, ProxyConfig.fields.length);
  assert.equal({ ...fields[0]!, type: fields[0]!.type.name }, { name: 'ConfigPath', type: 'string', json: 'configPath', omitempty: true });
  assert.is(fields.find((f) => f.name === 'DrainDuration')?.type.name, '*durationpb.Duration');
  // Built once: every read sees the same arrays and method tables.
  assert.is(ProxyConfigType.fields, fields);
  assert.is(ProxyConfigType.methods, ProxyConfigType.methods);
  assert.ok(ProxyConfigType.methods?.['GetConfigPath']);
  assert.ok(ProxyConfigType.methods?.['String']);
  assert.ok(DurationType.methods?.['AsDuration']);
});

Types('a struct value reads through the lazily built fields', () => {
  const v = new GoValue(ProxyConfigType, { configPath: './etc/istio/proxy' });
  const field = structField(v, 'ConfigPath');
  assert.is(field?.t, T.string);
  assert.is(field?.v, './etc/istio/proxy');
});

Types('a getter on a nil pointer gives the zero value', () => {
  const nil = new GoValue(ptrTo(ProxyConfigType), null);
  const getter = findMethod(nil, 'GetConfigPath');
  assert.ok(getter);
  assert.is(callMethod(nil, getter!, 'GetConfigPath', []), '');
});

Types.run();
