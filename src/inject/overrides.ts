/**
 * @module
 * Re-injection and user customizations of injected containers, as Istio's RunTemplate and reapplyOverwrittenContainers do:
 * `stripPod` removes what a previous injection added (per `sidecar.istio.io/status`), `reinsertOverrides` puts back the
 * user containers recorded in `proxy.istio.io/overrides`, `reapplyOverwrittenContainers` merges the user's own version of
 * a template container (typically a customized `istio-proxy`) over the rendered one and records it, and
 * `adjustInitContainerUser` keeps the iptables `-u` UID in step with a user-chosen proxy UID.
 *
 * Pods are plain JSON `{metadata, spec}`. Exported functions never modify their arguments: they return new objects.
 * This module also holds the small pod-JSON helpers the other injection steps share.
 */
import { marshal } from '../go/json.ts';
import { named, sliceOf, type GoType } from '../go/types.ts';
import { GoError, GoValue } from '../go/value.ts';
import { ContainerType } from '../schema/k8s.ts';
import { StrategicMergeError, mergePatch } from './smp.ts';
import { clearPrometheusAnnotations, prometheusPort } from './prometheus.ts';
import { STATUS_ANNOTATION, injectedContainerNames, parseInjectionStatus } from './status.ts';

export const PROXY_CONTAINER = 'istio-proxy';
export const INIT_CONTAINER = 'istio-init';
export const VALIDATION_CONTAINER = 'istio-validation';
export const ENABLE_CORE_DUMP_CONTAINER = 'enable-core-dump';
export const OVERRIDES_ANNOTATION = 'proxy.istio.io/overrides';
export const INTERCEPTION_MODE_ANNOTATION = 'sidecar.istio.io/interceptionMode';
/** A user `istio-proxy` with this image takes the injected image. */
export const AUTO_IMAGE = 'auto';

// --- pod JSON helpers -------------------------------------------------------------------------------------------------

export type JSONObject = Record<string, unknown>;
export type ContainerList = 'containers' | 'initContainers';

/** A problem that aborts injection of the workload; `field` is relative to the pod (`metadata.annotations[...]`). */
export interface PodProblem {
  readonly message: string;
  readonly field: string;
}

export type PodResult = { readonly ok: true; readonly pod: JSONObject } | { readonly ok: false; readonly problem: PodProblem };

export function isObject(x: unknown): x is JSONObject {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

/** Sets an own data property, also for keys like `__proto__` that plain assignment would treat specially. */
export function setOwn(obj: JSONObject, key: string, value: unknown): void {
  // Only `__proto__` needs defineProperty; plain assignment is much cheaper and creates the same own data property.
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** A deep copy of JSON data; `__proto__` and `constructor` keys stay ordinary data. */
export function cloneJSON<V>(value: V): V {
  if (Array.isArray(value)) return value.map((v: unknown) => cloneJSON(v)) as V;
  if (value === null || typeof value !== 'object') return value;
  const out: JSONObject = {};
  for (const k of Object.keys(value)) setOwn(out, k, cloneJSON((value as JSONObject)[k]));
  return out as V;
}

/** `obj[key]` as an object, created (as `{}`) when absent or not an object. For working copies only. */
export function ensureObject(obj: JSONObject, key: string): JSONObject {
  const current = Object.hasOwn(obj, key) ? obj[key] : undefined;
  if (isObject(current)) return current;
  const created: JSONObject = {};
  setOwn(obj, key, created);
  return created;
}

/** The pod's `spec` (or an empty object). */
export function specOf(pod: unknown): JSONObject {
  const spec = isObject(pod) ? pod['spec'] : undefined;
  return isObject(spec) ? spec : {};
}

/** The container objects of `spec[list]` (entries that are not objects are skipped). */
export function containersOf(pod: unknown, list: ContainerList): JSONObject[] {
  const items = specOf(pod)[list];
  return Array.isArray(items) ? items.filter(isObject) : [];
}

/** A container's name (Go's zero value `""` when absent). */
export function nameOf(container: JSONObject): string {
  return typeof container['name'] === 'string' ? container['name'] : '';
}

/** The first container with this name (Istio's FindContainer). */
export function findContainer(name: string, containers: readonly unknown[]): JSONObject | undefined {
  return containers.find((c): c is JSONObject => isObject(c) && (c['name'] ?? '') === name);
}

/** A container from `containers`, else from `initContainers` (Istio's FindContainerFromPod). */
export function findContainerFromPod(name: string, pod: unknown): JSONObject | undefined {
  return findContainer(name, containersOf(pod, 'containers')) ?? findContainer(name, containersOf(pod, 'initContainers'));
}

/** The `istio-proxy` container, wherever it is (Istio's FindSidecar). */
export function findSidecar(pod: unknown): JSONObject | undefined {
  return findContainerFromPod(PROXY_CONTAINER, pod);
}

/** The string-valued own entries of `metadata[key]` (annotations or labels) as a new object. */
export function stringMapOf(pod: unknown, key: 'annotations' | 'labels'): Record<string, string> {
  const meta = isObject(pod) ? pod['metadata'] : undefined;
  const map = isObject(meta) ? meta[key] : undefined;
  const out: Record<string, string> = {};
  if (!isObject(map)) return out;
  for (const [k, v] of Object.entries(map)) if (typeof v === 'string') setOwn(out, k, v);
  return out;
}

/** An own annotation of the pod, or undefined. */
export function annotationOf(pod: unknown, key: string): string | undefined {
  const annotations = stringMapOf(pod, 'annotations');
  return Object.hasOwn(annotations, key) ? annotations[key] : undefined;
}

/** On a working copy: sets `metadata[map][key] = value`, creating the maps as needed. */
export function setMetadataEntry(pod: JSONObject, map: 'annotations' | 'labels', key: string, value: string): void {
  setOwn(ensureObject(ensureObject(pod, 'metadata'), map), key, value);
}

// --- Go round trip of containers ----------------------------------------------------------------------------------

/**
 * A container as Go sees it after `json.Unmarshal` + `json.Marshal` into `corev1.Container`: Go field order, unknown
 * fields dropped, empty optional fields omitted, `resources: {}` always present, quantities canonical.
 */
export function normalizeContainer(container: JSONObject): JSONObject {
  return JSON.parse(marshal(new GoValue(ContainerType, container))) as JSONObject;
}

/** Istio's `ParsedContainers` (also the shape of `proxy.istio.io/overrides`). */
export interface ParsedContainers {
  readonly containers: readonly JSONObject[];
  readonly initContainers: readonly JSONObject[];
}

const containerSlice = sliceOf(ContainerType);

export const ParsedContainersType: GoType = named('inject.ParsedContainers', 'struct', {
  fields: [
    { name: 'Containers', type: containerSlice, json: 'containers', omitempty: true },
    { name: 'InitContainers', type: containerSlice, json: 'initContainers', omitempty: true },
  ],
});

/** The `proxy.istio.io/overrides` value: Go `json.Marshal` of the recorded containers. */
export function formatOverrides(overrides: ParsedContainers): string {
  const rep = {
    containers: overrides.containers.length > 0 ? overrides.containers : null,
    initContainers: overrides.initContainers.length > 0 ? overrides.initContainers : null,
  };
  return marshal(new GoValue(ParsedContainersType, rep));
}

function overridesProblem(reason: string): PodProblem {
  return {
    message: `Cannot read annotation "${OVERRIDES_ANNOTATION}": ${reason}`,
    field: `metadata.annotations[${JSON.stringify(OVERRIDES_ANNOTATION)}]`,
  };
}

/**
 * Decodes `proxy.istio.io/overrides` as Go decodes it into `ParsedContainers`: a JSON object (or `null`) whose
 * `containers`/`initContainers` are lists of container objects; the containers come back normalized.
 */
export function parseOverrides(value: string): { ok: true; overrides: ParsedContainers } | { ok: false; problem: PodProblem } {
  let doc: unknown;
  try {
    doc = JSON.parse(value);
  } catch (e) {
    return { ok: false, problem: overridesProblem(`invalid JSON: ${(e as Error).message}`) };
  }
  if (doc === null) return { ok: true, overrides: { containers: [], initContainers: [] } };
  if (!isObject(doc)) return { ok: false, problem: overridesProblem('expected a JSON object') };
  const lists: Record<ContainerList, JSONObject[]> = { containers: [], initContainers: [] };
  for (const key of ['containers', 'initContainers'] as const) {
    const raw = Object.hasOwn(doc, key) ? doc[key] : null;
    if (raw === null || raw === undefined) continue;
    if (!Array.isArray(raw)) return { ok: false, problem: overridesProblem(`"${key}" is not a list`) };
    for (const item of raw) {
      if (item !== null && !isObject(item)) return { ok: false, problem: overridesProblem(`"${key}" holds a non-object`) };
      try {
        lists[key].push(normalizeContainer(item ?? {}));
      } catch (e) {
        if (e instanceof GoError) return { ok: false, problem: overridesProblem(e.message) };
        throw e;
      }
    }
  }
  return { ok: true, overrides: lists };
}

// --- strip and reinsert -------------------------------------------------------------------------------------------

/**
 * Istio's stripPod, for re-injection: with a parsable `sidecar.istio.io/status`, remove every container and init
 * container it lists (all entries with those names), clear the Prometheus annotations when the current port is the mesh
 * status port (injection wrote them), and drop the status annotation. Without one the pod is returned as is.
 */
export function stripPod(pod: JSONObject, meshStatusPort: number): JSONObject {
  const statusText = annotationOf(pod, STATUS_ANNOTATION);
  if (statusText === undefined) return pod;
  const status = parseInjectionStatus(statusText);
  if (status === undefined) return pod;
  const out = cloneJSON(pod);
  const spec = specOf(out);
  const strip = (list: ContainerList, names: readonly string[] | null): void => {
    const items = spec[list];
    if (!Array.isArray(items) || !names || names.length === 0) return;
    setOwn(spec, list, items.filter((c) => !(isObject(c) && names.includes(nameOf(c)))));
  };
  strip('containers', status.containers);
  strip('initContainers', status.initContainers);
  const meta = ensureObject(out, 'metadata');
  let annotations = stringMapOf(out, 'annotations');
  if (prometheusPort(annotations) === String(meshStatusPort)) annotations = clearPrometheusAnnotations(annotations);
  delete annotations[STATUS_ANNOTATION];
  setOwn(meta, 'annotations', annotations);
  return out;
}

/**
 * Istio's reinsertOverrides: append the containers and init containers recorded in `proxy.istio.io/overrides` that the
 * pod no longer has (stripPod removed them because a template had modified them). A malformed annotation is a problem.
 */
export function reinsertOverrides(pod: JSONObject): PodResult {
  const text = annotationOf(pod, OVERRIDES_ANNOTATION);
  if (text === undefined) return { ok: true, pod };
  const parsed = parseOverrides(text);
  if (!parsed.ok) return parsed;
  const out = cloneJSON(pod);
  const spec = ensureObject(out, 'spec');
  for (const list of ['containers', 'initContainers'] as const) {
    for (const container of parsed.overrides[list]) {
      const current = Array.isArray(spec[list]) ? (spec[list] as unknown[]) : [];
      if (findContainer(nameOf(container), current)) continue;
      setOwn(spec, list, [...current, cloneJSON(container)]);
    }
  }
  return { ok: true, pod: out };
}

// --- reapply user containers --------------------------------------------------------------------------------------

/** Strategic-merges one container onto the pod's `containers` or `initContainers` (Istio's applyContainer/applyInitContainer). */
function applyContainer(pod: JSONObject, container: JSONObject, list: ContainerList): JSONObject {
  const patch: JSONObject = { spec: {} };
  setOwn(patch['spec'] as JSONObject, list, [container]);
  return mergePatch(pod, patch);
}

export interface ReapplyOptions {
  /** The effective ProxyConfig `interceptionMode` (`REDIRECT`, `TPROXY`, `NONE`); empty means REDIRECT. */
  readonly interceptionMode?: string;
}

/**
 * Istio's reapplyOverwrittenContainers (followed, as there, by adjustInitContainerUser). For each container the template
 * pod defines — containers, then init containers — that the previous status annotation does not list (or that
 * `proxy.istio.io/overrides` records: unlike Istio, so that re-injection keeps the customization): take the user's
 * version (from `proxy.istio.io/overrides`, else from the original pod: `containers` for containers, containers then
 * init containers for init containers), normalize it, turn `image: auto` into no image, and merge it over the final pod.
 * On a first injection with any such override, record them in `proxy.istio.io/overrides`.
 *
 * `finalPod` is the merged pod, `originalPod` the pod as it came in (before stripPod), `templatePod` the templates' output.
 */
export function reapplyOverwrittenContainers(
  finalPod: JSONObject,
  originalPod: JSONObject,
  templatePod: JSONObject,
  options: ReapplyOptions = {},
): PodResult {
  let existing: ParsedContainers = { containers: [], initContainers: [] };
  const overridesText = annotationOf(originalPod, OVERRIDES_ANNOTATION);
  if (overridesText !== undefined) {
    const parsed = parseOverrides(overridesText);
    if (!parsed.ok) return parsed;
    existing = parsed.overrides;
  }
  const statusText = annotationOf(originalPod, STATUS_ANNOTATION);
  const alreadyInjected = statusText !== undefined;
  const injected = alreadyInjected ? injectedContainerNames(statusText) : { containers: [], initContainers: [] };

  const recorded: Record<ContainerList, JSONObject[]> = { containers: [], initContainers: [] };
  let pod = finalPod;
  for (const list of ['containers', 'initContainers'] as const) {
    for (const templateContainer of containersOf(templatePod, list)) {
      const name = nameOf(templateContainer);
      const userOverride = findContainer(name, existing[list]);
      // Istio skips every container the previous injection listed, so a re-injection would drop the user's recorded
      // customization; applying the recorded override again keeps re-injection idempotent (ARCHITECTURE.md §8.7).
      if (injected[list].includes(name) && !userOverride) continue;
      const match =
        userOverride ??
        (list === 'containers' ? findContainer(name, containersOf(originalPod, 'containers')) : findContainerFromPod(name, originalPod));
      if (!match) continue;
      try {
        const overlay = normalizeContainer(match);
        if (overlay['image'] === AUTO_IMAGE) delete overlay['image'];
        recorded[list].push(overlay);
        pod = applyContainer(pod, overlay, list);
      } catch (e) {
        if (!(e instanceof GoError || e instanceof StrategicMergeError)) throw e;
        const field = list === 'containers' ? 'sidecar container' : 'sidecar init container';
        return { ok: false, problem: { message: `Cannot apply the user's ${field} "${name}": ${e.message}`, field: `spec.${list}` } };
      }
    }
  }
  if (!alreadyInjected && (recorded.containers.length > 0 || recorded.initContainers.length > 0)) {
    const value = formatOverrides(recorded);
    pod = pod === finalPod ? cloneJSON(pod) : pod;
    setMetadataEntry(pod, 'annotations', OVERRIDES_ANNOTATION, value);
  }
  return { ok: true, pod: adjustInitContainerUser(pod, originalPod, options.interceptionMode ?? '') };
}

/**
 * The user's own `istio-proxy` as `proxy.istio.io/overrides` recorded it. On re-injection the pod's `istio-proxy` is the
 * injected one (under TPROXY its runAsUser was forced to 0), so the recorded one is the user's (not in Istio, which
 * would lose the `-u` UID on re-injection).
 */
function recordedSidecar(originalPod: JSONObject): JSONObject | undefined {
  const text = annotationOf(originalPod, OVERRIDES_ANNOTATION);
  if (text === undefined) return undefined;
  const parsed = parseOverrides(text);
  if (!parsed.ok) return undefined;
  return findContainer(PROXY_CONTAINER, parsed.overrides.containers) ?? findContainer(PROXY_CONTAINER, parsed.overrides.initContainers);
}

function securityContextOf(container: JSONObject | undefined): JSONObject | undefined {
  const sc = container?.['securityContext'];
  return isObject(sc) ? sc : undefined;
}

function presentInt(sc: JSONObject | undefined, key: string): number | undefined {
  const v = sc?.[key];
  return typeof v === 'number' ? v : undefined;
}

/**
 * Istio's adjustInitContainerUser: when the user's own `istio-proxy` sets `runAsUser`/`runAsGroup`, find `istio-init`
 * (else `istio-validation`) and: under TPROXY (ProxyConfig or the pod's interceptionMode annotation) with a user
 * `runAsUser`, force the proxy's `runAsUser` to 0; outside TPROXY copy the user's IDs onto `istio-validation`; and when
 * the user's `runAsUser` is set and non-zero, replace the argument after `-u` in the init container's args.
 */
export function adjustInitContainerUser(finalPod: JSONObject, originalPod: JSONObject, interceptionMode: string): JSONObject {
  const userSC = securityContextOf(recordedSidecar(originalPod) ?? findSidecar(originalPod));
  const userUID = presentInt(userSC, 'runAsUser');
  const userGID = presentInt(userSC, 'runAsGroup');
  if (!userSC || (userUID === undefined && userGID === undefined)) return finalPod;

  const inits = containersOf(finalPod, 'initContainers');
  const initName = [INIT_CONTAINER, VALIDATION_CONTAINER].find((n) => findContainer(n, inits));
  if (initName === undefined) return finalPod;

  const pod = cloneJSON(finalPod);
  const init = findContainer(initName, containersOf(pod, 'initContainers')) as JSONObject;
  const tproxy = interceptionMode === 'TPROXY' || annotationOf(pod, INTERCEPTION_MODE_ANNOTATION) === 'TPROXY';

  if (tproxy && userUID !== undefined) {
    const sidecar = findSidecar(pod);
    if (sidecar) setOwn(ensureObject(sidecar, 'securityContext'), 'runAsUser', 0);
  }
  if (!tproxy && initName === VALIDATION_CONTAINER) {
    const sc = ensureObject(init, 'securityContext');
    if (userUID !== undefined) setOwn(sc, 'runAsUser', userUID);
    if (userGID !== undefined) setOwn(sc, 'runAsGroup', userGID);
  }
  if (userUID === undefined || userUID === 0) return pod;
  const args = init['args'];
  if (Array.isArray(args)) {
    const at = args.indexOf('-u');
    // Go would index past the end when `-u` is the last argument; we leave such args alone.
    if (at >= 0 && at + 1 < args.length) args[at + 1] = String(userUID);
  }
  return pod;
}
