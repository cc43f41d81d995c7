/**
 * The container image (Dockerfile), without a Docker engine (krm-integration.md §8, §10): the final stage's files
 * are laid out in a temp root exactly as its `COPY --from=build` lines place them (sources taken from the repository
 * after the bundle is built, as the build stage does), and its ENTRYPOINT is run there, as its USER when the tests
 * run as root, with a ResourceList on stdin. Checked: the KRM container contract (ResourceList in, ResourceList out,
 * silent stderr on success, exit 1 with an error result, empty input refused, internal annotations kept,
 * idempotent, JSON input accepted) and the Dockerfile's shape (multi-stage, npm ci --ignore-scripts, non-root user).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { repoRoot } from '../support/shared.ts';
import { ensureBundle } from './bundle.ts';

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

/** The Dockerfile's instructions, stage by stage (comments and blank lines dropped, continuations joined). */
function stages(text: string): Instruction[][] {
  const joined = text.replace(/\\\n/g, ' ');
  const result: Instruction[][] = [];
  for (const line of joined.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const match = /^(\S+)\s+(.*)$/.exec(trimmed);
    assert.ok(match, `Dockerfile line: ${trimmed}`);
    const instruction = { keyword: match[1]!.toUpperCase(), args: match[2]! };
    if (instruction.keyword === 'FROM') result.push([]);
    result[result.length - 1]!.push(instruction);
  }
  return result;
}

const DOCKERFILE = stages(readFileSync(join(repoRoot, 'Dockerfile'), 'utf8'));
const FINAL = DOCKERFILE[DOCKERFILE.length - 1] ?? [];

function only(stage: readonly Instruction[], keyword: string): string {
  const found = stage.filter((i) => i.keyword === keyword);
  assert.is(found.length, 1, `one ${keyword}`);
  return found[0]!.args;
}

const ENTRYPOINT = JSON.parse(only(FINAL, 'ENTRYPOINT')) as string[];
const USER = only(FINAL, 'USER');
const WORKDIR = only(FINAL, 'WORKDIR');

let root = '';

/** The image's path `path` inside the temp root. */
function inRoot(path: string): string {
  return join(root, path);
}

interface Ran {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** ENTRYPOINT as the image runs it: `node` is this Node, paths are inside the temp root, as USER when root. */
function runImage(stdin: string, extraArgs: readonly string[] = []): Ran {
  const [command, ...args] = ENTRYPOINT;
  assert.is(command, 'node');
  const [uid, gid] = USER.split(':').map(Number);
  const asUser = process.getuid?.() === 0 ? { uid: uid!, gid: gid ?? uid! } : {};
  const ran = spawnSync(process.execPath, [...args.map((a) => (a.startsWith('/') ? inRoot(a) : a)), ...extraArgs], {
    cwd: inRoot(WORKDIR),
    input: stdin,
    encoding: 'utf8',
    env: { PATH: dirname(process.execPath) },
    ...asUser,
  });
  return { status: ran.status, stdout: ran.stdout, stderr: ran.stderr };
}

const APP = join(repoRoot, 'examples', 'kustomize', 'app');

/** A ResourceList as kpt sends it: the kustomize example's Deployment and Service with orchestrator annotations. */
function resourceList(functionConfig: unknown): Record<string, unknown> {
  const items = ['service.yaml', 'deployment.yaml'].map((file, index) => {
    const item = parse(readFileSync(join(APP, file), 'utf8')) as { metadata: Record<string, unknown> };
    item.metadata['annotations'] = {
      'config.kubernetes.io/index': '0',
      'config.kubernetes.io/path': file,
      'internal.config.kubernetes.io/index': '0',
      'internal.config.kubernetes.io/path': file,
      'internal.config.kubernetes.io/id': String(index + 1),
      'internal.config.kubernetes.io/seqindent': 'wide',
    };
    return item;
  });
  return { apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items, functionConfig };
}

const CONFIG = parse(readFileSync(join(repoRoot, 'examples', 'kustomize', 'injector.yaml'), 'utf8')) as Record<string, unknown>;

const Image = suite('Dockerfile: the image\'s entry command on the bundled file, KRM container contract');

Image.before(() => {
  ensureBundle();
  root = mkdtempSync(join(tmpdir(), 'image-root-'));
  chmodSync(root, 0o755); // the image's files are readable by its non-root user
  for (const copy of FINAL.filter((i) => i.keyword === 'COPY')) {
    const match = /^--from=build\s+\/src\/(\S+)\s+(\/\S+)$/.exec(copy.args);
    assert.ok(match, `final stage COPY from the build stage: ${copy.args}`);
    mkdirSync(dirname(inRoot(match[2]!)), { recursive: true });
    cpSync(join(repoRoot, match[1]!), inRoot(match[2]!));
  }
  for (const dir of [root, inRoot('/app'), inRoot('/app/dist')]) chmodSync(dir, 0o755);
});

Image.after(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

Image('multi-stage: npm ci --ignore-scripts and the bundle in the build stage; a non-root USER; JSON ENTRYPOINT', () => {
  assert.ok(DOCKERFILE.length >= 2, 'multi-stage');
  assert.match(DOCKERFILE[0]![0]!.args, /^node:20-slim AS build$/);
  assert.match(FINAL[0]!.args, /^(node:20-slim|gcr\.io\/distroless\/nodejs20-debian12(:\S+)?)$/);
  const buildRuns = DOCKERFILE[0]!.filter((i) => i.keyword === 'RUN').map((i) => i.args);
  assert.ok(buildRuns.some((r) => r.startsWith('npm ci --ignore-scripts')), buildRuns.join('; '));
  assert.ok(buildRuns.includes('node scripts/bundle.mjs'));
  assert.not.ok(FINAL.some((i) => i.keyword === 'RUN'), 'nothing installed at runtime');
  assert.is.not(USER.split(':')[0], '0');
  assert.is.not(USER.split(':')[0], 'root');
  assert.equal(ENTRYPOINT, ['node', '/app/dist/inject-sidecar.js']);
});

Image('a ResourceList in: the Deployment injected, the Service and every orchestrator annotation kept; stderr silent', () => {
  const input = stringify(resourceList(CONFIG));
  const ran = runImage(input);
  assert.is(ran.status, 0, ran.stderr);
  assert.is(ran.stderr, '');
  assert.ok(ran.stdout.startsWith('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n'), 'block YAML ResourceList');
  const out = parse(ran.stdout) as { items: Array<{ kind: string; metadata: { annotations: Record<string, string> }; spec: unknown }>; results?: unknown[] };
  const sent = resourceList(CONFIG) as { items: Array<{ metadata: { annotations: Record<string, string> }; spec: unknown }> };
  assert.equal(out.items.map((i) => i.kind), ['Service', 'Deployment']);
  assert.equal(out.items[0], sent.items[0]);
  for (const [key, value] of Object.entries(sent.items[1]!.metadata.annotations)) assert.is(out.items[1]!.metadata.annotations[key], value, key);
  const containers = (out.items[1]!.spec as { template: { spec: { containers: Array<{ name: string }> } } }).template.spec.containers;
  assert.equal(containers.map((c) => c.name), ['web', 'istio-proxy']);
  // Idempotent: the output run through again is unchanged.
  assert.is(runImage(ran.stdout).stdout, ran.stdout);
});

Image('JSON input is accepted and answered in block YAML, the same objects as for YAML input', () => {
  const ran = runImage(JSON.stringify(resourceList(CONFIG)));
  assert.is(ran.status, 0, ran.stderr);
  assert.is(ran.stderr, '');
  assert.ok(ran.stdout.startsWith('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n'), 'block YAML');
  assert.not.ok(/(^|: |^\s*- )[{[]"/m.test(ran.stdout), 'no JSON flow collections');
  assert.equal(parse(ran.stdout), parse(runImage(stringify(resourceList(CONFIG))).stdout));
});

Image('an invalid functionConfig: exit 1, the items written back, an error result with the spec\'s fields', () => {
  const bad = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { nativeSidecars: 'bogus' } };
  const ran = runImage(stringify(resourceList(bad)));
  assert.is(ran.status, 1);
  const out = parse(ran.stdout) as { items: unknown[]; results: unknown[] };
  assert.is(out.items.length, 2);
  assert.equal(out.results, [{
    message: 'must be one of auto, true, false',
    severity: 'error',
    resourceRef: { apiVersion: 'v1', kind: 'ConfigMap', name: 'cfg' },
    field: { path: 'data.nativeSidecars' },
  }]);
  assert.is(ran.stderr, '[error] v1/ConfigMap/cfg data.nativeSidecars: must be one of auto, true, false\n');
});

Image('empty input: exit 1 with a message on stderr, never an empty success (kpt would delete the package\'s files)', () => {
  const ran = runImage('');
  assert.is(ran.status, 1);
  assert.is(ran.stdout, '');
  assert.ok(ran.stderr.includes('the input is empty'), ran.stderr);
  assert.is(parseAllDocuments(ran.stdout).length, 0);
});

Image.run();
