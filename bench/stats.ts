/** Timing helpers for benchmarks: medians of repeated runs, never single measurements. */

/** Runs `fn` `warmup` times, then `runs` samples of `batch` calls each; returns per-call times in microseconds. */
export function sample(fn: () => unknown, options: { runs: number; batch: number; warmup: number }): number[] {
  for (let i = 0; i < options.warmup; i++) fn();
  const out: number[] = [];
  for (let r = 0; r < options.runs; r++) {
    const start = performance.now();
    for (let i = 0; i < options.batch; i++) fn();
    out.push(((performance.now() - start) * 1000) / options.batch);
  }
  return out;
}

/**
 * As `sample`, but measuring the process's CPU time (user + system) instead of wall-clock time: on a shared machine
 * the wall clock also counts time other tenants hold the core, which moves a median by 2× on the same code.
 */
export function sampleCpu(fn: () => unknown, options: { runs: number; batch: number; warmup: number }): number[] {
  for (let i = 0; i < options.warmup; i++) fn();
  const out: number[] = [];
  for (let r = 0; r < options.runs; r++) {
    const start = process.cpuUsage();
    for (let i = 0; i < options.batch; i++) fn();
    const used = process.cpuUsage(start);
    out.push((used.user + used.system) / options.batch);
  }
  return out;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function fmtMicros(us: number): string {
  return us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(1)} µs`;
}
