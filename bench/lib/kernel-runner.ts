// Child-process entry that times one compute kernel in one engine and prints a
// KernelRun JSON line (kernel-run.ts):
//
//   node [V8 flags] dist/bench/lib/kernel-runner.js v8|corral path.wasm n runs warmup
//
// 'v8' uses Node's WebAssembly with whatever V8 flags this process got
// (--liftoff-only, default tiering, ...); 'corral' uses the public engine API
// (src/index.ts: Engine → compile → instantiate → exports.run, a Promise).
// Only run(n) is timed: compilation and instantiation come before the warm-up.
// Nothing imports this file.

import { readFileSync } from 'node:fs';
import { describeError } from './child.js';
import { corralFailure, loadEngine } from './corral.js';
import { agreedChecksum, type KernelRun } from './kernel-run.js';
import { measure, measureAsync, type Samples } from './timing.js';
import { V8 } from './v8.js';

async function timeV8(bytes: Uint8Array, n: number, runs: number, warmup: number): Promise<KernelRun> {
  const run = new V8.Instance(new V8.Module(bytes)).exports['run'] as (n: number) => number;
  const results: unknown[] = [];
  let samples: Samples;
  try {
    samples = measure(runs, warmup, () => { results.push(run(n)); });
  } catch (e) {
    return { error: `V8: ${describeError(e)}` };
  }
  return finish(results, samples);
}

async function timeCorral(bytes: Uint8Array, n: number, runs: number, warmup: number): Promise<KernelRun> {
  const Engine = await loadEngine();
  if ('unavailable' in Engine) return Engine;
  let engine;
  try {
    engine = new Engine.ok();
  } catch (e) {
    return { unavailable: corralFailure('new Engine()', e) };
  }
  try {
    let run: (n: number) => Promise<unknown>;
    try {
      const module = await engine.compile(bytes);
      const instance = await engine.instantiate(module, {});
      const f = instance.exports['run'];
      if (typeof f !== 'function') return { unavailable: 'instance.exports.run is not a function' };
      run = f as (n: number) => Promise<unknown>;
    } catch (e) {
      return { unavailable: corralFailure('compile/instantiate', e) };
    }
    const results: unknown[] = [];
    let samples: Samples;
    try {
      samples = await measureAsync(runs, warmup, async () => { results.push(await run(n)); });
    } catch (e) {
      return { error: `corral: ${describeError(e)}` };
    }
    return finish(results, samples);
  } finally {
    engine.close?.();
  }
}

function finish(results: readonly unknown[], samples: Samples): KernelRun {
  const agreed = agreedChecksum(results);
  if ('error' in agreed) return agreed;
  return { checksum: agreed.checksum, cpuMs: samples.cpuMs, wallMs: samples.wallMs };
}

const [engineName, path, nArg, runsArg, warmupArg] = process.argv.slice(2);
if (!path || (engineName !== 'v8' && engineName !== 'corral')) {
  console.error('usage: kernel-runner.js v8|corral path.wasm n runs warmup');
  process.exit(2);
}
const bytes = new Uint8Array(readFileSync(path));
const args = [Number(nArg), Number(runsArg ?? 5), Number(warmupArg ?? 2)] as const;
const result = engineName === 'v8' ? await timeV8(bytes, ...args) : await timeCorral(bytes, ...args);
console.log(JSON.stringify(result));
