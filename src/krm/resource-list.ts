/**
 * Reading and writing the function's input/output in the shape it came in (kyaml's `WrappingKind`):
 * a `ResourceList` (`config.kubernetes.io/v1` or `v1beta1`; `items` may be missing), a `List`, or a bare stream of
 * YAML/JSON documents.
 *
 * Byte-faithfulness: a stream document the processor did not change is written back with its exact source text
 * (comments, blank lines, quoting, `---` markers, CRLF); a changed document is printed in KRM style with the
 * document's own indentation. In a ResourceList the whole list is printed (kpt re-applies file formatting by
 * itself), with each item's leading comment kept on its first key (`- # comment`) so that kpt, which restores
 * comments by item id, does not print it twice (observed with kpt 1.0.0-beta.56).
 */
import {
  DEFAULT_STYLE, Scalar, YAMLSeq, cloneNode, createNode, isMap, isScalar, isSeq, newDocument, parseStream, sameNode, stringifyDocument, toJS,
} from '../yaml/codec.ts';
import type { Document, DocumentStyle, Node, SourceDocument, YAMLMap } from '../yaml/codec.ts';
import { apiVersionOf, kindOf } from './object.ts';
import type { Item } from './object.ts';
import { resultFromPlain, resultToPlain } from './result.ts';
import type { Result, Severity } from './result.ts';

export type Wrapping = 'ResourceList' | 'List' | 'stream';

/** A result found in the input, kept verbatim on output. */
export interface ExistingResult {
  readonly message: string;
  readonly severity?: Severity;
}

export interface ResourceList {
  readonly wrapping: Wrapping;
  /** The wrapper's apiVersion (`config.kubernetes.io/v1`, `v1beta1`, `v1` for a List); undefined for a stream. */
  readonly apiVersion: string | undefined;
  /** The items in input order. Edit them in place, or replace this array to add, remove or reorder items. */
  items: Item[];
  /** The functionConfig (ResourceList only), as its own Document. */
  readonly functionConfig: Item | undefined;
  /** Results already in the input; they are written back before new ones. */
  readonly results: readonly ExistingResult[];
  /** Where each item came from; used by `write`. */
  readonly layout: Layout;
}

/** Why an input could not be read: a one-line message with the position when there is one. */
export interface ReadError {
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

export type ReadOutcome = { readonly ok: true; readonly list: ResourceList } | { readonly ok: false; readonly error: ReadError };

export interface ReadOptions {
  /** Names the input in messages: `stdin` (default) or a file path. */
  readonly source?: string;
  /** Accept an input without any document (a file may be empty; stdin may not). */
  readonly allowEmpty?: boolean;
}

/** Where an item of a stream came from. */
interface StreamOrigin {
  readonly source: SourceDocument;
}

/** An item as it was read: a copy of its body and its document comments, to tell whether it was changed. */
interface Pristine {
  readonly contents: Node | null;
  readonly commentBefore: string | null;
  readonly comment: string | null;
}

const pristines = new WeakMap<Item, Pristine>();

function keepPristine(item: Item): void {
  pristines.set(item, {
    contents: item.contents === null ? null : cloneNode(item.contents),
    commentBefore: item.commentBefore,
    comment: item.comment,
  });
}

/** The body of an item as it was read (do not edit it; copy it with `cloneNode`), or undefined for new items. */
export function pristineContents(item: Item): Node | null | undefined {
  return pristines.get(item)?.contents;
}

/** True when the item is exactly as it was read (false for items that were not read). */
export function isUnchanged(item: Item): boolean {
  const before = pristines.get(item);
  return before !== undefined && before.commentBefore === item.commentBefore && before.comment === item.comment && sameNode(item.contents, before.contents);
}

/** Source document (an empty `---`, a comment-only document) that is not an item but is written back. */
interface Passthrough {
  readonly after: Item | null;
  readonly text: string;
}

export type Layout =
  | { readonly kind: 'stream'; readonly origins: WeakMap<Item, StreamOrigin>; readonly passthrough: readonly Passthrough[]; readonly defaultStyle: DocumentStyle }
  | {
      readonly kind: 'wrapped';
      readonly container: SourceDocument;
      /** The whole input text (the items' source ranges point into it). */
      readonly source: string;
      /** The items and the functionConfig as read, to write the input back as it was when nothing changed. */
      readonly readItems: readonly Item[];
      readonly functionConfig: Item | undefined;
      readonly resultsNode: YAMLSeq | undefined;
    };

/** Position of an item in the input (1-based), for messages. */
const positions = new WeakMap<Item, { line: number; column: number }>();

/** The 1-based line and column where an item started in its input, when known. */
export function itemPosition(item: Item): { line: number; column: number } | undefined {
  return positions.get(item);
}

// --- reading -------------------------------------------------------------------------------------------------------

/** Parses an input. Never throws on bad input: the outcome says what is wrong, with a position. */
export function read(text: string, options: ReadOptions = {}): ReadOutcome {
  const source = options.source ?? 'stdin';
  const fail = (message: string, at?: { line: number; column: number }): ReadOutcome => ({
    ok: false,
    error: at ? { message: `Cannot read ${source}: line ${at.line}, column ${at.column}: ${message}`, line: at.line, column: at.column } : { message: `Cannot read ${source}: ${message}` },
  });
  const stream = parseStream(text);
  const first = stream.problems[0];
  if (first) {
    if (first.code === 'INPUT_TOO_LARGE') return fail(first.message);
    const more = stream.problems.length > 1 ? ` (and ${stream.problems.length - 1} more problem${stream.problems.length > 2 ? 's' : ''})` : '';
    return fail(`${first.message}${more}`, first);
  }
  const withContent = stream.documents.filter((d) => d.hasContent);
  if (withContent.length === 0) {
    if (options.allowEmpty) return { ok: true, list: streamList(stream.documents, [], text) };
    return fail('the input is empty (expected a ResourceList, a List or YAML documents)');
  }
  for (const [i, d] of withContent.entries()) {
    if (!isMap(d.doc.contents)) {
      const what = withContent.length === 1 ? 'the document' : `document ${i + 1}`;
      return fail(`${what} is not a map (found ${describeNode(d.doc.contents)})`, d);
    }
  }
  if (withContent.length === 1) {
    const only = withContent[0]!;
    const kind = kindOf(only.doc);
    if (kind === 'ResourceList') {
      const apiVersion = apiVersionOf(only.doc) ?? '';
      if (apiVersion !== 'config.kubernetes.io/v1' && apiVersion !== 'config.kubernetes.io/v1beta1') {
        return fail(`unsupported ResourceList apiVersion "${apiVersion}" (expected "config.kubernetes.io/v1" or "config.kubernetes.io/v1beta1")`, only);
      }
      return readWrapped(only, 'ResourceList', apiVersion, text, stream.position, fail);
    }
    if (kind === 'List') return readWrapped(only, 'List', apiVersionOf(only.doc), text, stream.position, fail);
  }
  const items = withContent.map((d) => d.doc as Item);
  for (const d of withContent) {
    positions.set(d.doc, { line: d.line, column: d.column });
    keepPristine(d.doc);
  }
  return { ok: true, list: streamList(stream.documents, items, text) };
}

function streamList(documents: readonly SourceDocument[], items: Item[], text: string): ResourceList {
  const origins = new WeakMap<Item, StreamOrigin>();
  // A comment-only input has no document at all; its text is kept as is.
  const passthrough: Passthrough[] = documents.length === 0 && text !== '' ? [{ after: null, text }] : [];
  let previous: Item | null = null;
  for (const d of documents) {
    if (!d.hasContent) {
      passthrough.push({ after: previous, text: d.text });
      continue;
    }
    origins.set(d.doc, { source: d });
    previous = d.doc;
  }
  const defaultStyle = documents.find((d) => d.hasContent)?.style ?? DEFAULT_STYLE;
  return {
    wrapping: 'stream',
    apiVersion: undefined,
    items,
    functionConfig: undefined,
    results: [],
    layout: { kind: 'stream', origins, passthrough, defaultStyle },
  };
}

function readWrapped(
  container: SourceDocument,
  wrapping: 'ResourceList' | 'List',
  apiVersion: string | undefined,
  source: string,
  position: (offset: number) => { line: number; column: number },
  fail: (message: string, at?: { line: number; column: number }) => ReadOutcome,
): ReadOutcome {
  const map = container.doc.contents as YAMLMap;
  const at = (node: unknown): { line: number; column: number } | undefined => {
    const offset = (node as Node | undefined)?.range?.[0];
    return offset === undefined ? undefined : position(offset);
  };
  const itemsNode = map.get('items', true);
  const items: Item[] = [];
  if (isSeq(itemsNode)) {
    for (const [i, node] of itemsNode.items.entries()) {
      if (!isMap(node)) return fail(`items[${i}] is not a map (found ${describeNode(node)})`, at(node));
      keepLeadingCommentOnFirstKey(node);
      const item = newDocument();
      item.contents = node;
      const pos = at(node);
      if (pos) positions.set(item, pos);
      keepPristine(item);
      items.push(item);
    }
  } else if (itemsNode !== undefined && !(isScalar(itemsNode) && itemsNode.value === null)) {
    return fail(`items is not a list (found ${describeNode(itemsNode)})`, at(itemsNode));
  }
  let functionConfig: Item | undefined;
  let resultsNode: YAMLSeq | undefined;
  const results: ExistingResult[] = [];
  if (wrapping === 'ResourceList') {
    const configNode = map.get('functionConfig', true);
    if (isMap(configNode)) {
      functionConfig = newDocument();
      functionConfig.contents = configNode;
      keepPristine(functionConfig);
    } else if (configNode !== undefined && !(isScalar(configNode) && configNode.value === null)) {
      return fail(`functionConfig is not a map (found ${describeNode(configNode)})`, at(configNode));
    }
    const resultsValue = map.get('results', true);
    if (isSeq(resultsValue)) {
      resultsNode = resultsValue;
      for (const node of resultsValue.items) {
        const existing = resultFromPlain(toJS(node));
        if (existing) results.push(existing);
      }
    } else if (resultsValue !== undefined && !(isScalar(resultsValue) && resultsValue.value === null)) {
      return fail(`results is not a list (found ${describeNode(resultsValue)})`, at(resultsValue));
    }
  }
  return {
    ok: true,
    list: {
      wrapping,
      apiVersion,
      items,
      functionConfig,
      results,
      layout: { kind: 'wrapped', container, source, readItems: [...items], functionConfig, resultsNode },
    },
  };
}

function describeNode(node: unknown): string {
  if (isSeq(node)) return 'a list';
  if (isMap(node)) return 'a map';
  if (isScalar(node)) return node.value === null ? 'null' : `${typeof node.value} ${JSON.stringify(node.value)}`;
  return 'an alias';
}

/**
 * A comment on the line of an item's `-` (`- # comment`) is parsed onto the item's map; printed from there it moves
 * above the `-`, and kpt then restores the original one as well. Keeping it on the first key prints `- # comment`.
 */
function keepLeadingCommentOnFirstKey(map: YAMLMap): void {
  const first = map.items[0];
  if (!map.commentBefore || !first || !isScalar(first.key)) return;
  const key = first.key;
  key.commentBefore = key.commentBefore ? `${map.commentBefore}\n${key.commentBefore}` : map.commentBefore;
  delete map.commentBefore;
}

// --- writing -------------------------------------------------------------------------------------------------------

/** Writes the list in its input shape; `newResults` are appended after existing ones (ResourceList only). */
export function write(list: ResourceList, newResults: readonly Result[] = []): string {
  const layout = list.layout;
  if (layout.kind === 'stream') return writeStream(list.items, layout);
  return writeWrapped(list, layout, newResults);
}

function writeWrapped(list: ResourceList, layout: Extract<Layout, { kind: 'wrapped' }>, newResults: readonly Result[]): string {
  const { container } = layout;
  // Written back as read when nothing changed, as long as it has `items` (required on output).
  const untouched = newResults.length === 0 && !container.restyled && isSeq((container.doc.contents as YAMLMap).get('items', true)) &&
    list.items.length === layout.readItems.length &&
    list.items.every((item, i) => item === layout.readItems[i] && isUnchanged(item)) &&
    (layout.functionConfig === undefined || isUnchanged(layout.functionConfig));
  if (untouched) return container.text;
  const doc = container.doc;
  const map = doc.contents as YAMLMap;
  const nodes: Node[] = [];
  const kept = new Map<string, KeptText>();
  for (const [i, item] of list.items.entries()) {
    const contents = item.contents;
    if (contents === null) continue;
    if (isMap(contents)) keepLeadingCommentOnFirstKey(contents);
    const original = container.restyled ? undefined : keptText(item, layout.source);
    if (original) {
      // Printed as a placeholder, then replaced by the item's source text (see `spliceKeptTexts`).
      const token = `__inject_sidecar_item_${i}__`;
      kept.set(token, original);
      const placeholder = new Scalar(token);
      if ((contents as YAMLMap).spaceBefore) placeholder.spaceBefore = true;
      nodes.push(placeholder);
    } else {
      nodes.push(contents);
    }
  }
  const existing: unknown = map.get('items', true);
  let itemsNode: YAMLSeq;
  if (isSeq(existing)) {
    itemsNode = existing;
  } else {
    itemsNode = new YAMLSeq();
    setAfterKind(map, 'items', itemsNode);
  }
  itemsNode.items = nodes;
  itemsNode.flow = nodes.length === 0;
  if (list.wrapping === 'ResourceList' && newResults.length > 0) {
    let resultsNode = layout.resultsNode;
    if (!resultsNode) {
      resultsNode = new YAMLSeq();
      map.set('results', resultsNode);
    }
    resultsNode.flow = false;
    for (const r of newResults) resultsNode.items.push(createNode(resultToPlain(r), doc));
  }
  const text = stringifyDocument(doc, container.style);
  if (kept.size === 0) return text;
  const spliced = spliceKeptTexts(text, kept);
  if (spliced !== undefined) return spliced;
  // A placeholder landed in another column than its item had: print every item from its nodes instead.
  itemsNode.items = list.items.flatMap((item) => (item.contents === null ? [] : [item.contents]));
  return stringifyDocument(doc, container.style);
}

/** The source text of an unchanged item of a ResourceList or List, and the column it started at. */
interface KeptText {
  readonly text: string;
  readonly column: number;
}

/**
 * An item the processor left as it was is written back with its exact source text (escapes, quoting, folding and
 * spacing as the user wrote them), not as `yaml` would print its nodes. Only for items whose text is self-contained:
 * a block map with a known source range and no comments outside that range (a comment before the item, on its `- `
 * line or after its last value is attached to nodes printed around it).
 */
function keptText(item: Item, source: string): KeptText | undefined {
  const contents = item.contents;
  if (!isMap(contents) || contents.flow || !isUnchanged(item) || item.commentBefore || item.comment) return undefined;
  const range = contents.range;
  if (!range || contents.commentBefore || contents.comment) return undefined;
  const first = contents.items[0];
  if (!first || (isScalar(first.key) && (first.key.commentBefore || first.key.spaceBefore))) return undefined;
  const [start, valueEnd, nodeEnd] = range;
  if (source.slice(valueEnd, nodeEnd).includes('#')) return undefined;
  // The range ends after the last line break; the printer writes its own. Trailing line breaks are content only
  // after a keep-chomping block scalar (`|+`), and such items are printed from their nodes.
  const raw = source.slice(start, valueEnd);
  if (/[|>][1-9]?\+/.test(raw)) return undefined;
  const text = raw.replace(/(?:\r?\n)+$/, '');
  if (text === '') return undefined;
  return { text, column: start - (source.lastIndexOf('\n', start - 1) + 1) };
}

const PLACEHOLDER = /__inject_sidecar_item_\d+__/g;

/**
 * Replaces each placeholder by its item's text in one pass, provided every placeholder appears exactly once and sits in
 * the column its item had; undefined otherwise (a user string that looks like a placeholder, another layout).
 */
function spliceKeptTexts(output: string, kept: ReadonlyMap<string, KeptText>): string | undefined {
  const pieces: string[] = [];
  const seen = new Set<string>();
  let last = 0;
  for (const match of output.matchAll(PLACEHOLDER)) {
    const token = match[0];
    const original = kept.get(token);
    if (!original || seen.has(token)) return undefined;
    seen.add(token);
    const at = match.index;
    if (at - (output.lastIndexOf('\n', at - 1) + 1) !== original.column) return undefined;
    pieces.push(output.slice(last, at), original.text);
    last = at + token.length;
  }
  if (seen.size !== kept.size) return undefined;
  pieces.push(output.slice(last));
  return pieces.join('');
}

function setAfterKind(map: YAMLMap, key: string, value: Node): void {
  const kindIndex = map.items.findIndex((p) => isScalar(p.key) && p.key.value === 'kind');
  map.set(key, value);
  if (kindIndex < 0) return;
  const pair = map.items.pop()!;
  map.items.splice(kindIndex + 1, 0, pair);
}

function writeStream(items: readonly Item[], layout: Extract<Layout, { kind: 'stream' }>): string {
  const pieces: string[] = [];
  const present = new Set(items);
  for (const p of layout.passthrough) if (p.after === null) pieces.push(p.text);
  for (const item of items) {
    pieces.push(renderStreamItem(item, layout));
    for (const p of layout.passthrough) if (p.after === item && present.has(item)) pieces.push(p.text);
  }
  return joinDocuments(pieces);
}

function renderStreamItem(item: Item, layout: Extract<Layout, { kind: 'stream' }>): string {
  const origin = layout.origins.get(item);
  if (origin && !origin.source.restyled && isUnchanged(item)) return origin.source.text;
  return stringifyDocument(item, origin?.source.style ?? layout.defaultStyle);
}

/** Joins document texts into one stream, adding `---` where a document does not start with its own marker. */
export function joinDocuments(pieces: readonly string[]): string {
  const parts: string[] = [];
  let endsWithNewline = true;
  let documents = 0;
  for (const piece of pieces) {
    if (piece === '') continue;
    const isDocument = hasDocumentContent(piece);
    if (!endsWithNewline) parts.push('\n');
    if (isDocument && documents > 0 && !startsWithDocumentMarker(piece)) parts.push('---\n');
    parts.push(piece);
    endsWithNewline = piece.endsWith('\n');
    if (isDocument) documents++;
  }
  return parts.join('');
}

/** True when the text starts (after comments and blank lines) with `---` or a directive. */
export function startsWithDocumentMarker(text: string): boolean {
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    return line.startsWith('%') || /^---(?:[ \t\r]|$)/.test(line);
  }
  return false;
}

function hasDocumentContent(text: string): boolean {
  return text.split('\n').some((line) => {
    const trimmed = line.trim();
    return trimmed !== '' && !trimmed.startsWith('#');
  });
}

/** A new stream list holding `items` (for outputs that combine several inputs, such as file mode). */
export function streamOf(items: Item[]): ResourceList {
  return {
    wrapping: 'stream',
    apiVersion: undefined,
    items,
    functionConfig: undefined,
    results: [],
    layout: { kind: 'stream', origins: new WeakMap(), passthrough: [], defaultStyle: DEFAULT_STYLE },
  };
}

export type { Document };
