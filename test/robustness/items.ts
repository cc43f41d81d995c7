/** Reading a function's output back in tests: the source text of every item, as written. */
import { isMap, isSeq, parseAllDocuments } from 'yaml';

/** The source text of each item (of a ResourceList or List, else each document of a stream), exactly as written. */
export function itemTexts(text: string): string[] {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) return [];
  const withContent = docs.filter((d) => d.contents !== null);
  const only = withContent.length === 1 ? withContent[0]!.contents : undefined;
  const kind: unknown = isMap(only) ? only.get('kind') : undefined;
  if (isMap(only) && (kind === 'ResourceList' || kind === 'List')) {
    const items = only.get('items', true);
    if (!isSeq(items)) return [];
    return items.items.map((node) => {
      const range = (node as { range?: [number, number, number] }).range;
      return range ? text.slice(range[0], range[1]) : '';
    });
  }
  return withContent.map((d) => {
    const range = d.contents?.range;
    return range ? text.slice(range[0], range[1]) : '';
  });
}
