/**
 * @module
 * Sprig's numeric functions (numeric.go and the arithmetic entries of its FuncMap). Integer arithmetic
 * converts every operand with spf13/cast (`add 1 "2"` is 3, `add 1 "x"` is 1) and returns int64; the float
 * functions (`addf` …) go through shopspring/decimal, so `addf 0.1 0.2` is exactly 0.3.
 */
import { formatValue } from '../../go/fmt.ts';
import { parseInt as goParseInt } from '../../go/strconv.ts';
import { T, type FuncMap } from '../../go/types.ts';
import { GoError, GoValue } from '../../go/value.ts';
import { castToFloat64, castToInt64, dyn, goFunc, truncateInt64 } from './sprig-support.ts';

// --- shopspring/decimal, the subset Sprig uses ------------------------------------------------------------------

/** A decimal number `coef × 10^exp`. */
interface Decimal {
  readonly coef: bigint;
  readonly exp: number;
}

const DIVISION_PRECISION = 16;

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** decimal.NewFromFloat: the shortest decimal that round-trips to f (the digits JS and Go both print). */
export function decimalFromFloat(f: number): Decimal {
  if (!Number.isFinite(f)) throw new GoError(`Cannot create a Decimal from ${Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf'}`);
  if (f === 0) return { coef: 0n, exp: 0 };
  const [mantissa = '0', exponent = '0'] = f.toExponential().split('e');
  const digits = mantissa.replace('.', '').replace('-', '');
  const fraction = mantissa.includes('.') ? (mantissa.split('.')[1] ?? '').length : 0;
  const coef = BigInt(digits) * (f < 0 ? -1n : 1n);
  return { coef, exp: Number(exponent) - fraction };
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const exp = Math.min(a.exp, b.exp);
  return [a.coef * pow10(a.exp - exp), b.coef * pow10(b.exp - exp), exp];
}

function decimalAdd(a: Decimal, b: Decimal): Decimal {
  const [x, y, exp] = align(a, b);
  return { coef: x + y, exp };
}

function decimalSub(a: Decimal, b: Decimal): Decimal {
  const [x, y, exp] = align(a, b);
  return { coef: x - y, exp };
}

function decimalMul(a: Decimal, b: Decimal): Decimal {
  return { coef: a.coef * b.coef, exp: a.exp + b.exp };
}

/** Decimal.Div = DivRound(d2, 16): the quotient at 16 decimal places, halves rounded away from zero. */
function decimalDiv(a: Decimal, b: Decimal): Decimal {
  if (b.coef === 0n) throw new GoError('decimal division by 0');
  const shift = a.exp - b.exp + DIVISION_PRECISION;
  const num = shift >= 0 ? a.coef * pow10(shift) : a.coef;
  const den = shift >= 0 ? b.coef : b.coef * pow10(-shift);
  let q = num / den;
  const r = num - q * den;
  const abs = (x: bigint) => (x < 0n ? -x : x);
  if (2n * abs(r) >= abs(den)) q += (num < 0n) !== (den < 0n) ? -1n : 1n;
  return { coef: q, exp: -DIVISION_PRECISION };
}

/** Decimal.Float64 through big.Rat: the nearest float64 (JS parses decimal strings with correct rounding). */
function decimalToFloat(d: Decimal): number {
  return Number(`${d.coef}e${d.exp}`);
}

function decimalOp(first: GoValue, rest: readonly GoValue[], op: (a: Decimal, b: Decimal) => Decimal): number {
  let acc = decimalFromFloat(castToFloat64(first));
  for (const x of rest) acc = op(acc, decimalFromFloat(castToFloat64(x)));
  return decimalToFloat(acc);
}

// --- Sprig -------------------------------------------------------------------------------------------------------

function intDiv(a: GoValue, b: GoValue): number {
  const d = castToInt64(b);
  if (d === 0) throw new GoError('runtime error: integer divide by zero');
  return truncateInt64(castToInt64(a) / d);
}

function intMod(a: GoValue, b: GoValue): number {
  const d = castToInt64(b);
  if (d === 0) throw new GoError('runtime error: integer divide by zero');
  const r = castToInt64(a) % d;
  return Object.is(r, -0) ? 0 : r;
}

function max(a: GoValue, ...rest: GoValue[]): number {
  return rest.reduce((acc, v) => Math.max(acc, castToInt64(v)), castToInt64(a));
}

function min(a: GoValue, ...rest: GoValue[]): number {
  return rest.reduce((acc, v) => Math.min(acc, castToInt64(v)), castToInt64(a));
}

function maxf(a: GoValue, ...rest: GoValue[]): number {
  return rest.reduce((acc, v) => Math.max(acc, castToFloat64(v)), castToFloat64(a));
}

function minf(a: GoValue, ...rest: GoValue[]): number {
  return rest.reduce((acc, v) => Math.min(acc, castToFloat64(v)), castToFloat64(a));
}

/** Sprig `round x places [roundOn]`: half-up at `roundOn` (default .5) on the scaled fraction. */
function round(a: GoValue, places: number, ...roundOn: number[]): number {
  const threshold = roundOn[0] ?? 0.5;
  const pow = 10 ** places;
  const digit = pow * castToFloat64(a);
  const fraction = digit - Math.trunc(digit);
  return (fraction >= threshold ? Math.ceil(digit) : Math.floor(digit)) / pow;
}

/** Sprig `toDecimal`: the value's `%v` text read as an octal number, 0 on failure. */
function toDecimal(v: GoValue): number {
  try {
    return Number(goParseInt(formatValue(dyn(v), 'v'), 8, 64));
  } catch (e) {
    if (e instanceof GoError) return 0;
    throw e;
  }
}

/** strconv.Atoi with the error dropped. */
function atoi(s: string): number {
  try {
    return Number(goParseInt(s, 10, 64));
  } catch (e) {
    if (e instanceof GoError) return 0;
    throw e;
  }
}

const ANY = T.any;
const I64 = T.int64;
const F64 = T.float64;
const ZERO = new GoValue(F64, 0);
const ONE = new GoValue(T.int, 1);

export const sprigMathFuncs: FuncMap = {
  atoi: goFunc([T.string], [T.int], atoi),
  int64: goFunc([ANY], [I64], castToInt64),
  int: goFunc([ANY], [T.int], castToInt64),
  float64: goFunc([ANY], [F64], castToFloat64),
  toDecimal: goFunc([ANY], [I64], toDecimal),
  add1: goFunc([ANY], [I64], (i: GoValue) => castToInt64(i) + 1),
  add: goFunc([], [I64], (...i: GoValue[]) => i.reduce((acc, v) => acc + castToInt64(v), 0), { variadic: ANY }),
  sub: goFunc([ANY, ANY], [I64], (a: GoValue, b: GoValue) => castToInt64(a) - castToInt64(b)),
  div: goFunc([ANY, ANY], [I64], intDiv),
  mod: goFunc([ANY, ANY], [I64], intMod),
  mul: goFunc([ANY], [I64], (a: GoValue, ...v: GoValue[]) => v.reduce((acc, x) => acc * castToInt64(x), castToInt64(a)), {
    variadic: ANY,
  }),
  max: goFunc([ANY], [I64], max, { variadic: ANY }),
  biggest: goFunc([ANY], [I64], max, { variadic: ANY }),
  min: goFunc([ANY], [I64], min, { variadic: ANY }),
  maxf: goFunc([ANY], [F64], maxf, { variadic: ANY }),
  minf: goFunc([ANY], [F64], minf, { variadic: ANY }),
  add1f: goFunc([ANY], [F64], (i: GoValue) => decimalOp(i, [ONE], decimalAdd)),
  addf: goFunc([], [F64], (...i: GoValue[]) => decimalOp(ZERO, i, decimalAdd), { variadic: ANY }),
  subf: goFunc([ANY], [F64], (a: GoValue, ...v: GoValue[]) => decimalOp(a, v, decimalSub), { variadic: ANY }),
  mulf: goFunc([ANY], [F64], (a: GoValue, ...v: GoValue[]) => decimalOp(a, v, decimalMul), { variadic: ANY }),
  divf: goFunc([ANY], [F64], (a: GoValue, ...v: GoValue[]) => decimalOp(a, v, decimalDiv), { variadic: ANY }),
  floor: goFunc([ANY], [F64], (a: GoValue) => Math.floor(castToFloat64(a))),
  ceil: goFunc([ANY], [F64], (a: GoValue) => Math.ceil(castToFloat64(a))),
  round: goFunc([ANY, T.int], [F64], round, { variadic: F64 }),
};
