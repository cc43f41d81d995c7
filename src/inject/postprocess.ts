/**
 * @module
 * What Istio does to the merged pod after the templates ran (postProcessPod, in its order: overwriteClusterInfo,
 * applyPrometheusMerge, applySecurePrometheusAnnotation, applyRewrite, applyMetadata, reorderPod), plus the native-sidecar
 * decisions: the global `nativeSidecars` setting, the per-pod annotation, and RunTemplate's move of a user `istio-proxy`
 * into `initContainers`. Functions return new pods and never modify their arguments.
 */
import { compareStrings, mapGet } from '../go/value.ts';
import {
  ENABLE_CORE_DUMP_CONTAINER,
  INIT_CONTAINER,
  PROXY_CONTAINER,
  VALIDATION_CONTAINER,
  containersOf,
  findContainer,
  findSidecar,
  isObject,
  setMetadataEntry,
  setOwn,
  specOf,
  stringMapOf,
  type JSONObject,
  type PodResult,
} from './overrides.ts';
import { applyPrometheusMerge, applySecurePrometheusAnnotation } from './prometheus.ts';
import { applyRewrite } from './probes.ts';
import { STATUS_ANNOTATION, injectionStatusAnnotation } from './status.ts';

export const NATIVE_SIDECAR_ANNOTATION = 'sidecar.istio.io/nativeSidecar';
export const NETWORK_LABEL = 'topology.istio.io/network';
export const NETWORK_ENV = 'ISTIO_META_NETWORK';
/** The first kubelet minor version with native sidecars (restartPolicy: Always init containers) enabled by Istio. */
export const NATIVE_SIDECAR_MIN_MINOR = 33;

// --- native sidecars ------------------------------------------------------------------------------------------------

/** The function's `nativeSidecars` option (Istio's ENABLE_NATIVE_SIDECARS). */
export type NativeSidecarsSetting = 'auto' | 'true' | 'false' | boolean;

/**
 * The minor version of a Kubernetes version as hashicorp/go-version reads it (`Segments()[1]`): `1.33`, `v1.33.0`,
 * `1.28.3-gke.1` → 33/33/28; `1` → 0. Undefined when go-version would not parse it.
 */
export function kubernetesMinor(version: string): number | undefined {
  const m = /^\s*v?([0-9]+(?:\.[0-9]+)*)(?:-[0-9A-Za-z.~-]+|[A-Za-z~][0-9A-Za-z.~-]*)?(?:\+[0-9A-Za-z.~-]+)?\s*$/.exec(version);
  if (!m) return undefined;
  const segments = (m[1] ?? '').split('.');
  return segments.length > 1 ? Number(segments[1]) : 0;
}

/**
 * The global decision: `true`/`false` as given; `auto` (the default) means native when the target cluster's kubelets are
 * all at least 1.33 — with no `kubernetesVersion`, native (Istio: no nodes → true); unparsable → not native. Any other
 * value disables native sidecars, as Istio's feature flag does.
 */
export function nativeSidecarsEnabled(setting: NativeSidecarsSetting | undefined, kubernetesVersion?: string): boolean {
  if (setting === true || setting === 'true') return true;
  if (setting === false || setting === 'false') return false;
  if (setting !== undefined && setting !== 'auto') return false;
  if (kubernetesVersion === undefined || kubernetesVersion === '') return true;
  const minor = kubernetesMinor(kubernetesVersion);
  return minor !== undefined && minor >= NATIVE_SIDECAR_MIN_MINOR;
}

/** The per-pod decision of the Go code: annotation `sidecar.istio.io/nativeSidecar` exactly `true`/`false`, else global. */
export function podUsesNativeSidecar(annotations: Readonly<Record<string, string>>, global: boolean): boolean {
  const value = Object.hasOwn(annotations, NATIVE_SIDECAR_ANNOTATION) ? annotations[NATIVE_SIDECAR_ANNOTATION] : undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return global;
}

/**
 * A copy of the pod sharing everything but its top level and its `spec` (created when absent or not an object),
 * which the caller edits: the steps here replace whole lists, so a deep copy would be wasted work per workload.
 */
function copyWithSpec(pod: JSONObject): { out: JSONObject; spec: JSONObject } {
  const out: JSONObject = { ...pod };
  const spec: JSONObject = isObject(pod['spec']) ? { ...pod['spec'] } : {};
  setOwn(out, 'spec', spec);
  return { out, spec };
}

/**
 * RunTemplate's move (done before each template's merge into the merged pod): when native and the template pod has
 * `istio-proxy` among its init containers while the merged pod has one among its containers, the first such container
 * moves to the end of the merged pod's `initContainers`, so the user's customizations merge with the native proxy.
 * `templatePod` is the template pod with the current template's output already merged in; `globalNative` is the global
 * decision, which the merged pod's annotation overrides.
 */
export function moveProxyToInitContainers(mergedPod: JSONObject, templatePod: JSONObject, globalNative: boolean): JSONObject {
  const native = podUsesNativeSidecar(stringMapOf(mergedPod, 'annotations'), globalNative);
  if (!native) return mergedPod;
  if (!findContainer(PROXY_CONTAINER, containersOf(templatePod, 'initContainers'))) return mergedPod;
  // Not in Istio: when the merged pod already has an init `istio-proxy` (a re-injection of a pod whose templates wrote
  // both), moving would duplicate the name; the containers then merge where they are, keeping re-injection idempotent.
  if (findContainer(PROXY_CONTAINER, containersOf(mergedPod, 'initContainers'))) return mergedPod;
  const containers = specOf(mergedPod)['containers'];
  const index = Array.isArray(containers) ? containers.findIndex((c) => isObject(c) && c['name'] === PROXY_CONTAINER) : -1;
  if (index < 0) return mergedPod;
  const { out, spec } = copyWithSpec(mergedPod);
  const from = [...(spec['containers'] as unknown[])];
  const [moved] = from.splice(index, 1);
  const inits = Array.isArray(spec['initContainers']) ? (spec['initContainers'] as unknown[]) : [];
  setOwn(spec, 'containers', from);
  setOwn(spec, 'initContainers', [...inits, moved]);
  return out;
}

// --- values and cluster info ----------------------------------------------------------------------------------------

/** Reads a nested value of the values map (plain objects or Maps); undefined when a step is missing. */
function valuesAt(values: unknown, path: readonly string[]): unknown {
  let cur: unknown = values;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = mapGet(cur, key);
  }
  return cur;
}

/** `values.sidecarInjectorWebhook.rewriteAppHTTPProbe` as Go reads it (a BoolValue: absent → false). */
export function valuesRewriteAppHTTPProbe(values: unknown): boolean {
  return valuesAt(values, ['sidecarInjectorWebhook', 'rewriteAppHTTPProbe']) === true;
}

/** `values.global.proxy.holdApplicationUntilProxyStarts` as Go reads it (a BoolValue: absent → false). */
export function valuesHoldApplicationUntilProxyStarts(values: unknown): boolean {
  return valuesAt(values, ['global', 'proxy', 'holdApplicationUntilProxyStarts']) === true;
}

/**
 * Istio's overwriteClusterInfo: with proxy envs and an `istio-proxy`, drop the proxy's env entries of those names and
 * append them, sorted by name (an empty value is written as Go writes it: no `value` key).
 */
export function overwriteClusterInfo(pod: JSONObject, proxyEnvs: Readonly<Record<string, string>>): JSONObject {
  const names = Object.keys(proxyEnvs).sort(compareStrings);
  if (names.length === 0 || !findSidecar(pod)) return pod;
  const { out, spec } = copyWithSpec(pod);
  // findSidecar's search (containers, then init containers), copying the list and the container it finds.
  let sidecar: JSONObject | undefined;
  for (const list of ['containers', 'initContainers'] as const) {
    const items = spec[list];
    const index = Array.isArray(items) ? items.findIndex((c) => isObject(c) && (c['name'] ?? '') === PROXY_CONTAINER) : -1;
    if (index < 0) continue;
    const copy = [...(items as unknown[])];
    sidecar = { ...(copy[index] as JSONObject) };
    copy[index] = sidecar;
    setOwn(spec, list, copy);
    break;
  }
  if (!sidecar) return pod;
  const env = Array.isArray(sidecar['env']) ? (sidecar['env'] as unknown[]) : [];
  const kept = env.filter((e) => !(isObject(e) && typeof e['name'] === 'string' && Object.hasOwn(proxyEnvs, e['name'])));
  for (const name of names) {
    const value = proxyEnvs[name] ?? '';
    kept.push(value === '' ? { name } : { name, value });
  }
  setOwn(sidecar, 'env', kept);
  return out;
}

// --- metadata ---------------------------------------------------------------------------------------------------------

export interface MetadataOptions {
  readonly proxyEnvs?: Readonly<Record<string, string>>;
  /** `.Revision`; the status annotation records `default` when empty. */
  readonly revision: string;
  /** `injectedAnnotations` of the injector config (the webhook sets them; Istio's kube-inject passes none). */
  readonly injectedAnnotations?: Readonly<Record<string, string>>;
}

/**
 * Istio's applyMetadata: label `topology.istio.io/network` when the proxy envs carry a network, the status annotation
 * computed from the template pod, then the configured injected annotations.
 */
export function applyMetadata(pod: JSONObject, templatePod: JSONObject, options: MetadataOptions): JSONObject {
  // A copy of the pod down to the label and annotation maps this edits (the rest is shared, never modified).
  const out: JSONObject = { ...pod };
  const meta: JSONObject = isObject(pod['metadata']) ? { ...pod['metadata'] } : {};
  setOwn(out, 'metadata', meta);
  for (const map of ['labels', 'annotations'] as const) {
    const entries = meta[map];
    if (isObject(entries)) setOwn(meta, map, { ...entries });
  }
  const envs = options.proxyEnvs ?? {};
  if (Object.hasOwn(envs, NETWORK_ENV)) setMetadataEntry(out, 'labels', NETWORK_LABEL, envs[NETWORK_ENV] ?? '');
  setMetadataEntry(out, 'annotations', STATUS_ANNOTATION, injectionStatusAnnotation(templatePod, options.revision));
  for (const [k, v] of Object.entries(options.injectedAnnotations ?? {})) setMetadataEntry(out, 'annotations', k, v);
  return out;
}

// --- ordering ---------------------------------------------------------------------------------------------------------

export type ContainerMove = 'first' | 'last' | 'remove';

/**
 * Istio's modifyContainers: every container with the name is taken out; for first/last the last of them is put back at
 * that end (duplicates collapse to one, as in Go).
 */
export function modifyContainers(list: readonly unknown[], name: string, move: ContainerMove): unknown[] {
  const others: unknown[] = [];
  let match: unknown = undefined;
  for (const c of list) {
    if (isObject(c) && (c['name'] ?? '') === name) match = c;
    else others.push(c);
  }
  if (match === undefined || move === 'remove') return others;
  return move === 'first' ? [match, ...others] : [...others, match];
}

/**
 * Istio's reorderPod. `istio-proxy` goes last among containers (first with holdApplicationUntilProxyStarts). When the
 * proxy is a native sidecar the init containers become `istio-init|istio-validation, istio-proxy, enable-core-dump,
 * <user's>`; otherwise `istio-validation` first, `istio-init` then `enable-core-dump` last.
 * `holdApplicationUntilProxyStarts`: the effective ProxyConfig's value (mesh default config with the pod's
 * `proxy.istio.io/config` applied) OR `values.global.proxy.holdApplicationUntilProxyStarts`.
 */
export function reorderPod(pod: JSONObject, holdApplicationUntilProxyStarts: boolean): JSONObject {
  const { out, spec } = copyWithSpec(pod);
  if (Array.isArray(spec['containers'])) {
    setOwn(spec, 'containers', modifyContainers(spec['containers'], PROXY_CONTAINER, holdApplicationUntilProxyStarts ? 'first' : 'last'));
  }
  if (!Array.isArray(spec['initContainers'])) return out;
  let inits = spec['initContainers'] as unknown[];
  if (findContainer(PROXY_CONTAINER, inits)) {
    for (const name of [ENABLE_CORE_DUMP_CONTAINER, PROXY_CONTAINER, VALIDATION_CONTAINER, INIT_CONTAINER]) {
      inits = modifyContainers(inits, name, 'first');
    }
  } else {
    inits = modifyContainers(inits, VALIDATION_CONTAINER, 'first');
    inits = modifyContainers(inits, INIT_CONTAINER, 'last');
    inits = modifyContainers(inits, ENABLE_CORE_DUMP_CONTAINER, 'last');
  }
  setOwn(spec, 'initContainers', inits);
  return out;
}

// --- the whole step ---------------------------------------------------------------------------------------------------

export interface PostProcessOptions extends MetadataOptions {
  /** Mesh `defaultConfig.statusPort` (Prometheus merge and the probe rewrite both use the mesh's, not the values'). */
  readonly meshStatusPort: number;
  /** Mesh `enablePrometheusMerge`; undefined or null when unset. */
  readonly enablePrometheusMerge?: boolean | null;
  /** See {@link valuesRewriteAppHTTPProbe}. */
  readonly rewriteAppHTTPProbe: boolean;
  /** See {@link reorderPod}. */
  readonly holdApplicationUntilProxyStarts: boolean;
}

/**
 * Istio's postProcessPod over the merged pod (after reapplyOverwrittenContainers); `templatePod` is the union of the
 * templates' output. An unmergeable Prometheus port is a problem that aborts injection of the workload.
 */
export function postProcessPod(pod: JSONObject, templatePod: JSONObject, options: PostProcessOptions): PodResult {
  let out = overwriteClusterInfo(pod, options.proxyEnvs ?? {});
  const merged = applyPrometheusMerge(out, {
    statusPort: options.meshStatusPort,
    enablePrometheusMerge: options.enablePrometheusMerge ?? null,
  });
  if (!merged.ok) return merged;
  out = applySecurePrometheusAnnotation(merged.pod);
  out = applyRewrite(out, { rewriteAppHTTPProbe: options.rewriteAppHTTPProbe, meshStatusPort: options.meshStatusPort });
  out = applyMetadata(out, templatePod, options);
  return { ok: true, pod: reorderPod(out, options.holdApplicationUntilProxyStarts) };
}
