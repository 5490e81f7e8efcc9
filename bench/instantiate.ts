// Benchmark: instantiation latency — `await engine.instantiate(module)` for a
// module with one 64 KiB page and a few KiB of data, in both memory modes,
// beside `new WebAssembly.Instance` of a precompiled module (V8) in the same
// run. Each Corral instance is released after it is measured (outside the
// timed region; release is timed on its own), so the pool recycles slots the
// way a server making a fresh instance per request does. The "no recycling"
// rows keep every instance alive instead: each is built from nothing (the
// first instances of a module, or a burst beyond the released ones).
//
//   node dist/bench/instantiate.js [--count N]      (default 20,000 per side)
//
// Target (issue 5): ≤ 2 µs median. Nothing imports this.

import { Engine } from '../src/index.js';
import { watToBinary } from '../src/wasm/text.js';
import { fmtRatio, table } from './lib/report.js';
import { recordSummary } from './lib/summary.js';
import { V8 } from './lib/v8.js';

const countArg = process.argv.indexOf('--count');
const N = countArg >= 0 ? Number(process.argv[countArg + 1]) : 20_000;
const WARMUP = Math.min(2000, N);

// A few KiB of data in two segments, and a function reading it.
const DATA = Array.from({ length: 3072 }, (_, i) => `\\${((i * 37) & 0xff).toString(16).padStart(2, '0')}`).join('');
const WAT = `(module
  (memory (export "memory") 1 1)
  (data (i32.const 16) "${DATA}")
  (data (i32.const 8192) "${DATA}")
  (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0))))`;

interface Stat { readonly median: number; readonly p99: number }

function stat(us: number[]): Stat {
  us.sort((a, b) => a - b);
  return { median: us[us.length >> 1]!, p99: us[Math.min(us.length - 1, Math.floor(us.length * 0.99))]! };
}

const fmt = (us: number) => `${us.toFixed(2)} µs`;

async function corral(memoryMode: 'guarded' | 'checked'): Promise<{ inst: Stat; release: Stat; firstCall: Stat }> {
  const engine = new Engine({ memoryMode });
  try {
    const m = await engine.compile(WAT);
    const inst: number[] = [], release: number[] = [], firstCall: number[] = [];
    for (let i = 0; i < WARMUP + N; i++) {
      const t0 = performance.now();
      const x = await engine.instantiate(m);
      const t1 = performance.now();
      if (i % 16 === 0) {
        // Now and then, also the cost of using it: exports are made on first use.
        const peek = x.exports['peek'] as (a: number) => Promise<number>;
        if ((await peek(16)) !== 0) throw new Error('data segment not seen');
        firstCall.push((performance.now() - t1) * 1000);
      }
      const t2 = performance.now();
      x.release();
      const t3 = performance.now();
      if (i >= WARMUP) {
        inst.push((t1 - t0) * 1000);
        release.push((t3 - t2) * 1000);
      }
    }
    return { inst: stat(inst), release: stat(release), firstCall: stat(firstCall) };
  } finally {
    engine.close();
  }
}

/** Without recycling: every instance new (slots carved, guest made, data laid out), all kept alive. */
async function corralCold(memoryMode: 'guarded' | 'checked', n: number): Promise<Stat> {
  const engine = new Engine({ memoryMode, maxInstances: n + 1 });
  try {
    const m = await engine.compile(WAT);
    const keep: unknown[] = [], us: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      keep.push(await engine.instantiate(m));
      us.push((performance.now() - t0) * 1000);
    }
    return stat(us);
  } finally {
    engine.close();
  }
}

function v8(bytes: Uint8Array): Stat {
  const m = new V8.Module(bytes);
  const us: number[] = [];
  for (let i = 0; i < WARMUP + N; i++) {
    const t0 = performance.now();
    const x = new V8.Instance(m, {});
    const t1 = performance.now();
    if (i >= WARMUP) us.push((t1 - t0) * 1000);
    if (x.exports['memory'] === undefined) throw new Error('no memory');
  }
  return stat(us);
}

const bytes = await watToBinary(WAT);
const v = v8(bytes);
const rows: string[][] = [['instantiate (1 page, 6 KiB data)', 'median', 'p99', 'median ÷ V8']];
rows.push(['V8 new WebAssembly.Instance', fmt(v.median), fmt(v.p99), '1.00x']);
const notes: string[] = [];
for (const mode of ['guarded', 'checked'] as const) {
  const c = await corral(mode);
  rows.push([`Corral ${mode}`, fmt(c.inst.median), fmt(c.inst.p99), fmtRatio(c.inst.median / v.median)]);
  const cold = await corralCold(mode, Math.min(N, mode === 'guarded' ? 5000 : N));
  rows.push([`Corral ${mode}, no recycling`, fmt(cold.median), fmt(cold.p99), fmtRatio(cold.median / v.median)]);
  notes.push(`Corral ${mode}: release ${fmt(c.release.median)} median / ${fmt(c.release.p99)} p99; instantiate→first call (exports made, one call) ${fmt(c.firstCall.median)} median`);
}
console.log(table(rows));
for (const n of notes) console.log(n);
console.log(`${N} instances per side after ${WARMUP} warm-up; Corral recycles released slots (ready shells, shell.ts).`);
recordSummary('Instantiation latency', rows[0]!, rows.slice(1), notes);
