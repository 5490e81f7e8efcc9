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
// in function order, as validateModule reports it. Imported by pool.ts and
// worker.ts only.

import { CompileError } from '../errors.js';
import type { ModuleContext } from './context.js';
import { validateBodyRun } from './bodies.js';
import { FunctionValidator } from './function.js';

/** What every thread needs to claim and validate chunks (structured-clonable; the arrays are shared). */
export interface ChunkPlan {
  /** Function index of body 0. */
  readonly firstFunc: number;
  /** Byte ranges of all bodies (module offsets). */
  readonly starts: Uint32Array;
  readonly ends: Uint32Array;
  /** Chunk k holds bodies [bounds[k], bounds[k + 1]). */
  readonly bounds: Uint32Array;
  readonly moduleLength: number;
  /**
   * [0]: next chunk to claim; [1]: lowest failed chunk so far (the chunk
   * count when none; -1 when the plan is abandoned). Shared.
   */
  readonly control: Int32Array;
}

export interface ChunkFailure {
  readonly chunk: number;
  readonly reason: string;
  readonly offset: number;
}

/** Lowers control[1] to `chunk` unless it is already lower. */
function noteFailure(control: Int32Array, chunk: number): void {
  for (;;) {
    const seen = Atomics.load(control, 1);
    if (seen <= chunk || Atomics.compareExchange(control, 1, seen, chunk) === seen) return;
  }
}

/**
 * Stops every thread working on the plan at its next claim (the caller has
 * an answer that makes the bodies' verdicts moot, such as a malformed module).
 */
export function abandonPlan(plan: ChunkPlan): void {
  Atomics.store(plan.control, 1, -1);
}

/** Claims and validates chunks until none are left; returns this thread's failure, if any. */
export function validateChunks(c: ModuleContext, bytes: Uint8Array, plan: ChunkPlan): ChunkFailure | undefined {
  const count = plan.bounds.length - 1;
  // One validator for all the chunks this thread claims: its stacks, grown
  // for the largest body so far, are reused.
  const fv = new FunctionValidator(c, bytes);
  for (;;) {
    const k = Atomics.add(plan.control, 0, 1);
    if (k >= count || k > Atomics.load(plan.control, 1)) return undefined;
    const from = plan.bounds[k]!, to = plan.bounds[k + 1]!;
    try {
      validateBodyRun(c, bytes, {
        firstFunc: plan.firstFunc + from,
        starts: plan.starts.subarray(from, to),
        ends: plan.ends.subarray(from, to),
        endsCode: k === count - 1,
        moduleLength: plan.moduleLength,
        base: 0,
      }, fv);
    } catch (e) {
      if (!(e instanceof CompileError)) throw e;
      noteFailure(plan.control, k);
      return { chunk: k, reason: e.reason, offset: e.offset };
    }
  }
}

/** Cuts bodies into about `chunks` runs of similar byte size (at least one body each). */
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
  const control = new Int32Array(new SharedArrayBuffer(8));
  control[1] = bounds.length - 1;
  return { firstFunc, starts, ends, bounds: Uint32Array.from(bounds), moduleLength, control };
}
