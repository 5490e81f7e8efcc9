// Parallel validation: a pool of worker threads that validate runs of function
// bodies while the calling thread validates the module-level rules and the
// first run. The verdict and message are exactly validateModule's.
//
// Invariants: the module-level rules run first, on the calling thread; bodies
// are split into contiguous runs of similar byte size, and the first failing
// run's first error is the one reported (so the order is the sequential one).
// Each worker gets only the bytes of its run as a copy, unless the module's
// bytes already live in a SharedArrayBuffer, which workers then read in place
// (the caller's buffer is never transferred). Workers are created lazily, unref'd (an idle
// pool never keeps the process alive) and ended by close(). A worker failing
// with anything but CompileError rejects the call with an Error (our bug).
// Re-exported by validate.ts for the runtime/engine; nothing else imports it.

import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { Module } from '../types.js';
import { CompileError } from '../errors.js';
import { buildContext, type ModuleContext } from './context.js';
import { validateModuleRules } from './module.js';
import { validateBodyRun, type BodyRun } from './bodies.js';
import type { ValidateJob, ValidateReply } from './worker.js';

/** Below this many body bytes per thread, splitting costs more than it saves. */
const DEFAULT_MIN_BYTES_PER_THREAD = 1 << 20;

interface Pending {
  resolve(reply: ValidateReply): void;
  reject(error: Error): void;
}

export class ValidatorPool {
  /** Worker threads besides the calling one. */
  readonly threads: number;
  /** Smallest run worth giving a thread, in body bytes. */
  readonly minBytesPerThread: number;
  private readonly workers: Worker[] = [];
  /** Jobs out per worker: a worker is ref'd (keeps the process alive) only while it has some. */
  private readonly busy: number[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  constructor(threads = Math.max(1, availableParallelism() - 1), minBytesPerThread = DEFAULT_MIN_BYTES_PER_THREAD) {
    this.threads = Math.max(0, Math.floor(threads));
    this.minBytesPerThread = Math.max(1, minBytesPerThread);
  }

  private worker(i: number): Worker {
    let w = this.workers[i];
    if (!w) {
      w = new Worker(new URL('./worker.js', import.meta.url));
      w.unref();
      w.on('message', (reply: ValidateReply) => {
        const p = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        p?.resolve(reply);
      });
      w.on('error', (e: Error) => this.failAll(e));
      w.on('exit', (code) => { if (!this.closed) this.failAll(new Error(`validator worker exited with code ${code}`)); });
      this.workers[i] = w;
    }
    return w;
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  private post(i: number, job: Omit<ValidateJob, 'id'>): Promise<ValidateReply> {
    const id = this.nextId++;
    const w = this.worker(i);
    if ((this.busy[i] = (this.busy[i] ?? 0) + 1) === 1) w.ref();
    return new Promise<ValidateReply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // A copy made for this job is transferred, not cloned again; shared bytes are shared.
      const shared = job.bytes.buffer instanceof SharedArrayBuffer;
      w.postMessage({ id, ...job } satisfies ValidateJob, shared ? [] : [job.bytes.buffer as ArrayBuffer]);
    }).finally(() => {
      if ((this.busy[i] = this.busy[i]! - 1) === 0) w.unref();
    });
  }

  /** Validates a decoded module like validateModule, using the pool's threads. Rejects with CompileError. */
  async validate(module: Module): Promise<void> {
    if (this.closed) throw new Error('ValidatorPool is closed');
    const c = buildContext(module);
    validateModuleRules(module, c);
    const bodies = module.bodies;
    if (bodies.length !== c.numFuncs - module.numImportedFuncs) {
      throw new CompileError('function and code section have inconsistent lengths', bodies[0]?.start ?? 0);
    }
    const runs = this.split(module);
    // Runs 1.. go to workers first, so they start while this thread does run 0.
    const replies = runs.slice(1).map((run, i) => this.post(i, this.job(c, module.bytes, run)));
    let first: CompileError | undefined;
    try {
      validateBodyRun(c, module.bytes, runs[0]!);
    } catch (e) {
      if (!(e instanceof CompileError)) throw e;
      first = e;
    }
    const answers = await Promise.all(replies);
    if (first) throw first;
    for (const a of answers) {
      if (a.bug !== undefined) throw new Error(`validator worker failed: ${a.bug}`);
      if (a.error) throw new CompileError(a.error.reason, a.error.offset);
    }
  }

  /** Contiguous runs of similar byte size, one per thread (the calling thread's first). */
  private split(module: Module): BodyRun[] {
    const bodies = module.bodies;
    let total = 0;
    for (const b of bodies) total += Math.max(0, b.end - b.start);
    const parts = Math.max(1, Math.min(this.threads + 1, Math.floor(total / this.minBytesPerThread), bodies.length));
    // The calling thread also posts the jobs, so it takes a smaller share.
    const mainWeight = parts > 1 ? 0.8 : 1;
    const weightTotal = mainWeight + (parts - 1);
    const runs: BodyRun[] = [];
    let from = 0;
    let acc = 0;
    for (let p = 0; p < parts; p++) {
      const target = (total * (mainWeight + p)) / weightTotal;
      let to = from;
      while (to < bodies.length && (p === parts - 1 || acc < target)) {
        acc += Math.max(0, bodies[to]!.end - bodies[to]!.start);
        to++;
      }
      runs.push({
        firstFunc: module.numImportedFuncs + from,
        starts: Uint32Array.from(bodies.slice(from, to), (b) => b.start),
        ends: Uint32Array.from(bodies.slice(from, to), (b) => b.end),
        endsCode: to === bodies.length,
        moduleLength: module.bytes.length,
        base: 0,
      });
      from = to;
    }
    return runs;
  }

  /** A worker's job: the module's shared bytes as they are, or the run rebased onto a copy of just its bytes. */
  private job(c: ModuleContext, bytes: Uint8Array, run: BodyRun): Omit<ValidateJob, 'id'> {
    if (bytes.buffer instanceof SharedArrayBuffer) return { context: c, bytes, run };
    // The span of the run's bodies, clamped to the module: a body outside it
    // still fails its range check in the worker, as it would here.
    let lo = bytes.length;
    let hi = 0;
    for (let i = 0; i < run.starts.length; i++) {
      lo = Math.min(lo, run.starts[i]!);
      hi = Math.max(hi, run.ends[i]!);
    }
    hi = Math.min(hi, bytes.length);
    if (lo > hi) lo = hi;
    const starts = run.starts.map((s) => s - lo);
    const ends = run.ends.map((e) => e - lo);
    return { context: c, bytes: bytes.slice(lo, hi), run: { ...run, starts, ends, base: lo } };
  }

  /** Ends the worker threads; pending validations reject. */
  async close(): Promise<void> {
    this.closed = true;
    this.failAll(new Error('ValidatorPool closed'));
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}
