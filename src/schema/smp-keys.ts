/**
 * @module
 * Strategic-merge metadata of the Pod tree: the `patchStrategy` / `patchMergeKey` struct tags of k8s.io/api core/v1
 * and apimachinery meta/v1 (v0.36.1) as data, the table apimachinery's `PatchMetaFromStruct` reads by reflection.
 *
 * Only what changes the merge is listed: lists merged by key (containers by `name`, ports by `containerPort`,
 * volumeMounts by `mountPath`, …), primitive lists merged as sets (`finalizers`), and the path down to them. Any
 * other object merges key by key and any other list is replaced whole (`tolerations`, `args`, `command`,
 * `capabilities.add/drop`, `dnsConfig.searches`). `retainKeys` is recorded but, as in apimachinery, only matters
 * when a patch is computed, never when one is applied.
 */

export interface PatchMeta {
  /** `patchStrategy`: `merge` merges lists (by `mergeKey` for lists of objects); `replace` replaces objects whole. */
  readonly strategy?: 'merge' | 'replace';
  /** The `retainKeys` strategy (volumes, resourceClaims). */
  readonly retainKeys?: boolean;
  /** `patchMergeKey` of a list of objects. */
  readonly mergeKey?: string;
  /** Struct fields by JSON name (a Map, so that `constructor` or `__proto__` are never found by accident). */
  readonly fields?: ReadonlyMap<string, PatchMeta>;
  /** Metadata of every list element. */
  readonly elem?: PatchMeta;
}

function struct(fields: Record<string, PatchMeta>): PatchMeta {
  return Object.freeze({ fields: new Map(Object.entries(fields)) });
}

/** `patchStrategy:"merge" patchMergeKey:"<key>"` on a list of structs. */
function mergeByKey(mergeKey: string, elem?: PatchMeta, retainKeys = false): PatchMeta {
  const meta: PatchMeta = { strategy: 'merge', mergeKey, ...(elem ? { elem } : {}), ...(retainKeys ? { retainKeys } : {}) };
  return Object.freeze(meta);
}

/** `patchStrategy:"merge"` on a list of strings: a set union. */
const MERGE_PRIMITIVES: PatchMeta = Object.freeze({ strategy: 'merge' });

/** The metadata of a field given by JSON name, or undefined (no strategy; for unknown fields too). */
export function fieldPatchMeta(meta: PatchMeta | undefined, key: string): PatchMeta | undefined {
  return meta?.fields?.get(key);
}

/** metav1.ObjectMeta */
export const OBJECT_META_PATCH_META: PatchMeta = struct({
  ownerReferences: mergeByKey('uid'),
  finalizers: MERGE_PRIMITIVES,
});

/** corev1.Container and corev1.EphemeralContainer (EphemeralContainerCommon carries the same tags). */
export const CONTAINER_PATCH_META: PatchMeta = struct({
  ports: mergeByKey('containerPort'),
  env: mergeByKey('name'),
  volumeMounts: mergeByKey('mountPath'),
  volumeDevices: mergeByKey('devicePath'),
});

/** corev1.PodSpec */
export const POD_SPEC_PATCH_META: PatchMeta = struct({
  volumes: mergeByKey('name', undefined, true),
  initContainers: mergeByKey('name', CONTAINER_PATCH_META),
  containers: mergeByKey('name', CONTAINER_PATCH_META),
  ephemeralContainers: mergeByKey('name', CONTAINER_PATCH_META),
  imagePullSecrets: mergeByKey('name'),
  hostAliases: mergeByKey('ip'),
  topologySpreadConstraints: mergeByKey('topologyKey'),
  schedulingGates: mergeByKey('name'),
  resourceClaims: mergeByKey('name', undefined, true),
});

/** corev1.PodStatus */
export const POD_STATUS_PATCH_META: PatchMeta = struct({
  conditions: mergeByKey('type'),
  hostIPs: mergeByKey('ip'),
  podIPs: mergeByKey('ip'),
  resourceClaimStatuses: mergeByKey('name', undefined, true),
});

/** corev1.Pod: the data struct Istio's applyOverlayYAML merges with. */
export const POD_PATCH_META: PatchMeta = struct({
  metadata: OBJECT_META_PATCH_META,
  spec: POD_SPEC_PATCH_META,
  status: POD_STATUS_PATCH_META,
});

/** corev1.PodTemplateSpec (`spec.template` of workloads). */
export const POD_TEMPLATE_PATCH_META: PatchMeta = struct({
  metadata: OBJECT_META_PATCH_META,
  spec: POD_SPEC_PATCH_META,
});
