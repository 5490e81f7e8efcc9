// Benchmark: CPU-bound calls spread over worker threads — ThreadedEngine with
// 1 and 2 threads beside V8's WebAssembly in 1 and 2 worker_threads (each
// worker its own instance, the same messages), same run. A round sends
// `calls` calls of fib's run(n) (bench/kernels/fib.wasm) round-robin over
// one instance per thread and waits for all; the figure is calls per second
// of wall time (median of the rounds, after a warm-up round that also lets
// V8 tier up). Rounds are interleaved (each measures all four configurations
// in turn), so other load on the machine hits them alike. The scaling line
// says how much each gains from the second thread.
//
//   npm run build && node dist/bench/threads.js [--n 30] [--calls 16] [--rounds 5]
//
// The machine has 2 cores shared with other work: scaling below 2x is the
// machine as much as the pool. Nothing imports this file.

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { ThreadedEngine } from '../src/index.js';
import { fmtRatio, table } from './lib/report.js';
import { spread, summarize, type Summary } from './lib/stats.js';
import { recordSummary } from './lib/summary.js';

const wasmUrl = new URL('../../bench/kernels/fib.wasm', import.meta.url);

/** Something that runs run(n) on its thread `t` and resolves to the result. */
interface Runner {
  readonly threads: number;
  run(thread: number, n: number): Promise<unknown>;
  close(): Promise<void>;
}

async function corral(threads: number): Promise<Runner> {
  const pool = new ThreadedEngine({ threads });
  const m = await pool.compile(readFileSync(wasmUrl));
  const instances = await Promise.all(Array.from({ length: threads }, (_, thread) => pool.instantiate(m, {}, { thread })));
  return {
    threads,
    run: (t, n) => instances[t]!.exports['run']!(n),
    close: () => pool.close(),
  };
}

const V8_WORKER = `
  const { parentPort, workerData } = require('node:worker_threads');
  const run = new WebAssembly.Instance(new WebAssembly.Module(workerData.bytes)).exports.run;
  parentPort.on('message', ({ id, n }) => parentPort.postMessage({ id, result: run(n) }));`;

async function v8(threads: number): Promise<Runner> {
  const bytes = readFileSync(wasmUrl);
  const waiting = new Map<number, (v: unknown) => void>();
  let next = 0;
  const workers = Array.from({ length: threads }, () => {
    const w = new Worker(V8_WORKER, { eval: true, workerData: { bytes } });
    w.on('message', ({ id, result }: { id: number; result: unknown }) => { waiting.get(id)?.(result); waiting.delete(id); });
    return w;
  });
  return {
    threads,
    run: (t, n) => new Promise((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      workers[t]!.postMessage({ id, n });
    }),
    close: async () => { await Promise.all(workers.map((w) => w.terminate())); },
  };
}

/** One round: `calls` calls spread round-robin over the runner's threads; calls per second. Every result must agree. */
async function round(r: Runner, n: number, calls: number, expected: { value?: unknown }): Promise<number> {
  const t = performance.now();
  const results = await Promise.all(Array.from({ length: calls }, (_, i) => r.run(i % r.threads, n)));
  const ms = performance.now() - t;
  for (const v of results) {
    expected.value ??= v;
    if (v !== expected.value) throw new Error(`results differ: ${String(v)} vs ${String(expected.value)}`);
  }
  return calls / (ms / 1000);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { n: { type: 'string', default: '30' }, calls: { type: 'string', default: '16' }, rounds: { type: 'string', default: '5' } } });
  const n = Number(values.n), calls = Number(values.calls), rounds = Number(values.rounds);
  const expected: { value?: unknown } = {};
  const runners = { corral1: await corral(1), corral2: await corral(2), v81: await v8(1), v82: await v8(2) };
  const rates: Record<keyof typeof runners, number[]> = { corral1: [], corral2: [], v81: [], v82: [] };
  try {
    // Interleaved: each round measures every configuration once, so a load spike from other work hits them alike.
    for (let k = -1; k < rounds; k++) {
      for (const name of Object.keys(runners) as (keyof typeof runners)[]) {
        const rate = await round(runners[name], n, calls, expected);
        if (k >= 0) rates[name].push(rate); // round -1 warms up (and lets V8 tier up)
      }
    }
  } finally {
    await Promise.all(Object.values(runners).map((r) => r.close()));
  }
  const figures: Record<number, { corral: Summary; v8: Summary }> = {
    1: { corral: summarize(rates.corral1), v8: summarize(rates.v81) },
    2: { corral: summarize(rates.corral2), v8: summarize(rates.v82) },
  };
  const cell = (s: Summary) => `${s.median.toFixed(1)}/s ±${((spread(s) / 2) * 100).toFixed(0)}%`;
  const title = `Threads: ${calls} calls of fib run(${n}) per round over worker threads (throughput)`;
  const header = ['threads', 'corral', 'V8 workers', 'corral/V8 (time)'];
  const rows = [1, 2].map((t) => {
    const f = figures[t]!;
    return [`${t}`, cell(f.corral), cell(f.v8), fmtRatio(f.v8.median / f.corral.median)];
  });
  const scale = (k: 'corral' | 'v8') => fmtRatio(figures[2]![k].median / figures[1]![k].median);
  const notes = [
    '(calls per second, medians ±half their range; the ratio is Corral\'s time per call ÷ V8\'s: below 1.00x Corral is faster)',
    `scaling, 2 threads ÷ 1 thread: corral ${scale('corral')}, V8 ${scale('v8')} (every call returned ${String(expected.value)})`,
  ];
  console.log(`${title}\n`);
  console.log(table([header, ...rows]));
  console.log(`${notes.join('\n')}\n`);
  recordSummary(title, header, rows, notes);
}

await main();
