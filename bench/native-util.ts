// Timing helpers and the V8 handle shared by the bench/native-*.ts benchmarks.
// V8 is the rival here, never part of Corral. Nothing in src/ imports this.

/** Node's WebAssembly, typed just enough for the comparisons (no WebAssembly typings in the project). */
export const V8 = (globalThis as unknown as {
  WebAssembly: {
    Module: new (bytes: Uint8Array) => object;
    Instance: new (module: object, imports?: object) => { exports: Record<string, unknown> };
    Memory: new (d: { initial: number }) => { buffer: ArrayBuffer };
  };
}).WebAssembly;

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

export interface Timing {
  /** Median nanoseconds per operation over the batches: the figure to compare. */
  readonly median: number;
  /** Fastest batch: what the code costs when the (shared) machine leaves it alone. */
  readonly best: number;
}

/** Nanoseconds per operation over `batches` batches of `ops` calls of f (after one warm-up batch). */
export function nsPerOp(batches: number, ops: number, f: (ops: number) => void): Timing {
  f(ops);
  const per: number[] = [];
  for (let b = 0; b < batches; b++) {
    const t0 = process.hrtime.bigint();
    f(ops);
    per.push(Number(process.hrtime.bigint() - t0) / ops);
  }
  return { median: median(per), best: Math.min(...per) };
}

export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ')).join('\n');
}

export const fmt = (ns: number): string => (ns >= 1000 ? `${(ns / 1000).toFixed(2)} µs` : `${ns.toFixed(1)} ns`);

/** Cells for one measured row: median, best batch, and the median relative to a reference median. */
export function cells(t: Timing, ref: Timing): string[] {
  return [fmt(t.median), fmt(t.best), `${(t.median / ref.median).toFixed(2)}x`];
}
