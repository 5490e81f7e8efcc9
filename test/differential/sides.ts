// The engines a differential run compares, behind one interface: V8 (Node's
// WebAssembly, the oracle) and Corral (through its public API, in one memory
// mode). Each side instantiates a module with host imports built for it,
// calls exports with the fixed arguments, and reports results, endings
// (trap class, exhaustion, host error), exported globals and memory bytes in
// the canonical forms of observe.ts.
//
// Invariants: Corral is reached only through src/index.ts (corral-api.ts).
// A host import that throws a HostError ends the call with that error on
// both engines (the JS API's rule, and Corral's). Only test/differential
// imports this.

import type { CorralApi, CorralEngine, CorralInstance, CorralMemory, CorralTable, MemoryMode, Val } from '../spec/corral-api.js';
import type { Signature, TypeName } from './facts.js';
import type { Arg, TrapClass } from './observe.js';
import { argF32Bits, argF64Bits, argI32, argI64, f32FromBits, f64FromBits, showF32Bits, showF64Bits, showJs, showRef, trapClassOfCode, trapClassOfV8 } from './observe.js';

/** Thrown by the harness's own host functions; its message is part of the transcript. */
export class HostError extends Error {
  override name = 'HostError';
}

/** How a call or an instantiation ended other than by returning. */
export type Ending =
  | { readonly kind: 'trap'; readonly trap: TrapClass }
  | { readonly kind: 'exhaustion' }
  | { readonly kind: 'host-error'; readonly message: string }
  | { readonly kind: 'link-error'; readonly message: string }
  /** The engine refused: Corral's Unsupported (feature) — counted, not compared. */
  | { readonly kind: 'unsupported'; readonly feature: string }
  /** Anything else: an engine bug (an InternalError, a crash, a CompileError on a valid module). */
  | { readonly kind: 'crash'; readonly message: string };

export function showEnding(e: Ending): string {
  switch (e.kind) {
    case 'trap': return `trap ${e.trap}`;
    case 'exhaustion': return 'exhaustion';
    case 'host-error': return `host-error ${e.message}`;
    case 'link-error': return 'link-error';
    case 'unsupported': return `unsupported ${e.feature}`;
    case 'crash': return `crash ${e.message}`;
  }
}

export interface SideTable {
  readonly length: number;
  get(i: number): unknown;
  set(i: number, v: unknown): void;
}

export interface SideInstance {
  /** Canonical result strings. */
  call(name: string, sig: Signature, args: readonly Arg[]): Promise<string[]>;
  global(name: string, type: TypeName): string;
  memory(name: string): Uint8Array;
  table(name: string): SideTable;
}

export type HostImports = Record<string, Record<string, unknown>>;

export interface Side {
  readonly name: string;
  /** A host global to import, of a type and initial JS value. */
  makeGlobal(type: TypeName, mutable: boolean, value: unknown): unknown;
  instantiate(bytes: Uint8Array, imports: HostImports): Promise<SideInstance>;
  /** What an exception thrown by instantiate or call means. */
  classify(e: unknown): Ending;
  close(): void;
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]}` : String(e);
}

interface V8Api {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: HostImports) => { exports: Record<string, unknown> };
  Global: new (d: { value: string; mutable: boolean }, v: unknown) => { value: unknown };
  RuntimeError: new () => Error;
  LinkError: new () => Error;
}
const V8 = (globalThis as unknown as { WebAssembly: V8Api }).WebAssembly;

function jsArg(a: Arg): unknown {
  switch (a.type) {
    case 'i32': return argI32(a);
    case 'i64': return argI64(a);
    case 'f32': return f32FromBits(argF32Bits(a));
    case 'f64': return f64FromBits(argF64Bits(a));
    default: return null;
  }
}

export class V8Side implements Side {
  constructor(readonly name = 'v8') {}

  makeGlobal(type: TypeName, mutable: boolean, value: unknown): unknown {
    return new V8.Global({ value: type, mutable }, value);
  }

  async instantiate(bytes: Uint8Array, imports: HostImports): Promise<SideInstance> {
    const exports = new V8.Instance(new V8.Module(bytes), imports).exports;
    return {
      call: async (name, sig, args) => {
        const out = (exports[name] as (...a: unknown[]) => unknown)(...args.map(jsArg));
        const list = sig.results.length === 1 ? [out] : sig.results.length === 0 ? [] : (out as unknown[]);
        return sig.results.map((t, i) => showJs(t, list[i]));
      },
      global: (name, type) => showJs(type, (exports[name] as { value: unknown }).value),
      memory: (name) => new Uint8Array((exports[name] as { buffer: ArrayBuffer }).buffer).slice(),
      table: (name) => exports[name] as SideTable,
    };
  }

  classify(e: unknown): Ending {
    if (e instanceof HostError) return { kind: 'host-error', message: e.message };
    if (e instanceof V8.RuntimeError) return { kind: 'trap', trap: trapClassOfV8(e.message) };
    if (e instanceof RangeError && /call stack/.test(e.message)) return { kind: 'exhaustion' };
    if (e instanceof V8.LinkError) return { kind: 'link-error', message: e.message };
    return { kind: 'crash', message: describe(e) };
  }

  close(): void {}
}

function toVal(a: Arg): Val {
  switch (a.type) {
    case 'i32': return { type: 'i32', value: argI32(a) };
    case 'i64': return { type: 'i64', value: argI64(a) };
    case 'f32': return { type: 'f32', bits: argF32Bits(a) };
    case 'f64': return { type: 'f64', bits: argF64Bits(a) };
    case 'externref': return { type: 'externref', value: null };
    default: return { type: 'funcref', value: null };
  }
}

function showVal(v: Val): string {
  switch (v.type) {
    case 'i32': return `i32:${v.value | 0}`;
    case 'i64': return `i64:${BigInt.asIntN(64, v.value)}`;
    case 'f32': return showF32Bits(v.bits);
    case 'f64': return showF64Bits(v.bits);
    case 'funcref':
    case 'externref': return showRef(v.type, v.value);
  }
}

export class CorralSide implements Side {
  readonly name: string;
  private readonly engine: CorralEngine;

  constructor(private readonly api: CorralApi, readonly mode: MemoryMode, timeoutMs = 20_000) {
    this.name = `corral/${mode}`;
    this.engine = new api.Engine({ memoryMode: mode, timeoutMs });
  }

  makeGlobal(type: TypeName, mutable: boolean, value: unknown): unknown {
    return new this.api.Global(this.engine, { value: type as 'i32', mutable }, value);
  }

  async instantiate(bytes: Uint8Array, imports: HostImports): Promise<SideInstance> {
    const module = await this.engine.compile(bytes);
    const instance: CorralInstance = await this.engine.instantiate(module, imports);
    return {
      call: async (name, sig, args) => {
        const results = await instance.call(name, args.map(toVal));
        if (results.length !== sig.results.length) throw new Error(`${name} returned ${results.length} values for ${sig.results.length} results`);
        return results.map(showVal);
      },
      global: (name) => showVal(instance.getGlobal(name)),
      memory: (name) => new Uint8Array((instance.exports[name] as CorralMemory).buffer).slice(),
      table: (name) => instance.exports[name] as CorralTable,
    };
  }

  classify(e: unknown): Ending {
    if (e instanceof HostError) return { kind: 'host-error', message: e.message };
    if (e instanceof this.api.Trap) return e.code === 'stack_overflow' ? { kind: 'exhaustion' } : { kind: 'trap', trap: trapClassOfCode(e.code) };
    if (e instanceof this.api.Unsupported) return { kind: 'unsupported', feature: e.feature };
    if (e instanceof this.api.LinkError) return { kind: 'link-error', message: e.message };
    return { kind: 'crash', message: describe(e) };
  }

  close(): void {
    this.engine.close();
  }
}
