// proc_exit, proc_raise, sched_yield.
//
// proc_exit throws WasiExit: the runtime abandons the guest and the running
// call rejects with it (Wasi.start turns it into the exit code), so a guest
// ends itself, never the host process. proc_raise is ENOSYS: delivering a
// signal would reach the host process, and preview1 programs do not need it.
// sched_yield lets the event loop run before the guest continues.
// Imports the context and exit.ts.

import { Errno } from '../errno.js';
import { WasiExit } from '../exit.js';
import { OK, u32, wrap, type HostFunction } from '../context.js';

export function procFunctions(): Record<string, HostFunction> {
  return {
    proc_exit: (code: unknown) => {
      throw new WasiExit(u32(code));
    },
    proc_raise: wrap(() => Errno.NOSYS),
    sched_yield: wrap(() => new Promise<number>((resolve) => setImmediate(() => resolve(OK)))),
  };
}
