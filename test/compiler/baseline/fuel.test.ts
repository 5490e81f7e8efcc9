// Fuel metering in compiled code: one unit per executed instruction, charged
// at branches, calls and block edges, trapping out_of_fuel below zero — the
// same count on every run and in both memory modes. Runs the compiled code on
// the native layer directly (the runtime's fuel policy is tested with it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { watToBinary } from '../../../src/wasm/text.js';
import { withLoadedGuest } from './loaded-guest.js';
import { RunStatusId } from '../../../src/abi/vmctx.js';
import { TrapCodeId } from '../../../src/abi/trap-codes.js';

const LOOP = `(module (func (export "f") (param i32) (result i32) (local i32)
  (loop $l
    (local.set 1 (i32.add (local.get 1) (local.get 0)))
    (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
    (br_if $l (local.get 0)))
  (local.get 1)))`;

async function runWithFuel(mode: 'guarded' | 'checked', fuel: bigint, n: number): Promise<{ status: number; result: bigint; trap: bigint; left: bigint }> {
  return withLoadedGuest(await watToBinary(LOOP), { memoryMode: mode, fuel: true }, ({ area, compiled, enter }) => {
    assert.equal(compiled.fuel, true);
    area.setField('fuel', fuel);
    area.i64[area.areaIndex] = BigInt(n);
    const status = enter(0);
    return { status, result: area.slot(0), trap: area.field('trap_code'), left: area.field('fuel') };
  });
}

for (const mode of ['guarded', 'checked'] as const) {
  test(`fuel: a counted loop pays one unit per instruction (${mode})`, async () => {
    const a = await runWithFuel(mode, 1_000_000n, 1000);
    assert.equal(a.status, RunStatusId.done);
    assert.equal(a.result, 500500n);
    // 10 instructions per iteration (local.get ×3, add, set, const, sub, set, get, br_if) + loop, the final get, end.
    assert.equal(1_000_000n - a.left, 10n * 1000n + 3n);
    const b = await runWithFuel(mode, 1_000_000n, 1000);
    assert.equal(b.left, a.left, 'the same run consumes the same fuel');
  });

  test(`fuel: running out traps out_of_fuel (${mode})`, async () => {
    const r = await runWithFuel(mode, 100n, 1000);
    assert.equal(r.status, RunStatusId.trap);
    assert.equal(Number(r.trap), TrapCodeId.out_of_fuel);
  });
}
