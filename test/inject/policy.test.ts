import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { sharedPath } from '../support/shared.ts';
import {
  compileLabelSelector,
  decideManual,
  decideUnnamedContainers,
  decideWebhook,
  formatSelector,
  injectRequired,
  parseSelectorString,
  selectWebhook,
  selectorMatches,
  webhooksFor,
  webhooksFromConfigurations,
  type Decision,
} from '../../src/inject/policy.ts';
import { buildKindTable, findWorkloadKind, locatePodTemplate, workloadIdentity } from '../../src/inject/workloads.ts';

interface RequiredCase {
  name: string;
  policy: string;
  hostNetwork: boolean;
  namespace: string;
  annotations: Record<string, string> | null;
  labels: Record<string, string> | null;
  alwaysInjectSelector: ({ selectorString: string } | object)[] | null;
  neverInjectSelector: ({ selectorString: string } | object)[] | null;
  want: boolean;
}

/** The cases encode `metav1.ParseToLabelSelector(str)` selectors as `{selectorString}`. */
function selectors(list: RequiredCase['alwaysInjectSelector']): unknown[] | null {
  if (list === null) return null;
  return list.map((s) => {
    if (!('selectorString' in s)) return s;
    const r = parseSelectorString(s.selectorString);
    if ('error' in r) throw new Error(r.error);
    return r.selector;
  });
}

// ---------------------------------------------------------------------------------------------------------------------
const Conformance = suite('TestInjectRequired (36 cases)');

const casesFile = sharedPath('conformance/istio/inject-required-cases.json', 'the 36 injectRequired cases');
if (casesFile) {
  const data = JSON.parse(readFileSync(casesFile, 'utf8')) as { ignoredNamespaces: string[]; cases: RequiredCase[] };
  Conformance('the file has the 36 cases and Istio ignored namespaces', () => {
    assert.is(data.cases.length, 36);
    assert.equal(data.ignoredNamespaces, ['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);
  });
  data.cases.forEach((c, i) => {
    const metadata = { namespace: c.namespace, annotations: c.annotations, labels: c.labels };
    const podSpec = { hostNetwork: c.hostNetwork };
    Conformance(`[${i}] ${c.name} (${c.policy}) → ${c.want}`, () => {
      const d = injectRequired({
        podSpec,
        metadata,
        policy: c.policy,
        neverInjectSelector: selectors(c.neverInjectSelector),
        alwaysInjectSelector: selectors(c.alwaysInjectSelector),
        ignoredNamespaces: data.ignoredNamespaces,
      });
      assert.is(d.inject, c.want);
      assert.is(d.reason === 'injected', c.want);
      // The same answer through webhook mode, in a namespace labelled for injection.
      const w = decideWebhook({
        podSpec,
        podMetadata: { annotations: c.annotations, labels: c.labels },
        podNamespace: c.namespace,
        namespace: { name: c.namespace, labels: { 'istio-injection': 'enabled' } },
        policy: c.policy,
        neverInjectSelector: selectors(c.neverInjectSelector),
        alwaysInjectSelector: selectors(c.alwaysInjectSelector),
      });
      assert.is(w.inject, c.want);
    });
  });
}

Conformance.run();

// ---------------------------------------------------------------------------------------------------------------------
const Reasons = suite('injectRequired reasons and warnings');

const ns = 'test-namespace';

function req(metadata: object, extra: Partial<Parameters<typeof injectRequired>[0]> = {}): Decision {
  return injectRequired({ podSpec: {}, metadata: { namespace: ns, ...metadata }, policy: 'enabled', ...extra });
}

Reasons('label false, annotation false', () => {
  assert.is(req({ labels: { 'sidecar.istio.io/inject': 'false' } }).reason, 'skipped:label-false');
  assert.is(req({ annotations: { 'sidecar.istio.io/inject': 'false' } }).reason, 'skipped:annotation-false');
  // The label wins even when empty: the annotation's "false" is then ignored.
  const d = req({ labels: { 'sidecar.istio.io/inject': '' }, annotations: { 'sidecar.istio.io/inject': 'false' } });
  assert.is(d.inject, true);
});

Reasons('invalid value: Istio warning text, then the default policy', () => {
  const d = req({ annotations: { 'sidecar.istio.io/inject': 'yes' } }, { policy: 'disabled' });
  assert.is(d.inject, false);
  assert.is(d.reason, 'skipped:policy-disabled');
  assert.equal(d.warnings, [
    {
      reason: 'warning:invalid-inject-value',
      message: `Invalid value for sidecar.istio.io/inject: "yes". Only 'true' and 'false' are accepted. Falling back to default injection policy.`,
    },
  ]);
});

Reasons('hostNetwork and ignored namespaces come first', () => {
  const h = injectRequired({ podSpec: { hostNetwork: true }, metadata: { labels: { 'sidecar.istio.io/inject': 'true' } }, policy: 'enabled' });
  assert.equal([h.inject, h.reason], [false, 'skipped:hostNetwork']);
  const k = injectRequired({ podSpec: {}, metadata: { namespace: 'kube-node-lease', labels: { 'sidecar.istio.io/inject': 'true' } }, policy: 'enabled' });
  assert.equal([k.inject, k.reason], [false, 'skipped:ignored-namespace']);
  assert.is(k.detail, 'namespace "kube-node-lease" is one of Istio\'s ignored namespaces (kube-system, kube-public, kube-node-lease, local-path-storage)');
});

Reasons('never/always selectors', () => {
  const never = req({ labels: { app: 'x' } }, { neverInjectSelector: [{ matchLabels: { app: 'y' } }, { matchLabels: { app: 'x' } }] });
  assert.equal([never.inject, never.reason, never.detail], [false, 'skipped:never-selector', "the pod's labels match neverInjectSelector[1]"]);
  const always = req({ labels: { app: 'x' } }, { policy: 'disabled', alwaysInjectSelector: [{ matchExpressions: [{ key: 'app', operator: 'In', values: ['x'] }] }] });
  assert.equal([always.inject, always.detail], [true, "the pod's labels match alwaysInjectSelector[0]"]);
});

Reasons('an invalid selector is skipped with a warning; an empty one never matches', () => {
  const d = req({ labels: { app: 'x' } }, { policy: 'disabled', alwaysInjectSelector: [{ matchExpressions: [{ key: 'app', operator: 'Equals', values: ['x'] }] }, {}] });
  assert.is(d.inject, false);
  assert.equal(d.warnings, [
    { reason: 'warning:invalid-selector', message: 'Invalid selector for AlwaysInjectSelector: {map[] [{app Equals [x]}]} ("Equals" is not a valid label selector operator)' },
  ]);
});

Reasons('an illegal policy disables injection even for an explicit true', () => {
  const d = req({ labels: { 'sidecar.istio.io/inject': 'true' } }, { policy: 'wrong_policy' });
  assert.equal([d.inject, d.reason], [false, 'skipped:policy-disabled']);
  assert.is(d.detail, 'Illegal value for autoInject:wrong_policy, must be one of [disabled,enabled]. Auto injection disabled!');
});

Reasons('re-injection of an injected pod is reported as reinjected', () => {
  assert.is(req({ annotations: { 'sidecar.istio.io/status': '{}' } }).reason, 'reinjected');
});

Reasons.run();

// ---------------------------------------------------------------------------------------------------------------------
const Selectors = suite('label selectors');

function matches(selector: unknown, labels: Record<string, string>): boolean | string {
  const c = compileLabelSelector(selector);
  return c.ok ? c.requirements.length > 0 && selectorMatches(c, labels) : c.error;
}

Selectors('matchLabels and the four operators', () => {
  const l = { app: 'web', tier: '', env: 'prod' };
  assert.is(matches({ matchLabels: { app: 'web' } }, l), true);
  assert.is(matches({ matchLabels: { app: 'web', env: 'dev' } }, l), false);
  assert.is(matches({ matchExpressions: [{ key: 'env', operator: 'In', values: ['dev', 'prod'] }] }, l), true);
  assert.is(matches({ matchExpressions: [{ key: 'missing', operator: 'In', values: ['x'] }] }, l), false);
  assert.is(matches({ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, l), false);
  assert.is(matches({ matchExpressions: [{ key: 'missing', operator: 'NotIn', values: ['prod'] }] }, l), true);
  assert.is(matches({ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, l), true);
  assert.is(matches({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, l), false);
  assert.is(matches({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'x', operator: 'DoesNotExist' }] }, l), true);
});

Selectors('empty selectors never match (Istio checks selector.Empty())', () => {
  assert.is(matches({}, { a: 'b' }), false);
  assert.is(matches({ matchLabels: {}, matchExpressions: [] }, { a: 'b' }), false);
  assert.is(matches(null, { a: 'b' }), false);
});

Selectors('invalid selectors', () => {
  assert.is(matches({ matchExpressions: [{ key: 'a', operator: 'in', values: ['x'] }] }, {}), '"in" is not a valid label selector operator');
  assert.is(matches({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }, {}), "for 'in', 'notin' operators, values set can't be empty");
  assert.is(matches({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }, {}), 'values set must be empty for exists and does not exist');
  assert.ok(String(matches({ matchLabels: { 'bad key': 'x' } }, {})).startsWith('invalid label key "bad key"'));
  assert.ok(String(matches({ matchLabels: { a: 'bad value!' } }, {})).startsWith('invalid label value "bad value!"'));
  assert.ok(String(matches({ matchLabels: { 'Example.com/a': 'x' } }, {})).startsWith('invalid label key'));
  assert.is(matches({ matchLabels: { 'example.com/a_b.c': 'x-1' } }, { 'example.com/a_b.c': 'x-1' }), true);
});

Selectors('parseSelectorString (metav1.ParseToLabelSelector)', () => {
  const ok = (s: string): unknown => {
    const r = parseSelectorString(s);
    return 'error' in r ? r.error : r.selector;
  };
  assert.equal(ok('foo'), { matchExpressions: [{ key: 'foo', operator: 'Exists' }] });
  assert.equal(ok('!foo'), { matchExpressions: [{ key: 'foo', operator: 'DoesNotExist' }] });
  assert.equal(ok('a=b,c==d'), { matchLabels: { a: 'b', c: 'd' } });
  assert.equal(ok('a!=b'), { matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['b'] }] });
  assert.equal(ok('env in (prod, dev), tier notin (x)'), {
    matchExpressions: [
      { key: 'env', operator: 'In', values: ['prod', 'dev'] },
      { key: 'tier', operator: 'NotIn', values: ['x'] },
    ],
  });
  assert.equal(ok(''), {});
  assert.is(typeof ok('a b'), 'string');
  assert.is(ok('a>1'), '"gt" isn\'t supported in label selectors');
});

Selectors('a bare key matches an empty label value', () => {
  const r = parseSelectorString('foo');
  assert.ok(!('error' in r));
  if ('error' in r) return;
  assert.is(matches(r.selector, { foo: '', foo2: 'bar2' }), true);
  assert.is(matches(r.selector, { foo2: 'bar2' }), false);
});

Selectors('formatSelector prints Go %v of the struct', () => {
  assert.is(formatSelector({ matchLabels: { b: '2', a: '1' } }), '{map[a:1 b:2] []}');
  assert.is(formatSelector({ matchExpressions: [{ key: 'k', operator: 'In', values: ['x', 'y'] }, { key: 'e', operator: 'Exists' }] }), '{map[] [{k In [x y]} {e Exists []}]}');
});

Selectors.run();

// ---------------------------------------------------------------------------------------------------------------------
const Manual = suite('manual mode (istioctl kube-inject)');

const kinds = buildKindTable().kinds;

function manual(obj: object): Decision {
  const kind = findWorkloadKind(obj, kinds);
  if (!kind) throw new Error('not a workload');
  const loc = locatePodTemplate(obj, kind);
  if (loc.status !== 'ok') throw new Error(loc.status);
  return decideManual({ podSpec: loc.podSpec, metadata: loc.metadata, identity: workloadIdentity(obj, kind) });
}

function deployment(name: string, namespace: string | undefined, template: object): object {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, ...(namespace ? { namespace } : {}) }, spec: { template } };
}

const inputDir = sharedPath('conformance/istio/inject', 'kube-inject skip messages on golden inputs');
if (inputDir) {
  Manual('hostNetwork: the warning kube-inject prints (golden hello-host-network-with-ns, case [55])', () => {
    const d = manual(parse(readFileSync(join(inputDir, 'hello-host-network-with-ns.yaml'), 'utf8')) as object);
    assert.equal([d.inject, d.reason], [false, 'skipped:hostNetwork']);
    assert.is(d.istioMessage, '===> Skipping injection because Deployment "sample/hello-host-network" has host networking enabled\n');
    assert.ok(d.detail.includes('Skipping injection because Deployment "sample/hello-host-network" has host networking enabled'));
  });
  Manual('hostNetwork without a namespace (golden hello-host-network, case [84])', () => {
    const d = manual(parse(readFileSync(join(inputDir, 'hello-host-network.yaml'), 'utf8')) as object);
    assert.is(d.istioMessage, '===> Skipping injection because Deployment "hello-host-network" has host networking enabled\n');
  });
  Manual('annotation false (golden hello-ignore, case [85])', () => {
    const d = manual(parse(readFileSync(join(inputDir, 'hello-ignore.yaml'), 'utf8')) as object);
    assert.equal([d.inject, d.reason], [false, 'skipped:annotation-false']);
    assert.is(d.istioMessage, '===> Skipping injection because Deployment "hello" has sidecar injection disabled\n');
  });
}

Manual('the policy is enabled and selectors do not exist', () => {
  assert.equal(manual(deployment('a', 'ns', { metadata: { labels: { app: 'a' } }, spec: {} })).reason, 'injected');
  const off = manual(deployment('a', 'ns', { metadata: { labels: { 'sidecar.istio.io/inject': 'false' } }, spec: {} }));
  assert.equal([off.inject, off.reason], [false, 'skipped:label-false']);
  assert.is(off.istioMessage, '===> Skipping injection because Deployment "ns/a" has sidecar injection disabled\n');
  assert.is(off.detail, 'Skipping injection because Deployment "ns/a" has sidecar injection disabled: label sidecar.istio.io/inject is "false"');
});

Manual('ignored namespaces are checked against the template metadata namespace', () => {
  // A Deployment in kube-system IS injected: its template has no namespace.
  assert.is(manual(deployment('a', 'kube-system', { spec: {} })).inject, true);
  const inTemplate = manual(deployment('a', undefined, { metadata: { namespace: 'kube-system' }, spec: {} }));
  assert.equal([inTemplate.inject, inTemplate.reason], [false, 'skipped:ignored-namespace']);
  // A Pod's metadata is its own.
  const pod = manual({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'kube-public' }, spec: {} });
  assert.equal([pod.inject, pod.reason], [false, 'skipped:ignored-namespace']);
  assert.is(pod.istioMessage, '===> Skipping injection because Pod "kube-public/p" has sidecar injection disabled\n');
});

Manual('names in messages: template name first, Go-quoted; no kind when TypeMeta.Kind is empty', () => {
  const d = manual(deployment('dep', 'ns', { metadata: { name: 'tmpl"x' }, spec: { hostNetwork: true } }));
  assert.is(d.istioMessage, '===> Skipping injection because Deployment "ns/tmpl\\"x" has host networking enabled\n');
  const noKind = decideManual({ podSpec: { hostNetwork: true }, metadata: {}, identity: { deploymentMeta: { name: 'n', namespace: '' }, typeMeta: { apiVersion: '', kind: '' } } });
  assert.is(noKind.istioMessage, '===> Skipping injection because "n" has host networking enabled\n');
});

Manual.run();

// ---------------------------------------------------------------------------------------------------------------------
const Webhook = suite('webhook mode: MutatingWebhookConfiguration pre-filter');

function hook(nsLabels: Record<string, string>, podLabels: Record<string, string>, selection: Parameters<typeof selectWebhook>[2] = {}, name = 'app'): string {
  const r = selectWebhook({ name, labels: nsLabels }, podLabels, selection);
  return r.hook ?? `none: ${r.reason}`;
}

Webhook('default revision: the four webhooks', () => {
  assert.is(hook({ 'istio-injection': 'enabled' }, {}), 'namespace.sidecar-injector.istio.io');
  assert.is(hook({ 'istio.io/rev': 'default' }, {}), 'rev.namespace.sidecar-injector.istio.io');
  assert.is(hook({}, { 'istio.io/rev': 'default' }), 'rev.object.sidecar-injector.istio.io');
  assert.is(hook({}, { 'sidecar.istio.io/inject': 'true' }), 'object.sidecar-injector.istio.io');
  assert.is(hook({}, {}), 'none: skipped:policy-disabled');
});

Webhook('the pod label false keeps every webhook away', () => {
  assert.is(hook({ 'istio-injection': 'enabled' }, { 'sidecar.istio.io/inject': 'false' }), 'none: skipped:label-false');
  assert.is(hook({ 'istio.io/rev': 'default' }, { 'sidecar.istio.io/inject': 'false' }), 'none: skipped:label-false');
});

Webhook('istio-injection=disabled, or another value, blocks even a pod opt-in (istio#33618)', () => {
  assert.is(hook({ 'istio-injection': 'disabled' }, { 'sidecar.istio.io/inject': 'true' }), 'none: skipped:policy-disabled');
  assert.is(hook({ 'istio-injection': 'abc' }, { 'sidecar.istio.io/inject': 'true' }), 'none: skipped:policy-disabled');
  // The object webhook needs a namespace without either label.
  assert.is(hook({ 'istio.io/rev': 'canary' }, { 'sidecar.istio.io/inject': 'true' }), 'none: skipped:policy-disabled');
});

Webhook('istio-injection wins over istio.io/rev on the namespace', () => {
  assert.is(hook({ 'istio-injection': 'enabled', 'istio.io/rev': 'canary' }, {}), 'namespace.sidecar-injector.istio.io');
  assert.is(hook({ 'istio-injection': 'enabled', 'istio.io/rev': 'canary' }, {}, { revision: 'canary' }), 'none: skipped:policy-disabled');
});

Webhook('revisions and tags', () => {
  const canary = { revision: 'canary' };
  assert.is(hook({ 'istio.io/rev': 'canary' }, {}, canary), 'rev.namespace.sidecar-injector.istio.io');
  assert.is(hook({}, { 'istio.io/rev': 'canary' }, canary), 'rev.object.sidecar-injector.istio.io');
  assert.is(hook({ 'istio-injection': 'enabled' }, {}, canary), 'none: skipped:policy-disabled');
  assert.is(hook({}, { 'sidecar.istio.io/inject': 'true' }, canary), 'none: skipped:policy-disabled');
  assert.is(hook({ 'istio.io/rev': 'default' }, {}, canary), 'none: skipped:policy-disabled');
  const tagged = { revision: 'canary', tags: ['prod', 'default'] };
  assert.is(hook({ 'istio.io/rev': 'prod' }, {}, tagged), 'rev.namespace.sidecar-injector.istio.io');
  assert.is(hook({ 'istio-injection': 'enabled' }, {}, tagged), 'namespace.sidecar-injector.istio.io');
});

Webhook('enableNamespacesByDefault: unlabelled namespaces outside the ignored ones, unlabelled pods', () => {
  const auto = { enableNamespacesByDefault: true };
  assert.is(hook({}, {}, auto), 'auto.sidecar-injector.istio.io');
  assert.is(hook({}, {}, auto, 'kube-system'), 'none: skipped:policy-disabled');
  assert.is(hook({}, { 'sidecar.istio.io/inject': 'false' }, auto), 'none: skipped:label-false');
  assert.is(hook({ 'istio-injection': 'disabled' }, {}, auto), 'none: skipped:policy-disabled');
});

Webhook('explanations name the cause', () => {
  const r = selectWebhook({ name: 'shop', labels: { 'istio.io/rev': 'canary' } }, {}, {});
  assert.is(r.hook === undefined && r.detail, 'namespace "shop" selects revision "canary" (label istio.io/rev); this configuration is revision "default"');
  const none = selectWebhook({ name: 'shop', labels: {} }, {}, {});
  assert.is(
    none.hook === undefined && none.detail,
    'namespace "shop" has neither istio-injection=enabled nor istio.io/rev=default, and the pod has no sidecar.istio.io/inject=true or istio.io/rev label',
  );
});

Webhook('decideWebhook: pre-filter, then injectRequired with the configured policy', () => {
  const base = { podSpec: {}, podNamespace: 'shop', policy: 'enabled' };
  const unlabelled = decideWebhook({ ...base, podMetadata: {}, namespace: { name: 'shop', labels: {} } });
  assert.equal([unlabelled.inject, unlabelled.reason], [false, 'skipped:policy-disabled']);
  const enabled = decideWebhook({ ...base, podMetadata: {}, namespace: { name: 'shop', labels: { 'istio-injection': 'enabled' } } });
  assert.equal([enabled.inject, enabled.reason], [true, 'injected']);
  assert.ok(enabled.detail.startsWith('webhook namespace.sidecar-injector.istio.io selects the pod; '));
  // Only the label is seen by the pre-filter; the annotation is seen by injectRequired.
  const annotated = decideWebhook({ ...base, podMetadata: { annotations: { 'sidecar.istio.io/inject': 'true' } }, namespace: { name: 'shop', labels: {} } });
  assert.is(annotated.inject, false);
  const annotatedOff = decideWebhook({ ...base, podMetadata: { annotations: { 'sidecar.istio.io/inject': 'false' } }, namespace: { name: 'shop', labels: { 'istio-injection': 'enabled' } } });
  assert.equal([annotatedOff.inject, annotatedOff.reason], [false, 'skipped:annotation-false']);
  // Selectors apply in webhook mode.
  const never = decideWebhook({ ...base, podMetadata: { labels: { app: 'x' } }, namespace: { name: 'shop', labels: { 'istio-injection': 'enabled' } }, neverInjectSelector: [{ matchLabels: { app: 'x' } }] });
  assert.is(never.reason, 'skipped:never-selector');
  // Ignored namespaces are the pod's namespace, whatever the template says.
  const sys = decideWebhook({ ...base, podNamespace: 'kube-system', podMetadata: {}, namespace: { name: 'kube-system', labels: { 'istio-injection': 'enabled' } } });
  assert.equal([sys.inject, sys.reason], [false, 'skipped:ignored-namespace']);
  const host = decideWebhook({ ...base, podSpec: { hostNetwork: true }, podMetadata: {}, namespace: { name: 'shop', labels: { 'istio-injection': 'enabled' } } });
  assert.is(host.reason, 'skipped:hostNetwork');
});

Webhook('an unknown namespace skips the pre-filter with a warning', () => {
  const d = decideWebhook({ podSpec: {}, podMetadata: {}, podNamespace: 'shop', policy: 'enabled' });
  assert.is(d.inject, true);
  assert.equal(d.warnings.map((w) => w.reason), ['warning:namespace-unknown']);
  assert.is(
    d.warnings[0]?.message,
    'the labels of namespace "shop" are unknown (no Namespace item and no entry in the namespaces option), so the injection webhook\'s namespace selector was not checked',
  );
});

Webhook('webhooksFor: the chart\'s webhooks per revision and tag (istio-injection.md §3)', () => {
  const names = (selection: Parameters<typeof webhooksFor>[0]): string[] => webhooksFor(selection).map((h) => h.name);
  // The default revision: rev.namespace, rev.object, namespace, object (+ auto with enableNamespacesByDefault).
  assert.equal(names({}), [
    'rev.namespace.sidecar-injector.istio.io',
    'rev.object.sidecar-injector.istio.io',
    'namespace.sidecar-injector.istio.io',
    'object.sidecar-injector.istio.io',
  ]);
  assert.equal(names({ revision: 'default' }), names({}));
  assert.is(names({ enableNamespacesByDefault: true }).at(-1), 'auto.sidecar-injector.istio.io');
  // A named revision has only the two rev.* webhooks; enableNamespacesByDefault belongs to the default webhooks.
  assert.equal(names({ revision: 'canary', enableNamespacesByDefault: true }), ['rev.namespace.sidecar-injector.istio.io', 'rev.object.sidecar-injector.istio.io']);
  // Each tag adds its own rev.* pair; tag default adds the default webhooks.
  assert.equal(names({ revision: 'canary', tags: ['prod', 'default'] }).length, 2 + 2 + 2 + 2);
  const hooks = webhooksFor({ revision: 'canary', tags: ['prod'] });
  assert.equal(hooks[2]?.namespaceSelector, {
    matchExpressions: [{ key: 'istio.io/rev', operator: 'In', values: ['prod'] }, { key: 'istio-injection', operator: 'DoesNotExist' }],
  });
  assert.equal(hooks[3]?.objectSelector, {
    matchExpressions: [{ key: 'sidecar.istio.io/inject', operator: 'NotIn', values: ['false'] }, { key: 'istio.io/rev', operator: 'In', values: ['prod'] }],
  });
});

Webhook('tags: a namespace or pod labelled with a tag; tag default takes istio-injection=enabled and pod opt-ins', () => {
  const prod = { revision: 'canary', tags: ['prod'] };
  assert.is(hook({ 'istio.io/rev': 'prod' }, {}, prod), 'rev.namespace.sidecar-injector.istio.io');
  assert.is(hook({}, { 'istio.io/rev': 'prod' }, prod), 'rev.object.sidecar-injector.istio.io');
  assert.is(hook({ 'istio-injection': 'enabled' }, {}, prod), 'none: skipped:policy-disabled');
  const asDefault = { revision: 'canary', tags: ['default'] };
  assert.is(hook({ 'istio-injection': 'enabled' }, {}, asDefault), 'namespace.sidecar-injector.istio.io');
  assert.is(hook({}, { 'sidecar.istio.io/inject': 'true' }, asDefault), 'object.sidecar-injector.istio.io');
  assert.is(hook({ 'istio.io/rev': 'default' }, {}, asDefault), 'rev.namespace.sidecar-injector.istio.io');
  assert.is(hook({}, {}, { ...asDefault, enableNamespacesByDefault: true }), 'auto.sidecar-injector.istio.io');
  // The namespace label wins over the pod's: a pod labelled for another revision in a namespace of ours is ours.
  assert.is(hook({ 'istio.io/rev': 'prod' }, { 'istio.io/rev': 'stable' }, prod), 'rev.namespace.sidecar-injector.istio.io');
  assert.is(hook({ 'istio.io/rev': 'stable' }, { 'istio.io/rev': 'prod' }, prod), 'none: skipped:policy-disabled');
});

Webhook('explanations name the revision and its tags', () => {
  const detail = (ns: Record<string, string>, pod: Record<string, string>, selection: Parameters<typeof selectWebhook>[2]): string => {
    const r = selectWebhook({ name: 'shop', labels: ns }, pod, selection);
    return r.hook === undefined ? r.detail : `selected by ${r.hook}`;
  };
  const prod = { revision: 'canary', tags: ['prod', 'blue'] };
  assert.is(detail({ 'istio.io/rev': 'stable' }, {}, prod), 'namespace "shop" selects revision "stable" (label istio.io/rev); this configuration is revision "canary" with tags "prod", "blue"');
  assert.is(detail({ 'istio-injection': 'enabled' }, {}, { revision: 'canary', tags: ['prod'] }), 'namespace "shop" has istio-injection=enabled, which selects the default revision; this configuration is revision "canary" with tag "prod"');
  assert.is(detail({}, { 'sidecar.istio.io/inject': 'true' }, { revision: 'canary' }), 'the pod label sidecar.istio.io/inject=true selects the default revision only (webhook object.sidecar-injector.istio.io); this configuration is revision "canary"');
  assert.is(detail({}, {}, prod), 'namespace "shop" has neither istio-injection=enabled nor istio.io/rev=canary or istio.io/rev=prod or istio.io/rev=blue, and the pod has no sidecar.istio.io/inject=true or istio.io/rev label');
  assert.is(detail({ 'istio-injection': 'disabled' }, {}, {}), 'namespace "shop" has label istio-injection=disabled, which no injection webhook selects');
});

Webhook('webhooksFromConfigurations: the revision\'s and its tags\' configurations, in item order', () => {
  const mwc = (name: string, rev: string, hooks: unknown[]): unknown => ({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata: { name, labels: { 'istio.io/rev': rev } },
    webhooks: hooks,
  });
  const items = [
    mwc('istio-sidecar-injector', 'default', [{ name: 'namespace.sidecar-injector.istio.io', namespaceSelector: { matchLabels: { 'istio-injection': 'enabled' } } }]),
    mwc('istio-sidecar-injector-canary', 'canary', [{ name: 'rev.namespace.sidecar-injector.istio.io', namespaceSelector: { matchLabels: { 'istio.io/rev': 'canary' } } }]),
    mwc('istio-revision-tag-prod', 'canary', [{ name: 'rev.object.sidecar-injector.istio.io', objectSelector: { matchLabels: { 'istio.io/rev': 'prod' } } }]),
    { kind: 'ConfigMap', metadata: { labels: { 'istio.io/rev': 'canary' } } },
  ];
  assert.equal(webhooksFromConfigurations(items, 'canary')?.map((h) => h.name), [
    'istio-sidecar-injector-canary/rev.namespace.sidecar-injector.istio.io',
    'istio-revision-tag-prod/rev.object.sidecar-injector.istio.io',
  ]);
  assert.equal(webhooksFromConfigurations(items, '')?.map((h) => h.name), ['istio-sidecar-injector/namespace.sidecar-injector.istio.io']);
  assert.is(webhooksFromConfigurations(items, 'stable'), undefined);
  const canary = { revision: 'canary', webhooks: webhooksFromConfigurations(items, 'canary')! };
  assert.is(hook({ 'istio.io/rev': 'canary' }, {}, canary), 'istio-sidecar-injector-canary/rev.namespace.sidecar-injector.istio.io');
  // An absent selector matches everything: the tag's object webhook has no namespace selector here.
  assert.is(hook({ 'istio-injection': 'enabled' }, { 'istio.io/rev': 'prod' }, canary), 'istio-revision-tag-prod/rev.object.sidecar-injector.istio.io');
  const none = selectWebhook({ name: 'shop', labels: { team: 'a' } }, { app: 'x' }, canary);
  assert.is(
    none.hook === undefined && none.detail,
    'no webhook of the MutatingWebhookConfigurations labelled istio.io/rev=canary among the items (istio-sidecar-injector-canary/rev.namespace.sidecar-injector.istio.io, istio-revision-tag-prod/rev.object.sidecar-injector.istio.io) selects the pod: namespace "shop" labels {kubernetes.io/metadata.name=shop, team=a}, pod labels {app=x}',
  );
  // An invalid selector selects nothing.
  const bad = { webhooks: [{ name: 'bad', namespaceSelector: { matchExpressions: [{ key: 'a', operator: 'Near' }] } }] };
  assert.is(hook({}, {}, bad), 'none: skipped:policy-disabled');
});

Webhook.run();

// ---------------------------------------------------------------------------------------------------------------------
const Unnamed = suite('custom kinds: containers without a name');

Unnamed('not injected, with a warning that says why and what to do', () => {
  assert.is(decideUnnamedContainers([]), undefined);
  const d = decideUnnamedContainers(['containers[0]']);
  assert.equal([d?.inject, d?.reason, d?.warnings.map((w) => w.reason)], [false, 'skipped:unnamed-container', ['warning:unnamed-container']]);
  assert.is(d?.detail, "the pod's containers[0] has no name, and the sidecar is merged into the pod by container name");
  assert.is(
    d?.warnings[0]?.message,
    'the pod\'s containers[0] has no name, and the sidecar is merged into the pod by container name, so the pod was not injected: name the container to inject it (Knative, for one, names a single container "user-container" when the Service is applied)',
  );
  assert.ok(decideUnnamedContainers(['containers[0]', 'containers[1]'])?.detail.includes('containers[0], containers[1] have no name'));
});

Unnamed.run();
