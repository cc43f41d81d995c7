/**
 * Orchestrator annotations: kpt and kustomize put them on every item and rely on them coming back untouched
 * (krm-integration.md §2). When `seqindent` was dropped, kpt rewrote wide lists compact; when ids change, comments
 * are no longer restored. So the driver snapshots them before the processor runs and puts back any it changed.
 */
import { Scalar, isMap, isScalar } from '../yaml/codec.ts';
import { deleteIn, getNodeIn, idOf, itemMap, setIn } from './object.ts';
import type { Item } from './object.ts';

/** Annotation keys owned by orchestrators. */
export const ORCHESTRATOR_ANNOTATIONS: readonly string[] = [
  'config.kubernetes.io/path',
  'config.kubernetes.io/index',
  'config.k8s.io/id',
  'kustomize.config.k8s.io/id',
];

/** Every `internal.config.kubernetes.io/*` key is reserved (path, index, id, seqindent, package-path, …). */
export const INTERNAL_ANNOTATION_PREFIX = 'internal.config.kubernetes.io/';

export function isOrchestratorAnnotation(key: string): boolean {
  return key.startsWith(INTERNAL_ANNOTATION_PREFIX) || ORCHESTRATOR_ANNOTATIONS.includes(key);
}

/** The orchestrator annotations of one item, in their original order, with their original scalar nodes. */
interface ItemAnnotations {
  readonly entries: ReadonlyMap<string, Scalar>;
}

export interface AnnotationSnapshot {
  readonly byItem: ReadonlyMap<Item, ItemAnnotations>;
  readonly byId: ReadonlyMap<string, ItemAnnotations>;
}

/** One annotation the processor changed, added or removed, and that was put back. */
export interface AnnotationRepair {
  readonly item: Item;
  readonly key: string;
  readonly expected: string | undefined;
  readonly found: string | undefined;
}

/** Records the orchestrator annotations of every item. */
export function snapshotAnnotations(items: readonly Item[]): AnnotationSnapshot {
  const byItem = new Map<Item, ItemAnnotations>();
  const byId = new Map<string, ItemAnnotations>();
  for (const item of items) {
    const record = { entries: readOrchestratorAnnotations(item) };
    byItem.set(item, record);
    const id = idOf(item);
    if (id !== undefined && !byId.has(id)) byId.set(id, record);
  }
  return { byItem, byId };
}

/**
 * Compares the items after processing with the snapshot and restores what changed: values put back with their
 * original node (same quoting), added orchestrator keys removed. Items are matched by identity, then by
 * `internal.config.kubernetes.io/id`; new items (no match) may carry any annotations (e.g. a chosen path).
 */
export function restoreAnnotations(snapshot: AnnotationSnapshot, items: readonly Item[]): AnnotationRepair[] {
  const repairs: AnnotationRepair[] = [];
  for (const item of items) {
    if (!itemMap(item)) continue;
    const id = idOf(item);
    const before = snapshot.byItem.get(item) ?? (id !== undefined ? snapshot.byId.get(id) : undefined);
    if (!before) continue;
    const now = readOrchestratorAnnotations(item);
    for (const [key, original] of before.entries) {
      const current = now.get(key);
      if (current !== undefined && sameValue(current, original)) continue;
      repairs.push({ item, key, expected: text(original), found: current === undefined ? undefined : text(current) });
      setIn(item, ['metadata', 'annotations', key], original.clone());
    }
    for (const [key, current] of now) {
      if (before.entries.has(key)) continue;
      repairs.push({ item, key, expected: undefined, found: text(current) });
      deleteIn(item, ['metadata', 'annotations', key]);
    }
  }
  return repairs;
}

function readOrchestratorAnnotations(item: Item): Map<string, Scalar> {
  const out = new Map<string, Scalar>();
  const annotations = getNodeIn(item, ['metadata', 'annotations']);
  if (!isMap(annotations)) return out;
  for (const pair of annotations.items) {
    const key = isScalar(pair.key) ? pair.key.value : pair.key;
    if (typeof key !== 'string' || !isOrchestratorAnnotation(key)) continue;
    const value = isScalar(pair.value) ? pair.value : new Scalar(pair.value === undefined ? null : pair.value);
    out.set(key, value.clone() as Scalar);
  }
  return out;
}

function text(node: Scalar): string {
  return node.value === null || node.value === undefined ? '' : String(node.value);
}

function sameValue(a: Scalar, b: Scalar): boolean {
  return text(a) === text(b) && typeof a.value === typeof b.value;
}
