/**
 * @module
 * Prometheus "metrics merge" (Istio's applyPrometheusMerge, applySecurePrometheusAnnotation) and its inverse for uninject.
 *
 * Prometheus reads `prometheus.io/scrape`, `prometheus.io.scrape`, `prometheus-io/scrape`, … as the same label
 * (`prometheus_io_scrape`), so every lookup here goes through the sanitized name. With merge on, the app's scrape settings
 * move into the proxy's `ISTIO_PROMETHEUS_ANNOTATIONS` env and the annotations point Prometheus at the agent instead.
 * Where Go would pick one of several spellings at random (map order), we pick the canonical spelling, else the first key
 * in byte order.
 */
import { marshal } from '../go/json.ts';
import { T, named, sliceOf, type GoType } from '../go/types.ts';
import { atoi, parseBool } from '../go/strconv.ts';
import { GoValue, compareStrings } from '../go/value.ts';

export const PROMETHEUS_ENV = 'ISTIO_PROMETHEUS_ANNOTATIONS';
export const SECURE_PORT_ENV = 'ENVOY_SECURE_MERGED_METRICS_PORT';
export const MERGE_METRICS_ANNOTATION = 'prometheus.istio.io/merge-metrics';
export const SCRAPE_TARGETS_ANNOTATION = 'prometheus.istio.io/scrape-targets';
export const SECURE_PORT_ANNOTATION = 'prometheus.istio.io/secure-port';
export const SCRAPE_ANNOTATION = 'prometheus.io/scrape';
export const PORT_ANNOTATION = 'prometheus.io/port';
export const PATH_ANNOTATION = 'prometheus.io/path';
/** Where the agent serves the merged metrics. */
export const AGENT_METRICS_PATH = '/stats/prometheus';
const DEFAULT_TARGET_PATH = '/metrics';
const PROXY_NAME = 'istio-proxy';

/** Ports a scrape target may not use: Envoy admin/listeners, the agent's status, health and DNS ports, Envoy's own stats. */
export const RESERVED_PORTS: ReadonlySet<number> = new Set([15000, 15001, 15004, 15006, 15008, 15020, 15021, 15053, 15090]);

/** A problem that aborts injection of the workload; `field` is relative to the pod (`metadata.annotations[...]`). */
export interface PrometheusProblem {
  readonly message: string;
  readonly field: string;
}

/** sanitizeLabelName's results by name. */
const sanitizedNames = new Map<string, string>();

/** Prometheus' `strutil.SanitizeLabelName`: every character outside `[a-zA-Z0-9_]` becomes `_`. */
export function sanitizeLabelName(name: string): string {
  let sanitized = sanitizedNames.get(name);
  if (sanitized === undefined) {
    sanitized = name.replace(/[^a-zA-Z0-9_]/gu, '_');
    // Every workload asks again for the same few annotation names; the bound keeps distinct names from piling up.
    if (sanitizedNames.size >= 4096) sanitizedNames.clear();
    sanitizedNames.set(name, sanitized);
  }
  return sanitized;
}

const SANITIZED = {
  scrape: sanitizeLabelName(SCRAPE_ANNOTATION),
  port: sanitizeLabelName(PORT_ANNOTATION),
  path: sanitizeLabelName(PATH_ANNOTATION),
  targets: sanitizeLabelName(SCRAPE_TARGETS_ANNOTATION),
  securePort: sanitizeLabelName(SECURE_PORT_ANNOTATION),
} as const;

/** The names `clearPrometheusAnnotations` removes. */
const CLEARED: ReadonlySet<string> = new Set([SANITIZED.scrape, SANITIZED.port, SANITIZED.path, SANITIZED.targets]);

// --- small JSON helpers (this module is a leaf: it imports nothing from the other inject modules) -----------------------

type JSONObject = Record<string, unknown>;
type Annotations = Record<string, string>;

function isObject(x: unknown): x is JSONObject {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

/** Sets an own data property even for keys like `__proto__`. */
function setOwn(obj: JSONObject, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The string-valued own entries of `metadata.annotations`, in order. */
function annotationEntries(pod: unknown): [string, string][] {
  const meta = isObject(pod) ? pod['metadata'] : undefined;
  const ann = isObject(meta) ? meta['annotations'] : undefined;
  if (!isObject(ann)) return [];
  return Object.entries(ann).filter((e): e is [string, string] => typeof e[1] === 'string');
}

/** The value of the annotation whose sanitized name is `sanitized`: the canonical key first, else the first in byte order. */
function prometheusValue(entries: readonly [string, string][], sanitized: string, canonical: string): [string, string] | undefined {
  const matches = entries.filter(([k]) => sanitizeLabelName(k) === sanitized);
  if (matches.length === 0) return undefined;
  const exact = matches.find(([k]) => k === canonical);
  if (exact) return exact;
  return matches.sort((a, b) => compareStrings(a[0], b[0]))[0];
}

/** Go's `strconv.ParseBool`, undefined where it returns an error. */
export function parseGoBool(s: string): boolean | undefined {
  try {
    return parseBool(s);
  } catch {
    return undefined;
  }
}

// --- reading the annotations ------------------------------------------------------------------------------------------

/** Whether Prometheus scrapes the pod: false only when the scrape annotation parses as false. */
export function prometheusScrapeEnabled(annotations: Readonly<Annotations>): boolean {
  const found = prometheusValue(Object.entries(annotations), SANITIZED.scrape, SCRAPE_ANNOTATION);
  if (!found) return true;
  return parseGoBool(found[1]) ?? true;
}

/** Annotation `prometheus.istio.io/merge-metrics` (a Go bool) › mesh `enablePrometheusMerge` › true. */
export function prometheusMergeEnabled(annotations: Readonly<Annotations>, meshEnablePrometheusMerge?: boolean | null): boolean {
  if (Object.hasOwn(annotations, MERGE_METRICS_ANNOTATION)) {
    const parsed = parseGoBool(annotations[MERGE_METRICS_ANNOTATION] ?? '');
    if (parsed !== undefined) return parsed;
  }
  if (typeof meshEnablePrometheusMerge === 'boolean') return meshEnablePrometheusMerge;
  return true;
}

/** The current scrape port, if any annotation spells it. */
export function prometheusPort(annotations: Readonly<Annotations>): string | undefined {
  return prometheusValue(Object.entries(annotations), SANITIZED.port, PORT_ANNOTATION)?.[1];
}

/** A copy without every spelling of the scrape, port, path and scrape-targets annotations. */
export function clearPrometheusAnnotations(annotations: Readonly<Annotations>): Annotations {
  const out: Annotations = {};
  for (const [k, v] of Object.entries(annotations)) {
    if (!CLEARED.has(sanitizeLabelName(k))) setOwn(out, k, v);
  }
  return out;
}

/** One `port:path` entry of `prometheus.istio.io/scrape-targets`. */
export interface ScrapeTarget {
  readonly port: string;
  readonly path: string;
}

/** Istio's `PrometheusScrapeConfiguration`: what the agent scrapes from the app. */
export interface PrometheusScrapeConfiguration {
  readonly scrape: string;
  readonly path: string;
  readonly port: string;
  readonly targets?: readonly ScrapeTarget[];
}

export const ScrapeTargetType: GoType = named('status.ScrapeTarget', 'struct', {
  fields: [
    { name: 'Port', type: T.string, json: 'port' },
    { name: 'Path', type: T.string, json: 'path' },
  ],
});

export const PrometheusScrapeConfigurationType: GoType = named('status.PrometheusScrapeConfiguration', 'struct', {
  fields: [
    { name: 'Scrape', type: T.string, json: 'scrape' },
    { name: 'Path', type: T.string, json: 'path' },
    { name: 'Port', type: T.string, json: 'port' },
    { name: 'Targets', type: sliceOf(ScrapeTargetType), json: 'targets', omitempty: true },
  ],
});

/** Parses `port:path,port:path`; entries are trimmed, empty entries skipped, a missing path is `/metrics`. */
export function parseScrapeTargets(value: string): ScrapeTarget[] {
  const targets: ScrapeTarget[] = [];
  for (const raw of value.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const colon = entry.indexOf(':');
    const port = (colon < 0 ? entry : entry.slice(0, colon)).trim();
    const path = colon < 0 ? '' : entry.slice(colon + 1).trim();
    targets.push({ port, path: path === '' ? DEFAULT_TARGET_PATH : path });
  }
  return targets;
}

/** The app's scrape settings; with scrape targets, the first target is also the port and path. */
export function scrapeConfiguration(annotations: Readonly<Annotations>): PrometheusScrapeConfiguration {
  const entries = Object.entries(annotations);
  const scrape = prometheusValue(entries, SANITIZED.scrape, SCRAPE_ANNOTATION)?.[1] ?? '';
  let path = prometheusValue(entries, SANITIZED.path, PATH_ANNOTATION)?.[1] ?? '';
  let port = prometheusValue(entries, SANITIZED.port, PORT_ANNOTATION)?.[1] ?? '';
  const targetsText = prometheusValue(entries, SANITIZED.targets, SCRAPE_TARGETS_ANNOTATION)?.[1];
  const targets = targetsText === undefined ? [] : parseScrapeTargets(targetsText);
  const first = targets[0];
  if (first === undefined) return { scrape, path, port };
  port = first.port;
  path = first.path;
  return { scrape, path, port, targets };
}

function isEmptyConfiguration(cfg: PrometheusScrapeConfiguration): boolean {
  return cfg.scrape === '' && cfg.path === '' && cfg.port === '' && (cfg.targets?.length ?? 0) === 0;
}

/** Go `json.Marshal` of the configuration (`targets` omitted when empty). */
export function formatScrapeConfiguration(cfg: PrometheusScrapeConfiguration): string {
  const rep = { scrape: cfg.scrape, path: cfg.path, port: cfg.port, targets: cfg.targets ?? null };
  return marshal(new GoValue(PrometheusScrapeConfigurationType, rep));
}

/** Why a scrape port cannot be merged, or undefined when it can. Ports are parsed as Go's `strconv.Atoi` does. */
export function scrapePortProblem(port: string, statusPort: number): string | undefined {
  let n: number;
  try {
    n = atoi(port);
  } catch {
    return 'not a port number';
  }
  if (n < 1 || n > 65535) return 'out of range 1-65535';
  if (n === statusPort) return 'the proxy status port, where the merged metrics are served';
  if (RESERVED_PORTS.has(n)) return 'reserved by Istio';
  return undefined;
}

function validateConfiguration(
  cfg: PrometheusScrapeConfiguration,
  entries: readonly [string, string][],
  statusPort: number,
): PrometheusProblem | undefined {
  const check = (port: string, key: string): PrometheusProblem | undefined => {
    const reason = scrapePortProblem(port, statusPort);
    if (reason === undefined) return undefined;
    return {
      message: `Cannot merge Prometheus metrics: port "${port}" in annotation "${key}" is ${reason}`,
      field: `metadata.annotations[${JSON.stringify(key)}]`,
    };
  };
  if (cfg.targets && cfg.targets.length > 0) {
    const key = prometheusValue(entries, SANITIZED.targets, SCRAPE_TARGETS_ANNOTATION)?.[0] ?? SCRAPE_TARGETS_ANNOTATION;
    for (const target of cfg.targets) {
      const problem = check(target.port, key);
      if (problem) return problem;
    }
    return undefined;
  }
  if (cfg.port === '') return undefined;
  const key = prometheusValue(entries, SANITIZED.port, PORT_ANNOTATION)?.[0] ?? PORT_ANNOTATION;
  return check(cfg.port, key);
}

// --- pod-level steps --------------------------------------------------------------------------------------------------

/** Where the proxy container is: `containers` first, then `initContainers` (Istio's FindSidecar). */
function sidecarLocation(pod: unknown): { list: 'containers' | 'initContainers'; index: number } | undefined {
  const spec = isObject(pod) ? pod['spec'] : undefined;
  if (!isObject(spec)) return undefined;
  for (const list of ['containers', 'initContainers'] as const) {
    const items = spec[list];
    if (!Array.isArray(items)) continue;
    const index = items.findIndex((c) => isObject(c) && c['name'] === PROXY_NAME);
    if (index >= 0) return { list, index };
  }
  return undefined;
}

function sidecarOf(pod: unknown): JSONObject | undefined {
  const at = sidecarLocation(pod);
  if (!at) return undefined;
  const items = ((pod as JSONObject)['spec'] as JSONObject)[at.list] as unknown[];
  return items[at.index] as JSONObject;
}

/** A copy of the pod whose proxy container got `edit` applied to a copy of it (structural sharing elsewhere). */
export function withSidecar(pod: JSONObject, edit: (sidecar: JSONObject) => void): JSONObject {
  const at = sidecarLocation(pod);
  if (!at) return pod;
  const spec = { ...(pod['spec'] as JSONObject) };
  const items = [...(spec[at.list] as unknown[])];
  const sidecar = { ...(items[at.index] as JSONObject) };
  edit(sidecar);
  items[at.index] = sidecar;
  setOwn(spec, at.list, items);
  const out = { ...pod };
  setOwn(out, 'spec', spec);
  return out;
}

function appendEnv(sidecar: JSONObject, name: string, value: string): void {
  const env = Array.isArray(sidecar['env']) ? [...(sidecar['env'] as unknown[])] : [];
  env.push({ name, value });
  sidecar['env'] = env;
}

/** A copy of the pod with `metadata.annotations` replaced. */
function withAnnotations(pod: JSONObject, annotations: Annotations): JSONObject {
  const meta = isObject(pod['metadata']) ? { ...pod['metadata'] } : {};
  setOwn(meta, 'annotations', annotations);
  const out = { ...pod };
  setOwn(out, 'metadata', meta);
  return out;
}

function annotationsObject(pod: JSONObject): Annotations {
  const out: Annotations = {};
  for (const [k, v] of annotationEntries(pod)) setOwn(out, k, v);
  return out;
}

export interface PrometheusMergeOptions {
  /** Mesh `defaultConfig.statusPort` (0 without a mesh config); the agent serves merged metrics there. */
  readonly statusPort: number;
  /** Mesh `enablePrometheusMerge`; undefined or null when unset (merge is then on). */
  readonly enablePrometheusMerge?: boolean | null;
}

export type PrometheusMergeResult =
  | { readonly ok: true; readonly pod: JSONObject }
  | { readonly ok: false; readonly problem: PrometheusProblem };

/**
 * Istio's applyPrometheusMerge, on a copy. Unless scraping is off or merge is disabled, or the port already points at the
 * agent: record the app's settings in the proxy's `ISTIO_PROMETHEUS_ANNOTATIONS` env (when there is a proxy and something
 * to record), then replace every spelling of the annotations by port = status port, path = `/stats/prometheus`,
 * scrape = `true`. An unmergeable port is a problem that aborts injection of the workload.
 */
export function applyPrometheusMerge(pod: JSONObject, options: PrometheusMergeOptions): PrometheusMergeResult {
  const annotations = annotationsObject(pod);
  if (!prometheusScrapeEnabled(annotations) || !prometheusMergeEnabled(annotations, options.enablePrometheusMerge)) {
    return { ok: true, pod };
  }
  const targetPort = String(options.statusPort);
  if (prometheusPort(annotations) === targetPort) return { ok: true, pod };
  const cfg = scrapeConfiguration(annotations);
  const problem = validateConfiguration(cfg, Object.entries(annotations), options.statusPort);
  if (problem) return { ok: false, problem };
  let out = pod;
  if (sidecarOf(pod) && !isEmptyConfiguration(cfg)) {
    const value = formatScrapeConfiguration(cfg);
    out = withSidecar(out, (sidecar) => appendEnv(sidecar, PROMETHEUS_ENV, value));
  }
  const merged = clearPrometheusAnnotations(annotations);
  setOwn(merged, PORT_ANNOTATION, targetPort);
  setOwn(merged, PATH_ANNOTATION, AGENT_METRICS_PATH);
  setOwn(merged, SCRAPE_ANNOTATION, 'true');
  return { ok: true, pod: withAnnotations(out, merged) };
}

/** The literal value of a proxy env var (valueFrom entries have none). */
function sidecarEnvValue(pod: unknown, name: string): string | undefined {
  const env = sidecarOf(pod)?.['env'];
  if (!Array.isArray(env)) return undefined;
  const entry = env.find((e) => isObject(e) && e['name'] === name) as JSONObject | undefined;
  const value = entry?.['value'];
  return typeof value === 'string' ? value : entry ? '' : undefined;
}

/**
 * Istio's applySecurePrometheusAnnotation, on a copy: when the proxy sets `ENVOY_SECURE_MERGED_METRICS_PORT` (not empty,
 * not `0`) and no spelling of `prometheus.istio.io/secure-port` exists, annotate the pod with that port.
 */
export function applySecurePrometheusAnnotation(pod: JSONObject): JSONObject {
  const entries = annotationEntries(pod);
  if (entries.some(([k]) => sanitizeLabelName(k) === SANITIZED.securePort)) return pod;
  const port = sidecarEnvValue(pod, SECURE_PORT_ENV);
  if (port === undefined || port === '' || port === '0') return pod;
  const annotations = annotationsObject(pod);
  setOwn(annotations, SECURE_PORT_ANNOTATION, port);
  return withAnnotations(pod, annotations);
}

// --- uninject ---------------------------------------------------------------------------------------------------------

/** Decodes an `ISTIO_PROMETHEUS_ANNOTATIONS` value; undefined when it is not a JSON object of the expected shape. */
export function parseScrapeConfiguration(value: string): PrometheusScrapeConfiguration | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (!isObject(doc)) return undefined;
  const str = (key: string): string | undefined => {
    const v = doc[key];
    return v === undefined || v === null ? '' : typeof v === 'string' ? v : undefined;
  };
  const scrape = str('scrape');
  const path = str('path');
  const port = str('port');
  if (scrape === undefined || path === undefined || port === undefined) return undefined;
  const rawTargets = doc['targets'];
  if (rawTargets === undefined || rawTargets === null) return { scrape, path, port };
  if (!Array.isArray(rawTargets)) return undefined;
  const targets: ScrapeTarget[] = [];
  for (const t of rawTargets) {
    if (!isObject(t)) return undefined;
    targets.push({ port: typeof t['port'] === 'string' ? t['port'] : '', path: typeof t['path'] === 'string' ? t['path'] : '' });
  }
  return { scrape, path, port, targets };
}

/**
 * The inverse of applyPrometheusMerge, on a copy (call it before the proxy container is removed). With
 * `ISTIO_PROMETHEUS_ANNOTATIONS`: the injected annotations are replaced by the recorded scrape, path and port (each only
 * when recorded non-empty; with scrape targets, port and path are restored only when they differ from the first target,
 * which injection copies into them) and the targets. Without it: `prometheus.io/{port,path,scrape}` are removed when they
 * hold exactly what injection writes. The original spelling of the keys is not recorded; restored keys are canonical.
 */
export function restorePrometheusAnnotations(pod: JSONObject, statusPort: number): JSONObject {
  const annotations = annotationsObject(pod);
  const recorded = sidecarEnvValue(pod, PROMETHEUS_ENV);
  const cfg = recorded === undefined ? undefined : parseScrapeConfiguration(recorded);
  if (cfg === undefined) {
    const injected: [string, string][] = [
      [PORT_ANNOTATION, String(statusPort)],
      [PATH_ANNOTATION, AGENT_METRICS_PATH],
      [SCRAPE_ANNOTATION, 'true'],
    ];
    if (!injected.every(([k, v]) => annotations[k] === v)) return pod;
    for (const [k] of injected) delete annotations[k];
    return withAnnotations(pod, annotations);
  }
  const restored = clearPrometheusAnnotations(annotations);
  const first = cfg.targets?.[0];
  if (cfg.scrape !== '') setOwn(restored, SCRAPE_ANNOTATION, cfg.scrape);
  if (cfg.path !== '' && cfg.path !== first?.path) setOwn(restored, PATH_ANNOTATION, cfg.path);
  if (cfg.port !== '' && cfg.port !== first?.port) setOwn(restored, PORT_ANNOTATION, cfg.port);
  if (cfg.targets && cfg.targets.length > 0) {
    setOwn(restored, SCRAPE_TARGETS_ANNOTATION, cfg.targets.map((t) => `${t.port}:${t.path}`).join(','));
  }
  return withAnnotations(pod, restored);
}
