/**
 * Timing a child process: wall-clock time around the spawn, and (where GNU time is installed as /usr/bin/time) the
 * CPU time (user + system, children included; from bash's `times`, to the millisecond) and peak resident memory the
 * kernel accounted to it.
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

/**
 * Runs the command under bash and has bash's `times` write its children's user and system time (the command's, in
 * milliseconds: GNU time's `%U %S` have a resolution of 10 ms, 8 % of `node -e 0`) into the file named by $1.
 */
const WITH_TIMES = '"${@:2}"; status=$?; times > "$1"; exit $status';

/** Runs `argv` once and measures it. */
export function timeProcess(argv: readonly string[], options: ProcessOptions = {}): ProcessRun {
  const stdin = options.stdinFile ? openSync(options.stdinFile, 'r') : 'ignore';
  const stdout = options.stdoutFile ? openSync(options.stdoutFile, 'w') : 'ignore';
  const usageFile = join(tmpdir(), `inject-sidecar-bench-usage-${process.pid}.txt`);
  const timesFile = join(tmpdir(), `inject-sidecar-bench-times-${process.pid}.txt`);
  const measured = hasGnuTime() ? [GNU_TIME, '-f', '%U %S %M', '-o', usageFile, 'bash', '-c', WITH_TIMES, 'bash', timesFile, ...argv] : [...argv];
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
      cpuMs = childrenCpuMs(timesFile) ?? cpuMs;
    }
    return { wallMs, cpuMs, maxRssKiB, status: run.status, stderr: run.stderr ?? '' };
  } finally {
    if (typeof stdin === 'number') closeSync(stdin);
    if (typeof stdout === 'number') closeSync(stdout);
    rmSync(timesFile, { force: true });
  }
}

/** The children's user + system time from bash's `times` output (its second line: `0m0.351s 0m0.042s`), in ms. */
function childrenCpuMs(timesFile: string): number | undefined {
  if (!existsSync(timesFile)) return undefined;
  const children = readFileSync(timesFile, 'utf8').trim().split('\n')[1] ?? '';
  const parts = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60_000 + Number(m[2]) * 1000);
  return parts.length === 2 && parts.every(Number.isFinite) ? (parts[0] as number) + (parts[1] as number) : undefined;
}
