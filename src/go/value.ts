/**
 * @module
 * Go values over the type model of `types.ts`: construction, zero values, the dynamic (interface) bridge from
 * raw JSON, struct field and map access, method lookup, truth, and Go's sorted map-key order.
 */
import { T, TC, type GoField, type GoMethod, type GoType } from './types.ts';

/** A Go value: a type and a representation (see the table in types.ts). */
export class GoValue {
  readonly t: GoType;
  readonly v: unknown;
  constructor(t: GoType, v: unknown) {
    this.t = t;
    this.v = v;
  }
}

/** The invalid reflect.Value: a missing map key, an untyped nil. Prints `<no value>`. */
export const INVALID: GoValue = new GoValue(T.invalid, undefined);

/** A nil `interface {}`: a present-but-null value in a `map[string]interface {}`, a nil `any` argument. */
export const NIL: GoValue = new GoValue(T.any, null);

/** An error a Go function returns (as opposed to a bug): the engine reports `error calling f: <message>`. */
export class GoError extends Error {
  override readonly name = 'GoError';
}

const EMPTY_STRUCT: Readonly<Record<string, never>> = Object.freeze({});

export function isInvalid(v: GoValue): boolean {
  return v.t.kind === 'invalid';
}

/** The rep of T's zero value. */
export function zeroRep(t: GoType): unknown {
  switch (t.kind) {
    case 'bool':
      return false;
    case 'int':
    case 'uint':
    case 'float':
      return 0;
    case 'complex':
      return { re: 0, im: 0 };
    case 'string':
      return '';
    case 'struct':
      return EMPTY_STRUCT;
    case 'array':
      return Array.from({ length: t.len ?? 0 }, () => zeroRep(t.elem ?? T.any));
    default:
      return null;
  }
}

export function zeroValue(t: GoType): GoValue {
  return new GoValue(t, zeroRep(t));
}

/** A plain or prototype-free object: how a map[string]interface {} is held (decoded JSON, reps built by newRep). */
export function isPlainObject(x: object): boolean {
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * The value inside an interface slot. Raw JSON decodes as Go's encoding/json does into `interface {}`:
 * numbers are float64, arrays `[]interface {}`, objects `map[string]interface {}`. null is a nil interface (NIL).
 */
export function toDynamic(rep: unknown): GoValue {
  if (rep === null || rep === undefined) return NIL;
  if (rep instanceof GoValue) return rep.t.kind === 'iface' ? toDynamic(rep.v) : rep;
  switch (typeof rep) {
    case 'boolean':
      return new GoValue(T.bool, rep);
    case 'number':
      return new GoValue(T.float64, rep);
    case 'string':
      return new GoValue(T.string, rep);
    case 'object':
      if (Array.isArray(rep)) return new GoValue(TC.sliceAny, rep);
      if (rep instanceof Map || isPlainObject(rep)) return new GoValue(TC.mapStringAny, rep);
  }
  throw new TypeError(`Cannot use a JavaScript ${typeof rep} as a Go value`);
}

/**
 * The value stored in a slot of static type `t` (a struct field, slice element, map value). An interface slot
 * yields its dynamic value, or NIL; an absent rep is the zero value.
 */
export function valueAt(t: GoType, rep: unknown): GoValue {
  if (t.kind === 'iface') return toDynamic(rep);
  return new GoValue(t, rep === undefined ? zeroRep(t) : rep);
}

/** The rep to store a value in a slot of interface type: keeps the type unless JSON decoding would recover it. */
export function toDynamicRep(v: GoValue): unknown {
  if (v.t.kind === 'invalid' || (v.t.kind === 'iface' && (v.v === null || v.v === undefined))) return null;
  return v;
}

/** Wraps a JS value built from JSON (Values, fromJSON) as an `interface {}` value. */
export function fromJSON(json: unknown): GoValue {
  return toDynamic(json);
}

// --- structs -------------------------------------------------------------------------------------------------------

function repKey(f: GoField): string {
  return f.json ?? f.name;
}

function ownProp(obj: unknown, key: string): unknown {
  if (obj === null || typeof obj !== 'object') return undefined;
  if (obj instanceof Map) return obj.get(key);
  return Object.hasOwn(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
}

/** The rep of a struct field (the parent's rep for an inline embedded struct). */
export function fieldRep(structRep: unknown, f: GoField): unknown {
  return f.inline ? structRep : ownProp(structRep, repKey(f));
}

/** A field by Go name, searching promoted fields of embedded structs breadth-first as Go does. */
export function findField(t: GoType, name: string): { path: GoField[] } | undefined {
  let byName = fieldCache.get(t);
  if (!byName) {
    byName = new Map();
    fieldCache.set(t, byName);
  }
  let found = byName.get(name);
  if (found === undefined) {
    found = searchField(t, name) ?? null;
    byName.set(name, found);
  }
  return found ?? undefined;
}

// Field lookups repeat for every pod and every action: remember each (type, name) answer.
const fieldCache = new WeakMap<GoType, Map<string, { path: GoField[] } | null>>();

function searchField(t: GoType, name: string): { path: GoField[] } | undefined {
  let level: { t: GoType; path: GoField[] }[] = [{ t, path: [] }];
  const seen = new Set<GoType>();
  while (level.length > 0) {
    const next: { t: GoType; path: GoField[] }[] = [];
    for (const { t: st, path } of level) {
      if (seen.has(st)) continue;
      seen.add(st);
      for (const f of st.fields ?? []) {
        if (f.name === name) return { path: [...path, f] };
      }
      for (const f of st.fields ?? []) {
        if (!f.embedded) continue;
        const ft = f.type.kind === 'ptr' && f.type.elem ? f.type.elem : f.type;
        if (ft.kind === 'struct') next.push({ t: ft, path: [...path, f] });
      }
    }
    level = next;
  }
  return undefined;
}

/** Reads a struct field by its Go name (through one pointer); undefined when the type has no such field. Throws on a nil pointer. */
export function structField(v: GoValue, name: string): GoValue | undefined {
  if (v.t.kind === 'ptr' && v.t.elem?.kind === 'struct') {
    if (v.v === null) {
      if (!findField(v.t.elem, name)) return undefined;
      throw new GoError(`nil pointer evaluating ${v.t.name}.${name}`);
    }
    return structField(new GoValue(v.t.elem, v.v), name);
  }
  const found = findField(v.t, name);
  if (!found) return undefined;
  let rep = v.v;
  let cur: GoValue = v;
  for (const f of found.path) {
    if (cur.t.kind === 'ptr') {
      if (rep === null) throw new GoError(`nil pointer evaluating ${cur.t.name}.${f.name}`);
    }
    cur = valueAt(f.type, fieldRep(rep, f));
    rep = cur.v;
  }
  return cur;
}

/** The fields of a struct value in declaration order, as values. */
export function structFields(v: GoValue): { field: GoField; value: GoValue }[] {
  return (v.t.fields ?? []).map((field) => ({ field, value: valueAt(field.type, fieldRep(v.v, field)) }));
}

// --- maps ----------------------------------------------------------------------------------------------------------

/** Looks up a key (already a rep of the map's key type). undefined when absent or the map is nil. */
export function mapGet(mapRep: unknown, key: unknown): unknown {
  if (mapRep === null || mapRep === undefined) return undefined;
  if (mapRep instanceof Map) return mapRep.get(key);
  if (typeof key !== 'string') return undefined;
  return ownProp(mapRep, key);
}

export function mapHas(mapRep: unknown, key: unknown): boolean {
  if (mapRep === null || mapRep === undefined) return false;
  if (mapRep instanceof Map) return mapRep.has(key);
  return typeof key === 'string' && Object.hasOwn(mapRep, key);
}

export function mapSize(mapRep: unknown): number {
  if (mapRep === null || mapRep === undefined) return 0;
  if (mapRep instanceof Map) return mapRep.size;
  return Object.keys(mapRep).length;
}

/** Whether a map has an entry, without listing its keys (conditions test big Values maps this way). */
export function mapNonEmpty(mapRep: unknown): boolean {
  if (mapRep === null || mapRep === undefined) return false;
  if (mapRep instanceof Map) return mapRep.size > 0;
  for (const k in mapRep as object) if (Object.hasOwn(mapRep as object, k)) return true;
  return false;
}

/** Keys and values in insertion order (Go's map order is random; callers that print or range sort them). */
export function mapEntries(mapRep: unknown): [unknown, unknown][] {
  if (mapRep === null || mapRep === undefined) return [];
  if (mapRep instanceof Map) return [...mapRep.entries()];
  return Object.keys(mapRep).map((k) => [k, (mapRep as Record<string, unknown>)[k]]);
}

/** Compares two strings by UTF-8 bytes, as Go does. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (U+D800–DFFF) encode code points above U+FFFF, which sort after U+E000–FFFF in UTF-8.
    const sx = x >= 0xd800 && x <= 0xdfff;
    const sy = y >= 0xd800 && y <= 0xdfff;
    if (sx !== sy) return sx ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

const kindOrder = ['invalid', 'bool', 'int', 'uint', 'float', 'complex', 'string', 'ptr', 'chan', 'struct', 'array', 'iface'];

/** Orders two values of one key type as Go's internal/fmtsort does. */
export function compareKeys(t: GoType, a: unknown, b: unknown): number {
  switch (t.kind) {
    case 'int':
    case 'uint':
      return (a as number) - (b as number);
    case 'float': {
      const x = a as number;
      const y = b as number;
      if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : -1;
      if (Number.isNaN(y)) return 1;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 'string':
      return compareStrings(a as string, b as string);
    case 'bool':
      return a === b ? 0 : a ? 1 : -1;
    case 'iface': {
      const x = toDynamic(a);
      const y = toDynamic(b);
      if (x.t !== y.t) {
        const d = kindOrder.indexOf(x.t.kind) - kindOrder.indexOf(y.t.kind);
        return d !== 0 ? d : compareStrings(x.t.name, y.t.name);
      }
      return compareKeys(x.t, x.v, y.v);
    }
    default:
      return 0;
  }
}

/** A map's entries as values, sorted by key as `range` and fmt print them. */
export function sortedMapEntries(m: GoValue): { key: GoValue; value: GoValue }[] {
  const keyT = m.t.key ?? T.string;
  const elemT = m.t.elem ?? T.any;
  const entries = mapEntries(m.v);
  entries.sort((x, y) => compareKeys(keyT, x[0], y[0]));
  return entries.map(([k, v]) => ({ key: valueAt(keyT, k), value: valueAt(elemT, v) }));
}

// --- methods, indirection, truth ------------------------------------------------------------------------------------

/** Finds a method on a value (through one pointer), as the template engine and fmt call them. */
export function findMethod(v: GoValue, name: string): GoMethod | undefined {
  const own = v.t.methods?.[name];
  if (own) return own;
  if (v.t.kind === 'ptr' && v.t.elem) return v.t.elem.methods?.[name];
  return undefined;
}

/** Calls a method found by findMethod; a value-receiver method on a nil pointer is Go's nil dereference. */
export function callMethod(v: GoValue, m: GoMethod, name: string, args: unknown[]): unknown {
  if (v.t.kind === 'ptr' && v.v === null && !m.ptr) {
    throw new GoError(`nil pointer evaluating ${v.t.name}.${name}`);
  }
  return (m.impl as (recv: unknown, ...a: unknown[]) => unknown)(v.v, ...args);
}

/** Whether a value is a nil pointer, map, slice, interface or func. */
export function isNil(v: GoValue): boolean {
  switch (v.t.kind) {
    case 'ptr':
    case 'map':
    case 'slice':
    case 'iface':
    case 'func':
    case 'chan':
      return v.v === null || v.v === undefined;
    default:
      return false;
  }
}

/** Follows pointers and interfaces down to a non-pointer value; a nil stops the walk ({value, isNil}). */
export function indirect(v: GoValue): { value: GoValue; isNil: boolean } {
  let cur = v;
  for (;;) {
    if (cur.t.kind === 'iface') {
      if (cur.v === null || cur.v === undefined) return { value: cur, isNil: true };
      cur = toDynamic(cur.v);
      continue;
    }
    if (cur.t.kind === 'ptr') {
      if (cur.v === null) return { value: cur, isNil: true };
      cur = new GoValue(cur.t.elem ?? T.any, cur.v);
      continue;
    }
    return { value: cur, isNil: false };
  }
}

/** The length of a string (UTF-8 bytes), slice, array or map. */
export function goLen(v: GoValue): number {
  switch (v.t.kind) {
    case 'string':
      return utf8Length(v.v as string);
    case 'slice':
    case 'array':
      return v.v === null ? 0 : (v.v as unknown[]).length;
    case 'map':
      return mapSize(v.v);
    default:
      throw new GoError(`len of type ${v.t.name}`);
  }
}

export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * Go template truth: (truth, ok). ok is false for an invalid value. Structs are always true; numbers non-zero;
 * strings, slices, maps non-empty; pointers, interfaces, funcs non-nil.
 */
export function isTrue(v: GoValue): { truth: boolean; ok: boolean } {
  switch (v.t.kind) {
    case 'invalid':
      return { truth: false, ok: false };
    case 'bool':
      return { truth: v.v as boolean, ok: true };
    case 'int':
    case 'uint':
    case 'float':
      return { truth: (v.v as number) !== 0, ok: true };
    case 'complex': {
      const c = v.v as { re: number; im: number };
      return { truth: c.re !== 0 || c.im !== 0, ok: true };
    }
    case 'string':
      return { truth: (v.v as string).length > 0, ok: true };
    case 'slice':
    case 'array':
      return { truth: goLen(v) > 0, ok: true };
    case 'map':
      return { truth: mapNonEmpty(v.v), ok: true };
    case 'struct':
      return { truth: true, ok: true };
    default:
      return { truth: !isNil(v), ok: true };
  }
}

/** Slice or array elements as values. */
export function sliceElements(v: GoValue): GoValue[] {
  const items = (v.v ?? []) as unknown[];
  const elemT = v.t.elem ?? T.any;
  return items.map((rep) => valueAt(elemT, rep));
}

/** Convenience constructors. */
export const go = Object.freeze({
  int: (n: number): GoValue => new GoValue(T.int, n),
  float64: (n: number): GoValue => new GoValue(T.float64, n),
  string: (s: string): GoValue => new GoValue(T.string, s),
  bool: (b: boolean): GoValue => new GoValue(T.bool, b),
  stringMap: (m: Record<string, string> | null): GoValue => new GoValue(TC.mapStringString, m),
  anyMap: (m: Record<string, unknown> | null): GoValue => new GoValue(TC.mapStringAny, m),
  anySlice: (items: unknown[] | null): GoValue => new GoValue(TC.sliceAny, items),
});
