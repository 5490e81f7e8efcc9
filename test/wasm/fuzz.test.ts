// Bounded fuzzing of the front end: for any bytes, parseModule returns or
// throws CompileError (nothing else, no hang), and `validate` agrees with
// V8's WebAssembly.validate on every input.
//
// Inputs (fixed seed, so a failure reproduces): random section sequences
// behind a valid header, and mutations (bit flips, byte insertions,
// deletions, overwrites with boundary values, truncations, section splices)
// of small real modules built from .wat. CORRAL_FUZZ_ITERATIONS sets the
// count (default 100,000); CORRAL_FUZZ_SEED the seed.
//
// V8 in Node 20 also ships proposals beyond WebAssembly 2.0 that no flag turns
// off (exception handling, threads). A disagreement is excused only when our
// rejection names exactly such a feature's encoding (see postMvpFeature);
// everything else fails the test with the input in hex.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { parseModule, validate } from '../../src/wasm/index.js';
import { CompileError } from '../../src/wasm/errors.js';
import { watToBinary } from '../../src/wasm/text.js';

// Shipped-but-flagged proposals V8 can turn off; set before the first compile.
setFlagsFromString('--no-experimental-wasm-return-call');
setFlagsFromString('--no-experimental-wasm-extended-const');

const v8 = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly;

const iterations = Number(process.env['CORRAL_FUZZ_ITERATIONS'] ?? 100_000);
const seed = Number(process.env['CORRAL_FUZZ_SEED'] ?? 0x5eed);

const seedsWat = [
  `(module
    (type $t (func (param i32 i64) (result i32)))
    (import "env" "f" (func $imp (type $t)))
    (import "env" "t" (table 2 10 funcref))
    (import "env" "g" (global $g (mut i32)))
    (memory 1 2)
    (global $h i64 (i64.const -7))
    (global $r funcref (ref.func $add))
    (func $add (export "add") (param i32 i32) (result i32)
      (local i64 f32)
      (block $out (result i32)
        (loop $l
          (br_if $out (i32.const 1) (local.get 0))
          (br_if $l (local.get 1))
          (br_table $out $out (i32.const 0) (local.get 1)))
        (unreachable)))
    (func $mem (param i32) (result f64)
      (i64.store offset=8 align=4 (local.get 0) (i64.load8_u (local.get 0)))
      (drop (memory.grow (i32.const 1)))
      (f64.convert_i32_s (memory.size)))
    (start $s)
    (func $s)
    (elem (i32.const 0) $add $s)
    (data (i32.const 16) "hello")
    (export "mem" (memory 0)))`,
  `(module
    (table $t 4 externref)
    (table $u 4 funcref)
    (memory 1)
    (func $f (param externref) (result i32)
      (table.set $t (i32.const 0) (local.get 0))
      (drop (table.grow $t (ref.null extern) (i32.const 1)))
      (table.fill $u (i32.const 0) (ref.func $f) (i32.const 1))
      (memory.init $d (i32.const 0) (i32.const 0) (i32.const 1))
      (data.drop $d)
      (memory.copy (i32.const 0) (i32.const 1) (i32.const 1))
      (memory.fill (i32.const 0) (i32.const 0) (i32.const 1))
      (table.init $u $e (i32.const 0) (i32.const 0) (i32.const 1))
      (elem.drop $e)
      (ref.is_null (local.get 0)))
    (elem $e funcref (ref.func $f) (ref.null func))
    (elem declare func $f)
    (elem (table $u) (offset (i32.const 1)) funcref (item ref.func $f))
    (data $d "x")
    (data (memory 0) (offset (i32.const 0)) "yz"))`,
  `(module
    (func (export "v") (param v128 i32) (result v128)
      (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31
        (i32x4.add (local.get 0) (v128.const i32x4 1 2 3 4))
        (i8x16.replace_lane 3 (local.get 0) (local.get 1))))
    (func (param i32) (result i32 i64)
      (if (result i32 i64) (local.get 0)
        (then (i32.const 1) (i64.const 2))
        (else (i32.const 3) (i64.const 4))))
    (func (result f32) (select (result f32) (f32.const 1) (f32.const 2) (i32.const 0)))
    (func (param f64) (result i64) (i64.trunc_sat_f64_s (local.get 0)))
    (func (param i32) (result i32) (i32.extend8_s (local.get 0)))
    (memory 1)
    (func (param i32) (result v128) (v128.load32_lane align=4 2 (local.get 0) (v128.const i64x2 0 0)))
    (global v128 (v128.const f32x4 1 2 3 4)))`,
  `(module
    (type (func))
    (type (func (param i32) (result i32)))
    (table 3 funcref)
    (func $a (type 1) (call_indirect (type 1) (local.get 0) (i32.const 0)))
    (func $b (type 0) (return) (nop))
    (func $c (param i32) (result i32) (local.tee 0 (local.get 0)) (call $a))
    (global $m (mut f32) (f32.const nan:0x200000))
    (global f64 (f64.const -0x1p-1074))
    (export "g" (global $m))
    (export "tab" (table 0))
    (elem (i32.const 0) func $a $b $c))`,
];

function prng(state: number): () => number {
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
/** Values at the edges of the encodings: LEB continuation, type codes, opcodes, flags. */
const boundaryBytes = [0x00, 0x01, 0x02, 0x03, 0x04, 0x07, 0x08, 0x0b, 0x0c, 0x40, 0x41, 0x60, 0x6f, 0x70, 0x7b,
  0x7f, 0x80, 0x81, 0xd0, 0xd2, 0xfc, 0xfd, 0xff];

/** Splits a module into its sections (after the header), for splicing. Trusts its input: only used on the seeds. */
function sectionsOf(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let p = 8;
  while (p < bytes.length) {
    const start = p++;
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      const b = bytes[p++]!;
      size |= (b & 0x7f) << shift;
      if (!(b & 0x80)) break;
    }
    p += size;
    out.push(bytes.subarray(start, p));
  }
  return out;
}

function generator(seeds: readonly Uint8Array[], random: () => number): () => Uint8Array {
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const allSections = seeds.flatMap(sectionsOf);

  function randomSections(): Uint8Array {
    const out = [...header];
    const count = int(4);
    for (let i = 0; i < count; i++) {
      const id = random() < 0.9 ? int(13) : int(256);
      const payload = Array.from({ length: int(12) }, () => (random() < 0.5 ? pick(boundaryBytes) : int(256)));
      const size = random() < 0.85 ? payload.length : int(16);
      out.push(id, size, ...payload);
    }
    return Uint8Array.from(out);
  }

  function mutate(base: Uint8Array): Uint8Array {
    let b = [...base];
    const edits = 1 + int(3);
    for (let e = 0; e < edits; e++) {
      const at = 8 + int(Math.max(1, b.length - 8));
      switch (int(6)) {
        case 0: b[at] = b[at]! ^ (1 << int(8)); break;
        case 1: b.splice(at, 0, random() < 0.5 ? pick(boundaryBytes) : int(256)); break;
        case 2: b.splice(at, 1 + int(3)); break;
        case 3: b[at] = pick(boundaryBytes); break;
        case 4: b = b.slice(0, at); break;
        default: { // splice a section from another seed in at a section boundary
          const secs = sectionsOf(Uint8Array.from(b.length >= 8 ? b : header));
          const keep = int(secs.length + 1);
          b = [...header, ...secs.slice(0, keep).flatMap((s) => [...s]), ...pick(allSections),
            ...secs.slice(keep).flatMap((s) => [...s])];
        }
      }
    }
    return Uint8Array.from(b);
  }

  return () => (random() < 0.2 ? randomSections() : mutate(pick(seeds)));
}

/** Single-byte opcodes of V8-shipped proposals past 2.0: exception handling (try, catch, throw, rethrow, delegate, catch_all), atomics. */
const postMvpOpcodes = new Set([0x06, 0x07, 0x08, 0x09, 0x18, 0x19, 0xfe]);

/**
 * True when our rejection is exactly an encoding that V8 accepts through a
 * post-2.0 proposal: the tag section (id 13), tag imports/exports (kind 4),
 * shared memory flags (2, 3), exception or atomic opcodes.
 */
function postMvpFeature(bytes: Uint8Array, e: CompileError): boolean {
  const byte = bytes[e.offset];
  switch (e.reason.split(' (')[0]) {
    case 'malformed section id': return byte === 13;
    case 'malformed import kind':
    case 'malformed export kind': return byte === 4;
    case 'integer too large': return byte === 2 || byte === 3;
    default: return e.reason.startsWith('illegal opcode') && byte !== undefined && postMvpOpcodes.has(byte);
  }
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

test(`fuzz: parseModule throws only CompileError and agrees with WebAssembly.validate (${iterations} inputs)`, async (t) => {
  const seeds = await Promise.all(seedsWat.map((w) => watToBinary(w)));
  for (const s of seeds) {
    assert.equal(v8.validate(s), true, 'seed is valid for V8');
    parseModule(s); // and for us
  }
  const next = generator(seeds, prng(seed));
  const crashes: string[] = [];
  const disagreements: string[] = [];
  let valid = 0;
  let excused = 0;
  for (let i = 0; i < iterations; i++) {
    const bytes = next();
    let ours: CompileError | undefined;
    try {
      parseModule(bytes);
    } catch (e) {
      if (!(e instanceof CompileError)) {
        if (crashes.length < 5) crashes.push(`${hex(bytes)}: ${String(e)}`);
        continue;
      }
      ours = e;
    }
    assert.equal(validate(bytes), ours === undefined);
    const theirs = v8.validate(bytes);
    if (ours === undefined) valid++;
    if (theirs === (ours === undefined)) continue;
    if (ours !== undefined && theirs && postMvpFeature(bytes, ours)) { excused++; continue; }
    if (disagreements.length < 5) {
      disagreements.push(`${hex(bytes)}: ours ${ours ? ours.message : 'valid'}, V8 ${theirs ? 'valid' : 'invalid'}`);
    }
  }
  t.diagnostic(`${valid} valid, ${excused} disagreements excused as post-2.0 features`);
  assert.deepEqual(crashes, [], 'exceptions other than CompileError');
  assert.deepEqual(disagreements, [], 'verdicts that differ from V8');
  // The generator must reach past the decoder often enough to mean something.
  assert.ok(valid > iterations / 100, `only ${valid} valid inputs`);
  assert.ok(excused < iterations / 20, `${excused} disagreements excused as post-2.0 features`);
});
