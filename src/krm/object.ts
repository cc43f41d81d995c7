/**
 * Helpers over KRM items. An item is a `yaml` Document whose contents is a map (ARCHITECTURE.md §8.4: items stay
 * Documents and only changed nodes are edited); every helper also accepts the map node itself.
 */
import { Scalar, YAMLMap, YAMLSeq, createNode, isMap, isNode, isScalar, isSeq, isDocument, scalarText, setOwn, toJS } from '../yaml/codec.ts';
import type { Document, Node } from '../yaml/codec.ts';
import { nullProtoRecord } from '../go/record.ts';

/** One item of a ResourceList (or one document of a stream). */
export type Item = Document;
/** Anything the helpers accept: an item or its map node. */
export type ItemLike = Document | YAMLMap;
/** A path into an item: map keys and sequence indexes, e.g. `['spec', 'template', 'spec', 'containers', 0]`. */
export type FieldPath = readonly (string | number)[];

/** KRM `resourceRef`: what a result points at. */
export interface ResourceRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** Where an item lives in the orchestrator's package. */
export interface ItemFile {
  path: string;
  index?: number;
}

export const LOCAL_CONFIG_ANNOTATION = 'config.kubernetes.io/local-config';
export const PATH_ANNOTATION = 'internal.config.kubernetes.io/path';
export const INDEX_ANNOTATION = 'internal.config.kubernetes.io/index';
export const ID_ANNOTATION = 'internal.config.kubernetes.io/id';
export const LEGACY_PATH_ANNOTATION = 'config.kubernetes.io/path';
export const LEGACY_INDEX_ANNOTATION = 'config.kubernetes.io/index';
export const LEGACY_ID_ANNOTATION = 'config.k8s.io/id';

/** The map node of an item, or undefined when the item is not a map. */
export function itemMap(item: ItemLike): YAMLMap | undefined {
  if (isDocument(item)) return isMap(item.contents) ? item.contents : undefined;
  return isMap(item) ? item : undefined;
}

// --- reading -------------------------------------------------------------------------------------------------------

/** The node at `path` (scalars as Scalar nodes), or undefined when any step is missing. */
export function getNodeIn(item: ItemLike, path: FieldPath): Node | undefined {
  let node: unknown = itemMap(item);
  for (const step of path) node = child(node, step);
  return isNode(node) ? node : undefined;
}

/** The value at `path`: a scalar's value, or the collection node; undefined when missing. */
export function getIn(item: ItemLike, path: FieldPath): unknown {
  const node = getNodeIn(item, path);
  return isScalar(node) ? node.value : node;
}

/** The value at `path` as plain JS (collections converted; `__proto__`-safe). */
export function getPlainIn(item: ItemLike, path: FieldPath): unknown {
  const node = getNodeIn(item, path);
  return node === undefined ? undefined : toJS(node);
}

/** The string at `path`; numbers and booleans in their source spelling; undefined when missing or a collection. */
export function getStringIn(item: ItemLike, path: FieldPath): string | undefined {
  return scalarText(getNodeIn(item, path));
}

/** The child node at one step; a raw JS value stored by `map.set()` is turned into a node in place. */
function child(node: unknown, step: string | number): unknown {
  if (isMap(node)) {
    const pair = node.items.find((p) => keyEquals(p.key, step));
    if (!pair || pair.value === undefined) return undefined;
    if (!isNode(pair.value)) pair.value = createNode(pair.value);
    return pair.value;
  }
  if (isSeq(node) && typeof step === 'number') {
    const value: unknown = node.items[step];
    if (value === undefined) return undefined;
    if (isNode(value)) return value;
    const created = createNode(value);
    node.items[step] = created;
    return created;
  }
  return undefined;
}

function keyEquals(key: unknown, step: string | number): boolean {
  const value = isScalar(key) ? key.value : key;
  return value === step || (value !== null && value !== undefined && typeof value !== 'object' && String(value) === String(step));
}

// --- writing -------------------------------------------------------------------------------------------------------

/**
 * Sets `value` (a node, or a JS value converted without anchors) at `path`, creating block maps on the way.
 * A missing or null intermediate becomes a map; an empty flow map (`annotations: {}`) becomes a block map.
 * Throws a TypeError when a step crosses a scalar or a sequence index is out of range.
 */
export function setIn(item: ItemLike, path: FieldPath, value: unknown): void {
  const map = itemMap(item);
  if (!map) throw new TypeError('Cannot set a field: the item is not a map');
  if (path.length === 0) throw new TypeError('Cannot set a field: the path is empty');
  let node: YAMLMap | YAMLSeq = map;
  for (let i = 0; i < path.length - 1; i++) {
    const step = path[i]!;
    const next: unknown = child(node, step);
    if (isMap(next) || isSeq(next)) {
      node = next;
      continue;
    }
    if (next !== undefined && !(isScalar(next) && next.value === null)) {
      throw new TypeError(`Cannot set ${formatPath(path)}: ${formatPath(path.slice(0, i + 1))} is not a map`);
    }
    const created = new YAMLMap();
    put(node, step, created, path);
    node = created;
  }
  const newNode = createNode(value);
  put(node, path[path.length - 1]!, newNode, path);
}

function put(parent: YAMLMap | YAMLSeq, step: string | number, value: Node, path: FieldPath): void {
  if (isMap(parent)) {
    if (parent.flow && parent.items.length === 0) parent.flow = false;
    const pair = parent.items.find((p) => keyEquals(p.key, step));
    if (pair) pair.value = value;
    else parent.add({ key: createNode(step), value });
    return;
  }
  if (typeof step !== 'number' || step < 0 || step > parent.items.length) {
    throw new TypeError(`Cannot set ${formatPath(path)}: index ${String(step)} is out of range`);
  }
  if (step === parent.items.length) parent.items.push(value);
  else parent.items[step] = value;
}

/** Deletes the entry at `path`; returns whether something was deleted. */
export function deleteIn(item: ItemLike, path: FieldPath): boolean {
  if (path.length === 0) return false;
  const parent = path.length === 1 ? itemMap(item) : getNodeIn(item, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (isMap(parent)) {
    const index = parent.items.findIndex((p) => keyEquals(p.key, last));
    if (index < 0) return false;
    parent.items.splice(index, 1);
    return true;
  }
  if (isSeq(parent) && typeof last === 'number' && last >= 0 && last < parent.items.length) {
    parent.items.splice(last, 1);
    return true;
  }
  return false;
}

/** `spec.template.spec.containers.0.image` (the KRM `field.path` spelling). */
export function formatPath(path: FieldPath): string {
  return path.map(String).join('.');
}

// --- identity ------------------------------------------------------------------------------------------------------

export function apiVersionOf(item: ItemLike): string | undefined {
  return getStringIn(item, ['apiVersion']);
}

export function kindOf(item: ItemLike): string | undefined {
  return getStringIn(item, ['kind']);
}

export function nameOf(item: ItemLike): string | undefined {
  return getStringIn(item, ['metadata', 'name']);
}

export function namespaceOf(item: ItemLike): string | undefined {
  return getStringIn(item, ['metadata', 'namespace']);
}

/** The `resourceRef` of an item; `namespace` only when set. */
export function resourceRef(item: ItemLike): ResourceRef {
  const ref: ResourceRef = { apiVersion: apiVersionOf(item) ?? '', kind: kindOf(item) ?? '', name: nameOf(item) ?? '' };
  const namespace = namespaceOf(item);
  if (namespace) ref.namespace = namespace;
  return ref;
}

/** `Deployment "web"` or `Deployment "prod/web"`, for messages. */
export function describeItem(item: ItemLike): string {
  const kind = kindOf(item) || 'object';
  const name = nameOf(item);
  const namespace = namespaceOf(item);
  if (name === undefined) return `${kind} without a name`;
  return `${kind} "${namespace ? `${namespace}/` : ''}${name}"`;
}

// --- labels and annotations ----------------------------------------------------------------------------------------

/** Labels as a null-prototype record of strings (non-string values in their source spelling). */
export function labelsOf(item: ItemLike): Record<string, string> {
  return stringMap(getNodeIn(item, ['metadata', 'labels']));
}

/** Annotations as a null-prototype record of strings (non-string values in their source spelling). */
export function annotationsOf(item: ItemLike): Record<string, string> {
  return stringMap(getNodeIn(item, ['metadata', 'annotations']));
}

export function getAnnotation(item: ItemLike, key: string): string | undefined {
  return getStringIn(item, ['metadata', 'annotations', key]);
}

export function getLabel(item: ItemLike, key: string): string | undefined {
  return getStringIn(item, ['metadata', 'labels', key]);
}

/** Sets an annotation; the value is printed double-quoted when YAML 1.1 would misread it (`"true"`, `"yes"`). */
export function setAnnotation(item: ItemLike, key: string, value: string): void {
  setIn(item, ['metadata', 'annotations', key], new Scalar(value));
}

export function setLabel(item: ItemLike, key: string, value: string): void {
  setIn(item, ['metadata', 'labels', key], new Scalar(value));
}

export function deleteAnnotation(item: ItemLike, key: string): boolean {
  return deleteIn(item, ['metadata', 'annotations', key]);
}

export function deleteLabel(item: ItemLike, key: string): boolean {
  return deleteIn(item, ['metadata', 'labels', key]);
}

function stringMap(node: unknown): Record<string, string> {
  const out = nullProtoRecord<string>();
  if (!isMap(node)) return out;
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? pair.key.value : pair.key;
    if (key === null || key === undefined || typeof key === 'object') continue;
    const value = isNode(pair.value) ? scalarText(pair.value) : pair.value === null || pair.value === undefined ? undefined : String(pair.value);
    if (value !== undefined) setOwn(out, String(key), value);
  }
  return out;
}

// --- orchestrator facts --------------------------------------------------------------------------------------------

/** `config.kubernetes.io/local-config: "true"`: a client-side object (Kptfile, function config) never to be edited. */
export function isLocalConfig(item: ItemLike): boolean {
  return getAnnotation(item, LOCAL_CONFIG_ANNOTATION) === 'true';
}

/** kpt's package file, sent as an item by `kpt fn eval` and `kpt fn render`. */
export function isKptfile(item: ItemLike): boolean {
  return kindOf(item) === 'Kptfile' && (apiVersionOf(item) ?? '').startsWith('kpt.dev/');
}

/** The item's file from `internal.config.kubernetes.io/path|index`, falling back to the legacy annotations. */
export function fileOf(item: ItemLike): ItemFile | undefined {
  const path = getAnnotation(item, PATH_ANNOTATION) ?? getAnnotation(item, LEGACY_PATH_ANNOTATION);
  if (path === undefined || path === '') return undefined;
  const indexText = getAnnotation(item, INDEX_ANNOTATION) ?? getAnnotation(item, LEGACY_INDEX_ANNOTATION);
  const index = indexText !== undefined && /^[0-9]+$/.test(indexText) ? Number(indexText) : undefined;
  return index === undefined ? { path } : { path, index };
}

/** The orchestrator's per-run id of the item (`internal.config.kubernetes.io/id`, legacy `config.k8s.io/id`). */
export function idOf(item: ItemLike): string | undefined {
  return getAnnotation(item, ID_ANNOTATION) ?? getAnnotation(item, LEGACY_ID_ANNOTATION);
}
