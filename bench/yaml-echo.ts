/**
 * The cold YAML floor, a reference for the cold-start figure: a process that reads a ResourceList from stdin with
 * `yaml`, with codec.ts's options, and prints it back, as little as a function can do with its input. The bench runs
 * it bundled into one file (esbuild, as our own bundle is), so that loading `yaml` costs what a bundle costs.
 */
import { readFileSync, writeSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { FLOOR_PARSE_OPTIONS, FLOOR_PRINT_OPTIONS } from './floor.ts';

const text = readFileSync(0, 'utf8');
const printed = parseAllDocuments(text, FLOOR_PARSE_OPTIONS)
  .map((doc) => doc.toString(FLOOR_PRINT_OPTIONS))
  .join('---\n');
const bytes = Buffer.from(printed);
for (let at = 0; at < bytes.length; ) at += writeSync(1, bytes, at);
