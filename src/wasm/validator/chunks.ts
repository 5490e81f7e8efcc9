// Work sharing for the validator pool when the module's bytes are shared
// (SharedArrayBuffer): the bodies are cut into many small chunks, and every
// thread (the caller and each worker) claims the next unclaimed chunk with an
// atomic counter until none are left. A thread the scheduler delays simply
// claims fewer chunks, so a busy machine does not leave one thread waiting
// for another's fixed share.
//
// Invariants: chunks are claimed in increasing order, so when a thread has
// claimed chunk k every chunk below k has been claimed and will be finished.
// A thread stops at its own first error (any chunk it could claim later is
// higher) and skips chunks above the lowest failed chunk seen so far; the
// reported error is the failure of the lowest chunk, which is the first error
// in function order, as validateModule reports it. A plan may be published
// while the code section is still being read (ChunkPublisher): a worker that
// claims a chunk not yet published waits for it; the total is stored before
// the last chunk is published, so whoever validates the last chunk knows it
// is last. The calling thread, once nothing is left to claim, takes over the
// chunks other threads hold unfinished instead of waiting (each chunk's
// outcome is recorded in `done`; validating one twice gives the same
// outcome). Imported by pool.ts, worker.ts and tests only.

import { CompileError } from '../errors.js';
import type { ModuleContext } from './context.js';
import { validateBodyRun, type BodyRun } from './bodies.js';
import type { FunctionValidator } from './function.js';
import { withValidator } from './spare.js';

/** What every thread needs to claim and validate chunks (structured-clonable; the arrays are shared). */
export interface ChunkPlan {
  /** Function index of body 0. */
  readonly firstFunc: number;
  /** Byte ranges of all bodies (module offsets), filled as they are published. */
  readonly starts: Uint32Array;
  readonly ends: Uint32Array;
  /** Chunk k holds bodies [bounds[k], bounds[k + 1]), once published. */
  readonly bounds: Uint32Array;
  /** Per chunk: 0 not finished, 1 valid, 2 failed (whichever thread finished it first). Shared. */
  readonly done: Int32Array;
  readonly moduleLength: number;
  /**
   * Shared. [0]: next chunk to claim; [1]: lowest failed chunk so far
   * (NO_FAILURE when none; -1 when the plan is abandoned); [2]: chunks
   * published; [3]: the total number of chunks, -1 until known (stored
   * before the last chunk is published); [4]: 1 once a worker failed with
   * something other than CompileError (our bug; its reply says what).
   */
  readonly control: Int32Array;
}

export interface ChunkFailure {
  readonly chunk: number;
  readonly reason: string;
  readonly offset: number;
}

const NEXT = 0, FAILED = 1, PUBLISHED = 2, TOTAL = 3, BUG = 4;
const NO_FAILURE = 0x7fffffff;
/** A waiting worker re-checks the plan this often even if no one wakes it (insurance, not a protocol step). */
const WAIT_MS = 20;

function newControl(published: number, total: number): Int32Array {
  const control = new Int32Array(new SharedArrayBuffer(20));
  control[FAILED] = NO_FAILURE;
  control[PUBLISHED] = published;
  control[TOTAL] = total;
  return control;
}

/** Lowers control[FAILED] to `chunk` unless it is already lower. */
function noteFailure(control: Int32Array, chunk: number): void {
  for (;;) {
    const seen = Atomics.load(control, FAILED);
    if (seen <= chunk || Atomics.compareExchange(control, FAILED, seen, chunk) === seen) return;
  }
}

/** Changes the published count (so a waiter's expected value is stale) and wakes the waiters. */
function wake(control: Int32Array, published: number): void {
  Atomics.store(control, PUBLISHED, published);
  Atomics.notify(control, PUBLISHED);
}

/**
 * Stops every thread working on the plan at its next claim, waiting ones
 * included (the caller has an answer that makes the bodies' verdicts moot,
 * such as a malformed module).
 */
export function abandonPlan(plan: ChunkPlan): void {
  Atomics.store(plan.control, FAILED, -1);
  wake(plan.control, Atomics.load(plan.control, PUBLISHED) + 1);
}

/**
 * The next chunk for this thread, or -1 when there is none it should take.
 * Waits for a chunk not yet published; only a worker may (`mayWait`), the
 * calling thread joins a plan once it is complete.
 */
function claim(control: Int32Array, mayWait: boolean): number {
  const k = Atomics.add(control, NEXT, 1);
  for (;;) {
    if (k > Atomics.load(control, FAILED)) return -1; // above a failure, or abandoned
    const published = Atomics.load(control, PUBLISHED);
    if (k < published) return k;
    const total = Atomics.load(control, TOTAL);
    if (total >= 0 && k >= total) return -1;
    if (!mayWait) throw new Error('chunk plan: a thread that cannot wait claimed an unpublished chunk');
    Atomics.wait(control, PUBLISHED, published, WAIT_MS);
  }
}

/** The bodies of published chunk k as a run. */
export function chunkRun(plan: ChunkPlan, k: number): BodyRun {
  const from = plan.bounds[k]!, to = plan.bounds[k + 1]!;
  return {
    firstFunc: plan.firstFunc + from,
    starts: plan.starts.subarray(from, to),
    ends: plan.ends.subarray(from, to),
    // The total is stored before the last chunk is published.
    endsCode: k === Atomics.load(plan.control, TOTAL) - 1,
    moduleLength: plan.moduleLength,
    base: 0,
  };
}

/** Claims and validates chunks until none are left; returns this thread's failure, if any. */
export function validateChunks(c: ModuleContext, bytes: Uint8Array, plan: ChunkPlan, mayWait = false): ChunkFailure | undefined {
  const control = plan.control;
  // One validator (the thread's spare) for all the chunks this thread claims.
  return withValidator(c, bytes, (fv) => {
    for (;;) {
      const k = claim(control, mayWait);
      if (k < 0) return undefined;
      const failure = validateChunk(c, bytes, plan, k, fv);
      if (failure) return failure;
    }
  });
}

/**
 * Validates chunk k, records the outcome in plan.done (and a failure in the
 * control words). Stops (recording nothing) between two bodies as soon as
 * another thread has finished the chunk: the claimant when the calling
 * thread took it over, or the calling thread when it takes over a claimed one.
 */
function validateChunk(c: ModuleContext, bytes: Uint8Array, plan: ChunkPlan, k: number, fv: FunctionValidator): ChunkFailure | undefined {
  try {
    if (!validateBodyRun(c, bytes, chunkRun(plan, k), fv, () => Atomics.load(plan.done, k) !== 0)) return undefined;
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    noteFailure(plan.control, k);
    Atomics.store(plan.done, k, 2);
    return { chunk: k, reason: e.reason, offset: e.offset };
  }
  Atomics.store(plan.done, k, 1);
  return undefined;
}

/**
 * For the calling thread once nothing is left to claim (the plan complete):
 * validates again every chunk below the lowest failure that another thread
 * claimed but has not finished, instead of waiting for that thread, which the
 * scheduler may have set aside; it leaves a chunk between two bodies as soon
 * as the other thread has finished it. Outcomes are deterministic, so a chunk
 * done twice is recorded alike. On return every chunk below the lowest
 * failure (control[FAILED]) is finished; returns the first failure found here.
 */
export function takeOverTail(c: ModuleContext, bytes: Uint8Array, plan: ChunkPlan): ChunkFailure | undefined {
  const total = Atomics.load(plan.control, TOTAL);
  return withValidator(c, bytes, (fv) => {
    for (let k = 0; k < total && k < Atomics.load(plan.control, FAILED); k++) {
      if (Atomics.load(plan.done, k) !== 0) continue;
      const failure = validateChunk(c, bytes, plan, k, fv);
      if (failure) return failure;
    }
    return undefined;
  });
}

/** A worker failed with something other than CompileError: flags it for the calling thread. */
export function reportBug(plan: ChunkPlan): void {
  Atomics.store(plan.control, BUG, 1);
}

export function hasBug(plan: ChunkPlan): boolean {
  return Atomics.load(plan.control, BUG) !== 0;
}

/** The lowest failed chunk, or -1 when none failed (the plan must be finished up to it). */
export function lowestFailure(plan: ChunkPlan): number {
  const failed = Atomics.load(plan.control, FAILED);
  return failed === NO_FAILURE ? -1 : failed;
}

/** Cuts bodies into about `chunks` runs of similar byte size (at least one body each), all published. */
export function planChunks(firstFunc: number, starts: Uint32Array, ends: Uint32Array, moduleLength: number, chunks: number): ChunkPlan {
  const n = starts.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += Math.max(0, ends[i]! - starts[i]!);
  const want = Math.max(1, Math.min(chunks, n));
  const bounds: number[] = [0];
  let acc = 0;
  for (let i = 0; i < n; i++) {
    acc += Math.max(0, ends[i]! - starts[i]!);
    if (i + 1 < n && acc >= (total * bounds.length) / want) bounds.push(i + 1);
  }
  bounds.push(n);
  const count = bounds.length - 1;
  return {
    firstFunc, starts, ends, bounds: Uint32Array.from(bounds), done: new Int32Array(new SharedArrayBuffer(4 * count)),
    moduleLength, control: newControl(count, count),
  };
}

/**
 * Builds a plan while the code section is being read, publishing each chunk
 * as soon as its last body is known, so workers can start on the first
 * chunks while the decoder reads the rest. Chunks are cut by bytes: about
 * `chunks` of them over a section of `sectionBytes`.
 */
export class ChunkPublisher {
  readonly plan: ChunkPlan;
  private readonly target: number;
  private cut = 0;
  private bytesSoFar = 0;
  private bodies = 0;
  private readonly count: number;

  constructor(firstFunc: number, count: number, sectionBytes: number, moduleLength: number, chunks: number) {
    this.count = count;
    this.target = Math.max(1, Math.floor(sectionBytes / Math.max(1, chunks)));
    // Body bytes never exceed the section's, so cuts never exceed sectionBytes / target (+1 for the last chunk).
    const maxChunks = Math.min(count, Math.floor(sectionBytes / this.target) + 1);
    this.plan = {
      firstFunc,
      starts: new Uint32Array(new SharedArrayBuffer(4 * count)),
      ends: new Uint32Array(new SharedArrayBuffer(4 * count)),
      bounds: new Uint32Array(new SharedArrayBuffer(4 * (maxChunks + 1))),
      done: new Int32Array(new SharedArrayBuffer(4 * maxChunks)),
      moduleLength,
      control: newControl(0, -1),
    };
  }

  /** Body `i` (bodies arrive in order) spans [start, end). */
  body(i: number, start: number, end: number): void {
    const plan = this.plan;
    plan.starts[i] = start;
    plan.ends[i] = end;
    this.bodies = i + 1;
    this.bytesSoFar += end - start;
    // The chunk holding the last body is published by complete(), after the total.
    if (this.bytesSoFar >= this.target * (this.cut + 1) && this.cut + 2 < plan.bounds.length && i + 1 < this.count) {
      plan.bounds[++this.cut] = i + 1;
      wake(plan.control, this.cut);
    }
  }

  /** Every body has been recorded: the rest is the last chunk. */
  complete(): void {
    const plan = this.plan;
    let total = this.cut;
    if (this.bodies > plan.bounds[total]!) plan.bounds[++total] = this.bodies;
    Atomics.store(plan.control, TOTAL, total);
    wake(plan.control, total);
  }
}
