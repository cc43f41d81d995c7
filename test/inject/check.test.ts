/**
 * `--check` (src/inject/check.ts, ARCHITECTURE.md §5, §7): nothing changes, every item is written out, one error result
 * per workload whose injection is missing, stale or unexpected, exit 1 then. Goldens in test/golden/check/<case>/
 * (`input.yaml`, optional `config.yaml`, `flags` holding `explain`, the expected stderr `results.txt` and `exit-code`),
 * written by hand; the rest in tables, with Istio's settings where ../shared is present, and through the bundle.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { run, runFiles } from '../../src/krm/processor.ts';
import { read } from '../../src/krm/resource-list.ts';
import type { Item } from '../../src/krm/object.ts';
import { injectProcessor } from '../../src/inject/inject.ts';
import { checkProcessor, firstDifference, formatFieldPath } from '../../src/inject/check.ts';
import { repoRoot, sharedPath } from '../support/shared.ts';
import { runBundle } from '../examples/bundle.ts';

type JSONObject = Record<string, unknown>;

function configItem(text: string): Item {
  const r = read(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.list.items[0]!;
}

function deployment(name: string, extraLabels: Record<string, string> = {}): JSONObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name, ...extraLabels } }, spec: { containers: [{ name, image: `example.com/${name}:1` }] } },
    },
  };
}

function injectText(text: string, functionConfig?: Item): string {
  const out = runFiles(injectProcessor, [{ path: 'in.yaml', text }], functionConfig ? { functionConfig } : {});
  assert.is(out.exitCode, 0, out.stderr);
  return out.files[0]!.text;
}

// --- helpers ---------------------------------------------------------------------------------------------------------

const Helpers = suite('check: firstDifference and formatFieldPath');

Helpers('the first differing field, map keys in the current order, then keys only the wanted value has', () => {
  assert.is(firstDifference({ a: 1, b: [1, 2] }, { a: 1, b: [1, 2] }), undefined);
  assert.equal(firstDifference({ a: 1, b: 2 }, { b: 3, a: 1 }), { path: ['b'], current: 2, wanted: 3 });
  assert.equal(firstDifference({ a: { x: 1 } }, { a: { x: 1, y: 2 } }), { path: ['a', 'y'], current: undefined, wanted: 2 });
  assert.equal(firstDifference({ a: { x: 1, z: 0 } }, { a: { x: 1 } }), { path: ['a', 'z'], current: 0, wanted: undefined });
  assert.equal(firstDifference({ l: ['a'] }, { l: ['a', 'b'] }), { path: ['l', 1], current: undefined, wanted: 'b' });
  assert.equal(firstDifference({ l: 'x' }, { l: ['x'] }), { path: ['l'], current: 'x', wanted: ['x'] });
  assert.equal(firstDifference(1, 2), { path: [], current: 1, wanted: 2 });
});

Helpers('field paths: dotted, list indexes as numbers, keys with dots or slashes quoted in brackets', () => {
  assert.is(formatFieldPath(['spec', 'template', 'spec', 'containers', 0, 'image']), 'spec.template.spec.containers.0.image');
  assert.is(formatFieldPath(['metadata', 'annotations', 'sidecar.istio.io/status']), 'metadata.annotations["sidecar.istio.io/status"]');
  assert.is(formatFieldPath(['metadata', 'labels', 'app']), 'metadata.labels.app');
  assert.is(formatFieldPath([]), '');
});

Helpers.run();

// --- goldens ---------------------------------------------------------------------------------------------------------

const Goldens = suite('check: goldens (test/golden/check)');
const GOLDEN_DIR = join(repoRoot, 'test', 'golden', 'check');
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

for (const name of readdirSync(GOLDEN_DIR).sort()) {
  const dir = join(GOLDEN_DIR, name);
  Goldens(name, () => {
    const input = readFileSync(join(dir, 'input.yaml'), 'utf8');
    const configPath = join(dir, 'config.yaml');
    const flags = existsSync(join(dir, 'flags')) ? readFileSync(join(dir, 'flags'), 'utf8').split(/\s+/) : [];
    const out = runFiles(checkProcessor, [{ path: 'input.yaml', text: input }], {
      command: 'check',
      explain: flags.includes('explain'),
      ...(existsSync(configPath) ? { functionConfig: configItem(readFileSync(configPath, 'utf8')) } : {}),
    });
    if (UPDATE) writeFileSync(join(dir, 'results.txt'), out.stderr);
    assert.is(out.files[0]!.text, input, 'nothing changes');
    assert.is(out.stream, input, 'every item is printed');
    assert.fixture(out.stderr, readFileSync(join(dir, 'results.txt'), 'utf8'));
    assert.is(out.exitCode, Number(readFileSync(join(dir, 'exit-code'), 'utf8').trim()));
  });
}

Goldens.run();

// --- behaviour -------------------------------------------------------------------------------------------------------

const Behaviour = suite('check: results, KRM mode, Lists, other configs');

Behaviour('KRM mode: every item comes back unchanged, one error result per workload, tagged with its reason', () => {
  const injected = parseAllDocuments(injectText(stringify(deployment('done'))))[0]!.toJS() as JSONObject;
  const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'svc' }, spec: { ports: [{ port: 80 }] } };
  const items = [injected, deployment('todo'), service];
  const out = run(checkProcessor, stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items }), { command: 'check' });
  assert.is(out.exitCode, 1);
  const doc = parseAllDocuments(out.output)[0]!.toJS() as { items: unknown[]; results: JSONObject[] };
  assert.equal(doc.items, items);
  assert.equal(doc.results, [
    {
      message: 'Deployment "todo" is not injected: inject would add the sidecar',
      severity: 'error',
      resourceRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'todo' },
      field: {
        path: 'spec.template.metadata.annotations["sidecar.istio.io/status"]',
        proposedValue: (injected as { spec: { template: { metadata: { annotations: Record<string, string> } } } }).spec.template.metadata.annotations['sidecar.istio.io/status'],
      },
      tags: { reason: 'check:missing' },
    },
  ]);
});

Behaviour('a List item: the entry is named by its index; explain adds check:ok for the rest', () => {
  const injected = parseAllDocuments(injectText(stringify(deployment('done'))))[0]!.toJS();
  // A List beside another document is one item (a List alone is read as the wrapping of its entries).
  const configMap = stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: 'b' } });
  const list = `${configMap}---\n${stringify({ apiVersion: 'v1', kind: 'List', items: [injected, deployment('todo', { 'sidecar.istio.io/inject': 'false' }), deployment('new')] })}`;
  const out = runFiles(checkProcessor, [{ path: 'list.yaml', text: list }], { command: 'check', explain: true });
  assert.is(out.exitCode, 1);
  assert.is(out.files[0]!.text, list);
  const lines = out.stderr.trimEnd().split('\n').filter((l) => !l.includes('Injected sidecar') && !l.includes('Skipped'));
  assert.equal(lines, [
    '[info] apps/v1/Deployment/done: Deployment "done" is injected and up to date',
    '[info] apps/v1/Deployment/todo: Deployment "todo" is not to be injected',
    '[error] apps/v1/Deployment/new items.2.spec.template.metadata.annotations["sidecar.istio.io/status"]: Deployment "new" is not injected: inject would add the sidecar',
  ]);
});

Behaviour('stale: output made with another revision fails with the first differing field', () => {
  const canary = configItem('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: inject-sidecar\ndata:\n  revision: canary\n');
  const text = injectText(stringify(deployment('web')), canary);
  assert.is(runFiles(checkProcessor, [{ path: 'a.yaml', text }], { functionConfig: canary }).exitCode, 0);
  const out = runFiles(checkProcessor, [{ path: 'a.yaml', text }]);
  assert.is(out.exitCode, 1);
  assert.is(out.files[0]!.text, text);
  assert.is(
    out.stderr,
    '[error] apps/v1/Deployment/web spec.template.metadata.annotations["istio.io/rev"]: Deployment "web" has a stale injection: ' +
      'spec.template.metadata.annotations["istio.io/rev"] is "canary", inject would make it "default"\n',
  );
});

Behaviour('an invalid annotation: inject\'s error is passed on, nothing changes', () => {
  const bad = deployment('bad');
  ((bad['spec'] as JSONObject)['template'] as { metadata: JSONObject }).metadata['annotations'] = { 'sidecar.istio.io/proxyCPU': 'lots' };
  const text = stringify(bad);
  const out = runFiles(checkProcessor, [{ path: 'a.yaml', text }]);
  assert.is(out.exitCode, 1);
  assert.is(out.files[0]!.text, text);
  assert.match(out.stderr, /^\[error\] apps\/v1\/Deployment\/bad spec\.template\.metadata\.annotations\["sidecar\.istio\.io\/proxyCPU"\]: Cannot inject sidecar/);
  assert.not.match(out.stderr, /is not injected/);
});

Behaviour.run();

// --- Istio's settings ------------------------------------------------------------------------------------------------

const Settings = suite("check: output made with other Istio settings (../shared/conformance/istio/settings)");
const SETTINGS = sharedPath('conformance/istio/settings', 'check with Istio settings');
const HELLO = sharedPath('conformance/istio/inject/hello.yaml', 'check on hello.yaml');

function settingsConfig(name: string): Item {
  const file = (f: string): string => readFileSync(join(SETTINGS!, name, f), 'utf8');
  const data = { config: file('inject-config.yaml'), values: file('inject-values.json'), mesh: file('mesh.yaml') };
  return configItem(stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'inject-sidecar' }, data }));
}

/** Settings that differ from `default` only in what the expected first difference shows. */
const OTHER_SETTINGS: readonly [string, string, string][] = [
  // [settings, first differing field, why]
  ['proxy-image-proxyTest', 'spec.template.spec.initContainers.1.image', 'another proxy image (istio-proxy; istio-init keeps proxyv2)'],
  ['imagePullPolicy-Never', 'spec.template.spec.initContainers.0.imagePullPolicy', 'another values setting (global.imagePullPolicy)'],
  ['traffic-params', 'spec.template.spec.initContainers.0.args.10', 'other values settings (global.proxy.includeIPRanges, the value after -i, and more)'],
];

Settings('exit 0 on inject\'s output, 1 on its input and on output made with other settings', () => {
  if (!SETTINGS || !HELLO) return;
  const input = readFileSync(HELLO, 'utf8');
  const defaults = settingsConfig('default');
  const injected = injectText(input, defaults);
  assert.is(runFiles(checkProcessor, [{ path: 'hello.yaml', text: injected }], { functionConfig: defaults }).exitCode, 0);
  const before = runFiles(checkProcessor, [{ path: 'hello.yaml', text: input }], { functionConfig: defaults });
  assert.is(before.exitCode, 1);
  assert.match(before.stderr, /Deployment "hello" is not injected/);
  for (const [name, field, why] of OTHER_SETTINGS) {
    const other = injectText(input, settingsConfig(name));
    const out = runFiles(checkProcessor, [{ path: 'hello.yaml', text: other }], { functionConfig: defaults });
    assert.is(out.exitCode, 1, `${name}: ${why}`);
    assert.is(out.files[0]!.text, other);
    assert.ok(out.stderr.startsWith(`[error] apps/v1/Deployment/hello ${field}: Deployment "hello" has a stale injection: ${field} is `), `${name}: ${out.stderr}`);
  }
});

Settings.run();

// --- the bundle --------------------------------------------------------------------------------------------------------

const Bundle = suite('check: dist/inject-sidecar.js --check');

Bundle('--check FILE: exit 1 listing the workload, exit 0 after inject; every item on stdout, the file unchanged', () => {
  const dir = mkdtempSync(join(tmpdir(), 'check-bundle-'));
  try {
    const file = join(dir, 'app.yaml');
    const text = `${stringify(deployment('web'))}---\n${stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: 'b' } })}`;
    writeFileSync(file, text);
    const before = runBundle(['--check', file]);
    assert.is(before.status, 1, before.stderr);
    assert.is(before.stdout, text);
    assert.is(before.stderr, '[error] apps/v1/Deployment/web spec.template.metadata.annotations["sidecar.istio.io/status"]: Deployment "web" is not injected: inject would add the sidecar\n');
    assert.is(readFileSync(file, 'utf8'), text);
    const injected = runBundle(['--in-place', file]);
    assert.is(injected.status, 0, injected.stderr);
    const after = runBundle(['--check', file]);
    assert.is(after.status, 0, after.stderr);
    assert.is(after.stdout, readFileSync(file, 'utf8'));
    assert.is(after.stderr, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Bundle('KRM mode on stdin: the ResourceList comes back with its items unchanged and the results, exit 1', () => {
  const items = [deployment('web'), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: 'b' } }];
  const ran = runBundle(['--check'], stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items }));
  assert.is(ran.status, 1);
  const doc = parseAllDocuments(ran.stdout)[0]!.toJS() as { items: unknown[]; results: JSONObject[] };
  assert.equal(doc.items, items);
  assert.equal(doc.results.map((r) => [r['severity'], (r['tags'] as JSONObject)['reason']]), [['error', 'check:missing']]);
  const ok = runBundle(['--check'], runBundle([], stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items })).stdout);
  assert.is(ok.status, 0, ok.stderr);
  assert.is(ok.stderr, '');
});

Bundle.run();
