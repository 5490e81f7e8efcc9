// Interrupt polls keep the locals cached in registers: a poll stub is only
// `call yield; jmp back` (yield returns with every register as it was), so a
// loop whose locals of all four number types live in registers across its
// header must compute the same result when it is suspended at *every* poll,
// with the host running JavaScript in between, as when it never is (V8 is the
// oracle). Runs the compiled code on the native layer directly, in both memory
// modes, and counts the suspensions (one per poll: the entry and each header).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { watToBinary } from '../../../src/wasm/text.js';
import { withLoadedGuest } from './loaded-guest.js';
import { native } from '../../../src/runtime/native.js';
import { RunStatusId } from '../../../src/abi/vmctx.js';

const WAT = `(module (func (export "f") (param $n i32) (param $x f64) (param $k i64) (result i64)
  (local $a i32) (local $b i64) (local $y f64) (local $z f32)
  (loop $l
    (local.set $a (i32.add (i32.mul (local.get $a) (i32.const 3)) (local.get $n)))
    (local.set $b (i64.xor (i64.rotl (local.get $b) (i64.const 7)) (i64.add (local.get $k) (i64.extend_i32_u (local.get $a)))))
    (local.set $y (f64.add (f64.mul (local.get $y) (f64.const 0.5)) (local.get $x)))
    (local.set $z (f32.add (local.get $z) (f32.const 1.25)))
    (local.set $n (i32.sub (local.get $n) (i32.const 1)))
    (br_if $l (local.get $n)))
  (i64.add (i64.add (local.get $b) (i64.extend_i32_u (local.get $a)))
    (i64.add (i64.reinterpret_f64 (local.get $y)) (i64.extend_i32_u (i32.reinterpret_f32 (local.get $z)))))))`;

const N = 300, X = 1.75, K = 0x1234_5678_9abc_def0n;

interface V8Fn { (n: number, x: number, k: bigint): bigint }
interface V8Wasm { instantiate(bytes: Uint8Array): Promise<{ instance: { exports: { f: V8Fn } } }> }

for (const mode of ['guarded', 'checked'] as const) {
  test(`${mode}: a loop suspended at every poll computes what V8 computes`, async () => {
    const bytes = await watToBinary(WAT);
    const expected = BigInt.asUintN(64, (await (globalThis as unknown as { WebAssembly: V8Wasm }).WebAssembly.instantiate(bytes)).instance.exports.f(N, X, K));
    await withLoadedGuest(bytes, { memoryMode: mode }, ({ guest, area, enter }) => {
      area.i64[area.areaIndex] = BigInt(N);
      area.f64[area.areaIndex + 1] = X;
      area.i64[area.areaIndex + 2] = K;
      let yields = 0;
      area.setField('interrupt', 1n);
      let status = enter(0);
      // Bounded: a loop counter lost across a yield would otherwise spin forever.
      while (status === RunStatusId.interrupted && yields <= N + 1) {
        yields++;
        // The host's turn clobbers the caller-saved registers; then the next poll yields again.
        area.i64[area.areaIndex + 3] = BigInt(Math.round(Math.sin(yields) * 1e6));
        area.setField('interrupt', 1n);
        status = native.resume(guest);
      }
      assert.equal(status, RunStatusId.done);
      assert.equal(yields, N + 1, 'one suspension per poll: the function entry and every loop header');
      assert.equal(area.slot(0), expected);
    });
  });
}
