/**
 * @module
 * Kubernetes strategic merge patch, as apimachinery's `StrategicMergeMapPatch` applies it to a Pod (Istio's
 * `applyOverlayYAML`): the pod JSON as original, a template's output as patch, plain JSON in and out.
 *
 * Semantics (apimachinery `pkg/util/strategicpatch`, merge options `MergeParallelList` and `IgnoreUnmatchedNulls`):
 * * objects merge key by key; `null` deletes a key; a value of another JSON type replaces the original one;
 * * lists with `patchStrategy: merge` (see `schema/smp-keys.ts`) merge by their merge key, primitive ones as a set;
 *   every other list is replaced;
 * * directives: `$patch: replace|delete` on an object or list element, `$retainKeys`, `$setElementOrder/<list>`,
 *   `$deleteFromPrimitiveList/<list>`;
 * * order of a merged list: items of the patch keep the patch's relative order, items only in the original keep
 *   theirs, and the two are interleaved by original position, a new patch item going out as soon as it heads the
 *   patch list (`normalizeElementOrder` / `mergeSortedSlice`, reproduced with Go's own stable sort);
 * * a key absent from the original (or holding another JSON type) takes the patch value, less its null members and
 *   every object carrying `$patch` (apimachinery v0.36 `discardNullValuesFromPatch` + `removeDirectives`); an element
 *   appended to a merged list is taken as is.
 *
 * One liberty: where apimachinery fails because a key has no Go struct field (unknown fields on both sides), the
 * objects merge and lists are replaced, as for a known field without strategy.
 *
 * The inputs are never modified. `__proto__` and `constructor` are ordinary keys.
 */
import { POD_PATCH_META, fieldPatchMeta, type PatchMeta } from '../schema/smp-keys.ts';

export type JSONObject = Record<string, unknown>;

/** A strategic merge failure, with apimachinery's message. */
export class StrategicMergeError extends Error {
  override readonly name = 'StrategicMergeError';
}

const DIRECTIVE = '$patch';
const DELETE = 'delete';
const REPLACE = 'replace';
const MERGE = 'merge';
const RETAIN_KEYS = '$retainKeys';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';
const SET_ELEMENT_ORDER = '$setElementOrder';

const ERR_BAD_RETAIN_KEYS = 'invalid patch format of retainKeys';
const ERR_BAD_PRIMITIVE_LIST = 'invalid patch format of primitive list';
const ERR_BAD_SET_ELEMENT_ORDER = 'invalid patch format of setElementOrder list';
const ERR_NO_LIST_OF_LISTS = 'lists of lists are not supported';

/**
 * Applies `patch` to `original` as a strategic merge patch for the type described by `meta` (a Pod by default) and
 * returns the merged document. Throws StrategicMergeError where apimachinery returns an error.
 */
export function mergePatch(original: JSONObject, patch: JSONObject, meta: PatchMeta | undefined = POD_PATCH_META): JSONObject {
  return mergeMap(cloneJSON(original), cloneJSON(patch), meta);
}

/** Which arguments of mergePatchOwning the caller hands over (a fresh value nobody else holds: no copy needed). */
export interface Ownership {
  readonly original?: boolean;
  readonly patch?: boolean;
}

/**
 * mergePatch without the defensive copy of the arguments the caller owns: those may be modified and become part of
 * the result. For per-workload merges of values made just for the merge (saves deep copies of whole pods).
 */
export function mergePatchOwning(original: JSONObject, patch: JSONObject, owned: Ownership, meta: PatchMeta | undefined = POD_PATCH_META): JSONObject {
  return mergeMap(owned.original === true ? original : cloneJSON(original), owned.patch === true ? patch : cloneJSON(patch), meta);
}

// --- JSON helpers -----------------------------------------------------------------------------------------------------

function isObject(x: unknown): x is JSONObject {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

function has(obj: JSONObject, key: string): boolean {
  return Object.hasOwn(obj, key);
}

function get(obj: JSONObject, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** Sets an own data property, also for `__proto__` (which plain assignment would treat as the prototype). */
function set(obj: JSONObject, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** A deep copy of JSON data made of fresh plain objects and arrays; `undefined` members are dropped. */
function cloneJSON<V>(value: V): V {
  if (Array.isArray(value)) return value.map((v: unknown) => cloneJSON(v)) as V;
  if (value === null || typeof value !== 'object') return value;
  const out: JSONObject = {};
  for (const key of Object.keys(value)) {
    const v = (value as JSONObject)[key];
    if (v !== undefined) set(out, key, cloneJSON(v));
  }
  return out as V;
}

type JSONKind = 'map' | 'slice' | 'string' | 'number' | 'bool' | 'null';

/** The Go type encoding/json decodes a value to (map[string]interface{}, []interface{}, string, float64, bool, nil). */
function kindOf(v: unknown): JSONKind {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'slice';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
    case 'bigint':
      return 'number';
    case 'boolean':
      return 'bool';
    default:
      return 'map';
  }
}

/** Go's `%v` of decoded JSON, for error messages (`map[name:a]`, `[a b]`, `<nil>`). */
function goText(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goText).join(' ')}]`;
  if (isObject(v)) {
    const keys = Object.keys(v).sort();
    return `map[${keys.map((k) => `${k}:${goText(v[k])}`).join(' ')}]`;
  }
  return String(v);
}

/** Go's type name for decoded JSON, as ErrBadArgType prints it. */
function goTypeName(v: unknown): string {
  switch (kindOf(v)) {
    case 'map':
      return 'map[string]interface {}';
    case 'slice':
      return '[]interface {}';
    case 'string':
      return 'string';
    case 'number':
      return 'float64';
    case 'bool':
      return 'bool';
    default:
      return '<nil>';
  }
}

function errBadArgType(expected: string, actual: unknown): StrategicMergeError {
  return new StrategicMergeError(`expected a ${expected}, but received a ${goTypeName(actual)}`);
}

function errNoMergeKey(m: unknown, key: string): StrategicMergeError {
  return new StrategicMergeError(`map: ${goText(m)} does not contain declared merge key: ${key}`);
}

function errBadPatchType(directive: unknown, m: unknown): StrategicMergeError {
  return new StrategicMergeError(`unknown patch type: ${goText(directive)} in map: ${goText(m)}`);
}

/** Go's `==` on two interface values holding decoded JSON: maps and slices cannot be compared (Go panics). */
function goEqual(a: unknown, b: unknown): boolean {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka !== kb) return false;
  if (ka === 'map' || ka === 'slice') {
    throw new StrategicMergeError(`runtime error: comparing uncomparable type ${goTypeName(a)}`);
  }
  return a === b || (ka === 'null' && kb === 'null');
}

/** Values usable as Go map keys (scalars); a map or slice would make Go panic. */
function hashable(v: unknown): unknown {
  const k = kindOf(v);
  if (k === 'map' || k === 'slice') throw new StrategicMergeError(`runtime error: hash of unhashable type ${goTypeName(v)}`);
  return v ?? null;
}

// --- maps -----------------------------------------------------------------------------------------------------------

/** `$patch` on an object: `replace` keeps the patch alone, `delete` leaves an empty object. */
function mapDirective(directive: unknown, patch: JSONObject): JSONObject {
  if (directive === REPLACE) {
    delete patch[DIRECTIVE];
    return patch;
  }
  if (directive === DELETE) return {};
  throw errBadPatchType(directive, patch);
}

/** The key a parallel-list directive (`$setElementOrder/containers`) is about. */
function directiveTarget(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    throw new StrategicMergeError(prefix === SET_ELEMENT_ORDER ? ERR_BAD_SET_ELEMENT_ORDER : ERR_BAD_PRIMITIVE_LIST);
  }
  return key.slice(slash + 1);
}

function mergeMap(original: JSONObject | null, patch: JSONObject, meta: PatchMeta | undefined): JSONObject {
  if (has(patch, DIRECTIVE)) return mapDirective(patch[DIRECTIVE], patch);
  const out = original ?? {};
  applyRetainKeys(out, patch);
  applySetElementOrder(out, patch, meta);

  for (const patchKey of Object.keys(patch)) {
    const patchValue = patch[patchKey];
    if (patchValue === undefined) continue;
    let key = patchKey;
    let isDeleteList = false;
    if (patchKey.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      const target = directiveTarget(patchKey, DELETE_FROM_PRIMITIVE_LIST);
      isDeleteList = true;
      if (target.length > 0) key = target;
    }
    // null deletes; an unmatched null is dropped.
    if (patchValue === null) {
      delete out[key];
      continue;
    }
    const originalValue = get(out, key);
    const kind = kindOf(originalValue);
    if (!has(out, key) || kind !== kindOf(patchValue)) {
      // A new value (or one of another type) is taken from the patch without its nulls and `$patch` directives.
      if (!isDeleteList) {
        const cleaned = withoutDirectives(withoutNulls(patchValue));
        if (cleaned.keep) set(out, key, cleaned.value);
        else delete out[key];
      }
      continue;
    }
    const fieldMeta = fieldPatchMeta(meta, key);
    if (kind === 'map') {
      const merged =
        fieldMeta?.strategy === REPLACE
          ? (patchValue as JSONObject)
          : mergeMap(originalValue as JSONObject, patchValue as JSONObject, fieldMeta);
      set(out, key, merged);
    } else if (kind === 'slice') {
      set(out, key, mergeSliceField(originalValue as unknown[], patchValue as unknown[], fieldMeta, isDeleteList));
    } else {
      set(out, key, patchValue);
    }
  }
  return out;
}

/** Drops null members of objects, at any depth (null list elements stay): apimachinery's discardNullValuesFromPatch. */
function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) {
    for (const item of v) withoutNulls(item);
  } else if (isObject(v)) {
    for (const key of Object.keys(v)) {
      if (v[key] === null) delete v[key];
      else withoutNulls(v[key]);
    }
  }
  return v;
}

/**
 * Removes every object carrying `$patch` (from objects and lists, at any depth); `keep` is false when `v` itself
 * carries one. Other directives (`$retainKeys`, `$setElementOrder/…`) stay, as in apimachinery's removeDirectives.
 */
function withoutDirectives(v: unknown): { keep: boolean; value: unknown } {
  if (Array.isArray(v)) {
    const kept: unknown[] = [];
    for (const item of v) {
      const r = withoutDirectives(item);
      if (r.keep) kept.push(r.value);
    }
    return { keep: true, value: kept };
  }
  if (isObject(v)) {
    if (has(v, DIRECTIVE)) return { keep: false, value: null };
    for (const key of Object.keys(v)) {
      const r = withoutDirectives(v[key]);
      if (r.keep) set(v, key, r.value);
      else delete v[key];
    }
  }
  return { keep: true, value: v };
}

/**
 * `$retainKeys: [a, b]`: every other key of the original is cleared; the patch itself may only set listed keys
 * (nulls and parallel-list directives aside).
 */
function applyRetainKeys(original: JSONObject, patch: JSONObject): void {
  if (!has(patch, RETAIN_KEYS)) return;
  const list = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(list)) throw new StrategicMergeError(ERR_BAD_RETAIN_KEYS);
  const retained = new Set(list.map(hashable));
  for (const key of Object.keys(patch)) {
    if (patch[key] === null || key.startsWith(DELETE_FROM_PRIMITIVE_LIST) || key.startsWith(SET_ELEMENT_ORDER)) continue;
    if (!retained.has(key)) throw new StrategicMergeError(ERR_BAD_RETAIN_KEYS);
  }
  for (const key of Object.keys(original)) {
    if (!retained.has(key)) delete original[key];
  }
}

// --- lists ----------------------------------------------------------------------------------------------------------

/** Merges a list field by its strategy; a `$deleteFromPrimitiveList` list applies whatever the strategy. */
function mergeSliceField(original: unknown[], patch: unknown[], meta: PatchMeta | undefined, isDeleteList: boolean): unknown[] {
  if (meta?.strategy !== MERGE && !isDeleteList) return patch;
  return mergeSlice(original, patch, meta?.mergeKey ?? '', meta?.elem, isDeleteList);
}

/** The JSON kind shared by every element of the lists (Go's sliceElementType). */
function elementKind(...lists: readonly (readonly unknown[])[]): JSONKind {
  let kind: JSONKind | undefined;
  for (const list of lists) {
    for (const v of list) {
      const k = kindOf(v);
      if (kind === undefined) {
        if (k === 'null') throw new StrategicMergeError('list elements must not be null');
        if (k === 'slice') throw new StrategicMergeError(ERR_NO_LIST_OF_LISTS);
        kind = k;
      } else if (k !== kind) {
        throw new StrategicMergeError(`list element types are not identical: ${goText(lists)}`);
      }
    }
  }
  if (kind === undefined) throw new StrategicMergeError('no elements in any of the given slices');
  return kind;
}

function mergeSlice(original: unknown[], patch: unknown[], mergeKey: string, elem: PatchMeta | undefined, isDeleteList: boolean): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = elementKind(original, patch);
  let merged: unknown[];
  let patchItems: unknown[] | null = patch;
  if (kind !== 'map') {
    if (isDeleteList) return deleteFromSlice(original, patch);
    merged = dedupeScalars([...original, ...patch]);
  } else {
    if (mergeKey === '') throw new StrategicMergeError('cannot merge lists without merge key for struct');
    [original, patchItems] = applyListDirectives(original, patch, mergeKey);
    merged = mergeListItems(original, patchItems ?? [], mergeKey, elem);
  }
  const { inList, rest } =
    mergeKey === '' ? partitionPrimitives(merged, patchItems ?? []) : partitionMaps(merged, patchItems ?? [], mergeKey);
  return normalizeElementOrder(inList, rest, patchItems ?? [], original, mergeKey, kind);
}

/**
 * `$patch` in list elements: `delete` removes every original element with that key, `replace` makes the list the
 * patch's (other) elements. Returns the updated original and the patch without directive elements (null after
 * replace, the patch having become the original).
 */
function applyListDirectives(original: unknown[], patch: unknown[], mergeKey: string): [unknown[], unknown[] | null] {
  const plain: unknown[] = [];
  let replace = false;
  for (const item of patch) {
    const m = item as JSONObject;
    if (!has(m, DIRECTIVE)) {
      plain.push(item);
      continue;
    }
    const directive = m[DIRECTIVE];
    if (directive === DELETE) {
      if (!has(m, mergeKey)) throw errNoMergeKey(m, mergeKey);
      original = deleteMatching(original, mergeKey, m[mergeKey]);
    } else if (directive === REPLACE) {
      replace = true;
    } else if (directive === MERGE) {
      throw new StrategicMergeError('merging lists cannot yet be specified in the patch');
    } else {
      throw errBadPatchType(directive, m);
    }
  }
  return replace ? [plain, null] : [original, plain];
}

/** The index of the first object whose merge key equals `value`, or -1; non-objects are an error. */
function findByKey(list: readonly unknown[], mergeKey: string, value: unknown): number {
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (!isObject(item)) throw new StrategicMergeError(`value for key ${i} is not a map`);
    if (has(item, mergeKey) && goEqual(item[mergeKey], value)) return i;
  }
  return -1;
}

function deleteMatching(original: unknown[], mergeKey: string, value: unknown): unknown[] {
  const out = [...original];
  for (let i = findByKey(out, mergeKey, value); i >= 0; i = findByKey(out, mergeKey, value)) out.splice(i, 1);
  return out;
}

/** Merges each patch element into the original element with the same key, or appends it. */
function mergeListItems(original: readonly unknown[], patch: readonly unknown[], mergeKey: string, elem: PatchMeta | undefined): unknown[] {
  const out = [...original];
  for (const item of patch) {
    const m = item as JSONObject;
    if (!has(m, mergeKey)) throw errNoMergeKey(m, mergeKey);
    const i = findByKey(out, mergeKey, m[mergeKey]);
    if (i >= 0) out[i] = mergeMap(out[i] as JSONObject, m, elem);
    else out.push(item);
  }
  return out;
}

/** `$deleteFromPrimitiveList/<list>`: drops the listed values. */
function deleteFromSlice(current: readonly unknown[], toDelete: readonly unknown[]): unknown[] {
  const gone = new Set(toDelete.map(hashable));
  return current.filter((v) => !gone.has(hashable(v)));
}

/** apimachinery's in-place deduplication (moves the last element into each duplicate's slot). */
function dedupeScalars(s: unknown[]): unknown[] {
  let length = s.length - 1;
  for (let i = 0; i < length; i++) {
    for (let j = i + 1; j <= length; j++) {
      if (goEqual(s[i], s[j])) {
        s[j] = s[length];
        s.length = length;
        length--;
        j--;
      }
    }
  }
  return s;
}

function partitionPrimitives(merged: readonly unknown[], by: readonly unknown[]): { inList: unknown[]; rest: unknown[] } {
  const present = new Set(by.map(hashable));
  const inList: unknown[] = [];
  const rest: unknown[] = [];
  for (const v of merged) (present.has(hashable(v)) ? inList : rest).push(v);
  return { inList, rest };
}

function partitionMaps(merged: readonly unknown[], by: readonly unknown[], mergeKey: string): { inList: unknown[]; rest: unknown[] } {
  const inList: unknown[] = [];
  const rest: unknown[] = [];
  for (const v of merged) {
    if (!isObject(v)) throw errBadArgType('map[string]interface {}', v);
    if (!has(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
    (findByKey(by, mergeKey, v[mergeKey]) >= 0 ? inList : rest).push(v);
  }
  return { inList, rest };
}

// --- $setElementOrder ---------------------------------------------------------------------------------------------------

/**
 * `$setElementOrder/<list>`: merges that list now and orders the items it names as it says, the original's other
 * items interleaved by their original position.
 */
function applySetElementOrder(original: JSONObject, patch: JSONObject, meta: PatchMeta | undefined): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER) || !has(patch, key)) continue;
    const order = patch[key];
    delete patch[key];
    if (!Array.isArray(order)) throw errBadArgType('[]interface {}', order);
    const listKey = directiveTarget(key, SET_ELEMENT_ORDER);
    const foundOriginal = has(original, listKey);
    const foundPatch = has(patch, listKey);
    const originalList = get(original, listKey);
    const patchList = get(patch, listKey);
    if (foundOriginal && !Array.isArray(originalList)) throw errBadArgType('[]interface {}', originalList);
    if (foundPatch && !Array.isArray(patchList)) throw errBadArgType('[]interface {}', patchList);
    const fieldMeta = fieldPatchMeta(meta, listKey);
    const mergeKey = fieldMeta?.mergeKey ?? '';
    const originalItems = (originalList as unknown[] | undefined) ?? [];
    const patchItems = (patchList as unknown[] | undefined) ?? [];
    validateSetElementOrder(patchItems, order, mergeKey);

    let merged: unknown[];
    if (foundOriginal && foundPatch) merged = mergeSliceField(originalItems, patchItems, fieldMeta, false);
    else if (foundOriginal) merged = originalItems;
    else if (foundPatch) merged = withoutDirectives(patchItems).value as unknown[];
    else continue;

    const { inList, rest } = mergeKey === '' ? partitionPrimitives(merged, order) : partitionMaps(merged, order, mergeKey);
    const kind = elementKind(originalItems, patchItems);
    set(original, listKey, normalizeElementOrder(inList, rest, order, originalItems, mergeKey, kind));
    delete patch[listKey];
  }
}

function containsDirective(item: unknown): boolean {
  return isObject(item) && has(item, DIRECTIVE);
}

function mergeKeyValueEqual(left: unknown, right: unknown, mergeKey: string): boolean {
  if (mergeKey === '') return goEqual(left, right);
  if (!isObject(left)) throw errBadArgType('map[string]interface {}', left);
  if (!isObject(right)) throw errBadArgType('map[string]interface {}', right);
  if (!has(left, mergeKey)) throw errNoMergeKey(left, mergeKey);
  if (!has(right, mergeKey)) throw errNoMergeKey(right, mergeKey);
  return goEqual(left[mergeKey], right[mergeKey]);
}

/** The patch's items (deletions aside) must appear in the `$setElementOrder` list, in the same relative order. */
function validateSetElementOrder(patchItems: readonly unknown[], order: readonly unknown[], mergeKey: string): void {
  if (order.length === 0 || patchItems.length === 0) return;
  const items = mergeKey === '' ? patchItems : splitDeletions(patchItems).keep;
  let p = 0;
  let o = 0;
  while (p < items.length && o < order.length) {
    if (containsDirective(items[p])) {
      p++;
      continue;
    }
    if (mergeKeyValueEqual(items[p], order[o], mergeKey)) p++;
    o++;
  }
  if (p < items.length && o >= order.length) {
    throw new StrategicMergeError(
      `the order in patch list:\n${goText(patchItems)}\n doesn't match ${SET_ELEMENT_ORDER} list:\n${goText(order)}`,
    );
  }
}

// --- ordering -----------------------------------------------------------------------------------------------------------

/** Splits out the `$patch: delete` elements (every element must be an object). */
function splitDeletions(list: readonly unknown[]): { keep: unknown[]; deletions: unknown[] } {
  const keep: unknown[] = [];
  const deletions: unknown[] = [];
  for (const v of list) {
    if (!isObject(v)) throw errBadArgType('map[string]interface {}', v);
    (has(v, DIRECTIVE) && v[DIRECTIVE] === DELETE ? deletions : keep).push(v);
  }
  return { keep, deletions };
}

/** The position of `value` in `list`, comparing merge key values (objects) or the values themselves. */
function indexIn(list: readonly unknown[], value: unknown, mergeKey: string, kind: JSONKind): number {
  const keyOf = (item: unknown): unknown => (kind === 'map' ? (isObject(item) ? get(item, mergeKey) ?? null : null) : item);
  const wanted = keyOf(value);
  for (let i = 0; i < list.length; i++) {
    if (goEqual(wanted, keyOf(list[i]))) return i;
  }
  return -1;
}

function checkMergeKeys(mergeKey: string, ...lists: readonly (readonly unknown[])[]): void {
  for (const list of lists) {
    for (const item of list) {
      if (!isObject(item)) throw errBadArgType('map[string]interface {}', item);
      if (!has(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
    }
  }
}

/** Sorts `toSort` by the positions in `order` (apimachinery's normalizeSliceOrder); deletions go last. */
function sortByOrder(toSort: readonly unknown[], order: readonly unknown[], mergeKey: string, kind: JSONKind): unknown[] {
  let items = [...toSort];
  let deletions: unknown[] = [];
  if (kind === 'map') {
    checkMergeKeys(mergeKey, toSort, order);
    ({ keep: items, deletions } = splitDeletions(toSort));
  }
  // apimachinery's comparator: by position when both are found, else "less".
  goStableSort(items, (a, b) => {
    const ia = indexIn(order, a, mergeKey, kind);
    if (ia >= 0) {
      const ib = indexIn(order, b, mergeKey, kind);
      if (ib >= 0) return ia < ib;
    }
    return true;
  });
  return [...items, ...deletions];
}

/**
 * Interleaves the original-only items (`left`) with the patch items (`right`), both already sorted: the original
 * item goes first only when both are in the original and it comes earlier there.
 */
function normalizeElementOrder(
  patchItems: readonly unknown[],
  serverOnly: readonly unknown[],
  patchOrder: readonly unknown[],
  serverOrder: readonly unknown[],
  mergeKey: string,
  kind: JSONKind,
): unknown[] {
  const right = sortByOrder(patchItems, patchOrder, mergeKey, kind);
  const left = sortByOrder(serverOnly, serverOrder, mergeKey, kind);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey, kind);
      const ri = indexIn(serverOrder, right[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

/**
 * Go's `sort.SliceStable` (insertion sort on blocks of 20, then SymMerge), step for step: apimachinery's comparator
 * is not a strict order when an item is missing from the order list, so only the same algorithm gives the same
 * result.
 */
export function goStableSort<V>(data: V[], less: (a: V, b: V) => boolean): void {
  const lessAt = (i: number, j: number): boolean => less(data[i] as V, data[j] as V);
  const swap = (i: number, j: number): void => {
    const t = data[i] as V;
    data[i] = data[j] as V;
    data[j] = t;
  };
  const insertionSort = (a: number, b: number): void => {
    for (let i = a + 1; i < b; i++) {
      for (let j = i; j > a && lessAt(j, j - 1); j--) swap(j, j - 1);
    }
  };
  const rotate = (a: number, m: number, b: number): void => {
    const moved = data.slice(a, b);
    const u = moved.slice(0, m - a);
    const v = moved.slice(m - a);
    data.splice(a, b - a, ...v, ...u);
  };
  const symMerge = (a: number, m: number, b: number): void => {
    if (m - a === 1) {
      let i = m;
      let j = b;
      while (i < j) {
        const h = (i + j) >>> 1;
        if (lessAt(h, a)) i = h + 1;
        else j = h;
      }
      for (let k = a; k < i - 1; k++) swap(k, k + 1);
      return;
    }
    if (b - m === 1) {
      let i = a;
      let j = m;
      while (i < j) {
        const h = (i + j) >>> 1;
        if (!lessAt(m, h)) i = h + 1;
        else j = h;
      }
      for (let k = m; k > i; k--) swap(k, k - 1);
      return;
    }
    const mid = (a + b) >>> 1;
    const n = mid + m;
    let start: number;
    let r: number;
    if (m > mid) {
      start = n - b;
      r = mid;
    } else {
      start = a;
      r = m;
    }
    const p = n - 1;
    while (start < r) {
      const c = (start + r) >>> 1;
      if (!lessAt(p - c, c)) start = c + 1;
      else r = c;
    }
    const end = n - start;
    if (start < m && m < end) rotate(start, m, end);
    if (a < start && start < mid) symMerge(a, start, mid);
    if (mid < end && end < b) symMerge(mid, end, b);
  };

  const n = data.length;
  let blockSize = 20;
  let a = 0;
  let b = blockSize;
  while (b <= n) {
    insertionSort(a, b);
    a = b;
    b += blockSize;
  }
  insertionSort(a, n);
  while (blockSize < n) {
    a = 0;
    b = 2 * blockSize;
    while (b <= n) {
      symMerge(a, a + blockSize, b);
      a = b;
      b += 2 * blockSize;
    }
    const m = a + blockSize;
    if (m < n) symMerge(a, m, n);
    blockSize *= 2;
  }
}
