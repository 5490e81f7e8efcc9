// The messages between the validator pool (pool.ts) and its workers
// (worker.ts): how a worker is started, a job, a reply.
//
// Invariants: everything here is structured-clonable; job ids start above
// WARMED, the one reply a worker sends unasked. Types and one constant only,
// so pool.ts can import it without loading the worker's entry code. Imported
// by pool.ts and worker.ts only.

import type { ModuleContext } from './context.js';
import type { BodyRun } from './bodies.js';
import type { ChunkFailure, ChunkPlan } from './chunks.js';

/** What the pool tells a worker when starting it. */
export interface WorkerOptions {
  /** Warm the validator up (warm-up.ts) before taking jobs: the pool started this worker ahead of need. */
  readonly warm: boolean;
}

export interface ValidateJob {
  readonly id: number;
  readonly context: ModuleContext;
  /** The bytes from the run's first body to its last body's end (shared or copied). */
  readonly bytes: Uint8Array;
  /** A fixed run, or (with shared bytes) a plan whose chunks this worker claims. */
  readonly run?: BodyRun;
  readonly plan?: ChunkPlan;
}

/** The id of the reply a warmed-up worker sends once, before any job's (jobs' ids start at 1). */
export const WARMED = 0;

export interface ValidateReply {
  readonly id: number;
  readonly error?: { readonly reason: string; readonly offset: number };
  /** A plan's job: this worker's failure, the lowest chunk it failed. */
  readonly failure?: ChunkFailure;
  readonly bug?: string;
}
