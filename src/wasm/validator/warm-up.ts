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
// V8 learns here holds for the real ones. Imported by worker.ts, pool.ts and tests only.

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

/** The warm-up module: `bodies` functions of `stretches` stretches each. */
export function warmUpModule(bodies = 64, stretches = 24): Uint8Array {
  const types = [0x02, 0x60, 0x02, I32, I32, 0x01, I32, 0x60, 0x00, 0x00];
  const funcs = [...leb(bodies), ...Array<number>(bodies).fill(0)];
  const table = [0x01, 0x70, 0x00, 0x01];
  const memory = [0x01, 0x00, 0x01];
  const globals = [0x01, I32, 0x01, 0x41, 0x00, 0x0b];
  const code: number[] = [...leb(bodies)];
  for (let f = 0; f < bodies; f++) {
    const body = [0x02, 0x02, I32, 0x01, I64]; // locals: 2 i32, 1 i64
    for (let k = 0; k < stretches; k++) body.push(...stretch(f + k));
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
