/**
 * The repository itself as a kpt package (the top Kptfile, .krmignore) and its catalog entry (metadata.yaml).
 * `kpt fn render --allow-exec` runs on a copy of the whole project (without node_modules, build/, dist/ and .git,
 * never the working tree): the subpackages examples/kpt and examples/kpt-typed must come out exactly as when rendered
 * alone (their .expected/diff.patch), the KRM tests' fixture package (a subpackage too: kpt finds every Kptfile)
 * only gets kpt's own reformatting, the top pipeline must inject the namespaced examples (demo, the Argo CD
 * application) and nothing else, .krmignore must keep sources, tests and golden files out, and a second render must
 * change nothing. `exec: inject-sidecar` is resolved through a bin/ dir on PATH linked to the bundle.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '../support/shared.ts';
import { which } from '../fixtures/krm/support.ts';
import { ensureBundle } from './bundle.ts';
import type { Ran } from './bundle.ts';

const KPT = which('kpt');
const GIT = which('git');
/** Not copied: installed or generated, or another repository. */
const NOT_COPIED = new Set(['node_modules', 'build', 'dist', '.git', '.oracle']);

let work = '';
let env: NodeJS.ProcessEnv = {};

function run(command: string, args: readonly string[], cwd: string): Ran {
  const ran = spawnSync(command, [...args], { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: ran.status, stdout: ran.stdout, stderr: ran.stderr };
}

function git(args: readonly string[], cwd: string): string {
  const ran = run(GIT!, ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', '-c', 'core.abbrev=7', '-c', 'init.defaultBranch=main', ...args], cwd);
  assert.is(ran.status, 0, `git ${args.join(' ')}: ${ran.stderr}`);
  return ran.stdout;
}

/** The project's files: tracked and untracked ones that .gitignore does not exclude (else every file on disk). */
function projectFiles(): string[] {
  const listed = spawnSync(GIT!, ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, encoding: 'utf8' });
  if (listed.status === 0) return listed.stdout.split('\0').filter((path) => path !== '');
  return readdirSync(repoRoot, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(repoRoot, join(entry.parentPath, entry.name)));
}

/** A committed copy of the project in a fresh git repository (files others delete meanwhile are left out). */
function checkout(label: string): string {
  const dir = join(work, label);
  for (const path of projectFiles()) {
    if (NOT_COPIED.has(path.split('/')[0]!) || !existsSync(join(repoRoot, path))) continue;
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    copyFileSync(join(repoRoot, path), join(dir, path));
  }
  git(['init', '-q'], dir);
  git(['add', '-A'], dir);
  git(['commit', '-q', '-m', 'the project as committed'], dir);
  return dir;
}

function skipped(): boolean {
  if (!KPT) console.error('SKIP rendering the top kpt package: kpt is not on PATH (install kpt 1.0.0-beta.56, e.g. the google-cloud-cli-kpt package)');
  else if (!GIT) console.error('SKIP rendering the top kpt package: git is not on PATH');
  return !KPT || !GIT;
}

const Top = suite('the repository as a kpt package');

Top.before(() => {
  work = mkdtempSync(join(tmpdir(), 'kpt-top-'));
  if (!KPT || !GIT) return;
  const bin = join(work, 'bin');
  mkdirSync(bin);
  symlinkSync(ensureBundle(), join(bin, 'inject-sidecar'));
  const home = join(work, 'home');
  mkdirSync(home);
  env = { ...process.env, PATH: [bin, dirname(process.execPath), process.env['PATH'] ?? ''].join(':'), HOME: home, GIT_CONFIG_NOSYSTEM: '1', NO_COLOR: '1' };
});

Top.after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

Top('the Kptfile: local-config, one exec mutator with selectors and an inline config', () => {
  const kptfile = parse(readFileSync(join(repoRoot, 'Kptfile'), 'utf8')) as {
    apiVersion: string; kind: string; metadata: { name: string; annotations: Record<string, string> };
    pipeline: { mutators: Record<string, unknown>[] };
  };
  assert.is(kptfile.apiVersion, 'kpt.dev/v1');
  assert.is(kptfile.kind, 'Kptfile');
  assert.is(kptfile.metadata.name, 'inject-sidecar');
  assert.equal(kptfile.metadata.annotations, { 'config.kubernetes.io/local-config': 'true' });
  assert.equal(kptfile.pipeline.mutators, [{
    exec: 'inject-sidecar',
    selectors: [{ namespace: 'store' }, { namespace: 'shop' }],
    configMap: { kubernetesVersion: '1.32', nativeSidecars: 'auto', mode: 'manual' },
  }]);
  // .krmignore: an allow-list, everything at the top but the Kptfile and examples/ is left out.
  const ignored = readFileSync(join(repoRoot, '.krmignore'), 'utf8').split('\n').filter((line) => line !== '' && !line.startsWith('#'));
  assert.equal(ignored.slice(0, 3), ['/*', '!/Kptfile', '!/examples/']);
  assert.ok(ignored.includes('.expected'));
});

Top('kpt fn render --allow-exec on a copy: subpackages as alone, the namespaced examples injected, then a no-op', () => {
  if (skipped()) return;
  const dir = checkout('render');
  // A workload outside examples/ that the pipeline's selectors would pick: .krmignore must keep kpt from reading it.
  writeFileSync(join(dir, 'src', 'stray.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: stray\n  namespace: shop\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: app:1\n');
  git(['add', '-A'], dir);
  git(['commit', '-q', '-m', 'a stray workload'], dir);
  const rendered = run(KPT!, ['fn', 'render', '--allow-exec', '.'], dir);
  assert.is(rendered.status, 0, rendered.stderr);
  assert.ok(rendered.stderr.includes('Package "render/examples/kpt": \n[RUNNING] "inject-sidecar"\n[PASS]'), rendered.stderr);
  assert.ok(rendered.stderr.includes('Package "render/examples/kpt-typed": \n[RUNNING] "inject-sidecar"\n[PASS]'), rendered.stderr);
  // demo/shop.yaml: Deployment, Service, ConfigMap; the Argo CD application: Deployment, Service.
  assert.ok(rendered.stderr.includes('Package "render": \n[RUNNING] "inject-sidecar" on 5 resource(s)\n[PASS]'), rendered.stderr);
  // kpt finds subpackages by their Kptfile whatever .krmignore says: the KRM tests' fixture package is one. It has
  // no pipeline and none of its items is selected.
  assert.ok(rendered.stderr.includes('Package "render/test/fixtures/krm/pkg-basic": \nPackage "render": \n'), rendered.stderr);
  assert.ok(rendered.stderr.includes('Successfully executed 3 function(s) in 4 package(s).'), rendered.stderr);
  assert.is(git(['status', '--porcelain'], dir), [
    ' M examples/argocd/repo/deployment.yaml',
    ' M examples/demo/shop.yaml',
    ' M examples/kpt-typed/deployment.yaml',
    ' M examples/kpt/deployment.yaml',
    ' M test/fixtures/krm/pkg-basic/compact.yaml',
    '',
  ].join('\n'));
  // kpt itself, not the function (none of its items is selected), drops a blank line between two list entries of
  // the fixture package when it writes it back (observed with 1.0.0-beta.56).
  assert.is(git(['diff', '--no-color', '-U0', '--', 'test/fixtures/krm/pkg-basic/compact.yaml'], dir).split('\n').filter((line) => /^[-+](?![-+])/.test(line)).join('\n'), '-');
  for (const name of ['kpt', 'kpt-typed']) {
    const diff = git(['diff', '--no-color', '--no-ext-diff', `--relative=examples/${name}/`], dir);
    assert.fixture(diff, readFileSync(join(repoRoot, 'examples', name, '.expected', 'diff.patch'), 'utf8'));
  }
  for (const path of ['examples/demo/shop.yaml', 'examples/argocd/repo/deployment.yaml']) {
    const text = readFileSync(join(dir, path), 'utf8');
    assert.is(text.split('- name: istio-proxy\n').length - 1, 1, path);
    assert.not.ok(text.includes('config.kubernetes.io/'), `${path}: no orchestrator annotation left in the file`);
  }
  const first = git(['diff', '--no-color', '--no-ext-diff'], dir);
  const again = run(KPT!, ['fn', 'render', '--allow-exec', '.'], dir);
  assert.is(again.status, 0, again.stderr);
  assert.is(git(['diff', '--no-color', '--no-ext-diff'], dir), first, 'a second render changes nothing');
});

Top('metadata.yaml: the catalog entry (image, description, tags, sourceURL, examplePackageURLs, emails, license)', () => {
  const metadata = parse(readFileSync(join(repoRoot, 'metadata.yaml'), 'utf8')) as Record<string, unknown>;
  assert.equal(Object.keys(metadata), ['image', 'description', 'tags', 'sourceURL', 'examplePackageURLs', 'emails', 'license']);
  assert.equal(metadata['tags'], ['mutator', 'validator']);
  assert.is(metadata['license'], (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { license: string }).license);
  const source = metadata['sourceURL'] as string;
  const examples = metadata['examplePackageURLs'] as string[];
  assert.ok(examples.length > 0);
  for (const url of examples) {
    assert.ok(url.startsWith(`${source}/`), url);
    const path = url.slice(source.length + 1);
    assert.ok(existsSync(join(repoRoot, path, 'Kptfile')), `${path} is a kpt package`);
    assert.ok(existsSync(join(repoRoot, path, '.expected')), `${path} has its expected results`);
  }
});

Top.run();
