/** The Deno host (Deno 2): Deno.stdin.readable, Deno.stdout.write until every byte is written, Deno.exitCode. */
import { OutputClosedError, ignoringClosedOutput, type Host, type PathKind } from './host.ts';
import { readAllText } from './stream.ts';

/** The part of the Deno namespace we use (declared here so that the project type-checks without Deno's types). */
interface DenoWriter {
  write(bytes: Uint8Array): Promise<number>;
}

interface DenoApi {
  readonly args: readonly string[];
  readonly stdin: { readonly readable: ReadableStream<Uint8Array> };
  readonly stdout: DenoWriter;
  readonly stderr: DenoWriter;
  readTextFile(path: string): Promise<string>;
  writeTextFile(path: string, text: string): Promise<void>;
  stat(path: string): Promise<{ readonly isFile: boolean; readonly isDirectory: boolean }>;
  readDir(path: string): AsyncIterable<{ readonly name: string }>;
  cwd(): string;
  exitCode: number;
  readonly errors: { readonly NotFound: new (...args: never[]) => Error; readonly BrokenPipe: new (...args: never[]) => Error };
}

/** The Deno namespace when running under Deno. */
export function denoApi(): DenoApi | undefined {
  return (globalThis as { Deno?: DenoApi }).Deno;
}

export function createDenoHost(deno: DenoApi): Host {
  const encoder = new TextEncoder();
  const closed = new Set<DenoWriter>();
  const writeAll = async (writer: DenoWriter, text: string): Promise<void> => {
    if (closed.has(writer)) throw new OutputClosedError();
    let bytes = encoder.encode(text);
    try {
      while (bytes.length > 0) bytes = bytes.subarray(await writer.write(bytes));
    } catch (error) {
      // The reader has gone (a closed pipe): see OutputClosedError.
      if (!(error instanceof deno.errors.BrokenPipe)) throw error;
      closed.add(writer);
      throw new OutputClosedError();
    }
  };
  return {
    args: deno.args,
    readStdin: () => readAllText(deno.stdin.readable),
    writeStdout: (text) => writeAll(deno.stdout, text),
    writeStderr: (text) => ignoringClosedOutput(writeAll(deno.stderr, text)),
    readFile: (path) => deno.readTextFile(path),
    writeFile: (path, text) => deno.writeTextFile(path, text),
    async pathKind(path): Promise<PathKind> {
      try {
        const info = await deno.stat(path);
        return info.isFile ? 'file' : info.isDirectory ? 'directory' : 'other';
      } catch (error) {
        if (error instanceof deno.errors.NotFound) return 'missing';
        throw error;
      }
    },
    async listDir(path) {
      const names: string[] = [];
      for await (const entry of deno.readDir(path)) names.push(entry.name);
      return names;
    },
    resolvePath: (path) => resolvePosix(deno.cwd(), path),
    setExitCode(code) {
      deno.exitCode = code;
    },
  };
}

/** `cwd` + `path`, with `.` and `..` resolved (POSIX separators; Windows drive paths are taken as absolute). */
function resolvePosix(cwd: string, path: string): string {
  const absolute = path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path);
  const parts: string[] = [];
  for (const segment of (absolute ? path : `${cwd}/${path}`).split(/[\\/]+/)) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') parts.pop();
    else parts.push(segment);
  }
  const joined = parts.join('/');
  return /^[A-Za-z]:$/.test(parts[0] ?? '') ? joined : `/${joined}`;
}
