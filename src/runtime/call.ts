// The call loop: running a function on its instance's guest and serving what
// the guest asks for until it is done.
//
//   enter(guest, entry thunk, code) ─► DONE         results in the area
//                                  ├─► TRAP         → Trap with code and backtrace
//                                  ├─► HOSTCALL     JS import or runtime call, then resume
//                                  └─► INTERRUPTED  past the deadline → Trap('interrupted'), else
//                                                   resume at its next turn (time slicing:
//                                                   one guest slice per event-loop iteration)
//
// Limits (instance-state.ts CallLimits): the deadline covers the whole call,
// time awaiting async imports included; the slice re-arms the interrupt timer
// at every (re)entry; fuel is refilled per call; the engine-wide count of
// pending host calls is capped. Each ends the call with a Trap naming the
// limit. kill() (killInstance) works in every phase (instance-state.ts).
//
// Arguments and results travel as raw 64-bit slots (values.ts). A host call's
// values live in the area of the instance that made it (hostcall_vmctx), which
// may be any member of the running group. A JS import that throws abandons
// the guest (end) and the call rejects with that error.
//
// Invariants: one run per group at a time (group.ts); a guest left suspended
// by any failure is ended before the error propagates; a call into a group
// from inside one of that group's own host calls (found through
// AsyncLocalStorage, so async imports count too) is refused, since the group's
// stack is busy below it. Only src/runtime/ imports this.

import { NO_THUNK } from '../compiler/compiled-module.js';
import { AsyncLocalStorage } from 'node:async_hooks';
import { FUNC_RECORD, RUNTIME_CALL_BASE } from '../abi/layout.js';
import { AREA_SLOTS, RunStatusId, VMCTX } from '../abi/vmctx.js';
import { Unsupported } from '../compiler/errors.js';
import { ValType, type FuncType } from '../wasm/types.js';
import { trapOf } from './backtrace.js';
import { Trap } from './errors.js';
import { Group } from './group.js';
import type { InstanceState } from './instance-state.js';
import { native, type GuestArea, type GuestId } from './native.js';
import type { FuncInfo, HostFunc, WasmFunc } from './refs.js';
import { runtimeCall } from './runtime-calls.js';
import type { Runtime } from './runtime.js';
import { jsToRaw, rawToJs, rawToVal, readSlotJs, valToRaw, writeSlotJs, type ExportedFunction, type Val } from './values.js';

interface HostCallFrame {
  readonly member: InstanceState;
  done: boolean;
  readonly parent: HostCallFrame | undefined;
}

const hostCalls = new AsyncLocalStorage<HostCallFrame>();

/** Calls a function with raw arguments; resolves to its raw results. */
export function invokeRaw(rt: Runtime, f: FuncInfo, args: readonly bigint[]): Promise<bigint[]> {
  return f.kind === 'wasm' ? runWasm(rt, f, args) : runHost(rt, f, args);
}

/** The JS face of a function: JS API conversions both ways, a Promise of the result(s). */
export function makeExportedFunction(rt: Runtime, f: FuncInfo): ExportedFunction {
  const { params, results } = f.type;
  // The wrapper keeps its instance alive (lifetime.ts): it is a handle that can call in.
  const token = rt.lifetimes.tokenOf(f.owner);
  const fn = async (...args: unknown[]): Promise<unknown> => {
    void token; // referenced, so the closure holds it
    const raw = params.map((t, i) => jsToRaw(t, args[i], rt.refs));
    joinFuncrefs(rt, f.owner, params, raw);
    const out = await invokeRaw(rt, f, raw);
    if (results.length === 0) return undefined;
    if (results.length === 1) return rawToJs(results[0]!, out[0]!, rt.refs);
    return results.map((t, i) => rawToJs(t, out[i]!, rt.refs));
  };
  Object.defineProperty(fn, 'length', { value: params.length });
  // The JS API names an exported function by its index.
  Object.defineProperty(fn, 'name', { value: String(f.kind === 'wasm' ? f.funcIndex : 'host') });
  return fn;
}

/** The bit-exact face: Vals in, Vals out. */
export async function callWithVals(rt: Runtime, f: FuncInfo, args: readonly Val[]): Promise<Val[]> {
  const { params, results } = f.type;
  if (!Array.isArray(args) || args.length !== params.length) {
    throw new TypeError(`expected ${params.length} argument(s), got ${Array.isArray(args) ? args.length : 'no array'}`);
  }
  const raw = params.map((t, i) => valToRaw(t, args[i]!, rt.refs));
  joinFuncrefs(rt, f.owner, params, raw);
  const out = await invokeRaw(rt, f, raw);
  return results.map((t, i) => rawToVal(t, out[i]!, rt.refs));
}

/** A funcref handed to a group may be called from it: its owner joins the group. */
function joinFuncrefs(rt: Runtime, into: InstanceState, types: readonly ValType[], raw: readonly bigint[]): void {
  for (let i = 0; i < types.length; i++) {
    if (types[i] === ValType.funcref && raw[i] !== 0n) Group.join(into, rt.refs.info(Number(raw[i])).owner);
  }
}

function refuseReentry(inst: InstanceState): void {
  for (let f = hostCalls.getStore(); f !== undefined; f = f.parent) {
    if (!f.done && f.member.group === inst.group) {
      throw new Error('corral: re-entrant call not supported yet: a host function called back into the instances that are calling it');
    }
  }
}


const DONE = RunStatusId.done, TRAP = RunStatusId.trap, HOSTCALL = RunStatusId.hostcall, INTERRUPTED = RunStatusId.interrupted;

async function runWasm(rt: Runtime, f: WasmFunc, args: readonly bigint[]): Promise<bigint[]> {
  rt.check();
  const inst = f.owner;
  if (killRequested(inst) && !inst.released) killInstance(rt, inst);
  if (inst.released) throw releasedError();
  const nres = f.type.results.length;
  if (args.length > AREA_SLOTS || nres > AREA_SLOTS) {
    throw new Unsupported('many-values', `calls from the host pass at most ${AREA_SLOTS} arguments and results`);
  }
  refuseReentry(inst);
  if (!Group.tryAcquire(inst)) await Group.acquire(inst);
  const { guest, area, limits } = inst;
  const ctl: RunControl = { runner: inst, killed: false, abort: undefined };
  inst.group.control = ctl;
  const timeout = limits.timeoutMs, slice = limits.sliceMs;
  const timed = timeout !== undefined || slice !== undefined;
  let st: number = DONE;
  try {
    rt.check();
    if (inst.released) throw releasedError();
    Group.prepareRunner(inst);
    if (limits.fuel !== undefined) refuel(inst);
    const base = area.areaIndex;
    for (let k = 0; k < args.length; k++) area.words[base + k] = args[k]!;
    const deadline = timeout === undefined ? Infinity : performance.now() + timeout;
    const compiled = inst.module.compiled;
    const thunk = compiled.entryThunks[f.typeIndex]!;
    if (thunk === NO_THUNK) throw new Unsupported('many-values', `calls from the host pass at most ${AREA_SLOTS} arguments and results`);
    const entry = inst.module.imageAddress + thunk;
    if (timed) arm(guest, deadline, slice);
    inst.phase = 'running';
    st = native.enter(guest, entry, rt.heap.readAddr(f.record + FUNC_RECORD.code));
    for (;;) {
      if (st === DONE) {
        const out: bigint[] = [];
        for (let k = 0; k < nres; k++) out.push(area.words[base + k]!);
        return out;
      } else if (st === TRAP) {
        const t = trapOf(rt, guest, area);
        if (t.code === 'out_of_fuel') throw new Trap('out_of_fuel', t.frames, undefined, 'fuel');
        throw t;
      }
      if (ctl.killed || killRequested(inst)) {
        if (!ctl.killed) killInstance(rt, inst);
        throw killedTrap();
      }
      if (st === HOSTCALL) {
        inst.phase = 'in_host_call';
        await serveHostCall(rt, inst, area, ctl, deadline);
        rt.check(); // the engine may have closed while an async import ran
        if (ctl.killed) throw killedTrap();
      } else if (st === INTERRUPTED) {
        if (performance.now() >= deadline) throw deadlineTrap(timeout!);
        // The slice is spent: let timers, I/O and other guests run, then continue.
        inst.phase = 'interrupted';
        await nextTurn(rt, ctl);
        rt.check();
        if (ctl.killed) throw killedTrap();
        if (performance.now() >= deadline) throw deadlineTrap(timeout!);
      } else {
        throw new Error(`corral: unknown run status ${st}`);
      }
      if (timed) arm(guest, deadline, slice);
      inst.phase = 'running';
      st = native.resume(guest);
    }
  } catch (e) {
    if ((st === HOSTCALL || st === INTERRUPTED) && !rt.closed) native.end(guest);
    throw e;
  } finally {
    if (timed && !rt.closed) native.interruptAfter(guest, -1);
    inst.phase = inst.released ? 'killed' : 'idle';
    const group = inst.group;
    group.control = undefined;
    Group.release(inst);
    if (!rt.closed) rt.lifetimes.tryFreeIfDead(group);
  }
}

/** What code outside a run may do to it: kill it, and wake the wait it is in. */
export interface RunControl {
  readonly runner: InstanceState;
  killed: boolean;
  /** Rejects the wait in progress (an async import or a slice's turn), if any. */
  abort: ((e: Error) => void) | undefined;
}

/** Ends `inst` in whatever state it is (instance-state.ts lists the transitions), then releases it. */
export function killInstance(rt: Runtime, inst: InstanceState): void {
  if (inst.freed) return;
  const ctl = inst.group.control;
  if (ctl !== undefined && !ctl.killed && !rt.closed) {
    ctl.killed = true;
    // Running: the interrupt word makes the guest yield at its next poll. Waiting: wake the wait.
    native.interruptAfter(ctl.runner.guest, 0);
    ctl.abort?.(killedTrap());
  }
  inst.released = true;
  if (ctl === undefined) inst.phase = 'killed';
  rt.lifetimes.release(inst);
}

/** Another thread asked for a kill (killByHandle): the flag is shared memory. */
function killRequested(inst: InstanceState): boolean {
  const f = inst.killFlag;
  return f !== undefined && Atomics.load(f, 0) !== 0;
}

/** What another thread needs to kill an instance: structured-clonable (postMessage). */
export interface KillHandle {
  readonly guest: number;
  readonly flag: SharedArrayBuffer;
}

export function killHandleOf(inst: InstanceState): KillHandle {
  inst.killFlag ??= new Int32Array(new SharedArrayBuffer(4));
  return { guest: inst.guest, flag: inst.killFlag.buffer as SharedArrayBuffer };
}

/**
 * Kills the instance behind `handle` from any thread, even while its guest
 * runs: sets the shared flag, then raises the guest's interrupt word. The
 * owner thread ends the run at the guest's next poll; an idle instance is
 * released at its next call.
 */
export function killByHandle(handle: KillHandle): void {
  Atomics.store(new Int32Array(handle.flag), 0, 1);
  native.interruptAfter(handle.guest as GuestId, 0);
}

const releasedError = () => new Error('corral: the instance was released');
const killedTrap = () => new Trap('interrupted', [], '(killed)', 'killed');
const deadlineTrap = (ms: number) => new Trap('interrupted', [], `(deadline of ${ms} ms)`, 'deadline');

/** Raises the guest's interrupt word at the end of its slice or at the deadline, whichever is first. */
function arm(guest: GuestId, deadline: number, slice: number | undefined): void {
  const left = deadline === Infinity ? Infinity : Math.max(0, deadline - performance.now());
  const ms = slice === undefined ? left : Math.min(slice, left);
  if (ms !== Infinity) native.interruptAfter(guest, Math.max(ms, 0.001));
}

/**
 * Guests whose slice is spent wait here for their next turn. One guest is
 * resumed per event-loop iteration (each resume runs up to a slice), so with
 * K CPU-bound guests timers and I/O still get a turn after every slice, not
 * after K of them. Round robin: the queue is FIFO.
 */
const turns: { resolve: () => void }[] = [];
let turnScheduled = false;

function runNextTurn(): void {
  turnScheduled = false;
  const t = turns.shift();
  if (turns.length > 0) scheduleTurn();
  t?.resolve();
}

function scheduleTurn(): void {
  if (turnScheduled) return;
  turnScheduled = true;
  setImmediate(runNextTurn);
}

/** Resolves at the guest's next turn (after the event loop has run timers and I/O), unless the run is killed first. */
function nextTurn(rt: Runtime, ctl: RunControl): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const turn = {
      resolve: () => {
        ctl.abort = undefined;
        rt.waits.delete(abort);
        resolve();
      },
    };
    const abort = (e: Error) => {
      const i = turns.indexOf(turn);
      if (i >= 0) turns.splice(i, 1);
      ctl.abort = undefined;
      rt.waits.delete(abort);
      reject(e);
    };
    turns.push(turn);
    scheduleTurn();
    ctl.abort = abort;
    rt.waits.add(abort);
  });
}

/** Awaits an async import's result, unless the deadline passes or the run is killed first. */
function awaitImport(rt: Runtime, p: PromiseLike<unknown>, ctl: RunControl, deadline: number, timeoutMs: number | undefined): Promise<unknown> {
  return new Promise<unknown>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const abort = (e: Error) => { settle(); reject(e); };
    const settle = () => {
      if (timer !== undefined) clearTimeout(timer);
      ctl.abort = undefined;
      rt.waits.delete(abort);
    };
    if (deadline !== Infinity) {
      timer = setTimeout(() => { settle(); reject(deadlineTrap(timeoutMs!)); }, Math.max(0, deadline - performance.now()));
    }
    ctl.abort = abort;
    rt.waits.add(abort);
    p.then((v) => { settle(); resolve(v); }, (e: unknown) => { settle(); reject(e); });
  });
}

/**
 * Compiled code charges fuel to its own instance's vmctx (r15), so every
 * instance of the group gets its per-call budget (a shared budget would need
 * the compiler to charge the runner's).
 */
function refuel(inst: InstanceState): void {
  for (const m of inst.group.members) {
    if (m.runGuest === undefined) continue;
    const s = m as InstanceState;
    const fuel = s.limits.fuel;
    if (fuel !== undefined) s.area.setField('fuel', fuel);
  }
}

/** Serves the pending host call of the runner's run: a runtime call or a JS import. */
async function serveHostCall(rt: Runtime, runner: InstanceState, area: GuestArea, ctl: RunControl, deadline: number): Promise<void> {
  const index = area.i32[VMCTX.hostcall_index / 4]! >>> 0;
  const lo = area.i32[VMCTX.hostcall_vmctx / 4]! >>> 0, hi = area.i32[VMCTX.hostcall_vmctx / 4 + 1]! >>> 0;
  const callee = rt.instances.get(hi * 0x100000000 + lo);
  if (callee === undefined) throw new Error('corral: host call from an unknown instance');
  if (index >= RUNTIME_CALL_BASE) {
    runtimeCall(rt, callee, index - RUNTIME_CALL_BASE);
    return;
  }
  const h = callee.hostImports[index];
  if (h === undefined) throw new Error(`corral: host call to import ${index}, which is not a host function`);
  const carea = callee.area, base = carea.areaIndex;
  const { params, results } = h.type;
  const jsArgs: unknown[] = [];
  for (let k = 0; k < params.length; k++) jsArgs.push(readSlotJs(carea, base + k, params[k]!, rt.refs));
  const max = runner.limits.maxHostCalls;
  if (max !== undefined && rt.pendingHostCalls >= max) {
    throw new Trap('host_error', [], `(${rt.pendingHostCalls} host calls pending, the limit is ${max})`, 'host_calls');
  }
  const frame: HostCallFrame = { member: runner, done: false, parent: hostCalls.getStore() };
  let r: unknown;
  rt.pendingHostCalls++;
  try {
    r = hostCalls.run(frame, () => h.fn(...jsArgs));
    if (isThenable(r)) r = await awaitImport(rt, r, ctl, deadline, runner.limits.timeoutMs);
  } finally {
    frame.done = true;
    rt.pendingHostCalls--;
  }
  if (results.length === 1 && results[0] !== ValType.funcref) {
    writeSlotJs(carea, base, results[0]!, r, rt.refs);
    return;
  }
  const raw = resultsToRaw(rt, h.type, r);
  joinFuncrefs(rt, callee, results, raw);
  for (let k = 0; k < raw.length; k++) carea.words[base + k] = raw[k]!;
}

/** Calling a JS import from JS (it was re-exported): conversions only, no guest. */
async function runHost(rt: Runtime, h: HostFunc, args: readonly bigint[]): Promise<bigint[]> {
  const jsArgs = h.type.params.map((t, i) => rawToJs(t, args[i]!, rt.refs));
  let r = h.fn(...jsArgs);
  if (isThenable(r)) r = await r;
  return resultsToRaw(rt, h.type, r);
}

function resultsToRaw(rt: Runtime, type: FuncType, r: unknown): bigint[] {
  const results = type.results;
  if (results.length === 0) return [];
  if (results.length === 1) return [jsToRaw(results[0]!, r, rt.refs)];
  if (r === null || typeof r !== 'object' || !(Symbol.iterator in r)) {
    throw new TypeError(`a host function returning ${results.length} values must return an iterable`);
  }
  const values = [...(r as Iterable<unknown>)];
  if (values.length !== results.length) throw new TypeError(`a host function returned ${values.length} values, expected ${results.length}`);
  return results.map((t, i) => jsToRaw(t, values[i], rt.refs));
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return (typeof v === 'object' || typeof v === 'function') && v !== null && typeof (v as { then?: unknown }).then === 'function';
}
