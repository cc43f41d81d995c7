/**
 * @module
 * Go's `strconv` over JS strings: Quote/Unquote, ParseInt/ParseUint/ParseFloat/ParseBool, FormatInt/FormatFloat.
 *
 * Go strings are bytes, ours are UTF-16. A JS string is always valid text except for lone surrogates, which are
 * treated as U+FFFD (what their UTF-8 encoding decodes to). Byte escapes (`\xff`) that do not form valid UTF-8 decode
 * to U+FFFD, one per invalid byte, as Go's `range` over such a string yields.
 */
import { GoError } from './value.ts';

// --- errors ----------------------------------------------------------------------------------------------------------

/** strconv.NumError: `strconv.ParseInt: parsing "x": invalid syntax`. */
export class NumError extends GoError {
  /** `ParseInt`, `ParseUint`, `ParseFloat`, `ParseBool`, `Atoi`. */
  readonly func: string;
  /** The input. */
  readonly num: string;
  /** `invalid syntax`, `value out of range`, `invalid base N`, `invalid bit size N`. */
  readonly reason: string;
  constructor(func: string, num: string, reason: string) {
    super(`strconv.${func}: parsing ${quote(num)}: ${reason}`);
    this.func = func;
    this.num = num;
    this.reason = reason;
  }
}

export const ERR_SYNTAX = 'invalid syntax';
export const ERR_RANGE = 'value out of range';

// --- UTF-8 -----------------------------------------------------------------------------------------------------------

/** The code point at index i and its width in UTF-16 units; a lone surrogate is U+FFFD of width 1. */
export function codePointAt(s: string, i: number): { r: number; width: number } {
  const c = s.charCodeAt(i);
  if (c < 0xd800 || c > 0xdfff) return { r: c, width: 1 };
  if (c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return { r: 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00), width: 2 };
  }
  return { r: 0xfffd, width: 1 };
}

/** The UTF-8 bytes of a string (a lone surrogate encodes as U+FFFD). */
export function utf8Bytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 3);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      out[n++] = c;
      continue;
    }
    if (c < 0x800) {
      out[n++] = 0xc0 | (c >> 6);
      out[n++] = 0x80 | (c & 0x3f);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const { r, width } = codePointAt(s, i);
      if (width === 2) {
        out[n++] = 0xf0 | (r >> 18);
        out[n++] = 0x80 | ((r >> 12) & 0x3f);
        out[n++] = 0x80 | ((r >> 6) & 0x3f);
        out[n++] = 0x80 | (r & 0x3f);
        i++;
        continue;
      }
      c = 0xfffd;
    }
    out[n++] = 0xe0 | (c >> 12);
    out[n++] = 0x80 | ((c >> 6) & 0x3f);
    out[n++] = 0x80 | (c & 0x3f);
  }
  return out.subarray(0, n);
}

/** Decodes UTF-8 bytes; each byte that does not start a valid sequence becomes U+FFFD (Go's DecodeRune). */
export function utf8String(bytes: ArrayLike<number>): string {
  let out = '';
  const n = bytes.length;
  for (let i = 0; i < n; ) {
    const b0 = bytes[i] as number;
    if (b0 < 0x80) {
      out += String.fromCharCode(b0);
      i++;
      continue;
    }
    const need = b0 >= 0xf0 && b0 <= 0xf4 ? 3 : b0 >= 0xe0 && b0 <= 0xef ? 2 : b0 >= 0xc2 && b0 <= 0xdf ? 1 : -1;
    let r = -1;
    if (need > 0) {
      r = b0 & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
      for (let k = 1; k <= need; k++) {
        const b = bytes[i + k];
        if (b === undefined || (b & 0xc0) !== 0x80) {
          r = -1;
          break;
        }
        r = (r << 6) | (b & 0x3f);
      }
      // Reject overlong forms, surrogates and values above U+10FFFF.
      if (r >= 0) {
        const min = need === 1 ? 0x80 : need === 2 ? 0x800 : 0x10000;
        if (r < min || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) r = -1;
      }
    }
    if (r < 0) {
      out += '\ufffd';
      i++;
    } else {
      out += String.fromCodePoint(r);
      i += need + 1;
    }
  }
  return out;
}

/** Number of runes (code points) in s, as utf8.RuneCountInString. */
export function runeCount(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

// --- quoting ---------------------------------------------------------------------------------------------------------

const GRAPHIC = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
const HEX = '0123456789abcdef';

/** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isPrint(r: number): boolean {
  if (r < 0x80) return r >= 0x20 && r < 0x7f;
  if (r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) return false;
  return GRAPHIC.test(String.fromCodePoint(r));
}

function hexDigits(r: number, n: number): string {
  let s = '';
  for (let shift = (n - 1) * 4; shift >= 0; shift -= 4) s += HEX[(r >>> shift) & 0xf];
  return s;
}

function escapeRune(r: number, quote: number, asciiOnly: boolean): string | undefined {
  if (r === quote || r === 0x5c) return '\\' + String.fromCodePoint(r);
  if (asciiOnly ? r < 0x80 && isPrint(r) : isPrint(r)) return undefined;
  switch (r) {
    case 0x07:
      return '\\a';
    case 0x08:
      return '\\b';
    case 0x0c:
      return '\\f';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    case 0x0b:
      return '\\v';
  }
  if (r < 0x20 || r === 0x7f) return '\\x' + hexDigits(r, 2);
  if (r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) r = 0xfffd;
  return r < 0x10000 ? '\\u' + hexDigits(r, 4) : '\\U' + hexDigits(r, 8);
}

function quoteWith(s: string, quote: number, asciiOnly: boolean): string {
  const q = String.fromCharCode(quote);
  let out = q;
  let start = 0;
  for (let i = 0; i < s.length; ) {
    const c = s.charCodeAt(i);
    // Fast path: printable ASCII that needs no escape.
    if (c >= 0x20 && c < 0x7f && c !== quote && c !== 0x5c) {
      i++;
      continue;
    }
    const { r, width } = codePointAt(s, i);
    const esc = escapeRune(r, quote, asciiOnly);
    if (esc === undefined) {
      if (r === 0xfffd && width === 1 && c !== 0xfffd) {
        // A lone surrogate: emit the replacement character it stands for.
        out += s.slice(start, i) + '\ufffd';
        start = i + 1;
      }
      i += width;
      continue;
    }
    out += s.slice(start, i) + esc;
    i += width;
    start = i;
  }
  return out + s.slice(start) + q;
}

/** strconv.Quote. */
export function quote(s: string): string {
  return quoteWith(s, 0x22, false);
}

/** strconv.QuoteToASCII. */
export function quoteToASCII(s: string): string {
  return quoteWith(s, 0x22, true);
}

function validRune(r: number): boolean {
  return Number.isInteger(r) && r >= 0 && r <= 0x10ffff && !(r >= 0xd800 && r <= 0xdfff);
}

/** strconv.QuoteRune: `'a'`, `'\n'`, `'☺'`; an invalid rune is U+FFFD. */
export function quoteRune(r: number): string {
  const rr = validRune(r) ? r : 0xfffd;
  return "'" + (escapeRune(rr, 0x27, false) ?? String.fromCodePoint(rr)) + "'";
}

/** strconv.QuoteRuneToASCII. */
export function quoteRuneToASCII(r: number): string {
  const rr = validRune(r) ? r : 0xfffd;
  return "'" + (escapeRune(rr, 0x27, true) ?? String.fromCodePoint(rr)) + "'";
}

/** strconv.CanBackquote: no backquote, no control characters other than tab, no BOM, valid text. */
export function canBackquote(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x60 || c === 0x7f || c === 0xfeff) return false;
    if (c >= 0xd800 && c <= 0xdfff) {
      if (codePointAt(s, i).width !== 2) return false;
      i++;
    }
  }
  return true;
}

function unhex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

function syntaxError(): GoError {
  return new GoError(ERR_SYNTAX);
}

/**
 * strconv.UnquoteChar: decodes the first character or escape of s (the text of a literal quoted with `quote`).
 * `multibyte` is false for single-byte values (`\xNN`, octal, ASCII), which Go appends as raw bytes.
 */
export function unquoteChar(s: string, quote: string): { value: number; multibyte: boolean; tail: string } {
  if (s.length === 0) throw syntaxError();
  const c = s.charCodeAt(0);
  const q = quote.charCodeAt(0);
  if (c === q && (quote === "'" || quote === '"')) throw syntaxError();
  if (c >= 0x80) {
    const { r, width } = codePointAt(s, 0);
    return { value: r, multibyte: true, tail: s.slice(width) };
  }
  if (c !== 0x5c) return { value: c, multibyte: false, tail: s.slice(1) };
  if (s.length < 2) throw syntaxError();
  const e = s[1] as string;
  let rest = s.slice(2);
  let value: number;
  let multibyte = false;
  switch (e) {
    case 'a':
      value = 0x07;
      break;
    case 'b':
      value = 0x08;
      break;
    case 'f':
      value = 0x0c;
      break;
    case 'n':
      value = 0x0a;
      break;
    case 'r':
      value = 0x0d;
      break;
    case 't':
      value = 0x09;
      break;
    case 'v':
      value = 0x0b;
      break;
    case 'x':
    case 'u':
    case 'U': {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      if (rest.length < n) throw syntaxError();
      let v = 0;
      for (let j = 0; j < n; j++) {
        const x = unhex(rest.charCodeAt(j));
        if (x < 0) throw syntaxError();
        v = v * 16 + x;
      }
      rest = rest.slice(n);
      if (e !== 'x') {
        if (!validRune(v)) throw syntaxError();
        multibyte = true;
      }
      value = v;
      break;
    }
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7': {
      let v = e.charCodeAt(0) - 0x30;
      if (rest.length < 2) throw syntaxError();
      for (let j = 0; j < 2; j++) {
        const x = rest.charCodeAt(j) - 0x30;
        if (x < 0 || x > 7) throw syntaxError();
        v = (v << 3) | x;
      }
      rest = rest.slice(2);
      if (v > 255) throw syntaxError();
      value = v;
      break;
    }
    case '\\':
      value = 0x5c;
      break;
    case "'":
    case '"':
      if (e !== quote) throw syntaxError();
      value = e.charCodeAt(0);
      break;
    default:
      throw syntaxError();
  }
  return { value, multibyte, tail: rest };
}

function pushRuneBytes(bytes: number[], r: number): void {
  if (r < 0x80) bytes.push(r);
  else if (r < 0x800) bytes.push(0xc0 | (r >> 6), 0x80 | (r & 0x3f));
  else if (r < 0x10000) bytes.push(0xe0 | (r >> 12), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f));
  else bytes.push(0xf0 | (r >> 18), 0x80 | ((r >> 12) & 0x3f), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f));
}

/**
 * strconv.Unquote for `"…"`, `` `…` `` and `'…'` literals. Throws GoError `invalid syntax`.
 * A single-quoted literal yields the string of its one character.
 */
export function unquote(s: string): string {
  const n = s.length;
  if (n < 2) throw syntaxError();
  const quote = s[0] as string;
  if (quote === '`') {
    const end = s.indexOf('`', 1);
    if (end !== n - 1) throw syntaxError();
    const body = s.slice(1, n - 1);
    return body.includes('\r') ? body.replaceAll('\r', '') : body;
  }
  if (quote !== '"' && quote !== "'") throw syntaxError();
  const body = s.slice(1, n - 1);
  if (s[n - 1] !== quote) throw syntaxError();
  if (!body.includes('\\') && !body.includes('\n') && !body.includes(quote)) {
    if (quote === '"') return body;
    // Go 1.19 accepts '' (an empty rune decode passes its check) and yields "".
    if (body.length === 0 || codePointAt(body, 0).width === body.length) return body;
    throw syntaxError();
  }
  const bytes: number[] = [];
  let rest = body;
  while (rest.length > 0) {
    if (rest.charCodeAt(0) === 0x0a) throw syntaxError();
    const { value, multibyte, tail } = unquoteChar(rest, quote);
    if (value < 0x80 || !multibyte) bytes.push(value);
    else pushRuneBytes(bytes, value);
    rest = tail;
    if (quote === "'" && rest.length > 0) throw syntaxError();
  }
  if (quote === "'" && bytes.length === 0) throw syntaxError();
  return utf8String(bytes);
}

// --- integers --------------------------------------------------------------------------------------------------------

function lower(c: number): number {
  return c | 0x20;
}

/** underscoreOK from Go: `_` only between digits, or between a base prefix and a digit. */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0') {
    const p = lower(s.charCodeAt(1));
    if (p === 0x62 || p === 0x6f || p === 0x78) {
      i = 2;
      saw = '0';
      hex = p === 0x78;
    }
  }
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x30 && c <= 0x39) || (hex && lower(c) >= 0x61 && lower(c) <= 0x66)) {
      saw = '0';
      continue;
    }
    if (c === 0x5f) {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

const TWO_53 = 2 ** 53;

/** The magnitude of an unsigned integer literal as a bigint; reason set on failure. */
function parseMagnitude(
  func: string,
  s0: string,
  s: string,
  base: number,
  bitSize: number,
): bigint {
  if (s === '') throw new NumError(func, s0, ERR_SYNTAX);
  const base0 = base === 0;
  if (base0) {
    base = 10;
    if (s[0] === '0') {
      const p = s.length >= 3 ? lower(s.charCodeAt(1)) : 0;
      if (p === 0x62) {
        base = 2;
        s = s.slice(2);
      } else if (p === 0x6f) {
        base = 8;
        s = s.slice(2);
      } else if (p === 0x78) {
        base = 16;
        s = s.slice(2);
      } else {
        base = 8;
        s = s.slice(1);
      }
    }
  } else if (!(base >= 2 && base <= 36)) {
    throw new NumError(func, s0, `invalid base ${base}`);
  }
  if (bitSize === 0) bitSize = 64;
  else if (bitSize < 0 || bitSize > 64) throw new NumError(func, s0, `invalid bit size ${bitSize}`);
  const maxVal = (1n << BigInt(bitSize)) - 1n;
  const maxSmall = bitSize >= 53 ? TWO_53 : 2 ** bitSize - 1;
  let small = 0;
  let big: bigint | undefined;
  let underscores = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let d: number;
    if (c === 0x5f && base0) {
      underscores = true;
      continue;
    } else if (c >= 0x30 && c <= 0x39) d = c - 0x30;
    else if (lower(c) >= 0x61 && lower(c) <= 0x7a) d = lower(c) - 0x61 + 10;
    else throw new NumError(func, s0, ERR_SYNTAX);
    if (d >= base) throw new NumError(func, s0, ERR_SYNTAX);
    if (big === undefined) {
      const next = small * base + d;
      if (next < TWO_53) {
        // Go reports the overflow at the digit that causes it, before looking at later characters.
        if (next > maxSmall) throw new NumError(func, s0, ERR_RANGE);
        small = next;
        continue;
      }
      big = BigInt(small);
    }
    big = big * BigInt(base) + BigInt(d);
    if (big > maxVal) throw new NumError(func, s0, ERR_RANGE);
  }
  const n = big ?? BigInt(small);
  if (n > maxVal) throw new NumError(func, s0, ERR_RANGE);
  if (underscores && !underscoreOK(s0)) throw new NumError(func, s0, ERR_SYNTAX);
  return n;
}

/** strconv.ParseUint. Values above 2^53 lose precision (JS numbers). */
export function parseUint(s: string, base: number, bitSize: number): number {
  return Number(parseMagnitude('ParseUint', s, s, base, bitSize));
}

/** strconv.ParseInt (base 0: `0x` `0o` `0b` `0` prefixes and `_` separators). Values beyond 2^53 lose precision. */
export function parseInt(s: string, base: number, bitSize: number): number {
  return Number(parseIntBig(s, base, bitSize, 'ParseInt'));
}

function parseIntBig(s: string, base: number, bitSize: number, func: string): bigint {
  if (s === '') throw new NumError(func, s, ERR_SYNTAX);
  const s0 = s;
  let neg = false;
  if (s[0] === '+') s = s.slice(1);
  else if (s[0] === '-') {
    neg = true;
    s = s.slice(1);
  }
  let un: bigint;
  try {
    un = parseMagnitude(func, s0, s, base, bitSize);
  } catch (e) {
    if (e instanceof NumError && e.reason === ERR_RANGE) throw new NumError(func, s0, ERR_RANGE);
    throw e;
  }
  const bits = BigInt(bitSize === 0 ? 64 : bitSize);
  const cutoff = 1n << (bits - 1n);
  if (!neg && un >= cutoff) throw new NumError(func, s0, ERR_RANGE);
  if (neg && un > cutoff) throw new NumError(func, s0, ERR_RANGE);
  return neg ? -un : un;
}

/** strconv.Atoi (ParseInt(s, 10, 0) with `Atoi` in errors). */
export function atoi(s: string): number {
  return Number(parseIntBig(s, 10, 0, 'Atoi'));
}

/** strconv.ParseBool. */
export function parseBool(s: string): boolean {
  switch (s) {
    case '1':
    case 't':
    case 'T':
    case 'true':
    case 'TRUE':
    case 'True':
      return true;
    case '0':
    case 'f':
    case 'F':
    case 'false':
    case 'FALSE':
    case 'False':
      return false;
  }
  throw new NumError('ParseBool', s, ERR_SYNTAX);
}

/** strconv.FormatInt (lower-case digits). */
export function formatInt(n: number | bigint, base: number): string {
  if (base < 2 || base > 36) throw new RangeError(`strconv: illegal AppendInt/FormatInt base ${base}`);
  return n.toString(base);
}

// --- ParseFloat ------------------------------------------------------------------------------------------------------

function parseSpecial(s: string): number | undefined {
  let sign = 1;
  let t = s;
  if (t[0] === '+' || t[0] === '-') {
    if (t[0] === '-') sign = -1;
    t = t.slice(1);
  } else {
    const l = t.toLowerCase();
    if (l === 'nan') return NaN;
  }
  const l = t.toLowerCase();
  if (l === 'inf' || l === 'infinity') return sign * Infinity;
  return undefined;
}

/** Scans a Go float literal; returns the cleaned decimal text or the hex parts, or undefined on bad syntax. */
function scanFloat(
  s: string,
): { hex: false; text: string } | { hex: true; neg: boolean; mant: bigint; exp2: number } | undefined {
  let i = 0;
  let neg = false;
  if (s[0] === '+') i++;
  else if (s[0] === '-') {
    neg = true;
    i++;
  }
  let hex = false;
  if (i + 2 < s.length && s[i] === '0' && lower(s.charCodeAt(i + 1)) === 0x78) {
    hex = true;
    i += 2;
  }
  let underscores = false;
  let sawDot = false;
  let sawDigits = false;
  let digits = '';
  let fracDigits = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5f) {
      underscores = true;
      continue;
    }
    if (c === 0x2e) {
      if (sawDot) break;
      sawDot = true;
      digits += '.';
      continue;
    }
    const isDigit = (c >= 0x30 && c <= 0x39) || (hex && lower(c) >= 0x61 && lower(c) <= 0x66);
    if (!isDigit) break;
    sawDigits = true;
    digits += s[i];
    if (sawDot) fracDigits++;
  }
  if (!sawDigits) return undefined;
  let expText = '';
  const expChar = hex ? 0x70 : 0x65;
  if (i < s.length && lower(s.charCodeAt(i)) === expChar) {
    i++;
    if (i >= s.length) return undefined;
    if (s[i] === '+' || s[i] === '-') expText += s[i++];
    const c = s.charCodeAt(i);
    if (!(c >= 0x30 && c <= 0x39)) return undefined;
    for (; i < s.length; i++) {
      const d = s.charCodeAt(i);
      if (d === 0x5f) {
        underscores = true;
        continue;
      }
      if (!(d >= 0x30 && d <= 0x39)) break;
      expText += s[i];
    }
  } else if (hex) {
    return undefined;
  }
  if (i !== s.length) return undefined;
  if (underscores && !underscoreOK(s)) return undefined;
  if (!hex) return { hex: false, text: (neg ? '-' : '') + digits + (expText ? 'e' + expText : '') };
  const mant = BigInt('0x' + (digits.replace('.', '') || '0'));
  const e = expText === '' ? 0 : Math.max(-1e5, Math.min(1e5, Number(expText)));
  return { hex: true, neg, mant, exp2: e - 4 * fracDigits };
}

function scaleByPowerOfTwo(mant: bigint, exp2: number): number {
  if (mant === 0n) return 0;
  // Bring the mantissa to at most 64 bits, keeping a sticky bit so Number() rounds correctly.
  let m = mant;
  let e = exp2;
  const bits = m.toString(2).length;
  if (bits > 64) {
    const drop = BigInt(bits - 64);
    const sticky = (m & ((1n << drop) - 1n)) !== 0n ? 1n : 0n;
    m = (m >> drop) | sticky;
    e += bits - 64;
  }
  let x = Number(m);
  // Multiply in steps so intermediate powers neither overflow nor underflow prematurely.
  while (e > 0) {
    const step = Math.min(e, 1000);
    x *= 2 ** step;
    e -= step;
  }
  while (e < 0) {
    const step = Math.max(e, -1000);
    x *= 2 ** step;
    e -= step;
  }
  return x;
}

/** strconv.ParseFloat: decimal and hex (`0x1.8p3`) literals, `_` separators, inf/infinity/nan. */
export function parseFloat(s: string, bitSize: 32 | 64 = 64): number {
  const special = parseSpecial(s);
  if (special !== undefined) return special;
  const scanned = scanFloat(s);
  if (!scanned) throw new NumError('ParseFloat', s, ERR_SYNTAX);
  let x: number;
  if (scanned.hex) {
    x = scaleByPowerOfTwo(scanned.mant, scanned.exp2);
    if (scanned.neg) x = -x;
  } else {
    x = Number(scanned.text);
  }
  if (bitSize === 32) x = Math.fround(x);
  if (!Number.isFinite(x)) throw new NumError('ParseFloat', s, ERR_RANGE);
  return x;
}

// --- FormatFloat -----------------------------------------------------------------------------------------------------

/** Decimal digits of |x| without trailing zeros (d = '' for zero) and the decimal point position: x = 0.d × 10^dp. */
interface Digits {
  d: string;
  dp: number;
}

function fromExponential(s: string): Digits {
  // s = "d.ddde±x" (as from toExponential), no sign.
  const e = s.indexOf('e');
  let d = s.charCodeAt(1) === 0x2e ? s[0] + s.slice(2, e) : s.slice(0, e);
  let end = d.length;
  while (end > 0 && d.charCodeAt(end - 1) === 0x30) end--;
  d = d.slice(0, end);
  return { d, dp: d === '' ? 0 : Number(s.slice(e + 1)) + 1 };
}

const scratch = new DataView(new ArrayBuffer(8));

/** Mantissa and binary exponent of a finite double: |x| = mant × 2^exp. */
function decompose(x: number): { mant: bigint; exp: number } {
  scratch.setFloat64(0, x);
  const hi = scratch.getUint32(0);
  const lo = scratch.getUint32(4);
  const bexp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (bexp === 0) return { mant, exp: -1074 };
  mant |= 1n << 52n;
  return { mant, exp: bexp - 1075 };
}

/** The exact decimal expansion of |x|. */
function exactDigits(x: number): Digits {
  if (x === 0) return { d: '', dp: 0 };
  const { mant, exp } = decompose(x);
  let s: string;
  let dp: number;
  if (exp >= 0) {
    s = (mant << BigInt(exp)).toString();
    dp = s.length;
  } else {
    s = (mant * 5n ** BigInt(-exp)).toString();
    dp = s.length + exp;
  }
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0x30) end--;
  return { d: s.slice(0, end), dp };
}

/** Rounds exact digits to nd digits as Go's decimal.Round does (half to even; nd < 0 leaves them alone). */
function roundDigits(x: Digits, nd: number): Digits {
  if (nd < 0 || nd >= x.d.length) return x;
  const next = x.d.charCodeAt(nd);
  let up: boolean;
  if (next === 0x35 && nd + 1 === x.d.length) up = nd > 0 && (x.d.charCodeAt(nd - 1) - 0x30) % 2 === 1;
  else up = next >= 0x35;
  if (!up) {
    let end = nd;
    while (end > 0 && x.d.charCodeAt(end - 1) === 0x30) end--;
    return end === 0 ? { d: '', dp: 0 } : { d: x.d.slice(0, end), dp: x.dp };
  }
  let i = nd - 1;
  while (i >= 0 && x.d.charCodeAt(i) === 0x39) i--;
  if (i < 0) return { d: '1', dp: x.dp + 1 };
  return { d: x.d.slice(0, i) + String.fromCharCode(x.d.charCodeAt(i) + 1), dp: x.dp };
}

/** |x| correctly rounded to n ≥ 1 significant digits, ties to even. */
function significantDigits(x: number, n: number): Digits {
  if (x === 0) return { d: '', dp: 0 };
  if (n <= 99) {
    // JS rounds exact ties away from zero; Go rounds them to even. A tie is only possible when the
    // (n+1)-digit form ends in 5, so only then consult the exact expansion.
    const t = x.toExponential(n);
    if (t.charCodeAt(t.indexOf('e') - 1) !== 0x35) return fromExponential(x.toExponential(n - 1));
  }
  return roundDigits(exactDigits(x), n);
}

/** Shortest digits that read back as x (as float32 when bitSize is 32). */
function shortestDigits(x: number, bitSize: 32 | 64): Digits {
  if (x === 0) return { d: '', dp: 0 };
  if (bitSize === 64) return fromExponential(x.toExponential());
  for (let p = 1; p < 9; p++) {
    const s = x.toExponential(p - 1);
    if (Math.fround(Number(s)) === x) return fromExponential(s);
  }
  return fromExponential(x.toExponential(8));
}

/** |x| rounded to prec digits after the decimal point. */
function fixedDigits(x: number, prec: number): Digits {
  if (x === 0) return { d: '', dp: 0 };
  // The exponent of the exact value: 21 digits cannot round up to the next power of ten for a double.
  const e = Number(x.toExponential(20).split('e')[1]);
  const nd = e + 1 + prec;
  if (nd < 0) return { d: '', dp: 0 };
  if (nd === 0) return roundDigits(exactDigits(x), 0);
  return significantDigits(x, nd);
}

function fmtE(neg: boolean, dg: Digits, prec: number, ch: string): string {
  let out = neg ? '-' : '';
  out += dg.d.length > 0 ? dg.d[0] : '0';
  if (prec > 0) {
    out += '.';
    const m = Math.min(dg.d.length, prec + 1);
    if (m > 1) out += dg.d.slice(1, m);
    for (let i = Math.max(m, 1); i <= prec; i++) out += '0';
  }
  let exp = dg.d.length === 0 ? 0 : dg.dp - 1;
  let sign = '+';
  if (exp < 0) {
    sign = '-';
    exp = -exp;
  }
  return out + ch + sign + (exp < 10 ? '0' + exp : String(exp));
}

function fmtF(neg: boolean, dg: Digits, prec: number): string {
  let out = neg ? '-' : '';
  const nd = dg.d.length;
  if (dg.dp > 0) {
    const m = Math.min(nd, dg.dp);
    out += dg.d.slice(0, m);
    if (m < dg.dp) out += '0'.repeat(dg.dp - m);
  } else {
    out += '0';
  }
  if (prec > 0) {
    out += '.';
    for (let i = 0; i < prec; i++) {
      const j = dg.dp + i;
      out += j >= 0 && j < nd ? dg.d[j] : '0';
    }
  }
  return out;
}

function formatDigits(neg: boolean, dg: Digits, shortest: boolean, prec: number, fmt: string): string {
  switch (fmt) {
    case 'e':
    case 'E':
      return fmtE(neg, dg, prec, fmt);
    case 'f':
      return fmtF(neg, dg, prec);
    default: {
      // 'g' / 'G'
      const nd = dg.d.length;
      let eprec = prec;
      if (eprec > nd && nd >= dg.dp) eprec = nd;
      if (shortest) eprec = 6;
      const exp = dg.dp - 1;
      if (exp < -4 || exp >= eprec) {
        if (prec > nd) prec = nd;
        return fmtE(neg, dg, prec - 1, fmt === 'g' ? 'e' : 'E');
      }
      if (prec > dg.dp) prec = nd;
      return fmtF(neg, dg, Math.max(prec - dg.dp, 0));
    }
  }
}

function floatBits(x: number, bitSize: 32 | 64): { neg: boolean; mant: bigint; exp: number; mantbits: number } {
  if (bitSize === 64) {
    scratch.setFloat64(0, x);
    const hi = scratch.getUint32(0);
    const lo = scratch.getUint32(4);
    const bexp = (hi >>> 20) & 0x7ff;
    let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
    let exp = bexp;
    if (bexp === 0) exp++;
    else mant |= 1n << 52n;
    return { neg: hi >>> 31 === 1, mant, exp: exp - 1023, mantbits: 52 };
  }
  scratch.setFloat32(0, x);
  const bits = scratch.getUint32(0);
  const bexp = (bits >>> 23) & 0xff;
  let mant = BigInt(bits & 0x7fffff);
  let exp = bexp;
  if (bexp === 0) exp++;
  else mant |= 1n << 23n;
  return { neg: bits >>> 31 === 1, mant, exp: exp - 127, mantbits: 23 };
}

/** %b: decimal mantissa, binary exponent (`4503599627370496p-52`). */
function fmtB(x: number, bitSize: 32 | 64): string {
  const { neg, mant, exp, mantbits } = floatBits(x, bitSize);
  const e = exp - mantbits;
  return (neg ? '-' : '') + mant.toString() + 'p' + (e >= 0 ? '+' : '') + e;
}

/** %x: hexadecimal mantissa with one leading digit, binary exponent (`0x1.8p+01`). */
function fmtX(x: number, prec: number, fmt: string, bitSize: 32 | 64): string {
  const f = floatBits(x, bitSize);
  let { mant, exp } = f;
  if (mant === 0n) exp = 0;
  const ONE = 1n << 60n;
  mant <<= BigInt(60 - f.mantbits);
  while (mant !== 0n && (mant & ONE) === 0n) {
    mant <<= 1n;
    exp--;
  }
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(prec * 4);
    const extra = (mant << shift) & (ONE - 1n);
    mant >>= 60n - shift;
    if ((extra | (mant & 1n)) > 1n << 59n) mant++;
    mant <<= 60n - shift;
    if ((mant & (1n << 61n)) !== 0n) {
      mant >>= 1n;
      exp++;
    }
  }
  const digits = fmt === 'X' ? '0123456789ABCDEF' : HEX;
  let out = (f.neg ? '-' : '') + '0' + fmt + ((mant >> 60n) & 1n).toString();
  mant = (mant << 4n) & ((1n << 64n) - 1n);
  const MASK = (1n << 64n) - 1n;
  if (prec < 0 && mant !== 0n) {
    out += '.';
    while (mant !== 0n) {
      out += digits[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & MASK;
    }
  } else if (prec > 0) {
    out += '.';
    for (let i = 0; i < prec; i++) {
      out += digits[Number((mant >> 60n) & 15n)];
      mant = (mant << 4n) & MASK;
    }
  }
  out += fmt === 'X' ? 'P' : 'p';
  let e = exp;
  out += e < 0 ? '-' : '+';
  if (e < 0) e = -e;
  return out + (e < 10 ? '0' + e : String(e));
}

export type FloatFormat = 'e' | 'E' | 'f' | 'g' | 'G' | 'b' | 'x' | 'X';

/**
 * strconv.FormatFloat. prec −1 = the fewest digits that read back exactly (float32 digits when bitSize is 32).
 * 'g' uses the exponent form iff exp < −4 or exp ≥ (6 when shortest, else prec).
 */
export function formatFloat(f: number, fmt: FloatFormat, prec: number, bitSize: 32 | 64 = 64): string {
  if (bitSize === 32) f = Math.fround(f);
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  if (fmt === 'b') return fmtB(f, bitSize);
  if (fmt === 'x' || fmt === 'X') return fmtX(f, prec, fmt, bitSize);
  const neg = f < 0 || Object.is(f, -0);
  const abs = Math.abs(f);
  const shortest = prec < 0;
  // Fast path for %v of ordinary float64s: JS prints the same shortest digits in fixed form here.
  if (shortest && bitSize === 64 && (fmt === 'g' || fmt === 'G') && abs >= 1e-4 && abs < 1e6) return String(f);
  let dg: Digits;
  if (shortest) {
    dg = shortestDigits(abs, bitSize);
    const nd = dg.d.length;
    if (fmt === 'e' || fmt === 'E') prec = Math.max(nd - 1, 0);
    else if (fmt === 'f') prec = Math.max(nd - dg.dp, 0);
    else prec = nd;
  } else if (fmt === 'f') {
    dg = fixedDigits(abs, prec);
  } else if (fmt === 'e' || fmt === 'E') {
    dg = significantDigits(abs, prec + 1);
  } else {
    if (prec === 0) prec = 1;
    dg = significantDigits(abs, prec);
  }
  return formatDigits(neg, dg, shortest, prec, fmt);
}
