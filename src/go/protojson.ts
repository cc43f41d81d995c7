/**
 * @module
 * Protobuf messages as Istio's Go code reads and prints them, over plain reps (see types.ts): a message rep is an
 * object keyed by each field's JSON name, an absent key is the field's zero value, an enum is its number, a
 * wrapper (`google.protobuf.BoolValue`…) is `{value}`, a Duration `{seconds, nanos}`.
 *
 * - {@link marshalProtoJSON}: the legacy golang/protobuf `jsonpb.Marshaler{}` output (compact, `.proto` declaration
 *   order, lowerCamel names, enums by name, wrappers bare, durations `"23s"`, int64 quoted, maps sorted, zero fields
 *   omitted) that Istio's `protoToJSON` and `PROXY_CONFIG` use.
 * - {@link applyProtoJSON}: the legacy `jsonpb.Unmarshaler` applied onto an existing message, as Istio's
 *   `protomarshal.ApplyJSON` does (unknown fields ignored; a field present in the input replaces the old value whole,
 *   messages included; `null` leaves it alone).
 * - {@link marshalProtoText}: the compact text form Go's `String()` prints (`seconds:23`).
 *
 * Messages are described by {@link ProtoMessage} descriptors; `src/schema/mesh.ts` declares Istio's.
 */
import { compareStrings } from './value.ts';
import { durationToProtoJSON, nanosToDurationRep, parseGoDuration } from './duration.ts';
import { nullProtoRecord } from './record.ts';

export type ProtoScalar = 'bool' | 'string' | 'int32' | 'int64' | 'uint32' | 'uint64' | 'float' | 'double';

export interface ProtoEnumValue {
  readonly name: string;
  readonly number: number;
}

export interface ProtoEnum {
  /** `istio.mesh.v1alpha1.ProxyConfig.InboundInterceptionMode` */
  readonly fullName: string;
  /** In declaration order; the first is the zero value. */
  readonly values: readonly ProtoEnumValue[];
}

export type ProtoFieldType =
  | { readonly kind: 'scalar'; readonly scalar: ProtoScalar }
  | { readonly kind: 'enum'; readonly enum: ProtoEnum }
  | { readonly kind: 'message'; readonly message: ProtoMessage };

export interface ProtoField {
  /** The .proto name: `config_path`. */
  readonly name: string;
  /** The JSON name: `configPath`. */
  readonly json: string;
  /** For a map field: the value type. */
  readonly type: ProtoFieldType;
  readonly repeated?: boolean;
  /** Set for `map<K, V>` fields: the key type (the value type is `type`). */
  readonly mapKey?: ProtoScalar;
  /** The oneof group this field belongs to; its members are declared next to each other. */
  readonly oneof?: string;
}

/** Google's well-known types whose JSON form is special. */
export type WellKnownType =
  | 'Duration'
  | 'BoolValue'
  | 'StringValue'
  | 'Int32Value'
  | 'Int64Value'
  | 'UInt32Value'
  | 'UInt64Value'
  | 'FloatValue'
  | 'DoubleValue'
  | 'Struct'
  | 'Value'
  | 'Empty';

export interface ProtoMessage {
  /** `istio.mesh.v1alpha1.ProxyConfig` */
  readonly fullName: string;
  /** In `.proto` declaration order. */
  readonly fields: readonly ProtoField[];
  readonly wellKnown?: WellKnownType;
  /**
   * A message whose fields are not modelled: its rep is the JSON it was given, kept and printed as given. Used for
   * parts of the mesh config that injection never reads.
   */
  readonly opaque?: boolean;
}

/** A problem in JSON applied to a message; `path` names the field (`defaultConfig.drainDuration`). */
export class ProtoJSONError extends SyntaxError {
  override readonly name = 'ProtoJSONError';
  readonly path: string;
  /** The message Go's jsonpb gives, without the path. */
  readonly detail: string;
  constructor(path: string, detail: string) {
    super(path ? `${path}: ${detail}` : detail);
    this.path = path;
    this.detail = detail;
  }
}

// --- names ---------------------------------------------------------------------------------------------------------

/** protoc's JSON name of a field: underscores dropped, the letter after each capitalized (`mesh_mTLS` → `meshMTLS`). */
export function protoJSONName(protoName: string): string {
  let out = '';
  let upper = false;
  for (const c of protoName) {
    if (c === '_') upper = true;
    else {
      out += upper ? c.toUpperCase() : c;
      upper = false;
    }
  }
  return out;
}

// --- reps ----------------------------------------------------------------------------------------------------------

type Rep = Record<string, unknown>;

/** A fresh object for a message or string-keyed map rep: no prototype, so keys like `__proto__` stay data. */
export function newRep(): Rep {
  return nullProtoRecord();
}

function repOf(rep: unknown): Rep | undefined {
  return rep !== null && typeof rep === 'object' && !Array.isArray(rep) ? (rep as Rep) : undefined;
}

function own(obj: Rep | undefined, key: string): unknown {
  return obj !== undefined && Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** A copy of plain JSON with every object rebuilt prototype-free. */
export function cloneJSON(json: unknown): unknown {
  if (Array.isArray(json)) return json.map(cloneJSON);
  if (json !== null && typeof json === 'object') {
    const out = newRep();
    for (const k of Object.keys(json)) out[k] = cloneJSON((json as Rep)[k]);
    return out;
  }
  return json;
}

/** The zero rep of a singular field value. */
function zeroOf(type: ProtoFieldType): unknown {
  if (type.kind === 'message') return null;
  if (type.kind === 'enum') return 0;
  switch (type.scalar) {
    case 'bool':
      return false;
    case 'string':
      return '';
    default:
      return 0;
  }
}

function isZeroScalar(v: unknown): boolean {
  return v === undefined || v === null || v === false || v === '' || v === 0;
}

/**
 * Whether a field counts as set (protoreflect `Has`): a oneof member or message when present, a list or map when
 * non-empty, any other scalar when not its zero value (proto3 implicit presence).
 */
export function hasField(field: ProtoField, messageRep: unknown): boolean {
  const v = own(repOf(messageRep), field.json);
  if (v === undefined || v === null) return false;
  if (field.mapKey !== undefined) return Object.keys(v as object).length > 0;
  if (field.repeated) return (v as unknown[]).length > 0;
  if (field.oneof !== undefined || field.type.kind === 'message') return true;
  return !isZeroScalar(v);
}

/** The member of a oneof group that is set, if any. */
function setMember(members: readonly ProtoField[], rep: Rep | undefined): ProtoField | undefined {
  return members.find((m) => {
    const v = own(rep, m.json);
    return v !== undefined && v !== null;
  });
}

/** The fields of a oneof group starting at index i (members are contiguous). */
function oneofGroup(fields: readonly ProtoField[], i: number): ProtoField[] {
  const name = fields[i]!.oneof;
  const group: ProtoField[] = [];
  for (let j = i; j < fields.length && fields[j]!.oneof === name; j++) group.push(fields[j]!);
  return group;
}

// --- JSON text pieces ------------------------------------------------------------------------------------------------

/** A string as Go's encoding/json writes it (HTML-safe escapes, U+2028/2029 escaped, invalid UTF-16 → U+FFFD). */
export function goJSONString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 0x22:
        out += '\\"';
        continue;
      case 0x5c:
        out += '\\\\';
        continue;
      case 0x0a:
        out += '\\n';
        continue;
      case 0x0d:
        out += '\\r';
        continue;
      case 0x09:
        out += '\\t';
        continue;
      case 0x08:
        out += '\\b';
        continue;
      case 0x0c:
        out += '\\f';
        continue;
      case 0x3c:
      case 0x3e:
      case 0x26:
      case 0x2028:
      case 0x2029:
        out += `\\u${c.toString(16).padStart(4, '0')}`;
        continue;
    }
    if (c < 0x20) {
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += s[i]! + s[i + 1]!;
        i++;
      } else out += '\ufffd';
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      out += '\ufffd';
    } else out += s[i]!;
  }
  return `${out}"`;
}

/** A float64 as Go's encoding/json writes it (shortest form; exponent below 1e-6 and from 1e21). */
export function goJSONFloat64(n: number): string {
  if (Object.is(n, -0)) return '-0';
  return String(n);
}

/** A float32 value as Go writes it: the shortest decimal that reads back as the same float32. */
export function goJSONFloat32(n: number): string {
  const f = Math.fround(n);
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  for (let p = 1; p <= 9; p++) {
    const s = f.toPrecision(p);
    if (Math.fround(Number(s)) === f) return String(Number(s));
  }
  return String(f);
}

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

// --- marshal (legacy jsonpb) ------------------------------------------------------------------------------------------

/**
 * The legacy golang/protobuf `jsonpb.Marshaler{}` JSON of a message rep. Throws RangeError for a Duration jsonpb
 * refuses (its caller, Istio's protoToJSON, then prints `{}`).
 */
export function marshalProtoJSON(desc: ProtoMessage, rep: unknown): string {
  const out: string[] = [];
  writeMessage(desc, rep, out);
  return out.join('');
}

function writeMessage(desc: ProtoMessage, rep: unknown, out: string[]): void {
  if (desc.opaque || desc.wellKnown === 'Struct' || desc.wellKnown === 'Value') {
    writeRawJSON(rep, out, desc.wellKnown !== undefined);
    return;
  }
  if (desc.wellKnown === 'Duration') {
    out.push(`"${durationToProtoJSON(rep)}"`);
    return;
  }
  if (desc.wellKnown !== undefined && desc.wellKnown !== 'Empty') {
    const valueField = desc.fields[0]!;
    const v = own(repOf(rep), 'value');
    writeSingular(valueField.type, v === undefined || v === null ? zeroOf(valueField.type) : v, out);
    return;
  }
  const obj = repOf(rep);
  out.push('{');
  let first = true;
  const fields = desc.fields;
  for (let i = 0; i < fields.length; i++) {
    let field = fields[i]!;
    if (field.oneof !== undefined) {
      const group = oneofGroup(fields, i);
      i += group.length - 1;
      const member = setMember(group, obj);
      if (!member) continue;
      field = member;
    } else if (!hasField(field, obj)) continue;
    if (!first) out.push(',');
    first = false;
    out.push(`"${field.json}":`);
    writeFieldValue(field, own(obj, field.json), out);
  }
  out.push('}');
}

function writeFieldValue(field: ProtoField, v: unknown, out: string[]): void {
  if (field.mapKey !== undefined) {
    const entries = Object.keys(v as object).map((k): [string, unknown] => [k, (v as Rep)[k]]);
    entries.sort(mapKeyOrder(field.mapKey));
    out.push('{');
    entries.forEach(([k, value], i) => {
      if (i > 0) out.push(',');
      out.push(goJSONString(k), ':');
      writeSingular(field.type, value, out);
    });
    out.push('}');
    return;
  }
  if (field.repeated) {
    out.push('[');
    (v as unknown[]).forEach((item, i) => {
      if (i > 0) out.push(',');
      writeSingular(field.type, item, out);
    });
    out.push(']');
    return;
  }
  writeSingular(field.type, v, out);
}

function mapKeyOrder(key: ProtoScalar): (a: [string, unknown], b: [string, unknown]) => number {
  if (key === 'string') return (a, b) => compareStrings(a[0], b[0]);
  if (key === 'bool') return (a, b) => (a[0] === b[0] ? 0 : a[0] === 'false' ? -1 : 1);
  return (a, b) => {
    const x = BigInt(a[0]);
    const y = BigInt(b[0]);
    return x < y ? -1 : x > y ? 1 : 0;
  };
}

function writeSingular(type: ProtoFieldType, v: unknown, out: string[]): void {
  if (type.kind === 'message') {
    if (v === null || v === undefined) out.push('null');
    else writeMessage(type.message, v, out);
    return;
  }
  if (type.kind === 'enum') {
    const n = typeof v === 'number' ? v : 0;
    const named = type.enum.values.find((e) => e.number === n);
    out.push(named ? `"${named.name}"` : String(n));
    return;
  }
  switch (type.scalar) {
    case 'bool':
      out.push(v === true ? 'true' : 'false');
      return;
    case 'string':
      out.push(goJSONString(typeof v === 'string' ? v : ''));
      return;
    case 'int64':
    case 'uint64':
      out.push(`"${intText(v)}"`);
      return;
    case 'int32':
    case 'uint32':
      out.push(intText(v));
      return;
    case 'float':
    case 'double': {
      const n = typeof v === 'number' ? v : 0;
      if (Number.isNaN(n)) out.push('"NaN"');
      else if (n === Infinity) out.push('"Infinity"');
      else if (n === -Infinity) out.push('"-Infinity"');
      else out.push(type.scalar === 'float' ? goJSONFloat32(n) : goJSONFloat64(n));
      return;
    }
  }
}

function intText(v: unknown): string {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number' && Number.isFinite(v)) return BigInt(Math.trunc(v)).toString();
  return '0';
}

/** Raw JSON (Struct, Value, opaque messages): compact; Struct keys sorted as jsonpb sorts map keys. */
function writeRawJSON(v: unknown, out: string[], sortKeys: boolean): void {
  if (v === null || v === undefined) out.push('null');
  else if (typeof v === 'string') out.push(goJSONString(v));
  else if (typeof v === 'number') out.push(Number.isFinite(v) ? goJSONFloat64(v) : 'null');
  else if (typeof v === 'boolean') out.push(String(v));
  else if (Array.isArray(v)) {
    out.push('[');
    v.forEach((item, i) => {
      if (i > 0) out.push(',');
      writeRawJSON(item, out, sortKeys);
    });
    out.push(']');
  } else {
    const keys = Object.keys(v);
    if (sortKeys) keys.sort(compareStrings);
    out.push('{');
    keys.forEach((k, i) => {
      if (i > 0) out.push(',');
      out.push(goJSONString(k), ':');
      writeRawJSON((v as Rep)[k], out, sortKeys);
    });
    out.push('}');
  }
}

// --- apply (legacy jsonpb Unmarshaler with AllowUnknownFields) --------------------------------------------------------

/**
 * Applies JSON (already decoded, as sigs.k8s.io/yaml's YAMLToJSON would give it) onto a message rep and returns the
 * new rep; `base` is not modified. Fields are matched by JSON name or .proto name; unknown keys are ignored. A field
 * present in the JSON replaces the old value entirely (a message is not merged into); `null` keeps the old value.
 * Throws {@link ProtoJSONError} with Go's wording and the field's path.
 */
export function applyProtoJSON(desc: ProtoMessage, base: unknown, json: unknown, path = ''): unknown {
  if (json === null || json === undefined) {
    // A top-level null changes nothing (jsonpb's historical no-op); still hand back a copy the caller may modify.
    const old = repOf(base);
    return old === undefined || desc.opaque || desc.wellKnown !== undefined ? (base ?? newMessage(desc)) : Object.assign(newRep(), old);
  }
  return decodeMessage(desc, base, json, path);
}

function newMessage(desc: ProtoMessage): unknown {
  return desc.opaque || desc.wellKnown === 'Struct' || desc.wellKnown === 'Value' ? null : newRep();
}

function decodeMessage(desc: ProtoMessage, base: unknown, json: unknown, path: string): unknown {
  switch (desc.wellKnown) {
    case 'Duration': {
      if (typeof json !== 'string') throw typeError(path, json, 'string');
      try {
        return nanosToDurationRep(parseGoDuration(json));
      } catch (e) {
        throw new ProtoJSONError(path, `bad Duration: ${(e as Error).message}`);
      }
    }
    case 'Struct':
      if (repOf(json) === undefined) throw typeError(path, json, 'map[string]json.RawMessage');
      return cloneJSON(json);
    case 'Value':
      return cloneJSON(json);
    case undefined:
    case 'Empty':
      break;
    default: {
      const valueField = desc.fields[0]!;
      const r = newRep();
      r['value'] = decodeSingular(valueField.type, json, path);
      return r;
    }
  }
  if (desc.opaque) return cloneJSON(json);
  const input = repOf(json);
  if (input === undefined) throw typeError(path, json, 'map[string]json.RawMessage');
  const out = newRep();
  const old = repOf(base);
  if (old !== undefined) for (const k of Object.keys(old)) out[k] = old[k];
  for (const field of desc.fields) {
    let raw = own(input, field.name);
    const byJSONName = own(input, field.json);
    if (byJSONName !== undefined) raw = byJSONName;
    if (raw === undefined || raw === null) continue;
    const fieldPath = path ? `${path}.${field.json}` : field.json;
    const value = decodeField(field, raw, fieldPath);
    if (field.oneof !== undefined) {
      for (const other of desc.fields) if (other.oneof === field.oneof) delete out[other.json];
    }
    out[field.json] = value;
  }
  return out;
}

function decodeField(field: ProtoField, raw: unknown, path: string): unknown {
  if (field.mapKey !== undefined) {
    const obj = repOf(raw);
    if (obj === undefined) throw typeError(path, raw, 'map[string]json.RawMessage');
    const out = newRep();
    for (const k of Object.keys(obj)) {
      const key = decodeMapKey(field.mapKey, k, `${path}[${k}]`);
      out[key] = decodeElement(field.type, obj[k], `${path}[${k}]`);
    }
    return out;
  }
  if (field.repeated) {
    if (!Array.isArray(raw)) throw typeError(path, raw, '[]json.RawMessage');
    return raw.map((item, i) => decodeElement(field.type, item, `${path}[${i}]`));
  }
  return decodeSingular(field.type, raw, path);
}

/** A list or map element: `null` is the zero value (an empty message for message elements). */
function decodeElement(type: ProtoFieldType, raw: unknown, path: string): unknown {
  if (raw === null || raw === undefined) return type.kind === 'message' ? newMessage(type.message) : zeroOf(type);
  return decodeSingular(type, raw, path);
}

function decodeMapKey(key: ProtoScalar, k: string, path: string): string {
  if (key === 'string') return k;
  if (key === 'bool') {
    if (k !== 'true' && k !== 'false') throw new ProtoJSONError(path, `invalid character '${k[0] ?? ''}' looking for beginning of value`);
    return k;
  }
  return String(decodeInteger(key, k, path));
}

function decodeSingular(type: ProtoFieldType, raw: unknown, path: string): unknown {
  if (type.kind === 'message') return decodeMessage(type.message, null, raw, path);
  if (type.kind === 'enum') {
    if (typeof raw === 'string') {
      const named = type.enum.values.find((e) => e.name === raw);
      if (!named) throw new ProtoJSONError(path, `unknown value ${goQuote(JSON.stringify(raw))} for enum ${type.enum.fullName}`);
      return named.number;
    }
    if (typeof raw !== 'number') throw typeError(path, raw, 'protoreflect.EnumNumber');
    return checkInteger('int32', raw, String(raw), path, 'protoreflect.EnumNumber');
  }
  switch (type.scalar) {
    case 'bool':
      if (typeof raw !== 'boolean') throw typeError(path, raw, 'bool');
      return raw;
    case 'string':
      if (typeof raw !== 'string') throw typeError(path, raw, 'string');
      return raw;
    case 'float':
    case 'double': {
      if (raw === 'NaN') return NaN;
      if (raw === 'Infinity') return Infinity;
      if (raw === '-Infinity') return -Infinity;
      const goType = type.scalar === 'float' ? 'float32' : 'float64';
      const n = typeof raw === 'string' ? numberFromText(raw, path) : raw;
      if (typeof n !== 'number') throw typeError(path, n, goType);
      return type.scalar === 'float' ? Math.fround(n) : n;
    }
    default:
      return decodeInteger(type.scalar, raw, path);
  }
}

const INT_RANGES: Record<string, readonly [number, number]> = {
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
  int64: [-9223372036854775808, 9223372036854775807],
  uint64: [0, 18446744073709551615],
};

/** Integers accept a JSON number or a quoted one (jsonpb trims the quotes), never a fraction. */
function decodeInteger(scalar: ProtoScalar, raw: unknown, path: string): number {
  if (typeof raw === 'string') {
    const n = numberFromText(raw, path);
    return checkInteger(scalar, n, raw.trim(), path, scalar);
  }
  if (typeof raw !== 'number') throw typeError(path, raw, scalar);
  return checkInteger(scalar, raw, goJSONFloat64(raw), path, scalar);
}

function checkInteger(scalar: ProtoScalar, n: number, text: string, path: string, goType: string): number {
  const [lo, hi] = INT_RANGES[scalar] ?? INT_RANGES['int32']!;
  if (!Number.isInteger(n) || Math.abs(n) >= 1e21 || n < lo || n > hi || /[.eE]/.test(text)) {
    throw new ProtoJSONError(path, `json: cannot unmarshal number ${text} into Go value of type ${goType}`);
  }
  return n;
}

/** The JSON number inside a quoted string ("15000" → 15000), as jsonpb's trimQuote then json.Unmarshal read it. */
function numberFromText(text: string, path: string): number {
  const t = text.trim();
  if (!/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(t)) {
    const c = t[0] ?? '';
    throw new ProtoJSONError(
      path,
      c === '' ? 'unexpected end of JSON input' : `invalid character '${c}' looking for beginning of value`,
    );
  }
  return Number(t);
}

function typeError(path: string, raw: unknown, goType: string): ProtoJSONError {
  return new ProtoJSONError(path, `json: cannot unmarshal ${jsonKind(raw)} into Go value of type ${goType}`);
}

/** Go's %q of a string. */
function goQuote(s: string): string {
  return JSON.stringify(s);
}

// --- equality (proto.Equal) -------------------------------------------------------------------------------------------

/** proto.Equal over reps: a nil message differs from an empty one; absent scalars equal their zero value. */
export function protoEqual(desc: ProtoMessage, a: unknown, b: unknown): boolean {
  const nilA = a === null || a === undefined;
  const nilB = b === null || b === undefined;
  if (nilA || nilB) return nilA && nilB;
  if (desc.opaque || desc.wellKnown === 'Struct' || desc.wellKnown === 'Value') return jsonEqual(a, b);
  const x = repOf(a);
  const y = repOf(b);
  for (const field of desc.fields) {
    const hx = hasField(field, x);
    const hy = hasField(field, y);
    if (hx !== hy) return false;
    if (!hx) continue;
    if (!fieldValueEqual(field, own(x, field.json), own(y, field.json))) return false;
  }
  return true;
}

function fieldValueEqual(field: ProtoField, a: unknown, b: unknown): boolean {
  if (field.mapKey !== undefined) {
    const ka = Object.keys(a as object);
    const kb = Object.keys(b as object);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => Object.hasOwn(b as object, k) && singularEqual(field.type, (a as Rep)[k], (b as Rep)[k]));
  }
  if (field.repeated) {
    const la = a as unknown[];
    const lb = b as unknown[];
    return la.length === lb.length && la.every((v, i) => singularEqual(field.type, v, lb[i]));
  }
  return singularEqual(field.type, a, b);
}

function singularEqual(type: ProtoFieldType, a: unknown, b: unknown): boolean {
  if (type.kind === 'message') return protoEqual(type.message, a, b);
  const za = a === undefined || a === null ? zeroOf(type) : a;
  const zb = b === undefined || b === null ? zeroOf(type) : b;
  if (typeof za === 'number' && typeof zb === 'number' && Number.isNaN(za) && Number.isNaN(zb)) return false;
  return za === zb;
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  const x = repOf(a);
  const y = repOf(b);
  if (x === undefined || y === undefined || Array.isArray(b)) return false;
  const kx = Object.keys(x);
  return kx.length === Object.keys(y).length && kx.every((k) => Object.hasOwn(y, k) && jsonEqual(x[k], y[k]));
}

// --- compact text format (Go's String() on a message) -----------------------------------------------------------------

/**
 * The single-line text format protobuf-go's `String()` prints: set fields in declaration order as `name:value`,
 * separated by a space (`seconds:23`, `value:true`, `tracing:{sampling:1}`). Struct and opaque parts print as `{}`.
 */
export function marshalProtoText(desc: ProtoMessage, rep: unknown): string {
  if (rep === null || rep === undefined) return '<nil>';
  return textFields(desc, rep).join(' ');
}

function textFields(desc: ProtoMessage, rep: unknown): string[] {
  if (desc.opaque || desc.wellKnown === 'Struct' || desc.wellKnown === 'Value') return [];
  const obj = repOf(rep);
  const parts: string[] = [];
  for (const field of desc.fields) {
    const set = field.oneof !== undefined ? own(obj, field.json) !== undefined && own(obj, field.json) !== null : hasField(field, obj);
    if (!set) continue;
    const v = own(obj, field.json);
    if (field.mapKey !== undefined) {
      const keys = Object.keys(v as object).sort(compareStrings);
      for (const k of keys) {
        const key = field.mapKey === 'string' ? textString(k) : k;
        parts.push(`${field.name}:{key:${key} value:${textSingular(field.type, (v as Rep)[k])}}`);
      }
    } else if (field.repeated) {
      for (const item of v as unknown[]) parts.push(`${field.name}:${textSingular(field.type, item)}`);
    } else parts.push(`${field.name}:${textSingular(field.type, v)}`);
  }
  return parts;
}

function textSingular(type: ProtoFieldType, v: unknown): string {
  if (type.kind === 'message') return `{${textFields(type.message, v).join(' ')}}`;
  if (type.kind === 'enum') {
    const n = typeof v === 'number' ? v : 0;
    return type.enum.values.find((e) => e.number === n)?.name ?? String(n);
  }
  if (type.scalar === 'string') return textString(typeof v === 'string' ? v : '');
  if (type.scalar === 'bool') return v === true ? 'true' : 'false';
  return typeof v === 'number' ? String(v) : '0';
}

function textString(s: string): string {
  let out = '"';
  for (const ch of s) {
    switch (ch) {
      case '"':
        out += '\\"';
        break;
      case '\\':
        out += '\\\\';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      default: {
        const c = ch.codePointAt(0)!;
        out += c < 0x20 || c === 0x7f ? `\\${c.toString(8).padStart(3, '0')}` : ch;
      }
    }
  }
  return `${out}"`;
}

// --- well-known messages ---------------------------------------------------------------------------------------------

function wrapper(name: WellKnownType, scalar: ProtoScalar): ProtoMessage {
  const desc: ProtoMessage = {
    fullName: `google.protobuf.${name}`,
    wellKnown: name,
    fields: [{ name: 'value', json: 'value', type: { kind: 'scalar', scalar } }],
  };
  return Object.freeze(desc);
}

/** google.protobuf's messages with special JSON forms. */
export const WELL_KNOWN = Object.freeze({
  Duration: Object.freeze<ProtoMessage>({
    fullName: 'google.protobuf.Duration',
    wellKnown: 'Duration',
    fields: [
      { name: 'seconds', json: 'seconds', type: { kind: 'scalar', scalar: 'int64' } },
      { name: 'nanos', json: 'nanos', type: { kind: 'scalar', scalar: 'int32' } },
    ],
  }),
  BoolValue: wrapper('BoolValue', 'bool'),
  StringValue: wrapper('StringValue', 'string'),
  Int32Value: wrapper('Int32Value', 'int32'),
  Int64Value: wrapper('Int64Value', 'int64'),
  UInt32Value: wrapper('UInt32Value', 'uint32'),
  UInt64Value: wrapper('UInt64Value', 'uint64'),
  FloatValue: wrapper('FloatValue', 'float'),
  DoubleValue: wrapper('DoubleValue', 'double'),
  /** Rep: the JSON object itself. */
  Struct: Object.freeze<ProtoMessage>({ fullName: 'google.protobuf.Struct', wellKnown: 'Struct', fields: [] }),
  /** Rep: the JSON value itself. */
  Value: Object.freeze<ProtoMessage>({ fullName: 'google.protobuf.Value', wellKnown: 'Value', fields: [] }),
  Empty: Object.freeze<ProtoMessage>({ fullName: 'google.protobuf.Empty', wellKnown: 'Empty', fields: [] }),
});
