/**
 * The only wrapper over the `yaml` package for manifests: parse a stream into Documents with positioned errors,
 * print Documents in KRM style, and convert nodes to plain JS safely.
 *
 * What "KRM style" means here (krm-integration.md §9, ARCHITECTURE.md §8.6):
 * - block YAML, no line folding (`lineWidth: 0`), no anchors for new content (`aliasDuplicateObjects: false`);
 * - comments, key order, quoting styles and number spellings of parsed content are kept (`0644` stays `0644`);
 * - sequence indentation (wide `key:\n  - x` or compact `key:\n- x`) and map indentation are detected per document;
 * - strings that a YAML 1.1 reader (kubectl's sigs.k8s.io/yaml) would not read as strings (`yes`, `on`, `0b101`,
 *   `1_000`, …) are double-quoted when they are new or changed, never when they are exactly what the user wrote.
 *
 * JSON input is accepted (YAML is a superset of JSON); a document whose top level is a flow collection (JSON or
 * flow YAML) is re-styled to block YAML with plain scalars where safe, because kpt would otherwise persist the
 * flow style into the package's files.
 */
import { Alias, Composer, Document, LineCounter, Pair, Parser, Scalar, YAMLMap, YAMLParseError, YAMLSeq, isAlias, isCollection, isDocument, isMap, isNode, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { CST, Node, ScalarTag, Tags, ToStringOptions } from 'yaml';
import { printDocument } from './print.ts';
import type { QuoteRule } from './print.ts';
import { withoutStackTraces } from './stackless.ts';
import { lightNodes } from './light-nodes.ts';
import { composeBlockMap } from './fast-compose.ts';

/** A problem found while parsing, with a 1-based position. */
export interface YamlProblem {
  readonly code: string;
  readonly message: string;
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** How a document was laid out, so that an edited document is printed the same way. */
export interface DocumentStyle {
  /** Spaces per nesting level of block maps. */
  readonly indent: number;
  /** Whether block sequences under a key are indented (`wide`) or not (`compact`). */
  readonly indentSeq: boolean;
  /** Whether the source used CRLF line ends. */
  readonly crlf: boolean;
}

/** One document of a parsed stream. */
export interface SourceDocument {
  readonly doc: Document.Parsed;
  /** The exact source text of this document; the texts of all documents concatenate to the whole input. */
  readonly text: string;
  /** False for documents that hold no value (only comments, or an empty `---`). */
  readonly hasContent: boolean;
  /** True when the top level was a flow collection (JSON) and the document was re-styled to block YAML. */
  readonly restyled: boolean;
  readonly style: DocumentStyle;
  /** 1-based position of the document's first content character. */
  readonly line: number;
  readonly column: number;
}

export interface ParsedStream {
  readonly documents: readonly SourceDocument[];
  /** Errors of every document; empty when the stream parsed cleanly. */
  readonly problems: readonly YamlProblem[];
  /** 1-based line and column of an offset in the input text. */
  position(offset: number): { line: number; column: number };
}

/** The style used when nothing better is known: kyaml's compact sequences, two-space indentation. */
export const DEFAULT_STYLE: DocumentStyle = { indent: 2, indentSeq: false, crlf: false };

// --- parsing -------------------------------------------------------------------------------------------------------

/**
 * Parses a multi-document stream. Never throws on bad input: problems are returned with their positions. An input
 * over MAX_INPUT_SIZE or nested deeper than MAX_NESTING_DEPTH is not parsed at all (one problem, no documents). A text
 * that is one block map in the subset of fast-compose.ts is composed there, into the Document `yaml` would give
 * (`fast: false` is for the tests that compare the two).
 */
export function parseStream(text: string, options: { fast?: boolean } = {}): ParsedStream {
  const fast = options.fast === false || text.length > MAX_INPUT_SIZE ? undefined : parseOneBlockMap(text);
  if (fast) return fast;
  let lineCounter = new LineCounter();
  const position = (offset: number): { line: number; column: number } => positionIn(lineCounter, offset);
  const beyond = beyondLimits(text);
  const parsed = beyond ? beyond : parseWithinDepth(text, lineCounter);
  if (!Array.isArray(parsed)) {
    if (parsed.code === 'NESTING_TOO_DEEP') {
      lineCounter = new LineCounter();
      countLines(text, lineCounter);
    }
    return { documents: [], problems: [{ ...parsed, ...position(parsed.offset) }], position };
  }
  const docs: Document.Parsed[] = parsed;
  const problems: YamlProblem[] = [];
  for (const doc of docs) {
    if (text.includes('*')) reportAliasProblems(doc);
    if (text.includes('&')) reportAnchorProblems(doc, text);
    for (const error of doc.errors) {
      const offset = error.pos[0];
      problems.push({ code: error.code, message: firstLine(error.message), offset, ...position(offset) });
    }
  }
  const documents: SourceDocument[] = [];
  let start = 0;
  docs.forEach((doc, i) => {
    let end = i === docs.length - 1 ? text.length : Math.max(doc.range?.[2] ?? start, start);
    // A document ends with its line: an empty `---` document's range stops before the line break.
    if (text.startsWith('\r\n', end)) end += 2;
    else if (text.startsWith('\n', end)) end += 1;
    const docText = text.slice(start, end);
    const contentStart = doc.contents?.range?.[0] ?? doc.range?.[0] ?? start;
    const restyled = problems.length === 0 && isFlowTopLevel(doc);
    if (restyled) restyleAsBlock(doc);
    documents.push({
      doc,
      text: docText,
      hasContent: hasContent(doc),
      restyled,
      style: restyled ? { ...DEFAULT_STYLE, crlf: docText.includes('\r\n') } : detectStyle(doc, docText, lineCounter),
      ...position(contentStart),
    });
    start = end;
  });
  return { documents, problems, position };
}

/** The 1-based line and column of an offset, from the line starts a LineCounter holds. */
function positionIn(lineCounter: LineCounter, offset: number): { line: number; column: number } {
  const pos = lineCounter.linePos(offset);
  return { line: pos.line, column: pos.col };
}

let directivesClass: (new (init: { version: string }) => unknown) | undefined;

/**
 * A stream that is one block map from its first line (a ResourceList, a manifest), composed by fast-compose.ts into
 * the Document `yaml` would give (same options, directives and range); undefined for anything else.
 */
function parseOneBlockMap(text: string): ParsedStream | undefined {
  const lineCounter = new LineCounter();
  // `yaml`'s composer hands each Document the stream's directives (a class it does not export).
  const Directives = (directivesClass ??= newDocument().directives?.constructor as new (init: { version: string }) => unknown);
  const options = { _directives: new Directives({ version: '1.2' }), ...parseOptions(), lineCounter };
  const doc = new Document(undefined, options as ReturnType<typeof parseOptions>) as Document.Parsed;
  const map = composeBlockMap(text, doc.schema, doc.options);
  if (map === undefined) return undefined;
  const end = (map.range as [number, number, number])[2];
  doc.contents = map as YAMLMap.Parsed;
  // Blank lines after the map end the document, not the map; after an empty last value, its line end is the map's.
  doc.range = [0, end, text.charCodeAt(end - 1) === 0x0a ? text.length : end];
  countLines(text, lineCounter);
  const position = (offset: number): { line: number; column: number } => positionIn(lineCounter, offset);
  const document: SourceDocument = { doc, text, hasContent: true, restyled: false, style: detectStyle(doc, text, lineCounter), ...position(map.range?.[0] ?? 0) };
  return { documents: [document], problems: [], position };
}

// --- limits --------------------------------------------------------------------------------------------------------

/**
 * The largest input accepted, in UTF-16 code units (bytes for ASCII text). Beyond it parsing alone takes minutes and
 * gigabytes; real packages and rendered charts are a few megabytes.
 */
export const MAX_INPUT_SIZE = 32 * 1024 * 1024;

/**
 * The deepest nesting of collections accepted. `yaml` composes documents recursively and so do printing, copying and
 * comparing; a few thousand levels exhaust the JavaScript stack (or crash V8 outright), while the deepest Kubernetes
 * objects (CRD schemas) nest well under a hundred.
 */
export const MAX_NESTING_DEPTH = 500;

/** Why an input is refused before parsing, or undefined. */
function beyondLimits(text: string): { code: string; message: string; offset: number } | undefined {
  if (text.length > MAX_INPUT_SIZE) {
    const mib = (text.length / (1024 * 1024)).toFixed(1);
    return { code: 'INPUT_TOO_LARGE', message: `the input is ${mib} MiB, more than the limit of ${MAX_INPUT_SIZE / (1024 * 1024)} MiB`, offset: 0 };
  }
  return undefined;
}

function tooDeep(offset: number): { code: string; message: string; offset: number } {
  return { code: 'NESTING_TOO_DEEP', message: `collections are nested more than ${MAX_NESTING_DEPTH} levels deep`, offset };
}

/**
 * `parseAllDocuments`, refusing an input nested deeper than MAX_NESTING_DEPTH before composing it. When a character
 * scan cannot rule deep nesting out, each document's concrete syntax tree is measured between parsing and composing
 * (`yaml` composes recursively), so the input is lexed and parsed once either way.
 */
function parseWithinDepth(text: string, lineCounter: LineCounter): Document.Parsed[] | { code: string; message: string; offset: number } {
  const options = { ...parseOptions(), lineCounter };
  if (!mayNestTooDeep(text)) {
    const parsed = withoutStackTraces(() => parseAllDocuments(text, options));
    return Array.isArray(parsed) ? parsed : [];
  }
  const parser = new Parser(lineCounter.addNewLine);
  let deep: number | undefined;
  function* measured(): Generator<CST.Token> {
    for (const token of parser.parse(text)) {
      deep = tokenDeepestOffset(token);
      if (deep !== undefined) return;
      yield token;
    }
  }
  const docs = withoutStackTraces(() => Array.from(new Composer(options).compose(measured())));
  return deep === undefined ? docs : tooDeep(deep);
}

/**
 * Whether nesting may exceed MAX_NESTING_DEPTH: every block level takes a column of indentation or an indicator
 * (`- `, `? `) and every flow level a bracket, so a character scan bounds the depth.
 */
function mayNestTooDeep(text: string): boolean {
  let brackets = 0;
  let lead = 0;
  let maxLead = 0;
  let inLead = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      inLead = true;
      lead = 0;
      continue;
    }
    if (c === 0x5b || c === 0x7b) {
      // Text with many brackets (templates in block scalars: `{{ … }}`) is settled early, without reading on.
      if (++brackets + 2 * maxLead + 2 > MAX_NESTING_DEPTH) return true;
    }
    if (inLead) {
      // space, tab, '-', '?', ':'
      if (c === 0x20 || c === 0x09 || c === 0x2d || c === 0x3f || c === 0x3a) {
        if (++lead > maxLead) maxLead = lead;
      } else {
        inLead = false;
      }
    }
  }
  return 2 * maxLead + 2 + brackets > MAX_NESTING_DEPTH;
}

/** Walks one top-level token of the concrete syntax tree with an explicit stack; the offset of the first collection too deep. */
function tokenDeepestOffset(token: CST.Token): number | undefined {
  const stack: [CST.Token | undefined, number][] = [[token, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (!node) continue;
    if (node.type === 'document') {
      stack.push([node.value, depth]);
    } else if (node.type === 'block-map' || node.type === 'block-seq' || node.type === 'flow-collection') {
      if (depth + 1 > MAX_NESTING_DEPTH) return node.offset;
      for (const item of node.items) {
        if ('key' in item) stack.push([item.key ?? undefined, depth + 1]);
        stack.push([item.value, depth + 1]);
      }
    }
  }
  return undefined;
}

/** Feeds the line starts of `text` to a LineCounter (parsing does this; a refused input is not parsed). */
function countLines(text: string, lineCounter: LineCounter): void {
  lineCounter.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
}

/**
 * Alias problems `yaml` leaves to conversion time, made parse errors here: an alias whose anchor is not defined before
 * it (`name: *missing`, printed back it would hand an unreadable document downstream), an alias inside its own anchor
 * (endless), and aliases expanding more than MAX_ALIAS_EXPANSIONS times (a "billion laughs").
 */
function reportAliasProblems(doc: Document.Parsed): void {
  const aliases: Alias[] = [];
  walkNodes(doc.contents, (node) => {
    if (isAlias(node)) aliases.push(node);
  });
  if (aliases.length === 0) return;
  const targets = new Map<Alias, Node | undefined>();
  const fail = (alias: Alias, code: 'BAD_ALIAS' | 'RESOURCE_EXHAUSTION', message: string): void => {
    const start = alias.range?.[0] ?? 0;
    doc.errors.push(new YAMLParseError([start, alias.range?.[1] ?? start], code, message));
  };
  for (const alias of aliases) {
    const target = alias.resolve(doc);
    targets.set(alias, target);
    if (target === undefined) return fail(alias, 'BAD_ALIAS', `Aliased anchor not found: ${alias.source}`);
    const [from, to] = [target.range?.[0] ?? 0, target.range?.[1] ?? 0];
    if ((alias.range?.[0] ?? -1) >= from && (alias.range?.[0] ?? -1) < to) return fail(alias, 'BAD_ALIAS', `Alias *${alias.source} is inside its own anchor`);
  }
  let expansions = 0;
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isAlias(node)) {
      if (++expansions > MAX_ALIAS_EXPANSIONS) return fail(node, 'RESOURCE_EXHAUSTION', `Aliases expand more than ${MAX_ALIAS_EXPANSIONS} times (an alias bomb)`);
      stack.push(targets.get(node) ?? node.resolve(doc));
    } else if (isMap(node)) {
      for (const pair of node.items) stack.push(pair.key, pair.value);
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
}

/**
 * Anchors `yaml` reads but refuses to print (`&\u0006a`: a control character, which YAML does not allow in an anchor
 * either), made parse errors here: printed back, such a document would throw.
 */
function reportAnchorProblems(doc: Document.Parsed, text: string): void {
  walkNodes(doc.contents, (node) => {
    const anchor = node.anchor;
    if (anchor === undefined || !INVALID_ANCHOR.test(anchor)) return;
    const at = Math.max(0, text.lastIndexOf('&', node.range?.[0] ?? 0));
    doc.errors.push(new YAMLParseError([at, at + 1 + anchor.length], 'BAD_ALIAS', `Anchor ${JSON.stringify(anchor)} contains white space or a control character`));
  });
}

/** What `yaml` refuses in an anchor when printing. */
const INVALID_ANCHOR = /[\x00-\x19\s,[\]{}]/;

/**
 * Parses one block map (with `flow`, one flow map instead: a JSON item, see split-json.ts) that `parseStream` would
 * read without a problem, the lean way: no line counting and no layout detection (an item of a list read item by item
 * needs neither). Undefined for anything else — several documents, a problem (an undefined alias included), possible
 * deep nesting, comments outside the map — which the caller then reads with `parseStream` for exact messages.
 * The position is that of the map's first character (1-based).
 */
export function parseBlockMap(text: string, options: { fast?: boolean; flow?: boolean } = {}): { map: YAMLMap; line: number; column: number } | undefined {
  if (text.length > MAX_INPUT_SIZE) return undefined;
  // The fast path bounds nesting itself (far below MAX_NESTING_DEPTH), so the pre-scan, which any text with many
  // brackets fails (templates in block scalars), is for `yaml` only.
  const flow = options.flow === true;
  // (The fast composer reads block maps only.)
  const map = (options.fast === false || flow ? undefined : composeFast(text)) ?? (mayNestTooDeep(text) ? undefined : parseBlockMapWithYaml(text, flow));
  if (map === undefined) return undefined;
  const start = map.range?.[0] ?? 0;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < lineStart; i = text.indexOf('\n', i + 1)) line++;
  return { map, line, column: start - lineStart + 1 };
}

let fastOwner: Document | undefined;

/**
 * The map as fast-compose.ts builds it, or undefined outside its subset. Its collections share one Document's schema
 * (a schema is only read once built: tags to resolve and create nodes with).
 */
function composeFast(text: string): YAMLMap | undefined {
  fastOwner ??= newDocument();
  return composeBlockMap(text, fastOwner.schema, fastOwner.options);
}

function parseBlockMapWithYaml(text: string, flow: boolean): YAMLMap | undefined {
  const docs = withoutStackTraces(() => parseAllDocuments(text, parseOptions()));
  if (!Array.isArray(docs) || docs.length !== 1) return undefined;
  const doc = docs[0]!;
  if (text.includes('*')) reportAliasProblems(doc);
  if (text.includes('&')) reportAnchorProblems(doc, text);
  const map = doc.contents;
  if (doc.errors.length > 0 || !isMap(map) || (map.flow === true) !== flow || doc.commentBefore || doc.comment) return undefined;
  return map;
}

/** Parses one YAML (or JSON) value, e.g. a string option holding YAML. Returns the problems instead of throwing. */
export function parseValue(text: string): { value: unknown; node: Node | null; problems: readonly YamlProblem[] } {
  const stream = parseStream(text);
  if (stream.problems.length > 0) return { value: undefined, node: null, problems: stream.problems };
  const withContent = stream.documents.filter((d) => d.hasContent);
  if (withContent.length > 1) {
    const second = withContent[1]!;
    return {
      value: undefined,
      node: null,
      problems: [{ code: 'MULTIPLE_DOCS', message: 'Expected one document, found several', offset: 0, line: second.line, column: second.column }],
    };
  }
  const only = withContent[0];
  if (!only) return { value: null, node: null, problems: [] };
  try {
    return { value: toJS(only.doc), node: only.doc.contents, problems: [] };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { value: undefined, node: null, problems: [{ code: 'RESOURCE_LIMIT', message, offset: 0, line: only.line, column: only.column }] };
  }
}

function parseOptions(): { prettyErrors: false; uniqueKeys: true; keepSourceTokens: false; logLevel: 'error'; customTags: typeof keepNumberSpelling } {
  return { prettyErrors: false, uniqueKeys: true, keepSourceTokens: false, logLevel: 'error', customTags: keepNumberSpelling };
}

function firstLine(message: string): string {
  const nl = message.indexOf('\n');
  return (nl < 0 ? message : message.slice(0, nl)).replace(/:\s*$/, '');
}

function hasContent(doc: Document): boolean {
  const contents = doc.contents;
  if (contents === null) return false;
  return !(isScalar(contents) && contents.value === null && !contents.tag);
}

// --- document creation ---------------------------------------------------------------------------------------------

/** A new Document holding `value` (a node is used as is; JS values are converted without anchors). */
export function newDocument(value?: unknown): Document {
  const doc = new Document(null, { ...parseOptions(), aliasDuplicateObjects: false, keepUndefined: false });
  if (value !== undefined) doc.contents = createNode(value, doc);
  return doc;
}

/** Converts a JS value to a node for `doc` (any Document works); nodes pass through; never emits anchors. */
export function createNode(value: unknown, doc?: Document): Node {
  if (isNode(value)) return value;
  const owner = doc ?? newDocument();
  return owner.createNode(value, { aliasDuplicateObjects: false, keepUndefined: false }) as Node;
}

let jsonOwner: Document | undefined;

/**
 * The node `createNode` makes for plain JSON data (objects, arrays, strings, finite numbers, booleans, null), built
 * directly (see `lightNodes`): `createNode` looks up a tag for every scalar and needs a Document, which dominates
 * writing back thousands of injected pods. Anything else goes through `createNode`.
 */
export function jsonToNode(value: unknown): Node {
  jsonOwner ??= newDocument();
  const owner = jsonOwner;
  const light = lightNodes;
  const schema = owner.schema;
  const convert = (v: unknown): Node => {
    if (v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) return light ? light.scalar(v) : new Scalar(v);
    if (Array.isArray(v)) {
      const items: Node[] = [];
      for (const item of v) items.push(convert(item));
      if (light) return light.seq(items);
      const seq = new YAMLSeq(schema);
      seq.items = items;
      return seq;
    }
    if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      const items: Pair<Node, Node>[] = [];
      const obj = v as Record<string, unknown>;
      for (const key of Object.keys(obj)) {
        const item = obj[key];
        if (item === undefined) continue;
        items.push(light ? light.pair(light.scalar(key), convert(item)) : new Pair(new Scalar(key), convert(item)));
      }
      if (light) return light.map(items);
      const map = new YAMLMap(schema);
      map.items = items;
      return map;
    }
    return createNode(v, owner);
  };
  return convert(value);
}

// --- printing ------------------------------------------------------------------------------------------------------

/** Prints a document in KRM style (see the module comment). `style` defaults to the compact kyaml layout. */
export function stringifyDocument(doc: Document, style: Partial<DocumentStyle> = {}): string {
  const options = toStringOptions(style);
  // One pass: the printer applies the quoting rule of `quoteAmbiguousStrings` itself, without marking the nodes.
  let text = printDocument(doc, options, QUOTE_AMBIGUOUS);
  if (text === undefined) {
    // Raw JS values, or a shape only `yaml` prints: the nodes are prepared as the rule says, then printed.
    const materialized = materializeValues(doc);
    quoteAmbiguousStrings(doc.contents);
    text = (materialized ? printDocument(doc, options) : undefined) ?? doc.toString(options);
  }
  return style.crlf ? text.replace(/\r?\n/g, '\r\n') : text;
}

/** Prints one node as a standalone YAML document (used to turn an inline YAML object option into its text). */
export function stringifyNode(node: Node, style: Partial<DocumentStyle> = {}): string {
  const doc = newDocument();
  doc.contents = node;
  return stringifyDocument(doc, style);
}

function toStringOptions(style: Partial<DocumentStyle>): ToStringOptions {
  return {
    lineWidth: 0,
    minContentWidth: 0,
    flowCollectionPadding: false,
    indent: style.indent ?? DEFAULT_STYLE.indent,
    indentSeq: style.indentSeq ?? DEFAULT_STYLE.indentSeq,
  };
}

/**
 * Turns plain JS values stored in collections (`map.set('a', 'on')` keeps the raw string) into nodes, so that every
 * scalar goes through the quoting rule below and no JS object is printed with anchors. Returns whether it did.
 */
function materializeValues(doc: Document): boolean {
  let changed = false;
  const nodeOf = (value: unknown): Node => {
    changed = true;
    return createNode(value, doc);
  };
  if (doc.contents !== null && !isNode(doc.contents)) doc.contents = nodeOf(doc.contents);
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isNode(pair.key)) pair.key = nodeOf(pair.key);
        if (pair.value !== null && !isNode(pair.value)) pair.value = nodeOf(pair.value);
        stack.push(pair.value);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        if (!isNode(item)) node.items[i] = nodeOf(item);
        stack.push(node.items[i]);
      });
    }
  }
  return changed;
}

/**
 * Double-quotes string scalars that YAML 1.1 would read as something else, unless the scalar is exactly as the user
 * wrote it (a plain `enabled: yes` in the source keeps its meaning for the user's own tools, so it stays as is).
 * `printDocument` applies the same rule while printing (`QUOTE_AMBIGUOUS`); this walk marks the nodes for `yaml`.
 */
function quoteAmbiguousStrings(root: unknown): void {
  walkNodes(root, (node) => {
    if (!isScalar(node) || typeof node.value !== 'string') return;
    if (node.type !== undefined && node.type !== Scalar.PLAIN) return;
    const asWritten = node.type === Scalar.PLAIN && node.source === node.value;
    if (!asWritten && isYaml11Ambiguous(node.value)) node.type = Scalar.QUOTE_DOUBLE;
  });
}

/** `quoteAmbiguousStrings`'s rule, for `printDocument`. */
const QUOTE_AMBIGUOUS: QuoteRule = { quoteNew: (value) => isYaml11Ambiguous(value) };

const YAML11_BOOL = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const YAML11_NULL = /^(?:~|null|Null|NULL)?$/;
const GO_INT = /^[-+]?(?:0[bB][01]+|0[oO]?[0-7]+|0[xX][0-9a-fA-F]+|[0-9]+)$/;
const GO_FLOAT = /^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/;
const GO_HEX_FLOAT = /^[-+]?0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][-+]?[0-9]+$/;
const AMBIGUOUS_FIRST = /^[yYnNtTfFoO~.+\-0-9_]/;
const YAML11_SPECIAL_FLOAT = /^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|[-+](?:[iI][nN][fF](?:[iI][nN][iI][tT][yY])?|[nN][aA][nN]))$/;

/**
 * True when a plain scalar with this text would not be a string for a YAML 1.1 reader such as go-yaml v2 (used by
 * kubectl): booleans `y/n/yes/no/on/off/true/false` in any listed case, nulls, and numbers in Go's spellings
 * (underscores allowed, `0777` octal, `0x`, `0b`, `1e3`, `1.20`, `.inf`). Timestamps are left alone: go-yaml v2 keeps
 * them as strings when decoding into untyped values.
 */
export function isYaml11Ambiguous(text: string): boolean {
  // Every pattern below starts with one of these characters (or matches the empty string): most strings stop here.
  if (text !== '' && !AMBIGUOUS_FIRST.test(text)) return false;
  if (YAML11_BOOL.test(text) || YAML11_NULL.test(text) || YAML11_SPECIAL_FLOAT.test(text)) return true;
  const digits = text.includes('_') ? text.replace(/_/g, '') : text;
  return GO_INT.test(digits) || GO_FLOAT.test(digits) || GO_HEX_FLOAT.test(digits);
}

// --- number spellings ----------------------------------------------------------------------------------------------

/**
 * Wraps the schema's number tags so that a parsed number prints with its source spelling (`0644`, `1e3`, `+12`,
 * `.5`) as long as the value was not changed; `yaml` would otherwise normalize them (`0644` → `644` changes the
 * meaning for YAML 1.1 readers, where it is octal).
 */
function keepNumberSpelling(tags: Tags): Tags {
  const numberTags = tags.filter((tag): tag is ScalarTag => typeof tag !== 'string' && isNumberTag(tag) && 'test' in tag && tag.test instanceof RegExp);
  const resolveSource = (source: string): unknown => {
    for (const tag of numberTags) {
      if (!tag.test?.test(source)) continue;
      const resolved = tag.resolve(source, () => {}, {});
      return isScalar(resolved) ? resolved.value : resolved;
    }
    return undefined;
  };
  return tags.map((tag) => {
    if (typeof tag === 'string' || !numberTags.includes(tag as ScalarTag)) return tag;
    const scalarTag = tag as ScalarTag;
    const original = scalarTag.stringify;
    if (!original) return tag;
    const wrapped: ScalarTag = {
      ...scalarTag,
      stringify(item, ctx, onComment, onChompKeep) {
        if (typeof item.source === 'string' && typeof item.value === 'number' && Object.is(resolveSource(item.source), item.value)) {
          return item.source;
        }
        return original.call(scalarTag, item, ctx, onComment, onChompKeep);
      },
    };
    return wrapped;
  });
}

function isNumberTag(tag: { tag: string }): boolean {
  return tag.tag === 'tag:yaml.org,2002:int' || tag.tag === 'tag:yaml.org,2002:float';
}

// --- layout detection ----------------------------------------------------------------------------------------------

/** Detects map indentation and sequence indentation from the first block map/sequence under a key. */
export function detectStyle(doc: Document, text: string, lineCounter?: LineCounter): DocumentStyle {
  const { indent, indentSeq } = detectLayout(doc, text, lineCounter);
  return { indent: indent ?? DEFAULT_STYLE.indent, indentSeq: indentSeq ?? DEFAULT_STYLE.indentSeq, crlf: text.includes('\r\n') };
}

/**
 * What `detectStyle` finds, each part undefined when the document does not show it. Without a line counter, columns
 * are counted in `text` (the source the document's offsets point into).
 */
export function detectLayout(doc: Document, text: string, lineCounter?: LineCounter): { indent?: number; indentSeq?: boolean } {
  let indent: number | undefined;
  let indentSeq: boolean | undefined;
  const column = (offset: number): number => (lineCounter ? lineCounter.linePos(offset).col : offset - text.lastIndexOf('\n', offset - 1));
  walkPairs(doc.contents, (key, value) => {
    if (indent !== undefined && indentSeq !== undefined) return true;
    const keyStart = isNode(key) ? key.range?.[0] : undefined;
    const valueStart = isNode(value) ? value.range?.[0] : undefined;
    if (keyStart === undefined || valueStart === undefined) return false;
    const keyCol = column(keyStart);
    const valueCol = column(valueStart);
    if (indentSeq === undefined && isSeq(value) && !value.flow && value.items.length > 0) indentSeq = valueCol > keyCol;
    if (indent === undefined && isMap(value) && !value.flow && value.items.length > 0 && valueCol > keyCol) indent = valueCol - keyCol;
    return false;
  });
  return { ...(indent === undefined ? {} : { indent }), ...(indentSeq === undefined ? {} : { indentSeq }) };
}

// --- JSON and flow input -------------------------------------------------------------------------------------------

function isFlowTopLevel(doc: Document): boolean {
  const contents = doc.contents;
  return (isMap(contents) || isSeq(contents)) && contents.flow === true;
}

/**
 * Turns every collection under `root` (a document or a node) to block style and lets the printer choose scalar
 * quoting (JSON quotes everything).
 */
export function restyleAsBlock(root: Document | Node): void {
  walkNodes(root, (node) => {
    if (isMap(node) || isSeq(node)) node.flow = false;
    else if (isScalar(node) && node.type !== undefined && node.type !== Scalar.PLAIN) delete node.type;
  });
}

// --- walking -------------------------------------------------------------------------------------------------------

/** Calls `visit` for every node under `root` (keys included), depth first, in document order. */
export function walkNodes(root: unknown, visit: (node: Node) => void): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isDocument(node)) {
      stack.push(node.contents);
      continue;
    }
    if (isPair(node)) {
      stack.push(node.value, node.key);
      continue;
    }
    if (!isNode(node)) continue;
    visit(node);
    if (isMap(node) || isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    }
  }
}

/** Calls `visit(key, value)` for every map entry in document order; stops when it returns true. */
function walkPairs(root: unknown, visit: (key: unknown, value: unknown) => boolean): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    } else if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    } else if (isPair(node)) {
      if (visit(node.key, node.value)) return;
      stack.push(node.value);
    }
  }
}

// --- copying -------------------------------------------------------------------------------------------------------

/**
 * A deep copy of a node with every property kept (comments, styles, ranges, source spellings). The same result as
 * `node.clone()`, an order of magnitude faster: `yaml` copies property descriptors, which dominates a run that backs
 * up every item before processing it.
 */
export function cloneNode<T extends Node>(node: T): T {
  return copyValue(node) as T;
}

type CollectionClass = new (schema?: unknown) => YAMLMap | YAMLSeq;

function copyValue(value: unknown): unknown {
  if (isPair(value)) {
    const pair = new Pair(copyValue(value.key), copyValue(value.value));
    return Object.assign(pair, value, { key: pair.key, value: pair.value });
  }
  if (isScalar(value)) return withRange(Object.assign(new Scalar(value.value), value), value);
  if (isAlias(value)) return withRange(Object.assign(new Alias(value.source), value), value);
  if (isCollection(value)) {
    const copy = new (value.constructor as CollectionClass)(value.schema);
    Object.assign(copy, value);
    copy.items = value.items.map(copyValue) as typeof copy.items;
    return withRange(copy, value);
  }
  return value;
}

function withRange<T extends { range?: unknown }>(copy: T, original: { range?: unknown }): T {
  if (Array.isArray(original.range)) copy.range = original.range.slice();
  return copy;
}

/**
 * True when two nodes would print the same: same values, styles, tags, anchors, comments and blank lines, same keys
 * and items in the same order (source positions are ignored). Raw JS values stored with `map.set()` never equal a
 * node, so such an edit counts as a change.
 */
export function sameNode(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!(isNode(a) || isPair(a)) || !(isNode(b) || isPair(b))) return Object.is(a, b);
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const left = a as unknown as Record<string, unknown>;
  const right = b as unknown as Record<string, unknown>;
  const keys = Object.keys(left).filter((k) => k !== 'range' && left[k] !== undefined);
  const otherKeys = Object.keys(right).filter((k) => k !== 'range' && right[k] !== undefined);
  if (keys.length !== otherKeys.length) return false;
  for (const key of keys) {
    const x = left[key];
    const y = right[key];
    if (key === 'items') {
      if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) if (!sameNode(x[i], y[i])) return false;
    } else if (key === 'key' || key === 'value') {
      if (!sameNode(x, y)) return false;
    } else if (!Object.is(x, y)) {
      return false;
    }
  }
  return true;
}

/**
 * A cheap summary of everything `sameNode` compares (how many nodes and properties, string lengths, numbers,
 * property names, classes): nodes for which `sameNode` holds share it (provided their properties were set in the
 * same order), so a different signature proves a change. An equal one proves nothing and must be confirmed with
 * `sameNode`. Far smaller than a copy of the node, and no pass over every character. Undefined as soon as there are
 * more than `maxNodes` nodes (such a node differs from any whose signature counted fewer).
 */
export function nodeSignature(node: unknown, maxNodes = Infinity): string | undefined {
  let nodes = 0;
  let props = 0;
  let chars = 0;
  let mix = 0;
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const value = stack.pop();
    if (!(isNode(value) || isPair(value))) {
      mix = mixPrimitive(mix, value);
      if (typeof value === 'string') chars += value.length;
      continue;
    }
    if (++nodes > maxNodes) return undefined;
    mix = (Math.imul(mix, 31) + identityOf(Object.getPrototypeOf(value) as object)) | 0;
    const record = value as unknown as Record<string, unknown>;
    for (const key in record) {
      const x = record[key];
      if (key === 'range' || x === undefined || !Object.hasOwn(record, key)) continue;
      props++;
      mix = (Math.imul(mix, 31) + key.length + key.charCodeAt(0)) | 0;
      if (key === 'items' && Array.isArray(x)) {
        for (const child of x) stack.push(child);
      } else if (key === 'key' || key === 'value') {
        stack.push(x);
      } else {
        mix = mixPrimitive(mix, x);
        if (typeof x === 'string') chars += x.length;
      }
    }
  }
  return `${nodes}:${props}:${chars}:${mix}`;
}

function mixPrimitive(mix: number, value: unknown): number {
  let part: number;
  switch (typeof value) {
    case 'string':
      part = value.length === 0 ? 1 : value.charCodeAt(0) + 7 * value.charCodeAt(value.length - 1) + 13 * value.charCodeAt(value.length >> 1);
      break;
    case 'number':
      part = Number.isInteger(value) ? value | 0 : Math.floor(value * 1024) | 0;
      break;
    case 'boolean':
      part = value ? 3 : 5;
      break;
    case 'object':
      part = value === null ? 11 : identityOf(value);
      break;
    default:
      part = 17;
  }
  return (Math.imul(mix, 31) + part) | 0;
}

const identities = new WeakMap<object, number>();
let lastIdentity = 0;

function identityOf(object: object): number {
  let id = identities.get(object);
  if (id === undefined) {
    id = ++lastIdentity;
    identities.set(object, id);
  }
  return id;
}


// --- conversion to JS ----------------------------------------------------------------------------------------------

/** The most aliases a single conversion may expand (a "billion laughs" document stops here). */
const MAX_ALIAS_EXPANSIONS = 1000;

/**
 * Converts a node (or Document) to plain JS: maps → objects, sequences → arrays, scalars → their values.
 * Safe against prototype pollution: a `__proto__` key becomes an own property, and `constructor`/`prototype` keys
 * are plain data. Map keys that are not strings are printed (`1`, `true`, a collection's YAML). Aliases are
 * resolved, at most MAX_ALIAS_EXPANSIONS times.
 */
export function toJS(root: unknown): unknown {
  const doc = isDocument(root) ? root : undefined;
  let expansions = 0;
  const convert = (node: unknown, depth: number): unknown => {
    if (depth > 10_000) throw new RangeError('Cannot convert YAML to JS: nesting is too deep');
    if (isDocument(node)) return convert(node.contents, depth + 1);
    if (isAlias(node)) {
      if (++expansions > MAX_ALIAS_EXPANSIONS) throw new RangeError('Cannot convert YAML to JS: too many alias expansions');
      const target = doc ? node.resolve(doc) : undefined;
      return target === undefined ? null : convert(target, depth + 1);
    }
    if (isScalar(node)) return node.value;
    if (isSeq(node)) return node.items.map((item) => convert(item, depth + 1));
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const pair of node.items) {
        const key = keyString(pair.key);
        // Plain assignment makes an own data property for every key but `__proto__` (a fresh object has no setters).
        if (key === '__proto__') setOwn(out, key, convert(pair.value, depth + 1));
        else out[key] = convert(pair.value, depth + 1);
      }
      return out;
    }
    if (isPair(node)) return convert(node.value, depth + 1);
    return node === undefined ? undefined : node;
  };
  return convert(root, 0);
}

/** Sets an own enumerable property, even for `__proto__` (plain assignment would change the prototype instead). */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

function keyString(key: unknown): string {
  if (isScalar(key)) return key.value === null ? '' : String(key.value);
  if (isNode(key)) {
    const doc = newDocument();
    doc.contents = key;
    return doc.toString({ lineWidth: 0, collectionStyle: 'flow' }).trimEnd();
  }
  return key === null || key === undefined ? '' : String(key);
}

/** The string value of a scalar node, or undefined (numbers and booleans are given in their source spelling). */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  if (typeof node.value === 'string') return node.value;
  if (node.value === null || node.value === undefined) return undefined;
  return typeof node.source === 'string' ? node.source : String(node.value);
}

export { Document, Scalar, YAMLMap, YAMLSeq, isAlias, isCollection, isDocument, isMap, isNode, isPair, isScalar, isSeq };
export type { Node };
