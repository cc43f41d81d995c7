/**
 * @module
 * Sprig's string functions (strings.go and the string entries of its FuncMap). Argument order is Sprig's:
 * the subject string comes last so that it can be piped (`"foobar" | contains "foo"`).
 */
import { formatValue } from '../../go/fmt.ts';
import { quote as goQuote } from '../../go/strconv.ts';
import { T, TC, type FuncMap } from '../../go/types.ts';
import { GoError, type GoValue } from '../../go/value.ts';
import {
  byteSlice,
  codePoints,
  dyn,
  goFunc,
  isAscii,
  isNilInterface,
  checkStringLength,
  newMapRep,
  strslice,
  strval,
  utf8Encode,
} from './sprig-support.ts';

// --- Go strings package ----------------------------------------------------------------------------------------

const SPACES = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000]);

/** unicode.IsSpace. */
export function isGoSpace(cp: number): boolean {
  return SPACES.has(cp) || (cp >= 0x2000 && cp <= 0x200a);
}

/** Drops leading and trailing runes that match, slicing the string itself (no rune arrays for long text). */
function trimRunes(s: string, drop: (cp: number) => boolean): string {
  let start = 0;
  while (start < s.length) {
    const cp = s.codePointAt(start) ?? 0;
    if (!drop(cp)) break;
    start += cp > 0xffff ? 2 : 1;
  }
  let end = s.length;
  while (end > start) {
    const low = s.charCodeAt(end - 1);
    const width = low >= 0xdc00 && low <= 0xdfff && end - 2 >= start && isHighSurrogate(s.charCodeAt(end - 2)) ? 2 : 1;
    if (!drop(s.codePointAt(end - width) ?? 0)) break;
    end -= width;
  }
  return s.slice(start, end);
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

/** strings.TrimSpace (Go's white space set: no U+FEFF, but U+0085). */
export function trimSpace(s: string): string {
  return trimRunes(s, isGoSpace);
}

/** strings.Trim(s, cutset): drops leading and trailing runes that are in cutset. */
export function trimCutset(s: string, cutset: string): string {
  if (s === '' || cutset === '') return s;
  const cut = new Set(codePoints(cutset));
  return trimRunes(s, (cp) => cut.has(cp));
}

/** strings.Repeat (panics on a negative count). */
export function repeat(s: string, count: number): string {
  if (count < 0) throw new GoError('strings: negative Repeat count');
  checkStringLength(s.length * count, 'strings: Repeat');
  try {
    return s.repeat(count);
  } catch {
    throw new GoError('strings: Repeat output length overflow');
  }
}

/** strings.Replace(s, old, new, -1); an empty `old` matches before every rune and at the end. */
export function replaceAll(s: string, old: string, replacement: string): string {
  // The output's length is known before it is built: an empty `old` multiplies the string's length.
  if (old !== '') {
    const pieces = s.split(old);
    checkStringLength(s.length + (pieces.length - 1) * (replacement.length - old.length), 'strings: Replace');
    return pieces.join(replacement);
  }
  const runes = Array.from(s);
  checkStringLength(s.length + (runes.length + 1) * replacement.length, 'strings: Replace');
  return replacement + runes.map((ch) => ch + replacement).join('');
}

/** strings.SplitN: n < 0 all pieces, n == 0 none, else at most n; an empty sep splits into runes. */
export function splitN(s: string, sep: string, n: number): string[] {
  if (n === 0) return [];
  if (sep === '') {
    const runes = Array.from(s);
    if (n < 0 || n >= runes.length) return runes;
    return [...runes.slice(0, n - 1), runes.slice(n - 1).join('')];
  }
  const parts = s.split(sep);
  if (n < 0 || n >= parts.length) return parts;
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

// Per-rune case mapping (unicode.ToUpper/ToLower are simple mappings, never one-to-many, never contextual). JS
// applies the full mappings; where those are several runes but a simple mapping exists, these tables give it.
const LOWER_EXCEPTIONS: ReadonlyMap<number, number> = new Map([[0x130, 0x69]]);

function greekIotaSubscripts(): [number, number][] {
  const pairs: [number, number][] = [];
  for (const base of [0x1f80, 0x1f90, 0x1fa0]) for (let i = 0; i < 8; i++) pairs.push([base + i, base + 8 + i]);
  pairs.push([0x1fb3, 0x1fbc], [0x1fc3, 0x1fcc], [0x1ff3, 0x1ffc]);
  return pairs;
}

const UPPER_EXCEPTIONS: ReadonlyMap<number, number> = new Map(greekIotaSubscripts());

function mapRunes(s: string, one: (ch: string) => string, exceptions?: ReadonlyMap<number, number>): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    const special = exceptions?.get(cp);
    if (special !== undefined) {
      out += String.fromCodePoint(special);
      continue;
    }
    const mapped = one(ch);
    out += [...mapped].length === 1 ? mapped : ch;
  }
  return out;
}

export function toUpper(s: string): string {
  return isAscii(s) ? s.toUpperCase() : mapRunes(s, (ch) => ch.toUpperCase(), UPPER_EXCEPTIONS);
}

export function toLower(s: string): string {
  return isAscii(s) ? s.toLowerCase() : mapRunes(s, (ch) => ch.toLowerCase(), LOWER_EXCEPTIONS);
}

// unicode.ToTitle: ToUpper's simple mappings, except that the Latin digraphs take their title-case form.
const TITLE_EXCEPTIONS: ReadonlyMap<number, number> = new Map([
  ...greekIotaSubscripts(),
  [0x1c4, 0x1c5], [0x1c5, 0x1c5], [0x1c6, 0x1c5],
  [0x1c7, 0x1c8], [0x1c8, 0x1c8], [0x1c9, 0x1c8],
  [0x1ca, 0x1cb], [0x1cb, 0x1cb], [0x1cc, 0x1cb],
  [0x1f1, 0x1f2], [0x1f2, 0x1f2], [0x1f3, 0x1f2],
]);

function isTitleSeparator(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp <= 0x7f) return !/[0-9A-Za-z_]/.test(ch);
  if (/[\p{L}\p{Nd}]/u.test(ch)) return false;
  return isGoSpace(cp);
}

/** strings.Title: the first letter of each word in title case; words start after a separator. */
export function title(s: string): string {
  let prev = ' ';
  let out = '';
  for (const ch of s) {
    out += isTitleSeparator(prev) ? mapRunes(ch, (c) => c.toUpperCase(), TITLE_EXCEPTIONS) : ch;
    prev = ch;
  }
  return out;
}

// --- Sprig -----------------------------------------------------------------------------------------------------

/** Sprig `trunc`: c ≥ 0 keeps the first c bytes, c < 0 the last |c| bytes. */
export function trunc(c: number, s: string): string {
  const len = isAscii(s) ? s.length : utf8Encode(s).length;
  if (c < 0 && len + c > 0) return byteSlice(s, len + c);
  if (c >= 0 && len > c) return byteSlice(s, 0, c);
  return s;
}

/** Sprig `substr`: byte offsets; start < 0 → s[:end]; end < 0 or > len → s[start:]. */
export function substr(start: number, end: number, s: string): string {
  if (start < 0) return byteSlice(s, 0, end);
  const len = isAscii(s) ? s.length : utf8Encode(s).length;
  if (end < 0 || end > len) return byteSlice(s, start);
  return byteSlice(s, start, end);
}

/** Sprig `indent`: the pad before every line, empty lines and the one after a trailing newline included. */
export function indent(spaces: number, v: string): string {
  checkStringLength(v.length + Math.max(spaces, 0) * (countNewlines(v) + 1), 'indent');
  const pad = repeat(' ', spaces);
  return pad + padAfterNewlines(v, pad);
}

/** `s` with `pad` after every line break (a loop: twice as fast as replaceAll or split and join on short text). */
export function padAfterNewlines(s: string, pad: string): string {
  let out = '';
  let start = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) {
    out += s.slice(start, i + 1) + pad;
    start = i + 1;
  }
  return start === 0 ? s : out + s.slice(start);
}

/** The line breaks in `s`. */
export function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

function quote(...args: GoValue[]): string {
  // A plain loop: templates call quote once per container argument, on one string most of the time.
  const only = args.length === 1 ? (args[0] as GoValue) : undefined;
  if (only !== undefined && only.t === T.string) return goQuote(only.v as string);
  let out = '';
  let first = true;
  for (const a of args) {
    if (isNilInterface(a)) continue;
    out += first ? goQuote(strval(a)) : ' ' + goQuote(strval(a));
    first = false;
  }
  return out;
}

function squote(...args: GoValue[]): string {
  return args
    .filter((a) => !isNilInterface(a))
    .map((a) => `'${formatValue(dyn(a), 'v')}'`)
    .join(' ');
}

function cat(...args: GoValue[]): string {
  return args
    .filter((a) => !isNilInterface(a))
    .map((a) => formatValue(dyn(a), 'v'))
    .join(' ');
}

function indexedPieces(parts: readonly string[]): Record<string, unknown> {
  const out = newMapRep();
  parts.forEach((p, i) => {
    out[`_${i}`] = p;
  });
  return out;
}

const S = T.string;
const I = T.int;
const B = T.bool;

export const sprigStringFuncs: FuncMap = {
  trunc: goFunc([I, S], [S], trunc),
  trim: goFunc([S], [S], trimSpace),
  upper: goFunc([S], [S], toUpper),
  lower: goFunc([S], [S], toLower),
  title: goFunc([S], [S], title),
  substr: goFunc([I, I, S], [S], substr),
  repeat: goFunc([I, S], [S], (count: number, s: string) => repeat(s, count)),
  trimall: goFunc([S, S], [S], (cutset: string, s: string) => trimCutset(s, cutset)),
  trimAll: goFunc([S, S], [S], (cutset: string, s: string) => trimCutset(s, cutset)),
  trimSuffix: goFunc([S, S], [S], (suffix: string, s: string) =>
    suffix !== '' && s.endsWith(suffix) ? s.slice(0, s.length - suffix.length) : s,
  ),
  trimPrefix: goFunc([S, S], [S], (prefix: string, s: string) => (s.startsWith(prefix) ? s.slice(prefix.length) : s)),
  contains: goFunc([S, S], [B], (substr: string, s: string) => s.includes(substr)),
  hasPrefix: goFunc([S, S], [B], (prefix: string, s: string) => s.startsWith(prefix)),
  hasSuffix: goFunc([S, S], [B], (suffix: string, s: string) => s.endsWith(suffix)),
  quote: goFunc([], [S], quote, { variadic: T.any }),
  squote: goFunc([], [S], squote, { variadic: T.any }),
  cat: goFunc([], [S], cat, { variadic: T.any }),
  indent: goFunc([I, S], [S], indent),
  nindent: goFunc([I, S], [S], (spaces: number, v: string) => '\n' + indent(spaces, v)),
  replace: goFunc([S, S, S], [S], (old: string, replacement: string, s: string) => replaceAll(s, old, replacement)),
  plural: goFunc([S, S, I], [S], (one: string, many: string, count: number) => (count === 1 ? one : many)),
  toString: goFunc([T.any], [S], strval),
  toStrings: goFunc([T.any], [TC.sliceString], strslice),
  join: goFunc([S, T.any], [S], (sep: string, v: GoValue) => strslice(v).join(sep)),
  split: goFunc([S, S], [TC.mapStringString], (sep: string, s: string) => indexedPieces(splitN(s, sep, -1))),
  splitList: goFunc([S, S], [TC.sliceString], (sep: string, s: string) => splitN(s, sep, -1)),
  splitn: goFunc([S, I, S], [TC.mapStringString], (sep: string, n: number, s: string) =>
    indexedPieces(splitN(s, sep, n)),
  ),
};
