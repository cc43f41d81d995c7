/**
 * The traffic-capture preview (src/capture/iptables.ts): istio-init arguments (istio-injection.md §15) and CNI
 * annotations (§16) → the rules istio-iptables installs → `iptables -t nat -S`. The expected listings are the
 * goldens in test/golden/iptables/, written by hand from the specification and from Istio's behaviour; each says
 * where its rules come from in `//` comment lines (stripped before comparing). Then the `iptables` command through
 * `iptablesCommand` and through the real bundle.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import {
  buildRuleOps,
  captureFromCniAnnotations,
  captureFromInitArgs,
  captureSummary,
  formatRule,
  listAllRules,
  listRules,
} from '../../src/capture/iptables.ts';
import type { CaptureConfig } from '../../src/capture/iptables.ts';
import { iptablesCommand } from '../../src/inject/inject.ts';
import { embeddedDefaults } from '../../src/inject/defaults.ts';
import { DEFAULT_INVOCATION } from '../../src/krm/processor.ts';
import { newDocument } from '../../src/yaml/codec.ts';
import { repoRoot } from '../support/shared.ts';
import { runBundle } from '../examples/bundle.ts';

/** A golden listing without its `//` source comments. */
function golden(name: string): string {
  const text = readFileSync(join(repoRoot, 'test', 'golden', 'iptables', name), 'utf8');
  return text.split('\n').filter((line) => !line.startsWith('//')).join('\n');
}

/** The default profile's istio-init arguments (§15 table, defaults column). */
const DEFAULT_ARGS = ['istio-iptables', '-p', '15001', '-z', '15006', '-u', '1337', '-m', 'REDIRECT', '-i', '*', '-x', '', '-b', '*', '-d', '15090,15021,15020', '--log_output_level=default:info'];

function configOf(args: readonly string[], env: Record<string, string> = {}): CaptureConfig {
  const outcome = captureFromInitArgs(args, env);
  if (!outcome.ok) throw new Error(outcome.problem);
  return outcome.config;
}

// --- arguments ---------------------------------------------------------------------------------------------------

const Args = suite('capture: istio-init arguments');

Args('the default arguments: every §15 flag read, -g defaults to -u, the tunnel port to 15008', () => {
  const config = configOf(DEFAULT_ARGS);
  assert.equal(config, {
    source: 'istio-init',
    proxyPort: '15001',
    inboundCapturePort: '15006',
    inboundTunnelPort: '15008',
    proxyUID: '1337',
    proxyGID: '1337',
    interceptionMode: 'REDIRECT',
    includeIPRanges: '*',
    excludeIPRanges: '',
    includeInboundPorts: '*',
    excludeInboundPorts: '15090,15021,15020',
    includeOutboundPorts: '',
    excludeOutboundPorts: '',
    rerouteVirtualInterfaces: '',
    excludeInterfaces: '',
    dnsCapture: false,
  });
});

Args('long flags with = and -q/-o/-k/-c are read', () => {
  const config = configOf(['--envoy-port=16001', '-q', '3306', '-o', '22', '-k', 'eth1', '-c', 'eth2', '--proxy-gid=5']);
  assert.is(config.proxyPort, '16001');
  assert.is(config.includeOutboundPorts, '3306');
  assert.is(config.excludeOutboundPorts, '22');
  assert.is(config.rerouteVirtualInterfaces, 'eth1');
  assert.is(config.excludeInterfaces, 'eth2');
  assert.is(config.proxyGID, '5');
});

Args('CNI validation (--run-validation --skip-rule-apply) installs nothing itself', () => {
  const outcome = captureFromInitArgs([...DEFAULT_ARGS, '--run-validation', '--skip-rule-apply']);
  assert.is(outcome.ok, false);
});

Args('-x "*" is an istio-iptables error; a flag without its value too', () => {
  const star = captureFromInitArgs(['-x', '*']);
  assert.ok(!star.ok && star.problem.includes('OUTBOUND_IP_RANGES_EXCLUDE'));
  assert.is(captureFromInitArgs(['-p']).ok, false);
});

Args('DNS capture (ISTIO_META_DNS_CAPTURE in the init env) is reported as not modelled', () => {
  const outcome = captureFromInitArgs(DEFAULT_ARGS, { ISTIO_META_DNS_CAPTURE: 'true' });
  assert.ok(outcome.ok && outcome.config.dnsCapture);
  assert.ok(outcome.ok && outcome.notes.some((n) => n.includes('resolv.conf')));
});

Args('--native-nftables is noted: the same rules are installed as nftables rules', () => {
  const outcome = captureFromInitArgs([...DEFAULT_ARGS, '--native-nftables']);
  assert.ok(outcome.ok && outcome.notes.some((n) => n.startsWith('--native-nftables')));
});

Args.run();

// --- rules -------------------------------------------------------------------------------------------------------

const Rules = suite('capture: rules as iptables -S prints them');

Rules('default profile → test/golden/iptables/default.golden', () => {
  assert.fixture(listRules(buildRuleOps(configOf(DEFAULT_ARGS)), 'nat'), golden('default.golden'));
});

Rules('every range, port and interface option → ranges-ports-interfaces.golden', () => {
  const args = ['istio-iptables', '-p', '15001', '-z', '15006', '-u', '3', '-m', 'REDIRECT', '-i', '10.0.0.0/8,172.16.0.0/12', '-x', '10.96.0.10/32,192.168.1.7/24',
    '-b', '8080,9090', '-d', '15090,15021,15020', '-q', '3306', '-o', '22,25', '-k', 'eth1', '-c', 'eth2'];
  assert.fixture(listRules(buildRuleOps(configOf(args)), 'nat'), golden('ranges-ports-interfaces.golden'));
});

Rules('TPROXY → nat and mangle, tproxy.golden', () => {
  const args = DEFAULT_ARGS.map((a) => (a === 'REDIRECT' ? 'TPROXY' : a));
  assert.fixture(listAllRules(buildRuleOps(configOf(args))), golden('tproxy.golden'));
});

Rules('CNI annotations of the default profile (§16) → cni.golden', () => {
  const outcome = captureFromCniAnnotations({
    annotations: {
      'sidecar.istio.io/interceptionMode': 'REDIRECT',
      'traffic.sidecar.istio.io/includeOutboundIPRanges': '*',
      'traffic.sidecar.istio.io/includeInboundPorts': '*',
      'traffic.sidecar.istio.io/excludeInboundPorts': '15020',
    },
    proxyUID: 1337,
    proxyGID: 1337,
  });
  assert.ok(outcome.ok);
  if (!outcome.ok) return;
  assert.is(outcome.config.excludeInboundPorts, '15020,15021,15090');
  assert.is(outcome.config.excludeOutboundPorts, '15020');
  assert.fixture(listRules(buildRuleOps(outcome.config), 'nat'), golden('cni.golden'));
});

Rules('CNI: an invalid interception mode fails the pod; UID 0 (TPROXY proxy) means 1337', () => {
  assert.is(captureFromCniAnnotations({ annotations: { 'sidecar.istio.io/interceptionMode': 'NONE' } }).ok, false);
  const tproxy = captureFromCniAnnotations({ annotations: { 'sidecar.istio.io/interceptionMode': 'TPROXY' }, proxyUID: 0, proxyGID: 1337 });
  assert.ok(tproxy.ok && tproxy.config.proxyUID === '1337' && tproxy.config.interceptionMode === 'TPROXY');
  // reroute-virtual-interfaces wins over the deprecated kubevirtInterfaces.
  const reroute = captureFromCniAnnotations({ annotations: { 'istio.io/reroute-virtual-interfaces': 'net1', 'traffic.sidecar.istio.io/kubevirtInterfaces': 'net2' } });
  assert.ok(reroute.ok && reroute.config.rerouteVirtualInterfaces === 'net1');
});

Rules('a loopback CIDR in -i keeps loopback traffic capturable (run.go HasLoopBackIP): no `-o lo ! --uid-owner` RETURN', () => {
  const text = listRules(buildRuleOps(configOf(['-u', '1337', '-i', '127.0.0.0/8', '-b', ''])), 'nat');
  assert.not.ok(text.includes('-o lo -m owner ! --uid-owner 1337 -j RETURN'));
  assert.ok(text.includes('-A ISTIO_OUTPUT -d 127.0.0.0/8 -j ISTIO_REDIRECT'));
  // -b "": inbound is not captured at all.
  assert.not.ok(text.includes('-A PREROUTING -p tcp -j ISTIO_INBOUND'));
});

Rules('CIDRs that do not parse are ignored with a note; IPv6 ones go to ip6tables (not listed)', () => {
  const notes: string[] = [];
  const ops = buildRuleOps(configOf(['-i', '10.0.0.0/8,bogus,fd00::/8,10.1.2.3']), notes);
  const lines = ops.filter((op) => op.chain === 'ISTIO_OUTPUT' && op.rule.target === 'ISTIO_REDIRECT').map((op) => formatRule(op.rule));
  assert.equal(lines, ['-d 10.0.0.0/8 -j ISTIO_REDIRECT']);
  assert.equal(notes, [
    'included outbound IP range: "bogus" is not a CIDR; istio-iptables ignores it',
    'included outbound IP range: "10.1.2.3" is not a CIDR; istio-iptables ignores it',
  ]);
});

Rules('one excluded port is --dport; more than 15 are split into multiport rules of at most 15 (xt_multiport limit)', () => {
  const ports = Array.from({ length: 17 }, (_, i) => String(1000 + i));
  const ops = buildRuleOps(configOf(['-b', '*', '-d', ports.join(','), '-o', '22']));
  const inbound = ops.filter((op) => op.chain === 'ISTIO_INBOUND' && op.rule.target === 'RETURN').map((op) => formatRule(op.rule));
  assert.equal(inbound, [
    '-p tcp -m tcp --dport 15008 -j RETURN',
    `-p tcp -m multiport --dports ${ports.slice(0, 15).join(',')} -j RETURN`,
    '-p tcp -m multiport --dports 1015,1016 -j RETURN',
  ]);
  const outbound = ops.filter((op) => op.chain === 'ISTIO_OUTPUT' && op.rule.protocol !== undefined && op.rule.target === 'RETURN').map((op) => formatRule(op.rule));
  assert.equal(outbound, ['-p tcp -m tcp --dport 22 -j RETURN', '-p udp -m udp --dport 22 -j RETURN']);
});

Rules('the summary line says what is captured', () => {
  assert.is(captureSummary(configOf(DEFAULT_ARGS)), 'inbound ports all except 15090,15021,15020 → 15006 (REDIRECT); outbound all CIDRs → 15001; uid 1337 and gid 1337 bypass');
  assert.is(captureSummary(configOf(['-i', '', '-b', ''])), 'inbound not captured; outbound not captured; uid 1337 and gid 1337 bypass');
});

Rules.run();

// --- the iptables command ----------------------------------------------------------------------------------------

const Command = suite('capture: inject-sidecar iptables');

const WEB = stringify({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } } },
});
const AGENT = stringify({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'agent' },
  spec: { template: { spec: { hostNetwork: true, containers: [{ name: 'agent', image: 'agent' }] } } },
});
const SERVICE = stringify({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: 80 }] } });
const STREAM = `${WEB}---\n${AGENT}---\n${SERVICE}`;

/** What the command prints for STREAM with the embedded default (the header lines are our own wording). */
const EXPECTED_STREAM = `# apps/v1/Deployment/shop/web
# istio-init: istio-iptables -p 15001 -z 15006 -u 1337 -m REDIRECT -i "*" -x "" -b "*" -d 15090,15021,15020 --log_output_level=default:info
# inbound ports all except 15090,15021,15020 → 15006 (REDIRECT); outbound all CIDRs → 15001; uid 1337 and gid 1337 bypass
# iptables -t nat -S
${golden('default.golden')}
# apps/v1/DaemonSet/agent: not injected: Skipping injection because DaemonSet "agent" has host networking enabled
`;

function command(input: string, functionConfig?: unknown): { output: string; exitCode: number; stderr: string } {
  return iptablesCommand({ input, functionConfig: functionConfig === undefined ? undefined : newDocument(functionConfig), invocation: { ...DEFAULT_INVOCATION, mode: 'file' } });
}

Command('a stream: the injected Deployment\'s rules, the hostNetwork DaemonSet says why not, the Service is silent', () => {
  const out = command(STREAM);
  assert.is(out.exitCode, 0);
  assert.fixture(out.output, EXPECTED_STREAM);
  assert.is(out.stderr, '[warning] apps/v1/DaemonSet/agent: Skipping injection because DaemonSet "agent" has host networking enabled\n');
});

Command('CNI profile (values.pilot.cni.enabled): the rules come from the annotations (cni.golden)', () => {
  const values = JSON.parse(embeddedDefaults().values) as Record<string, Record<string, unknown>>;
  values['pilot'] = { ...values['pilot'], cni: { enabled: true } };
  const out = command(WEB, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { values: JSON.stringify(values) } });
  assert.is(out.exitCode, 0, out.stderr);
  assert.ok(out.output.startsWith('# apps/v1/Deployment/shop/web\n# istio-cni: pod annotations\n'), out.output);
  assert.ok(out.output.endsWith(golden('cni.golden')), out.output);
});

Command('traffic annotations on the pod reach the rules (rendered -i/-x/-b via the template)', () => {
  const annotated = stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'p',
      annotations: {
        'traffic.sidecar.istio.io/includeOutboundIPRanges': '10.0.0.0/8',
        'traffic.sidecar.istio.io/excludeOutboundPorts': '22,25',
        'traffic.sidecar.istio.io/includeInboundPorts': '8080',
      },
    },
    spec: { containers: [{ name: 'app', image: 'nginx' }] },
  });
  const out = command(annotated);
  assert.is(out.exitCode, 0, out.stderr);
  for (const line of [
    '-A ISTIO_INBOUND -p tcp -m tcp --dport 8080 -j ISTIO_IN_REDIRECT',
    '-A ISTIO_OUTPUT -p tcp -m multiport --dports 22,25 -j RETURN',
    '-A ISTIO_OUTPUT -p udp -m multiport --dports 22,25 -j RETURN',
    '-A ISTIO_OUTPUT -d 10.0.0.0/8 -j ISTIO_REDIRECT',
  ]) assert.ok(out.output.includes(`${line}\n`), line);
  assert.not.ok(out.output.includes('-A ISTIO_OUTPUT -j ISTIO_REDIRECT\n'));
});

Command('interception mode NONE: injected, but no istio-init, so nothing is captured', () => {
  const none = stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', annotations: { 'sidecar.istio.io/interceptionMode': 'NONE' } },
    spec: { containers: [{ name: 'app', image: 'nginx' }] },
  });
  const out = command(none);
  assert.is(out.exitCode, 0, out.stderr);
  assert.is(out.output, '# v1/Pod/p: nothing is captured (init: istio-proxy; containers: app)\n');
});

Command('an invalid annotation is an error on stderr, exit 1', () => {
  const bad = stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', annotations: { 'traffic.sidecar.istio.io/includeOutboundIPRanges': 'not-a-cidr' } },
    spec: { containers: [{ name: 'app', image: 'nginx' }] },
  });
  const out = command(bad);
  assert.is(out.exitCode, 1);
  assert.ok(out.stderr.startsWith('[error] v1/Pod/p'), out.stderr);
  assert.is(out.output, '# no workloads\n');
});

Command.run();

// --- the real bundle -----------------------------------------------------------------------------------------------

const Bundle = suite('capture: the bundle runs `iptables`');

Bundle('iptables FILE and iptables - (a ResourceList on stdin) print the same rules; exit 0', () => {
  const fromStdin = runBundle(['iptables', '-'], stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [parse(WEB)] }));
  assert.is(fromStdin.status, 0, fromStdin.stderr);
  assert.ok(fromStdin.stdout.includes(golden('default.golden')), fromStdin.stdout);
  const fromFile = runBundle(['iptables', 'test/golden/iptables/stream.yaml']);
  assert.is(readFileSync(join(repoRoot, 'test/golden/iptables/stream.yaml'), 'utf8'), STREAM, 'stream.yaml is STREAM');
  assert.is(fromFile.status, 0, fromFile.stderr);
  assert.fixture(fromFile.stdout, EXPECTED_STREAM);
});

Bundle('iptables with two files is refused (exit 1)', () => {
  const out = runBundle(['iptables', 'a.yaml', 'b.yaml']);
  assert.is(out.status, 1);
  assert.ok(out.stderr.includes('iptables takes at most one FILE'), out.stderr);
});

Bundle.run();
