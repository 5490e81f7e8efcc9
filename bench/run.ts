// Runs the benchmarks — every one, or those named — each in its own process,
// then prints a summary: the tables the benchmarks recorded (Corral's figure
// and its ratios to the rivals) and how each benchmark ended.
//
//   npm run bench                       # all (several minutes: CPU is shared, run it sparingly)
//   node dist/bench/run.js execute compile
//
// The exit status is 1 when a benchmark failed (crashed, or found a checksum
// mismatch); Corral lacking a figure is not a failure, it is printed as such.
// Nothing imports this file.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { table } from './lib/report.js';
import { SUMMARY_ENV, readSummaries } from './lib/summary.js';

interface Benchmark {
  readonly name: string;
  readonly what: string;
  /** Arguments for the default run (each benchmark's own defaults unless a shorter run says as much). */
  readonly args: readonly string[];
}

const BENCHMARKS: readonly Benchmark[] = [
  { name: 'execute', what: 'compute kernels and flite: Corral vs V8 liftoff, V8 tiered, native', args: [] },
  { name: 'compile', what: 'compile MB/s on yosys.core.wasm: Corral vs V8 eager liftoff, turbofan', args: [] },
  { name: 'validate', what: 'decode + validate MB/s: Corral vs V8', args: [] },
  { name: 'native-roundtrip', what: 'host-call round trip: Corral vs V8', args: [] },
  { name: 'native-trap', what: 'trap round trip: Corral vs V8', args: [] },
  { name: 'native-density', what: 'RSS and mappings per guest: Corral vs V8', args: [] },
  { name: 'wasi', what: 'WASI programs end to end (hello startup, flite, yosys): corral run vs node:wasi', args: [] },
  { name: 'instantiate', what: 'instantiation median/p99 µs: Corral (recycled and fresh) vs new WebAssembly.Instance', args: [] },
  { name: 'density', what: 'instances alive at once and RSS each: Corral checked/guarded vs V8', args: [] },
  { name: 'server', what: 'requests/s with a sandbox per request vs plain node:http; isolation under fire', args: [] },
  { name: 'threads', what: 'CPU-bound calls over 1 and 2 ThreadedEngine threads vs V8 in worker_threads', args: [] },
  { name: 'suspended', what: 'requests suspended in a 1 s outbound call: Corral vs plain Node', args: [] },
  { name: 'x64-encode', what: 'assembler emission speed (Corral only)', args: [] },
];

const names = process.argv.slice(2);
const unknown = names.filter((n) => !BENCHMARKS.some((b) => b.name === n));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; known:\n${BENCHMARKS.map((b) => `  ${b.name.padEnd(18)}${b.what}`).join('\n')}`);
  process.exit(2);
}
const chosen = names.length > 0 ? BENCHMARKS.filter((b) => names.includes(b.name)) : BENCHMARKS;

const dir = mkdtempSync(join(tmpdir(), 'corral-bench-'));
const summaryFile = join(dir, 'summary.jsonl');
const outcomes: string[][] = [['benchmark', 'ended', 'seconds']];
let failed = false;
for (const b of chosen) {
  console.log(`\n=== ${b.name}: ${b.what} ===\n`);
  const script = fileURLToPath(new URL(`./${b.name}.js`, import.meta.url));
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [script, ...b.args], { stdio: 'inherit', env: { ...process.env, [SUMMARY_ENV]: summaryFile } });
  const seconds = (Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1);
  const ended = r.error ? `failed: ${r.error.message}` : r.signal ? `killed by ${r.signal}` : r.status === 0 ? 'ok' : `exit ${r.status}`;
  if (ended !== 'ok') failed = true;
  outcomes.push([b.name, ended, seconds]);
}

console.log('\n=== summary ===\n');
for (const t of readSummaries(summaryFile)) {
  console.log([t.title, table([t.header, ...t.rows]), ...t.notes, ''].join('\n'));
}
console.log(table(outcomes));
rmSync(dir, { recursive: true, force: true });
if (failed) process.exitCode = 1;
