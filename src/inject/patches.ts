/**
 * @module
 * `--output patches`: per injected workload, the strategic-merge patch that turns the user's pod template into the
 * injected one, as a document kustomize applies back onto the base (`patchesStrategicMerge` or `patches`): the
 * workload's apiVersion, kind, metadata.name/namespace, and only the pod-template fields injection changed.
 *
 * The patch is a two-way diff in apimachinery's `CreateTwoWayMergePatch` shape, driven by the Pod's merge keys
 * (src/schema/smp-keys.ts): maps key by key (a removed key is `null`), lists merged by key element by element (new
 * elements whole, changed ones as `{<key>, …changes}`, unchanged ones as `{<key>}` so that the order is the
 * injected one, removed ones `{<key>, $patch: delete}`), primitive merge lists with
 * `$deleteFromPrimitiveList/<list>`, every other list whole.
 */
import { POD_SPEC_PATCH_META, OBJECT_META_PATCH_META, fieldPatchMeta } from '../schema/smp-keys.ts';
import type { PatchMeta } from '../schema/smp-keys.ts';
import { setOwn as put } from '../yaml/codec.ts';
import type { JSONObject } from './typed-pod.ts';
import { jsonEqual } from './writeback.ts';

function isObject(v: unknown): v is JSONObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * The strategic-merge patch from `before` to `after` under `meta`, or `undefined` when they are equal.
 * Objects give objects, merge-key lists give lists of element patches, anything else `after` itself.
 */
export function twoWayMergePatch(before: unknown, after: unknown, meta?: PatchMeta): unknown {
  if (jsonEqual(before, after)) return undefined;
  if (isObject(before) && isObject(after)) return objectPatch(before, after, meta);
  return after;
}

function objectPatch(before: JSONObject, after: JSONObject, meta: PatchMeta | undefined): JSONObject {
  const patch: JSONObject = {};
  for (const key of Object.keys(after)) {
    const fieldMeta = fieldPatchMeta(meta, key);
    const a = after[key];
    if (!Object.hasOwn(before, key)) {
      put(patch, key, a);
      continue;
    }
    const b = before[key];
    if (jsonEqual(b, a)) continue;
    if (Array.isArray(b) && Array.isArray(a) && fieldMeta?.strategy === 'merge') {
      if (fieldMeta.mergeKey !== undefined) mergeListPatch(patch, key, b, a, fieldMeta);
      else primitiveListPatch(patch, key, b, a);
      continue;
    }
    put(patch, key, twoWayMergePatch(b, a, fieldMeta));
  }
  for (const key of Object.keys(before)) if (!Object.hasOwn(after, key)) put(patch, key, null);
  return patch;
}

function keyOf(element: unknown, mergeKey: string): unknown {
  return isObject(element) ? element[mergeKey] : undefined;
}

/**
 * A list merged by key. Every element of `after` is listed in `after`'s order — new ones whole, changed ones as
 * `{<key>, …changes}`, unchanged ones as `{<key>}` — then removed ones as `{<key>, $patch: delete}`. Listing the
 * unchanged ones fixes the order under both merges: kustomize's kyaml puts the patch's elements first (in patch
 * order) and the base's other elements after them, apimachinery keeps the patch's order for the elements it names.
 * (`$setElementOrder` would say the same, but kyaml ignores it.)
 */
function mergeListPatch(patch: JSONObject, key: string, before: readonly unknown[], after: readonly unknown[], meta: PatchMeta): void {
  const mergeKey = meta.mergeKey!;
  const beforeByKey = new Map<string, unknown>();
  for (const element of before) beforeByKey.set(JSON.stringify(keyOf(element, mergeKey)), element);
  const afterKeys = new Set(after.map((element) => JSON.stringify(keyOf(element, mergeKey))));
  const stub = (element: unknown): JSONObject => {
    const out: JSONObject = {};
    put(out, mergeKey, keyOf(element, mergeKey));
    return out;
  };
  const elements: unknown[] = [];
  for (const element of after) {
    const id = JSON.stringify(keyOf(element, mergeKey));
    if (!beforeByKey.has(id)) {
      elements.push(element);
      continue;
    }
    const entry = stub(element);
    const diff = twoWayMergePatch(beforeByKey.get(id), element, meta.elem);
    if (diff !== undefined) for (const [k, v] of Object.entries(diff as JSONObject)) if (k !== mergeKey) put(entry, k, v);
    elements.push(entry);
  }
  for (const element of before) {
    if (afterKeys.has(JSON.stringify(keyOf(element, mergeKey)))) continue;
    const removed = stub(element);
    put(removed, '$patch', 'delete');
    elements.push(removed);
  }
  put(patch, key, elements);
}

/** A primitive list merged as a set (finalizers): the values added, and the ones removed as a directive. */
function primitiveListPatch(patch: JSONObject, key: string, before: readonly unknown[], after: readonly unknown[]): void {
  const added = after.filter((v) => !before.some((b) => jsonEqual(b, v)));
  const removed = before.filter((v) => !after.some((a) => jsonEqual(a, v)));
  if (added.length > 0) put(patch, key, added);
  if (removed.length > 0) put(patch, `$deleteFromPrimitiveList/${key}`, removed);
}

/** Where the pod's parts live in the workload (the same paths the write-back uses). */
export interface PatchPaths {
  readonly metadata: readonly string[];
  readonly spec: readonly string[];
}

/** The workload a patch targets. */
export interface PatchTarget {
  readonly apiVersion: string | undefined;
  readonly kind: string;
  readonly name: string | undefined;
  readonly namespace: string | undefined;
}

/**
 * The patch document for one workload: `{apiVersion, kind, metadata: {name, namespace}}` plus the pod-template
 * changes placed at the workload's metadata and spec paths. `undefined` when injection changed nothing.
 */
export function workloadPatch(target: PatchTarget, paths: PatchPaths, before: JSONObject, after: JSONObject): JSONObject | undefined {
  const metadataPatch = twoWayMergePatch(before['metadata'] ?? {}, after['metadata'] ?? {}, OBJECT_META_PATCH_META);
  const specPatch = twoWayMergePatch(before['spec'] ?? {}, after['spec'] ?? {}, POD_SPEC_PATCH_META);
  if (metadataPatch === undefined && specPatch === undefined) return undefined;
  const doc: JSONObject = {};
  if (target.apiVersion !== undefined) doc['apiVersion'] = target.apiVersion;
  doc['kind'] = target.kind;
  const identity: JSONObject = {};
  if (target.name !== undefined) identity['name'] = target.name;
  if (target.namespace !== undefined && target.namespace !== '') identity['namespace'] = target.namespace;
  doc['metadata'] = identity;
  if (metadataPatch !== undefined) placeAt(doc, paths.metadata, metadataPatch);
  if (specPatch !== undefined) placeAt(doc, paths.spec, specPatch);
  return doc;
}

/** Puts `value` at `path` in `doc`, merging into maps already there (a Pod's metadata patch joins its name). */
function placeAt(doc: JSONObject, path: readonly string[], value: unknown): void {
  let node = doc;
  for (const [i, key] of path.entries()) {
    if (i === path.length - 1) {
      const existing = node[key];
      if (isObject(existing) && isObject(value)) {
        for (const [k, v] of Object.entries(value)) put(existing, k, v);
      } else {
        put(node, key, value);
      }
      return;
    }
    let next = node[key];
    if (!isObject(next)) {
      next = {};
      put(node, key, next);
    }
    node = next as JSONObject;
  }
}
