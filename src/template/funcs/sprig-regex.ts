/**
 * @module
 * Sprig's regex functions over Go regexp semantics: patterns are translated from RE2 syntax (see
 * sprig-regex-syntax.ts), and the match loops follow Go's: after an empty match the search advances one rune,
 * an empty match right after a previous match is skipped, `$1`/`${name}` expand as Regexp.Expand does.
 * The plain functions treat a bad pattern as a panic (an execution error), except `regexMatch`, which
 * swallows it into false; the `must…` variants return it as an error.
 */
import { T, TC, type FuncMap } from '../../go/types.ts';
import { GoError } from '../../go/value.ts';
import { OutputMeter } from '../../go/limits.ts';
import { MAX_BUILT_STRING, goFunc } from './sprig-support.ts';
import { translateGoRegexp } from './sprig-regex-syntax.ts';

interface Match {
  readonly start: number;
  readonly end: number;
  /** Capture texts by group number; undefined for a group that did not participate. */
  readonly groups: readonly (string | undefined)[];
}

/** A compiled Go regexp. Positions are JS string indices throughout (same substrings as Go's byte offsets). */
export class GoRegexp {
  readonly #expr: string;
  readonly #re: RegExp;
  readonly #names: readonly string[];

  private constructor(expr: string, re: RegExp, names: readonly string[]) {
    this.#expr = expr;
    this.#re = re;
    this.#names = names;
  }

  static #cache = new Map<string, GoRegexp | GoError>();

  /** regexp.Compile; syntax errors throw GoError (cached, like the compiled patterns). */
  static compile(expr: string): GoRegexp {
    let entry = GoRegexp.#cache.get(expr);
    if (entry === undefined) {
      try {
        const { source, flags, names } = translateGoRegexp(expr);
        entry = new GoRegexp(expr, new RegExp(source, 'g' + flags), names);
      } catch (e) {
        if (!(e instanceof GoError)) throw e;
        entry = e;
      }
      if (GoRegexp.#cache.size >= 512) GoRegexp.#cache.clear();
      GoRegexp.#cache.set(expr, entry);
    }
    if (entry instanceof GoError) throw entry;
    return entry;
  }

  #execAt(s: string, pos: number): Match | undefined {
    this.#re.lastIndex = pos;
    const m = this.#re.exec(s);
    if (!m) return undefined;
    return { start: m.index, end: m.index + m[0].length, groups: [...m] };
  }

  matchString(s: string): boolean {
    return this.#execAt(s, 0) !== undefined;
  }

  findString(s: string): string {
    const m = this.#execAt(s, 0);
    return m ? s.slice(m.start, m.end) : '';
  }

  /** Go's allMatches: at most n matches (n < 0: all). */
  findAll(s: string, n: number): Match[] {
    const limit = n < 0 ? Infinity : n;
    const out: Match[] = [];
    let pos = 0;
    let prevMatchEnd = -1;
    while (out.length < limit && pos <= s.length) {
      const m = this.#execAt(s, pos);
      if (!m) break;
      let accept = true;
      if (m.end === pos) {
        // An empty match: never right after the previous match; move on one rune.
        if (m.start === prevMatchEnd) accept = false;
        pos += pos < s.length ? runeWidth(s, pos) : 1;
      } else {
        pos = m.end;
      }
      prevMatchEnd = m.end;
      if (accept) out.push(m);
    }
    return out;
  }

  /** FindAllString: nil (null) when nothing matches. */
  findAllString(s: string, n: number): string[] | null {
    const matches = this.findAll(s, n);
    return matches.length === 0 ? null : matches.map((m) => s.slice(m.start, m.end));
  }

  /** ReplaceAllString (with `$` expansion) or ReplaceAllLiteralString. */
  replaceAll(src: string, repl: string, literal: boolean): string {
    let out = '';
    let lastMatchEnd = 0;
    let searchPos = 0;
    // Empty matches replace at every position: the output can be many times the input, so it is counted as built.
    const meter = new OutputMeter();
    while (searchPos <= src.length) {
      const m = this.#execAt(src, searchPos);
      if (!m) break;
      meter.check(out);
      if (out.length > MAX_BUILT_STRING) throw new GoError(`regexp: ReplaceAll output of more than ${MAX_BUILT_STRING} bytes is over the limit`);
      out += src.slice(lastMatchEnd, m.start);
      // No replacement for an empty match right after another match.
      if (m.end > lastMatchEnd || m.start === 0) out += literal ? repl : this.#expand(repl, m);
      lastMatchEnd = m.end;
      const width = searchPos < src.length ? runeWidth(src, searchPos) : 0;
      if (searchPos + width > m.end) searchPos += width;
      else if (searchPos + 1 > m.end) searchPos++;
      else searchPos = m.end;
    }
    return meter.finish(out + src.slice(lastMatchEnd));
  }

  /** Regexp.Expand: `$1`, `${1}`, `$name`, `${name}`, `$$`; unknown groups expand to nothing. */
  #expand(template: string, m: Match): string {
    let out = '';
    let rest = template;
    for (;;) {
      const dollar = rest.indexOf('$');
      if (dollar < 0) break;
      out += rest.slice(0, dollar);
      rest = rest.slice(dollar + 1);
      if (rest.startsWith('$')) {
        out += '$';
        rest = rest.slice(1);
        continue;
      }
      const ref = extractReference(rest);
      if (!ref) {
        out += '$';
        continue;
      }
      rest = rest.slice(ref.length);
      if (ref.num >= 0) {
        out += m.groups[ref.num] ?? '';
      } else {
        const i = this.#names.findIndex((name, k) => name === ref.name && m.groups[k] !== undefined);
        if (i >= 0) out += m.groups[i] ?? '';
      }
    }
    return out + rest;
  }

  /** Regexp.Split. */
  split(s: string, n: number): string[] | null {
    if (n === 0) return null;
    if (this.#expr !== '' && s === '') return [''];
    const out: string[] = [];
    let beg = 0;
    let end = 0;
    for (const m of this.findAll(s, n)) {
      if (n > 0 && out.length >= n - 1) break;
      end = m.start;
      if (m.end !== 0) out.push(s.slice(beg, end));
      beg = m.end;
    }
    if (end !== s.length) out.push(s.slice(beg));
    return out;
  }
}

function runeWidth(s: string, pos: number): number {
  const cp = s.codePointAt(pos) ?? 0;
  return cp > 0xffff ? 2 : 1;
}

/** Regexp.Expand's `extract`: a name of letters, digits and `_`, optionally braced; numbers without leading zeros. */
function extractReference(s: string): { name: string; num: number; length: number } | undefined {
  const m = /^(\{)?([\p{L}\p{Nd}_]+)/u.exec(s);
  if (!m) return undefined;
  const brace = m[1] !== undefined;
  const name = m[2] ?? '';
  let length = m[0].length;
  if (brace) {
    if (s[length] !== '}') return undefined;
    length++;
  }
  let num = /^\d+$/.test(name) && name.length <= 8 ? Number(name) : -1;
  if (name.length > 1 && name[0] === '0') num = -1;
  return { name, num, length };
}

/** regexp.MatchString. */
export function regexMatch(expr: string, s: string): boolean {
  return GoRegexp.compile(expr).matchString(s);
}

function swallowed(expr: string, s: string): boolean {
  try {
    return regexMatch(expr, s);
  } catch (e) {
    if (e instanceof GoError) return false;
    throw e;
  }
}

const S = T.string;
const I = T.int;
const STRINGS = TC.sliceString;

function findAll(expr: string, s: string, n: number): string[] | null {
  return GoRegexp.compile(expr).findAllString(s, n);
}

function find(expr: string, s: string): string {
  return GoRegexp.compile(expr).findString(s);
}

function replace(expr: string, s: string, repl: string): string {
  return GoRegexp.compile(expr).replaceAll(s, repl, false);
}

function replaceLiteral(expr: string, s: string, repl: string): string {
  return GoRegexp.compile(expr).replaceAll(s, repl, true);
}

function split(expr: string, s: string, n: number): string[] | null {
  return GoRegexp.compile(expr).split(s, n);
}

/** regexp.QuoteMeta. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

export const sprigRegexFuncs: FuncMap = {
  regexMatch: goFunc([S, S], [T.bool], swallowed),
  mustRegexMatch: goFunc([S, S], [T.bool], regexMatch, { error: true }),
  regexFindAll: goFunc([S, S, I], [STRINGS], findAll),
  mustRegexFindAll: goFunc([S, S, I], [STRINGS], findAll, { error: true }),
  regexFind: goFunc([S, S], [S], find),
  mustRegexFind: goFunc([S, S], [S], find, { error: true }),
  regexReplaceAll: goFunc([S, S, S], [S], replace),
  mustRegexReplaceAll: goFunc([S, S, S], [S], replace, { error: true }),
  regexReplaceAllLiteral: goFunc([S, S, S], [S], replaceLiteral),
  mustRegexReplaceAllLiteral: goFunc([S, S, S], [S], replaceLiteral, { error: true }),
  regexSplit: goFunc([S, S, I], [STRINGS], split),
  mustRegexSplit: goFunc([S, S, I], [STRINGS], split, { error: true }),
  regexQuoteMeta: goFunc([S], [S], quoteMeta),
};
