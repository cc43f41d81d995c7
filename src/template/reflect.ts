/**
 * @module
 * The few pieces of Go's reflect package that the executor and the builtins need, over the value model of
 * `go/value.ts`: the `reflect.Value` parameter marker, indirection, assignability, nil-ability, map lookup by a key
 * value, Go `==`, and turning what a GoFunc returns into a value.
 */
import { T, TC, named, type GoField, type GoFunc, type GoType } from '../go/types.ts';
import {
  GoError,
  GoValue,
  INVALID,
  NIL,
  findField,
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

/**
 * An own property of a rep object (plain object or Map), as value.ts ownProp reads it, with one property load in
 * the common case: inherited members of Object.prototype are functions (or, for `__proto__`, the prototype), so
 * only those need the own-property check.
 */
export function ownRep(obj: unknown, key: string): unknown {
  if (typeof obj !== 'object' || obj === null) return undefined;
  if (obj instanceof Map) return obj.get(key);
  const v = (obj as Record<string, unknown>)[key];
  if (v === undefined) return undefined;
  if (typeof v === 'function' || key === '__proto__') return Object.hasOwn(obj, key) ? v : undefined;
  return v;
}

/** value.ts toDynamic with the common JSON cases first (same results). */
export function dynamicValue(rep: unknown): GoValue {
  switch (typeof rep) {
    case 'string':
      return new GoValue(T.string, rep);
    case 'number':
      return new GoValue(T.float64, rep);
    case 'boolean':
      return new GoValue(T.bool, rep);
    case 'undefined':
      return NIL;
    case 'object':
      if (rep === null) return NIL;
      if (rep instanceof GoValue) return rep.t.kind === 'iface' ? dynamicValue(rep.v) : rep;
      if (Array.isArray(rep)) return new GoValue(TC.sliceAny, rep);
      {
        // Plain and prototype-free objects (decoded JSON, reps built by newRep) are maps, as toDynamic says.
        const proto = Object.getPrototypeOf(rep) as unknown;
        if (proto === Object.prototype || proto === null) return new GoValue(TC.mapStringAny, rep);
      }
  }
  return toDynamic(rep);
}

/** value.ts valueAt (the value in a slot of static type t) over dynamicValue. */
export function slotValue(t: GoType, rep: unknown): GoValue {
  if (t.kind === 'iface') return dynamicValue(rep);
  return new GoValue(t, rep === undefined ? zeroRep(t) : rep);
}

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
  const raw = ownRep(m.v, key);
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

// --- call plans ----------------------------------------------------------------------------------------------------

/** How an argument reaches an impl: its rep, the value itself (reflect.Value), or the interface value (nil = NIL). */
export const ARG_REP = 0;
export const ARG_VALUE = 1;
export const ARG_IFACE = 2;

/** How a result comes back: a rep of the result type, a value (reflect.Value), a dynamic value, or a nil error. */
const RESULT_REP = 0;
const RESULT_VALUE = 1;
const RESULT_IFACE = 2;
const RESULT_ERROR_ONLY = 3;

/**
 * How the executor calls a GoFunc, worked out once per function: one object shape for all functions, so that the
 * hot call path reads no polymorphic GoFunc/GoType properties.
 */
export interface CallPlan {
  readonly impl: (...args: unknown[]) => unknown;
  readonly params: readonly GoType[];
  readonly numParams: number;
  readonly variadic: GoType | null;
  readonly modes: readonly number[];
  readonly variadicMode: number;
  readonly result: GoType;
  readonly resultMode: number;
  /** Go accepts 1 result, or 2 with an error second: anything else cannot be called from a template. */
  readonly validResults: boolean;
  readonly numResults: number;
  /** A method with a pointer receiver (callable on a nil pointer). */
  readonly ptrReceiver: boolean;
}

const plans = new WeakMap<GoFunc, CallPlan>();

function argMode(t: GoType): number {
  if (t === REFLECT_VALUE) return ARG_VALUE;
  return t.kind === 'iface' ? ARG_IFACE : ARG_REP;
}

export function callPlan(fn: GoFunc): CallPlan {
  let plan = plans.get(fn);
  if (plan !== undefined) return plan;
  const rt = fn.results[0];
  const numResults = fn.results.length + (fn.error === true ? 1 : 0);
  plan = {
    impl: fn.impl as (...args: unknown[]) => unknown,
    params: fn.params,
    numParams: fn.params.length,
    variadic: fn.variadic ?? null,
    modes: fn.params.map(argMode),
    variadicMode: fn.variadic === undefined ? ARG_REP : argMode(fn.variadic),
    result: rt ?? T.error,
    resultMode: rt === undefined ? RESULT_ERROR_ONLY : rt === REFLECT_VALUE ? RESULT_VALUE : rt.kind === 'iface' ? RESULT_IFACE : RESULT_REP,
    validResults: fn.results.length === 1 || (fn.results.length === 0 && fn.error === true),
    numResults,
    ptrReceiver: (fn as { ptr?: boolean }).ptr === true,
  };
  plans.set(fn, plan);
  return plan;
}

/** An argument value as the impl receives it (see ARG_*). */
export function planArg(v: GoValue, mode: number): unknown {
  if (mode === ARG_REP) return v.v;
  if (mode === ARG_VALUE) return v;
  if (v.t.kind === 'iface') return v.v === null || v.v === undefined ? NIL : dynamicValue(v.v);
  return v;
}

const TRUE_VALUE = new GoValue(T.bool, true);
const FALSE_VALUE = new GoValue(T.bool, false);

/** What an impl returned, as a value of the function's result type. */
export function planResult(plan: CallPlan, ret: unknown): GoValue {
  switch (plan.resultMode) {
    case RESULT_REP: {
      // Booleans (eq, not, isset, has…) share two values: a GoValue is immutable.
      if (plan.result === T.bool && typeof ret === 'boolean') return ret ? TRUE_VALUE : FALSE_VALUE;
      if (ret instanceof GoValue && ret.t === plan.result) return ret;
      return new GoValue(plan.result, ret === undefined ? zeroRep(plan.result) : ret);
    }
    case RESULT_VALUE:
      return ret instanceof GoValue ? ret : INVALID;
    case RESULT_IFACE: {
      const rt = plan.result;
      if (ret === undefined || ret === null) return rt === T.any ? NIL : new GoValue(rt, null);
      if (ret instanceof GoValue) return ret.t.kind === 'iface' ? indirectOrNil(ret, rt) : ret;
      return dynamicValue(ret);
    }
    default:
      return new GoValue(T.error, null); // Only an error result, and it was nil.
  }
}

/** Whether a Go identifier is exported (starts with an upper-case letter). */
export function isExported(name: string): boolean {
  const c = name.charCodeAt(0);
  if (c < 0x80) return c >= 0x41 && c <= 0x5a;
  return /^\p{Lu}/u.test(name);
}

const fieldPaths = new WeakMap<GoType, Map<string, readonly GoField[] | null>>();

/** The path to a struct field by Go name (through embedded structs), cached per type; null when there is none. */
export function fieldPath(t: GoType, name: string): readonly GoField[] | null {
  let byName = fieldPaths.get(t);
  if (byName === undefined) {
    byName = new Map();
    fieldPaths.set(t, byName);
  }
  let path = byName.get(name);
  if (path === undefined) {
    path = findField(t, name)?.path ?? null;
    byName.set(name, path);
  }
  return path;
}

/** Reads a struct field along a path, as value.ts structField does; throws GoError through a nil embedded pointer. */
export function readField(v: GoValue, path: readonly GoField[]): GoValue {
  let cur = v;
  for (const f of path) {
    if (cur.t.kind === 'ptr' && (cur.v === null || cur.v === undefined)) {
      throw new GoError(`nil pointer evaluating ${cur.t.name}.${f.name}`);
    }
    cur = slotValue(f.type, f.inline ? cur.v : ownRep(cur.v, f.json ?? f.name));
  }
  return cur;
}
