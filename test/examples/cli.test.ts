/**
 * The bundled command, `node dist/inject-sidecar.js`, as users run it (stdin, arguments, exit code, stdout, stderr):
 *   - the three failures of the Must-show — an invalid functionConfig, malformed YAML, a bad CIDR in
 *     `traffic.sidecar.istio.io/excludeOutboundIPRanges` — each give an error result naming the resource and the
 *     field, exit 1, and the complete item list on stdout (for malformed YAML, see src/io/malformed.ts: a stream
 *     with unparsable documents comes back unchanged; a malformed ResourceList has no item list to give back);
 *   - `--help` documents every flag the parser accepts;
 *   - file mode with istioctl kube-inject's flags: Istio's default settings files given through --injectConfigFile,
 *     --meshConfigFile and --valuesFile inject hello.yaml exactly as Istio's golden hello.yaml.injected (compared
 *     structurally, images included), --revision sets `.Revision` (istio-injection.md §8, §18), --config and `-`.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { FLAGS } from '../../src/io/main.ts';
import { firstDifference } from '../support/structural.ts';
import { repoRoot, sharedPath } from '../support/shared.ts';
import { runBundle } from './bundle.ts';

type JSONObject = Record<string, unknown>;

function documents(text: string): JSONObject[] {
  return parseAllDocuments(text).map((d) => d.toJS() as JSONObject).filter((d) => d !== null);
}

function at(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const step of path) current = current === null || typeof current !== 'object' ? undefined : (current as Record<string | number, unknown>)[step];
  return current;
}

const SERVICE = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: 80 }] } };
const CONFIGMAP = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { debug: 'no' } };

function deployment(name: string, annotations: Record<string, string> = {}): JSONObject {
  const metadata = Object.keys(annotations).length > 0 ? { labels: { app: name }, annotations } : { labels: { app: name } };
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name }, spec: { template: { metadata, spec: { containers: [{ name: 'app', image: 'nginx' }] } } } };
}

function resourceList(items: unknown[], functionConfig?: unknown): string {
  return stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, ...(functionConfig ? { functionConfig } : {}) }, { aliasDuplicateObjects: false });
}

interface KrmOutput {
  readonly items: JSONObject[];
  readonly results: JSONObject[];
}

function krmOutput(stdout: string): KrmOutput {
  const [list] = documents(stdout);
  assert.is(list?.['kind'], 'ResourceList');
  return { items: (list!['items'] as JSONObject[]) ?? [], results: (list!['results'] as JSONObject[]) ?? [] };
}

// --- the three failures ---------------------------------------------------------------------------------------------

const Failures = suite('cli: failures give an error result naming resource and field, exit 1, every item on stdout');

Failures('an invalid functionConfig (ConfigMap): every item unchanged, the ConfigMap and data.nativeSidecars named', () => {
  const items = [SERVICE, deployment('web'), CONFIGMAP];
  const config = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'injector-config' }, data: { nativeSidecars: 'maybe' } };
  const ran = runBundle([], resourceList(items, config));
  assert.is(ran.status, 1);
  const out = krmOutput(ran.stdout);
  assert.equal(out.items, items);
  assert.equal(out.results, [{
    message: 'must be one of auto, true, false',
    severity: 'error',
    resourceRef: { apiVersion: 'v1', kind: 'ConfigMap', name: 'injector-config' },
    field: { path: 'data.nativeSidecars' },
  }]);
  assert.is(ran.stderr, '[error] v1/ConfigMap/injector-config data.nativeSidecars: must be one of auto, true, false\n');
});

Failures('an invalid functionConfig (SidecarInjection): the typed kind and spec.mode named', () => {
  const items = [deployment('web'), SERVICE];
  const config = { apiVersion: 'inject-sidecar.dev/v1alpha1', kind: 'SidecarInjection', metadata: { name: 'injection' }, spec: { mode: 'sometimes' } };
  const ran = runBundle([], resourceList(items, config));
  assert.is(ran.status, 1);
  const out = krmOutput(ran.stdout);
  assert.equal(out.items, items);
  assert.is(out.results.length, 1);
  assert.equal(out.results[0]!['resourceRef'], { apiVersion: 'inject-sidecar.dev/v1alpha1', kind: 'SidecarInjection', name: 'injection' });
  assert.equal(out.results[0]!['field'], { path: 'spec.mode' });
  assert.is(out.results[0]!['severity'], 'error');
});

Failures('a bad CIDR in excludeOutboundIPRanges: that Deployment unchanged and named with its field, the others injected', () => {
  const bad = deployment('bad', { 'traffic.sidecar.istio.io/excludeOutboundIPRanges': '10.0.0.0/33' });
  const items = [SERVICE, bad, deployment('good'), CONFIGMAP];
  const ran = runBundle([], resourceList(items));
  assert.is(ran.status, 1);
  const out = krmOutput(ran.stdout);
  assert.is(out.items.length, 4);
  assert.equal(out.items[0], SERVICE);
  assert.equal(out.items[1], bad);
  assert.equal(out.items[3], CONFIGMAP);
  assert.ok(at(out.items[2], ['spec', 'template', 'metadata', 'annotations', 'sidecar.istio.io/status']), 'the good Deployment is injected');
  assert.is(out.results.length, 1);
  const result = out.results[0]!;
  assert.is(result['severity'], 'error');
  assert.equal(result['resourceRef'], { apiVersion: 'apps/v1', kind: 'Deployment', name: 'bad' });
  assert.equal(result['field'], { path: 'spec.template.metadata.annotations["traffic.sidecar.istio.io/excludeOutboundIPRanges"]', currentValue: '10.0.0.0/33' });
  // Istio's words (pkg/kube/inject validation of the traffic annotations, Go's netip.ParsePrefix message).
  assert.is(result['message'], 'Cannot inject sidecar into Deployment "bad": invalid value \'10.0.0.0/33\' for annotation \'traffic.sidecar.istio.io/excludeOutboundIPRanges\': excludeIPRanges invalid: failed parsing cidr \'10.0.0.0/33\': netip.ParsePrefix("10.0.0.0/33"): prefix length out of range');
});

const MALFORMED_STREAM = [
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  annotations:\n    owner: a: b\nspec:\n  replicas: 1\n',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: nginx\n',
].join('---\n');

Failures('malformed YAML in a stream (stdin): the stream unchanged on stdout, the document, resource and field named', () => {
  const ran = runBundle([], MALFORMED_STREAM);
  assert.is(ran.status, 1);
  assert.is(ran.stdout, MALFORMED_STREAM);
  assert.is(ran.stderr, '[error] apps/v1/Deployment/web metadata.annotations.owner: cannot parse document 2 of stdin: line 11, column 12: Nested mappings are not allowed in compact mappings\n');
});

Failures('malformed YAML in file mode: every file written back unchanged, the file named; --in-place writes nothing', () => {
  const dir = join(repoRoot, 'examples', 'kpt');
  const ran = runBundle(['-', join(dir, 'service.yaml')], MALFORMED_STREAM);
  assert.is(ran.status, 1);
  assert.is(ran.stdout, `${MALFORMED_STREAM}---\n${readFileSync(join(dir, 'service.yaml'), 'utf8')}`);
  assert.is(ran.stderr, '[error] apps/v1/Deployment/web metadata.annotations.owner: cannot parse document 2 of stdin: line 11, column 12: Nested mappings are not allowed in compact mappings\n');
  const temp = mkdtempSync(join(tmpdir(), 'cli-malformed-'));
  try {
    const file = join(temp, 'app.yaml');
    writeFileSync(file, MALFORMED_STREAM);
    const inPlace = runBundle(['--in-place', file]);
    assert.is(inPlace.status, 1);
    assert.is(inPlace.stdout, '');
    assert.is(inPlace.stderr, `[error] apps/v1/Deployment/web metadata.annotations.owner: cannot parse document 2 of ${file}: line 11, column 12: Nested mappings are not allowed in compact mappings\n`);
    assert.is(readFileSync(file, 'utf8'), MALFORMED_STREAM);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
});

Failures('a malformed ResourceList has no item list to give back: one line on stderr, nothing on stdout, exit 1', () => {
  const ran = runBundle([], 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: {name: [web\n');
  assert.is(ran.status, 1);
  assert.is(ran.stdout, '');
  assert.is(ran.stderr.trim().split('\n').length, 1);
  assert.ok(ran.stderr.startsWith('Cannot read stdin: line 7, column 1: '), ran.stderr);
});

Failures.run();

// --- --help -----------------------------------------------------------------------------------------------------------

const Help = suite('cli: --help');

Help('documents every flag the parser accepts, and the file-mode usage', () => {
  const ran = runBundle(['--help']);
  assert.is(ran.status, 0);
  assert.is(ran.stderr, '');
  const flagsSection = ran.stdout.slice(ran.stdout.indexOf('\nFlags:\n'));
  assert.ok(FLAGS.length >= 14, `${FLAGS.length} flags`);
  for (const flag of FLAGS) assert.ok(new RegExp(`^  (?:-\\w, )?${flag}[ ,]`, 'm').test(flagsSection), `--help documents ${flag}`);
  assert.ok(ran.stdout.includes('inject-sidecar [flags] [--config FILE | CONFIG] FILE|DIR|- ...'));
  for (const line of ran.stdout.split('\n')) assert.ok(line.length <= 120, `line too long: ${line}`);
  assert.is(runBundle(['-h']).stdout, ran.stdout);
  const unknown = runBundle(['--bogus']);
  assert.is(unknown.status, 1);
  assert.is(unknown.stderr, 'inject-sidecar: Unknown flag "--bogus"\nRun "inject-sidecar --help" for usage.\n');
});

Help.run();

// --- file mode and istioctl's flags -----------------------------------------------------------------------------------

const Files = suite("cli: file mode with istioctl kube-inject's flags");

const SETTINGS = sharedPath('conformance/istio/settings/default', "file mode with Istio's default settings files");
const HELLO = sharedPath('conformance/istio/inject/hello.yaml', "file mode on Istio's hello.yaml");

function istioctlFlags(): string[] {
  return ['--injectConfigFile', join(SETTINGS!, 'inject-config.yaml'), '--meshConfigFile', join(SETTINGS!, 'mesh.yaml'), '--valuesFile', join(SETTINGS!, 'inject-values.json')];
}

Files("--injectConfigFile/--meshConfigFile/--valuesFile with Istio's default settings: hello.yaml as the golden, images included", () => {
  if (!SETTINGS || !HELLO) return;
  const ran = runBundle([...istioctlFlags(), HELLO]);
  assert.is(ran.status, 0, ran.stderr);
  assert.is(ran.stderr, '');
  const golden = documents(readFileSync(`${HELLO}.injected`, 'utf8'));
  assert.is(firstDifference(documents(ran.stdout), golden), undefined);
  // The same files given as `-f -` would be: stdin.
  const fromStdin = runBundle([...istioctlFlags(), '-'], readFileSync(HELLO, 'utf8'));
  assert.is(fromStdin.stdout, ran.stdout);
});

Files('--revision and -r set .Revision: the istio.io/rev annotation and the status annotation\'s revision', () => {
  if (!SETTINGS || !HELLO) return;
  for (const flag of [['--revision', 'canary'], ['-r', 'canary'], ['--revision=canary']]) {
    const ran = runBundle([...istioctlFlags(), ...flag, HELLO]);
    assert.is(ran.status, 0, ran.stderr);
    const annotations = at(documents(ran.stdout)[0], ['spec', 'template', 'metadata', 'annotations']) as JSONObject;
    assert.is(annotations['istio.io/rev'], 'canary');
    assert.is((JSON.parse(String(annotations['sidecar.istio.io/status'])) as JSONObject)['revision'], 'canary');
  }
  const plain = at(documents(runBundle([...istioctlFlags(), HELLO]).stdout)[0], ['spec', 'template', 'metadata', 'annotations']) as JSONObject;
  assert.is(plain['istio.io/rev'], 'default');
});

Files('a missing settings file is an error naming the flag; nothing on stdout', () => {
  const ran = runBundle(['--valuesFile', '/nonexistent/values.json', join(repoRoot, 'examples', 'kpt', 'deployment.yaml')]);
  assert.is(ran.status, 1);
  assert.is(ran.stdout, '');
  assert.ok(ran.stderr.startsWith('inject-sidecar: Cannot read --valuesFile "/nonexistent/values.json": '), ran.stderr);
});

Files('--config FILE and a config given as the first FILE: the example packages\' functionConfigs', () => {
  const pkg = join(repoRoot, 'examples', 'kpt');
  const deploymentFile = join(pkg, 'deployment.yaml');
  const withFlag = runBundle(['--config', join(pkg, 'injector-config.yaml'), deploymentFile]);
  assert.is(withFlag.status, 0, withFlag.stderr);
  const first = runBundle([join(pkg, 'injector-config.yaml'), deploymentFile]);
  assert.is(first.stdout, withFlag.stdout);
  // kubernetesVersion 1.32 with nativeSidecars auto: the classic sidecar, istio-proxy among the containers.
  const spec = at(documents(withFlag.stdout)[0], ['spec', 'template', 'spec']);
  assert.equal((at(spec, ['containers']) as JSONObject[]).map((c) => c['name']), ['web', 'istio-proxy']);
  assert.equal((at(spec, ['initContainers']) as JSONObject[]).map((c) => c['name']), ['istio-init']);
  // The typed kind, kubernetesVersion 1.33: istio-proxy is a native sidecar.
  const typed = runBundle(['--config', join(repoRoot, 'examples', 'kpt-typed', 'injector-config.yaml'), deploymentFile]);
  assert.is(typed.status, 0, typed.stderr);
  const typedSpec = at(documents(typed.stdout)[0], ['spec', 'template', 'spec']);
  assert.equal((at(typedSpec, ['containers']) as JSONObject[]).map((c) => c['name']), ['web']);
  assert.equal((at(typedSpec, ['initContainers']) as JSONObject[]).map((c) => [c['name'], c['restartPolicy']]), [['istio-init', undefined], ['istio-proxy', 'Always']]);
});

Files('a DIR argument: every manifest below it, comments kept, non-workloads byte for byte', () => {
  const pkg = join(repoRoot, 'examples', 'kpt');
  const ran = runBundle(['--drop-local-config', pkg]);
  assert.is(ran.status, 0, ran.stderr);
  assert.ok(ran.stdout.includes(readFileSync(join(pkg, 'service.yaml'), 'utf8')));
  assert.ok(ran.stdout.includes(readFileSync(join(pkg, 'configmap.yaml'), 'utf8')));
  assert.ok(ran.stdout.includes('  name: shop # keep in sync with the Service selector\n'));
  assert.not.ok(ran.stdout.includes('kind: Kptfile'));
  assert.equal(documents(ran.stdout).map((d) => d['kind']), ['ConfigMap', 'Deployment', 'Service']);
});

Files.run();
