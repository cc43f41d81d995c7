/** Timing helpers for benchmarks: medians of repeated runs, never single measurements. */

/**
 * A fixed piece of JavaScript work (map updates and string building, about 100 µs of CPU on an idle development
 * machine), timed next to a figure so that a report can say how fast the machine ran while it was measured: on a
 * shared host, a busy neighbour slows every CPU figure, this loop included, by up to 2×.
 */
export function calibrationLoop(): number {
  const m = new Map<string, number>();
  let s = '';
  for (let i = 0; i < 2000; i++) {
    m.set(`k${i % 100}`, i);
    s += String.fromCharCode(97 + (i % 26));
  }
  return s.length + m.size;
}

/** One function to time, called `batch` times per sample. */
export interface Subject {
  readonly fn: () => unknown;
  readonly batch: number;
}

/** Per-call times of one subject in microseconds, one entry per sample: wall clock and process CPU (user + system). */
export interface Samples {
  readonly wall: number[];
  readonly cpu: number[];
}

/**
 * Times several subjects interleaved: each sample runs one batch of every subject in turn, so that a figure and
 * its baseline (and the calibration loop) see the same machine state. Wall clock counts time other tenants hold
 * the core; CPU time does not, which is why the targets are judged on CPU. Each subject first runs `warmup` times.
 */
export function sampleInterleaved(subjects: readonly Subject[], options: { runs: number; warmup: number }): Samples[] {
  for (const { fn } of subjects) for (let i = 0; i < options.warmup; i++) fn();
  const out = subjects.map((): Samples => ({ wall: [], cpu: [] }));
  for (let r = 0; r < options.runs; r++) {
    subjects.forEach(({ fn, batch }, k) => {
      const wallStart = performance.now();
      const cpuStart = process.cpuUsage();
      for (let i = 0; i < batch; i++) fn();
      const used = process.cpuUsage(cpuStart);
      const samples = out[k] as Samples;
      samples.wall.push(((performance.now() - wallStart) * 1000) / batch);
      samples.cpu.push((used.user + used.system) / batch);
    });
  }
  return out;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The median of a[i] / b[i], for samples taken side by side by sampleInterleaved: each pair saw the same machine. */
export function pairedRatio(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || a.length !== b.length) throw new Error(`paired samples of different lengths: ${a.length} and ${b.length}`);
  return median(a.map((x, i) => x / (b[i] as number)));
}

export function fmtMicros(us: number): string {
  return us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(1)} µs`;
}
