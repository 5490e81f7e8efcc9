// Child-process entry that serves timed calls of one compute kernel's run(n)
// in one engine, by the protocol of kernel-run.ts:
//
//   node [V8 flags] dist/bench/lib/kernel-runner.js v8|corral path.wasm n
//
// 'v8' uses Node's WebAssembly with whatever V8 flags this process got
// (--liftoff-only, default tiering, ...); 'corral' uses the public engine API
// (src/index.ts: Engine → compile → instantiate → exports.run, a Promise).
// Compilation and instantiation happen once, before Ready; only run(n) is timed.
// Nothing imports this file.

import { readFileSync } from 'node:fs';
import { corralFailure, loadEngine } from './corral.js';
import { checksumOf, serveTrial, type Ready, type Trial } from './kernel-run.js';
import { V8 } from './v8.js';

function v8Trial(bytes: Uint8Array, n: number): Trial {
  const run = new V8.Instance(new V8.Module(bytes)).exports['run'] as (n: number) => number;
  let last: unknown;
  return { run: () => { last = run(n); }, result: () => checksumOf(last) };
}

async function corralTrial(bytes: Uint8Array, n: number): Promise<Ready | Trial> {
  const Engine = await loadEngine();
  if ('unavailable' in Engine) return Engine;
  let run: (n: number) => Promise<unknown>;
  let engine: InstanceType<typeof Engine.ok>;
  try {
    engine = new Engine.ok();
  } catch (e) {
    return { unavailable: corralFailure('new Engine()', e) };
  }
  try {
    const instance = await engine.instantiate(await engine.compile(bytes), {});
    const f = instance.exports['run'];
    if (typeof f !== 'function') return { unavailable: 'instance.exports.run is not a function' };
    run = f as (n: number) => Promise<unknown>;
  } catch (e) {
    engine.close?.();
    return { unavailable: corralFailure('compile/instantiate', e) };
  }
  let last: unknown;
  return { run: async () => { last = await run(n); }, result: () => checksumOf(last), close: () => engine.close?.() };
}

const [engineName, path, nArg] = process.argv.slice(2);
if (!path || nArg === undefined || (engineName !== 'v8' && engineName !== 'corral')) {
  console.error('usage: kernel-runner.js v8|corral path.wasm n');
  process.exit(2);
}
const bytes = new Uint8Array(readFileSync(path));
const n = Number(nArg);
await serveTrial(async () => (engineName === 'v8' ? v8Trial(bytes, n) : corralTrial(bytes, n)));
