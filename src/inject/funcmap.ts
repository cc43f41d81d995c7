/**
 * @module
 * Istio's injection template functions (pkg/kube/inject), with Istio's exact semantics and Go signatures.
 * They are registered after Sprig, so `contains`, `env`, `indent`, `omit` and `toYaml` here override Sprig's.
 * The engine knows nothing of Kubernetes; this file is where Kubernetes- and Istio-shaped functions live.
 */
import { sprint } from '../go/fmt.ts';
import { marshal, unmarshalAny } from '../go/json.ts';
import { RenderBudgetError } from '../go/limits.ts';
import { checkStringLength } from '../template/funcs/sprig-support.ts';
import { countNewlines, padAfterNewlines } from '../template/funcs/sprig-strings.ts';
import { jsonToYAML } from '../go/yaml.ts';
import { formatGoDuration, durationRepToNanos } from '../go/duration.ts';
import { T, TC, ptrTo, sliceOf, type FuncMap, type GoField, type GoFunc, type GoType } from '../go/types.ts';
import {
  GoError,
  GoValue,
  NIL,
  fieldRep,
  findField,
  mapEntries,
  mapGet,
  mapHas,
  structField,
  valueAt,
} from '../go/value.ts';
import { ContainerType, ObjectMetaType } from '../schema/k8s.ts';
import { DurationType, MeshConfigType } from '../schema/mesh.ts';
import { protoToJSON } from '../mesh/proxy-config.ts';
import { wantsOtelSemanticConventions, type MeshConfigRep } from '../mesh/mesh-config.ts';
import { nullProtoRecord } from '../go/record.ts';

export interface IstioFuncOptions {
  /** What Istio's `env` function sees: only variables the config allow-lists, never the process environment. */
  readonly env?: Readonly<Record<string, string>>;
}

type StringMap = Record<string, string> | Map<string, string> | null;

function fn(sig: Omit<GoFunc, 'impl'>, impl: (...args: never[]) => unknown): GoFunc {
  return { ...sig, impl };
}

const containers: GoType = sliceOf(ContainerType);
const meshConfigPtr: GoType = ptrTo(MeshConfigType);
const durationPtr: GoType = ptrTo(DurationType);
const stringMapT = TC.mapStringString;

/** A Go map[string]string rep as a null-prototype object, so keys like `__proto__` stay data. */
function newStringMap(): Record<string, string> {
  return nullProtoRecord<string>();
}

function stringEntries(m: StringMap): [string, string][] {
  return mapEntries(m) as [string, string][];
}

function stringMapValue(m: StringMap): GoValue {
  return new GoValue(stringMapT, m);
}

// --- ports and interfaces -----------------------------------------------------------------------------------------

/** Adds the status port to a comma list of excluded inbound ports, unless it is empty, 0 or already there. */
export function excludeInboundPort(port: GoValue, list: string): string {
  const p = sprint([port]).trim();
  if (p === '' || p === '0') return list;
  const kept: string[] = [];
  for (const entry of list.split(',')) {
    if (entry === p) return list;
    const trimmed = entry.trim();
    if (trimmed !== '') kept.push(trimmed);
  }
  kept.push(p);
  return kept.join(',');
}

/** Container ports as a comma list, skipping UDP and SCTP (Istio intercepts TCP only). */
function containerPorts(list: unknown[] | null, include: (name: string) => boolean): string {
  const parts: string[] = [];
  for (const rep of list ?? []) {
    const c = valueAt(ContainerType, rep);
    const name = structField(c, 'Name')?.v as string;
    if (!include(name)) continue;
    for (const portRep of (structField(c, 'Ports')?.v as unknown[] | null) ?? []) {
      const port = portRep as { protocol?: unknown; containerPort?: unknown };
      if (port.protocol === 'UDP' || port.protocol === 'SCTP') continue;
      parts.push(String(Math.trunc(Number(port.containerPort ?? 0))));
    }
  }
  return parts.join(',');
}

// --- Multus ---------------------------------------------------------------------------------------------------------

/** Splits `ns/name` as Kubernetes' SplitQualifiedName does: no slash means an empty namespace. */
function splitQualifiedName(s: string): { namespace: string; name: string } {
  const i = s.indexOf('/');
  return i < 0 ? { namespace: '', name: s } : { namespace: s.slice(0, i), name: s.slice(i + 1) };
}

/** Adds Istio's CNI network to a `k8s.v1.cni.cncf.io/networks` value, in JSON-list or flat-list form. */
export function appendMultusNetwork(existing: string, network: string): string {
  if (existing === '') return network;
  const close = existing.lastIndexOf(']');
  if (close >= 0) {
    let parsed: unknown;
    try {
      parsed = unmarshalAny(existing);
    } catch {
      return existing;
    }
    if (!Array.isArray(parsed) || parsed.some((e) => e === null || typeof e !== 'object' || Array.isArray(e))) {
      return existing;
    }
    const wanted = splitQualifiedName(network);
    for (const entry of parsed as Record<string, unknown>[]) {
      const name = Object.hasOwn(entry, 'name') ? entry['name'] : undefined;
      const namespace = Object.hasOwn(entry, 'namespace') ? entry['namespace'] : '';
      if (name === wanted.name && namespace === wanted.namespace) return existing;
    }
    const added = wanted.namespace === ''
      ? `, {"name": "${wanted.name}"}`
      : `, {"name": "${wanted.name}", "namespace": "${wanted.namespace}"}`;
    return existing.slice(0, close) + added + existing.slice(close);
  }
  for (const entry of existing.split(',')) {
    if (entry.trim() === network) return existing;
  }
  return `${existing}, ${network}`;
}

// --- maps -------------------------------------------------------------------------------------------------------------

export function mergeStringMaps(maps: readonly StringMap[]): Record<string, string> | null {
  if (maps.length === 0) return null;
  const out = newStringMap();
  for (const m of maps) for (const [k, v] of stringEntries(m)) out[k] = v;
  return out;
}

/**
 * Drops nil values from maps and lists, recursively; a container emptied by that becomes nil itself. Containers
 * with nothing to drop are returned as they are, so an empty map given in the values stays an empty map.
 */
export function omitNil(v: GoValue): GoValue {
  return omitNilRec(v).value;
}

function omitNilRec(v: GoValue): { value: GoValue; changed: boolean } {
  if (v.t.kind === 'iface' && (v.v === null || v.v === undefined)) return { value: NIL, changed: true };
  if (!hasNil(v)) return { value: v, changed: false };
  if (v.t === TC.mapStringAny && v.v !== null) {
    const entries = mapEntries(v.v);
    const out = nullProtoRecord();
    let n = 0;
    for (const [k, e] of entries) {
      const kept = omitNilRec(valueAt(T.any, e)).value;
      if (kept.t.kind === 'iface' && kept.v === null) continue;
      out[k as string] = kept;
      n++;
    }
    return { value: n === 0 ? NIL : new GoValue(TC.mapStringAny, out), changed: true };
  }
  if (v.t === TC.sliceAny && v.v !== null) {
    const items = v.v as unknown[];
    const out: unknown[] = [];
    for (const e of items) {
      const kept = omitNilRec(valueAt(T.any, e)).value;
      if (kept.t.kind === 'iface' && kept.v === null) continue;
      out.push(kept);
    }
    return { value: out.length === 0 ? NIL : new GoValue(TC.sliceAny, out), changed: true };
  }
  return { value: v, changed: false };
}

/**
 * Whether omitNilRec changes a value (it holds a nil somewhere in its maps and lists), without building anything:
 * omitNil usually meets values with nothing to drop.
 */
function hasNil(v: GoValue): boolean {
  if (v.t.kind === 'iface') return v.v === null || v.v === undefined;
  if (v.t === TC.mapStringAny && v.v !== null) {
    const m = v.v;
    if (m instanceof Map) {
      for (const e of m.values()) if (slotHasNil(e)) return true;
    } else {
      for (const k of Object.keys(m as object)) if (slotHasNil((m as Record<string, unknown>)[k])) return true;
    }
    return false;
  }
  if (v.t === TC.sliceAny && v.v !== null) {
    for (const e of v.v as unknown[]) if (slotHasNil(e)) return true;
  }
  return false;
}

/** hasNil of the value in an `interface {}` slot (valueAt's dynamic value), sparing the common scalar reps a wrapper. */
function slotHasNil(rep: unknown): boolean {
  switch (typeof rep) {
    case 'string':
    case 'number':
    case 'boolean':
      return false;
  }
  return hasNil(valueAt(T.any, rep));
}

// --- OpenTelemetry resource attributes --------------------------------------------------------------------------------

/** The version part of an image reference: `tag@digest`, the digest, or the tag; "" when it has neither. */
function imageVersion(image: string): string {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : '';
  const nameAndTag = at >= 0 ? image.slice(0, at) : image;
  const lastSlash = nameAndTag.lastIndexOf('/');
  const colon = nameAndTag.lastIndexOf(':');
  const tag = colon > lastSlash ? nameAndTag.slice(colon + 1) : '';
  if (tag && digest) return `${tag}@${digest}`;
  return digest || tag;
}

export function otelResourceAttributes(
  mesh: MeshConfigRep | null,
  annotations: StringMap,
  labels: StringMap,
  namespace: string,
  podContainers: unknown[] | null,
): string {
  if (!wantsOtelSemanticConventions(mesh)) return '';
  const ann = (k: string): string | undefined => mapGet(annotations, k) as string | undefined;
  const list = (podContainers ?? []).map((rep) => valueAt(ContainerType, rep));
  const attrs: string[] = [];
  attrs.push(`service.namespace=${ann('resource.opentelemetry.io/service.namespace') ?? namespace}`);
  let version = ann('resource.opentelemetry.io/service.version') ?? (mapGet(labels, 'app.kubernetes.io/version') as string | undefined);
  if (version === undefined && list.length === 1) {
    const v = imageVersion(structField(list[0]!, 'Image')?.v as string);
    if (v !== '') version = v;
  }
  if (version !== undefined) attrs.push(`service.version=${version}`);
  const first = list[0] ? (structField(list[0], 'Name')?.v as string) : '';
  attrs.push(`service.instance.id=${ann('resource.opentelemetry.io/service.instance.id') ?? `${namespace}.$(POD_NAME).${first}`}`);
  return attrs.join(',');
}

/** ObjectMeta.Annotations of an ObjectMeta rep (the field is looked up once: annotation is called per annotation). */
function objectMetaAnnotations(meta: unknown): unknown {
  annotationsField ??= findField(ObjectMetaType, 'Annotations')?.path ?? null;
  const path = annotationsField;
  if (path !== null && path.length === 1) return fieldRep(meta, path[0]!);
  return structField(new GoValue(ObjectMetaType, meta), 'Annotations')?.v;
}

let annotationsField: readonly GoField[] | null | undefined;

// --- toYaml ---------------------------------------------------------------------------------------------------------

/**
 * Istio's toYaml (sigs.k8s.io/yaml.Marshal: json.Marshal, then YAML for that JSON, as marshalYAML does); any error
 * gives "". The JSON → YAML step is a pure function of the JSON text and costs several times the marshal, while
 * the pods of one run mostly print the same few values (the proxy's resources): its answers are remembered by text.
 */
function toYaml(v: GoValue): string {
  let json: string;
  try {
    json = marshal(v);
  } catch (e) {
    // The encoders' budget is not a Go error, and is not hidden as one.
    if (e instanceof RenderBudgetError) throw e;
    return '';
  }
  const known = yamlByJSON.get(json);
  if (known !== undefined) return known;
  let yaml: string;
  try {
    yaml = jsonToYAML(json);
  } catch {
    return '';
  }
  if (json.length <= YAML_CACHE_MAX_TEXT) {
    if (yamlByJSON.size >= YAML_CACHE_ENTRIES) yamlByJSON.clear();
    yamlByJSON.set(json, yaml);
  }
  return yaml;
}

const yamlByJSON = new Map<string, string>();
const YAML_CACHE_ENTRIES = 256;
const YAML_CACHE_MAX_TEXT = 16 * 1024;

// --- the map ----------------------------------------------------------------------------------------------------------

/** Istio's 26 injection functions. `env` answers only from `options.env`. */
export function istioFuncs(options: IstioFuncOptions = {}): FuncMap {
  const env = options.env ?? {};
  const s = T.string;
  return {
    annotation: fn({ params: [ObjectMetaType, s, T.any], results: [s] }, (meta: unknown, name: string, def: GoValue) => {
      const annotations = objectMetaAnnotations(meta);
      if (mapHas(annotations, name)) return mapGet(annotations, name) as string;
      // fmt.Sprint of one plain string is that string.
      return def.t === T.string ? (def.v as string) : sprint([def]);
    }),
    isset: fn({ params: [stringMapT, s], results: [T.bool] }, (m: StringMap, key: string) => mapHas(m, key)),
    valueOrDefault: fn({ params: [T.any, T.any], results: [T.any] }, (v: GoValue, def: GoValue) =>
      (v.t === T.string && v.v === '') || v === NIL || (v.t.kind === 'iface' && v.v === null) ? def : v),
    excludeInboundPort: fn({ params: [T.any, s], results: [s] }, excludeInboundPort),
    includeInboundPorts: fn({ params: [containers], results: [s] }, (c: unknown[] | null) => containerPorts(c, () => true)),
    applicationPorts: fn({ params: [containers], results: [s] }, (c: unknown[] | null) =>
      containerPorts(c, (name) => name !== 'istio-proxy')),
    kubevirtInterfaces: fn({ params: [s], results: [s] }, (x: string) => x),
    excludeInterfaces: fn({ params: [s], results: [s] }, (x: string) => x),
    toJSON: fn({ params: [stringMapT], results: [s] }, (m: StringMap) => {
      if (m === null) return '{}';
      try {
        return marshal(stringMapValue(m));
      } catch {
        return '{}';
      }
    }),
    fromJSON: fn({ params: [s], results: [T.any] }, (text: string) => {
      try {
        return valueAt(T.any, unmarshalAny(text));
      } catch {
        return new GoValue(T.string, '{}');
      }
    }),
    structToJSON: fn({ params: [T.any], results: [s] }, (v: GoValue) => {
      if (v === NIL || (v.t.kind === 'iface' && v.v === null)) return '{}';
      try {
        return marshal(v);
      } catch (e) {
        if (e instanceof RenderBudgetError) throw e;
        return '{}';
      }
    }),
    protoToJSON: fn({ params: [T.any], results: [s] }, protoToJSON),
    toYaml: fn({ params: [T.any], results: [s] }, toYaml),
    indent: fn({ params: [T.int, s], results: [s] }, (spaces: number, source: string) => {
      checkStringLength(source.length + Math.max(spaces, 0) * countNewlines(source), 'indent');
      // Every line but the first gets the pad: the same as padding after every newline.
      return padAfterNewlines(source, ' '.repeat(Math.max(spaces, 0)));
    }),
    directory: fn({ params: [s], results: [s] }, (p: string) => p.slice(0, p.lastIndexOf('/') + 1)),
    contains: fn({ params: [s, s], results: [T.bool] }, (needle: string, haystack: string) => haystack.includes(needle)),
    toLower: fn({ params: [s], results: [s] }, (x: string) => x.toLowerCase()),
    appendMultusNetwork: fn({ params: [s, s], results: [s] }, appendMultusNetwork),
    env: fn({ params: [s, s], results: [s] }, (key: string, def: string) => {
      const v = Object.hasOwn(env, key) ? env[key] : undefined;
      return v === undefined || v === '' ? def : v;
    }),
    omit: fn({ params: [stringMapT], variadic: s, results: [stringMapT] }, (m: StringMap, ...keys: string[]) => {
      const skip = new Set(keys);
      const out = newStringMap();
      for (const [k, v] of stringEntries(m)) if (!skip.has(k)) out[k] = v;
      return out;
    }),
    strdict: fn({ params: [], variadic: s, results: [stringMapT] }, (...kv: string[]) => {
      const out = newStringMap();
      for (let i = 0; i < kv.length; i += 2) out[kv[i]!] = i + 1 < kv.length ? kv[i + 1]! : '';
      return out;
    }),
    toJsonMap: fn({ params: [], variadic: stringMapT, results: [s] }, (...maps: StringMap[]) => {
      try {
        return marshal(stringMapValue(mergeStringMaps(maps)));
      } catch {
        return '';
      }
    }),
    mergeMaps: fn({ params: [], variadic: stringMapT, results: [stringMapT] }, (...maps: StringMap[]) => mergeStringMaps(maps)),
    omitNil: fn({ params: [T.any], results: [T.any] }, omitNil),
    otelResourceAttributes: fn(
      { params: [meshConfigPtr, stringMapT, stringMapT, s, containers], results: [s] },
      otelResourceAttributes,
    ),
    formatDuration: fn({ params: [durationPtr], results: [s] }, (d: unknown) => formatGoDuration(durationRepToNanos(d))),
  };
}

/** The names Istio's map defines (for parse-time function checks and documentation). */
export const ISTIO_FUNC_NAMES: readonly string[] = Object.freeze(Object.keys(istioFuncs()));
