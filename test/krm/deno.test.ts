// The same entry point run from source under Deno 2 (the Deno host) must give byte-identical output to the Node
// bundle, need no permission in KRM mode, and set the exit code. Deno comes from the `deno` devDependency
// (node_modules/.bin/deno, or the binary of its platform package @deno/<os>-<arch>[-glibc]), else $DENO_BIN or PATH;
// the suites skip, saying so, only when none runs. The repository's deno.json maps `yaml` to deno/yaml.ts: the
// runtime-neutral ESM build at run time (the Node build reads process.env, which Deno refuses without --allow-env),
// the package's declarations for `deno check` (@ts-types), both from node_modules, so nothing is downloaded.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { repoRoot } from '../support/shared.ts';
import { bundleTestFunction, fixture, runExecutable, tempDir } from '../fixtures/krm/support.ts';
import { DENO_CONFIG, findDeno } from '../examples/deno.ts';
import { SEEN_ANNOTATION } from '../fixtures/krm/test-processor.ts';

const DENO = findDeno();
const Deno = suite('deno: the Deno host');

let dir = '';
let bundled = '';
let realBundle = '';
const CONFIG = DENO_CONFIG;

Deno.before(() => {
  if (!DENO) return;
  dir = tempDir('krm-deno');
  bundled = bundleTestFunction(dir);
});

Deno.after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function deno(args: readonly string[], stdin: string): { status: number | null; stdout: string; stderr: string } {
  return runExecutable(DENO!, ['run', '--quiet', '--no-prompt', `--config=${CONFIG}`, ...args], stdin, dir);
}

function skipped(): boolean {
  if (DENO) return false;
  console.error('SKIP Deno tests: no deno binary (PATH, node_modules/.bin or $DENO_BIN)');
  return true;
}

const ENTRY = join(repoRoot, 'test', 'fixtures', 'krm', 'test-fn.ts');

Deno('KRM mode without permissions: byte-identical to the Node bundle', () => {
  if (skipped()) return;
  for (const name of ['kpt-eval.yaml', 'kpt-render.yaml', 'kpt-eval-stdin.yaml']) {
    const input = fixture(`captured/${name}`);
    const fromDeno = deno([ENTRY], input);
    const fromNode = runExecutable(bundled, [], input, dir);
    assert.is(fromDeno.status, 0, fromDeno.stderr);
    assert.is(fromDeno.stderr, '');
    assert.is(fromDeno.stdout, fromNode.stdout, name);
  }
});

Deno('exit code 1 and one line for unreadable input; error results set exit 1 too', () => {
  if (skipped()) return;
  const empty = deno([ENTRY], '');
  assert.is(empty.status, 1);
  assert.is(empty.stdout, '');
  assert.is(empty.stderr, 'Cannot read stdin: the input is empty (expected a ResourceList, a List or YAML documents)\n');
  const input = fixture('captured/kpt-eval.yaml').replace('  data: {}\n  kind: ConfigMap\n  apiVersion: v1', '  data: {errorOn: web}\n  kind: ConfigMap\n  apiVersion: v1');
  const failing = deno([ENTRY], input);
  assert.is(failing.status, 1);
  assert.ok(failing.stdout.includes('message: this Deployment is not acceptable'));
});

Deno('file mode with --allow-read --allow-write: --in-place', () => {
  if (skipped()) return;
  const file = join(dir, 'deploy.yaml');
  writeFileSync(file, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n');
  const run = deno(['--allow-read', '--allow-write', ENTRY, '--in-place', file], '');
  assert.is(run.status, 0, run.stderr);
  assert.is(run.stderr, `Updated ${file}\n`);
  const printed = deno(['--allow-read', ENTRY, file], '');
  assert.is(printed.stdout, `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  annotations:\n    ${SEEN_ANNOTATION}: "true"\n`);
});

const REAL_ENTRY = join(repoRoot, 'functions', 'inject.ts');

function realBundlePath(): string {
  if (realBundle) return realBundle;
  realBundle = join(dir, 'inject-sidecar.mjs');
  const run = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'bundle.mjs'), '--outfile', realBundle], { cwd: repoRoot, encoding: 'utf8' });
  assert.is(run.status, 0, run.stderr);
  return realBundle;
}

Deno('deno.json maps yaml to deno/yaml.ts: browser build at run time, the npm declarations for deno check', () => {
  const config = JSON.parse(readFileSync(CONFIG, 'utf8')) as { imports: Record<string, string>; nodeModulesDir: string };
  assert.equal(config.imports, { yaml: './deno/yaml.ts' });
  assert.is(config.nodeModulesDir, 'manual');
  const shim = readFileSync(join(repoRoot, 'deno', 'yaml.ts'), 'utf8');
  assert.ok(shim.includes('\n// @ts-types="npm:yaml@^2"\nexport * from \'../node_modules/yaml/browser/index.js\';\n'), shim);
});

Deno('deno check functions/inject.ts passes offline: a fresh DENO_DIR, --cached-only, types from node_modules', () => {
  if (skipped()) return;
  const denoDir = join(dir, 'deno-dir-check');
  const ran = spawnSync(DENO!, ['check', '--quiet', '--cached-only', `--config=${CONFIG}`, join(repoRoot, 'functions', 'inject.ts')], {
    cwd: repoRoot, encoding: 'utf8', env: { ...process.env, DENO_DIR: denoDir, NO_COLOR: '1' },
  });
  assert.is(ran.stderr, '');
  assert.is(ran.status, 0);
  // A type error is reported (the check really runs): the same entry importing a name yaml does not export.
  const broken = join(dir, 'broken.ts');
  writeFileSync(broken, `import { parseAllDocumentz } from 'yaml';\nconsole.log(parseAllDocumentz);\n`);
  const failing = spawnSync(DENO!, ['check', '--quiet', '--cached-only', `--config=${CONFIG}`, broken], {
    cwd: repoRoot, encoding: 'utf8', env: { ...process.env, DENO_DIR: denoDir, NO_COLOR: '1' },
  });
  assert.is(failing.status, 1);
  assert.ok(failing.stderr.includes("has no exported member named 'parseAllDocumentz'"), failing.stderr);
});

Deno('functions/inject.ts under Deno, no permission in KRM mode: byte-identical to the Node bundle', () => {
  if (skipped()) return;
  const stream = readFileSync(join(repoRoot, 'examples', 'demo', 'shop.yaml'), 'utf8');
  const list = stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: parseAllDocuments(stream).map((d) => d.toJS() as unknown) });
  for (const input of [stream, list]) {
    const fromDeno = deno([REAL_ENTRY], input);
    const fromNode = runExecutable(process.execPath, [realBundlePath()], input, dir);
    assert.is(fromDeno.status, 0, fromDeno.stderr);
    assert.is(fromDeno.stderr, '');
    assert.ok(fromDeno.stdout.includes('sidecar.istio.io/status'));
    assert.is(fromDeno.stdout, fromNode.stdout);
  }
});

Deno('functions/inject.ts under Deno, file mode with --allow-read only; refused without it', () => {
  if (skipped()) return;
  const file = join(repoRoot, 'examples', 'demo', 'shop.yaml');
  const fromDeno = deno(['--allow-read', REAL_ENTRY, file], '');
  assert.is(fromDeno.status, 0, fromDeno.stderr);
  assert.is(fromDeno.stdout, runExecutable(process.execPath, [realBundlePath(), file], '', dir).stdout);
  const refused = deno([REAL_ENTRY, file], '');
  assert.is(refused.status, 1);
  assert.is(refused.stdout, '');
  assert.ok(refused.stderr.includes('--allow-read'), refused.stderr);
});

Deno.run();
