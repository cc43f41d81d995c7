/** The Node host: stdin read and stdout and stderr written with blocking calls on fds 0-2 (process.stdin and the others only when an fd is non-blocking: their streams cost start-up time), exitCode (no exit()). */
import { resolve } from 'node:path';
import process from 'node:process';
import { readSync, writeSync } from 'node:fs';
import { OutputClosedError, ignoringClosedOutput, type Host, type PathKind } from './host.ts';
import { readAllText } from './stream.ts';

/** node:fs/promises on first use: a KRM run (stdin to stdout) never touches files, and loading it costs start-up time. */
const fs = (): Promise<typeof import('node:fs/promises')> => import('node:fs/promises');

export function createNodeHost(): Host {
  return {
    args: process.argv.slice(2),
    readStdin: async () => {
      const start = readBlocking(STDIN_FD);
      const text = await readAllText(start.complete ? start.chunks : followedBy(start.chunks, process.stdin));
      if (text.length > LARGE_INPUT) await keepHeapNearLiveSize();
      return text;
    },
    writeStdout: (text) => stdout.write(text),
    writeStderr: (text) => ignoringClosedOutput(stderr.write(text)),
    readFile: async (path) => (await fs()).readFile(path, 'utf8'),
    writeFile: async (path, text) => (await fs()).writeFile(path, text, 'utf8'),
    pathKind,
    listDir: async (path) => (await fs()).readdir(path),
    resolvePath: (path) => resolve(path),
    setExitCode(code) {
      process.exitCode = code;
    },
  };
}

const STDIN_FD = 0;
const READ_CHUNK = 1 << 20;

/**
 * Reads fd to its end with blocking reads, without process.stdin: Node loads its stream classes (and for a pipe
 * `net`) on first use of process.stdin, ~10-15 ms of CPU at every start. complete is false when a read failed
 * (EAGAIN when fd is non-blocking, or any other error): the stream then reads the rest, or reports the error.
 */
function readBlocking(fd: number): { chunks: Uint8Array[]; complete: boolean } {
  const chunks: Uint8Array[] = [];
  const buffer = new Uint8Array(READ_CHUNK);
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, buffer, 0, buffer.length, null);
    } catch {
      return { chunks, complete: false };
    }
    if (n === 0) return { chunks, complete: true };
    chunks.push(buffer.slice(0, n));
  }
}

async function* followedBy(first: readonly Uint8Array[], rest: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield* first;
  yield* rest;
}

/** Inputs above this size (about 3,000 Deployments) get the heap tuning below. */
const LARGE_INPUT = 8 * 1024 * 1024;

/**
 * A run holds its input once and lets it go item by item (src/krm/processor.ts); by default V8 lets the heap grow to
 * two or three times what is live before collecting, which took a 10,000-workload run to 1.9 GB. Growing by 15 % keeps
 * it under 1 GiB, at the price of more collections, so only for large inputs (docs/PERFORMANCE.md).
 */
async function keepHeapNearLiveSize(): Promise<void> {
  // Loaded here, not at start-up: node:v8 takes ~5 ms to load, and small runs never need it.
  const { setFlagsFromString } = await import('node:v8');
  setFlagsFromString('--heap-growing-percent=15');
}

/**
 * Output to fd 1 or 2 by blocking writes, without process.stdout or process.stderr, which make Node load a stream
 * (for a pipe, `net`) at every start; nothing is created for an empty write. When the fd is non-blocking and full
 * (EAGAIN), the rest of that write and every later one go through the process's stream (writeAll), in order.
 */
class BlockingOutput {
  readonly #fd: number;
  readonly #stream: () => NodeJS.WriteStream;
  #closed = false;
  #viaStream = false;

  constructor(fd: number, stream: () => NodeJS.WriteStream) {
    this.#fd = fd;
    this.#stream = stream;
  }

  async write(text: string): Promise<void> {
    if (this.#closed) throw new OutputClosedError();
    if (text === '') return;
    if (this.#viaStream) return writeAll(this.#stream(), text);
    const bytes = Buffer.from(text, 'utf8');
    for (let at = 0; at < bytes.length; ) {
      try {
        at += writeSync(this.#fd, bytes, at, bytes.length - at);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') {
          this.#closed = true;
          throw new OutputClosedError();
        }
        if (code !== 'EAGAIN') throw error;
        this.#viaStream = true;
        return writeAll(this.#stream(), bytes.subarray(at));
      }
    }
  }
}

const stdout = new BlockingOutput(1, () => process.stdout);
const stderr = new BlockingOutput(2, () => process.stderr);

/** Streams whose reader has gone (EPIPE): later writes to them are refused at once. */
const closed = new WeakSet<NodeJS.WriteStream>();
/** Streams with the lasting 'error' listener below. */
const watched = new WeakSet<NodeJS.WriteStream>();

/**
 * Writes and waits for the write callback, which Node calls once the chunk has been handed over (after a `drain`
 * when the buffer was full), so a large output is never cut short by the process ending. A closed pipe rejects with
 * OutputClosedError; the stream keeps a listener for its 'error' event, which Node emits after the callback, so that
 * a closed pipe never ends the process with an unhandled error and a stack trace.
 */
function writeAll(stream: NodeJS.WriteStream, text: string | Uint8Array): Promise<void> {
  if (closed.has(stream)) return Promise.reject(new OutputClosedError());
  if (text.length === 0) return Promise.resolve();
  if (!watched.has(stream)) {
    watched.add(stream);
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') closed.add(stream);
      // Any other error reaches the pending write's callback, which rejects with it.
    });
  }
  return new Promise((done, fail) => {
    stream.write(text, (error) => {
      if (!error) return done();
      if ((error as NodeJS.ErrnoException).code === 'EPIPE') {
        closed.add(stream);
        fail(new OutputClosedError());
      } else {
        fail(error);
      }
    });
  });
}

async function pathKind(path: string): Promise<PathKind> {
  try {
    const info = await (await fs()).stat(path);
    if (info.isFile()) return 'file';
    if (info.isDirectory()) return 'directory';
    return 'other';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return 'missing';
    throw error;
  }
}
