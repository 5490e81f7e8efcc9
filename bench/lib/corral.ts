// Corral as the benchmarks see it: its public pieces loaded at run time, so a
// benchmark still runs (and says why Corral has no figure) while a piece is
// missing or unfinished. The interfaces below are the engine-API contract
// (notes/engine-api.md) narrowed to what the benchmarks call; a missing export
// is reported as a reason, never replaced by a stand-in.
// Nothing in src/ imports bench/.

import { fileURLToPath } from 'node:url';
import { describeError } from './child.js';

export type Loaded<T> = { readonly ok: T } | { readonly unavailable: string };

export interface CorralExportedFunction {
  (...args: unknown[]): Promise<unknown>;
}

export interface CorralInstance {
  readonly exports: Record<string, unknown>;
}

export interface CorralEngine {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports?: object): Promise<CorralInstance>;
  close?(): void;
}

export type EngineClass = new (config?: { memoryMode?: 'guarded' | 'checked' }) => CorralEngine;

export interface BaselineCompiler {
  parseModule(bytes: Uint8Array): unknown;
  compileModule(module: unknown, options: { memoryMode: 'guarded' | 'checked' }): { readonly code: Uint8Array };
}

/** Imports a module of dist/src/ by its path relative to src/, or says why it could not. */
async function importSrc(path: string): Promise<Loaded<Record<string, unknown>>> {
  // A computed specifier: TypeScript must not resolve it at build time (the file may not exist yet).
  const url = new URL(`../../src/${path}`, import.meta.url).href;
  try {
    return { ok: (await import(url)) as Record<string, unknown> };
  } catch (e) {
    // Only the file itself being absent is "missing"; a module it imports being absent is a broken build, said as such.
    const selfMissing = (e as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && describeError(e).includes(fileURLToPath(url));
    if (selfMissing) return { unavailable: `src/${path.replace(/\.js$/, '.ts')} not built or missing` };
    return { unavailable: `loading src/${path}: ${describeError(e)}` };
  }
}

/** The Engine class from the library entry point (src/index.ts). */
export async function loadEngine(): Promise<Loaded<EngineClass>> {
  const m = await importSrc('index.js');
  if ('unavailable' in m) return m;
  const Engine = m.ok['Engine'];
  if (typeof Engine !== 'function') return { unavailable: 'src/index.ts does not export Engine yet' };
  return { ok: Engine as EngineClass };
}

/** parseModule (src/wasm/index.ts) and the baseline tier's compileModule (src/compiler/baseline/index.ts). */
export async function loadBaselineCompiler(): Promise<Loaded<BaselineCompiler>> {
  const wasm = await importSrc('wasm/index.js');
  if ('unavailable' in wasm) return wasm;
  const baseline = await importSrc('compiler/baseline/index.js');
  if ('unavailable' in baseline) return baseline;
  const parseModule = wasm.ok['parseModule'], compileModule = baseline.ok['compileModule'];
  if (typeof parseModule !== 'function') return { unavailable: 'src/wasm/index.ts does not export parseModule' };
  if (typeof compileModule !== 'function') return { unavailable: 'src/compiler/baseline/index.ts does not export compileModule yet' };
  return { ok: { parseModule, compileModule } as BaselineCompiler };
}

/** The reason an error from Corral leaves it without a figure: Unsupported is a known gap, anything else a failure. */
export function corralFailure(stage: string, e: unknown): string {
  const name = e instanceof Error ? e.name : '';
  return name === 'Unsupported' ? `${stage}: ${describeError(e)}` : `${stage} failed: ${describeError(e)}`;
}

/** What flite-runner.ts needs of src/wasi (its index: the Wasi object's public face). */
export interface CorralWasi {
  readonly imports: object;
  start(instance: CorralInstance): Promise<number>;
}

export type WasiClass = new (options: {
  args?: readonly string[];
  env?: Readonly<Record<string, string>>;
  preopens?: Readonly<Record<string, string>>;
  stdout?: number;
  stderr?: number;
}) => CorralWasi;

/** The Wasi class of src/wasi/index.ts. */
export async function loadWasi(): Promise<Loaded<WasiClass>> {
  const m = await importSrc('wasi/index.js');
  if ('unavailable' in m) return m;
  const Wasi = m.ok['Wasi'];
  if (typeof Wasi !== 'function') return { unavailable: 'src/wasi/index.ts does not export Wasi' };
  return { ok: Wasi as WasiClass };
}
