// The messages between a ThreadedEngine (main thread) and its workers: one
// table of requests, replies and host calls, so both sides agree on every shape.
//
//   main ──Request──► worker          (each with an id, except 'release' and 'host-reply')
//   main ◄──Reply──── worker          (ok + value, or a WireError)
//   main ◄──HostCall─ worker          a guest called a JS import that lives on the main thread
//   main ──HostReply► worker          its result or error
//
// Invariants: everything here is structured-clonable (numbers, BigInts,
// strings, typed arrays, SharedArrayBuffers); functions, Memory, Table and
// Global objects never cross. Values of exported functions cross as JS API
// values (i64 as BigInt), with NaN payloads carried beside them (nan-wire.ts);
// the bit-exact interface crosses as Vals, whose float bits are integers.
// Imported by both sides of src/threads/ only.

import type { EngineConfig, InstantiateOptions } from '../runtime/engine.js';
import type { KillHandle } from '../runtime/call.js';
import type { ExternKindName } from '../runtime/module.js';
import type { Val } from '../runtime/values.js';
import type { Values } from './nan-wire.js';
import type { WireError } from './wire-errors.js';

/** A function's signature by value-type names ('i32', 'f64', 'externref', ...). */
export interface FuncShape {
  readonly params: readonly string[];
  readonly results: readonly string[];
}

/** What the main thread knows of a compiled module without loading its code. */
export interface ModuleShape {
  readonly imports: readonly { readonly module: string; readonly name: string; readonly kind: ExternKindName; readonly func?: FuncShape }[];
  readonly exports: readonly { readonly name: string; readonly kind: ExternKindName; readonly func?: FuncShape }[];
}

/** The imports that cross to a worker: host functions by number (calls come back as HostCall), plain global values by value. */
export interface WireImports {
  readonly functions: readonly { readonly module: string; readonly name: string; readonly results: number }[];
  readonly values: readonly { readonly module: string; readonly name: string; readonly value: unknown }[];
}

/** WASI preview1 setup that a worker turns into a Wasi object of its own (src/wasi). */
export interface WasiSetup {
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Guest path → host directory. */
  readonly preopens?: Readonly<Record<string, string>>;
  /** Bytes the guest reads on fd 0 (default: nothing, end of file at once). */
  readonly stdin?: Uint8Array | string;
  /** A host fd to write to (default 1 / 2), or 'capture': the bytes come back from startWasi(). */
  readonly stdout?: number | 'capture';
  readonly stderr?: number | 'capture';
}

/** What the worker is started with (workerData). */
export interface WorkerSetup {
  readonly config: EngineConfig;
  readonly index: number;
}

export type Request =
  | { readonly op: 'compile'; readonly id: number; readonly module: number; readonly input: Uint8Array | string }
  | { readonly op: 'load'; readonly id: number; readonly module: number; readonly artifact: Uint8Array }
  | {
      readonly op: 'instantiate'; readonly id: number; readonly module: number; readonly instance: number;
      readonly imports: WireImports; readonly options: InstantiateOptions; readonly wasi: WasiSetup | undefined;
    }
  | { readonly op: 'invoke'; readonly id: number; readonly instance: number; readonly name: string; readonly args: Values; readonly results: number }
  | { readonly op: 'call'; readonly id: number; readonly instance: number; readonly name: string; readonly vals: readonly Val[] }
  | { readonly op: 'global'; readonly id: number; readonly instance: number; readonly name: string }
  | { readonly op: 'wasi-start'; readonly id: number; readonly instance: number }
  | { readonly op: 'stats'; readonly id: number }
  | { readonly op: 'close'; readonly id: number }
  | { readonly op: 'release'; readonly instance: number }
  | { readonly op: 'unload'; readonly module: number }
  | HostReply;

export type HostReply =
  | { readonly op: 'host-reply'; readonly host: number; readonly ok: true; readonly value: Values }
  | { readonly op: 'host-reply'; readonly host: number; readonly ok: false; readonly error: WireError };

export type FromWorker =
  | { readonly t: 'reply'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly t: 'reply'; readonly id: number; readonly ok: false; readonly error: WireError }
  | { readonly t: 'host'; readonly host: number; readonly instance: number; readonly import: number; readonly args: Values };

export interface CompileReply {
  readonly artifact: Uint8Array;
  readonly shape: ModuleShape;
}

export interface InstantiateReply {
  readonly killHandle: KillHandle;
}

export interface WasiStartReply {
  readonly exitCode: number;
  readonly stdout?: Uint8Array;
  readonly stderr?: Uint8Array;
}

/** One worker's counters (ThreadedEngine.workerStats). */
export interface WorkerStats {
  readonly thread: number;
  /** Modules compiled from bytes or text in this worker. */
  readonly compiled: number;
  /** Modules loaded from an artifact (compiled elsewhere). */
  readonly loaded: number;
  /** Instances the main thread holds here. */
  readonly instances: number;
  /** The worker engine's instances holding pool resources (Engine.liveInstances). */
  readonly liveInstances: number;
  /** Modules the worker holds for the main thread (dropped when the ThreadModule is collected). */
  readonly modules: number;
  /** The worker engine's loaded code images (Engine.loadedCodeImages): held modules, and dropped ones whose instances or garbage are not yet collected. */
  readonly codeImages: number;
}
