/**
 * @module
 * Go regular expressions (RE2 syntax, `regexp.Compile` = Perl flags) translated to JS RegExp source with the
 * `u` flag. The pattern is parsed the way Go's regexp/syntax parses it, so Go's syntax errors (lookaround,
 * backreferences, `a**`, repeat counts over 1000, unknown classes…) are errors here too, and then printed
 * as JS that matches what Go matches:
 *
 * * `.` excludes only `\n` (JS also excludes `\r`, U+2028, U+2029); `(?s)` makes it match everything.
 * * `\s \d \w` and `\b` are ASCII; POSIX classes `[[:alpha:]]` are expanded; `\pL`, `\p{Greek}` become
 *   Unicode property escapes.
 * * `^ $` are text anchors, or line anchors around `\n` only under `(?m)`; `\A \z` are text anchors.
 * * `(?i)`: when every literal and class is case-insensitive the JS `i` flag is used (both then follow
 *   Unicode simple case folding); mixed case sensitivity is folded by hand.
 * * `(?U)` swaps greedy and lazy repetition; `(?P<name>…)` and `(?<name>…)` become plain capture groups
 *   (names are kept aside for `${name}` expansion; Go allows names JS does not).
 */
import { GoError } from '../../go/value.ts';

interface Flags {
  readonly i: boolean;
  readonly m: boolean;
  readonly s: boolean;
  readonly U: boolean;
}

type ClassItem = { readonly lo: number; readonly hi: number } | { readonly prop: string; readonly neg: boolean };

type Node =
  | { readonly k: 'lit'; readonly cp: number; readonly fold: boolean }
  | { readonly k: 'class'; readonly items: readonly ClassItem[]; readonly negated: boolean; readonly fold: boolean }
  | { readonly k: 'dot'; readonly nl: boolean }
  | { readonly k: 'assert'; readonly what: 'bot' | 'eot' | 'bol' | 'eol' | 'wb' | 'nwb' }
  | { readonly k: 'group'; readonly cap: number | null; readonly body: Node }
  | { readonly k: 'concat'; readonly items: readonly Node[] }
  | { readonly k: 'alt'; readonly alts: readonly Node[] }
  | { readonly k: 'repeat'; readonly min: number; readonly max: number; readonly greedy: boolean; readonly sub: Node };

/** A translated pattern: JS source and flags, and the Go capture names by group number (index 0 unused). */
export interface TranslatedRegexp {
  readonly source: string;
  readonly flags: string;
  readonly names: readonly string[];
}

function syntaxError(code: string, expr: string): GoError {
  return new GoError(`error parsing regexp: ${code}: \`${expr}\``);
}

const MAX_REPEAT = 1000;
const MAX_DEPTH = 1000;

// --- character sets ---------------------------------------------------------------------------------------------

const MAX_RUNE = 0x10ffff;
type Range = readonly [number, number];

const DIGIT: Range[] = [[0x30, 0x39]];
const SPACE: Range[] = [[0x09, 0x0a], [0x0c, 0x0d], [0x20, 0x20]];
const WORD: Range[] = [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]];

const POSIX: Readonly<Record<string, Range[]>> = {
  alnum: [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]],
  alpha: [[0x41, 0x5a], [0x61, 0x7a]],
  ascii: [[0x00, 0x7f]],
  blank: [[0x09, 0x09], [0x20, 0x20]],
  cntrl: [[0x00, 0x1f], [0x7f, 0x7f]],
  digit: DIGIT,
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [[0x21, 0x2f], [0x3a, 0x40], [0x5b, 0x60], [0x7b, 0x7e]],
  space: [[0x09, 0x0d], [0x20, 0x20]],
  upper: [[0x41, 0x5a]],
  word: WORD,
  xdigit: [[0x30, 0x39], [0x41, 0x46], [0x61, 0x66]],
};

const PERL: Readonly<Record<string, Range[]>> = { d: DIGIT, s: SPACE, w: WORD };

/** The complement of sorted, disjoint ranges within [0, MAX_RUNE]. */
function complement(ranges: readonly Range[]): Range[] {
  const out: Range[] = [];
  let next = 0;
  for (const [lo, hi] of ranges) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_RUNE) out.push([next, MAX_RUNE]);
  return out;
}

function rangeItems(ranges: readonly Range[], negate: boolean): ClassItem[] {
  return (negate ? complement(ranges) : ranges).map(([lo, hi]) => ({ lo, hi }));
}

// Go's unicode.Categories; anything else must be a script (unicode.Scripts) or Any.
const CATEGORIES = new Set(
  'C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs'.split(' '),
);

/** The JS property escape body for a Go Unicode class name, or undefined when Go does not know it. */
function unicodeProperty(name: string): string | undefined {
  if (name === 'Any') return 'Any';
  if (CATEGORIES.has(name)) return name;
  if (!/^[A-Z][A-Za-z_]*$/.test(name)) return undefined;
  try {
    new RegExp(`\\p{Script=${name}}`, 'u');
    return `Script=${name}`;
  } catch {
    return undefined;
  }
}

// --- case folding (only for patterns that mix case-sensitive and case-insensitive parts) -----------------------

// Orbits where upper/lower mapping alone misses a member (unicode.SimpleFold cycles).
const ORBITS: readonly (readonly number[])[] = [
  [0x4b, 0x6b, 0x212a], [0x53, 0x73, 0x17f], [0xc5, 0xe5, 0x212b], [0xb5, 0x39c, 0x3bc],
  [0x392, 0x3b2, 0x3d0], [0x395, 0x3b5, 0x3f5], [0x398, 0x3b8, 0x3d1, 0x3f4], [0x399, 0x3b9, 0x345, 0x1fbe],
  [0x39a, 0x3ba, 0x3f0], [0x3a0, 0x3c0, 0x3d6], [0x3a1, 0x3c1, 0x3f1], [0x3a3, 0x3c2, 0x3c3],
  [0x3a6, 0x3c6, 0x3d5], [0x3a9, 0x3c9, 0x2126], [0x1e60, 0x1e61, 0x1e9b], [0x1c4, 0x1c5, 0x1c6],
  [0x1c7, 0x1c8, 0x1c9], [0x1ca, 0x1cb, 0x1cc], [0x1f1, 0x1f2, 0x1f3],
];
const ORBIT_OF = new Map<number, readonly number[]>();
for (const orbit of ORBITS) for (const cp of orbit) ORBIT_OF.set(cp, orbit);

function singleMapped(cp: number, map: (s: string) => string): number | undefined {
  const out = [...map(String.fromCodePoint(cp))];
  return out.length === 1 ? out[0]?.codePointAt(0) : undefined;
}

/** The code points that match cp case-insensitively. */
function foldOrbit(cp: number): number[] {
  const set = new Set<number>([cp]);
  for (const x of ORBIT_OF.get(cp) ?? []) set.add(x);
  const lower = singleMapped(cp, (s) => s.toLowerCase());
  const upper = singleMapped(cp, (s) => s.toUpperCase());
  for (const x of [lower, upper]) if (x !== undefined) for (const y of ORBIT_OF.get(x) ?? [x]) set.add(y);
  return [...set].sort((a, b) => a - b);
}

const FOLD_SCAN_LIMIT = 0x3000;

function foldItems(items: readonly ClassItem[]): ClassItem[] {
  const out: ClassItem[] = [...items];
  for (const item of items) {
    if ('prop' in item || item.hi - item.lo > FOLD_SCAN_LIMIT) continue;
    for (let cp = item.lo; cp <= item.hi; cp++) {
      for (const f of foldOrbit(cp)) if (f < item.lo || f > item.hi) out.push({ lo: f, hi: f });
    }
  }
  return out;
}

// --- parser -------------------------------------------------------------------------------------------------------

interface GroupState {
  flags: Flags;
}

function isAsciiAlnum(cp: number): boolean {
  return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
}

function hexValue(cp: number): number {
  if (cp >= 0x30 && cp <= 0x39) return cp - 0x30;
  if (cp >= 0x61 && cp <= 0x66) return cp - 0x61 + 10;
  if (cp >= 0x41 && cp <= 0x46) return cp - 0x41 + 10;
  return -1;
}

class GoRegexpParser {
  readonly #src: string;
  readonly #cps: number[];
  #pos = 0;
  #depth = 0;
  readonly names: string[] = [''];

  constructor(src: string) {
    this.#src = src;
    this.#cps = Array.from(src, (ch) => ch.codePointAt(0) ?? 0);
  }

  parse(): Node {
    const node = this.#parseAlt({ flags: { i: false, m: false, s: false, U: false } });
    if (this.#pos < this.#cps.length) throw syntaxError('unexpected )', this.#src);
    return node;
  }

  #peek(offset = 0): number | undefined {
    return this.#cps[this.#pos + offset];
  }

  #is(ch: string, offset = 0): boolean {
    return this.#peek(offset) === ch.codePointAt(0);
  }

  #rest(): string {
    return String.fromCodePoint(...this.#cps.slice(this.#pos));
  }

  // Alternation: concat ('|' concat)*. A flag change like (?i) lasts to the end of the enclosing group.
  #parseAlt(state: GroupState): Node {
    if (++this.#depth > MAX_DEPTH) throw syntaxError('expression nests too deeply', this.#src);
    const alts = [this.#parseConcat(state)];
    while (this.#is('|')) {
      this.#pos++;
      alts.push(this.#parseConcat(state));
    }
    this.#depth--;
    return alts.length === 1 ? (alts[0] as Node) : { k: 'alt', alts };
  }

  // Concatenation: (atom | repetition)*, up to '|', ')' or the end.
  #parseConcat(state: GroupState): Node {
    const items: Node[] = [];
    let lastWasRepeat = false;
    for (;;) {
      const c = this.#peek();
      if (c === undefined || this.#is('|') || this.#is(')')) break;
      const start = this.#pos;
      const ch = String.fromCodePoint(c);
      if (ch === '*' || ch === '+' || ch === '?') {
        this.#pos++;
        const [min, max] = ch === '*' ? [0, -1] : ch === '+' ? [1, -1] : [0, 1];
        this.#repeat(items, min, max, state.flags, lastWasRepeat, start);
        lastWasRepeat = true;
        continue;
      }
      if (ch === '{') {
        const spec = this.#parseRepeatSpec();
        if (spec) {
          const [min, max] = spec;
          if (min < 0 || min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) {
            throw syntaxError('invalid repeat count', this.#textFrom(start));
          }
          this.#repeat(items, min, max, state.flags, lastWasRepeat, start);
          lastWasRepeat = true;
          continue;
        }
      }
      lastWasRepeat = false;
      const atom = this.#parseAtom(state);
      if (atom) for (const a of atom) items.push(a);
    }
    return items.length === 1 ? (items[0] as Node) : { k: 'concat', items };
  }

  #textFrom(start: number): string {
    return String.fromCodePoint(...this.#cps.slice(start, this.#pos));
  }

  #repeat(items: Node[], min: number, max: number, flags: Flags, lastWasRepeat: boolean, start: number): void {
    let lazy = false;
    if (this.#is('?')) {
      this.#pos++;
      lazy = true;
    }
    if (lastWasRepeat) throw syntaxError('invalid nested repetition operator', this.#textFrom(start));
    const sub = items.pop();
    if (!sub) throw syntaxError('missing argument to repetition operator', this.#textFrom(start));
    const node: Node = { k: 'repeat', min, max, greedy: lazy === flags.U, sub };
    if ((min >= 2 || max >= 2) && !repeatIsValid(node, MAX_REPEAT)) {
      throw syntaxError('invalid repeat count', this.#textFrom(start));
    }
    items.push(node);
  }

  /** `{n}`, `{n,}`, `{n,m}`; undefined (and nothing consumed) when the braces are literal text. */
  #parseRepeatSpec(): [number, number] | undefined {
    const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(this.#rest());
    if (!m) return undefined;
    const [whole, a = '', comma, b = ''] = m;
    if ((a.length > 1 && a[0] === '0') || (b.length > 1 && b[0] === '0')) return undefined;
    const num = (s: string) => (s.length > 8 ? -1 : Number(s));
    const min = num(a);
    let max = comma ? (b === '' ? -1 : num(b)) : min;
    let minOut = min;
    if (comma && b !== '' && max < 0) minOut = -1;
    if (!comma && min < 0) max = -1;
    this.#pos += [...whole].length;
    return [minOut, max];
  }

  /** One atom, or several literal nodes (\Q…\E); undefined for a bare flag group. */
  #parseAtom(state: GroupState): Node[] | undefined {
    const flags = state.flags;
    const c = this.#peek() ?? 0;
    const ch = String.fromCodePoint(c);
    switch (ch) {
      case '(':
        return this.#parseGroup(state);
      case '^':
        this.#pos++;
        return [{ k: 'assert', what: flags.m ? 'bol' : 'bot' }];
      case '$':
        this.#pos++;
        return [{ k: 'assert', what: flags.m ? 'eol' : 'eot' }];
      case '.':
        this.#pos++;
        return [{ k: 'dot', nl: flags.s }];
      case '[':
        return [this.#parseClass(flags)];
      case '\\':
        return this.#parseBackslash(flags);
      default:
        this.#pos++;
        return [{ k: 'lit', cp: c, fold: flags.i }];
    }
  }

  #parseGroup(state: GroupState): Node[] | undefined {
    const start = this.#pos;
    if (!this.#is('?', 1)) {
      this.#pos++;
      const cap = this.names.length;
      this.names.push('');
      return [{ k: 'group', cap, body: this.#parseGroupBody(state.flags, start) }];
    }
    const named = this.#is('P', 2) && this.#is('<', 3) ? 4 : this.#is('<', 2) ? 3 : 0;
    if (named) {
      const rest = this.#cps.slice(this.#pos + named);
      const end = rest.indexOf(0x3e);
      if (end < 0) throw syntaxError('invalid named capture', this.#rest());
      const name = String.fromCodePoint(...rest.slice(0, end));
      this.#pos += named + end + 1;
      if (!/^[A-Za-z0-9_]+$/.test(name)) throw syntaxError('invalid named capture', this.#textFrom(start));
      const cap = this.names.length;
      this.names.push(name);
      return [{ k: 'group', cap, body: this.#parseGroupBody(state.flags, start) }];
    }
    // (?flags) or (?flags:re)
    this.#pos += 2;
    let flags = { ...state.flags };
    let negate = false;
    let sawFlag = false;
    for (;;) {
      const c = this.#peek();
      if (c === undefined) break;
      this.#pos++;
      const f = String.fromCodePoint(c);
      if (f === 'i' || f === 'm' || f === 's' || f === 'U') {
        flags = { ...flags, [f]: !negate };
        sawFlag = true;
        continue;
      }
      if (f === '-') {
        if (negate) break;
        negate = true;
        sawFlag = false;
        continue;
      }
      if (f === ':' || f === ')') {
        if (negate && !sawFlag) break;
        if (f === ')') {
          state.flags = flags;
          return undefined;
        }
        return [{ k: 'group', cap: null, body: this.#parseGroupBody(flags, start) }];
      }
      break;
    }
    throw syntaxError('invalid or unsupported Perl syntax', this.#textFrom(start));
  }

  #parseGroupBody(flags: Flags, start: number): Node {
    const body = this.#parseAlt({ flags });
    if (!this.#is(')')) throw syntaxError('missing closing )', String.fromCodePoint(...this.#cps.slice(start)));
    this.#pos++;
    return body;
  }

  #parseBackslash(flags: Flags): Node[] {
    const next = this.#peek(1);
    if (next === undefined) throw syntaxError('trailing backslash at end of expression', '');
    const n = String.fromCodePoint(next);
    const start = this.#pos;
    switch (n) {
      case 'A':
        this.#pos += 2;
        return [{ k: 'assert', what: 'bot' }];
      case 'z':
        this.#pos += 2;
        return [{ k: 'assert', what: 'eot' }];
      case 'b':
        this.#pos += 2;
        return [{ k: 'assert', what: 'wb' }];
      case 'B':
        this.#pos += 2;
        return [{ k: 'assert', what: 'nwb' }];
      case 'C':
        throw syntaxError('invalid escape sequence', '\\C');
      case 'Q': {
        const rest = this.#cps.slice(this.#pos + 2);
        let end = rest.findIndex((c, i) => c === 0x5c && rest[i + 1] === 0x45);
        if (end < 0) end = rest.length;
        this.#pos += 2 + Math.min(end + 2, rest.length);
        return rest.slice(0, end).map((cp) => ({ k: 'lit', cp, fold: flags.i }));
      }
      case 'p':
      case 'P':
        return [{ k: 'class', items: this.#parseUnicodeClass(), negated: false, fold: flags.i }];
      case 'd':
      case 'D':
      case 's':
      case 'S':
      case 'w':
      case 'W':
        this.#pos += 2;
        return [{ k: 'class', items: perlItems(n), negated: false, fold: flags.i }];
    }
    const cp = this.#parseEscape(start);
    return [{ k: 'lit', cp, fold: flags.i }];
  }

  /** `\pL`, `\PL`, `\p{Greek}`, `\p{^Greek}` at the current position. */
  #parseUnicodeClass(): ClassItem[] {
    const start = this.#pos;
    let neg = this.#is('P', 1);
    this.#pos += 2;
    let name: string;
    if (this.#is('{')) {
      const rest = this.#cps.slice(this.#pos);
      const end = rest.indexOf(0x7d);
      if (end < 0) throw syntaxError('invalid character class range', String.fromCodePoint(...this.#cps.slice(start)));
      name = String.fromCodePoint(...rest.slice(1, end));
      this.#pos += end + 1;
    } else {
      const c = this.#peek();
      if (c === undefined) throw syntaxError('invalid character class range', this.#textFrom(start));
      name = String.fromCodePoint(c);
      this.#pos++;
    }
    if (name.startsWith('^')) {
      neg = !neg;
      name = name.slice(1);
    }
    const prop = unicodeProperty(name);
    if (prop === undefined) throw syntaxError('invalid character class range', this.#textFrom(start));
    return [{ prop, neg }];
  }

  /** A single-character escape (the backslash is at `start`): C escapes, octal, hex, escaped punctuation. */
  #parseEscape(start: number): number {
    this.#pos = start + 1;
    const c = this.#peek();
    if (c === undefined) throw syntaxError('trailing backslash at end of expression', '');
    this.#pos++;
    const bad = () => syntaxError('invalid escape sequence', this.#textFrom(start));
    const isOctal = (x: number | undefined) => x !== undefined && x >= 0x30 && x <= 0x37;
    if (c < 0x80 && !isAsciiAlnum(c) && c !== 0x5f) return c;
    if (c === 0x5f) return c;
    if ((c >= 0x31 && c <= 0x37 && isOctal(this.#peek())) || c === 0x30) {
      let r = c - 0x30;
      for (let i = 1; i < 3 && isOctal(this.#peek()); i++) {
        r = r * 8 + ((this.#peek() ?? 0x30) - 0x30);
        this.#pos++;
      }
      return r;
    }
    switch (String.fromCodePoint(c)) {
      case 'x': {
        const first = this.#peek();
        if (first === undefined) throw bad();
        this.#pos++;
        if (first === 0x7b) {
          let r = 0;
          let digits = 0;
          for (;;) {
            const d = this.#peek();
            if (d === undefined) throw bad();
            this.#pos++;
            if (d === 0x7d) break;
            const v = hexValue(d);
            if (v < 0) throw bad();
            r = r * 16 + v;
            if (r > MAX_RUNE) throw bad();
            digits++;
          }
          if (digits === 0) throw bad();
          return r;
        }
        const second = this.#peek();
        if (second === undefined) throw bad();
        this.#pos++;
        const x = hexValue(first);
        const y = hexValue(second);
        if (x < 0 || y < 0) throw bad();
        return x * 16 + y;
      }
      case 'a':
        return 0x07;
      case 'f':
        return 0x0c;
      case 'n':
        return 0x0a;
      case 'r':
        return 0x0d;
      case 't':
        return 0x09;
      case 'v':
        return 0x0b;
      default:
        throw bad();
    }
  }

  #parseClass(flags: Flags): Node {
    const start = this.#pos;
    this.#pos++;
    let negated = false;
    if (this.#is('^')) {
      negated = true;
      this.#pos++;
    }
    const items: ClassItem[] = [];
    let first = true;
    const missing = () => syntaxError('missing closing ]', String.fromCodePoint(...this.#cps.slice(start)));
    for (;;) {
      const c = this.#peek();
      if (c === undefined) throw missing();
      if (c === 0x5d && !first) {
        this.#pos++;
        break;
      }
      first = false;
      if (c === 0x5b && this.#is(':', 1)) {
        const named = this.#parseNamedClass();
        if (named) {
          items.push(...named);
          continue;
        }
      }
      if (c === 0x5c) {
        const n = this.#peek(1);
        const nch = n === undefined ? '' : String.fromCodePoint(n);
        if (nch === 'p' || nch === 'P') {
          items.push(...this.#parseUnicodeClass());
          continue;
        }
        if ('dDsSwW'.includes(nch) && nch !== '') {
          this.#pos += 2;
          items.push(...perlItems(nch));
          continue;
        }
      }
      const rangeStart = this.#pos;
      const lo = this.#parseClassChar(missing);
      let hi = lo;
      if (this.#is('-') && this.#peek(1) !== undefined && !this.#is(']', 1)) {
        this.#pos++;
        hi = this.#parseClassChar(missing);
        if (hi < lo) throw syntaxError('invalid character class range', this.#textFrom(rangeStart));
      }
      items.push({ lo, hi });
    }
    return { k: 'class', items, negated, fold: flags.i };
  }

  #parseClassChar(missing: () => GoError): number {
    const c = this.#peek();
    if (c === undefined) throw missing();
    if (c === 0x5c) return this.#parseEscape(this.#pos);
    this.#pos++;
    return c;
  }

  /** `[:alpha:]` or `[:^alpha:]`; undefined when there is no closing `:]` (then `[` is a literal). */
  #parseNamedClass(): ClassItem[] | undefined {
    const rest = this.#cps.slice(this.#pos + 2);
    const end = rest.findIndex((c, i) => c === 0x3a && rest[i + 1] === 0x5d);
    if (end < 0) return undefined;
    const text = String.fromCodePoint(...rest.slice(0, end));
    const negate = text.startsWith('^');
    const key = negate ? text.slice(1) : text;
    if (!Object.hasOwn(POSIX, key)) throw syntaxError('invalid character class range', `[:${text}:]`);
    this.#pos += end + 4;
    return rangeItems(POSIX[key] ?? [], negate);
  }
}

function perlItems(letter: string): ClassItem[] {
  const lower = letter.toLowerCase();
  return rangeItems(PERL[lower] ?? [], letter !== lower);
}

function repeatIsValid(node: Node, n: number): boolean {
  let budget = n;
  if (node.k === 'repeat') {
    let m = node.max;
    if (m === 0) return true;
    if (m < 0) m = node.min;
    if (m > budget) return false;
    if (m > 0) budget = Math.floor(budget / m);
  }
  switch (node.k) {
    case 'repeat':
      return repeatIsValid(node.sub, budget);
    case 'group':
      return repeatIsValid(node.body, budget);
    case 'concat':
      return node.items.every((x) => repeatIsValid(x, budget));
    case 'alt':
      return node.alts.every((x) => repeatIsValid(x, budget));
    default:
      return true;
  }
}

// --- JS emission ------------------------------------------------------------------------------------------------

function escapeCodePoint(cp: number): string {
  return isAsciiAlnum(cp) || cp === 0x5f ? String.fromCodePoint(cp) : `\\u{${cp.toString(16)}}`;
}

function emitItems(items: readonly ClassItem[]): string {
  return items
    .map((item) => {
      if ('prop' in item) return `\\${item.neg ? 'P' : 'p'}{${item.prop}}`;
      return item.lo === item.hi ? escapeCodePoint(item.lo) : `${escapeCodePoint(item.lo)}-${escapeCodePoint(item.hi)}`;
    })
    .join('');
}

function hasMixedCase(node: Node): { folded: boolean; exact: boolean } {
  const acc = { folded: false, exact: false };
  const visit = (n: Node): void => {
    switch (n.k) {
      case 'lit':
      case 'class':
        if (n.fold) acc.folded = true;
        else acc.exact = true;
        break;
      case 'group':
        visit(n.body);
        break;
      case 'repeat':
        visit(n.sub);
        break;
      case 'concat':
        n.items.forEach(visit);
        break;
      case 'alt':
        n.alts.forEach(visit);
        break;
      default:
        break;
    }
  };
  visit(node);
  return acc;
}

class Emitter {
  readonly #manualFold: boolean;

  constructor(manualFold: boolean) {
    this.#manualFold = manualFold;
  }

  emit(node: Node): string {
    switch (node.k) {
      case 'lit': {
        if (this.#manualFold && node.fold) {
          const orbit = foldOrbit(node.cp);
          if (orbit.length > 1) return `[${orbit.map(escapeCodePoint).join('')}]`;
        }
        return escapeCodePoint(node.cp);
      }
      case 'class': {
        const items = this.#manualFold && node.fold ? foldItems(node.items) : node.items;
        return `[${node.negated ? '^' : ''}${emitItems(items)}]`;
      }
      case 'dot':
        return node.nl ? '[\\s\\S]' : '[^\\n]';
      case 'assert':
        return { bot: '^', eot: '$', bol: '(?<![^\\n])', eol: '(?![^\\n])', wb: '\\b', nwb: '\\B' }[node.what];
      case 'group':
        return node.cap === null ? `(?:${this.emit(node.body)})` : `(${this.emit(node.body)})`;
      case 'concat':
        return node.items.map((x) => (x.k === 'alt' ? `(?:${this.emit(x)})` : this.emit(x))).join('');
      case 'alt':
        return node.alts.map((x) => this.emit(x)).join('|');
      case 'repeat': {
        const sub = node.sub;
        const atom = sub.k === 'lit' || sub.k === 'class' || sub.k === 'dot' || sub.k === 'group';
        const body = atom ? this.emit(sub) : `(?:${this.emit(sub)})`;
        const { min, max } = node;
        const q =
          min === 0 && max === -1 ? '*'
          : min === 1 && max === -1 ? '+'
          : min === 0 && max === 1 ? '?'
          : max === -1 ? `{${min},}`
          : min === max ? `{${min}}`
          : `{${min},${max}}`;
        return body + q + (node.greedy ? '' : '?');
      }
    }
  }
}

/** Parses a Go regexp and returns equivalent JS RegExp source and flags; Go's syntax errors throw GoError. */
export function translateGoRegexp(pattern: string): TranslatedRegexp {
  const parser = new GoRegexpParser(pattern);
  const tree = parser.parse();
  const { folded, exact } = hasMixedCase(tree);
  const useIgnoreCase = folded && !exact;
  const source = new Emitter(folded && exact).emit(tree);
  return { source, flags: useIgnoreCase ? 'iu' : 'u', names: parser.names };
}
