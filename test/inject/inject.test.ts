/**
 * The inject processor through `run(injectProcessor, input)`: every workload kind (istio-injection.md §2 paths),
 * Lists (nested too), a mixed stream (non-workloads byte-identical, comments kept), idempotence, skips and their
 * results (ARCHITECTURE.md §7), invalid annotations, a malformed functionConfig, webhook mode.
 *
 * A small injector config of our own keeps these tests independent of ../shared; the expected values follow from
 * the specification: the status annotation's shape (§8), Quantity canonicalization (`2000m` → `"2"`, §19), keys
 * unknown to the Pod schema dropped (§7), TypeMeta/DeploymentMeta per kind (§2), Prometheus merge (§10: port =
 * the mesh status port 15020, path `/stats/prometheus`, scrape `true`), istio-proxy last among containers (§12).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAllDocuments, stringify as stringifyYAML } from 'yaml';
import { run } from '../../src/krm/processor.ts';
import type { RunOptions } from '../../src/krm/processor.ts';
import { injectProcessor } from '../../src/inject/inject.ts';
import { newDocument } from '../../src/yaml/codec.ts';
import { readFileSync } from 'node:fs';
import { firstDifference } from '../support/structural.ts';
import { sharedPath } from '../support/shared.ts';

type JSONObject = Record<string, unknown>;

/** YAML text of a value; objects shared by the fixtures are written out in full (no anchors). */
function stringify(value: unknown): string {
  return stringifyYAML(value, { aliasDuplicateObjects: false });
}

const TEMPLATE = `
metadata:
  annotations:
    example.com/owner: "{{ .TypeMeta.Kind }}/{{ .DeploymentMeta.Name }}"
spec:
  initContainers:
  - name: istio-init
    image: "{{ .Values.global.hub }}/proxyv2:{{ .Values.global.tag }}"
  containers:
  - name: istio-proxy
    image: "{{ .Values.global.hub }}/proxyv2:{{ .Values.global.tag }}"
    notAPodField: dropped
    resources:
      limits:
        cpu: 2000m
        memory: 1024Mi
`;

const INJECTOR_CONFIG = stringify({ policy: 'enabled', templates: { sidecar: TEMPLATE } });
const VALUES = JSON.stringify({ global: { hub: 'example.io/istio', tag: '1.32' } });
const IMAGE = 'example.io/istio/proxyv2:1.32';
const STATUS = '{"initContainers":["istio-init"],"containers":["istio-proxy"],"volumes":null,"imagePullSecrets":null,"revision":"default"}';

function functionConfig(extra: Record<string, string> = {}): JSONObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'inject' }, data: { config: INJECTOR_CONFIG, values: VALUES, mesh: '', ...extra } };
}

function resourceList(items: unknown[], config: unknown = functionConfig()): string {
  return stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, functionConfig: config });
}

interface Outcome {
  readonly exitCode: number;
  readonly output: string;
  readonly items: JSONObject[];
  readonly results: JSONObject[];
}

function inject(input: string, options: RunOptions = {}): Outcome {
  const out = run(injectProcessor, input, options);
  const docs = parseAllDocuments(out.output).map((d) => d.toJS() as JSONObject).filter((d) => d !== null);
  const rl = docs[0];
  const wrapped = rl?.['kind'] === 'ResourceList';
  return {
    exitCode: out.exitCode,
    output: out.output,
    items: wrapped ? ((rl['items'] as JSONObject[] | undefined) ?? []) : docs,
    results: wrapped ? ((rl['results'] as JSONObject[] | undefined) ?? []) : (out.results as unknown as JSONObject[]),
  };
}

function at(obj: unknown, path: readonly (string | number)[]): unknown {
  let cur = obj;
  for (const step of path) cur = cur === null || typeof cur !== 'object' ? undefined : (cur as Record<string | number, unknown>)[step];
  return cur;
}

function names(list: unknown): string[] {
  return Array.isArray(list) ? list.map((c) => String((c as JSONObject)['name'])) : [];
}

const app = { name: 'app', image: 'nginx' };
const podSpec = { containers: [app] };
const template = { metadata: { labels: { app: 'web' } }, spec: podSpec };

// --- every kind ----------------------------------------------------------------------------------------------------

const Kinds = suite('inject: every workload kind');

const KIND_CASES: { kind: string; object: JSONObject; meta: string[]; spec: string[]; owner: string }[] = [
  { kind: 'Pod', object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: podSpec }, meta: ['metadata'], spec: ['spec'], owner: 'Pod/web' },
  { kind: 'Deployment', object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { template } }, meta: ['spec', 'template', 'metadata'], spec: ['spec', 'template', 'spec'], owner: 'Deployment/web' },
  { kind: 'StatefulSet', object: { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' }, spec: { template } }, meta: ['spec', 'template', 'metadata'], spec: ['spec', 'template', 'spec'], owner: 'StatefulSet/db' },
  { kind: 'DaemonSet', object: { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent' }, spec: { template } }, meta: ['spec', 'template', 'metadata'], spec: ['spec', 'template', 'spec'], owner: 'DaemonSet/agent' },
  { kind: 'ReplicaSet', object: { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'rs' }, spec: { template } }, meta: ['spec', 'template', 'metadata'], spec: ['spec', 'template', 'spec'], owner: 'ReplicaSet/rs' },
  { kind: 'ReplicationController', object: { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'rc' }, spec: { template } }, meta: ['spec', 'template', 'metadata'], spec: ['spec', 'template', 'spec'], owner: 'ReplicationController/rc' },
  { kind: 'Job', object: { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'once' }, spec: { template } }, meta: ['spec', 'template', 'metadata'], spec: ['spec', 'template', 'spec'], owner: 'Job/once' },
  // Istio's quirk: a CronJob's annotations are read and written on the Job template's metadata.
  { kind: 'CronJob', object: { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly' }, spec: { schedule: '0 0 * * *', jobTemplate: { spec: { template } } } }, meta: ['spec', 'jobTemplate', 'metadata'], spec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'], owner: 'CronJob/nightly' },
  { kind: 'DeploymentConfig', object: { apiVersion: 'apps.openshift.io/v1', kind: 'DeploymentConfig', metadata: { name: 'dc' }, spec: { template } }, meta: ['spec', 'template', 'metadata'], spec: ['spec', 'template', 'spec'], owner: 'DeploymentConfig/dc' },
];

function assertInjected(item: unknown, meta: readonly string[], spec: readonly string[], owner: string): void {
  const annotations = at(item, [...meta, 'annotations']) as JSONObject;
  assert.is(annotations['sidecar.istio.io/status'], STATUS);
  assert.is(annotations['example.com/owner'], owner);
  assert.is(annotations['prometheus.io/port'], '15020');
  assert.is(annotations['prometheus.io/path'], '/stats/prometheus');
  assert.is(annotations['prometheus.io/scrape'], 'true');
  const podSpecOut = at(item, spec);
  assert.equal(names(at(podSpecOut, ['containers'])), ['app', 'istio-proxy']);
  assert.equal(names(at(podSpecOut, ['initContainers'])), ['istio-init']);
  const proxy = (at(podSpecOut, ['containers']) as JSONObject[])[1]!;
  assert.is(proxy['image'], IMAGE);
  assert.equal(proxy['resources'], { limits: { cpu: '2', memory: '1Gi' } });
  assert.not.ok(Object.hasOwn(proxy, 'notAPodField'));
}

for (const c of KIND_CASES) {
  Kinds(`${c.kind}: the sidecar lands in the pod template`, () => {
    const out = inject(resourceList([c.object]));
    assert.is(out.exitCode, 0);
    assert.equal(out.results, []);
    assert.is(out.items.length, 1);
    assertInjected(out.items[0], c.meta, c.spec, c.owner);
    assert.is(out.items[0]!['kind'], c.kind);
  });
}

Kinds('List: every item is injected, Lists nested in Lists too', () => {
  const [pod, deployment] = [KIND_CASES[0]!, KIND_CASES[1]!];
  const list = { apiVersion: 'v1', kind: 'List', items: [pod.object, { apiVersion: 'v1', kind: 'List', items: [deployment.object] }] };
  const out = inject(resourceList([list]));
  assert.is(out.exitCode, 0);
  assertInjected(at(out.items[0], ['items', 0]), pod.meta, pod.spec, pod.owner);
  assertInjected(at(out.items[0], ['items', 1, 'items', 0]), deployment.meta, deployment.spec, deployment.owner);
});

Kinds('a second run on the output changes nothing (every kind)', () => {
  const first = inject(resourceList(KIND_CASES.map((c) => c.object)));
  const second = run(injectProcessor, first.output);
  assert.is(second.exitCode, 0);
  assert.is(second.output, first.output);
});

Kinds.run();

// --- a mixed stream ------------------------------------------------------------------------------------------------

const Stream = suite('inject: a mixed stream');

const SERVICE = `# The front door
apiVersion: v1
kind: Service
metadata:
  name: web   # keep this comment
spec:
  ports:
    - port: 80
      targetPort: 'http'
`;

const CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data:
  enabled: yes
  level: "01"
`;

const DEPLOYMENT = `# The web tier
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2 # two replicas
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        # the application
        - name: app
          image: nginx:1.27 # pinned
          x-team-note: kept as written
`;

const STREAM = `${SERVICE}---\n${CONFIGMAP}---\n${DEPLOYMENT}`;

function streamOptions(extra: Record<string, string> = {}): RunOptions {
  return { functionConfig: newDocument(functionConfig(extra)) };
}

Stream('Services and ConfigMaps come out byte for byte; the Deployment keeps its comments and unknown fields', () => {
  const out = inject(STREAM, streamOptions());
  assert.is(out.exitCode, 0);
  const [service, configMap, deployment] = out.output.split(/^---\n/m);
  assert.is(service, SERVICE);
  assert.is(configMap, CONFIGMAP);
  assert.ok(deployment);
  for (const kept of ['# The web tier', '# two replicas', '# the application', '# pinned', 'x-team-note: kept as written']) {
    assert.ok(deployment.includes(kept), `the Deployment keeps "${kept}"`);
  }
  assertInjected(out.items[2], ['spec', 'template', 'metadata'], ['spec', 'template', 'spec'], 'Deployment/web');
});

Stream('idempotence: the output run again is identical', () => {
  const first = run(injectProcessor, STREAM, streamOptions());
  const second = run(injectProcessor, first.output, streamOptions());
  assert.is(second.exitCode, 0);
  assert.is(second.output, first.output);
});

Stream('--explain reports every decision as an info result with its reason', () => {
  const out = run(injectProcessor, STREAM, { ...streamOptions(), explain: true });
  const reasons = out.results.map((r) => [r.severity, r.tags?.['reason'], r.resourceRef?.kind]);
  assert.equal(reasons, [
    ['info', 'skipped:unsupported-kind', 'Service'],
    ['info', 'skipped:unsupported-kind', 'ConfigMap'],
    ['info', 'injected', 'Deployment'],
  ]);
});

Stream.run();

// --- skips and errors ----------------------------------------------------------------------------------------------

const Skips = suite('inject: skips, warnings and errors');

const deployment = (podMeta: JSONObject, spec: JSONObject = podSpec, meta: JSONObject = { name: 'web' }): JSONObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: meta,
  spec: { template: { metadata: podMeta, spec } },
});

Skips('hostNetwork: a warning in Istio words, the item unchanged', () => {
  const input = stringify(deployment({ labels: { app: 'web' } }, { hostNetwork: true, containers: [app] }, { name: 'web', namespace: 'shop' }));
  const out = run(injectProcessor, input, streamOptions());
  assert.is(out.exitCode, 0);
  assert.is(out.output, input);
  assert.is(out.results.length, 1);
  const r = out.results[0]!;
  assert.is(r.severity, 'warning');
  assert.is(r.tags?.['reason'], 'skipped:hostNetwork');
  assert.ok(r.message.includes('Skipping injection because Deployment "shop/web" has host networking enabled'), r.message);
});

Skips('sidecar.istio.io/inject: "false" skips silently (info with --explain)', () => {
  const input = stringify(deployment({ labels: { 'sidecar.istio.io/inject': 'false' } }));
  const quiet = run(injectProcessor, input, streamOptions());
  assert.is(quiet.output, input);
  assert.equal(quiet.results, []);
  const explained = run(injectProcessor, input, { ...streamOptions(), explain: true });
  assert.equal(explained.results.map((r) => [r.severity, r.tags?.['reason']]), [['info', 'skipped:label-false']]);
});

Skips('an invalid annotation: an error naming the resource and the field; exit 1; every item still written', () => {
  const bad = deployment({ annotations: { 'traffic.sidecar.istio.io/excludeOutboundIPRanges': '10.0.0.1' } });
  const good = { ...deployment({}), metadata: { name: 'api' } };
  const out = inject(resourceList([bad, good, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }]));
  assert.is(out.exitCode, 1);
  assert.is(out.items.length, 3);
  assert.equal(out.items[0], bad);
  assertInjected(out.items[1], ['spec', 'template', 'metadata'], ['spec', 'template', 'spec'], 'Deployment/api');
  assert.is(out.results.length, 1);
  const r = out.results[0]!;
  assert.is(r['severity'], 'error');
  assert.equal(r['resourceRef'], { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' });
  assert.equal(r['field'], {
    path: 'spec.template.metadata.annotations["traffic.sidecar.istio.io/excludeOutboundIPRanges"]',
    currentValue: '10.0.0.1',
  });
  assert.equal(r['tags'], { reason: 'error:invalid-annotation' });
  const message = String(r['message']);
  assert.ok(message.includes("invalid value '10.0.0.1' for annotation 'traffic.sidecar.istio.io/excludeOutboundIPRanges'"), message);
  assert.ok(message.includes('excludeIPRanges invalid'), message);
});

Skips('an unknown kind with a pod template: a warning that suggests podTemplatePaths', () => {
  const input = stringify({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { template: { spec: podSpec } } });
  const out = run(injectProcessor, input, streamOptions());
  assert.is(out.exitCode, 0);
  assert.is(out.output, input);
  assert.equal(out.results.map((r) => [r.severity, r.tags?.['reason']]), [['warning', 'skipped:unsupported-kind']]);
  assert.ok(out.results[0]!.message.includes('podTemplatePaths'));
});

Skips('Kptfiles and local-config items are never touched', () => {
  const local = { ...deployment({}), metadata: { name: 'cfg', annotations: { 'config.kubernetes.io/local-config': 'true' } } };
  const kptfile = { apiVersion: 'kpt.dev/v1', kind: 'Kptfile', metadata: { name: 'pkg' } };
  const out = inject(resourceList([local, kptfile]));
  assert.is(out.exitCode, 0);
  assert.equal(out.items, [local, kptfile]);
});

Skips('a template that fails: error:template naming the template; the item unchanged', () => {
  const config = stringify({ templates: { sidecar: 'spec:\n  containers: {{ index .Values.nope 1 }}\n' } });
  const input = stringify(deployment({}));
  const out = run(injectProcessor, input, streamOptions({ config }));
  assert.is(out.exitCode, 1);
  assert.is(out.output, input);
  assert.equal(out.results.map((r) => r.tags?.['reason']), ['error:template']);
  assert.ok(out.results[0]!.message.includes('template "sidecar"'), out.results[0]!.message);
});

Skips.run();

// --- the functionConfig --------------------------------------------------------------------------------------------

const Config = suite('inject: functionConfig problems');

function configErrors(config: unknown): { exitCode: number; items: JSONObject[]; fields: unknown[] } {
  const item = deployment({});
  const out = inject(resourceList([item], config));
  return { exitCode: out.exitCode, items: out.items, fields: out.results.map((r) => (r['field'] as JSONObject | undefined)?.['path']) };
}

Config('an invalid option value: exit 1, the field named, nothing injected', () => {
  const out = configErrors(functionConfig({ nativeSidecars: 'maybe' }));
  assert.is(out.exitCode, 1);
  assert.equal(out.fields, ['data.nativeSidecars']);
  assert.equal(out.items, [deployment({})]);
});

Config('a template with a syntax error: the config field is named', () => {
  const out = configErrors(functionConfig({ config: stringify({ templates: { sidecar: '{{ if }}' } }) }));
  assert.is(out.exitCode, 1);
  assert.equal(out.fields, ['data.config']);
  assert.equal(out.items, [deployment({})]);
});

Config('values that are not a map, and a mesh config that is not valid: both reported', () => {
  const out = configErrors(functionConfig({ values: '[1, 2]', mesh: 'defaultConfig: {statusPort: "x"}' }));
  assert.is(out.exitCode, 1);
  assert.equal(out.fields, ['data.values', 'data.mesh']);
});

Config('a functionConfig of an unknown kind', () => {
  const out = configErrors({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } });
  assert.is(out.exitCode, 1);
  assert.equal(out.fields, ['kind']);
});

Config.run();

// --- webhook mode --------------------------------------------------------------------------------------------------

const Webhook = suite('inject: webhook mode');

Webhook('the namespace label decides, as the cluster webhook would', () => {
  const namespace = (labels: JSONObject): JSONObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels } });
  const item = deployment({}, podSpec, { name: 'web', namespace: 'shop' });
  const config = functionConfig({ mode: 'webhook' });
  const enabled = inject(resourceList([namespace({ 'istio-injection': 'enabled' }), item], config));
  assert.is(enabled.exitCode, 0);
  assertInjected(enabled.items[1], ['spec', 'template', 'metadata'], ['spec', 'template', 'spec'], 'Deployment/web');
  const unlabelled = inject(resourceList([namespace({}), item], config));
  assert.equal(unlabelled.items[1], item);
});

Webhook.run();

// --- the embedded default ------------------------------------------------------------------------------------------

const Defaults = suite('inject: the embedded default');

Defaults('no functionConfig: the embedded default injects a native sidecar (status as istio-injection.md §8)', () => {
  const input = stringify(deployment({ labels: { app: 'web' } }));
  const out = inject(input);
  assert.is(out.exitCode, 0);
  const annotations = at(out.items[0], ['spec', 'template', 'metadata', 'annotations']) as JSONObject;
  assert.is(
    annotations['sidecar.istio.io/status'],
    '{"initContainers":["istio-init","istio-proxy"],"containers":null,"volumes":["workload-socket","credential-socket","workload-certs","istio-envoy","istio-data","istio-podinfo","istio-token","istiod-ca-cert","istio-ca-crl"],"imagePullSecrets":null,"revision":"default"}',
  );
  const second = run(injectProcessor, out.output);
  assert.is(second.output, out.output);
});

/** Every `<registry>/proxyv2:<tag>` image becomes `proxyv2`: the one thing the golden may differ in. */
function withoutProxyImages(value: unknown): unknown {
  if (typeof value === 'string') return /^\S+\/proxyv2:\S+$/.test(value) ? 'proxyv2' : value;
  if (Array.isArray(value)) return value.map(withoutProxyImages);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutProxyImages(v)]));
  return value;
}

const HELLO = sharedPath('conformance/istio/inject/hello.yaml', "the embedded default against Istio's hello.yaml golden");

Defaults("an empty functionConfig (kpt's `data: {}`) gives hello.yaml the pod of Istio's golden hello.yaml.injected, images aside", () => {
  if (!HELLO) return;
  const input = readFileSync(HELLO, 'utf8');
  const golden = parseAllDocuments(readFileSync(`${HELLO}.injected`, 'utf8')).map((d) => d.toJS() as unknown).filter((d) => d !== null);
  const emptyConfig = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'function-input' }, data: {} };
  const out = inject(resourceList(parseAllDocuments(input).map((d) => d.toJS() as unknown), emptyConfig));
  assert.is(out.exitCode, 0);
  assert.equal(out.results, []);
  assert.is(firstDifference(withoutProxyImages(out.items) as unknown[], withoutProxyImages(golden) as unknown[]), undefined);
  // The images really are the only difference: ours name the public image, the golden Istio's test registry.
  assert.is(firstDifference(out.items, golden), '[0].spec.template.spec.initContainers[0].image');
  // The same through file mode's shape (a bare stream, no functionConfig at all).
  const plain = inject(input);
  assert.is(plain.exitCode, 0);
  assert.is(firstDifference(withoutProxyImages(plain.items) as unknown[], withoutProxyImages(golden) as unknown[]), undefined);
});

Defaults.run();

// --- Go's typed pod ------------------------------------------------------------------------------------------------

const Typed = suite("inject: the template's output as Go's corev1.Pod");

Typed('a number where the Pod schema wants a string is an error, with encoding/json\'s message', () => {
  const config = stringify({ templates: { sidecar: 'spec:\n  containers:\n  - name: istio-proxy\n    env:\n    - name: PORT\n      value: 15020\n' } });
  const input = stringify(deployment({}));
  const out = run(injectProcessor, input, streamOptions({ config }));
  assert.is(out.exitCode, 1);
  assert.is(out.output, input);
  assert.equal(out.results.map((r) => r.tags?.['reason']), ['error:template']);
  const message = out.results[0]!.message;
  assert.ok(message.includes('json: cannot unmarshal number into Go struct field EnvVar.spec.containers.env.value of type string'), message);
});

Typed('a user pod Go cannot read is reported, not injected', () => {
  const input = stringify(deployment({}, { containers: [{ name: 'app', image: 'nginx', ports: [{ containerPort: 'http' }] }] }));
  const out = run(injectProcessor, input, streamOptions());
  assert.is(out.exitCode, 1);
  assert.is(out.output, input);
  assert.equal(out.results.map((r) => [r.tags?.['reason'], r.field?.path]), [['error:invalid-pod', 'spec.template.spec.containers.0.ports.0.containerPort']]);
  assert.ok(out.results[0]!.message.includes('json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32'), out.results[0]!.message);
});

Typed.run();

// --- minimal edits -------------------------------------------------------------------------------------------------

const Edits = suite('inject: write-back touches only what changed');

Edits('an upgrade (a new tag) on an injected manifest changes exactly the two image lines', () => {
  const first = run(injectProcessor, DEPLOYMENT, streamOptions());
  const upgraded = run(injectProcessor, first.output, streamOptions({ values: JSON.stringify({ global: { hub: 'example.io/istio', tag: '1.33' } }) }));
  assert.is(upgraded.exitCode, 0);
  const before = first.output.split('\n');
  const after = upgraded.output.split('\n');
  assert.is(after.length, before.length);
  const changed = before.flatMap((line, i) => (line === after[i] ? [] : [[line.trim(), after[i]!.trim()]]));
  assert.equal(changed, [
    ['image: example.io/istio/proxyv2:1.32', 'image: example.io/istio/proxyv2:1.33'],
    ['image: example.io/istio/proxyv2:1.32', 'image: example.io/istio/proxyv2:1.33'],
  ]);
});

Edits.run();
