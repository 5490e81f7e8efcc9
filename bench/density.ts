// Benchmark: density — how many instances can be alive at once in one
// process, each with its own one-page linear memory (touched, so the page is
// resident), and the resident memory each costs: Corral in checked and
// guarded mode beside V8 (WebAssembly.Instance with its own memory). Each
// side runs in a child process of its own, so address space and RSS are not
// shared between them.
//
//   node dist/bench/density.js [--count N]     (default 3,000 per side)
//   node dist/bench/density.js --count 100000  (issue 5's checked-mode target)
//   node dist/bench/density.js --ceiling       (every side until it refuses: Corral
//                                               guarded stops with PoolExhausted at the
//                                               address-space ceiling; V8 fails near 13,000)
//
// A side stops at --count or at its first refusal, and reports how it ended.
// Nothing imports this.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Engine, PoolExhausted, type Instance } from '../src/index.js';
import { watToBinary } from '../src/wasm/text.js';
import { table } from './lib/report.js';
import { recordSummary } from './lib/summary.js';
import { V8 } from './lib/v8.js';

const WAT = `(module
  (memory (export "memory") 1 1)
  (func (export "touch") (param i32) (i32.store (i32.const 0) (local.get 0)))
  (func (export "peek") (result i32) (i32.load (i32.const 0))))`;

type Side = 'checked' | 'guarded' | 'v8';

interface Result {
  readonly side: Side;
  readonly alive: number;
  readonly rssPerInstance: number;
  readonly ms: number;
  readonly ended: string;
}

function rss(): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return Number(m![1]) * 1024;
}

async function runSide(side: Side, count: number): Promise<Result> {
  const keep: unknown[] = [];
  const bytes = await watToBinary(WAT);
  let ended = `reached --count ${count}`;
  let engine: Engine | undefined;
  const before = rss();
  const t0 = performance.now();
  try {
    if (side === 'v8') {
      const m = new V8.Module(bytes);
      for (let i = 0; i < count; i++) {
        let x;
        try {
          x = new V8.Instance(m, {});
        } catch (e) {
          ended = `failed at ${i}: ${(e as Error).message}`;
          break;
        }
        (x.exports['touch'] as (v: number) => void)(i + 1);
        keep.push(x);
      }
    } else {
      engine = new Engine({ memoryMode: side, maxInstances: Math.max(count, 1), stackBytes: 64 * 1024, sliceMs: 0 });
      const m = await engine.compile(bytes);
      for (let i = 0; i < count; i++) {
        let x: Instance;
        try {
          x = await engine.instantiate(m);
        } catch (e) {
          ended = `${e instanceof PoolExhausted ? 'PoolExhausted' : 'failed'} at ${i}: ${(e as Error).message}`;
          break;
        }
        await (x.exports['touch'] as (v: number) => Promise<void>)(i + 1);
        keep.push(x);
      }
    }
    const ms = performance.now() - t0;
    const after = rss();
    // Every instance is still alive and kept its own value.
    const check = Math.floor(keep.length / 2);
    if (keep.length > 0) {
      const x = keep[check] as { exports: Record<string, unknown> };
      const v = await (x.exports['peek'] as () => number | Promise<number>)();
      if (v !== check + 1) throw new Error(`${side}: instance ${check} reads ${v}, not ${check + 1}`);
    }
    return { side, alive: keep.length, rssPerInstance: keep.length === 0 ? 0 : (after - before) / keep.length, ms, ended };
  } finally {
    engine?.close();
  }
}

const argv = process.argv.slice(2);
const sideArg = argv.indexOf('--side');
const countArg = argv.indexOf('--count');
const ceiling = argv.includes('--ceiling');
const count = countArg >= 0 ? Number(argv[countArg + 1]) : ceiling ? 200_000 : 3_000;

if (sideArg >= 0) {
  const r = await runSide(argv[sideArg + 1] as Side, count);
  process.stdout.write(`${JSON.stringify(r)}\n`);
} else {
  const self = fileURLToPath(import.meta.url);
  const results: Result[] = [];
  // Guarded mode's count is bounded by the address space (8 GiB per memory): it stops cleanly there.
  for (const side of ['v8', 'checked', 'guarded'] as const) {
    const n = side === 'checked' || !ceiling ? count : Math.min(count, 30_000);
    const child = spawnSync(process.execPath, [self, '--side', side, '--count', String(n)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    const line = child.stdout.trim().split('\n').pop() ?? '';
    try {
      results.push(JSON.parse(line) as Result);
    } catch {
      results.push({ side, alive: 0, rssPerInstance: 0, ms: 0, ended: `crashed (status ${child.status}, signal ${child.signal}): ${child.stderr.trim().split('\n').slice(-3).join(' | ')}` });
    }
  }
  const v8 = results.find((r) => r.side === 'v8')!;
  const rows: string[][] = [['instances alive at once (1 touched page each)', 'alive', 'RSS / instance', 'RSS ÷ V8', 'time / instance']];
  for (const r of results) {
    const name = r.side === 'v8' ? 'V8 WebAssembly.Instance' : `Corral ${r.side}`;
    const ratio = r.side === 'v8' || v8.rssPerInstance === 0 ? (r.side === 'v8' ? '1.00x' : 'n/a') : `${(r.rssPerInstance / v8.rssPerInstance).toFixed(2)}x`;
    rows.push([name, String(r.alive), `${(r.rssPerInstance / 1024).toFixed(1)} KiB`, ratio, `${((r.ms * 1000) / Math.max(1, r.alive)).toFixed(1)} µs`]);
  }
  console.log(table(rows));
  const notes = results.map((r) => `${r.side}: ${r.ended}`);
  for (const n of notes) console.log(n);
  recordSummary('Density', rows[0]!, rows.slice(1), notes);
}
