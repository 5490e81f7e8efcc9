// Float comparisons fused into br_if and if (ops/float.ts): the branch must
// be taken exactly when the comparison is true, NaN included — a fused gt/ge
// branches on "above"/"above or equal" (false on NaN), an if's false edge on
// their inverses (true on NaN) — and the in-place reads of cached locals must
// leave the locals intact. Every function runs in both memory modes against
// V8 as the oracle, on values that cover NaN, ±0, ±inf and near-equal pairs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../src/index.js';
import { watToBinary } from '../../../src/wasm/text.js';

const V8 = (globalThis as unknown as {
  WebAssembly: { instantiate(b: Uint8Array): Promise<{ instance: { exports: Record<string, (...a: number[]) => number> } }> };
}).WebAssembly;

const OPS = ['lt', 'gt', 'le', 'ge', 'eq', 'ne'] as const;
const TYPES = ['f32', 'f64'] as const;

/** Per type and op: a br_if form, an if form, and a form that reuses both locals after the compare. */
function moduleText(): string {
  const funcs: string[] = [];
  for (const t of TYPES) {
    for (const op of OPS) {
      funcs.push(`(func (export "br_if_${t}_${op}") (param ${t} ${t}) (result i32)
        (block (br_if 0 (${t}.${op} (local.get 0) (local.get 1))) (return (i32.const 7)))
        (i32.const 9))`);
      funcs.push(`(func (export "if_${t}_${op}") (param ${t} ${t}) (result i32)
        (if (result i32) (${t}.${op} (local.get 0) (local.get 1)) (then (i32.const 1)) (else (i32.const 2))))`);
      // Loop-carried: counts how often the compare holds while the locals are also read again.
      funcs.push(`(func (export "keep_${t}_${op}") (param ${t} ${t}) (result i32) (local i32 i32)
        (loop
          (if (${t}.${op} (local.get 0) (local.get 1))
            (then (local.set 2 (i32.add (local.get 2) (i32.const 1)))))
          (if (${t}.eq (local.get 0) (local.get 0)) (then (local.set 2 (i32.add (local.get 2) (i32.const 10)))))
          (br_if 0 (i32.lt_u (local.tee 3 (i32.add (local.get 3) (i32.const 1))) (i32.const 3))))
        (local.get 2))`);
    }
  }
  return `(module ${funcs.join('\n')})`;
}

const VALUES = [NaN, -Infinity, -1.5, -0, 0, 1e-310, 1, 1.0000001, Infinity];

for (const memoryMode of ['guarded', 'checked'] as const) {
  test(`fused float compares branch as the comparison says, NaN included (${memoryMode})`, async () => {
    const bytes = await watToBinary(moduleText());
    const oracle = (await V8.instantiate(bytes)).instance.exports;
    const engine = new Engine({ memoryMode });
    try {
      const exports = (await engine.instantiate(await engine.compile(bytes))).exports as Record<string, (...a: number[]) => Promise<number>>;
      let checked = 0;
      for (const t of TYPES) {
        for (const op of OPS) {
          for (const form of ['br_if', 'if', 'keep']) {
            const name = `${form}_${t}_${op}`;
            for (const a of VALUES) {
              for (const b of VALUES) {
                assert.equal(await exports[name]!(a, b), oracle[name]!(a, b), `${name}(${a}, ${b})`);
                checked++;
              }
            }
          }
        }
      }
      assert.equal(checked, TYPES.length * OPS.length * 3 * VALUES.length ** 2);
    } finally {
      engine.close();
    }
  });
}
