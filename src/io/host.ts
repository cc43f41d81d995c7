/**
 * What the CLI needs from its runtime. Two implementations: `node.ts` and `deno.ts`; `cli.ts` picks one.
 * Everything above this interface (main.ts, fs.ts and the whole core) is runtime-neutral.
 */
export type PathKind = 'file' | 'directory' | 'missing' | 'other';

export interface Host {
  /** The command-line arguments after the program name. */
  readonly args: readonly string[];
  /** Reads all of stdin as UTF-8 text. */
  readStdin(): Promise<string>;
  /**
   * Writes text to stdout; resolves once the runtime has taken all of it (backpressure respected). Rejects with
   * OutputClosedError once the reader has gone (`inject-sidecar x.yaml | head`), and for every later write.
   */
  writeStdout(text: string): Promise<void>;
  writeStderr(text: string): Promise<void>;
  readFile(path: string): Promise<string>;
  writeFile(path: string, text: string): Promise<void>;
  /** What is at `path` (symbolic links followed). */
  pathKind(path: string): Promise<PathKind>;
  /** The names in a directory (not sorted). */
  listDir(path: string): Promise<string[]>;
  /** The absolute, normalized form of a path (relative to the working directory). */
  resolvePath(path: string): string;
  /** Sets the exit code the process ends with; the process ends once output is flushed. */
  setExitCode(code: number): void;
}

/**
 * The reader of stdout has gone (a closed pipe): the rest of the output has nowhere to go. cli.ts ends the run
 * quietly with exit code 141, as a Unix tool killed by SIGPIPE does, so that `set -o pipefail` still sees it.
 */
export class OutputClosedError extends Error {
  constructor() {
    super('stdout was closed by its reader');
    this.name = 'OutputClosedError';
  }
}

/** The exit code of a run whose stdout was closed by its reader (128 + SIGPIPE). */
export const OUTPUT_CLOSED_EXIT_CODE = 141;

/**
 * A stderr write that ends quietly when stderr's reader has gone too: nothing to report, and nowhere to report it.
 * Both hosts' writeStderr go through it.
 */
export function ignoringClosedOutput(write: Promise<void>): Promise<void> {
  return write.catch((error: unknown) => {
    if (!(error instanceof OutputClosedError)) throw error;
  });
}
