/**
 * @module
 * Sprig's list functions (list.go, numeric.go's sequences). They take any slice or array through reflection
 * and return `[]interface {}`; a non-list argument is an error naming its reflect kind, and nil is Go's nil
 * dereference (Sprig calls `reflect.TypeOf(nil).Kind()`). The `must…` variants return the same error as an
 * error result; in a template both end the execution the same way.
 */
import { T, TC, sliceOf, type FuncMap } from '../../go/types.ts';
import { GoError, GoValue, NIL, compareStrings } from '../../go/value.ts';
import {
  castToInt64,
  checkListLength,
  deepEqual,
  dyn,
  goFunc,
  ifaceRep,
  isEmpty,
  isNilInterface,
  requireList,
  strslice,
  strval,
} from './sprig-support.ts';

const ANY = T.any;
const LIST = TC.sliceAny;

function anyList(items: readonly GoValue[]): unknown[] {
  return items.map(ifaceRep);
}

function push(list: GoValue, v: GoValue): unknown[] {
  return anyList([...requireList(list, (k) => `Cannot push on type ${k}`), v]);
}

function prepend(list: GoValue, v: GoValue): unknown[] {
  return anyList([v, ...requireList(list, (k) => `Cannot prepend on type ${k}`)]);
}

function first(list: GoValue): GoValue {
  const items = requireList(list, (k) => `Cannot find first on type ${k}`);
  return items[0] ?? NIL;
}

function last(list: GoValue): GoValue {
  const items = requireList(list, (k) => `Cannot find last on type ${k}`);
  return items[items.length - 1] ?? NIL;
}

function rest(list: GoValue): unknown[] | null {
  const items = requireList(list, (k) => `Cannot find rest on type ${k}`);
  return items.length === 0 ? null : anyList(items.slice(1));
}

function initial(list: GoValue): unknown[] | null {
  const items = requireList(list, (k) => `Cannot find initial on type ${k}`);
  return items.length === 0 ? null : anyList(items.slice(0, -1));
}

function reverse(list: GoValue): unknown[] {
  return anyList(requireList(list, (k) => `Cannot find reverse on type ${k}`).reverse());
}

function compact(list: GoValue): unknown[] {
  return anyList(requireList(list, (k) => `Cannot compact on type ${k}`).filter((e) => !isEmpty(e)));
}

function uniq(list: GoValue): unknown[] {
  const out: GoValue[] = [];
  for (const item of requireList(list, (k) => `Cannot find uniq on type ${k}`)) {
    if (!out.some((seen) => deepEqual(item, seen))) out.push(item);
  }
  return anyList(out);
}

function without(list: GoValue, ...omit: GoValue[]): unknown[] {
  const items = requireList(list, (k) => `Cannot find without on type ${k}`);
  return anyList(items.filter((item) => !omit.some((o) => deepEqual(item, o))));
}

function has(needle: GoValue, haystack: GoValue): boolean {
  if (isNilInterface(haystack)) return false;
  return requireList(haystack, (k) => `Cannot find has on type ${k}`).some((item) => deepEqual(needle, item));
}

/** Sprig `slice list [start [end]]`: a Go slice expression keeping the list's own type; indices through cast.ToInt. */
function slice(list: GoValue, ...indices: GoValue[]): GoValue {
  const items = requireList(list, (k) => `list should be type of slice or array but ${k}`);
  if (items.length === 0) return NIL;
  const d = dyn(list);
  const start = indices[0] === undefined ? 0 : castToInt64(indices[0]);
  const end = indices[1] === undefined ? items.length : castToInt64(indices[1]);
  if (d.t.kind === 'array') throw new GoError('reflect.Value.Slice: slice of unaddressable array');
  if (start < 0 || end < start || end > items.length) throw new GoError('reflect.Value.Slice: slice index out of bounds');
  return new GoValue(d.t, (d.v as unknown[]).slice(start, end));
}

function concat(...lists: GoValue[]): GoValue {
  const out: GoValue[] = [];
  for (const list of lists) for (const item of requireList(list, (k) => `Cannot concat type ${k} as list`)) out.push(item);
  return new GoValue(LIST, out.length === 0 ? null : anyList(out));
}

function chunk(size: number, list: GoValue): unknown[][] {
  const items = requireList(list, (k) => `Cannot chunk type ${k}`);
  const count = Math.floor((items.length - 1) / size) + 1;
  if (!Number.isFinite(count) || count < 0) throw new GoError('runtime error: makeslice: len out of range');
  const out: unknown[][] = [];
  for (let i = 0; i < count; i++) {
    let len = size;
    if (i === count - 1) {
      len = Math.floor(items.length % size);
      if (len === 0) len = size;
    }
    if (len < 0) throw new GoError('runtime error: makeslice: len out of range');
    out.push(anyList(items.slice(i * size, i * size + len)));
  }
  return out;
}

/** Sprig `sortAlpha`: lists (also through a pointer) become sorted `strslice`s; anything else `[strval]`. */
function sortAlpha(list: GoValue): string[] {
  const d = dyn(list);
  const kind = d.t.kind === 'ptr' && d.v !== null && d.t.elem ? d.t.elem.kind : d.t.kind;
  if (kind !== 'slice' && kind !== 'array') return [strval(list)];
  return strslice(list).sort(compareStrings);
}

/** Sprig `untilStep`: start, start+step, … up to (not including) stop; a step pointing away gives []. */
export function untilStep(start: number, stop: number, step: number): number[] {
  if (step !== 0 && (stop - start) / step > 0) checkListLength(Math.ceil((stop - start) / step));
  const out: number[] = [];
  if (stop < start) {
    if (step >= 0) return out;
    for (let i = start; i > stop; i += step) out.push(i);
    return out;
  }
  if (step <= 0) return out;
  for (let i = start; i < stop; i += step) out.push(i);
  return out;
}

function until(count: number): number[] {
  return untilStep(0, count, count < 0 ? -1 : 1);
}

/** Sprig `seq`, like the Unix command: `seq 3` → `1 2 3`, `seq 2 4`, `seq 0 2 6`, space-separated. */
function seq(...params: number[]): string {
  const [a = 0, b = 0, c = 0] = params;
  let values: number[];
  switch (params.length) {
    case 1:
      values = untilStep(1, a + (a < 1 ? -1 : 1), a < 1 ? -1 : 1);
      break;
    case 2: {
      const step = b < a ? -1 : 1;
      values = untilStep(a, b + step, step);
      break;
    }
    case 3: {
      const increment = c < a ? -1 : 1;
      if (c < a && b > 0) return '';
      values = untilStep(a, c + increment, b);
      break;
    }
    default:
      return '';
  }
  return values.join(' ');
}

function listFunc(impl: (...args: never[]) => unknown, result = LIST, params = [ANY]) {
  return {
    plain: goFunc(params, [result], impl),
    must: goFunc(params, [result], impl, { error: true }),
  };
}

const pushF = listFunc(push, LIST, [ANY, ANY]);
const prependF = listFunc(prepend, LIST, [ANY, ANY]);
const firstF = listFunc(first, ANY);
const lastF = listFunc(last, ANY);
const restF = listFunc(rest);
const initialF = listFunc(initial);
const reverseF = listFunc(reverse);
const compactF = listFunc(compact);
const uniqF = listFunc(uniq);
const hasF = listFunc(has, T.bool, [ANY, ANY]);
const chunkF = listFunc(chunk, sliceOf(LIST), [T.int, ANY]);

export const sprigListFuncs: FuncMap = {
  list: goFunc([], [LIST], (...v: GoValue[]) => anyList(v), { variadic: ANY }),
  tuple: goFunc([], [LIST], (...v: GoValue[]) => anyList(v), { variadic: ANY }),
  append: pushF.plain,
  push: pushF.plain,
  mustAppend: pushF.must,
  mustPush: pushF.must,
  prepend: prependF.plain,
  mustPrepend: prependF.must,
  first: firstF.plain,
  mustFirst: firstF.must,
  last: lastF.plain,
  mustLast: lastF.must,
  rest: restF.plain,
  mustRest: restF.must,
  initial: initialF.plain,
  mustInitial: initialF.must,
  reverse: reverseF.plain,
  mustReverse: reverseF.must,
  compact: compactF.plain,
  mustCompact: compactF.must,
  uniq: uniqF.plain,
  mustUniq: uniqF.must,
  without: goFunc([ANY], [LIST], without, { variadic: ANY }),
  mustWithout: goFunc([ANY], [LIST], without, { variadic: ANY, error: true }),
  has: hasF.plain,
  mustHas: hasF.must,
  slice: goFunc([ANY], [ANY], slice, { variadic: ANY }),
  mustSlice: goFunc([ANY], [ANY], slice, { variadic: ANY, error: true }),
  concat: goFunc([], [ANY], concat, { variadic: ANY }),
  chunk: chunkF.plain,
  mustChunk: chunkF.must,
  sortAlpha: goFunc([ANY], [TC.sliceString], sortAlpha),
  until: goFunc([T.int], [TC.sliceInt], until),
  untilStep: goFunc([T.int, T.int, T.int], [TC.sliceInt], untilStep),
  seq: goFunc([], [T.string], seq, { variadic: T.int }),
};
