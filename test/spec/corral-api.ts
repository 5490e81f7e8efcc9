// Corral's public engine API (notes/engine-api.md) as the test harnesses see
// it, and the one place that loads it: the spec executor, the differential
// tests and the hostile-guest tests all go through loadCorral().
//
// Why a structural copy instead of static imports: the engine lands piecewise
// while these harnesses are written, and a static import of a name that
// src/index.ts does not export yet would not compile. loadCorral() imports
// the library entry point at run time and checks every constructor the
// harnesses need is there; when one is missing it says which, so a test can
// report "engine not available" instead of passing silently.
//
// Invariants: only the public entry point (src/index.ts) is used, never a
// runtime internal. Only test code imports this.

/** The bit-exact value interface: floats as raw bits, i64 as BigInt. */
export type Val =
  | { readonly type: 'i32'; readonly value: number }
  | { readonly type: 'i64'; readonly value: bigint }
  | { readonly type: 'f32'; readonly bits: number }
  | { readonly type: 'f64'; readonly bits: bigint }
  | { readonly type: 'funcref'; readonly value: unknown }
  | { readonly type: 'externref'; readonly value: unknown };

export type MemoryMode = 'guarded' | 'checked';
export const MEMORY_MODES: readonly MemoryMode[] = ['guarded', 'checked'];

export interface EngineConfig {
  readonly memoryMode?: MemoryMode;
  readonly maxMemoryPages?: number;
  readonly stackBytes?: number;
  /** Deadline for each call into a guest; expiry traps with code 'interrupted'. */
  readonly timeoutMs?: number;
}

export type ExternKindName = 'function' | 'table' | 'memory' | 'global';

export interface CorralModule {
  imports(): { module: string; name: string; kind: ExternKindName }[];
  exports(): { name: string; kind: ExternKindName }[];
}

export interface CorralInstance {
  readonly exports: Record<string, unknown>;
  call(name: string, args: readonly Val[]): Promise<Val[]>;
  getGlobal(name: string): Val;
}

export interface CorralEngine {
  validate(bytes: Uint8Array): boolean;
  compile(bytesOrWat: Uint8Array | string): Promise<CorralModule>;
  instantiate(module: CorralModule, imports?: Record<string, Record<string, unknown>>): Promise<CorralInstance>;
  close(): void;
}

export interface CorralMemory {
  readonly buffer: ArrayBuffer;
  grow(delta: number): number;
}

export interface CorralTable {
  readonly length: number;
  get(index: number): unknown;
  set(index: number, value: unknown): void;
  grow(delta: number, init?: unknown): number;
}

export interface CorralGlobal {
  value: unknown;
  getVal(): Val;
  setVal(v: Val): void;
}

export type ValueTypeName = 'i32' | 'i64' | 'f32' | 'f64' | 'funcref' | 'externref';

export interface TrapError extends Error {
  readonly code: string;
  readonly frames: readonly { funcIndex: number; funcName?: string; codeOffset: number }[];
}

export interface UnsupportedError extends Error {
  readonly feature: string;
}

type ErrorClass<E extends Error> = abstract new (...args: never[]) => E;

export interface CorralApi {
  readonly Engine: new (config?: EngineConfig) => CorralEngine;
  readonly Memory: new (engine: CorralEngine, desc: { initial: number; maximum?: number }) => CorralMemory;
  readonly Table: new (engine: CorralEngine, desc: { element: 'funcref' | 'externref'; initial: number; maximum?: number }, init?: unknown) => CorralTable;
  readonly Global: new (engine: CorralEngine, desc: { value: ValueTypeName; mutable?: boolean }, init?: unknown) => CorralGlobal;
  readonly Trap: ErrorClass<TrapError>;
  readonly LinkError: ErrorClass<Error>;
  readonly CompileError: ErrorClass<Error>;
  readonly Unsupported: ErrorClass<UnsupportedError>;
}

const REQUIRED = ['Engine', 'Memory', 'Table', 'Global', 'Trap', 'LinkError', 'CompileError', 'Unsupported'] as const;

export type CorralLoad = { readonly ok: true; readonly api: CorralApi } | { readonly ok: false; readonly reason: string };

let cached: Promise<CorralLoad> | undefined;

/** The library entry point, or why it cannot run guests yet. */
export function loadCorral(): Promise<CorralLoad> {
  cached ??= (async (): Promise<CorralLoad> => {
    let lib: Record<string, unknown>;
    try {
      lib = (await import('../../src/index.js')) as Record<string, unknown>;
    } catch (e) {
      return { ok: false, reason: `src/index.ts failed to load: ${e instanceof Error ? e.message : String(e)}` };
    }
    const missing = REQUIRED.filter((name) => typeof lib[name] !== 'function');
    if (missing.length > 0) return { ok: false, reason: `src/index.ts does not export ${missing.join(', ')} yet (the engine has not landed)` };
    return { ok: true, api: lib as unknown as CorralApi };
  })();
  return cached;
}

/** True once src/index.ts exports Engine: from then on, an engine that cannot run is a failure, not a skip. */
export async function engineExported(): Promise<boolean> {
  try {
    const lib = (await import('../../src/index.js')) as Record<string, unknown>;
    return typeof lib['Engine'] === 'function';
  } catch {
    return false;
  }
}
