/**
 * Run under Deno by test/examples/deno-conformance.test.ts: every case of Istio's goldens (the cases.json given as
 * the argument) through the inject processor from source, printing one JSON object per line: {id, exitCode,
 * output}. Runtime-neutral apart from reading the case files (node:fs, which Deno grants with --allow-read).
 */
import { join } from 'node:path';
import { injectProcessor } from '../../src/inject/inject.ts';
import { run } from '../../src/krm/processor.ts';
import { caseFunctionConfig, loadCases, prepareCase, resourceList } from '../support/istio-cases.ts';

/** The outputs of every case, in the order of cases.json. */
export function runCases(casesFile: string): { id: string; exitCode: number; output: string }[] {
  const dir = join(casesFile, '..');
  return loadCases(casesFile).map((c) => {
    const p = prepareCase(dir, c);
    const outcome = run(injectProcessor, resourceList(p.items, caseFunctionConfig(p)));
    return { id: c.id, exitCode: outcome.exitCode, output: outcome.output };
  });
}

const argv = (globalThis as { Deno?: { args: string[] } }).Deno?.args;
if (argv !== undefined && argv[0] !== undefined) {
  for (const line of runCases(argv[0])) console.log(JSON.stringify(line));
}
