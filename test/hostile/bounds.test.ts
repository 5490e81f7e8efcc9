// Out-of-bounds memory accesses at every edge, for every access width and
// both memory modes: the last in-bounds address works, the first byte past
// the end traps, and effective addresses that only fit in 33 bits (index +
// offset near 2^32, which wrap to small numbers in 32-bit arithmetic) trap
// instead of reaching low memory. A trapping store writes nothing, and after
// memory.grow the edge moves exactly. Bulk memory operations check the same
// edges before they write.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CorralInstance, CorralMemory, Val } from '../spec/corral-api.js';
import { assertTrap, callI32, type Guest, i32, inBothModes } from './guests.js';

const PAGE = 65536;

interface Access {
  readonly op: string;
  readonly width: number;
  readonly store: boolean;
  readonly type: 'i32' | 'i64' | 'f32' | 'f64';
}

const ACCESSES: Access[] = [
  ...([['i32.load', 4, 'i32'], ['i64.load', 8, 'i64'], ['f32.load', 4, 'f32'], ['f64.load', 8, 'f64'],
    ['i32.load8_s', 1, 'i32'], ['i32.load8_u', 1, 'i32'], ['i32.load16_s', 2, 'i32'], ['i32.load16_u', 2, 'i32'],
    ['i64.load8_s', 1, 'i64'], ['i64.load8_u', 1, 'i64'], ['i64.load16_s', 2, 'i64'], ['i64.load16_u', 2, 'i64'],
    ['i64.load32_s', 4, 'i64'], ['i64.load32_u', 4, 'i64']] as const).map(([op, width, type]) => ({ op, width, type, store: false })),
  ...([['i32.store', 4, 'i32'], ['i64.store', 8, 'i64'], ['f32.store', 4, 'f32'], ['f64.store', 8, 'f64'],
    ['i32.store8', 1, 'i32'], ['i32.store16', 2, 'i32'], ['i64.store8', 1, 'i64'], ['i64.store16', 2, 'i64'],
    ['i64.store32', 4, 'i64']] as const).map(([op, width, type]) => ({ op, width, type, store: true })),
];

/** Static offsets each access is compiled with (per width, the in-bounds edge and one past it). */
function offsets(width: number): number[] {
  return [0, 5, PAGE - width, PAGE - width + 1, 0x80000000, 0xffffffff];
}

const name = (a: Access, offset: number): string => `${a.op}@${offset}`;

/** A constant of the access's type whose every byte is non-zero, so a partial write would show. */
function storedValue(a: Access): string {
  switch (a.type) {
    case 'i32': return '(i32.const 0x5a5a5a5a)';
    case 'i64': return '(i64.const 0x5a5a5a5a5a5a5a5a)';
    case 'f32': return '(f32.const 0x1.b4b4b4p-74)';
    case 'f64': return '(f64.const 0x1.a5a5a5a5a5a5ap-602)';
  }
}

function moduleText(): string {
  const funcs: string[] = [];
  for (const a of ACCESSES) {
    for (const off of offsets(a.width)) {
      const body = a.store
        ? `(${a.op} offset=${off} (local.get 0) ${storedValue(a)})`
        : `(drop (${a.op} offset=${off} (local.get 0)))`;
      funcs.push(`(func (export "${name(a, off)}") (param i32) ${body})`);
    }
  }
  return `(module
    (memory (export "memory") 1 4)
    ${funcs.join('\n    ')}
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
    (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
    (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
    (data $d "0123456789")
    (func (export "init") (param i32 i32 i32) (memory.init $d (local.get 0) (local.get 1) (local.get 2)))
    (func (export "last_byte") (result i32) (i32.load8_u (i32.const ${PAGE - 1}))))`;
}

interface Case {
  readonly address: number;
  readonly offset: number;
}

/** Every edge case for one width and memory size: [case, in bounds?]. */
function cases(width: number, size: number): [Case, boolean][] {
  const list: [Case, boolean][] = [];
  const add = (address: number, offset: number): void => {
    list.push([{ address, offset }, address + offset + width <= size]);
  };
  for (const offset of offsets(width)) {
    for (const address of [0, 1, size - width, size - width + 1, size - 1, size, size - width - offset, 0x7fffffff, 0x80000000, 0xfffffffb, 0xffffffff]) {
      if (address >= 0 && address <= 0xffffffff) add(address, offset);
    }
  }
  return list;
}

async function access(g: Guest, inst: CorralInstance, a: Access, c: Case, inBounds: boolean, size: number): Promise<void> {
  const memory = inst.exports['memory'] as CorralMemory;
  const what = `${a.op} offset=${c.offset} at address 0x${c.address.toString(16)} (memory ${size} bytes, ${inBounds ? 'in bounds' : 'out of bounds'})`;
  const before = a.store ? new Uint8Array(memory.buffer).slice() : undefined;
  const call = inst.call(name(a, c.offset), [i32(c.address)] as Val[]);
  if (inBounds) {
    await call;
    return;
  }
  await assertTrap(g, call, 'memory_out_of_bounds', what);
  if (before !== undefined) {
    const after = new Uint8Array(memory.buffer);
    assert.equal(after.length, before.length, `${what}: memory size unchanged`);
    for (let i = size - 16; i < size; i++) assert.equal(after[i], before[i], `${what}: no partial write (byte ${i})`);
    for (let i = 0; i < 16; i++) assert.equal(after[i], before[i], `${what}: nothing wrapped around to low memory (byte ${i})`);
  }
}

test('every load and store width, at every edge: in bounds works, out of bounds traps and writes nothing', async (t) => {
  await inBothModes(t, {}, async (g) => {
    const inst = await g.instantiate(moduleText());
    for (const a of ACCESSES) for (const [c, ok] of cases(a.width, PAGE)) await access(g, inst, a, c, ok, PAGE);
    // Grow by one page: the edge moves exactly to 128 KiB.
    assert.equal(await callI32(inst, 'grow', i32(1)), 1);
    for (const a of ACCESSES) for (const [c, ok] of cases(a.width, 2 * PAGE)) await access(g, inst, a, c, ok, 2 * PAGE);
  });
});

test('bulk memory operations check the edges before writing', async (t) => {
  await inBothModes(t, {}, async (g) => {
    const inst = await g.instantiate(moduleText());
    const memory = inst.exports['memory'] as CorralMemory;
    await inst.call('fill', [i32(PAGE), i32(1), i32(0)]); // zero length at the very end is allowed
    await inst.call('copy', [i32(PAGE), i32(0), i32(0)]);
    await inst.call('init', [i32(PAGE), i32(10), i32(0)]);
    await inst.call('fill', [i32(PAGE - 2), i32(7), i32(2)]);
    assert.equal(await callI32(inst, 'last_byte'), 7);
    for (const [op, args] of [
      ['fill', [PAGE + 1, 1, 0]], ['fill', [PAGE - 1, 9, 2]], ['fill', [1, 9, 0xffffffff]], ['fill', [0xffffffff, 9, 1]],
      ['copy', [PAGE - 1, 0, 2]], ['copy', [0, PAGE - 1, 2]], ['copy', [1, 0, 0xffffffff]], ['copy', [PAGE + 1, 0, 0]],
      ['init', [PAGE - 1, 0, 2]], ['init', [0, 9, 2]], ['init', [0xffffffff, 0, 1]],
    ] as const) {
      const before = new Uint8Array(memory.buffer).slice();
      await assertTrap(g, inst.call(op, args.map((x) => i32(x))), 'memory_out_of_bounds', `${op}(${args.join(', ')})`);
      assert.deepEqual(new Uint8Array(memory.buffer).subarray(PAGE - 16), before.subarray(PAGE - 16), `${op}(${args.join(', ')}) wrote nothing`);
    }
  });
});
