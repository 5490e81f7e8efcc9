// Parallel validation: a pool of worker threads that validate function bodies
// beside the calling thread. The verdict and message are exactly
// validateModule's (decodeAndValidate: validateModule(decodeModule(bytes))'s).
//
// Invariants: the answer is chosen in the sequential order: a malformed
// module first, then the module-level rules (always checked on the calling
// thread), then the first failing body in function order. Bytes in a
// SharedArrayBuffer are cut into many chunks that all threads claim in order
// (chunks.ts); other bytes are split into one contiguous run of similar byte
// size per thread. decodeAndValidate with shared bytes posts a plan when the
// code section starts, with a context built from the sections before it, and
// publishes its chunks while the decoder reads the body sizes (workers wait
// for chunks not yet published); it abandons the plan if the rest of the
// module is malformed or breaks a module-level rule. With shared bytes the
// calling thread never waits for a worker: once nothing is left to claim it
// validates again the chunks others still hold (chunks.ts, takeOverTail), so
// a worker the scheduler sets aside costs no wall time; the lowest failed
// chunk's error is recomputed here when a worker found it, or when the
// workers' context lacked the data section's count.
// Each worker gets only the bytes of its run as a copy, unless the module's
// bytes already live in a SharedArrayBuffer, which workers then read in place
// (the caller's buffer is never transferred). Workers are created by the
// constructor and warmed up (or, without `warm`, at their first job), unref'd
// (an idle pool never keeps the process alive) and ended by close(). A worker failing
// with anything but CompileError rejects the call with an Error (our bug);
// with shared bytes, when it is flagged before the calling thread has its
// answer (later, the chunk was validated again here anyway).
// Re-exported by validate.ts for the runtime/engine; nothing else imports it.

import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { Module } from '../types.js';
import { decodeModule } from '../decoder.js';
import { CompileError } from '../errors.js';
import { buildContext, contextRecord, type ModuleContext } from './context.js';
import { validateModuleRules } from './module.js';
import { bodyRanges, validateBodyRun, type BodyRun } from './bodies.js';
import {
  ChunkPublisher, abandonPlan, chunkRun, hasBug, lowestFailure, planChunks, takeOverTail, validateChunks, type ChunkPlan,
} from './chunks.js';
import { WARMED, type ValidateJob, type ValidateReply, type WorkerOptions } from './protocol.js';
import { warmUp } from './warm-up.js';

/** Below this many body bytes per thread, splitting costs more than it saves. */
const DEFAULT_MIN_BYTES_PER_THREAD = 1 << 20;
/**
 * Chunks per thread when threads share the work (shared bytes): more balance
 * the tail, fewer cost less. A claim costs a few microseconds (each thread
 * keeps one validator for all its chunks); yosys's 28 MB of bodies make
 * chunks of ~0.2 MB, ~0.7 ms of work, so the threads finish within one.
 */
const CHUNKS_PER_THREAD = 64;

/** Workers started on a module's bodies before its decoding finished. */
interface EarlyStart {
  readonly plan: ChunkPlan;
  /** Fed the bodies by the decoder; publishes the plan's chunks. */
  readonly publisher: ChunkPublisher;
  readonly replies: Promise<ValidateReply>[];
  /** The workers' context equals the complete module's. */
  readonly contextComplete: boolean;
  /** The context the workers were sent, built from the sections before the code section. */
  readonly context: ModuleContext;
}

/**
 * Every function's type index names a type. A function of its own: a loop
 * over 34,000 functions inside startEarly had V8 compile startEarly on the
 * loop's entry (OSR) before the code after the loop had ever run, and
 * deoptimize it there, once per module.
 */
function funcTypesExist(module: Module): boolean {
  const funcTypes = module.funcTypes, numTypes = module.types.length;
  for (let i = 0; i < funcTypes.length; i++) if (funcTypes[i]! >= numTypes) return false;
  return true;
}

function checkBodyCount(module: Module, c: ModuleContext): void {
  if (module.bodies.length !== c.numFuncs - module.numImportedFuncs) {
    throw new CompileError('function and code section have inconsistent lengths', module.bodies[0]?.start ?? 0);
  }
}

/**
 * The calling thread's part of a plan: claims chunks, then validates again
 * the ones other threads still hold (takeOverTail) rather than wait for a
 * thread the scheduler may have set aside, and answers without waiting for
 * the workers' replies. The lowest failed chunk's error is taken from this
 * thread's run of it, or recomputed here when a worker found it or when the
 * workers' context lacked what the sections after the code section say (the
 * number of data segments, which names memory.init's error when there is no
 * data count section). A worker's bug flagged by then rejects the call.
 */
async function finishPlan(
  c: ModuleContext, bytes: Uint8Array, plan: ChunkPlan, replies: Promise<ValidateReply>[], contextComplete: boolean,
): Promise<void> {
  // Replies not awaited must not turn into unhandled rejections (a worker that
  // exits fails its pending replies; its chunks were taken over here).
  for (const r of replies) r.catch(() => undefined);
  const mine = validateChunks(c, bytes, plan);
  const tail = takeOverTail(c, bytes, plan);
  if (hasBug(plan)) {
    for (const a of await Promise.all(replies)) {
      if (a.bug !== undefined) throw new Error(`validator worker failed: ${a.bug}`);
    }
  }
  const lowest = lowestFailure(plan);
  if (lowest < 0) return;
  const here = mine?.chunk === lowest ? mine : tail?.chunk === lowest ? tail : undefined;
  if (here && contextComplete) throw new CompileError(here.reason, here.offset);
  validateBodyRun(c, bytes, chunkRun(plan, lowest));
  throw new Error('validator pool: a chunk failed in a worker or with the partial context, and passed here');
}

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
  private nextId = WARMED + 1;
  /** Workers that reported their warm-up done, and who waits for all of them. */
  private warmed = 0;
  private onWarm: (() => void) | undefined;
  private readonly whenWarm: Promise<void>;
  private closed = false;

  /**
   * `warm`: start the workers now and have each validate a built-in module
   * a few times (warm-up.ts), and the calling thread too, now (tens of
   * milliseconds, once per thread), so the first real module is validated by
   * optimized code (otherwise workers start at the first call, cold).
   */
  constructor(threads = Math.max(1, availableParallelism() - 1), minBytesPerThread = DEFAULT_MIN_BYTES_PER_THREAD, warm = true) {
    this.threads = Math.max(0, Math.floor(threads));
    this.minBytesPerThread = Math.max(1, minBytesPerThread);
    this.whenWarm = new Promise<void>((resolve) => { this.onWarm = resolve; });
    if (!warm || this.threads === 0) {
      this.onWarm?.();
      if (!warm) return;
    }
    for (let i = 0; i < this.threads; i++) this.worker(i, true);
    // While the workers start, the calling thread warms itself (once per thread).
    warmUp();
  }

  /**
   * Resolves once every worker the constructor started has finished its
   * warm-up (at once without `warm`). Never needed for correctness: calls
   * made before then are answered alike, only slower.
   */
  ready(): Promise<void> {
    return this.whenWarm;
  }

  private worker(i: number, warm = false): Worker {
    let w = this.workers[i];
    if (!w) {
      w = new Worker(new URL('./worker.js', import.meta.url), { workerData: { warm } satisfies WorkerOptions });
      w.unref();
      w.on('message', (reply: ValidateReply) => {
        if (reply.id === WARMED) {
          if (++this.warmed === this.threads) this.onWarm?.();
          return;
        }
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
    // A worker that died or a closed pool will never report its warm-up.
    this.onWarm?.();
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
      // A closing pool keeps its workers ref'd until they exit (close()).
      if ((this.busy[i] = this.busy[i]! - 1) === 0 && !this.closed) w.unref();
    });
  }

  /**
   * Decodes and validates a module binary, as validateModule(decodeModule(bytes))
   * does (same verdict, reason and offset), and returns the module. With bytes
   * in a SharedArrayBuffer the workers start on the first bodies while this
   * thread is still reading the code section's body sizes, then it decodes
   * the rest, checks the module-level rules and joins them. Rejects with
   * CompileError.
   */
  async decodeAndValidate(bytes: Uint8Array): Promise<Module> {
    if (this.closed) throw new Error('ValidatorPool is closed');
    let early: EarlyStart | undefined;
    let module: Module;
    let c: ModuleContext;
    try {
      module = decodeModule(bytes, {
        codeSection: (partial, count, sectionBytes) => {
          early = this.startEarly(partial, count, sectionBytes);
          return early?.publisher;
        },
      });
      // The sections after the code section add only data segments (and
      // custom sections): the early context, with their count, is the whole
      // module's (buildContext over yosys's 34,000 functions: ~1 ms).
      c = early ? contextRecord({ ...early.context, numDatas: module.datas.length }) : buildContext(module);
      validateModuleRules(module, c);
      checkBodyCount(module, c);
    } catch (e) {
      // A malformed module or a module-level error comes first: the bodies' verdicts are moot.
      if (early) {
        abandonPlan(early.plan);
        await Promise.allSettled(early.replies);
      }
      throw e;
    }
    if (!early) {
      await this.validateWith(module, c);
      return module;
    }
    await finishPlan(c, bytes, early.plan, early.replies, early.contextComplete);
    return module;
  }

  /**
   * At the start of the code section: posts a plan to the workers, with a
   * context built from the sections before it, and returns the publisher
   * the decoder will feed the bodies to; undefined when the bytes are not
   * shared, the module is too small to split, or it is invalid in a way the
   * bodies cannot be typed under (the decoder or the module rules reject it).
   */
  private startEarly(partial: Module, count: number, sectionBytes: number): EarlyStart | undefined {
    if (!(partial.bytes.buffer instanceof SharedArrayBuffer)) return undefined;
    if (count !== partial.funcTypes.length - partial.numImportedFuncs) return undefined;
    // Bodies are typed by their functions' types: those must exist (a module rule checked later).
    if (!funcTypesExist(partial)) return undefined;
    const parts = Math.min(this.threads + 1, Math.floor(sectionBytes / this.minBytesPerThread), count);
    if (parts < 2) return undefined;
    const c = buildContext(partial);
    const publisher = new ChunkPublisher(partial.numImportedFuncs, count, sectionBytes, partial.bytes.length, CHUNKS_PER_THREAD * parts);
    const plan = publisher.plan;
    const replies: Promise<ValidateReply>[] = [];
    for (let i = 0; i < parts - 1; i++) replies.push(this.post(i, { context: c, bytes: partial.bytes, plan }));
    // Without a data count section, data indices are checked against the data section, not read yet.
    return { plan, publisher, replies, contextComplete: partial.dataCount !== undefined, context: c };
  }

  /** Validates a decoded module like validateModule, using the pool's threads. Rejects with CompileError. */
  async validate(module: Module): Promise<void> {
    if (this.closed) throw new Error('ValidatorPool is closed');
    const c = buildContext(module);
    validateModuleRules(module, c);
    checkBodyCount(module, c);
    await this.validateWith(module, c);
  }

  /** The bodies of a module whose module-level rules hold. */
  private async validateWith(module: Module, c: ModuleContext): Promise<void> {
    const parts = this.parts(module);
    if (parts > 1 && module.bytes.buffer instanceof SharedArrayBuffer) return this.validateShared(c, module, parts);
    const runs = this.split(module, parts);
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

  /**
   * Shared bytes: every thread claims chunks of one plan (chunks.ts) until
   * none are left, so a thread the scheduler delays costs the others little;
   * the lowest failed chunk's error is the sequential first error.
   */
  private async validateShared(c: ModuleContext, module: Module, parts: number): Promise<void> {
    const plan = this.sharedPlan(module, parts);
    const replies: Promise<ValidateReply>[] = [];
    for (let i = 0; i < parts - 1; i++) replies.push(this.post(i, { context: c, bytes: module.bytes, plan }));
    await finishPlan(c, module.bytes, plan, replies, true);
  }

  /** The bodies' ranges in shared memory, cut into chunks for `parts` threads. */
  private sharedPlan(module: Module, parts: number): ChunkPlan {
    const n = module.bodies.length;
    const starts = new Uint32Array(new SharedArrayBuffer(4 * n));
    const ends = new Uint32Array(new SharedArrayBuffer(4 * n));
    for (let i = 0; i < n; i++) {
      starts[i] = module.bodies[i]!.start;
      ends[i] = module.bodies[i]!.end;
    }
    return planChunks(module.numImportedFuncs, starts, ends, module.bytes.length, CHUNKS_PER_THREAD * parts);
  }

  /** How many threads (the calling one included) the module's bodies are worth. */
  private parts(module: Module): number {
    const bodies = module.bodies;
    let total = 0;
    for (const b of bodies) total += Math.max(0, b.end - b.start);
    return Math.max(1, Math.min(this.threads + 1, Math.floor(total / this.minBytesPerThread), bodies.length));
  }

  /** Contiguous runs of similar byte size, one per thread (the calling thread's first). */
  private split(module: Module, parts: number): BodyRun[] {
    const bodies = module.bodies;
    let total = 0;
    for (const b of bodies) total += Math.max(0, b.end - b.start);
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
      const { starts, ends } = bodyRanges(module, from, to);
      runs.push({
        firstFunc: module.numImportedFuncs + from,
        starts,
        ends,
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
    // A worker may still be finishing a chunk the calling thread took over:
    // ref'd until it exits, so the event loop waits for terminate's answer.
    for (const w of this.workers) w.ref();
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}
