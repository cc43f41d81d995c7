/**
 * @module
 * Istio's injectPod for one pod, in Istio's exact order (istio-injection.md §1, §6, §8):
 * typed round trip → validateAnnotations → proxy config annotation → cluster/network → stripPod → reinsertOverrides →
 * template data → render (templates, SMP, native move) → reapplyOverwrittenContainers + adjustInitContainerUser →
 * postProcessPod (overwriteClusterInfo, Prometheus merge, secure port, probe rewrite, metadata + status, reorder).
 *
 * Pods are plain JSON `{metadata, spec}`. Everything that is the same for every workload (parsed templates, values,
 * merged mesh, derived flags) is computed once into an `InjectorRuntime` by `createRuntime`.
 */
import { GoError } from '../go/value.ts';
import { applyProxyConfigAnnotation, ProxyConfigError, validateProxyConfigAnnotation } from '../mesh/proxy-config.ts';
import type { ProxyConfigRep } from '../mesh/proxy-config.ts';
import { inboundTrafficPolicyMode, meshWithProxyConfigAnnotation } from '../mesh/mesh-config.ts';
import type { MeshConfigRep } from '../mesh/mesh-config.ts';
import { proxyImage, proxyInitImage } from './images.ts';
import type { ProxyImageConfig } from './images.ts';
import type { InjectorConfig } from './injector-config.ts';
import { DEFAULT_PROXY_ID, clearSidecarUserMatchingApp, proxyIDs } from './openshift.ts';
import { reapplyOverwrittenContainers, reinsertOverrides, stripPod, stringMapOf } from './overrides.ts';
import { postProcessPod, valuesHoldApplicationUntilProxyStarts, valuesRewriteAppHTTPProbe } from './postprocess.ts';
import { renderTemplates, selectTemplates } from './render.ts';
import { sidecarTemplateData } from './template-data.ts';
import { PodTypeError, roundTripPod } from './typed-pod.ts';
import type { JSONObject } from './typed-pod.ts';
import { clusterAndNetwork, validateAnnotations } from './validate.ts';
import type { WorkloadIdentity } from './workloads.ts';

export const PROXY_CONFIG_ANNOTATION = 'proxy.istio.io/config';

/** The reason codes a failed injection reports (ARCHITECTURE.md §7). */
export type FailureReason = 'error:invalid-annotation' | 'error:template' | 'error:unknown-template' | 'error:prometheus-port' | 'error:invalid-pod';

/** Why a pod could not be injected. `field` is relative to the pod (`metadata.annotations["…"]`, `spec.containers`). */
export interface PodFailure {
  readonly reason: FailureReason;
  readonly message: string;
  readonly field?: string;
  readonly value?: string;
}

/** Everything injection needs that is the same for every workload of a run. */
export interface InjectorRuntime {
  readonly injector: InjectorConfig;
  /** `.Values` (null: Istio's nil map). */
  readonly values: Readonly<Record<string, unknown>> | null;
  /** DefaultMeshConfig ⊕ the configured mesh. */
  readonly mesh: MeshConfigRep;
  readonly mode: 'manual' | 'webhook';
  readonly revision: string;
  /** The global native-sidecar decision. */
  readonly globalNative: boolean;
  readonly platform: '' | 'openshift';
  readonly compliancePolicy: string;
  readonly clusterID: string | undefined;
  readonly network: string | undefined;
  // Derived once from the above.
  readonly meshStatusPort: number;
  readonly enablePrometheusMerge: boolean | null;
  readonly rewriteAppHTTPProbe: boolean;
  readonly valuesHoldApplicationUntilProxyStarts: boolean;
  readonly inboundTrafficPolicyMode: string;
}

export interface RuntimeInput {
  readonly injector: InjectorConfig;
  readonly values: Readonly<Record<string, unknown>> | null;
  readonly mesh: MeshConfigRep;
  readonly mode: 'manual' | 'webhook';
  readonly revision: string;
  readonly globalNative: boolean;
  readonly platform: '' | 'openshift';
  readonly compliancePolicy: string;
  readonly clusterID?: string | undefined;
  readonly network?: string | undefined;
}

/** Computes the per-run facts once. */
export function createRuntime(input: RuntimeInput): InjectorRuntime {
  const defaultConfig = (input.mesh['defaultConfig'] as ProxyConfigRep | null | undefined) ?? null;
  const statusPort = defaultConfig?.['statusPort'];
  const merge = input.mesh['enablePrometheusMerge'] as { value?: unknown } | null | undefined;
  return {
    ...input,
    clusterID: input.clusterID,
    network: input.network,
    meshStatusPort: typeof statusPort === 'number' ? statusPort : 0,
    enablePrometheusMerge: merge === null || merge === undefined ? null : merge.value === true,
    rewriteAppHTTPProbe: valuesRewriteAppHTTPProbe(input.values),
    valuesHoldApplicationUntilProxyStarts: valuesHoldApplicationUntilProxyStarts(input.values),
    inboundTrafficPolicyMode: inboundTrafficPolicyMode(input.mesh),
  };
}

/** What differs per workload besides its pod. */
export interface WorkloadInput {
  /** `.TypeMeta` and `.DeploymentMeta`. */
  readonly identity: WorkloadIdentity;
  /** The workload's Namespace item as plain JSON (OpenShift UID/GID), when known. */
  readonly namespace?: unknown;
}

export type InjectOutcome =
  | {
      readonly ok: true;
      /** The user's pod after the typed round trip: what `pod` is compared with when writing back. */
      readonly base: JSONObject;
      /** The injected pod (typed round trip applied). */
      readonly pod: JSONObject;
      /** The union of the templates' output (the status annotation is computed from it). */
      readonly templatePod: JSONObject;
      /** Things worth a warning that did not stop injection (e.g. unusable OpenShift annotations). */
      readonly notes: readonly string[];
    }
  | { readonly ok: false; readonly failures: readonly PodFailure[] };

const INTERCEPTION_MODES = ['REDIRECT', 'TPROXY', 'NONE'] as const;

function annotationField(key: string): string {
  return `metadata.annotations[${JSON.stringify(key)}]`;
}

function fail(failure: PodFailure): InjectOutcome {
  return { ok: false, failures: [failure] };
}

/** Istio's injectPod for one pod (`{metadata, spec}` JSON); nothing of the input is modified. */
export function injectPod(pod: JSONObject, workload: WorkloadInput, runtime: InjectorRuntime): InjectOutcome {
  let base: JSONObject;
  try {
    base = roundTripPod(pod);
  } catch (e) {
    if (e instanceof PodTypeError) return fail({ reason: 'error:invalid-pod', message: `Cannot read the pod: ${e.message}`, field: e.path });
    throw e;
  }
  const notes: string[] = [];

  // The OpenShift webhook first forgets a user istio-proxy UID that merely repeats the app's.
  let original = base;
  let proxyUID = DEFAULT_PROXY_ID;
  let proxyGID = DEFAULT_PROXY_ID;
  if (runtime.platform === 'openshift') {
    const spec = clearSidecarUserMatchingApp(base['spec']);
    if (spec !== base['spec']) original = { ...base, spec };
    if (workload.namespace !== undefined) {
      const ids = proxyIDs(workload.namespace);
      proxyUID = ids.uid;
      proxyGID = ids.gid;
      notes.push(...ids.notes);
    }
  }

  // 1. validateAnnotations.
  const annotations = stringMapOf(original, 'annotations');
  const invalid = validateAnnotations(annotations, { validateProxyConfig: validateProxyConfigAnnotation });
  if (invalid.length > 0) {
    return {
      ok: false,
      failures: invalid.map((p) => ({ reason: 'error:invalid-annotation', message: p.message, field: annotationField(p.annotation), value: p.value })),
    };
  }

  // 2. The pod's ProxyConfig (kube-inject: the annotation merged into the mesh's defaultConfig).
  let meshConfig = runtime.mesh;
  let proxyConfig = (runtime.mesh['defaultConfig'] as ProxyConfigRep | null | undefined) ?? null;
  const pcAnnotation = Object.hasOwn(annotations, PROXY_CONFIG_ANNOTATION) ? annotations[PROXY_CONFIG_ANNOTATION] : undefined;
  if (pcAnnotation !== undefined) {
    try {
      if (runtime.mode === 'manual') {
        meshConfig = meshWithProxyConfigAnnotation(runtime.mesh, pcAnnotation);
        proxyConfig = (meshConfig['defaultConfig'] as ProxyConfigRep | null | undefined) ?? null;
      } else {
        proxyConfig = applyProxyConfigAnnotation(pcAnnotation, proxyConfig ?? {});
      }
    } catch (e) {
      if (!(e instanceof ProxyConfigError || e instanceof GoError || e instanceof SyntaxError)) throw e;
      return fail({ reason: 'error:invalid-annotation', message: e.message, field: annotationField(PROXY_CONFIG_ANNOTATION), value: pcAnnotation });
    }
  }

  // 3. Cluster and network.
  const network = clusterAndNetwork(runtime.values, stringMapOf(original, 'labels'), { clusterID: runtime.clusterID, network: runtime.network });

  // 4. stripPod and reinsertOverrides: the pod the templates see.
  const reinserted = reinsertOverrides(stripPod(original, runtime.meshStatusPort));
  if (!reinserted.ok) return fail({ reason: 'error:invalid-annotation', message: reinserted.problem.message, field: reinserted.problem.field });
  const stripped = reinserted.pod;

  // 5. Template data.
  const strippedMeta = (stripped['metadata'] as JSONObject | undefined) ?? {};
  const strippedAnnotations = stringMapOf(stripped, 'annotations');
  const image = (proxyConfig?.['image'] as ProxyImageConfig | null | undefined) ?? null;
  const data = sidecarTemplateData({
    typeMeta: workload.identity.typeMeta,
    deploymentMeta: workload.identity.deploymentMeta,
    metadata: strippedMeta,
    spec: (stripped['spec'] as JSONObject | undefined) ?? {},
    proxyConfig,
    meshConfig,
    values: runtime.values,
    revision: runtime.revision,
    nativeSidecars: runtime.globalNative,
    proxyImage: proxyImage(runtime.values, image, strippedAnnotations),
    proxyInitImage: proxyInitImage(runtime.values, strippedAnnotations),
    proxyUID,
    proxyGID,
    inboundTrafficPolicyMode: runtime.inboundTrafficPolicyMode,
    compliancePolicy: runtime.compliancePolicy,
  });

  // 6. Templates: selection, execution, merge.
  const selection = selectTemplates(runtime.injector, annotations, runtime.mode);
  if (!selection.ok) return fail({ reason: selection.problem.reason, message: selection.problem.message, field: annotationField('inject.istio.io/templates') });
  const rendered = renderTemplates({
    templates: runtime.injector.templates,
    names: selection.names,
    data,
    pod: original,
    globalNative: runtime.globalNative,
  });
  if (!rendered.ok) return fail({ reason: rendered.problem.reason, message: rendered.problem.message });

  // 7. reapplyOverwrittenContainers (+ adjustInitContainerUser).
  const interception = INTERCEPTION_MODES[(proxyConfig?.['interceptionMode'] as number | undefined) ?? 0] ?? 'REDIRECT';
  const reapplied = reapplyOverwrittenContainers(rendered.mergedPod, original, rendered.templatePod, { interceptionMode: interception });
  if (!reapplied.ok) return fail({ reason: 'error:invalid-pod', message: reapplied.problem.message, field: reapplied.problem.field });

  // 8. postProcessPod.
  const hold = (proxyConfig?.['holdApplicationUntilProxyStarts'] as { value?: unknown } | null | undefined)?.value === true;
  const processed = postProcessPod(reapplied.pod, rendered.templatePod, {
    proxyEnvs: network.proxyEnvs,
    revision: runtime.revision,
    ...(runtime.mode === 'webhook' ? { injectedAnnotations: runtime.injector.injectedAnnotations } : {}),
    meshStatusPort: runtime.meshStatusPort,
    enablePrometheusMerge: runtime.enablePrometheusMerge,
    rewriteAppHTTPProbe: runtime.rewriteAppHTTPProbe,
    holdApplicationUntilProxyStarts: hold || runtime.valuesHoldApplicationUntilProxyStarts,
  });
  if (!processed.ok) return fail({ reason: 'error:prometheus-port', message: processed.problem.message, field: processed.problem.field });

  let final: JSONObject;
  try {
    final = roundTripPod(processed.pod);
  } catch (e) {
    if (e instanceof PodTypeError) return fail({ reason: 'error:invalid-pod', message: `The injected pod is invalid: ${e.message}`, field: e.path });
    throw e;
  }
  return { ok: true, base, pod: final, templatePod: rendered.templatePod, notes };
}
