/**
 * Runs every case of the bad-input corpus (corpus.ts) through the real bundle, node dist/inject-sidecar.js, in its
 * own process with a heap cap and a time limit, and checks the outcome rules: the exit code; for an unreadable input
 * one line on stderr and nothing on stdout; otherwise the full item list on stdout with every item not listed as
 * changed byte-identical, and exactly the listed results; never a stack trace or a JavaScript error.
 * CORPUS_PRINT=1 prints each case's actual outcome (to review a new case, never to copy blindly); CORPUS_ONLY=REGEX
 * runs only the cases whose names match.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ensureBundle } from '../examples/bundle.ts';
import { CORPUS } from './corpus.ts';
import { itemTexts } from './items.ts';
import type { CorpusCase, ExpectedResult } from './corpus.ts';

const DEFAULT_HEAP_MB = 256;
const DEFAULT_TIMEOUT_MS = 30_000;

interface Outcome {
  readonly status: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

function runCase(c: CorpusCase, input: string | Uint8Array, dir: string): Outcome {
  const args = (c.args ?? []).map((a) => a.replaceAll('$DIR', dir));
  const started = Date.now();
  const ran = spawnSync(process.execPath, [`--max-old-space-size=${c.heapMb ?? DEFAULT_HEAP_MB}`, ensureBundle(), ...args], {
    cwd: dir,
    input,
    encoding: 'utf8',
    timeout: c.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxBuffer: 256 << 20,
    env: { PATH: process.env['PATH'] ?? '' },
  });
  return { status: ran.status, signal: ran.signal, stdout: ran.stdout ?? '', stderr: ran.stderr ?? '', ms: Date.now() - started };
}

/** The results the run added: from the output ResourceList, else from the stderr lines of a stream. */
function actualResults(stdout: string, stderr: string): ExpectedResult[] {
  const docs = parseAllDocuments(stdout);
  const list = Array.isArray(docs) && docs.length === 1 ? (docs[0]!.toJS({ maxAliasCount: -1 }) as Record<string, unknown> | null) : null;
  if (list?.['kind'] === 'ResourceList') {
    const results = (list['results'] ?? []) as Record<string, unknown>[];
    return results.map((r) => {
      const ref = r['resourceRef'] as Record<string, string> | undefined;
      const resource = ref ? [ref['apiVersion'], ref['kind'], ref['namespace'] ?? '', ref['name']].filter((p) => p !== '' && p !== undefined).join('/') : '';
      return { severity: r['severity'] as ExpectedResult['severity'], resource, field: ((r['field'] as Record<string, string> | undefined)?.['path']) ?? '', message: String(r['message']) };
    });
  }
  return stderr.split('\n').filter((l) => l !== '').map((line) => {
    const m = /^\[(error|warning|info)\]((?: [^ :]+| [^ ]+\])*?): (.*)$/.exec(line);
    if (!m) return { severity: 'error', resource: '?', field: '?', message: line };
    const words = m[2]!.trim().split(' ').filter((w) => w !== '');
    const resource = words[0]?.includes('/') ? words.shift()! : '';
    return { severity: m[1] as ExpectedResult['severity'], resource, field: words.join(' '), message: m[3]! };
  });
}

const FORBIDDEN = [/\n\s+at .*:\d+:\d+/, /\b(?:TypeError|RangeError|ReferenceError|InternalError)\b/, /Maximum call stack/, /internal error/, /FATAL ERROR/, /<--- JS stacktrace --->/];

function check(c: CorpusCase, input: string | Uint8Array, out: Outcome): void {
  const context = `${c.name}\n--- stderr ---\n${out.stderr.slice(0, 2000)}`;
  assert.is(out.signal, null, `killed by ${out.signal} after ${out.ms} ms (time or memory limit): ${context}`);
  for (const pattern of FORBIDDEN) assert.not.match(out.stderr + out.stdout.slice(-20_000), pattern, `no stack traces or JavaScript errors: ${context}`);
  assert.is(out.status, c.exit, `exit code: ${context}`);
  if (out.status === 0) assert.ok(out.stdout.trim() !== '', 'never exit 0 with an empty output');

  if (c.stderr !== undefined) {
    assert.is(out.stdout, '', `unreadable input: nothing on stdout: ${context}`);
    assert.is(out.stderr, `${c.stderr}\n`, `unreadable input: one line on stderr: ${c.name}`);
    return;
  }
  assert.ok(out.stdout !== '', `readable input: the item list on stdout: ${context}`);
  const inputText = typeof input === 'string' ? input : new TextDecoder().decode(input);
  if (c.stdoutIsInput) assert.is(out.stdout, inputText, `the stream handed back unchanged: ${c.name}`);

  const before = itemTexts(inputText);
  const after = itemTexts(out.stdout);
  assert.is(after.length, before.length, `the full item list: ${c.name}`);
  const changed = new Set(c.changed ?? []);
  before.forEach((text, i) => {
    if (changed.has(i)) assert.is.not(after[i], text, `item ${i} is injected: ${c.name}`);
    else assert.is(after[i], text, `item ${i} byte-identical: ${c.name}`);
  });

  const results = actualResults(out.stdout, out.stderr);
  const expected = c.results ?? [];
  assert.is(results.length, expected.length, `results: ${c.name}\n${JSON.stringify(results, null, 1)}`);
  expected.forEach((want, i) => {
    const got = results[i]!;
    const where = `result ${i} of ${c.name}: ${JSON.stringify(got)}`;
    assert.is(got.severity, want.severity, where);
    assert.is(got.resource, want.resource, where);
    assert.is(got.field, want.field, where);
    assert.ok(got.message.includes(want.message), `message should include ${JSON.stringify(want.message)}: ${where}`);
  });
  const problem = c.check?.(out.stdout);
  assert.is(problem, undefined, `${c.name}: ${problem}`);
}

// ---

const Corpus = suite('robustness: the bad-input corpus through the bundle');

Corpus('the corpus has at least 60 cases with unique names', () => {
  assert.ok(CORPUS.length >= 60, `${CORPUS.length} cases`);
  assert.is(new Set(CORPUS.map((c) => c.name)).size, CORPUS.length);
});

const only = process.env['CORPUS_ONLY'] ? new RegExp(process.env['CORPUS_ONLY']) : undefined;
for (const c of CORPUS.filter((c) => !only || only.test(c.name))) {
  Corpus(c.name, () => {
    const dir = mkdtempSync(join(tmpdir(), 'corpus-'));
    try {
      for (const [name, text] of Object.entries(c.files ?? {})) writeFileSync(join(dir, name), text);
      const input = typeof c.input === 'function' ? c.input() : c.input;
      const out = runCase(c, input, dir);
      const shown = { ...out, stdout: out.stdout.replaceAll(dir, '$DIR'), stderr: out.stderr.replaceAll(dir, '$DIR') };
      if (process.env['CORPUS_PRINT']) {
        console.log(`=== ${c.name}: exit ${out.status} ${out.signal ?? ''} ${out.ms} ms\n--- stderr ---\n${shown.stderr.slice(0, 1500)}--- results ---\n${JSON.stringify(actualResults(shown.stdout, shown.stderr))}`);
      }
      check(c, input, shown);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

Corpus.run();
