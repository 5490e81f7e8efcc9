// Shared fixtures for the artifact tests: a small module that exercises what
// an artifact must carry (functions, memory and data, tables and
// call_indirect, a host import, traps with names, multi-value), a seeded
// PRNG, and a way to run the same calls on any Module.
import { watToBinary } from '../../src/wasm/text.js';
import type { Engine, Module, Val } from '../../src/index.js';
import { xorshift32 } from '../seeded-random.js';

export const SAMPLE_WAT = `(module $sample
  (type $bin (func (param i32 i32) (result i32)))
  (import "env" "scale" (func $scale (param i32) (result i32)))
  (memory (export "memory") 1 4)
  (data (i32.const 16) "corral")
  (table 2 funcref)
  (elem (i32.const 0) $add $sub)
  (global $g (mut i64) (i64.const 7))
  (func $add (type $bin) (i32.add (local.get 0) (local.get 1)))
  (func $sub (type $bin) (i32.sub (local.get 0) (local.get 1)))
  (func (export "pick") (param i32 i32 i32) (result i32)
    (call_indirect (type $bin) (local.get 1) (local.get 2) (local.get 0)))
  (func (export "scaled") (param i32) (result i32) (call $scale (local.get 0)))
  (func (export "byte") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "poke") (param i32 i32) (i32.store16 (local.get 0) (local.get 1)))
  (func (export "bump") (result i64) (global.set $g (i64.add (global.get $g) (i64.const 1))) (global.get $g))
  (func (export "fsqrt") (param f64) (result f64) (f64.sqrt (local.get 0)))
  (func (export "two") (param i64) (result i64 i32) (local.get 0) (i32.wrap_i64 (local.get 0)))
  (func $divide (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "divide") (param i32 i32) (result i32) (call $divide (local.get 0) (local.get 1)))
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1))) (call $fib (i32.sub (local.get 0) (i32.const 2))))))))`;

export function sampleBytes(): Promise<Uint8Array> {
  return watToBinary(SAMPLE_WAT);
}

const i32 = (value: number): Val => ({ type: 'i32', value });

/** The calls every variant of the sample must answer alike: results, or the trap's code and frames. */
const CALLS: [string, Val[]][] = [
  ['pick', [i32(0), i32(40), i32(2)]],
  ['pick', [i32(1), i32(40), i32(2)]],
  ['pick', [i32(5), i32(1), i32(1)]],
  ['scaled', [i32(21)]],
  ['byte', [i32(16)]],
  ['byte', [i32(65536)]],
  ['poke', [i32(16), i32(0x4443)]],
  ['byte', [i32(17)]],
  ['poke', [i32(65535), i32(1)]],
  ['bump', []],
  ['bump', []],
  ['fsqrt', [{ type: 'f64', bits: 0x4000000000000000n }]],
  ['two', [{ type: 'i64', value: -3n }]],
  ['divide', [i32(7), i32(0)]],
  ['fib', [i32(15)]],
];

export async function behaviour(engine: Engine, module: Module): Promise<unknown[]> {
  const inst = await engine.instantiate(module, { env: { scale: (x: number) => x * 3 } });
  const out: unknown[] = [];
  for (const [name, args] of CALLS) {
    try {
      out.push({ name, results: await inst.call(name, args) });
    } catch (e) {
      const t = e as { code?: unknown; frames?: readonly { funcIndex: number; funcName?: string; wasmOffset?: number }[] };
      out.push({ name, trap: t.code, frames: t.frames?.map((f) => [f.funcIndex, f.funcName, f.wasmOffset]) });
    }
  }
  return out;
}

/** xorshift32: deterministic fuzzing. */
export const prng = xorshift32;
