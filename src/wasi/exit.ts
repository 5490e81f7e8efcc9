// The error proc_exit throws to end a guest with an exit code. The runtime
// abandons the guest and rejects the running call with it; Wasi.start()
// catches it and resolves to the code.
//
// Invariants: only proc_exit throws it; the function wrapper lets it pass
// (every other exception becomes an errno). Imports nothing.

export class WasiExit extends Error {
  constructor(readonly code: number) {
    super(`wasi: proc_exit(${code})`);
    this.name = 'WasiExit';
  }
}
