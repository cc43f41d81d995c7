// How the Node bundle reads stdin and writes stdout: blocking calls on fds 0 and 1 (no process.stdin or
// process.stdout, whose streams cost start-up time), and the streams for the rest when an fd is non-blocking (EAGAIN).
// Real runs of the bundle, the input fed in pieces with pauses between them through a blocking pipe (from Node) and
// through non-blocking ones (from Python, where present, which also reads the output late, so that the pipe fills);
// the output must be the same as from a file, and bytes that are not UTF-8 (split between two pieces) still fail
// with the usual message.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { openSync, closeSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBundle } from '../examples/bundle.ts';
import { tempDir } from '../fixtures/krm/support.ts';

const Stdin = suite('stdin and stdout: files, pipes fed slowly, non-blocking pipes');

let dir = '';
let inputFile = '';
let input = new Uint8Array();
let expected = '';

Stdin.before(() => {
  dir = tempDir('stdin');
  const items: string[] = [];
  for (let i = 0; i < 400; i++) items.push(`- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: cm-${i}\n  data:\n    key: "${'é'.repeat(100)}"\n`);
  const deployment =
    '- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: web\n  spec:\n    selector:\n      matchLabels: {app: web}\n' +
    '    template:\n      metadata:\n        labels: {app: web}\n      spec:\n        containers:\n        - name: web\n          image: nginx\n';
  input = new TextEncoder().encode(`apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${deployment}${items.join('')}`);
  inputFile = join(dir, 'input.yaml');
  writeFileSync(inputFile, input);
  const fd = openSync(inputFile, 'r');
  try {
    const run = spawnSync(process.execPath, [ensureBundle()], { stdio: [fd, 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20 });
    assert.is(run.status, 0, run.stderr);
    expected = run.stdout;
  } finally {
    closeSync(fd);
  }
  assert.ok(expected.includes('istio-proxy'), 'the Deployment was not injected');
});

Stdin.after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Python 3, which can hand a child a non-blocking pipe (Node's and Go's process spawning make stdio blocking). */
const python = ((): string | undefined => {
  const probe = spawnSync('python3', ['-c', 'import os; print(hasattr(os, "set_blocking"))'], { encoding: 'utf8' });
  return probe.status === 0 && probe.stdout.trim() === 'True' ? 'python3' : undefined;
})();

/**
 * Feeds argv[1] (a file) to the command argv[3:] in argv[2] pieces through a non-blocking pipe, pausing between them,
 * and takes its stdout through another non-blocking pipe, read only after a pause (so that it fills up).
 */
const NON_BLOCKING_FEEDER = `
import os, subprocess, sys, threading, time
data = open(sys.argv[1], 'rb').read()
pieces = int(sys.argv[2])
r, w = os.pipe()
os.set_blocking(r, False)
out_r, out_w = os.pipe()
os.set_blocking(out_w, False)
child = subprocess.Popen(sys.argv[3:], stdin=r, stdout=out_w)
os.close(r)
os.close(out_w)
chunks = []
def drain():
    # Long enough for the run to have written: a full pipe then makes its writes fail with EAGAIN.
    time.sleep(3.0)
    while True:
        chunk = os.read(out_r, 65536)
        if not chunk:
            break
        chunks.append(chunk)
reader = threading.Thread(target=drain)
reader.start()
size = -(-len(data) // pieces)
for at in range(0, len(data), size):
    time.sleep(0.15)
    os.write(w, data[at:at + size])
os.close(w)
status = child.wait()
reader.join()
sys.stdout.buffer.write(b''.join(chunks))
sys.exit(status)
`;

/**
 * Runs the bundle with bytes fed to its stdin in pieces, pausing between them, through a blocking pipe (from Node) or
 * a non-blocking one (from Python).
 */
function fedInPieces(bytes: Uint8Array, pieces: number, nonBlocking: boolean): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const bundle = ensureBundle();
  if (nonBlocking) {
    const file = join(dir, 'fed.bin');
    writeFileSync(file, bytes);
    const run = spawnSync(python as string, ['-c', NON_BLOCKING_FEEDER, file, String(pieces), process.execPath, bundle], { encoding: 'utf8', maxBuffer: 64 << 20 });
    return Promise.resolve({ status: run.status, stdout: run.stdout, stderr: run.stderr });
  }
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [bundle], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
    const size = Math.ceil(bytes.length / pieces);
    let at = 0;
    const feed = (): void => {
      if (at >= bytes.length) {
        child.stdin.end();
        return;
      }
      child.stdin.write(bytes.subarray(at, at + size));
      at += size;
      setTimeout(feed, 150);
    };
    setTimeout(feed, 150);
  });
}

Stdin('a blocking pipe fed in pieces: the same output as from a file', async () => {
  const run = await fedInPieces(input, 4, false);
  assert.is(run.status, 0, run.stderr);
  assert.ok(run.stdout === expected, 'the output differs from the run reading a file');
});

Stdin('non-blocking pipes, stdin fed in pieces and stdout read late: process.stdin and process.stdout take over, the same output', async () => {
  if (python === undefined) {
    console.error('SKIP stdin through a non-blocking pipe: no python3 with os.set_blocking to make one');
    return;
  }
  const run = await fedInPieces(input, 4, true);
  assert.is(run.status, 0, run.stderr);
  assert.ok(run.stdout === expected, 'the output differs from the run reading a file');
});

Stdin('bytes that are not UTF-8, split between two pieces, fail as before on both kinds of pipe', async () => {
  const head = new TextEncoder().encode('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf');
  const bytes = new Uint8Array([...head, 0xc3, 0x28, 0x0a]);
  for (const nonBlocking of python === undefined ? [false] : [false, true]) {
    const run = await fedInPieces(bytes, 2, nonBlocking);
    assert.is(run.status, 1, `non-blocking ${nonBlocking}: ${run.stderr}`);
    assert.ok(run.stderr.includes('Cannot read input: it is not valid UTF-8'), run.stderr);
    assert.is(run.stdout, '');
  }
});

Stdin.run();
