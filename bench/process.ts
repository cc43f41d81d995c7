/**
 * Timing a child process: wall-clock time around the spawn, and (where GNU time is installed as /usr/bin/time) the
 * CPU time (user + system, children included) and peak resident memory the kernel accounted to it.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ProcessRun {
  readonly wallMs: number;
  /** User + system CPU time; undefined without GNU time. */
  readonly cpuMs: number | undefined;
  /** Peak resident set size in KiB; undefined without GNU time. */
  readonly maxRssKiB: number | undefined;
  readonly status: number | null;
  readonly stderr: string;
}

export interface ProcessOptions {
  /** A file to connect to stdin (else stdin is empty). */
  readonly stdinFile?: string;
  /** A file to write stdout into (else stdout is discarded). */
  readonly stdoutFile?: string;
  readonly cwd?: string;
}

const GNU_TIME = '/usr/bin/time';
let gnuTime: boolean | undefined;

/** Whether /usr/bin/time is GNU time (`-f`, `-o`). */
export function hasGnuTime(): boolean {
  gnuTime ??= existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-f', '%U', '-o', '/dev/null', 'true']).status === 0;
  return gnuTime;
}

/** Runs `argv` once and measures it. */
export function timeProcess(argv: readonly string[], options: ProcessOptions = {}): ProcessRun {
  const stdin = options.stdinFile ? openSync(options.stdinFile, 'r') : 'ignore';
  const stdout = options.stdoutFile ? openSync(options.stdoutFile, 'w') : 'ignore';
  const usageFile = join(tmpdir(), `inject-sidecar-bench-usage-${process.pid}.txt`);
  const measured = hasGnuTime() ? [GNU_TIME, '-f', '%U %S %M', '-o', usageFile, ...argv] : [...argv];
  try {
    const started = performance.now();
    const run = spawnSync(measured[0]!, measured.slice(1), { stdio: [stdin, stdout, 'pipe'], cwd: options.cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
    const wallMs = performance.now() - started;
    let cpuMs: number | undefined;
    let maxRssKiB: number | undefined;
    if (hasGnuTime() && existsSync(usageFile)) {
      const last = readFileSync(usageFile, 'utf8').trim().split('\n').pop() ?? '';
      const [user, system, rss] = last.split(' ').map(Number);
      if (user !== undefined && system !== undefined && Number.isFinite(user + system)) cpuMs = (user + system) * 1000;
      if (rss !== undefined && Number.isFinite(rss)) maxRssKiB = rss;
      rmSync(usageFile, { force: true });
    }
    return { wallMs, cpuMs, maxRssKiB, status: run.status, stderr: run.stderr ?? '' };
  } finally {
    if (typeof stdin === 'number') closeSync(stdin);
    if (typeof stdout === 'number') closeSync(stdout);
  }
}
