import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { errorResult, formatResult, hasErrors, infoResult, resultFromPlain, resultToPlain, warningResult } from '../../src/krm/result.ts';
import { parseStream } from '../../src/yaml/codec.ts';

const ITEM = parseStream(
  "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: prod\n  annotations:\n    internal.config.kubernetes.io/path: web.yaml\n    internal.config.kubernetes.io/index: '2'\n",
).documents[0]!.doc;

const Results = suite('result');

Results('builders take the resourceRef and file from the item', () => {
  assert.equal(errorResult('bad', ITEM, { field: { path: 'spec.replicas' }, tags: { reason: 'error:invalid-pod' } }), {
    message: 'bad',
    severity: 'error',
    resourceRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'prod' },
    field: { path: 'spec.replicas' },
    file: { path: 'web.yaml', index: 2 },
    tags: { reason: 'error:invalid-pod' },
  });
  assert.equal(warningResult('careful'), { message: 'careful', severity: 'warning' });
  assert.equal(infoResult('fyi', ITEM, { file: { path: 'other.yaml' } }).file, { path: 'other.yaml' });
});

Results('text form: [severity] apiVersion/kind/namespace/name field: message (empty parts left out)', () => {
  assert.is(formatResult(errorResult('bad', ITEM, { field: { path: 'spec.replicas' } })), '[error] apps/v1/Deployment/prod/web spec.replicas: bad');
  assert.is(formatResult(warningResult('careful', ITEM)), '[warning] apps/v1/Deployment/prod/web: careful');
  assert.is(formatResult(infoResult('fyi')), '[info]: fyi');
  assert.is(formatResult({ message: 'm', severity: 'error', resourceRef: { apiVersion: 'v1', kind: 'ConfigMap', name: 'c' } }), '[error] v1/ConfigMap/c: m');
});

Results('hasErrors', () => {
  assert.not.ok(hasErrors([warningResult('a'), infoResult('b')]));
  assert.ok(hasErrors([infoResult('b'), errorResult('c')]));
});

Results('plain form uses the spec key order and spellings', () => {
  const plain = resultToPlain(errorResult('bad', ITEM, { field: { path: 'p', currentValue: 1, proposedValue: 2 }, tags: { reason: 'x' } }));
  assert.equal(Object.keys(plain), ['message', 'severity', 'resourceRef', 'field', 'file', 'tags']);
  assert.equal(Object.keys(plain['field'] as object), ['path', 'currentValue', 'proposedValue']);
  assert.equal(Object.keys(plain['resourceRef'] as object), ['apiVersion', 'kind', 'name', 'namespace']);
});

Results('existing results: unknown or missing severities are not errors', () => {
  assert.equal(resultFromPlain({ message: 'x', severity: 'warn' }), { message: 'x' });
  assert.equal(resultFromPlain({ message: 'x', severity: 'error' }), { message: 'x', severity: 'error' });
  assert.is(resultFromPlain('nope'), undefined);
});

Results.run();
