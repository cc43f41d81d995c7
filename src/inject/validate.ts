/**
 * @module
 * The first two steps of Istio's `RunTemplate` (istio-injection.md §6): `validateAnnotations` and the cluster/network
 * resolution that feeds `ISTIO_META_CLUSTER_ID` / `ISTIO_META_NETWORK`.
 *
 * Problems are data: `{annotation, value, message}` with Istio's text `invalid value '<v>' for annotation '<k>': <reason>`.
 * Reasons reproduce Go's error strings (`strconv.ParseUint: parsing "x": invalid syntax`,
 * `netip.ParsePrefix("1.2.3"): no '/'`), including Istio's own slips (the status port says `excludeInboundPorts`,
 * port lists wrap the port error twice).
 *
 * YAML safety: templates interpolate annotation values into YAML. After validation the checked annotations can only
 * hold digits, hex digits, `.:/,*`, interface-name characters (`A-Za-z0-9_.@+=-`), or whitespace around port-list
 * items; none of these can end a quoted YAML scalar or a flow mapping entry, so a value like `100m"\n  - name: injected` cannot add YAML. Istio validates nothing
 * else (log levels, `userVolume`, `bootstrapOverride`, … reach the template as written); this module keeps Istio's
 * acceptance set and adds the interface-name rule Istio's spec lists, and refuses line breaks in the templated
 * annotations (a quote and a line break in `sidecar.istio.io/proxyImage` would otherwise add a container).
 */
import { parseQuantity } from '../go/quantity.ts';
import { parseBool, parseUint, quote, utf8Bytes } from '../go/strconv.ts';
import { parseValue } from '../yaml/codec.ts';

export interface AnnotationProblem {
  readonly annotation: string;
  readonly value: string;
  /** `invalid value '<v>' for annotation '<k>': <reason>` */
  readonly message: string;
}

export interface ValidateOptions {
  /**
   * Deeper `proxy.istio.io/config` validation (ProxyConfig fields, `agent.ValidateMeshConfigProxyConfig`), given the
   * parsed mapping; returns the reason when invalid. Without it the value only has to be a YAML/JSON mapping.
   */
  readonly validateProxyConfig?: (config: Record<string, unknown>) => string | undefined;
}

type Check = (value: string, options: ValidateOptions) => string | undefined;

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

// --- Go-shaped helpers -----------------------------------------------------------------------------------------------

/** The characters Go's unicode.IsSpace accepts (JS `\s` also has U+FEFF, which Go does not). */
const GO_SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const TRIM_SPACE = new RegExp(`^[${GO_SPACE}]+|[${GO_SPACE}]+$`, 'g');

/** strings.TrimSpace. */
function trimSpace(s: string): string {
  return s.replace(TRIM_SPACE, '');
}

/** unicode.IsControl: C0, DEL and C1. */
function hasControl(s: string): boolean {
  return /[\u0000-\u001f\u007f-\u009f]/.test(s);
}

/** `parsePort`: `ParseUint(TrimSpace(p), 10, 16)`. */
function portProblem(p: string): string | undefined {
  try {
    parseUint(trimSpace(p), 10, 16);
    return undefined;
  } catch (e) {
    return `failed parsing port '${p}': ${errorText(e)}`;
  }
}

/** `parsePorts`: trim the list, empty is fine, else every comma-separated item is a port. Istio wraps the item error twice. */
function portListProblem(ports: string): string | undefined {
  const list = trimSpace(ports);
  if (list === '') return undefined;
  for (const p of list.split(',')) {
    const e = portProblem(p);
    if (e) return `failed parsing port '${p}': ${e}`;
  }
  return undefined;
}

function portList(param: string): Check {
  return (v) => {
    const e = portListProblem(v);
    return e && `${param} invalid: ${e}`;
  };
}

/** `validateCIDRList`: empty is fine; otherwise every comma-separated item (untrimmed) is a `netip.ParsePrefix` prefix. */
function cidrListProblem(cidrs: string): string | undefined {
  if (cidrs.length === 0) return undefined;
  for (const cidr of cidrs.split(',')) {
    const r = parsePrefix(cidr);
    if (!r.ok) return `failed parsing cidr '${cidr}': ${r.error}`;
  }
  return undefined;
}

// --- netip.ParsePrefix -----------------------------------------------------------------------------------------------

/** A parsed address: 4 bytes (IPv4) or 16 (IPv6), with the zone when one was written. */
export interface ParsedAddr {
  readonly bytes: readonly number[];
  readonly is6: boolean;
  readonly zone: string;
}

export type ParseResult<T> = ({ readonly ok: true } & T) | { readonly ok: false; readonly error: string };

function addrError(input: string, msg: string, at = ''): { ok: false; error: string } {
  return { ok: false, error: `ParseAddr(${quote(input)}): ${msg}${at !== '' ? ` (at ${quote(at)})` : ''}` };
}

const isDigit = (c: string): boolean => c >= '0' && c <= '9';

/** Go's parseIPv4Fields over `input[off:end]`: decimal octets, no leading zeros, each ≤ 255, exactly four. */
function parseIPv4Fields(input: string, off: number, end: number): ParseResult<{ fields: number[] }> {
  const s = input.slice(off, end);
  const fields: number[] = [];
  let val = 0;
  let digLen = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (isDigit(c)) {
      if (digLen === 1 && val === 0) return addrError(input, 'IPv4 field has octet with leading zero');
      val = val * 10 + (c.charCodeAt(0) - 48);
      digLen++;
      if (val > 255) return addrError(input, 'IPv4 field has value >255');
    } else if (c === '.') {
      if (i === 0 || i === s.length - 1 || s[i - 1] === '.') {
        return addrError(input, 'IPv4 field must have at least one digit', s.slice(i));
      }
      if (fields.length === 3) return addrError(input, 'IPv4 address too long');
      fields.push(val);
      val = 0;
      digLen = 0;
    } else {
      return addrError(input, 'unexpected character', s.slice(i));
    }
  }
  if (fields.length < 3) return addrError(input, 'IPv4 address too short');
  fields.push(val);
  return { ok: true, fields };
}

function hexValue(c: string): number {
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
  if (c >= 'a' && c <= 'f') return c.charCodeAt(0) - 87;
  if (c >= 'A' && c <= 'F') return c.charCodeAt(0) - 55;
  return -1;
}

/** Go's parseIPv6: groups of ≤4 hex digits, one `::`, an optional trailing IPv4, an optional non-empty `%zone`. */
function parseIPv6(input: string): ParseResult<{ addr: ParsedAddr }> {
  let s = input;
  let zone = '';
  const pct = s.indexOf('%');
  if (pct !== -1) {
    zone = s.slice(pct + 1);
    s = s.slice(0, pct);
    if (zone === '') return addrError(input, 'zone must be a non-empty string');
  }
  const ip: number[] = new Array<number>(16).fill(0);
  let ellipsis = -1;
  if (s.length >= 2 && s[0] === ':' && s[1] === ':') {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return { ok: true, addr: { bytes: ip, is6: true, zone } };
  }
  let i = 0;
  while (i < 16) {
    let off = 0;
    let acc = 0;
    for (; off < s.length; off++) {
      const d = hexValue(s[off] as string);
      if (d < 0) break;
      acc = acc * 16 + d;
      if (off > 3) return addrError(input, 'each colon-separated field must have at most 4 hex digits', s);
      if (acc > 0xffff) return addrError(input, 'IPv6 field has value >=2^16', s);
    }
    if (off === 0) return addrError(input, 'each colon-separated field must have at least one digit', s);
    if (off < s.length && s[off] === '.') {
      if (ellipsis < 0 && i !== 12) {
        return addrError(input, 'embedded IPv4 address must replace the final 2 fields of the address', s);
      }
      if (i + 4 > 16) {
        return addrError(input, 'too many hex fields to fit an embedded IPv4 at the end of the address', s);
      }
      const end = input.length - (zone.length > 0 ? zone.length + 1 : 0);
      const v4 = parseIPv4Fields(input, end - s.length, end);
      if (!v4.ok) return v4;
      v4.fields.forEach((b, k) => (ip[i + k] = b));
      s = '';
      i += 4;
      break;
    }
    ip[i] = acc >> 8;
    ip[i + 1] = acc & 0xff;
    i += 2;
    s = s.slice(off);
    if (s.length === 0) break;
    if (s[0] !== ':') return addrError(input, 'unexpected character, want colon', s);
    if (s.length === 1) return addrError(input, 'colon must be followed by more characters', s);
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return addrError(input, 'multiple :: in address', s);
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) return addrError(input, 'trailing garbage after address', s);
  if (i < 16) {
    if (ellipsis < 0) return addrError(input, 'address string too short');
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j] as number;
    for (let j = ellipsis; j < ellipsis + n; j++) ip[j] = 0;
  } else if (ellipsis >= 0) {
    return addrError(input, 'the :: must expand to at least one field of zeros', s);
  }
  return { ok: true, addr: { bytes: ip, is6: true, zone } };
}

/** netip.ParseAddr. */
export function parseAddr(s: string): ParseResult<{ addr: ParsedAddr }> {
  for (const c of s) {
    if (c === '.') {
      const r = parseIPv4Fields(s, 0, s.length);
      return r.ok ? { ok: true, addr: { bytes: r.fields, is6: false, zone: '' } } : r;
    }
    if (c === ':') return parseIPv6(s);
    if (c === '%') return addrError(s, 'missing IPv6 address');
  }
  return addrError(s, 'unable to parse IP');
}

/**
 * netip.ParsePrefix: `<addr>/<bits>` split at the last `/`; no IPv6 zone; bits in decimal without sign or leading
 * zeros, at most 32 (IPv4) or 128 (IPv6). Errors read `netip.ParsePrefix("<s>"): <why>` as in Go.
 */
export function parsePrefix(s: string): ParseResult<{ addr: ParsedAddr; bits: number }> {
  const fail = (msg: string): { ok: false; error: string } => ({ ok: false, error: `netip.ParsePrefix(${quote(s)}): ${msg}` });
  const slash = s.lastIndexOf('/');
  if (slash < 0) return fail("no '/'");
  const ip = parseAddr(s.slice(0, slash));
  if (!ip.ok) return fail(ip.error);
  if (ip.addr.is6 && ip.addr.zone !== '') return fail('IPv6 zones cannot be present in a prefix');
  const bitsStr = s.slice(slash + 1);
  const first = bitsStr[0] ?? '';
  if (bitsStr.length > 1 && !(first >= '1' && first <= '9')) return fail(`bad bits after slash: ${quote(bitsStr)}`);
  // strconv.Atoi: one optional sign and decimal digits, within int64.
  if (!/^[+-]?[0-9]+$/.test(bitsStr) || BigInt(bitsStr) > 9223372036854775807n) {
    return fail(`bad bits after slash: ${quote(bitsStr)}`);
  }
  const bits = Number(bitsStr);
  if (bits < 0 || bits > (ip.addr.is6 ? 128 : 32)) return fail('prefix length out of range');
  return { ok: true, addr: ip.addr, bits };
}

// --- interface names ---------------------------------------------------------------------------------------------------

/**
 * An interface-name list (`excludeInterfaces`, `kubevirtInterfaces`, `reroute-virtual-interfaces`): no control
 * characters anywhere; comma-separated, items trimmed, empty items ignored (as the CNI plugin reads them); each item
 * a Linux interface name of 1–15 bytes, not `.` or `..`, made of letters, digits and `_ . - @ + =`. Linux would take
 * more (anything but `/`, `:` and whitespace), but quotes, `#`, brackets and braces could end the quoted YAML scalar
 * or the flow mapping the template writes these values into, so they are refused.
 */
function interfaceListProblem(list: string): string | undefined {
  if (hasControl(list)) return 'value contains control characters';
  for (const raw of list.split(',')) {
    const name = trimSpace(raw);
    if (name === '') continue;
    const why =
      utf8Bytes(name).length > 15
        ? 'longer than 15 bytes'
        : name === '.' || name === '..'
          ? 'not a name'
          : !/^[A-Za-z0-9_.@+=-]+$/.test(name)
            ? 'only letters, digits and _ . - @ + = are allowed'
            : undefined;
    if (why) return `invalid interface name '${name}': ${why}`;
  }
  return undefined;
}

function interfaces(param: string): Check {
  return (v) => {
    const e = interfaceListProblem(v);
    return e && `${param} invalid: ${e}`;
  };
}

// --- the table -------------------------------------------------------------------------------------------------------

const interceptionMode: Check = (mode) =>
  mode === 'REDIRECT' || mode === 'TPROXY' || mode === 'NONE' ? undefined : `interceptionMode invalid, use REDIRECT,TPROXY,NONE: ${mode}`;

// Istio's message names excludeInboundPorts here; kept for recognisability.
const statusPort: Check = (port) => {
  const e = portProblem(port);
  return e && `excludeInboundPorts invalid: ${e}`;
};

const uint32: Check = (v) => {
  try {
    parseUint(v, 10, 32);
    return undefined;
  } catch (e) {
    return errorText(e);
  }
};

const bool: Check = (v) => {
  try {
    parseBool(v);
    return undefined;
  } catch (e) {
    return errorText(e);
  }
};

const includeIPRanges: Check = (v) => {
  if (v === '*') return undefined;
  const e = cidrListProblem(v);
  return e && `includeIPRanges invalid: ${e}`;
};

const excludeIPRanges: Check = (v) => {
  const e = cidrListProblem(v);
  return e && `excludeIPRanges invalid: ${e}`;
};

const includeInboundPorts: Check = (v) => (v === '*' ? undefined : portList('includeInboundPorts')(v, {}));

const resourceQuantity: Check = (v) => {
  if (hasControl(v)) return 'value contains control characters';
  try {
    parseQuantity(v);
    return undefined;
  } catch (e) {
    return errorText(e);
  }
};

/** `proxy.istio.io/config`: YAML or JSON that is a mapping (empty means no overrides). */
const proxyConfig: Check = (v, options) => {
  const parsed = parseValue(v);
  const fail = (why: string): string => `failed to convert to apply proxy config: ${why}`;
  if (parsed.problems.length > 0) {
    const p = parsed.problems[0]!;
    return fail(`line ${p.line}, column ${p.column}: ${p.message}`);
  }
  const value = parsed.value;
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) return fail('expected a mapping of ProxyConfig fields');
  return options.validateProxyConfig?.(value as Record<string, unknown>);
};

/** Istio's `AnnotationValidation` table (plus the interface-name lists §6 names), in Istio's order. */
export const ANNOTATION_CHECKS: Readonly<Record<string, Check>> = Object.freeze({
  'sidecar.istio.io/interceptionMode': interceptionMode,
  'status.sidecar.istio.io/port': statusPort,
  'readiness.status.sidecar.istio.io/initialDelaySeconds': uint32,
  'readiness.status.sidecar.istio.io/periodSeconds': uint32,
  'readiness.status.sidecar.istio.io/failureThreshold': uint32,
  'traffic.sidecar.istio.io/includeOutboundIPRanges': includeIPRanges,
  'traffic.sidecar.istio.io/excludeOutboundIPRanges': excludeIPRanges,
  'traffic.sidecar.istio.io/includeInboundPorts': includeInboundPorts,
  'traffic.sidecar.istio.io/excludeInboundPorts': portList('excludeInboundPorts'),
  'traffic.sidecar.istio.io/excludeOutboundPorts': portList('excludeOutboundPorts'),
  'traffic.sidecar.istio.io/excludeInterfaces': interfaces('excludeInterfaces'),
  'traffic.sidecar.istio.io/kubevirtInterfaces': interfaces('kubevirtInterfaces'),
  'istio.io/reroute-virtual-interfaces': interfaces('rerouteVirtualInterfaces'),
  'prometheus.istio.io/merge-metrics': bool,
  'proxy.istio.io/config': proxyConfig,
  'sidecar.istio.io/proxyCPU': resourceQuantity,
  'sidecar.istio.io/proxyMemory': resourceQuantity,
  'sidecar.istio.io/proxyCPULimit': resourceQuantity,
  'sidecar.istio.io/proxyMemoryLimit': resourceQuantity,
});

/** Annotations whose values are documents that Istio parses (never printed into the template's YAML as they are). */
const DOCUMENT_ANNOTATIONS: ReadonlySet<string> = new Set([
  'proxy.istio.io/config',
  'proxy.istio.io/overrides',
  'sidecar.istio.io/status',
  'sidecar.istio.io/userVolume',
  'sidecar.istio.io/userVolumeMount',
]);

/** Line breaks in YAML 1.1, which the template output is read as. */
const LINE_BREAK = /[\n\r\u0085\u2028\u2029]/;

/**
 * Our addition to Istio's table: a line break in an annotation the templates may print (any `*istio.io/` key but
 * the document ones above, and the Multus networks list) could end the line it is printed on and add YAML of its
 * own, such as a container. Istio's webhook would render it; we refuse it.
 */
function lineBreakProblem(name: string, value: string): string | undefined {
  if (!LINE_BREAK.test(value) || DOCUMENT_ANNOTATIONS.has(name)) return undefined;
  const slash = name.indexOf('/');
  const domain = slash < 0 ? '' : name.slice(0, slash);
  if (domain !== 'istio.io' && !domain.endsWith('.istio.io') && name !== 'k8s.v1.cni.cncf.io/networks') return undefined;
  return 'a line break in a value the injection templates print could add YAML of its own (inject-sidecar refuses it)';
}

/**
 * `validateAnnotations`: every known annotation with an invalid value, in the annotations' own order (Istio's order
 * is Go's random map order), and any templated annotation holding a line break (lineBreakProblem). Values that are not
 * strings are skipped here; `workloads.metadataProblems` reports them.
 */
export function validateAnnotations(annotations: unknown, options: ValidateOptions = {}): AnnotationProblem[] {
  const problems: AnnotationProblem[] = [];
  if (typeof annotations !== 'object' || annotations === null || Array.isArray(annotations)) return problems;
  for (const [name, value] of Object.entries(annotations)) {
    if (typeof value !== 'string') continue;
    const check = Object.prototype.hasOwnProperty.call(ANNOTATION_CHECKS, name) ? ANNOTATION_CHECKS[name] : undefined;
    const reason = (check ? check(value, options) : undefined) ?? lineBreakProblem(name, value);
    if (reason !== undefined) {
      problems.push({ annotation: name, value, message: `invalid value '${value}' for annotation '${name}': ${reason}` });
    }
  }
  return problems;
}

// --- cluster and network (§6 step 2) -----------------------------------------------------------------------------

export interface ClusterNetwork {
  readonly cluster: string;
  readonly network: string;
  /** The non-empty ones as `ISTIO_META_CLUSTER_ID` / `ISTIO_META_NETWORK` (postprocessing appends them, sorted). */
  readonly proxyEnvs: Readonly<Record<string, string>>;
}

function pick(obj: unknown, ...path: string[]): unknown {
  let cur = obj;
  for (const k of path) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** Istio's `URLParameterToEnv`. */
const URL_PARAMETER_TO_ENV: Readonly<Record<string, string>> = Object.freeze({
  cluster: 'ISTIO_META_CLUSTER_ID',
  net: 'ISTIO_META_NETWORK',
});

/** strings.ToUpper, rune by rune (JS would turn `ß` into `SS`; Go keeps it). */
function goToUpper(s: string): string {
  let out = '';
  for (const ch of s) {
    const u = ch.toUpperCase();
    out += [...u].length === 1 ? u : ch;
  }
  return out;
}

/**
 * `parseInjectEnvs`: the webhook path `/inject/k1/v1/k2/v2` (trailing `/` trimmed; `cluster` → `ISTIO_META_CLUSTER_ID`,
 * `net` → `ISTIO_META_NETWORK`, other keys upper-cased; `--slash--` in values → `/`; an odd last key ignored), or the
 * deprecated `/inject/:ENV:k=v:ENV:k2=v2` (entries without `=` or with an empty key ignored; no `--slash--` rewrite).
 */
export function parseInjectEnvs(path: string): Record<string, string> {
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  const first = trimmed.indexOf('/');
  const second = first < 0 ? -1 : trimmed.indexOf('/', first + 1);
  let items: string[] = [];
  if (second >= 0) {
    const rest = trimmed.slice(second + 1);
    if (rest.startsWith(':ENV:')) {
      for (const pair of rest.split(':ENV:').slice(1)) {
        const eq = pair.indexOf('=');
        if (eq > 0) items.push(pair.slice(0, eq), pair.slice(eq + 1));
      }
    } else {
      items = rest.split('/').map((v, i) => (i % 2 !== 0 ? v.split('--slash--').join('/') : v));
    }
  }
  const envs: Record<string, string> = {};
  for (let i = 0; i + 1 < items.length; i += 2) {
    const key = items[i] as string;
    const env = Object.hasOwn(URL_PARAMETER_TO_ENV, key) ? (URL_PARAMETER_TO_ENV[key] as string) : goToUpper(key);
    if (env !== '') envs[env] = items[i + 1] as string;
  }
  return envs;
}

/**
 * `extractClusterAndNetwork`: `values.global.multiCluster.clusterName` and `values.global.network`, overridden by
 * non-empty `ISTIO_META_CLUSTER_ID`/`ISTIO_META_NETWORK` from the webhook URL (`urlEnvs`, see `parseInjectEnvs`) or
 * the `clusterID`/`network` options, the network finally by the pod label `topology.istio.io/network` when present
 * (even empty). `proxyEnvs` = the URL's variables plus the non-empty cluster and network.
 */
export function clusterAndNetwork(
  values: unknown,
  podLabels: unknown,
  overrides: {
    readonly clusterID?: string | undefined;
    readonly network?: string | undefined;
    readonly urlEnvs?: Readonly<Record<string, string>> | undefined;
  } = {},
): ClusterNetwork {
  const asString = (v: unknown): string => (typeof v === 'string' ? v : '');
  const proxyEnvs: Record<string, string> = { ...(overrides.urlEnvs ?? {}) };
  if (overrides.clusterID) proxyEnvs['ISTIO_META_CLUSTER_ID'] = overrides.clusterID;
  if (overrides.network) proxyEnvs['ISTIO_META_NETWORK'] = overrides.network;
  let cluster = asString(pick(values, 'global', 'multiCluster', 'clusterName'));
  let network = asString(pick(values, 'global', 'network'));
  if (proxyEnvs['ISTIO_META_CLUSTER_ID']) cluster = proxyEnvs['ISTIO_META_CLUSTER_ID'];
  if (proxyEnvs['ISTIO_META_NETWORK']) network = proxyEnvs['ISTIO_META_NETWORK'];
  const labels = typeof podLabels === 'object' && podLabels !== null ? (podLabels as Record<string, unknown>) : {};
  const label = Object.hasOwn(labels, 'topology.istio.io/network') ? labels['topology.istio.io/network'] : undefined;
  if (typeof label === 'string') network = label;
  if (cluster !== '') proxyEnvs['ISTIO_META_CLUSTER_ID'] = cluster;
  if (network !== '') proxyEnvs['ISTIO_META_NETWORK'] = network;
  return { cluster, network, proxyEnvs };
}
