// Specification of the validator under hostile input: for any bytes it returns
// or throws CompileError (never another exception), in time linear in the
// input — deep nesting, huge br_tables with wide labels, many locals — and it
// gives V8's verdict on mutated modules (differential, fixed seed).
// Kept to a few seconds; CORRAL_FUZZ_ROUNDS raises the mutation count.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseModule } from '../../src/wasm/index.js';
import { CompileError } from '../../src/wasm/errors.js';
import { watToBinary } from '../../src/wasm/text.js';
import { v8 } from '../spec/v8.js';

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

/** One function of type `typeIndex` from `types` (each [params, results]) with the given body. */
function moduleOf(types: [number[], number[]][], body: number[]): Uint8Array {
  const typeSec = [...leb(types.length)];
  for (const [p, r] of types) typeSec.push(0x60, ...leb(p.length), ...p, ...leb(r.length), ...r);
  const bytes = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, typeSec), ...section(3, [1, 0]), ...section(10, [1, ...leb(body.length), ...body])];
  return new Uint8Array(bytes);
}

/** Our verdict, and the error when we reject. Anything but CompileError propagates (a bug). */
function verdict(bytes: Uint8Array): CompileError | true {
  try {
    parseModule(bytes);
    return true;
  } catch (e) {
    if (e instanceof CompileError) return e;
    throw e;
  }
}

/**
 * Opcodes of proposals after 2.0 that Node's V8 accepts (exception handling,
 * tail calls, GC, threads), so V8 validating them is no disagreement with 2.0.
 */
const laterOpcodes = new Set([0x06, 0x07, 0x08, 0x09, 0x0a, 0x12, 0x13, 0x14, 0x15, 0x18, 0x19, 0xfb, 0xfe]);

function isLaterProposal(bytes: Uint8Array, e: CompileError): boolean {
  return e.reason.startsWith('illegal opcode') && laterOpcodes.has(bytes[e.offset]!);
}

function timed(f: () => void): number {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
}

test('100,000 nested blocks validate in linear time', () => {
  const depth = 100_000;
  const body = [0];
  for (let i = 0; i < depth; i++) body.push(0x02, 0x40);
  for (let i = 0; i < depth; i++) body.push(0x0b);
  body.push(0x0b);
  const bytes = moduleOf([[[], []]], body);
  assert.equal(v8.validate(bytes), true);
  const ms = timed(() => parseModule(bytes));
  assert.ok(ms < 1000, `took ${ms} ms`);
});

test('nesting and operand height beyond Corral\'s limits are CompileErrors, not exhausted memory', () => {
  const depth = 100_001;
  const nested = [0];
  for (let i = 0; i < depth; i++) nested.push(0x02, 0x40);
  for (let i = 0; i < depth; i++) nested.push(0x0b);
  nested.push(0x0b);
  assert.throws(() => parseModule(moduleOf([[[], []]], nested)), (e: unknown) =>
    e instanceof CompileError && e.reason.startsWith('block nesting depth exceeds implementation limit'));
  // Each call pushes 1,000 values: 10,001 calls pass 10,000,000.
  const wide = new Array<number>(1000).fill(0x7f);
  const calls = [0];
  for (let i = 0; i < 10_001; i++) calls.push(0x10, 0x00);
  calls.push(0x0b);
  assert.throws(() => parseModule(moduleOf([[[], wide]], calls)), (e: unknown) =>
    e instanceof CompileError && e.reason.startsWith('operand stack height exceeds implementation limit'));
});

test('a huge br_table over wide labels is checked once per distinct label type', () => {
  // Labels carry 1,000 values each; 65,520 targets over 100 nested blocks.
  const wide = new Array<number>(1000).fill(0x7f);
  const types: [number[], number[]][] = [[[], []], [[], wide]];
  const nest = 100;
  const body = [0];
  for (let i = 0; i < nest; i++) body.push(0x02, 0x01);
  body.push(0x00); // unreachable: the operands are polymorphic
  body.push(0x41, 0x00, 0x0e, ...leb(65_520));
  for (let i = 0; i < 65_520; i++) body.push(i % nest);
  body.push(0); // default label
  // Each block's 1,000 results are exactly the enclosing block's; the function drops the last.
  for (let i = 0; i < nest; i++) body.push(0x0b);
  for (let k = 0; k < 1000; k++) body.push(0x1a);
  body.push(0x0b);
  const bytes = moduleOf(types, body);
  assert.equal(v8.validate(bytes), true);
  const ms = timed(() => parseModule(bytes));
  assert.ok(ms < 1000, `took ${ms} ms`);
});

test('br_table entry count beyond the implementation limit is a CompileError', () => {
  const body = [0, 0x02, 0x40, 0x41, 0x00, 0x0e, ...leb(65_521), ...new Array<number>(65_522).fill(0), 0x0b, 0x0b];
  assert.throws(() => parseModule(moduleOf([[[], []]], body)), CompileError);
});

test('a function of 50,000 locals, each read once, stays fast', () => {
  const body = [1, ...leb(50_000), 0x7e];
  for (let i = 0; i < 50_000; i++) body.push(0x20, ...leb(i), 0x1a);
  body.push(0x0b);
  const bytes = moduleOf([[[], []]], body);
  const ms = timed(() => parseModule(bytes));
  assert.ok(ms < 1000, `took ${ms} ms`);
});

test('100,000 imported tables validate in linear time', () => {
  const n = 100_000;
  const imports = [...leb(n)];
  for (let i = 0; i < n; i++) imports.push(0, 0, 0x01, 0x70, 0x00, 0x00);
  const bytes = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...section(2, imports)]);
  assert.equal(v8.validate(bytes), true);
  const ms = timed(() => parseModule(bytes));
  assert.ok(ms < 1000, `took ${ms} ms`);
});

test('many tiny functions declaring 50,000 locals each cost no more than their bytes', () => {
  // 20,000 bodies of 9 bytes; the last local of each is read, the middle one set.
  const n = 20_000;
  const body = [2, ...leb(25_000), 0x7e, ...leb(25_000), 0x7d, 0x20, ...leb(49_999), 0x1a, 0x0b];
  const bodies: number[] = [...leb(n)];
  for (let i = 0; i < n; i++) bodies.push(...leb(body.length), ...body);
  const bytes = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 0, 0]), ...section(3, [...leb(n), ...new Array<number>(n).fill(0)]), ...section(10, bodies)]);
  assert.equal(v8.validate(bytes), true);
  const ms = timed(() => parseModule(bytes));
  assert.ok(ms < 1000, `took ${ms} ms`);
  // Locals beyond the dense prefix are still typed exactly.
  const typed = (get: number, expect: number): Uint8Array => {
    const b = [2, ...leb(25_000), 0x7e, ...leb(25_000), 0x7d, 0x20, ...leb(get), 0x21, ...leb(expect), 0x0b];
    return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
      ...section(1, [1, 0x60, 0, 0]), ...section(3, [1, 0]), ...section(10, [1, ...leb(b.length), ...b])]);
  };
  assert.equal(verdict(typed(49_999, 25_000)), true);
  assert.ok(verdict(typed(49_999, 24_999)) instanceof CompileError);
  assert.ok(verdict(typed(24_999, 25_000)) instanceof CompileError);
  assert.equal(verdict(typed(24_999, 0)), true);
});

/** Deterministic PRNG (mulberry32), so failures reproduce. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const seedModule = `
  (type $t (func (param i32) (result i32)))
  (memory 1) (table 2 funcref) (global $g (mut i32) (i32.const 0))
  (func $f (export "f") (type $t) (local i64 f32 v128)
    block (result i32)
      local.get 0
      i32.const 16
      i32.load offset=4
      i32.add
      local.get 0
      br_if 0
      global.get $g
      i32.const 1
      i32.const 0
      call_indirect (type $t)
      select
      loop (param i32) (result i32)
        i32.const 1
        i32.sub
        local.tee 0
        local.get 0
        br_if 0
      end
      v128.const i32x4 1 2 3 4
      i32x4.extract_lane 2
      i32.add
      i64.const 5
      local.set 1
      local.get 0
      br_table 0 0 0
    end)
  (func (param i32) (result i32) local.get 0 call $f ref.func $f ref.is_null i32.add)
  (elem (i32.const 0) $f 1)`;

const simdModule = `
  (memory 1)
  (func (export "s") (param v128 i32) (result v128)
    local.get 1
    local.get 0
    v128.load16_lane offset=8 3
    v128.const i64x2 1 2
    i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
    local.get 1
    i32x4.replace_lane 1
    local.get 1
    v128.load32_splat
    f32x4.add
    local.get 1
    i8x16.shl
    v128.any_true
    i64.extend_i32_u
    i64x2.splat
    local.set 0
    local.get 1
    local.get 0
    v128.store64_lane align=8 1
    local.get 0)`;

const bulkModule = `
  (memory 1) (table $t 4 funcref) (table $e 2 externref)
  (data $d "abc") (elem $s func $f $f)
  (func $f (param i32) (result i32 i64)
    (memory.init $d (local.get 0) (i32.const 0) (i32.const 1))
    (data.drop $d)
    (memory.copy (i32.const 0) (i32.const 1) (i32.const 2))
    (memory.fill (i32.const 0) (i32.const 1) (i32.const 2))
    (table.init $t $s (i32.const 0) (i32.const 0) (i32.const 2))
    (elem.drop $s)
    (table.copy $t $t (i32.const 0) (i32.const 1) (i32.const 1))
    (drop (table.grow $e (ref.null extern) (i32.const 1)))
    (table.fill $e (i32.const 0) (table.get $e (i32.const 1)) (i32.const 1))
    (select (result externref) (ref.null extern) (table.get $e (i32.const 0)) (local.get 0))
    (ref.is_null)
    (block (param i32) (result i32 i64)
      (i64.const 7)
      (br_if 0 (local.get 0)))
    (i32.trunc_sat_f32_s (f32.const 1))
    (drop))`;

test('mutated modules: only CompileError escapes, and the verdict is V8\'s', async () => {
  const bases: Uint8Array[] = [];
  for (const text of [seedModule, simdModule, bulkModule]) {
    const base = await watToBinary(`(module ${text})`);
    assert.equal(v8.validate(base), true);
    assert.equal(verdict(base), true);
    bases.push(base);
  }
  let later = 0;
  const rounds = Number(process.env['CORRAL_FUZZ_ROUNDS'] ?? 4500);
  const rand = prng(0xc0441);
  const disagreements: string[] = [];
  for (let i = 0; i < rounds; i++) {
    const base = bases[i % bases.length]!;
    const bytes = new Uint8Array(base);
    const edits = 1 + Math.floor(rand() * 3);
    for (let k = 0; k < edits; k++) {
      // Mutate the body-rich tail more often than the header.
      const at = 8 + Math.floor(rand() * (bytes.length - 8));
      bytes[at] = rand() < 0.5 ? Math.floor(rand() * 256) : bytes[at]! ^ (1 << Math.floor(rand() * 8));
    }
    const ours = verdict(bytes);
    const theirs = v8.validate(bytes);
    if ((ours === true) === theirs) continue;
    if (ours !== true && isLaterProposal(bytes, ours)) { later++; continue; }
    if (disagreements.length < 5) {
      disagreements.push(`round ${i}: Corral ${ours === true ? 'accepts' : ours.message}, V8 ${theirs}: ${Buffer.from(bytes).toString('hex')}`);
    }
  }
  assert.deepEqual(disagreements, []);
  assert.ok(later < rounds / 10, `${later} inputs used later proposals: the mutation mix is off`);
});
