/**
 * A fast printer for the Documents `stringifyDocument` writes, giving exactly the text `yaml` 2.9's
 * `doc.toString(options)` gives for KRM-style options (`lineWidth: 0`, `minContentWidth: 0`,
 * `flowCollectionPadding: false`, `indent`, `indentSeq`). `yaml` builds a context object per node and per pair and
 * tests every scalar against every tag; this printer passes the few values that matter as arguments and skips the
 * tag tests for strings whose first character rules every other type out.
 *
 * Whatever it does not reproduce byte for byte (anchors, aliases, explicit tags, `? ` keys, maps with bare null
 * values, directives, an unknown schema, node classes other than the plain ones) makes it return undefined, and the
 * caller prints with `yaml` instead: a fallback is slower, never wrong.
 */
import { Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Document, Node, ToStringOptions } from 'yaml';

/** The `toString` options this printer reproduces (`codec.ts`'s); any other option makes it fall back. */
export interface PrintOptions {
  readonly indent: number;
  readonly indentSeq: boolean;
  readonly lineWidth: 0;
  readonly minContentWidth: 0;
  readonly flowCollectionPadding: false;
}

/** Thrown inside the printer when it meets something it does not reproduce; never escapes `printDocument`. */
const UNSUPPORTED: unique symbol = Symbol('unsupported');

/**
 * A rule that double-quotes new strings: a string scalar in plain or default style that is not exactly as written
 * (it has no `type`, or its `source` is not its value) is printed as if its type were `QUOTE_DOUBLE` when
 * `quoteNew(value)` is true. The nodes are not changed.
 */
export interface QuoteRule {
  readonly quoteNew: (value: string) => boolean;
}

/**
 * The text `doc.toString(options)` returns, or undefined when this printer does not reproduce it exactly (the caller
 * then uses `doc.toString`). Never throws for a document `toString` could print. With a `rule`, the text is the one
 * `toString` returns after the strings the rule picks were given `type: QUOTE_DOUBLE`.
 */
export function printDocument(doc: Document, options: ToStringOptions, rule?: QuoteRule): string | undefined {
  if (!printableOptions(options) || doc.errors.length > 0 || !doc.schema || !knownSchema(doc.schema)) return undefined;
  const printer = new Printer(' '.repeat(options.indent), options.indentSeq, doc.schema.tags as unknown as readonly TagLike[], rule?.quoteNew);
  try {
    return printer.document(doc);
  } catch (error) {
    if (error === UNSUPPORTED) return undefined;
    throw error;
  }
}

function printableOptions(options: ToStringOptions): options is PrintOptions {
  const keys = Object.keys(options);
  return (
    keys.length === 5 &&
    typeof options.indent === 'number' &&
    Number.isInteger(options.indent) &&
    options.indent > 0 &&
    typeof options.indentSeq === 'boolean' &&
    options.lineWidth === 0 &&
    options.minContentWidth === 0 &&
    options.flowCollectionPadding === false
  );
}

// --- the schema ----------------------------------------------------------------------------------------------------

/** The parts of a `yaml` tag object the printer reads. */
interface TagLike {
  readonly tag: string;
  readonly format?: string;
  readonly default?: boolean | 'key';
  readonly test?: RegExp;
  readonly identify?: (value: unknown) => boolean;
  readonly stringify?: (item: Scalar, ctx: unknown, onComment?: () => void, onChompKeep?: () => void) => string;
}

const STR_TAG = 'tag:yaml.org,2002:str';
const NULL_TAG = 'tag:yaml.org,2002:null';
const BOOL_TAG = 'tag:yaml.org,2002:bool';
const INT_TAG = 'tag:yaml.org,2002:int';
const FLOAT_TAG = 'tag:yaml.org,2002:float';

/**
 * `yaml`'s core schema, tag by tag (`codec.ts` wraps the number tags' `stringify`, nothing else): the printer relies
 * on these tests to know which plain strings need quotes, and on this order to pick a number's tag as `yaml` does.
 */
const CORE_TAGS: readonly { tag: string; format?: string; test?: string }[] = [
  { tag: 'tag:yaml.org,2002:map' },
  { tag: 'tag:yaml.org,2002:seq' },
  { tag: STR_TAG },
  { tag: NULL_TAG, test: '^(?:~|[Nn]ull|NULL)?$' },
  { tag: BOOL_TAG, test: '^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$' },
  { tag: INT_TAG, format: 'OCT', test: '^0o[0-7]+$' },
  { tag: INT_TAG, test: '^[-+]?[0-9]+$' },
  { tag: INT_TAG, format: 'HEX', test: '^0x[0-9a-fA-F]+$' },
  { tag: FLOAT_TAG, test: '^(?:[-+]?\\.(?:inf|Inf|INF)|\\.nan|\\.NaN|\\.NAN)$' },
  { tag: FLOAT_TAG, format: 'EXP', test: '^[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)[eE][-+]?[0-9]+$' },
  { tag: FLOAT_TAG, test: '^[-+]?(?:\\.[0-9]+|[0-9]+\\.[0-9]*)$' },
];

/**
 * The first characters a plain scalar resolving to null, bool, int or float can have under the tests above (the
 * empty string resolves to null): any other first character means the string stays a string, with no test to run.
 */
const MAY_RESOLVE_FIRST = /^[~nNtTfF0-9+\-.]/;

const checkedSchemas = new WeakMap<object, boolean>();

function knownSchema(schema: Document['schema']): boolean {
  const tags = schema.tags as unknown as readonly TagLike[];
  // Parsing a known tag such as `!!binary` appends it to the schema's tags.
  if (tags.length !== CORE_TAGS.length) return false;
  const cached = checkedSchemas.get(schema);
  if (cached !== undefined) return cached;
  const known =
    schema.name === 'core' &&
    !schema.compat &&
    (schema as { toStringOptions?: unknown }).toStringOptions == null &&
    tags.every((tag, i) => {
      const expected = CORE_TAGS[i]!;
      const test = tag.test;
      const sameTest = expected.test === undefined ? test === undefined : test instanceof RegExp && test.source === expected.test && test.flags === '';
      return tag.tag === expected.tag && tag.format === expected.format && sameTest && (tag.default === true || tag.default === undefined);
    }) &&
    // Only the collections' tags may lack `default: true` (they are found by node class, never by test).
    tags.slice(2).every((tag) => tag.default === true);
  checkedSchemas.set(schema, known);
  return known;
}

// --- comments ------------------------------------------------------------------------------------------------------

/** `#` before every non-empty line; a line that is one space becomes `#`. */
function commentText(comment: string): string {
  return comment.replace(/^(?!$)(?: $)?/gm, '#');
}

/** Indents every line that is not blank; a comment of only line breaks stands for blank lines. */
function indentComment(comment: string, indent: string): string {
  if (/^\n+$/.test(comment)) return comment.substring(1);
  return indent ? comment.replace(/^(?! *$)/gm, indent) : comment;
}

/** A comment placed after `text`: on its line when it has one line, else on the lines below. */
function lineComment(text: string, indent: string, comment: string): string {
  if (text.endsWith('\n')) return indentComment(comment, indent);
  if (comment.includes('\n')) return '\n' + indentComment(comment, indent);
  return (text.endsWith(' ') ? '' : ' ') + comment;
}

// --- scalars: regular expressions ----------------------------------------------------------------------------------

/** Control characters and lone surrogates can only be written escaped, in double quotes. */
const NEEDS_ESCAPES = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
/** The same characters, surrogate pairs included: a quicker test that rules most strings out. */
const MAY_NEED_ESCAPES = /[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]/;
/** Text a plain scalar cannot hold (indicators first, `: `, ` #`, space around line breaks, a trailing space or colon). */
const PLAIN_UNSAFE = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
const FLOW_INDICATORS = /[[\]{},]/;
/** Lines a YAML 1.1 reader would take for a directive or a document marker. */
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
const SINGLE_QUOTE_UNSAFE = /[ \t]\n|\n[ \t]/;
const TRAILING_SPACE_LINE = /\n[\t ]+$/;
const BLOCK_END_NEWLINES = /(^|(?<!\n))\n+(?!\n|$)/g;
const FOLDED_MORE_INDENTED = /(?:^|\n)([\t ].*)(?:([\n\t ]*)\n(?![\n\t ]))?/g;

// --- one-line strings ----------------------------------------------------------------------------------------------

const MAX_CACHED_LENGTH = 256;
const CHUNK_PIECES = 4096;
const MAX_CACHE_SIZE = 20_000;

/**
 * Printed one-line plain-style strings, by value. Valid for every document `knownSchema` accepts (the text depends
 * on the schema's tag tests).
 */
interface TextCaches {
  /** By context: value, key, first-level key, and the same three inside a flow collection. */
  readonly plain: readonly Map<string, string>[];
  /** Block map lines `\n<indent>key:` by indentation (see `#plainKeyLine`). */
  readonly keyLines: Map<string, string>[];
  /** Block map values ` value` (see `#plainValueWithSpace`). */
  readonly values: Map<string, string>;
}

function newTextCaches(): TextCaches {
  return { plain: Array.from({ length: 6 }, () => new Map<string, string>()), keyLines: [], values: new Map<string, string>() };
}

/** For strings printed as they are. */
const AS_IS_CACHES = newTextCaches();

/** For new strings, by quoting rule (their text depends on the rule). */
const NEW_TEXT_CACHES = new WeakMap<(value: string) => boolean, TextCaches>();

const SPACES: string[] = [''];
const BREAK_AND_SPACES: string[] = ['\n'];

/** `n` spaces (every indentation is spaces only), made once. */
function spaces(n: number): string {
  return (SPACES[n] ??= ' '.repeat(n));
}

/** A line break and `n` spaces, made once. */
function breakAndSpaces(n: number): string {
  return (BREAK_AND_SPACES[n] ??= '\n' + ' '.repeat(n));
}

// --- the printer ---------------------------------------------------------------------------------------------------

/** What a printed node reports to its parent besides its text (`yaml`'s `onComment` and `onChompKeep` callbacks). */
interface Signals {
  /** The node's own comment was written inside its text (a block scalar header, a collection's trailing comment). */
  commentDone: boolean;
  /** The text ends with a keep-chomped block scalar (`|+`), whose trailing blank lines are content. */
  chompKeep: boolean;
}

/** A minimal stringify context for the number tags' own `stringify` (they read nothing from it). */
interface NumberContext {
  readonly options: Readonly<Record<string, unknown>>;
}

const NUMBER_CONTEXT: NumberContext = Object.freeze({ options: Object.freeze({ lineWidth: 0, minContentWidth: 0 }) });

/**
 * One document's printing. Each method mirrors a `yaml` stringifier and takes the context values that matter
 * (`indent`, `implicitKey`, `inFlow`) as arguments; after a call, `signals` holds what that call reported.
 */
class Printer {
  readonly #step: string;
  readonly #indentSeq: boolean;
  readonly #tags: readonly TagLike[];
  /** Tags whose test could make a plain string read as another type. */
  readonly #otherTypeTests: readonly RegExp[];
  /** A top-level block scalar is indented when the document has a trailing comment. */
  #forceBlockIndent = false;
  readonly signals: Signals = { commentDone: false, chompKeep: false };
  /** Whether the last key printed by `#keyPart` had a comment (then its text includes the colon and the comment). */
  #keyComment = false;
  /** The output so far, in pieces: block collections are written here, everything else is built as text. */
  readonly #out: string[] = [];
  /** Joined runs of `#out`: joining small pieces while they are fresh in the cache is quicker than all at the end. */
  readonly #chunks: string[] = [];
  /** The quoting rule for new strings (see `QuoteRule`), and the caches of the texts it gives. */
  readonly #quoteNew: ((value: string) => boolean) | undefined;
  readonly #newTextCaches: TextCaches;

  constructor(step: string, indentSeq: boolean, tags: readonly TagLike[], quoteNew: ((value: string) => boolean) | undefined) {
    this.#step = step;
    this.#indentSeq = indentSeq;
    this.#tags = tags;
    this.#otherTypeTests = tags.filter((t) => t.default && t.tag !== STR_TAG && t.test).map((t) => t.test!);
    this.#quoteNew = quoteNew;
    let caches = AS_IS_CACHES;
    if (quoteNew) {
      caches = NEW_TEXT_CACHES.get(quoteNew) ?? newTextCaches();
      NEW_TEXT_CACHES.set(quoteNew, caches);
    }
    this.#newTextCaches = caches;
  }

  /**
   * The caches for a plain or default-style string scalar: a string not exactly as written is subject to the quoting
   * rule, so its text is cached apart.
   */
  #cachesFor(node: Scalar, value: string): TextCaches {
    return node.type === undefined || node.source !== value ? this.#newTextCaches : AS_IS_CACHES;
  }

  document(doc: Document): string {
    const directives = doc.directives;
    if (!directives || directives.yaml.explicit || !onlyDefaultTagHandles(directives.tags)) throw UNSUPPORTED;
    const head: string[] = [];
    const hasDirectives = directives.docStart === true;
    if (hasDirectives) head.push('---');
    if (doc.commentBefore) {
      if (head.length !== 1) head.unshift('');
      head.unshift(indentComment(commentText(doc.commentBefore), ''));
    }
    let chompKeep = false;
    let contentComment: string | null | undefined = null;
    /** The last line written; a streamed collection is never empty. */
    let last: string | undefined;
    const contents: unknown = doc.contents;
    if (contents) {
      const node = asNode(contents);
      if (node.spaceBefore && hasDirectives) head.push('');
      if (node.commentBefore) head.push(indentComment(commentText(node.commentBefore), ''));
      this.#forceBlockIndent = !!doc.comment;
      contentComment = node.comment;
      const reportsChompKeep = !contentComment;
      if (this.#isBlockCollection(node, null)) {
        // Its first line is a key, `- `, a comment or blank, never a block scalar header to join the `---` line.
        this.#lines(head);
        if (head.length > 0) this.#out.push('\n');
        this.#emitBlock(node as YAMLMap | YAMLSeq, '', false);
        last = 'collection';
      } else {
        let body = this.node(node, '', false, null);
        if (this.signals.commentDone) contentComment = null;
        // A top-level block scalar goes on the `---` line.
        if (contentComment) body += lineComment(body, '', commentText(contentComment));
        if (head[head.length - 1] === '---' && (body[0] === '|' || body[0] === '>')) head[head.length - 1] = `--- ${body}`;
        else head.push(body);
        this.#lines(head);
        last = head[head.length - 1];
      }
      if (this.signals.commentDone) contentComment = null;
      if (this.signals.chompKeep && reportsChompKeep) chompKeep = true;
    } else {
      if (contents !== null && contents !== undefined) throw UNSUPPORTED;
      head.push('null');
      this.#lines(head);
      last = 'null';
    }
    const tail: string[] = [];
    if (directives.docEnd) {
      if (doc.comment) {
        const text = commentText(doc.comment);
        if (text.includes('\n')) tail.push('...', indentComment(text, ''));
        else tail.push(`... ${text}`);
      } else {
        tail.push('...');
      }
    } else {
      let docComment = doc.comment;
      if (docComment && chompKeep) docComment = docComment.replace(/^\n+/, '');
      if (docComment) {
        if ((!chompKeep || contentComment) && last !== '') tail.push('');
        tail.push(indentComment(commentText(docComment), ''));
      }
    }
    for (const line of tail) this.#out.push('\n', line);
    this.#out.push('\n');
    this.#chunks.push(this.#out.join(''));
    return this.#chunks.join('');
  }

  /** Writes lines joined by line breaks. */
  #lines(lines: readonly string[]): void {
    if (lines.length > 0) this.#out.push(lines.join('\n'));
  }

  /**
   * Any node but a block collection, as text (`yaml`'s `stringify`); `inFlow` is null outside flow collections, as
   * `yaml` leaves it. Block collections are written straight to the output by `#emitBlock`, as their text is never
   * looked into: a long text built by concatenation and then searched is flattened at every level.
   */
  node(node: Node, indent: string, implicitKey: boolean, inFlow: true | null): string {
    if (node.tag || (node as { anchor?: string }).anchor) throw UNSUPPORTED;
    const type = node.constructor;
    if (type === Scalar) return this.scalar(node as Scalar, indent, implicitKey, inFlow);
    if ((type === YAMLMap || type === YAMLSeq) && (inFlow ?? (node as YAMLMap | YAMLSeq).flow)) {
      const collection = node as YAMLMap | YAMLSeq;
      if (type === YAMLMap) {
        checkPairs(collection.items);
        return this.flowCollection(collection.items, indent, indent, '{', '}', implicitKey);
      }
      return this.flowCollection(collection.items, indent, indent + '  ', '[', ']', implicitKey);
    }
    throw UNSUPPORTED;
  }

  #isBlockCollection(node: Node, inFlow: true | null): boolean {
    const type = node.constructor;
    return (type === YAMLMap || type === YAMLSeq) && !(inFlow ?? (node as YAMLMap | YAMLSeq).flow);
  }

  // --- collections ---------------------------------------------------------------------------------------------------

  /** A block map or sequence, written to the output (`yaml`'s `stringifyBlockCollection`); reports as `node` does. */
  #emitBlock(collection: YAMLMap | YAMLSeq, indent: string, implicitKey: boolean): void {
    if (collection.tag || collection.anchor) throw UNSUPPORTED;
    const out = this.#out;
    const isMap = collection.constructor === YAMLMap;
    const items = collection.items as readonly unknown[];
    const itemIndent = isMap ? indent : spaces(indent.length + 2);
    const prefix = isMap ? '' : '- ';
    const lineBreak = breakAndSpaces(indent.length);
    let lineCount = 0;
    // `yaml` joins the lines with a break and the indentation, an empty line with a break only.
    const line = (text: string): void => {
      if (lineCount++ > 0) out.push(text ? lineBreak : '\n');
      if (text) out.push(text);
    };
    let chompKeep = false;
    for (const item of items) {
      let itemComment: string | null | undefined = null;
      const pair = isPairItem(item) ? item : undefined;
      // A map's items must all be pairs (see `checkPairs`); output written so far is dropped when this throws.
      if (isMap && !pair) throw UNSUPPORTED;
      const node = asNode(pair ? pair.key : item);
      if (!chompKeep && node.spaceBefore) line('');
      if (node.commentBefore) this.#commentBefore(indent, node.commentBefore, chompKeep, line);
      const lineStart = lineCount++ > 0 ? lineBreak : '';
      if (pair) {
        // A pair in a block sequence (`- key: value` from a bare Pair item) is left to `yaml`.
        if (!isMap) throw UNSUPPORTED;
        this.#emitPair(pair, itemIndent, lineStart, indent === '');
      } else {
        itemComment = node.comment;
        out.push(lineStart ? lineStart + prefix : prefix);
        if (this.#isBlockCollection(node, null)) {
          this.#emitBlock(node as YAMLMap | YAMLSeq, itemIndent, implicitKey);
        } else {
          let printed = this.node(node, itemIndent, implicitKey, null);
          if (!this.signals.commentDone && itemComment) printed += lineComment(printed, itemIndent, commentText(itemComment));
          out.push(printed);
        }
        if (this.signals.commentDone) itemComment = null;
      }
      chompKeep = this.signals.chompKeep;
      if (chompKeep && itemComment) chompKeep = false;
      if (out.length >= CHUNK_PIECES) {
        this.#chunks.push(out.join(''));
        out.length = 0;
      }
    }
    if (lineCount === 0) out.push(isMap ? '{}' : '[]');
    this.signals.commentDone = false;
    this.signals.chompKeep = false;
    const comment = collection.comment;
    if (comment) {
      out.push('\n' + indentComment(commentText(comment), indent));
      this.signals.commentDone = true;
    } else if (chompKeep) {
      this.signals.chompKeep = true;
    }
  }

  flowCollection(items: readonly unknown[], indent: string, baseIndent: string, start: string, end: string, implicitKey: boolean): string {
    const itemIndent = baseIndent + this.#step;
    let newlines = false;
    let linesAtValue = 0;
    const lines: string[] = [];
    const push = (line: string): void => {
      lines.push(line);
    };
    items.forEach((item, i) => {
      let comment: string | null | undefined = null;
      let printed: string;
      if (isPairItem(item)) {
        const key = asNode(item.key);
        if (key.spaceBefore) lines.push('');
        this.#commentBefore(indent, key.commentBefore, false, push);
        if (key.comment) newlines = true;
        const value = asNode(item.value);
        if (value.comment) comment = value.comment;
        if (value.commentBefore) newlines = true;
        if (comment) newlines = true;
        printed = this.pair(item, itemIndent);
      } else {
        const node = asNode(item);
        if (node.spaceBefore) lines.push('');
        this.#commentBefore(indent, node.commentBefore, false, push);
        if (node.comment) comment = node.comment;
        if (comment) newlines = true;
        printed = this.node(node, itemIndent, implicitKey, true);
      }
      if (this.signals.commentDone) comment = null;
      newlines ||= lines.length > linesAtValue || printed.includes('\n');
      if (i < items.length - 1) printed += ',';
      if (comment) printed += lineComment(printed, itemIndent, commentText(comment));
      lines.push(printed);
      linesAtValue = lines.length;
    });
    this.signals.commentDone = false;
    this.signals.chompKeep = false;
    if (lines.length === 0) return start + end;
    if (!newlines) return `${start}${lines.join(' ')}${end}`;
    let text = start;
    for (const line of lines) text += line ? `\n${this.#step}${indent}${line}` : '\n';
    return `${text}\n${indent}${end}`;
  }

  #commentBefore(indent: string, comment: string | null | undefined, chompKeep: boolean, push: (line: string) => void): void {
    if (comment && chompKeep) comment = comment.replace(/^\n+/, '');
    if (comment) push(indentComment(commentText(comment), indent).trimStart());
  }

  /**
   * A pair's key and colon (`yaml`'s `stringifyPair` up to the value) for a key that needs no `? `: a scalar that is
   * not a block scalar, at most 1024 characters long outside flow collections.
   */
  #keyPart(pair: Pair, inner: string, inFlow: true | null): string {
    const key = asNode(pair.key);
    if (key.constructor !== Scalar) throw UNSUPPORTED;
    const keyType = (key as Scalar).type;
    if (keyType === Scalar.BLOCK_FOLDED || keyType === Scalar.BLOCK_LITERAL) throw UNSUPPORTED;
    const keyText = this.node(key, inner, true, inFlow);
    if (inFlow === null && keyText.length > 1024) throw UNSUPPORTED;
    const keyComment = !this.signals.commentDone && key.comment ? key.comment : null;
    this.#keyComment = keyComment !== null;
    if (!keyComment) return keyText;
    const text = keyText + ':';
    return text + lineComment(text, inner, commentText(keyComment));
  }

  /** The indentation of a pair's value: a compact sequence counts its `- ` as indentation. */
  #valueIndent(value: Node, inner: string, inFlow: true | null): string {
    if (!this.#indentSeq && this.#step.length >= 2 && !inFlow && value.constructor === YAMLSeq && !(value as YAMLSeq).flow) return spaces(inner.length - 2);
    return inner;
  }

  /** A `key: value` entry of a block map, written to the output in pieces. */
  #emitPair(pair: Pair, indent: string, lineStart: string, topLevel: boolean): void {
    const out = this.#out;
    const inner = spaces(indent.length + this.#step.length);
    const value = asNode(pair.value);
    const keyLine = this.#plainKeyLine(pair.key, inner, lineStart, topLevel);
    /** The last text written, for a comment placed after the value (only its last characters matter). */
    let written = ':';
    let keyComment = false;
    if (keyLine !== undefined) {
      out.push(keyLine);
    } else {
      if (lineStart) out.push(lineStart);
      const keyText = this.#keyPart(pair, inner, null);
      keyComment = this.#keyComment;
      // With a key comment, `#keyPart` has written the colon before the comment.
      if (keyComment) out.push((written = keyText));
      else out.push(keyText, ':');
    }
    const valueIndent = this.#valueIndent(value, inner, null);
    if (this.#isBlockCollection(value, null)) {
      const collection = value as YAMLMap | YAMLSeq;
      if (keyComment || value.spaceBefore || value.commentBefore) {
        // The collection's text is never empty.
        out.push(separatorWithComments(!!value.spaceBefore, value.commentBefore, valueIndent, null, null, undefined));
      } else if (collection.items.length > 0 || collection.flow === false || collection.comment) {
        // `yaml` keeps one-line flow-like text (`{}`, `[]`) on the key's line; anything else goes below.
        out.push(breakAndSpaces(valueIndent.length));
      } else {
        out.push(' ');
      }
      this.#emitBlock(collection, valueIndent, false);
      // The collection wrote its own comment; its `|+` report passes through.
      this.signals.commentDone = false;
      return;
    }
    if (!keyComment && !value.spaceBefore && !value.commentBefore && !value.comment && isPlainLine(value)) {
      out.push(this.#plainValueWithSpace(value as Scalar<string>, valueIndent));
      this.signals.commentDone = false;
      this.signals.chompKeep = false;
      return;
    }
    const valueComment = value.comment;
    const valueText = this.node(value, valueIndent, false, null);
    const valueCommentDone = this.signals.commentDone;
    const chompKeep = this.signals.chompKeep;
    const ws = this.#separator(keyComment, value, valueIndent, null, valueText);
    out.push(ws, valueText);
    this.signals.commentDone = false;
    this.signals.chompKeep = false;
    if (valueComment && !valueCommentDone) {
      out.push(lineComment(valueText || ws || written, valueIndent, commentText(valueComment)));
    } else if (chompKeep) {
      this.signals.chompKeep = true;
    }
  }

  /**
   * `lineStart` (a line break and indentation, or nothing on a collection's first line), a one-line plain-style key
   * without comments and the colon, from a cache; undefined for any other key. The key's text depends on being at
   * the first level (see `plain`), which `lineStart` tells except on a first line.
   */
  #plainKeyLine(key: unknown, inner: string, lineStart: string, topLevel: boolean): string | undefined {
    if (!isPlainLine(key) || (key as Scalar).comment) return undefined;
    const value = (key as Scalar<string>).value;
    const caches = this.#cachesFor(key as Scalar, value);
    const cache = (caches.keyLines[lineStart ? lineStart.length + 1 : topLevel ? 0 : 1] ??= new Map<string, string>());
    let line = cache.get(value);
    if (line === undefined) {
      this.signals.commentDone = false;
      const text = this.#cachedPlain(key as Scalar, value, inner, true, null, caches);
      if (text.length > 1024) throw UNSUPPORTED;
      line = lineStart + text + ':';
      if (cache.size >= MAX_CACHE_SIZE) cache.clear();
      cache.set(value, line);
    }
    return line;
  }

  /** A one-line plain-style value with the space before it, from a cache (the text does not depend on the indent). */
  #plainValueWithSpace(value: Scalar<string>, indent: string): string {
    const caches = this.#cachesFor(value, value.value);
    const cache = caches.values;
    let text = cache.get(value.value);
    if (text === undefined) {
      const printed = this.#cachedPlain(value, value.value, indent, false, null, caches);
      text = printed === '' || printed[0] === '\n' ? printed : ' ' + printed;
      if (cache.size >= MAX_CACHE_SIZE) cache.clear();
      cache.set(value.value, text);
    }
    return text;
  }

  /** A `key: value` entry inside a flow collection, as text. */
  pair(pair: Pair, indent: string): string {
    const inner = spaces(indent.length + this.#step.length);
    const value = asNode(pair.value);
    const keyText = this.#keyPart(pair, inner, true);
    const keyComment = this.#keyComment;
    const valueIndent = this.#valueIndent(value, inner, true);
    const valueText = this.node(value, valueIndent, false, true);
    const valueCommentDone = this.signals.commentDone;
    const text = (keyComment ? keyText : keyText + ':') + this.#separator(keyComment, value, valueIndent, true, valueText) + valueText;
    this.signals.commentDone = valueCommentDone;
    this.signals.chompKeep = false;
    return text;
  }

  /** What goes between `key:` and a value printed as text (a scalar or a flow collection). */
  #separator(keyComment: boolean, value: Node, valueIndent: string, inFlow: true | null, valueText: string): string {
    if (keyComment || value.spaceBefore || value.commentBefore) {
      return separatorWithComments(!!value.spaceBefore, value.commentBefore, valueIndent, inFlow, value.comment, valueText);
    }
    if (value.constructor !== Scalar) {
      // A flow collection stays on the key's line unless it spans lines.
      return valueText.includes('\n') ? breakAndSpaces(valueIndent.length) : ' ';
    }
    return valueText === '' || valueText[0] === '\n' ? '' : ' ';
  }

  // --- scalars -------------------------------------------------------------------------------------------------------

  scalar(node: Scalar, indent: string, implicitKey: boolean, inFlow: true | null): string {
    this.signals.commentDone = false;
    this.signals.chompKeep = false;
    const value = node.value;
    if (typeof value === 'string') return this.string(node, value, indent, implicitKey, inFlow);
    if (value === null || value === undefined) {
      const source = node.source;
      return typeof source === 'string' && /^(?:~|[Nn]ull|NULL)?$/.test(source) ? source : 'null';
    }
    if (typeof value === 'boolean') {
      const source = node.source;
      if (source && /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(source) && value === (source[0] === 't' || source[0] === 'T')) return source;
      return value ? 'true' : 'false';
    }
    if (typeof value === 'number') {
      const tag = this.#numberTag(node, value);
      if (!tag || typeof tag.stringify !== 'function') throw UNSUPPORTED;
      return tag.stringify(node, NUMBER_CONTEXT);
    }
    throw UNSUPPORTED;
  }

  /** The number tag `yaml` picks: those that identify the value, narrowed to those with a test, by format. */
  #numberTag(node: Scalar, value: number): TagLike | undefined {
    let match = this.#tags.filter((t) => t.identify?.(value));
    if (match.length > 1) {
      const withTest = match.filter((t) => t.test);
      if (withTest.length > 0) match = withTest;
    }
    const tag = match.find((t) => t.format === node.format) ?? match.find((t) => !t.format);
    return tag && (tag.tag === INT_TAG || tag.tag === FLOAT_TAG) ? tag : undefined;
  }

  /** A string scalar in its requested style, or the closest one that keeps its value (`yaml`'s `stringifyString`). */
  string(node: Scalar, value: string, indent: string, implicitKey: boolean, inFlow: true | null): string {
    let type = node.type;
    if (type === undefined || type === Scalar.PLAIN) {
      if (indent !== '' && value.length <= MAX_CACHED_LENGTH && !value.includes('\n')) {
        return this.#cachedPlain(node, value, indent, implicitKey, inFlow, this.#cachesFor(node, value));
      }
      if (this.#quoteNew && (type === undefined || node.source !== value) && this.#quoteNew(value)) type = Scalar.QUOTE_DOUBLE;
    }
    if (type !== Scalar.QUOTE_DOUBLE && MAY_NEED_ESCAPES.test(value) && NEEDS_ESCAPES.test(value)) type = Scalar.QUOTE_DOUBLE;
    switch (type) {
      case Scalar.BLOCK_FOLDED:
      case Scalar.BLOCK_LITERAL:
        return implicitKey || inFlow ? this.quoted(value, indent, implicitKey) : this.block(node, value, indent, type, this.#forceBlockIndent);
      case Scalar.QUOTE_DOUBLE:
        return doubleQuoted(value, indent, implicitKey);
      case Scalar.QUOTE_SINGLE:
        return this.singleQuoted(value, indent, implicitKey);
      default:
        return this.plain(node, value, indent, implicitKey, inFlow, type === Scalar.PLAIN);
    }
  }

  /**
   * A one-line plain-style string, printed once per context: its text depends on the value, on whether it is a key
   * (a key at the first level quotes `---x`, see `plain`) and on being inside a flow collection, never on the indent.
   */
  #cachedPlain(node: Scalar, value: string, indent: string, implicitKey: boolean, inFlow: true | null, caches: TextCaches): string {
    const cache = caches.plain[(implicitKey ? (indent === this.#step ? 2 : 1) : 0) + (inFlow ? 3 : 0)]!;
    let text = cache.get(value);
    if (text === undefined) {
      // A string the quoting rule picks is double-quoted as if its type said so (one line: the indent does not matter).
      const quote = (caches !== AS_IS_CACHES && this.#quoteNew?.(value)) || (MAY_NEED_ESCAPES.test(value) && NEEDS_ESCAPES.test(value));
      text = quote ? doubleQuoted(value, indent, implicitKey) : this.plain(node, value, indent, implicitKey, inFlow, true);
      if (cache.size >= MAX_CACHE_SIZE) cache.clear();
      cache.set(value, text);
    }
    return text;
  }

  plain(node: Scalar, value: string, indent: string, implicitKey: boolean, inFlow: true | null, typedPlain: boolean): string {
    const multiline = value.includes('\n');
    if ((implicitKey && multiline) || (inFlow && FLOW_INDICATORS.test(value))) return this.quoted(value, indent, implicitKey);
    if (PLAIN_UNSAFE.test(value)) {
      return implicitKey || inFlow || !multiline ? this.quoted(value, indent, implicitKey) : this.block(node, value, indent, node.type, this.#forceBlockIndent);
    }
    if (!implicitKey && !inFlow && !typedPlain && multiline) return this.block(node, value, indent, node.type, this.#forceBlockIndent);
    if (DOCUMENT_MARKER.test(value)) {
      if (indent === '') return this.block(node, value, indent, node.type, true);
      if (implicitKey && indent === this.#step) return this.quoted(value, indent, implicitKey);
    }
    const text = multiline ? value.replace(/\n+/g, `$&\n${indent}`) : value;
    if (text === '' || MAY_RESOLVE_FIRST.test(text)) {
      for (const test of this.#otherTypeTests) if (test.test(text)) return this.quoted(value, indent, implicitKey);
    }
    return text;
  }

  /** Single quotes for a value with double quotes only, else double quotes (`yaml`'s `quotedString`). */
  quoted(value: string, indent: string, implicitKey: boolean): string {
    if (value.includes('"') && !value.includes("'")) return this.singleQuoted(value, indent, implicitKey);
    return doubleQuoted(value, indent, implicitKey);
  }

  singleQuoted(value: string, indent: string, implicitKey: boolean): string {
    if ((implicitKey && value.includes('\n')) || SINGLE_QUOTE_UNSAFE.test(value)) return doubleQuoted(value, indent, implicitKey);
    const lineIndent = indent || (DOCUMENT_MARKER.test(value) ? '  ' : '');
    return "'" + value.replace(/'/g, "''").replace(/\n+/g, `$&\n${lineIndent}`) + "'";
  }

  /** A literal (`|`) or, when the node asks for it, folded (`>`) block scalar; reports its comment and `|+`. */
  block(node: Scalar, value: string, indent: string, type: Scalar['type'], forceIndent: boolean): string {
    if (TRAILING_SPACE_LINE.test(value)) return this.quoted(value, indent, false);
    const lineIndent = indent || (forceIndent || DOCUMENT_MARKER.test(value) ? '  ' : '');
    const literal = type !== Scalar.BLOCK_FOLDED;
    if (!value) return literal ? '|\n' : '>\n';
    let endStart = value.length;
    while (endStart > 0) {
      const ch = value[endStart - 1];
      if (ch !== '\n' && ch !== '\t' && ch !== ' ') break;
      endStart--;
    }
    let end = value.substring(endStart);
    const endBreak = end.indexOf('\n');
    let chomp: string;
    let chompKeep = false;
    if (endBreak === -1) {
      chomp = '-';
    } else if (value === end || endBreak !== end.length - 1) {
      chomp = '+';
      chompKeep = true;
    } else {
      chomp = '';
    }
    let body = value;
    if (end) {
      body = body.slice(0, -end.length);
      if (end.endsWith('\n')) end = end.slice(0, -1);
      end = end.replace(BLOCK_END_NEWLINES, `$&${lineIndent}`);
    }
    let leadingSpace = false;
    let startEnd = 0;
    let lastLeadingBreak = -1;
    for (; startEnd < body.length; startEnd++) {
      const ch = body[startEnd];
      if (ch === ' ') leadingSpace = true;
      else if (ch === '\n') lastLeadingBreak = startEnd;
      else break;
    }
    let start = body.substring(0, lastLeadingBreak < startEnd ? lastLeadingBreak + 1 : startEnd);
    if (start) {
      body = body.substring(start.length);
      start = start.replace(/\n+/g, `$&${lineIndent}`);
    }
    let header = (leadingSpace ? (lineIndent ? '2' : '1') : '') + chomp;
    let commentDone = false;
    if (node.comment) {
      header += ' ' + commentText(node.comment.replace(/ ?[\r\n]+/g, ' '));
      commentDone = true;
    }
    this.signals.commentDone = commentDone;
    this.signals.chompKeep = chompKeep;
    if (!literal) {
      const folded = body
        .replace(/\n+/g, '\n$&')
        .replace(FOLDED_MORE_INDENTED, '$1$2')
        .replace(/\n+/g, `$&${lineIndent}`);
      return `>${header}\n${lineIndent}${start}${folded}${end}`;
    }
    return `|${header}\n${lineIndent}${start}${body.replace(/\n+/g, `$&${lineIndent}`)}${end}`;
  }
}

/** Double quotes with YAML escapes; long values keep their line breaks as folded lines (`yaml`'s `doubleQuotedString`). */
function doubleQuoted(value: string, indent: string, implicitKey: boolean): string {
  const json = JSON.stringify(value);
  const lineIndent = indent || (DOCUMENT_MARKER.test(value) ? '  ' : '');
  let out = '';
  let start = 0;
  for (let i = 0; i < json.length; i++) {
    let ch = json[i];
    if (ch === ' ' && json[i + 1] === '\\' && json[i + 2] === 'n') {
      // A space before a line break is escaped, or folding would drop it.
      out += json.slice(start, i) + '\\ ';
      i += 1;
      start = i;
      ch = '\\';
    }
    if (ch !== '\\') continue;
    const next = json[i + 1];
    if (next === 'u') {
      out += json.slice(start, i) + yamlEscape(json.substr(i + 2, 4), json.substr(i, 6));
      i += 5;
      start = i + 1;
    } else if (next === 'n') {
      if (implicitKey || json[i + 2] === '"' || json.length < 40) {
        i += 1;
      } else {
        // A line break is written as a blank line (folding turns it back into one break).
        out += json.slice(start, i) + '\n\n';
        while (json[i + 2] === '\\' && json[i + 3] === 'n' && json[i + 4] !== '"') {
          out += '\n';
          i += 2;
        }
        out += lineIndent;
        if (json[i + 2] === ' ') out += '\\';
        i += 1;
        start = i + 1;
      }
    } else {
      i += 1;
    }
  }
  return start ? out + json.slice(start) : json;
}

/** YAML's short escape for a `\uXXXX` that JSON wrote. */
function yamlEscape(code: string, jsonEscape: string): string {
  switch (code) {
    case '0000':
      return '\\0';
    case '0007':
      return '\\a';
    case '000b':
      return '\\v';
    case '001b':
      return '\\e';
    case '0085':
      return '\\N';
    case '00a0':
      return '\\_';
    case '2028':
      return '\\L';
    case '2029':
      return '\\P';
    default:
      return code.startsWith('00') ? '\\x' + code.substring(2) : jsonEscape;
  }
}

/** What separates a key from a value that has a blank line or comments before it, or follows a key comment. */
function separatorWithComments(spaceBefore: boolean, commentBefore: string | null | undefined, valueIndent: string, inFlow: true | null | false, valueComment: string | null | undefined, valueText?: string): string {
  let ws = spaceBefore ? '\n' : '';
  if (commentBefore) ws += `\n${indentComment(commentText(commentBefore), valueIndent)}`;
  if (valueText === '' && !inFlow) {
    if (ws === '\n' && valueComment) ws = '\n\n';
  } else {
    ws += `\n${valueIndent}`;
  }
  return ws;
}

// --- node checks ---------------------------------------------------------------------------------------------------

/** A map's items must all be pairs; `pair` and `#emitPair` refuse bare null values (`yaml` may write `? key` for them). */
function checkPairs(items: readonly unknown[]): void {
  for (const item of items) if (!isPairItem(item)) throw UNSUPPORTED;
}

/** A string scalar the one-line caches can print: plain or default style, no tag or anchor, one short line. */
function isPlainLine(node: unknown): boolean {
  if (node === null || typeof node !== 'object' || node.constructor !== Scalar) return false;
  const scalar = node as Scalar;
  const value = scalar.value;
  return (
    typeof value === 'string' &&
    (scalar.type === undefined || scalar.type === Scalar.PLAIN) &&
    !scalar.tag &&
    !scalar.anchor &&
    value.length <= MAX_CACHED_LENGTH &&
    !value.includes('\n')
  );
}

function isPairItem(item: unknown): item is Pair {
  return item !== null && typeof item === 'object' && item.constructor === Pair;
}

/** The item as a plain node; anything else (a raw JS value, an alias, a pair in a sequence) is not printed here. */
function asNode(item: unknown): Node {
  if (item === null || typeof item !== 'object') throw UNSUPPORTED;
  const type = item.constructor;
  if (type !== Scalar && type !== YAMLMap && type !== YAMLSeq) throw UNSUPPORTED;
  return item as Node;
}

/** Only the default `!!` handle is declared, so no `%TAG` line is printed. */
function onlyDefaultTagHandles(tags: Record<string, string>): boolean {
  let count = 0;
  for (const handle in tags) {
    if (handle !== '!!' || tags[handle] !== 'tag:yaml.org,2002:') return false;
    count++;
  }
  return count <= 1;
}
