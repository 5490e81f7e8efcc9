// Clocks for benchmarks: each timed run records both wall time (hrtime: what a
// caller waits) and process CPU time (user + system of every thread: what the
// machine spends, and less disturbed by other processes on a shared machine).
// Warm-up runs come first and are not recorded. Nothing in src/ imports bench/.

import { summarize, type Summary } from './stats.js';

export interface Samples {
  readonly wallMs: number[];
  readonly cpuMs: number[];
}

export type Clock = keyof Samples;

function stamp(): { wall: bigint; cpu: NodeJS.CpuUsage } {
  return { wall: process.hrtime.bigint(), cpu: process.cpuUsage() };
}

function record(into: Samples, start: { wall: bigint; cpu: NodeJS.CpuUsage }): void {
  const cpu = process.cpuUsage(start.cpu);
  into.wallMs.push(Number(process.hrtime.bigint() - start.wall) / 1e6);
  into.cpuMs.push((cpu.user + cpu.system) / 1000);
}

/** `warmup` unrecorded calls of f, then `runs` timed ones; `prepare` (untimed) runs before every call. */
export function measure(runs: number, warmup: number, f: () => void, prepare?: () => void): Samples {
  for (let i = 0; i < warmup; i++) { prepare?.(); f(); }
  const out: Samples = { wallMs: [], cpuMs: [] };
  for (let i = 0; i < runs; i++) {
    prepare?.();
    const t = stamp();
    f();
    record(out, t);
  }
  return out;
}

export async function measureAsync(runs: number, warmup: number, f: () => Promise<unknown>): Promise<Samples> {
  for (let i = 0; i < warmup; i++) await f();
  const out: Samples = { wallMs: [], cpuMs: [] };
  for (let i = 0; i < runs; i++) {
    const t = stamp();
    await f();
    record(out, t);
  }
  return out;
}

/** One timed call, no warm-up: what a server pays the first time. */
export function once(f: () => void): Samples {
  return measure(1, 0, f);
}

/** Nanoseconds per operation (wall clock) in each of `batches` batches of `ops` calls of f, after one warm-up batch. */
export function nsPerOp(batches: number, ops: number, f: (ops: number) => void): Summary {
  return summarize(measure(batches, 1, () => f(ops)).wallMs.map((ms) => (ms * 1e6) / ops));
}

/** Per-run rates: `amount` (e.g. MB) per second of each run's `ms`. */
export function perSecond(amount: number, ms: readonly number[]): number[] {
  return ms.map((t) => amount / (t / 1000));
}
