/**
 * The YAML floor of one input, run as its own process by the end-to-end figure: the time `yaml` takes to parse the
 * input and to stringify the expected output, with the options src/yaml/codec.ts uses. The expected output is parsed
 * into a Document first, untimed; both are taken 1,000 items at a time (the times summed), because a Document of
 * 10,000 injected Deployments exhausts Node's default heap. Prints `{"wallMs":…,"cpuMs":…}`.
 * Usage: node build/bench/floor.js INPUT EXPECTED_OUTPUT
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments, parseDocument } from 'yaml';

/** codec.ts's parse options (without its number-spelling tags, which are ours, not yaml's). */
export const FLOOR_PARSE_OPTIONS = { prettyErrors: false, uniqueKeys: true, keepSourceTokens: false, logLevel: 'error' } as const;
/** codec.ts's KRM print options for the default style. */
export const FLOOR_PRINT_OPTIONS = { lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false, indent: 2, indentSeq: false } as const;

/** Items per chunk: a `yaml` Document of 10,000 injected Deployments does not fit in Node's default heap. */
const CHUNK_ITEMS = 1000;

/**
 * A ResourceList printed in KRM style (`items:` then entries starting `- ` at column 0, then other top-level keys)
 * cut into ResourceLists of at most `size` items each; the keys after `items` go with the last one.
 */
export function chunkResourceList(text: string, size: number): string[] {
  const itemsAt = text.indexOf('\nitems:\n');
  if (itemsAt < 0) return [text];
  const header = text.slice(0, itemsAt + '\nitems:\n'.length);
  const rest = text.slice(header.length);
  const tailAt = rest.search(/^[^-\s#]/m);
  const body = tailAt < 0 ? rest : rest.slice(0, tailAt);
  const tail = tailAt < 0 ? '' : rest.slice(tailAt);
  const items = body.split(/^(?=- )/m).filter((item) => item !== '');
  const out: string[] = [];
  for (let i = 0; i < items.length || out.length === 0; i += size) out.push(header + items.slice(i, i + size).join(''));
  out[out.length - 1] += tail;
  return out;
}

function main(): void {
  const [inputPath, outputPath] = process.argv.slice(2);
  if (!inputPath || !outputPath) throw new Error('usage: floor.js INPUT EXPECTED_OUTPUT');
  const inputs = chunkResourceList(readFileSync(inputPath, 'utf8'), CHUNK_ITEMS);
  const outputs = chunkResourceList(readFileSync(outputPath, 'utf8'), CHUNK_ITEMS);
  if (inputs.length !== outputs.length) throw new Error('the input and the expected output have different item counts');
  let wallMs = 0;
  let cpuMs = 0;
  inputs.forEach((input, i) => {
    const expected = parseDocument(outputs[i]!, FLOOR_PARSE_OPTIONS);
    const cpu = process.cpuUsage();
    const started = performance.now();
    const parsed = parseAllDocuments(input, FLOOR_PARSE_OPTIONS);
    const text = expected.toString(FLOOR_PRINT_OPTIONS);
    wallMs += performance.now() - started;
    const used = process.cpuUsage(cpu);
    cpuMs += (used.user + used.system) / 1000;
    if (!Array.isArray(parsed) || text.length === 0) throw new Error('the floor parsed or printed nothing');
  });
  console.log(JSON.stringify({ wallMs, cpuMs }));
}

if (process.argv[1]?.endsWith('floor.js')) main();
