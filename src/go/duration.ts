/**
 * @module
 * Go's time.Duration (ParseDuration, String) and the protobuf Duration message built on it.
 *
 * Durations are int64 nanoseconds; they are computed as bigint so that every value Go can hold is exact.
 * Istio applies YAML/JSON through the legacy golang/protobuf jsonpb, whose Duration parser is Go's
 * time.ParseDuration: `"1m30s"` and `"100ms"` are accepted there, not only the `"1.5s"` form of newer protojson.
 */
import { named, T, type GoType } from './types.ts';

const NANOSECOND = 1n;
const MICROSECOND = 1000n * NANOSECOND;
const MILLISECOND = 1000n * MICROSECOND;
const SECOND = 1000n * MILLISECOND;
const MINUTE = 60n * SECOND;
const HOUR = 60n * MINUTE;

const MAX_INT64 = (1n << 63n) - 1n;
const MIN_INT64 = -(1n << 63n);

const UNITS: ReadonlyMap<string, bigint> = new Map([
  ['ns', NANOSECOND],
  ['us', MICROSECOND],
  ['\u00b5s', MICROSECOND], // U+00B5 micro sign
  ['\u03bcs', MICROSECOND], // U+03BC Greek small letter mu
  ['ms', MILLISECOND],
  ['s', SECOND],
  ['m', MINUTE],
  ['h', HOUR],
]);

/** Go's time package quotes the offending text with strconv-style escapes. */
function quote(s: string): string {
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** time.ParseDuration: a signed sequence of decimal numbers with units ("300ms", "-1.5h", "2h45m"). Returns nanoseconds. */
export function parseGoDuration(text: string): bigint {
  const invalid = (): SyntaxError => new SyntaxError(`time: invalid duration ${quote(text)}`);
  let s = text;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw invalid();
  let total = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s[0]))) throw invalid();
    let i = 0;
    let whole = 0n;
    while (isDigit(s[i])) {
      whole = whole * 10n + BigInt(s.charCodeAt(i) - 48);
      if (whole > 1n << 63n) throw invalid();
      i++;
    }
    const pre = i > 0;
    s = s.slice(i);
    // The fraction stops gaining precision once it would overflow, as Go's leadingFraction does.
    let frac = 0n;
    let scale = 1;
    let post = false;
    if (s[0] === '.') {
      s = s.slice(1);
      let j = 0;
      let overflow = false;
      while (isDigit(s[j])) {
        if (!overflow) {
          const next = frac * 10n + BigInt(s.charCodeAt(j) - 48);
          if (frac > MAX_INT64 / 10n || next > 1n << 63n) overflow = true;
          else {
            frac = next;
            scale *= 10;
          }
        }
        j++;
      }
      post = j > 0;
      s = s.slice(j);
    }
    if (!pre && !post) throw invalid();
    let u = 0;
    while (u < s.length && !(s[u] === '.' || isDigit(s[u]))) u++;
    if (u === 0) throw new SyntaxError(`time: missing unit in duration ${quote(text)}`);
    const unitName = s.slice(0, u);
    s = s.slice(u);
    const unit = UNITS.get(unitName);
    if (unit === undefined) throw new SyntaxError(`time: unknown unit ${quote(unitName)} in duration ${quote(text)}`);
    if (whole > (1n << 63n) / unit) throw invalid();
    let v = whole * unit;
    if (frac > 0n) {
      // Go computes the fractional part in float64, then truncates.
      v += BigInt(Math.trunc(Number(frac) * (Number(unit) / scale)));
      if (v > 1n << 63n) throw invalid();
    }
    total += v;
    if (total > 1n << 63n) throw invalid();
  }
  if (neg) return -total;
  if (total > MAX_INT64) throw invalid();
  return total;
}

/** The fraction v/10**prec as ".ddd" without trailing zeros (nothing when zero); returns [text, v / 10**prec]. */
function formatFraction(v: bigint, prec: number): [string, bigint] {
  let digits = '';
  let printed = false;
  for (let i = 0; i < prec; i++) {
    const digit = v % 10n;
    printed = printed || digit !== 0n;
    if (printed) digits = digit.toString() + digits;
    v /= 10n;
  }
  return [printed ? `.${digits}` : '', v];
}

/** time.Duration.String(): `23s`, `1m30s`, `1h2m3.5s`, `500ms`, `1.5µs`, `0s`. */
export function formatGoDuration(nanos: bigint | number): string {
  let d = typeof nanos === 'bigint' ? nanos : BigInt(Math.trunc(nanos));
  if (d > MAX_INT64) d = MAX_INT64;
  if (d < MIN_INT64) d = MIN_INT64;
  const neg = d < 0n;
  let u = neg ? -d : d;
  let out: string;
  if (u < SECOND) {
    if (u === 0n) return '0s';
    let unit: string;
    let prec: number;
    if (u < MICROSECOND) {
      unit = 'ns';
      prec = 0;
    } else if (u < MILLISECOND) {
      unit = '\u00b5s';
      prec = 3;
    } else {
      unit = 'ms';
      prec = 6;
    }
    const [frac, rest] = formatFraction(u, prec);
    out = `${rest}${frac}${unit}`;
  } else {
    const [frac, secs] = formatFraction(u, 9);
    u = secs;
    out = `${u % 60n}${frac}s`;
    u /= 60n;
    if (u > 0n) {
      out = `${u % 60n}m${out}`;
      u /= 60n;
      if (u > 0n) out = `${u}h${out}`;
    }
  }
  return neg ? `-${out}` : out;
}

/** The rep of a google.protobuf.Duration message: {seconds, nanos}, both with the sign of the duration. */
export interface DurationRep {
  readonly seconds?: number;
  readonly nanos?: number;
}

/** Splits nanoseconds into a Duration rep the way jsonpb does (truncating division, signs agree). */
export function nanosToDurationRep(nanos: bigint): { seconds: number; nanos: number } {
  return { seconds: Number(nanos / SECOND), nanos: Number(nanos % SECOND) };
}

/**
 * durationpb's AsDuration for a Duration rep (null: a nil *Duration, which is 0): seconds·10⁹ + nanos,
 * saturated to the int64 range.
 */
export function durationRepToNanos(rep: unknown): bigint {
  if (rep === null || rep === undefined || typeof rep !== 'object') return 0n;
  const { seconds, nanos } = rep as DurationRep;
  const total = BigInt(Math.trunc(seconds ?? 0)) * SECOND + BigInt(Math.trunc(nanos ?? 0));
  if (total > MAX_INT64) return MAX_INT64;
  if (total < MIN_INT64) return MIN_INT64;
  return total;
}

const MAX_SECONDS_IN_DURATION = 315576000000;

/**
 * The legacy jsonpb text of a Duration: seconds with 0, 3, 6 or 9 fraction digits and an `s` ("23s", "1.500s",
 * "-0.000000001s"). Throws RangeError for values jsonpb refuses to print.
 */
export function durationToProtoJSON(rep: unknown): string {
  const r = (rep ?? {}) as DurationRep;
  let s = Math.trunc(r.seconds ?? 0);
  let ns = Math.trunc(r.nanos ?? 0);
  if (s < -MAX_SECONDS_IN_DURATION || s > MAX_SECONDS_IN_DURATION) throw new RangeError(`seconds out of range ${s}`);
  if (ns <= -1e9 || ns >= 1e9) throw new RangeError(`ns out of range (${-1e9}, ${1e9})`);
  if ((s > 0 && ns < 0) || (s < 0 && ns > 0)) throw new RangeError('signs of seconds and nanos do not match');
  let sign = '';
  if (s < 0 || ns < 0) {
    sign = '-';
    s = -s;
    ns = -ns;
  }
  let x = `${sign}${s}.${String(ns).padStart(9, '0')}`;
  for (const suffix of ['000', '000', '.000']) if (x.endsWith(suffix)) x = x.slice(0, -suffix.length);
  return `${x}s`;
}

/**
 * The newer protojson Duration syntax (google.golang.org/protobuf): an optional sign, whole seconds, an optional
 * fraction of up to 9 digits, then `s`. Not what Istio's jsonpb uses; kept for callers that must be strict.
 */
export function parseProtoJSONDuration(text: string): { seconds: number; nanos: number } {
  const m = /^(-)?(\d+)(?:\.(\d{1,9}))?s$/.exec(text);
  if (!m) throw new SyntaxError(`invalid google.protobuf.Duration value ${quote(text)}`);
  const seconds = Number(m[2]);
  if (seconds > MAX_SECONDS_IN_DURATION) throw new RangeError(`invalid google.protobuf.Duration value ${quote(text)}`);
  const nanos = m[3] ? Number(m[3].padEnd(9, '0')) : 0;
  return m[1] ? { seconds: -seconds || 0, nanos: -nanos || 0 } : { seconds, nanos };
}

/** Go's `time.Duration` (int64 nanoseconds, rep: a number) with its String method. */
export const GoDurationType: GoType = named('time.Duration', T.int64, {
  methods: {
    String: { params: [], results: [T.string], ptr: false, impl: (d: number) => formatGoDuration(d) },
  },
});
