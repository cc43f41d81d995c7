/**
 * Not a test: times `doc.toString(options)` against `printDocument` on one big document and prints the medians.
 * Usage (after `npx tsc -p tsconfig.test.json`):
 *   node --expose-gc build/test/yaml/print-speed.js /tmp/perf/out-1000.yaml [runs]
 * The file is a function output (e.g. `node dist/inject-sidecar.js < /tmp/perf/in-1000.yaml > /tmp/perf/out-1000.yaml`).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseStream } from '../../src/yaml/codec.ts';
import { printDocument } from '../../src/yaml/print.ts';
import type { PrintOptions } from '../../src/yaml/print.ts';

const file = process.argv[2];
if (!file) throw new Error('Usage: node build/test/yaml/print-speed.js FILE [runs]');
const runs = Number(process.argv[3] ?? 9);
const stream = parseStream(readFileSync(file, 'utf8'));
const documents = stream.documents.map((d) => ({ doc: d.doc, options: optionsOf(d.style) }));

function optionsOf(style: { indent: number; indentSeq: boolean }): PrintOptions {
  return { lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false, indent: style.indent, indentSeq: style.indentSeq };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Wall time and CPU time (the machine may be shared: CPU time is the steadier measure). */
function time(print: () => string): { ms: number; cpuMs: number; text: string } {
  // With --expose-gc, each run starts without the other printer's garbage.
  (globalThis as { gc?: () => void }).gc?.();
  const start = performance.now();
  const cpu = process.cpuUsage();
  const text = print();
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, text };
}

const viaYaml = (): string => documents.map(({ doc, options }) => doc.toString(options)).join('');
const viaPrinter = (): string => documents.map(({ doc, options }) => printDocument(doc, options) ?? '<fallback>').join('');

const yamlTimes: number[] = [];
const printerTimes: number[] = [];
const yamlCpu: number[] = [];
const printerCpu: number[] = [];
let same = true;
for (let i = 0; i < runs; i++) {
  const a = time(viaYaml);
  const b = time(viaPrinter);
  yamlTimes.push(a.ms);
  printerTimes.push(b.ms);
  yamlCpu.push(a.cpuMs);
  printerCpu.push(b.cpuMs);
  same &&= a.text === b.text;
}
const [y, p, yc, pc] = [median(yamlTimes), median(printerTimes), median(yamlCpu), median(printerCpu)];
console.log(`${file}: ${documents.length} document(s), ${(viaYaml().length / 1e6).toFixed(1)} MB of YAML, ${runs} runs`);
console.log(`toString      median ${y.toFixed(0)} ms wall, ${yc.toFixed(0)} ms CPU`);
console.log(`printDocument median ${p.toFixed(0)} ms wall, ${pc.toFixed(0)} ms CPU`);
console.log(`ratio ${(y / p).toFixed(2)}x wall, ${(yc / pc).toFixed(2)}x CPU; identical output: ${same}`);
