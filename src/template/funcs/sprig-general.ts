/**
 * @module
 * Sprig's defaults, JSON, reflection and flow-control functions (defaults.go, reflect.go, `fail`).
 */
import { marshal, unmarshalAny } from '../../go/json.ts';
import { T, type FuncMap } from '../../go/types.ts';
import { GoError, NIL, type GoValue } from '../../go/value.ts';
import { deepEqual, dyn, goFunc, isEmpty, kindName, typeName } from './sprig-support.ts';

const ANY = T.any;
const S = T.string;
const B = T.bool;

/** Sprig `default d given`: given unless it is absent or empty (0, "", false, nil, empty collections). */
function dfault(d: GoValue, ...given: GoValue[]): GoValue {
  const g = given[0];
  return g === undefined || isEmpty(g) ? d : g;
}

function coalesce(...v: GoValue[]): GoValue {
  return v.find((x) => !isEmpty(x)) ?? NIL;
}

function json(options: { escapeHTML: boolean; indent?: string }) {
  return (v: GoValue): string => marshal(dyn(v), options);
}

/** The plain (non-must) JSON encoders swallow marshal errors into "". */
function orEmpty(encode: (v: GoValue) => string) {
  return (v: GoValue): string => {
    try {
      return encode(v);
    } catch (e) {
      if (e instanceof GoError) return '';
      throw e;
    }
  };
}

const toJson = json({ escapeHTML: true });
const toPrettyJson = json({ escapeHTML: true, indent: '  ' });
const toRawJson = json({ escapeHTML: false });

function fromJson(s: string): unknown {
  try {
    return unmarshalAny(s);
  } catch (e) {
    if (e instanceof GoError) return null;
    throw e;
  }
}

export const sprigGeneralFuncs: FuncMap = {
  default: goFunc([ANY], [ANY], dfault, { variadic: ANY }),
  empty: goFunc([ANY], [B], isEmpty),
  coalesce: goFunc([], [ANY], coalesce, { variadic: ANY }),
  all: goFunc([], [B], (...v: GoValue[]) => v.every((x) => !isEmpty(x)), { variadic: ANY }),
  any: goFunc([], [B], (...v: GoValue[]) => v.some((x) => !isEmpty(x)), { variadic: ANY }),
  ternary: goFunc([ANY, ANY, B], [ANY], (vt: GoValue, vf: GoValue, cond: boolean) => (cond ? vt : vf)),
  fromJson: goFunc([S], [ANY], fromJson),
  mustFromJson: goFunc([S], [ANY], (s: string) => unmarshalAny(s), { error: true }),
  toJson: goFunc([ANY], [S], orEmpty(toJson)),
  mustToJson: goFunc([ANY], [S], toJson, { error: true }),
  toPrettyJson: goFunc([ANY], [S], orEmpty(toPrettyJson)),
  mustToPrettyJson: goFunc([ANY], [S], toPrettyJson, { error: true }),
  // toRawJson panics on a marshal error: in a template that is an error just like mustToRawJson's.
  toRawJson: goFunc([ANY], [S], toRawJson),
  mustToRawJson: goFunc([ANY], [S], toRawJson, { error: true }),
  typeOf: goFunc([ANY], [S], typeName),
  typeIs: goFunc([S, ANY], [B], (target: string, v: GoValue) => target === typeName(v)),
  typeIsLike: goFunc([S, ANY], [B], (target: string, v: GoValue) => {
    const t = typeName(v);
    return t === target || t === '*' + target;
  }),
  kindOf: goFunc([ANY], [S], kindName),
  kindIs: goFunc([S, ANY], [B], (target: string, v: GoValue) => target === kindName(v)),
  deepEqual: goFunc([ANY, ANY], [B], deepEqual),
  fail: goFunc([S], [S], (msg: string) => {
    throw new GoError(msg);
  }, { error: true }),
};
