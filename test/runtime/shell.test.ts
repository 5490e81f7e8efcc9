// Ready shells and the synchronous entry points a per-request server uses:
// the data image a recycled memory is restored from (nearby segments merged
// into one write, same bytes as writing every segment in order), a shell's
// memory after a tenant scribbled over it, Instance.instantiateNow (the
// Instance at once from a shell, a Promise otherwise) and callNow (results
// at once from a call that never waited, a Promise from one that did, a
// throw for a failure at once).
// Only the test runner imports this.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Engine, Instance, Memory, Trap } from '../../src/index.js';
import { makeDataImage } from '../../src/runtime/shell.js';
import { xorshift32 } from '../seeded-random.js';

/** The memory `segments` leave when written one after another into zeros. */
function writeInOrder(size: number, segments: readonly { offset: number; bytes: Uint8Array }[]): Uint8Array {
  const m = new Uint8Array(size);
  for (const s of segments) m.set(s.bytes, s.offset);
  return m;
}

const rng = xorshift32;

test('a data image writes the same bytes as its segments in order, merging nearby ones', () => {
  const next = rng(0x5eed);
  const size = 65536;
  for (let round = 0; round < 300; round++) {
    const n = 1 + (next() % 8);
    const segments = [];
    for (let i = 0; i < n; i++) {
      // Clustered offsets make overlaps, near misses and far-apart segments all common.
      const offset = (next() % 4) * 12000 + (next() % 6000);
      const bytes = new Uint8Array(next() % 200);
      for (let k = 0; k < bytes.length; k++) bytes[k] = 1 + (next() % 255);
      segments.push({ offset, bytes });
    }
    const image = makeDataImage(segments, size);
    assert.equal(image.initialMemoryBytes, size);
    assert.deepEqual(writeInOrder(size, image.segments), writeInOrder(size, segments), `round ${round}`);
    assert.ok(image.segments.length <= segments.length);
  }
  // The case the server cares for: a handler's few strings close together become one write.
  const hello = makeDataImage([
    { offset: 0, bytes: new TextEncoder().encode('content-type') },
    { offset: 16, bytes: new TextEncoder().encode('text/plain') },
    { offset: 32, bytes: new TextEncoder().encode('hello, world\n') },
  ], size);
  assert.equal(hello.segments.length, 1);
  assert.equal(hello.segments[0]!.offset, 0);
  // Far apart: kept apart (no 60 KiB of zeros written per request).
  const far = makeDataImage([{ offset: 0, bytes: new Uint8Array([1]) }, { offset: 60000, bytes: new Uint8Array([2]) }], size);
  assert.equal(far.segments.length, 2);
});

// Overlapping and adjacent segments: the later one wins where they overlap.
const SEGMENTS = `(module
  (memory (export "memory") 1)
  (data (i32.const 8) "aaaaaaaaaaaaaaaa")
  (data (i32.const 12) "BBBB")
  (data (i32.const 40) "ccc")
  (data (i32.const 30000) "far")
  (func (export "scribble") (local $i i32)
    (loop $l
      (i32.store8 (local.get $i) (i32.const 0xee))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 65536))))))`;

for (const memoryMode of ['checked', 'guarded'] as const) {
  test(`a recycled shell's memory reads as a fresh instance's (${memoryMode})`, async () => {
    const engine = new Engine({ memoryMode });
    try {
      const m = await engine.compile(SEGMENTS);
      const first = await engine.instantiate(m);
      const fresh = new Uint8Array((first.exports.memory as Memory).buffer).slice();
      assert.equal(new TextDecoder().decode(fresh.subarray(8, 24)), 'aaaaBBBBaaaaaaaa');
      await first.call('scribble');
      first.release();
      for (let i = 0; i < 3; i++) {
        const again = Instance.instantiateNow(engine, m);
        assert.ok(again instanceof Instance, 'a ready shell serves at once');
        assert.deepEqual(new Uint8Array((again.exports.memory as Memory).buffer), fresh);
        await again.call('scribble');
        again.release();
      }
    } finally {
      engine.close();
    }
  });
}

test('instantiateNow: a Promise when there is no shell or a start function; callNow: results at once unless the call waits', async () => {
  // No time slice: a slow moment of a busy machine must not make a call wait for its next turn.
  const engine = new Engine({ memoryMode: 'checked', sliceMs: 0 });
  try {
    const m = await engine.compile(`(module
      (import "host" "get" (func $get (result i32)))
      (memory 1)
      (func (export "twice") (result i32) (i32.mul (call $get) (i32.const 2)))
      (func (export "boom") unreachable))`);
    let value: number | Promise<number> = 21;
    const imports = { host: { get: () => value } };
    const made = Instance.instantiateNow(engine, m, imports);
    assert.ok(made instanceof Promise, 'no shell yet: the slow way');
    const inst = await made;
    const now = inst.callNow('twice');
    assert.deepEqual(now, [{ type: 'i32', value: 42 }], 'a call whose import answers at once has its results at once');
    value = Promise.resolve(5);
    const later = inst.callNow('twice');
    assert.ok(later instanceof Promise);
    assert.deepEqual(await later, [{ type: 'i32', value: 10 }]);
    assert.throws(() => inst.callNow('boom'), (e: unknown) => e instanceof Trap && e.code === 'unreachable');
    assert.throws(() => inst.callNow('nope'), TypeError);
    await assert.rejects(inst.call('boom'), Trap, 'call() still rejects rather than throws');
    inst.release();
    // Its records now serve the shell: a released instance must not reach the next tenant through them.
    assert.throws(() => inst.callNow('twice'), /released/);
    await assert.rejects(inst.call('twice'), /released/);

    value = 4;
    const shell = Instance.instantiateNow(engine, m, imports);
    assert.ok(shell instanceof Instance, 'the released instance became a shell');
    assert.deepEqual(shell.callNow('twice'), [{ type: 'i32', value: 8 }]);
    shell.release();

    const withStart = await engine.compile(`(module (memory 1) (global $g (mut i32) (i32.const 0))
      (func $s (global.set $g (i32.const 7))) (start $s)
      (func (export "g") (result i32) (global.get $g)))`);
    (await engine.instantiate(withStart)).release();
    const started = Instance.instantiateNow(engine, withStart);
    assert.ok(started instanceof Promise, 'a start function runs as a call: a Promise even from a shell');
    const s = await started;
    assert.deepEqual(s.callNow('g'), [{ type: 'i32', value: 7 }]);
    s.release();
  } finally {
    engine.close();
  }
});

test('recycling a shell rebinds its JS imports without deleting registry keys, and no entry reaches a previous tenant\'s import', async () => {
  const engine = new Engine({ memoryMode: 'checked' });
  try {
    const m = await engine.compile(`(module
      (import "host" "tenant" (func $tenant (result i32)))
      (memory (export "memory") 1)
      (func (export "ask") (result i32) (call $tenant)))`);
    const funcs = engine.runtime.refs.funcs;
    let deletes = 0;
    const mapDelete = funcs.delete.bind(funcs);
    funcs.delete = (k) => { deletes++; return mapDelete(k); };
    const previous: (() => number)[] = [];
    for (let tenant = 0; tenant < 50; tenant++) {
      const mine = () => tenant;
      let inst = Instance.instantiateNow(engine, m, { host: { tenant: mine } });
      if (inst instanceof Promise) inst = await inst;
      const r = inst.callNow('ask');
      assert.ok(Array.isArray(r), 'the call answered at once');
      assert.deepEqual(r[0], { type: 'i32', value: tenant }, 'the tenant\'s own import answered');
      inst.release();
      previous.push(mine);
      for (const info of funcs.values()) {
        if (info.kind === 'host') assert.ok(!previous.includes(info.fn as () => number), `tenant ${tenant}: a released tenant's import is still registered`);
      }
    }
    // Each delete and re-add of a key churns the Map's hash table (refs.park explains the cost).
    assert.equal(deletes, 0);
  } finally {
    engine.close();
  }
});

test('instantiateNow with releasedByCaller: freed by release(), never by collection', async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const collect = async (): Promise<void> => {
    for (let i = 0; i < 6; i++) {
      gc();
      await new Promise((r) => setImmediate(r));
    }
  };
  const engine = new Engine({ memoryMode: 'checked', sliceMs: 0 });
  try {
    const m = await engine.compile(`(module (import "host" "get" (func $get (result i32))) (memory 1)
      (func (export "twice") (result i32) (i32.mul (call $get) (i32.const 2))))`);
    const imports = { host: { get: () => 21 } };
    (await Instance.instantiateNow(engine, m, imports, { releasedByCaller: true })).release();
    assert.equal(engine.liveInstances, 0);
    const owned = Instance.instantiateNow(engine, m, imports, { releasedByCaller: true });
    assert.ok(owned instanceof Instance, 'from the shell the release left');
    assert.deepEqual(owned.callNow('twice'), [{ type: 'i32', value: 42 }]);
    owned.release();
    assert.equal(engine.liveInstances, 0, 'release() frees it at once');
    assert.throws(() => owned.callNow('twice'), /released/);

    // Dropped without release(): a watched instance is freed once collected, an unwatched one stays.
    (() => { void Instance.instantiateNow(engine, m, imports); })();
    await collect();
    assert.equal(engine.liveInstances, 0, 'the watched instance was collected and freed');
    (() => { void Instance.instantiateNow(engine, m, imports, { releasedByCaller: true }); })();
    await collect();
    assert.equal(engine.liveInstances, 1, 'nothing watches an instance its caller releases');
  } finally {
    engine.close();
  }
});
