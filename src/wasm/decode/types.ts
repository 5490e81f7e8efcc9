// Binary encodings of the type grammar: value and reference types, limits,
// table/memory/global types and function types (WebAssembly 2.0, 5.3).
//
// Invariants: every function consumes exactly its encoding or throws
// CompileError with the reference interpreter's phrase at the offending byte.
// Spec rules about values (min <= max, page counts) are the validator's, not
// checked here. Imported by the decode/ files only.

import { Limits as ImplLimits } from '../limits.js';
import { limitError } from '../errors.js';
import type { Reader } from '../reader.js';
import {
  isRefType, isValType,
  type FuncType, type GlobalType, type Limits, type MemoryType, type RefType, type TableType, type ValType,
} from '../types.js';

/**
 * Type codes are one-byte signed LEB128 numbers (-0x01 is i32) in the
 * reference interpreter, so a continuation bit is "integer representation
 * too long" there, not a bad type; binary-leb128.wast expects that.
 */
function readTypeCode(r: Reader): number {
  const at = r.pos;
  const code = r.u8();
  if (code & 0x80) r.fail('integer representation too long', at);
  return code;
}

export function readValType(r: Reader): ValType {
  const at = r.pos;
  const code = readTypeCode(r);
  if (!isValType(code)) r.fail('malformed value type', at);
  return code;
}

export function readRefType(r: Reader): RefType {
  const at = r.pos;
  const code = readTypeCode(r);
  if (!isRefType(code)) r.fail('malformed reference type', at);
  return code;
}

/**
 * The limits flag is a one-bit LEB128 in the reference interpreter, which
 * fixes the phrases: a value of 2 or more is "integer too large" (so the
 * threads proposal's shared flags are malformed in 2.0), a continuation bit
 * "integer representation too long".
 */
export function readLimits(r: Reader): Limits {
  const at = r.pos;
  const flag = r.u8();
  if ((flag & 0x7f) > 1) r.fail('integer too large', at);
  if (flag & 0x80) r.fail('integer representation too long', at);
  const min = r.u32();
  if (flag === 0) return { min };
  const max = r.u32();
  return { min, max };
}

export function readTableType(r: Reader): TableType {
  const elemType = readRefType(r);
  const limits = readLimits(r);
  return { elemType, limits };
}

export function readMemoryType(r: Reader): MemoryType {
  return { limits: readLimits(r), shared: false };
}

export function readGlobalType(r: Reader): GlobalType {
  const type = readValType(r);
  const at = r.pos;
  const m = r.u8();
  if (m > 1) r.fail('malformed mutability', at);
  return { type, mutable: m === 1 };
}

export function readFuncType(r: Reader): FuncType {
  const at = r.pos;
  if (readTypeCode(r) !== 0x60) r.fail('malformed function type', at);
  const params = readResultTypes(r, ImplLimits.params, 'parameters');
  const results = readResultTypes(r, ImplLimits.results, 'results');
  return { params, results };
}

function readResultTypes(r: Reader, max: number, what: string): ValType[] {
  const at = r.pos;
  const n = r.count();
  if (n > max) throw limitError(`number of ${what}`, n, max, at);
  const types: ValType[] = new Array(n);
  for (let i = 0; i < n; i++) types[i] = readValType(r);
  return types;
}
