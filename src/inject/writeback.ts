/**
 * @module
 * Writes an injected pod back into the item's YAML with the smallest edits (ARCHITECTURE.md §3 step 6, §8.4).
 *
 * The edit is driven by two JSON pods: `before` (the user's pod after Go's typed round trip, what injection started
 * from) and `after` (the injected pod). Only where they differ is the YAML touched:
 * - a map is edited key by key: keys only in `after` are appended (in `after`'s order, which is the template's),
 *   keys only in `before` are deleted, keys the YAML has but neither pod knows (fields unknown to the Pod schema, or
 *   dropped as empty) are left alone;
 * - a list is rebuilt in `after`'s order from the YAML's own items where they match — by the strategic-merge key
 *   (containers and volumes by name, ports by containerPort, mounts by mountPath) or, for other lists, by equal value
 *   or position — so a user's container keeps its comments while the sidecar is added beside it;
 * - a changed scalar keeps its node (and comments), only the value changes.
 * Nothing is written where `before` and `after` agree, so a second run on the output changes nothing.
 */
import { POD_SPEC_PATCH_META, OBJECT_META_PATCH_META, fieldPatchMeta } from '../schema/smp-keys.ts';
import type { PatchMeta } from '../schema/smp-keys.ts';
import { Scalar, YAMLMap, YAMLSeq, isMap, isNode, isPair, isScalar, isSeq, jsonToNode } from '../yaml/codec.ts';
import type { Node } from '../yaml/codec.ts';

type JSONObject = Record<string, unknown>;

function isObject(v: unknown): v is JSONObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Structural equality of JSON values (map key order ignored, list order significant). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

function keyText(key: unknown): string {
  if (isScalar(key)) return key.value === null || key.value === undefined ? '' : String(key.value);
  return key === null || key === undefined ? '' : String(key);
}

function pairIndex(map: YAMLMap, key: string): number {
  return map.items.findIndex((p) => keyText(p.key) === key);
}

function newNode(value: unknown): Node {
  return jsonToNode(value);
}

/** Where the pod's parts live in the object (from the workloads table). */
export interface PodPaths {
  readonly metadata: readonly string[];
  readonly spec: readonly string[];
}

/**
 * Applies the difference between `before` and `after` (`{metadata, spec}` pods) to the object's map node. Returns
 * whether anything was written.
 */
export function writeBackPod(root: YAMLMap, paths: PodPaths, before: JSONObject, after: JSONObject): boolean {
  let changed = false;
  const parts: [keyof PodPaths, PatchMeta][] = [
    ['metadata', OBJECT_META_PATCH_META],
    ['spec', POD_SPEC_PATCH_META],
  ];
  for (const [part, meta] of parts) {
    const was = isObject(before[part]) ? before[part] : {};
    const now = isObject(after[part]) ? after[part] : {};
    if (jsonEqual(was, now)) continue;
    changed = true;
    const path = paths[part];
    const existing = nodeAt(root, path);
    if (isMap(existing)) {
      updateMap(existing, was, now, meta);
    } else {
      setAt(root, path, newNode(now));
    }
  }
  return changed;
}

function nodeAt(root: YAMLMap, path: readonly string[]): unknown {
  let node: unknown = root;
  for (const step of path) {
    if (!isMap(node)) return undefined;
    const i = pairIndex(node, step);
    if (i < 0) return undefined;
    node = node.items[i]!.value;
  }
  return node;
}

/** Puts `value` at `path`, creating block maps on the way; a new `metadata` goes before its sibling `spec`. */
function setAt(root: YAMLMap, path: readonly string[], value: Node): void {
  let map = root;
  path.forEach((step, i) => {
    const last = i === path.length - 1;
    const at = pairIndex(map, step);
    if (at >= 0) {
      const pair = map.items[at]!;
      if (last) {
        pair.value = value;
        return;
      }
      if (isMap(pair.value)) {
        if (pair.value.flow && pair.value.items.length === 0) pair.value.flow = false;
        map = pair.value;
        return;
      }
      const created = new YAMLMap();
      pair.value = created;
      map = created;
      return;
    }
    const child = last ? value : new YAMLMap();
    insertPair(map, step, child);
    if (!last) map = child as YAMLMap;
  });
}

function insertPair(map: YAMLMap, key: string, value: Node, at = -1): void {
  // A flow map stays flow for scalars; a whole block of new content turns it to block style, for readability.
  if (map.flow && (map.items.length === 0 || isMap(value) || isSeq(value))) map.flow = false;
  const spec = at >= 0 ? at : key === 'metadata' ? pairIndex(map, 'spec') : -1;
  map.add({ key: new Scalar(key), value });
  if (spec >= 0) map.items.splice(spec, 0, map.items.pop()!);
}

/**
 * The node to hold `after` where `node` holds `before`: the same node edited in place when the shapes agree (so its
 * comments and style stay), otherwise a new node.
 */
function updateValue(node: unknown, before: unknown, after: unknown, meta: PatchMeta | undefined): Node {
  if (isNode(node) && before !== undefined && jsonEqual(before, after)) return node;
  if (isObject(after)) {
    if (isMap(node)) {
      updateMap(node, isObject(before) ? before : {}, after, meta);
      return node;
    }
    return newNode(after);
  }
  if (Array.isArray(after)) {
    if (isSeq(node)) {
      updateSeq(node, Array.isArray(before) ? before : [], after, meta);
      return node;
    }
    return newNode(after);
  }
  if (isScalar(node) && (typeof node.value === typeof after || node.value === null) && after !== null) {
    node.value = after;
    if (typeof after === 'string' && after.includes('\n') === false && (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED)) {
      delete node.type;
    }
    return node;
  }
  return newNode(after);
}

function updateMap(map: YAMLMap, before: JSONObject, after: JSONObject, meta: PatchMeta | undefined): void {
  const removed: number[] = [];
  for (const key of Object.keys(before)) {
    if (Object.hasOwn(after, key)) continue;
    const i = pairIndex(map, key);
    if (i >= 0) {
      map.items.splice(i, 1);
      removed.push(i);
    }
  }
  // One key replaced by another (a probe's tcpSocket by httpGet): the new one takes the old one's place, so the
  // user's key order survives both the rewrite and its undoing.
  const replacedAt = removed.length === 1 && Object.keys(after).filter((key) => pairIndex(map, key) < 0).length === 1 ? removed[0]! : -1;
  for (const [key, value] of Object.entries(after)) {
    const was = Object.hasOwn(before, key) ? before[key] : undefined;
    const i = pairIndex(map, key);
    if (i < 0) {
      insertPair(map, key, newNode(value), replacedAt);
      continue;
    }
    const pair = map.items[i]!;
    if (was !== undefined && jsonEqual(was, value)) continue;
    const updated = updateValue(pair.value, was, value, fieldPatchMeta(meta, key));
    if (updated !== pair.value) pair.value = updated;
  }
}

function mergeKeyOf(item: unknown, key: string | undefined): unknown {
  return key !== undefined && isObject(item) && Object.hasOwn(item, key) ? item[key] : undefined;
}

function updateSeq(seq: YAMLSeq, before: readonly unknown[], after: readonly unknown[], meta: PatchMeta | undefined): void {
  // The YAML's items line up with `before` (the typed round trip keeps every list element).
  const nodes = seq.items.map((item) => (isPair(item) ? undefined : item));
  const aligned = nodes.length === before.length;
  const used = new Set<number>();
  const key = meta?.mergeKey;
  const elemMeta = meta?.elem;
  const pick = (i: number, value: unknown): number => {
    if (!aligned) return -1;
    const wanted = mergeKeyOf(value, key);
    if (wanted !== undefined) {
      const byKey = before.findIndex((b, j) => !used.has(j) && mergeKeyOf(b, key) === wanted);
      if (byKey >= 0) return byKey;
    }
    const equal = before.findIndex((b, j) => !used.has(j) && jsonEqual(b, value));
    if (equal >= 0) return equal;
    if (wanted === undefined && before.length === after.length && !used.has(i)) return i;
    return -1;
  };
  const items: unknown[] = after.map((value, i) => {
    const j = pick(i, value);
    if (j < 0) return newNode(value);
    used.add(j);
    return updateValue(nodes[j], before[j], value, elemMeta);
  });
  if (seq.flow && items.length > 0 && (seq.items.length === 0 || items.some((item) => !nodes.includes(item as Node | undefined) && (isMap(item) || isSeq(item))))) {
    seq.flow = false;
  }
  seq.items = items;
}
