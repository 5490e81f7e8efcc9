// GuestBytes, the corral_http functions' access to a handler's memory: the
// same answers over Corral's Memory (copied through read/write, no view of
// the memory made) and over a buffer-only memory; ranges checked as unsigned
// 32-bit at the moment of access; nothing reachable before a memory is bound.
// Only the test runner imports this.

import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { Engine, Memory } from '../../src/index.js';
import { GuestBytes, type BufferSource } from '../../src/server/guest-bytes.js';
import { checkGrowingMemory } from '../growing-memory.js';

const SIZE = 65536;

/** Runs `check` over a Corral memory and a plain buffer, each holding "héllo" at 100 and an invalid UTF-8 byte at 200. */
async function overBoth(t: TestContext, check: (bytes: GuestBytes, peek: (at: number, n: number) => Uint8Array) => void): Promise<void> {
  const engine = new Engine();
  try {
    const x = await engine.instantiate(await engine.compile(`(module (memory (export "memory") 1 1)
      (data (i32.const 100) "h\\c3\\a9llo") (data (i32.const 200) "\\ff"))`));
    const mem = x.exports.memory as Memory;
    const plain = { buffer: new ArrayBuffer(SIZE) };
    new Uint8Array(plain.buffer).set(new TextEncoder().encode('héllo'), 100);
    new Uint8Array(plain.buffer)[200] = 0xff;
    const sources: [string, BufferSource, (at: number, n: number) => Uint8Array][] = [
      ['Corral Memory', mem, (at, n) => { const out = new Uint8Array(n); mem.read(at, out); return out; }],
      ['buffer only', plain, (at, n) => new Uint8Array(plain.buffer, at, n).slice()],
    ];
    for (const [name, source, peek] of sources) {
      const bytes = new GuestBytes();
      bytes.bind(source);
      await t.test(name, () => check(bytes, peek));
    }
  } finally {
    engine.close();
  }
}

test('ranges, copies, text and copy-out agree over both kinds of memory', (t) => overBoth(t, (bytes, peek) => {
  assert.equal(bytes.text(100, 6), 'héllo');
  assert.equal(bytes.text(200, 1), null, 'not UTF-8');
  assert.equal(bytes.text(SIZE - 1, 2), undefined, 'past the end');
  assert.equal(bytes.contains(SIZE - 4, 4), true);
  assert.equal(bytes.contains(SIZE - 3, 4), false);
  assert.equal(bytes.contains(-1, 1), false, '-1 is 2^32 - 1 as a guest pointer');
  assert.equal(bytes.view(SIZE, 0)?.length, 0, 'an empty range at the end is inside');
  assert.equal(bytes.view(SIZE, 1), undefined);
  assert.equal(bytes.view(1, -1), undefined, 'a length of 2^32 - 1');
  const copy = bytes.copy(100, 6)!;
  assert.deepEqual([...copy], [...new TextEncoder().encode('héllo')]);
  copy[0] = 0;
  assert.equal(bytes.text(100, 1), 'h', 'a copy is not the memory');
  assert.equal(bytes.copyOut(300, 3, new TextEncoder().encode('abcdef')), 6, 'the full length is returned');
  assert.deepEqual([...peek(300, 4)], [0x61, 0x62, 0x63, 0], 'only cap bytes are written');
  assert.equal(bytes.copyOut(SIZE - 2, 3, new Uint8Array(1)), undefined, 'the capacity must fit, not just the value');
  assert.deepEqual([...peek(SIZE - 2, 2)], [0, 0]);
}));

test('before a memory is bound every range is out of bounds', () => {
  const bytes = new GuestBytes();
  assert.equal(bytes.contains(0, 0), false);
  assert.equal(bytes.view(0, 0), undefined);
  assert.equal(bytes.copy(0, 1), undefined);
  assert.equal(bytes.copyOut(0, 1, new Uint8Array(1)), undefined);
});

test('over Corral\'s Memory, access makes no external memory, even across growth; a released memory is refused', async () => {
  const bytes = new GuestBytes();
  await checkGrowingMemory({
    bind: (mem) => bytes.bind(mem),
    atSize: (_mem, end, i) => {
      assert.equal(bytes.copyOut(end - 8, 8, new Uint8Array(8).fill(i)), 8);
      assert.equal(bytes.copy(end - 8, 8)?.[7], i);
    },
    released: () => assert.throws(() => bytes.copy(0, 1), /released/),
  });
});
