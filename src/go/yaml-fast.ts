/**
 * @module
 * A small YAML reader for the subset rendered injection templates use: block mappings and sequences (compact `- `
 * nesting, indentless sequences under keys), plain / single- / double-quoted scalars on one line, literal and folded
 * block scalars, flow collections (possibly over several lines, trailing commas), comments, a leading `---`.
 *
 * It gives up (returns UNSUPPORTED) on anything else or anything doubtful — anchors, aliases, tags, complex keys,
 * multi-line plain or quoted scalars, directives, tabs, later documents, malformed input — so that the caller runs
 * the full parser, which then gives the exact same result or error. Scalars are resolved by the caller's hooks.
 */

/** Returned when the text is outside the subset: use the full parser. */
export const UNSUPPORTED: unique symbol = Symbol('unsupported');

/** How plain scalars become values and keys (go-yaml v2 resolution lives with the full parser). */
export interface FastYAMLHooks {
  /** The value of a plain scalar. */
  plain(text: string): unknown;
  /** The JSON key of a plain scalar key; may throw to give up. */
  plainKey(text: string): string;
}

class Unsupported {}
const GIVE_UP = new Unsupported();

function giveUp(): never {
  throw GIVE_UP;
}

// Characters that rule the text out at once: tabs, CR, BOM, and line breaks other than LF.
const OUT_OF_SUBSET = /[\t\r\ufeff\u0085\u2028\u2029]/;
// A document marker or directive at column 0 (the first `---` is handled before this check).
const MARKER_LINE = /^(?:---|\.\.\.|%)/m;

/**
 * The deepest nesting of collections this reader takes. Far below go/yaml.ts MAX_YAML_DEPTH, so that what it returns
 * is safe for every recursive consumer without the nesting pre-scan, which only the full parser needs.
 */
export const MAX_FAST_DEPTH = 64;

const SPACE = 0x20;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;

export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
  else obj[key] = value;
}

function indentOf(line: string): number {
  let i = 0;
  while (line.charCodeAt(i) === SPACE) i++;
  return i;
}

/** True when the rest of the line from `col` is spaces and an optional comment after a space. */
function restIsEmpty(line: string, col: number): boolean {
  let i = col;
  while (line.charCodeAt(i) === SPACE) i++;
  if (i === line.length) return true;
  return line.charCodeAt(i) === HASH && (i === col ? col > 0 && line.charCodeAt(col - 1) === SPACE : true);
}

function isSeqIndicator(line: string, col: number): boolean {
  if (line.charCodeAt(col) !== DASH) return false;
  const next = line.charCodeAt(col + 1);
  return next === SPACE || Number.isNaN(next);
}

function isHex(s: string): boolean {
  return /^[0-9a-fA-F]+$/.test(s);
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '/': '/',
  '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};

/** A quoted scalar on `line` starting at `col` (the quote): its value and the column after the closing quote. */
export function quoted(line: string, col: number): { value: string; end: number } {
  const q = line[col];
  if (q === "'") {
    let out = '';
    let i = col + 1;
    for (;;) {
      const j = line.indexOf("'", i);
      if (j < 0) giveUp();
      out += line.slice(i, j);
      if (line[j + 1] === "'") {
        out += "'";
        i = j + 2;
        continue;
      }
      return { value: out, end: j + 1 };
    }
  }
  let out = '';
  let i = col + 1;
  for (;;) {
    let j = i;
    while (j < line.length) {
      const c = line.charCodeAt(j);
      if (c === 0x22 || c === 0x5c) break;
      j++;
    }
    if (j >= line.length) giveUp();
    out += line.slice(i, j);
    if (line.charCodeAt(j) === 0x22) return { value: out, end: j + 1 };
    const e = line[j + 1];
    if (e === undefined) giveUp();
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      i = j + 2;
      continue;
    }
    const width = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (width === 0) giveUp();
    const hex = line.slice(j + 2, j + 2 + width);
    if (hex.length !== width || !isHex(hex)) giveUp();
    const cp = Number.parseInt(hex, 16);
    if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) giveUp();
    out += String.fromCodePoint(cp);
    i = j + 2 + width;
  }
}

/**
 * The column of the `:` ending a plain implicit key on this line, or -1 when a comment comes first. Gives up on keys
 * holding a `:` themselves.
 */
function plainKeyColon(line: string, col: number): number {
  for (let i = col; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === COLON) {
      const n = line.charCodeAt(i + 1);
      if (n === SPACE || Number.isNaN(n)) return i;
      giveUp();
    } else if (c === HASH && line.charCodeAt(i - 1) === SPACE) {
      return -1;
    }
  }
  return -1;
}

/** First characters that cannot start a plain scalar here (or that we leave to the full parser). */
export function badPlainStart(c: number, next: number): boolean {
  switch (c) {
    case 0x2c: // ,
    case 0x5b: // [
    case 0x5d: // ]
    case 0x7b: // {
    case 0x7d: // }
    case 0x23: // #
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
    case 0x3f: // ?
    case 0x3a: // :
      return true;
    case DASH:
      return next === SPACE || Number.isNaN(next);
    default:
      return false;
  }
}

function isFlowIndicator(c: number): boolean {
  return c === 0x2c || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d;
}

/**
 * Where the value of a line that holds a single-line scalar went: the line `key: value` or `- value` put the value
 * at `container[key]`, and the value starts at column `col` (yaml-reuse.ts uses these to patch a remembered parse).
 */
export class ScalarSlot {
  readonly container: Record<string, unknown> | unknown[];
  readonly key: string | number;
  readonly col: number;
  /** The line is a sequence item (`- value`), where `key: value` would be a compact mapping. */
  readonly seqItem: boolean;
  constructor(container: Record<string, unknown> | unknown[], key: string | number, col: number, seqItem: boolean) {
    this.container = container;
    this.key = key;
    this.col = col;
    this.seqItem = seqItem;
  }
}

/** Returned by lineScalar for `key: value` in a sequence item: a compact mapping, not a scalar. */
const COMPACT_MAP: unique symbol = Symbol('compact mapping');

/**
 * The scalar that is the rest of `line` from column `c` (quoted, or plain up to a comment), or COMPACT_MAP when the
 * line holds `key: value` there in a sequence item. Gives up on anything else.
 */
export function lineScalar(line: string, c: number, seqItem: boolean, hooks: FastYAMLHooks): unknown {
  const ch = line.charCodeAt(c);
  if (ch === 0x22 || ch === 0x27) {
    const q = quoted(line, c);
    let e = q.end;
    while (line.charCodeAt(e) === SPACE) e++;
    if (line.charCodeAt(e) === COLON) {
      if (!seqItem) giveUp();
      return COMPACT_MAP;
    }
    if (!restIsEmpty(line, q.end)) giveUp();
    return q.value;
  }
  if (badPlainStart(ch, line.charCodeAt(c + 1))) giveUp();
  // A plain scalar up to a comment, or a compact mapping in a sequence item.
  let end = line.length;
  for (let i = c; i < line.length; i++) {
    const x = line.charCodeAt(i);
    if (x === COLON) {
      const after = line.charCodeAt(i + 1);
      if (after === SPACE || Number.isNaN(after)) {
        if (!seqItem) giveUp();
        return COMPACT_MAP;
      }
    } else if (x === HASH && line.charCodeAt(i - 1) === SPACE) {
      end = i;
      break;
    }
  }
  while (line.charCodeAt(end - 1) === SPACE) end--;
  return hooks.plain(line.slice(c, end));
}

/** Whether lineScalar's result is a scalar (not COMPACT_MAP). */
export function isLineScalar(value: unknown): boolean {
  return value !== COMPACT_MAP;
}

export class FastParser {
  readonly lines: string[];
  /** The current line. */
  li = 0;
  /** Each line's count of leading spaces. */
  readonly indents: Int32Array;
  readonly hooks: FastYAMLHooks;
  /** When set, the slot of each line that holds a single-line scalar, by line index (see ScalarSlot). */
  readonly slots: (ScalarSlot | undefined)[] | null;

  constructor(lines: string[], hooks: FastYAMLHooks, slots: (ScalarSlot | undefined)[] | null = null) {
    this.lines = lines;
    this.hooks = hooks;
    this.slots = slots;
    this.indents = new Int32Array(lines.length);
    for (let i = 0; i < lines.length; i++) this.indents[i] = indentOf(lines[i] as string);
  }

  /** Moves to the next line with content (skipping blank and comment lines); false at the end. */
  nextContent(): boolean {
    const lines = this.lines;
    const indents = this.indents;
    while (this.li < lines.length) {
      const line = lines[this.li] as string;
      const sp = indents[this.li] as number;
      if (sp < line.length && line.charCodeAt(sp) !== HASH) return true;
      this.li++;
    }
    return false;
  }

  document(): unknown {
    if (!this.nextContent()) return null;
    const indent = this.indents[this.li] as number;
    const first = (this.lines[this.li] as string).charCodeAt(indent);
    // A flow collection as the whole document (JSON, such as the injector's values), at any indentation.
    const value = first === 0x5b || first === 0x7b ? this.flowFrom(indent, -1) : this.blockNode(indent);
    if (this.nextContent()) giveUp();
    return value;
  }

  /** A block mapping or sequence whose first entry starts at column `col` of the current line. */
  blockNode(col: number): unknown {
    const line = this.lines[this.li] as string;
    if (isSeqIndicator(line, col)) return this.blockSeq(col);
    return this.blockMap(col);
  }

  /** How many collections, block and flow, are open. */
  depth = 0;

  /** Opens a collection; past MAX_FAST_DEPTH, gives up (the caller then checks nesting before the full parser). */
  enterCollection(): void {
    if (++this.depth > MAX_FAST_DEPTH) giveUp();
  }

  blockSeq(n: number): unknown[] {
    this.enterCollection();
    const out = this.blockSeqEntries(n);
    this.depth--;
    return out;
  }

  blockSeqEntries(n: number): unknown[] {
    const out: unknown[] = [];
    for (;;) {
      const line = this.lines[this.li] as string;
      let c = n + 1;
      while (line.charCodeAt(c) === SPACE) c++;
      if (c === line.length || (line.charCodeAt(c) === HASH && c > n + 1)) {
        this.li++;
        out.push(this.nestedBlock(n, false));
      } else {
        const at = this.li;
        const value = this.inlineValue(c, n, true);
        if (this.slots !== null && this.li === at + 1 && (value === null || typeof value !== 'object')) {
          this.slots[at] = new ScalarSlot(out, out.length, c, true);
        }
        out.push(value);
      }
      if (!this.nextContent()) return out;
      const next = this.lines[this.li] as string;
      const indent = this.indents[this.li] as number;
      if (indent < n) return out;
      if (indent > n) giveUp();
      if (!isSeqIndicator(next, n)) return out;
    }
  }

  blockMap(n: number): Record<string, unknown> {
    this.enterCollection();
    const out = this.blockMapEntries(n);
    this.depth--;
    return out;
  }

  blockMapEntries(n: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (;;) {
      const line = this.lines[this.li] as string;
      let key: string;
      let colon: number;
      const c0 = line.charCodeAt(n);
      if (c0 === 0x22 || c0 === 0x27) {
        const q = quoted(line, n);
        key = q.value;
        colon = q.end;
        if (colon - n > 1000) giveUp();
        while (line.charCodeAt(colon) === SPACE) colon++;
        if (line.charCodeAt(colon) !== COLON) giveUp();
        const after = line.charCodeAt(colon + 1);
        if (!(after === SPACE || Number.isNaN(after))) giveUp();
      } else {
        if (badPlainStart(c0, line.charCodeAt(n + 1))) giveUp();
        colon = plainKeyColon(line, n);
        if (colon < 0) giveUp();
        let end = colon;
        while (line.charCodeAt(end - 1) === SPACE) end--;
        if (end - n > 1000) giveUp();
        key = this.hooks.plainKey(line.slice(n, end));
      }
      let c = colon + 1;
      while (line.charCodeAt(c) === SPACE) c++;
      let value: unknown;
      if (c === line.length || (line.charCodeAt(c) === HASH && c > colon + 1)) {
        this.li++;
        value = this.nestedBlock(n, true);
      } else {
        const at = this.li;
        value = this.inlineValue(c, n, false);
        if (this.slots !== null && this.li === at + 1 && (value === null || typeof value !== 'object')) {
          this.slots[at] = new ScalarSlot(out, key, c, false);
        }
      }
      setOwn(out, key, value);
      if (!this.nextContent()) return out;
      const next = this.lines[this.li] as string;
      const indent = this.indents[this.li] as number;
      if (indent < n) return out;
      if (indent > n) giveUp();
      if (isSeqIndicator(next, n)) return out; // the end of a map in an indentless sequence
    }
  }

  /** The node on the lines after `key:` or `-` with nothing else on the line (the current line is the next one). */
  nestedBlock(n: number, underKey: boolean): unknown {
    if (!this.nextContent()) return null;
    const line = this.lines[this.li] as string;
    const indent = this.indents[this.li] as number;
    if (indent > n) {
      // A flow collection on its own line (Istio's `alwaysInjectSelector:\n  []`); one followed by `:` on its line
      // is a flow key, which flowFrom gives up on. (A scalar on its own line falls to blockMap, which gives up.)
      const ch = line.charCodeAt(indent);
      if (ch === 0x5b || ch === 0x7b) return this.flowFrom(indent, n);
      return this.blockNode(indent);
    }
    if (indent === n && underKey && isSeqIndicator(line, n)) return this.blockSeq(n);
    return null;
  }

  /**
   * The value starting at column `c` of the current line, after `key: ` (parent indent `n` = the key's column) or
   * after `- ` (`n` = the dash's column; `seqItem`). Leaves the current line at the one after the value.
   */
  inlineValue(c: number, n: number, seqItem: boolean): unknown {
    const line = this.lines[this.li] as string;
    const ch = line.charCodeAt(c);
    if (ch === DASH && isSeqIndicator(line, c)) {
      if (!seqItem) giveUp();
      return this.blockSeq(c);
    }
    if (ch === 0x7c || ch === 0x3e) return this.blockScalar(c, n);
    if (ch === 0x7b || ch === 0x5b) return this.flowFrom(c, n);
    const value = lineScalar(line, c, seqItem, this.hooks);
    if (value === COMPACT_MAP) return this.blockMap(c);
    this.li++;
    return value;
  }

  /** A literal or folded block scalar whose header starts at column `c`; `n` is the parent's indentation. */
  blockScalar(c: number, n: number): string {
    const line = this.lines[this.li] as string;
    const folded = line.charCodeAt(c) === 0x3e;
    let chomp = '';
    let explicit = 0;
    let i = c + 1;
    for (let k = 0; k < 2; k++) {
      const x = line[i];
      if ((x === '-' || x === '+') && chomp === '') {
        chomp = x;
        i++;
      } else if (x !== undefined && x >= '1' && x <= '9' && explicit === 0) {
        explicit = x.charCodeAt(0) - 0x30;
        i++;
      }
    }
    if (i < line.length && line.charCodeAt(i) !== SPACE) giveUp();
    if (!restIsEmpty(line, i)) giveUp();
    const lines = this.lines;
    let li = this.li + 1;
    let indent = explicit > 0 ? n + explicit : -1;
    const content: string[] = [];
    let trailingEmpty = 0;
    for (; li < lines.length; li++) {
      const l = lines[li] as string;
      const sp = this.indents[li] as number;
      if (sp === l.length) {
        // an empty line (more spaces than the indentation would be content: left to the full parser)
        if (indent >= 0 ? sp > indent : sp > n + 1) giveUp();
        trailingEmpty++;
        continue;
      }
      if (indent < 0) {
        if (sp <= n) giveUp(); // an empty block scalar
        indent = sp;
      }
      if (sp < indent) break;
      for (let k = 0; k < trailingEmpty; k++) content.push('');
      trailingEmpty = 0;
      content.push(l.slice(indent));
    }
    if (content.length === 0) giveUp();
    // The text must end with a line break after the last content line (li reached the final, empty piece).
    if (li >= lines.length && trailingEmpty === 0) giveUp();
    this.li = li;
    let body: string;
    if (folded) {
      // Line breaks between two normal lines fold (one to a space; with k empty lines between, to k newlines);
      // next to a more-indented line they are kept.
      body = '';
      let pendingEmpty = 0;
      let previous: string | undefined;
      for (const l of content) {
        if (l === '') {
          pendingEmpty++;
          continue;
        }
        if (previous === undefined) body += '\n'.repeat(pendingEmpty);
        else if (previous.charCodeAt(0) === SPACE || l.charCodeAt(0) === SPACE) body += '\n'.repeat(pendingEmpty + 1);
        else body += pendingEmpty === 0 ? ' ' : '\n'.repeat(pendingEmpty);
        body += l;
        previous = l;
        pendingEmpty = 0;
      }
    } else {
      body = content.join('\n');
    }
    if (chomp === '-') return body;
    if (chomp === '+') {
      // The final piece of split('\n') after the last line break is not a line.
      const empties = li >= lines.length ? trailingEmpty - 1 : trailingEmpty;
      return body + '\n' + '\n'.repeat(empties);
    }
    return body + '\n';
  }

  // --- flow collections -------------------------------------------------------------------------------------------

  /** Flow parsing position. */
  fl = 0;
  fc = 0;
  /** The parent block indentation: continuation lines must be deeper, closing brackets at least as deep. */
  fn = 0;
  /** How many flow collections are open. */
  fdepth = 0;

  flowFrom(c: number, n: number): unknown {
    this.fl = this.li;
    this.fc = c;
    this.fn = n;
    const value = this.flowNode();
    const line = this.lines[this.fl] as string;
    if (!restIsEmpty(line, this.fc)) giveUp();
    this.li = this.fl + 1;
    return value;
  }

  /** Skips spaces, line ends and comments inside a flow collection; returns the next character code. */
  flowSkip(): number {
    const lines = this.lines;
    for (;;) {
      const line = lines[this.fl] as string;
      while (line.charCodeAt(this.fc) === SPACE) this.fc++;
      const c = line.charCodeAt(this.fc);
      if (this.fc < line.length && !(c === HASH && (this.fc === 0 || line.charCodeAt(this.fc - 1) === SPACE))) {
        return c;
      }
      this.fl++;
      if (this.fl >= lines.length) giveUp();
      const next = lines[this.fl] as string;
      const sp = this.indents[this.fl] as number;
      this.fc = sp;
      if (sp === next.length || next.charCodeAt(sp) === HASH) {
        if (sp < this.fn && sp < next.length) giveUp();
        continue;
      }
      // Lines inside must be deeper than the parent block; only the outermost closing bracket may be level with it.
      const first = next.charCodeAt(sp);
      const closesOutermost = (first === 0x7d || first === 0x5d) && this.fdepth === 1;
      if (closesOutermost ? sp < this.fn : sp <= this.fn) giveUp();
    }
  }

  flowNode(): unknown {
    const line = this.lines[this.fl] as string;
    const c = line.charCodeAt(this.fc);
    if (c === 0x7b) return this.flowMap();
    if (c === 0x5b) return this.flowSeq();
    if (c === 0x22 || c === 0x27) {
      const q = quoted(line, this.fc);
      this.fc = q.end;
      return q.value;
    }
    return this.hooks.plain(this.flowPlain());
  }

  /** A plain scalar in a flow collection (one line, no `:`). */
  flowPlain(): string {
    const line = this.lines[this.fl] as string;
    const start = this.fc;
    if (badPlainStart(line.charCodeAt(start), line.charCodeAt(start + 1)) || (line.charCodeAt(start) === DASH && isFlowIndicator(line.charCodeAt(start + 1)))) {
      giveUp();
    }
    let i = start;
    for (; i < line.length; i++) {
      const x = line.charCodeAt(i);
      if (x === 0x2c || x === 0x5d || x === 0x7d) break;
      if (x === COLON || x === 0x5b || x === 0x7b) giveUp();
      if (x === HASH && line.charCodeAt(i - 1) === SPACE) break;
    }
    let end = i;
    while (line.charCodeAt(end - 1) === SPACE) end--;
    this.fc = i;
    return line.slice(start, end);
  }

  /**
   * After an entry: `,` or the closing bracket, possibly on a later line (anything else — a plain scalar going on
   * over the line end, say — gives up).
   */
  flowAfterEntry(close: number): boolean {
    const c = this.flowSkip();
    if (c === 0x2c) {
      this.fc++;
      const d = this.flowSkip();
      if (d === close) {
        this.fc++;
        return true;
      }
      if (d === 0x2c) giveUp();
      return false;
    }
    if (c === close) {
      this.fc++;
      return true;
    }
    return giveUp();
  }

  flowSeq(): unknown[] {
    this.enterCollection();
    this.fdepth++;
    const out = this.flowSeqEntries();
    this.fdepth--;
    this.depth--;
    return out;
  }

  flowSeqEntries(): unknown[] {
    const out: unknown[] = [];
    this.fc++;
    let c = this.flowSkip();
    if (c === 0x5d) {
      this.fc++;
      return out;
    }
    for (;;) {
      if (c === 0x2c) giveUp();
      out.push(this.flowNode());
      const next = this.flowSkipSameEntry();
      if (next === COLON) giveUp(); // a single-pair mapping
      if (this.flowAfterEntry(0x5d)) return out;
      c = this.flowSkip();
    }
  }

  /** The next character after an entry, which may be on a later line only for `,` and closing brackets. */
  flowSkipSameEntry(): number {
    const line = this.lines[this.fl] as string;
    let i = this.fc;
    while (line.charCodeAt(i) === SPACE) i++;
    if (i < line.length) return line.charCodeAt(i);
    return 0;
  }

  flowMap(): Record<string, unknown> {
    this.enterCollection();
    this.fdepth++;
    const out = this.flowMapEntries();
    this.fdepth--;
    this.depth--;
    return out;
  }

  flowMapEntries(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.fc++;
    let c = this.flowSkip();
    if (c === 0x7d) {
      this.fc++;
      return out;
    }
    for (;;) {
      if (c === 0x2c) giveUp();
      const line = this.lines[this.fl] as string;
      let key: string;
      if (c === 0x22 || c === 0x27) {
        const q = quoted(line, this.fc);
        key = q.value;
        this.fc = q.end;
      } else if (c === 0x7b || c === 0x5b) {
        return giveUp();
      } else {
        const start = this.fc;
        if (badPlainStart(c, line.charCodeAt(start + 1))) giveUp();
        const colon = plainKeyColon(line, start);
        if (colon < 0) giveUp();
        for (let i = start; i < colon; i++) {
          const x = line.charCodeAt(i);
          if (x === 0x2c || x === 0x5b || x === 0x5d || x === 0x7b || x === 0x7d || x === HASH || x === COLON) giveUp();
        }
        if (colon - start > 1000) giveUp();
        let end = colon;
        while (line.charCodeAt(end - 1) === SPACE) end--;
        key = this.hooks.plainKey(line.slice(start, end));
        this.fc = colon;
      }
      while (line.charCodeAt(this.fc) === SPACE) this.fc++;
      if (line.charCodeAt(this.fc) !== COLON) giveUp();
      const after = line.charCodeAt(this.fc + 1);
      if (!(after === SPACE || Number.isNaN(after))) giveUp();
      this.fc++;
      const v = this.flowSkip();
      if (v === 0x2c || v === 0x7d || v === 0x5d) giveUp(); // an empty value
      setOwn(out, key, this.flowNode());
      const next = this.flowSkipSameEntry();
      if (next === COLON) giveUp();
      if (this.flowAfterEntry(0x7d)) return out;
      c = this.flowSkip();
    }
  }
}

/**
 * The first document of `text` if it lies in the subset this reader handles with certainty, else UNSUPPORTED.
 * Hooks may throw to give up as well (any exception means: use the full parser).
 */
export function parseFastYAML(text: string, hooks: FastYAMLHooks): unknown {
  const lines = subsetLines(text);
  if (lines === undefined) return UNSUPPORTED;
  try {
    return new FastParser(lines, hooks).document();
  } catch (e) {
    if (e === GIVE_UP) return UNSUPPORTED;
    throw e;
  }
}

/** The lines of the document in `text` (after a leading `---`), or undefined when a character or marker rules it out. */
export function subsetLines(text: string): string[] | undefined {
  if (OUT_OF_SUBSET.test(text)) return undefined;
  let body = text;
  // A leading `---` line is the one document marker we accept; any other marker or directive gives up.
  const lead = /^(?:[ ]*(?:#[^\n]*)?\n)*---[ ]*\n/.exec(text);
  if (lead) body = text.slice(lead[0].length);
  if (MARKER_LINE.test(body)) return undefined;
  return body.split('\n');
}

/** Whether an exception is the reader giving up (the text is outside the subset). */
export function isGiveUp(e: unknown): boolean {
  return e === GIVE_UP;
}
