/**
 * @module
 * The builtin template functions (Go's text/template funcs.go): and or not, eq ne lt le gt ge, len index slice,
 * print printf println, html js urlquery, call. Most take Go's `reflect.Value` (REFLECT_VALUE) so they see invalid
 * values (a missing key, `nil`) as Go's builtins do. `and`/`or` are short-circuited by the executor; the
 * implementations here are only used if they are reached some other way.
 */
import { sprint, sprintf, sprintln } from '../../go/fmt.ts';
import { utf8Bytes, utf8String } from '../../go/strconv.ts';
import { T, type FuncMap, type GoFunc, type GoType } from '../../go/types.ts';
import { GoError, GoValue, INVALID, compareStrings, goLen, isTrue, valueAt, zeroValue } from '../../go/value.ts';
import {
  REFLECT_VALUE,
  argRep,
  assignable,
  canBeNil,
  comparable,
  convertInt,
  goEqual,
  indirect,
  indirectInterface,
  mapLookup,
  nilOf,
  resultValue,
} from '../reflect.ts';

const RV = REFLECT_VALUE;

// --- truth ---------------------------------------------------------------------------------------------------------

/** Go's template truth of a value: invalid and nil are false, structs true, others non-zero/non-empty. */
export function truth(v: GoValue): boolean {
  const x = indirectInterface(v);
  return x.t.kind === 'invalid' ? false : isTrue(x).truth;
}

function and(...args: GoValue[]): GoValue {
  let v: GoValue = INVALID;
  for (const arg of args) {
    v = arg;
    if (!truth(v)) return v;
  }
  return v;
}

function or(...args: GoValue[]): GoValue {
  let v: GoValue = INVALID;
  for (const arg of args) {
    v = arg;
    if (truth(v)) return v;
  }
  return v;
}

function not(arg: GoValue): boolean {
  return !truth(arg);
}

// --- comparison ----------------------------------------------------------------------------------------------------

type BasicKind = 'bool' | 'int' | 'uint' | 'float' | 'complex' | 'string' | 'invalid';

function basicKind(v: GoValue): BasicKind {
  switch (v.t.kind) {
    case 'bool':
    case 'int':
    case 'uint':
    case 'float':
    case 'complex':
    case 'string':
      return v.t.kind;
    default:
      return 'invalid';
  }
}

const errBadComparisonType = 'invalid type for comparison';
const errBadComparison = 'incompatible types for comparison';
const errNoComparison = 'missing argument for comparison';

function isValid(v: GoValue): boolean {
  return v.t.kind !== 'invalid';
}

/** The invalid value, or a nil pointer/map/slice/func/chan/interface. */
function isNilish(v: GoValue): boolean {
  switch (v.t.kind) {
    case 'invalid':
      return true;
    case 'chan':
    case 'func':
    case 'iface':
    case 'map':
    case 'ptr':
    case 'slice':
      return v.v === null || v.v === undefined;
    default:
      return false;
  }
}

/** A reflect.Value printed with %s, as Go's comparison errors show it. */
function describe(v: GoValue): string {
  return isValid(v) ? sprintf('%s', [v]) : '<invalid reflect.Value>';
}

function eq(arg1: GoValue, ...arg2: GoValue[]): boolean {
  const a = indirectInterface(arg1);
  if (arg2.length === 0) throw new GoError(errNoComparison);
  const k1 = basicKind(a);
  for (const raw of arg2) {
    const b = indirectInterface(raw);
    const k2 = basicKind(b);
    let equal = false;
    if (k1 !== k2) {
      // Integers compare across signedness.
      if (k1 === 'int' && k2 === 'uint') equal = (a.v as number) >= 0 && a.v === b.v;
      else if (k1 === 'uint' && k2 === 'int') equal = (b.v as number) >= 0 && a.v === b.v;
      else if (isValid(a) && isValid(b)) throw new GoError(errBadComparison);
    } else {
      switch (k1) {
        case 'bool':
        case 'int':
        case 'uint':
        case 'float':
        case 'string':
          equal = a.v === b.v;
          break;
        case 'complex': {
          const x = a.v as { re: number; im: number };
          const y = b.v as { re: number; im: number };
          equal = x.re === y.re && x.im === y.im;
          break;
        }
        default:
          if (a.t.kind !== b.t.kind && isValid(a) && isValid(b)) {
            throw new GoError(`non-comparable types ${describe(a)}: ${a.t.name}, ${b.t.name}: ${describe(b)}`);
          }
          if (isNilish(a) || isNilish(b)) {
            equal = isNilish(a) === isNilish(b);
          } else {
            if (!comparable(b.t)) throw new GoError(`non-comparable type ${describe(b)}: ${b.t.name}`);
            equal = goEqual(a, b);
          }
      }
    }
    if (equal) return true;
  }
  return false;
}

function ne(arg1: GoValue, arg2: GoValue): boolean {
  return !eq(arg1, arg2);
}

function lt(arg1: GoValue, arg2: GoValue): boolean {
  const a = indirectInterface(arg1);
  const k1 = basicKind(a);
  if (k1 === 'invalid') throw new GoError(errBadComparisonType);
  const b = indirectInterface(arg2);
  const k2 = basicKind(b);
  if (k2 === 'invalid') throw new GoError(errBadComparisonType);
  if (k1 !== k2) {
    if (k1 === 'int' && k2 === 'uint') return (a.v as number) < 0 || (a.v as number) < (b.v as number);
    if (k1 === 'uint' && k2 === 'int') return (b.v as number) >= 0 && (a.v as number) < (b.v as number);
    throw new GoError(errBadComparison);
  }
  switch (k1) {
    case 'bool':
    case 'complex':
      throw new GoError(errBadComparisonType);
    case 'string':
      return compareStrings(a.v as string, b.v as string) < 0;
    default:
      return (a.v as number) < (b.v as number);
  }
}

function le(arg1: GoValue, arg2: GoValue): boolean {
  return lt(arg1, arg2) || eq(arg1, arg2);
}

function gt(arg1: GoValue, arg2: GoValue): boolean {
  return !le(arg1, arg2);
}

function ge(arg1: GoValue, arg2: GoValue): boolean {
  return !lt(arg1, arg2);
}

// --- len, index, slice ---------------------------------------------------------------------------------------------

function length(item: GoValue): number {
  if (!isValid(item)) throw new GoError('len of untyped nil');
  const { value, isNil } = indirect(item);
  if (isNil) throw new GoError('len of nil pointer');
  switch (value.t.kind) {
    case 'array':
    case 'map':
    case 'slice':
    case 'string':
      return goLen(value);
    default:
      throw new GoError(`len of type ${value.t.name}`);
  }
}

function intLike(kind: GoType['kind']): boolean {
  return kind === 'int' || kind === 'uint';
}

/** An index into something of length/capacity cap: int-like, 0 ≤ x ≤ cap. */
function indexArg(index: GoValue, cap: number): number {
  let x: number;
  if (intLike(index.t.kind)) x = index.v as number;
  else if (!isValid(index)) throw new GoError('cannot index slice/array with nil');
  else throw new GoError(`cannot index slice/array with type ${index.t.name}`);
  if (x < 0 || x > cap) throw new GoError(`index out of range: ${x}`);
  return x;
}

/** Go's prepareArg: a value made fit for a parameter (map key) of type t. */
export function prepareArg(value: GoValue, t: GoType): GoValue {
  let v = value;
  if (!isValid(v)) {
    if (!canBeNil(t)) throw new GoError(`value is nil; should be of type ${t.name}`);
    v = nilOf(t);
  }
  if (assignable(v.t, t)) return v;
  if (intLike(v.t.kind) && intLike(t.kind)) return new GoValue(t, convertInt(v.v as number, t));
  throw new GoError(`value has type ${v.t.name}; should be ${t.name}`);
}

function stringBytes(v: GoValue): Uint8Array {
  return utf8Bytes(v.v as string);
}

function index(item: GoValue, ...indexes: GoValue[]): GoValue {
  let cur = indirectInterface(item);
  if (!isValid(cur)) throw new GoError('index of untyped nil');
  for (const raw of indexes) {
    const ix = indirectInterface(raw);
    const { value, isNil } = indirect(cur);
    if (isNil) throw new GoError('index of nil pointer');
    cur = value;
    switch (cur.t.kind) {
      case 'array':
      case 'slice': {
        const items = (cur.v ?? []) as unknown[];
        const x = indexArg(ix, items.length);
        if (x === items.length) throw new GoError(`index out of range: ${x}`);
        cur = valueAt(cur.t.elem ?? T.any, items[x]);
        break;
      }
      case 'string': {
        const bytes = stringBytes(cur);
        const x = indexArg(ix, bytes.length);
        if (x === bytes.length) throw new GoError(`index out of range: ${x}`);
        cur = new GoValue(T.uint8, bytes[x]);
        break;
      }
      case 'map': {
        const key = prepareArg(ix, cur.t.key ?? T.string);
        const rep = mapLookup(cur, key);
        const elem = cur.t.elem ?? T.any;
        cur = rep === undefined ? zeroValue(elem) : valueAt(elem, rep);
        break;
      }
      default:
        throw new GoError(`can't index item of type ${cur.t.name}`);
    }
  }
  return cur;
}

function slice(item: GoValue, ...indexes: GoValue[]): GoValue {
  const v = indirectInterface(item);
  if (!isValid(v)) throw new GoError('slice of untyped nil');
  if (indexes.length > 3) throw new GoError(`too many slice indexes: ${indexes.length}`);
  let len: number;
  let bytes: Uint8Array | undefined;
  switch (v.t.kind) {
    case 'string':
      if (indexes.length === 3) throw new GoError('cannot 3-index slice a string');
      bytes = stringBytes(v);
      len = bytes.length;
      break;
    case 'array':
    case 'slice':
      len = ((v.v ?? []) as unknown[]).length;
      break;
    default:
      throw new GoError(`can't slice item of type ${v.t.name}`);
  }
  const idx = [0, len, len];
  indexes.forEach((ix, i) => {
    idx[i] = indexArg(indirectInterface(ix), len);
  });
  const [i, j, k] = idx as [number, number, number];
  if (i > j) throw new GoError(`invalid slice index: ${i} > ${j}`);
  if (indexes.length === 3 && j > k) throw new GoError(`invalid slice index: ${j} > ${k}`);
  if (bytes !== undefined) return new GoValue(v.t, utf8String(bytes.subarray(i, j)));
  if (v.t.kind === 'array') throw new GoError('reflect.Value.Slice: slice of unaddressable array');
  return new GoValue(v.t, ((v.v ?? []) as unknown[]).slice(i, j));
}

// --- printing and escaping -----------------------------------------------------------------------------------------

function print(...args: GoValue[]): string {
  return sprint(args);
}

function println(...args: GoValue[]): string {
  return sprintln(args);
}

function printf(format: string, ...args: GoValue[]): string {
  return sprintf(format, args);
}

/** Go's evalArgs for html/js/urlquery: one string argument as is, else Sprint of printable values. */
function evalArgs(args: GoValue[]): string {
  if (args.length === 1 && (args[0] as GoValue).t === T.string) return (args[0] as GoValue).v as string;
  return sprint(
    args.map((a) => {
      let v = a;
      if (v.t.kind === 'iface') v = indirectInterface(v);
      if (v.t.kind === 'ptr') v = indirect(v).value;
      return isValid(v) ? v : NO_VALUE;
    }),
  );
}

const NO_VALUE = new GoValue(T.string, '<no value>');

/** Go's HTMLEscapeString. */
export function htmlEscape(s: string): string {
  return s.replace(/[<>&'"\0]/g, (c) => HTML_ESCAPES[c] as string);
}

const HTML_ESCAPES: Record<string, string> = {
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  "'": '&#39;',
  '"': '&#34;',
  '\0': '\uFFFD',
};

const JS_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '"': '\\"',
  '<': '\\u003C',
  '>': '\\u003E',
  '&': '\\u0026',
  '=': '\\u003D',
};

const UNICODE_PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** Go's JSEscapeString: quotes, backslash, `<>&=` and non-printable characters escaped for JavaScript. */
export function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    const special = JS_ESCAPES[ch];
    if (special !== undefined) out += special;
    else if (c < 0x20) out += `\\u00${c.toString(16).toUpperCase().padStart(2, '0')}`;
    else if (c < 0x80 || UNICODE_PRINTABLE.test(ch)) out += ch;
    else out += `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return out;
}

/** Go's url.QueryEscape. */
export function urlQueryEscape(s: string): string {
  let out = '';
  for (const b of utf8Bytes(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (b === 0x20) out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function html(...args: GoValue[]): string {
  return htmlEscape(evalArgs(args));
}

function js(...args: GoValue[]): string {
  return jsEscape(evalArgs(args));
}

function urlquery(...args: GoValue[]): string {
  return urlQueryEscape(evalArgs(args));
}

// --- call ----------------------------------------------------------------------------------------------------------

/** Calls a GoFunc with values already fitted to its parameters; its result as a value. Throws what it throws. */
export function invoke(fn: GoFunc, args: readonly GoValue[]): GoValue {
  const reps = args.map((a, i) => argRep(a, i < fn.params.length ? (fn.params[i] as GoType) : (fn.variadic ?? T.any)));
  const ret = (fn.impl as (...a: unknown[]) => unknown)(...reps);
  return resultValue(fn, ret);
}

function call(fnValue: GoValue, ...args: GoValue[]): GoValue {
  const f = indirectInterface(fnValue);
  if (!isValid(f)) throw new GoError('call of nil');
  if (f.t.kind !== 'func') throw new GoError(`non-function of type ${f.t.name}`);
  const fn = f.v as GoFunc | null;
  if (fn === null) throw new GoError('call of nil function');
  if (fn.results.length !== 1 && !(fn.results.length === 0 && fn.error)) {
    throw new GoError(`function called with ${fn.results.length} results; should be 1 or 2`);
  }
  const numIn = fn.params.length;
  if (fn.variadic) {
    if (args.length < numIn) throw new GoError(`wrong number of args: got ${args.length} want at least ${numIn}`);
  } else if (args.length !== numIn) {
    throw new GoError(`wrong number of args: got ${args.length} want ${numIn}`);
  }
  const argv = args.map((arg, i) => {
    const t = i < numIn ? (fn.params[i] as GoType) : (fn.variadic as GoType);
    try {
      return prepareArg(indirectInterface(arg), t);
    } catch (e) {
      throw new GoError(`arg ${i}: ${(e as Error).message}`);
    }
  });
  return invoke(fn, argv);
}

// --- the map -------------------------------------------------------------------------------------------------------

function builtin(params: GoType[], variadic: GoType | undefined, result: GoType, error: boolean, impl: (...a: never[]) => unknown): GoFunc {
  const base = { params, results: [result], error, impl };
  return Object.freeze(variadic === undefined ? base : { ...base, variadic });
}

/** Go's builtins (funcs.go). Template FuncMaps override these names. */
export const builtins: FuncMap = Object.freeze({
  and: builtin([RV], RV, RV, false, and),
  call: builtin([RV], RV, RV, true, call),
  html: builtin([], T.any, T.string, false, html),
  index: builtin([RV], RV, RV, true, index),
  slice: builtin([RV], RV, RV, true, slice),
  js: builtin([], T.any, T.string, false, js),
  len: builtin([RV], undefined, T.int, true, length),
  not: builtin([RV], undefined, T.bool, false, not),
  or: builtin([RV], RV, RV, false, or),
  print: builtin([], T.any, T.string, false, print),
  printf: builtin([T.string], T.any, T.string, false, printf),
  println: builtin([], T.any, T.string, false, println),
  urlquery: builtin([], T.any, T.string, false, urlquery),
  eq: builtin([RV], RV, T.bool, true, eq),
  ge: builtin([RV, RV], undefined, T.bool, true, ge),
  gt: builtin([RV, RV], undefined, T.bool, true, gt),
  le: builtin([RV, RV], undefined, T.bool, true, le),
  lt: builtin([RV, RV], undefined, T.bool, true, lt),
  ne: builtin([RV, RV], undefined, T.bool, true, ne),
});
