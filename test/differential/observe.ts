// How the differential harness writes down what it sees, identically for
// every engine: values as canonical strings, traps as engine-neutral classes,
// and the fixed arguments each export is called with.
//
// Invariants: a value's string depends only on its type and bits, except
// that every NaN is "nan" (V8's results cross JavaScript as numbers, which
// may quiet or canonicalise a NaN; the spec lets most NaN payloads vary
// anyway, and the generator's --denan keeps NaNs out of results and memory).
// -0 and 0 stay distinct. A trap class groups trap codes only where V8's
// messages cannot tell them apart. Only test/differential imports this.

import type { TypeName } from './facts.js';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

export function f32Bits(x: number): number {
  f32[0] = x;
  return u32[0]!;
}
export function f64Bits(x: number): bigint {
  f64[0] = x;
  return u64[0]!;
}
export function f32FromBits(bits: number): number {
  u32[0] = bits;
  return f32[0]!;
}
export function f64FromBits(bits: bigint): number {
  u64[0] = bits;
  return f64[0]!;
}

const isNan32 = (bits: number): boolean => (bits & 0x7f800000) === 0x7f800000 && (bits & 0x7fffff) !== 0;
const isNan64 = (bits: bigint): boolean => (bits & 0x7ff0000000000000n) === 0x7ff0000000000000n && (bits & 0xfffffffffffffn) !== 0n;

export function showF32Bits(bits: number): string {
  return isNan32(bits >>> 0) ? 'f32:nan' : `f32:0x${(bits >>> 0).toString(16)}`;
}
export function showF64Bits(bits: bigint): string {
  const b = BigInt.asUintN(64, bits);
  return isNan64(b) ? 'f64:nan' : `f64:0x${b.toString(16)}`;
}

/** The one host object the harness hands guests as a non-null externref. */
export const EXTERN_TOKEN: object = Object.freeze({ differentialToken: true });

export function showRef(type: 'funcref' | 'externref', v: unknown): string {
  if (v === null || v === undefined) return `${type}:null`;
  if (type === 'externref') return v === EXTERN_TOKEN ? 'externref:token' : 'externref:foreign';
  return 'funcref:non-null';
}

/** A JavaScript value as the JS API converts it for type `t` (V8's results, host import arguments). */
export function showJs(t: TypeName, v: unknown): string {
  switch (t) {
    case 'i32': return `i32:${(v as number) | 0}`;
    case 'i64': return `i64:${BigInt.asIntN(64, v as bigint)}`;
    case 'f32': return showF32Bits(f32Bits(v as number));
    case 'f64': return showF64Bits(f64Bits(v as number));
    case 'funcref':
    case 'externref': return showRef(t, v);
    case 'v128': return 'v128:?';
  }
}

/** Engine-neutral trap classes (V8's messages decide the granularity). */
export type TrapClass = 'unreachable' | 'memory' | 'table' | 'indirect-call' | 'divide-by-zero' | 'overflow-or-conversion' | `other:${string}`;

const CODE_CLASS: Record<string, TrapClass> = {
  unreachable: 'unreachable',
  memory_out_of_bounds: 'memory',
  data_segment_out_of_bounds: 'memory',
  table_out_of_bounds: 'table',
  element_segment_out_of_bounds: 'table',
  indirect_call_out_of_bounds: 'table',
  indirect_call_null: 'indirect-call',
  indirect_call_signature: 'indirect-call',
  integer_divide_by_zero: 'divide-by-zero',
  integer_overflow: 'overflow-or-conversion',
  invalid_conversion_to_integer: 'overflow-or-conversion',
};

/** A Corral Trap code's class. */
export function trapClassOfCode(code: string): TrapClass {
  return CODE_CLASS[code] ?? `other:${code}`;
}

/** First match wins; whole words, since "unrepresentable" contains "table". */
const V8_MESSAGES: [RegExp, TrapClass][] = [
  [/\bunreachable\b/, 'unreachable'],
  [/divide by zero|remainder by zero/, 'divide-by-zero'],
  [/divide result unrepresentable|float unrepresentable/, 'overflow-or-conversion'],
  [/memory access out of bounds|\bdata segment\b/, 'memory'],
  [/null function|signature mismatch/, 'indirect-call'],
  [/\btable\b|\belement segment\b/, 'table'],
];

/** A V8 RuntimeError message's class. */
export function trapClassOfV8(message: string): TrapClass {
  return V8_MESSAGES.find(([re]) => re.test(message))?.[1] ?? `other:${message}`;
}

/** A fixed argument: its display string and its JS and bit-exact forms come from (type, index). */
export interface Arg {
  readonly type: TypeName;
  /** Index into the type's fixed list. */
  readonly pick: number;
}

const I32S = [0, 1, -1, 42, 0x7fffffff, -0x80000000, 65536, 100, 7, -2];
const I64S = [0n, 1n, -1n, 42n, 0x7fffffffffffffffn, -0x8000000000000000n, 0x100000000n, 100n, 7n, -2n];
/** Non-NaN floats only: NaN could not cross to V8 through a JS number intact. */
const F32S = [0, 0x3fc00000, 0x80000000, 0x7f800000, 0xff800000, 0x4f000000, 0x00000001, 0x42280000, 0xbf800000, 0x7f7fffff];
const F64S = [0n, 0x3ff8000000000000n, 0x8000000000000000n, 0x7ff0000000000000n, 0xfff0000000000000n, 0x41e0000000000000n, 1n, 0x4045000000000000n, 0xbff0000000000000n, 0x7fefffffffffffffn];

/** The arguments the n-th export is called with: the same on every engine. */
export function fixedArgs(params: readonly TypeName[], n: number): Arg[] {
  return params.map((type, i) => ({ type, pick: (n * 3 + i * 7) % 10 }));
}

export function argI32(a: Arg): number {
  return I32S[a.pick]!;
}
export function argI64(a: Arg): bigint {
  return I64S[a.pick]!;
}
export function argF32Bits(a: Arg): number {
  return F32S[a.pick]!;
}
export function argF64Bits(a: Arg): bigint {
  return F64S[a.pick]!;
}

export function showArg(a: Arg): string {
  switch (a.type) {
    case 'i32': return `i32:${argI32(a)}`;
    case 'i64': return `i64:${argI64(a)}`;
    case 'f32': return showF32Bits(argF32Bits(a));
    case 'f64': return showF64Bits(argF64Bits(a));
    default: return `${a.type}:null`;
  }
}
