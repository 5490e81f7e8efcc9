// Benchmark: execution speed of compute kernels (bench/kernels/*.c, built to
// wasm by scripts/build-kernels.sh) in Corral beside V8 --liftoff-only, V8's
// default tiering (Liftoff, then TurboFan for hot functions) and the same C
// built natively with gcc -O2, each in its own process, in one run.
//
//   npm run build && node dist/bench/execute.js [--runs N] [--quick] [--wall] [kernel ...]
//
// Each figure is the median of N (default 5) timed calls of run(n) after two
// warm-up calls (time for V8's tier-up to finish), in process CPU time (--wall:
// wall-clock time). Every engine must return the same checksum; a mismatch is
// printed loudly and makes the exit status 1. Target for the baseline tier
// (issue 4): corral/V8 liftoff ≤ 1.00x on every kernel.
// Nothing imports this file.

import { fileURLToPath } from 'node:url';
import { runNodeJson } from './lib/child.js';
import type { KernelRun } from './lib/kernel-run.js';
import { runNative } from './lib/native.js';
import { MS, measured, printComparison, unavailable, type ComparisonRow, type Figure } from './lib/report.js';
import { summarize } from './lib/stats.js';
import type { Clock } from './lib/timing.js';

interface Kernel {
  readonly name: string;
  /** run(n) for the default run: about 50–150 ms in V8's TurboFan code here. */
  readonly n: number;
  /** A small n for a smoke run (--quick). */
  readonly quickN: number;
}

const KERNELS: readonly Kernel[] = [
  { name: 'fib', n: 35, quickN: 20 },
  { name: 'quicksort', n: 1_000_000, quickN: 10_000 },
  { name: 'matmul', n: 448, quickN: 32 },
  { name: 'nbody', n: 1_000_000, quickN: 1000 },
  { name: 'sha256', n: 500, quickN: 4 },
  { name: 'xxh64', n: 8000, quickN: 10 },
  { name: 'vm', n: 30_000, quickN: 300 },
  { name: 'tokenize', n: 160, quickN: 1 },
];

/** The engines, each a child process. V8 flags: eager compilation for Liftoff-only, so no lazy compile lands in a timed run. */
const V8_CONFIGS = [
  { column: 'V8 liftoff', flags: ['--liftoff-only', '--no-wasm-lazy-compilation'] },
  { column: 'V8 tiered', flags: [] as string[] },
] as const;
const RIVALS = [...V8_CONFIGS.map((c) => c.column), 'native'];

const runner = new URL('./lib/kernel-runner.js', import.meta.url);
const wasmPath = (k: Kernel) => fileURLToPath(new URL(`../../bench/kernels/${k.name}.wasm`, import.meta.url));

function toFigure(r: KernelRun, clock: Clock): Figure {
  if ('unavailable' in r) return unavailable(r.unavailable);
  if ('error' in r) return unavailable(r.error);
  return measured(summarize(r[clock]));
}

function parseArgs(argv: readonly string[]) {
  let runs = 5, quick = false, clock: Clock = 'cpuMs';
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--runs') runs = Number(argv[++i]);
    else if (a === '--quick') quick = true;
    else if (a === '--wall') clock = 'wallMs';
    else names.push(a);
  }
  const unknown = names.filter((n) => !KERNELS.some((k) => k.name === n));
  if (unknown.length > 0 || !(runs >= 1)) {
    console.error(`usage: execute.js [--runs N] [--quick] [--wall] [${KERNELS.map((k) => k.name).join('|')} ...]`);
    process.exit(2);
  }
  return { runs, quick, clock, kernels: names.length > 0 ? KERNELS.filter((k) => names.includes(k.name)) : KERNELS };
}

const { runs, quick, clock, kernels } = parseArgs(process.argv.slice(2));
const WARMUP = 2;
const rows: ComparisonRow[] = [];
const mismatches: string[] = [];

for (const k of kernels) {
  const n = quick ? k.quickN : k.n;
  const args = [wasmPath(k), String(n), String(runs), String(WARMUP)];
  const results = new Map<string, KernelRun>();
  results.set('corral', (() => {
    const r = runNodeJson<KernelRun>([], runner, ['corral', ...args]);
    return 'failed' in r ? { error: `corral child: ${r.failed}` } : r.ok;
  })());
  for (const c of V8_CONFIGS) {
    const r = runNodeJson<KernelRun>(c.flags, runner, ['v8', ...args]);
    results.set(c.column, 'failed' in r ? { error: r.failed } : r.ok);
  }
  results.set('native', runNative(k.name, n, runs, WARMUP));

  const sums = [...results].flatMap(([who, r]) => ('checksum' in r ? [`${who}=${r.checksum}`] : []));
  if (new Set(sums.map((s) => s.split('=')[1])).size > 1) {
    const line = `CHECKSUM MISMATCH in ${k.name}(${n}): ${sums.join(', ')}`;
    mismatches.push(line);
    console.error(`\n!!!!!!!! ${line} !!!!!!!!\n`);
  }
  const row: ComparisonRow = {
    label: `${k.name}(${n})`,
    corral: toFigure(results.get('corral')!, clock),
    rivals: Object.fromEntries(RIVALS.map((r) => [r, toFigure(results.get(r)!, clock)])),
  };
  rows.push(row);
}

printComparison({
  title: `execute: compute kernels, run(n), median of ${runs} after ${WARMUP} warm-up calls (${clock === 'cpuMs' ? 'process CPU time' : 'wall time'})`,
  rowName: 'kernel',
  unit: MS,
  rivals: RIVALS,
  rows,
});
if (mismatches.length > 0) {
  for (const m of mismatches) console.error(`!!!!!!!! ${m}`);
  process.exitCode = 1;
} else {
  console.log('checksums: every engine that ran a kernel returned the same answer');
}
