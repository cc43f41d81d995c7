/**
 * @module
 * The inject processor (ARCHITECTURE.md §3 steps 3–6): the functionConfig becomes an `InjectorContext` once (templates
 * parsed once, values and mesh decoded once), Namespace items are collected, then every item is looked at in order:
 * Kptfiles, local-config items and the mesh's own ConfigMaps are left alone; a workload (Lists, nested too) is decided
 * (manual: like `istioctl kube-inject`; webhook: like the cluster), injected by the pipeline and written back with
 * minimal edits. Results carry a reason code in `tags.reason` (§7); info results only with `--explain`. An item whose
 * injection failed is left unchanged.
 */
import { loadFunctionOptions } from '../krm/config.ts';
import type { ConfigMapRef, FunctionOptions } from '../krm/config.ts';
import { apiVersionOf, describeItem, getNodeIn, isKptfile, isLocalConfig, itemMap, kindOf, nameOf, namespaceOf } from '../krm/object.ts';
import type { Item, ItemLike } from '../krm/object.ts';
import type { Configured, ConfigureInput, ProcessContext, Processor } from '../krm/processor.ts';
import { errorResult, result } from '../krm/result.ts';
import type { Result, Severity } from '../krm/result.ts';
import { applyMeshConfig, MeshConfigError } from '../mesh/mesh-config.ts';
import type { MeshConfigRep } from '../mesh/mesh-config.ts';
import { ConfigTextError, parseValues } from '../mesh/values.ts';
import { sprigFuncs } from '../template/funcs/sprig.ts';
import { isMap, isSeq, toJS } from '../yaml/codec.ts';
import type { YAMLMap } from '../yaml/codec.ts';
import { embeddedDefaults, embeddedInjectorConfigData } from './defaults.ts';
import { istioFuncs } from './funcmap.ts';
import { injectorConfigFromData, loadInjectorConfig } from './injector-config.ts';
import { createRuntime, injectPod } from './pipeline.ts';
import type { InjectorRuntime, PodFailure } from './pipeline.ts';
import { decideManual, decideUnnamedContainers, decideWebhook, webhooksFromConfigurations } from './policy.ts';
import type { Decision, InjectionWebhook } from './policy.ts';
import { nativeSidecarsEnabled } from './postprocess.ts';
import type { JSONObject } from './typed-pod.ts';
import {
  buildKindTable,
  detectPodSpec,
  detectPodTemplate,
  findWorkloadKind,
  isList,
  listItems,
  locatePodTemplate,
  metadataProblems,
  suggestExtraKind,
  unnamedContainers,
  webhookIdentity,
  workloadIdentity,
} from './workloads.ts';
import type { ExtraKindSpec, WorkloadIdentity, WorkloadKind } from './workloads.ts';
import { writeBackPod } from './writeback.ts';
import { formatContainers, podContainers, trafficPreview } from './explain.ts';
import { workloadPatch } from './patches.ts';
import { selectTemplates } from './render.ts';
import { stringMapOf } from './overrides.ts';
import { resourceId, run } from '../krm/processor.ts';
import type { Invocation, ListOutcome } from '../krm/processor.ts';
import { formatResult } from '../krm/result.ts';
import { newDocument } from '../yaml/codec.ts';

/** The configuration of one run, built once by `configure`. */
export interface InjectorContext {
  readonly options: FunctionOptions;
  readonly runtime: InjectorRuntime;
  readonly kinds: readonly WorkloadKind[];
  /** The mesh's own ConfigMaps named by injectorConfigMap/meshConfigMap: configuration, never touched. */
  readonly configItems: ReadonlySet<Item>;
  /** Namespace items by name (filled by `prepare`): OpenShift UID ranges, webhook-mode namespace labels. */
  readonly namespaces: Map<string, JSONObject>;
  /** Webhook mode: the webhooks of this revision's MutatingWebhookConfigurations among the items, if any. */
  readonly webhooks: readonly InjectionWebhook[] | undefined;
  /** `--output patches`: the patch documents, one per injected workload in item order (filled by `processItem`). */
  readonly patches: Item[];
}

/** A result with its reason code (ARCHITECTURE.md §7) in `tags.reason`. */
function tagged(severity: Severity, message: string, item: ItemLike | undefined, reason: string, field?: { path: string; currentValue?: unknown }): Result {
  return result(severity, message, item, { tags: { reason }, ...(field ? { field } : {}) });
}

/**
 * With `--explain`, a workload's decision results also carry the explain table's columns in their tags: `decision`
 * (`injected`, `skipped`, `error`), `rule` (what decided it) and, when injected, `templates` and `containers`.
 */
function withRow(results: Result[], explain: boolean, row: Readonly<Record<string, string>>): Result[] {
  if (!explain) return results;
  return results.map((r) => {
    const reason = r.tags?.['reason'] ?? '';
    const isDecision = reason.startsWith('skipped:') || reason.startsWith('error:') || reason === 'injected' || reason === 'reinjected';
    return isDecision ? { ...r, tags: { ...r.tags, ...row } } : r;
  });
}

// --- configure -------------------------------------------------------------------------------------------------------

function configure(input: ConfigureInput): Configured<InjectorContext> {
  const loaded = loadFunctionOptions(input.functionConfig, input.items, input.invocation.overrides);
  if (!loaded.ok) return { ok: false, results: loaded.results };
  const options = loaded.options;
  const fc = input.functionConfig;
  const prefix = options.source === 'SidecarInjection' ? 'spec' : 'data';
  const problems: Result[] = [];
  const fail = (key: string, message: string): void => {
    problems.push(errorResult(message, fc, { field: { path: `${prefix}.${key}` } }));
  };

  let { values, mesh } = options;
  const config = options.config;
  if (config === undefined) {
    const defaults = embeddedDefaults();
    values ??= defaults.values;
    mesh ??= defaults.mesh;
  }
  values ??= '{}';
  mesh ??= '';

  const injector = injectorConfigFor(config, options.env);
  for (const p of injector.problems) {
    fail('config', `Invalid injector config: ${p.field}${p.line !== undefined ? ` (line ${p.line})` : ''}: ${p.message}`);
  }

  let parsedValues: Record<string, unknown> | null = null;
  try {
    parsedValues = parseValues(values);
    if (parsedValues === null) fail('values', 'Invalid injector values: expected a map (Istio: failed to parse values.yaml)');
  } catch (e) {
    if (!(e instanceof ConfigTextError)) throw e;
    fail('values', `Invalid injector values: ${e.message}`);
  }

  let meshConfig: MeshConfigRep | undefined;
  try {
    meshConfig = applyMeshConfig(mesh);
  } catch (e) {
    if (!(e instanceof MeshConfigError)) throw e;
    fail('mesh', `Invalid mesh config${e.field !== undefined ? ` (${e.field})` : ''}: ${e.message}`);
  }

  const table = buildKindTable(options.podTemplatePaths as readonly ExtraKindSpec[]);
  for (const p of table.problems) fail('podTemplatePaths', `Invalid pod template path: ${p}`);

  if (problems.length > 0 || meshConfig === undefined) return { ok: false, results: problems };

  const runtime = createRuntime({
    injector: injector.config,
    values: parsedValues,
    mesh: meshConfig,
    mode: options.mode,
    revision: options.revision,
    globalNative: nativeSidecarsEnabled(options.nativeSidecars, options.kubernetesVersion),
    platform: options.platform,
    compliancePolicy: options.compliancePolicy,
    clusterID: options.clusterID,
    network: options.network,
  });
  const configItems = new Set<Item>();
  for (const ref of [options.injectorConfigMap, options.meshConfigMap]) {
    if (ref) for (const item of input.items) if (isConfigMap(item, ref)) configItems.add(item);
  }
  return { ok: true, config: { options, runtime, kinds: table.kinds, configItems, namespaces: new Map(), patches: [], webhooks: webhooksAmong(input.items, options) } };
}

/** Webhook mode: the webhooks of the revision's MutatingWebhookConfigurations among the items (none in manual mode). */
function webhooksAmong(items: readonly Item[], options: FunctionOptions): readonly InjectionWebhook[] | undefined {
  if (options.mode !== 'webhook') return undefined;
  const configurations = items.filter((item) => kindOf(item) === 'MutatingWebhookConfiguration').map((item) => toJS(item));
  return webhooksFromConfigurations(configurations, options.revision);
}

/**
 * Parsed injector configs by text (null: the embedded default) and env (templates are immutable): repeated runs in one
 * process parse once.
 */
const injectorCache = new Map<string, ReturnType<typeof loadInjectorConfig>>();
const INJECTOR_CACHE_SIZE = 8;

/** The injector config of `text`, or the embedded default (read from its data, no YAML) when undefined. */
function injectorConfigFor(text: string | undefined, env: Readonly<Record<string, string>>): ReturnType<typeof loadInjectorConfig> {
  const key = JSON.stringify([text ?? null, Object.entries(env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
  const cached = injectorCache.get(key);
  if (cached) return cached;
  const funcs = [sprigFuncs, istioFuncs({ env })];
  const loaded = text === undefined ? injectorConfigFromData(embeddedInjectorConfigData(), { funcs }) : loadInjectorConfig(text, { funcs });
  if (injectorCache.size >= INJECTOR_CACHE_SIZE) injectorCache.delete(injectorCache.keys().next().value!);
  injectorCache.set(key, loaded);
  return loaded;
}

function isConfigMap(item: Item, ref: ConfigMapRef): boolean {
  return kindOf(item) === 'ConfigMap' && apiVersionOf(item) === 'v1' && nameOf(item) === ref.name &&
    (ref.namespace === undefined || namespaceOf(item) === ref.namespace);
}

// --- prepare ---------------------------------------------------------------------------------------------------------

function prepare(context: ProcessContext<InjectorContext>): readonly Result[] {
  for (const item of context.items) {
    if (kindOf(item) !== 'Namespace') continue;
    const name = nameOf(item);
    const root = itemMap(item);
    if (name !== undefined && root) context.config.namespaces.set(name, toJS(root) as JSONObject);
  }
  return [];
}

// --- processItem -----------------------------------------------------------------------------------------------------

function processItem(item: Item, context: ProcessContext<InjectorContext>): readonly Result[] {
  const explain = context.invocation.explain;
  if (isKptfile(item) || isLocalConfig(item)) {
    return explain ? withRow([tagged('info', `Skipped ${describeItem(item)}: a Kptfile or local-config object is never injected`, item, 'skipped:local-config')], explain, { decision: 'skipped', rule: 'local-config' }) : [];
  }
  if (context.config.configItems.has(item)) return [];
  const root = itemMap(item);
  if (!root) return [];
  // Converted from the Document so that aliases resolve.
  const obj = toJS(item);
  if (isList(obj)) return processList(root, obj, context, '');
  return processObject(root, obj as JSONObject, context, '');
}

/** Every entry of a List (Lists nested in Lists too), each written back in place. */
function processList(listNode: YAMLMap, list: unknown, context: ProcessContext<InjectorContext>, prefix: string): Result[] {
  const seq = getNodeIn(listNode, ['items']);
  if (!isSeq(seq)) return [];
  const out: Result[] = [];
  listItems(list).forEach((entry, i) => {
    const node = seq.items[i];
    if (!isMap(node)) return;
    const at = `${prefix}items.${i}.`;
    if (isList(entry)) out.push(...processList(node, entry, context, at));
    else out.push(...processObject(node, entry as JSONObject, context, at));
  });
  return out;
}

function processObject(node: YAMLMap, obj: JSONObject, context: ProcessContext<InjectorContext>, prefix: string): Result[] {
  const { config, invocation } = context;
  const explain = invocation.explain;
  const kind = findWorkloadKind(obj, config.kinds);
  if (!kind) return withRow(unsupported(node, obj, explain), explain, { decision: 'skipped', rule: 'kind' });

  const located = locatePodTemplate(obj, kind);
  if (located.status === 'error') {
    return withRow([tagged('error', `Cannot inject sidecar into ${describeItem(node)}: ${located.message}`, node, 'error:invalid-pod', { path: prefix + located.field })], explain, { decision: 'error', rule: 'pod' });
  }
  if (located.status === 'no-template') {
    return explain ? withRow([tagged('info', `Skipped ${describeItem(node)}: ${located.message}`, node, 'skipped:unsupported-kind')], explain, { decision: 'skipped', rule: 'kind' }) : [];
  }

  const webhook = config.runtime.mode === 'webhook';
  const metadataPath = webhook ? kind.podMetadataPath : kind.metadataPath;
  const metadata = webhook ? located.podMetadata : located.metadata;
  const problems = metadataProblems(metadata, metadataPath.join('.'));
  if (problems.length > 0) {
    const invalid = problems.map((p) => tagged('error', `Cannot inject sidecar into ${describeItem(node)}: ${p.field}: ${p.message}`, node, 'error:invalid-pod', { path: prefix + p.field }));
    return withRow(invalid, explain, { decision: 'error', rule: 'pod' });
  }

  const identity = webhook ? webhookIdentity(obj, kind) : workloadIdentity(obj, kind);
  const decision = decide(located.podSpec, metadata, identity, config);
  const out: Result[] = decision.warnings.map((w) => tagged('warning', `${describeItem(node)}: ${w.message}`, node, w.reason));
  if (!decision.inject) {
    const severity: Severity = decision.reason === 'skipped:hostNetwork' || decision.reason === 'skipped:ignored-namespace' ? 'warning' : 'info';
    if (severity === 'warning' || explain) out.push(tagged(severity, skipMessage(node, decision), node, decision.reason));
    return withRow(out, explain, { decision: 'skipped', rule: decision.rule });
  }

  const pod: JSONObject = { metadata: metadata ?? {}, spec: located.podSpec ?? {} };
  const namespaceName = identity.deploymentMeta.namespace;
  const namespace = config.namespaces.get(namespaceName);
  if (config.runtime.platform === 'openshift' && !namespace) {
    const which = namespaceName === '' ? 'the workload has no namespace' : `Namespace "${namespaceName}" is not among the items`;
    out.push(tagged('warning', `${describeItem(node)}: platform openshift: ${which}, so the proxy runs as UID/GID 1337 instead of the namespace's range`, node, 'warning:namespace-unknown'));
  }
  const outcome = injectPod(pod, { identity, ...(namespace ? { namespace } : {}) }, config.runtime);
  if (!outcome.ok) {
    for (const failure of outcome.failures) out.push(failureResult(node, failure, prefix, metadataPath, kind.podSpecPath));
    return withRow(out, explain, { decision: 'error', rule: decision.rule });
  }
  for (const note of outcome.notes) out.push(tagged('warning', `${describeItem(node)}: ${note}`, node, 'warning:openshift-ids'));
  const paths = { metadata: metadataPath, spec: kind.podSpecPath };
  writeBackPod(node, paths, outcome.base, outcome.pod);
  if (invocation.output === 'patches') {
    const patch = workloadPatch({ apiVersion: stringField(obj, 'apiVersion'), kind: stringField(obj, 'kind') ?? kind.kind, name: nameOf(node), namespace: namespaceOf(node) }, paths, outcome.base, outcome.pod);
    if (patch) config.patches.push(newDocument(patch));
  }
  if (explain) out.push(...explainInjection(node, decision, outcome.pod, config));
  return out;
}

function stringField(obj: JSONObject, key: string): string | undefined {
  return typeof obj[key] === 'string' ? obj[key] : undefined;
}

/**
 * The `--explain` results of an injected workload: the decision with the templates used and the containers that
 * result, then the traffic its istio-iptables (or istio-cni) run captures, with the rules as `iptables -S` prints them.
 */
function explainInjection(node: YAMLMap, decision: Decision, pod: JSONObject, config: InjectorContext): Result[] {
  const selection = selectTemplates(config.runtime.injector, stringMapOf(pod, 'annotations'), config.runtime.mode);
  const templates = selection.ok ? selection.names.join(',') : '';
  const containers = formatContainers(podContainers(pod));
  const preview = trafficPreview(pod);
  const traffic = preview.status === 'rules' ? preview.summary : preview.status === 'none' ? 'nothing captured' : preview.problem;
  const what = describeItem(node);
  const row = { decision: 'injected', rule: decision.rule, templates, containers };
  const out: Result[] = [
    result('info', `Injected sidecar into ${what}: ${decision.detail}; templates: ${templates}; ${containers}; traffic: ${traffic}`, node, { tags: { reason: decision.reason, ...row } }),
  ];
  if (preview.status === 'error') {
    const tags = { reason: 'traffic:preview', origin: preview.origin, problem: preview.problem };
    out.push(result('info', `Traffic capture of ${what} (${preview.origin}): ${preview.problem}`, node, { tags }));
  } else if (preview.status === 'rules') {
    // The first line says what is captured; the rest is what `iptables -t nat -S` (and `-t mangle -S`) would print.
    const body = `${preview.notes.map((n) => `# note: ${n}\n`).join('')}${preview.rules}`.trimEnd();
    const tags = { reason: 'traffic:preview', origin: preview.origin, summary: preview.summary };
    out.push(result('info', `Traffic capture of ${what} (${preview.origin}): ${preview.summary}\n${body}`, node, { tags }));
  }
  return out;
}

/**
 * Manual mode decides like `istioctl kube-inject`; webhook mode as the cluster's webhook would (ARCHITECTURE.md §8.3).
 * A custom kind whose containers lack names is skipped with a warning first (Istio's merge needs the names).
 */
function decide(podSpec: unknown, metadata: unknown, identity: WorkloadIdentity, config: InjectorContext): Decision {
  const runtime = config.runtime;
  // Built-in kinds match by kind alone, so a TypeMeta that finds no built-in row is a custom kind's.
  if (findWorkloadKind(identity.typeMeta, config.kinds)?.builtin !== true) {
    const unnamed = decideUnnamedContainers(unnamedContainers(podSpec));
    if (unnamed) return unnamed;
  }
  if (runtime.mode === 'manual') return decideManual({ podSpec, metadata, identity });
  const podNamespace = identity.deploymentMeta.namespace || 'default';
  // Namespace labels: a Namespace item wins (it is what gets applied), else the config's `namespaces` entry.
  const ns = config.namespaces.get(podNamespace);
  const nsMeta = ns && typeof ns['metadata'] === 'object' && ns['metadata'] !== null ? (ns['metadata'] as JSONObject) : undefined;
  const fromOptions = Object.hasOwn(config.options.namespaces, podNamespace) ? config.options.namespaces[podNamespace] : undefined;
  const namespace = ns ? { name: podNamespace, labels: nsMeta?.['labels'] } : fromOptions ? { name: podNamespace, labels: fromOptions.labels } : undefined;
  const injector = runtime.injector;
  const webhookValues = runtime.values?.['sidecarInjectorWebhook'] as Record<string, unknown> | undefined;
  const enableNamespacesByDefault = config.options.enableNamespacesByDefault ?? webhookValues?.['enableNamespacesByDefault'] === true;
  return decideWebhook({
    podSpec,
    podMetadata: metadata,
    podNamespace,
    namespace,
    policy: injector.policy,
    neverInjectSelector: injector.neverInjectSelector,
    alwaysInjectSelector: injector.alwaysInjectSelector,
    webhook: { revision: runtime.revision, tags: config.options.revisionTags, enableNamespacesByDefault, ...(config.webhooks ? { webhooks: config.webhooks } : {}) },
  });
}

function skipMessage(node: YAMLMap, decision: Decision): string {
  if (decision.istioMessage !== undefined && decision.reason === 'skipped:hostNetwork') return decision.detail;
  return `Skipped ${describeItem(node)}: ${decision.detail}`;
}

/**
 * A kind the table does not know: a warning when it carries a pod template or a bare pod spec (it may need
 * `podTemplatePaths`), naming the entry to add; silent (info with --explain) otherwise.
 */
function unsupported(node: YAMLMap, obj: JSONObject, explain: boolean): Result[] {
  const kind = typeof obj['kind'] === 'string' ? obj['kind'] : '';
  if (kind === '') return [];
  const apiVersion = typeof obj['apiVersion'] === 'string' && obj['apiVersion'] !== '' ? { apiVersion: obj['apiVersion'] } : {};
  const templatePath = detectPodTemplate(obj);
  const specPath = templatePath === undefined ? detectPodSpec(obj) : undefined;
  let where: string;
  let config: string;
  if (templatePath !== undefined) {
    const hint = templatePath.length > 0 ? suggestExtraKind(obj, templatePath) : { ...apiVersion, kind, metadata: 'metadata', spec: 'spec' };
    where = templatePath.length > 0 ? `a pod template at ${templatePath.join('.')}` : 'a pod spec (spec.containers)';
    config = hint ? ` (to inject it, add ${JSON.stringify(hint)} to podTemplatePaths)` : '';
  } else if (specPath !== undefined) {
    const hint = { ...apiVersion, kind, spec: specPath.join('.') };
    where = `a pod spec at ${specPath.join('.')}`;
    config = ` (to inject it, add ${JSON.stringify(hint)} with the path of its pod metadata as "metadata" to podTemplatePaths)`;
  } else {
    return explain ? [tagged('info', `Skipped ${describeItem(node)}: kind ${kind} carries no pod template`, node, 'skipped:unsupported-kind')] : [];
  }
  return [tagged('warning', `${describeItem(node)} has ${where} but its kind is not a known workload; it was not injected${config}`, node, 'skipped:unsupported-kind')];
}

/** A failure of the pipeline as a result; its pod-relative field is placed in the object. */
function failureResult(node: YAMLMap, failure: PodFailure, prefix: string, metadataPath: readonly string[], specPath: readonly string[]): Result {
  let path: string | undefined;
  if (failure.field !== undefined) {
    const f = failure.field;
    if (f === 'metadata' || f.startsWith('metadata.') || f.startsWith('metadata[')) path = metadataPath.join('.') + f.slice('metadata'.length);
    else if (f === 'spec' || f.startsWith('spec.') || f.startsWith('spec[')) path = specPath.join('.') + f.slice('spec'.length);
    else path = f;
    path = prefix + path;
  }
  const field = path === undefined ? undefined : { path, ...(failure.value !== undefined ? { currentValue: failure.value } : {}) };
  return tagged('error', `Cannot inject sidecar into ${describeItem(node)}: ${failure.message}`, node, failure.reason, field);
}

/**
 * `--output patches`: the items are replaced by the patch documents, one per injected workload, in item order
 * (in KRM mode too: a ResourceList of patches, e.g. for `kpt fn source | … | kpt fn sink`). Orchestrator annotations
 * are not copied onto them: kustomize would apply them to the base.
 */
/** Only `--output patches` replaces the items. */
function patchesWanted(context: ProcessContext<InjectorContext>): boolean {
  return context.invocation.output === 'patches' && context.invocation.command === 'inject';
}

function replaceWithPatches(_items: readonly Item[], context: ProcessContext<InjectorContext>): ListOutcome | void {
  if (!patchesWanted(context)) return;
  const patches = context.config.patches.splice(0);
  if (patches.length > 0) return { items: patches };
  return { items: [], results: [result('info', 'No workload was injected, so there are no patches', undefined, { tags: { reason: 'patches:none' } })] };
}

/** The inject command. */
export const injectProcessor: Processor<InjectorContext> = {
  name: 'inject-sidecar',
  configure,
  prepare,
  processItem,
  processList: replaceWithPatches,
  listWanted: patchesWanted,
  // processItem looks only at its item (Namespaces and webhook configurations are gathered by prepare).
  itemsIndependent: () => true,
};

// --- the iptables command --------------------------------------------------------------------------------------------

/** What `inject-sidecar iptables [FILE|-]` gets (src/io/main.ts `TextCommandInput`). */
export interface IptablesCommandInput {
  readonly input: string;
  readonly functionConfig: Item | undefined;
  readonly invocation: Invocation;
}

/**
 * `inject-sidecar iptables [FILE|-]`: injects in memory (same config, same decisions) and prints, per workload, the
 * rules its istio-iptables (or istio-cni) run would install, like `iptables -t nat -S`; workloads that are not
 * injected get a comment saying why. Errors go to stderr with exit 1; the rest of the output is still printed.
 */
export function iptablesCommand(input: IptablesCommandInput): { output: string; exitCode: number; stderr: string } {
  const outcome = run(injectProcessor, input.input, {
    ...input.invocation,
    command: 'inject',
    output: 'resources',
    explain: true,
    source: input.invocation.mode === 'file' ? 'FILE' : 'stdin',
    ...(input.functionConfig ? { functionConfig: input.functionConfig } : {}),
  });
  if (outcome.output === '' && outcome.results.length === 0) return { output: '', exitCode: 1, stderr: outcome.stderr };
  const blocks: string[] = [];
  const problems: string[] = [];
  for (const r of outcome.results) {
    const reason = r.tags?.['reason'] ?? '';
    const what = resourceId(r);
    if (r.severity === 'error' || r.severity === 'warning') problems.push(`${formatResult(r)}\n`);
    const tags = r.tags ?? {};
    if (reason === 'traffic:preview') {
      // The message's first line is the summary; the rest is the `-S` listing (see explainInjection).
      const body = tags['problem'] !== undefined ? `# ${tags['problem']}` : r.message.slice(r.message.indexOf('\n') + 1);
      const summary = tags['summary'] !== undefined ? `# ${tags['summary']}\n` : '';
      blocks.push(`# ${what}\n# ${tags['origin'] ?? ''}\n${summary}${body}\n`);
    } else if (tags['decision'] === 'skipped' && tags['rule'] !== 'kind' && tags['rule'] !== 'local-config') {
      blocks.push(`# ${what}: not injected: ${r.message}\n`);
    } else if (tags['decision'] === 'injected' && !outcome.results.some((t) => t.tags?.['reason'] === 'traffic:preview' && sameRef(t, r))) {
      blocks.push(`# ${what}: nothing is captured (${tags['containers'] ?? ''})\n`);
    }
  }
  const failed = outcome.results.some((r) => r.severity === 'error') || outcome.exitCode !== 0;
  const output = blocks.length > 0 ? blocks.join('\n') : '# no workloads\n';
  return { output, exitCode: failed ? 1 : 0, stderr: problems.join('') };
}

function sameRef(a: Result, b: Result): boolean {
  return JSON.stringify(a.resourceRef) === JSON.stringify(b.resourceRef);
}
