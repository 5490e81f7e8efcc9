// Worker side: a WasiSetup (plain data from the main thread) becomes this
// worker's own Wasi object (src/wasi), since its import functions must live
// on the thread that runs the guest. Captured output is kept here until
// startWasi() returns it.
//
// Invariants: stdin defaults to empty (never the process's fd 0, which every
// worker would otherwise read from at once); stdout/stderr default to the
// process's fds 1 and 2. Only src/threads/worker-main.ts imports this.

import { Writable } from 'node:stream';
import { Wasi } from '../wasi/index.js';
import type { WasiSetup, WasiStartReply } from './protocol.js';

export class WorkerWasi {
  readonly wasi: Wasi;
  private readonly captured: { stdout?: Uint8Array[]; stderr?: Uint8Array[] } = {};

  constructor(setup: WasiSetup) {
    this.wasi = new Wasi({
      args: setup.args,
      env: setup.env,
      preopens: setup.preopens,
      stdin: setup.stdin ?? new Uint8Array(0),
      stdout: this.sink(setup.stdout, 1, 'stdout'),
      stderr: this.sink(setup.stderr, 2, 'stderr'),
      returnOnExit: true,
    });
  }

  /** Runs `_start`; the exit code and whatever was captured. */
  async start(instance: Parameters<Wasi['start']>[0]): Promise<WasiStartReply> {
    const exitCode = await this.wasi.start(instance);
    const join = (chunks: Uint8Array[] | undefined) => (chunks === undefined ? undefined : new Uint8Array(Buffer.concat(chunks)));
    return { exitCode, stdout: join(this.captured.stdout), stderr: join(this.captured.stderr) };
  }

  private sink(opt: number | 'capture' | undefined, fd: number, which: 'stdout' | 'stderr'): number | Writable {
    if (opt === undefined) return fd;
    if (typeof opt === 'number') return opt;
    const chunks: Uint8Array[] = (this.captured[which] = []);
    return new Writable({
      write(chunk: Uint8Array, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    });
  }
}
