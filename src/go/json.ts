/**
 * @module
 * Go's encoding/json over GoValues: Marshal (struct fields in declaration order, omitempty, embedded-struct
 * flattening, sorted map keys, HTML escaping, Go's float forms, []byte as base64, MarshalJSON methods) and
 * Unmarshal into `interface {}` (raw JSON reps: plain objects, arrays, float64 numbers) with Go's error messages.
 *
 * String escaping follows Go ≥ 1.22 (`\b` and `\f`; Go 1.19–1.21 wrote `\u0008` and `\u000c`), the Go Istio ships with.
 * Not modelled: TextMarshaler, the `,string` tag option, cycle detection (a nesting limit stands in for it).
 */
import { T, TC, type GoField, type GoMethod, type GoType } from './types.ts';
import { GoError, GoValue, compareStrings, fieldRep, findMethod, isPlainObject, toDynamic } from './value.ts';
import { formatFloat, quote, utf8Bytes } from './strconv.ts';
import { OutputMeter } from './limits.ts';

export interface MarshalOptions {
  /** Escape `<`, `>` and `&` as `\u003c` `\u003e` `\u0026` (json.Marshal does; SetEscapeHTML(false) does not). */
  readonly escapeHTML?: boolean;
  /** Indent each level with this string (MarshalIndent); with `prefix` starting every line but the first. */
  readonly indent?: string;
  readonly prefix?: string;
}

// --- strings ---------------------------------------------------------------------------------------------------------

const HEX = '0123456789abcdef';

/** Characters that need escaping: control characters, `"`, `\`, and with escapeHTML `<` `>` `&`. */
function needsEscape(c: number, escapeHTML: boolean): boolean {
  return c < 0x20 || c === 0x22 || c === 0x5c || (escapeHTML && (c === 0x3c || c === 0x3e || c === 0x26));
}

/** A JSON string literal as Go's encoder writes it. */
export function quoteJSON(s: string, escapeHTML = true): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | undefined;
    if (c < 0x80) {
      if (!needsEscape(c, escapeHTML)) continue;
      switch (c) {
        case 0x22:
          esc = '\\"';
          break;
        case 0x5c:
          esc = '\\\\';
          break;
        case 0x0a:
          esc = '\\n';
          break;
        case 0x0d:
          esc = '\\r';
          break;
        case 0x09:
          esc = '\\t';
          break;
        case 0x08:
          esc = '\\b';
          break;
        case 0x0c:
          esc = '\\f';
          break;
        default:
          esc = '\\u00' + HEX[c >> 4] + HEX[c & 0xf];
      }
    } else if (c === 0x2028 || c === 0x2029) {
      esc = c === 0x2028 ? '\\u2028' : '\\u2029';
    } else if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
      // A lone surrogate is invalid UTF-8 in Go terms.
      esc = '\\ufffd';
    } else {
      continue;
    }
    out += s.slice(start, i) + esc;
    start = i + 1;
  }
  return out + s.slice(start) + '"';
}

// --- numbers ---------------------------------------------------------------------------------------------------------

const F32_MIN = Math.fround(1e-6);
const F32_MAX = Math.fround(1e21);

/** A float as encoding/json writes it: 'f' form unless tiny or huge, then 'e' with `e-7` rather than `e-07`. */
export function formatJSONFloat(f: number, bits: 32 | 64 = 64): string {
  if (!Number.isFinite(f)) throw new GoError(`json: unsupported value: ${formatFloat(f, 'g', -1, bits)}`);
  if (bits === 64) {
    // JS prints the same shortest digits, in the same 'f'/'e' ranges and exponent style; only -0 differs.
    return Object.is(f, -0) ? '-0' : String(f);
  }
  const x = Math.fround(f);
  const abs = Math.abs(x);
  const useE = abs !== 0 && (abs < F32_MIN || abs >= F32_MAX);
  let s = formatFloat(x, useE ? 'e' : 'f', -1, 32);
  if (useE) {
    const n = s.length;
    if (n >= 4 && s[n - 4] === 'e' && s[n - 3] === '-' && s[n - 2] === '0') s = s.slice(0, n - 2) + s[n - 1];
  }
  return s;
}

// --- base64 ----------------------------------------------------------------------------------------------------------

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard base64 with padding (encoding/base64.StdEncoding), as json.Marshal writes []byte. */
export function base64Encode(bytes: ArrayLike<number>): string {
  let out = '';
  const n = bytes.length;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out += (B64[v >> 18] as string) + B64[(v >> 12) & 63] + B64[(v >> 6) & 63] + B64[v & 63];
  }
  if (i < n) {
    const b0 = bytes[i] as number;
    const b1 = i + 1 < n ? (bytes[i + 1] as number) : 0;
    const v = (b0 << 16) | (b1 << 8);
    out += (B64[v >> 18] as string) + B64[(v >> 12) & 63] + (i + 1 < n ? B64[(v >> 6) & 63] : '=') + '=';
  }
  return out;
}

// --- struct fields ---------------------------------------------------------------------------------------------------

interface JSONField {
  name: string;
  tagged: boolean;
  /** The Go fields from the outer struct down to this one (embedded structs in between). */
  path: GoField[];
  omitempty: boolean;
  type: GoType;
  /** Whether an embedded pointer lies on the path (the field is then addressable). */
  viaPtr: boolean;
  /** `"name":` as the encoder writes it, with and without HTML escaping (computed once, used per value). */
  keyHTML: string;
  keyPlain: string;
}

const fieldCache = new WeakMap<GoType, JSONField[]>();

function isExported(name: string): boolean {
  const c = name.charCodeAt(0);
  return !(c >= 0x61 && c <= 0x7a) && c !== 0x5f;
}

function derefStruct(t: GoType): GoType | undefined {
  const u = t.kind === 'ptr' && t.elem ? t.elem : t;
  return u.kind === 'struct' ? u : undefined;
}

/** The JSON fields of a struct type, with Go's rules for embedded structs and name conflicts. */
function jsonFields(t: GoType): JSONField[] {
  const cached = fieldCache.get(t);
  if (cached) return cached;
  const all: JSONField[] = [];
  const order = new Map<JSONField, number[]>();
  let level: { t: GoType; path: GoField[]; index: number[] }[] = [{ t, path: [], index: [] }];
  const visited = new Set<GoType>();
  while (level.length > 0) {
    const next: typeof level = [];
    for (const { t: st, path, index } of level) {
      if (visited.has(st)) continue;
      visited.add(st);
      (st.fields ?? []).forEach((f, i) => {
        if (f.json === '-') return;
        const tagged = f.json !== undefined && f.json !== '';
        const inner = f.embedded ? derefStruct(f.type) : undefined;
        if (f.embedded) {
          if (!isExported(f.name) && !inner) return;
          if (inner && (f.inline || !tagged)) {
            next.push({ t: inner, path: [...path, f], index: [...index, i] });
            return;
          }
        } else if (!isExported(f.name)) {
          return;
        }
        const name = tagged ? (f.json as string) : f.name;
        const jf: JSONField = {
          name,
          tagged,
          path: [...path, f],
          omitempty: f.omitempty === true,
          type: f.type,
          viaPtr: path.some((e) => e.type.kind === 'ptr'),
          keyHTML: quoteJSON(name, true) + ':',
          keyPlain: quoteJSON(name, false) + ':',
        };
        all.push(jf);
        order.set(jf, [...index, i]);
      });
    }
    level = next;
  }
  // Dominance: for each name the shallowest field wins, a tagged one over an untagged one; a tie drops the name.
  const byName = new Map<string, JSONField[]>();
  for (const f of all) {
    const list = byName.get(f.name);
    if (list) list.push(f);
    else byName.set(f.name, [f]);
  }
  const kept: JSONField[] = [];
  for (const list of byName.values()) {
    if (list.length === 1) {
      kept.push(list[0] as JSONField);
      continue;
    }
    list.sort((a, b) => a.path.length - b.path.length || (a.tagged === b.tagged ? 0 : a.tagged ? -1 : 1));
    const [a, b] = list as [JSONField, JSONField];
    if (a.path.length === b.path.length && a.tagged === b.tagged) continue;
    kept.push(a);
  }
  kept.sort((a, b) => compareIndex(order.get(a) ?? [], order.get(b) ?? []));
  fieldCache.set(t, kept);
  return kept;
}

function compareIndex(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

// --- encoder ---------------------------------------------------------------------------------------------------------

/** Sorts in UTF-16 order; insertion sort for the small key sets maps usually have (Array#sort costs more there). */
function sortStrings(keys: string[]): void {
  if (keys.length > 16) {
    keys.sort();
    return;
  }
  for (let i = 1; i < keys.length; i++) {
    const x = keys[i] as string;
    let j = i - 1;
    while (j >= 0 && (keys[j] as string) > x) {
      keys[j + 1] = keys[j] as string;
      j--;
    }
    keys[j + 1] = x;
  }
}

/** Map keys in Go's order: by UTF-8 bytes, which UTF-16 order agrees with unless a key has a surrogate pair. */
function sortMapKeys(keys: string[]): void {
  if (keys.some(hasSurrogate)) keys.sort(compareStrings);
  else sortStrings(keys);
}

function hasSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return true;
  }
  return false;
}

function isEmptyValue(t: GoType, rep: unknown): boolean {
  switch (t.kind) {
    case 'array':
    case 'slice':
      return rep === null || rep === undefined || (rep as unknown[]).length === 0;
    case 'map':
      if (rep === null || rep === undefined) return true;
      return rep instanceof Map ? rep.size === 0 : Object.keys(rep).length === 0;
    case 'string':
      return rep === undefined || rep === '';
    case 'bool':
      return rep !== true;
    case 'int':
    case 'uint':
    case 'float':
      return rep === undefined || rep === 0;
    case 'iface':
      return rep === null || rep === undefined || (rep instanceof GoValue && isNilIface(rep));
    case 'ptr':
      return rep === null || rep === undefined;
    default:
      return false;
  }
}

function isNilIface(v: GoValue): boolean {
  return (v.t.kind === 'iface' || v.t.kind === 'invalid') && (v.v === null || v.v === undefined);
}

function marshalerOf(t: GoType): GoMethod | undefined {
  const cached = marshalerCache.get(t);
  if (cached !== undefined) return cached ?? undefined;
  const m = findMarshaler(t);
  marshalerCache.set(t, m ?? null);
  return m;
}

/** marshalerOf by type: the encoder asks for every value it writes (null: the type has none). */
const marshalerCache = new WeakMap<GoType, GoMethod | null>();

function findMarshaler(t: GoType): GoMethod | undefined {
  if (!t.methods && !(t.kind === 'ptr' && t.elem?.methods)) return undefined;
  const m = findMethod(new GoValue(t, null), 'MarshalJSON');
  if (!m || m.params.length !== 0 || m.variadic) return undefined;
  return m;
}

const MAX_DEPTH = 10000;

/** MarshalJSON outputs already validated, and their compact form, by escapeHTML (bounded). */
const compactedHTML = new Map<string, string>();
const compactedPlain = new Map<string, string>();
const MAX_COMPACTED_TEXT = 64;
const MAX_COMPACTED_ENTRIES = 4096;

class Encoder {
  out = '';
  depth = 0;
  /** Counts the output to the execution's budget (see limits.ts). */
  readonly meter = new OutputMeter();
  readonly escapeHTML: boolean;
  constructor(escapeHTML: boolean) {
    this.escapeHTML = escapeHTML;
  }

  /**
   * A value of static type t with representation rep. `addressable` follows Go: true below a pointer and for
   * slice elements, false for the top-level value, map values and interface contents; it decides whether a
   * pointer-receiver MarshalJSON applies to a non-pointer value.
   */
  value(t: GoType, rep: unknown, addressable: boolean): void {
    if (++this.depth > MAX_DEPTH) throw new GoError(`json: unsupported value: encountered a cycle via ${t.name}`);
    this.meter.check(this.out);
    try {
      this.valueInner(t, rep, addressable);
    } finally {
      this.depth--;
    }
  }

  valueInner(t: GoType, rep: unknown, addressable: boolean): void {
    const m = marshalerOf(t);
    if (m && (!m.ptr || t.kind === 'ptr' || addressable)) {
      this.marshaler(t, rep, m);
      return;
    }
    switch (t.kind) {
      case 'invalid':
        this.out += 'null';
        return;
      case 'bool':
        this.out += rep === true ? 'true' : 'false';
        return;
      case 'int':
      case 'uint':
        this.out += rep === undefined ? '0' : String(rep);
        return;
      case 'float':
        this.out += formatJSONFloat((rep as number | undefined) ?? 0, t.bits === 32 ? 32 : 64);
        return;
      case 'string':
        this.out += quoteJSON((rep as string | undefined) ?? '', this.escapeHTML);
        return;
      case 'struct':
        this.struct(t, rep, addressable);
        return;
      case 'map':
        this.map(t, rep);
        return;
      case 'slice':
        if (rep === null || rep === undefined) {
          this.out += 'null';
          return;
        }
        if (t.elem?.kind === 'uint' && t.elem.bits === 8 && !marshalerOf(t.elem)) {
          this.out += '"' + base64Encode(rep as number[]) + '"';
          return;
        }
        this.array(t.elem ?? T.any, rep as unknown[], true);
        return;
      case 'array':
        this.array(t.elem ?? T.any, (rep as unknown[] | null) ?? [], addressable);
        return;
      case 'ptr':
        if (rep === null || rep === undefined) this.out += 'null';
        else this.value(t.elem ?? T.any, rep, true);
        return;
      case 'iface':
        this.dynamic(rep);
        return;
      default:
        throw new GoError(`json: unsupported type: ${t.name}`);
    }
  }

  /** An interface slot: null, a GoValue, or raw JSON. */
  dynamic(rep: unknown): void {
    if (rep === null || rep === undefined) {
      this.out += 'null';
      return;
    }
    if (rep instanceof GoValue) {
      if (rep.t.kind === 'iface') this.dynamic(rep.v);
      else this.value(rep.t, rep.v, false);
      return;
    }
    switch (typeof rep) {
      case 'boolean':
        this.out += rep ? 'true' : 'false';
        return;
      case 'number':
        this.out += formatJSONFloat(rep, 64);
        return;
      case 'string':
        this.out += quoteJSON(rep, this.escapeHTML);
        return;
      case 'object':
        if (++this.depth > MAX_DEPTH) throw new GoError('json: unsupported value: encountered a cycle via map[string]interface {}');
        try {
          if (Array.isArray(rep)) this.array(T.any, rep, false);
          else if (isPlainObject(rep)) this.plainMap(rep as Record<string, unknown>);
          else this.map(toDynamic(rep).t, rep);
        } finally {
          this.depth--;
        }
        return;
    }
    throw new GoError(`json: unsupported type: ${typeof rep}`);
  }

  array(elem: GoType, items: readonly unknown[], addressable: boolean): void {
    this.out += '[';
    for (let i = 0; i < items.length; i++) {
      if (i > 0) this.out += ',';
      if (elem.kind === 'iface') this.dynamic(items[i]);
      else this.value(elem, items[i] === undefined ? zeroFor(elem) : items[i], addressable);
    }
    this.out += ']';
  }

  map(t: GoType, rep: unknown): void {
    if (rep === null || rep === undefined) {
      this.out += 'null';
      return;
    }
    if (t === TC.mapStringAny && isPlainObject(rep)) {
      this.plainMap(rep as Record<string, unknown>);
      return;
    }
    const keyT = t.key ?? T.string;
    const elemT = t.elem ?? T.any;
    if (keyT.kind !== 'string' && keyT.kind !== 'int' && keyT.kind !== 'uint') {
      throw new GoError(`json: unsupported type: ${t.name}`);
    }
    const isMap = rep instanceof Map;
    const keys: string[] = [];
    const byKey = isMap ? new Map<string, unknown>() : undefined;
    if (isMap) {
      for (const [k, v] of rep) {
        keys.push(String(k));
        byKey?.set(String(k), v);
      }
    } else {
      for (const k of Object.keys(rep)) keys.push(k);
    }
    sortMapKeys(keys);
    this.out += '{';
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string;
      const v = isMap ? byKey?.get(k) : (rep as Record<string, unknown>)[k];
      if (i > 0) this.out += ',';
      this.out += quoteJSON(k, this.escapeHTML) + ':';
      if (elemT.kind === 'iface') this.dynamic(v);
      else this.value(elemT, v === undefined ? zeroFor(elemT) : v, false);
    }
    this.out += '}';
  }

  /**
   * A map[string]interface {} held as a plain object (decoded JSON, what templates encode most): map() without the
   * type checks and the key copy, strings written without a call per entry.
   */
  plainMap(rep: Record<string, unknown>): void {
    const keys = Object.keys(rep);
    sortMapKeys(keys);
    let out = '{';
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string;
      const v = rep[k];
      out += (i === 0 ? '' : ',') + quoteJSON(k, this.escapeHTML) + ':';
      if (typeof v === 'string') {
        out += quoteJSON(v, this.escapeHTML);
      } else {
        this.out += out;
        out = '';
        this.dynamic(v);
      }
    }
    this.out += out + '}';
  }

  struct(t: GoType, rep: unknown, addressable: boolean): void {
    this.out += '{';
    let first = true;
    for (const f of jsonFields(t)) {
      // Walk down embedded structs; a nil embedded pointer hides its fields.
      let r: unknown = rep;
      let ok = true;
      for (let i = 0; i < f.path.length - 1; i++) {
        const e = f.path[i] as GoField;
        r = fieldRep(r, e);
        if (e.type.kind === 'ptr' && (r === null || r === undefined)) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      // Fields reached through an embedded pointer are addressable.
      const fieldAddressable = addressable || f.viaPtr;
      const last = f.path[f.path.length - 1] as GoField;
      const fr = fieldRep(r, last);
      if (f.omitempty && isEmptyValue(f.type, fr)) continue;
      if (!first) this.out += ',';
      first = false;
      this.out += this.escapeHTML ? f.keyHTML : f.keyPlain;
      if (f.type.kind === 'iface') this.dynamic(fr);
      else this.value(f.type, fr === undefined ? zeroFor(f.type) : fr, fieldAddressable);
    }
    this.out += '}';
  }

  marshaler(t: GoType, rep: unknown, m: GoMethod): void {
    if (t.kind === 'ptr' && (rep === null || rep === undefined)) {
      this.out += 'null';
      return;
    }
    let text: unknown;
    try {
      text = (m.impl as (recv: unknown) => unknown)(rep);
    } catch (e) {
      throw new GoError(`json: error calling MarshalJSON for type ${t.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const s = typeof text === 'string' ? text : Array.isArray(text) ? String.fromCharCode(...(text as number[])) : String(text);
    const cache = this.escapeHTML ? compactedHTML : compactedPlain;
    const known = cache.get(s);
    if (known !== undefined) {
      this.out += known;
      return;
    }
    try {
      parseJSON(s, true);
    } catch (e) {
      throw new GoError(`json: error calling MarshalJSON for type ${t.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const compacted = compact(s, this.escapeHTML);
    // Quantities and int-or-strings repeat: remember short valid outputs (validation and compaction are pure).
    if (s.length <= MAX_COMPACTED_TEXT) {
      if (cache.size >= MAX_COMPACTED_ENTRIES) cache.clear();
      cache.set(s, compacted);
    }
    this.out += compacted;
  }
}

function zeroFor(t: GoType): unknown {
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
      return {};
    case 'array':
      return Array.from({ length: t.len ?? 0 }, () => zeroFor(t.elem ?? T.any));
    default:
      return null;
  }
}

/** Removes insignificant white space from valid JSON; with escapeHTML escapes `<` `>` `&` (and U+2028/9) in strings. */
function compact(s: string, escapeHTML: boolean): string {
  let out = '';
  let start = 0;
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) {
        i++;
        continue;
      }
      if (c === 0x22) inString = false;
      else if (escapeHTML && (c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029)) {
        out += s.slice(start, i) + '\\u' + c.toString(16).padStart(4, '0');
        start = i + 1;
      }
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
      out += s.slice(start, i);
      start = i + 1;
    }
  }
  return out + s.slice(start);
}

/** json.Indent over compact JSON: newline + prefix + indent per level, `": "` after keys, empty `{}`/`[]` kept. */
function indentJSON(s: string, prefix: string, indent: string): string {
  let out = '';
  let depth = 0;
  let start = 0;
  const newline = (): string => '\n' + prefix + indent.repeat(depth);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string.
      for (i++; i < s.length; i++) {
        const d = s.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
      continue;
    }
    let piece: string | undefined;
    if (c === 0x7b || c === 0x5b) {
      const close = c === 0x7b ? 0x7d : 0x5d;
      if (s.charCodeAt(i + 1) === close) {
        i++;
        continue;
      }
      depth++;
      piece = s[i] + newline();
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
      piece = newline() + s[i];
    } else if (c === 0x2c) {
      piece = ',' + newline();
    } else if (c === 0x3a) {
      piece = ': ';
    }
    if (piece !== undefined) {
      out += s.slice(start, i) + piece;
      start = i + 1;
    }
  }
  return out + s.slice(start);
}

/** json.Marshal (options: SetEscapeHTML, MarshalIndent). Throws GoError for unsupported types and values. */
export function marshal(v: GoValue, options: MarshalOptions = {}): string {
  const enc = new Encoder(options.escapeHTML ?? true);
  if (v.t.kind === 'iface' || v.t.kind === 'invalid') enc.dynamic(v.t.kind === 'invalid' ? null : v.v);
  else enc.value(v.t, v.v, false);
  const out = enc.meter.finish(enc.out);
  if (options.indent === undefined && options.prefix === undefined) return out;
  return indentJSON(out, options.prefix ?? '', options.indent ?? '');
}

/** json.MarshalIndent(v, prefix, indent). */
export function marshalIndent(v: GoValue, prefix: string, indent: string, options: { escapeHTML?: boolean } = {}): string {
  return marshal(v, { ...options, prefix, indent });
}

/** json.Marshal of raw JSON (what an `interface {}` holding decoded JSON marshals as). */
export function marshalRaw(rep: unknown, options: MarshalOptions = {}): string {
  const enc = new Encoder(options.escapeHTML ?? true);
  enc.dynamic(rep);
  const out = enc.meter.finish(enc.out);
  if (options.indent === undefined && options.prefix === undefined) return out;
  return indentJSON(out, options.prefix ?? '', options.indent ?? '');
}

// --- decoder ---------------------------------------------------------------------------------------------------------

/** The character Go names in a syntax error: the first UTF-8 byte of the offending character, quoted. */
function quoteChar(s: string, i: number): string {
  const c = s.charCodeAt(i);
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return `'"'`;
  const b = c < 0x80 ? c : (utf8Bytes(String.fromCodePoint(s.codePointAt(i) ?? 0xfffd))[0] as number);
  const q = quote(String.fromCharCode(b));
  return "'" + q.slice(1, -1) + "'";
}

/**
 * A syntax error at i. At the end of input Go's scanner feeds a space: where a space is itself invalid (inside a
 * number, literal or escape) the message names it, elsewhere it is `unexpected end of JSON input`.
 */
function syntaxError(s: string, i: number, context: string): GoError {
  if (i >= s.length) {
    const spaceInvalid = context.startsWith('in ') || context.endsWith('in numeric literal');
    return new GoError(spaceInvalid && context !== 'in string literal' ? `invalid character ' ' ${context}` : 'unexpected end of JSON input');
  }
  return new GoError(`invalid character ${quoteChar(s, i)} ${context}`);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

interface Frame {
  readonly container: unknown[] | Record<string, unknown>;
  key: string | undefined;
}

/** Sets an own data property, also for `__proto__` (never a prototype change). */
function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

const MAX_NESTING = 10000;

/**
 * Parses JSON as Go's json.Unmarshal into `interface {}` does; throws GoError with Go's message. With syntaxOnly,
 * numbers beyond float64 are accepted (json.Valid) instead of failing to convert.
 */
function parseJSON(s: string, syntaxOnly = false): unknown {
  let i = 0;
  const n = s.length;
  const stack: Frame[] = [];
  let result: unknown;

  const skipSpace = (): void => {
    while (i < n && isSpace(s.charCodeAt(i))) i++;
  };

  const parseString = (): string => {
    // s[i] is the opening quote.
    i++;
    let out = '';
    let start = i;
    for (;;) {
      if (i >= n) throw syntaxError(s, i, '');
      const c = s.charCodeAt(i);
      if (c === 0x22) {
        out += s.slice(start, i);
        i++;
        return out;
      }
      if (c < 0x20) throw syntaxError(s, i, 'in string literal');
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          i += 2;
          continue;
        }
        out += s.slice(start, i) + '\ufffd';
        i++;
        start = i;
        continue;
      }
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += s.slice(start, i);
      i++;
      if (i >= n) throw syntaxError(s, i, 'in string escape code');
      const e = s.charCodeAt(i);
      switch (e) {
        case 0x22:
        case 0x5c:
        case 0x2f:
          out += String.fromCharCode(e);
          i++;
          break;
        case 0x62:
          out += '\b';
          i++;
          break;
        case 0x66:
          out += '\f';
          i++;
          break;
        case 0x6e:
          out += '\n';
          i++;
          break;
        case 0x72:
          out += '\r';
          i++;
          break;
        case 0x74:
          out += '\t';
          i++;
          break;
        case 0x75: {
          i++;
          let r = 0;
          for (let k = 0; k < 4; k++) {
            const h = hexValue(s.charCodeAt(i));
            if (h < 0) throw syntaxError(s, i, 'in \\u hexadecimal character escape');
            r = r * 16 + h;
            i++;
          }
          if (r >= 0xd800 && r <= 0xdbff && s.charCodeAt(i) === 0x5c && s.charCodeAt(i + 1) === 0x75) {
            // A surrogate pair written as two escapes; validity of the second is checked when it is scanned.
            let r2 = 0;
            let valid = true;
            for (let k = 0; k < 4; k++) {
              const h = hexValue(s.charCodeAt(i + 2 + k));
              if (h < 0) {
                valid = false;
                break;
              }
              r2 = r2 * 16 + h;
            }
            if (valid && r2 >= 0xdc00 && r2 <= 0xdfff) {
              out += String.fromCharCode(r, r2);
              i += 6;
              break;
            }
          }
          out += r >= 0xd800 && r <= 0xdfff ? '\ufffd' : String.fromCharCode(r);
          break;
        }
        default:
          throw syntaxError(s, i, 'in string escape code');
      }
      start = i;
    }
  };

  const parseNumber = (): number => {
    const start = i;
    if (s.charCodeAt(i) === 0x2d) {
      i++;
      const c = s.charCodeAt(i);
      if (!(c >= 0x30 && c <= 0x39)) throw syntaxError(s, i, 'in numeric literal');
    }
    if (s.charCodeAt(i) === 0x30) i++;
    else while (i < n && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) i++;
    if (s.charCodeAt(i) === 0x2e) {
      i++;
      const c = s.charCodeAt(i);
      if (!(c >= 0x30 && c <= 0x39)) throw syntaxError(s, i, 'after decimal point in numeric literal');
      while (i < n && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) i++;
    }
    const e = s.charCodeAt(i);
    if (e === 0x65 || e === 0x45) {
      i++;
      const sign = s.charCodeAt(i);
      if (sign === 0x2b || sign === 0x2d) i++;
      const c = s.charCodeAt(i);
      if (!(c >= 0x30 && c <= 0x39)) throw syntaxError(s, i, 'in exponent of numeric literal');
      while (i < n && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) i++;
    }
    const text = s.slice(start, i);
    const x = Number(text);
    if (!Number.isFinite(x) && !syntaxOnly) throw new GoError(`json: cannot unmarshal number ${text} into Go value of type float64`);
    return x;
  };

  const literal = (word: string, value: unknown): unknown => {
    for (let k = 1; k < word.length; k++) {
      if (s.charCodeAt(i + k) !== word.charCodeAt(k)) throw syntaxError(s, i + k, `in literal ${word} (expecting '${word[k]}')`);
    }
    i += word.length;
    return value;
  };

  // Each loop iteration reads one value (after any container openings), then closes containers.
  for (;;) {
    skipSpace();
    if (i >= n) throw syntaxError(s, i, '');
    const c = s.charCodeAt(i);
    let value: unknown;
    let opened = false;
    switch (c) {
      case 0x7b: {
        // {
        if (stack.length >= MAX_NESTING) throw new GoError('exceeded max depth');
        i++;
        const obj: Record<string, unknown> = {};
        skipSpace();
        if (s.charCodeAt(i) === 0x7d) {
          i++;
          value = obj;
          break;
        }
        if (i >= n) throw syntaxError(s, i, '');
        if (s.charCodeAt(i) !== 0x22) throw syntaxError(s, i, 'looking for beginning of object key string');
        const key = parseString();
        skipSpace();
        if (s.charCodeAt(i) !== 0x3a) throw syntaxError(s, i, 'after object key');
        i++;
        stack.push({ container: obj, key });
        opened = true;
        break;
      }
      case 0x5b: {
        // [
        if (stack.length >= MAX_NESTING) throw new GoError('exceeded max depth');
        i++;
        const arr: unknown[] = [];
        skipSpace();
        if (s.charCodeAt(i) === 0x5d) {
          i++;
          value = arr;
          break;
        }
        stack.push({ container: arr, key: undefined });
        opened = true;
        break;
      }
      case 0x22:
        value = parseString();
        break;
      case 0x74:
        value = literal('true', true);
        break;
      case 0x66:
        value = literal('false', false);
        break;
      case 0x6e:
        value = literal('null', null);
        break;
      default:
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) value = parseNumber();
        else throw syntaxError(s, i, 'looking for beginning of value');
    }
    if (opened) continue;
    // Store the value and close finished containers.
    for (;;) {
      const top = stack[stack.length - 1];
      if (!top) {
        result = value;
        skipSpace();
        if (i < n) throw syntaxError(s, i, 'after top-level value');
        return result;
      }
      if (Array.isArray(top.container)) {
        top.container.push(value);
        skipSpace();
        const d = s.charCodeAt(i);
        if (d === 0x2c) {
          i++;
          break;
        }
        if (d === 0x5d) {
          i++;
          stack.pop();
          value = top.container;
          continue;
        }
        throw syntaxError(s, i, 'after array element');
      }
      setOwn(top.container, top.key as string, value);
      skipSpace();
      const d = s.charCodeAt(i);
      if (d === 0x2c) {
        i++;
        skipSpace();
        if (i >= n) throw syntaxError(s, i, '');
        if (s.charCodeAt(i) !== 0x22) throw syntaxError(s, i, 'looking for beginning of object key string');
        top.key = parseString();
        skipSpace();
        if (s.charCodeAt(i) !== 0x3a) throw syntaxError(s, i, 'after object key');
        i++;
        break;
      }
      if (d === 0x7d) {
        i++;
        stack.pop();
        value = top.container;
        continue;
      }
      throw syntaxError(s, i, 'after object key:value pair');
    }
  }
}

/**
 * json.Unmarshal into `interface {}`: objects → plain objects (`__proto__` kept as an own key), arrays, numbers
 * (float64), strings, booleans, null. Syntax errors carry Go's messages (`unexpected end of JSON input`,
 * `invalid character 'x' looking for beginning of value`).
 */
export function unmarshalAny(text: string): unknown {
  return parseJSON(text);
}

/** Whether text is valid JSON (json.Valid). */
export function valid(text: string): boolean {
  try {
    parseJSON(text, true);
    return true;
  } catch {
    return false;
  }
}
