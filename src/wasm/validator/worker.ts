// Worker-thread entry of the validator pool: validates the body runs it is
// sent, or claims chunks of a shared plan (chunks.ts), and replies with the
// first error (reason and module offset; for a plan, its chunk) or none.
//
// Invariants: one job at a time, answered in order, after the warm-up when
// the pool asks for one; a CompileError is an
// answer, anything else is reported as a bug (`bug`), never swallowed.
// Loaded only by pool.ts through `new Worker`; nothing imports it.

import { parentPort, workerData } from 'node:worker_threads';
import { CompileError } from '../errors.js';
import { contextRecord, type ModuleContext } from './context.js';
import { validateBodyRun, type BodyRun } from './bodies.js';
import { reportBug, validateChunks, type ChunkFailure, type ChunkPlan } from './chunks.js';
import { warmUp } from './warm-up.js';

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

export interface ValidateReply {
  readonly id: number;
  readonly error?: { readonly reason: string; readonly offset: number };
  /** A plan's job: this worker's failure, the lowest chunk it failed. */
  readonly failure?: ChunkFailure;
  readonly bug?: string;
}

const port = parentPort;
if (port) {
  // Jobs posted meanwhile wait in the port's queue; with a shared plan the
  // other threads claim the chunks this one is not ready for.
  if ((workerData as WorkerOptions | undefined)?.warm) warmUp();
  port.on('message', (job: ValidateJob) => {
    let reply: ValidateReply;
    try {
      const c = contextRecord(job.context);
      if (job.plan) {
        const failure = validateChunks(c, job.bytes, job.plan, true);
        reply = failure ? { id: job.id, failure } : { id: job.id };
      } else {
        validateBodyRun(c, job.bytes, job.run!);
        reply = { id: job.id };
      }
    } catch (e) {
      if (job.plan && !(e instanceof CompileError)) reportBug(job.plan);
      reply = e instanceof CompileError
        ? { id: job.id, error: { reason: e.reason, offset: e.offset } }
        : { id: job.id, bug: e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e) };
    }
    port.postMessage(reply);
  });
}
