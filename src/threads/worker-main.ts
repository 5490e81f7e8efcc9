// The entry point of one pool worker thread: its own Engine, the modules
// loaded into it (by the main thread's module number) and the instances made
// in it (by instance number), serving the main thread's requests (protocol.ts).
//
// Invariants: requests are served concurrently (a call awaiting a host reply
// or its next time slice never blocks the others); every request with an id
// gets exactly one reply; a reply that cannot be cloned (a funcref result, an
// externref holding a function) becomes an error reply instead of a lost
// call; 'close' kills every instance and closes the engine, so its native
// reservations are returned before the thread ends.
// Nothing imports this file: ThreadedEngine starts it as a Worker.

import { parentPort, workerData, type MessagePort, type TransferListItem } from 'node:worker_threads';
import { loadArtifact, serializeArtifact } from '../artifact/index.js';
import { Engine } from '../runtime/engine.js';
import type { Instance } from '../runtime/instance.js';
import { Memory } from '../runtime/memory.js';
import type { Module } from '../runtime/module.js';
import { ExternKind, valTypeName } from '../wasm/types.js';
import type { CompileReply, FromWorker, InstantiateReply, ModuleShape, Request, WorkerSetup, WorkerStats } from './protocol.js';
import { packResult, unpackValues } from './nan-wire.js';
import { HostCalls } from './worker-imports.js';
import { WorkerWasi } from './worker-wasi.js';
import { toWire } from './wire-errors.js';

interface Hosted {
  readonly instance: Instance;
  readonly wasi: WorkerWasi | undefined;
}

const port = parentPort as MessagePort;
const setup = workerData as WorkerSetup;
const hostCalls = new HostCalls(port);
const modules = new Map<number, Module>();
const instances = new Map<number, Hosted>();
const counts = { compiled: 0, loaded: 0 };

// A configuration the Engine refuses fails every request with that error (the pool reports it at its first compile).
let engine: Engine | Error;
try {
  engine = new Engine(setup.config);
} catch (e) {
  engine = e instanceof Error ? e : new Error(String(e));
}

function theEngine(): Engine {
  if (engine instanceof Error) throw engine;
  return engine;
}

function post(m: FromWorker, transfer?: readonly TransferListItem[]): void {
  port.postMessage(m, transfer);
}

function replyOk(id: number, value: unknown, transfer?: readonly TransferListItem[]): void {
  try {
    post({ t: 'reply', id, ok: true, value }, transfer);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    const err = new TypeError(`corral: the result cannot cross to the main thread (funcrefs, and externrefs that structured clone refuses, stay in their thread): ${why}`);
    post({ t: 'reply', id, ok: false, error: toWire(err) });
  }
}

function hosted(id: number): Hosted {
  const h = instances.get(id);
  if (h === undefined) throw new Error('corral: the instance was released');
  return h;
}

function moduleShape(m: Module): ModuleShape {
  const w = m.wasm;
  const names = (ts: readonly number[]) => ts.map(valTypeName);
  const importKinds = m.imports(), exportKinds = m.exports();
  return {
    imports: w.imports.map((imp, i) => {
      const kind = importKinds[i]!.kind;
      if (imp.desc.kind !== ExternKind.func) return { module: imp.module, name: imp.name, kind };
      const t = w.types[imp.desc.typeIndex]!;
      return { module: imp.module, name: imp.name, kind, func: { params: names(t.params), results: names(t.results) } };
    }),
    exports: w.exports.map((e, i) => {
      const kind = exportKinds[i]!.kind;
      if (e.kind !== ExternKind.func) return { name: e.name, kind };
      const t = w.types[w.funcTypes[e.index]!]!;
      return { name: e.name, kind, func: { params: names(t.params), results: names(t.results) } };
    }),
  };
}

async function serve(r: Exclude<Request, { op: 'release' | 'host-reply' }>): Promise<void> {
  switch (r.op) {
    case 'compile': {
      const m = await theEngine().compile(r.input);
      modules.set(r.module, m);
      counts.compiled++;
      const artifact = serializeArtifact(m.compiled);
      const reply: CompileReply = { artifact, shape: moduleShape(m) };
      return replyOk(r.id, reply, [artifact.buffer as ArrayBuffer]);
    }
    case 'load': {
      const e = theEngine();
      const { compiled } = loadArtifact(r.artifact, { memoryMode: e.memoryMode, fuel: setup.config.fuel !== undefined });
      modules.set(r.module, e.load(compiled));
      counts.loaded++;
      return replyOk(r.id, undefined);
    }
    case 'instantiate': {
      const m = modules.get(r.module);
      if (m === undefined) throw new Error(`corral: module ${r.module} is not loaded in worker ${setup.index}`);
      const wasi = r.wasi === undefined ? undefined : new WorkerWasi(r.wasi);
      const imports = hostCalls.importsFor(r.instance, r.imports);
      // The main thread's functions for the same namespace win: they were given on purpose.
      if (wasi !== undefined) imports['wasi_snapshot_preview1'] = { ...wasi.wasi.imports.wasi_snapshot_preview1, ...imports['wasi_snapshot_preview1'] };
      const instance = await theEngine().instantiate(m, imports, r.options);
      // Bound now, so exports other than _start (a reactor's, or a command's helpers) can use WASI too; start() binds it again.
      const memory = instance.exports['memory'];
      if (wasi !== undefined && memory instanceof Memory) wasi.wasi.bindMemory(memory);
      instances.set(r.instance, { instance, wasi });
      const reply: InstantiateReply = { killHandle: instance.killHandle };
      return replyOk(r.id, reply);
    }
    case 'invoke': {
      const f = hosted(r.instance).instance.exports[r.name];
      if (typeof f !== 'function') throw new TypeError(`no exported function named "${r.name}"`);
      return replyOk(r.id, packResult(await f(...unpackValues(r.args)), r.results));
    }
    case 'call':
      return replyOk(r.id, await hosted(r.instance).instance.call(r.name, r.vals));
    case 'global':
      return replyOk(r.id, hosted(r.instance).instance.getGlobal(r.name));
    case 'wasi-start': {
      const h = hosted(r.instance);
      if (h.wasi === undefined) throw new Error('corral: the instance was made without a wasi setup (InstantiateOptions.wasi)');
      return replyOk(r.id, await h.wasi.start(h.instance));
    }
    case 'stats': {
      const e = theEngine();
      const stats: WorkerStats = { thread: setup.index, ...counts, instances: instances.size, liveInstances: e.liveInstances, modules: modules.size, codeImages: e.loadedCodeImages };
      return replyOk(r.id, stats);
    }
    case 'close': {
      for (const h of instances.values()) h.instance.kill();
      instances.clear();
      if (!(engine instanceof Error)) engine.close();
      return replyOk(r.id, undefined);
    }
  }
}

port.on('message', (r: Request) => {
  if (r.op === 'host-reply') return hostCalls.settle(r);
  if (r.op === 'unload') {
    // Its instances keep what they need (module-lifetime.ts); the engine unloads the code once they are gone too.
    modules.delete(r.module);
    return;
  }
  if (r.op === 'release') {
    const h = instances.get(r.instance);
    instances.delete(r.instance);
    h?.instance.kill();
    h?.wasi?.wasi.dispose();
    return;
  }
  serve(r).catch((e: unknown) => post({ t: 'reply', id: r.id, ok: false, error: toWire(e) }));
});
