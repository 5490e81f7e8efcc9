// Benchmark: compile throughput, in MB of code section per CPU-second on one
// thread, of whole real modules (default: yosys.core.wasm, 27.8 MB of code):
// Corral's decode + validate + baseline compile (guarded memory) beside V8's
// eager Liftoff (--liftoff-only --no-wasm-lazy-compilation) and eager
// TurboFan (--no-liftoff --no-wasm-lazy-compilation), each in its own process
// with --single-threaded (V8 otherwise compiles on every core). Corral's time
// is also split: decode + validate (parseModule) and compile (compileModule).
//
//   npm run build && node dist/bench/compile.js [--runs N] [--turbofan] [path.wasm ...]
//
// Liftoff and Corral: median of N (default 3) after one warm-up. TurboFan
// takes ~30 CPU-seconds per compile of yosys here (0.9 MB/s), more than this
// benchmark's default budget: it runs once, and only with --turbofan.
// Target for the baseline tier (issue 4): ≥ 20 MB/s; V8's eager Liftoff
// measures ≈ 28–32 MB per CPU-second here. Nothing imports this file.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runNodeJson } from './lib/child.js';
import type { CompileRun } from './lib/compile-runner.js';
import { MB_PER_S, fmtMs, measured, printComparison, unavailable, type ComparisonRow, type Figure } from './lib/report.js';
import { summarize } from './lib/stats.js';
import { perSecond } from './lib/timing.js';
import { codeSectionBytes } from './lib/wasm-sections.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const DEFAULT_MODULES = ['node_modules/@yowasp/yosys/gen/yosys.core.wasm'];
const runner = new URL('./lib/compile-runner.js', import.meta.url);
const COMMON = ['--expose-gc', '--single-threaded'];

function parseArgs(argv: readonly string[]) {
  let runs = 3, turbofan = false;
  const paths: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--runs') runs = Number(argv[++i]);
    else if (a === '--turbofan') turbofan = true;
    else if (a.startsWith('--')) { console.error('usage: compile.js [--runs N] [--turbofan] [path.wasm ...]'); process.exit(2); }
    else paths.push(a);
  }
  return { runs, turbofan, paths: paths.length > 0 ? paths : DEFAULT_MODULES.map((p) => repo + p) };
}

const { runs, turbofan, paths } = parseArgs(process.argv.slice(2));
const RIVALS = ['V8 liftoff', 'V8 turbofan'];

function run(flags: readonly string[], engine: 'v8' | 'corral', path: string, n: number, warmup: number): CompileRun {
  // A 30 MB module takes TurboFan tens of seconds: a generous limit, still finite.
  const r = runNodeJson<CompileRun>([...COMMON, ...flags], runner, [engine, path, String(n), String(warmup)], 600_000);
  return 'failed' in r ? { error: r.failed } : r.ok;
}

function figureOf(r: CompileRun, mb: number): Figure {
  if ('unavailable' in r) return unavailable(r.unavailable);
  if ('error' in r) return unavailable(r.error);
  // V8's figure is the whole `new Module` (it validates as it compiles); Corral's is parse + compile, run by run.
  const cpu = r.parse ? r.compile.cpuMs.map((ms, i) => ms + r.parse!.cpuMs[i]!) : r.compile.cpuMs;
  return measured(summarize(perSecond(mb, cpu)));
}

const rows: ComparisonRow[] = [];
const notes: string[] = [];
for (const path of paths) {
  const bytes = new Uint8Array(readFileSync(path));
  const mb = codeSectionBytes(bytes) / 1e6;
  const name = `${path.split('/').pop()} (${mb.toFixed(1)} MB code)`;
  const corral = run([], 'corral', path, runs, 1);
  const liftoff = run(['--liftoff-only', '--no-wasm-lazy-compilation'], 'v8', path, runs, 1);
  const tf: CompileRun = turbofan
    ? run(['--no-liftoff', '--no-wasm-lazy-compilation'], 'v8', path, 1, 0)
    : { unavailable: 'not measured by default: ~30 CPU-seconds; run with --turbofan' };
  rows.push({ label: name, corral: figureOf(corral, mb), rivals: { 'V8 liftoff': figureOf(liftoff, mb), 'V8 turbofan': figureOf(tf, mb) } });

  // Corral's split: where its time goes.
  const parse = 'parse' in corral ? corral.parse : undefined;
  if (parse) {
    const p = summarize(parse.cpuMs);
    let line = `${name}: corral decode+validate ${fmtMs(p.median)} (${(mb / (p.median / 1000)).toFixed(1)} MB/s)`;
    if ('compile' in corral) {
      const c = summarize(corral.compile.cpuMs);
      line += `, compile ${fmtMs(c.median)} (${(mb / (c.median / 1000)).toFixed(1)} MB/s)`;
      if (corral.codeBytesOut) line += `, machine code out ${(corral.codeBytesOut / 1e6).toFixed(1)} MB (${(corral.codeBytesOut / 1e6 / mb).toFixed(2)}x the code section)`;
    } else {
      line += ', compile not available';
    }
    notes.push(line);
  }
  for (const [who, r] of [['V8 liftoff', liftoff], ['V8 turbofan', tf]] as const) {
    if ('compile' in r) notes.push(`${name}: ${who} ${fmtMs(summarize(r.compile.cpuMs).median)} CPU, ${fmtMs(summarize(r.compile.wallMs).median)} wall`);
  }
}

printComparison({
  title: `compile: MB of code section per CPU-second, one thread (Liftoff and Corral: median of ${runs} after a warm-up; TurboFan: one run)`,
  rowName: 'module',
  unit: MB_PER_S,
  rivals: RIVALS,
  rows,
});
for (const n of notes) console.log(n);
console.log('(V8 validates while it compiles: its figure is the whole new WebAssembly.Module; Corral\'s is parseModule + compileModule)');
