#!/usr/bin/env node
// Runs every compiled test file (build/test/**/*.test.js) in its own Node process, as uvu files are meant
// to run, then prints each failed file again (how it ended, and the seed that reproduces a randomized run; with
// FUZZ_SEED, FUZZ_TRACE=FILE then keeps the input a fuzzer was running when it crashed or hung) and one closing
// line: "N passed, M failed, K skipped". Exit 1 if any file failed.
// Usage: node scripts/run-tests.mjs [PATTERN]   (PATTERN: a regex over the file path)
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const testDir = join(root, 'build', 'test');
const pattern = process.argv[2] ? new RegExp(process.argv[2]) : null;

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...findTests(full));
    else if (name.endsWith('.test.js')) out.push(full);
  }
  return out;
}

/** A test file that runs longer than this is stopped and counted as failed (a hang must not stall CI). */
const FILE_TIMEOUT_MS = 20 * 60 * 1000;

const files = findTests(testDir).filter((f) => !pattern || pattern.test(relative(root, f)));
let passed = 0, failed = 0, skipped = 0, brokenFiles = 0;
// Repeated at the very end, where a log cut to its last lines still shows them: which file, how it ended, and the
// seed that reproduces a randomized run (FUZZ_SEED, PROPERTY_SEED, …), printed when the file started.
const failures = [];
for (const file of files) {
  const rel = relative(root, file);
  const run = spawnSync(process.execPath, ['--enable-source-maps', '--stack-size=4000', file], {
    cwd: root, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' }, maxBuffer: 64 << 20,
    timeout: FILE_TIMEOUT_MS,
  });
  const out = (run.stdout ?? '') + (run.stderr ?? '');
  const num = (label) => Number(/\s*(\S+):\s+(\d+)/.exec(out.split('\n').find((l) => l.trim().startsWith(label + ':')) ?? '')?.[2] ?? 0);
  const total = num('Total'), ok = num('Passed'), skip = num('Skipped');
  const fileFailed = run.status !== 0 || (total === 0 && skip === 0) || ok < total;
  process.stdout.write(out.endsWith('\n') || out === '' ? out : out + '\n');
  console.log(`${fileFailed ? 'FAIL' : 'ok  '} ${rel}: ${ok}/${total} passed${skip ? `, ${skip} skipped` : ''}`);
  passed += ok; skipped += skip;
  failed += Math.max(total - ok - skip, 0);
  if (fileFailed && total - ok - skip <= 0) { failed += 1; brokenFiles += 1; }
  if (fileFailed) {
    const seeds = [...new Set(out.match(/\b[A-Z]+_SEED=\d+/g) ?? [])];
    const how = run.error?.code === 'ETIMEDOUT' ? `stopped after ${FILE_TIMEOUT_MS / 60000} minutes`
      : run.signal ? `killed by ${run.signal}` : run.status !== 0 ? `exit code ${run.status}` : `${total - ok - skip} failed`;
    failures.push(`${rel}: ${how}${seeds.length > 0 ? `; reproduce with ${seeds.join(' ')}` : ''}`);
  }
}
if (files.length === 0) { console.log('no test files found under build/test'); failed += 1; }
if (brokenFiles) console.log(`${brokenFiles} test file(s) exited non-zero or ran no test`);
for (const f of failures) console.log(`failed: ${f}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
