/**
 * Finds the items of a ResourceList or List written as JSON (`kubectl get -o json` prints a List) in its text, so
 * that each item is parsed on its own, as splitList does for block YAML: a JSON document is one flow collection,
 * which `yaml` parses with several hundred bytes of memory per byte of text, whole — 10,000 Deployments as kubectl
 * prints them would not fit in the heap. Item by item, only one item's tree exists at a time.
 *
 * Only for strict JSON in the usual shape: one object, an `items` key whose value is an array of objects, LF line
 * ends and spaces only (no tab, no CR). The scan checks the structure and where each value ends; JSON.parse then
 * checks the container and each item, so that a text taken here is JSON, and `yaml` reads every piece as it would
 * read the whole. Anything else gives undefined, and the whole text is parsed as one document as before.
 */
import { newlinesBetween, type ItemSlice, type SplitList } from './split.ts';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const SPACE = 0x20;
const NEWLINE = 0x0a;

/** The JSON scalar tokens other than strings: numbers, true, false, null (checked by JSON.parse afterwards). */
const SCALAR = /[-+0-9.eEtrufalsn]+/y;

class NotTaken extends Error {}
const NOT_TAKEN = new NotTaken();

function notTaken(): never {
  throw NOT_TAKEN;
}

/** The items of a JSON ResourceList or List cut out, or undefined when the text is not in the shape described above. */
export function splitJSONList(text: string): SplitList | undefined {
  const first = skipSpace(text, 0);
  if (text.charCodeAt(first) !== OPEN_OBJECT || text.includes('\r') || text.includes('\t')) return undefined;
  try {
    return split(text, first);
  } catch (e) {
    if (e === NOT_TAKEN) return undefined;
    throw e;
  }
}

function split(text: string, first: number): SplitList | undefined {
  let items: { open: number; close: number; elements: [number, number][] } | undefined;
  // The top-level object: "key": value pairs; the value of "items" is taken apart, the others skipped whole.
  let at = skipSpace(text, first + 1);
  if (text.charCodeAt(at) === CLOSE_OBJECT) return undefined;
  for (;;) {
    if (text.charCodeAt(at) !== QUOTE) notTaken();
    const keyEnd = stringEnd(text, at);
    const key = text.slice(at, keyEnd);
    at = skipSpace(text, keyEnd);
    if (text.charCodeAt(at) !== COLON) notTaken();
    at = skipSpace(text, at + 1);
    if (key === '"items"') {
      if (items !== undefined || text.charCodeAt(at) !== OPEN_ARRAY) notTaken();
      items = arrayOfObjects(text, at);
      at = items.close + 1;
    } else {
      at = valueEnd(text, at);
    }
    at = skipSpace(text, at);
    const c = text.charCodeAt(at);
    if (c === CLOSE_OBJECT) break;
    if (c !== COMMA) notTaken();
    at = skipSpace(text, at + 1);
  }
  if (skipSpace(text, at + 1) !== text.length || items === undefined || items.elements.length === 0) return undefined;
  const cutAt = items.open + 1;
  const cutLength = items.close - cutAt;
  const containerText = text.slice(0, cutAt) + text.slice(items.close);
  if (!isJSON(containerText)) return undefined;
  const slices: ItemSlice[] = [];
  let line = 1;
  let counted = 0;
  for (const [start, end] of items.elements) {
    const object = text.slice(start, end);
    if (!isJSON(object)) return undefined;
    line += newlinesBetween(text, counted, start);
    counted = start;
    slices.push({ start, line, text: object, column: start - (text.lastIndexOf('\n', start - 1) + 1) });
  }
  return { containerText, cutAt, cutLength, itemColumn: 0, items: slices };
}

/** The array at `open`, each element of which must be an object: where each starts and ends, and the closing bracket. */
function arrayOfObjects(text: string, open: number): { open: number; close: number; elements: [number, number][] } {
  const elements: [number, number][] = [];
  let at = skipSpace(text, open + 1);
  if (text.charCodeAt(at) === CLOSE_ARRAY) return { open, close: at, elements };
  for (;;) {
    if (text.charCodeAt(at) !== OPEN_OBJECT) notTaken();
    const end = valueEnd(text, at);
    elements.push([at, end]);
    at = skipSpace(text, end);
    const c = text.charCodeAt(at);
    if (c === CLOSE_ARRAY) return { open, close: at, elements };
    if (c !== COMMA) notTaken();
    at = skipSpace(text, at + 1);
  }
}

/**
 * Where the value starting at `at` ends: a string, a scalar token, or a bracketed value (brackets counted outside
 * strings; whether they pair up, and everything else, JSON.parse checks later).
 */
function valueEnd(text: string, at: number): number {
  const c = text.charCodeAt(at);
  if (c === QUOTE) return stringEnd(text, at);
  if (c !== OPEN_OBJECT && c !== OPEN_ARRAY) {
    SCALAR.lastIndex = at;
    if (!SCALAR.test(text)) notTaken();
    return SCALAR.lastIndex;
  }
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const d = text.charCodeAt(i);
    if (d === QUOTE) {
      i = stringEnd(text, i) - 1;
    } else if (d === OPEN_OBJECT || d === OPEN_ARRAY) {
      depth++;
    } else if (d === CLOSE_OBJECT || d === CLOSE_ARRAY) {
      if (--depth === 0) return i + 1;
    }
  }
  return notTaken();
}

/** The offset after the closing quote of the string starting at `at` (no line break inside: JSON has none). */
function stringEnd(text: string, at: number): number {
  for (let i = at + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH) i++;
    else if (c === NEWLINE) notTaken();
  }
  return notTaken();
}

function skipSpace(text: string, at: number): number {
  let i = at;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== SPACE && c !== NEWLINE) return i;
    i++;
  }
}

function isJSON(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
