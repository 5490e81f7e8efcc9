// The oracle: V8 executing one WebAssembly operator at a time.
//
// One module holds a function per operator under test. Floats cross the JS
// boundary as integer bit patterns (f32 as i32, f64 as i64, reinterpreted
// inside the function), so NaN payloads and -0 reach the operator and come
// back exactly. i32 values are passed as Numbers, i64 as BigInts; all values
// here are raw bit patterns as unsigned bigints. Test-only.

import { opcodeByKey, encodeOpcode } from '../../../../src/wasm/opcodes.js';
import { ValType } from '../../../../src/wasm/types.js';

export type Kind = 'i32' | 'i64' | 'f32' | 'f64';
export const WIDTH: Record<Kind, 32 | 64> = { i32: 32, i64: 64, f32: 32, f64: 64 };

/** Node's WebAssembly, typed just enough for an oracle (tsconfig has no WebAssembly lib). */
interface V8WebAssembly {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports?: object) => { exports: Record<string, unknown> };
  RuntimeError: new (message?: string) => Error;
}
const V8 = (globalThis as unknown as { WebAssembly: V8WebAssembly }).WebAssembly;

export interface OracleOp {
  /** Opcode key, e.g. 'f32.min'. */
  readonly op: string;
  readonly params: readonly Kind[];
  readonly result: Kind;
}

export type Outcome = { readonly kind: 'value'; readonly bits: bigint } | { readonly kind: 'trap'; readonly message: string };

const carrier = (k: Kind): number => (WIDTH[k] === 32 ? ValType.i32 : ValType.i64);

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const op = (key: string): number[] => {
  const row = opcodeByKey(key);
  if (!row) throw new Error(`no opcode ${key}`);
  return encodeOpcode(row);
};

function body(o: OracleOp): number[] {
  const code: number[] = [];
  o.params.forEach((k, i) => {
    code.push(0x20, ...uleb(i)); // local.get i
    if (k === 'f32') code.push(...op('f32.reinterpret_i32'));
    if (k === 'f64') code.push(...op('f64.reinterpret_i64'));
  });
  code.push(...op(o.op));
  if (o.result === 'f32') code.push(...op('i32.reinterpret_f32'));
  if (o.result === 'f64') code.push(...op('i64.reinterpret_f64'));
  code.push(0x0b);
  return [...uleb(code.length + 1), 0x00, ...code];
}

export function buildOracleModule(ops: readonly OracleOp[]): Uint8Array {
  const types = ops.map((o) => [0x60, ...vec(o.params.map((k) => [carrier(k)])), 1, carrier(o.result)]);
  const funcs = ops.map((_, i) => uleb(i));
  const exports = ops.map((_, i) => {
    const name = [...Buffer.from(`f${i}`)];
    return [...uleb(name.length), ...name, 0x00, ...uleb(i)];
  });
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(3, vec(funcs)),
    ...section(7, vec(exports)),
    ...section(10, vec(ops.map(body))),
  ]);
}

type Exported = (...args: (number | bigint)[]) => number | bigint;

/** Instantiates the module; run(i, args) applies operator i to raw bit patterns. */
export function oracle(ops: readonly OracleOp[]): (index: number, args: readonly bigint[]) => Outcome {
  const inst = new V8.Instance(new V8.Module(buildOracleModule(ops)));
  const fns = ops.map((_, i) => inst.exports[`f${i}`] as Exported);
  return (index, args) => {
    const o = ops[index]!;
    const js = args.map((a, k) => (WIDTH[o.params[k]!] === 32 ? Number(BigInt.asIntN(32, a)) : BigInt.asIntN(64, a)));
    try {
      const r = fns[index]!(...js);
      const bits = typeof r === 'bigint' ? BigInt.asUintN(64, r) : BigInt(r >>> 0);
      return { kind: 'value', bits };
    } catch (e) {
      if (e instanceof V8.RuntimeError) return { kind: 'trap', message: e.message };
      throw e;
    }
  };
}
