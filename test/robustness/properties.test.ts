/**
 * Properties of injection over generated ResourceLists (fast-check), run in-process through the driver as the CLI runs
 * it (`run(injectProcessor, text)`):
 *   - nothing is lost: the same items in the same order, every non-workload byte-identical, every user container
 *     still there with its image, exit 1 exactly when there is an error result;
 *   - the output parses as Kubernetes objects: apiVersion, kind and metadata.name on every item, containers and init
 *     containers with unique non-empty names and an image, a status annotation that is JSON;
 *   - idempotence: injecting the output again changes no item.
 * PROPERTY_SEED=N reproduces a run (the seed is printed); PROPERTY_RUNS=N changes the number of runs (default 1000).
 * The three properties see the same inputs (same seed), so the injection of each input is computed once.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { stringify, parseAllDocuments } from 'yaml';
import { run } from '../../src/krm/processor.ts';
import type { RunOutcome } from '../../src/krm/processor.ts';
import { injectProcessor } from '../../src/inject/inject.ts';
import { itemTexts } from './items.ts';

const SEED = Number(process.env['PROPERTY_SEED'] ?? Date.now() % 2 ** 31);
const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 1000);
console.log(`properties: seed ${SEED}, ${RUNS} runs each (PROPERTY_SEED=${SEED} reproduces)`);

type JSONObject = Record<string, unknown>;

// --- generators ------------------------------------------------------------------------------------------------------

const dnsName = fc.stringMatching(/^[a-z][a-z0-9]{0,6}(?:-[a-z0-9]{1,4})?$/);
/** Strings a user might write, YAML 1.1 words, numbers' spellings, odd characters and prototype names included. */
const text = fc.oneof(
  dnsName,
  fc.constantFrom('yes', 'no', 'on', 'off', 'true', 'null', '~', '0777', '1e3', '1.20', '', ' ', 'a: b', '- x', '#c', '*a', '&b', '{x}', '"q"', "'s'", '__proto__', 'constructor', 'é ✓ 漢', 'line\nbreak', 'tab\there'),
  fc.string({ maxLength: 12 }),
);
const labelMap = fc.dictionary(fc.constantFrom('app', 'version', 'tier', 'team', '__proto__', 'constructor'), dnsName, { maxKeys: 3 });
const podAnnotations = fc.dictionary(
  fc.constantFrom('sidecar.istio.io/inject', 'proxy.istio.io/config', 'traffic.sidecar.istio.io/excludeOutboundPorts', 'sidecar.istio.io/proxyCPU', 'prometheus.io/scrape', 'example.com/note'),
  fc.constantFrom('true', 'false', 'maybe', 'concurrency: 2', '8080,9090', '100m', 'yes', 'hello', ''),
  { maxKeys: 3 },
);
const container = (name: string): fc.Arbitrary<JSONObject> =>
  fc.record(
    {
      image: fc.constantFrom('nginx:1.25', 'ghcr.io/example/app@sha256:0123', 'busybox'),
      ports: fc.array(fc.record({ containerPort: fc.integer({ min: 1, max: 65535 }), name: fc.constantFrom('http', 'grpc', 'metrics') }), { maxLength: 2 })
        .map((ports) => ports.filter((p, i) => ports.findIndex((q) => q.name === p.name || q.containerPort === p.containerPort) === i)),
      args: fc.array(text, { maxLength: 2 }),
    },
    { requiredKeys: ['image'] },
  ).map((c) => ({ name, ...c }));
const podSpec = fc
  .record({
    names: fc.uniqueArray(fc.constantFrom('app', 'web', 'worker', 'helper'), { minLength: 1, maxLength: 2 }),
    hostNetwork: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
    extra: fc.dictionary(fc.constantFrom('serviceAccountName', 'x-unknown-field', 'priorityClassName'), text, { maxKeys: 1 }),
  })
  .chain(({ names, hostNetwork, extra }) =>
    fc.tuple(...names.map(container)).map((containers) => ({ ...extra, ...(hostNetwork ? { hostNetwork: true } : {}), containers })),
  );
const podTemplate = fc.record({ labels: labelMap, annotations: podAnnotations, spec: podSpec }).map(({ labels, annotations, spec }) => ({
  metadata: { labels, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
  spec,
}));

const workload = fc.oneof(
  fc.tuple(fc.constantFrom('Deployment', 'StatefulSet', 'DaemonSet'), podTemplate).map(([kind, template]) => ({ apiVersion: 'apps/v1', kind, spec: { template } })),
  podTemplate.map((template) => ({ apiVersion: 'batch/v1', kind: 'Job', spec: { template } })),
  podTemplate.map((template) => ({ apiVersion: 'batch/v1', kind: 'CronJob', spec: { schedule: '@daily', jobTemplate: { spec: { template } } } })),
  podTemplate.map((template) => ({ apiVersion: 'v1', kind: 'Pod', ...template })),
);
const other = fc.oneof(
  fc.dictionary(fc.oneof(dnsName, fc.constantFrom('__proto__', 'constructor', 'yes')), text, { maxKeys: 4 }).map((data) => ({ apiVersion: 'v1', kind: 'ConfigMap', data })),
  fc.integer({ min: 1, max: 65535 }).map((port) => ({ apiVersion: 'v1', kind: 'Service', spec: { ports: [{ port }], selector: { app: 'web' } } })),
  fc.record({ size: fc.constantFrom('1Gi', '500M', 1.5, 0o17), note: text }).map((spec) => ({ apiVersion: 'example.com/v1', kind: 'Widget', spec })),
  fc.constant({ apiVersion: 'kpt.dev/v1', kind: 'Kptfile', info: { description: 'a package' } }),
);

/**
 * A small injector config (one `sidecar` template using annotations, values and Sprig), chosen for four runs in five:
 * it drives the same pipeline (template selection, render, merge, write-back, status) at a tenth of the cost of the
 * embedded default, which the fifth run uses, so that 1,000 runs fit in CI's time.
 */
const SMALL_CONFIG = [
  'functionConfig:',
  '  apiVersion: v1',
  '  kind: ConfigMap',
  '  metadata:',
  '    name: injector-config',
  '  data:',
  '    config: |',
  '      policy: enabled',
  '      templates:',
  '        sidecar: |',
  '          metadata:',
  '            labels:',
  '              service.istio.io/canonical-name: {{ index .ObjectMeta.Labels "app" | default .DeploymentMeta.Name | quote }}',
  '          spec:',
  '            containers:',
  '            - name: istio-proxy',
  '              image: "proxy:{{ .Values.global.tag | default "1.0" }}"',
  '              args: [{{ annotation .ObjectMeta "sidecar.istio.io/logLevel" "info" | quote }}, "--concurrency={{ .ProxyConfig.Concurrency }}"]',
  '              env:',
  '              - name: APPS',
  '                value: {{ range $i, $c := .Spec.Containers }}{{ if $i }},{{ end }}{{ $c.Name }}{{ end }}',
  '            initContainers:',
  '            - name: istio-init',
  '              image: "proxy:1.0"',
  '            volumes:',
  '            - name: istio-envoy',
  '              emptyDir: {}',
  '',
].join('\n');

interface Generated {
  readonly text: string;
  readonly items: readonly JSONObject[];
}

/** A ResourceList of 1-4 items (about one in three a workload), each with a unique name and a namespace or not. */
const resourceList: fc.Arbitrary<Generated> = fc
  .array(fc.tuple(fc.oneof({ arbitrary: workload, weight: 1 }, { arbitrary: other, weight: 2 }), fc.constantFrom(undefined, 'default', 'shop', 'kube-system')), { minLength: 1, maxLength: 4 })
  .chain((entries) =>
    fc.tuple(
      fc.constant(entries),
      fc.constantFrom(true, false),
      fc.uniqueArray(dnsName, { minLength: entries.length, maxLength: entries.length }),
      fc.oneof({ arbitrary: fc.constant(SMALL_CONFIG), weight: 4 }, { arbitrary: fc.constant(''), weight: 1 }),
    ),
  )
  .map(([entries, wide, names, config]) => {
    const items = entries.map(([body, namespace], i) => {
      const { apiVersion, kind, metadata, ...rest } = body as JSONObject;
      return { apiVersion, kind, metadata: { name: names[i]!, ...(namespace ? { namespace } : {}), ...(metadata as JSONObject | undefined) }, ...rest } as JSONObject;
    });
    const list = { apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items };
    return { text: stringify(list, { aliasDuplicateObjects: false, indentSeq: wide, lineWidth: 0 }) + config, items };
  });

// --- helpers -----------------------------------------------------------------------------------------------------------

const injected = new Map<string, RunOutcome>();
function inject(text: string): RunOutcome {
  let out = injected.get(text);
  if (!out) {
    out = run(injectProcessor, text);
    injected.set(text, out);
  }
  return out;
}

function parseList(text: string): { items: JSONObject[]; results: JSONObject[] } {
  const docs = parseAllDocuments(text);
  assert.ok(Array.isArray(docs) && docs.length === 1, 'one document');
  const doc = (docs as { toJS(): unknown; errors: unknown[] }[])[0]!;
  assert.equal(doc.errors, [], 'the output is valid YAML');
  const list = doc.toJS() as JSONObject;
  assert.is(list['kind'], 'ResourceList');
  return { items: (list['items'] ?? []) as JSONObject[], results: (list['results'] ?? []) as JSONObject[] };
}

function at(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) current = current !== null && typeof current === 'object' && Object.hasOwn(current, key) ? (current as JSONObject)[key] : undefined;
  return current;
}

function podSpecOf(item: JSONObject): JSONObject | undefined {
  const kind = item['kind'];
  if (kind === 'Pod') return item['spec'] as JSONObject;
  if (kind === 'CronJob') return at(item, ['spec', 'jobTemplate', 'spec', 'template', 'spec']) as JSONObject | undefined;
  if (kind === 'Deployment' || kind === 'StatefulSet' || kind === 'DaemonSet' || kind === 'Job') return at(item, ['spec', 'template', 'spec']) as JSONObject | undefined;
  return undefined;
}

function podMetaOf(item: JSONObject): JSONObject | undefined {
  const kind = item['kind'];
  if (kind === 'Pod') return item['metadata'] as JSONObject;
  if (kind === 'CronJob') return at(item, ['spec', 'jobTemplate', 'spec', 'template', 'metadata']) as JSONObject | undefined;
  return at(item, ['spec', 'template', 'metadata']) as JSONObject | undefined;
}

const params = { numRuns: RUNS, seed: SEED, endOnFailure: true };

// --- properties --------------------------------------------------------------------------------------------------------

test('nothing lost: same items in the same order, non-workloads byte-identical, user containers kept', () => {
  fc.assert(
    fc.property(resourceList, ({ text, items }) => {
      const out = inject(text);
      assert.ok(out.output !== '', out.stderr);
      const { items: outItems, results } = parseList(out.output);
      assert.is(outItems.length, items.length, 'item count');
      const before = itemTexts(text);
      const after = itemTexts(out.output);
      items.forEach((item, i) => {
        const got = outItems[i]!;
        assert.equal([got['apiVersion'], got['kind'], at(got, ['metadata', 'name'])], [item['apiVersion'], item['kind'], at(item, ['metadata', 'name'])], `item ${i} in place`);
        const spec = podSpecOf(item);
        if (!spec) {
          assert.is(after[i], before[i], `non-workload ${i} byte-identical`);
          return;
        }
        const outSpec = podSpecOf(got)!;
        const outContainers = [...((outSpec['containers'] ?? []) as JSONObject[]), ...((outSpec['initContainers'] ?? []) as JSONObject[])];
        for (const c of spec['containers'] as JSONObject[]) {
          const kept = outContainers.find((o) => o['name'] === c['name']);
          assert.ok(kept, `container ${String(c['name'])} of item ${i} kept`);
          assert.is(kept['image'], c['image']);
        }
      });
      assert.is(out.exitCode, results.some((r) => r['severity'] === 'error') ? 1 : 0, 'exit 1 exactly when there is an error result');
    }),
    params,
  );
});

test('the output parses as Kubernetes objects', () => {
  fc.assert(
    fc.property(resourceList, ({ text }) => {
      const { items, results } = parseList(inject(text).output);
      for (const item of items) {
        assert.type(item['apiVersion'], 'string');
        assert.type(item['kind'], 'string');
        assert.type(at(item, ['metadata', 'name']), 'string');
        const spec = podSpecOf(item);
        if (!spec) continue;
        for (const key of ['containers', 'initContainers']) {
          const list = (spec[key] ?? []) as JSONObject[];
          assert.ok(Array.isArray(list), `${key} is a list`);
          const names = list.map((c) => c['name']);
          for (const c of list) {
            assert.type(c['name'], 'string');
            assert.ok(c['name'] !== '', 'a container name');
            assert.type(c['image'], 'string');
          }
          assert.is(new Set(names).size, names.length, `unique ${key} names`);
        }
        const status = at(podMetaOf(item), ['annotations', 'sidecar.istio.io/status']);
        if (status !== undefined) assert.not.throws(() => JSON.parse(String(status)), 'the status annotation is JSON');
      }
      for (const r of results) {
        assert.type(r['message'], 'string');
        assert.ok(['error', 'warning', 'info'].includes(String(r['severity'])), `severity ${String(r['severity'])}`);
      }
    }),
    params,
  );
});

test('idempotence: injecting the output again changes no item', () => {
  fc.assert(
    fc.property(resourceList, ({ text }) => {
      const once = inject(text);
      const twice = run(injectProcessor, once.output);
      assert.equal(itemTexts(twice.output), itemTexts(once.output));
      assert.is(twice.exitCode, once.exitCode);
    }),
    params,
  );
});

test.run();
