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
  DEFAULT_STYLE, MAX_INPUT_SIZE, Scalar, YAMLSeq, cloneNode, createNode, detectLayout, isAlias, isMap, isScalar, isSeq, newDocument, nodeSignature, parseBlockMap, parseStream, restyleAsBlock, sameNode, stringifyDocument,
  toJS, walkNodes,
} from '../yaml/codec.ts';
import type { Document, DocumentStyle, Node, SourceDocument, YAMLMap } from '../yaml/codec.ts';
import { apiVersionOf, kindOf } from './object.ts';
import type { Item } from './object.ts';
import { resultFromPlain, resultToPlain } from './result.ts';
import { splitJSONList } from './split-json.ts';
import { splitList } from './split.ts';
import type { SplitList } from './split.ts';
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
  /** Read the items of a ResourceList or List one by one where the layout allows (default true; see `readSplit`). */
  readonly itemByItem?: boolean;
}

/** Where an item of a stream came from. */
interface StreamOrigin {
  readonly source: SourceDocument;
}

/**
 * An item as it was read, to tell whether it was changed: a copy of its body, or, for an item read on its own from a
 * list (see `readSplit`), a signature of its body and the text to parse it from again (a copy would double the memory
 * a large list takes).
 */
type Pristine = { readonly commentBefore: string | null; readonly comment: string | null } & (
  | { readonly contents: Node | null }
  | { readonly signature: string; readonly nodes: number; readonly source: string }
);

const pristines = new WeakMap<Item, Pristine>();

function keepPristine(item: Item): void {
  pristines.set(item, {
    contents: item.contents === null ? null : cloneNode(item.contents),
    commentBefore: item.commentBefore,
    comment: item.comment,
  });
}

function keepSignature(item: Item, source: string): void {
  const signature = nodeSignature(item.contents) ?? '';
  // The signature starts with the node count (`nodes:props:chars:mix`).
  const nodes = Number.parseInt(signature, 10);
  pristines.set(item, { signature, nodes, source, commentBefore: item.commentBefore, comment: item.comment });
}

/** The body of an item as it was read (do not edit it; copy it with `cloneNode`), or undefined for new items. */
export function pristineContents(item: Item): Node | null | undefined {
  const before = pristines.get(item);
  if (before === undefined || 'contents' in before) return before?.contents;
  // A JSON item's text is the object itself; a block item's starts with the indentation of its first key.
  return parseItem(before.source, before.source.charCodeAt(0) === 0x7b)?.map ?? null;
}

/**
 * An item's map parsed from its own text (split.ts, split-json.ts; see `readSplit`): a JSON item is restyled as
 * block YAML, as its container was when read (codec.ts) and as the whole list read at once would be.
 */
function parseItem(source: string, json: boolean): ReturnType<typeof parseBlockMap> {
  const parsed = parseBlockMap(source, { flow: json });
  if (parsed !== undefined && json) restyleAsBlock(parsed.map);
  return parsed;
}

/**
 * For an item read on its own (see `readSplit`): a way back to it as read, by parsing its text again when called.
 * Undefined for other items.
 */
export function rereader(item: Item): (() => Node | null) | undefined {
  const before = pristines.get(item);
  if (before === undefined || 'contents' in before) return undefined;
  return () => pristineContents(item) ?? null;
}

/** True when the item is exactly as it was read (false for items that were not read). */
export function isUnchanged(item: Item): boolean {
  const before = pristines.get(item);
  if (before === undefined || before.commentBefore !== item.commentBefore || before.comment !== item.comment) return false;
  if ('contents' in before) return sameNode(item.contents, before.contents);
  // A different signature proves a change; an equal one is confirmed against the item parsed again.
  // The walk stops once the item has more nodes than it had (the usual change: something was added).
  return nodeSignature(item.contents, before.nodes) === before.signature && sameNode(item.contents, pristineContents(item));
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
  if (options.itemByItem !== false && text.length <= MAX_INPUT_SIZE) {
    const split = splitList(text) ?? splitJSONList(text);
    const outcome = split && readSplit(text, split, fail);
    if (outcome) return outcome;
  }
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
  splitItems?: Item[],
): ReadOutcome {
  const map = container.doc.contents as YAMLMap;
  const at = (node: unknown): { line: number; column: number } | undefined => {
    const offset = (node as Node | undefined)?.range?.[0];
    return offset === undefined ? undefined : position(offset);
  };
  const itemsNode = map.get('items', true);
  const items: Item[] = splitItems ?? [];
  if (splitItems) {
    // Read item by item (see readSplit); the container's `items:` had no value.
    const seq = new YAMLSeq();
    seq.items = splitItems.map((item) => item.contents as YAMLMap);
    map.set('items', seq);
  } else if (isSeq(itemsNode)) {
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

/** The source text each item read on its own was parsed from (its node ranges point into it). */
const itemSources = new WeakMap<Item, string>();

/**
 * Reads a ResourceList or List whose items `splitList` cut out of the text, each item parsed on its own (so that a
 * large input never has its whole syntax tree in memory). Undefined when anything is not as simple as `splitList`
 * assumed (a parse problem, a document that is not a ResourceList or List): the caller then parses the whole text,
 * which also gives any error its exact position.
 */
function readSplit(text: string, split: SplitList, fail: (message: string, at?: { line: number; column: number }) => ReadOutcome): ReadOutcome | undefined {
  const containerStream = parseStream(split.containerText);
  const containerDocs = containerStream.documents.filter((d) => d.hasContent);
  const only = containerDocs[0];
  if (containerStream.problems.length > 0 || containerDocs.length !== 1 || !only || !isMap(only.doc.contents)) return undefined;
  const kind = kindOf(only.doc);
  if (kind !== 'ResourceList' && kind !== 'List') return undefined;
  const apiVersion = apiVersionOf(only.doc);
  if (kind === 'ResourceList' && apiVersion !== 'config.kubernetes.io/v1' && apiVersion !== 'config.kubernetes.io/v1beta1') return undefined;
  // A key after the items may alias an anchor inside one of them, which only the whole text resolves.
  if (split.containerText.includes('*') && holdsAlias(only.doc)) return undefined;
  const items: Item[] = [];
  let indent: number | undefined;
  // A JSON list (split-json.ts): its container was restyled as block YAML when read.
  const json = only.restyled;
  for (const slice of split.items) {
    const parsed = parseItem(slice.text, json);
    if (!parsed) return undefined;
    const item = newDocument();
    item.contents = parsed.map;
    positions.set(item, { line: slice.line + parsed.line - 1, column: parsed.column + (parsed.line === 1 ? slice.column : 0) });
    itemSources.set(item, slice.text);
    keepSignature(item, slice.text);
    items.push(item);
    if (!json) indent ??= detectLayout(item, slice.text).indent;
  }
  const container: SourceDocument = {
    ...only,
    text,
    style: json
      ? { ...DEFAULT_STYLE, crlf: false }
      : { indent: indent ?? detectLayout(only.doc, split.containerText).indent ?? DEFAULT_STYLE.indent, indentSeq: split.itemColumn > 0, crlf: false },
  };
  // Offsets in the container's text are offsets in the whole text once the cut is added back.
  const whole = (offset: number): { line: number; column: number } => {
    const at = offset >= split.cutAt ? offset + split.cutLength : offset;
    const before = text.slice(0, at);
    return { line: before.split('\n').length, column: at - before.lastIndexOf('\n') };
  };
  return readWrapped(container, kind, kind === 'ResourceList' ? apiVersion ?? '' : apiVersion, text, whole, fail, items);
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
  return writeParts(list, newResults).join('');
}

/**
 * `write`'s text as consecutive parts (the items' texts among them), so that a large output can be handed on part by
 * part instead of as one more copy of the whole.
 */
export function writeParts(list: ResourceList, newResults: readonly Result[] = []): readonly string[] {
  const layout = list.layout;
  if (layout.kind === 'stream') return [writeStream(list.items, layout)];
  return writeWrapped(list, layout, newResults);
}

function writeWrapped(list: ResourceList, layout: Extract<Layout, { kind: 'wrapped' }>, newResults: readonly Result[]): readonly string[] {
  const { container } = layout;
  // Written back as read when nothing changed, as long as it has `items` (required on output).
  const untouched = newResults.length === 0 && !container.restyled && isSeq((container.doc.contents as YAMLMap).get('items', true)) &&
    list.items.length === layout.readItems.length &&
    list.items.every((item, i) => item === layout.readItems[i] && unchangedSoFar(item)) &&
    (layout.functionConfig === undefined || isUnchanged(layout.functionConfig));
  if (untouched) return [container.text];
  const doc = container.doc;
  const map = doc.contents as YAMLMap;
  const existing: unknown = map.get('items', true);
  let itemsNode: YAMLSeq;
  if (isSeq(existing)) {
    itemsNode = existing;
  } else {
    itemsNode = new YAMLSeq();
    setAfterKind(map, 'items', itemsNode);
  }
  if (list.wrapping === 'ResourceList' && newResults.length > 0) {
    let resultsNode = layout.resultsNode;
    if (!resultsNode) {
      resultsNode = new YAMLSeq();
      map.set('results', resultsNode);
    }
    resultsNode.flow = false;
    for (const r of newResults) resultsNode.items.push(createNode(resultToPlain(r), doc));
  }
  // Placeholders name the items in the printed text; a prefix the text already holds would be ambiguous.
  for (let attempt = 0; ; attempt++) {
    const prefix = `__inject_sidecar${'_'.repeat(attempt)}_item_`;
    const nodes: Node[] = [];
    const kept = new Map<string, KeptText>();
    for (const [i, item] of list.items.entries()) {
      const sealed = sealedItems.get(item);
      const contents = item.contents;
      if (sealed === undefined && contents === null) continue;
      if (isMap(contents)) keepLeadingCommentOnFirstKey(contents);
      const original = sealed ?? (container.restyled ? undefined : keptText(item, itemSources.get(item) ?? layout.source));
      if (original) {
        // Printed as a placeholder, then replaced by the item's text (see `spliceKeptTexts`).
        const token = `${prefix}${i}__`;
        kept.set(token, original);
        const placeholder = new Scalar(token);
        if (sealed ? sealed.spaceBefore : (contents as YAMLMap).spaceBefore) placeholder.spaceBefore = true;
        nodes.push(placeholder);
      } else {
        nodes.push(contents as Node);
      }
    }
    itemsNode.items = nodes;
    itemsNode.flow = nodes.length === 0;
    const text = stringifyDocument(doc, container.style);
    if (kept.size === 0) return [text];
    const spliced = spliceKeptTexts(text, kept, prefix);
    if (spliced.problem === undefined) return spliced.parts;
    if (spliced.problem === 'ambiguous' && attempt < 8) continue;
    if (list.items.some((item) => sealedItems.has(item))) {
      throw new Error('the items written early could not be placed in the output (a placeholder was ambiguous)');
    }
    // A placeholder landed in another column than its item had: print every item from its nodes instead.
    itemsNode.items = list.items.flatMap((item) => (item.contents === null ? [] : [item.contents]));
    return [stringifyDocument(doc, container.style)];
  }
}

// --- writing items early -------------------------------------------------------------------------------------------

/** An item written out as soon as it was processed (see `sealItem`). */
interface SealedItem extends KeptText {
  readonly spaceBefore: boolean;
  /** Whether the item was as read when it was sealed. */
  readonly unchanged: boolean;
}

const sealedItems = new WeakMap<Item, SealedItem>();

function unchangedSoFar(item: Item): boolean {
  return sealedItems.get(item)?.unchanged ?? isUnchanged(item);
}

/**
 * Whether items of this list may be sealed: a ResourceList or List read from block YAML with LF line ends, or from
 * JSON item by item, whose text does not hold the placeholders `write` uses.
 */
export function canSeal(list: ResourceList): boolean {
  const layout = list.layout;
  if (layout.kind !== 'wrapped') return false;
  // A restyled container (JSON) only when its items were read on their own: they are then printed from their nodes.
  const restyledOK = !layout.container.restyled || layout.readItems.every((item) => itemSources.has(item));
  return restyledOK && !layout.container.style.crlf && !layout.source.includes('__inject_sidecar') &&
    // An item written early takes its anchors out of the document, and an alias elsewhere could not be resolved.
    !(layout.source.includes('*') && holdsAlias(layout.container.doc));
}

/** Whether any node under `root` is an alias. (Read item by item, the container holds no items.) */
function holdsAlias(root: unknown): boolean {
  let found = false;
  walkNodes(root, (node) => {
    if (isAlias(node)) found = true;
  });
  return found;
}

/**
 * Writes a processed item's text now and lets go of its nodes, so that a large list never holds every item's
 * injected nodes (and their copies) at once. `write` puts the text where the item's nodes would have printed. An
 * item that cannot be written on its own (a keep-chomping block scalar) keeps its nodes. Call only when `canSeal`;
 * afterwards the item has no contents: nothing may read or edit it any more.
 */
export function sealItem(list: ResourceList, item: Item): void {
  const layout = list.layout;
  const contents = item.contents;
  if (layout.kind !== 'wrapped' || !isMap(contents)) return;
  keepLeadingCommentOnFirstKey(contents);
  const unchanged = isUnchanged(item);
  // The text of a restyled (JSON) item is not what its output is: it is printed from its nodes, as `write` does.
  const kept = unchanged && !layout.container.restyled ? keptText(item, itemSources.get(item) ?? layout.source, true) : undefined;
  const text = kept ?? printAsItem(contents, layout.container.style);
  if (!text) return;
  sealedItems.set(item, { ...text, relocatable: true, spaceBefore: contents.spaceBefore === true, unchanged });
  pristines.delete(item);
  item.contents = null;
  // The container's `items` still hold every item's nodes as read; `write` fills it anew.
  const containerItems = (layout.container.doc.contents as YAMLMap).get('items', true);
  if (isSeq(containerItems) && containerItems.items.length > 0) containerItems.items = [];
}

/**
 * An item's text as `yaml` prints it as a list item, without its `- ` and with its lines relative to the item's
 * column (2), or undefined when the text would depend on what follows it (a keep-chomping block scalar).
 */
function printAsItem(contents: YAMLMap, style: DocumentStyle): KeptText | undefined {
  const doc = newDocument();
  const seq = new YAMLSeq();
  const spaceBefore = contents.spaceBefore;
  contents.spaceBefore = false;
  seq.items = [contents];
  doc.contents = seq;
  const printed = stringifyDocument(doc, { ...style, crlf: false });
  if (spaceBefore === undefined) delete contents.spaceBefore;
  else contents.spaceBefore = spaceBefore;
  if (!printed.startsWith('- ') || /[|>][1-9]?\+/.test(printed)) return undefined;
  return { text: printed.slice(2).replace(/\n+$/, ''), column: 2 };
}

/** The source text of an unchanged item of a ResourceList or List, and the column it started at. */
interface KeptText {
  readonly text: string;
  readonly column: number;
  /** Whether the text may be moved to another column (its lines shifted alike) when its placeholder lands elsewhere. */
  readonly relocatable?: boolean;
}

// An anchor (`&name`) where a value or flow item may start.
const ANCHOR = /(?:^|[\s\[{,])&[^\s,\[\]{}]/;

/**
 * An item the processor left as it was is written back with its exact source text (escapes, quoting, folding and
 * spacing as the user wrote them), not as `yaml` would print its nodes. Only for items whose text is self-contained:
 * a block map with a known source range and no comments outside that range (a comment before the item, on its `- `
 * line or after its last value is attached to nodes printed around it).
 */
function keptText(item: Item, source: string, unchanged?: boolean): KeptText | undefined {
  const contents = item.contents;
  if (!isMap(contents) || contents.flow || item.commentBefore || item.comment || !(unchanged ?? isUnchanged(item))) return undefined;
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
  // An anchor in the text would vanish from the document while it prints (the text replaces a placeholder), and an
  // alias elsewhere in it could then not be resolved; such items are printed from their nodes.
  if (ANCHOR.test(raw)) return undefined;
  const text = raw.replace(/(?:\r?\n)+$/, '');
  if (text === '') return undefined;
  return { text, column: start - (source.lastIndexOf('\n', start - 1) + 1) };
}

/**
 * Replaces each placeholder by its item's text in one pass, provided every placeholder appears exactly once (the
 * problem is 'ambiguous' otherwise: a user string that looks like a placeholder) and sits in the column its item had
 * or its text is relocatable ('moved' otherwise: another layout).
 */
function spliceKeptTexts(output: string, kept: ReadonlyMap<string, KeptText>, prefix: string): { parts: string[]; problem?: undefined } | { problem: 'ambiguous' | 'moved' } {
  const pieces: string[] = [];
  const seen = new Set<string>();
  let last = 0;
  for (const match of output.matchAll(new RegExp(`${prefix}\\d+__`, 'g'))) {
    const token = match[0];
    const original = kept.get(token);
    if (!original || seen.has(token)) return { problem: 'ambiguous' };
    seen.add(token);
    const at = match.index;
    const column = at - (output.lastIndexOf('\n', at - 1) + 1);
    let text = original.text;
    if (column !== original.column) {
      if (!original.relocatable) return { problem: 'moved' };
      text = shiftLines(text, column - original.column);
    }
    pieces.push(output.slice(last, at), text);
    last = at + token.length;
  }
  if (seen.size !== kept.size) return { problem: 'ambiguous' };
  pieces.push(output.slice(last));
  return { parts: pieces };
}

/** Moves every line but the first `by` columns right (left when negative); empty lines stay empty. */
function shiftLines(text: string, by: number): string {
  if (by > 0) return text.replace(/\n(?=[^\n])/g, `\n${' '.repeat(by)}`);
  return text.replace(new RegExp(`\\n {${-by}}`, 'g'), '\n');
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
