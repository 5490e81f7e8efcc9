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
// at every (re)entry, through enter/resume themselves (no native call of its
// own), and the guest's return disarms it natively; fuel is refilled per call; the engine-wide count of
// pending host calls is capped. Each ends the call with a Trap naming the
// limit. kill() (killInstance) works in every phase (instance-state.ts).
//
// Arguments and results travel as raw 64-bit slots (values.ts). A host call's
// values live in the area of the instance that made it (hostcall_vmctx), which
// may be any member of the running group. A JS import that throws abandons
// the guest (end) and the call rejects with that error.
//
// A run is synchronous until it must wait: a call whose imports answer with
// plain values settles with no Promise made and no microtask turn, and the
// slice timer armed at entry stays armed across such host calls (the event
// loop had no turn, so the slice goes on). Only a wait (an async import, a
// spent slice, a busy group) makes the rest of the run a Promise; the
// deadline then has one timer per run, made at its first wait.
//
// Re-entry: a call into a group from inside one of that group's own host
// calls is refused, since the group's stack is busy below it. During the
// synchronous part of an import the call is found through a plain frame
// stack. After an import's own awaits it is found through AsyncLocalStorage,
// which follows async functions and imports of a module that have returned a
// Promise before: following every import would install promise hooks that
// tax every Promise of the process (a sixth of a hello-world server's time).
// The first Promise of a non-async import is not followed: a re-entrant call
// from its continuation waits for the group instead of failing (the run's
// deadline ends it). An engine made with asyncReentryCheck: false follows
// none (its host promised no such calls): no promise hooks at all.
//
// Invariants: one run per group at a time (group.ts); a guest left suspended
// by any failure is ended before the error propagates.
// Only src/runtime/ imports this.

import { NO_THUNK } from '../compiler/compiled-module.js';
import { AsyncLocalStorage } from 'node:async_hooks';
import { FUNC_RECORD, RUNTIME_CALL_BASE } from '../abi/layout.js';
import { AREA_SLOTS, RunStatusId, VMCTX } from '../abi/vmctx.js';
import { Unsupported } from '../compiler/errors.js';
import { ValType, type FuncType } from '../wasm/types.js';
import { trapOf } from './backtrace.js';
import { Trap } from './errors.js';
import { Group } from './group.js';
import { atTurnEnd } from './turn-end.js';
import type { InstanceState } from './instance-state.js';
import { native, type GuestArea, type GuestId } from './native.js';
import type { FuncInfo, HostFunc, HostFunction, WasmFunc } from './refs.js';
import { runtimeCall } from './runtime-calls.js';
import type { Module } from './module.js';
import type { Runtime } from './runtime.js';
import { jsToRaw, rawToJs, rawToVal, readSlotJs, valToRaw, writeSlotJs, type ExportedFunction, type Val } from './values.js';

interface HostCallFrame {
  readonly member: InstanceState;
  done: boolean;
  readonly parent: HostCallFrame | undefined;
}

/** Host calls whose imports' awaits are followed (see Re-entry above). */
const hostCalls = new AsyncLocalStorage<HostCallFrame>();
/** The innermost host call in its synchronous part that AsyncLocalStorage does not follow. */
let syncFrame: HostCallFrame | undefined;
/** What async functions (and functions bound to one) inherit; read as a property, since Object.getPrototypeOf of a bound function is a runtime call. */
const ASYNC_TAG = 'AsyncFunction';
/** Per module, the imports (by index) that have returned a Promise: their later calls are followed. */
const promiseImports = new WeakMap<Module, Uint8Array>();

function followed(callee: InstanceState, index: number, fn: HostFunction): boolean {
  return (fn as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag] === ASYNC_TAG || promiseImports.get(callee.module)?.[index] === 1;
}

function markPromiseImport(callee: InstanceState, index: number): void {
  const m = callee.module;
  let marks = promiseImports.get(m);
  if (marks === undefined) promiseImports.set(m, (marks = new Uint8Array(m.wasm.numImportedFuncs)));
  marks[index] = 1;
}

/**
 * Calls a function with raw arguments: its raw results, directly when the
 * call never had to wait, else a Promise of them. Throws (or rejects) as the
 * call fails.
 */
export function invokeRaw(rt: Runtime, f: FuncInfo, args: readonly bigint[]): bigint[] | Promise<bigint[]> {
  return f.kind === 'wasm' ? runWasm(rt, f, args) : runHost(rt, f, args);
}

/** The JS face of a function: JS API conversions both ways, a Promise of the result(s). */
export function makeExportedFunction(rt: Runtime, f: FuncInfo): ExportedFunction {
  const { params, results } = f.type;
  // The wrapper keeps its instance alive (lifetime.ts): it is a handle that can call in.
  const token = rt.lifetimes.tokenOf(f.owner);
  const toJs = (out: bigint[]): unknown => {
    if (results.length === 0) return undefined;
    if (results.length === 1) return rawToJs(results[0]!, out[0]!, rt.refs);
    return results.map((t, i) => rawToJs(t, out[i]!, rt.refs));
  };
  // Not an async function: a call that never waits settles without the extra Promise and turns of one.
  const fn = (...args: unknown[]): Promise<unknown> => {
    void token; // referenced, so the closure holds it
    try {
      const raw: bigint[] = new Array(params.length);
      for (let i = 0; i < params.length; i++) raw[i] = jsToRaw(params[i]!, args[i], rt.refs);
      joinFuncrefs(rt, f.owner, params, raw);
      const out = invokeRaw(rt, f, raw);
      return Array.isArray(out) ? Promise.resolve(toJs(out)) : out.then(toJs);
    } catch (e) {
      return Promise.reject(e);
    }
  };
  Object.defineProperty(fn, 'length', { value: params.length });
  // The JS API names an exported function by its index.
  Object.defineProperty(fn, 'name', { value: String(f.kind === 'wasm' ? f.funcIndex : 'host') });
  return fn;
}

/** The bit-exact face: Vals in, Vals out (not an async function, for the same reason as the wrapper's). */
export function callWithVals(rt: Runtime, f: FuncInfo, args: readonly Val[]): Promise<Val[]> {
  try {
    const out = callWithValsNow(rt, f, args);
    return Array.isArray(out) ? Promise.resolve(out) : out;
  } catch (e) {
    return Promise.reject(e);
  }
}

/** callWithVals, synchronous while the call is: its results directly, or a Promise once it had to wait; throws what fails at once. */
export function callWithValsNow(rt: Runtime, f: FuncInfo, args: readonly Val[]): Val[] | Promise<Val[]> {
  const { params, results } = f.type;
  if (!Array.isArray(args) || args.length !== params.length) {
    throw new TypeError(`expected ${params.length} argument(s), got ${Array.isArray(args) ? args.length : 'no array'}`);
  }
  const raw: bigint[] = new Array(params.length);
  for (let i = 0; i < params.length; i++) raw[i] = valToRaw(params[i]!, args[i]!, rt.refs);
  joinFuncrefs(rt, f.owner, params, raw);
  const out = invokeRaw(rt, f, raw);
  return Array.isArray(out) ? rawToVals(rt, results, out) : out.then((o) => rawToVals(rt, results, o));
}

function rawToVals(rt: Runtime, results: readonly ValType[], out: readonly bigint[]): Val[] {
  const vals: Val[] = new Array(results.length);
  for (let i = 0; i < results.length; i++) vals[i] = rawToVal(results[i]!, out[i]!, rt.refs);
  return vals;
}

/** A funcref handed to a group may be called from it: its owner joins the group. */
function joinFuncrefs(rt: Runtime, into: InstanceState, types: readonly ValType[], raw: readonly bigint[]): void {
  for (let i = 0; i < types.length; i++) {
    if (types[i] === ValType.funcref && raw[i] !== 0n) Group.join(into, rt.refs.info(Number(raw[i])).owner);
  }
}

function refuseReentry(inst: InstanceState): void {
  for (let f = syncFrame; f !== undefined; f = f.parent) {
    if (!f.done && f.member.group === inst.group) {
      throw new Error('corral: re-entrant call not supported yet: a host function called back into the instances that are calling it');
    }
  }
  for (let f = hostCalls.getStore(); f !== undefined; f = f.parent) {
    if (!f.done && f.member.group === inst.group) {
      throw new Error('corral: re-entrant call not supported yet: a host function called back into the instances that are calling it');
    }
  }
}


const DONE = RunStatusId.done, TRAP = RunStatusId.trap, HOSTCALL = RunStatusId.hostcall, INTERRUPTED = RunStatusId.interrupted;

/**
 * Runs `f` on its group's guest. Synchronous as long as the guest is: a call
 * whose imports all return plain values gives its results directly, with no
 * Promise made and no microtask turn (the common case of a request handler);
 * the first wait (an async import, a spent slice, a busy group) turns the rest
 * of the run into a Promise.
 */
function runWasm(rt: Runtime, f: WasmFunc, args: readonly bigint[]): bigint[] | Promise<bigint[]> {
  rt.check();
  const inst = f.owner;
  if (killRequested(inst) && !inst.released) killInstance(rt, inst);
  if (inst.released) throw releasedError();
  if (args.length > AREA_SLOTS || f.type.results.length > AREA_SLOTS) {
    throw new Unsupported('many-values', `calls from the host pass at most ${AREA_SLOTS} arguments and results`);
  }
  // A group with a host call pending is busy: only then can the caller be inside one of its imports.
  if (!Group.tryAcquire(inst)) {
    refuseReentry(inst);
    return Group.acquire(inst).then(() => new Run(rt, inst, f).start(args));
  }
  return new Run(rt, inst, f).start(args);
}

/** One run: the group is held from construction until finish(), which runs exactly once. */
class Run {
  readonly ctl: RunControl;
  private readonly guest: GuestId;
  private readonly area: GuestArea;
  private readonly timeout: number | undefined;
  private readonly slice: number | undefined;
  private readonly timed: boolean;
  private deadline = Infinity;
  /** The last status the guest stopped with: HOSTCALL or INTERRUPTED leave it suspended on its stack. */
  private st: number = DONE;
  /** Fires at the deadline while the run waits (made at the first wait, cleared by finish). */
  private deadlineTimer: ReturnType<typeof setTimeout> | undefined;
  private finished = false;
  /**
   * A slice armed by enter/resume may still be pending: the native side
   * disarms it when the guest returns DONE or TRAP, finish() otherwise (a run
   * failed or killed while the guest was suspended, or before it entered).
   */
  private armed = false;

  constructor(private readonly rt: Runtime, private readonly inst: InstanceState, private readonly f: WasmFunc) {
    this.ctl = { runner: inst, killed: false, abort: undefined };
    inst.group.control = this.ctl;
    this.guest = inst.guest;
    this.area = inst.area;
    this.timeout = inst.limits.timeoutMs;
    this.slice = inst.limits.sliceMs;
    this.timed = this.timeout !== undefined || this.slice !== undefined;
  }

  start(args: readonly bigint[]): bigint[] | Promise<bigint[]> {
    const { rt, inst, area } = this;
    try {
      rt.check();
      if (inst.released) throw releasedError();
      Group.prepareRunner(inst);
      if (inst.limits.fuel !== undefined) refuel(inst);
      const base = area.areaIndex;
      for (let k = 0; k < args.length; k++) area.words[base + k] = args[k]!;
      // One clock read serves the deadline and the first slice.
      const now = this.timed ? performance.now() : 0;
      if (this.timeout !== undefined) this.deadline = now + this.timeout;
      const compiled = inst.module.compiled;
      const thunk = compiled.entryThunks[this.f.typeIndex]!;
      if (thunk === NO_THUNK) throw new Unsupported('many-values', `calls from the host pass at most ${AREA_SLOTS} arguments and results`);
      const entry = inst.module.imageAddress + thunk;
      inst.phase = 'running';
      this.st = native.enter(this.guest, entry, rt.heap.readAddr(this.f.record + FUNC_RECORD.code), this.sliceMs(now));
      this.noteEnded();
    } catch (e) {
      this.fail();
      throw e;
    }
    const r = this.drive();
    return Array.isArray(r) ? r : this.waitLoop(r);
  }

  /**
   * Serves the guest's requests from the status it stopped with until it is
   * done (its results) or the run must wait (the wait; the guest stays
   * suspended). Synchronous imports are answered in place and the guest
   * resumed at once: its slice timer is still armed, since the event loop had
   * no turn.
   */
  private drive(): bigint[] | Promise<unknown> {
    const { rt, inst, ctl } = this;
    try {
      for (;;) {
        const st = this.st;
        if (st === DONE) {
          const out: bigint[] = [];
          const words = this.area.words, base = this.area.areaIndex;
          for (let k = 0, n = this.f.type.results.length; k < n; k++) out.push(words[base + k]!);
          this.finish();
          return out;
        } else if (st === TRAP) {
          const t = trapOf(rt, this.guest, this.area);
          if (t.code === 'out_of_fuel') throw new Trap('out_of_fuel', t.frames, undefined, 'fuel');
          throw t;
        }
        if (ctl.killed || killRequested(inst)) {
          if (!ctl.killed) killInstance(rt, inst);
          throw killedTrap();
        }
        if (st === HOSTCALL) {
          inst.phase = 'in_host_call';
          const wait = serveHostCall(rt, inst, this.area, ctl);
          if (wait !== undefined) return this.waiting(wait);
          rt.check(); // the import may have closed the engine
          if (ctl.killed) throw killedTrap(); // or killed this run
        } else if (st === INTERRUPTED) {
          if (performance.now() >= this.deadline) throw deadlineTrap(this.timeout!);
          // The slice is spent: let timers, I/O and other guests run, then continue.
          inst.phase = 'interrupted';
          return this.waiting(nextTurn(rt, ctl));
        } else {
          throw new Error(`corral: unknown run status ${st}`);
        }
        inst.phase = 'running';
        this.st = native.resume(this.guest);
        this.noteEnded();
      }
    } catch (e) {
      this.fail();
      throw e;
    }
  }

  /** The run's remainder once it has had to wait: wait, resume, drive, until done. */
  private async waitLoop(wait: Promise<unknown>): Promise<bigint[]> {
    for (;;) {
      try {
        await wait;
        this.rt.check(); // the engine may have closed meanwhile
        if (this.ctl.killed) throw killedTrap();
        const now = performance.now();
        if (now >= this.deadline) throw deadlineTrap(this.timeout!);
        // The event loop had its turn: a fresh slice.
        this.inst.phase = 'running';
        this.st = native.resume(this.guest, this.sliceMs(now));
        this.noteEnded();
      } catch (e) {
        this.fail();
        throw e;
      }
      const r = this.drive();
      if (Array.isArray(r)) return r;
      wait = r;
    }
  }

  /** A wait of this run, cut short by the deadline (one timer per run, made at its first wait). */
  private waiting(wait: Promise<unknown>): Promise<unknown> {
    if (this.deadline !== Infinity && this.deadlineTimer === undefined) {
      const ctl = this.ctl, timeout = this.timeout!;
      this.deadlineTimer = setTimeout(() => ctl.abort?.(deadlineTrap(timeout)), Math.max(0, this.deadline - performance.now()));
    }
    return wait;
  }

  /**
   * The guest's interrupt delay for the slice about to start (enter/resume
   * arm it natively: no interruptAfter call per guest call): the end of its
   * slice or the deadline, whichever is first; -1 for none (untimed). `now`:
   * performance.now(), read by the caller.
   */
  private sliceMs(now: number): number {
    if (!this.timed) return -1;
    const left = this.deadline === Infinity ? Infinity : Math.max(0, this.deadline - now);
    const ms = this.slice === undefined ? left : Math.min(this.slice, left);
    if (ms === Infinity) return -1;
    this.armed = true;
    return Math.max(ms, 0.001);
  }

  /** The native side disarmed the slice of a run that ended (DONE or TRAP). */
  private noteEnded(): void {
    if (this.st === DONE || this.st === TRAP) this.armed = false;
  }

  /** The run failed: a guest left suspended on its stack is ended first. */
  private fail(): void {
    const { rt } = this;
    if ((this.st === HOSTCALL || this.st === INTERRUPTED) && !rt.closed) native.end(this.guest);
    this.st = DONE;
    this.finish();
  }

  private finish(): void {
    if (this.finished) return; // releasing the group twice would start two runs at once
    this.finished = true;
    const { rt, inst } = this;
    if (this.deadlineTimer !== undefined) clearTimeout(this.deadlineTimer);
    if (this.armed && !rt.closed) native.interruptAfter(this.guest, -1);
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
  // After the output the turn held back (turn-end.ts): a response finished this turn leaves before the slice.
  atTurnEnd(runNextTurn, 'slice');
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

/** Awaits an async import's result, unless the run is killed or passes its deadline first (Run's timer aborts it). */
function awaitImport(rt: Runtime, p: PromiseLike<unknown>, ctl: RunControl): Promise<unknown> {
  return new Promise<unknown>((resolve, reject) => {
    const abort = (e: Error) => { settle(); reject(e); };
    const settle = () => {
      ctl.abort = undefined;
      rt.waits.delete(abort);
    };
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

/**
 * Serves the pending host call of the runner's run: a runtime call or a JS
 * import. Returns undefined when it is answered (results written), or, for an
 * import that returned a Promise, the wait that answers it.
 */
function serveHostCall(rt: Runtime, runner: InstanceState, area: GuestArea, ctl: RunControl): Promise<void> | undefined {
  const index = area.i32[VMCTX.hostcall_index / 4]! >>> 0;
  const lo = area.i32[VMCTX.hostcall_vmctx / 4]! >>> 0, hi = area.i32[VMCTX.hostcall_vmctx / 4 + 1]! >>> 0;
  const callee = rt.instances.get(hi * 0x100000000 + lo);
  if (callee === undefined) throw new Error('corral: host call from an unknown instance');
  if (index >= RUNTIME_CALL_BASE) {
    runtimeCall(rt, callee, index - RUNTIME_CALL_BASE);
    return undefined;
  }
  const h = callee.hostImports[index];
  if (h === undefined) throw new Error(`corral: host call to import ${index}, which is not a host function`);
  const carea = callee.area, base = carea.areaIndex;
  const params = h.type.params;
  const jsArgs: unknown[] = new Array(params.length);
  for (let k = 0; k < params.length; k++) jsArgs[k] = readSlotJs(carea, base + k, params[k]!, rt.refs);
  const max = runner.limits.maxHostCalls;
  if (max !== undefined && rt.pendingHostCalls >= max) {
    throw new Trap('host_error', [], `(${rt.pendingHostCalls} host calls pending, the limit is ${max})`, 'host_calls');
  }
  const follow = rt.config.asyncReentryCheck && followed(callee, index, h.fn);
  const frame: HostCallFrame = { member: runner, done: false, parent: syncFrame ?? hostCalls.getStore() };
  let r: unknown;
  rt.pendingHostCalls++;
  const outer = syncFrame;
  try {
    if (follow) {
      r = hostCalls.run(frame, callImport, h.fn, jsArgs);
    } else {
      syncFrame = frame;
      r = callImport(h.fn, jsArgs);
    }
  } catch (e) {
    frame.done = true;
    rt.pendingHostCalls--;
    throw e;
  } finally {
    syncFrame = outer;
  }
  if (!isThenable(r)) {
    frame.done = true;
    rt.pendingHostCalls--;
    writeResults(rt, callee, h, r);
    return undefined;
  }
  if (!follow) markPromiseImport(callee, index);
  return awaitResults(rt, callee, h, frame, awaitImport(rt, r, ctl));
}

async function awaitResults(rt: Runtime, callee: InstanceState, h: HostFunc, frame: HostCallFrame, pending: Promise<unknown>): Promise<void> {
  let r: unknown;
  try {
    r = await pending;
  } finally {
    frame.done = true;
    rt.pendingHostCalls--;
  }
  writeResults(rt, callee, h, r);
}

/** Calls an import with its arguments, without a closure or a spread for the common arities. */
function callImport(fn: HostFunction, a: readonly unknown[]): unknown {
  switch (a.length) {
    case 0: return fn();
    case 1: return fn(a[0]);
    case 2: return fn(a[0], a[1]);
    case 3: return fn(a[0], a[1], a[2]);
    case 4: return fn(a[0], a[1], a[2], a[3]);
    default: return fn(...a);
  }
}

/** An import's result into the callee's area (raw slots). */
function writeResults(rt: Runtime, callee: InstanceState, h: HostFunc, r: unknown): void {
  const results = h.type.results;
  const carea = callee.area, base = carea.areaIndex;
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
