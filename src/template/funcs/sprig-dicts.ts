/**
 * @module
 * Sprig's dictionary functions (dict.go) over `map[string]interface {}`. `set`, `unset`, `merge` and
 * `mergeOverwrite` mutate and return their first argument, as in Go; `keys` and `values` follow the map's
 * own order, which in Go is random (templates sort with `sortAlpha`). `merge*` follow mergo's map rules.
 */
import { T, TC, type FuncMap, type GoType } from '../../go/types.ts';
import { GoError, GoValue, NIL, isNil, mapEntries, mapGet, mapHas, mapSize, toDynamic, valueAt } from '../../go/value.ts';
import { dyn, goFunc, ifaceRep, mapDelete, mapStore, mapValue, newMapRep, strval, typeName } from './sprig-support.ts';

const ANY = T.any;
const DICT = TC.mapStringAny;

function dict(...v: GoValue[]): Record<string, unknown> {
  const out = newMapRep();
  for (let i = 0; i < v.length; i += 2) {
    const key = strval(v[i] ?? NIL);
    mapStore(out, key, i + 1 < v.length ? ifaceRep(v[i + 1] ?? NIL) : '');
  }
  return out;
}

function get(d: unknown, key: string): GoValue {
  return mapValue(d, key) ?? new GoValue(T.string, '');
}

function set(d: unknown, key: string, value: GoValue): unknown {
  mapStore(d, key, ifaceRep(value));
  return d;
}

function unset(d: unknown, key: string): unknown {
  mapDelete(d, key);
  return d;
}

function pluck(key: string, ...dicts: unknown[]): unknown[] {
  return dicts.filter((d) => mapHas(d, key)).map((d) => mapGet(d, key) ?? null);
}

function keys(...dicts: unknown[]): string[] {
  return dicts.flatMap((d) => mapEntries(d).map(([k]) => k as string));
}

function values(d: unknown): unknown[] {
  return mapEntries(d).map(([, v]) => v ?? null);
}

function pick(d: unknown, ...names: string[]): Record<string, unknown> {
  const out = newMapRep();
  for (const k of names) if (mapHas(d, k)) mapStore(out, k, mapGet(d, k) ?? null);
  return out;
}

function omit(d: unknown, ...names: string[]): Record<string, unknown> {
  const out = newMapRep();
  const drop = new Set(names);
  for (const [k, v] of mapEntries(d)) if (!drop.has(k as string)) mapStore(out, k as string, v ?? null);
  return out;
}

/** Sprig `dig "a" "b" default dict`: nested lookup through `map[string]interface {}` values. */
function dig(...ps: GoValue[]): GoValue {
  if (ps.length < 3) throw new GoError('dig needs at least three arguments');
  const last = dyn(ps[ps.length - 1] ?? NIL);
  if (last.t !== DICT) throw conversionPanic(last, DICT.name);
  const def = ps[ps.length - 2] ?? NIL;
  const path = ps.slice(0, -2).map((p) => {
    const d = dyn(p);
    if (d.t !== T.string) throw conversionPanic(d, 'string');
    return d.v as string;
  });
  let cur = last;
  for (let i = 0; ; i++) {
    if (cur.t !== DICT) throw conversionPanic(cur, DICT.name);
    const step = mapValue(cur.v, path[i] ?? '');
    if (step === undefined) return def;
    if (i === path.length - 1) return step;
    cur = step;
  }
}

function conversionPanic(v: GoValue, want: string): GoError {
  const got = v.t.kind === 'iface' ? 'nil' : typeName(v);
  return new GoError(`interface conversion: interface {} is ${got}, not ${want}`);
}

// --- mergo ------------------------------------------------------------------------------------------------------

/** mergo's isEmptyValue: like Sprig `empty`, but through non-nil pointers, and complex/chan are never empty. */
function mergoEmpty(v: GoValue | undefined): boolean {
  if (v === undefined) return true;
  switch (v.t.kind) {
    case 'invalid':
      return true;
    case 'iface':
      return v.v === null || v.v === undefined ? true : mergoEmpty(toDynamic(v.v));
    case 'ptr':
      return v.v === null || v.v === undefined ? true : mergoEmpty(valueAt(v.t.elem ?? ANY, v.v));
    case 'array':
    case 'map':
    case 'slice':
      return (v.t.kind === 'map' ? mapSize(v.v) : ((v.v ?? []) as unknown[]).length) === 0;
    case 'string':
      return v.v === '';
    case 'bool':
      return v.v !== true;
    case 'int':
    case 'uint':
    case 'float':
      return v.v === 0;
    case 'func':
      return v.v === null || v.v === undefined;
    default:
      return false;
  }
}

/** The rep to store a value with static type `from` into a map whose element type is `to` (SetMapIndex rules). */
function storable(value: GoValue, from: GoType, to: GoType): unknown {
  if (to.kind === 'iface') return ifaceRep(value);
  if (from === to) return value.v;
  throw new GoError(`reflect.Value.SetMapIndex: value of type ${from.name} is not assignable to type ${to.name}`);
}

/**
 * mergo's deepMerge for two maps, key by key: nil source values only overwrite; nested maps merge in place;
 * slices and other values fill empty destinations, or replace them when overwriting.
 */
function mergeMapInto(dst: GoValue, src: GoValue, overwrite: boolean): void {
  const dstElemT = dst.t.elem ?? ANY;
  const srcElemT = src.t.elem ?? ANY;
  for (const [key, srcRep] of mapEntries(src.v)) {
    const srcEl = valueAt(srcElemT, srcRep);
    const dstPresent = mapHas(dst.v, key);
    const dstEl = dstPresent ? valueAt(dstElemT, mapGet(dst.v, key)) : undefined;
    const srcStaticNil = srcElemT.kind === 'iface' ? srcEl.t.kind === 'iface' : isNilKind(srcEl) && isNil(srcEl);
    if (srcStaticNil) {
      if (overwrite) mapStore(dst.v, key as string, srcElemT.kind === 'iface' ? null : storable(srcEl, srcElemT, dstElemT));
      continue;
    }
    const kind = srcEl.t.kind;
    if (kind === 'map' || kind === 'struct' || kind === 'ptr') {
      const dstDyn = dstEl === undefined ? undefined : dyn(dstEl);
      if (dstDyn && dstDyn.t.kind === 'map' && dstDyn.v !== null && dstDyn.v !== undefined) {
        if (kind === 'map') mergeMapInto(dstDyn, srcEl, overwrite);
        else if (overwrite) throw new GoError('reflect: reflect.Value.Set using unaddressable value');
      }
    } else if (kind === 'slice') {
      let dstSlice: GoValue;
      if (dstEl === undefined || dyn(dstEl).t.kind === 'iface' || (dstEl.t.kind === 'slice' && isNil(dstEl))) {
        dstSlice = new GoValue(srcEl.t, []);
      } else {
        dstSlice = dyn(dstEl);
      }
      if (overwrite || mapSize(dst.v) === 0) dstSlice = srcEl;
      mapStore(dst.v, key as string, storable(dstSlice, dstElemT.kind === 'iface' ? ANY : dstSlice.t, dstElemT));
    }
    if (dstEl !== undefined && !mergoEmpty(dstEl) && (kind === 'map' || kind === 'slice')) continue;
    const srcIsPtr = srcElemT.kind === 'ptr';
    if ((!srcIsPtr && overwrite) || dstEl === undefined || mergoEmpty(dstEl)) {
      mapStore(dst.v, key as string, storable(srcEl, srcElemT, dstElemT));
    }
  }
}

function isNilKind(v: GoValue): boolean {
  const k = v.t.kind;
  return k === 'chan' || k === 'func' || k === 'map' || k === 'slice' || k === 'iface';
}

function mergeAll(overwrite: boolean) {
  return (dst: unknown, ...srcs: unknown[]): GoValue => {
    let target = dst;
    for (const src of srcs) {
      if ((target === null || target === undefined) && src !== null && src !== undefined) target = newMapRep();
      if (src === null || src === undefined) continue;
      mergeMapInto(new GoValue(DICT, target), new GoValue(DICT, src), overwrite);
    }
    return new GoValue(DICT, target ?? null);
  };
}

const merge = mergeAll(false);
const mergeOverwrite = mergeAll(true);

export const sprigDictFuncs: FuncMap = {
  dict: goFunc([], [DICT], dict, { variadic: ANY }),
  get: goFunc([DICT, T.string], [ANY], get),
  set: goFunc([DICT, T.string, ANY], [DICT], set),
  unset: goFunc([DICT, T.string], [DICT], unset),
  hasKey: goFunc([DICT, T.string], [T.bool], (d: unknown, key: string) => mapHas(d, key)),
  pluck: goFunc([T.string], [TC.sliceAny], pluck, { variadic: DICT }),
  keys: goFunc([], [TC.sliceString], keys, { variadic: DICT }),
  values: goFunc([DICT], [TC.sliceAny], values),
  pick: goFunc([DICT], [DICT], pick, { variadic: T.string }),
  omit: goFunc([DICT], [DICT], omit, { variadic: T.string }),
  merge: goFunc([DICT], [ANY], merge, { variadic: DICT }),
  mustMerge: goFunc([DICT], [ANY], merge, { variadic: DICT, error: true }),
  mergeOverwrite: goFunc([DICT], [ANY], mergeOverwrite, { variadic: DICT }),
  mustMergeOverwrite: goFunc([DICT], [ANY], mergeOverwrite, { variadic: DICT, error: true }),
  dig: goFunc([], [ANY], dig, { variadic: ANY, error: true }),
};
