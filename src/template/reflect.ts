/**
 * @module
 * The few pieces of Go's reflect package that the executor and the builtins need, over the value model of
 * `go/value.ts`: the `reflect.Value` parameter marker, indirection, assignability, nil-ability, map lookup by a key
 * value, Go `==`, and turning what a GoFunc returns into a value.
 */
import { T, named, type GoFunc, type GoType } from '../go/types.ts';
import {
  GoValue,
  INVALID,
  NIL,
  findMethod,
  mapEntries,
  mapGet,
  toDynamic,
  valueAt,
  zeroRep,
  zeroValue,
} from '../go/value.ts';

/**
 * The parameter/result type of builtins that take Go's `reflect.Value`: they see values exactly as evaluated,
 * including invalid ones (a missing key, `nil`), and return a value as is.
 */
export const REFLECT_VALUE: GoType = named('reflect.Value', 'struct');

/** Go's indirectInterface: the value inside an interface; a nil interface becomes the invalid value. */
export function indirectInterface(v: GoValue): GoValue {
  if (v.t.kind !== 'iface') return v;
  if (v.v === null || v.v === undefined) return INVALID;
  return toDynamic(v.v);
}

/** Go's exec indirect: follows pointers and interfaces; stops at a nil one, returning it with isNil. */
export function indirect(v: GoValue): { value: GoValue; isNil: boolean } {
  let cur = v;
  for (;;) {
    const kind = cur.t.kind;
    if (kind !== 'ptr' && kind !== 'iface') return { value: cur, isNil: false };
    if (cur.v === null || cur.v === undefined) return { value: cur, isNil: true };
    cur = kind === 'ptr' ? new GoValue(cur.t.elem ?? T.any, cur.v) : toDynamic(cur.v);
  }
}

/** Kinds whose zero value is nil, plus reflect.Value (whose zero value is the invalid value). */
export function canBeNil(t: GoType): boolean {
  switch (t.kind) {
    case 'chan':
    case 'func':
    case 'iface':
    case 'map':
    case 'ptr':
    case 'slice':
      return true;
    case 'struct':
      return t === REFLECT_VALUE;
    default:
      return false;
  }
}

/** The zero value a nil-able parameter receives for an invalid argument. */
export function nilOf(t: GoType): GoValue {
  if (t === REFLECT_VALUE) return INVALID;
  if (t.kind === 'iface') return t === T.any ? NIL : new GoValue(t, null);
  return zeroValue(t);
}

/** An interface type with no methods (`interface {}`, `any`). */
export function isEmptyInterface(t: GoType): boolean {
  return t.kind === 'iface' && t !== T.error && (t.methods === undefined || Object.keys(t.methods).length === 0);
}

function isBasicKind(kind: GoType['kind']): boolean {
  switch (kind) {
    case 'bool':
    case 'int':
    case 'uint':
    case 'float':
    case 'complex':
    case 'string':
      return true;
    default:
      return false;
  }
}

/** Whether a type is a defined type in Go's sense (predeclared basic types are defined types). */
function isDefined(t: GoType): boolean {
  return t.named || isBasicKind(t.kind);
}

/** Identical underlying types for composite types (interned type literals compare by identity). */
function identicalUnderlying(a: GoType, b: GoType): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'slice':
    case 'ptr':
    case 'chan':
      return a.elem === b.elem;
    case 'array':
      return a.len === b.len && a.elem === b.elem;
    case 'map':
      return a.key === b.key && a.elem === b.elem;
    case 'struct': {
      const fa = a.fields ?? [];
      const fb = b.fields ?? [];
      return fa.length === fb.length && fa.every((f, i) => f.name === fb[i]?.name && f.type === fb[i]?.type);
    }
    case 'func':
      return a.name === b.name;
    default:
      return false;
  }
}

/** Go's AssignableTo for the types templates deal with. */
export function assignable(v: GoType, t: GoType): boolean {
  if (v === t) return true;
  if (t.kind === 'iface') {
    if (t === T.error) return findMethod(new GoValue(v, null), 'Error') !== undefined || v === T.error;
    return isEmptyInterface(t) || v === t;
  }
  if (isDefined(v) && isDefined(t)) return false;
  return identicalUnderlying(v, t);
}

/** What a value becomes when passed to a parameter of type t (assumed assignable or reflect.Value). */
export function argRep(v: GoValue, t: GoType): unknown {
  if (t === REFLECT_VALUE) return v;
  if (t.kind === 'iface') {
    if (v.t.kind === 'iface') return v.v === null || v.v === undefined ? NIL : toDynamic(v.v);
    return v;
  }
  return v.v;
}

/** Whether a map's key type accepts a field name (`.key`): `string` itself or an empty interface. */
export function acceptsStringKey(key: GoType): boolean {
  return key === T.string || isEmptyInterface(key);
}

/**
 * Looks up a key value in a map value; undefined when absent. Interface-keyed maps hold the keys as dynamic reps:
 * raw JS scalars for string/float64/bool (the JSON-shaped ones) or GoValues.
 */
export function mapLookup(m: GoValue, key: GoValue): unknown {
  const keyType = m.t.key ?? T.string;
  if (!isEmptyInterface(keyType)) return mapGet(m.v, key.v);
  if (key.t === T.string || key.t === T.float64 || key.t === T.bool) {
    const raw = mapGet(m.v, key.v);
    if (raw !== undefined) return raw;
  }
  for (const [k, rep] of mapEntries(m.v)) {
    const kv = toDynamic(k);
    if (kv.t === key.t && goEqual(kv, key)) return rep;
  }
  return undefined;
}

/** Looks up a string key (a field name) in a map whose key type accepts strings. */
export function mapLookupString(m: GoValue, key: string): unknown {
  const raw = mapGet(m.v, key);
  if (raw !== undefined || !isEmptyInterface(m.t.key ?? T.string)) return raw;
  return mapLookup(m, new GoValue(T.string, key));
}

/** Whether values of t can be compared with == (Go's Comparable). */
export function comparable(t: GoType): boolean {
  switch (t.kind) {
    case 'slice':
    case 'map':
    case 'func':
      return false;
    case 'array':
      return t.elem === undefined || comparable(t.elem);
    case 'struct':
      return (t.fields ?? []).every((f) => comparable(f.type));
    default:
      return true;
  }
}

/** Go's == on two values of comparable types (different types are unequal, as interface comparison says). */
export function goEqual(a: GoValue, b: GoValue): boolean {
  if (a.t !== b.t) return false;
  switch (a.t.kind) {
    case 'invalid':
      return true;
    case 'complex': {
      const x = a.v as { re: number; im: number };
      const y = b.v as { re: number; im: number };
      return x.re === y.re && x.im === y.im;
    }
    case 'iface': {
      const x = indirectInterface(a);
      const y = indirectInterface(b);
      if (x === INVALID || y === INVALID) return x === y;
      return goEqual(x, y);
    }
    case 'array': {
      const elem = a.t.elem ?? T.any;
      const xs = (a.v ?? []) as unknown[];
      const ys = (b.v ?? []) as unknown[];
      return xs.length === ys.length && xs.every((x, i) => goEqual(valueAt(elem, x), valueAt(elem, ys[i])));
    }
    case 'struct':
      return (a.t.fields ?? []).every((f) => {
        const key = f.json ?? f.name;
        return goEqual(valueAt(f.type, fieldOf(a.v, key, f.inline)), valueAt(f.type, fieldOf(b.v, key, f.inline)));
      });
    default:
      return a.v === b.v;
  }
}

function fieldOf(rep: unknown, key: string, inline: boolean | undefined): unknown {
  if (inline) return rep;
  if (rep === null || typeof rep !== 'object') return undefined;
  if (rep instanceof Map) return rep.get(key);
  return Object.hasOwn(rep, key) ? (rep as Record<string, unknown>)[key] : undefined;
}

/** Converts an int-like rep to another integer type, wrapping as Go conversions do. */
export function convertInt(n: number, t: GoType): number {
  const bits = t.bits ?? 64;
  if (bits === 64) return t.kind === 'uint' && n < 0 ? n + 2 ** 64 : n;
  const big = t.kind === 'uint' ? BigInt.asUintN(bits, BigInt(Math.trunc(n))) : BigInt.asIntN(bits, BigInt(Math.trunc(n)));
  return Number(big);
}

/** A GoFunc's return value (a rep of its result type, or a GoValue for interface/reflect.Value results) as a value. */
export function resultValue(fn: GoFunc, ret: unknown): GoValue {
  const rt = fn.results[0];
  if (rt === undefined) return new GoValue(T.error, null); // Only an error result, and it was nil.
  if (rt === REFLECT_VALUE) return ret instanceof GoValue ? ret : INVALID;
  if (rt.kind === 'iface') {
    if (ret instanceof GoValue) return ret.t.kind === 'iface' ? indirectOrNil(ret, rt) : ret;
    if (ret === undefined || ret === null) return rt === T.any ? NIL : new GoValue(rt, null);
    return toDynamic(ret);
  }
  if (ret instanceof GoValue && ret.t === rt) return ret;
  return new GoValue(rt, ret === undefined ? zeroRep(rt) : ret);
}

function indirectOrNil(v: GoValue, rt: GoType): GoValue {
  if (v.v === null || v.v === undefined) return rt === T.any ? NIL : new GoValue(rt, null);
  return toDynamic(v.v);
}

/** Whether a Go identifier is exported (starts with an upper-case letter). */
export function isExported(name: string): boolean {
  const c = name.codePointAt(0);
  if (c === undefined) return false;
  return /^\p{Lu}$/u.test(String.fromCodePoint(c));
}
