// Random valid WebAssembly 2.0 modules from binaryen's translate-to-fuzz
// (`wasm-opt -ttf`, npm package `binaryen`, pinned in package.json), one per
// seed: the seed drives a small PRNG whose bytes are the fuzzer's input.
//
// Why in-process: the package's wasm-opt is a 10 MB emscripten program whose
// start-up costs ~0.3 s per process; loading it once into a vm context and
// calling its main per module costs ~50 ms each, the same bytes as the CLI
// (checked by a test). Feature set: the MVP plus exactly WebAssembly 2.0's
// additions (sign extension, saturating conversions, bulk memory, reference
// types, multi-value, mutable globals); SIMD, threads, GC, exceptions, tail
// calls, multi-memory, memory64, strings, relaxed SIMD and everything later
// stay off. `--denan` turns every NaN a function produces into 0, because NaN
// payloads are nondeterministic by the spec and would otherwise make memory
// and reinterpreted bits legitimately differ between engines.
//
// Invariants: same seed, same module bytes (for a given binaryen version).
// Only test/differential imports this.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

/** wasm-opt flags selecting WebAssembly 2.0 without SIMD. */
export const FEATURE_FLAGS = [
  '--mvp-features',
  '--enable-sign-ext',
  '--enable-nontrapping-float-to-int',
  '--enable-bulk-memory',
  '--enable-bulk-memory-opt',
  '--enable-reference-types',
  '--enable-multivalue',
  '--enable-mutable-globals',
  '--enable-call-indirect-overlong',
] as const;

export const TTF_FLAGS = ['-ttf', ...FEATURE_FLAGS, '--denan', '-q'] as const;

const require = createRequire(import.meta.url);
export const WASM_OPT = path.join(path.dirname(require.resolve('binaryen')), 'bin', 'wasm-opt');

/** The fuzzer's input for a seed: 1–8 KiB from a splitmix-style generator (bigger inputs, bigger modules). */
export function seedBytes(seed: number): Uint8Array {
  let state = BigInt.asUintN(64, BigInt(seed) * 0x9e3779b97f4a7c15n + 0x632be59bd9b4e019n);
  const next = (): bigint => {
    state = BigInt.asUintN(64, state + 0x9e3779b97f4a7c15n);
    let z = state;
    z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
    z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
    return z ^ (z >> 31n);
  };
  const size = 1024 + Number(next() % 7168n);
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i += 8) {
    let word = next();
    for (let b = 0; b < 8 && i + b < size; b++, word >>= 8n) bytes[i + b] = Number(word & 0xffn);
  }
  return bytes;
}

interface WasmOptContext {
  wasmExports?: unknown;
  callMain(args: string[]): number;
}

export class Generator {
  private constructor(private readonly ctx: WasmOptContext, private readonly dir: string) {}

  /** Loads wasm-opt once; close() removes its scratch directory. */
  static async open(): Promise<Generator> {
    const source = readFileSync(WASM_OPT, 'utf8').replace(/^#!/, '//');
    const silent = (): void => undefined;
    const sandbox: Record<string, unknown> = {
      Module: { noInitialRun: true, print: silent, printErr: silent },
      require: createRequire(WASM_OPT),
      process,
      console: { ...console, log: silent, warn: silent },
      __filename: WASM_OPT,
      __dirname: path.dirname(WASM_OPT),
      WebAssembly: (globalThis as Record<string, unknown>)['WebAssembly'],
      TextDecoder,
      TextEncoder,
      URL,
      Buffer,
      performance,
      setTimeout,
      clearTimeout,
    };
    sandbox['globalThis'] = sandbox;
    const ctx = vm.createContext(sandbox) as unknown as WasmOptContext;
    vm.runInContext(source, ctx, { filename: WASM_OPT });
    const deadline = Date.now() + 60_000;
    while (ctx.wasmExports === undefined) {
      if (Date.now() > deadline) throw new Error('wasm-opt did not finish loading within 60 s');
      await new Promise((r) => setTimeout(r, 5));
    }
    return new Generator(ctx, mkdtempSync(path.join(os.tmpdir(), 'corral-ttf-')));
  }

  /** The module for one seed. */
  generate(seed: number): Uint8Array {
    const input = path.join(this.dir, 'input.bin');
    const output = path.join(this.dir, 'output.wasm');
    writeFileSync(input, seedBytes(seed));
    rmSync(output, { force: true });
    const status = this.ctx.callMain([input, ...TTF_FLAGS, '-o', output]);
    if (status !== 0) throw new Error(`wasm-opt -ttf failed for seed ${seed} (exit ${status})`);
    return new Uint8Array(readFileSync(output));
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
