// The same entry point run from source under Deno 2 (the Deno host) must give byte-identical output to the Node
// bundle, need no permission in KRM mode, and set the exit code. Skipped when no deno binary is found (PATH,
// node_modules/.bin, or $DENO_BIN). `yaml` is mapped to its runtime-neutral ESM build: its Node build reads
// process.env (LOG_TOKENS), which Deno would refuse without --allow-env.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/shared.ts';
import { bundleTestFunction, fixture, runExecutable, tempDir, which } from '../fixtures/krm/support.ts';
import { SEEN_ANNOTATION } from '../fixtures/krm/test-processor.ts';

function findDeno(): string | undefined {
  const fromEnv = process.env['DENO_BIN'];
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const local = join(repoRoot, 'node_modules', '.bin', 'deno');
  return existsSync(local) ? local : which('deno');
}

const DENO = findDeno();
const Deno = suite('deno: the Deno host');

let dir = '';
let importMap = '';
let bundled = '';

Deno.before(() => {
  if (!DENO) return;
  dir = tempDir('krm-deno');
  importMap = join(dir, 'import-map.json');
  writeFileSync(importMap, JSON.stringify({ imports: { yaml: join(repoRoot, 'node_modules', 'yaml', 'browser', 'index.js') } }));
  bundled = bundleTestFunction(dir);
});

Deno.after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function deno(args: readonly string[], stdin: string): { status: number | null; stdout: string; stderr: string } {
  return runExecutable(DENO!, ['run', '--quiet', '--no-prompt', `--import-map=${importMap}`, ...args], stdin, dir);
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

Deno.run();
