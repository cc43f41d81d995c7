/**
 * uninject(inject(x)) == x over Istio's golden inputs (../shared/conformance/istio/cases.json, istio-injection.md §17
 * "Acceptance", §20): each input that carries no earlier injection is injected in file mode with its case's settings
 * (the ConfigMap functionConfig of test/conformance/istio.test.ts) and uninjected with the same config; the result
 * must be the input's bytes (comments and key order are ours to keep). Where it cannot be, BYTE_EXCEPTIONS says why
 * and structural equality is asserted instead. Istio's own goldens (`*.injected`, rendered by Go) are uninjected too
 * and must give back their inputs structurally (test/support/structural.ts), except where UNINJECT_GOLDEN_EXCEPTIONS
 * says why not. Each case also runs `--check`: 0 on inject's output, 1 on the input.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { runFiles } from '../../src/krm/processor.ts';
import type { FileInput } from '../../src/krm/processor.ts';
import { read } from '../../src/krm/resource-list.ts';
import type { Item } from '../../src/krm/object.ts';
import { injectProcessor } from '../../src/inject/inject.ts';
import { derivedByDefaultTemplate, multusBeforeInjection, uninjectPod, uninjectProcessor } from '../../src/inject/uninject.ts';
import { main } from '../../src/io/main.ts';
import { memoryHost } from '../fixtures/krm/support.ts';
import { runBundle } from '../examples/bundle.ts';
import { run } from '../../src/krm/processor.ts';
import { checkProcessor } from '../../src/inject/check.ts';
import { parseStream, stringifyDocument } from '../../src/yaml/codec.ts';
import { firstDifference } from '../support/structural.ts';
import { repoRoot, sharedPath } from '../support/shared.ts';
import { caseFunctionConfig, documentsOf, loadCases, prepareCase } from '../support/istio-cases.ts';
import type { Case } from '../support/istio-cases.ts';

type JSONObject = Record<string, unknown>;

const Conformance = suite("uninject: Istio's golden inputs");
const casesFile = sharedPath('conformance/istio/cases.json', "uninject over Istio's golden inputs");


interface Prepared {
  readonly functionConfig: Item;
  readonly inputs: FileInput[];
  readonly text: string;
}

function prepare(dir: string, c: Case): Prepared {
  const p = prepareCase(dir, c);
  const configRead = read(stringify(caseFunctionConfig(p)));
  if (!configRead.ok) throw new Error(configRead.error.message);
  const inputs: FileInput[] = [{ path: c.input, text: p.inputText }];
  const extra = p.items.slice(p.items.length - p.extra);
  if (extra.length > 0) inputs.push({ path: 'namespaces.yaml', text: extra.map((e) => stringify(e)).join('---\n') });
  return { functionConfig: configRead.list.items[0]!, inputs, text: p.inputText };
}

function fileRun(processor: typeof injectProcessor, p: Prepared, text: string): { text: string; exitCode: number; stderr: string } {
  const outcome = runFiles(processor, [{ path: p.inputs[0]!.path, text }, ...p.inputs.slice(1)], { functionConfig: p.functionConfig });
  return { text: outcome.files[0]?.text ?? '', exitCode: outcome.exitCode, stderr: outcome.stderr };
}

/**
 * Inputs whose bytes cannot come back, each with the reason; for these the structural comparison is asserted.
 * (Filled from the first run over the data: every entry is a real, explained limitation.)
 */
const NATIVE_MOVED_PROXY =
  "native sidecars move the user's istio-proxy from containers to initContainers: injection writes a new node there, " +
  "so the user's comments, key order and flow style survive only as the proxy.istio.io/overrides JSON (Go field order)";
const BYTE_EXCEPTIONS: ReadonlyMap<string, string> = new Map([
  ['[37] proxy-override.yaml.injected', NATIVE_MOVED_PROXY],
  ['[40] proxy-override-args.yaml.injected', NATIVE_MOVED_PROXY],
  ['[41] proxy-override-runas.yaml.injected', NATIVE_MOVED_PROXY],
  ['[42] proxy-override-runas.yaml.cni.injected', NATIVE_MOVED_PROXY],
  ['[43] proxy-override-runas.yaml.tproxy.injected', NATIVE_MOVED_PROXY],
  [
    '[89] hello-multiport-metrics.yaml.injected',
    'the Prometheus merge removes prometheus.istio.io/scrape-targets (recording its value in ISTIO_PROMETHEUS_ANNOTATIONS); ' +
      'uninject writes it anew, so its double quotes (not needed in YAML) are gone',
  ],
]);

/**
 * Inputs that cannot come back even structurally, with the first difference and why: information injection drops.
 */
const STRUCTURAL_EXCEPTIONS: ReadonlyMap<string, [string, string]> = new Map([
  [
    '[61] hello-openshift-custom-injection.yaml.injected',
    [
      '[0].spec.template.spec.containers[1].securityContext (only in the golden)',
      "on OpenShift, injection forgets the user's istio-proxy runAsUser when it equals the app's UID (Istio's webhook " +
        'does the same) before recording the override, so the value is recorded nowhere',
    ],
  ],
]);

Conformance('uninject(inject(x)) gives back the bytes of every Istio input that carries no earlier injection', () => {
  if (!casesFile) return;
  const dir = join(casesFile, '..');
  const cases = loadCases(casesFile);
  const problems: string[] = [];
  let bytes = 0;
  let structural = 0;
  for (const c of cases) {
    if (c.expectError) continue;
    const p = prepare(dir, c);
    if (p.text.includes('sidecar.istio.io/status')) continue;
    const injected = fileRun(injectProcessor, p, p.text);
    if (injected.exitCode !== 0) {
      problems.push(`${c.id}: inject failed: ${injected.stderr}`);
      continue;
    }
    if (injected.text === p.text) continue; // nothing injected (e.g. hostNetwork)
    const checkInjected = fileRun(checkProcessor, p, injected.text);
    if (checkInjected.exitCode !== 0 || checkInjected.text !== injected.text) problems.push(`${c.id}: --check on inject's output: exit ${checkInjected.exitCode}: ${checkInjected.stderr}`);
    const checkInput = fileRun(checkProcessor, p, p.text);
    if (checkInput.exitCode !== 1 || checkInput.text !== p.text || !checkInput.stderr.includes('is not injected')) {
      problems.push(`${c.id}: --check on the input: exit ${checkInput.exitCode}: ${checkInput.stderr}`);
    }
    const untouched = fileRun(uninjectProcessor, p, p.text);
    if (untouched.exitCode !== 0 || untouched.text !== p.text) problems.push(`${c.id}: uninject changed an input that was never injected`);
    const back = fileRun(uninjectProcessor, p, injected.text);
    if (back.exitCode !== 0) {
      problems.push(`${c.id}: uninject failed: ${back.stderr}`);
      continue;
    }
    if (back.text === p.text || samePrinted(back.text, p.text)) {
      bytes++;
      if (BYTE_EXCEPTIONS.has(c.id)) problems.push(`${c.id}: listed in BYTE_EXCEPTIONS but its bytes come back`);
    } else {
      const d = firstDifference(documentsOf(back.text), documentsOf(p.text));
      const known = STRUCTURAL_EXCEPTIONS.get(c.id);
      if (known && d === known[0]) structural++;
      else if (d !== undefined) problems.push(`${c.id}: structural difference ${d}`);
      else if (!BYTE_EXCEPTIONS.has(c.id)) problems.push(`${c.id}: bytes differ:\n${diffLines(p.text, back.text)}`);
      else structural++;
    }
  }
  console.log(`uninject(inject(x)): ${bytes} byte-equal, ${structural} structurally equal (explained), ${problems.length} problems`);
  assert.equal(problems, []);
});

/** A document's text without its `---` marker line and trailing blank space. */
function bare(text: string): string {
  return text.replace(/^---[^\n]*\n/, '').trimEnd();
}

/**
 * Every document of `out` is the input's document as written, or as our printer writes that document (block YAML in
 * the document's detected indentation): an edited document is printed anew, so the input's own whitespace quirks
 * (trailing spaces, `[a,  b]` flow spacing, a sequence indented differently from the rest of the document, blank lines
 * holding spaces) cannot survive an edit — they are the printer's, not uninject's.
 */
function samePrinted(out: string, input: string): boolean {
  const outDocs = parseStream(out).documents.filter((d) => d.hasContent);
  const inDocs = parseStream(input).documents.filter((d) => d.hasContent);
  if (outDocs.length !== inDocs.length) return false;
  return outDocs.every((d, i) => {
    const want = inDocs[i]!;
    return bare(d.text) === bare(want.text) || bare(d.text) === bare(stringifyDocument(want.doc, want.style));
  });
}

/**
 * Istio's goldens that uninject cannot take back to their input, with the first structural difference and why.
 */
const GO_WRITES_TEST_FALSE =
  "Go's typed round trip writes a DeploymentConfig's spec.test: false, outside the pod, which uninject leaves alone " +
  '(istio.test.ts allows the same difference for injection)';
const GOLDEN_EXCEPTIONS: ReadonlyMap<string, [string, string]> = new Map([
  ['[61] hello-openshift-custom-injection.yaml.injected', STRUCTURAL_EXCEPTIONS.get('[61] hello-openshift-custom-injection.yaml.injected')!],
  ['[77] deploymentconfig-with-canonical-service-label.yaml.injected', ['[0].spec.test (only in our output)', GO_WRITES_TEST_FALSE]],
  ['[78] deploymentconfig.yaml.injected', ['[0].spec.test (only in our output)', GO_WRITES_TEST_FALSE]],
]);

Conformance("uninject of Istio's own output (the *.injected goldens) gives back the inputs structurally", () => {
  if (!casesFile) return;
  const dir = join(casesFile, '..');
  const cases = loadCases(casesFile);
  const problems: string[] = [];
  let equal = 0;
  let explained = 0;
  for (const c of cases) {
    if (c.expectError || !c.golden) continue;
    const p = prepare(dir, c);
    if (p.text.includes('sidecar.istio.io/status')) continue;
    const golden = readFileSync(join(dir, c.golden), 'utf8');
    const back = fileRun(uninjectProcessor, p, golden);
    if (back.exitCode !== 0) {
      problems.push(`${c.id}: uninject failed: ${back.stderr}`);
      continue;
    }
    const d = firstDifference(documentsOf(back.text), documentsOf(p.text));
    const known = GOLDEN_EXCEPTIONS.get(c.id);
    if (d === undefined) equal++;
    else if (known && known[0] === d) explained++;
    else problems.push(`${c.id}: ${d}`);
  }
  console.log(`uninject(golden): ${equal} equal to the input, ${explained} explained differences, ${problems.length} problems`);
  assert.equal(problems, []);
});

function diffLines(a: string, b: string): string {
  const al = a.split('\n');
  const bl = b.split('\n');
  for (let i = 0; i < Math.max(al.length, bl.length); i++) {
    if (al[i] !== bl[i]) return `  line ${i + 1}: want ${JSON.stringify(al[i])}\n  line ${i + 1}: got  ${JSON.stringify(bl[i])}`;
  }
  return '';
}

Conformance.run();

// --- our goldens -------------------------------------------------------------------------------------------------------

/**
 * test/golden/uninject/<case>/: `expected.yaml` is a manifest as a user wrote it (written by hand, checked against
 * istio-injection.md §17), `input.yaml` its injection by our inject (made with UPDATE_GOLDEN=1, then read through by
 * hand), `config.yaml` an optional functionConfig, `results.txt` the stderr of `uninject --explain` when present.
 * Asserted: uninject(input) is expected byte for byte, inject(expected) is input, and uninject of expected is expected.
 */
const Goldens = suite('uninject: goldens (test/golden/uninject)');
const GOLDEN_DIR = join(repoRoot, 'test', 'golden', 'uninject');
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

function configOf(dir: string): Item | undefined {
  const path = join(dir, 'config.yaml');
  if (!existsSync(path)) return undefined;
  const r = read(readFileSync(path, 'utf8'));
  if (!r.ok) throw new Error(r.error.message);
  return r.list.items[0];
}

for (const name of readdirSync(GOLDEN_DIR).sort()) {
  const dir = join(GOLDEN_DIR, name);
  Goldens(name, () => {
    const functionConfig = configOf(dir);
    const options = functionConfig ? { functionConfig } : {};
    const expected = readFileSync(join(dir, 'expected.yaml'), 'utf8');
    const inputPath = join(dir, 'input.yaml');
    const injected = runFiles(injectProcessor, [{ path: 'input.yaml', text: expected }], options);
    assert.is(injected.exitCode, 0, injected.stderr);
    if (UPDATE) writeFileSync(inputPath, injected.files[0]!.text);
    const input = readFileSync(inputPath, 'utf8');
    assert.fixture(injected.files[0]!.text, input, 'inject(expected) is input');
    const resultsPath = join(dir, 'results.txt');
    const explain = existsSync(resultsPath);
    const back = runFiles(uninjectProcessor, [{ path: 'input.yaml', text: input }], { ...options, explain });
    assert.is(back.exitCode, 0, back.stderr);
    assert.fixture(back.files[0]!.text, expected, 'uninject(input) is expected');
    if (explain) assert.fixture(back.stderr, readFileSync(resultsPath, 'utf8'));
    const again = runFiles(uninjectProcessor, [{ path: 'expected.yaml', text: expected }], options);
    assert.is(again.files[0]!.text, expected, 'uninject changes nothing on a manifest without injection');
  });
}

Goldens('an injection made in webhook mode with revision canary is undone with the default config (manual mode) too', () => {
  const dir = join(GOLDEN_DIR, 'webhook-revision');
  const back = runFiles(uninjectProcessor, [{ path: 'input.yaml', text: readFileSync(join(dir, 'input.yaml'), 'utf8') }]);
  assert.is(back.exitCode, 0, back.stderr);
  assert.fixture(back.files[0]!.text, readFileSync(join(dir, 'expected.yaml'), 'utf8'));
});

Goldens.run();

// --- pieces ------------------------------------------------------------------------------------------------------------

const Pieces = suite('uninject: pieces (istio-injection.md §17)');

Pieces('Multus networks: only the Istio CNI entry injection appended goes (plain list and JSON forms)', () => {
  assert.is(multusBeforeInjection('default/istio-cni'), undefined);
  assert.is(multusBeforeInjection('macvlan-conf, default/istio-cni'), 'macvlan-conf');
  assert.is(multusBeforeInjection('[{"name": "macvlan"}, {"name": "istio-cni", "namespace": "default"}]'), '[{"name": "macvlan"}]');
  assert.is(multusBeforeInjection('default/istio-cni, macvlan-conf'), null);
  assert.is(multusBeforeInjection('macvlan-conf'), null);
});

Pieces("what the default template derives for its labels and annotations when the pod has none", () => {
  const pod = {
    metadata: { labels: { app: 'shop', 'app.kubernetes.io/name': 'store', version: 'v2' } },
    spec: { containers: [{ name: 'istio-proxy' }, { name: 'web' }, { name: 'worker' }] },
  };
  const context = { workloadName: '-my-deploy-', revision: 'canary' };
  assert.equal(derivedByDefaultTemplate('labels', 'security.istio.io/tlsMode', pod, context), ['istio']);
  assert.equal(derivedByDefaultTemplate('labels', 'networking.istio.io/tunnel', pod, context), ['http']);
  assert.equal(derivedByDefaultTemplate('labels', 'service.istio.io/canonical-name', pod, context), ['store', 'store']);
  assert.equal(derivedByDefaultTemplate('labels', 'service.istio.io/canonical-name', { metadata: {} }, context), ['-my-deploy-', 'my-deploy']);
  assert.equal(derivedByDefaultTemplate('labels', 'service.istio.io/canonical-revision', pod, context), ['v2']);
  assert.equal(derivedByDefaultTemplate('labels', 'service.istio.io/canonical-revision', { metadata: {} }, context), ['latest']);
  assert.equal(derivedByDefaultTemplate('annotations', 'istio.io/rev', pod, context), ['canary']);
  assert.equal(derivedByDefaultTemplate('annotations', 'kubectl.kubernetes.io/default-container', pod, context), ['web']);
  assert.equal(derivedByDefaultTemplate('annotations', 'example.com/other', pod, context), []);
});

const STATUS = '{"initContainers":["istio-init"],"containers":["istio-proxy"],"volumes":["istio-envoy"],"imagePullSecrets":["mesh-secret"],"revision":"default"}';

Pieces('a pod: the listed containers, volumes, mounts and pull secrets go; the user\'s and sidecar.istio.io/inject stay', () => {
  const injected = {
    metadata: {
      labels: { app: 'a', 'sidecar.istio.io/inject': 'true', 'security.istio.io/tlsMode': 'istio', 'service.istio.io/canonical-name': 'a', 'service.istio.io/canonical-revision': 'latest' },
      annotations: { 'sidecar.istio.io/status': STATUS, 'istio.io/rev': 'default', 'kubectl.kubernetes.io/default-container': 'a', 'example.com/keep': 'yes' },
    },
    spec: {
      initContainers: [{ name: 'istio-init', image: 'proxy' }],
      containers: [{ name: 'a', image: 'a:1', volumeMounts: [{ name: 'istio-envoy', mountPath: '/etc/istio/proxy' }, { name: 'data', mountPath: '/data' }] }, { name: 'istio-proxy', image: 'proxy' }],
      volumes: [{ name: 'data', emptyDir: {} }, { name: 'istio-envoy', emptyDir: {} }],
      imagePullSecrets: [{ name: 'mine' }, { name: 'mesh-secret' }],
    },
  };
  const out = uninjectPod(injected, { meshStatusPort: 15020, workloadName: 'a' });
  assert.equal(out, {
    ok: true,
    injected: true,
    pod: {
      metadata: { labels: { app: 'a', 'sidecar.istio.io/inject': 'true' }, annotations: { 'example.com/keep': 'yes' } },
      spec: {
        containers: [{ name: 'a', image: 'a:1', volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
        volumes: [{ name: 'data', emptyDir: {} }],
        imagePullSecrets: [{ name: 'mine' }],
      },
    },
  });
});

Pieces('no status annotation: unchanged; an unreadable one: a problem naming the annotation', () => {
  const pod = { metadata: { labels: { 'security.istio.io/tlsMode': 'istio' } }, spec: { containers: [{ name: 'istio-proxy' }] } };
  assert.equal(uninjectPod(pod, { meshStatusPort: 15020, workloadName: 'x' }), { ok: true, pod, injected: false, why: 'it has no "sidecar.istio.io/status" annotation' });
  const bad = { metadata: { annotations: { 'sidecar.istio.io/status': '{"containers":"istio-proxy"}' } }, spec: {} };
  assert.equal(uninjectPod(bad, { meshStatusPort: 15020, workloadName: 'x' }), {
    ok: false,
    problem: { message: 'Cannot read annotation "sidecar.istio.io/status": not the JSON of a sidecar injection status', field: 'metadata.annotations["sidecar.istio.io/status"]' },
  });
});

Pieces('a user istio-proxy that native sidecars moved to initContainers returns to containers, with image: auto', () => {
  const injected = {
    metadata: {
      annotations: {
        'sidecar.istio.io/status': '{"initContainers":["istio-init","istio-proxy"],"containers":null,"volumes":null,"imagePullSecrets":null,"revision":"default"}',
        'proxy.istio.io/overrides': '{"initContainers":[{"name":"istio-proxy","resources":{"limits":{"memory":"2Gi"}}}]}',
      },
    },
    spec: { initContainers: [{ name: 'istio-init' }, { name: 'istio-proxy', restartPolicy: 'Always', resources: { limits: { memory: '2Gi' } } }], containers: [{ name: 'app' }] },
  };
  const out = uninjectPod(injected, { meshStatusPort: 15020, workloadName: 'a' });
  assert.ok(out.ok);
  if (out.ok) assert.equal(out.pod['spec'], { containers: [{ name: 'app' }, { name: 'istio-proxy', image: 'auto', resources: { limits: { memory: '2Gi' } } }] });
});

Pieces.run();

// --- the command line ------------------------------------------------------------------------------------------------

const Cli = suite('uninject: the command line (dist/inject-sidecar.js, functions/uninject.ts)');

const WEB = `# the web tier
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web # selected by the Service
    spec:
      containers:
        - name: web
          image: nginx:1.27
          readinessProbe:
            httpGet:
              path: /ready
              port: 8080
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
data:
  a: b
`;

Cli('uninject FILE gives back the file as written; an uninjected file comes back as it is; exit 0', () => {
  const dir = mkdtempSync(join(tmpdir(), 'uninject-bundle-'));
  try {
    const file = join(dir, 'app.yaml');
    writeFileSync(file, WEB);
    const injected = runBundle([file]);
    assert.is(injected.status, 0, injected.stderr);
    assert.ok(injected.stdout.includes('sidecar.istio.io/status'));
    writeFileSync(file, injected.stdout);
    const back = runBundle(['uninject', file]);
    assert.is(back.status, 0, back.stderr);
    assert.is(back.stdout, WEB);
    assert.is(back.stderr, '');
    writeFileSync(file, WEB);
    const same = runBundle(['uninject', '--explain', file]);
    assert.is(same.status, 0);
    assert.is(same.stdout, WEB);
    assert.is(same.stderr, '[info] apps/v1/Deployment/web: Left Deployment "web" unchanged: it has no "sidecar.istio.io/status" annotation\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Cli('KRM mode on stdin: every item comes back, the workload uninjected; a bad status annotation is an error, exit 1', () => {
  const list = (items: unknown[]): string => stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items });
  const items = documentsOf(WEB);
  const injected = runBundle([], list(items));
  assert.is(injected.status, 0, injected.stderr);
  const back = runBundle(['uninject'], injected.stdout);
  assert.is(back.status, 0, back.stderr);
  const out = parseAllDocuments(back.stdout)[0]!.toJS() as { items: unknown[]; results?: unknown };
  assert.equal(out.items, items);
  assert.is(out.results, undefined);

  const broken = items.map((item) => structuredClone(item)) as JSONObject[];
  ((broken[0]!['spec'] as JSONObject)['template'] as { metadata: JSONObject }).metadata['annotations'] = { 'sidecar.istio.io/status': 'not json' };
  const failed = runBundle(['uninject'], list(broken));
  assert.is(failed.status, 1);
  const failedOut = parseAllDocuments(failed.stdout)[0]!.toJS() as { items: unknown[]; results: JSONObject[] };
  assert.equal(failedOut.items, broken);
  assert.equal(failedOut.results, [
    {
      message: 'Cannot uninject Deployment "web": Cannot read annotation "sidecar.istio.io/status": not the JSON of a sidecar injection status',
      severity: 'error',
      resourceRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      field: { path: 'spec.template.metadata.annotations["sidecar.istio.io/status"]' },
      tags: { reason: 'error:invalid-annotation' },
    },
  ]);
});

Cli('functions/uninject.ts: uninject is the default command, --help names the program', async () => {
  const injected = run(injectProcessor, WEB).output;
  const commands = { inject: injectProcessor, uninject: uninjectProcessor, check: checkProcessor, defaultCommand: 'uninject' as const };
  const host = memoryHost([], { stdin: injected });
  assert.is(await main(host, commands, { version: '0.0.0', programName: 'uninject-sidecar' }), 0);
  assert.is(host.stdout, WEB);
  const check = memoryHost(['--check'], { stdin: injected });
  assert.is(await main(check, commands, { version: '0.0.0', programName: 'uninject-sidecar' }), 0, 'uninject wins over --check');
  const help = memoryHost(['--help']);
  await main(help, commands, { version: '0.0.0', programName: 'uninject-sidecar' });
  assert.match(help.stdout, /uninject-sidecar uninject \[flags\]/);
});

Cli.run();
