/**
 * @module
 * Uninject (istio-injection.md §17): every workload whose pod carries `sidecar.istio.io/status` is put back as it was
 * before injection, guided by that annotation — the init containers, containers, volumes and image pull secrets it
 * lists are removed (with mounts of the removed volumes), user containers a template had modified come back from
 * `proxy.istio.io/overrides`, rewritten probes and lifecycle handlers from `ISTIO_KUBE_APP_PROBERS`, the Prometheus
 * annotations from `ISTIO_PROMETHEUS_ANNOTATIONS`, and the labels and annotations the templates wrote are removed when
 * their value is what the templates derive without them (a differing value was the user's and stays).
 *
 * "What the templates derive" is found by injecting the restored pod again with the run's configuration: exact for
 * whatever template did the injection, as long as the configuration is the same. For the default template's keys the
 * derivation is also spelled out (`derivedByDefaultTemplate`), so uninject without the injection's configuration still
 * removes them. Istio records no prior values: a user value identical to the derived one cannot be told apart and is
 * removed. `sidecar.istio.io/inject` is never added (Istio's removed `kube-uninject` added `"false"`) and never removed.
 *
 * Edits go through `writeBackPod`, so the user's comments, key order and styles survive: uninject of our own
 * injection gives back the input's bytes, except where injection replaced a user's node (a user `istio-proxy` moved to
 * `initContainers`, a removed scrape-targets annotation, a tcpSocket/grpc probe action that was not the probe's last
 * key); test/inject/uninject.test.ts lists them. Known losses: a probe port given as a number that a named container
 * port also has comes back as the name; a user value equal to the derived one is removed.
 */
import { deleteIn, getNodeIn, isKptfile, isLocalConfig, itemMap, describeItem } from '../krm/object.ts';
import type { Item, ItemLike } from '../krm/object.ts';
import type { ProcessContext, Processor } from '../krm/processor.ts';
import { result } from '../krm/result.ts';
import type { Result, Severity } from '../krm/result.ts';
import { isMap, isSeq, toJS } from '../yaml/codec.ts';
import type { YAMLMap } from '../yaml/codec.ts';
import { injectProcessor } from './inject.ts';
import type { InjectorContext } from './inject.ts';
import {
  AUTO_IMAGE,
  PROXY_CONTAINER,
  OVERRIDES_ANNOTATION,
  annotationOf,
  cloneJSON,
  findContainer,
  isObject,
  nameOf,
  parseOverrides,
  setOwn,
  specOf,
} from './overrides.ts';
import type { ContainerList, JSONObject, ParsedContainers, PodProblem } from './overrides.ts';
import { injectPod } from './pipeline.ts';
import { restoreAppProbes } from './probes.ts';
import { restorePrometheusAnnotations } from './prometheus.ts';
import { STATUS_ANNOTATION, parseInjectionStatus } from './status.ts';
import type { SidecarInjectionStatus } from './status.ts';
import { PodTypeError, roundTripPod } from './typed-pod.ts';
import { findWorkloadKind, isList, listItems, locatePodTemplate, workloadIdentity, webhookIdentity } from './workloads.ts';
import type { PodTemplateLocation, WorkloadIdentity } from './workloads.ts';
import { jsonEqual, writeBackPod } from './writeback.ts';

// --- what the templates write into metadata ----------------------------------------------------------------------------

/** Labels the templates (and applyMetadata) write. */
export const TEMPLATE_LABELS: readonly string[] = [
  'security.istio.io/tlsMode',
  'service.istio.io/canonical-name',
  'service.istio.io/canonical-revision',
  'topology.istio.io/network',
  'networking.istio.io/tunnel',
];

/** Annotations the templates write (CNI mode copies the traffic settings); `traffic.sidecar.istio.io/*` by prefix. */
export const TEMPLATE_ANNOTATIONS: readonly string[] = [
  'istio.io/rev',
  'kubectl.kubernetes.io/default-container',
  'kubectl.kubernetes.io/default-logs-container',
  'sidecar.istio.io/interceptionMode',
  'istio.io/reroute-virtual-interfaces',
  'prometheus.istio.io/secure-port',
];
const TRAFFIC_PREFIX = 'traffic.sidecar.istio.io/';
export const MULTUS_ANNOTATION = 'k8s.v1.cni.cncf.io/networks';
const ISTIO_CNI_NETWORK = { name: 'istio-cni', namespace: 'default' };

type MetaMap = 'labels' | 'annotations';

function metaMapOf(pod: JSONObject, map: MetaMap): JSONObject | undefined {
  const meta = pod['metadata'];
  const m = isObject(meta) ? meta[map] : undefined;
  return isObject(m) ? m : undefined;
}

function metaValue(pod: JSONObject | undefined, map: MetaMap, key: string): unknown {
  const m = pod ? metaMapOf(pod, map) : undefined;
  return m && Object.hasOwn(m, key) ? m[key] : undefined;
}

/** Go's trimAll with a cutset. */
function trimAll(s: string, cutset: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && cutset.includes(s[start]!)) start++;
  while (end > start && cutset.includes(s[end - 1]!)) end--;
  return s.slice(start, end);
}

/**
 * What the default templates write for a label or annotation that the pod does not have (undefined: nothing known).
 * The same derivation as `src/inject/defaults/sidecar-template.ts` (and Istio's templates): canonical name from
 * `app.kubernetes.io/name`, else `app`, else the workload's name; canonical revision from `app.kubernetes.io/version`,
 * else `version`, else `latest`; the first app container as the default container.
 */
export function derivedByDefaultTemplate(
  map: MetaMap,
  key: string,
  pod: JSONObject,
  context: { readonly workloadName: string; readonly revision: string },
): readonly string[] {
  const label = (k: string): string => {
    const v = metaValue(pod, 'labels', k);
    return typeof v === 'string' ? v : '';
  };
  if (map === 'labels') {
    switch (key) {
      case 'security.istio.io/tlsMode':
        return ['istio'];
      case 'networking.istio.io/tunnel':
        return ['http'];
      case 'service.istio.io/canonical-name': {
        const name = label('app.kubernetes.io/name') || label('app') || context.workloadName;
        return [name, trimAll(name.slice(0, 63), '-_.')];
      }
      case 'service.istio.io/canonical-revision':
        return [label('app.kubernetes.io/version') || label('version') || 'latest'];
      default:
        return [];
    }
  }
  switch (key) {
    case 'istio.io/rev':
      return [context.revision === '' ? 'default' : context.revision];
    case 'kubectl.kubernetes.io/default-container':
    case 'kubectl.kubernetes.io/default-logs-container': {
      const first = (Array.isArray(specOf(pod)['containers']) ? (specOf(pod)['containers'] as unknown[]) : [])
        .find((c) => isObject(c) && nameOf(c) !== PROXY_CONTAINER);
      return isObject(first) ? [nameOf(first)] : [];
    }
    default:
      return [];
  }
}

/** The template-writable keys present in the injected pod's metadata. */
function templateKeys(pod: JSONObject, extraAnnotations: readonly string[]): [MetaMap, string][] {
  const out: [MetaMap, string][] = [];
  const labels = metaMapOf(pod, 'labels') ?? {};
  for (const key of TEMPLATE_LABELS) if (Object.hasOwn(labels, key)) out.push(['labels', key]);
  const annotations = metaMapOf(pod, 'annotations') ?? {};
  for (const key of Object.keys(annotations)) {
    if (TEMPLATE_ANNOTATIONS.includes(key) || key.startsWith(TRAFFIC_PREFIX) || extraAnnotations.includes(key)) out.push(['annotations', key]);
  }
  return out;
}

/**
 * The Multus networks value before `appendMultusNetwork(value, "default/istio-cni")` (funcmap.ts) added the Istio CNI
 * network: undefined when the annotation did not exist, null when the value does not end with that entry.
 */
export function multusBeforeInjection(value: string): string | undefined | null {
  if (value === `${ISTIO_CNI_NETWORK.namespace}/${ISTIO_CNI_NETWORK.name}`) return undefined;
  const plain = `, ${ISTIO_CNI_NETWORK.namespace}/${ISTIO_CNI_NETWORK.name}`;
  if (value.endsWith(plain)) return value.slice(0, -plain.length);
  const json = `, {"name": "${ISTIO_CNI_NETWORK.name}", "namespace": "${ISTIO_CNI_NETWORK.namespace}"}`;
  const close = value.lastIndexOf(']');
  if (close >= 0 && value.slice(0, close).endsWith(json)) return value.slice(0, close - json.length) + value.slice(close);
  return null;
}

// --- the pod ---------------------------------------------------------------------------------------------------------

export interface UninjectOptions {
  /** Mesh `defaultConfig.statusPort`: the Prometheus port injection writes when nothing records the user's. */
  readonly meshStatusPort: number;
  /** The workload's name (`.DeploymentMeta.Name`), for the canonical-name label. */
  readonly workloadName: string;
  /** Annotations the injector config adds (`injectedAnnotations`, webhook mode): removed like template annotations. */
  readonly injectedAnnotations?: readonly string[];
  /**
   * Injects a candidate original pod again with the run's configuration and returns the result (undefined when that
   * fails): what the templates derive for metadata the candidate lacks.
   */
  readonly reinject?: (pod: JSONObject, status: SidecarInjectionStatus) => Reinjected | undefined;
}

/** A reinjection: the injected pod and the templates' own output. */
export interface Reinjected {
  readonly pod: JSONObject;
  readonly templatePod: JSONObject;
}

export type UninjectOutcome =
  | { readonly ok: true; readonly pod: JSONObject; readonly injected: true }
  | { readonly ok: true; readonly pod: JSONObject; readonly injected: false; readonly why: string }
  | { readonly ok: false; readonly problem: PodProblem };

function removeNamed(spec: JSONObject, key: string, names: readonly string[] | null): void {
  const items = spec[key];
  if (!Array.isArray(items) || !names || names.length === 0) return;
  setOwn(spec, key, items.filter((item) => !(isObject(item) && names.includes(nameOf(item)))));
}

/** A recorded user container as it was written: Go's `resources: {}` dropped, `image: auto` back on the proxy. */
function recordedContainer(recorded: JSONObject): JSONObject {
  const c = cloneJSON(recorded);
  const resources = c['resources'];
  if (isObject(resources) && Object.keys(resources).length === 0) delete c['resources'];
  if (nameOf(c) === PROXY_CONTAINER && (c['image'] === undefined || c['image'] === '')) {
    // Injection turns a user proxy's `image: auto` into no image; a container without an image is not valid.
    const withImage: JSONObject = {};
    setOwn(withImage, 'name', c['name']);
    setOwn(withImage, 'image', AUTO_IMAGE);
    for (const [k, v] of Object.entries(c)) if (k !== 'name' && k !== 'image') setOwn(withImage, k, v);
    return withImage;
  }
  return c;
}

/**
 * Puts the containers back: each injected entry the status lists is replaced in place by the user's recorded version
 * (`proxy.istio.io/overrides`) or removed. A user `istio-proxy` that native sidecars moved to `initContainers` (recorded
 * there, without `restartPolicy`) returns to the end of `containers`. Recorded containers the pod no longer has are
 * appended. Returns the names restored from the record.
 */
function restoreContainers(spec: JSONObject, status: SidecarInjectionStatus, overrides: ParsedContainers): Set<string> {
  const restored = new Set<string>();
  const used = new Set<JSONObject>();
  const toContainers: JSONObject[] = [];
  for (const list of ['initContainers', 'containers'] as const satisfies readonly ContainerList[]) {
    const names = status[list] ?? [];
    const items = spec[list];
    if (!Array.isArray(items)) continue;
    const out: unknown[] = [];
    for (const item of items) {
      const name = isObject(item) ? nameOf(item) : '';
      if (!isObject(item) || !names.includes(name)) {
        out.push(item);
        continue;
      }
      const recorded = findContainer(name, overrides[list]);
      if (!recorded || used.has(recorded)) continue;
      used.add(recorded);
      restored.add(name);
      const container = recordedContainer(recorded);
      if (list === 'initContainers' && name === PROXY_CONTAINER && container['restartPolicy'] === undefined) toContainers.push(container);
      else out.push(container);
    }
    setOwn(spec, list, out);
  }
  if (toContainers.length > 0) setOwn(spec, 'containers', [...(Array.isArray(spec['containers']) ? spec['containers'] : []), ...toContainers]);
  for (const list of ['initContainers', 'containers'] as const) {
    for (const recorded of overrides[list]) {
      if (used.has(recorded)) continue;
      const current = Array.isArray(spec[list]) ? (spec[list] as unknown[]) : [];
      if (findContainer(nameOf(recorded), current)) continue;
      restored.add(nameOf(recorded));
      setOwn(spec, list, [...current, recordedContainer(recorded)]);
    }
  }
  return restored;
}

/** Removes mounts of removed volumes from the containers that were not restored from the record. */
function removeMounts(spec: JSONObject, volumes: readonly string[] | null, keep: ReadonlySet<string>): void {
  if (!volumes || volumes.length === 0) return;
  for (const list of ['initContainers', 'containers'] as const) {
    const items = spec[list];
    if (!Array.isArray(items)) continue;
    for (const c of items) {
      if (!isObject(c) || keep.has(nameOf(c)) || !Array.isArray(c['volumeMounts'])) continue;
      const mounts = (c['volumeMounts'] as unknown[]).filter((m) => !(isObject(m) && volumes.includes(nameOf(m))));
      if (mounts.length === (c['volumeMounts'] as unknown[]).length) continue;
      if (mounts.length === 0) delete c['volumeMounts'];
      else setOwn(c, 'volumeMounts', mounts);
    }
  }
}

function dropEmpty(obj: JSONObject, keys: readonly string[]): void {
  for (const key of keys) {
    const v = obj[key];
    if ((Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0)) delete obj[key];
  }
}

/** The pod lists uninject restores from the status annotation; other spec fields a template wrote are found by reinjection. */
const RESTORED_LISTS: ReadonlySet<string> = new Set(['initContainers', 'containers', 'volumes', 'imagePullSecrets']);

/** A field taken out of the candidate: where (`metadata.labels`, `spec.securityContext`, …), and the injected value. */
interface Removed {
  readonly parent: readonly string[];
  readonly key: string;
  readonly value: unknown;
}

function objectAt(pod: JSONObject, path: readonly string[]): JSONObject | undefined {
  let cur: unknown = pod;
  for (const step of path) {
    cur = isObject(cur) && Object.hasOwn(cur, step) ? cur[step] : undefined;
    if (!isObject(cur)) return undefined;
  }
  return cur as JSONObject;
}

function valueAt(pod: JSONObject | undefined, parent: readonly string[], key: string): unknown {
  const obj = pod ? objectAt(pod, parent) : undefined;
  return obj && Object.hasOwn(obj, key) ? obj[key] : undefined;
}

function putAt(pod: JSONObject, parent: readonly string[], key: string, value: unknown): void {
  let cur = pod;
  for (const step of parent) {
    const next = Object.hasOwn(cur, step) ? cur[step] : undefined;
    if (isObject(next)) {
      cur = next;
    } else {
      const created: JSONObject = {};
      setOwn(cur, step, created);
      cur = created;
    }
  }
  setOwn(cur, key, value);
}

function takeOut(pod: JSONObject, parent: readonly string[], key: string, removed: Removed[]): void {
  const obj = objectAt(pod, parent);
  if (!obj || !Object.hasOwn(obj, key)) return;
  removed.push({ parent, key, value: obj[key] });
  delete obj[key];
}

/**
 * What the templates wrote besides the known labels and annotations and the listed containers and volumes: every
 * other label, annotation and pod spec field of the templates' own output (`templatePod` of a reinjection) whose
 * injected value is exactly the templates' (their value wins the merge, so it tells nothing of a user value it
 * replaced). A spec field that is a map is taken apart one key deep, so the user's part of a merged `securityContext`
 * stays.
 */
function removeTemplateOutput(candidate: JSONObject, templatePod: JSONObject): void {
  for (const map of ['labels', 'annotations'] as const) {
    const current = metaMapOf(candidate, map);
    if (!current) continue;
    for (const [key, value] of Object.entries(metaMapOf(templatePod, map) ?? {})) {
      if (key === STATUS_ANNOTATION || key === MULTUS_ANNOTATION) continue;
      if (Object.hasOwn(current, key) && jsonEqual(current[key], value)) delete current[key];
    }
  }
  const spec = specOf(candidate);
  for (const [key, value] of Object.entries(specOf(templatePod))) {
    if (RESTORED_LISTS.has(key) || !Object.hasOwn(spec, key)) continue;
    const current = spec[key];
    if (isObject(value) && isObject(current)) {
      for (const [sub, subValue] of Object.entries(value)) if (Object.hasOwn(current, sub) && jsonEqual(current[sub], subValue)) delete current[sub];
      if (Object.keys(current).length === 0) delete spec[key];
    } else if (jsonEqual(current, value)) {
      delete spec[key];
    }
  }
}

/**
 * Removes what the templates wrote into metadata and pod spec fields. The known labels and annotations go when their
 * value is what the templates derive without them (a reinjection of the candidate, else the default template's
 * rules): a differing value was the user's and is put back; other template output goes by `removeTemplateOutput`.
 * Multus networks lose only the Istio CNI entry injection appended.
 */
function restoreTemplateFields(candidate: JSONObject, status: SidecarInjectionStatus, options: UninjectOptions): void {
  const removed: Removed[] = [];
  for (const [map, key] of templateKeys(candidate, options.injectedAnnotations ?? [])) takeOut(candidate, ['metadata', map], key, removed);
  let multus: string | undefined;
  const networks = metaValue(candidate, 'annotations', MULTUS_ANNOTATION);
  if (typeof networks === 'string') {
    const before = multusBeforeInjection(networks);
    if (before !== null) {
      multus = networks;
      const m = metaMapOf(candidate, 'annotations')!;
      if (before === undefined) delete m[MULTUS_ANNOTATION];
      else setOwn(m, MULTUS_ANNOTATION, before);
    }
  }
  const again = options.reinject?.(cloneJSON(candidate), status);
  const context = { workloadName: options.workloadName, revision: status.revision };
  for (const r of removed) {
    const derived = again !== undefined && jsonEqual(valueAt(again.pod, r.parent, r.key), r.value);
    const byDefault = typeof r.value === 'string' && derivedByDefaultTemplate(r.parent[1] as MetaMap, r.key, candidate, context).includes(r.value);
    if (!derived && !byDefault) putAt(candidate, r.parent, r.key, r.value);
  }
  if (multus !== undefined && again !== undefined && valueAt(again.pod, ['metadata', 'annotations'], MULTUS_ANNOTATION) !== multus) {
    putAt(candidate, ['metadata', 'annotations'], MULTUS_ANNOTATION, multus);
  }
  if (again !== undefined) removeTemplateOutput(candidate, again.templatePod);
}

/**
 * Uninject of one pod (`{metadata, spec}` JSON, after the typed round trip): the pod as it was before injection, or
 * the pod unchanged (`injected: false`) when it carries no usable status annotation. The input is not modified.
 */
export function uninjectPod(pod: JSONObject, options: UninjectOptions): UninjectOutcome {
  const statusText = annotationOf(pod, STATUS_ANNOTATION);
  if (statusText === undefined) return { ok: true, pod, injected: false, why: `it has no "${STATUS_ANNOTATION}" annotation` };
  const status = parseInjectionStatus(statusText);
  if (status === undefined) {
    return {
      ok: false,
      problem: { message: `Cannot read annotation "${STATUS_ANNOTATION}": not the JSON of a sidecar injection status`, field: `metadata.annotations[${JSON.stringify(STATUS_ANNOTATION)}]` },
    };
  }
  let overrides: ParsedContainers = { containers: [], initContainers: [] };
  const overridesText = annotationOf(pod, OVERRIDES_ANNOTATION);
  if (overridesText !== undefined) {
    const parsed = parseOverrides(overridesText);
    if (!parsed.ok) return parsed;
    overrides = parsed.overrides;
  }

  // Probes and Prometheus first: what they need is recorded on the proxy container.
  let out = restoreAppProbes(pod);
  out = restorePrometheusAnnotations(out, options.meshStatusPort);
  out = out === pod ? cloneJSON(pod) : cloneJSON(out);

  const spec = specOf(out);
  if (!isObject(out['spec'])) setOwn(out, 'spec', spec);
  const restored = restoreContainers(spec, status, overrides);
  removeNamed(spec, 'volumes', status.volumes);
  removeNamed(spec, 'imagePullSecrets', status.imagePullSecrets);
  removeMounts(spec, status.volumes, restored);
  dropEmpty(spec, ['initContainers', 'containers', 'volumes', 'imagePullSecrets']);

  const annotations = metaMapOf(out, 'annotations');
  if (annotations) {
    delete annotations[STATUS_ANNOTATION];
    delete annotations[OVERRIDES_ANNOTATION];
  }
  restoreTemplateFields(out, status, options);
  if (isObject(out['metadata'])) dropEmpty(out['metadata'], ['annotations', 'labels']);
  return { ok: true, pod: out, injected: true };
}

// --- walking items -----------------------------------------------------------------------------------------------------

/** One workload found in an item (Lists, nested too, are walked). */
export interface FoundWorkload {
  readonly node: YAMLMap;
  readonly obj: JSONObject;
  /** `items.3.` inside a List, else ''. */
  readonly prefix: string;
  readonly located: PodTemplateLocation;
  readonly metadataPath: readonly string[];
  readonly identity: WorkloadIdentity;
  /** The pod as the injector sees it (`{metadata, spec}`, before the typed round trip). */
  readonly pod: JSONObject;
}

function hasStatus(metadata: JSONObject | undefined): boolean {
  const annotations = metadata?.['annotations'];
  return isObject(annotations) && Object.hasOwn(annotations, STATUS_ANNOTATION);
}

/** Objects in an item that are not workloads with a pod template are skipped; so are Kptfiles and local config. */
export function workloadsOf(item: Item, config: InjectorContext, options: { readonly findStatus?: boolean } = {}): FoundWorkload[] {
  if (isKptfile(item) || isLocalConfig(item) || config.configItems.has(item)) return [];
  const root = itemMap(item);
  if (!root) return [];
  const out: FoundWorkload[] = [];
  const visit = (node: YAMLMap, obj: unknown, prefix: string): void => {
    if (isList(obj)) {
      const seq = getNodeIn(node, ['items']);
      if (!isSeq(seq)) return;
      listItems(obj).forEach((entry, i) => {
        const child = seq.items[i];
        if (isMap(child)) visit(child, entry, `${prefix}items.${i}.`);
      });
      return;
    }
    const kind = findWorkloadKind(obj, config.kinds);
    if (!kind) return;
    const located = locatePodTemplate(obj, kind);
    if (located.status !== 'ok') return;
    let webhook = config.runtime.mode === 'webhook';
    // `findStatus`: a CronJob injected in the other mode carries its status at the other metadata (uninject finds it).
    if (options.findStatus && !hasStatus(webhook ? located.podMetadata : located.metadata) && hasStatus(webhook ? located.metadata : located.podMetadata)) {
      webhook = !webhook;
    }
    const metadata = webhook ? located.podMetadata : located.metadata;
    out.push({
      node,
      obj: obj as JSONObject,
      prefix,
      located,
      metadataPath: webhook ? kind.podMetadataPath : kind.metadataPath,
      identity: webhook ? webhookIdentity(obj, kind) : workloadIdentity(obj, kind),
      pod: { metadata: metadata ?? {}, spec: located.podSpec ?? {} },
    });
  };
  visit(root, toJS(item), '');
  return out;
}

// --- the processor ---------------------------------------------------------------------------------------------------

function tagged(severity: Severity, message: string, item: ItemLike, reason: string, path?: string): Result {
  return result(severity, message, item, { tags: { reason }, ...(path !== undefined ? { field: { path } } : {}) });
}

/** Injects a candidate again with the run's configuration, under the revision the status recorded. */
function reinjector(found: FoundWorkload, context: ProcessContext<InjectorContext>): NonNullable<UninjectOptions['reinject']> {
  const config = context.config;
  const namespace = config.namespaces.get(found.identity.deploymentMeta.namespace);
  return (pod, status) => {
    const revision = status.revision === 'default' ? '' : status.revision;
    const runtime = revision === config.runtime.revision ? config.runtime : { ...config.runtime, revision };
    const outcome = injectPod(pod, { identity: found.identity, ...(namespace ? { namespace } : {}) }, runtime);
    return outcome.ok ? { pod: outcome.pod, templatePod: outcome.templatePod } : undefined;
  };
}

/** Uninjects every workload of one item in place (the uninject command's processItem; `--check` uses it too). */
export function uninjectItem(item: Item, context: ProcessContext<InjectorContext>): readonly Result[] {
  const explain = context.invocation.explain;
  const out: Result[] = [];
  for (const found of workloadsOf(item, context.config, { findStatus: true })) {
    const { node } = found;
    let base: JSONObject;
    try {
      base = roundTripPod(found.pod);
    } catch (e) {
      if (!(e instanceof PodTypeError)) throw e;
      out.push(tagged('error', `Cannot uninject ${describeItem(node)}: Cannot read the pod: ${e.message}`, node, 'error:invalid-pod'));
      continue;
    }
    const injected = context.config.runtime.injector.injectedAnnotations;
    const outcome = uninjectPod(base, {
      meshStatusPort: context.config.runtime.meshStatusPort,
      workloadName: found.identity.deploymentMeta.name,
      injectedAnnotations: context.config.runtime.mode === 'webhook' ? Object.keys(injected ?? {}) : [],
      reinject: reinjector(found, context),
    });
    if (!outcome.ok) {
      const path = outcome.problem.field.startsWith('metadata')
        ? found.prefix + found.metadataPath.join('.') + outcome.problem.field.slice('metadata'.length)
        : found.prefix + found.located.podSpecPath.join('.') + outcome.problem.field.slice('spec'.length);
      out.push(tagged('error', `Cannot uninject ${describeItem(node)}: ${outcome.problem.message}`, node, 'error:invalid-annotation', path));
      continue;
    }
    if (!outcome.injected) {
      if (explain) out.push(tagged('info', `Left ${describeItem(node)} unchanged: ${outcome.why}`, node, 'uninject:not-injected'));
      continue;
    }
    writeBackPod(node, { metadata: found.metadataPath, spec: found.located.podSpecPath }, base, outcome.pod);
    // Injection creates the metadata of a template that had none (a CronJob's jobTemplate): an empty one goes again.
    const metadata = getNodeIn(node, found.metadataPath);
    if (isMap(metadata) && metadata.items.length === 0) deleteIn(node, found.metadataPath);
    if (explain) out.push(tagged('info', `Uninjected ${describeItem(node)}`, node, 'uninjected'));
  }
  return out;
}

/** The uninject command: the inject command's configuration (configure, prepare), its own processing. */
export const uninjectProcessor: Processor<InjectorContext> = {
  name: 'inject-sidecar uninject',
  ...(injectProcessor.configure ? { configure: injectProcessor.configure } : {}),
  ...(injectProcessor.prepare ? { prepare: injectProcessor.prepare } : {}),
  processItem: uninjectItem,
};
