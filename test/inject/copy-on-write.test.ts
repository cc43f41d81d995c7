/**
 * The per-workload shortcuts that skip deep copies must give what the copying path gives and must leave what they do
 * not own untouched: mergePatchOwning against mergePatch, and applyRewrite's copy-on-write.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mergePatch, mergePatchOwning, type Ownership } from '../../src/inject/smp.ts';
import { applyRewrite } from '../../src/inject/probes.ts';

type Obj = Record<string, unknown>;

const copy = <V>(v: V): V => JSON.parse(JSON.stringify(v)) as V;

/** A user pod and an overlay shaped like the sidecar template's output (merge lists, nulls, a `$patch`). */
const POD: Obj = {
  metadata: { labels: { app: 'web' }, annotations: { a: 'b' } },
  spec: {
    containers: [{ name: 'app', image: 'app:1', env: [{ name: 'X', value: '1' }] }],
    volumes: [{ name: 'data', emptyDir: {} }],
  },
};
const PATCH: Obj = {
  metadata: { labels: { 'security.istio.io/tlsMode': 'istio' }, annotations: { a: null } },
  spec: {
    initContainers: [{ name: 'istio-init', args: ['-p', '15001'] }],
    containers: [
      { name: 'istio-proxy', image: 'proxyv2', env: [{ name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] },
      { name: 'app', env: [{ name: 'Y', value: '2' }, { name: 'X', $patch: 'delete' }] },
    ],
    volumes: [{ name: 'istio-envoy', emptyDir: { medium: 'Memory' } }],
  },
};

const Owning = suite('smp: mergePatchOwning');

const OWNERSHIPS: Ownership[] = [{}, { original: true }, { patch: true }, { original: true, patch: true }];

for (const owned of OWNERSHIPS) {
  Owning(`gives mergePatch's result (owning ${JSON.stringify(owned)}), leaving what it does not own untouched`, () => {
    const original = copy(POD);
    const patch = copy(PATCH);
    const out = mergePatchOwning(original, patch, owned);
    assert.equal(out, mergePatch(POD, PATCH));
    if (owned.original !== true) assert.equal(original, POD);
    if (owned.patch !== true) assert.equal(patch, PATCH);
  });
}

Owning.run();

// ---

const Rewrite = suite('probes: applyRewrite copies on write');

Rewrite('the input is untouched; containers without probes are shared, rewritten ones are new', () => {
  const input: Obj = {
    metadata: {},
    spec: {
      containers: [
        { name: 'web', readinessProbe: { httpGet: { port: 8080, path: '/ready' } } },
        { name: 'plain', image: 'x' },
        { name: 'istio-proxy', image: 'proxyv2', env: [{ name: 'A', value: 'b' }] },
      ],
      volumes: [{ name: 'v', emptyDir: {} }],
    },
  };
  const before = copy(input);
  const out = applyRewrite(input, { rewriteAppHTTPProbe: true, meshStatusPort: 15020 });
  assert.equal(input, before, 'input untouched');
  const [web, plain, sidecar] = (out['spec'] as Obj)['containers'] as Obj[];
  const [webIn, plainIn, sidecarIn] = (input['spec'] as Obj)['containers'] as Obj[];
  assert.equal(web, { name: 'web', readinessProbe: { httpGet: { port: 15020, path: '/app-health/web/readyz' } } });
  assert.equal(sidecar?.['env'], [
    { name: 'A', value: 'b' },
    { name: 'ISTIO_KUBE_APP_PROBERS', value: '{"/app-health/web/readyz":{"httpGet":{"path":"/ready","port":8080}}}' },
  ]);
  assert.ok(web !== webIn && sidecar !== sidecarIn, 'edited containers are copies');
  assert.ok(plain === plainIn, 'an untouched container is shared');
  assert.ok((out['spec'] as Obj)['volumes'] === (input['spec'] as Obj)['volumes'], 'untouched fields are shared');
});

Rewrite.run();
