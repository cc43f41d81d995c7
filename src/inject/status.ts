/**
 * @module
 * The `sidecar.istio.io/status` annotation: what the selected templates injected (container, init container, volume and
 * image pull secret names) plus the revision. Built from the *template pod* — the union of the templates' output, not the
 * final pod — in Go's exact `json.Marshal` shape, and read back the two ways Istio reads it: `stripPod` decodes it into
 * the typed struct (any type error → no status), `reapplyOverwrittenContainers` only picks the container name lists.
 */
import { marshal } from '../go/json.ts';
import { T, named, sliceOf, type GoType } from '../go/types.ts';
import { GoValue } from '../go/value.ts';

export const STATUS_ANNOTATION = 'sidecar.istio.io/status';

/** Istio's `SidecarInjectionStatus`. A list is null when the templates injected nothing of that kind (Go's nil slice). */
export interface SidecarInjectionStatus {
  readonly initContainers: readonly string[] | null;
  readonly containers: readonly string[] | null;
  readonly volumes: readonly string[] | null;
  readonly imagePullSecrets: readonly string[] | null;
  readonly revision: string;
}

const stringSlice = sliceOf(T.string);

/** `inject.SidecarInjectionStatus`: no omitempty anywhere, so empty lists print as `null`. */
export const SidecarInjectionStatusType: GoType = named('inject.SidecarInjectionStatus', 'struct', {
  fields: [
    { name: 'InitContainers', type: stringSlice, json: 'initContainers' },
    { name: 'Containers', type: stringSlice, json: 'containers' },
    { name: 'Volumes', type: stringSlice, json: 'volumes' },
    { name: 'ImagePullSecrets', type: stringSlice, json: 'imagePullSecrets' },
    { name: 'Revision', type: T.string, json: 'revision' },
  ],
});

/** The names of the entries of a pod spec list, in order; null (Go's nil slice) when there are none. */
function namesOf(list: unknown): string[] | null {
  if (!Array.isArray(list) || list.length === 0) return null;
  return list.map((item) => {
    const name = item !== null && typeof item === 'object' ? (item as { name?: unknown }).name : undefined;
    return typeof name === 'string' ? name : '';
  });
}

/**
 * The status of an injection, from the spec of the template pod. An empty revision is recorded as `default` (Istio keeps
 * the revision here rather than in an `istio.io/rev` label, so revision tags are not overwritten).
 */
export function injectionStatusOf(templateSpec: unknown, revision: string): SidecarInjectionStatus {
  const spec = templateSpec !== null && typeof templateSpec === 'object' ? (templateSpec as Record<string, unknown>) : {};
  return {
    initContainers: namesOf(spec['initContainers']),
    containers: namesOf(spec['containers']),
    volumes: namesOf(spec['volumes']),
    imagePullSecrets: namesOf(spec['imagePullSecrets']),
    revision: revision === '' ? 'default' : revision,
  };
}

/** The annotation value: Go `json.Marshal` of the status (key order as declared, `null` for empty lists). */
export function formatInjectionStatus(status: SidecarInjectionStatus): string {
  return marshal(new GoValue(SidecarInjectionStatusType, status));
}

/** The annotation value for a template pod (`{metadata, spec}`) and revision. */
export function injectionStatusAnnotation(templatePod: unknown, revision: string): string {
  const spec = templatePod !== null && typeof templatePod === 'object' ? (templatePod as { spec?: unknown }).spec : undefined;
  return formatInjectionStatus(injectionStatusOf(spec, revision));
}

// --- reading ----------------------------------------------------------------------------------------------------------

const STATUS_FIELDS = ['initContainers', 'containers', 'volumes', 'imagePullSecrets', 'revision'] as const;
type StatusField = (typeof STATUS_FIELDS)[number];

/** Go matches JSON keys to fields exactly, else case-insensitively; unknown keys (the legacy `version`) are ignored. */
function fieldForKey(key: string): StatusField | undefined {
  const exact = STATUS_FIELDS.find((f) => f === key);
  if (exact) return exact;
  const folded = key.toLowerCase();
  return STATUS_FIELDS.find((f) => f.toLowerCase() === folded);
}

/** A JSON value decoded into a Go `[]string`: null → nil; a null element leaves `""`; anything else is a type error. */
function decodeStringSlice(value: unknown): string[] | null | undefined {
  if (value === null) return null;
  if (!Array.isArray(value)) return undefined;
  const out: string[] = [];
  for (const item of value) {
    if (item === null) out.push('');
    else if (typeof item === 'string') out.push(item);
    else return undefined;
  }
  return out;
}

/**
 * Decodes the annotation as Go's `json.Unmarshal` into `SidecarInjectionStatus` does (Istio's `injectionStatus`):
 * undefined when the text is not JSON or any value has the wrong type; the JSON literal `null` is a zero status.
 */
export function parseInjectionStatus(value: string): SidecarInjectionStatus | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(value);
  } catch {
    return undefined;
  }
  const status: { -readonly [K in keyof SidecarInjectionStatus]: SidecarInjectionStatus[K] } = {
    initContainers: null,
    containers: null,
    volumes: null,
    imagePullSecrets: null,
    revision: '',
  };
  if (doc === null) return status;
  if (typeof doc !== 'object' || Array.isArray(doc)) return undefined;
  for (const [key, raw] of Object.entries(doc as Record<string, unknown>)) {
    const field = fieldForKey(key);
    if (field === undefined) continue;
    if (field === 'revision') {
      if (raw === null) continue;
      if (typeof raw !== 'string') return undefined;
      status.revision = raw;
      continue;
    }
    const list = decodeStringSlice(raw);
    if (list === undefined) return undefined;
    status[field] = list;
  }
  return status;
}

/** The container names a previous injection recorded (Istio's `parseStatus`, used by reapplyOverwrittenContainers). */
export interface InjectedContainerNames {
  readonly containers: readonly string[];
  readonly initContainers: readonly string[];
}

/**
 * Only `containers` and `initContainers`, read from a generic JSON map with exact keys; unparsable text yields empty
 * lists. (Go panics on non-string entries; we skip them.)
 */
export function injectedContainerNames(value: string): InjectedContainerNames {
  let doc: unknown;
  try {
    doc = JSON.parse(value);
  } catch {
    return { containers: [], initContainers: [] };
  }
  const pick = (key: string): string[] => {
    if (doc === null || typeof doc !== 'object' || !Object.hasOwn(doc, key)) return [];
    const list = (doc as Record<string, unknown>)[key];
    return Array.isArray(list) ? list.filter((n): n is string => typeof n === 'string') : [];
  };
  return { containers: pick('containers'), initContainers: pick('initContainers') };
}
