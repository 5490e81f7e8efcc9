// The public Instance: its exports (JS API shaped), the bit-exact call
// interface (Val in, Val out), and release()/kill(). Everything it does is
// delegated to the instance's state, the call loop and the lifetime rules.
// It holds the instance's lifetime token (lifetime.ts): while it or an
// exported function is reachable, the instance stays.
// Only the public API and src/runtime/ import this.

import { ExternKind } from '../wasm/types.js';
import { callWithVals, callWithValsNow, killHandleOf, killInstance, type KillHandle } from './call.js';
import type { Engine } from './engine.js';
import { instantiate } from './instantiate.js';
import type { Module } from './module.js';
import { Global } from './global.js';
import type { InstanceState, Phase } from './instance-state.js';
import type { Memory } from './memory.js';
import type { FuncInfo } from './refs.js';
import type { Runtime } from './runtime.js';
import type { Table } from './table.js';
import type { ExportedFunction, ImportObject, Val } from './values.js';

export type ExportValue = ExportedFunction | Memory | Table | Global;

const releasedFunction = async (): Promise<never> => {
  throw new Error('corral: the instance was released');
};

export class Instance {
  /** Keeps the instance alive while this object is reachable (lifetime.ts). */
  private readonly token: object;
  private exportsCache: Readonly<Record<string, ExportValue>> | undefined;

  /**
   * engine.instantiate(module, imports) with the engine's limits, but the
   * Instance itself when it can be made at once (a ready shell of the module
   * and no start function: nothing to wait for), else a Promise of it. A
   * server making an instance per request spares the Promise and the
   * microtask turns. Throws (or rejects) as engine.instantiate rejects.
   *
   * `releasedByCaller`: the caller promises to release() (or kill()) the
   * instance itself, as a server does when its request ends. Nothing then
   * watches the Instance for collection (a FinalizationRegistry entry per
   * instance costs its registration and a cleanup after each collection);
   * an instance dropped without release() keeps its pool slot until the
   * engine closes.
   */
  static instantiateNow(engine: Engine, module: Module, imports?: ImportObject, options?: { readonly releasedByCaller?: boolean }): Instance | Promise<Instance> {
    const rt = engine.runtime;
    const owned = options?.releasedByCaller === true;
    const state = instantiate(engine, module, imports, {}, rt.config);
    return state instanceof Promise ? state.then((s) => new Instance(rt, s, owned)) : new Instance(rt, state, owned);
  }

  /** @internal Use Engine.instantiate. */
  constructor(private readonly rt: Runtime, private readonly state: InstanceState, releasedByCaller = false) {
    this.token = releasedByCaller ? rt.lifetimes.unwatchedToken(state) : rt.lifetimes.newToken(state);
  }

  /** The exports, made on first use (a wrapper per function costs time an instantiation need not spend). */
  get exports(): Readonly<Record<string, ExportValue>> {
    if (this.exportsCache !== undefined) return this.exportsCache;
    const state = this.state, rt = this.rt;
    // The wrappers hold this instance's token rather than a second one.
    if (!state.freed) rt.lifetimes.share(state, this.token);
    const out: Record<string, ExportValue> = Object.create(null) as Record<string, ExportValue>;
    for (const e of state.module.wasm.exports) {
      switch (e.kind) {
        // Once freed, a record may belong to another instance: a released instance's functions only refuse.
        case ExternKind.func: out[e.name] = state.freed ? releasedFunction : rt.refs.wrapperFor(state.funcRecords[e.index]!); break;
        case ExternKind.table: out[e.name] = state.tables[e.index]!; break;
        case ExternKind.memory: out[e.name] = state.memories[e.index]!; break;
        case ExternKind.global: out[e.name] = state.globals[e.index]!; break;
      }
    }
    this.exportsCache = Object.freeze(out);
    return this.exportsCache;
  }

  /**
   * One export by name, or undefined: the value `exports[name]` has, without
   * making the other exports (a wrapper per exported function is the costly
   * part of `exports` for a caller that needs one or two of them).
   */
  export(name: string): ExportValue | undefined {
    if (this.exportsCache !== undefined) return this.exportsCache[name];
    const state = this.state;
    const e = state.module.wasm.exports.find((x) => x.name === name);
    if (e === undefined) return undefined;
    switch (e.kind) {
      case ExternKind.func: return this.exports[name];
      case ExternKind.table: return state.tables[e.index];
      case ExternKind.memory: return state.memories[e.index];
      case ExternKind.global: return state.globals[e.index];
    }
    return undefined;
  }

  /**
   * Ends the instance: a call in progress is killed (see kill), later calls
   * throw, and its guest, memory and tables go back to the engine's pool as
   * soon as no live instance of its group can reach them. Exported memories,
   * tables and globals become unusable. Idempotent.
   */
  release(): void {
    if (this.state.freed) return;
    killInstance(this.rt, this.state);
  }

  /**
   * Ends the instance in any state: idle at once; running (interrupted at the
   * next loop header or call), suspended in a host call or interrupted, the
   * call in progress rejects with Trap 'interrupted' (limit 'killed').
   * Then as release().
   */
  kill(): void {
    this.release();
  }

  /**
   * A handle another thread (a worker) can pass to killByHandle to kill this
   * instance even while its guest is running on this thread.
   */
  get killHandle(): KillHandle {
    return killHandleOf(this.state);
  }

  /** The lifecycle state (instance-state.ts): idle, running, in_host_call, interrupted or killed. */
  get phase(): Phase {
    return this.state.phase;
  }

  /** Calls an exported function with typed values; floats travel as raw bits. */
  call(name: string, args: readonly Val[] = []): Promise<Val[]> {
    // Not async: returning callWithVals' Promise from an async function would cost two more turns.
    let f;
    try {
      f = this.exportedFunction(name);
    } catch (e) {
      return Promise.reject(e);
    }
    return callWithVals(this.rt, f, args);
  }

  /**
   * call(), but the results themselves when the call never had to wait (its
   * imports answered with plain values and it ran within its slice), else a
   * Promise of them; a failure that happens at once is thrown. For hot paths
   * that would otherwise pay a Promise and its turns per call.
   */
  callNow(name: string, args: readonly Val[] = []): Val[] | Promise<Val[]> {
    return callWithValsNow(this.rt, this.exportedFunction(name), args);
  }

  /** The value of an exported global, bit-exact. */
  getGlobal(name: string): Val {
    this.checkLive();
    return this.state.globals[this.exportOf(name, ExternKind.global)]!.getVal();
  }

  /**
   * The function behind an export. Checked before the lookup: a released
   * instance's records, globals and tables may already serve a ready shell's
   * next tenant (shell.ts), whose function the record now names.
   */
  private exportedFunction(name: string): FuncInfo {
    this.checkLive();
    return this.rt.refs.info(this.state.funcRecords[this.exportOf(name, ExternKind.func)]!);
  }

  private checkLive(): void {
    if (this.state.released) throw new Error('corral: the instance was released');
  }

  private exportOf(name: string, kind: ExternKind): number {
    const e = this.state.module.wasm.exports.find((x) => x.name === name);
    if (e === undefined) throw new TypeError(`no export named "${name}"`);
    if (e.kind !== kind) throw new TypeError(`export "${name}" is not a ${kind === ExternKind.func ? 'function' : 'global'}`);
    return e.index;
  }
}
