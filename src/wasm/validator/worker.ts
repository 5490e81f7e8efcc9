// Worker-thread entry of the validator pool: validates the body runs it is
// sent, or claims chunks of a shared plan (chunks.ts), and replies with the
// first error (reason and module offset; for a plan, its chunk) or none.
//
// Invariants: one job at a time, answered in order, after the warm-up when
// the pool asks for one; a CompileError is an
// answer, anything else is reported as a bug (`bug`), never swallowed.
// Loaded only by pool.ts through `new Worker`; nothing imports it (the
// messages are in protocol.ts).

import { parentPort, workerData } from 'node:worker_threads';
import { CompileError } from '../errors.js';
import { contextRecord } from './context.js';
import { validateBodyRun } from './bodies.js';
import { reportBug, validateChunks } from './chunks.js';
import { warmUp } from './warm-up.js';
import { WARMED, type ValidateJob, type ValidateReply, type WorkerOptions } from './protocol.js';


const port = parentPort;
if (port) {
  // Jobs posted meanwhile wait in the port's queue; with a shared plan the
  // other threads claim the chunks this one is not ready for.
  if ((workerData as WorkerOptions | undefined)?.warm) {
    warmUp();
    port.postMessage({ id: WARMED } satisfies ValidateReply);
  }
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
