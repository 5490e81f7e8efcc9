// Instantiates the WASI shim (guest-shim.ts) under Corral or node:wasi with
// one pre-open, and gives tests a uniform handle: call an export, write
// bytes into guest memory, read bytes back. Only test/wasi/ imports this.

import { WASI } from 'node:wasi';
import type { Engine } from '../../src/index.js';
import { Wasi } from '../../src/wasi/index.js';
import { watToBinary } from '../../src/wasm/text.js';
import { SHIM_WAT } from './guest-shim.js';

export interface Shim {
  call(name: string, ...args: (number | bigint)[]): Promise<number>;
  poke(at: number, data: Uint8Array | string): void;
  peek(at: number, len: number): Uint8Array;
  u32(at: number): number;
}

let binary: Uint8Array | undefined;
async function shimBinary(): Promise<Uint8Array> {
  return (binary ??= await watToBinary(SHIM_WAT, 'wasi-shim.wat'));
}

const v8wasm = (globalThis as unknown as {
  WebAssembly: { instantiate(b: Uint8Array, i: object): Promise<{ instance: { exports: Record<string, unknown> } }> };
}).WebAssembly;

/** `stdout`: host fd for the guest's fd 1 (default: a fresh pipe-less /dev/null). */
export async function openShim(kind: 'corral' | 'node', preopen: string, engine?: Engine, stdout?: number): Promise<Shim> {
  const bytes = await shimBinary();
  let exports: Record<string, unknown>;
  if (kind === 'corral') {
    if (engine === undefined) throw new Error('a Corral shim needs an engine');
    const wasi = new Wasi({ args: ['shim', 'arg'], env: { K: 'V' }, preopens: { '/sandbox': preopen }, stdin: new Uint8Array(0), stdout: stdout ?? 1 });
    const instance = await engine.instantiate(await engine.compile(bytes), wasi.imports);
    await wasi.initialize(instance);
    exports = instance.exports as Record<string, unknown>;
  } else {
    const wasi = new WASI({ version: 'preview1', args: ['shim', 'arg'], env: { K: 'V' }, preopens: { '/sandbox': preopen }, stdout: stdout ?? 1, returnOnExit: true });
    const { instance } = await v8wasm.instantiate(bytes, wasi.getImportObject());
    wasi.initialize(instance);
    exports = instance.exports;
  }
  const mem = () => new Uint8Array((exports['memory'] as { buffer: ArrayBuffer }).buffer);
  return {
    async call(name, ...args) {
      const f = exports[name] as (...a: unknown[]) => unknown;
      return Number(await f(...args));
    },
    poke(at, data) {
      mem().set(typeof data === 'string' ? new TextEncoder().encode(data) : data, at);
    },
    peek(at, len) {
      return mem().slice(at, at + len);
    },
    u32(at) {
      const b = mem();
      return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
    },
  };
}
