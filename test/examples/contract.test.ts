/**
 * The KRM function contract (krm-integration.md §1-§3, §9), one table of checks run against the three ways users run
 * the function:
 *   - node:   the bundle dist/inject-sidecar.js on Node, in KRM mode (kpt exec, kustomize exec.path, containers);
 *   - deno:   the sources, `deno run --quiet functions/inject.ts` with no permission at all, in KRM mode;
 *   - files:  the bundle in file mode, `inject-sidecar --config CONFIG FILE`, as the pre-commit hook and the Argo CD
 *             plugin run it (a bare YAML stream in and out, results as lines on stderr).
 * Each runner turns a case (items, functionConfig, YAML or JSON) into its own input and its output back into items
 * and results, so that every check reads the same for the three. A last suite compares the runners with each other:
 * Deno's output byte for byte with Node's, the file mode's items with the KRM mode's.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCollection, parseAllDocuments, stringify, visit } from 'yaml';
import { repoRoot } from '../support/shared.ts';
import { ensureBundle } from './bundle.ts';
import type { Ran } from './bundle.ts';
import { DENO_CONFIG, findDeno } from './deno.ts';

type KubeObject = Record<string, unknown>;

interface Case {
  readonly items: readonly KubeObject[];
  readonly functionConfig?: KubeObject;
  readonly json?: boolean;
  /** The input bytes as given, instead of encoding `items` (the empty input). */
  readonly raw?: string;
}

interface Ref {
  readonly severity: string;
  /** kind/namespace/name of the item the result is about. */
  readonly item: string;
  readonly message: string;
}

interface Outcome {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly items: KubeObject[];
  readonly results: Ref[];
}

interface Runner {
  readonly name: string;
  /** Why the runner cannot run here, or undefined. */
  readonly missing: () => string | undefined;
  readonly run: (input: Case) => Outcome;
  /** The output's wrapping: a ResourceList in KRM mode, a bare stream in file mode. */
  readonly assertShape: (stdout: string) => void;
}

let work = '';

function spawn(command: string, args: readonly string[], stdin: string, env: NodeJS.ProcessEnv = process.env): Ran {
  const ran = spawnSync(command, [...args], { cwd: work, env, input: stdin, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: ran.status, stdout: ran.stdout, stderr: ran.stderr };
}

const RESOURCE_LIST = { apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList' } as const;

function encodeResourceList(input: Case): string {
  if (input.raw !== undefined) return input.raw;
  const list = { ...RESOURCE_LIST, items: input.items, ...(input.functionConfig ? { functionConfig: input.functionConfig } : {}) };
  return input.json ? JSON.stringify(list) : stringify(list);
}

function documents(stdout: string): KubeObject[] {
  return parseAllDocuments(stdout).map((doc) => doc.toJS() as KubeObject).filter((doc) => doc !== null);
}

function itemName(ref: { kind?: unknown; namespace?: unknown; name?: unknown }): string {
  return [ref.kind, ref.namespace, ref.name].filter((part) => part !== undefined).join('/');
}

/** Items and results of a ResourceList written in KRM mode. */
function fromResourceList(ran: Ran): Outcome {
  const [list] = documents(ran.stdout) as [({ items?: KubeObject[]; results?: { severity: string; message: string; resourceRef?: KubeObject }[] } | undefined)?];
  const results = (list?.results ?? []).map((r) => ({ severity: r.severity, item: itemName(r.resourceRef ?? {}), message: r.message }));
  return { ...ran, items: list?.items ?? [], results };
}

/** Items of a bare stream (file mode), results from its stderr lines `[severity] apiVersion/kind/ns/name field: message`. */
function fromStream(ran: Ran): Outcome {
  const results: Ref[] = [];
  for (const line of ran.stderr.split('\n')) {
    const match = /^\[(error|warning|info)\] (\S+)(?: \S+)?: (.*)$/.exec(line);
    if (!match) continue;
    const parts = match[2]!.split('/');
    results.push({ severity: match[1]!, item: parts.slice(-3).join('/'), message: match[3]! });
  }
  return { ...ran, items: documents(ran.stdout), results };
}

/** How many flow-style mappings or sequences (`{…}`, `[…]`) a YAML stream has; empty ones (`{}`, `[]`) aside. */
function flowCollections(stdout: string): number {
  let count = 0;
  for (const doc of parseAllDocuments(stdout)) {
    visit(doc, (_key, node) => {
      if (isCollection(node) && node.flow && node.items.length > 0) count++;
    });
  }
  return count;
}

function assertResourceList(stdout: string): void {
  assert.ok(stdout.startsWith('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n'), stdout.slice(0, 200));
}

const DENO = findDeno();

const RUNNERS: readonly Runner[] = [
  {
    name: 'node: the bundle in KRM mode',
    missing: () => undefined,
    run: (input) => fromResourceList(spawn(process.execPath, [ensureBundle()], encodeResourceList(input))),
    assertShape: assertResourceList,
  },
  {
    name: 'deno: the sources in KRM mode, no permission',
    missing: () => (DENO ? undefined : 'no deno binary (node_modules/.bin/deno, $DENO_BIN or PATH)'),
    run: (input) => fromResourceList(spawn(DENO!, ['run', '--quiet', '--no-prompt', '--cached-only', `--config=${DENO_CONFIG}`, join(repoRoot, 'functions', 'inject.ts')],
      encodeResourceList(input), { ...process.env, DENO_DIR: join(work, 'deno-dir'), NO_COLOR: '1' })),
    assertShape: assertResourceList,
  },
  {
    name: 'files: the bundle in file mode (pre-commit, Argo CD)',
    missing: () => undefined,
    run: (input) => {
      const manifests = join(work, 'manifests.yaml');
      const config = join(work, 'injector-config.yaml');
      const text = input.raw ?? (input.json
        ? JSON.stringify({ apiVersion: 'v1', kind: 'List', items: input.items })
        : input.items.map((item) => stringify(item)).join('---\n'));
      writeFileSync(manifests, text);
      const args = input.functionConfig ? (writeFileSync(config, stringify(input.functionConfig)), ['--config', config]) : [];
      const ran = fromStream(spawn(process.execPath, [ensureBundle(), ...args, manifests], ''));
      // A List (JSON input) comes back as a List: its items are the manifests.
      const [first] = ran.items;
      return first?.['kind'] === 'List' ? { ...ran, items: first['items'] as KubeObject[] } : ran;
    },
    assertShape: (stdout) => {
      assert.not.ok(stdout.includes('kind: ResourceList'));
      assert.ok(stdout.startsWith('apiVersion: '), stdout.slice(0, 200));
    },
  },
];

// --- the cases

const CONFIG: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'function-input' }, data: { kubernetesVersion: '1.32', nativeSidecars: 'auto' } };

function deployment(name: string, pod: KubeObject = {}, metadata: KubeObject = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'shop', ...metadata },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }], ...pod } },
    },
  };
}

const SERVICE: KubeObject = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
  'x-unknown-field': { kept: true },
};

const SETTINGS: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'shop' }, data: { enabled: 'yes', mode: '0777', version: '1.20' } };

/** Every annotation an orchestrator may put on an item (krm-integration.md §2). */
const ORCHESTRATOR_ANNOTATIONS = {
  'config.kubernetes.io/index': '0',
  'config.kubernetes.io/path': 'apps/web.yaml',
  'internal.config.kubernetes.io/index': '0',
  'internal.config.kubernetes.io/path': 'apps/web.yaml',
  'internal.config.kubernetes.io/seqindent': 'wide',
  'internal.config.kubernetes.io/id': '7',
  'internal.config.kubernetes.io/annotations-migration-resource-id': '7',
  'config.k8s.io/id': '7',
  'kustomize.config.k8s.io/id': 'group: apps\nkind: Deployment\nname: web\nnamespace: shop\nversion: v1\n',
};

function containers(item: KubeObject | undefined): string[] {
  const pod = (item?.['spec'] as { template: { spec: { containers: { name: string }[] } } }).template.spec;
  return pod.containers.map((c) => c.name);
}

type Check = (runner: Runner) => void;

const CHECKS: readonly (readonly [string, Check])[] = [
  ['every item back in order, the workload injected, the rest unchanged (unknown fields and YAML 1.1 lookalikes too)', (runner) => {
    const out = runner.run({ items: [deployment('web'), SERVICE, SETTINGS], functionConfig: CONFIG });
    assert.is(out.status, 0, out.stderr);
    assert.is(out.stderr, '');
    runner.assertShape(out.stdout);
    assert.equal(out.items.map((item) => item['kind']), ['Deployment', 'Service', 'ConfigMap']);
    assert.equal(containers(out.items[0]), ['web', 'istio-proxy']);
    assert.equal(out.items[1], SERVICE);
    assert.equal(out.items[2], SETTINGS);
    assert.ok(out.stdout.includes('image: nginx:1.25\n'), 'harmless strings stay plain');
    assert.equal(out.results, []);
  }],
  ['a warning result keeps exit 0; every result has a severity and names its item', (runner) => {
    const out = runner.run({ items: [deployment('host', { hostNetwork: true }), deployment('web')], functionConfig: CONFIG });
    assert.is(out.status, 0, out.stderr);
    assert.equal(out.results, [{ severity: 'warning', item: 'Deployment/shop/host', message: 'Skipping injection because Deployment "shop/host" has host networking enabled' }]);
    assert.equal(containers(out.items[0]), ['web']);
    assert.equal(containers(out.items[1]), ['web', 'istio-proxy']);
  }],
  ['an error result: exit 1, every item still written, the failing one unchanged, the others injected', (runner) => {
    const bad = deployment('bad');
    ((bad['spec'] as { template: { metadata: KubeObject } }).template.metadata)['annotations'] = { 'sidecar.istio.io/interceptionMode': 'BOGUS' };
    const out = runner.run({ items: [bad, deployment('web')], functionConfig: CONFIG });
    assert.is(out.status, 1);
    runner.assertShape(out.stdout);
    assert.equal(out.results, [{
      severity: 'error',
      item: 'Deployment/shop/bad',
      message: "Cannot inject sidecar into Deployment \"shop/bad\": invalid value 'BOGUS' for annotation 'sidecar.istio.io/interceptionMode': interceptionMode invalid, use REDIRECT,TPROXY,NONE: BOGUS",
    }]);
    assert.equal(out.items[0], bad);
    assert.equal(containers(out.items[1]), ['web', 'istio-proxy']);
  }],
  ['an invalid functionConfig: exit 1, the problem named, nothing injected', (runner) => {
    const config = { ...CONFIG, data: { nativeSidecars: 'bogus' } };
    const out = runner.run({ items: [deployment('web')], functionConfig: config });
    assert.is(out.status, 1);
    assert.ok(out.stderr.includes('data.nativeSidecars: must be one of auto, true, false'), out.stderr);
    assert.not.ok(out.stdout.includes('istio-proxy'));
  }],
  ['orchestrator annotations (internal, legacy, kustomize id) come back unchanged', (runner) => {
    const out = runner.run({ items: [deployment('web', {}, { annotations: ORCHESTRATOR_ANNOTATIONS })], functionConfig: CONFIG });
    assert.is(out.status, 0, out.stderr);
    assert.equal(containers(out.items[0]), ['web', 'istio-proxy']);
    assert.equal((out.items[0]!['metadata'] as { annotations: unknown }).annotations, ORCHESTRATOR_ANNOTATIONS);
  }],
  ['idempotent: the output run again with the same config is unchanged', (runner) => {
    const first = runner.run({ items: [deployment('web'), SERVICE], functionConfig: CONFIG });
    assert.is(first.status, 0, first.stderr);
    const second = runner.run({ items: first.items, functionConfig: CONFIG });
    assert.is(second.status, 0, second.stderr);
    assert.is(second.stdout, first.stdout);
  }],
  ['JSON input is accepted; the output is block YAML, the same as for the YAML input', (runner) => {
    const items = [deployment('web'), SERVICE];
    const fromYaml = runner.run({ items, functionConfig: CONFIG });
    const fromJson = runner.run({ items, functionConfig: CONFIG, json: true });
    assert.is(fromJson.status, 0, fromJson.stderr);
    assert.is(flowCollections(fromJson.stdout), 0, 'no flow-style JSON in the output');
    assert.equal(fromJson.items, fromYaml.items);
    assert.equal(containers(fromJson.items[0]), ['web', 'istio-proxy']);
  }],
  ['empty input: exit 1, nothing on stdout, one line on stderr (never exit 0 with empty output)', (runner) => {
    const out = runner.run({ items: [], raw: '' });
    assert.is(out.status, 1);
    assert.is(out.stdout, '');
    assert.match(out.stderr, /^[^\n]+\n$/);
  }],
];

for (const runner of RUNNERS) {
  const Contract = suite(`contract: ${runner.name}`);
  Contract.before(() => {
    work = mkdtempSync(join(tmpdir(), 'krm-contract-'));
  });
  Contract.after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });
  for (const [name, check] of CHECKS) {
    Contract(name, () => {
      const missing = runner.missing();
      if (missing) {
        console.error(`SKIP ${runner.name}: ${missing}`);
        return;
      }
      check(runner);
    });
  }
  Contract.run();
}

const Agree = suite('contract: the three runners agree');

Agree.before(() => {
  work = mkdtempSync(join(tmpdir(), 'krm-contract-'));
});

Agree.after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

Agree('Deno prints byte for byte what Node prints; file mode gives the same items', () => {
  const [node, deno, files] = RUNNERS as [Runner, Runner, Runner];
  const input: Case = { items: [deployment('web', {}, { annotations: ORCHESTRATOR_ANNOTATIONS }), SERVICE, SETTINGS], functionConfig: CONFIG };
  const fromNode = node.run(input);
  assert.is(fromNode.status, 0, fromNode.stderr);
  assert.equal(files.run(input).items, fromNode.items);
  const missing = deno.missing();
  if (missing) {
    console.error(`SKIP ${deno.name}: ${missing}`);
    return;
  }
  assert.is(deno.run(input).stdout, fromNode.stdout);
});

Agree.run();
