// A reader that closes stdout early (`inject-sidecar x.yaml | head`) ends the run quietly with exit code 141, as a
// Unix tool killed by SIGPIPE does: no unhandled 'error' event, no stack trace, nothing on stderr. Real runs of the
// Node bundle and of functions/inject.ts under Deno, through a real pipe into `head`.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBundle } from '../examples/bundle.ts';
import { denoWrapper, findDeno } from '../examples/deno.ts';
import { tempDir } from '../fixtures/krm/support.ts';

const ClosedPipe = suite('closed pipe: the reader of stdout goes away early');

let dir = '';
let input = '';

ClosedPipe.before(() => {
  dir = tempDir('closed-pipe');
  // About 2 MB of output, far more than a pipe holds, so that the writer meets the closed pipe.
  const items: string[] = [];
  for (let i = 0; i < 8000; i++) {
    items.push(`- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: cm-${i}\n  data:\n    key: "${'x'.repeat(200)}"\n`);
  }
  input = join(dir, 'input.yaml');
  writeFileSync(input, `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items.join('')}`);
});

ClosedPipe.after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs `command args… < input 2> stderr | head -c 64`: the command's exit status and its stderr. */
function throughHead(command: readonly string[]): { status: number; stderr: string; head: string } {
  const stderrFile = join(dir, 'stderr.txt');
  const script = '"$@" < "$IN" 2> "$ERR" | head -c 64; status=${PIPESTATUS[0]}; echo; echo "status=$status"';
  const run = spawnSync('bash', ['-c', script, 'bash', ...command], { encoding: 'utf8', env: { ...process.env, IN: input, ERR: stderrFile } });
  const status = /status=(\d+)/.exec(run.stdout);
  assert.ok(status, `no status from bash: ${run.stdout} ${run.stderr}`);
  return { status: Number(status[1]), stderr: readFileSync(stderrFile, 'utf8'), head: run.stdout };
}

ClosedPipe('Node bundle: exit 141, nothing on stderr, the head of the output delivered', () => {
  const run = throughHead([process.execPath, ensureBundle()]);
  assert.ok(run.head.startsWith('apiVersion: config.kubernetes.io/v1'), run.head);
  assert.is(run.stderr, '');
  assert.is(run.status, 141);
});

ClosedPipe('Deno from source: exit 141, nothing on stderr', () => {
  const deno = findDeno();
  if (!deno) {
    console.error('SKIP closed pipe under Deno: no deno binary (PATH, node_modules/.bin or $DENO_BIN)');
    return;
  }
  const wrapper = denoWrapper(deno, dir, 'inject-sidecar-deno', []);
  const run = throughHead([wrapper]);
  assert.ok(run.head.startsWith('apiVersion: config.kubernetes.io/v1'), run.head);
  assert.is(run.stderr, '');
  assert.is(run.status, 141);
});

ClosedPipe.run();
