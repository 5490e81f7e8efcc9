// Corral's library entry point: the public API, shaped like the WebAssembly JS API.
// Only re-exports live here; each concept has its own module.

export { CompileError } from './wasm/errors.js';
export { TRAP_CODES, type TrapCode } from './abi/trap-codes.js';
