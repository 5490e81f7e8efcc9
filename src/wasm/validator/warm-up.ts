// A warm-up for a validator thread: a module built here whose bodies use the
// instructions real toolchain output is made of (locals, i32 arithmetic,
// loads and stores, globals, blocks, branches, calls, br_table,
// call_indirect), validated a few times so that V8 has optimized the
// validator's code before the first real module arrives. A pool's worker
// runs it when it starts (worker.ts): otherwise the first module a pool sees
// is validated by every worker's unoptimized code.
//
// Invariants: the module is valid (test/wasm checks it against V8 too);
// validating it goes through the same paths, with the same kinds of objects
// (one context literal, the spare validator), as a real module's, so what
// V8 learns here holds for the real ones. Imported by worker.ts, pool.ts, spare.ts and tests only.

import { decodeModule } from '../decoder.js';
import { validateModule } from '../validate.js';

function leb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>>= 7;
    if (n === 0) { out.push(b); return out; }
    out.push(b | 0x80);
  }
}

function sized(payload: number[]): number[] {
  return [...leb(payload.length), ...payload];
}

function section(id: number, payload: number[]): number[] {
  return [id, ...sized(payload)];
}

const I32 = 0x7f, I64 = 0x7e;

/** One stretch of a body of type (i32, i32) -> i32 with locals 2, 3 (i32) and 4 (i64); `k` varies constants. */
function stretch(k: number): number[] {
  const c = leb(k * 37 + 300); // a multi-byte unsigned offset
  return [
    0x20, 0x00, 0x41, k & 0x3f, 0x6a, 0x21, 0x02, // local.set 2 (i32.add (local.get 0) (i32.const k))
    0x20, 0x02, 0x28, 0x02, ...c, 0x22, 0x03, 0x41, 0x01, 0x71, // (i32.and (local.tee 3 (i32.load offset=c (local.get 2))) 1)
    0x04, 0x40, 0x20, 0x01, 0x41, 0xe4, 0x00, 0x36, 0x02, 0x08, 0x0b, // if: i32.store offset=8 (local.get 1) (i32.const 100)
    0x02, 0x40, 0x20, 0x03, 0x45, 0x0d, 0x00, // block: br_if 0 (i32.eqz (local.get 3))
    0x20, 0x00, 0x20, 0x01, 0x10, 0x00, 0x1a, 0x0b, // drop (call 0 (local.get 0) (local.get 1)), end
    0x23, 0x00, 0x41, 0x01, 0x6b, 0x24, 0x00, // global.set 0 (i32.sub (global.get 0) (i32.const 1))
    0x42, ...leb(k * 1000 + 5), 0x20, 0x04, 0x7c, 0x21, 0x04, // local.set 4 (i64.add (i64.const ..) (local.get 4))
    0x03, 0x40, 0x20, 0x02, 0x41, 0x01, 0x6b, 0x22, 0x02, 0x41, 0x00, 0x4a, 0x0d, 0x00, 0x0b, // loop: br_if while --l2 > 0
    0x02, 0x7f, 0x41, 0x07, 0x20, 0x00, 0x0d, 0x00, 0x1a, 0x20, 0x01, 0x0b, 0x21, 0x03, // block (result i32) with br_if carrying a value
    0x02, 0x40, 0x02, 0x40, 0x20, 0x00, 0x0e, 0x02, 0x00, 0x01, 0x00, 0x0b, 0x0b, // br_table
    0x20, 0x00, 0x20, 0x01, 0x41, 0x00, 0x11, 0x00, 0x00, 0x1a, // drop (call_indirect (type 0) ...)
    0x20, 0x03, 0x20, 0x02, 0x20, 0x00, 0x1b, 0x21, 0x03, // local.set 3 (select ...)
  ];
}

/**
 * `n` (below 2^27: also a valid signed LEB128) as an unsigned LEB128 of
 * exactly `len` bytes, 1 to 5, as linkers leave relocated indices and
 * addresses (n must fit).
 */
function padded(n: number, len: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < len; i++) out.push(((n >>> (7 * i)) & 0x7f) | (i < len - 1 ? 0x80 : 0));
  return out;
}

/**
 * A second stretch: every other path of the fast loop (other value types,
 * every load and store width, immediates in their longest forms, if/else,
 * br, unreachable, return, the local.get that follows other instructions),
 * so no path of it is first taken in a real module after V8 optimized it
 * (such a path costs a deoptimization and a recompile: ~8 of them on yosys).
 */
function stretch2(k: number): number[] {
  const f32 = [0x00, 0x00, 0x80, 0x3f], f64 = [0, 0, 0, 0, 0, 0, 0xf0, 0x3f];
  return [
    0x43, ...f32, 0x43, ...f32, 0x92, 0xbb, 0x44, ...f64, 0xa0, 0x1a, // f64.add (f64.promote (f32.add ..)) drop
    0x20, 0x00, 0xad, 0x42, 0x05, 0x7c, 0xa7, 0x45, 0x67, 0x1a, // i32.clz (i32.eqz (i32.wrap (i64.add (i64.extend_u ..)))) drop
    0x20, 0x00, 0x20, 0x01, 0x3a, 0x00, 0x00, 0x20, 0x00, 0x2d, 0x00, 0x01, 0x1a, // i32.store8, i32.load8_u
    0x20, 0x00, 0x20, 0x01, 0x3b, 0x01, 0x02, 0x20, 0x00, 0x2f, 0x01, 0x02, 0x1a, // i32.store16, i32.load16_u
    0x20, 0x00, 0x42, 0x07, 0x37, 0x03, 0x10, 0x20, 0x00, 0x29, 0x03, 0x10, 0x1a, // i64.store, i64.load
    0x20, 0x00, 0x43, ...f32, 0x38, 0x02, 0x00, 0x20, 0x00, 0x2a, 0x02, 0x00, 0x1a, // f32.store, f32.load
    0x20, 0x00, 0x44, ...f64, 0x39, 0x03, 0x00, 0x20, 0x00, 0x2b, 0x03, 0x00, 0x1a, // f64.store, f64.load
    // Immediates of every length, 1 to 5 bytes, over the stretches.
    0x41, ...padded(k & 0x3f, 1 + (k % 5)), 0x20, 0x01, 0x10, ...padded(0, 1 + ((k + 1) % 5)), 0x1a, // call 0
    0x23, ...padded(0, 1 + ((k + 2) % 5)), 0x24, ...padded(0, 1 + ((k + 3) % 5)), // global.set 0 (global.get 0)
    0x20, 0x00, 0x28, 0x02, ...padded(k & 0x7f, 1 + (k % 5)), 0x1a, // i32.load
    0x20, 0x00, 0x20, 0x01, 0x36, 0x02, ...padded(k & 0x7f, 1 + ((k + 4) % 5)), // i32.store
    0x20, 0x00, 0x28, 0x02, 0x04, 0x1a, // i32.load taken with the local.get before it
    0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x1a, // i64.const 0 in 10 bytes
    0x42, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x1a, // i64.const -1 in 10 bytes
    0x41, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x1a, // i32.const -1 in 5 bytes
    0x41, 0xc0, 0xbb, 0x78, 0x1a, // i32.const -123456 (3 bytes)
    0x20, 0x00, 0x04, 0x7f, 0x41, 0x01, 0x05, 0x41, 0x02, 0x0b, 0x1a, // if (result i32) 1 else 2, drop
    0x20, 0x00, 0x04, 0x40, 0x20, 0x01, 0x21, 0x02, 0x0b, // if: local.set 2 (local.get 1)
    0x02, 0x40, 0x0c, 0x00, 0x0b, // block: br 0
    0x02, 0x40, 0x20, 0x00, 0x0d, 0x00, 0x00, 0x0b, // block: br_if 0, unreachable
    0x20, 0x00, 0x04, 0x40, 0x20, 0x01, 0x0f, 0x0b, // if: return (local.get 1)
    0x20, 0x00, 0x20, 0x01, 0x48, 0x20, 0x00, 0x20, 0x01, 0x4b, 0x71, 0x21, 0x02, // local.set 2 (i32.and (lt_s ..) (gt_u ..))
    0x20, 0x00, 0x20, 0x01, 0x36, 0x02, 0x00, 0x20, 0x00, 0x22, 0x02, 0x20, 0x02, 0x6c, 0x21, 0x03, // store; tee; get; mul; set
    0x02, 0x40, 0x20, 0x00, 0x0d, 0x00, 0x20, 0x01, 0x1a, 0x0b, 0x20, 0x00, 0x1a, // br_if then local.get; end then local.get
    0x41, 0x01, 0x41, 0x02, 0x20, 0x00, 0x20, 0x01, 0x46, 0x1b, 0x1a, // drop (select 1 2 (i32.eq ..))
    0x20, 0x04, 0x42, 0x01, 0x86, 0x21, 0x04, // i64.shl
  ];
}

/** The warm-up module: `bodies` functions of `stretches` stretches each. */
export function warmUpModule(bodies = 64, stretches = 24): Uint8Array {
  const types = [0x02, 0x60, 0x02, I32, I32, 0x01, I32, 0x60, 0x00, 0x00];
  const funcs = [...leb(bodies), ...Array<number>(bodies).fill(0)];
  const table = [0x01, 0x70, 0x00, 0x01];
  const memory = [0x01, 0x00, 0x01];
  const globals = [0x01, I32, 0x01, 0x41, 0x00, 0x0b];
  const code: number[] = [...leb(bodies)];
  for (let f = 0; f < bodies; f++) {
    // Locals 2, 3: i32, 4: i64; every 16th body declares 18 more groups (more than the validator's first guess).
    const more = f % 16 === 0 ? 18 : 0;
    const body = [2 + more, 0x02, I32, 0x01, I64];
    for (let g = 0; g < more; g++) body.push(0x01, g % 2 === 0 ? 0x7d : 0x7c);
    for (let k = 0; k < stretches; k++) body.push(...(k % 2 === 0 ? stretch(f + k) : stretch2(f + k)));
    body.push(0x20, 0x03, 0x0b);
    code.push(...sized(body));
  }
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, types), ...section(3, funcs), ...section(4, table), ...section(5, memory),
    ...section(6, globals), ...section(10, code),
  ]);
}

let warmed = false;
let primed = false;

/**
 * Once per thread, before its first validation: validates a small warm-up
 * module (two bodies, every path of the fast loop) once, a few milliseconds
 * in unoptimized code. V8 optimizes the validator's code for the paths it
 * has seen run; a path first taken later (yosys takes several only after V8
 * optimized the loop) costs a deoptimization and another compile of the
 * whole loop. Seen here first, none is missing.
 */
export function primeOnce(): void {
  if (primed) return;
  primed = true;
  validateModule(decodeModule(warmUpModule(2, 26)));
}

/**
 * Decodes and validates the warm-up module a few times, once per thread (V8
 * has optimized the validator by the 4th round; ~50-80 ms of CPU, most of it
 * before that). Throws only if the validator has a bug.
 */
export function warmUp(rounds = 5): void {
  if (warmed) return;
  warmed = true;
  const bytes = warmUpModule();
  for (let i = 0; i < rounds; i++) validateModule(decodeModule(bytes));
}
