// Real kpt runs (1.0.0-beta.56): `kpt fn eval --exec` and `kpt fn render --allow-exec` with a function bundled by
// scripts/bundle.mjs from test/fixtures/krm/test-fn.ts, on temp copies of test/fixtures/krm/pkg-basic. We compare the
// files git-diff style: only the intended lines change, relative to what kpt itself writes with a no-op function
// (`cat`: kpt drops blank lines inside lists by itself); wide and compact lists and comments survive; twice = once.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/shared.ts';
import { bundleTestFunction, tempDir, which } from '../fixtures/krm/support.ts';
import { SEEN_ANNOTATION } from '../fixtures/krm/test-processor.ts';

const KPT = which('kpt');
const PACKAGE = join(repoRoot, 'test', 'fixtures', 'krm', 'pkg-basic');

/** The lines that differ between two texts, `-old` / `+new`, in order (a longest-common-subsequence line diff). */
function lineDiff(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      out.push(`-${a[i++]}`);
    } else {
      out.push(`+${b[j++]}`);
    }
  }
  return out;
}

function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) out[name] = readFileSync(join(dir, name), 'utf8');
  return out;
}

function kpt(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(KPT!, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function copyPackage(into: string, name: string): string {
  const dir = join(into, name);
  cpSync(PACKAGE, dir, { recursive: true });
  return dir;
}

function withPipeline(dir: string, exec: string): void {
  const kptfile = join(dir, 'Kptfile');
  writeFileSync(kptfile, `${readFileSync(kptfile, 'utf8')}pipeline:\n  mutators:\n    - exec: ${exec}\n      configPath: fn-config.yaml\n`);
}

/** The intended change per file, as +/- lines, for an annotation value. */
function intended(value: string): Record<string, string[]> {
  return {
    'Kptfile': [],
    'compact.yaml': [`+    ${SEEN_ANNOTATION}: ${value}`],
    'deploy.yaml': ['+  annotations:', `+    ${SEEN_ANNOTATION}: ${value}`],
    'fn-config.yaml': [],
  };
}

function changes(before: Record<string, string>, after: Record<string, string>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const name of Object.keys(after)) out[name] = lineDiff(before[name] ?? '', after[name]!);
  return out;
}

const Kpt = suite('kpt: exec functions on a real package');

let work = '';
let fn = '';

Kpt.before(() => {
  if (!KPT) return;
  work = tempDir('krm-kpt');
  fn = bundleTestFunction(work);
});

Kpt.after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function skipped(): boolean {
  if (KPT) return false;
  console.error('SKIP kpt tests: kpt is not on PATH (install kpt 1.0.0-beta.56, e.g. the google-cloud-cli-kpt package)');
  return true;
}

Kpt('kpt fn eval --exec: only the intended lines change; seqindent and comments survive; twice = once', () => {
  if (skipped()) return;
  const baseline = copyPackage(work, 'eval-baseline');
  assert.is(kpt(['fn', 'eval', baseline, '--exec', 'cat'], work).status, 0);
  const pkg = copyPackage(work, 'eval');
  const first = kpt(['fn', 'eval', pkg, '--exec', fn], work);
  assert.is(first.status, 0, first.stderr);
  const after = files(pkg);
  assert.equal(changes(files(baseline), after), intended('"true"'));
  // Against the original files: the wide list of deploy.yaml and every comment are still there, as written.
  assert.equal(lineDiff(readFileSync(join(PACKAGE, 'deploy.yaml'), 'utf8'), after['deploy.yaml']!), intended('"true"')['deploy.yaml']);
  assert.ok(after['deploy.yaml']!.startsWith('# top comment\napiVersion: apps/v1\n'));
  assert.is(after['deploy.yaml']!.split('# top comment').length - 1, 1);
  const second = kpt(['fn', 'eval', pkg, '--exec', fn], work);
  assert.is(second.status, 0, second.stderr);
  assert.equal(files(pkg), after);
});

Kpt('kpt fn eval --fn-config with the config inside the package (it arrives twice; local-config is left alone)', () => {
  if (skipped()) return;
  const baseline = copyPackage(work, 'fnconfig-baseline');
  assert.is(kpt(['fn', 'eval', baseline, '--exec', 'cat'], work).status, 0);
  const pkg = copyPackage(work, 'fnconfig');
  const run = kpt(['fn', 'eval', pkg, '--exec', fn, '--fn-config', join(pkg, 'fn-config.yaml')], work);
  assert.is(run.status, 0, run.stderr);
  assert.equal(changes(files(baseline), files(pkg)), intended('configured'));
});

Kpt('kpt fn render --allow-exec with an absolute exec path and configPath', () => {
  if (skipped()) return;
  const baseline = copyPackage(work, 'render-baseline');
  withPipeline(baseline, 'cat');
  const base = kpt(['fn', 'render', baseline, '--allow-exec'], work);
  assert.is(base.status, 0, base.stderr);
  const pkg = copyPackage(work, 'render');
  withPipeline(pkg, fn);
  const run = kpt(['fn', 'render', pkg, '--allow-exec'], work);
  assert.is(run.status, 0, run.stderr);
  const expected = intended('configured');
  const actual = changes(files(baseline), files(pkg));
  // The Kptfiles differ only in the exec line of the pipeline.
  assert.equal(actual['Kptfile'], ['-    - exec: cat', `+    - exec: ${fn}`]);
  assert.equal({ ...actual, Kptfile: [] }, expected);
  const again = kpt(['fn', 'render', pkg, '--allow-exec'], work);
  assert.is(again.status, 0, again.stderr);
  assert.equal(changes(files(baseline), files(pkg)), actual);
});

Kpt('an error result fails the kpt run, leaves the files alone and reaches results.yaml', () => {
  if (skipped()) return;
  const pkg = copyPackage(work, 'failing');
  const resultsDir = join(work, 'results');
  const run = kpt(['fn', 'eval', pkg, '--exec', fn, '--results-dir', resultsDir, '--', 'errorOn=web'], work);
  assert.is.not(run.status, 0);
  assert.equal(files(pkg), files(PACKAGE));
  const results = readFileSync(join(resultsDir, 'results.yaml'), 'utf8');
  assert.ok(results.includes('message: this Deployment is not acceptable'), results);
  assert.ok(results.includes('severity: error'), results);
  assert.ok(results.includes('[error] apps/v1/Deployment/web spec.replicas: this Deployment is not acceptable'), results);
});

Kpt.run();
