/**
 * @module
 * A pod as Go sees it after `json.Unmarshal` into `corev1.Pod` and `json.Marshal` back (istio-injection.md §7: the
 * injector works on typed pods, so keys a template writes that the Pod schema does not know are dropped, quantities
 * come out canonical and a value of the wrong JSON type is an error).
 *
 * Two liberties keep the result usable for minimal write-back: the input's key order is kept (Go would use field
 * order), and fields that are absent stay absent (Go would print non-omitempty zero values such as `resources: {}`).
 * Empty `omitempty` values (`""`, `0`, `false`, `[]`, `{}` maps, nulls) are dropped, as Go's marshal drops them.
 *
 * Inputs are never modified; the result shares no objects with them.
 */
import type { GoField, GoType } from '../go/types.ts';
import { QuantityError, canonicalQuantity } from '../go/quantity.ts';
import { PodType } from '../schema/k8s.ts';

export type JSONObject = Record<string, unknown>;

/** A value Go's json.Unmarshal rejects, with Go's message (`json: cannot unmarshal number into Go struct field …`). */
export class PodTypeError extends TypeError {
  override readonly name = 'PodTypeError';
  /** The JSON path of the offending value (`spec.containers.0.env.3.value`). */
  readonly path: string;
  constructor(message: string, path: string) {
    super(message);
    this.path = path;
  }
}

/** Marks a value Go leaves at its zero value (a JSON null, or nothing to keep). */
const ABSENT: unique symbol = Symbol('absent');
type Decoded = unknown | typeof ABSENT;

interface FlatField {
  readonly json: string;
  readonly folded: string;
  readonly type: GoType;
  readonly omitempty: boolean;
}

/** A struct's fields by exact JSON name and by case-folded name (the first field of each, as Go's lookup finds). */
interface FieldIndex {
  /** The struct's short name, for error messages (`Container`). */
  readonly struct: string;
  readonly exact: ReadonlyMap<string, FlatField>;
  readonly folded: ReadonlyMap<string, FlatField>;
}

const flatFieldsCache = new Map<GoType, FieldIndex>();

/** A struct's JSON fields with `inline` embedded structs flattened into their parent (Go's JSON view), indexed. */
function flatFields(t: GoType): FieldIndex {
  const cached = flatFieldsCache.get(t);
  if (cached) return cached;
  const out: FlatField[] = [];
  const add = (fields: readonly GoField[] | undefined): void => {
    for (const f of fields ?? []) {
      if (f.inline) {
        add(f.type.fields);
        continue;
      }
      const json = f.json ?? f.name;
      out.push({ json, folded: json.toLowerCase(), type: f.type, omitempty: f.omitempty === true });
    }
  };
  add(t.fields);
  const exact = new Map<string, FlatField>();
  const folded = new Map<string, FlatField>();
  for (const f of out) {
    if (!exact.has(f.json)) exact.set(f.json, f);
    if (!folded.has(f.folded)) folded.set(f.folded, f);
  }
  const index: FieldIndex = { struct: shortName(t), exact, folded };
  flatFieldsCache.set(t, index);
  return index;
}

/** The field a JSON key decodes into: the exact name first, else a case-insensitive match (as encoding/json does). */
function fieldForKey(fields: FieldIndex, key: string): FlatField | undefined {
  return fields.exact.get(key) ?? fields.folded.get(key.toLowerCase());
}

function isObject(v: unknown): v is JSONObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A deep copy of JSON data (`__proto__` keys stay data). */
function cloneJSON(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(cloneJSON);
  if (!isObject(v)) return v;
  const out: JSONObject = {};
  for (const k of Object.keys(v)) setOwn(out, k, cloneJSON(v[k]));
  return out;
}

function setOwn(obj: JSONObject, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** The JSON type word Go's UnmarshalTypeError names. */
function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'bool';
    default:
      return 'object';
  }
}

/**
 * Where the decoder is, as a stack kept beside the recursion (nothing is allocated per value; paths are only built
 * when an error is reported): per step the key in the JSON, whether it was a struct field (Go names those only) and
 * the innermost struct being filled. A throw leaves it as it was, so every entry point resets `depth`.
 */
const pathKeys: (string | number)[] = [];
const pathFields: boolean[] = [];
const pathStructs: string[] = [];
let depth = 0;

function enter(key: string | number, field: boolean, struct: string): void {
  pathKeys[depth] = key;
  pathFields[depth] = field;
  pathStructs[depth] = struct;
  depth++;
}

function leave(): void {
  depth--;
}

/** The innermost struct being filled (`''` at the top). */
function currentStruct(): string {
  return depth === 0 ? '' : (pathStructs[depth - 1] ?? '');
}

function steps(fieldsOnly: boolean): string {
  const out: string[] = [];
  for (let i = 0; i < depth; i++) if (!fieldsOnly || pathFields[i]) out.push(String(pathKeys[i]));
  return out.join('.');
}

/** The full JSON path, list indexes included, for `PodTypeError.path`. */
function pathOf(): string {
  return steps(false);
}

/** reflect.Type.Name(): the type name without its package (`v1.EnvVar` → `EnvVar`). */
function shortName(t: GoType): string {
  const dot = t.name.lastIndexOf('.');
  return dot < 0 ? t.name : t.name.slice(dot + 1);
}

/** The type Go's error names: pointers are followed (the decoder indirects before storing a literal). */
function targetName(t: GoType): string {
  let cur = t;
  while (cur.kind === 'ptr' && cur.elem) cur = cur.elem;
  return cur.name;
}

function typeError(value: string, t: GoType): PodTypeError {
  const struct = currentStruct();
  const where = struct === '' ? 'Go value' : `Go struct field ${struct}.${steps(true)}`;
  return new PodTypeError(`json: cannot unmarshal ${value} into ${where} of type ${targetName(t)}`, pathOf());
}

const INT_RANGES: Readonly<Record<number, readonly [number, number]>> = {
  8: [-128, 127],
  16: [-32768, 32767],
  32: [-2147483648, 2147483647],
  64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

function decodeInt(t: GoType, v: unknown): Decoded {
  if (v === null) return ABSENT;
  if (typeof v !== 'number') throw typeError(jsonKind(v), t);
  const [lo, hi] = t.kind === 'uint' ? [0, t.bits === 64 ? Number.MAX_SAFE_INTEGER : 2 ** (t.bits ?? 64) - 1] : INT_RANGES[t.bits ?? 64] ?? INT_RANGES[64]!;
  if (!Number.isInteger(v) || v < lo || v > hi) throw typeError(`number ${String(v)}`, t);
  return v;
}

function decodeQuantity(v: unknown): Decoded {
  if (v === null) return ABSENT;
  if (typeof v !== 'string' && typeof v !== 'number') {
    throw new PodTypeError("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'", pathOf());
  }
  try {
    return canonicalQuantity(typeof v === 'string' ? v.trim() : String(v));
  } catch (e) {
    if (e instanceof QuantityError) throw new PodTypeError(e.message, pathOf());
    throw e;
  }
}

function decodeIntOrString(t: GoType, v: unknown): Decoded {
  if (v === null) return ABSENT;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647) return v;
  const value = typeof v === 'number' ? `number ${String(v)}` : jsonKind(v);
  throw new PodTypeError(`json: cannot unmarshal ${value} into Go value of type int32`, pathOf());
}

/** The zero value Go stores for a null list element or map value. */
function zeroOf(t: GoType): unknown {
  switch (t.kind) {
    case 'bool':
      return false;
    case 'int':
    case 'uint':
    case 'float':
      return 0;
    case 'string':
      return '';
    case 'struct':
      return t.name === 'resource.Quantity' ? '0' : t.name === 'intstr.IntOrString' ? 0 : {};
    default:
      return null;
  }
}

function decode(t: GoType, v: unknown): Decoded {
  switch (t.kind) {
    case 'ptr':
      if (v === null) return ABSENT;
      return decode(t.elem!, v);
    case 'iface':
      return v === null ? ABSENT : cloneJSON(v);
    case 'bool':
      if (v === null) return ABSENT;
      if (typeof v !== 'boolean') throw typeError(jsonKind(v), t);
      return v;
    case 'int':
    case 'uint':
      return decodeInt(t, v);
    case 'float':
      if (v === null) return ABSENT;
      if (typeof v !== 'number') throw typeError(jsonKind(v), t);
      return v;
    case 'string':
      if (v === null) return ABSENT;
      if (typeof v !== 'string') throw typeError(jsonKind(v), t);
      return v;
    case 'slice':
    case 'array': {
      if (v === null) return ABSENT;
      if (!Array.isArray(v)) throw typeError(jsonKind(v), t);
      const elem = t.elem!;
      const struct = currentStruct();
      const out: unknown[] = [];
      for (let i = 0; i < v.length; i++) {
        enter(i, false, struct);
        const decoded = decode(elem, v[i]);
        leave();
        out.push(decoded === ABSENT ? zeroOf(elem) : decoded);
      }
      return out;
    }
    case 'map': {
      if (v === null) return ABSENT;
      if (!isObject(v)) throw typeError(jsonKind(v), t);
      const elem = t.elem!;
      const struct = currentStruct();
      const out: JSONObject = {};
      for (const k of Object.keys(v)) {
        enter(k, false, struct);
        const decoded = decode(elem, v[k]);
        leave();
        setOwn(out, k, decoded === ABSENT ? zeroOf(elem) : decoded);
      }
      return out;
    }
    case 'struct':
      if (t.name === 'resource.Quantity') return decodeQuantity(v);
      if (t.name === 'intstr.IntOrString') return decodeIntOrString(t, v);
      return decodeStruct(t, v);
    default:
      // Kinds the Pod schema does not use (func, chan, complex): kept as given.
      return v === null ? ABSENT : cloneJSON(v);
  }
}

function decodeStruct(t: GoType, v: unknown): Decoded {
  if (v === null) return ABSENT;
  if (!isObject(v)) throw typeError(jsonKind(v), t);
  const fields = flatFields(t);
  const struct = fields.struct;
  const out: JSONObject = {};
  for (const key of Object.keys(v)) {
    const field = fieldForKey(fields, key);
    if (!field) continue;
    enter(field.json, true, struct);
    const decoded = decode(field.type, v[key]);
    leave();
    if (decoded === ABSENT || (field.omitempty && isEmptyValue(field.type, decoded))) {
      delete out[field.json];
      continue;
    }
    setOwn(out, field.json, decoded);
  }
  return out;
}

/** Go's isEmptyValue for `omitempty` (structs are never empty; pointers only when nil, which is ABSENT here). */
function isEmptyValue(t: GoType, v: unknown): boolean {
  switch (t.kind) {
    case 'bool':
      return v === false;
    case 'int':
    case 'uint':
    case 'float':
      return v === 0;
    case 'string':
      return v === '';
    case 'slice':
    case 'map':
    case 'array':
      return Array.isArray(v) ? v.length === 0 : isObject(v) && Object.keys(v).length === 0;
    default:
      return false;
  }
}

/**
 * The pod (`{metadata, spec}`, other keys ignored) after Go's typed round trip into `corev1.Pod`. Throws PodTypeError
 * with Go's message when a value has the wrong JSON type or a quantity does not parse.
 */
export function roundTripPod(pod: JSONObject): JSONObject {
  depth = 0;
  const decoded = decodeStruct(PodType, pickPodFields(pod));
  return isObject(decoded) ? decoded : {};
}

/** Any value of a Go type after the round trip (e.g. one container with ContainerType); undefined for nil/zero. */
export function roundTrip(t: GoType, value: unknown): unknown {
  depth = 0;
  const decoded = decode(t, value);
  return decoded === ABSENT ? undefined : decoded;
}

function pickPodFields(pod: JSONObject): JSONObject {
  const out: JSONObject = {};
  if (Object.hasOwn(pod, 'metadata')) setOwn(out, 'metadata', pod['metadata']);
  if (Object.hasOwn(pod, 'spec')) setOwn(out, 'spec', pod['spec']);
  return out;
}
