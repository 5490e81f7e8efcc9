// Running one request through a corral_http handler: bind its memory to the
// host API, call its `handle` export, finish the response. A handler that
// also imports WASI (a C program using the host API as a reactor) gets a
// WASI world with no stdin, stdout and stderr to the log, and `_initialize`
// runs first when exported.
//
// A run (its import object and host functions) whose request never had to
// wait is kept by HttpRuns and serves the next request: the hello world makes
// no functions or import objects per request.
//
// Invariants: the guest sees memory only through GuestBytes (a new one per
// request, so a late call of an old request cannot reach a new memory); the
// response is finished only after `handle` returned normally and the request
// is still running (a failure is answered by the handler, from failure.ts); a
// run is reused only after its request's instance was released, with no call
// of it waiting (HttpHost.idle), and never with WASI.
// Imports src/wasi's public face only.

import { Writable } from 'node:stream';
import type { Instance } from '../index.js';
import { Wasi } from '../wasi/index.js';
import { GuestBytes, type BufferSource } from './guest-bytes.js';
import { HANDLER_EXPORT, HTTP_MODULE, type HttpFunctionName } from './http-abi.js';
import { HttpHost } from './http-host.js';
import type { GuestRun } from './guest-run.js';
import type { RequestContext } from './request-context.js';
import type { ImportObject } from '../index.js';

/** A handler's corral_http runs: one per request, reused when the last one ended without waiting. */
export class HttpRuns {
  private spare: HttpRun | undefined;

  /** `names`: the corral_http functions the module imports (only those are made). */
  constructor(private readonly withWasi: boolean, private readonly names: readonly HttpFunctionName[]) {}

  /** The run for `ctx`'s request. */
  take(ctx: RequestContext): GuestRun {
    const spare = this.spare;
    if (spare === undefined) return new HttpRun(ctx, this.withWasi, this.names, this);
    this.spare = undefined;
    spare.rebind(ctx);
    return spare;
  }

  /** @internal A run whose request is over and whose host is idle (HttpRun.recycle). */
  keep(run: HttpRun): void {
    this.spare = run;
  }
}

class HttpRun implements GuestRun {
  readonly imports: ImportObject;
  private memory = new GuestBytes();
  private readonly host: HttpHost;
  private readonly wasi: Wasi | undefined;

  constructor(private ctx: RequestContext, withWasi: boolean, names: readonly HttpFunctionName[], private readonly runs: HttpRuns) {
    this.host = new HttpHost(ctx, this.memory, names);
    this.imports = { [HTTP_MODULE]: this.host.functions };
    if (withWasi) {
      const log = new Writable({
        write(chunk: Buffer, _enc, callback) {
          ctx.log.info({ output: chunk.subarray(0, 4096).toString('utf8') }, 'handler output');
          callback();
        },
      });
      this.wasi = new Wasi({ args: ['handler'], env: {}, stdin: new Uint8Array(0), stdout: log, stderr: log, returnOnExit: true });
      this.imports['wasi_snapshot_preview1'] = this.wasi.imports.wasi_snapshot_preview1;
    }
  }

  rebind(ctx: RequestContext): void {
    this.ctx = ctx;
    this.memory = new GuestBytes();
    this.host.bindTo(ctx, this.memory);
  }

  run(instance: Instance): void | Promise<void> {
    // One export at a time: `exports` would make a function wrapper per request for nothing.
    const mem = instance.export('memory');
    if (mem !== undefined && 'buffer' in mem) this.memory.bind(mem as BufferSource);
    const ctx = this.ctx;
    const finish = (): void => {
      if (ctx.end === 'running') ctx.response.finish();
    };
    if (this.wasi !== undefined) return runWithWasi(instance, this.wasi).then(finish);
    // Synchronous while the handler is (its host calls answered at once): no Promise, no turn.
    const called = instance.callNow(HANDLER_EXPORT);
    if (!Array.isArray(called)) return called.then(finish);
    if (ctx.end === 'running') ctx.response.finish();
  }

  /** The request ended without waiting and its instance is released: the next request may use this run. */
  recycle(): void {
    if (this.wasi === undefined && this.host.idle) this.runs.keep(this);
  }
}

async function runWithWasi(instance: Instance, wasi: Wasi): Promise<void> {
  try {
    await wasi.initialize(instance);
    await instance.call(HANDLER_EXPORT);
  } finally {
    wasi.dispose();
  }
}
