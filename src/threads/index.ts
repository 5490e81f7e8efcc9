// src/threads' public face: the worker-thread engine pool and its proxies.
// Everything else in src/threads/ is internal (the worker entry, the message
// protocol, the error wire format).

export { ThreadedEngine, type ThreadedEngineConfig, type ThreadInstantiateOptions, type ThreadExitReport } from './threaded-engine.js';
export { ThreadModule } from './thread-module.js';
export { ThreadInstance } from './thread-instance.js';
export type { WasiSetup, WasiStartReply, WorkerStats } from './protocol.js';
