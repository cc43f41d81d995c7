/**
 * @module
 * Kubernetes `resource.Quantity` (k8s.io/apimachinery/pkg/api/resource): parsing with every suffix, the canonical
 * `String()` form apimachinery prints (`2000m` → `2`, `1024Mi` → `1Gi`, `0.5` → `500m`), JSON decoding, and
 * comparison by value.
 *
 * A quantity is held exactly as `unscaled × 10^exp` in a bigint, plus its format and, like apimachinery, the input
 * string when that string is already canonical (`100m`, `500Mi`, `1e3` are printed back as written).
 */

export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

export interface Quantity {
  /** value = unscaled × 10^exp */
  readonly unscaled: bigint;
  readonly exp: number;
  readonly format: QuantityFormat;
  /** The cached string form, printed as is (apimachinery keeps an input that parses as canonical). */
  readonly s?: string;
}

/** A Go error from apimachinery's parser (messages are apimachinery's). */
export class QuantityError extends Error {
  override readonly name = 'QuantityError';
}

const SPLIT_RE_STRING = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
export const ERR_FORMAT_WRONG = `quantities must match the regular expression '${SPLIT_RE_STRING}'`;
export const ERR_NUMERIC = 'unable to parse numeric part of quantity';
export const ERR_SUFFIX = "unable to parse quantity's suffix";

/** The zero Quantity (Go's `resource.Quantity{}`), printed `0`. */
export const ZERO_QUANTITY: Quantity = Object.freeze({ unscaled: 0n, exp: 0, format: 'DecimalSI' });

const MAX_INT64 = (1n << 63n) - 1n;
/** apimachinery rounds every non-zero value up to a multiple of 10^-9 (resource.Nano). */
const NANO_EXP = -9;
/** Decimal digits an int64 always holds (maxInt64Factors). */
const MAX_INT64_FACTORS = 18;

const DECIMAL_SUFFIXES: ReadonlyMap<string, number> = new Map([
  ['n', -9],
  ['u', -6],
  ['m', -3],
  ['', 0],
  ['k', 3],
  ['M', 6],
  ['G', 9],
  ['T', 12],
  ['P', 15],
  ['E', 18],
]);
const BINARY_SUFFIXES: ReadonlyMap<string, number> = new Map([
  ['Ki', 10],
  ['Mi', 20],
  ['Gi', 30],
  ['Ti', 40],
  ['Pi', 50],
  ['Ei', 60],
]);
const DECIMAL_BY_EXPONENT: ReadonlyMap<number, string> = new Map([...DECIMAL_SUFFIXES].map(([s, e]) => [e, s]));
const BINARY_BY_EXPONENT: ReadonlyMap<number, string> = new Map([...BINARY_SUFFIXES].map(([s, e]) => [e, s]));
const SUFFIX_CHARS = 'eEinumkKMGTP';

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9' && c.length === 1;
}

interface QuantityParts {
  positive: boolean;
  /** sign, digits, point and fraction as written (for the exact decimal path) */
  value: string;
  /** integer digits without leading zeros ("0" when none) */
  num: string;
  denom: string;
  suffix: string;
}

/** Splits a quantity into sign, number and suffix exactly as apimachinery's parseQuantityString does. */
function splitQuantity(str: string): QuantityParts {
  const end = str.length;
  let positive = true;
  let pos = 0;
  if (str[0] === '-') {
    positive = false;
    pos++;
  } else if (str[0] === '+') {
    pos++;
  }
  // Leading zeros; a string of only zeros (or only a sign) is 0.
  for (;;) {
    if (pos >= end) return { positive, value: '0', num: '0', denom: '', suffix: '' };
    if (str[pos] !== '0') break;
    pos++;
  }
  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  let num = str.slice(pos, i);
  if (i >= end) return { positive, value: str, num, denom: '', suffix: '' };
  pos = i;
  if (num.length === 0) num = '0';
  let denom = '';
  if (str[pos] === '.') {
    pos++;
    i = pos;
    while (i < end && isDigit(str[i])) i++;
    denom = str.slice(pos, i);
    if (i >= end) return { positive, value: str, num, denom, suffix: '' };
    pos = i;
  }
  const value = str.slice(0, pos);
  const suffixStart = pos;
  while (pos < end && SUFFIX_CHARS.includes(str[pos] as string)) pos++;
  if (pos < end && (str[pos] === '-' || str[pos] === '+')) pos++;
  while (pos < end && isDigit(str[pos])) pos++;
  if (pos < end) throw new QuantityError(ERR_FORMAT_WRONG);
  return { positive, value, num, denom, suffix: str.slice(suffixStart) };
}

/** strconv.ParseInt(s, 10, 64); undefined on a syntax or range error. */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n > MAX_INT64 || n < -MAX_INT64 - 1n ? undefined : n;
}

/** Go's int32(x) conversion: wraps modulo 2^32. */
function toInt32(n: bigint): number {
  return Number(BigInt.asIntN(32, n));
}

interface SuffixMeaning {
  base: 2 | 10;
  exponent: number;
  format: QuantityFormat;
}

function interpretSuffix(suffix: string): SuffixMeaning | undefined {
  const dec = DECIMAL_SUFFIXES.get(suffix);
  if (dec !== undefined) return { base: 10, exponent: dec, format: 'DecimalSI' };
  const bin = BINARY_SUFFIXES.get(suffix);
  if (bin !== undefined) return { base: 2, exponent: bin, format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'E' || suffix[0] === 'e')) {
    const parsed = parseInt64(suffix.slice(1));
    if (parsed === undefined) return undefined;
    return { base: 10, exponent: toInt32(parsed), format: 'DecimalExponent' };
  }
  return undefined;
}

/** Parses sign, digits and one optional point (inf.Dec.SetString); undefined without digits. */
function parseDecimal(value: string): { unscaled: bigint; exp: number } | undefined {
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?$/.exec(value);
  if (!m) return undefined;
  const int = m[2] ?? '';
  const frac = m[3] ?? '';
  if (int.length + frac.length === 0) return undefined;
  const digits = BigInt(int + frac);
  return { unscaled: m[1] === '-' ? -digits : digits, exp: -frac.length };
}

function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

function digitCount(n: bigint): number {
  return n === 0n ? 0 : abs(n).toString().length;
}

/**
 * Parses a quantity string as resource.ParseQuantity does. Throws QuantityError with apimachinery's message
 * (`quantities must match the regular expression …`, `unable to parse quantity's suffix`, …).
 */
export function parseQuantity(str: string): Quantity {
  if (str.length === 0) throw new QuantityError(ERR_FORMAT_WRONG);
  if (str === '0') return { unscaled: 0n, exp: 0, format: 'DecimalSI', s: str };

  const { positive, value, num, denom, suffix } = splitQuantity(str);
  const meaning = interpretSuffix(suffix);
  if (!meaning) throw new QuantityError(ERR_SUFFIX);
  const { base, exponent } = meaning;
  let format = meaning.format;

  let precision: number;
  let scale = 0;
  let mantissa = 1n;
  if (format === 'BinarySI') {
    if (exponent >= 0 && denom.length === 0) {
      mantissa = 1n << BigInt(exponent);
      // 1Mi (2^20) has ~6 digits of decimal precision, so exponent*3/10 - 1 is roughly the precision
      precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
    } else {
      precision = -1;
    }
  } else {
    scale = exponent;
    precision = MAX_INT64_FACTORS - (num.length + denom.length);
  }

  if (precision >= 0) {
    scale -= denom.length;
    if (scale >= NANO_EXP) {
      const shifted = num + denom;
      const digits = BigInt(shifted);
      const product = digits * mantissa;
      if (product <= MAX_INT64) {
        const unscaled = positive ? product : -product;
        // A string already in canonical form is kept and printed back as written.
        const canonical =
          format === 'BinarySI'
            ? exponent % 10 === 0 && (digits & 7n) !== 0n
            : scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
        return canonical ? { unscaled, exp: scale, format, s: str } : { unscaled, exp: scale, format };
      }
    }
  }

  const dec = parseDecimal(value);
  if (!dec) throw new QuantityError(ERR_NUMERIC);
  let unscaled = abs(dec.unscaled);
  let exp = dec.exp;
  if (base === 10) exp += exponent;
  else unscaled *= 1n << BigInt(exponent);

  const negative = dec.unscaled < 0n;
  if (unscaled !== 0n && exp < NANO_EXP) {
    // Round away from zero to a whole number of nano units: asking for some resources gets some.
    const shift = NANO_EXP - exp;
    if (digitCount(unscaled) <= shift - 1) {
      unscaled = 1n;
    } else {
      const unit = pow10(shift);
      unscaled = (unscaled + unit - 1n) / unit;
    }
    exp = NANO_EXP;
  }
  if (format === 'BinarySI' && compareMagnitude(unscaled, exp, MAX_INT64, 0) > 0) {
    // apimachinery caps only binary quantities at the int64 maximum.
    unscaled = MAX_INT64;
    exp = 0;
  }
  if (format === 'BinarySI' && unscaled !== 0n && compareMagnitude(unscaled, exp, 1n, 0) < 0) {
    // Below one, binary suffixes would only confuse: print it as a decimal.
    format = 'DecimalSI';
  }
  return { unscaled: negative ? -unscaled : unscaled, exp, format };
}

/** Compares |a|·10^ae with |b|·10^be without materialising huge powers of ten. */
function compareMagnitude(a: bigint, ae: number, b: bigint, be: number): number {
  a = abs(a);
  b = abs(b);
  if (a === 0n || b === 0n) return a === b ? 0 : a === 0n ? -1 : 1;
  // The position of the leading digit decides unless both are the same.
  const la = digitCount(a) + ae;
  const lb = digitCount(b) + be;
  if (la !== lb) return la < lb ? -1 : 1;
  const e = Math.min(ae, be);
  const x = a * pow10(ae - e);
  const y = b * pow10(be - e);
  return x === y ? 0 : x < y ? -1 : 1;
}

export function isZeroQuantity(q: Quantity): boolean {
  return q.unscaled === 0n;
}

/** Compares two quantities by value: -1, 0 or 1 (Quantity.Cmp). */
export function compareQuantities(a: Quantity, b: Quantity): number {
  const sa = a.unscaled === 0n ? 0 : a.unscaled < 0n ? -1 : 1;
  const sb = b.unscaled === 0n ? 0 : b.unscaled < 0n ? -1 : 1;
  if (sa !== sb) return sa < sb ? -1 : 1;
  if (sa === 0) return 0;
  const m = compareMagnitude(a.unscaled, a.exp, b.unscaled, b.exp);
  return sa > 0 ? m : -m;
}

/** Whether two quantities denote the same value (`1000m` equals `1`, `1Gi` equals `1024Mi`). */
export function quantityEquals(a: Quantity, b: Quantity): boolean {
  return compareQuantities(a, b) === 0;
}

/** Moves every factor of 10 out of the mantissa into the exponent. */
function stripTens(unscaled: bigint, exp: number): { m: bigint; e: number } {
  let m = unscaled;
  let e = exp;
  while (m !== 0n && m % 10n === 0n) {
    m /= 10n;
    e++;
  }
  return { m, e };
}

/** The canonical text apimachinery prints for a quantity (Quantity.String / MarshalJSON without quotes). */
export function formatQuantity(q: Quantity): string {
  if (q.s !== undefined) return q.s;
  if (q.unscaled === 0n) return '0';
  let format = q.format;
  const { m, e } = stripTens(q.unscaled, q.exp);
  if (format === 'BinarySI') {
    // Between -1024 and 1024, or with a fraction, binary suffixes cannot be exact: print as decimal.
    if (compareQuantities(q, { unscaled: -1024n, exp: 0, format }) > 0 && compareQuantities(q, { unscaled: 1024n, exp: 0, format }) < 0) {
      format = 'DecimalSI';
    } else if (e < 0) {
      format = 'DecimalSI';
    }
  }
  if (format === 'BinarySI') {
    let v = m * pow10(e);
    let times = 0;
    const negative = v < 0n;
    if (negative) v = -v;
    while (v >= 1024n && v % 1024n === 0n) {
      v /= 1024n;
      times++;
    }
    return `${negative ? -v : v}${BINARY_BY_EXPONENT.get(times * 10) ?? ''}`;
  }
  // Lower the exponent to a multiple of three, as SI suffixes need.
  const down = ((e % 3) + 3) % 3;
  const mantissa = m * pow10(down);
  const e3 = e - down;
  if (format === 'DecimalSI') return `${mantissa}${DECIMAL_BY_EXPONENT.get(e3) ?? ''}`;
  return e3 === 0 ? `${mantissa}` : `${mantissa}e${e3}`;
}

/** canonicalQuantity's results by input (a pure function; failures are not cached and throw every time). */
const canonicalCache = new Map<string, string>();
const CANONICAL_CACHE_LIMIT = 4096;

/** Parses and prints back in canonical form: `canonicalQuantity('2000m') === '2'`. Throws QuantityError. */
export function canonicalQuantity(str: string): string {
  let canonical = canonicalCache.get(str);
  if (canonical === undefined) {
    canonical = formatQuantity(parseQuantity(str));
    // The same few quantities recur in every workload; the bound keeps a stream of distinct ones from growing it.
    if (canonicalCache.size >= CANONICAL_CACHE_LIMIT) canonicalCache.clear();
    canonicalCache.set(str, canonical);
  }
  return canonical;
}

/** Go's encoding/json text for a float64 (also JavaScript's shortest form: 1e+21, 1e-7). */
function jsonNumberText(n: number): string {
  return String(n);
}

/**
 * Decodes a quantity from its JSON value as Quantity.UnmarshalJSON does: null is the zero quantity, a string or a
 * number is trimmed and parsed. Anything else (objects, booleans) is a decode error.
 */
export function quantityFromJSON(json: unknown): Quantity {
  if (json === null || json === undefined) return ZERO_QUANTITY;
  if (typeof json === 'string') return parseQuantity(json.trim());
  if (typeof json === 'number' && Number.isFinite(json)) return parseQuantity(jsonNumberText(json));
  throw new QuantityError(ERR_FORMAT_WRONG);
}

/** The JSON text Quantity.MarshalJSON writes: the canonical form, quoted. */
export function quantityToJSON(q: Quantity): string {
  return JSON.stringify(formatQuantity(q));
}
