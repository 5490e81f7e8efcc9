// Child-process entry that times whole-module compilation in one engine and
// prints a CompileRun JSON line:
//
//   node [V8 flags] dist/bench/lib/compile-runner.js v8|corral path.wasm runs warmup
//
// 'v8': `new WebAssembly.Module(bytes)` under whatever V8 flags this process
// got; each run compiles a copy of the module with its own extra custom section,
// since V8 reuses a module compiled from identical bytes. 'corral':
// parseModule (decode + validate) and the baseline tier's compileModule with
// guarded memory, timed separately. CPU time counts every thread of the
// process. Nothing imports this file.

import { readFileSync } from 'node:fs';
import { describeError } from './child.js';
import { corralFailure, loadBaselineCompiler } from './corral.js';
import { measure, type Samples } from './timing.js';
import { V8 } from './v8.js';
import { withCustomSection } from './wasm-sections.js';

export type CompileRun =
  | { readonly compile: Samples; readonly parse?: Samples; readonly codeBytesOut?: number }
  /** Corral's decode + validate may have its figure when compileModule has none. */
  | { readonly unavailable: string; readonly parse?: Samples }
  | { readonly error: string };

const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function timeV8(bytes: Uint8Array, runs: number, warmup: number): CompileRun {
  let k = 0, keep: object | undefined;
  const copies = Array.from({ length: runs + warmup }, () => withCustomSection(bytes, `bench-copy-${k++}`));
  let i = 0;
  try {
    // Before each run (untimed): drop the last module and collect, so one compilation's garbage is not the next one's cost.
    const compile = measure(runs, warmup, () => { keep = new V8.Module(copies[i++]!); }, () => { keep = undefined; collect(); });
    return keep === undefined ? { error: 'no module' } : { compile };
  } catch (e) {
    return { error: `V8: ${describeError(e)}` };
  }
}

async function timeCorral(bytes: Uint8Array, runs: number, warmup: number): Promise<CompileRun> {
  const loaded = await loadBaselineCompiler();
  if ('unavailable' in loaded) return loaded;
  const { parseModule, compileModule } = loaded.ok;
  let module: unknown;
  let parse: Samples;
  try {
    parse = measure(runs, warmup, () => { module = parseModule(bytes); }, collect);
  } catch (e) {
    return { error: `parseModule: ${describeError(e)}` };
  }
  let codeBytesOut = 0;
  try {
    const compile = measure(runs, warmup, () => { codeBytesOut = compileModule(module, { memoryMode: 'guarded' }).code.length; }, collect);
    return { compile, parse, codeBytesOut };
  } catch (e) {
    return { unavailable: corralFailure('compileModule', e), parse };
  }
}

const [engineName, path, runsArg, warmupArg] = process.argv.slice(2);
if (!path || (engineName !== 'v8' && engineName !== 'corral')) {
  console.error('usage: compile-runner.js v8|corral path.wasm runs warmup');
  process.exit(2);
}
const bytes = new Uint8Array(readFileSync(path));
const runs = Number(runsArg ?? 3), warmup = Number(warmupArg ?? 1);
const result = engineName === 'v8' ? timeV8(bytes, runs, warmup) : await timeCorral(bytes, runs, warmup);
console.log(JSON.stringify(result));
