/**
 * The kpt packages in examples/ (every directory with a Kptfile and .expected/), run with the installed kpt exactly
 * as their READMEs say, in the kpt function catalog's layout (krm-integration.md §10 step 7): each package is copied
 * to a temp git repository, then
 *   - `kpt fn eval PKG --exec <absolute path of dist/inject-sidecar.js> --fn-config PKG/<fnConfig>`, and
 *   - `kpt fn render PKG --allow-exec`, whose Kptfile names `exec: inject-sidecar` (a bin/ dir on PATH links it to
 *     the bundle: kpt resolves relative exec paths against its working directory, krm-integration.md §4),
 * must each leave `git diff` equal to .expected/diff.patch and kpt's results.yaml equal to .expected/results.yaml
 * (the exec string recorded verbatim, so eval's absolute path reads `inject-sidecar` there), and a second run must
 * change nothing. Independently of the recorded diff: only the Deployment's file changes, no comment is lost, and
 * the only removed lines are the readiness probe's, which Istio rewrites to the agent's port (istio-injection.md).
 * `KPT_E2E_UPDATE_EXPECTED=true` rewrites .expected/diff.patch and results.yaml from a render run.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '../support/shared.ts';
import { ensureBundle } from './bundle.ts';

function which(tool: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(':')) {
    if (dir !== '' && existsSync(resolve(dir, tool))) return resolve(dir, tool);
  }
  return undefined;
}

const KPT = which('kpt');
const GIT = which('git');
const EXAMPLES = join(repoRoot, 'examples');
const UPDATE = process.env['KPT_E2E_UPDATE_EXPECTED'] === 'true';

/** The example packages: directories holding a Kptfile and an .expected/ directory. */
const PACKAGES = readdirSync(EXAMPLES).filter((name) => existsSync(join(EXAMPLES, name, 'Kptfile')) && existsSync(join(EXAMPLES, name, '.expected')));

interface ExpectedConfig {
  readonly exitCode: number;
  readonly fnConfig: string;
}

function expectedConfig(name: string): ExpectedConfig {
  const config = parse(readFileSync(join(EXAMPLES, name, '.expected', 'config.yaml'), 'utf8')) as Partial<ExpectedConfig>;
  return { exitCode: config.exitCode ?? 0, fnConfig: config.fnConfig ?? 'injector-config.yaml' };
}

let work = '';
let bundle = '';
let env: NodeJS.ProcessEnv = {};

function run(command: string, args: readonly string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const ran = spawnSync(command, [...args], { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: ran.status, stdout: ran.stdout, stderr: ran.stderr };
}

/** git with a fixed identity and no user or system configuration. */
function git(args: readonly string[], cwd: string): string {
  const ran = run(GIT!, ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', '-c', 'core.abbrev=7', '-c', 'init.defaultBranch=main', ...args], cwd);
  assert.is(ran.status, 0, `git ${args.join(' ')}: ${ran.stderr}`);
  return ran.stdout;
}

/** A committed copy of the example (without .expected/) in a fresh git repository. */
function checkout(name: string, label: string): string {
  const dir = join(work, `${name}-${label}`);
  cpSync(join(EXAMPLES, name), dir, { recursive: true, filter: (src) => !src.includes(`${join(EXAMPLES, name, '.expected')}`) });
  git(['init', '-q'], dir);
  git(['add', '-A'], dir);
  git(['commit', '-q', '-m', 'example as committed'], dir);
  return dir;
}

function diff(dir: string): string {
  return git(['diff', '--no-color', '--no-ext-diff'], dir);
}

function skipped(): boolean {
  if (!KPT) console.error('SKIP kpt examples: kpt is not on PATH (install kpt 1.0.0-beta.56, e.g. the google-cloud-cli-kpt package)');
  else if (!GIT) console.error('SKIP kpt examples: git is not on PATH');
  return !KPT || !GIT;
}

const Examples = suite('examples: kpt packages with the bundled function');

Examples.before(() => {
  if (!KPT || !GIT) return;
  bundle = ensureBundle();
  work = mkdtempSync(join(tmpdir(), 'kpt-examples-'));
  const bin = join(work, 'bin');
  mkdirSync(bin);
  symlinkSync(bundle, join(bin, 'inject-sidecar'));
  const home = join(work, 'home');
  mkdirSync(home);
  env = {
    ...process.env,
    PATH: [bin, dirname(process.execPath), process.env['PATH'] ?? ''].join(':'),
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    NO_COLOR: '1',
  };
});

Examples.after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

Examples('there are two example packages: a ConfigMap functionConfig and the typed SidecarInjection', () => {
  assert.equal(PACKAGES, ['kpt', 'kpt-typed']);
  const typed = readFileSync(join(EXAMPLES, 'kpt-typed', 'injector-config.yaml'), 'utf8');
  assert.ok(typed.startsWith('# yaml-language-server: $schema=../../schema/sidecar-injection.schema.json\n'));
  assert.ok(existsSync(join(EXAMPLES, 'kpt-typed', '../../schema/sidecar-injection.schema.json')));
  assert.is((parse(typed) as { kind: string }).kind, 'SidecarInjection');
  assert.is((parse(readFileSync(join(EXAMPLES, 'kpt', 'injector-config.yaml'), 'utf8')) as { kind: string }).kind, 'ConfigMap');
  for (const name of PACKAGES) {
    assert.is(readFileSync(join(EXAMPLES, name, '.krmignore'), 'utf8'), '.expected\n', name);
    assert.ok(readFileSync(join(EXAMPLES, name, 'Kptfile'), 'utf8').includes('\n    - exec: inject-sidecar\n      configPath: injector-config.yaml\n'), name);
  }
});

/** Removed and added lines of a unified diff (without the ---/+++ headers). */
function changedLines(patch: string): { removed: string[]; added: string[] } {
  const lines = patch.split('\n').filter((l) => !l.startsWith('--- ') && !l.startsWith('+++ '));
  return { removed: lines.filter((l) => l.startsWith('-')).map((l) => l.slice(1)), added: lines.filter((l) => l.startsWith('+')).map((l) => l.slice(1)) };
}

for (const name of PACKAGES) {
  const expectedDir = join(EXAMPLES, name, '.expected');

  Examples(`${name}: kpt fn render --allow-exec gives .expected/diff.patch and results.yaml; twice = once`, () => {
    if (skipped()) return;
    const config = expectedConfig(name);
    const dir = checkout(name, 'render');
    const results = join(work, `${name}-render-results`);
    const first = run(KPT!, ['fn', 'render', dir, '--allow-exec', '--results-dir', results], work);
    assert.is(first.status, config.exitCode, first.stderr);
    const patch = diff(dir);
    const resultsText = readFileSync(join(results, 'results.yaml'), 'utf8');
    if (UPDATE) {
      writeFileSync(join(expectedDir, 'diff.patch'), patch);
      writeFileSync(join(expectedDir, 'results.yaml'), resultsText);
    }
    assert.fixture(patch, readFileSync(join(expectedDir, 'diff.patch'), 'utf8'));
    assert.fixture(resultsText, readFileSync(join(expectedDir, 'results.yaml'), 'utf8'));
    const again = run(KPT!, ['fn', 'render', dir, '--allow-exec'], work);
    assert.is(again.status, config.exitCode, again.stderr);
    assert.fixture(diff(dir), patch);
  });

  Examples(`${name}: kpt fn eval --exec <absolute path of the bundle> gives the same diff; twice = once`, () => {
    if (skipped()) return;
    const config = expectedConfig(name);
    const dir = checkout(name, 'eval');
    const results = join(work, `${name}-eval-results`);
    const args = ['fn', 'eval', dir, '--exec', bundle, '--fn-config', join(dir, config.fnConfig), '--results-dir', results];
    const first = run(KPT!, args, work);
    assert.is(first.status, config.exitCode, first.stderr);
    assert.fixture(diff(dir), readFileSync(join(expectedDir, 'diff.patch'), 'utf8'));
    const resultsText = readFileSync(join(results, 'results.yaml'), 'utf8').replaceAll(bundle, 'inject-sidecar');
    assert.fixture(resultsText, readFileSync(join(expectedDir, 'results.yaml'), 'utf8'));
    const again = run(KPT!, args.slice(0, -2), work);
    assert.is(again.status, config.exitCode, again.stderr);
    assert.fixture(diff(dir), readFileSync(join(expectedDir, 'diff.patch'), 'utf8'));
  });

  Examples(`${name}: the expected diff touches only the Deployment, keeps every comment, removes only the probe lines`, () => {
    const patch = readFileSync(join(expectedDir, 'diff.patch'), 'utf8');
    const files = [...patch.matchAll(/^diff --git a\/(\S+) /gm)].map((m) => m[1]);
    assert.equal(files, ['deployment.yaml']);
    const { removed, added } = changedLines(patch);
    // Istio rewrites an HTTP probe on a named port to the agent (port 15020, /app-health/<container>/readyz).
    assert.equal(removed, ['              path: /ready', '              port: http']);
    assert.equal(added.slice(added.indexOf('              path: /app-health/web/readyz'), added.indexOf('              path: /app-health/web/readyz') + 2),
      ['              path: /app-health/web/readyz', '              port: 15020']);
    assert.not.ok(added.some((l) => l.trimStart().startsWith('#')), 'no comment added');
    for (const line of readFileSync(join(EXAMPLES, name, 'deployment.yaml'), 'utf8').split('\n')) {
      if (line.includes('#')) assert.ok(!removed.includes(line), `comment line kept: ${line}`);
    }
  });
}

Examples.run();
