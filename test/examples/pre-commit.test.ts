/**
 * The pre-commit hooks (.pre-commit-hooks.yaml) used as a consumer would use them (krm-integration.md §7, §10 step
 * 9), with Debian's pre-commit 3.0.4: a temp git repository holding the root's .pre-commit-hooks.yaml serves as the
 * hook repository, and a copy of examples/pre-commit, committed in another temp repository, is the consumer, its
 * `repo:`/`rev:` pointed at the first. `inject-sidecar` is on PATH through a bin/ dir linking the bundle
 * (language: system). Checked: the first run rewrites and fails, the second passes, files the hook did not change
 * keep their bytes (the first run's git diff is .expected/diff.patch; PRE_COMMIT_UPDATE_EXPECTED=true rewrites it),
 * and the check hook changes nothing.
 * pre-commit comes from apt (`apt-get install -y pre-commit`); when it is missing the setup installs it if running
 * as root with apt-get, and otherwise every test skips with a message.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { repoRoot } from '../support/shared.ts';
import { ensureBundle } from './bundle.ts';

const EXAMPLE = join(repoRoot, 'examples', 'pre-commit');
const UPDATE = process.env['PRE_COMMIT_UPDATE_EXPECTED'] === 'true';
const MANIFESTS = ['k8s/configmap.yaml', 'k8s/deployment.yaml', 'k8s/service.yaml', 'injector-config.yaml'];

function which(tool: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(':')) {
    if (dir !== '' && existsSync(resolve(dir, tool))) return resolve(dir, tool);
  }
  return undefined;
}

/** pre-commit from PATH, installed from apt first when missing and allowed (root with apt-get). */
function findPreCommit(): string | undefined {
  const found = which('pre-commit');
  if (found || process.getuid?.() !== 0 || !which('apt-get')) return found;
  const installed = spawnSync('apt-get', ['install', '-y', '-q', 'pre-commit'], { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (installed.status !== 0) console.error(`apt-get install pre-commit failed: ${installed.stderr}`);
  return which('pre-commit');
}

interface Ran {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let preCommit: string | undefined;
let git: string | undefined;
let work = '';
let bundle = '';
let hookRepo = '';
let hookRev = '';
let env: NodeJS.ProcessEnv = {};

function run(command: string, args: readonly string[], cwd: string): Ran {
  const ran = spawnSync(command, [...args], { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: ran.status, stdout: ran.stdout, stderr: ran.stderr };
}

/** git with a fixed identity and no user or system configuration. */
function gitIn(cwd: string, args: readonly string[]): string {
  const ran = run(git!, ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', '-c', 'core.abbrev=7', '-c', 'init.defaultBranch=main', ...args], cwd);
  assert.is(ran.status, 0, `git ${args.join(' ')}: ${ran.stderr}`);
  return ran.stdout;
}

function skipped(): boolean {
  if (!preCommit) console.error('SKIP pre-commit example: pre-commit is not on PATH (Debian: apt-get install pre-commit)');
  else if (!git) console.error('SKIP pre-commit example: git is not on PATH');
  return !preCommit || !git;
}

/** A committed copy of examples/pre-commit whose .pre-commit-config.yaml uses the temp hook repository. */
function consumer(label: string): string {
  const dir = join(work, label);
  cpSync(EXAMPLE, dir, { recursive: true, filter: (src) => src !== join(EXAMPLE, '.expected') });
  const configPath = join(dir, '.pre-commit-config.yaml');
  const config = readFileSync(configPath, 'utf8')
    .replace(/^ {2}- repo: .*$/m, `  - repo: ${hookRepo}`)
    .replace(/^ {4}rev: .*$/m, `    rev: ${hookRev}`);
  assert.ok(config.includes(hookRepo) && config.includes(hookRev), 'repo: and rev: replaced');
  writeFileSync(configPath, config);
  gitIn(dir, ['init', '-q']);
  gitIn(dir, ['add', '-A']);
  gitIn(dir, ['commit', '-q', '-m', 'manifests as written']);
  return dir;
}

function changedFiles(dir: string): string[] {
  return gitIn(dir, ['diff', '--name-only']).split('\n').filter((line) => line !== '');
}

/** What the CLI's file mode prints for one manifest with the example's config: the expected in-place content. */
function injected(file: string): string {
  const ran = run(process.execPath, [bundle, '--config', join(EXAMPLE, 'injector-config.yaml'), join(EXAMPLE, file)], repoRoot);
  assert.is(ran.status, 0, ran.stderr);
  return ran.stdout;
}

const PreCommit = suite('examples: pre-commit hooks with the bundled function');

PreCommit.before(() => {
  preCommit = findPreCommit();
  git = which('git');
  if (!preCommit || !git) return;
  bundle = ensureBundle();
  work = mkdtempSync(join(tmpdir(), 'pre-commit-example-'));
  const bin = join(work, 'bin');
  mkdirSync(bin);
  symlinkSync(bundle, join(bin, 'inject-sidecar'));
  const home = join(work, 'home');
  mkdirSync(home);
  env = {
    ...process.env,
    PATH: [bin, dirname(process.execPath), process.env['PATH'] ?? ''].join(':'),
    HOME: home,
    PRE_COMMIT_HOME: join(work, 'cache'),
    GIT_CONFIG_NOSYSTEM: '1',
    NO_COLOR: '1',
  };
  hookRepo = join(work, 'hooks');
  mkdirSync(hookRepo);
  cpSync(join(repoRoot, '.pre-commit-hooks.yaml'), join(hookRepo, '.pre-commit-hooks.yaml'));
  gitIn(hookRepo, ['init', '-q']);
  gitIn(hookRepo, ['add', '-A']);
  gitIn(hookRepo, ['commit', '-q', '-m', 'hooks']);
  hookRev = gitIn(hookRepo, ['rev-parse', 'HEAD']).trim();
});

PreCommit.after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

PreCommit('pre-commit 3.x validates the hooks manifest and the example\'s config', () => {
  if (skipped()) return;
  assert.match(run(preCommit!, ['--version'], repoRoot).stdout, /^pre-commit 3\./);
  const manifest = run(preCommit!, ['validate-manifest', join(repoRoot, '.pre-commit-hooks.yaml')], repoRoot);
  assert.is(manifest.status, 0, manifest.stdout + manifest.stderr);
  const config = run(preCommit!, ['validate-config', join(EXAMPLE, '.pre-commit-config.yaml')], repoRoot);
  assert.is(config.status, 0, config.stdout + config.stderr);
});

PreCommit('first run rewrites the Deployment and fails; second run passes; other files keep their bytes', () => {
  if (skipped()) return;
  const dir = consumer('inject');
  const first = run(preCommit!, ['run', 'inject-sidecar', '--all-files'], dir);
  assert.is(first.status, 1, first.stdout + first.stderr);
  assert.match(first.stdout, /Istio sidecar injection \(offline, in place\)\.+Failed/);
  assert.ok(first.stdout.includes('- files were modified by this hook'), first.stdout);
  assert.equal(changedFiles(dir), ['k8s/deployment.yaml']);
  assert.fixture(readFileSync(join(dir, 'k8s/deployment.yaml'), 'utf8'), injected('k8s/deployment.yaml'));
  for (const file of MANIFESTS.filter((f) => f !== 'k8s/deployment.yaml')) {
    assert.ok(readFileSync(join(dir, file)).equals(readFileSync(join(EXAMPLE, file))), `${file} keeps its bytes`);
  }
  const afterFirst = readFileSync(join(dir, 'k8s/deployment.yaml'), 'utf8');
  const second = run(preCommit!, ['run', 'inject-sidecar', '--all-files'], dir);
  assert.is(second.status, 0, second.stdout + second.stderr);
  assert.match(second.stdout, /Istio sidecar injection \(offline, in place\)\.+Passed/);
  assert.is(readFileSync(join(dir, 'k8s/deployment.yaml'), 'utf8'), afterFirst);
});

PreCommit('the first run\'s git diff is .expected/diff.patch: lines added, only the readiness probe\'s path and port removed', () => {
  if (skipped()) return;
  const dir = consumer('diff');
  run(preCommit!, ['run', 'inject-sidecar', '--all-files'], dir);
  const full = gitIn(dir, ['diff', '--no-color', '--no-ext-diff']);
  if (UPDATE) writeFileSync(join(EXAMPLE, '.expected', 'diff.patch'), full);
  assert.fixture(full, readFileSync(join(EXAMPLE, '.expected', 'diff.patch'), 'utf8'));
  const patch = gitIn(dir, ['diff', '--no-color', '--no-ext-diff', '-U0']);
  const removed = patch.split('\n').filter((l) => l.startsWith('-') && !l.startsWith('--- ')).map((l) => l.slice(1));
  assert.equal(removed, ['              path: /ready', '              port: http']);
  assert.ok(readFileSync(join(dir, 'k8s/deployment.yaml'), 'utf8').includes('        - name: web # the storefront\n'));
});

PreCommit('the check hook changes nothing: fails listing the stale file, passes once the inject hook ran', () => {
  if (skipped()) return;
  const dir = consumer('check');
  const before = run(preCommit!, ['run', 'inject-sidecar-check', '--all-files', '--hook-stage', 'manual'], dir);
  assert.is(before.status, 1, before.stdout + before.stderr);
  assert.match(before.stdout, /Istio sidecar injection is up to date \(check only\)\.+Failed/);
  assert.ok(
    before.stdout.includes('spec.template.metadata.annotations["sidecar.istio.io/status"]: Deployment "shop" is not injected: inject would add the sidecar'),
    before.stdout,
  );
  assert.not.ok(before.stdout.includes('files were modified by this hook'), before.stdout);
  assert.equal(changedFiles(dir), []);
  run(preCommit!, ['run', 'inject-sidecar', '--all-files'], dir);
  const after = run(preCommit!, ['run', 'inject-sidecar-check', '--all-files', '--hook-stage', 'manual'], dir);
  assert.is(after.status, 0, after.stdout + after.stderr);
});

PreCommit.run();
