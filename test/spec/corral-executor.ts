// The conformance runner's Executor backed by Corral itself, through the
// public API only (corral-api.ts): compile, instantiate against the script's
// registered instances and the `spectest` host module, call exports with
// bit-exact Vals, read globals. One executor per script (registrations and
// the spectest memory/table are per-script state); one Engine per memory mode
// is shared by the executors of a run.
//
// Invariants: outcomes are data, never thrown: Trap → 'trap' (code
// 'stack_overflow' → 'exhaustion'), LinkError → 'link-error', Unsupported →
// `unsupported:<feature>`; anything else the engine throws (a CompileError on
// a module parseModule accepted, an InternalError, a TypeError) is Corral's
// bug and comes back as a `bug:*` category so the ratchet names it instead of
// one crash hiding the rest of the script. Values never pass through a JS
// number. Only conformance entry points import this.

import type { CorralApi, CorralEngine, CorralInstance, Val } from './corral-api.js';
import type { ActionOutcome, Executor, InstanceHandle, InstantiateOutcome } from './executor.js';
import type { Value } from './values.js';

/** The spec phrases a link error's message must start with; Corral may name the import first. */
const LINK_PHRASES = ['unknown import', 'incompatible import type'];

/** The reference interpreter's spectest module, built from Corral's host objects. */
function spectest(api: CorralApi, engine: CorralEngine): Record<string, unknown> {
  const noop = (): void => undefined;
  const global = (value: 'i32' | 'i64' | 'f32' | 'f64', init: number | bigint): unknown => new api.Global(engine, { value, mutable: false }, init);
  return {
    print: noop,
    print_i32: noop,
    print_i64: noop,
    print_f32: noop,
    print_f64: noop,
    print_i32_f32: noop,
    print_f64_f64: noop,
    global_i32: global('i32', 666),
    global_i64: global('i64', 666n),
    global_f32: global('f32', 666.6),
    global_f64: global('f64', 666.6),
    table: new api.Table(engine, { element: 'funcref', initial: 10, maximum: 20 }),
    memory: new api.Memory(engine, { initial: 1, maximum: 2 }),
  };
}

function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]}` : String(e);
}

export class CorralExecutor implements Executor {
  private readonly registry: Map<string, Record<string, unknown>>;
  /** Script `ref.extern N` ↔ the JS object standing for it inside Corral. */
  private readonly externs = new Map<number, object>();
  private readonly externIds = new Map<unknown, number>();
  /** Function references get stable ids in order of first sight. */
  private readonly funcIds = new Map<unknown, number>();

  constructor(private readonly api: CorralApi, private readonly engine: CorralEngine) {
    this.registry = new Map([['spectest', spectest(api, engine)]]);
  }

  async instantiate(bytes: Uint8Array): Promise<InstantiateOutcome> {
    let module;
    try {
      module = await this.engine.compile(bytes);
    } catch (e) {
      if (e instanceof this.api.Unsupported) return { kind: 'unsupported', category: `unsupported:${e.feature}`, message: e.message };
      const category = e instanceof this.api.CompileError ? 'bug:compile-rejects-valid' : 'bug:compile-crash';
      return { kind: 'unsupported', category, message: describe(e) };
    }
    try {
      const instance = await this.engine.instantiate(module, Object.fromEntries(this.registry));
      return { kind: 'ok', instance: instance as unknown as InstanceHandle };
    } catch (e) {
      if (e instanceof this.api.LinkError) {
        const at = LINK_PHRASES.map((p) => e.message.indexOf(p)).find((i) => i >= 0);
        return { kind: 'link-error', message: at === undefined ? e.message : e.message.slice(at) };
      }
      if (e instanceof this.api.Trap) return { kind: 'trap', message: e.message };
      if (e instanceof this.api.Unsupported) return { kind: 'unsupported', category: `unsupported:${e.feature}`, message: e.message };
      return { kind: 'unsupported', category: 'bug:instantiate-crash', message: describe(e) };
    }
  }

  register(as: string, instance: InstanceHandle): void {
    this.registry.set(as, (instance as unknown as CorralInstance).exports);
  }

  async invoke(instance: InstanceHandle, field: string, args: readonly Value[]): Promise<ActionOutcome> {
    const inst = instance as unknown as CorralInstance;
    let vals: readonly Val[];
    try {
      vals = args.map((a) => this.toVal(a));
    } catch (e) {
      return { kind: 'unsupported', category: `unsupported:${args.some((a) => a.type === 'v128') ? 'simd' : 'argument'}`, message: describe(e) };
    }
    return this.outcome(() => inst.call(field, vals));
  }

  async get(instance: InstanceHandle, field: string): Promise<ActionOutcome> {
    const inst = instance as unknown as CorralInstance;
    return this.outcome(async () => [inst.getGlobal(field)]);
  }

  private async outcome(run: () => Promise<readonly Val[]>): Promise<ActionOutcome> {
    try {
      const results = await run();
      return { kind: 'values', values: results.map((v) => this.fromVal(v)) };
    } catch (e) {
      if (e instanceof this.api.Trap) {
        if (e.code === 'stack_overflow') return { kind: 'exhaustion', message: e.message };
        return { kind: 'trap', message: e.message };
      }
      if (e instanceof this.api.Unsupported) return { kind: 'unsupported', category: `unsupported:${e.feature}`, message: e.message };
      return { kind: 'unsupported', category: 'bug:call-crash', message: describe(e) };
    }
  }

  private externObject(id: number): object {
    let o = this.externs.get(id);
    if (o === undefined) {
      o = { externId: id };
      this.externs.set(id, o);
      this.externIds.set(o, id);
    }
    return o;
  }

  private toVal(v: Value): Val {
    switch (v.type) {
      case 'i32': return { type: 'i32', value: v.bits | 0 };
      case 'i64': return { type: 'i64', value: BigInt.asIntN(64, v.bits) };
      case 'f32': return { type: 'f32', bits: v.bits >>> 0 };
      case 'f64': return { type: 'f64', bits: BigInt.asUintN(64, v.bits) };
      case 'externref': return { type: 'externref', value: v.ref === null ? null : this.externObject(v.ref) };
      case 'funcref':
        if (v.ref === null) return { type: 'funcref', value: null };
        throw new TypeError('scripts pass no non-null function references');
      case 'v128': throw new TypeError('v128 values cannot cross the Val interface');
    }
  }

  private fromVal(v: Val): Value {
    switch (v.type) {
      case 'i32': return { type: 'i32', bits: v.value >>> 0 };
      case 'i64': return { type: 'i64', bits: BigInt.asUintN(64, v.value) };
      case 'f32': return { type: 'f32', bits: v.bits >>> 0 };
      case 'f64': return { type: 'f64', bits: BigInt.asUintN(64, v.bits) };
      case 'externref':
        // A null externref is JS null; any other value came from a script's ref.extern (or is foreign: -1).
        return { type: 'externref', ref: v.value === null ? null : this.externIds.get(v.value) ?? -1 };
      case 'funcref': {
        if (v.value === null) return { type: 'funcref', ref: null };
        if (!this.funcIds.has(v.value)) this.funcIds.set(v.value, this.funcIds.size);
        return { type: 'funcref', ref: this.funcIds.get(v.value)! };
      }
    }
  }
}
