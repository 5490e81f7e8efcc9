// Linear memories in both modes: data segments, growth from the guest and the
// host (with buffer refresh), memories shared between instances and with the
// host, out-of-bounds segments, guard-region faults, limits at link time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine, LinkError, Memory, Trap, type Instance } from '../../src/index.js';
import { native } from '../../src/runtime/native.js';
import { handModule } from './hand.js';
import { load32, memGrow, memSize, rawLoad32, store32 } from './emitters.js';

const MEM_FUNCS = `
  (func (export "load") (param i32) (result i32) unreachable)
  (func (export "store") (param i32 i32) unreachable)
  (func (export "size") (result i32) unreachable)
  (func (export "grow") (param i32) (result i32) unreachable)`;
const MEM_BODIES = [load32, store32, memSize, memGrow];

type Fn = (...a: unknown[]) => Promise<unknown>;
const fns = (x: { exports: object }) => x.exports as Record<string, Fn>;

for (const memoryMode of ['guarded', 'checked'] as const) {
  test(`${memoryMode}: data segments, guest loads and stores, the host buffer`, async () => {
    const engine = new Engine({ memoryMode });
    try {
      const m = await handModule(engine, `(module (memory (export "mem") 1 3)
        (data (i32.const 8) "\\01\\02\\03\\04")
        (data (i32.const 65532) "\\ff\\ff\\ff\\7f") ${MEM_FUNCS})`, MEM_BODIES);
      const inst = await engine.instantiate(m);
      const f = fns(inst);
      assert.equal(await f.load!(8), 0x04030201);
      assert.equal(await f.load!(65532), 0x7fffffff);
      await assert.rejects(f.load!(65533), (e: unknown) => e instanceof Trap && e.code === 'memory_out_of_bounds' && e.message === 'out of bounds memory access');
      await f.store!(100, -2);
      const mem = inst.exports.mem as Memory;
      assert.ok(mem instanceof Memory);
      const view = new DataView(mem.buffer);
      assert.equal(mem.buffer.byteLength, 65536);
      assert.equal(view.getInt32(100, true), -2);
      view.setUint32(200, 0xdeadbeef, true);
      assert.equal(await f.load!(200), 0xdeadbeef | 0);
    } finally {
      engine.close();
    }
  });

  test(`${memoryMode}: memory.grow from the guest and the host; buffer refreshes; new pages are zero`, async () => {
    const engine = new Engine({ memoryMode });
    try {
      const m = await handModule(engine, `(module (memory (export "mem") 1 4) ${MEM_FUNCS})`, MEM_BODIES);
      const inst = await engine.instantiate(m);
      const f = fns(inst);
      const mem = inst.exports.mem as Memory;
      const before = mem.buffer;
      assert.equal(await f.grow!(1), 1);
      assert.equal(await f.size!(), 2);
      assert.equal(mem.buffer.byteLength, 2 * 65536);
      assert.notEqual(mem.buffer, before);
      assert.equal(mem.buffer, mem.buffer, 'no new buffer without growth');
      assert.equal(await f.load!(2 * 65536 - 4), 0);
      await f.store!(2 * 65536 - 4, 77);
      assert.equal(new DataView(mem.buffer).getInt32(2 * 65536 - 4, true), 77);
      assert.equal(mem.grow(1), 2);
      assert.equal(await f.size!(), 3);
      assert.equal(await f.load!(3 * 65536 - 4), 0);
      assert.equal(await f.grow!(2), -1, 'past the maximum');
      assert.throws(() => mem.grow(2), RangeError);
      assert.equal(await f.grow!(1), 3);
      assert.equal(await f.grow!(0), 4);
      assert.equal(mem.buffer.byteLength, 4 * 65536);
    } finally {
      engine.close();
    }
  });

  test(`${memoryMode}: an exported memory imported by another instance is one memory`, async () => {
    const engine = new Engine({ memoryMode });
    try {
      const a = await engine.instantiate(await handModule(engine, `(module (memory (export "mem") 1 5) ${MEM_FUNCS})`, MEM_BODIES));
      const bMod = await handModule(engine, `(module (import "a" "mem" (memory 1 5)) ${MEM_FUNCS})`, MEM_BODIES);
      const b = await engine.instantiate(bMod, { a: { mem: a.exports.mem! } });
      await fns(b).store!(40, 1234);
      assert.equal(await fns(a).load!(40), 1234);
      assert.equal(await fns(b).grow!(2), 1);
      assert.equal(await fns(a).size!(), 3, 'growth through the importer is seen by the owner');
      await fns(a).store!(3 * 65536 - 4, 9);
      assert.equal(await fns(b).load!(3 * 65536 - 4), 9);
      assert.equal((a.exports.mem as Memory).buffer.byteLength, 3 * 65536);
    } finally {
      engine.close();
    }
  });

  test(`${memoryMode}: a host Memory shared by two instances; segments write into it`, async () => {
    const engine = new Engine({ memoryMode });
    try {
      const mem = new Memory(engine, { initial: 1, maximum: 2 });
      const wat = (at: number, byte: string) => `(module (import "h" "mem" (memory 1 2)) (data (i32.const ${at}) "${byte}") ${MEM_FUNCS})`;
      const a = await engine.instantiate(await handModule(engine, wat(0, '\\2a'), MEM_BODIES), { h: { mem } });
      const b = await engine.instantiate(await handModule(engine, wat(4, '\\2b'), MEM_BODIES), { h: { mem } });
      assert.equal(new Uint8Array(mem.buffer)[0], 0x2a);
      assert.equal(new Uint8Array(mem.buffer)[4], 0x2b);
      assert.equal(await fns(b).load!(0), 0x2a);
      assert.equal(mem.grow(1), 1);
      assert.equal(await fns(a).size!(), 2);
      assert.equal(await fns(b).load!(65536 + 100), 0);
      await fns(a).store!(65536 + 100, 5);
      assert.equal(new DataView(mem.buffer).getInt32(65536 + 100, true), 5);
    } finally {
      engine.close();
    }
  });

  test(`${memoryMode}: an out-of-bounds data segment traps; earlier segments stay written`, async () => {
    const engine = new Engine({ memoryMode });
    try {
      const mem = new Memory(engine, { initial: 1 });
      const m = await handModule(engine, `(module (import "h" "mem" (memory 1))
        (data (i32.const 10) "\\01")
        (data (i32.const 65535) "\\02\\03")
        (data (i32.const 20) "\\04"))`, []);
      await assert.rejects(engine.instantiate(m, { h: { mem } }), (e: unknown) =>
        e instanceof Trap && e.code === 'memory_out_of_bounds' && e.message === 'out of bounds memory access');
      const bytes = new Uint8Array(mem.buffer);
      assert.equal(bytes[10], 1);
      assert.equal(bytes[65535], 0, 'the failing segment wrote nothing');
      assert.equal(bytes[20], 0, 'later segments are not applied');
    } finally {
      engine.close();
    }
  });

  test(`${memoryMode}: memory imports are checked against their limits`, async () => {
    const engine = new Engine({ memoryMode });
    try {
      const m = await handModule(engine, `(module (import "h" "mem" (memory 2 4)))`, []);
      const bad: [string, unknown][] = [
        ['too small', new Memory(engine, { initial: 1, maximum: 4 })],
        ['no maximum', new Memory(engine, { initial: 2 })],
        ['maximum too large', new Memory(engine, { initial: 2, maximum: 5 })],
        ['not a memory', 5],
      ];
      for (const [why, mem] of bad) {
        await assert.rejects(engine.instantiate(m, { h: { mem } as never }), (e: unknown) =>
          e instanceof LinkError && /incompatible import type/.test(e.message) && /"h" "mem"/.test(e.message), why);
      }
      await assert.rejects(engine.instantiate(m, {}), (e: unknown) => e instanceof LinkError && /unknown import/.test(e.message));
      await engine.instantiate(m, { h: { mem: new Memory(engine, { initial: 3, maximum: 4 }) } });
    } finally {
      engine.close();
    }
  });
}

test('guarded: a load past the accessible pages faults in the guard region and traps', async () => {
  const engine = new Engine({ memoryMode: 'guarded' });
  try {
    const m = await handModule(engine, `(module (memory 1 2)
      (func (export "raw") (param i32) (result i32) unreachable)
      (func (export "grow") (param i32) (result i32) unreachable))`, [rawLoad32, memGrow]);
    const inst = await engine.instantiate(m);
    const f = fns(inst);
    assert.equal(await f.raw!(65532), 0);
    await assert.rejects(f.raw!(65536), (e: unknown) => e instanceof Trap && e.code === 'memory_out_of_bounds' && e.frames[0]?.funcIndex === 0);
    await assert.rejects(f.raw!(-1), (e: unknown) => e instanceof Trap && e.code === 'memory_out_of_bounds');
    assert.equal(await f.grow!(1), 1);
    assert.equal(await f.raw!(65536), 0, 'grown pages are accessible');
  } finally {
    engine.close();
  }
});

test('checked: a memory reserves only its maximum; the engine cap bounds growth', async () => {
  const engine = new Engine({ memoryMode: 'checked', maxMemoryPages: 3 });
  try {
    const m = await handModule(engine, `(module (memory (export "mem") 1) ${MEM_FUNCS})`, MEM_BODIES);
    const inst = await engine.instantiate(m);
    assert.equal(await fns(inst).grow!(2), 1);
    assert.equal(await fns(inst).grow!(1), -1);
    assert.throws(() => new Memory(engine, { initial: 4 }), RangeError);
  } finally {
    engine.close();
  }
});

test('checked: memories share pool reservations (few kernel mappings) and never overlap', async () => {
  const engine = new Engine({ memoryMode: 'checked' });
  try {
    const m = await handModule(engine, `(module (memory (export "mem") 1 2) ${MEM_FUNCS})`, MEM_BODIES);
    const before = native.stats().mappings;
    const insts: Instance[] = [];
    for (let i = 0; i < 200; i++) insts.push(await engine.instantiate(m));
    assert.ok(native.stats().mappings - before < 10, `mappings grew by ${native.stats().mappings - before}`);
    for (let i = 0; i < insts.length; i++) {
      assert.equal(await fns(insts[i]!).grow!(1), 1);
      await fns(insts[i]!).store!(2 * 65536 - 4 - 4 * i, i + 1);
    }
    for (let i = 0; i < insts.length; i++) {
      const view: Int32Array = new Int32Array((insts[i]!.exports.mem as Memory).buffer);
      assert.equal(view.reduce((a, b) => a + b, 0), i + 1, `memory ${i} holds only its own write`);
    }
  } finally {
    engine.close();
  }
});
