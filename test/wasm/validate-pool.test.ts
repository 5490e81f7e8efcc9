// Specification of parallel validation: ValidatorPool gives validateModule's
// verdict, reason and offset — the first error in function order, wherever
// the bodies were split — and rejects only with CompileError for bad modules.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeModule } from '../../src/wasm/decoder.js';
import { validateModule, ValidatorPool } from '../../src/wasm/validate.js';
import { CompileError } from '../../src/wasm/errors.js';
import { watToBinary } from '../../src/wasm/text.js';
import { buildContext } from '../../src/wasm/validator/context.js';
import { bodyRanges } from '../../src/wasm/validator/bodies.js';
import { lowestFailure, planChunks, takeOverTail, validateChunks } from '../../src/wasm/validator/chunks.js';
import { warmUpModule } from '../../src/wasm/validator/warm-up.js';

/** 300 functions; the ones listed in `bad` end with a type error, `badLast` loses its final end. */
async function moduleWith(bad: number[]): Promise<Uint8Array> {
  const funcs: string[] = [];
  for (let i = 0; i < 300; i++) {
    const body = 'local.get 0 i32.const 3 i32.mul local.set 0 '.repeat(20);
    funcs.push(`(func (param i32) (result i32) ${body} ${bad.includes(i) ? 'i64.const 1' : 'local.get 0'})`);
  }
  return watToBinary(`(module (memory 1) ${funcs.join('\n')})`);
}

async function sequentialError(bytes: Uint8Array): Promise<CompileError | undefined> {
  try {
    validateModule(decodeModule(bytes));
    return undefined;
  } catch (e) {
    assert.ok(e instanceof CompileError);
    return e;
  }
}

async function poolError(pool: ValidatorPool, bytes: Uint8Array): Promise<CompileError | undefined> {
  try {
    await pool.validate(decodeModule(bytes));
    return undefined;
  } catch (e) {
    assert.ok(e instanceof CompileError, `not a CompileError: ${String(e)}`);
    return e;
  }
}

test('the pool agrees with validateModule, first error in function order', async () => {
  // Tiny runs force a split across all threads even for this small module.
  const pool = new ValidatorPool(3, 1000, false);
  try {
    for (const bad of [[], [299], [150], [10, 290], [200, 250], [0]]) {
      const bytes = await moduleWith(bad);
      const expected = await sequentialError(bytes);
      const actual = await poolError(pool, bytes);
      assert.equal(actual?.reason, expected?.reason, `bad ${bad}`);
      assert.equal(actual?.offset, expected?.offset, `bad ${bad}`);
      assert.equal(expected === undefined, bad.length === 0);
    }
  } finally {
    await pool.close();
  }
});

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    const b = n & 0x7f;
    n = Math.floor(n / 128);
    out.push(n ? b | 0x80 : b);
  } while (n);
  return out;
}

function section(id: number, contents: number[]): number[] {
  return [id, ...leb(contents.length), ...contents];
}

/** Three [] -> [] functions, the last without its `end`, then optionally a data section. */
function missingEnd(after: number[]): Uint8Array {
  const bodies = [[0, 0x01, 0x0b], [0, 0x01, 0x0b], [0, 0x01, 0x01]];
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 0, 0]), ...section(3, [3, 0, 0, 0]), ...section(5, [1, 0, 1]),
    ...section(10, [3, ...bodies.flatMap((b) => [b.length, ...b])]), ...after]);
}

test('bytes in a SharedArrayBuffer are read in place, with the same verdicts', async () => {
  // Shared bytes are cut into many chunks that the threads claim: errors in
  // several chunks still report the first in function order.
  const pool = new ValidatorPool(2, 1000, false);
  try {
    for (const bad of [[], [260], [299], [0], [10, 290], [200, 250], [40, 41, 42, 150]]) {
      const plain = await moduleWith(bad);
      const shared = new Uint8Array(new SharedArrayBuffer(plain.length));
      shared.set(plain);
      const expected = await sequentialError(plain);
      const actual = await poolError(pool, shared);
      assert.equal(actual?.reason, expected?.reason);
      assert.equal(actual?.offset, expected?.offset);
      assert.deepEqual(shared, plain, 'the shared bytes are untouched');
    }
  } finally {
    await pool.close();
  }
});

test('a last body without its end: the same phrase as the sequential validator, in a worker too', async () => {
  const pool = new ValidatorPool(2, 1, false);
  try {
    for (const [after, phrase] of [[[], 'unexpected end of section or function'],
      [section(11, [1, 0, 0x41, 0, 0x0b, 0]), 'section size mismatch']] as const) {
      const bytes = missingEnd([...after]);
      const expected = await sequentialError(bytes);
      assert.ok(expected?.reason.startsWith(phrase), `sequential: ${expected?.reason}`);
      const shared = new Uint8Array(new SharedArrayBuffer(bytes.length));
      shared.set(bytes);
      for (const input of [bytes, shared]) {
        const actual = await poolError(pool, input);
        assert.equal(actual?.reason, expected?.reason);
        assert.equal(actual?.offset, expected?.offset);
        // Streamed chunks: the chunk holding the last body must know it is last.
        const streamed = await decodeAndValidateError(pool, input);
        assert.equal(streamed?.reason, expected?.reason);
        assert.equal(streamed?.offset, expected?.offset);
      }
    }
  } finally {
    await pool.close();
  }
});

test('no threads: the calling thread does it all; a closed pool refuses', async () => {
  const pool = new ValidatorPool(0, undefined, false);
  await pool.validate(decodeModule(await moduleWith([])));
  await pool.close();
  await assert.rejects(pool.validate(decodeModule(await moduleWith([]))), /closed/);
});

function sharedCopy(bytes: Uint8Array): Uint8Array {
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.length));
  shared.set(bytes);
  return shared;
}

async function decodeAndValidateError(pool: ValidatorPool, bytes: Uint8Array): Promise<CompileError | undefined> {
  try {
    const module = await pool.decodeAndValidate(bytes);
    assert.equal(module.bytes, bytes);
    return undefined;
  } catch (e) {
    assert.ok(e instanceof CompileError, `not a CompileError: ${String(e)}`);
    return e;
  }
}

/** Three [] -> [] functions, the second `i32.const 0 (x3) memory.init x`; a memory; a data section of one passive segment; no data count section. */
function memoryInitWithoutDataCount(x: number): Uint8Array {
  const init = [0, 0x41, 0, 0x41, 0, 0x41, 0, 0xfc, 0x08, ...leb(x), 0, 0x0b];
  const bodies = [[0, 0x01, 0x0b], init, [0, 0x01, 0x0b]];
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 0, 0]), ...section(3, [3, 0, 0, 0]), ...section(5, [1, 0, 1]),
    ...section(10, [3, ...bodies.flatMap((b) => [b.length, ...b])]), ...section(11, [1, 0x01, 1, 0x2a])]);
}

test('decodeAndValidate: workers start after the code section, the answer stays the sequential one', async () => {
  // minBytesPerThread 1: every module here is split, so the early start is taken.
  const pool = new ValidatorPool(2, 1, false);
  try {
    const cases: Array<[string, Uint8Array]> = [];
    for (const bad of [[], [0], [150], [299], [10, 290]]) cases.push([`bodies ${bad}`, await moduleWith(bad)]);
    // Malformed after the code section: the decoder's error wins over a body's.
    const withBadBody = await moduleWith([150]);
    cases.push(['malformed section after code', new Uint8Array([...withBadBody, 0x0e, 0x00])]);
    cases.push(['data section size mismatch after code', new Uint8Array([...withBadBody, 0x0b, 0x05, 0x01])]);
    // A body size that overruns the code section, read after earlier chunks went to the workers.
    const overrun = new Uint8Array(withBadBody);
    const body250 = decodeModule(withBadBody).bodies[250]!;
    assert.ok(overrun[body250.start - 2]! >= 0x80 && overrun[body250.start - 1]! < 0x80, 'a two-byte body size');
    overrun[body250.start - 2] = 0xff;
    overrun[body250.start - 1] = 0x7f;
    cases.push(['a body size past the section', overrun]);
    // A module-level rule (checked after decoding) wins over a body's error.
    const exportsTwice = await watToBinary(`(module (func (result i32) i64.const 1) (func)
      (export "a" (func 0)) (export "a" (func 1)))`);
    cases.push(['duplicate export and a bad body', exportsTwice]);
    // Without a data count section, memory.init's index is checked against the
    // data section, which follows the code the workers started on.
    cases.push(['memory.init 0, no data count', memoryInitWithoutDataCount(0)]);
    cases.push(['memory.init 5, no data count', memoryInitWithoutDataCount(5)]);
    for (const [name, plain] of cases) {
      const expected = await sequentialError(plain);
      const actual = await decodeAndValidateError(pool, sharedCopy(plain));
      assert.equal(actual?.reason, expected?.reason, name);
      assert.equal(actual?.offset, expected?.offset, name);
      // Unshared bytes take the path without an early start: the same answer.
      const unshared = await decodeAndValidateError(pool, plain);
      assert.equal(unshared?.reason, expected?.reason, name);
      assert.equal(unshared?.offset, expected?.offset, name);
    }
    assert.equal((await sequentialError(memoryInitWithoutDataCount(0)))?.reason, 'data count section required');
    assert.equal((await sequentialError(memoryInitWithoutDataCount(5)))?.reason, 'unknown data segment 5');
    // The pool is still usable after abandoned plans.
    assert.equal(await decodeAndValidateError(pool, sharedCopy(await moduleWith([]))), undefined);
  } finally {
    await pool.close();
  }
});

test('the calling thread takes over a chunk a worker claimed and never finished', async () => {
  for (const bad of [[], [0, 200], [0]]) {
    const bytes = await moduleWith(bad);
    const module = decodeModule(bytes);
    const c = buildContext(module);
    const { starts, ends } = bodyRanges(module, 0, module.bodies.length);
    const plan = planChunks(module.numImportedFuncs, starts, ends, bytes.length, 10);
    Atomics.add(plan.control, 0, 1); // a worker claims chunk 0, then the scheduler sets it aside
    const mine = validateChunks(c, bytes, plan);
    const tail = takeOverTail(c, bytes, plan);
    const expected = await sequentialError(bytes);
    if (bad.length === 0) {
      assert.equal(mine, undefined);
      assert.equal(tail, undefined);
      assert.equal(lowestFailure(plan), -1);
      assert.ok(plan.done.every((d) => d === 1), 'every chunk finished');
      continue;
    }
    assert.equal(tail?.chunk, 0, `bad ${bad}`);
    assert.equal(lowestFailure(plan), 0);
    assert.equal(tail?.reason, expected?.reason);
    assert.equal(tail?.offset, expected?.offset);
  }
});

test('the warm-up module is valid (V8 agrees) and uses the fast loop\'s shapes and the full algorithm\'s', () => {
  const bytes = warmUpModule();
  const v8 = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly;
  assert.equal(v8.validate(bytes), true);
  validateModule(decodeModule(bytes));
  // Every body carries br_table and call_indirect (full algorithm) besides the fast loop's shapes.
  const text = Buffer.from(bytes).toString('hex');
  assert.ok(text.includes('0e02000100') && text.includes('1100001a'));
});

test('ready() resolves once the workers have warmed up, and at once without warm-up or after close', async () => {
  const bytes = await moduleWith([250]);
  const expected = await sequentialError(bytes);
  const warm = new ValidatorPool(1, 1000);
  try {
    await warm.ready();
    assert.deepEqual(await poolError(warm, bytes), expected);
  } finally {
    await warm.close();
  }
  const cold = new ValidatorPool(1, 1000, false);
  await cold.ready();
  await cold.close();
  const closing = new ValidatorPool(2, 1000);
  await closing.close();
  await closing.ready();
});
