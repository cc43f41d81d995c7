/**
 * Golden cases for a KRM processor: `test/golden/<area>/<case>/input.yaml` (a whole ResourceList, functionConfig
 * included) → `expected.yaml` (the whole output ResourceList, results included), optionally `run.json`:
 * `explain` (default false) and `exitCode` (default 0) for that run, and `reasons`: the reason codes (`tags.reason`)
 * a run with `--explain` gives each resource, keyed `Kind namespace/name` (`Kind name` without namespace); this
 * checks every decision without tying the golden to the wording of info messages. Every case runs twice: the
 * second run over the first's output must leave the items as they are (idempotency).
 * `UPDATE_GOLDEN=1` rewrites `expected.yaml` from the actual output: review the diff before trusting it.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { run } from '../../src/krm/processor.ts';
import type { Processor } from '../../src/krm/processor.ts';
import type { Result } from '../../src/krm/result.ts';
import { runBundle } from '../examples/bundle.ts';
import { repoRoot } from './shared.ts';

export interface GoldenCase {
  readonly name: string;
  readonly dir: string;
  readonly input: string;
  readonly explain: boolean;
  readonly exitCode: 0 | 1;
  readonly reasons: Readonly<Record<string, readonly string[]>> | undefined;
}

interface RunFile {
  explain?: boolean;
  exitCode?: 0 | 1;
  reasons?: Record<string, string[]>;
}

/** The cases of `test/golden/<area>`, sorted by name; a case without `input.yaml` fails the run. */
export function goldenCases(area: string): GoldenCase[] {
  const root = join(repoRoot, 'test', 'golden', area);
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const dir = join(root, name);
      const runFile = join(dir, 'run.json');
      const opts = existsSync(runFile) ? (JSON.parse(readFileSync(runFile, 'utf8')) as RunFile) : {};
      const input = readFileSync(join(dir, 'input.yaml'), 'utf8');
      return { name, dir, input, explain: opts.explain ?? false, exitCode: opts.exitCode ?? 0, reasons: opts.reasons };
    });
}

/** Runs one case through `run(processor, …)` and compares with `expected.yaml` byte for byte, then checks idempotency. */
export function checkGolden<C>(processor: Processor<C>, c: GoldenCase): void {
  const first = run(processor, c.input, { explain: c.explain });
  const expectedFile = join(c.dir, 'expected.yaml');
  if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(expectedFile, first.output);
  assert.ok(existsSync(expectedFile), `${expectedFile} is missing (UPDATE_GOLDEN=1 writes it)`);
  assert.fixture(first.output, readFileSync(expectedFile, 'utf8'));
  assert.is(first.exitCode, c.exitCode);
  const second = run(processor, first.output, { explain: c.explain });
  const items = (text: string): unknown => (parse(text) as { items?: unknown }).items;
  assert.equal(items(second.output), items(first.output), 'a second run changes the items');
  if (c.reasons) assert.equal(reasonsOf(run(processor, c.input, { explain: true }).results), c.reasons);
}

/** Decision reasons (ARCHITECTURE.md §7); other explain output (e.g. a traffic preview) is not part of the decision. */
const DECISION_REASON = /^(injected|reinjected|skipped:|warning:|error:)/;

/** The decision reasons (`tags.reason`) of the results, by resource (`Kind ns/name`), in result order. */
export function reasonsOf(results: readonly Result[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const r of results) {
    const ref = r.resourceRef;
    const key = ref ? `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}` : '(none)';
    const reason = r.tags?.['reason'];
    if (reason !== undefined && DECISION_REASON.test(reason)) (out[key] ??= []).push(reason);
  }
  return out;
}

/** The input of one case. */
export function goldenInput(area: string, name: string): string {
  return readFileSync(join(repoRoot, 'test', 'golden', area, name, 'input.yaml'), 'utf8');
}

/** Runs one case through dist/inject-sidecar.js (KRM mode, no flags) and compares stdout with `expected.yaml`. */
export function checkBundleGolden(area: string, name: string): void {
  const ran = runBundle([], goldenInput(area, name));
  assert.is(ran.status, 0, ran.stderr);
  assert.is(ran.stderr, '');
  assert.fixture(ran.stdout, readFileSync(join(repoRoot, 'test', 'golden', area, name, 'expected.yaml'), 'utf8'));
}
