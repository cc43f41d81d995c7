/**
 * Finds the items of a block-style ResourceList or List in its text, without parsing it, so that each item can be
 * parsed on its own. Parsing a large list in one piece holds its whole concrete syntax tree at once (about sixty
 * times the text: 1.4 GB for 10,000 Deployments); item by item, only one item's tree exists at a time.
 *
 * Only for the common layout, where cutting the text cannot change what any node means or where its comments go:
 * one document, LF line ends, scalar-valued keys (`apiVersion`, `kind`) before `items:`, each item a block map
 * starting `- key:` in one column, no blank line before an item or after the last one, no comment line ending an
 * item or between items, no alias (an alias may point into another item). Anything else gives undefined, and the
 * whole text is parsed as one document as before.
 */

/** One item of the list, cut out of the text. */
export interface ItemSlice {
  /** Offset of the item's `- ` line in the whole text. */
  readonly start: number;
  /** 1-based line of `start`. */
  readonly line: number;
  /**
   * The item's lines with its `- ` replaced by two spaces: a block map in the same columns, so that every offset
   * in it plus `start` is the offset in the whole text.
   */
  readonly text: string;
  /** The column (0-based) where `text` starts in the whole text: 0 here, more for a JSON item (split-json.ts). */
  readonly column: number;
}

export interface SplitList {
  /** The text without the items' lines (the `items:` line stays, with no value). */
  readonly containerText: string;
  /** Where the items' lines were cut from the text, and their length. */
  readonly cutAt: number;
  readonly cutLength: number;
  /** Column of the items' `-` (0 for compact lists, 2 for wide ones). */
  readonly itemColumn: number;
  readonly items: readonly ItemSlice[];
}

const MARKERS = /^(?:---|\.\.\.|%)/m;
const SCALAR_KEY_LINE = /^[A-Za-z][\w.\/-]*:[ \t]+[^\s#&*!|>{\[]/;
const ITEM_START = /^- [A-Za-z][\w.\/-]*:(?: |$)/;
const TOP_KEY = /^[A-Za-z][\w.\/-]*:(?:[ \t]|$)/;
// An alias (`*name`) where a value or flow item may start; a quote after the `*` is a string's end (`"*/5 * * * *"`).
const ALIAS = /(?:^|[\s\[{,])\*[^\s,\]}"']/;

/** The items of `text` cut out, or undefined when the text is not in the layout described above. */
export function splitList(text: string): SplitList | undefined {
  if (text.includes('\r') || MARKERS.test(text)) return undefined;
  const itemsLine = findItemsLine(text);
  if (itemsLine === undefined) return undefined;
  const bodyStart = itemsLine;
  const items: ItemSlice[] = [];
  let column = -1;
  let line = lineOf(text, bodyStart);
  let at = bodyStart;
  let previousEmpty = false;
  let lastContentIsComment = false;
  let itemStart = -1;
  let itemLine = 0;
  const closeItem = (end: number): boolean => {
    if (itemStart < 0) return true;
    if (lastContentIsComment) return false;
    const raw = text.slice(itemStart, end);
    items.push({ start: itemStart, line: itemLine, text: `${raw.slice(0, column)}  ${raw.slice(column + 2)}`, column: 0 });
    return true;
  };
  while (at < text.length) {
    const next = text.indexOf('\n', at);
    const end = next < 0 ? text.length : next + 1;
    const content = text.slice(at, next < 0 ? text.length : next);
    if (content === '') {
      previousEmpty = true;
    } else {
      const indent = content.length - content.trimStart().length;
      if (column < 0) {
        if (indent !== 0 && indent !== 2) return undefined;
        column = indent;
      }
      const rest = content.slice(column);
      if (indent === column && ITEM_START.test(rest)) {
        if (previousEmpty || !closeItem(at)) return undefined;
        itemStart = at;
        itemLine = line;
        lastContentIsComment = false;
      } else if (indent >= column + 2 && itemStart >= 0) {
        lastContentIsComment = content.trimStart().startsWith('#');
      } else if (indent === 0 && TOP_KEY.test(content)) {
        break; // the next top-level key
      } else {
        return undefined;
      }
      previousEmpty = false;
    }
    at = end;
    line++;
  }
  if (previousEmpty || !closeItem(at) || items.length === 0) return undefined;
  const body = text.slice(bodyStart, at);
  if (ALIAS.test(body) && holdsAliasOutsideBlockScalars(body)) return undefined;
  return { containerText: text.slice(0, bodyStart) + text.slice(at), cutAt: bodyStart, cutLength: at - bodyStart, itemColumn: column, items };
}

// A line that ends with a block scalar's header (`key: |`, `- >-`, `key: |2 # comment`).
const BLOCK_SCALAR_HEADER = /(?:^|[ :-])[|>][1-9+-]{0,2}[ \t]*(?:#.*)?$/;

/**
 * Whether an alias may be in `body` outside the content of block scalars, where `*` is text (the end of a template
 * comment, a cron schedule). Misjudging a line costs nothing but the split: parsed on its own, an item holding an
 * alias to an anchor outside it fails, and the whole text is then read as one.
 */
function holdsAliasOutsideBlockScalars(body: string): boolean {
  let scalarParent = -1;
  for (const line of body.split('\n')) {
    const content = line.trimStart();
    const indent = line.length - content.length;
    if (scalarParent >= 0 && (content === '' || indent > scalarParent)) continue;
    scalarParent = -1;
    if (ALIAS.test(line)) return true;
    if (BLOCK_SCALAR_HEADER.test(line)) scalarParent = content.startsWith('- ') ? indent + 1 : indent;
  }
  return false;
}

/**
 * The offset just after the `items:` line, when every line before it is a comment or a top-level key with a scalar
 * value on its line (so that the items hold the first collection of the document) and no later line starts with
 * `items:` again.
 */
function findItemsLine(text: string): number | undefined {
  let at = 0;
  while (at < text.length) {
    const next = text.indexOf('\n', at);
    if (next < 0) return undefined;
    const content = text.slice(at, next);
    if (/^items:[ \t]*$/.test(content)) return next + 1;
    if (content !== '' && !content.startsWith('#') && !SCALAR_KEY_LINE.test(content)) return undefined;
    at = next + 1;
  }
  return undefined;
}

function lineOf(text: string, offset: number): number {
  return 1 + newlinesBetween(text, 0, offset);
}

/** The number of line breaks in text[from:to]. */
export function newlinesBetween(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
