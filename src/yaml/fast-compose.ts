/**
 * @module
 * Builds the `yaml` nodes of a block map straight from its text, for the block YAML manifests are written in. `yaml`'s
 * lexer, parser and composer take about a millisecond per Deployment, a quarter of the CPU of a large run; this takes
 * a fraction of that. The nodes are the ones `yaml` composes, property for property and in the same order (value,
 * source, type, format, ranges, comments, spaceBefore, flow, the collections' schema), so that printing, kept source
 * texts and positions in messages cannot tell the difference (test/yaml/fast-compose.test.ts compares them).
 *
 * Anything outside the subset, or doubtful, gives undefined and the caller parses with `yaml`, which then also
 * reports any error: anchors, aliases, tags, explicit or complex keys, multi-line plain or quoted scalars, folded and
 * keep-chomping block scalars, flow maps with entries, nested flow collections, `- ` items holding a sequence or
 * starting on the next line, comments other than whole lines before an entry or a comment after a value, duplicate
 * keys, tabs, CR, control characters, document markers.
 */
import type { Node, Pair, Scalar, ScalarTag, Schema, YAMLMap, YAMLSeq } from 'yaml';
import { isScalar } from 'yaml';
import { badPlainStart as badStartOnLine, isGiveUp, quoted } from '../go/yaml-fast.ts';
import { lightNodes } from './light-nodes.ts';
import type { LightNodes } from './light-nodes.ts';

class GiveUp {}
const GIVE_UP = new GiveUp();

function giveUp(): never {
  throw GIVE_UP;
}

// Characters no input of the subset holds: tabs, CR, other control characters, BOM, line breaks other than LF.
const OUT_OF_SUBSET = /[\x00-\x09\x0b-\x1f\x7f\ufeff\u0085\u2028\u2029]/;
// A plain key: what Kubernetes keys are made of (labels, annotations, field names, data keys).
const PLAIN_KEY = /[A-Za-z0-9_.\/$@~+=-]*/y;
/** Nesting deeper than this is left to `yaml` (and its depth checks). */
const MAX_DEPTH = 64;
/** `yaml` reports implicit keys over 1024 characters; far below that, no check is needed. */
const MAX_KEY_LENGTH = 1000;

const SPACE = 0x20;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
const NEWLINE = 0x0a;

/**
 * The comment and blank-line events between two entries, as `yaml`'s resolveProps sees them: a comment's text (with
 * its `#`) or NEWLINE_EVENT for a line end.
 */
type Events = string[];
const NEWLINE_EVENT = '\n';

/** What resolveProps makes of the events before a node (`afterIndicator`: they follow the `:` of its key). */
function propsOf(events: Events, afterIndicator: boolean): { spaceBefore: boolean; comment: string } {
  let spaceBefore = false;
  let atNewline = !afterIndicator;
  let comment = '';
  let commentSep = '';
  for (const event of events) {
    if (event === NEWLINE_EVENT) {
      if (!atNewline) commentSep += '\n';
      else if (comment) comment += '\n';
      else spaceBefore = true;
      atNewline = true;
    } else {
      const text = event.substring(1) || ' ';
      comment = comment ? comment + commentSep + text : text;
      commentSep = '';
      atNewline = false;
    }
  }
  return { spaceBefore, comment };
}

function applyProps(node: Node, events: Events, afterIndicator: boolean): void {
  if (events.length === 0) return;
  const { spaceBefore, comment } = propsOf(events, afterIndicator);
  if (spaceBefore) node.spaceBefore = true;
  if (comment) node.commentBefore = comment;
}

/** Whether `c` (followed by `next`) cannot start a plain scalar: a `-` before a line end is an indicator too. */
function badPlainStart(c: number, next: number): boolean {
  return badStartOnLine(c, next === NEWLINE ? SPACE : next);
}

/** A comment's text from its `#` to `end`; trailing spaces are left to `yaml`. */
function commentText(text: string, hash: number, end: number): string {
  if (text.charCodeAt(end - 1) === SPACE) giveUp();
  return text.slice(hash, end);
}

class BlockComposer {
  readonly #text: string;
  readonly #light: LightNodes;
  readonly #schema: Schema;
  readonly #options: object;
  readonly #stringTag: ScalarTag;
  readonly #tags: readonly ScalarTag[];
  /** Start of the line the next node is on (after `#gap`). */
  #lineStart = 0;
  /** The events of the comment and blank lines skipped before that line. */
  #gap: Events = [];
  /** Indent of that line; -1 at the end of the text. */
  #indent = -1;
  #depth = 0;

  constructor(text: string, light: LightNodes, schema: Schema, options: object) {
    this.#text = text;
    this.#light = light;
    this.#schema = schema;
    this.#options = options;
    const tags = schema.tags as ScalarTag[];
    const stringTag = tags.find((tag) => tag.tag === 'tag:yaml.org,2002:str' && !('collection' in tag && tag.collection));
    if (!stringTag) giveUp();
    this.#stringTag = stringTag;
    // Tags that apply to keys only would resolve keys differently from values.
    if (tags.some((tag) => (tag.default as unknown) === 'key')) giveUp();
    this.#tags = tags.filter((tag) => tag.default === true && tag.test instanceof RegExp);
  }

  compose(): YAMLMap {
    this.#skipGap(0);
    if (this.#gap.length > 0 || this.#indent < 0 || !this.#isKeyLine(this.#lineStart + this.#indent)) giveUp();
    const map = this.#map(this.#indent);
    // Blank lines may end the text; comments there belong to the document.
    if (this.#indent >= 0 || this.#gap.some((event) => event !== NEWLINE_EVENT)) giveUp();
    return map;
  }

  // --- lines -------------------------------------------------------------------------------------------------------

  #lineEnd(from: number): number {
    const end = this.#text.indexOf('\n', from);
    return end < 0 ? this.#text.length : end;
  }

  /**
   * Moves to the next line holding content from `lineStart`, collecting the blank and comment lines skipped as
   * `#gap`. Every comment line must be indented like the content line after it (elsewhere `yaml` may attach it to
   * another node), and none may end the text.
   */
  #skipGap(lineStart: number): void {
    const text = this.#text;
    const gap: Events = [];
    let commentIndent = -1;
    let at = lineStart;
    while (at < text.length) {
      let i = at;
      while (text.charCodeAt(i) === SPACE) i++;
      const c = text.charCodeAt(i);
      if (c === NEWLINE) {
        gap.push(NEWLINE_EVENT);
        at = i + 1;
        continue;
      }
      if (Number.isNaN(c)) break;
      const indent = i - at;
      if (c === HASH) {
        if (commentIndent >= 0 && commentIndent !== indent) giveUp();
        commentIndent = indent;
        const end = this.#lineEnd(i);
        gap.push(commentText(text, i, end));
        if (end === text.length) giveUp();
        gap.push(NEWLINE_EVENT);
        at = end + 1;
        continue;
      }
      if (commentIndent >= 0 && commentIndent !== indent) giveUp();
      // Document markers and directives end a document.
      if (indent === 0 && (text.startsWith('---', i) || text.startsWith('...', i) || c === 0x25)) giveUp();
      this.#lineStart = at;
      this.#indent = indent;
      this.#gap = gap;
      return;
    }
    if (commentIndent >= 0) giveUp();
    this.#lineStart = text.length;
    this.#indent = -1;
    this.#gap = gap;
  }

  // --- collections ---------------------------------------------------------------------------------------------------

  /** Gives a collection the schema as `yaml`'s constructors do: an own property that is not enumerable. */
  #ownSchema(collection: YAMLMap | YAMLSeq): void {
    Object.defineProperty(collection, 'schema', { value: this.#schema, configurable: true, enumerable: false, writable: true });
  }

  #enter(): void {
    if (++this.#depth > MAX_DEPTH) giveUp();
  }

  /** A block map whose first key is on the current line at column `indent`. */
  #map(indent: number): YAMLMap {
    this.#enter();
    const light = this.#light;
    const items: Pair<Node, Node>[] = [];
    const map = light.map(items);
    this.#ownSchema(map);
    const start = this.#lineStart + indent;
    const keys = new Set<unknown>();
    let startEvents: Events = [];
    let offset = start;
    for (;;) {
      const keyStart = this.#lineStart + indent;
      const key = this.#key(keyStart);
      applyProps(key.node, startEvents, false);
      if (keys.has(key.node.value)) giveUp();
      keys.add(key.node.value);
      const value = this.#valueAfterColon(indent, key.colon);
      items.push(light.pair(key.node, value));
      offset = (value.range as [number, number, number])[2];
      // The blank and comment lines after the value belong to the next key (also after an empty value).
      startEvents = this.#gap;
      if (this.#indent !== indent) {
        if (this.#indent > indent) giveUp();
        break;
      }
      if (!this.#isKeyLine(this.#lineStart + indent)) giveUp();
    }
    map.range = [start, offset, offset];
    this.#depth--;
    return map;
  }

  /** A block sequence whose first `- ` is on the current line at column `indent`. */
  #seq(indent: number): YAMLSeq {
    this.#enter();
    const light = this.#light;
    const text = this.#text;
    const items: Node[] = [];
    const seq = light.seq(items);
    this.#ownSchema(seq);
    const start = this.#lineStart + indent;
    let offset = start;
    let first = true;
    for (;;) {
      const events = first ? [] : this.#gap;
      first = false;
      const dash = this.#lineStart + indent;
      if (text.charCodeAt(dash + 1) !== SPACE) giveUp();
      let at = dash + 2;
      while (text.charCodeAt(at) === SPACE) at++;
      const lineEnd = this.#lineEnd(at);
      if (at === lineEnd || text.charCodeAt(at) === HASH || (text.charCodeAt(at) === DASH && text.charCodeAt(at + 1) === SPACE)) giveUp();
      let node: Node;
      if (this.#isKeyLine(at)) {
        node = this.#map(at - this.#lineStart);
      } else {
        node = this.#inlineValue(at, lineEnd, indent);
      }
      applyProps(node, events, false);
      items.push(node);
      offset = (node.range as [number, number, number])[2];
      if (this.#indent !== indent || text.charCodeAt(this.#lineStart + indent) !== DASH) {
        if (this.#indent > indent) giveUp();
        // Comments after the last item may belong to the sequence; `yaml` decides.
        if (this.#gap.some((event) => event !== NEWLINE_EVENT)) giveUp();
        break;
      }
    }
    seq.range = [start, offset, offset];
    this.#depth--;
    return seq;
  }

  // --- entries -------------------------------------------------------------------------------------------------------

  /** Whether the text at `at` is `key:` followed by a space or the line end. */
  #isKeyLine(at: number): boolean {
    const text = this.#text;
    const c = text.charCodeAt(at);
    if (c === 0x22 || c === 0x27) {
      const lineEnd = this.#lineEnd(at);
      const close = text.indexOf(String.fromCharCode(c), at + 1);
      return close > 0 && close < lineEnd && text.charCodeAt(close + 1) === COLON;
    }
    const end = this.#plainKeyEnd(at);
    if (end === at || text.charCodeAt(end) !== COLON) return false;
    const next = text.charCodeAt(end + 1);
    return next === SPACE || next === NEWLINE || Number.isNaN(next);
  }

  #plainKeyEnd(at: number): number {
    const text = this.#text;
    if (badPlainStart(text.charCodeAt(at), text.charCodeAt(at + 1))) return at;
    PLAIN_KEY.lastIndex = at;
    PLAIN_KEY.test(text);
    return PLAIN_KEY.lastIndex;
  }

  /** The key at `at` (a key line) and the offset of its `:`. */
  #key(at: number): { node: Scalar; colon: number } {
    const text = this.#text;
    const c = text.charCodeAt(at);
    if (c === 0x22 || c === 0x27) {
      const { value, end: valueEnd } = this.#quotedAt(at, this.#lineEnd(at));
      if (text.charCodeAt(valueEnd) !== COLON) giveUp();
      return { node: this.#quotedScalar(value, c === 0x22, at, valueEnd, valueEnd), colon: valueEnd };
    }
    const end = this.#plainKeyEnd(at);
    if (end - at > MAX_KEY_LENGTH) giveUp();
    const source = text.slice(at, end);
    return { node: this.#plainScalar(source, at, end, end), colon: end };
  }

  /**
   * The value after the `:` at `colon` of a key of the map at column `indent`: on the same line, or a block
   * collection on the lines below, or empty.
   */
  #valueAfterColon(indent: number, colon: number): Node {
    const text = this.#text;
    let at = colon + 1;
    while (text.charCodeAt(at) === SPACE) at++;
    const lineEnd = this.#lineEnd(at);
    const c = text.charCodeAt(at);
    if (at < lineEnd && c !== HASH) return this.#inlineValue(at, lineEnd, indent);
    if (c === HASH && at === colon + 1) giveUp();
    // Nothing more on this line but perhaps a comment: the value is on the lines below, or empty.
    const sepEvents: Events = [];
    if (c === HASH) sepEvents.push(commentText(text, at, lineEnd));
    if (lineEnd === text.length) giveUp();
    sepEvents.push(NEWLINE_EVENT);
    this.#skipGap(lineEnd + 1);
    const next = this.#indent;
    const nextAt = this.#lineStart + next;
    const isItem = text.charCodeAt(nextAt) === DASH && text.charCodeAt(nextAt + 1) === SPACE;
    // A collection below: indented more, or a sequence at the key's column (indentless).
    if (next > indent || (next === indent && isItem)) {
      const events = sepEvents.concat(this.#gap);
      let node: Node;
      if (isItem) node = this.#seq(next);
      else if (this.#isKeyLine(nextAt)) node = this.#map(next);
      else giveUp();
      applyProps(node, events, true);
      return node;
    }
    if (c === HASH) giveUp();
    // Blank lines after an empty value go to the next key of the same map; comments, or blank lines before the end
    // of the map, `yaml` gives to the empty value.
    if (this.#gap.length > 0 && (next !== indent || this.#gap.some((event) => event !== NEWLINE_EVENT))) giveUp();
    // An empty value sits right after the `:` and the spaces after it.
    return this.#plainScalar('', at, at, at);
  }

  /**
   * A value starting at `at` on its line (ending at `lineEnd`) in a collection at column `indent`: a scalar or a
   * one-line flow collection. Moves past the gap after it; the next content line must not be indented more.
   */
  #inlineValue(at: number, lineEnd: number, indent: number): Node {
    const text = this.#text;
    const c = text.charCodeAt(at);
    let node: Node;
    let after: number;
    if (c === 0x7c) return this.#literal(at, lineEnd, indent);
    if (c === 0x22 || c === 0x27) {
      const { value, end } = this.#quotedAt(at, lineEnd);
      after = end;
      node = this.#quotedScalar(value, c === 0x22, at, after, after);
    } else if (c === 0x5b || c === 0x7b) {
      const flow = this.#flow(at, lineEnd);
      node = flow.node;
      after = flow.end;
    } else {
      if (badPlainStart(c, text.charCodeAt(at + 1))) giveUp();
      let end = at;
      for (let i = at; i < lineEnd; i++) {
        const ch = text.charCodeAt(i);
        if (ch === HASH && text.charCodeAt(i - 1) === SPACE) break;
        if (ch === COLON && (i + 1 === lineEnd || text.charCodeAt(i + 1) === SPACE)) giveUp();
        if (ch !== SPACE) end = i + 1;
      }
      node = this.#plainScalar(text.slice(at, end), at, end, end);
      after = end;
    }
    this.#endOfLine(node, at, after, lineEnd);
    this.#skipGap(lineEnd + 1);
    if (this.#indent > indent) giveUp();
    return node;
  }

  /**
   * After a value ending at `after`: spaces and an optional comment up to `lineEnd`. Sets the node's comment and the
   * end of its range (past the line end), in `yaml`'s order: a scalar has its range first, a collection its comment.
   */
  #endOfLine(node: Node, start: number, after: number, lineEnd: number): void {
    const text = this.#text;
    let i = after;
    while (text.charCodeAt(i) === SPACE) i++;
    if (lineEnd === text.length) giveUp();
    let comment: string | undefined;
    if (i < lineEnd) {
      if (text.charCodeAt(i) !== HASH || i === after) giveUp();
      comment = commentText(text, i, lineEnd).substring(1) || ' ';
    }
    if (isScalar(node)) {
      (node.range as [number, number, number])[2] = lineEnd + 1;
      if (comment !== undefined) node.comment = comment;
    } else {
      if (comment !== undefined) node.comment = comment;
      node.range = [start, after, lineEnd + 1];
    }
  }

  /**
   * A one-line flow sequence of scalars (spaces around its commas allowed), or an empty flow map or sequence, at `at`
   * (its range is set later).
   */
  #flow(at: number, lineEnd: number): { node: Node; end: number } {
    const text = this.#text;
    const light = this.#light;
    const open = text.charCodeAt(at);
    const close = open === 0x5b ? 0x5d : 0x7d;
    const items: Node[] = [];
    let i = at + 1;
    if (text.charCodeAt(i) !== close) {
      if (open !== 0x5b) giveUp();
      while (text.charCodeAt(i) === SPACE) i++;
      for (;;) {
        const c = text.charCodeAt(i);
        let end: number;
        let quotedValue: string | undefined;
        if (c === 0x22 || c === 0x27) {
          const q = this.#quotedAt(i, lineEnd);
          end = q.end;
          quotedValue = q.value;
        } else {
          if (badPlainStart(c, text.charCodeAt(i + 1))) giveUp();
          end = i;
          while (end < lineEnd) {
            const ch = text.charCodeAt(end);
            if (ch === 0x2c || ch === 0x5d || ch === SPACE) break;
            if (ch === COLON || ch === HASH || ch === 0x5b || ch === 0x7b || ch === 0x7d) giveUp();
            end++;
          }
        }
        // Spaces after an item are the end of its node; spaces after a comma belong to nothing.
        let next = end;
        while (text.charCodeAt(next) === SPACE) next++;
        items.push(quotedValue === undefined ? this.#plainScalar(text.slice(i, end), i, end, next) : this.#quotedScalar(quotedValue, c === 0x22, i, end, next));
        const after = text.charCodeAt(next);
        if (after === close) {
          i = next;
          break;
        }
        if (after !== 0x2c) giveUp();
        i = next + 1;
        while (text.charCodeAt(i) === SPACE) i++;
        const following = text.charCodeAt(i);
        if (following === 0x2c || following === close) giveUp();
      }
    }
    const node = open === 0x5b ? light.seq(items) : light.map([]);
    this.#ownSchema(node);
    node.flow = true;
    return { node, end: i + 1 };
  }

  /** A literal block scalar (`|` or `|-`) whose header is at `at`, in a collection at column `indent`. */
  #literal(at: number, lineEnd: number, indent: number): Scalar {
    const text = this.#text;
    const header = text.slice(at, lineEnd);
    if (header !== '|' && header !== '|-') giveUp();
    if (lineEnd === text.length) giveUp();
    const lines: string[] = [];
    let blockIndent = -1;
    let line = lineEnd + 1;
    let contentEnd = -1;
    let pendingEmpty = 0;
    while (line < text.length) {
      const end = this.#lineEnd(line);
      if (end === line) {
        if (blockIndent < 0) giveUp();
        pendingEmpty++;
        line = end + 1;
        continue;
      }
      let i = line;
      while (text.charCodeAt(i) === SPACE) i++;
      if (i === end) giveUp();
      const lineIndent = i - line;
      if (blockIndent < 0) {
        if (lineIndent <= indent) giveUp();
        blockIndent = lineIndent;
      } else if (lineIndent < blockIndent) {
        break;
      }
      for (; pendingEmpty > 0; pendingEmpty--) lines.push('');
      lines.push(text.slice(line + blockIndent, end));
      if (end === text.length) giveUp();
      contentEnd = end + 1;
      line = end + 1;
    }
    if (blockIndent < 0) giveUp();
    const value = header === '|' ? `${lines.join('\n')}\n` : lines.join('\n');
    const node = this.#scalarOf(this.#stringTag, value);
    node.range = [at, contentEnd, contentEnd];
    node.source = value;
    node.type = 'BLOCK_LITERAL';
    this.#skipGap(contentEnd);
    if (this.#indent > indent) giveUp();
    return node;
  }

  // --- scalars -------------------------------------------------------------------------------------------------------

  /** The quoted scalar whose quote is at `at`, on the line ending at `lineEnd`: its value and the offset after it. */
  #quotedAt(at: number, lineEnd: number): { value: string; end: number } {
    const lineStart = this.#lineStart;
    const { value, end } = quoted(this.#text.slice(lineStart, lineEnd), at - lineStart);
    return { value, end: lineStart + end };
  }

  #scalarOf(tag: ScalarTag, source: string): Scalar {
    const resolved = tag.resolve(source, giveUp, this.#options as never);
    return isScalar(resolved) ? resolved : this.#light.scalar(resolved);
  }

  #plainScalar(source: string, start: number, valueEnd: number, nodeEnd: number): Scalar {
    let tag = this.#stringTag;
    for (const candidate of this.#tags) {
      if ((candidate.test as RegExp).test(source)) {
        tag = candidate;
        break;
      }
    }
    const node = this.#scalarOf(tag, source);
    node.range = [start, valueEnd, nodeEnd];
    node.source = source;
    node.type = 'PLAIN';
    if (tag.format) node.format = tag.format;
    return node;
  }

  #quotedScalar(value: string, double: boolean, start: number, valueEnd: number, nodeEnd: number): Scalar {
    const node = this.#scalarOf(this.#stringTag, value);
    node.range = [start, valueEnd, nodeEnd];
    node.source = value;
    node.type = double ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE';
    return node;
  }
}

/**
 * The block map of `text` as `yaml` (with `schema` and the parse `options` of its document) would compose it, or
 * undefined when the text is outside the subset this module reads (see the module comment).
 */
export function composeBlockMap(text: string, schema: Schema, options: object): YAMLMap | undefined {
  const light = lightNodes;
  if (light === undefined || OUT_OF_SUBSET.test(text)) return undefined;
  try {
    return new BlockComposer(text, light, schema, options).compose();
  } catch (error) {
    if (error === GIVE_UP || isGiveUp(error)) return undefined;
    throw error;
  }
}
