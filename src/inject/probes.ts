/**
 * @module
 * Application probe rewriting (Istio's app_probe.go and applyRewrite): kubelet cannot reach an app behind mTLS, so HTTP,
 * TCP and gRPC probes and HTTP/TCP lifecycle handlers are pointed at the agent's status port under
 * `/app-health/<container>/{readyz,livez,startupz}` and `/app-lifecycle/<container>/{prestopz,poststartz}`, and the
 * original actions are handed to the agent in the proxy's `ISTIO_KUBE_APP_PROBERS` env (JSON, sorted keys). The inverse,
 * for uninject, restores every rewritten action from that env.
 */
import { marshal } from '../go/json.ts';
import { atoi } from '../go/strconv.ts';
import { T, mapOf, named, ptrTo, type GoType } from '../go/types.ts';
import { GoValue } from '../go/value.ts';
import { GRPCActionType, HTTPGetActionType, TCPSocketActionType } from '../schema/k8s.ts';
import {
  PROXY_CONTAINER,
  annotationOf,
  cloneJSON,
  containersOf,
  findSidecar,
  isObject,
  nameOf,
  setOwn,
  type ContainerList,
  type JSONObject,
} from './overrides.ts';
import { parseGoBool, withSidecar } from './prometheus.ts';
import { STATUS_ANNOTATION } from './status.ts';

export const KUBE_APP_PROBERS_ENV = 'ISTIO_KUBE_APP_PROBERS';
export const REWRITE_PROBERS_ANNOTATION = 'sidecar.istio.io/rewriteAppHTTPProbers';
export const STATUS_PORT_ANNOTATION = 'status.sidecar.istio.io/port';

/** The agent URLs of one container (Istio's status.FormatProberURL). */
export interface ProberURLs {
  readonly readyz: string;
  readonly livez: string;
  readonly startupz: string;
  readonly prestopz: string;
  readonly poststartz: string;
}

export function proberURLs(containerName: string): ProberURLs {
  return {
    readyz: `/app-health/${containerName}/readyz`,
    livez: `/app-health/${containerName}/livez`,
    startupz: `/app-health/${containerName}/startupz`,
    prestopz: `/app-lifecycle/${containerName}/prestopz`,
    poststartz: `/app-lifecycle/${containerName}/poststartz`,
  };
}

const PROBES = [
  ['readinessProbe', 'readyz'],
  ['livenessProbe', 'livez'],
  ['startupProbe', 'startupz'],
] as const;

const HANDLERS = [
  ['preStop', 'prestopz'],
  ['postStart', 'poststartz'],
] as const;

/** Istio's `Prober`: one original action plus the probe timeout. */
export const ProberType: GoType = named('inject.Prober', 'struct', {
  fields: [
    { name: 'HTTPGet', type: ptrTo(HTTPGetActionType), json: 'httpGet', omitempty: true },
    { name: 'TCPSocket', type: ptrTo(TCPSocketActionType), json: 'tcpSocket', omitempty: true },
    { name: 'GRPC', type: ptrTo(GRPCActionType), json: 'grpc', omitempty: true },
    { name: 'TimeoutSeconds', type: T.int32, json: 'timeoutSeconds', omitempty: true },
  ],
});

/** Istio's `KubeAppProbers`: URL → prober (a nil prober prints `null`). */
export const KubeAppProbersType: GoType = mapOf(T.string, ptrTo(ProberType));

/** A prober as plain JSON: at most one action, with an int or named port. */
export interface Prober {
  readonly httpGet?: JSONObject;
  readonly tcpSocket?: JSONObject;
  readonly grpc?: JSONObject;
  readonly timeoutSeconds?: number;
}

/** Whether to rewrite: annotation `sidecar.istio.io/rewriteAppHTTPProbers` (a Go bool) › the values setting. */
export function shouldRewriteAppHTTPProbers(annotations: Readonly<Record<string, string>>, valuesSetting: boolean): boolean {
  if (Object.hasOwn(annotations, REWRITE_PROBERS_ANNOTATION)) {
    const parsed = parseGoBool(annotations[REWRITE_PROBERS_ANNOTATION] ?? '');
    if (parsed !== undefined) return parsed;
  }
  return valuesSetting;
}

// --- dumping ----------------------------------------------------------------------------------------------------------

function objectField(obj: unknown, key: string): JSONObject | undefined {
  const v = isObject(obj) ? obj[key] : undefined;
  return isObject(v) ? v : undefined;
}

/**
 * The action of a probe (httpGet › tcpSocket › grpc, with its timeout) or of a lifecycle handler (httpGet › tcpSocket, no
 * timeout) as a prober; exec, sleep and empty actions have none.
 */
function toProber(holder: unknown, kind: 'probe' | 'handler'): Prober | undefined {
  const timeout = kind === 'probe' && isObject(holder) && typeof holder['timeoutSeconds'] === 'number' ? holder['timeoutSeconds'] : 0;
  const timeoutPart = timeout !== 0 ? { timeoutSeconds: timeout } : {};
  const httpGet = objectField(holder, 'httpGet');
  if (httpGet) return { httpGet: cloneJSON(httpGet), ...timeoutPart };
  const tcpSocket = objectField(holder, 'tcpSocket');
  if (tcpSocket) return { tcpSocket: cloneJSON(tcpSocket), ...timeoutPart };
  const grpc = kind === 'probe' ? objectField(holder, 'grpc') : undefined;
  if (grpc) return { grpc: cloneJSON(grpc), ...timeoutPart };
  return undefined;
}

/**
 * Resolves a named port through the container's named ports (unknown name → dropped); an int port equal to the status
 * port was rewritten by an earlier injection → dropped. gRPC ports are ints and kept as they are.
 */
function resolvePort(prober: Prober, portMap: ReadonlyMap<string, unknown>, targetPort: number): Prober | undefined {
  if (prober.grpc) return prober;
  const action = prober.httpGet ?? prober.tcpSocket;
  if (!action) return undefined;
  const port = action['port'] ?? 0;
  if (typeof port === 'string') {
    if (!portMap.has(port)) return undefined;
    setOwn(action, 'port', portMap.get(port) ?? 0);
  } else if (port === targetPort) {
    return undefined;
  }
  return prober;
}

function namedPorts(container: JSONObject): Map<string, unknown> {
  const map = new Map<string, unknown>();
  const ports = container['ports'];
  if (!Array.isArray(ports)) return map;
  for (const p of ports) {
    if (isObject(p) && typeof p['name'] === 'string' && p['name'] !== '') map.set(p['name'], p['containerPort'] ?? 0);
  }
  return map;
}

/** Go `json.Marshal` of URL → prober (json.Marshal writes map keys in byte order). */
export function formatAppProbers(probers: ReadonlyMap<string, Prober | null>): string {
  const rep = new Map<string, unknown>();
  for (const [url, p] of probers) {
    rep.set(url, p === null ? null : {
      httpGet: p.httpGet ?? null,
      tcpSocket: p.tcpSocket ?? null,
      grpc: p.grpc ?? null,
      timeoutSeconds: p.timeoutSeconds ?? 0,
    });
  }
  return marshal(new GoValue(KubeAppProbersType, rep));
}

/** URL → prober for every rewritable probe and lifecycle handler of the non-proxy containers (init containers first). */
export function collectAppProbers(pod: unknown, targetPort: number): Map<string, Prober> {
  const out = new Map<string, Prober>();
  const all = [...containersOf(pod, 'initContainers'), ...containersOf(pod, 'containers')];
  for (const c of all) {
    const name = nameOf(c);
    if (name === PROXY_CONTAINER) continue;
    const urls = proberURLs(name);
    const ports = namedPorts(c);
    const add = (url: string, prober: Prober | undefined): void => {
      const resolved = prober && resolvePort(prober, ports, targetPort);
      if (resolved) out.set(url, resolved);
    };
    for (const [field, url] of PROBES) add(urls[url], toProber(c[field], 'probe'));
    const lifecycle = objectField(c, 'lifecycle');
    if (lifecycle) for (const [field, url] of HANDLERS) add(urls[url], toProber(lifecycle[field], 'handler'));
  }
  return out;
}

/**
 * Istio's DumpAppProbers: the `ISTIO_KUBE_APP_PROBERS` value for the pod, or `''` when there is nothing to hand over.
 * `targetPort` is the mesh `defaultConfig.statusPort`.
 */
export function dumpAppProbers(pod: unknown, targetPort: number): string {
  const probers = collectAppProbers(pod, targetPort);
  return probers.size === 0 ? '' : formatAppProbers(probers);
}

// --- merging with an existing value -------------------------------------------------------------------------------------

/** The last key of `obj` matching `name` exactly or case-insensitively (how Go decodes keys into struct fields). */
function goField(obj: JSONObject, name: string): unknown {
  let found: unknown = undefined;
  const folded = name.toLowerCase();
  for (const [k, v] of Object.entries(obj)) if (k === name || k.toLowerCase() === folded) found = v;
  return found;
}

function isInt32(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647;
}

/** Decodes a JSON action into the given Go field set; undefined on a type error. */
function decodeAction(raw: unknown, kind: 'httpGet' | 'tcpSocket' | 'grpc'): JSONObject | null | undefined {
  if (raw === null || raw === undefined) return null;
  if (!isObject(raw)) return undefined;
  const out: JSONObject = {};
  const str = (key: string): boolean => {
    const v = goField(raw, key);
    if (v === undefined || v === null) return true;
    if (typeof v !== 'string') return false;
    out[key] = v;
    return true;
  };
  const intOrString = (key: string): boolean => {
    const v = goField(raw, key);
    if (v === undefined || v === null) return true;
    if (typeof v !== 'string' && !isInt32(v)) return false;
    out[key] = v;
    return true;
  };
  if (kind === 'grpc') {
    const port = goField(raw, 'port');
    if (port !== undefined && port !== null && !isInt32(port)) return undefined;
    out['port'] = port ?? 0;
    return str('service') ? out : undefined;
  }
  if (kind === 'tcpSocket') return intOrString('port') && str('host') ? out : undefined;
  if (!(str('path') && intOrString('port') && str('host') && str('scheme'))) return undefined;
  const headers = goField(raw, 'httpHeaders');
  if (headers !== undefined && headers !== null) {
    if (!Array.isArray(headers)) return undefined;
    const list: JSONObject[] = [];
    for (const h of headers) {
      if (!isObject(h)) return undefined;
      const name = goField(h, 'name') ?? '';
      const value = goField(h, 'value') ?? '';
      if (typeof name !== 'string' || typeof value !== 'string') return undefined;
      list.push({ name, value });
    }
    out['httpHeaders'] = list;
  }
  return out;
}

/** Decodes an `ISTIO_KUBE_APP_PROBERS` value as Go does into `KubeAppProbers`; undefined when Go would fail. */
export function parseAppProbers(value: string): Map<string, Prober | null> | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(value);
  } catch {
    return undefined;
  }
  const out = new Map<string, Prober | null>();
  if (doc === null) return out;
  if (!isObject(doc)) return undefined;
  for (const [url, raw] of Object.entries(doc)) {
    if (raw === null) {
      out.set(url, null);
      continue;
    }
    if (!isObject(raw)) return undefined;
    const prober: { -readonly [K in keyof Prober]: Prober[K] } = {};
    for (const kind of ['httpGet', 'tcpSocket', 'grpc'] as const) {
      const action = decodeAction(goField(raw, kind), kind);
      if (action === undefined) return undefined;
      if (action !== null) prober[kind] = action;
    }
    const timeout = goField(raw, 'timeoutSeconds');
    if (timeout !== undefined && timeout !== null) {
      if (!isInt32(timeout)) return undefined;
      if (timeout !== 0) prober.timeoutSeconds = timeout;
    }
    out.set(url, prober);
  }
  return out;
}

/**
 * Istio's mergeOrAppendProbers: on a first injection append the env; on re-injection merge into the existing
 * `ISTIO_KUBE_APP_PROBERS` (old entries win) and replace it in place. An undecodable existing value leaves env unchanged.
 */
export function mergeOrAppendProbers(previouslyInjected: boolean, env: readonly unknown[], newProbers: string): unknown[] {
  const appended = [...env, { name: KUBE_APP_PROBERS_ENV, value: newProbers }];
  if (!previouslyInjected) return appended;
  const index = env.findIndex((e) => isObject(e) && e['name'] === KUBE_APP_PROBERS_ENV);
  if (index < 0) return appended;
  const entry = env[index] as JSONObject;
  const existing = parseAppProbers(typeof entry['value'] === 'string' ? entry['value'] : '');
  const fresh = parseAppProbers(newProbers);
  if (existing === undefined || fresh === undefined) return [...env];
  for (const [url, prober] of existing) fresh.set(url, prober);
  const out = [...env];
  out[index] = { name: KUBE_APP_PROBERS_ENV, value: formatAppProbers(fresh) };
  return out;
}

// --- rewriting ----------------------------------------------------------------------------------------------------------

/** The status port annotation read with Go's strconv.Atoi, as Istio does (an error yields 0). */
function statusPortFrom(annotation: string): number {
  try {
    return atoi(annotation);
  } catch {
    return 0;
  }
}

/** Replaces `key` by `newKey: value` at the same position in `obj` (keeps the user's key order). */
function replaceKey(obj: JSONObject, key: string, newKey: string, value: unknown): void {
  const entries = Object.entries(obj);
  for (const k of Object.keys(obj)) delete obj[k];
  for (const [k, v] of entries) {
    if (k === key) setOwn(obj, newKey, value);
    else if (k !== newKey) setOwn(obj, k, v);
  }
}

function rewriteHTTPGet(action: JSONObject, url: string, port: number): void {
  setOwn(action, 'path', url);
  setOwn(action, 'port', port);
  if (action['scheme'] === 'HTTPS') action['scheme'] = 'HTTP';
}

/** Rewrites one probe or lifecycle handler in place; `allowGRPC` is false for lifecycle handlers. */
function rewriteAction(holder: JSONObject, url: string, port: number, allowGRPC: boolean): void {
  const httpGet = objectField(holder, 'httpGet');
  if (httpGet) {
    rewriteHTTPGet(httpGet, url, port);
    return;
  }
  for (const kind of allowGRPC ? (['tcpSocket', 'grpc'] as const) : (['tcpSocket'] as const)) {
    if (objectField(holder, kind)) {
      replaceKey(holder, kind, 'httpGet', { path: url, port });
      return;
    }
  }
}

function rewriteContainer(container: JSONObject, port: number): void {
  const urls = proberURLs(nameOf(container));
  for (const [field, url] of PROBES) {
    const probe = objectField(container, field);
    if (probe) rewriteAction(probe, urls[url], port, true);
  }
  const lifecycle = objectField(container, 'lifecycle');
  if (!lifecycle) return;
  for (const [field, url] of HANDLERS) {
    const handler = objectField(lifecycle, field);
    if (handler) rewriteAction(handler, urls[url], port, false);
  }
}

/**
 * Istio's patchRewriteProbe, on a copy (sharing what it does not change): every probe and HTTP/TCP lifecycle handler of the non-proxy containers (then
 * init containers) points at the agent: httpGet gets the agent path and port (HTTPS becomes HTTP); tcpSocket and grpc
 * become `httpGet {path, port}`. The port is annotation `status.sidecar.istio.io/port` if present, else `defaultPort`.
 */
export function rewriteAppProbes(pod: JSONObject, defaultPort: number): JSONObject {
  const annotation = annotationOf(pod, STATUS_PORT_ANNOTATION);
  const port = annotation === undefined ? defaultPort : statusPortFrom(annotation);
  // Copy on write: only the containers that have something to rewrite are deep-copied; the rest is shared.
  const spec = pod['spec'];
  const out: JSONObject = { ...pod };
  if (!isObject(spec)) return out;
  const specCopy: JSONObject = { ...spec };
  setOwn(out, 'spec', specCopy);
  for (const list of ['containers', 'initContainers'] as const) {
    const items = specCopy[list];
    if (!Array.isArray(items)) continue;
    const copy = items.slice();
    for (let i = 0; i < copy.length; i++) {
      const c = copy[i];
      if (!isObject(c) || nameOf(c) === PROXY_CONTAINER || !hasRewritable(c)) continue;
      const own = cloneJSON(c);
      rewriteContainer(own, port);
      copy[i] = own;
    }
    setOwn(specCopy, list, copy);
  }
  return out;
}

/** Whether rewriteContainer could change the container (a probe or a lifecycle handler object is present). */
function hasRewritable(container: JSONObject): boolean {
  for (const [field] of PROBES) if (objectField(container, field)) return true;
  const lifecycle = objectField(container, 'lifecycle');
  return lifecycle !== undefined && HANDLERS.some(([field]) => objectField(lifecycle, field) !== undefined);
}

export interface RewriteOptions {
  /** `values.sidecarInjectorWebhook.rewriteAppHTTPProbe` (Go reads it through a BoolValue: absent is false). */
  readonly rewriteAppHTTPProbe: boolean;
  /** Mesh `defaultConfig.statusPort`. */
  readonly meshStatusPort: number;
}

/**
 * Istio's applyRewrite, on a copy (sharing what it does not change): only with an `istio-proxy` container and rewriting enabled, hand the app's probes to
 * the agent (`ISTIO_KUBE_APP_PROBERS`, merged when the pod carries a previous status annotation) and rewrite them.
 */
export function applyRewrite(pod: JSONObject, options: RewriteOptions): JSONObject {
  if (!findSidecar(pod)) return pod;
  const annotations: Record<string, string> = {};
  const meta = objectField(pod, 'metadata');
  const raw = objectField(meta, 'annotations');
  if (raw) for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') setOwn(annotations, k, v);
  if (!shouldRewriteAppHTTPProbers(annotations, options.rewriteAppHTTPProbe)) return pod;
  const probers = dumpAppProbers(pod, options.meshStatusPort);
  const out =
    probers === ''
      ? pod
      : withSidecar(pod, (sidecar) => {
          const env = Array.isArray(sidecar['env']) ? (sidecar['env'] as unknown[]) : [];
          setOwn(sidecar, 'env', mergeOrAppendProbers(Object.hasOwn(annotations, STATUS_ANNOTATION), env, probers));
        });
  return rewriteAppProbes(out, options.meshStatusPort);
}

// --- uninject -------------------------------------------------------------------------------------------------------------

/** The original action of a prober as the probe/handler field it came from. */
function restoredAction(prober: Prober, container: JSONObject): [string, JSONObject] | undefined {
  if (prober.httpGet) return ['httpGet', restorePortName(cloneJSON(prober.httpGet), container)];
  if (prober.tcpSocket) return ['tcpSocket', restorePortName(cloneJSON(prober.tcpSocket), container)];
  if (prober.grpc) {
    const grpc = cloneJSON(prober.grpc);
    if (grpc['service'] === null || grpc['service'] === undefined) delete grpc['service'];
    return ['grpc', grpc];
  }
  return undefined;
}

/**
 * Injection resolved named ports to numbers; when the container names a port with that number, the name is restored
 * (the probe may originally have used the number — Istio does not record which).
 */
function restorePortName(action: JSONObject, container: JSONObject): JSONObject {
  const port = action['port'];
  if (typeof port !== 'number') return action;
  for (const [name, value] of namedPorts(container)) {
    if (value === port) {
      setOwn(action, 'port', name);
      break;
    }
  }
  return action;
}

/** Restores one rewritten probe/handler in place when its httpGet path is the agent URL that the prober was keyed by. */
function restoreAction(holder: JSONObject, url: string, probers: ReadonlyMap<string, Prober | null>, container: JSONObject): void {
  const prober = probers.get(url);
  const httpGet = objectField(holder, 'httpGet');
  if (!prober || !httpGet || httpGet['path'] !== url) return;
  const restored = restoredAction(prober, container);
  if (restored) replaceKey(holder, 'httpGet', restored[0], restored[1]);
}

/**
 * The inverse of applyRewrite, on a copy (call it before the proxy container is removed): every probe and lifecycle
 * handler whose httpGet path is an agent URL recorded in the proxy's `ISTIO_KUBE_APP_PROBERS` gets its original action
 * back (httpGet with its scheme, tcpSocket or grpc); other probe fields were never changed. Probes injection did not
 * record (an unresolvable named port, a port equal to the status port) cannot be restored and stay as they are.
 */
export function restoreAppProbes(pod: JSONObject): JSONObject {
  const sidecar = findSidecar(pod);
  const env = sidecar?.['env'];
  const entry = Array.isArray(env) ? env.find((e) => isObject(e) && e['name'] === KUBE_APP_PROBERS_ENV) : undefined;
  const value = isObject(entry) && typeof entry['value'] === 'string' ? entry['value'] : undefined;
  const probers = value === undefined ? undefined : parseAppProbers(value);
  if (!probers || probers.size === 0) return pod;
  const out = cloneJSON(pod);
  const lists: ContainerList[] = ['initContainers', 'containers'];
  for (const list of lists) {
    for (const c of containersOf(out, list)) {
      if (nameOf(c) === PROXY_CONTAINER) continue;
      const urls = proberURLs(nameOf(c));
      for (const [field, url] of PROBES) {
        const probe = objectField(c, field);
        if (probe) restoreAction(probe, urls[url], probers, c);
      }
      const lifecycle = objectField(c, 'lifecycle');
      if (lifecycle) {
        for (const [field, url] of HANDLERS) {
          const handler = objectField(lifecycle, field);
          if (handler) restoreAction(handler, urls[url], probers, c);
        }
      }
    }
  }
  return out;
}
