import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { T, TC } from '../../src/go/types.ts';
import { sortedMapEntries, toDynamic } from '../../src/go/value.ts';
import { ConfigTextError, decodeConfigText, parseValues, valuesValue } from '../../src/mesh/values.ts';
import { readShared, sharedPath } from '../support/shared.ts';

const values = suite('values as a Go map[string]interface {}');

values('numbers are float64, nulls are kept (istio-injection.md §4.1)', () => {
  const rel = 'conformance/istio/settings/iop-proxy-resources-null/inject-values.json';
  if (!sharedPath(rel, 'values decoding of the conformance settings')) return;
  const v = valuesValue(parseValues(readShared(rel)));
  assert.is(v.t, TC.mapStringAny);
  const global = toDynamic((v.v as Record<string, unknown>)['global']);
  const proxy = toDynamic((global.v as Record<string, unknown>)['proxy']);
  const statusPort = toDynamic((proxy.v as Record<string, unknown>)['statusPort']);
  assert.is(statusPort.t, T.float64);
  assert.is(statusPort.v, 15020);
  const limits = toDynamic((toDynamic((proxy.v as Record<string, unknown>)['resources']).v as Record<string, unknown>)['limits']);
  const entries = sortedMapEntries(limits);
  assert.equal(entries.map((e) => e.key.v), ['cpu', 'memory']);
  assert.is(entries[0]!.value.t.kind, 'iface'); // a present nil
  assert.is(entries[0]!.value.v, null);
});

values('empty text and null have no map', () => {
  assert.is(parseValues(''), null);
  assert.is(parseValues('null'), null);
  assert.is(valuesValue(null).v, null);
  assert.is(valuesValue(null).t, TC.mapStringAny);
});

values('YAML text decodes as sigs.k8s.io/yaml does', () => {
  const v = parseValues('global:\n  tag: 1.12\n  hub: docker.io/istio\n  list: [1, a]\n') as Record<string, Record<string, unknown>>;
  assert.is(v['global']!['tag'], 1.12);
  assert.is(v['global']!['hub'], 'docker.io/istio');
  assert.equal([...(v['global']!['list'] as unknown[])], [1, 'a']);
});

values('a top level that is not a mapping is an error', () => {
  assert.throws(() => parseValues('[1]'), (e: Error) =>
    e instanceof ConfigTextError &&
    e.message === 'could not parse configuration values: json: cannot unmarshal array into Go value of type map[string]interface {}');
  assert.throws(() => parseValues('"x"'), /cannot unmarshal string into Go value of type map\[string\]interface \{\}/);
});

values('__proto__ and constructor keys stay data', () => {
  const v = parseValues('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}')!;
  assert.equal(Object.keys(v), ['__proto__', 'constructor']);
  assert.is(({} as Record<string, unknown>)['polluted'], undefined);
  assert.is(Object.getPrototypeOf(v), null);
  const m = valuesValue(v);
  assert.equal(sortedMapEntries(m).map((e) => e.key.v), ['__proto__', 'constructor']);
});

values('numbers JSON cannot hold are refused', () => {
  assert.throws(() => decodeConfigText('{"a": 1e400}'), /unsupported value/);
});

values.run();
