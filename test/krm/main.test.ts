import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { helpText, looksLikeFunctionConfig, main, parseArgs } from '../../src/io/main.ts';
import type { Commands } from '../../src/io/main.ts';
import { getStringIn } from '../../src/krm/object.ts';
import type { Invocation, Processor } from '../../src/krm/processor.ts';
import { parseStream } from '../../src/yaml/codec.ts';
import { memoryHost } from '../fixtures/krm/support.ts';
import type { MemoryHost } from '../fixtures/krm/support.ts';
import { SEEN_ANNOTATION, testProcessor } from '../fixtures/krm/test-processor.ts';

const COMMANDS: Commands = { inject: testProcessor };

async function exec(host: MemoryHost, commands: Commands = COMMANDS): Promise<number> {
  return main(host, commands, { version: '1.2.3' });
}

const DEPLOY = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n';
const DEPLOY_SEEN = `${DEPLOY}  annotations:\n    ${SEEN_ANNOTATION}: "true"\n`;
const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n';
const CONFIG = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  annotations:\n    config.kubernetes.io/local-config: "true"\ndata:\n  revision: canary\n';

// --- argv ------------------------------------------------------------------------------------------------------------

const Args = suite('main: parseArgs and --help');

Args('flags, values, subcommands and files', () => {
  const parsed = parseArgs(['uninject', '--config', 'c.yaml', '--revision=canary', '-r', 'x', '--explain', '--output', 'patches', 'a.yaml', '-', '--', '--odd-file']);
  assert.ok(parsed.ok);
  if (!parsed.ok) return;
  assert.is(parsed.args.command, 'uninject');
  assert.is(parsed.args.config, 'c.yaml');
  assert.is(parsed.args.revision, 'x');
  assert.is(parsed.args.explain, true);
  assert.is(parsed.args.output, 'patches');
  assert.equal(parsed.args.files, ['a.yaml', '-', '--odd-file']);
  const later = parseArgs(['--check', 'a.yaml', 'uninject']);
  assert.ok(later.ok && later.args.command === 'inject' && later.args.files.join() === 'a.yaml,uninject');
});

Args('errors', () => {
  assert.equal(parseArgs(['--nope']), { ok: false, error: 'Unknown flag "--nope"' });
  assert.equal(parseArgs(['--config']), { ok: false, error: 'Flag --config needs a value' });
  assert.equal(parseArgs(['--check=yes']), { ok: false, error: 'Flag --check takes no value' });
  assert.equal(parseArgs(['--output', 'json']), { ok: false, error: 'Flag --output must be "patches", got "json"' });
});

Args('--help documents every flag and subcommand', async () => {
  const text = helpText();
  for (const flag of ['--config FILE', '--injectConfigFile FILE', '--meshConfigFile FILE', '--valuesFile FILE', '-r, --revision REV', '--check', '--explain', '--output patches', '--in-place', '--drop-local-config', '-h, --help', '--version', 'uninject', 'iptables', 'FILE|DIR|-']) {
    assert.ok(text.includes(flag), flag);
  }
  const host = memoryHost(['--help']);
  assert.is(await exec(host), 0);
  assert.is(host.stdout, text);
});

Args('--version and usage errors', async () => {
  const version = memoryHost(['--version']);
  assert.is(await exec(version), 0);
  assert.is(version.stdout, 'inject-sidecar 1.2.3\n');
  const bad = memoryHost(['--bogus']);
  assert.is(await exec(bad), 1);
  assert.is(bad.stdout, '');
  assert.is(bad.stderr, 'inject-sidecar: Unknown flag "--bogus"\nRun "inject-sidecar --help" for usage.\n');
});

Args.run();

// --- KRM mode --------------------------------------------------------------------------------------------------------

const Krm = suite('main: KRM mode');

Krm('stdin to stdout, silent on success', async () => {
  const host = memoryHost([], { stdin: DEPLOY });
  assert.is(await exec(host), 0);
  assert.is(host.stdout, DEPLOY_SEEN);
  assert.is(host.stderr, '');
});

Krm('unreadable stdin: exit 1, one line on stderr, nothing on stdout', async () => {
  const host = memoryHost([], { stdin: '' });
  assert.is(await exec(host), 1);
  assert.is(host.stdout, '');
  assert.is(host.stderr, 'Cannot read stdin: the input is empty (expected a ResourceList, a List or YAML documents)\n');
});

Krm('--config replaces the ResourceList\'s functionConfig; file flags and --revision become overrides', async () => {
  let seen: Invocation | undefined;
  let configName: string | undefined;
  const spy: Processor<undefined> = {
    name: 'spy',
    configure({ functionConfig, invocation }) {
      seen = invocation;
      configName = functionConfig ? getStringIn(functionConfig, ['metadata', 'name']) : undefined;
      return { ok: true, config: undefined };
    },
  };
  const rl = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\nfunctionConfig:\n  kind: ConfigMap\n  metadata:\n    name: from-stdin\n';
  const host = memoryHost(['--config', 'cfg.yaml', '--injectConfigFile', 'inj.yaml', '--meshConfigFile', 'mesh.yaml', '--valuesFile', 'values.json', '-r', 'canary', '--explain'], {
    stdin: rl,
    files: { 'cfg.yaml': CONFIG, 'inj.yaml': 'policy: enabled\n', 'mesh.yaml': 'a: 1\n', 'values.json': '{}' },
  });
  assert.is(await exec(host, { inject: spy }), 0);
  assert.is(configName, 'cfg');
  assert.equal(seen, {
    command: 'inject', explain: true, output: 'resources', dropLocalConfig: false, inPlace: false, mode: 'krm',
    overrides: { config: 'policy: enabled\n', mesh: 'a: 1\n', values: '{}', revision: 'canary' },
  });
  assert.is(host.stdout, rl);
});

Krm('subcommands and --check pick their processor; missing ones are reported', async () => {
  const names: string[] = [];
  const named = (name: string): Processor => ({ name, prepare: () => void names.push(name) });
  const commands: Commands = { inject: named('inject'), uninject: named('uninject'), check: named('check') };
  await exec(memoryHost(['uninject'], { stdin: DEPLOY }), commands);
  await exec(memoryHost(['--check'], { stdin: DEPLOY }), commands);
  await exec(memoryHost([], { stdin: DEPLOY }), commands);
  assert.equal(names, ['uninject', 'check', 'inject']);
  const host = memoryHost(['uninject'], { stdin: DEPLOY });
  assert.is(await exec(host, { inject: testProcessor }), 1);
  assert.is(host.stderr, 'inject-sidecar: the uninject command is not available in this build\n');
  const ipt = memoryHost(['iptables'], { stdin: DEPLOY });
  assert.is(await exec(ipt), 1);
  assert.is(ipt.stderr, 'inject-sidecar: the iptables command is not available in this build\n');
});

Krm('iptables gets its input and prints its output', async () => {
  const host = memoryHost(['iptables', 'pod.yaml'], { files: { 'pod.yaml': DEPLOY } });
  const code = await exec(host, { inject: testProcessor, iptables: ({ input, invocation }) => ({ output: `rules for ${input.length} bytes (${invocation.mode})\n`, exitCode: 0, stderr: '' }) });
  assert.is(code, 0);
  assert.is(host.stdout, `rules for ${DEPLOY.length} bytes (file)\n`);
});

Krm.run();

// --- file mode -------------------------------------------------------------------------------------------------------

const Files = suite('main: file mode');

Files('files and directories to one stream on stdout; results on stderr', async () => {
  const host = memoryHost(['app', 'svc.yaml'], { files: { 'app/b.yaml': SERVICE, 'app/a.yml': DEPLOY, 'app/notes.txt': 'x', 'app/.hidden/h.yaml': DEPLOY, 'svc.yaml': SERVICE } });
  assert.is(await exec(host), 0);
  assert.is(host.stdout, `${DEPLOY_SEEN}---\n${SERVICE}---\n${SERVICE}`);
  assert.is(host.stderr, '');
});

Files('the first FILE is the config when it is one, and it is skipped when it shows up again', async () => {
  const notOurs = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-settings\ndata:\n  value: x\n';
  const plain = memoryHost(['cm.yaml', 'cm.yaml', 'deploy.yaml'], { files: { 'cm.yaml': notOurs, 'deploy.yaml': DEPLOY } });
  assert.is(await exec(plain), 0);
  assert.is(plain.stdout, `${notOurs}---\n${DEPLOY_SEEN}`);
  const ours = memoryHost(['cfg.yaml', 'deploy.yaml', 'cfg.yaml'], { files: { 'cfg.yaml': CONFIG, 'deploy.yaml': DEPLOY } });
  assert.is(await exec(ours), 0);
  assert.is(ours.stdout, DEPLOY_SEEN);
});

Files('looksLikeFunctionConfig', () => {
  const doc = (text: string) => parseStream(text).documents[0]!.doc;
  assert.ok(looksLikeFunctionConfig(doc(CONFIG)));
  assert.ok(looksLikeFunctionConfig(doc('apiVersion: inject-sidecar.dev/v1alpha1\nkind: SidecarInjection\n')));
  assert.not.ok(looksLikeFunctionConfig(doc('apiVersion: v1\nkind: ConfigMap\ndata:\n  revision: x\n  other: y\n')));
  assert.not.ok(looksLikeFunctionConfig(doc('apiVersion: v1\nkind: ConfigMap\ndata: {}\n')));
  assert.not.ok(looksLikeFunctionConfig(doc(DEPLOY)));
});

Files('--in-place rewrites only the changed files', async () => {
  const host = memoryHost(['--in-place', 'deploy.yaml', 'svc.yaml'], { files: { 'deploy.yaml': DEPLOY, 'svc.yaml': SERVICE } });
  assert.is(await exec(host), 0);
  assert.equal(host.writes, ['deploy.yaml']);
  assert.is(host.files.get('/work/deploy.yaml'), DEPLOY_SEEN);
  assert.is(host.stdout, '');
  assert.is(host.stderr, 'Updated deploy.yaml\n');
  const again = memoryHost(['--in-place', 'deploy.yaml'], { files: { 'deploy.yaml': DEPLOY_SEEN } });
  assert.is(await exec(again), 0);
  assert.equal(again.writes, []);
});

Files('--drop-local-config and "-" for stdin', async () => {
  const kptfile = 'apiVersion: kpt.dev/v1\nkind: Kptfile\nmetadata:\n  name: p\n';
  const host = memoryHost(['--drop-local-config', '-'], { stdin: `${kptfile}---\n${CONFIG}---\n${DEPLOY}` });
  assert.is(await exec(host), 0);
  assert.is(host.stdout, `---\n${DEPLOY_SEEN}`);
});

Files('missing files and unreadable files fail with no output', async () => {
  const missing = memoryHost(['nope.yaml']);
  assert.is(await exec(missing), 1);
  assert.is(missing.stderr, 'inject-sidecar: Cannot read "nope.yaml": no such file or directory\n');
  const bad = memoryHost(['bad.yaml', 'deploy.yaml'], { files: { 'bad.yaml': 'a: [\n', 'deploy.yaml': DEPLOY } });
  assert.is(await exec(bad), 1);
  assert.is(bad.stdout, '');
  assert.ok(bad.stderr.startsWith('Cannot read bad.yaml: line 2, column 1: '));
  const inPlace = memoryHost(['--in-place']);
  assert.is(await exec(inPlace), 1);
  assert.is(inPlace.stderr, 'inject-sidecar: --in-place needs FILE or DIR arguments\n');
});

Files('error results: exit 1, the stream is still printed, results on stderr', async () => {
  const host = memoryHost(['--config', 'c.yaml', 'deploy.yaml'], { files: { 'c.yaml': 'kind: ConfigMap\ndata:\n  errorOn: web\n', 'deploy.yaml': DEPLOY } });
  assert.is(await exec(host), 1);
  assert.is(host.stdout, DEPLOY_SEEN);
  assert.is(host.stderr, '[error] apps/v1/Deployment/web spec.replicas: this Deployment is not acceptable\n');
});

Files.run();
