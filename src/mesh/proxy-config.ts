/**
 * @module
 * ProxyConfig as Istio builds it for injection (pkg/config/mesh, pkg/kube/inject): the defaults, the merge of a
 * ProxyConfig fragment (mesh `defaultConfig`, the pod's `proxy.istio.io/config` annotation) onto a ProxyConfig,
 * its validation, and `protoToJSON` with `cleanProxyConfig`.
 *
 * Reps are those of `src/schema/mesh.ts` (objects keyed by JSON name, enums as numbers, wrappers `{value}`,
 * durations `{seconds, nanos}`); functions never modify their inputs.
 */
import { GoError, GoValue, toDynamic } from '../go/value.ts';
import { durationRepToNanos } from '../go/duration.ts';
import { marshalProtoJSON, newRep, protoEqual, ProtoJSONError, WELL_KNOWN, type ProtoMessage } from '../go/protojson.ts';
import { messageDescriptorOf, ProxyConfig, proxyConfigFromJSON, Tracing } from '../schema/mesh.ts';
import { decodeConfigText, type JSONData } from './values.ts';

export type ProxyConfigRep = Record<string, unknown>;

/** The annotation that overrides ProxyConfig fields for one pod. */
export const PROXY_CONFIG_ANNOTATION = 'proxy.istio.io/config';

/** A ProxyConfig fragment that cannot be read or applied (`could not parse proxy config: …`). */
export class ProxyConfigError extends SyntaxError {
  override readonly name = 'ProxyConfigError';
  /** The field the problem is in (`drainDuration`), when known. */
  readonly field: string | undefined;
  constructor(message: string, field?: string) {
    super(message);
    this.field = field;
  }
}

/** mesh.DefaultProxyConfig(): a fresh rep. */
export function defaultProxyConfig(): ProxyConfigRep {
  const pc = newRep();
  pc['configPath'] = './etc/istio/proxy';
  pc['serviceCluster'] = 'istio-proxy';
  pc['drainDuration'] = duration(45);
  pc['terminationDrainDuration'] = duration(5);
  pc['proxyAdminPort'] = 15000;
  pc['controlPlaneAuthPolicy'] = 1; // MUTUAL_TLS
  pc['discoveryAddress'] = 'istiod.istio-system.svc:15012';
  pc['binaryPath'] = '/usr/local/bin/envoy';
  pc['statNameLength'] = 189;
  pc['statusPort'] = 15020;
  return pc;
}

function duration(seconds: number): Record<string, unknown> {
  const d = newRep();
  d['seconds'] = seconds;
  return d;
}

function stringMap(v: unknown): Record<string, string> | null {
  return v !== null && typeof v === 'object' ? (v as Record<string, string>) : null;
}

/** Istio's mergeMap: both nil → nil; else original ∪ merger, merger wins. */
function mergeStringMaps(original: unknown, merger: unknown): Record<string, string> | null {
  const a = stringMap(original);
  const b = stringMap(merger);
  if (a === null && b === null) return null;
  const out = newRep() as Record<string, string>;
  for (const m of [a, b]) if (m) for (const k of Object.keys(m)) out[k] = m[k]!;
  return out;
}

/** Keeps the old proxyHeaders parts the new ones leave unset (pointer.NonEmptyOrDefault per field). */
function correctProxyHeaders(pc: ProxyConfigRep, orig: unknown): void {
  const ph = pc['proxyHeaders'];
  if (ph === null || ph === undefined || orig === null || orig === undefined) return;
  const fixed = { ...(ph as Record<string, unknown>) };
  const old = orig as Record<string, unknown>;
  for (const key of ['forwardedClientCert', 'requestId', 'attemptCount', 'server', 'envoyDebugHeaders']) {
    const v = fixed[key];
    if (v === undefined || v === null || v === 0) {
      if (old[key] === undefined) delete fixed[key];
      else fixed[key] = old[key];
    }
  }
  pc['proxyHeaders'] = Object.assign(newRep(), fixed);
}

/**
 * mesh.MergeProxyConfig: applies a ProxyConfig fragment (decoded YAML/JSON) onto `base` with jsonpb semantics (each
 * field given replaces the old one whole; unknown fields are ignored), then keeps `proxyMetadata` entries the fragment
 * does not override and corrects `proxyHeaders`. Throws ProxyConfigError (`could not parse proxy config: …`).
 */
export function mergeProxyConfig(fragment: unknown, base: ProxyConfigRep): ProxyConfigRep {
  let pc: ProxyConfigRep;
  try {
    pc = proxyConfigFromJSON(fragment, base);
  } catch (e) {
    if (e instanceof ProtoJSONError) throw new ProxyConfigError(`could not parse proxy config: ${e.message}`, e.path || undefined);
    throw e;
  }
  const metadata = mergeStringMaps(base['proxyMetadata'], pc['proxyMetadata']);
  if (metadata === null) delete pc['proxyMetadata'];
  else pc['proxyMetadata'] = metadata;
  correctProxyHeaders(pc, base['proxyHeaders']);
  return pc;
}

/** Decodes annotation text (YAML or JSON) to JSON data, naming the annotation when it is not readable. */
export function decodeProxyConfigText(text: string, source = PROXY_CONFIG_ANNOTATION): JSONData {
  try {
    return decodeConfigText(text);
  } catch (e) {
    throw new ProxyConfigError(`invalid ${source}: could not parse proxy config: ${(e as Error).message}`);
  }
}

/**
 * The pod's effective ProxyConfig as kube-inject computes it (mesh.ApplyProxyConfig): the annotation's content
 * merged onto the mesh's `defaultConfig`. Errors name the annotation.
 */
export function applyProxyConfigAnnotation(annotation: string, meshDefaultConfig: ProxyConfigRep): ProxyConfigRep {
  const fragment = decodeProxyConfigText(annotation);
  try {
    return mergeProxyConfig(fragment, meshDefaultConfig);
  } catch (e) {
    if (e instanceof ProxyConfigError) throw new ProxyConfigError(`invalid ${PROXY_CONFIG_ANNOTATION} annotation: ${e.message}`, e.field);
    throw e;
  }
}

/**
 * validateAnnotations' check of `proxy.istio.io/config` (already decoded): DefaultProxyConfig with the content
 * applied must pass agent.ValidateMeshConfigProxyConfig. Returns the problem, or undefined.
 */
export function validateProxyConfigAnnotation(content: unknown): string | undefined {
  let pc: ProxyConfigRep;
  try {
    pc = proxyConfigFromJSON(content, defaultProxyConfig());
  } catch (e) {
    if (e instanceof ProtoJSONError) return `failed to convert to apply proxy config: ${e.message}`;
    throw e;
  }
  const problems = proxyConfigProblems(pc);
  return problems.length === 0 ? undefined : problems.join('; ');
}

// --- protoToJSON ------------------------------------------------------------------------------------------------------

const defaults = defaultProxyConfig();

function sameMessage(pc: ProxyConfigRep, key: string, desc: ProtoMessage): boolean {
  return protoEqual(desc, pc[key] ?? null, defaults[key] ?? null);
}

/**
 * Istio's cleanProxyConfig: a copy with the fields that equal DefaultProxyConfig() zeroed (configPath, binaryPath,
 * controlPlaneAuthPolicy, serviceCluster, drainDuration, terminationDrainDuration, discoveryAddress,
 * envoyMetricsService, envoyAccessLogService, tracing, proxyAdminPort, statNameLength, statusPort, concurrency) and an
 * empty proxyMetadata dropped, so protoToJSON prints only what differs from the defaults.
 */
export function cleanProxyConfig(pc: ProxyConfigRep): ProxyConfigRep {
  // A copy of the fields kept, in pc's order (cheaper than copying everything and deleting).
  const out = newRep();
  for (const key of Object.keys(pc)) {
    if (!equalsDefault(pc, key)) out[key] = pc[key];
  }
  return out;
}

/** Whether cleanProxyConfig drops pc's field `key`. */
function equalsDefault(pc: ProxyConfigRep, key: string): boolean {
  switch (key) {
    case 'configPath':
    case 'binaryPath':
    case 'discoveryAddress':
    case 'controlPlaneAuthPolicy':
    case 'proxyAdminPort':
    case 'statNameLength':
    case 'statusPort':
      return (pc[key] ?? zeroOfScalar(defaults[key])) === defaults[key];
    case 'serviceCluster':
      return pc[key] === defaults[key];
    case 'drainDuration':
    case 'terminationDrainDuration':
      return sameMessage(pc, key, WELL_KNOWN.Duration);
    case 'envoyMetricsService':
    case 'envoyAccessLogService':
      remoteServiceMessage ??= fieldMessage('envoyMetricsService');
      return sameMessage(pc, key, remoteServiceMessage);
    case 'tracing':
      return sameMessage(pc, key, Tracing);
    case 'concurrency':
      return sameMessage(pc, key, WELL_KNOWN.Int32Value);
    case 'proxyMetadata': {
      const metadata = pc[key];
      return metadata === null || (typeof metadata === 'object' && Object.keys(metadata as object).length === 0);
    }
    default:
      return false;
  }
}

/** ProxyConfig's RemoteService message, looked up on first use (protoToJSON runs once per pod). */
let remoteServiceMessage: ProtoMessage | undefined;

function zeroOfScalar(v: unknown): unknown {
  return typeof v === 'string' ? '' : 0;
}

function fieldMessage(json: string): ProtoMessage {
  const f = ProxyConfig.fields.find((x) => x.json === json);
  if (f?.type.kind !== 'message') throw new TypeError(`ProxyConfig has no message field ${json}`);
  return f.type.message;
}

/** The PROXY_CONFIG text: cleanProxyConfig, then legacy jsonpb (`{}` when nothing differs from the defaults). */
export function proxyConfigToJSON(pc: ProxyConfigRep | null): string {
  if (pc === null) return '{}';
  try {
    const clean = cleanProxyConfig(pc);
    // Nothing differs from the defaults (the usual case): jsonpb prints no field of an empty message.
    if (Object.keys(clean).length === 0) return '{}';
    return marshalProtoJSON(ProxyConfig, clean);
  } catch {
    return '{}';
  }
}

/**
 * Istio's `protoToJSON` template function: a `*ProxyConfig` is cleaned first; any other proto message is printed
 * as is; nil gives `{}`.
 */
export function protoToJSON(v: GoValue): string {
  if (v.t.kind === 'iface' && (v.v === null || v.v === undefined)) return '{}';
  const value = v.t.kind === 'iface' ? toDynamic(v.v) : v;
  const desc = messageDescriptorOf(value.t);
  if (!desc) throw new GoError(`wrong type for value; expected proto.Message; got ${value.t.name}`);
  if (value.v === null || value.v === undefined) return '{}';
  if (desc === ProxyConfig) return proxyConfigToJSON(value.v as ProxyConfigRep);
  try {
    return marshalProtoJSON(desc, value.v);
  } catch {
    return '{}';
  }
}

// --- validation (pkg/config/validation/agent) --------------------------------------------------------------------------

/** ValidatePort. */
export function portProblem(port: number): string | undefined {
  return port >= 1 && port <= 65535 ? undefined : `port number ${port} must be in the range 1..65535`;
}

/** ValidateDuration: at least 1ms, whole milliseconds. */
export function durationProblem(rep: unknown): string | undefined {
  const d = durationRepToNanos(rep);
  if (d < 1_000_000n) return 'duration must be greater than 1ms';
  if (d % 1_000_000n !== 0n) return 'only durations to ms precision are supported';
  return undefined;
}

const DNS1123_LABEL = /^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$/;

/** labels.IsDNS1123Label. */
export function isDNS1123Label(label: string): boolean {
  return label.length <= 63 && DNS1123_LABEL.test(label);
}

function fqdnProblem(fqdn: string): string | undefined {
  if (fqdn.length > 255) return `domain name ${JSON.stringify(fqdn)} too long (max 255)`;
  if (fqdn.length === 0) return 'empty domain name not allowed';
  const parts = fqdn.split('.');
  const top = parts[parts.length - 1]!;
  if (/^[+-]?\d+$/.test(top)) {
    return `domain name ${JSON.stringify(fqdn)} invalid (top level domain ${JSON.stringify(top)} cannot be all-numeric)`;
  }
  for (let i = 0; i < parts.length; i++) {
    const label = parts[i]!;
    if (i === parts.length - 1 && label === '') return undefined;
    if (!isDNS1123Label(label)) return `domain name ${JSON.stringify(fqdn)} invalid (label ${JSON.stringify(label)} invalid)`;
  }
  return undefined;
}

function isIPv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

function isIP(s: string): boolean {
  if (isIPv4(s)) return true;
  const zone = s.indexOf('%');
  if (zone >= 0) return false; // net.ParseIP takes no zone
  let groups = s.split(':');
  // A trailing dotted quad stands for the last two groups.
  if (groups.length > 0 && isIPv4(groups[groups.length - 1]!)) groups = groups.slice(0, -1).concat(['0', '0']);
  const text = groups.join(':');
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const hex = /^[0-9a-fA-F]{1,4}$/;
  const count = (h: string): number | undefined => {
    if (h === '') return 0;
    const g = h.split(':');
    return g.every((x) => hex.test(x)) ? g.length : undefined;
  };
  const counts = halves.map(count);
  if (counts.some((c) => c === undefined)) return false;
  const total = counts.reduce<number>((a, c) => a + (c ?? 0), 0);
  return halves.length === 2 ? total < 8 : total === 8;
}

/** net.SplitHostPort; a string is the error. */
function splitHostPort(hostport: string): [string, string] | string {
  const fail = (why: string): string => `address ${hostport}: ${why}`;
  const i = hostport.lastIndexOf(':');
  if (i < 0) return fail('missing port in address');
  let host: string;
  let j = 0;
  let k = 0;
  if (hostport[0] === '[') {
    const end = hostport.indexOf(']');
    if (end < 0) return fail("missing ']' in address");
    if (end + 1 === hostport.length) return fail('missing port in address');
    if (end + 1 !== i) return fail(hostport[end + 1] === ':' ? 'too many colons in address' : 'missing port in address');
    host = hostport.slice(1, end);
    j = 1;
    k = end + 1;
  } else {
    host = hostport.slice(0, i);
    if (host.includes(':')) return fail('too many colons in address');
  }
  if (hostport.indexOf('[', j) >= 0) return fail("unexpected '[' in address");
  if (hostport.indexOf(']', k) >= 0) return fail("unexpected ']' in address");
  return [host, hostport.slice(i + 1)];
}

/** ValidateProxyAddress: `host:port` with a valid port and a DNS name or IP. */
export function proxyAddressProblem(address: string): string | undefined {
  const split = splitHostPort(address);
  if (typeof split === 'string') return `unable to split ${JSON.stringify(address)}: ${split}`;
  const [host, portText] = split;
  if (!/^[+-]?\d+$/.test(portText)) {
    return `port (${portText}) is not a number: strconv.Atoi: parsing ${JSON.stringify(portText)}: invalid syntax`;
  }
  const portError = portProblem(Number(portText));
  if (portError) return portError;
  if (fqdnProblem(host) !== undefined && !isIP(host)) return `${JSON.stringify(host)} is not a valid hostname or an IP address`;
  return undefined;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
}

/** agent.ValidateMeshConfigProxyConfig: the problems, each naming its field. */
export function proxyConfigProblems(pc: ProxyConfigRep): string[] {
  const errs: string[] = [];
  if (str(pc['configPath']) === '') errs.push('config path must be set');
  if (str(pc['binaryPath']) === '') errs.push('binary path must be set');
  if (pc['serviceCluster'] !== undefined && pc['serviceCluster'] !== null) {
    if (str(pc['serviceCluster']) === '') errs.push('service cluster must be specified');
  } else if (pc['tracingServiceName'] === undefined || pc['tracingServiceName'] === null) {
    errs.push('oneof service cluster or tracing service name must be specified');
  }
  const drain = durationProblem(pc['drainDuration'] ?? null);
  if (drain) errs.push(`invalid drain duration: ${drain}`);
  else if (durationRepToNanos(pc['drainDuration']) % 1_000_000_000n !== 0n) {
    errs.push('drain time only supports durations to seconds precision');
  }
  const discovery = proxyAddressProblem(str(pc['discoveryAddress']).replace('$(POD_NAMESPACE)', 'default'));
  if (discovery) errs.push(`invalid discovery address: ${discovery}`);
  const tracing = obj(pc['tracing']);
  for (const [key, label] of [
    ['zipkin', 'zipkin'],
    ['datadog', 'datadog'],
  ] as const) {
    const tracer = obj(tracing?.[key]);
    if (!tracer) continue;
    const problem = proxyAddressProblem(str(tracer['address']).replace('$(HOST_IP)', '127.0.0.1'));
    if (problem) errs.push(`invalid ${label} config: ${problem}`);
  }
  const lightstep = obj(tracing?.['lightstep']);
  if (lightstep) {
    if (str(lightstep['address']) === '') errs.push('invalid lightstep config: address is required');
    else {
      const problem = proxyAddressProblem(str(lightstep['address']));
      if (problem) errs.push(`invalid lightstep config: ${problem}`);
    }
    if (str(lightstep['accessToken']) === '') errs.push('invalid lightstep config: access token is required');
  }
  const statsd = str(pc['statsdUdpAddress']);
  if (statsd !== '') {
    const problem = proxyAddressProblem(statsd);
    if (problem) errs.push(`invalid statsd udp address ${JSON.stringify(statsd)}: ${problem}`);
  }
  const metricsAddress = str(pc['envoyMetricsServiceAddress']);
  if (metricsAddress !== '') {
    const problem = proxyAddressProblem(metricsAddress);
    if (problem) errs.push(`invalid envoy metrics service address ${JSON.stringify(metricsAddress)}: ${problem}`);
  }
  for (const [key, label] of [
    ['envoyMetricsService', 'envoy metrics service'],
    ['envoyAccessLogService', 'envoy access log service'],
  ] as const) {
    const address = str(obj(pc[key])?.['address']);
    if (address === '') continue;
    const problem = proxyAddressProblem(address);
    if (problem) errs.push(`invalid ${label} address ${JSON.stringify(address)}: ${problem}`);
  }
  const adminPort = portProblem(num(pc['proxyAdminPort']));
  if (adminPort) errs.push(`invalid proxy admin port: ${adminPort}`);
  const policy = num(pc['controlPlaneAuthPolicy']);
  if (policy !== 0 && policy !== 1) {
    errs.push(`invalid authentication policy: unrecognized control plane auth policy ${JSON.stringify(policy === 1000 ? 'INHERIT' : String(policy))}`);
  }
  const statusPort = portProblem(num(pc['statusPort']));
  if (statusPort) errs.push(`invalid status port: ${statusPort}`);
  return errs;
}
