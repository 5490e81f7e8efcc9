// Validation of a contiguous run of function bodies, the unit of work shared
// by the single-threaded validator and the worker pool.
//
// Invariants: bodies are validated in index order and the first error wins, so
// splitting the bodies into runs and taking the first failing run's error gives
// the same verdict and message as validating them all in order. Offsets in
// `starts`/`ends` are relative to `bytes`; `base` is added back to an error's
// offset so messages always carry module offsets. Imported by validate.ts,
// pool.ts, chunks.ts and worker.ts only.

import { CompileError } from '../errors.js';
import type { Module } from '../types.js';
import type { ModuleContext } from './context.js';
import type { FunctionValidator } from './function.js';
import { withValidator } from './spare.js';

export interface BodyRun {
  /** Function index of the run's first body. */
  readonly firstFunc: number;
  readonly starts: Uint32Array;
  readonly ends: Uint32Array;
  /** The run ends with the code section's last body. */
  readonly endsCode: boolean;
  /** Length of the whole module (a body ending there ran out of bytes, not into the next section). */
  readonly moduleLength: number;
  /** Module offset of bytes[0]. */
  readonly base: number;
}

/**
 * The byte ranges of bodies [from, to) as typed arrays, by index (an iterator
 * or a mapping callback would allocate per body: Uint32Array.from did).
 */
export function bodyRanges(module: Module, from: number, to: number): { starts: Uint32Array; ends: Uint32Array } {
  const bodies = module.bodies;
  const starts = new Uint32Array(to - from);
  const ends = new Uint32Array(to - from);
  for (let i = from; i < to; i++) {
    const b = bodies[i]!;
    starts[i - from] = b.start;
    ends[i - from] = b.end;
  }
  return { starts, ends };
}

/**
 * Validates a run of bodies; throws the first CompileError with a module
 * offset. `fv`, a validator of the same context and bytes, is the thread's
 * spare (spare.ts) unless given. `stop`, asked before each body, ends the run
 * early (the result is then false: not every body was validated).
 */
export function validateBodyRun(
  c: ModuleContext, bytes: Uint8Array, run: BodyRun, fv?: FunctionValidator, stop?: () => boolean,
): boolean {
  if (!fv) return withValidator(c, bytes, (spare) => validateBodyRun(c, bytes, run, spare, stop));
  const n = run.starts.length;
  const body = { start: 0, end: 0 };
  try {
    for (let i = 0; i < n; i++) {
      if (stop?.()) return false;
      body.start = run.starts[i]!;
      body.end = run.ends[i]!;
      fv.validate(run.firstFunc + i, body, run.endsCode && i === n - 1, body.end + run.base >= run.moduleLength);
    }
  } catch (e) {
    if (e instanceof CompileError && run.base !== 0) throw new CompileError(e.reason, e.offset + run.base);
    throw e;
  }
  return true;
}
