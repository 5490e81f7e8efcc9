// An Executor backed by Node's own WebAssembly (V8), used only to test the
// conformance runner itself: run the suite's execution assertions through V8
// (which passes them all) and any failure is the runner's — its value
// parsing, matching, or script bookkeeping. Never Corral's engine.
//
// Invariants: no float or v128 ever crosses JavaScript as such: V8 may quiet
// or canonicalise a NaN held in a JS number, and v128 cannot cross at all.
// Functions and globals of those types are reached through tiny wasm
// wrappers that carry each value as integers (CARRIER), so every bit pattern
// arrives exactly. Function signatures come
// from a minimal reader of the binary's type/import/function/global/export
// sections, since Node 20 has no WebAssembly type reflection.
// Only tests import this.

import { watToBinary } from '../../src/wasm/text.js';
import type { ActionOutcome, Executor, InstanceHandle, InstantiateOutcome } from './executor.js';
import type { Value } from './values.js';

type ValTypeName = 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'funcref' | 'externref';
const VALTYPES: Record<number, ValTypeName> = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128', 0x70: 'funcref', 0x6f: 'externref' };

interface Signature {
  readonly params: readonly ValTypeName[];
  readonly results: readonly ValTypeName[];
}

/** Export name → its function signature or global type. */
interface ExportTypes {
  readonly funcs: Map<string, Signature>;
  readonly globals: Map<string, GlobalType>;
}

interface GlobalType {
  readonly type: ValTypeName;
  readonly mutable: boolean;
}

class MiniReader {
  pos = 0;
  constructor(readonly b: Uint8Array) {}
  byte(): number {
    return this.b[this.pos++]!;
  }
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.byte();
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
    }
  }
  name(): string {
    const n = this.u32();
    this.pos += n;
    return new TextDecoder('utf-8', { ignoreBOM: true }).decode(this.b.subarray(this.pos - n, this.pos));
  }
  valtype(): ValTypeName {
    return VALTYPES[this.byte()] ?? 'i32';
  }
  limits(): void {
    const flags = this.byte();
    this.u32();
    if (flags & 1) this.u32();
  }
  /** Skips a constant expression, immediates included. */
  constExpr(): void {
    for (;;) {
      const op = this.byte();
      if (op === 0x0b) return;
      if (op === 0x41 || op === 0x42 || op === 0x23 || op === 0xd2) this.u32();
      else if (op === 0x43) this.pos += 4;
      else if (op === 0x44) this.pos += 8;
      else if (op === 0xd0) this.byte();
      else if (op === 0xfd) this.pos += this.u32() === 12 ? 16 : 0;
    }
  }
}

function exportTypes(bytes: Uint8Array): ExportTypes {
  const r = new MiniReader(bytes);
  r.pos = 8;
  const types: Signature[] = [];
  const funcs: number[] = []; // function index → type index
  const globals: GlobalType[] = [];
  const out: ExportTypes = { funcs: new Map(), globals: new Map() };
  while (r.pos < bytes.length) {
    const id = r.byte();
    const size = r.u32();
    const end = r.pos + size;
    if (id === 1) {
      for (let n = r.u32(); n > 0; n--) {
        r.byte();
        const params = Array.from({ length: r.u32() }, () => r.valtype());
        const results = Array.from({ length: r.u32() }, () => r.valtype());
        types.push({ params, results });
      }
    } else if (id === 2) {
      for (let n = r.u32(); n > 0; n--) {
        r.name();
        r.name();
        const kind = r.byte();
        if (kind === 0) funcs.push(r.u32());
        else if (kind === 1) (r.byte(), r.limits());
        else if (kind === 2) r.limits();
        else globals.push({ type: r.valtype(), mutable: r.byte() === 1 });
      }
    } else if (id === 3) {
      for (let n = r.u32(); n > 0; n--) funcs.push(r.u32());
    } else if (id === 6) {
      for (let n = r.u32(); n > 0; n--) {
        globals.push({ type: r.valtype(), mutable: r.byte() === 1 });
        r.constExpr();
      }
    } else if (id === 7) {
      for (let n = r.u32(); n > 0; n--) {
        const name = r.name();
        const kind = r.byte();
        const index = r.u32();
        if (kind === 0) out.funcs.set(name, types[funcs[index]!]!);
        if (kind === 3) out.globals.set(name, globals[index]!);
      }
    }
    r.pos = end;
  }
  return out;
}

interface V8Api {
  Module: { new (bytes: Uint8Array): object; imports(m: object): { module: string; name: string; kind: string }[] };
  Instance: new (m: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  Global: new (d: { value: string; mutable: boolean }, v: unknown) => { value: unknown };
  Table: new (d: { element: string; initial: number; maximum: number }) => object;
  Memory: new (d: { initial: number; maximum: number }) => object;
  LinkError: new () => Error;
  RuntimeError: new () => Error;
  CompileError: new () => Error;
}
const V8 = (globalThis as unknown as { WebAssembly: V8Api }).WebAssembly;

interface V8Instance {
  readonly exports: Record<string, unknown>;
  readonly types: ExportTypes;
  /** Integer-carrier wrappers (see carrierWrapper), by export name, built on first use. */
  readonly wrappers: Map<string, Promise<JsFunction>>;
}

type JsFunction = (...args: unknown[]) => unknown;

/**
 * How each type crosses JavaScript: as integers only, because V8 may quiet or
 * canonicalise a NaN held in a JS number (even just stored in an array).
 * f32 → i32 bits, f64 → i64 bits, v128 → two i64 halves (low first).
 */
const CARRIER: Record<ValTypeName, readonly ValTypeName[]> = {
  i32: ['i32'], i64: ['i64'], f32: ['i32'], f64: ['i64'], v128: ['i64', 'i64'], funcref: ['funcref'], externref: ['externref'],
};

function needsCarrier(types: readonly ValTypeName[]): boolean {
  return types.some((t) => t === 'f32' || t === 'f64' || t === 'v128');
}

/** Instructions rebuilding a value of type `t` from its carrier locals starting at `local`. */
function fromCarrier(t: ValTypeName, local: number): string {
  switch (t) {
    case 'f32': return `(f32.reinterpret_i32 (local.get ${local}))`;
    case 'f64': return `(f64.reinterpret_i64 (local.get ${local}))`;
    case 'v128': return `(i64x2.replace_lane 1 (i64x2.replace_lane 0 (v128.const i64x2 0 0) (local.get ${local})) (local.get ${local + 1}))`;
    default: return `(local.get ${local})`;
  }
}

/** Instructions pushing the carrier of `value` (an instruction producing type `t`). */
function toCarrier(t: ValTypeName, value: string): string {
  switch (t) {
    case 'f32': return `(i32.reinterpret_f32 ${value})`;
    case 'f64': return `(i64.reinterpret_f64 ${value})`;
    case 'v128': return `(i64x2.extract_lane 0 ${value}) (i64x2.extract_lane 1 ${value})`;
    default: return value;
  }
}

/** A module importing `t.f` of `sig` and exporting `w`: the same function over carriers. */
function carrierWrapper(sig: Signature): string {
  const { params, results } = sig;
  const args: string[] = [];
  let local = 0;
  for (const p of params) {
    args.push(fromCarrier(p, local));
    local += CARRIER[p].length;
  }
  const carriers = (ts: readonly ValTypeName[]): string => ts.flatMap((t) => CARRIER[t]).join(' ');
  const resultLocals = results.map((t, i) => `(local $r${i} ${t})`).join(' ');
  const saves = results.map((_, i) => `(local.set $r${results.length - 1 - i})`).join(' ');
  const pushes = results.map((t, i) => toCarrier(t, `(local.get $r${i})`)).join(' ');
  return `(module
    (import "t" "f" (func $f (param ${params.join(' ')}) (result ${results.join(' ')})))
    (func (export "w") (param ${carriers(params)}) (result ${carriers(results)}) ${resultLocals}
      (call $f ${args.join(' ')}) ${saves} ${pushes}))`;
}

/** A module importing global `t.g` and exporting `w`, returning its carrier. */
function globalWrapper(g: GlobalType): string {
  const type = g.mutable ? `(mut ${g.type})` : g.type;
  return `(module (import "t" "g" (global $g ${type}))
    (func (export "w") (result ${CARRIER[g.type].join(' ')}) ${toCarrier(g.type, '(global.get $g)')}))`;
}

/** V8's trap messages → the spec's. */
const TRAP_MESSAGES: [RegExp, string][] = [
  [/unreachable/, 'unreachable'],
  [/divide by zero|remainder by zero/, 'integer divide by zero'],
  [/divide result unrepresentable/, 'integer overflow'],
  [/float unrepresentable/, 'invalid conversion to integer'],
  [/memory access out of bounds|data segment (is )?out of bounds/, 'out of bounds memory access'],
  [/table index is out of bounds|element segment (is )?out of bounds|table access/, 'out of bounds table access'],
  [/null function|function signature mismatch/, 'indirect call'],
];

function spectest(): Record<string, unknown> {
  const noop = (): void => undefined;
  return {
    print: noop, print_i32: noop, print_i64: noop, print_f32: noop, print_f64: noop, print_i32_f32: noop, print_f64_f64: noop,
    global_i32: new V8.Global({ value: 'i32', mutable: false }, 666),
    global_i64: new V8.Global({ value: 'i64', mutable: false }, 666n),
    global_f32: new V8.Global({ value: 'f32', mutable: false }, 666.6),
    global_f64: new V8.Global({ value: 'f64', mutable: false }, 666.6),
    table: new V8.Table({ element: 'anyfunc', initial: 10, maximum: 20 }),
    memory: new V8.Memory({ initial: 1, maximum: 2 }),
  };
}

export class V8Executor implements Executor {
  private readonly registry = new Map<string, Record<string, unknown>>([['spectest', spectest()]]);
  private readonly externs = new Map<number, object>();
  private readonly externIds = new Map<unknown, number>();
  private readonly funcIds = new Map<unknown, number>();

  async instantiate(bytes: Uint8Array): Promise<InstantiateOutcome> {
    try {
      const module = new V8.Module(bytes);
      const imports: Record<string, Record<string, unknown>> = {};
      for (const imp of V8.Module.imports(module)) {
        const ns = this.registry.get(imp.module);
        if (ns === undefined || !(imp.name in ns)) return { kind: 'link-error', message: `unknown import ${imp.module}.${imp.name}` };
        (imports[imp.module] ??= {})[imp.name] = ns[imp.name];
      }
      const instance = new V8.Instance(module, imports);
      const handle: V8Instance = { exports: instance.exports, types: exportTypes(bytes), wrappers: new Map() };
      return { kind: 'ok', instance: handle as unknown as InstanceHandle };
    } catch (e) {
      if (e instanceof V8.LinkError) return { kind: 'link-error', message: `incompatible import type (${e.message})` };
      if (e instanceof V8.RuntimeError) return { kind: 'trap', message: this.trapMessage(e) };
      throw e;
    }
  }

  register(as: string, instance: InstanceHandle): void {
    this.registry.set(as, (instance as unknown as V8Instance).exports);
  }

  private trapMessage(e: Error): string {
    return TRAP_MESSAGES.find(([re]) => re.test(e.message))?.[1] ?? e.message;
  }

  /** The carrier arguments of one value (see CARRIER). */
  private toJs(v: Value): unknown[] {
    switch (v.type) {
      case 'i32': return [v.bits | 0];
      case 'i64': return [BigInt.asIntN(64, v.bits)];
      case 'f32': return [v.bits | 0];
      case 'f64': return [BigInt.asIntN(64, v.bits)];
      case 'v128': {
        const view = new DataView(v.bytes.buffer, v.bytes.byteOffset, 16);
        return [view.getBigInt64(0, true), view.getBigInt64(8, true)];
      }
      default: {
        if (v.ref === null) return [null];
        let o = this.externs.get(v.ref);
        if (o === undefined) {
          o = { extern: v.ref };
          this.externs.set(v.ref, o);
          this.externIds.set(o, v.ref);
        }
        return [o];
      }
    }
  }

  /** Rebuilds one value of type `t` from its carriers `xs`. */
  private fromJs(t: ValTypeName, xs: readonly unknown[]): Value {
    const x = xs[0];
    switch (t) {
      case 'i32': return { type: t, bits: (x as number) >>> 0 };
      case 'i64': return { type: t, bits: BigInt.asUintN(64, x as bigint) };
      case 'f32': return { type: t, bits: (x as number) >>> 0 };
      case 'f64': return { type: t, bits: BigInt.asUintN(64, x as bigint) };
      case 'v128': {
        const bytes = new Uint8Array(16);
        const view = new DataView(bytes.buffer);
        view.setBigUint64(0, BigInt.asUintN(64, x as bigint), true);
        view.setBigUint64(8, BigInt.asUintN(64, xs[1] as bigint), true);
        return { type: t, bytes };
      }
      case 'externref': return { type: t, ref: x === null ? null : this.externIds.get(x) ?? -1 };
      case 'funcref': {
        if (x === null) return { type: t, ref: null };
        if (!this.funcIds.has(x)) this.funcIds.set(x, this.funcIds.size);
        return { type: t, ref: this.funcIds.get(x)! };
      }
    }
  }

  /** Calls `f` and rebuilds its results from their carriers. */
  private run(f: () => unknown, results: readonly ValTypeName[]): ActionOutcome {
    try {
      const out = f();
      const count = results.reduce((n, t) => n + CARRIER[t].length, 0);
      const list = count === 1 ? [out] : count === 0 ? [] : (out as unknown[]);
      const values: Value[] = [];
      let at = 0;
      for (const t of results) {
        const n = CARRIER[t].length;
        values.push(this.fromJs(t, list.slice(at, at + n)));
        at += n;
      }
      return { kind: 'values', values };
    } catch (e) {
      if (e instanceof V8.RuntimeError) return { kind: 'trap', message: this.trapMessage(e) };
      if (e instanceof RangeError && /call stack/.test(e.message)) return { kind: 'exhaustion', message: 'call stack exhausted' };
      throw e;
    }
  }

  private async wrap(text: string, imports: Record<string, unknown>): Promise<JsFunction> {
    const module = new V8.Module(await watToBinary(text));
    return new V8.Instance(module, { t: imports }).exports['w'] as JsFunction;
  }

  async invoke(instance: InstanceHandle, field: string, args: readonly Value[]): Promise<ActionOutcome> {
    const inst = instance as unknown as V8Instance;
    const sig = inst.types.funcs.get(field);
    const fn = inst.exports[field];
    if (sig === undefined || typeof fn !== 'function') return { kind: 'trap', message: `no exported function ${field}` };
    let target = fn as JsFunction;
    if (needsCarrier([...sig.params, ...sig.results])) {
      let wrapper = inst.wrappers.get(field);
      if (wrapper === undefined) {
        wrapper = this.wrap(carrierWrapper(sig), { f: fn });
        inst.wrappers.set(field, wrapper);
      }
      target = await wrapper;
    }
    const jsArgs = args.flatMap((a) => this.toJs(a));
    return this.run(() => target(...jsArgs), sig.results);
  }

  async get(instance: InstanceHandle, field: string): Promise<ActionOutcome> {
    const inst = instance as unknown as V8Instance;
    const type = inst.types.globals.get(field);
    const global = inst.exports[field] as { value: unknown } | undefined;
    if (type === undefined || global === undefined) return { kind: 'trap', message: `no exported global ${field}` };
    if (needsCarrier([type.type])) {
      const read = await this.wrap(globalWrapper(type), { g: global });
      return this.run(() => read(), [type.type]);
    }
    return this.run(() => global.value, [type.type]);
  }
}
