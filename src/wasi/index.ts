// src/wasi's public face: the Wasi object, its options, and the exit error.
// Everything else in src/wasi/ is internal.

export { Wasi, type WasiOptions, type WasiInstance, type WasiImports } from './wasi.js';
export { WasiExit } from './exit.js';
export { Errno } from './errno.js';
export type { GuestMemory } from './guest-memory.js';
export type { InputOption, OutputOption } from './stdio.js';
