// The values that cross the boundary between JavaScript and guests: the public
// types (Val, ExportedFunction, ExternValue, ImportObject) and the conversions
// between them and raw 64-bit slots (the representation in the vmctx area,
// globals and table elements, src/abi/layout.ts).
//
// Raw slot invariants: i32/f32 as their 32-bit pattern zero-extended (readers
// look only at the low half); i64 as two's complement; f64 as its bits;
// funcref as a FuncRecord address (0 = null); externref as a handle from
// Refs (0 = null). Float conversions in the bit-exact path (Val) never pass
// through a JS number, so NaN payloads and -0 survive.
// Only src/runtime/ imports the functions here; the types are public.

import { ValType, valTypeName } from '../wasm/types.js';
import type { Global } from './global.js';
import type { Memory } from './memory.js';
import type { Table } from './table.js';

/** A wasm function as JavaScript sees it: always async, since any import may be. */
export type ExportedFunction = (...args: unknown[]) => Promise<unknown>;

/** A typed value with floats as raw bits (the bit-exact interface). */
export type Val =
  | { readonly type: 'i32'; readonly value: number }
  | { readonly type: 'i64'; readonly value: bigint }
  | { readonly type: 'f32'; readonly bits: number }
  | { readonly type: 'f64'; readonly bits: bigint }
  | { readonly type: 'funcref'; readonly value: ExportedFunction | null }
  | { readonly type: 'externref'; readonly value: unknown };

/** Anything a module may import. Plain numbers/BigInts are allowed for immutable globals (as in the JS API). */
export type ExternValue = ((...args: never[]) => unknown) | Memory | Table | Global | number | bigint;
export type ImportObject = Record<string, Record<string, ExternValue>>;

/** How references become raw slots and back; implemented by the engine's Refs. */
export interface RefCodec {
  externToRaw(value: unknown): number;
  rawToExtern(handle: number): unknown;
  /** A funcref value (ExportedFunction or null) to its record address; TypeError otherwise. */
  funcToRaw(value: unknown): number;
  rawToFunc(record: number): ExportedFunction | null;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

export function f32FromBits(bits: number): number {
  u32[0] = bits;
  return f32[0]!;
}
export function f32ToBits(x: number): number {
  f32[0] = x;
  return u32[0]!;
}
export function f64FromBits(bits: bigint): number {
  u64[0] = bits;
  return f64[0]!;
}
export function f64ToBits(x: number): bigint {
  f64[0] = x;
  return u64[0]!;
}

/** ToWebAssemblyValue of the JS API: a JS value to a raw slot of type t. */
export function jsToRaw(t: ValType, v: unknown, refs: RefCodec): bigint {
  switch (t) {
    case ValType.i32: return BigInt(toInt32(v) >>> 0);
    case ValType.i64: {
      if (typeof v !== 'bigint' && typeof v !== 'boolean' && typeof v !== 'string') throw new TypeError(`cannot convert ${describe(v)} to i64 (a BigInt is required)`);
      return BigInt.asUintN(64, BigInt(v));
    }
    case ValType.f32: return BigInt(f32ToBits(toNumber(v)));
    case ValType.f64: return f64ToBits(toNumber(v));
    case ValType.funcref: return BigInt(refs.funcToRaw(v));
    case ValType.externref: return BigInt(refs.externToRaw(v));
    default: throw new TypeError(`values of type ${valTypeName(t)} cannot cross to JavaScript`);
  }
}

/** ToJSValue of the JS API. */
export function rawToJs(t: ValType, raw: bigint, refs: RefCodec): unknown {
  switch (t) {
    case ValType.i32: return Number(BigInt.asIntN(32, raw));
    case ValType.i64: return BigInt.asIntN(64, raw);
    case ValType.f32: return f32FromBits(Number(raw & 0xffffffffn));
    case ValType.f64: return f64FromBits(BigInt.asUintN(64, raw));
    case ValType.funcref: return refs.rawToFunc(Number(raw));
    case ValType.externref: return refs.rawToExtern(Number(raw));
    default: throw new TypeError(`values of type ${valTypeName(t)} cannot cross to JavaScript`);
  }
}

/** A Val to a raw slot of type t; TypeError when the Val has another type. */
export function valToRaw(t: ValType, v: Val, refs: RefCodec): bigint {
  if (v === null || typeof v !== 'object' || v.type !== valTypeName(t)) {
    throw new TypeError(`expected a ${valTypeName(t)} Val, got ${describe(v)}`);
  }
  switch (v.type) {
    case 'i32': return BigInt(v.value >>> 0);
    case 'i64': return BigInt.asUintN(64, v.value);
    case 'f32': return BigInt(v.bits >>> 0);
    case 'f64': return BigInt.asUintN(64, v.bits);
    case 'funcref': return BigInt(refs.funcToRaw(v.value));
    case 'externref': return BigInt(refs.externToRaw(v.value));
  }
}

export function rawToVal(t: ValType, raw: bigint, refs: RefCodec): Val {
  switch (t) {
    case ValType.i32: return { type: 'i32', value: Number(BigInt.asIntN(32, raw)) };
    case ValType.i64: return { type: 'i64', value: BigInt.asIntN(64, raw) };
    case ValType.f32: return { type: 'f32', bits: Number(raw & 0xffffffffn) };
    case ValType.f64: return { type: 'f64', bits: BigInt.asUintN(64, raw) };
    case ValType.funcref: return { type: 'funcref', value: refs.rawToFunc(Number(raw)) };
    case ValType.externref: return { type: 'externref', value: refs.rawToExtern(Number(raw)) };
    default: throw new TypeError(`values of type ${valTypeName(t)} cannot cross to JavaScript`);
  }
}

/** The value type named in the JS API's descriptors ('i32', 'anyfunc', ...). */
export function parseValueType(name: unknown): ValType {
  switch (name) {
    case 'i32': return ValType.i32;
    case 'i64': return ValType.i64;
    case 'f32': return ValType.f32;
    case 'f64': return ValType.f64;
    case 'funcref': case 'anyfunc': return ValType.funcref;
    case 'externref': return ValType.externref;
    default: throw new TypeError(`unknown value type ${describe(name)}`);
  }
}

function toNumber(v: unknown): number {
  if (typeof v === 'bigint') throw new TypeError('cannot convert a BigInt to a number');
  return Number(v);
}

function toInt32(v: unknown): number {
  return toNumber(v) | 0;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x)) ?? 'an object';
  return `${typeof v} ${String(v)}`;
}

/** Typed views of raw slots (a GuestArea): slot s is words[s], i64[s], f64[s], i32[2s], f32[2s]. */
export interface SlotViews {
  readonly words: BigUint64Array;
  readonly i64: BigInt64Array;
  readonly f64: Float64Array;
  readonly i32: Int32Array;
  readonly f32: Float32Array;
}

/** rawToJs of slot s, without a BigInt for numbers (the host-call hot path). */
export function readSlotJs(v: SlotViews, s: number, t: ValType, refs: RefCodec): unknown {
  switch (t) {
    case ValType.i32: return v.i32[2 * s];
    case ValType.f32: return v.f32[2 * s];
    case ValType.f64: return v.f64[s];
    case ValType.i64: return v.i64[s];
    default: return rawToJs(t, v.words[s]!, refs);
  }
}

/** jsToRaw into slot s, without a BigInt for numbers. */
export function writeSlotJs(v: SlotViews, s: number, t: ValType, value: unknown, refs: RefCodec): void {
  switch (t) {
    case ValType.i32: v.i32[2 * s] = toInt32(value); v.i32[2 * s + 1] = 0; return;
    case ValType.f32: v.f32[2 * s] = toNumber(value); v.i32[2 * s + 1] = 0; return;
    case ValType.f64: v.f64[s] = toNumber(value); return;
    default: v.words[s] = jsToRaw(t, value, refs);
  }
}
