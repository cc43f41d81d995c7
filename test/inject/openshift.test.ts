import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { sharedPath } from '../support/shared.ts';
import { clearSidecarUserMatchingApp, parseBlock, proxyIDs, sidecarUserMatchesApp } from '../../src/inject/openshift.ts';

function ns(annotations?: Record<string, string>): object {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'test-ns', ...(annotations ? { annotations } : {}) } };
}

const UID = 'openshift.io/sa.scc.uid-range';
const GROUPS = 'openshift.io/sa.scc.supplemental-groups';

// ---------------------------------------------------------------------------------------------------------------------
const Blocks = suite('ParseBlock');

Blocks('start/size: end = start + size - 1', () => {
  assert.equal(parseBlock('1000620000/10000'), { start: 1000620000, end: 1000629999 });
  assert.equal(parseBlock('1000/1'), { start: 1000, end: 1000 });
  // uint32 arithmetic: a zero size wraps.
  assert.equal(parseBlock('0/0'), { start: 0, end: 4294967295 });
  assert.equal(parseBlock('4294967295/2'), { start: 4294967295, end: 0 });
});

Blocks('start-end', () => {
  assert.equal(parseBlock('1000-2000'), { start: 1000, end: 2000 });
  assert.equal(parseBlock('2000-1000'), { start: 2000, end: 1000 });
});

Blocks('Sscanf: leading spaces before numbers, trailing text ignored', () => {
  assert.equal(parseBlock(' 1000/ 10'), { start: 1000, end: 1009 });
  assert.equal(parseBlock('1000/10,2000/10'), { start: 1000, end: 1009 });
  assert.equal(parseBlock('1000/10xyz'), { start: 1000, end: 1009 });
});

Blocks('errors', () => {
  assert.equal(parseBlock('1000'), { error: 'unexpected EOF' });
  assert.equal(parseBlock('1000/'), { error: 'unexpected EOF' });
  assert.equal(parseBlock('1000 /10'), { error: 'input does not match format' });
  assert.equal(parseBlock('abc'), { error: 'expected integer' });
  assert.equal(parseBlock('-5-10'), { error: 'expected integer' });
  assert.equal(parseBlock('1000-2000/5'), { error: 'input does not match format' });
  assert.equal(parseBlock('\n1000-2000'), { error: 'unexpected newline' });
  assert.equal(parseBlock('4294967296-1'), { error: 'unsigned integer overflow on token 4294967296' });
});

Blocks.run();

// ---------------------------------------------------------------------------------------------------------------------
const IDs = suite('GetProxyIDs');

IDs('the test namespace of Istio goldens: 1000620000/10000 → 1000629999', () => {
  assert.equal(proxyIDs(ns({ [UID]: '1000620000/10000', [GROUPS]: '1000620000/10000' })), { uid: 1000629999, gid: 1000629999, notes: [] });
});

IDs('1337 without a namespace or annotations', () => {
  assert.equal(proxyIDs(undefined), { uid: 1337, gid: 1337, notes: [] });
  assert.equal(proxyIDs(ns()), { uid: 1337, gid: 1337, notes: [] });
});

IDs('GID: the first supplemental block, else the uid range', () => {
  assert.equal(proxyIDs(ns({ [UID]: '1000-1999', [GROUPS]: '5000/100,7000/10' })), { uid: 1999, gid: 5099, notes: [] });
  assert.equal(proxyIDs(ns({ [UID]: '1000/100' })), { uid: 1099, gid: 1099, notes: [] });
  assert.equal(proxyIDs(ns({ [GROUPS]: '5000/100' })), { uid: 1337, gid: 5099, notes: [] });
});

IDs('unusable annotations keep 1337 and say why', () => {
  assert.equal(proxyIDs(ns({ [UID]: 'junk', [GROUPS]: '5000/100,bad' })), {
    uid: 1337,
    gid: 1337,
    notes: [`${UID} "junk": expected integer`, `supplemental groups "5000/100,bad": expected integer`],
  });
  // A present but empty groups annotation does not fall back to the uid range.
  assert.equal(proxyIDs(ns({ [UID]: '1000/100', [GROUPS]: '' })), {
    uid: 1099,
    gid: 1337,
    notes: [`unable to find groups using ${GROUPS} and ${UID} annotations`],
  });
  assert.equal(proxyIDs(ns({ [UID]: '' })).notes, [`found annotation ${UID} but it was empty`, `unable to find groups using ${GROUPS} and ${UID} annotations`]);
});

IDs.run();

// ---------------------------------------------------------------------------------------------------------------------
const Reset = suite('user istio-proxy with the app UID');

const sc = (runAsUser?: number, runAsGroup?: number): object => ({
  securityContext: { readOnlyRootFilesystem: false, ...(runAsUser !== undefined ? { runAsUser } : {}), ...(runAsGroup !== undefined ? { runAsGroup } : {}) },
});

Reset('same runAsUser as the app: cleared', () => {
  const spec = { containers: [{ name: 'app', ...sc(1000620000) }, { name: 'istio-proxy', ...sc(1000620000, 5) }] };
  assert.ok(sidecarUserMatchesApp(spec));
  const out = clearSidecarUserMatchingApp(spec) as { containers: { securityContext: object }[] };
  assert.equal(out.containers[1]?.securityContext, { readOnlyRootFilesystem: false });
  // The input is not modified.
  assert.equal(spec.containers[1], { name: 'istio-proxy', ...sc(1000620000, 5) });
});

Reset('a different runAsUser is the user\'s choice and stays', () => {
  const spec = { containers: [{ name: 'app', ...sc(1000620000) }, { name: 'istio-proxy', ...sc(1234) }] };
  assert.is(sidecarUserMatchesApp(spec), false);
  assert.is(clearSidecarUserMatchingApp(spec), spec);
});

Reset('init containers istio-init/istio-validation are not apps; unset counts as 0', () => {
  assert.ok(sidecarUserMatchesApp({ containers: [{ name: 'app' }, { name: 'istio-proxy', ...sc() }] }));
  assert.is(sidecarUserMatchesApp({ containers: [{ name: 'istio-proxy', ...sc(5) }], initContainers: [{ name: 'istio-init', ...sc(5) }] }), false);
  assert.ok(sidecarUserMatchesApp({ containers: [{ name: 'istio-proxy', ...sc(5) }], initContainers: [{ name: 'setup', ...sc(5) }] }));
  // Without a securityContext nothing is cleared.
  const bare = { containers: [{ name: 'app' }, { name: 'istio-proxy' }] };
  assert.is(clearSidecarUserMatchingApp(bare), bare);
});

const input = sharedPath('conformance/istio/inject/hello-openshift-custom-injection.yaml', 'OpenShift golden input');
if (input) {
  Reset('golden hello-openshift-custom-injection: the user istio-proxy loses runAsUser 1000620000', () => {
    const doc = parse(readFileSync(join(input), 'utf8')) as { spec: { template: { spec: { containers: { name: string; securityContext?: object }[] } } } };
    const spec = doc.spec.template.spec;
    const out = clearSidecarUserMatchingApp(spec) as typeof spec;
    const proxy = out.containers.find((c) => c.name === 'istio-proxy');
    assert.equal(proxy?.securityContext, { readOnlyRootFilesystem: false });
  });
}

Reset.run();
