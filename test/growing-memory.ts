// One scenario for the host code that copies through Corral's Memory
// (read/write) instead of viewing it: a memory that grows 16 times while
// host code uses its last bytes at every size must leave no external memory
// for V8 to collect (a view per size would stay counted until collected),
// and its instance, once released, must be refused. The server's GuestBytes
// and WASI both run it. Test-only.

import assert from 'node:assert/strict';
import { Engine, type Memory } from '../src/index.js';

export interface GrowingMemoryCheck {
  /** Binds the host code under test to the memory. */
  bind(mem: Memory): void;
  /** Uses the memory at one of its 16 sizes; `end` is its byte length now. */
  atSize(mem: Memory, end: number, i: number): void | Promise<void>;
  /** After the instance was released: the host code must refuse. */
  released(): void;
}

export async function checkGrowingMemory(check: GrowingMemoryCheck): Promise<void> {
  const engine = new Engine();
  try {
    const m = await engine.compile('(module (memory (export "memory") 16 64))');
    (await engine.instantiate(m)).release(); // the engine's one-time heap view is not counted
    const x = await engine.instantiate(m);
    const mem = x.exports.memory as Memory;
    check.bind(mem);
    const before = process.memoryUsage().external;
    for (let i = 0; i < 16; i++) {
      await check.atSize(mem, mem.byteLength, i);
      mem.grow(1);
    }
    const grew = process.memoryUsage().external - before;
    assert.ok(grew < 1 << 20, `16 sizes of a 1–2 MiB memory used: external memory grew by ${grew} bytes`);
    x.release();
    check.released();
  } finally {
    engine.close();
  }
}
