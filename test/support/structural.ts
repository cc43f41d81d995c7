/**
 * The structural comparison of our output with Istio's kube-inject goldens (istio-injection.md §20, the fidelity
 * issue's rules): documents in order; maps by key; lists in order; embedded JSON (status and overrides annotations,
 * PROXY_CONFIG, ISTIO_KUBE_APP_PROBERS, ISTIO_PROMETHEUS_ANNOTATIONS, Prometheus annotations, ISTIO_META_* JSON values)
 * compared as parsed JSON, with the status annotation's `version` key ignored; resource quantities compared by value;
 * `null` values and empty lists treated as absent; what Go adds when it round-trips objects (`creationTimestamp`,
 * `status`, `strategy`, `updateStrategy`, `resources`, `securityContext`, `metadata`) ignored on both sides when it
 * holds nothing but zero values. An empty map elsewhere (`emptyDir: {}`) is a real value. Nothing else is normalised.
 */
import { parseQuantity, quantityEquals } from '../../src/go/quantity.ts';

type JSON = unknown;

/** Keys Go's typed round trip adds (zero-valued structs, `creationTimestamp: null`): dropped when they hold only zeros. */
const GO_ADDED = new Set(['creationTimestamp', 'status', 'strategy', 'updateStrategy', 'resources', 'securityContext', 'metadata']);
/** Annotations whose value is JSON. */
const JSON_ANNOTATIONS = new Set(['sidecar.istio.io/status', 'proxy.istio.io/overrides']);
/** Env vars whose value is JSON (besides ISTIO_META_* values that parse as JSON). */
const JSON_ENV = new Set(['PROXY_CONFIG', 'ISTIO_KUBE_APP_PROBERS', 'ISTIO_PROMETHEUS_ANNOTATIONS']);
const STATUS_ANNOTATION = 'sidecar.istio.io/status';

function isObject(v: JSON): v is Record<string, JSON> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Holds nothing but zero values (Go's zero struct as JSON). */
function onlyZeros(v: JSON): boolean {
  if (v === null || v === undefined || v === 0 || v === '' || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isObject(v)) return Object.values(v).every(onlyZeros);
  return false;
}

/** Absent in the comparison: undefined, null, an empty list. */
function absent(v: JSON): boolean {
  return v === undefined || v === null || (Array.isArray(v) && v.length === 0);
}

function entriesOf(map: Record<string, JSON>): Map<string, JSON> {
  const out = new Map<string, JSON>();
  for (const [k, v] of Object.entries(map)) {
    if (absent(v)) continue;
    if (GO_ADDED.has(k) && onlyZeros(v)) continue;
    out.set(k, v);
  }
  return out;
}

function parseJSON(text: JSON): { ok: true; value: JSON } | { ok: false } {
  if (typeof text !== 'string') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as JSON };
  } catch {
    return { ok: false };
  }
}

function jsonEqual(a: JSON, b: JSON): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

function quantityValueEqual(a: JSON, b: JSON): boolean {
  if ((typeof a !== 'string' && typeof a !== 'number') || (typeof b !== 'string' && typeof b !== 'number')) return false;
  try {
    return quantityEquals(parseQuantity(String(a).trim()), parseQuantity(String(b).trim()));
  } catch {
    return false;
  }
}

/** Where a value sits, to pick its comparison rule. */
interface Place {
  readonly path: string;
  /** The map key of this value, or undefined in a list. */
  readonly key: string | undefined;
  /** The key of the map holding this value's map (e.g. `annotations`, `limits`). */
  readonly parentKey: string | undefined;
  /** For a `value` in an env entry: the entry's name. */
  readonly envName: string | undefined;
}

function compareEmbedded(a: JSON, b: JSON, place: Place, ignoreVersion: boolean): string | undefined {
  const pa = parseJSON(a);
  const pb = parseJSON(b);
  if (!pa.ok || !pb.ok) return a === b ? undefined : place.path;
  let va = pa.value;
  let vb = pb.value;
  if (ignoreVersion) {
    if (isObject(va)) va = Object.fromEntries(Object.entries(va).filter(([k]) => k !== 'version'));
    if (isObject(vb)) vb = Object.fromEntries(Object.entries(vb).filter(([k]) => k !== 'version'));
  }
  return jsonEqual(va, vb) ? undefined : place.path;
}

function isEmbeddedJSON(place: Place): { embedded: boolean; ignoreVersion: boolean } {
  if (place.parentKey === 'annotations' && place.key !== undefined) {
    if (JSON_ANNOTATIONS.has(place.key)) return { embedded: true, ignoreVersion: place.key === STATUS_ANNOTATION };
    if (place.key.startsWith('prometheus.')) return { embedded: true, ignoreVersion: false };
  }
  if (place.key === 'value' && place.envName !== undefined) {
    if (JSON_ENV.has(place.envName) || place.envName.startsWith('ISTIO_META_')) return { embedded: true, ignoreVersion: false };
  }
  return { embedded: false, ignoreVersion: false };
}

function isQuantity(place: Place): boolean {
  return place.parentKey === 'limits' || place.parentKey === 'requests' || place.parentKey === 'overhead' || place.key === 'divisor';
}

function compareAt(a: JSON, b: JSON, place: Place): string | undefined {
  const embedded = isEmbeddedJSON(place);
  if (embedded.embedded && typeof a === 'string' && typeof b === 'string') {
    const direct = compareEmbedded(a, b, place, embedded.ignoreVersion);
    // Values that are not JSON on either side (plain ISTIO_META_* strings) compare as strings.
    return direct;
  }
  if (isQuantity(place) && a !== b && quantityValueEqual(a, b)) return undefined;
  if (isObject(a) && isObject(b)) {
    const ea = entriesOf(a);
    const eb = entriesOf(b);
    const keys = [...new Set([...ea.keys(), ...eb.keys()])];
    const envName = typeof a['name'] === 'string' && a['name'] === b['name'] ? a['name'] : undefined;
    for (const k of keys) {
      const path = place.path === '' ? k : `${place.path}.${k}`;
      if (!ea.has(k)) return `${path} (only in the golden)`;
      if (!eb.has(k)) return `${path} (only in our output)`;
      const d = compareAt(ea.get(k), eb.get(k), { path, key: k, parentKey: place.key, envName });
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${place.path} (length ${a.length} vs ${b.length})`;
    for (let i = 0; i < a.length; i++) {
      const d = compareAt(a[i], b[i], { path: `${place.path}[${i}]`, key: undefined, parentKey: place.key, envName: undefined });
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (absent(a) && absent(b)) return undefined;
  return a === b ? undefined : place.path;
}

/**
 * Compares our documents with the golden's, in order. Returns undefined when they match, else the path of the first
 * difference (`[0].spec.template.spec.initContainers[1].env[3].value`).
 */
export function firstDifference(ours: readonly JSON[], golden: readonly JSON[]): string | undefined {
  if (ours.length !== golden.length) return `documents (${ours.length} in our output, ${golden.length} in the golden)`;
  for (let i = 0; i < ours.length; i++) {
    const d = compareAt(ours[i], golden[i], { path: `[${i}]`, key: undefined, parentKey: undefined, envName: undefined });
    if (d !== undefined) return d;
  }
  return undefined;
}

/** A zero value: what Go's `omitempty` drops, and what Go writes for a non-omitempty field nobody set. */
function isGoZeroScalar(v: JSON): boolean {
  return v === false || v === 0 || v === '';
}

/**
 * Go's typed round trip outside the listed structs, on scalar zero values only: it drops a field the user wrote with a
 * zero value (`paused: false`, `omitempty`) and writes one nobody wrote (`test: false` on a DeploymentConfig, not
 * `omitempty`). Our output keeps the user's lines as they are, by design (ARCHITECTURE §8.4, user-needs #8: minimal,
 * faithful diffs). Returns both sides without exactly those fields, and their paths. A field counts only when the input
 * agrees (the same value at the same path for a kept one, nothing for an added one), so nothing injection added or
 * changed is ever excused.
 */
export function withoutGoRoundTripZeros(
  ours: readonly JSON[],
  input: readonly JSON[],
  golden: readonly JSON[],
): { ours: JSON[]; golden: JSON[]; kept: string[]; added: string[] } {
  const kept: string[] = [];
  const added: string[] = [];
  const walk = (o: JSON, i: JSON, g: JSON, path: string): [JSON, JSON] => {
    if (!isObject(o) || !isObject(g)) return [o, g];
    const inputMap = isObject(i) ? i : {};
    const outOurs: Record<string, JSON> = {};
    const outGolden: Record<string, JSON> = {};
    for (const [k, v] of Object.entries(o)) {
      if (isGoZeroScalar(v) && g[k] === undefined && inputMap[k] === v) kept.push(`${path}.${k}`);
      else if (g[k] === undefined) outOurs[k] = v;
      else [outOurs[k], outGolden[k]] = walk(v, inputMap[k], g[k], `${path}.${k}`);
    }
    for (const [k, v] of Object.entries(g)) {
      if (k in outGolden || o[k] !== undefined) continue;
      if (isGoZeroScalar(v) && inputMap[k] === undefined) added.push(`${path}.${k}`);
      else outGolden[k] = v;
    }
    return [outOurs, outGolden];
  };
  const pairs = golden.map((doc, n) => walk(ours[n], input[n], doc, `[${n}]`));
  return {
    ours: ours.map((doc, n) => (n < pairs.length ? pairs[n]![0] : doc)),
    golden: pairs.map((pair) => pair[1]),
    kept,
    added,
  };
}
