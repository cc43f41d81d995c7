/**
 * `--explain` (src/inject/explain.ts, inject.ts, the file-mode table in krm/processor.ts): for every workload the
 * decision and the rule that made it (istio-injection.md §3: hostNetwork, namespace, label, annotation, selector,
 * policy; webhook mode: revision and namespace labels), and for injected ones the templates used, the containers
 * and the traffic capture. Expected tables: test/golden/explain/*.table, written by hand from §3 and §12/§13 (the
 * default profile with native sidecars: istio-init and istio-proxy are init containers).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { formatContainers, podContainers, trafficPreview } from '../../src/inject/explain.ts';
import { injectProcessor } from '../../src/inject/inject.ts';
import { decideManual, decideWebhook, injectRequired } from '../../src/inject/policy.ts';
import { explainTable, run, runFiles } from '../../src/krm/processor.ts';
import { newDocument } from '../../src/yaml/codec.ts';
import { repoRoot } from '../support/shared.ts';
import { runBundle } from '../examples/bundle.ts';

const GOLDEN = join(repoRoot, 'test', 'golden', 'explain');

function goldenText(name: string): string {
  return readFileSync(join(GOLDEN, name), 'utf8');
}

const WEBHOOK_CONFIG = newDocument({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { mode: 'webhook' } });
const identity = { deploymentMeta: { name: 'web', namespace: 'shop' }, typeMeta: { apiVersion: 'apps/v1', kind: 'Deployment' } };

// --- the rule behind a decision ----------------------------------------------------------------------------------

const Rule = suite('explain: the rule that made the decision');

Rule('every step of injectRequired (§3) and the webhook pre-filter names its rule', () => {
  const rows: [string, ReturnType<typeof injectRequired>, string][] = [
    ['hostNetwork', injectRequired({ podSpec: { hostNetwork: true }, metadata: {}, policy: 'enabled' }), 'hostNetwork'],
    ['ignored namespace', injectRequired({ podSpec: {}, metadata: { namespace: 'kube-public' }, policy: 'enabled' }), 'namespace'],
    ['label true', injectRequired({ podSpec: {}, metadata: { labels: { 'sidecar.istio.io/inject': 'true' } }, policy: 'disabled' }), 'label'],
    ['label false', injectRequired({ podSpec: {}, metadata: { labels: { 'sidecar.istio.io/inject': 'false' } }, policy: 'enabled' }), 'label'],
    ['annotation true', injectRequired({ podSpec: {}, metadata: { annotations: { 'sidecar.istio.io/inject': 'true' } }, policy: 'disabled' }), 'annotation'],
    ['annotation false', injectRequired({ podSpec: {}, metadata: { annotations: { 'sidecar.istio.io/inject': 'false' } }, policy: 'enabled' }), 'annotation'],
    ['never selector', injectRequired({ podSpec: {}, metadata: { labels: { a: 'b' } }, policy: 'enabled', neverInjectSelector: [{ matchLabels: { a: 'b' } }] }), 'selector'],
    ['always selector', injectRequired({ podSpec: {}, metadata: { labels: { a: 'b' } }, policy: 'disabled', alwaysInjectSelector: [{ matchLabels: { a: 'b' } }] }), 'selector'],
    ['policy enabled', injectRequired({ podSpec: {}, metadata: {}, policy: 'enabled' }), 'policy'],
    ['policy disabled', injectRequired({ podSpec: {}, metadata: {}, policy: 'disabled' }), 'policy'],
    ['manual hostNetwork', decideManual({ podSpec: { hostNetwork: true }, metadata: {}, identity }), 'hostNetwork'],
    ['manual annotation false', decideManual({ podSpec: {}, metadata: { annotations: { 'sidecar.istio.io/inject': 'false' } }, identity }), 'annotation'],
    ['webhook revision', decideWebhook({ podSpec: {}, podMetadata: {}, podNamespace: 'dev', namespace: { name: 'dev', labels: { 'istio.io/rev': 'canary' } }, policy: 'enabled' }), 'revision'],
    ['webhook namespace', decideWebhook({ podSpec: {}, podMetadata: {}, podNamespace: 'plain', namespace: { name: 'plain', labels: {} }, policy: 'enabled' }), 'namespace'],
    ['webhook disabled label', decideWebhook({ podSpec: {}, podMetadata: {}, podNamespace: 'x', namespace: { name: 'x', labels: { 'istio-injection': 'disabled' } }, policy: 'enabled' }), 'namespace'],
    ['webhook selected', decideWebhook({ podSpec: {}, podMetadata: {}, podNamespace: 'p', namespace: { name: 'p', labels: { 'istio-injection': 'enabled' } }, policy: 'enabled' }), 'policy'],
  ];
  for (const [name, decision, rule] of rows) assert.is(decision.rule, rule, `${name}: ${decision.reason} ${decision.detail}`);
});

Rule.run();

// --- containers and traffic ----------------------------------------------------------------------------------------

const Pod = suite('explain: containers and traffic of an injected pod');

Pod('containers by name, init containers first', () => {
  const pod = { spec: { initContainers: [{ name: 'istio-init' }], containers: [{ name: 'app' }, { name: 'istio-proxy' }] } };
  assert.equal(podContainers(pod), { initContainers: ['istio-init'], containers: ['app', 'istio-proxy'] });
  assert.is(formatContainers(podContainers(pod)), 'init: istio-init; containers: app, istio-proxy');
  assert.is(formatContainers(podContainers({ spec: {} })), 'containers: (none)');
});

Pod('no istio-init (interception NONE): nothing is captured', () => {
  const preview = trafficPreview({ spec: { containers: [{ name: 'app' }, { name: 'istio-proxy' }] } });
  assert.is(preview.status, 'none');
});

Pod('istio-init arguments → the rules; the origin shows the arguments', () => {
  const preview = trafficPreview({ spec: { initContainers: [{ name: 'istio-init', args: ['istio-iptables', '-p', '15001', '-z', '15006', '-u', '1337', '-m', 'REDIRECT', '-i', '*', '-x', '', '-b', '*', '-d', '15090,15021,15020'] }] } });
  assert.is(preview.status, 'rules');
  if (preview.status !== 'rules') return;
  assert.is(preview.origin, 'istio-init: istio-iptables -p 15001 -z 15006 -u 1337 -m REDIRECT -i "*" -x "" -b "*" -d 15090,15021,15020');
  assert.ok(preview.rules.startsWith('# iptables -t nat -S\n-P PREROUTING ACCEPT\n'));
});

Pod.run();

// --- through the processor -----------------------------------------------------------------------------------------

const Processor = suite('explain: info results and the file-mode table');

Processor('manual mode: one row per workload (manual.table); exit 1 for the unknown template', () => {
  const out = runFiles(injectProcessor, [{ path: 'manual.yaml', text: goldenText('manual.yaml') }], { explain: true });
  assert.is(out.exitCode, 1);
  assert.fixture(explainTable(out.results), goldenText('manual.table'));
  assert.ok(out.stderr.endsWith(goldenText('manual.table')), 'the table closes stderr');
});

Processor('webhook mode: namespace labels and revisions name their rule (webhook.table)', () => {
  const out = runFiles(injectProcessor, [{ path: 'webhook.yaml', text: goldenText('webhook.yaml') }], { explain: true, functionConfig: WEBHOOK_CONFIG });
  assert.is(out.exitCode, 0, out.stderr);
  assert.fixture(explainTable(out.results), goldenText('webhook.table'));
});

Processor('the injected result carries templates, containers and the traffic summary; a second result the rules', () => {
  const out = run(injectProcessor, goldenText('manual.yaml'), { explain: true });
  const web = out.results.filter((r) => r.resourceRef?.name === 'web' && r.resourceRef.kind === 'Deployment');
  assert.is(web.length, 2);
  const [decision, traffic] = web;
  assert.equal(decision!.tags, {
    reason: 'injected',
    decision: 'injected',
    rule: 'policy',
    templates: 'sidecar',
    containers: 'init: istio-init, istio-proxy; containers: app',
  });
  assert.is(decision!.severity, 'info');
  assert.ok(decision!.message.endsWith('; templates: sidecar; init: istio-init, istio-proxy; containers: app; traffic: inbound ports all except 15090,15021,15020 → 15006 (REDIRECT); outbound all CIDRs → 15001; uid 1337 and gid 1337 bypass'), decision!.message);
  assert.is(traffic!.tags?.['reason'], 'traffic:preview');
  assert.ok(traffic!.message.includes('\n# iptables -t nat -S\n-P PREROUTING ACCEPT\n'), traffic!.message);
});

Processor('without --explain: no info results and no table', () => {
  const out = runFiles(injectProcessor, [{ path: 'manual.yaml', text: goldenText('manual.yaml') }]);
  assert.is(out.results.filter((r) => r.severity === 'info').length, 0);
  assert.not.ok(out.stderr.includes('RESOURCE'));
});

Processor.run();

// --- the real bundle -----------------------------------------------------------------------------------------------

const Bundle = suite('explain: the bundle');

Bundle('--explain FILE: stdout is the injected stream, stderr ends with the table; exit 0', () => {
  const ran = runBundle(['--explain', 'test/golden/iptables/stream.yaml']);
  assert.is(ran.status, 0, ran.stderr);
  assert.ok(ran.stdout.includes('name: istio-proxy'));
  assert.ok(ran.stderr.endsWith(
    'RESOURCE                     DECISION  REASON                    RULE         TEMPLATES  CONTAINERS\n' +
    'apps/v1/Deployment/shop/web  injected  injected                  policy       sidecar    init: istio-init, istio-proxy; containers: app\n' +
    'apps/v1/DaemonSet/agent      skipped   skipped:hostNetwork       hostNetwork\n' +
    'v1/Service/web               skipped   skipped:unsupported-kind  kind\n'), ran.stderr);
});

Bundle('--config (webhook mode) --explain FILE: webhook.table; exit 1 with an error row (manual.yaml)', () => {
  const webhook = runBundle(['--config', 'test/golden/explain/webhook-config.yaml', '--explain', 'test/golden/explain/webhook.yaml']);
  assert.is(webhook.status, 0, webhook.stderr);
  assert.ok(webhook.stderr.endsWith(goldenText('webhook.table')), webhook.stderr);
  const manual = runBundle(['--explain', 'test/golden/explain/manual.yaml']);
  assert.is(manual.status, 1);
  assert.ok(manual.stderr.endsWith(goldenText('manual.table')), manual.stderr);
});

Bundle('KRM mode with --explain: the info results are in the ResourceList, stderr silent; exit 0', () => {
  const deployment = parse(readFileSync(join(repoRoot, 'test/golden/iptables/stream.yaml'), 'utf8').split('---\n')[0]!);
  const ran = runBundle(['--explain'], JSON.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [deployment] }));
  assert.is(ran.status, 0, ran.stderr);
  assert.is(ran.stderr, '');
  const list = parse(ran.stdout) as { results: { severity: string; tags?: Record<string, string> }[] };
  assert.equal(list.results.map((r) => [r.severity, r.tags?.['reason'], r.tags?.['decision'] ?? null]), [
    ['info', 'injected', 'injected'],
    ['info', 'traffic:preview', null],
  ]);
});

Bundle.run();
