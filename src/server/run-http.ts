// Running one request through a corral_http handler: bind its memory to the
// host API, call its `handle` export, finish the response. A handler that
// also imports WASI (a C program using the host API as a reactor) gets a
// WASI world with no stdin, stdout and stderr to the log, and `_initialize`
// runs first when exported.
//
// Invariants: the guest sees memory only through GuestBytes; the response
// is finished only after `handle` returned normally and the request is still
// running (a failure is answered by the handler, from failure.ts).
// Imports src/wasi's public face only.

import { Writable } from 'node:stream';
import type { Instance } from '../index.js';
import { Wasi } from '../wasi/index.js';
import { GuestBytes, type BufferSource } from './guest-bytes.js';
import { HANDLER_EXPORT, HTTP_MODULE, type HttpFunctionName } from './http-abi.js';
import { httpImports } from './http-host.js';
import type { GuestRun } from './guest-run.js';
import type { RequestContext } from './request-context.js';
import type { ImportObject } from '../index.js';

/** `names`: the corral_http functions the module imports (only those are made). */
export function httpRun(ctx: RequestContext, withWasi: boolean, names: readonly HttpFunctionName[]): GuestRun {
  const memory = new GuestBytes();
  const imports: ImportObject = { [HTTP_MODULE]: httpImports(ctx, memory, names) };
  let wasi: Wasi | undefined;
  if (withWasi) {
    const log = new Writable({
      write(chunk: Buffer, _enc, callback) {
        ctx.log.info({ output: chunk.subarray(0, 4096).toString('utf8') }, 'handler output');
        callback();
      },
    });
    wasi = new Wasi({ args: ['handler'], env: {}, stdin: new Uint8Array(0), stdout: log, stderr: log, returnOnExit: true });
    imports['wasi_snapshot_preview1'] = wasi.imports.wasi_snapshot_preview1;
  }
  const finish = (): void => {
    if (ctx.end === 'running') ctx.response.finish();
  };
  return {
    imports,
    run(instance: Instance): void | Promise<void> {
      // One export at a time: `exports` would make a function wrapper per request for nothing.
      const mem = instance.export('memory');
      if (mem !== undefined && 'buffer' in mem) memory.bind(mem as BufferSource);
      if (wasi !== undefined) return runWithWasi(instance, wasi).then(finish);
      // Synchronous while the handler is (its host calls answered at once): no Promise, no turn.
      const called = instance.callNow(HANDLER_EXPORT);
      if (!Array.isArray(called)) return called.then(finish);
      finish();
    },
  };
}

async function runWithWasi(instance: Instance, wasi: Wasi): Promise<void> {
  try {
    await wasi.initialize(instance);
    await instance.call(HANDLER_EXPORT);
  } finally {
    wasi.dispose();
  }
}
