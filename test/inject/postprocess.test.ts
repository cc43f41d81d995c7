import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAllDocuments } from 'yaml';
import {
  applyMetadata,
  kubernetesMinor,
  modifyContainers,
  moveProxyToInitContainers,
  nativeSidecarsEnabled,
  overwriteClusterInfo,
  podUsesNativeSidecar,
  postProcessPod,
  reorderPod,
  valuesHoldApplicationUntilProxyStarts,
  valuesRewriteAppHTTPProbe,
  type NativeSidecarsSetting,
} from '../../src/inject/postprocess.ts';
import { parseInjectionStatus } from '../../src/inject/status.ts';
import { readShared, sharedPath } from '../support/shared.ts';

type Obj = Record<string, unknown>;

const c = (name: string, extra: Obj = {}): Obj => ({ name, ...extra });
const names = (list: unknown): string[] => ((list as Obj[]) ?? []).map((x) => x['name'] as string);
const spec = (p: Obj): Obj => p['spec'] as Obj;

function podsOf(text: string): Obj[] {
  const out: Obj[] = [];
  const visit = (doc: unknown): void => {
    if (doc === null || typeof doc !== 'object') return;
    const o = doc as Obj;
    const s = o['spec'] as Obj | undefined;
    if (o['kind'] === 'List') (o['items'] as unknown[]).forEach(visit);
    else if (o['kind'] === 'Pod') out.push({ metadata: o['metadata'] ?? {}, spec: s ?? {} });
    else if (s && typeof s['template'] === 'object') out.push(s['template'] as Obj);
  };
  for (const doc of parseAllDocuments(text)) visit(doc.toJS());
  return out;
}

// ---

const Native = suite('postprocess: native sidecar decisions');

Native('global setting (spec §11 and the nativeSidecars option)', () => {
  const rows: [NativeSidecarsSetting | undefined, string | undefined, boolean][] = [
    [undefined, undefined, true],
    ['auto', undefined, true],
    ['auto', '1.33', true],
    ['auto', '1.32', false],
    ['auto', '1.28', false],
    ['auto', 'v1.34.0', true],
    ['auto', '1.33.0-gke.100', true],
    ['auto', '1', false],
    ['auto', 'garbage', false],
    ['true', '1.28', true],
    [true, undefined, true],
    ['false', undefined, false],
    [false, '1.40', false],
    ['yes' as NativeSidecarsSetting, undefined, false],
  ];
  for (const [setting, version, want] of rows) assert.is(nativeSidecarsEnabled(setting, version), want, `${String(setting)} ${version}`);
  assert.is(kubernetesMinor('v1.33.2'), 33);
  assert.is(kubernetesMinor(''), undefined);
});

Native('per pod: annotation exactly "true"/"false" (native-sidecar-opt-in/opt-out goldens), else global', () => {
  const key = 'sidecar.istio.io/nativeSidecar';
  assert.is(podUsesNativeSidecar({ [key]: 'true' }, false), true);
  assert.is(podUsesNativeSidecar({ [key]: 'false' }, true), false);
  assert.is(podUsesNativeSidecar({ [key]: 'yes' }, false), false);
  assert.is(podUsesNativeSidecar({ [key]: 'True' }, true), true);
  assert.is(podUsesNativeSidecar({}, true), true);
});

Native('the user istio-proxy moves to the end of initContainers (proxy-override.yaml)', () => {
  const template = { spec: { initContainers: [c('istio-init'), c('istio-proxy')] } };
  const merged = { metadata: {}, spec: { initContainers: [c('istio-init', { image: 'mine' })], containers: [c('hello'), c('istio-proxy', { tty: true }), c('istio-proxy', { n: 2 })] } };
  const out = moveProxyToInitContainers(merged, template, true);
  assert.equal(spec(out)['containers'], [c('hello'), c('istio-proxy', { n: 2 })]);
  assert.equal(spec(out)['initContainers'], [c('istio-init', { image: 'mine' }), c('istio-proxy', { tty: true })]);
  assert.equal(names(spec(merged)['containers']), ['hello', 'istio-proxy', 'istio-proxy'], 'input untouched');
  assert.is(moveProxyToInitContainers(merged, template, false), merged);
  const optIn = { ...merged, metadata: { annotations: { 'sidecar.istio.io/nativeSidecar': 'true' } } };
  assert.not.equal(moveProxyToInitContainers(optIn, template, false), optIn);
  const nonNative = { spec: { containers: [c('istio-proxy')] } };
  assert.is(moveProxyToInitContainers(merged, nonNative, true), merged);
});

Native.run();

// ---

const Order = suite('postprocess: reorderPod (spec §12)');

Order('modifyContainers: all matches taken out, the last one put back', () => {
  const list = [c('a', { n: 1 }), c('b'), c('a', { n: 2 })];
  assert.equal(modifyContainers(list, 'a', 'first'), [c('a', { n: 2 }), c('b')]);
  assert.equal(modifyContainers(list, 'a', 'last'), [c('b'), c('a', { n: 2 })]);
  assert.equal(modifyContainers(list, 'a', 'remove'), [c('b')]);
  assert.equal(modifyContainers(list, 'zz', 'first'), list);
});

Order('non-native: proxy last (hello-old-version.yaml.injected), first with hold; istio-validation first, istio-init then enable-core-dump last', () => {
  const merged = { spec: { containers: [c('istio-proxy'), c('hello'), c('world')], initContainers: [c('istio-init'), c('enable-core-dump'), c('user'), c('istio-validation')] } };
  const out = reorderPod(merged, false);
  assert.equal(names(spec(out)['containers']), ['hello', 'world', 'istio-proxy']);
  assert.equal(names(spec(out)['initContainers']), ['istio-validation', 'user', 'istio-init', 'enable-core-dump']);
  assert.equal(names(spec(reorderPod(merged, true))['containers']), ['istio-proxy', 'hello', 'world']);
});

Order('native: istio-init|istio-validation, istio-proxy, enable-core-dump, user inits (multi-init.yaml.injected)', () => {
  const merged = { spec: { containers: [c('hello')], initContainers: [c('init-one'), c('enable-core-dump'), c('istio-proxy'), c('init-two'), c('istio-init')] } };
  assert.equal(names(spec(reorderPod(merged, true))['initContainers']), ['istio-init', 'istio-proxy', 'enable-core-dump', 'init-one', 'init-two']);
  const cni = { spec: { initContainers: [c('init-one'), c('istio-proxy'), c('istio-validation')] } };
  assert.equal(names(spec(reorderPod(cni, false))['initContainers']), ['istio-validation', 'istio-proxy', 'init-one']);
});

Order('every golden is already in reorderPod order', () => {
  if (!sharedPath('conformance/istio/cases.json', 'reorder goldens')) return;
  const cases = (JSON.parse(readShared('conformance/istio/cases.json')) as { cases: { golden: string; settings: string; expectError: string | null }[] }).cases;
  let checked = 0;
  for (const k of cases) {
    if (k.expectError !== null) continue;
    const values = JSON.parse(readShared(`conformance/istio/settings/${k.settings}/inject-values.json`)) as unknown;
    for (const golden of podsOf(readShared(`conformance/istio/${k.golden}`))) {
      const annotations = ((golden['metadata'] as Obj)?.['annotations'] as Obj) ?? {};
      if (!('sidecar.istio.io/status' in annotations)) continue;
      const hold = valuesHoldApplicationUntilProxyStarts(values) || String(annotations['proxy.istio.io/config'] ?? '').includes('holdApplicationUntilProxyStarts: true');
      const out = reorderPod(golden, hold);
      assert.equal(names(spec(out)['containers']), names(spec(golden)['containers']), k.golden);
      assert.equal(names(spec(out)['initContainers']), names(spec(golden)['initContainers']), k.golden);
      checked++;
    }
  }
  assert.ok(checked > 80, `checked ${checked}`);
});

Order.run();

// ---

const Meta = suite('postprocess: cluster info and metadata');

Meta('overwriteClusterInfo: proxy env names removed and re-appended sorted (hello.yaml.cni.injected)', () => {
  const merged = {
    spec: {
      initContainers: [
        c('istio-proxy', {
          env: [
            { name: 'ISTIO_META_CLUSTER_ID', value: 'Kubernetes' },
            { name: 'ISTIO_META_NETWORK', value: 'network1' },
            { name: 'TRUST_DOMAIN', value: 'cluster.local' },
          ],
        }),
      ],
    },
  };
  const out = overwriteClusterInfo(merged, { ISTIO_META_NETWORK: 'network1', ISTIO_META_CLUSTER_ID: 'c1' });
  assert.equal((spec(out)['initContainers'] as Obj[])[0]?.['env'], [
    { name: 'TRUST_DOMAIN', value: 'cluster.local' },
    { name: 'ISTIO_META_CLUSTER_ID', value: 'c1' },
    { name: 'ISTIO_META_NETWORK', value: 'network1' },
  ]);
  assert.is(overwriteClusterInfo(merged, {}), merged);
  const noProxy = { spec: { containers: [c('hello')] } };
  assert.is(overwriteClusterInfo(noProxy, { ISTIO_META_NETWORK: 'n' }), noProxy);
});

Meta('applyMetadata: network label, status from the template pod, injected annotations', () => {
  const template = { spec: { initContainers: [c('istio-init')], containers: [c('istio-proxy')] } };
  const out = applyMetadata({ metadata: { labels: { app: 'x' } }, spec: {} }, template, {
    proxyEnvs: { ISTIO_META_NETWORK: 'network1' },
    revision: '',
    injectedAnnotations: JSON.parse('{"a/b":"c","__proto__":"data"}') as Record<string, string>,
  });
  assert.equal((out['metadata'] as Obj)['labels'], { app: 'x', 'topology.istio.io/network': 'network1' });
  const annotations = (out['metadata'] as Obj)['annotations'] as Obj;
  assert.is(annotations['sidecar.istio.io/status'], '{"initContainers":["istio-init"],"containers":["istio-proxy"],"volumes":null,"imagePullSecrets":null,"revision":"default"}');
  assert.is(annotations['a/b'], 'c');
  assert.ok(Object.hasOwn(annotations, '__proto__') && Object.getPrototypeOf(annotations) === Object.prototype, '__proto__ stays data');
  const noNetwork = applyMetadata({ spec: {} }, template, { revision: 'canary' });
  assert.is((noNetwork['metadata'] as Obj)['labels'], undefined);
});

Meta('values flags as Go reads them (BoolValue: absent → false)', () => {
  assert.is(valuesRewriteAppHTTPProbe({ sidecarInjectorWebhook: { rewriteAppHTTPProbe: true } }), true);
  assert.is(valuesRewriteAppHTTPProbe({}), false);
  assert.is(valuesHoldApplicationUntilProxyStarts(new Map([['global', { proxy: { holdApplicationUntilProxyStarts: true } }]])), true);
  assert.is(valuesHoldApplicationUntilProxyStarts({ global: { proxy: { holdApplicationUntilProxyStarts: 'true' } } }), false);
});

Meta.run();

// ---

const Whole = suite('postprocess: postProcessPod on goldens');

/** The pod as Istio's merge leaves it before postProcessPod, reconstructed from a golden and its input. */
function mergedBefore(golden: Obj, input: Obj): Obj {
  const m = structuredClone(golden);
  const annotations = (m['metadata'] as Obj)['annotations'] as Obj;
  for (const k of Object.keys(annotations)) if (k.startsWith('prometheus.io/') || k === 'sidecar.istio.io/status') delete annotations[k];
  Object.assign(annotations, (input['metadata'] as Obj)['annotations'] ?? {});
  const inputApps = new Map([...((spec(input)['containers'] as Obj[]) ?? []), ...((spec(input)['initContainers'] as Obj[]) ?? [])].map((x) => [x['name'], x]));
  for (const list of ['containers', 'initContainers']) {
    for (const x of (spec(m)[list] as Obj[]) ?? []) {
      const original = inputApps.get(x['name']);
      if (x['name'] === 'istio-proxy') x['env'] = (x['env'] as Obj[]).filter((e) => !['ISTIO_KUBE_APP_PROBERS', 'ISTIO_PROMETHEUS_ANNOTATIONS'].includes(e['name'] as string));
      else if (original) for (const f of ['readinessProbe', 'livenessProbe', 'startupProbe', 'lifecycle']) if (f in original) x[f] = structuredClone(original[f]);
    }
  }
  // Template containers come first out of the merge; reorderPod puts the proxy back.
  const containers = (spec(m)['containers'] as Obj[]) ?? [];
  spec(m)['containers'] = [...containers.filter((x) => x['name'] === 'istio-proxy'), ...containers.filter((x) => x['name'] !== 'istio-proxy')];
  return m;
}

function templateFromStatus(golden: Obj): Obj {
  const status = parseInjectionStatus(((golden['metadata'] as Obj)['annotations'] as Obj)['sidecar.istio.io/status'] as string);
  const asItems = (list: readonly string[] | null | undefined) => (list ?? []).map((name) => ({ name }));
  return { spec: { initContainers: asItems(status?.initContainers), containers: asItems(status?.containers), volumes: asItems(status?.volumes), imagePullSecrets: asItems(status?.imagePullSecrets) } };
}

Whole('hello-probes, https-probes, two_container, hello-multiport-metrics, hello-old-version (default settings)', () => {
  if (!sharedPath('conformance/istio/cases.json', 'postProcessPod goldens')) return;
  const rows: [string, string, boolean][] = [
    ['hello-probes.yaml', 'hello-probes.yaml.injected', false],
    ['https-probes.yaml', 'https-probes.yaml.injected', false],
    ['two_container.yaml', 'two_container.yaml.injected', false],
    ['hello-multiport-metrics.yaml', 'hello-multiport-metrics.yaml.injected', false],
    ['hello.yaml', 'hello-old-version.yaml.injected', false],
  ];
  for (const [inputName, goldenName, hold] of rows) {
    const [input] = podsOf(readShared(`conformance/istio/inject/${inputName}`));
    const [golden] = podsOf(readShared(`conformance/istio/inject/${goldenName}`));
    if (!input || !golden) throw new Error(`no pod in ${inputName}`);
    const merged = mergedBefore(golden, input);
    const result = postProcessPod(merged, templateFromStatus(golden), {
      proxyEnvs: {},
      meshStatusPort: 15020,
      rewriteAppHTTPProbe: true,
      holdApplicationUntilProxyStarts: hold,
      revision: '',
    });
    assert.ok(result.ok, goldenName);
    if (result.ok) assert.equal(result.pod, golden, goldenName);
  }
});

Whole('hello.yaml.cni.injected: the network env moves last and the network label is set', () => {
  if (!sharedPath('conformance/istio/inject/hello.yaml.cni.injected', 'postProcessPod CNI golden')) return;
  const [input] = podsOf(readShared('conformance/istio/inject/hello.yaml'));
  const [golden] = podsOf(readShared('conformance/istio/inject/hello.yaml.cni.injected'));
  if (!input || !golden) throw new Error('no pod');
  const merged = mergedBefore(golden, input);
  delete ((merged['metadata'] as Obj)['labels'] as Obj)['topology.istio.io/network'];
  const sidecar = (spec(merged)['initContainers'] as Obj[]).find((x) => x['name'] === 'istio-proxy') as Obj;
  const env = sidecar['env'] as Obj[];
  const network = env.splice(env.findIndex((e) => e['name'] === 'ISTIO_META_NETWORK'), 1)[0] as Obj;
  env.splice(env.findIndex((e) => e['name'] === 'ISTIO_META_INTERCEPTION_MODE') + 1, 0, network);
  const result = postProcessPod(merged, templateFromStatus(golden), {
    proxyEnvs: { ISTIO_META_NETWORK: 'network1' },
    meshStatusPort: 15020,
    rewriteAppHTTPProbe: true,
    holdApplicationUntilProxyStarts: false,
    revision: '',
  });
  assert.ok(result.ok);
  if (result.ok) assert.equal(result.pod, golden);
});

Whole('a Prometheus problem aborts', () => {
  const result = postProcessPod(
    { metadata: { annotations: { 'prometheus.io/port': '15090' } }, spec: { containers: [c('istio-proxy')] } },
    { spec: {} },
    { meshStatusPort: 15020, rewriteAppHTTPProbe: true, holdApplicationUntilProxyStarts: false, revision: '' },
  );
  assert.ok(!result.ok);
});

Whole.run();
