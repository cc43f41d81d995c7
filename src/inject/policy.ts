/**
 * @module
 * Whether a pod gets a sidecar, and why (istio-injection.md §3, ARCHITECTURE.md §7–§8).
 *
 * `injectRequired` is Istio's decision function. Two modes wrap it:
 * - `decideManual` decides like `istioctl kube-inject`: hostNetwork first, then `injectRequired` with the policy forced
 *   to `enabled`, no selectors, and the ignored namespaces checked against the *template* metadata's namespace.
 * - `decideWebhook` decides as a cluster would: the MutatingWebhookConfiguration's namespace/object selectors first
 *   (they see pod labels only), then `injectRequired` with the configured policy and never/always selectors.
 *
 * Every function is pure and returns a `Decision`; nothing throws for bad input.
 */
import { quote } from '../go/strconv.ts';
import type { WorkloadIdentity } from './workloads.ts';

/** Istio's `IgnoredNamespaces`. */
export const IGNORED_NAMESPACES: readonly string[] = Object.freeze([
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'local-path-storage',
]);

export const INJECT_KEY = 'sidecar.istio.io/inject';
export const STATUS_ANNOTATION = 'sidecar.istio.io/status';
export const REVISION_LABEL = 'istio.io/rev';
export const NAMESPACE_INJECTION_LABEL = 'istio-injection';

/** The reason codes (ARCHITECTURE.md §7) a decision can end with. */
export type DecisionReason =
  | 'injected'
  | 'reinjected'
  | 'skipped:hostNetwork'
  | 'skipped:ignored-namespace'
  | 'skipped:label-false'
  | 'skipped:annotation-false'
  | 'skipped:never-selector'
  | 'skipped:policy-disabled'
  | 'skipped:unnamed-container';

/**
 * A warning beside the decision. `warning:invalid-inject-value` is in §7; `warning:invalid-selector` (a never/always
 * selector Istio ignores), `warning:namespace-unknown` (webhook mode without the pod's Namespace) and
 * `warning:unnamed-container` (a custom kind's container without a name) are new codes.
 */
export interface DecisionWarning {
  readonly reason: 'warning:invalid-inject-value' | 'warning:invalid-selector' | 'warning:namespace-unknown' | 'warning:unnamed-container';
  readonly message: string;
}

/** What made a decision (`--explain` shows it): the step of §3, or of the webhook pre-filter, that decided. */
export type DecisionRule = 'hostNetwork' | 'namespace' | 'label' | 'annotation' | 'selector' | 'revision' | 'policy' | 'containers';

export interface Decision {
  readonly inject: boolean;
  readonly reason: DecisionReason;
  readonly rule: DecisionRule;
  /** One sentence for `--explain` and skip results. */
  readonly detail: string;
  readonly warnings: readonly DecisionWarning[];
  /** Manual mode, on a skip: the exact line `istioctl kube-inject` prints on stderr (with its `===> ` and newline). */
  readonly istioMessage?: string;
}

type Json = { [key: string]: unknown };

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A string-to-string view of labels or annotations; entries whose value is not a string are left out. */
function stringMap(v: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (isObject(v)) for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out.set(k, val);
  return out;
}

function metaString(meta: unknown, key: string): string {
  return isObject(meta) && typeof meta[key] === 'string' ? (meta[key] as string) : '';
}

// --- label selectors (metav1.LabelSelector semantics) ----------------------------------------------------------------

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values?: readonly string[] | null;
}

export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>> | null;
  readonly matchExpressions?: readonly LabelSelectorRequirement[] | null;
}

type Operator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Equals';

interface Requirement {
  readonly key: string;
  readonly op: Operator;
  readonly values: readonly string[];
}

/** A selector ready to match, or why `metav1.LabelSelectorAsSelector` rejects it. */
export type CompiledSelector =
  | { readonly ok: true; readonly requirements: readonly Requirement[] }
  | { readonly ok: false; readonly error: string };

const NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** validation.IsQualifiedName: `[prefix/]name`, prefix a DNS subdomain (≤253), name ≤63. */
function keyProblem(key: string): string | undefined {
  const parts = key.split('/');
  const name = parts.length === 2 ? (parts[1] as string) : parts[0] as string;
  if (parts.length > 2) return `invalid label key ${quote(key)}: a qualified name has at most one '/'`;
  if (parts.length === 2) {
    const prefix = parts[0] as string;
    if (prefix === '') return `invalid label key ${quote(key)}: prefix part must be non-empty`;
    if (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)) {
      return `invalid label key ${quote(key)}: prefix part must be a lowercase RFC 1123 subdomain`;
    }
  }
  if (name === '') return `invalid label key ${quote(key)}: name part must be non-empty`;
  if (name.length > 63) return `invalid label key ${quote(key)}: name part must be no more than 63 characters`;
  if (!NAME_PART.test(name)) {
    return `invalid label key ${quote(key)}: name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`;
  }
  return undefined;
}

function valueProblem(value: string): string | undefined {
  if (value.length > 63) return `invalid label value ${quote(value)}: must be no more than 63 characters`;
  if (!LABEL_VALUE.test(value)) {
    return `invalid label value ${quote(value)}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`;
  }
  return undefined;
}

function requirement(key: unknown, op: Operator, values: readonly unknown[]): Requirement | string {
  if (typeof key !== 'string') return 'label selector key must be a string';
  const kp = keyProblem(key);
  if (kp) return kp;
  if (!values.every((v): v is string => typeof v === 'string')) return `values of ${quote(key)} must be strings`;
  if ((op === 'In' || op === 'NotIn') && values.length === 0) {
    return "for 'in', 'notin' operators, values set can't be empty";
  }
  if ((op === 'Exists' || op === 'DoesNotExist') && values.length !== 0) {
    return 'values set must be empty for exists and does not exist';
  }
  if (op === 'Equals' && values.length !== 1) return 'exact-match compatibility requires one single value';
  for (const v of values) {
    const vp = valueProblem(v);
    if (vp) return vp;
  }
  return { key, op, values };
}

/** `metav1.LabelSelectorAsSelector`: matchLabels as equality requirements, matchExpressions with the four operators. */
export function compileLabelSelector(selector: unknown): CompiledSelector {
  if (selector === null || selector === undefined) return { ok: true, requirements: [] };
  if (!isObject(selector)) return { ok: false, error: 'a label selector must be an object' };
  const requirements: Requirement[] = [];
  const matchLabels = selector['matchLabels'];
  if (matchLabels !== undefined && matchLabels !== null) {
    if (!isObject(matchLabels)) return { ok: false, error: 'matchLabels must be a map of strings' };
    for (const [k, v] of Object.entries(matchLabels)) {
      const r = requirement(k, 'Equals', [v]);
      if (typeof r === 'string') return { ok: false, error: r };
      requirements.push(r);
    }
  }
  const exprs = selector['matchExpressions'];
  if (exprs !== undefined && exprs !== null) {
    if (!Array.isArray(exprs)) return { ok: false, error: 'matchExpressions must be a list' };
    for (const e of exprs) {
      if (!isObject(e)) return { ok: false, error: 'each matchExpressions entry must be an object' };
      const op = e['operator'];
      if (op !== 'In' && op !== 'NotIn' && op !== 'Exists' && op !== 'DoesNotExist') {
        return { ok: false, error: `${quote(typeof op === 'string' ? op : String(op ?? ''))} is not a valid label selector operator` };
      }
      const values = e['values'] === undefined || e['values'] === null ? [] : e['values'];
      if (!Array.isArray(values)) return { ok: false, error: 'values must be a list' };
      const r = requirement(e['key'], op, values);
      if (typeof r === 'string') return { ok: false, error: r };
      requirements.push(r);
    }
  }
  return { ok: true, requirements };
}

/** `labels.Selector.Matches`: every requirement holds. An empty selector matches everything (callers check `Empty`). */
export function selectorMatches(selector: { readonly requirements: readonly Requirement[] }, labels: unknown): boolean {
  const set = labels instanceof Map ? (labels as Map<string, string>) : stringMap(labels);
  return selector.requirements.every((r) => {
    const has = set.has(r.key);
    const v = set.get(r.key) ?? '';
    switch (r.op) {
      case 'Equals':
      case 'In':
        return has && r.values.includes(v);
      case 'NotIn':
        return !has || !r.values.includes(v);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
    }
  });
}

/** Go's `%v` of a `metav1.LabelSelector` value, as Istio's warning prints it: `{map[foo:bar] [{key In [a b]}]}`. */
export function formatSelector(selector: unknown): string {
  if (!isObject(selector)) return String(selector);
  const ml = isObject(selector['matchLabels']) ? selector['matchLabels'] : {};
  const labels = Object.keys(ml)
    .sort()
    .map((k) => `${k}:${String(ml[k])}`)
    .join(' ');
  const exprs = Array.isArray(selector['matchExpressions']) ? selector['matchExpressions'] : [];
  const reqs = exprs
    .map((e) => {
      const o = isObject(e) ? e : {};
      const values = Array.isArray(o['values']) ? o['values'].map(String).join(' ') : '';
      return `{${String(o['key'] ?? '')} ${String(o['operator'] ?? '')} [${values}]}`;
    })
    .join(' ');
  return `{map[${labels}] [${reqs}]}`;
}

/**
 * `metav1.ParseToLabelSelector`: the string form (`foo`, `!foo`, `foo=bar`, `foo!=bar`, `foo in (a,b)`,
 * `foo notin (a)`, comma-separated) as a LabelSelector object. A bare key means "exists".
 */
export function parseSelectorString(text: string): { selector: LabelSelector } | { error: string } {
  const tokens = lexSelector(text);
  if ('error' in tokens) return tokens;
  const toks = tokens.tokens;
  const matchLabels: Record<string, string> = {};
  const matchExpressions: LabelSelectorRequirement[] = [];
  let i = 0;
  const peek = (): string | undefined => toks[i];
  const isIdent = (t: string | undefined): t is string => t !== undefined && !SPECIAL.has(t);
  while (i < toks.length) {
    let t = toks[i++] as string;
    if (t === '!') {
      const key = toks[i++];
      if (!isIdent(key)) return { error: `found '${key ?? ''}', expected: identifier after '!'` };
      matchExpressions.push({ key, operator: 'DoesNotExist' });
    } else if (isIdent(t)) {
      const key = t;
      const op = peek();
      if (op === undefined || op === ',') {
        matchExpressions.push({ key, operator: 'Exists' });
      } else if (op === '=' || op === '==' || op === '!=') {
        i++;
        const v = isIdent(peek()) ? (toks[i++] as string) : '';
        if (op === '!=') matchExpressions.push({ key, operator: 'NotIn', values: [v] });
        else matchLabels[key] = v;
      } else if (op === 'in' || op === 'notin') {
        i++;
        if (toks[i++] !== '(') return { error: `found '${toks[i - 1] ?? ''}', expected: '('` };
        const values: string[] = [];
        let expectValue = true;
        for (;;) {
          t = toks[i++] as string;
          if (t === undefined) return { error: "found '', expected: ')'" };
          if (t === ')') break;
          if (t === ',') {
            if (expectValue) values.push('');
            expectValue = true;
            continue;
          }
          if (!isIdent(t) || !expectValue) return { error: `found '${t}', expected: ',' or ')'` };
          values.push(t);
          expectValue = false;
        }
        matchExpressions.push({ key, operator: op === 'in' ? 'In' : 'NotIn', values });
      } else if (op === '>' || op === '<') {
        return { error: `${quote(op === '>' ? 'gt' : 'lt')} isn't supported in label selectors` };
      } else {
        return { error: `found '${op}', expected: in, notin, =, ==, !=, gt, lt` };
      }
    } else {
      return { error: `found '${t}', expected: !, identifier, or 'end of string'` };
    }
    const sep = toks[i];
    if (sep === undefined) break;
    if (sep !== ',') return { error: `found '${sep}', expected: ',' or 'end of string'` };
    i++;
  }
  const selector: LabelSelector = {
    ...(Object.keys(matchLabels).length ? { matchLabels } : {}),
    ...(matchExpressions.length ? { matchExpressions } : {}),
  };
  return { selector };
}

const SPECIAL = new Set(['!', '=', '==', '!=', '(', ')', ',', '>', '<']);

function lexSelector(text: string): { tokens: string[] } | { error: string } {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '==' || two === '!=') {
      tokens.push(two);
      i += 2;
    } else if ('!=(),<>'.includes(c)) {
      tokens.push(c);
      i++;
    } else {
      let j = i;
      while (j < text.length && !/\s/.test(text[j] as string) && !'!=(),<>'.includes(text[j] as string)) j++;
      tokens.push(text.slice(i, j));
      i = j;
    }
  }
  return { tokens };
}

// --- injectRequired ------------------------------------------------------------------------------------------------

export interface InjectRequiredInput {
  readonly podSpec: unknown;
  /** The metadata Istio passes: namespace, labels, annotations (kube-inject: the template's; webhook: the pod's). */
  readonly metadata: unknown;
  /** `enabled`, `disabled`, or anything else (an error in Istio: nothing is injected). */
  readonly policy: unknown;
  readonly neverInjectSelector?: readonly unknown[] | null;
  readonly alwaysInjectSelector?: readonly unknown[] | null;
  readonly ignoredNamespaces?: readonly string[];
}

function injectedReason(metadata: unknown): DecisionReason {
  const annotations = isObject(metadata) ? stringMap(metadata['annotations']) : new Map<string, string>();
  return annotations.has(STATUS_ANNOTATION) ? 'reinjected' : 'injected';
}

/** Istio's `injectRequired` (§3), with the reason for its answer. */
export function injectRequired(input: InjectRequiredInput): Decision {
  const { podSpec, metadata } = input;
  const warnings: DecisionWarning[] = [];
  const done = (inject: boolean, reason: DecisionReason, rule: DecisionRule, detail: string): Decision => ({
    inject,
    reason: inject ? injectedReason(metadata) : reason,
    rule,
    detail,
    warnings,
  });

  if (isObject(podSpec) && podSpec['hostNetwork'] === true) {
    return done(false, 'skipped:hostNetwork', 'hostNetwork', 'the pod uses host networking (spec.hostNetwork: true), which Istio never injects');
  }
  const namespace = metaString(metadata, 'namespace');
  const ignored = input.ignoredNamespaces ?? IGNORED_NAMESPACES;
  if (ignored.includes(namespace)) {
    return done(false, 'skipped:ignored-namespace', 'namespace', `namespace ${quote(namespace)} is one of Istio's ignored namespaces (${ignored.join(', ')})`);
  }

  const labels = isObject(metadata) ? stringMap(metadata['labels']) : new Map<string, string>();
  const annotations = isObject(metadata) ? stringMap(metadata['annotations']) : new Map<string, string>();
  // The label is the current API; when both are present the label wins, even when it is empty.
  const fromLabel = labels.has(INJECT_KEY);
  const selector = fromLabel ? (labels.get(INJECT_KEY) as string) : annotations.get(INJECT_KEY) ?? '';
  const source = fromLabel ? 'label' : 'annotation';

  let useDefault = false;
  let inject = false;
  let reason: DecisionReason = 'injected';
  let rule: DecisionRule = source;
  let why = '';
  switch (selector) {
    case 'true':
      inject = true;
      why = `${source} ${INJECT_KEY} is "true"`;
      break;
    case 'false':
      reason = fromLabel ? 'skipped:label-false' : 'skipped:annotation-false';
      why = `${source} ${INJECT_KEY} is "false"`;
      break;
    case '':
      useDefault = true;
      break;
    default:
      warnings.push({
        reason: 'warning:invalid-inject-value',
        message: `Invalid value for ${INJECT_KEY}: ${quote(selector)}. Only 'true' and 'false' are accepted. Falling back to default injection policy.`,
      });
      useDefault = true;
  }

  const scan = (list: readonly unknown[] | null | undefined, name: string): number => {
    for (const [i, raw] of (list ?? []).entries()) {
      const compiled = compileLabelSelector(raw);
      if (!compiled.ok) {
        warnings.push({ reason: 'warning:invalid-selector', message: `Invalid selector for ${name}: ${formatSelector(raw)} (${compiled.error})` });
      } else if (compiled.requirements.length > 0 && selectorMatches(compiled, labels)) {
        return i;
      }
    }
    return -1;
  };
  if (useDefault) {
    const i = scan(input.neverInjectSelector, 'NeverInjectSelector');
    if (i >= 0) {
      useDefault = false;
      inject = false;
      reason = 'skipped:never-selector';
      rule = 'selector';
      why = `the pod's labels match neverInjectSelector[${i}]`;
    }
  }
  if (useDefault) {
    const i = scan(input.alwaysInjectSelector, 'AlwaysInjectSelector');
    if (i >= 0) {
      useDefault = false;
      inject = true;
      rule = 'selector';
      why = `the pod's labels match alwaysInjectSelector[${i}]`;
    }
  }

  const policy = input.policy;
  if (policy === 'enabled') {
    if (useDefault) return done(true, 'injected', 'policy', 'the injection policy is "enabled" and nothing opts the pod out');
    return done(inject, reason, rule, why);
  }
  if (policy === 'disabled') {
    if (useDefault) return done(false, 'skipped:policy-disabled', 'policy', 'the injection policy is "disabled" and nothing opts the pod in');
    return done(inject, reason, rule, why);
  }
  const shown = typeof policy === 'string' ? policy : String(policy ?? '');
  return done(false, 'skipped:policy-disabled', 'policy', `Illegal value for autoInject:${shown}, must be one of [disabled,enabled]. Auto injection disabled!`);
}

/**
 * A pod of a custom kind with containers that have no name (`containers[0]`, as `unnamedContainers` lists them): not
 * injected, with a warning, since Istio merges the sidecar by container name and would fail. Istio's own kinds never
 * get here: Kubernetes requires the names, and the merge error is Istio's.
 */
export function decideUnnamedContainers(unnamed: readonly string[]): Decision | undefined {
  if (unnamed.length === 0) return undefined;
  const detail = `the pod's ${unnamed.join(', ')} ${unnamed.length > 1 ? 'have' : 'has'} no name, and the sidecar is merged into the pod by container name`;
  return {
    inject: false,
    reason: 'skipped:unnamed-container',
    rule: 'containers',
    detail,
    warnings: [{
      reason: 'warning:unnamed-container',
      message: `${detail}, so the pod was not injected: name ${unnamed.length > 1 ? 'the containers' : 'the container'} to inject it (Knative, for one, names a single container "user-container" when the Service is applied)`,
    }],
  };
}

// --- manual mode (istioctl kube-inject) -----------------------------------------------------------------------------

export interface ManualDecisionInput {
  readonly podSpec: unknown;
  /** The template metadata (`locatePodTemplate(...).metadata`). */
  readonly metadata: unknown;
  /** From `workloadIdentity`: the kind and name that kube-inject's messages show. */
  readonly identity: WorkloadIdentity;
  readonly ignoredNamespaces?: readonly string[];
}

/** `IntoObject`'s `fullName`: `<workload namespace>/<template name or workload name>`, namespace only when set. */
export function kubeInjectFullName(metadata: unknown, identity: WorkloadIdentity): string {
  const name = metaString(metadata, 'name') || identity.deploymentMeta.name;
  const ns = identity.deploymentMeta.namespace;
  return ns ? `${ns}/${name}` : name;
}

function skipLine(identity: WorkloadIdentity, fullName: string, what: string): string {
  const kind = identity.typeMeta.kind;
  return `Skipping injection because ${kind ? kind + ' ' : ''}${quote(fullName)} has ${what}`;
}

/** The decision `istioctl kube-inject` makes (policy `enabled`, no selectors). */
export function decideManual(input: ManualDecisionInput): Decision {
  const fullName = kubeInjectFullName(input.metadata, input.identity);
  if (isObject(input.podSpec) && input.podSpec['hostNetwork'] === true) {
    const line = skipLine(input.identity, fullName, 'host networking enabled');
    return { inject: false, reason: 'skipped:hostNetwork', rule: 'hostNetwork', detail: line, warnings: [], istioMessage: `===> ${line}\n` };
  }
  const d = injectRequired({
    podSpec: input.podSpec,
    metadata: input.metadata,
    policy: 'enabled',
    ...(input.ignoredNamespaces ? { ignoredNamespaces: input.ignoredNamespaces } : {}),
  });
  if (d.inject) return d;
  const line = skipLine(input.identity, fullName, 'sidecar injection disabled');
  return { ...d, detail: `${line}: ${d.detail}`, istioMessage: `===> ${line}\n` };
}

// --- webhook mode --------------------------------------------------------------------------------------------------

/** What the MutatingWebhookConfiguration of one istiod revision selects (`templates/mutatingwebhook.yaml`). */
export interface WebhookSelection {
  /** The istiod revision; empty means `default`. */
  readonly revision?: string;
  /** Revision tags pointing at this revision (`istio-revision-tag-<tag>`); tag `default` also routes `istio-injection=enabled`. */
  readonly tags?: readonly string[];
  /** `sidecarInjectorWebhook.enableNamespacesByDefault`: the `auto.` webhook for unlabelled namespaces and pods. */
  readonly enableNamespacesByDefault?: boolean;
  /**
   * The webhooks of the MutatingWebhookConfigurations among the items (`webhooksFromConfigurations`); when set they
   * replace the chart's, and `tags` and `enableNamespacesByDefault` are not used (the rendered objects hold them).
   */
  readonly webhooks?: readonly InjectionWebhook[];
}

/** The labels of the pod's Namespace object. */
export interface NamespaceInfo {
  readonly name: string;
  readonly labels?: unknown;
}

/** One webhook of a MutatingWebhookConfiguration: an absent selector matches everything, as in the API server. */
export interface InjectionWebhook {
  readonly name: string;
  readonly namespaceSelector?: unknown;
  readonly objectSelector?: unknown;
}

const NOT_FALSE: LabelSelectorRequirement = { key: INJECT_KEY, operator: 'NotIn', values: ['false'] };

/** The webhooks a revision installs, in the chart's order. */
export function webhooksFor(selection: WebhookSelection, ignoredNamespaces: readonly string[] = IGNORED_NAMESPACES): InjectionWebhook[] {
  const revision = selection.revision || 'default';
  const revs = [revision, ...(selection.tags ?? []).filter((t) => t !== revision)];
  const hooks: InjectionWebhook[] = [];
  for (const rev of revs) {
    hooks.push({
      name: 'rev.namespace.sidecar-injector.istio.io',
      namespaceSelector: { matchExpressions: [{ key: REVISION_LABEL, operator: 'In', values: [rev] }, { key: NAMESPACE_INJECTION_LABEL, operator: 'DoesNotExist' }] },
      objectSelector: { matchExpressions: [NOT_FALSE] },
    });
    hooks.push({
      name: 'rev.object.sidecar-injector.istio.io',
      namespaceSelector: { matchExpressions: [{ key: REVISION_LABEL, operator: 'DoesNotExist' }, { key: NAMESPACE_INJECTION_LABEL, operator: 'DoesNotExist' }] },
      objectSelector: { matchExpressions: [NOT_FALSE, { key: REVISION_LABEL, operator: 'In', values: [rev] }] },
    });
  }
  if (revs.includes('default')) {
    hooks.push({
      name: 'namespace.sidecar-injector.istio.io',
      namespaceSelector: { matchExpressions: [{ key: NAMESPACE_INJECTION_LABEL, operator: 'In', values: ['enabled'] }] },
      objectSelector: { matchExpressions: [NOT_FALSE] },
    });
    hooks.push({
      name: 'object.sidecar-injector.istio.io',
      namespaceSelector: { matchExpressions: [{ key: NAMESPACE_INJECTION_LABEL, operator: 'DoesNotExist' }, { key: REVISION_LABEL, operator: 'DoesNotExist' }] },
      objectSelector: { matchExpressions: [{ key: INJECT_KEY, operator: 'In', values: ['true'] }, { key: REVISION_LABEL, operator: 'DoesNotExist' }] },
    });
    if (selection.enableNamespacesByDefault) {
      hooks.push({
        name: 'auto.sidecar-injector.istio.io',
        namespaceSelector: {
          matchExpressions: [
            { key: NAMESPACE_INJECTION_LABEL, operator: 'DoesNotExist' },
            { key: REVISION_LABEL, operator: 'DoesNotExist' },
            { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: [...ignoredNamespaces] },
          ],
        },
        objectSelector: { matchExpressions: [{ key: INJECT_KEY, operator: 'DoesNotExist' }, { key: REVISION_LABEL, operator: 'DoesNotExist' }] },
      });
    }
  }
  return hooks;
}

/**
 * The webhooks of the MutatingWebhookConfigurations (plain JSON objects) that belong to `revision`: those labelled
 * `istio.io/rev=<revision or default>`, as the chart labels the revision's own configuration and its tags'
 * (`istio-revision-tag-<tag>`), each named `<configuration>/<webhook>`. Undefined when there is none, so the
 * chart's webhooks are used.
 */
export function webhooksFromConfigurations(configurations: readonly unknown[], revision: string): InjectionWebhook[] | undefined {
  const rev = revision || 'default';
  let found = false;
  const hooks: InjectionWebhook[] = [];
  for (const c of configurations) {
    if (!isObject(c) || c['kind'] !== 'MutatingWebhookConfiguration') continue;
    const labels = isObject(c['metadata']) ? stringMap(c['metadata']['labels']) : new Map<string, string>();
    if (labels.get(REVISION_LABEL) !== rev) continue;
    found = true;
    const configuration = isObject(c['metadata']) && typeof c['metadata']['name'] === 'string' ? c['metadata']['name'] : '';
    const webhooks = Array.isArray(c['webhooks']) ? c['webhooks'] : [];
    for (const w of webhooks) {
      if (!isObject(w)) continue;
      // Named with their configuration: every revision and tag uses the same webhook names.
      const name = `${configuration}/${typeof w['name'] === 'string' ? w['name'] : ''}`;
      hooks.push({ name, namespaceSelector: w['namespaceSelector'], objectSelector: w['objectSelector'] });
    }
  }
  return found ? hooks : undefined;
}

/**
 * The admission pre-filter: the first webhook whose namespace and object selectors match, or why none does. The
 * namespace carries the automatic `kubernetes.io/metadata.name` label. Only pod *labels* are seen here.
 */
export function selectWebhook(
  namespace: NamespaceInfo,
  podLabels: unknown,
  selection: WebhookSelection,
  ignoredNamespaces: readonly string[] = IGNORED_NAMESPACES,
): { hook: string } | { hook: undefined; reason: DecisionReason; rule: DecisionRule; detail: string } {
  const nsLabels = stringMap(namespace.labels);
  if (!nsLabels.has('kubernetes.io/metadata.name')) nsLabels.set('kubernetes.io/metadata.name', namespace.name);
  const pod = stringMap(podLabels);
  // An invalid selector matches nothing (the API server would not have accepted the configuration).
  for (const hook of selection.webhooks ?? webhooksFor(selection, ignoredNamespaces)) {
    const ns = compileLabelSelector(hook.namespaceSelector);
    const obj = compileLabelSelector(hook.objectSelector);
    if (ns.ok && obj.ok && selectorMatches(ns, nsLabels) && selectorMatches(obj, pod)) return { hook: hook.name };
  }
  const revision = selection.revision || 'default';
  const tags = (selection.tags ?? []).filter((t) => t !== revision);
  const ours = `this configuration is revision ${quote(revision)}${tags.length ? ` with tag${tags.length > 1 ? 's' : ''} ${tags.map(quote).join(', ')}` : ''}`;
  const nsName = quote(namespace.name);
  if (pod.get(INJECT_KEY) === 'false') {
    return { hook: undefined, reason: 'skipped:label-false', rule: 'label', detail: `the pod label ${INJECT_KEY}=false keeps every injection webhook away` };
  }
  if (selection.webhooks) {
    const names = selection.webhooks.map((h) => h.name).join(', ');
    const detail = `no webhook of the MutatingWebhookConfigurations labelled ${REVISION_LABEL}=${revision} among the items (${names || 'none'}) selects the pod: namespace ${nsName} labels ${labelText(nsLabels)}, pod labels ${labelText(pod)}`;
    return { hook: undefined, reason: 'skipped:policy-disabled', rule: 'namespace', detail };
  }
  const injection = nsLabels.get(NAMESPACE_INJECTION_LABEL);
  const nsRev = nsLabels.get(REVISION_LABEL);
  const podRev = pod.get(REVISION_LABEL);
  let detail: string;
  // A namespace that opts out, or selects nothing, decides by its labels; any other miss is a revision mismatch.
  let rule: DecisionRule = 'revision';
  if (injection !== undefined && injection !== 'enabled') {
    rule = 'namespace';
    detail = `namespace ${nsName} has label ${NAMESPACE_INJECTION_LABEL}=${injection}, which no injection webhook selects`;
  } else if (injection === 'enabled') {
    detail = `namespace ${nsName} has ${NAMESPACE_INJECTION_LABEL}=enabled, which selects the default revision; ${ours}`;
  } else if (nsRev !== undefined) {
    detail = `namespace ${nsName} selects revision ${quote(nsRev)} (label ${REVISION_LABEL}); ${ours}`;
  } else if (podRev !== undefined) {
    detail = `the pod selects revision ${quote(podRev)} (label ${REVISION_LABEL}); ${ours}`;
  } else if (pod.get(INJECT_KEY) === 'true' && ![revision, ...tags].includes('default')) {
    detail = `the pod label ${INJECT_KEY}=true selects the default revision only (webhook object.sidecar-injector.istio.io); ${ours}`;
  } else {
    const revs = [revision, ...tags].map((r) => `${REVISION_LABEL}=${r}`).join(' or ');
    rule = 'namespace';
    detail = `namespace ${nsName} has neither ${NAMESPACE_INJECTION_LABEL}=enabled nor ${revs}, and the pod has no ${INJECT_KEY}=true or ${REVISION_LABEL} label`;
  }
  return { hook: undefined, reason: 'skipped:policy-disabled', rule, detail };
}

/** Labels as `{a=b, c=d}`, sorted. */
function labelText(labels: ReadonlyMap<string, string>): string {
  return `{${[...labels].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k}=${v}`).join(', ')}}`;
}

export interface WebhookDecisionInput {
  readonly podSpec: unknown;
  /** The metadata of the pods the workload creates (`locatePodTemplate(...).podMetadata`). */
  readonly podMetadata: unknown;
  /** The namespace the pods are created in (the workload's). */
  readonly podNamespace: string;
  /** The pod's Namespace; undefined when it is not known (the pre-filter is then skipped with a warning). */
  readonly namespace?: NamespaceInfo | undefined;
  readonly policy: unknown;
  readonly neverInjectSelector?: readonly unknown[] | null;
  readonly alwaysInjectSelector?: readonly unknown[] | null;
  readonly webhook?: WebhookSelection;
  readonly ignoredNamespaces?: readonly string[];
}

/** The decision a cluster makes: the webhook pre-filter, then `injectRequired` with the configured policy. */
export function decideWebhook(input: WebhookDecisionInput): Decision {
  const ignored = input.ignoredNamespaces ?? IGNORED_NAMESPACES;
  const labels = isObject(input.podMetadata) ? input.podMetadata['labels'] : undefined;
  const warnings: DecisionWarning[] = [];
  let via = '';
  if (input.namespace === undefined) {
    warnings.push({
      reason: 'warning:namespace-unknown',
      message: `the labels of namespace ${quote(input.podNamespace)} are unknown (no Namespace item and no entry in the namespaces option), so the injection webhook's namespace selector was not checked`,
    });
  } else {
    const sel = selectWebhook(input.namespace, labels, input.webhook ?? {}, ignored);
    if (sel.hook === undefined) return { inject: false, reason: sel.reason, rule: sel.rule, detail: sel.detail, warnings };
    via = `webhook ${sel.hook} selects the pod; `;
  }
  // The pod as the webhook receives it: its namespace is the request's.
  const metadata = { ...(isObject(input.podMetadata) ? input.podMetadata : {}), namespace: input.podNamespace };
  const d = injectRequired({
    podSpec: input.podSpec,
    metadata,
    policy: input.policy,
    ...(input.neverInjectSelector !== undefined ? { neverInjectSelector: input.neverInjectSelector } : {}),
    ...(input.alwaysInjectSelector !== undefined ? { alwaysInjectSelector: input.alwaysInjectSelector } : {}),
    ignoredNamespaces: ignored,
  });
  return { ...d, detail: via + d.detail, warnings: [...warnings, ...d.warnings] };
}
