// Running one request through a WASI command in CGI style: environment from
// cgi-env.ts, the body on stdin, stdout parsed by cgi-output.ts, stderr to
// the log. The guest runs `_start` once; its exit status is logged, its
// output is the response.
//
// Invariants: once the request is over (deadline, client gone) the guest's
// next stdin or stdout use ends it with WasiExit (proc_exit semantics: the
// only exception WASI lets through to the runtime), so a guest waiting on
// I/O never holds its instance; a run that produced no valid head rejects
// with MalformedResponse. Imports src/wasi's public face only.

import { Readable, Writable } from 'node:stream';
import type { Instance } from '../index.js';
import { Wasi, WasiExit } from '../wasi/index.js';
import { cgiEnvironment } from './cgi-env.js';
import { CgiOutput } from './cgi-output.js';
import { MalformedResponse } from './failure.js';
import type { RequestContext } from './request-context.js';
import type { GuestRun } from './guest-run.js';

/** The exit status a guest stopped by the server is given (as a signal-killed process would be: 128 + SIGKILL). */
export const STOPPED_EXIT = 137;

/** stderr bytes kept in the log per request. */
const STDERR_LOG_BYTES = 4096;

export function cgiRun(ctx: RequestContext, scriptName: string, maxHeadBytes: number): GuestRun {
  const stopIfOver = (): void => {
    if (ctx.end !== 'running') throw new WasiExit(STOPPED_EXIT);
  };
  const stdout = new CgiOutput(ctx.response, maxHeadBytes, () => (ctx.end !== 'running' ? new WasiExit(STOPPED_EXIT) : undefined));
  let stderrLogged = 0;
  const stderr = new Writable({
    write(chunk: Buffer, _enc, callback) {
      if (stderrLogged < STDERR_LOG_BYTES) {
        const text = chunk.subarray(0, STDERR_LOG_BYTES - stderrLogged).toString('utf8');
        stderrLogged += chunk.length;
        ctx.log.warn({ stderr: text }, 'handler stderr');
      }
      callback();
    },
  });
  async function* stdinChunks(): AsyncGenerator<Uint8Array> {
    try {
      for await (const c of ctx.body.chunks()) {
        stopIfOver();
        yield c;
      }
    } catch (e) {
      stopIfOver();
      throw e;
    }
  }
  const wasi = new Wasi({
    args: [scriptName === '' ? '/' : scriptName],
    env: cgiEnvironment(ctx.req, { scriptName }),
    stdin: ctx.body.isEmpty ? new Uint8Array(0) : Readable.from(stdinChunks()),
    stdout,
    stderr,
    returnOnExit: true,
  });
  return {
    imports: wasi.imports,
    async run(instance: Instance): Promise<void> {
      const status = await wasi.start(instance);
      if (ctx.end !== 'running') return;
      const outcome = stdout.outcome();
      if (status !== 0) ctx.log.info({ exitStatus: status }, 'handler exited with a non-zero status');
      if (!outcome.ok) throw new MalformedResponse(status === 0 ? outcome.reason : `${outcome.reason} (exit status ${status})`);
    },
  };
}
