/**
 * @module
 * Helpers shared by the Sprig function files: the GoFunc builder, Sprig's own helpers (`empty`, `strval`,
 * `strslice`), spf13/cast's number conversions, reflect kind names and DeepEqual, slice/map element access,
 * and UTF-8 byte views of JS strings (Go strings are bytes; `trunc`, `substr` and the hashes need them).
 */
import { formatValue } from '../../go/fmt.ts';
import { parseFloat as goParseFloat, parseInt as goParseInt, utf8Bytes, utf8String } from '../../go/strconv.ts';
import { T, TC, type GoFunc, type GoType } from '../../go/types.ts';
import {
  GoError,
  GoValue,
  NIL,
  fieldRep,
  goLen,
  isNil,
  mapEntries,
  mapGet,
  mapHas,
  toDynamic,
  toDynamicRep,
  valueAt,
} from '../../go/value.ts';
import { nullProtoRecord } from '../../go/record.ts';

// --- size limits -----------------------------------------------------------------------------------------------

/**
 * The longest string and the longest list a function may build (`repeat`, `indent`, `until`, `seq`, …). Go would try
 * to allocate whatever a template asks for; a template from a repository must not be able to exhaust the memory of
 * the CI job that renders it. Far above anything an injection template builds; the output limit is 64 Mi as well.
 */
export const MAX_BUILT_STRING = 64 * 1024 * 1024;
export const MAX_BUILT_LIST = 1_000_000;

/**
 * Throws the function's error (`what output of N bytes is over the limit …`) when a string of `length` characters
 * would be over MAX_BUILT_STRING. (What a function returns is counted against the render budget by the executor.)
 */
export function checkStringLength(length: number, what: string): void {
  if (length > MAX_BUILT_STRING) throw new GoError(`${what} output of ${length} bytes is over the limit of ${MAX_BUILT_STRING}`);
}

/** Throws the function's error when a list of `length` elements would be over MAX_BUILT_LIST. */
export function checkListLength(length: number): void {
  if (length > MAX_BUILT_LIST) throw new GoError(`a list of ${length} elements is over the limit of ${MAX_BUILT_LIST}`);
}

// --- registration ----------------------------------------------------------------------------------------------

export interface FuncOptions {
  /** Element type of a final `...T` parameter. */
  readonly variadic?: GoType;
  /** The function returns (T, error): impl throws GoError for the error. */
  readonly error?: boolean;
}

/** A GoFunc with Go's signature: typed params/results; impl receives reps (GoValues for `interface {}`). */
export function goFunc(
  params: readonly GoType[],
  results: readonly GoType[],
  impl: (...args: never[]) => unknown,
  options: FuncOptions = {},
): GoFunc {
  const base = { params, results, impl };
  const withVariadic = options.variadic === undefined ? base : { ...base, variadic: options.variadic };
  return options.error ? { ...withVariadic, error: true } : withVariadic;
}

/** Go's runtime panic for a nil interface method call, as Sprig hits it with `reflect.TypeOf(nil).Kind()`. */
export function nilDereference(): GoError {
  return new GoError('runtime error: invalid memory address or nil pointer dereference');
}

// --- interface values ------------------------------------------------------------------------------------------

/** The dynamic value of an `interface {}` argument; a nil interface (or an invalid value) is NIL. */
export function dyn(v: GoValue): GoValue {
  if (v.t.kind === 'invalid') return NIL;
  if (v.t.kind === 'iface') return toDynamic(v.v);
  return v;
}

/** Whether an `interface {}` argument is the nil interface (Go `x == nil`). */
export function isNilInterface(v: GoValue): boolean {
  const d = dyn(v);
  return d.t.kind === 'iface';
}

/** The rep a value takes in an `interface {}` slot of a slice or map (null for a nil interface). */
export function ifaceRep(v: GoValue): unknown {
  return toDynamicRep(dyn(v));
}

/** Follows non-nil pointers, as spf13/cast's `indirect` does. */
export function derefPointers(v: GoValue): GoValue {
  let cur = dyn(v);
  while (cur.t.kind === 'ptr' && cur.v !== null && cur.v !== undefined) cur = valueAt(cur.t.elem ?? T.any, cur.v);
  return cur;
}

// --- Sprig's helpers ---------------------------------------------------------------------------------------------

/**
 * Sprig `empty`: nil → true; bool → !b; numbers → == 0; string/slice/array/map → len == 0; struct → false;
 * pointers, funcs and other nil-able kinds → IsNil.
 */
export function isEmpty(v: GoValue): boolean {
  const d = dyn(v);
  switch (d.t.kind) {
    case 'invalid':
    case 'iface':
      return true;
    case 'bool':
      return d.v !== true;
    case 'int':
    case 'uint':
    case 'float':
      return d.v === 0;
    case 'complex': {
      const c = d.v as { re: number; im: number };
      return c.re === 0 && c.im === 0;
    }
    case 'string':
    case 'slice':
    case 'array':
    case 'map':
      return goLen(d) === 0;
    case 'struct':
      return false;
    default:
      return isNil(d);
  }
}

/** Sprig `strval`: string as is; `[]byte` as text; error/Stringer through their method; else `%v`. */
export function strval(v: GoValue): string {
  const d = dyn(v);
  if (d.t === T.string) return d.v as string;
  if (d.t === TC.bytes) return utf8Decode(Uint8Array.from((d.v ?? []) as number[]));
  return formatValue(d, 'v');
}

/** Sprig `strslice`: `[]string` as is; other slices/arrays → strval of each non-nil element; nil → []; scalar → [strval]. */
export function strslice(v: GoValue): string[] {
  const d = dyn(v);
  if (d.t === TC.sliceString) return [...((d.v ?? []) as string[])];
  const items = listElements(d);
  if (items) return items.filter((e) => !isNilInterface(e)).map(strval);
  if (d.t.kind === 'iface') return [];
  return [strval(d)];
}

/** The elements of a slice or array value, or undefined for any other kind. */
export function listElements(v: GoValue): GoValue[] | undefined {
  const d = dyn(v);
  if (d.t.kind !== 'slice' && d.t.kind !== 'array') return undefined;
  const elemT = d.t.elem ?? T.any;
  return ((d.v ?? []) as unknown[]).map((rep) => valueAt(elemT, rep));
}

/** reflect.Kind.String() of a value's dynamic type (`invalid` for nil). */
export function kindName(v: GoValue): string {
  const d = dyn(v);
  const t = d.t;
  switch (t.kind) {
    case 'invalid':
    case 'iface':
      return 'invalid';
    case 'int':
    case 'uint': {
      const prefix = t.kind;
      if (!t.named) return t.name === 'uintptr' ? 'uintptr' : t.name;
      return t.bits === undefined || t.bits === 64 ? prefix : `${prefix}${t.bits}`;
    }
    case 'float':
      return t.bits === 32 ? 'float32' : 'float64';
    case 'complex':
      return t.bits === 64 ? 'complex64' : 'complex128';
    default:
      return t.kind;
  }
}

/** Go `%T` of an `interface {}` argument. */
export function typeName(v: GoValue): string {
  const d = dyn(v);
  return d.t.kind === 'iface' ? '<nil>' : d.t.name;
}

/** Sprig's error text for a non-list argument: the reflect kind, or Go's nil dereference for nil. */
export function requireList(v: GoValue, message: (kind: string) => string): GoValue[] {
  const items = listElements(v);
  if (items) return items;
  if (isNilInterface(v)) throw nilDereference();
  throw new GoError(message(kindName(v)));
}

// --- reflect.DeepEqual ----------------------------------------------------------------------------------------

/** reflect.DeepEqual over two `interface {}` values. */
export function deepEqual(a: GoValue, b: GoValue): boolean {
  const x = dyn(a);
  const y = dyn(b);
  if (x.t.kind === 'iface' || y.t.kind === 'iface') return x.t.kind === y.t.kind;
  if (x.t !== y.t) return false;
  return deepValueEqual(x.t, x.v, y.v, new Map());
}

/**
 * The pairs of maps and slices under comparison or compared, as Go's DeepEqual keeps them: a pair met again counts
 * as equal (a false one has already ended the comparison), so that cycles end and a value sharing its parts is
 * compared once per pair rather than once per path (2^40 paths through a list that holds the same list twice,
 * forty levels deep).
 */
type Visited = Map<object, Set<object>>;

function visitedBefore(visited: Visited, a: object, b: object): boolean {
  let seen = visited.get(a);
  if (seen === undefined) {
    seen = new Set();
    visited.set(a, seen);
  } else if (seen.has(b)) {
    return true;
  }
  seen.add(b);
  return false;
}

function deepValueEqual(t: GoType, a: unknown, b: unknown, visited: Visited): boolean {
  switch (t.kind) {
    case 'iface': {
      const x = toDynamic(a);
      const y = toDynamic(b);
      if (x.t.kind === 'iface' || y.t.kind === 'iface') return x.t.kind === y.t.kind;
      return x.t === y.t && deepValueEqual(x.t, x.v, y.v, visited);
    }
    case 'slice':
    case 'array': {
      if (t.kind === 'slice' && (a === null || a === undefined) !== (b === null || b === undefined)) return false;
      const xs = (a ?? []) as unknown[];
      const ys = (b ?? []) as unknown[];
      if (xs.length !== ys.length) return false;
      // Go: the same backing array at the same length is equal without looking at the elements.
      if (xs === ys || visitedBefore(visited, xs, ys)) return true;
      const elemT = t.elem ?? T.any;
      return xs.every((x, i) => deepValueEqual(elemT, orZero(elemT, x), orZero(elemT, ys[i]), visited));
    }
    case 'map': {
      if ((a === null || a === undefined) !== (b === null || b === undefined)) return false;
      const entries = mapEntries(a);
      if (entries.length !== mapEntries(b).length) return false;
      if (a === b || (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null && visitedBefore(visited, a, b))) return true;
      const elemT = t.elem ?? T.any;
      return entries.every(([k, v]) => mapHas(b, k) && deepValueEqual(elemT, orZero(elemT, v), orZero(elemT, mapGet(b, k)), visited));
    }
    case 'ptr':
      if (a === b) return true;
      if (a === null || b === null || a === undefined || b === undefined) return false;
      return deepValueEqual(t.elem ?? T.any, a, b, visited);
    case 'struct':
      return (t.fields ?? []).every((f) =>
        deepValueEqual(f.type, orZero(f.type, fieldRep(a, f)), orZero(f.type, fieldRep(b, f)), visited),
      );
    case 'complex': {
      const x = a as { re: number; im: number };
      const y = b as { re: number; im: number };
      return x.re === y.re && x.im === y.im;
    }
    case 'func':
      return (a === null || a === undefined) && (b === null || b === undefined);
    default:
      return a === b;
  }
}

function orZero(t: GoType, rep: unknown): unknown {
  return rep === undefined ? valueAt(t, undefined).v : rep;
}

// --- spf13/cast -------------------------------------------------------------------------------------------------

/** The number cast sees in a value, or undefined where cast fails (it then returns 0). */
function castNumber(v: GoValue, fromString: (s: string) => number | undefined): number | undefined {
  const d = derefPointers(v);
  if (d.t.kind === 'iface') return 0;
  // cast's type switch matches only the predeclared types, not named types such as enums.
  if (d.t.named) return undefined;
  switch (d.t.kind) {
    case 'int':
    case 'uint':
      return d.t.name === 'uintptr' ? undefined : (d.v as number);
    case 'float':
      return d.v as number;
    case 'bool':
      return d.v === true ? 1 : 0;
    case 'string':
      return fromString(d.v as string);
    default:
      return undefined;
  }
}

/** cast.ToInt64 (also ToInt): floats truncate; strings via strconv.ParseInt(s, 0, 0) after dropping `.000`; failure → 0. */
export function castToInt64(v: GoValue): number {
  const n = castNumber(v, (s) => parseIntOrUndefined(trimZeroDecimal(s)));
  if (n === undefined || Number.isNaN(n)) return 0;
  return truncateInt64(n);
}

/** cast.ToFloat64: numbers as is; strings via strconv.ParseFloat; failure → 0. */
export function castToFloat64(v: GoValue): number {
  const n = castNumber(v, (s) => {
    try {
      return Number(goParseFloat(s, 64));
    } catch (e) {
      if (e instanceof GoError) return undefined;
      throw e;
    }
  });
  return n ?? 0;
}

function parseIntOrUndefined(s: string): number | undefined {
  try {
    return Number(goParseInt(s, 0, 64));
  } catch (e) {
    if (e instanceof GoError) return undefined;
    throw e;
  }
}

/** Go's int64(f): truncation toward zero (out-of-range values are unspecified in Go; we saturate). */
export function truncateInt64(n: number): number {
  const t = Math.trunc(n);
  return Object.is(t, -0) ? 0 : t;
}

/** cast's trimZeroDecimal: `"12.000"` → `"12"`; anything else unchanged. */
function trimZeroDecimal(s: string): string {
  let foundZero = false;
  for (let i = s.length; i > 0; i--) {
    const c = s[i - 1];
    if (c === '.') {
      if (foundZero) return s.slice(0, i - 1);
    } else if (c === '0') {
      foundZero = true;
    } else {
      return s;
    }
  }
  return s;
}

// --- maps -----------------------------------------------------------------------------------------------------

/** A fresh map rep with no prototype, so keys such as `__proto__` are plain keys. */
export function newMapRep(): Record<string, unknown> {
  return nullProtoRecord();
}

/** Stores a key in a map rep without touching prototypes. */
export function mapStore(mapRep: unknown, key: string, value: unknown): void {
  if (mapRep === null || mapRep === undefined) throw new GoError('assignment to entry in nil map');
  if (mapRep instanceof Map) {
    mapRep.set(key, value);
    return;
  }
  Object.defineProperty(mapRep, key, { value, writable: true, enumerable: true, configurable: true });
}

export function mapDelete(mapRep: unknown, key: string): void {
  if (mapRep === null || mapRep === undefined) return;
  if (mapRep instanceof Map) mapRep.delete(key);
  else if (Object.hasOwn(mapRep, key)) delete (mapRep as Record<string, unknown>)[key];
}

/** A value read from a `map[string]interface {}` rep; missing keys are undefined. */
export function mapValue(mapRep: unknown, key: string): GoValue | undefined {
  return mapHas(mapRep, key) ? toDynamic(mapGet(mapRep, key)) : undefined;
}

// --- UTF-8 ----------------------------------------------------------------------------------------------------

/** The UTF-8 bytes of a string (a lone surrogate becomes U+FFFD). */
export function utf8Encode(s: string): Uint8Array {
  return utf8Bytes(s);
}

/**
 * Bytes back to text. A JS string cannot hold Go's invalid UTF-8, so each byte that does not start a valid
 * sequence becomes U+FFFD, as ranging over the Go string would show it.
 */
export function utf8Decode(bytes: Uint8Array): string {
  return utf8String(bytes);
}

export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** Go `s[start:end]` on the UTF-8 bytes of s; bounds are checked as Go does. */
export function byteSlice(s: string, start: number, end?: number): string {
  if (isAscii(s)) {
    const stop = end ?? s.length;
    checkSliceBounds(start, stop, s.length);
    return s.slice(start, stop);
  }
  const bytes = utf8Encode(s);
  const stop = end ?? bytes.length;
  checkSliceBounds(start, stop, bytes.length);
  return utf8Decode(bytes.subarray(start, stop));
}

function checkSliceBounds(start: number, end: number, len: number): void {
  if (end < 0 || end > len) throw new GoError(`runtime error: slice bounds out of range [:${end}] with length ${len}`);
  if (start < 0 || start > end) throw new GoError(`runtime error: slice bounds out of range [${start}:${end}]`);
}

/** Code points of a string, as Go ranges over runes. */
export function codePoints(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) out.push(ch.codePointAt(0) ?? 0);
  return out;
}
