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
// A second table does the same for modules carrying a large data image (1 MiB
// and 16 MiB of non-zero data in one active segment): Corral maps the image
// copy-on-write (memory-image.ts), so its instantiation should not grow with
// the data's size, while V8 copies the bytes at every instantiation. Because
// copy-on-write defers work to the first touch of each page, the table also
// shows "instantiate + touch": instantiation followed by a call that reads one
// byte of every 4 KiB page of the image, the cost a request that uses all its
// data pays either way.
//
//   node dist/bench/instantiate.js [--count N] [--sizes 1,16]   (MiB; --sizes '' skips the table)
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
const sizesArg = process.argv.indexOf('--sizes');
const SIZES_MIB = (sizesArg >= 0 ? process.argv[sizesArg + 1]! : '1,16').split(',').filter((x) => x !== '').map(Number);

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

async function corral(memoryMode: 'guarded' | 'checked', source: string | Uint8Array = WAT, n = N, warmup = WARMUP): Promise<{ inst: Stat; release: Stat; firstCall: Stat }> {
  const engine = new Engine({ memoryMode });
  try {
    const m = await engine.compile(source);
    const inst: number[] = [], release: number[] = [], firstCall: number[] = [];
    for (let i = 0; i < warmup + n; i++) {
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
      if (i >= warmup) {
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
async function corralCold(memoryMode: 'guarded' | 'checked', n: number, source: string | Uint8Array = WAT): Promise<Stat> {
  const engine = new Engine({ memoryMode, maxInstances: n + 1 });
  try {
    const m = await engine.compile(source);
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

function v8(bytes: Uint8Array, n = N, warmup = WARMUP): Stat {
  const m = new V8.Module(bytes);
  const us: number[] = [];
  for (let i = 0; i < warmup + n; i++) {
    const t0 = performance.now();
    const x = new V8.Instance(m, {});
    const t1 = performance.now();
    if (i >= warmup) us.push((t1 - t0) * 1000);
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

// ---------------------------------------------------------------- large data images

const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
};
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
};
const section = (id: number, body: number[] | Uint8Array): number[] => [id, ...uleb(body.length), ...body];
const DATA_OFFSET = 1024;

/**
 * A module whose one active segment puts `bytes` of non-zero data at
 * DATA_OFFSET (so no page of the image is all zeros), with `peek(addr)` and
 * `touch()`, which reads one byte of every 4 KiB page of the data and sums them.
 * Assembled here: the data is too large to pass through WAT text quickly.
 */
function dataModule(bytes: number): Uint8Array {
  const pages = Math.ceil((DATA_OFFSET + bytes) / 65536);
  const end = DATA_OFFSET + bytes;
  const peek = [0, 0x20, 0, 0x2d, 0, 0, 0x0b];
  const touch = [1, 2, 0x7f,
    0x41, ...sleb(DATA_OFFSET), 0x21, 0,
    0x03, 0x40,
    0x20, 1, 0x20, 0, 0x2d, 0, 0, 0x6a, 0x21, 1,
    0x20, 0, 0x41, ...sleb(4096), 0x6a, 0x22, 0,
    0x41, ...sleb(end), 0x49, 0x0d, 0,
    0x0b, 0x20, 1, 0x0b];
  const name = (s: string) => [...uleb(s.length), ...Buffer.from(s)];
  const data = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) data[i] = (Math.imul(i, 0x9e3779b1) >>> 24) | 1;
  const seg = [1, 0, 0x41, ...sleb(DATA_OFFSET), 0x0b, ...uleb(bytes)];
  const out = [
    0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, [2, 0x60, 1, 0x7f, 1, 0x7f, 0x60, 0, 1, 0x7f]),
    ...section(3, [2, 0, 1]),
    ...section(5, [1, 1, ...uleb(pages), ...uleb(pages)]),
    ...section(7, [3, ...name('memory'), 2, 0, ...name('peek'), 0, 0, ...name('touch'), 0, 1]),
    ...section(10, [2, ...uleb(peek.length), ...peek, ...uleb(touch.length), ...touch]),
  ];
  const head = Uint8Array.from([...out, 11, ...uleb(seg.length + bytes), ...seg]);
  const all = new Uint8Array(head.length + bytes);
  all.set(head);
  all.set(data, head.length);
  return all;
}

/** Instantiation, then touch(): each sample is the sum (the instance released outside the clock). */
async function corralTouch(memoryMode: 'guarded' | 'checked', bytes: Uint8Array, n: number): Promise<Stat> {
  const engine = new Engine({ memoryMode });
  try {
    const m = await engine.compile(bytes);
    const us: number[] = [];
    for (let i = 0; i < n + 3; i++) {
      const t0 = performance.now();
      const x = await engine.instantiate(m);
      const sum = await (x.exports['touch'] as () => Promise<number>)();
      const t1 = performance.now();
      if (sum === 0) throw new Error('touch saw no data');
      x.release();
      if (i >= 3) us.push((t1 - t0) * 1000);
    }
    return stat(us);
  } finally {
    engine.close();
  }
}

function v8Touch(bytes: Uint8Array, n: number): Stat {
  const m = new V8.Module(bytes);
  const us: number[] = [];
  for (let i = 0; i < n + 3; i++) {
    const t0 = performance.now();
    const x = new V8.Instance(m, {});
    const sum = (x.exports['touch'] as () => number)();
    const t1 = performance.now();
    if (sum === 0) throw new Error('touch saw no data');
    if (i >= 3) us.push((t1 - t0) * 1000);
  }
  return stat(us);
}

if (SIZES_MIB.length > 0) {
  const big: string[][] = [['instantiate (large data image)', 'median', 'p99', 'median ÷ V8']];
  const bigNotes: string[] = [];
  for (const mib of SIZES_MIB) {
    const bytes = dataModule(mib * 1024 * 1024);
    // Fewer samples for larger images: V8 copies every byte at each instantiation.
    const n = Math.max(50, Math.min(N, Math.round(4000 / mib)));
    const cold = Math.max(20, Math.min(n, Math.round(512 / mib)));
    const vv = v8(bytes, n, 5);
    big.push([`V8 new WebAssembly.Instance, ${mib} MiB`, fmt(vv.median), fmt(vv.p99), '1.00x']);
    for (const mode of ['guarded', 'checked'] as const) {
      const c = await corral(mode, bytes, n, 5);
      big.push([`Corral ${mode}, ${mib} MiB`, fmt(c.inst.median), fmt(c.inst.p99), fmtRatio(c.inst.median / vv.median)]);
      // A recycled instance is reset when it is released (shell.ts): that is where an image copy would hide.
      big.push([`Corral ${mode}, ${mib} MiB, its release`, fmt(c.release.median), fmt(c.release.p99), fmtRatio(c.release.median / vv.median)]);
      const cc = await corralCold(mode, cold, bytes);
      big.push([`Corral ${mode}, ${mib} MiB, no recycling`, fmt(cc.median), fmt(cc.p99), fmtRatio(cc.median / vv.median)]);
    }
    const tn = Math.max(20, Math.round(n / 4));
    const vt = v8Touch(bytes, tn);
    big.push([`V8 instantiate + touch every page, ${mib} MiB`, fmt(vt.median), fmt(vt.p99), '1.00x']);
    for (const mode of ['guarded', 'checked'] as const) {
      const t = await corralTouch(mode, bytes, tn);
      big.push([`Corral ${mode} instantiate + touch every page, ${mib} MiB`, fmt(t.median), fmt(t.p99), fmtRatio(t.median / vt.median)]);
    }
    bigNotes.push(`${mib} MiB: ${n} instantiations per row (${cold} kept alive for "no recycling", ${tn} with touch); a "no recycling" p99 includes the module's first instantiation, which writes its image (memfd) once`);
  }
  console.log();
  console.log(table(big));
  for (const n of bigNotes) console.log(n);
  recordSummary('Instantiation latency with a large data image', big[0]!, big.slice(1), bigNotes);
}
