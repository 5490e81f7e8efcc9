// select right after a comparison runs on the comparison's flags (a cmov, or
// for floats a branch around a move). Every integer comparison (both widths,
// signed and unsigned, eqz) and the fusible float ones (gt, ge, lt, le, NaN
// included) choose between values of every number type, with the second
// operand a cached local or a computed value (and the comparison's left
// operand a cached local or a computed value); the results must be V8's, bit
// for bit, in both memory modes. Runs the compiled code on the native layer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { watToBinary } from '../../../src/wasm/text.js';
import { withLoadedGuest } from './loaded-guest.js';
import { RunStatusId } from '../../../src/abi/vmctx.js';

const INT_OPS = ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'];
const FLOAT_OPS = ['gt', 'ge', 'lt', 'le'];
/** Value types chosen between: (type, first, second as a local, second computed). */
const VALUES = [
  ['i32', '(i32.const 11)', '(local.get $vi)', '(i32.add (local.get $vi) (i32.const 1))'],
  ['i64', '(i64.const -5)', '(local.get $vl)', '(i64.add (local.get $vl) (i64.const 1))'],
  ['f32', '(f32.const 2.5)', '(local.get $vf)', '(f32.neg (local.get $vf))'],
  ['f64', '(f64.const -0.0)', '(local.get $vd)', '(f64.neg (local.get $vd))'],
] as const;

interface Case { name: string; operand: 'i32' | 'i64' | 'f32' | 'f64' }

function buildModule(): { wat: string; cases: Case[] } {
  const funcs: string[] = [];
  const cases: Case[] = [];
  const add = (name: string, operand: Case['operand'], type: string, body: string) => {
    funcs.push(`(func (export "${name}") (param $a ${operand}) (param $b ${operand}) (param $vi i32) (param $vl i64) (param $vf f32) (param $vd f64) (result ${type}) ${body})`);
    cases.push({ name, operand });
  };
  for (const [type, first, local, computed] of VALUES) {
    for (const w of ['i32', 'i64'] as const) {
      for (const op of INT_OPS) {
        add(`${w}.${op}/${type}/local`, w, type, `(select ${first} ${local} (${w}.${op} (local.get $a) (local.get $b)))`);
        add(`${w}.${op}/${type}/computed`, w, type, `(select ${first} ${computed} (${w}.${op} (${w}.add (local.get $a) (${w}.const 0)) (local.get $b)))`);
      }
      add(`${w}.eqz/${type}/local`, w, type, `(select ${first} ${local} (${w}.eqz (local.get $a)))`);
    }
    for (const w of ['f32', 'f64'] as const) {
      for (const op of FLOAT_OPS) {
        add(`${w}.${op}/${type}/local`, w, type, `(select ${first} ${local} (${w}.${op} (local.get $a) (local.get $b)))`);
        add(`${w}.${op}/${type}/computed`, w, type, `(select ${first} ${computed} (${w}.${op} (${w}.add (local.get $a) (${w}.const 0)) (local.get $b)))`);
      }
    }
  }
  return { wat: `(module ${funcs.join('\n')})`, cases };
}

/** Operand pairs per type, as raw 64-bit words (floats as their bit patterns). */
function operandPairs(t: Case['operand']): [bigint, bigint][] {
  const f32 = (x: number) => BigInt(new Uint32Array(new Float32Array([x]).buffer)[0]!);
  const f64 = (x: number) => new BigUint64Array(new Float64Array([x]).buffer)[0]!;
  if (t === 'i32') {
    const v = [0n, 1n, 0x7fffffffn, 0x80000000n, 0xffffffffn];
    return v.flatMap((a) => v.map((b): [bigint, bigint] => [a, b]));
  }
  if (t === 'i64') {
    const v = [0n, 1n, 0x7fffffffffffffffn, 0x8000000000000000n, 0xffffffffffffffffn, 0xffffffffn];
    return v.flatMap((a) => v.map((b): [bigint, bigint] => [a, b]));
  }
  const enc = t === 'f32' ? f32 : f64;
  const v = [0, -0, 1.5, -2, Infinity, NaN].map(enc);
  return v.flatMap((a) => v.map((b): [bigint, bigint] => [a, b]));
}

/** Raw bits → the JS value V8's export takes. */
function toJs(t: string, bits: bigint): number | bigint {
  if (t === 'i32') return Number(BigInt.asIntN(32, bits));
  if (t === 'i64') return BigInt.asIntN(64, bits);
  if (t === 'f32') return new Float32Array(new Uint32Array([Number(bits)]).buffer)[0]!;
  return new Float64Array(new BigUint64Array([bits]).buffer)[0]!;
}
/** V8's result → raw bits (NaN results cannot occur: the values chosen between are not NaN). */
function fromJs(t: string, v: number | bigint): bigint {
  if (t === 'i32') return BigInt((v as number) >>> 0);
  if (t === 'i64') return BigInt.asUintN(64, v as bigint);
  if (t === 'f32') return BigInt(new Uint32Array(new Float32Array([v as number]).buffer)[0]!);
  return new BigUint64Array(new Float64Array([v as number]).buffer)[0]!;
}

type V8Export = (...args: (number | bigint)[]) => number | bigint;
interface V8Wasm { instantiate(bytes: Uint8Array): Promise<{ instance: { exports: Record<string, V8Export> } }> }

const VI = 0xfffffff0n, VL = 0x123456789n, VF = BigInt(new Uint32Array(new Float32Array([-3.25]).buffer)[0]!), VD = new BigUint64Array(new Float64Array([7.125]).buffer)[0]!;

for (const mode of ['guarded', 'checked'] as const) {
  test(`${mode}: select fused with every comparison chooses what V8 chooses`, async () => {
    const { wat, cases } = buildModule();
    const bytes = await watToBinary(wat);
    const v8 = (await (globalThis as unknown as { WebAssembly: V8Wasm }).WebAssembly.instantiate(bytes)).instance.exports;
    await withLoadedGuest(bytes, { memoryMode: mode }, ({ area, enter }) => {
      let checked = 0;
      cases.forEach((cs, f) => {
        const resultType = cs.name.split('/')[1]!;
        for (const [a, b] of operandPairs(cs.operand)) {
          [a, b, VI, VL, VF, VD].forEach((w, k) => { area.i64[area.areaIndex + k] = BigInt.asIntN(64, w); });
          const status = enter(f);
          assert.equal(status, RunStatusId.done, cs.name);
          const want = fromJs(resultType, v8[cs.name]!(toJs(cs.operand, a), toJs(cs.operand, b), toJs('i32', VI), toJs('i64', VL), toJs('f32', VF), toJs('f64', VD)));
          const mask = resultType === 'i32' || resultType === 'f32' ? 0xffffffffn : 0xffffffffffffffffn;
          assert.equal(area.slot(0) & mask, want, `${cs.name} (${a.toString(16)}, ${b.toString(16)})`);
          checked++;
        }
      });
      assert.ok(checked > 2000, `only ${checked} calls`);
    });
  });
}
