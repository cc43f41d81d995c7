/**
 * @module
 * sigs.k8s.io/yaml over go-yaml v2, the YAML Istio's injector writes and reads:
 *
 * - `marshalYAML` = `yaml.Marshal`: encoding/json first, then the JSON re-read by go-yaml v2 (YAML 1.1 scalar
 *   resolution: integers stay integers, other numbers become floats printed with %g) and written by go-yaml v2's
 *   emitter (libyaml's rules: sorted keys in go-yaml's "natural" order, block style, indentless sequences under keys,
 *   quoting only where YAML 1.1 would misread, literal blocks for multi-line strings, folding at 80 columns).
 * - `unmarshalYAML11` = `yaml.Unmarshal` into `interface {}`: the first document parsed with the `yaml` package,
 *   plain scalars resolved by go-yaml v2's YAML 1.1 rules, keys converted to strings, numbers as float64. Rendered
 *   template output (every injection parses one) first goes through the small reader of yaml-fast.ts, ~30× faster;
 *   it resolves scalars with the same code and hands anything outside its subset back to the full path.
 *
 * Deviation: parse error messages come from the `yaml` package (`yaml: line N: <its message>`), not libyaml.
 */
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node } from 'yaml';
import { T } from './types.ts';
import { GoError, GoValue, utf8Length } from './value.ts';
import { marshal } from './json.ts';
import { UNSUPPORTED } from './yaml-fast.ts';
import { RememberingFastReader } from './yaml-reuse.ts';
import { formatFloat, parseFloat, parseInt, parseUint, quote, runeCount, utf8String } from './strconv.ts';
import { withoutStackTraces } from '../yaml/stackless.ts';

// --- YAML 1.1 scalar resolution (go-yaml v2 resolve.go) --------------------------------------------------------------

const TAG_PREFIX = 'tag:yaml.org,2002:';

/** A resolved plain scalar: its go-yaml type and value (ints beyond 2^53 keep their exact text in `text`). */
export type Resolved =
  | { readonly tag: 'null'; readonly value: null }
  | { readonly tag: 'bool'; readonly value: boolean }
  | { readonly tag: 'int' | 'uint'; readonly value: number; readonly text: string }
  | { readonly tag: 'float'; readonly value: number }
  | { readonly tag: 'str' | 'timestamp'; readonly value: string }
  | { readonly tag: 'merge'; readonly value: '<<' };

const RESOLVE_MAP = new Map<string, Resolved>();
for (const s of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']) RESOLVE_MAP.set(s, { tag: 'bool', value: true });
for (const s of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']) RESOLVE_MAP.set(s, { tag: 'bool', value: false });
for (const s of ['', '~', 'null', 'Null', 'NULL']) RESOLVE_MAP.set(s, { tag: 'null', value: null });
for (const s of ['.nan', '.NaN', '.NAN']) RESOLVE_MAP.set(s, { tag: 'float', value: NaN });
for (const s of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']) RESOLVE_MAP.set(s, { tag: 'float', value: Infinity });
for (const s of ['-.inf', '-.Inf', '-.INF']) RESOLVE_MAP.set(s, { tag: 'float', value: -Infinity });
RESOLVE_MAP.set('<<', { tag: 'merge', value: '<<' });

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

function hintOf(c: number): string {
  if (c === 0x2b || c === 0x2d) return 'S';
  if (c >= 0x30 && c <= 0x39) return 'D';
  if (c === 0x2e) return '.';
  // y Y n N t T f F o O ~
  if ('yYnNtTfFoO~'.includes(String.fromCharCode(c))) return 'M';
  return '';
}

/** Go integer literal syntax (base prefixes, sign); underscores are already removed. */
const INT_SYNTAX = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|[0-9]+)$/;

function tryInt(plain: string): Resolved | undefined {
  // Only literals that look like integers reach ParseInt, so the common strings never pay for an exception.
  if (!INT_SYNTAX.test(plain)) return undefined;
  try {
    const value = parseInt(plain, 0, 64);
    return { tag: 'int', value, text: BigInt.asIntN(64, bigOf(plain)).toString() };
  } catch {
    // not an int64
  }
  try {
    const value = parseUint(plain, 0, 64);
    return { tag: 'uint', value, text: bigOf(plain).toString() };
  } catch {
    return undefined;
  }
}

/** The exact integer a Go integer literal (already validated by ParseInt/ParseUint) denotes. */
function bigOf(plain: string): bigint {
  let s = plain;
  let neg = false;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  let n: bigint;
  const p = s.length >= 3 && s[0] === '0' ? s[1]?.toLowerCase() : undefined;
  if (p === 'x') n = BigInt('0x' + s.slice(2));
  else if (p === 'o') n = BigInt('0o' + s.slice(2));
  else if (p === 'b') n = BigInt('0b' + s.slice(2));
  else if (s.length > 1 && s[0] === '0') n = BigInt('0o' + s.slice(1));
  else n = BigInt(s);
  return neg ? -n : n;
}

/** go-yaml v2's timestamp check: 4 digits, '-', then one of its layouts must parse (values stay strings). */
const TIMESTAMP =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?(?:Z|[+-]\d\d:\d\d))|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?))?$/;

function isTimestamp(s: string): boolean {
  const m = TIMESTAMP.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] as number;
  if (day < 1 || day > days) return false;
  const h = m[4] ?? m[7];
  if (h !== undefined) {
    const min = Number(m[5] ?? m[8]);
    const sec = Number(m[6] ?? m[9]);
    if (Number(h) > 23 || min > 59 || sec > 59) return false;
  }
  return true;
}

/**
 * go-yaml v2's resolve() of a plain scalar (tag '') or of a scalar with an explicit standard tag (`int`, `str`, …
 * without the `tag:yaml.org,2002:` prefix). Throws GoError `yaml: cannot decode !!str `x` as a !!int` on a mismatch.
 */
export function resolveScalar(text: string, tag = ''): Resolved {
  const resolved = resolvePlain(text, tag);
  if (tag === '' || tag === resolved.tag || tag === 'str' || tag === 'binary') return resolved;
  if (tag === 'float' && (resolved.tag === 'int' || resolved.tag === 'uint')) return { tag: 'float', value: resolved.value };
  throw new GoError(`yaml: cannot decode !!${resolved.tag} \`${text}\` as a !!${tag}`);
}

function resolvePlain(text: string, tag: string): Resolved {
  const hint = text === '' ? 'N' : hintOf(text.charCodeAt(0));
  if (hint === '' || tag === 'str' || tag === 'binary') return { tag: 'str', value: text };
  const known = RESOLVE_MAP.get(text);
  if (known) return known;
  if (hint === '.') {
    if (!/^\.[0-9]/.test(text)) return { tag: 'str', value: text };
    try {
      return { tag: 'float', value: parseFloat(text, 64) };
    } catch {
      return { tag: 'str', value: text };
    }
  }
  if (hint === 'D' || hint === 'S') {
    if ((tag === '' || tag === 'timestamp') && isTimestamp(text)) return { tag: 'timestamp', value: text };
    const plain = text.replaceAll('_', '');
    const n = tryInt(plain);
    if (n) return n;
    if (YAML_STYLE_FLOAT.test(plain)) {
      try {
        return { tag: 'float', value: parseFloat(plain, 64) };
      } catch {
        // out of range: a string
      }
    }
  }
  return { tag: 'str', value: text };
}

const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

function isBase60Float(s: string): boolean {
  if (s === '' || !s.includes(':')) return false;
  const c = s.charCodeAt(0);
  if (!(c === 0x2b || c === 0x2d || (c >= 0x30 && c <= 0x39))) return false;
  return BASE60_FLOAT.test(s);
}

// --- go-yaml v2 map key order (sorter.go) ----------------------------------------------------------------------------

const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;

function isLetter(cp: number): boolean {
  if (cp < 0x80) return (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
  return LETTER.test(String.fromCodePoint(cp));
}

function isDigit(cp: number): boolean {
  if (cp < 0x80) return cp >= 0x30 && cp <= 0x39;
  return DIGIT.test(String.fromCodePoint(cp));
}

function codePoints(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out.push(0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00));
        i++;
        continue;
      }
    }
    out.push(c >= 0xd800 && c <= 0xdfff ? 0xfffd : c);
  }
  return out;
}

function hasSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) return true;
  }
  return false;
}

/** go-yaml v2's keyList.Less for two string keys: letters before other runs, digit runs compared as numbers. */
export function yamlKeyLess(a: string, b: string): boolean {
  // Without surrogates, UTF-16 units are the runes: index the strings directly.
  if (!hasSurrogate(a) && !hasSurrogate(b)) return runesLess(a.length, b.length, (i) => a.charCodeAt(i), (i) => b.charCodeAt(i));
  const ar = codePoints(a);
  const br = codePoints(b);
  return runesLess(ar.length, br.length, (i) => ar[i] as number, (i) => br[i] as number);
}

function runesLess(na: number, nb: number, at: (i: number) => number, bt: (i: number) => number): boolean {
  for (let i = 0; i < na && i < nb; i++) {
    const x = at(i);
    const y = bt(i);
    if (x === y) continue;
    const al = isLetter(x);
    const bl = isLetter(y);
    if (al && bl) return x < y;
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (x === 0x30 || y === 0x30) {
      for (let j = i - 1; j >= 0 && isDigit(at(j)); j--) {
        if (at(j) !== 0x30) {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < na && isDigit(at(ai)); ai++) an = an * 10 + (at(ai) - 0x30);
    let bi = i;
    for (; bi < nb && isDigit(bt(bi)); bi++) bn = bn * 10 + (bt(bi) - 0x30);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return x < y;
  }
  return na < nb;
}

function compareKeys(a: string, b: string): number {
  return yamlKeyLess(a, b) ? -1 : yamlKeyLess(b, a) ? 1 : 0;
}

/** Keys in go-yaml order; insertion sort for small maps (cheaper than Array#sort there). */
function sortKeys(keys: string[]): string[] {
  if (keys.length > 16) return keys.sort(compareKeys);
  for (let i = 1; i < keys.length; i++) {
    const x = keys[i] as string;
    let j = i - 1;
    while (j >= 0 && yamlKeyLess(x, keys[j] as string)) {
      keys[j + 1] = keys[j] as string;
      j--;
    }
    keys[j + 1] = x;
  }
  return keys;
}

// --- emitter (go-yaml v2 emitterc.go, block style) --------------------------------------------------------------------

type ScalarStyle = 'plain' | 'single' | 'double' | 'literal';

type EmitNode =
  | { readonly kind: 'scalar'; readonly value: string; readonly style: ScalarStyle }
  | { readonly kind: 'seq'; readonly items: EmitNode[] }
  | { readonly kind: 'map'; readonly entries: [EmitNode, EmitNode][] };

interface Analysis {
  multiline: boolean;
  flowPlain: boolean;
  blockPlain: boolean;
  singleQuoted: boolean;
  block: boolean;
}

const BEST_INDENT = 2;
const BEST_WIDTH = 80;

function isBreak(cp: number): boolean {
  return cp === 0x0a || cp === 0x0d || cp === 0x85 || cp === 0x2028 || cp === 0x2029;
}

function isBlank(cp: number | undefined): boolean {
  return cp === 0x20 || cp === 0x09;
}

function isBlankz(cp: number | undefined): boolean {
  return cp === undefined || cp === 0 || isBlank(cp) || isBreak(cp);
}

/** The rune at i (a surrogate pair is one rune of width 2; a lone surrogate is U+FFFD). */
function runeAt(s: string, i: number): { r: number; width: number } {
  const c = s.charCodeAt(i);
  if (c < 0xd800 || c > 0xdfff) return { r: c, width: 1 };
  if (c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return { r: 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00), width: 2 };
  }
  return { r: 0xfffd, width: 1 };
}

function isPrintable(cp: number): boolean {
  return (
    cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
  );
}

function analyze(value: string): Analysis {
  const n = value.length;
  if (n === 0) return { multiline: false, flowPlain: false, blockPlain: true, singleQuoted: true, block: false };
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  if (n >= 3 && (value.startsWith('---') || value.startsWith('...'))) {
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByWhitespace = true;
  for (let i = 0; i < n; i++) {
    const { r: c, width } = runeAt(value, i);
    const followedByWhitespace = i + width >= n || isBlank(value.charCodeAt(i + width));
    if (i === 0) {
      switch (c) {
        case 0x23: // #
        case 0x2c: // ,
        case 0x5b: // [
        case 0x5d: // ]
        case 0x7b: // {
        case 0x7d: // }
        case 0x26: // &
        case 0x2a: // *
        case 0x21: // !
        case 0x7c: // |
        case 0x3e: // >
        case 0x27: // '
        case 0x22: // "
        case 0x25: // %
        case 0x40: // @
        case 0x60: // `
          flowIndicators = true;
          blockIndicators = true;
          break;
        case 0x3f: // ?
        case 0x3a: // :
          flowIndicators = true;
          if (followedByWhitespace) blockIndicators = true;
          break;
        case 0x2d: // -
          if (followedByWhitespace) {
            flowIndicators = true;
            blockIndicators = true;
          }
          break;
      }
    } else {
      switch (c) {
        case 0x2c:
        case 0x3f:
        case 0x5b:
        case 0x5d:
        case 0x7b:
        case 0x7d:
          flowIndicators = true;
          break;
        case 0x3a:
          flowIndicators = true;
          if (followedByWhitespace) blockIndicators = true;
          break;
        case 0x23:
          if (precededByWhitespace) {
            flowIndicators = true;
            blockIndicators = true;
          }
          break;
      }
    }
    if (!isPrintable(c)) special = true;
    if (c === 0x20) {
      if (i === 0) leadingSpace = true;
      if (i === n - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === n - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankz(c);
    i += width - 1;
  }
  const a: Analysis = { multiline: lineBreaks, flowPlain: true, blockPlain: true, singleQuoted: true, block: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.flowPlain = a.blockPlain = false;
  if (trailingSpace) a.block = false;
  if (breakSpace) a.flowPlain = a.blockPlain = a.singleQuoted = false;
  if (spaceBreak || special) a.flowPlain = a.blockPlain = a.singleQuoted = a.block = false;
  if (lineBreaks) a.flowPlain = a.blockPlain = false;
  if (flowIndicators) a.flowPlain = false;
  if (blockIndicators) a.blockPlain = false;
  return a;
}

const HEX_UPPER = '0123456789ABCDEF';

class Emitter {
  out = '';
  column = 0;
  whitespace = true;
  indention = true;
  indent = -1;
  readonly indents: number[] = [];
  flowLevel = 0;
  simpleKeyContext = false;
  mappingContext = false;

  put(s: string): void {
    this.out += s;
    this.column++;
  }

  putBreak(): void {
    this.out += '\n';
    this.column = 0;
  }

  /** Writes one code point. */
  writeCp(cp: number): void {
    this.out += String.fromCodePoint(cp);
    this.column++;
  }

  /** Writes a break character: `\n` as a line break, others verbatim (they still end the line). */
  writeBreak(cp: number): void {
    if (cp === 0x0a) this.putBreak();
    else {
      this.out += String.fromCodePoint(cp);
      this.column = 0;
    }
  }

  increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  popIndent(): void {
    this.indent = this.indents.pop() ?? -1;
  }

  writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.out += indicator;
    this.column += indicator.length;
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  // --- nodes ---

  node(n: EmitNode, mapping: boolean, simpleKey: boolean): void {
    this.mappingContext = mapping;
    this.simpleKeyContext = simpleKey;
    switch (n.kind) {
      case 'scalar':
        this.scalar(n.value, n.style);
        return;
      case 'seq':
        if (this.flowLevel > 0 || n.items.length === 0) this.flowSequence(n.items);
        else this.blockSequence(n.items);
        return;
      case 'map':
        if (this.flowLevel > 0 || n.entries.length === 0) this.flowMapping(n.entries);
        else this.blockMapping(n.entries);
        return;
    }
  }

  blockSequence(items: readonly EmitNode[]): void {
    this.increaseIndent(false, this.mappingContext && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.node(item, false, false);
    }
    this.popIndent();
  }

  blockMapping(entries: readonly [EmitNode, EmitNode][]): void {
    this.increaseIndent(false, false);
    for (const [key, value] of entries) {
      this.writeIndent();
      if (isSimpleKey(key)) {
        this.node(key, true, true);
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.node(key, true, false);
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.node(value, true, false);
    }
    this.popIndent();
  }

  flowSequence(items: readonly EmitNode[]): void {
    this.writeIndicator('[', true, true, false);
    this.increaseIndent(true, false);
    this.flowLevel++;
    items.forEach((item, i) => {
      if (i > 0) this.writeIndicator(',', false, false, false);
      if (this.column > BEST_WIDTH) this.writeIndent();
      this.node(item, false, false);
    });
    this.flowLevel--;
    this.popIndent();
    this.writeIndicator(']', false, false, false);
  }

  flowMapping(entries: readonly [EmitNode, EmitNode][]): void {
    this.writeIndicator('{', true, true, false);
    this.increaseIndent(true, false);
    this.flowLevel++;
    entries.forEach(([key, value], i) => {
      if (i > 0) this.writeIndicator(',', false, false, false);
      if (this.column > BEST_WIDTH) this.writeIndent();
      if (isSimpleKey(key)) {
        this.node(key, true, true);
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, false);
        this.node(key, true, false);
        if (this.column > BEST_WIDTH) this.writeIndent();
        this.writeIndicator(':', true, false, false);
      }
      this.node(value, true, false);
    });
    this.flowLevel--;
    this.popIndent();
    this.writeIndicator('}', false, false, false);
  }

  scalar(value: string, requested: ScalarStyle): void {
    const a = analyze(value);
    let style = requested;
    if (this.simpleKeyContext && a.multiline) style = 'double';
    if (style === 'plain') {
      if ((this.flowLevel > 0 && !a.flowPlain) || (this.flowLevel === 0 && !a.blockPlain)) style = 'single';
      if (value.length === 0 && (this.flowLevel > 0 || this.simpleKeyContext)) style = 'single';
    }
    if (style === 'single' && !a.singleQuoted) style = 'double';
    if (style === 'literal' && (!a.block || this.flowLevel > 0 || this.simpleKeyContext)) style = 'double';
    this.increaseIndent(true, false);
    const allowBreaks = !this.simpleKeyContext;
    switch (style) {
      case 'plain':
        this.writePlain(value, allowBreaks);
        break;
      case 'single':
        this.writeSingle(value, allowBreaks);
        break;
      case 'double':
        this.writeDouble(value, allowBreaks);
        break;
      case 'literal':
        this.writeLiteral(value);
        break;
    }
    this.popIndent();
  }

  writePlain(value: string, allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    // Fast path: nothing to fold or break (plain scalars never hold breaks: they are multi-line).
    if (this.column + value.length <= BEST_WIDTH) {
      this.out += value;
      this.column += runeCount(value);
    } else {
      let spaces = false;
      let breaks = false;
      for (let i = 0; i < value.length; i++) {
        const { r: c, width } = runeAt(value, i);
        i += width - 1;
        if (c === 0x20) {
          if (allowBreaks && !spaces && this.column > BEST_WIDTH && value.charCodeAt(i + 1) !== 0x20) this.writeIndent();
          else this.writeCp(c);
          spaces = true;
        } else if (isBreak(c)) {
          if (!breaks && c === 0x0a) this.putBreak();
          this.writeBreak(c);
          this.indention = true;
          breaks = true;
        } else {
          if (breaks) this.writeIndent();
          this.writeCp(c);
          this.indention = false;
          spaces = false;
          breaks = false;
        }
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  writeSingle(value: string, allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    const n = value.length;
    for (let i = 0; i < n; i++) {
      const { r: c, width } = runeAt(value, i);
      i += width - 1;
      if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < n - 1 && value.charCodeAt(i + 1) !== 0x20) this.writeIndent();
        else this.writeCp(c);
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === 0x27) this.put("'");
        this.writeCp(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  writeDouble(value: string, allowBreaks: boolean): void {
    let spaces = false;
    this.writeIndicator('"', true, false, false);
    const n = value.length;
    for (let i = 0; i < n; i++) {
      const { r: c, width } = runeAt(value, i);
      i += width - 1;
      if (!isPrintable(c) || c === 0xfeff || isBreak(c) || c === 0x22 || c === 0x5c) {
        this.put('\\');
        switch (c) {
          case 0x00:
            this.put('0');
            break;
          case 0x07:
            this.put('a');
            break;
          case 0x08:
            this.put('b');
            break;
          case 0x09:
            this.put('t');
            break;
          case 0x0a:
            this.put('n');
            break;
          case 0x0b:
            this.put('v');
            break;
          case 0x0c:
            this.put('f');
            break;
          case 0x0d:
            this.put('r');
            break;
          case 0x1b:
            this.put('e');
            break;
          case 0x22:
            this.put('"');
            break;
          case 0x5c:
            this.put('\\');
            break;
          case 0x85:
            this.put('N');
            break;
          case 0xa0:
            this.put('_');
            break;
          case 0x2028:
            this.put('L');
            break;
          case 0x2029:
            this.put('P');
            break;
          default: {
            const [letter, width] = c <= 0xff ? ['x', 2] : c <= 0xffff ? ['u', 4] : ['U', 8];
            this.put(letter);
            for (let k = (width - 1) * 4; k >= 0; k -= 4) this.put(HEX_UPPER[(c >> k) & 0xf] as string);
          }
        }
        spaces = false;
      } else if (c === 0x20) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < n - 1) {
          this.writeIndent();
          if (value.charCodeAt(i + 1) === 0x20) this.put('\\');
        } else {
          this.writeCp(c);
        }
        spaces = true;
      } else {
        this.writeCp(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  writeLiteral(value: string): void {
    this.writeIndicator('|', true, false, false);
    // Block scalar hints: an indentation indicator when the text starts with a space or break; chomping.
    const cps = codePoints(value);
    if (cps[0] === 0x20 || isBreak(cps[0] ?? 0)) this.writeIndicator(String(BEST_INDENT), false, false, false);
    const n = cps.length;
    let chomp = '';
    if (n === 0 || !isBreak(cps[n - 1] as number)) chomp = '-';
    else if (n === 1 || isBreak(cps[n - 2] as number)) chomp = '+';
    if (chomp) this.writeIndicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of cps) {
      if (isBreak(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.writeCp(c);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

function isSimpleKey(n: EmitNode): boolean {
  switch (n.kind) {
    case 'scalar': {
      for (let i = 0; i < n.value.length; i++) if (isBreak(n.value.charCodeAt(i))) return false;
      return n.value.length <= 42 || utf8Length(n.value) <= 128;
    }
    case 'seq':
      return n.items.length === 0;
    case 'map':
      return n.entries.length === 0;
  }
}

/** The style go-yaml's encoder asks for a string (stringv): literal with a newline, plain if it reads back as a string. */
function stringNode(s: string): EmitNode {
  if (s.includes('\n')) return { kind: 'scalar', value: s, style: 'literal' };
  const plain = resolvePlain(s, '').tag === 'str' && !isBase60Float(s);
  return { kind: 'scalar', value: s, style: plain ? 'plain' : 'double' };
}

function emit(root: EmitNode): string {
  const e = new Emitter();
  e.node(root, false, false);
  e.writeIndent();
  return e.out;
}

// --- JSON → YAML (sigs.k8s.io/yaml JSONToYAML) -------------------------------------------------------------------------

/** Reads JSON text (as produced by encoding/json) into emitter nodes with go-yaml v2's typing of the values. */
function jsonToNodes(json: string): EmitNode {
  let i = 0;
  const n = json.length;
  const skip = (): void => {
    while (i < n) {
      const c = json.charCodeAt(i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      i++;
    }
  };
  const str = (): string => {
    const end = json.indexOf('"', i + 1);
    // Fast path: no escapes.
    const raw = json.slice(i + 1, end);
    if (!raw.includes('\\') && !raw.includes('\u0085')) {
      i = end + 1;
      return raw;
    }
    let j = i + 1;
    for (;;) {
      const c = json.charCodeAt(j);
      if (c === 0x5c) j += 2;
      else if (c === 0x22) break;
      else j++;
    }
    const text = json.slice(i, j + 1);
    i = j + 1;
    return text.includes('\u0085') ? foldNEL(text) : (JSON.parse(text) as string);
  };
  const value = (): EmitNode => {
    skip();
    const c = json.charCodeAt(i);
    if (c === 0x7b) {
      i++;
      const byKey = new Map<string, EmitNode>();
      skip();
      if (json.charCodeAt(i) === 0x7d) i++;
      else {
        for (;;) {
          skip();
          const k = str();
          skip();
          i++; // :
          byKey.set(k, value());
          skip();
          if (json.charCodeAt(i++) === 0x7d) break;
        }
      }
      const keys = sortKeys([...byKey.keys()]);
      return { kind: 'map', entries: keys.map((k) => [stringNode(k), byKey.get(k) as EmitNode]) };
    }
    if (c === 0x5b) {
      i++;
      const items: EmitNode[] = [];
      skip();
      if (json.charCodeAt(i) === 0x5d) i++;
      else {
        for (;;) {
          items.push(value());
          skip();
          if (json.charCodeAt(i++) === 0x5d) break;
        }
      }
      return { kind: 'seq', items };
    }
    if (c === 0x22) return stringNode(str());
    let j = i;
    for (; j < n; j++) {
      const d = json.charCodeAt(j);
      if (d === 0x2c || d === 0x5d || d === 0x7d || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) break;
    }
    const word = json.slice(i, j);
    i = j;
    return { kind: 'scalar', value: scalarText(resolvePlain(word, '')), style: 'plain' };
  };
  return value();
}

/**
 * A JSON string literal as go-yaml reads it as a YAML double-quoted scalar when it holds a raw NEL (U+0085), which
 * encoding/json leaves unescaped but YAML 1.1 treats as a line break: the break folds to a space (several to
 * newlines) and the spaces around it are dropped.
 */
function foldNEL(literal: string): string {
  let out = '';
  let spaces = '';
  let breaks = 0;
  let inBreak = false;
  const flush = (): void => {
    if (inBreak) out += breaks === 1 ? ' ' : '\n'.repeat(breaks - 1);
    else out += spaces;
    spaces = '';
    breaks = 0;
    inBreak = false;
  };
  for (let k = 1; k < literal.length - 1; k++) {
    const c = literal[k] as string;
    if (c === ' ') {
      if (!inBreak) spaces += c;
    } else if (c === '\u0085') {
      inBreak = true;
      breaks++;
    } else if (c === '\\') {
      flush();
      const e = literal[k + 1] as string;
      const len = e === 'u' ? 6 : 2;
      out += JSON.parse('"' + literal.slice(k, k + len) + '"') as string;
      k += len - 1;
    } else {
      flush();
      out += c;
    }
  }
  flush();
  return out;
}

/** How go-yaml v2 writes a resolved non-string scalar. */
function scalarText(r: Resolved): string {
  switch (r.tag) {
    case 'null':
      return 'null';
    case 'bool':
      return r.value ? 'true' : 'false';
    case 'int':
    case 'uint':
      return r.text;
    case 'float': {
      const s = formatFloat(r.value, 'g', -1, 64);
      return s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s;
    }
    default:
      return r.value;
  }
}

/**
 * Characters go-yaml's reader rejects (`yaml: control characters are not allowed`): C0 controls other than tab,
 * LF and CR, DEL, C1 controls other than NEL, U+FFFE and U+FFFF. encoding/json leaves DEL and C1 unescaped.
 */
const DISALLOWED = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f\ufffe\uffff]/;

/**
 * sigs.k8s.io/yaml.JSONToYAML: JSON text (from encoding/json) re-emitted by go-yaml v2. Ends with a newline.
 * Throws GoError `error converting JSON to YAML: yaml: control characters are not allowed` as Go does.
 */
export function jsonToYAML(json: string): string {
  if (DISALLOWED.test(json)) throw new GoError('error converting JSON to YAML: yaml: control characters are not allowed');
  return emit(jsonToNodes(json));
}

/**
 * sigs.k8s.io/yaml.Marshal (Istio's `toYaml`): json.Marshal, then go-yaml v2's YAML for that JSON. Throws GoError
 * for values encoding/json rejects.
 */
export function marshalYAML(v: GoValue): string {
  let json: string;
  try {
    json = marshal(v);
  } catch (e) {
    throw e instanceof GoError ? new GoError(`error marshaling into JSON: ${e.message}`) : e;
  }
  return jsonToYAML(json);
}

// --- YAML → JSON values (sigs.k8s.io/yaml Unmarshal into interface {}) --------------------------------------------------

export interface UnmarshalYAMLOptions {
  /** go-yaml's UnmarshalStrict: duplicate keys are errors (`yaml: unmarshal errors:\n  line N: key "x" already set in map`). */
  readonly strict?: boolean;
  /**
   * Keep go-yaml's scalar types instead of JSON's: ints as GoValue int (uint64 above int64), floats as GoValue
   * float64 (±Inf and NaN allowed). For string-typed targets, see yamlScalarToString.
   */
  readonly typed?: boolean;
  /**
   * false: read the text in full even when it differs from a remembered one only in scalars (yaml-reuse.ts), as a
   * benchmark baseline needs. The result is the same either way.
   */
  readonly remember?: boolean;
}

/** A YAML error with the 1-based line go-yaml reports (`yaml: line 3: …`). */
export class YAMLError extends GoError {
  readonly line: number | undefined;
  readonly column: number | undefined;
  constructor(message: string, line?: number, column?: number) {
    super(line === undefined ? `yaml: ${message}` : `yaml: line ${line}: ${message}`);
    this.line = line;
    this.column = column;
  }
}

// go-yaml v2's limits on alias expansion (decode.go allowedAliasRatio).
const ALIAS_RATIO_LOW = 400000;
const ALIAS_RATIO_HIGH = 4000000;

function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= ALIAS_RATIO_LOW) return 0.99;
  if (decodeCount >= ALIAS_RATIO_HIGH) return 0.1;
  return 0.99 - (0.89 * (decodeCount - ALIAS_RATIO_LOW)) / (ALIAS_RATIO_HIGH - ALIAS_RATIO_LOW);
}

function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

function base64Decode(s: string): number[] {
  const clean = s.replace(/[\r\n]/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) {
    throw new GoError('yaml: !!binary value contains invalid base64 data');
  }
  const out: number[] = [];
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < clean.length; i += 4) {
    const v = [0, 1, 2, 3].map((k) => alphabet.indexOf(clean[i + k] as string));
    const n = ((v[0] as number) << 18) | ((v[1] as number) << 12) | (Math.max(v[2] as number, 0) << 6) | Math.max(v[3] as number, 0);
    out.push((n >> 16) & 0xff);
    if (clean[i + 2] !== '=') out.push((n >> 8) & 0xff);
    if (clean[i + 3] !== '=') out.push(n & 0xff);
  }
  return out;
}

/** An integer rep: a number when exact, else a bigint (the value model's rep for full 64-bit integers). */
function exactInt(value: number, text: string): number | bigint {
  return Number.isSafeInteger(value) ? value : BigInt(text);
}

/** A decoded scalar before the JSON step. */
type Scalar = Resolved | { readonly tag: 'binary'; readonly value: string };

/** A decoded scalar's value after sigs.k8s.io/yaml's JSON step (or typed, see options): shared by both readers. */
function scalarJSON(s: Scalar, options: UnmarshalYAMLOptions): unknown {
  switch (s.tag) {
    case 'null':
      return null;
    case 'bool':
    case 'str':
    case 'timestamp':
    case 'binary':
      return s.value;
    case 'merge':
      return '<<';
    case 'int':
      if (options.typed) return new GoValue(T.int, exactInt(s.value, s.text));
      return Number(s.text);
    case 'uint':
      if (options.typed) return new GoValue(T.uint64, exactInt(s.value, s.text));
      return Number(s.text);
    case 'float':
      if (options.typed) return new GoValue(T.float64, s.value);
      if (!Number.isFinite(s.value)) throw new GoError(`json: unsupported value: ${formatFloat(s.value, 'g', -1, 64)}`);
      return s.value;
  }
}

/**
 * The JSON key of a mapping key that is a plain or quoted scalar (sigs.k8s.io/yaml: ints, floats as float32 %g,
 * bools), or undefined for keys that are errors (null, uint64) or a merge (`<<`): shared by both readers.
 */
function scalarKey(s: Scalar): string | undefined {
  switch (s.tag) {
    case 'str':
    case 'timestamp':
    case 'binary':
      return s.value;
    case 'int':
      return s.text;
    case 'float': {
      const f = formatFloat(s.value, 'g', -1, 32);
      return f === '+Inf' ? '.inf' : f === '-Inf' ? '-.inf' : f === 'NaN' ? '.nan' : f;
    }
    case 'bool':
      return String(s.value);
    case 'merge':
    case 'uint':
    case 'null':
      return undefined;
  }
}

class Decoder {
  decodeCount = 0;
  aliasCount = 0;
  aliasDepth = 0;
  readonly expanding = new Set<Node>();
  readonly doc: Document.Parsed;
  readonly lineOf: (offset: number) => number;
  readonly options: UnmarshalYAMLOptions;
  readonly strictErrors: string[] = [];

  constructor(doc: Document.Parsed, lineOf: (offset: number) => number, options: UnmarshalYAMLOptions) {
    this.doc = doc;
    this.lineOf = lineOf;
    this.options = options;
  }

  count(): void {
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (this.aliasCount > 100 && this.decodeCount > 1000 && this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)) {
      throw new YAMLError('document contains excessive aliasing');
    }
  }

  scalar(node: Node): Scalar {
    if (!isScalar(node)) throw new YAMLError('expected a scalar');
    const text = node.value === null || node.value === undefined ? '' : String(node.value);
    const tag = node.tag;
    if (tag === undefined) {
      if (node.type !== 'PLAIN') return { tag: 'str', value: text };
      return resolveScalar(text, '');
    }
    if (!tag.startsWith(TAG_PREFIX)) return { tag: 'str', value: text };
    const short = tag.slice(TAG_PREFIX.length);
    if (short === 'binary') return { tag: 'binary', value: utf8String(base64Decode(text)) };
    if (!['str', 'bool', 'int', 'float', 'null', 'timestamp'].includes(short)) return { tag: 'str', value: text };
    const r = resolveScalar(text, short);
    if (short === 'timestamp' && r.tag === 'timestamp') return r;
    if (short === 'timestamp') throw new GoError(`yaml: cannot decode !!${r.tag} \`${text}\` as a !!timestamp`);
    return r;
  }

  /** The node's value after sigs.k8s.io/yaml's JSON step (or typed, see options). */
  value(node: Node | null | undefined): unknown {
    if (node === null || node === undefined) return null;
    this.count();
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target) throw new YAMLError(`unknown anchor '${node.source}' referenced`);
      if (this.expanding.has(target)) throw new YAMLError(`anchor '${node.source}' value contains itself`);
      this.expanding.add(target);
      this.aliasDepth++;
      try {
        return this.value(target);
      } finally {
        this.aliasDepth--;
        this.expanding.delete(target);
      }
    }
    if (isSeq(node)) return node.items.map((item) => this.value(item as Node));
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      this.mapInto(node, out);
      return out;
    }
    return this.scalarValue(this.scalar(node));
  }

  scalarValue(s: Scalar): unknown {
    return scalarJSON(s, this.options);
  }

  mapInto(node: Node, out: Record<string, unknown>): void {
    if (!isMap(node)) throw new YAMLError('map merge requires map or sequence of maps as the value');
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      const valueNode = pair.value as Node | null;
      if (keyNode && isScalar(keyNode) && keyNode.type === 'PLAIN' && keyNode.tag === undefined && String(keyNode.value) === '<<') {
        this.merge(valueNode, out);
        continue;
      }
      const { key, goKey } = this.key(keyNode, valueNode);
      const value = this.value(valueNode);
      if (this.options.strict && Object.hasOwn(out, key)) {
        // UnmarshalStrict: report (with the value's line) and keep the first value.
        const at = valueNode?.range?.[0] ?? keyNode?.range?.[0];
        this.strictErrors.push(`line ${at === undefined ? 0 : this.lineOf(at)}: key ${goKey} already set in map`);
        continue;
      }
      setOwn(out, key, value);
    }
  }

  /**
   * A mapping key as a JSON string (sigs.k8s.io/yaml: ints, floats as float32 %g, bools; null and uint64 fail),
   * and as Go's %#v prints the go-yaml key (for strict-mode messages).
   */
  key(keyNode: Node | null, valueNode: Node | null): { key: string; goKey: string } {
    if (keyNode === null) throw new GoError('unsupported map key of type: <nil>, key: <nil>, value: ' + this.describe(valueNode));
    let node: Node = keyNode;
    this.count();
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target) throw new YAMLError(`unknown anchor '${node.source}' referenced`);
      node = target;
    }
    if (isMap(node) || isSeq(node)) throw new YAMLError(`invalid map key: ${this.describe(node)}`);
    const s = this.scalar(node);
    switch (s.tag) {
      case 'str':
      case 'timestamp':
      case 'binary':
      case 'merge':
        return { key: s.value, goKey: quote(s.value) };
      case 'int':
        return { key: s.text, goKey: s.text };
      case 'float':
        return { key: scalarKey(s) as string, goKey: formatFloat(s.value, 'g', -1, 64) };
      case 'bool':
        return { key: String(s.value), goKey: String(s.value) };
      case 'uint':
        throw new GoError(`unsupported map key of type: uint64, key: 0x${BigInt(s.text).toString(16)}, value: ${this.describe(valueNode)}`);
      case 'null':
        throw new GoError(`unsupported map key of type: <nil>, key: <nil>, value: ${this.describe(valueNode)}`);
    }
  }

  /** Roughly Go's %#v of a decoded node, for error messages. */
  describe(node: Node | null | undefined): string {
    if (node === null || node === undefined) return '<nil>';
    if (isScalar(node)) {
      try {
        const s = this.scalar(node);
        if (s.tag === 'null') return '<nil>';
        if (s.tag === 'int' || s.tag === 'uint') return s.text;
        if (typeof s.value === 'string') return quote(s.value);
        return String(s.value);
      } catch {
        return quote(String(node.value));
      }
    }
    if (isSeq(node)) return '[]interface {}{' + node.items.map((i) => this.describe(i as Node)).join(', ') + '}';
    if (isMap(node)) {
      return 'map[interface {}]interface {}{' + node.items.map((p) => this.describe(p.key as Node) + ':' + this.describe(p.value as Node)).join(', ') + '}';
    }
    return String(node);
  }

  /**
   * A `<<` merge key (go-yaml v2): the merged mapping's keys are set in place, overriding keys before the `<<`;
   * keys after it override the merged ones. In a sequence of mappings the earlier ones take precedence.
   */
  merge(node: Node | null, out: Record<string, unknown>): void {
    const fail = (): never => {
      throw new YAMLError('map merge requires map or sequence of maps as the value');
    };
    const mergeOne = (n: Node): void => {
      this.count();
      if (isAlias(n)) {
        const target = n.resolve(this.doc);
        if (!target) throw new YAMLError(`unknown anchor '${n.source}' referenced`);
        if (!isMap(target)) fail();
        this.aliasDepth++;
        try {
          this.mapInto(target, out);
        } finally {
          this.aliasDepth--;
        }
        return;
      }
      if (!isMap(n)) fail();
      this.mapInto(n, out);
    };
    if (node === null) return fail();
    if (isSeq(node)) {
      for (let k = node.items.length - 1; k >= 0; k--) mergeOne(node.items[k] as Node);
      return;
    }
    mergeOne(node);
  }
}

function lineCounter(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0x0a) starts.push(i + 1);
  return (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

function yamlErrorOf(err: { message: string; pos: [number, number] }, lineOf: (offset: number) => number): YAMLError {
  // The yaml package appends " at line L, column C:" and a source excerpt; go-yaml puts the line first.
  const message = (err.message.split(' at line ')[0] ?? err.message).split('\n')[0] ?? err.message;
  return new YAMLError(message, lineOf(err.pos[0]));
}

/**
 * sigs.k8s.io/yaml.Unmarshal into `interface {}` (go-yaml v2, YAML 1.1 resolution): objects (own keys, `__proto__`
 * safe), arrays, numbers as float64, strings, booleans, null. Only the first document is read, as go-yaml v2 does
 * (later documents are ignored, errors in them included). An empty document is null. Duplicate keys: the last wins
 * (go-yaml v2's Unmarshal; `strict` reports them). Errors are GoError / YAMLError with the line.
 */
export function unmarshalYAML11(text: string, options: UnmarshalYAMLOptions = {}): unknown {
  // The fast reader bounds its own nesting (MAX_FAST_DEPTH); the pre-scan, a long walk in cold code for a config's
  // 100 KiB of templates, guards the full parser only.
  if (!options.strict) {
    const fast = unmarshalYAML11Fast(text, options);
    if (fast !== UNSUPPORTED) return fast;
  }
  const deep = nestedTooDeep(text);
  if (deep !== undefined) throw new YAMLError(`collections are nested more than ${MAX_YAML_DEPTH} levels deep`, deep);
  return unmarshalYAML11Full(text, options);
}

/**
 * The deepest nesting read. Both readers recurse, and so does everything that handles the value after them; a text
 * nested deeper (a config or a template output of `[[[[…`) is refused before it is parsed, never a stack overflow.
 */
export const MAX_YAML_DEPTH = 500;

/**
 * The line where nesting may pass MAX_YAML_DEPTH, or undefined. A bound from one character scan: a block level takes
 * at least one column of indentation or an indicator (`- `, `? `, `: `) before its first node on the line, a flow
 * level an open bracket not yet closed (brackets in quoted text count too, which can only raise the bound).
 */
export function nestedTooDeep(text: string): number | undefined {
  if (text.length < MAX_YAML_DEPTH) return undefined;
  if (depthBound(text) <= MAX_YAML_DEPTH) return undefined;
  // From line end to bracket to line end (a configuration's templates hold thousands of `{{`), not character by
  // character: a long text is read once, at start-up, in code that has not warmed up.
  let flow = 0;
  let line = 1;
  let lead = leadingRun(text, 0);
  if (lead + 1 > MAX_YAML_DEPTH) return line;
  const special = /[\n[\]{}]/g;
  for (let match = special.exec(text); match !== null; match = special.exec(text)) {
    const c = text.charCodeAt(match.index);
    if (c === 0x0a) {
      line++;
      lead = leadingRun(text, match.index + 1);
    } else if (c === 0x5b || c === 0x7b) {
      flow++;
    } else if (flow > 0) {
      flow--;
    }
    if (lead + flow + 1 > MAX_YAML_DEPTH) return line;
  }
  return undefined;
}

/** The length of the run of indentation and indicators (space, tab, `-`, `?`, `:`) that starts at `start`. */
function leadingRun(text: string, start: number): number {
  let i = start;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x2d || c === 0x3f || c === 0x3a) i++;
    else return i - start;
  }
}

/**
 * A cheap upper bound of nestedTooDeep's `lead + flow + 1`: the longest leading run of a line plus every open bracket
 * of the text (found by indexOf, not by visiting each character), so that ordinary texts skip the exact scan.
 */
function depthBound(text: string): number {
  let opens = 0;
  for (let i = text.indexOf('['); i >= 0; i = text.indexOf('[', i + 1)) opens++;
  for (let i = text.indexOf('{'); i >= 0; i = text.indexOf('{', i + 1)) opens++;
  let maxLead = 0;
  for (let start = 0; start <= text.length; ) {
    const lead = leadingRun(text, start);
    if (lead > maxLead) maxLead = lead;
    const end = text.indexOf('\n', start + lead);
    if (end < 0) break;
    start = end + 1;
  }
  return maxLead + opens + 1;
}

const NOT_A_FAST_KEY = new Error('a key the fast reader leaves to the full parser');

/** Plain keys repeat across renders (`name`, `image`, …): their JSON keys, bounded. */
const plainKeyCache = new Map<string, string>();

function fastPlainKey(text: string): string {
  const cached = plainKeyCache.get(text);
  if (cached !== undefined) return cached;
  if (text === '<<') throw NOT_A_FAST_KEY; // a merge key
  const key = scalarKey(resolveScalar(text, ''));
  if (key === undefined) throw NOT_A_FAST_KEY;
  if (plainKeyCache.size >= 4096) plainKeyCache.clear();
  plainKeyCache.set(text, key);
  return key;
}

/**
 * unmarshalYAML11 by the fast reader of yaml-fast.ts (the subset rendered templates use), or UNSUPPORTED when the
 * text is outside it or anything fails (the full parser then gives the result or the error). Exported for tests.
 */
export function unmarshalYAML11Fast(text: string, options: UnmarshalYAMLOptions = {}): unknown {
  if (DISALLOWED.test(text)) return UNSUPPORTED;
  try {
    const reader = options.typed === true ? typedReader : jsonReader;
    return options.remember === false ? reader.readInFull(text) : reader.read(text);
  } catch {
    return UNSUPPORTED;
  }
}

/**
 * The fast readers, one per scalar typing, each remembering its last few documents (yaml-reuse.ts): rendered sidecars
 * differ from pod to pod in a few scalars, which are all that is read again.
 */
const jsonReader = new RememberingFastReader({ plain: (s) => scalarJSON(resolveScalar(s, ''), {}), plainKey: fastPlainKey });
const typedReader = new RememberingFastReader({ plain: (s) => scalarJSON(resolveScalar(s, ''), { typed: true }), plainKey: fastPlainKey });

/** unmarshalYAML11 by the `yaml` package's full parser (any YAML; the errors). Exported for tests. */
export function unmarshalYAML11Full(text: string, options: UnmarshalYAMLOptions = {}): unknown {
  if (DISALLOWED.test(text)) throw new YAMLError('control characters are not allowed');
  const docs = withoutStackTraces(() => parseAllDocuments(text, { version: '1.1', schema: 'failsafe', uniqueKeys: false, merge: false, strict: false, prettyErrors: false }));
  const lineOf = lineCounter(text);
  const first = docs[0];
  if (!first) {
    // An empty stream (nothing, or only comments) may still carry stream-level errors.
    const err = (docs as { errors?: readonly { message: string; pos: [number, number] }[] }).errors?.[0];
    if (err) throw yamlErrorOf(err, lineOf);
    return null;
  }
  const err = first.errors[0];
  if (err) throw yamlErrorOf(err, lineOf);
  const decoder = new Decoder(first, lineOf, options);
  const value = decoder.value(first.contents as Node | null);
  if (decoder.strictErrors.length > 0) throw new GoError('yaml: unmarshal errors:\n  ' + decoder.strictErrors.join('\n  '));
  return value;
}

/**
 * The string sigs.k8s.io/yaml puts in a Go string field for a YAML scalar that is not a string: ints in decimal,
 * floats as strconv.FormatFloat(f, 'g', -1, 32) (sic: 32 bits, so 123456789.0 → `1.2345679e+08`), bools as
 * `true`/`false`. Strings are returned as is; null (which leaves the field untouched, i.e. empty) gives ''.
 * Pass values from `unmarshalYAML11(text, {typed: true})`; a bare JS number is taken as a float64.
 */
export function yamlScalarToString(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return formatFloat(v, 'g', -1, 32);
  if (v instanceof GoValue) {
    switch (v.t.kind) {
      case 'int':
      case 'uint':
        return String(v.v as number | bigint);
      case 'float':
        return formatFloat(v.v as number, 'g', -1, 32);
      case 'bool':
        return v.v ? 'true' : 'false';
      case 'string':
        return v.v as string;
    }
  }
  throw new GoError(`Cannot convert a YAML ${typeof v} to a string`);
}
