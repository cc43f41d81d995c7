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
import { embeddedDefaults } from './defaults.ts';
import { istioFuncs } from './funcmap.ts';
import { loadInjectorConfig } from './injector-config.ts';
import { createRuntime, injectPod } from './pipeline.ts';
import type { InjectorRuntime, PodFailure } from './pipeline.ts';
import { decideManual, decideWebhook } from './policy.ts';
import type { Decision } from './policy.ts';
import { nativeSidecarsEnabled } from './postprocess.ts';
import type { JSONObject } from './typed-pod.ts';
import {
  buildKindTable,
  detectPodTemplate,
  findWorkloadKind,
  isList,
  listItems,
  locatePodTemplate,
  metadataProblems,
  suggestExtraKind,
  webhookIdentity,
  workloadIdentity,
} from './workloads.ts';
import type { ExtraKindSpec, WorkloadIdentity, WorkloadKind } from './workloads.ts';
import { writeBackPod } from './writeback.ts';

/** The configuration of one run, built once by `configure`. */
export interface InjectorContext {
  readonly options: FunctionOptions;
  readonly runtime: InjectorRuntime;
  readonly kinds: readonly WorkloadKind[];
  /** The mesh's own ConfigMaps named by injectorConfigMap/meshConfigMap: configuration, never touched. */
  readonly configItems: ReadonlySet<Item>;
  /** Namespace items by name (filled by `prepare`): OpenShift UID ranges, webhook-mode namespace labels. */
  readonly namespaces: Map<string, JSONObject>;
}

/** A result with its reason code (ARCHITECTURE.md §7) in `tags.reason`. */
function tagged(severity: Severity, message: string, item: ItemLike | undefined, reason: string, field?: { path: string; currentValue?: unknown }): Result {
  return result(severity, message, item, { tags: { reason }, ...(field ? { field } : {}) });
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

  let { config, values, mesh } = options;
  if (config === undefined) {
    const defaults = embeddedDefaults();
    config = defaults.config;
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
  return { ok: true, config: { options, runtime, kinds: table.kinds, configItems, namespaces: new Map() } };
}

/** Parsed injector configs by text and env (templates are immutable): repeated runs in one process parse once. */
const injectorCache = new Map<string, ReturnType<typeof loadInjectorConfig>>();
const INJECTOR_CACHE_SIZE = 8;

function injectorConfigFor(text: string, env: Readonly<Record<string, string>>): ReturnType<typeof loadInjectorConfig> {
  const key = JSON.stringify([text, Object.entries(env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
  const cached = injectorCache.get(key);
  if (cached) return cached;
  const loaded = loadInjectorConfig(text, { funcs: [sprigFuncs, istioFuncs({ env })] });
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
    return explain ? [tagged('info', `Skipped ${describeItem(item)}: a Kptfile or local-config object is never injected`, item, 'skipped:local-config')] : [];
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
  if (!kind) return unsupported(node, obj, explain);

  const located = locatePodTemplate(obj, kind);
  if (located.status === 'error') {
    return [tagged('error', `Cannot inject sidecar into ${describeItem(node)}: ${located.message}`, node, 'error:invalid-pod', { path: prefix + located.field })];
  }
  if (located.status === 'no-template') {
    return explain ? [tagged('info', `Skipped ${describeItem(node)}: ${located.message}`, node, 'skipped:unsupported-kind')] : [];
  }

  const webhook = config.runtime.mode === 'webhook';
  const metadataPath = webhook ? kind.podMetadataPath : kind.metadataPath;
  const metadata = webhook ? located.podMetadata : located.metadata;
  const problems = metadataProblems(metadata, metadataPath.join('.'));
  if (problems.length > 0) {
    return problems.map((p) => tagged('error', `Cannot inject sidecar into ${describeItem(node)}: ${p.field}: ${p.message}`, node, 'error:invalid-pod', { path: prefix + p.field }));
  }

  const identity = webhook ? webhookIdentity(obj, kind) : workloadIdentity(obj, kind);
  const decision = decide(located.podSpec, metadata, identity, config);
  const out: Result[] = decision.warnings.map((w) => tagged('warning', `${describeItem(node)}: ${w.message}`, node, w.reason));
  if (!decision.inject) {
    const severity: Severity = decision.reason === 'skipped:hostNetwork' || decision.reason === 'skipped:ignored-namespace' ? 'warning' : 'info';
    if (severity === 'warning' || explain) out.push(tagged(severity, skipMessage(node, decision), node, decision.reason));
    return out;
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
    return out;
  }
  for (const note of outcome.notes) out.push(tagged('warning', `${describeItem(node)}: ${note}`, node, 'warning:openshift-ids'));
  writeBackPod(node, { metadata: metadataPath, spec: kind.podSpecPath }, outcome.base, outcome.pod);
  if (explain) out.push(tagged('info', `Injected sidecar into ${describeItem(node)}: ${decision.detail}`, node, decision.reason));
  return out;
}

/** Manual mode decides like `istioctl kube-inject`; webhook mode as the cluster's webhook would (ARCHITECTURE.md §8.3). */
function decide(podSpec: unknown, metadata: unknown, identity: WorkloadIdentity, config: InjectorContext): Decision {
  const runtime = config.runtime;
  if (runtime.mode === 'manual') return decideManual({ podSpec, metadata, identity });
  const podNamespace = identity.deploymentMeta.namespace || 'default';
  const ns = config.namespaces.get(podNamespace);
  const nsMeta = ns && typeof ns['metadata'] === 'object' && ns['metadata'] !== null ? (ns['metadata'] as JSONObject) : undefined;
  const injector = runtime.injector;
  const webhookValues = runtime.values?.['sidecarInjectorWebhook'] as Record<string, unknown> | undefined;
  return decideWebhook({
    podSpec,
    podMetadata: metadata,
    podNamespace,
    namespace: ns ? { name: podNamespace, labels: nsMeta?.['labels'] } : undefined,
    policy: injector.policy,
    neverInjectSelector: injector.neverInjectSelector,
    alwaysInjectSelector: injector.alwaysInjectSelector,
    webhook: { revision: runtime.revision, enableNamespacesByDefault: webhookValues?.['enableNamespacesByDefault'] === true },
  });
}

function skipMessage(node: YAMLMap, decision: Decision): string {
  if (decision.istioMessage !== undefined && decision.reason === 'skipped:hostNetwork') return decision.detail;
  return `Skipped ${describeItem(node)}: ${decision.detail}`;
}

/** A kind the table does not know: a warning when it carries a pod template (it may need `podTemplatePaths`). */
function unsupported(node: YAMLMap, obj: JSONObject, explain: boolean): Result[] {
  const kind = typeof obj['kind'] === 'string' ? obj['kind'] : '';
  if (kind === '') return [];
  const templatePath = detectPodTemplate(obj);
  if (templatePath !== undefined) {
    const apiVersion = typeof obj['apiVersion'] === 'string' && obj['apiVersion'] !== '' ? { apiVersion: obj['apiVersion'] } : {};
    const hint = templatePath.length > 0 ? suggestExtraKind(obj, templatePath) : { ...apiVersion, kind, metadata: 'metadata', spec: 'spec' };
    const where = templatePath.length > 0 ? `a pod template at ${templatePath.join('.')}` : 'a pod spec (spec.containers)';
    const config = hint ? ` (to inject it, add ${JSON.stringify(hint)} to podTemplatePaths)` : '';
    return [tagged('warning', `${describeItem(node)} has ${where} but its kind is not a known workload; it was not injected${config}`, node, 'skipped:unsupported-kind')];
  }
  return explain ? [tagged('info', `Skipped ${describeItem(node)}: kind ${kind} carries no pod template`, node, 'skipped:unsupported-kind')] : [];
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

/** The inject command. */
export const injectProcessor: Processor<InjectorContext> = {
  name: 'inject-sidecar',
  configure,
  prepare,
  processItem,
};
