// Every row of the opcode table is classified by the baseline tier: handled,
// or unsupported with a reason. A new row in src/wasm/opcodes.ts fails this
// test until the tier decides; the only reason allowed today is SIMD.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unclassifiedOpcodes, OPCODES } from '../../../src/wasm/opcodes.js';
import { BASELINE_HANDLED, BASELINE_UNSUPPORTED } from '../../../src/compiler/baseline/index.js';

test('every opcode row is handled or unsupported by the baseline tier', () => {
  const { missing, unknown } = unclassifiedOpcodes([...BASELINE_HANDLED, ...BASELINE_UNSUPPORTED.keys()]);
  assert.deepEqual(missing, []);
  assert.deepEqual(unknown, []);
});

test('the baseline tier handles all of WebAssembly 2.0 except SIMD', () => {
  const notSimd = [...BASELINE_UNSUPPORTED].filter(([, why]) => why !== 'simd').map(([key]) => key);
  assert.deepEqual(notSimd, []);
  const simdRows = OPCODES.filter((row) => row.feature === 'simd').length;
  assert.equal(BASELINE_UNSUPPORTED.size, simdRows);
});
