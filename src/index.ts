// Corral's library entry point: the public API, shaped like the WebAssembly JS API.
// Only re-exports live here; each concept has its own module.

export { CompileError } from './wasm/errors.js';
export { TRAP_CODES, type TrapCode } from './abi/trap-codes.js';
export { Engine, type EngineConfig, type InstantiateOptions } from './runtime/engine.js';
export { Module } from './runtime/module.js';
export { Instance } from './runtime/instance.js';
export { killByHandle, type KillHandle } from './runtime/call.js';
export { atTurnEnd, type TurnEndKind } from './runtime/turn-end.js';
export { Memory, type MemoryDescriptor } from './runtime/memory.js';
export { Table, type TableDescriptor } from './runtime/table.js';
export { Global, type GlobalDescriptor } from './runtime/global.js';
export { LinkError, PoolExhausted, Trap, type LimitName, type WasmFrame } from './runtime/errors.js';
export { Unsupported } from './compiler/errors.js';
export type { Val, ExternValue, ImportObject, ExportedFunction } from './runtime/values.js';
export { ArtifactError, loadArtifact, serializeArtifact, readArtifactHeader, CompileCache, type ArtifactHeader } from './artifact/index.js';
export { ThreadedEngine, ThreadModule, ThreadInstance, type ThreadedEngineConfig, type ThreadInstantiateOptions, type ThreadExitReport, type WasiSetup, type WasiStartReply, type WorkerStats } from './threads/index.js';
