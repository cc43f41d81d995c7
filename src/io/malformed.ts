/**
 * What the function does with a YAML stream in which some documents cannot be parsed (the "malformed YAML"
 * case). A stream is a list of independent documents, so the readable ones are still items; but injecting only some
 * of them would hand back a half-changed input. So: nothing is injected, the complete item list is the input written
 * back exactly as it was read (the malformed documents verbatim, in place), every malformed document gets an error
 * result naming its source, its document number, the resource (when its apiVersion, kind and name can still be read)
 * and the line and column, and the exit code is 1.
 *
 * A ResourceList or a List is one document: when it is malformed no item can be trusted, so there is no item list to
 * write; that input, and a stream (stdin, or any one file in file mode) with no readable document at all, stays
 * "unreadable input": one line on stderr, nothing on stdout, exit 1 (ARCHITECTURE.md §5).
 */
import { isMap, isScalar, isSeq, parseStream } from '../yaml/codec.ts';
import type { Result } from '../krm/result.ts';
import type { ResourceRef } from '../krm/object.ts';

export interface MalformedStream {
  /** Documents that parsed (the items that would have been processed). */
  readonly readable: number;
  /** One error per malformed document. */
  readonly results: readonly Result[];
}

/**
 * Describes a stream with malformed documents; undefined when the text has no YAML syntax error (the failure was
 * something else) or is a ResourceList or List.
 */
export function malformedStream(text: string, source: string): MalformedStream | undefined {
  const stream = parseStream(text);
  if (stream.problems.length === 0) return undefined;
  const documents = stream.documents.filter((d) => d.hasContent || d.doc.errors.length > 0);
  const results: Result[] = [];
  let readable = 0;
  for (const [index, document] of documents.entries()) {
    const kind = scalarAt(document.doc.contents, ['kind']);
    if (kind === 'ResourceList' || kind === 'List') return undefined;
    const error = document.doc.errors[0];
    if (!error) {
      readable++;
      continue;
    }
    const at = stream.position(error.pos[0]);
    const more = document.doc.errors.length > 1 ? ` (and ${document.doc.errors.length - 1} more problem${document.doc.errors.length > 2 ? 's' : ''})` : '';
    const message = `cannot parse document ${index + 1} of ${source}: line ${at.line}, column ${at.column}: ${error.message.split('\n')[0]}${more}`;
    const out: Result = { message, severity: 'error', file: { path: source, index } };
    const ref = resourceOf(document.doc.contents);
    if (ref) out.resourceRef = ref;
    const field = fieldAt(document.doc.contents, error.pos[0]);
    if (ref && field !== '') out.field = { path: field };
    results.push(out);
  }
  return { readable, results };
}

/** apiVersion and kind, with the name and namespace when they are readable, when the broken document shows them. */
function resourceOf(contents: unknown): ResourceRef | undefined {
  const apiVersion = scalarAt(contents, ['apiVersion']);
  const kind = scalarAt(contents, ['kind']);
  const name = scalarAt(contents, ['metadata', 'name']) ?? '';
  if (apiVersion === undefined || kind === undefined) return undefined;
  const namespace = scalarAt(contents, ['metadata', 'namespace']);
  return namespace === undefined ? { apiVersion, kind, name } : { apiVersion, kind, name, namespace };
}

function scalarAt(node: unknown, path: readonly string[]): string | undefined {
  let current = node;
  for (const key of path) {
    if (!isMap(current)) return undefined;
    const pair = current.items.find((p) => isScalar(p.key) && p.key.value === key);
    current = pair?.value;
  }
  return isScalar(current) && typeof current.value === 'string' ? current.value : undefined;
}

/**
 * The field being written where the parser gave up (`metadata.name`): the path through the last key or list entry
 * that starts before the error. The parser's position is where it noticed the problem, so this names the field that
 * holds the mistake, or the one just before it.
 */
function fieldAt(node: unknown, offset: number): string {
  const path: string[] = [];
  let current = node;
  for (;;) {
    // Inside a flow collection (`[web`) the key holding it is the field.
    if ((isMap(current) || isSeq(current)) && current.flow === true && path.length > 0) break;
    if (isMap(current)) {
      const pair = current.items.filter((p) => isScalar(p.key) && (p.key.range?.[0] ?? Infinity) < offset).at(-1);
      if (!pair || !isScalar(pair.key)) break;
      path.push(String(pair.key.value));
      current = pair.value;
    } else if (isSeq(current)) {
      const at = current.items.findLastIndex((item) => ((item as { range?: [number, number, number] }).range?.[0] ?? Infinity) < offset);
      if (at < 0) break;
      path.push(String(at));
      current = current.items[at];
    } else {
      break;
    }
  }
  return path.join('.');
}
