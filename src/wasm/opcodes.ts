// The opcode table: every instruction of WebAssembly 2.0, one row each — the
// single source of truth for encodings, immediates, stack signatures, features
// and natural alignments. The validator, the printer and every compiler tier
// derive their handling from these rows; nothing else may spell an opcode.
//
// Invariants: a row's `id` is its index in OPCODES and never changes meaning
// (append new rows, never reorder); (prefix, code) pairs are unique; lookups
// are O(1) through dense Int16Arrays indexed by opcode or sub-opcode.
// `sig` is either a fixed signature (the validator pops params, pushes results
// with no per-op code) or 'special' (typing depends on immediates or context).
// This file imports only types.ts; it must not import the validator, the
// decoder or any compiler.

import { ValType } from './types.js';

/** How an instruction's immediates are encoded, after the opcode. */
import type { Reader } from './reader.js';

export const Imm = {
  none: 0,
  blockType: 1,    // s33: 0x40, a value type, or a type index
  label: 2,        // u32 label depth
  brTable: 3,      // vec(u32 label) then u32 default label
  func: 4,         // u32 function index
  callIndirect: 5, // u32 type index, u32 table index
  local: 6,        // u32 local index
  global: 7,       // u32 global index
  table: 8,        // u32 table index
  memarg: 9,       // u32 alignment exponent, u32 offset
  memory: 10,      // one byte 0x00 (the memory index, reserved in 2.0)
  i32: 11,         // s32
  i64: 12,         // s64
  f32: 13,         // 4 bytes
  f64: 14,         // 8 bytes
  refType: 15,     // one byte: 0x70 funcref or 0x6f externref
  selectTypes: 16, // vec(valtype), exactly one in 2.0
  memoryInit: 17,  // u32 data index, byte 0x00
  data: 18,        // u32 data index
  memoryCopy: 19,  // two bytes 0x00 0x00
  tableInit: 20,   // u32 element segment index, u32 table index
  elem: 21,        // u32 element segment index
  tableCopy: 22,   // u32 destination table, u32 source table
  v128: 23,        // 16 bytes
  lane: 24,        // one byte lane index
  memargLane: 25,  // memarg then one byte lane index
  shuffle: 26,     // 16 bytes, each a lane index below 32
} as const;
export type Imm = (typeof Imm)[keyof typeof Imm];

export type Feature = 'mvp' | 'sign-ext' | 'sat-trunc' | 'bulk-memory' | 'reference-types' | 'simd';

/** Prefix byte of multi-byte opcodes; 0 for single-byte opcodes. */
export type Prefix = 0 | 0xfc | 0xfd;

export interface Signature {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

export interface OpcodeRow {
  /** Stable identity: the index of this row in OPCODES. */
  readonly id: number;
  /** Text-format name, e.g. "i32.add". */
  readonly name: string;
  /**
   * Unique stable key: the name, except the typed `select` ("select.typed").
   * Compiler tiers classify rows by key (see unclassifiedOpcodes).
   */
  readonly key: string;
  readonly prefix: Prefix;
  /** The opcode byte, or the sub-opcode after a prefix. */
  readonly code: number;
  readonly imm: Imm;
  readonly sig: Signature | 'special';
  readonly feature: Feature;
  /** Memory accesses: log2 of the natural alignment (the access width in bytes). */
  readonly alignLog2: number;
  /** Lane-index immediates: the number of lanes (an index must be below it). */
  readonly lanes: number;
}

// ---------------------------------------------------------------------------
// The rows. Signatures are written "params -> results" in text-format names.

type RowSpec = [prefix: Prefix, code: number, name: string, imm: Imm, sig: string, feature: Feature, alignLog2?: number, lanes?: number];

const S = 'special';
const rows: RowSpec[] = [];
function mvp(code: number, name: string, sig: string, imm: Imm = Imm.none, align = 0): void {
  rows.push([0, code, name, imm, sig, 'mvp', align]);
}
function at(prefix: Prefix, feature: Feature, code: number, name: string, sig: string, imm: Imm = Imm.none, align = 0, lanes = 0): void {
  rows.push([prefix, code, name, imm, sig, feature, align, lanes]);
}

// Control.
mvp(0x00, 'unreachable', S);
mvp(0x01, 'nop', '->');
mvp(0x02, 'block', S, Imm.blockType);
mvp(0x03, 'loop', S, Imm.blockType);
mvp(0x04, 'if', S, Imm.blockType);
mvp(0x05, 'else', S);
mvp(0x0b, 'end', S);
mvp(0x0c, 'br', S, Imm.label);
mvp(0x0d, 'br_if', S, Imm.label);
mvp(0x0e, 'br_table', S, Imm.brTable);
mvp(0x0f, 'return', S);
mvp(0x10, 'call', S, Imm.func);
mvp(0x11, 'call_indirect', S, Imm.callIndirect);
// Parametric.
mvp(0x1a, 'drop', S);
mvp(0x1b, 'select', S);
at(0, 'reference-types', 0x1c, 'select', S, Imm.selectTypes);
// Variables.
mvp(0x20, 'local.get', S, Imm.local);
mvp(0x21, 'local.set', S, Imm.local);
mvp(0x22, 'local.tee', S, Imm.local);
mvp(0x23, 'global.get', S, Imm.global);
mvp(0x24, 'global.set', S, Imm.global);
at(0, 'reference-types', 0x25, 'table.get', S, Imm.table);
at(0, 'reference-types', 0x26, 'table.set', S, Imm.table);
// Memory.
const M = Imm.memarg;
mvp(0x28, 'i32.load', 'i32 -> i32', M, 2);
mvp(0x29, 'i64.load', 'i32 -> i64', M, 3);
mvp(0x2a, 'f32.load', 'i32 -> f32', M, 2);
mvp(0x2b, 'f64.load', 'i32 -> f64', M, 3);
mvp(0x2c, 'i32.load8_s', 'i32 -> i32', M, 0);
mvp(0x2d, 'i32.load8_u', 'i32 -> i32', M, 0);
mvp(0x2e, 'i32.load16_s', 'i32 -> i32', M, 1);
mvp(0x2f, 'i32.load16_u', 'i32 -> i32', M, 1);
mvp(0x30, 'i64.load8_s', 'i32 -> i64', M, 0);
mvp(0x31, 'i64.load8_u', 'i32 -> i64', M, 0);
mvp(0x32, 'i64.load16_s', 'i32 -> i64', M, 1);
mvp(0x33, 'i64.load16_u', 'i32 -> i64', M, 1);
mvp(0x34, 'i64.load32_s', 'i32 -> i64', M, 2);
mvp(0x35, 'i64.load32_u', 'i32 -> i64', M, 2);
mvp(0x36, 'i32.store', 'i32 i32 ->', M, 2);
mvp(0x37, 'i64.store', 'i32 i64 ->', M, 3);
mvp(0x38, 'f32.store', 'i32 f32 ->', M, 2);
mvp(0x39, 'f64.store', 'i32 f64 ->', M, 3);
mvp(0x3a, 'i32.store8', 'i32 i32 ->', M, 0);
mvp(0x3b, 'i32.store16', 'i32 i32 ->', M, 1);
mvp(0x3c, 'i64.store8', 'i32 i64 ->', M, 0);
mvp(0x3d, 'i64.store16', 'i32 i64 ->', M, 1);
mvp(0x3e, 'i64.store32', 'i32 i64 ->', M, 2);
mvp(0x3f, 'memory.size', '-> i32', Imm.memory);
mvp(0x40, 'memory.grow', 'i32 -> i32', Imm.memory);
// Constants.
mvp(0x41, 'i32.const', '-> i32', Imm.i32);
mvp(0x42, 'i64.const', '-> i64', Imm.i64);
mvp(0x43, 'f32.const', '-> f32', Imm.f32);
mvp(0x44, 'f64.const', '-> f64', Imm.f64);

// Numeric: families share a signature, in opcode order.
function family(first: number, prefix: string, names: string, sig: string): void {
  let code = first;
  for (const n of names.split(' ')) mvp(code++, `${prefix}.${n}`, sig);
}
family(0x45, 'i32', 'eqz', 'i32 -> i32');
family(0x46, 'i32', 'eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u', 'i32 i32 -> i32');
family(0x50, 'i64', 'eqz', 'i64 -> i32');
family(0x51, 'i64', 'eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u', 'i64 i64 -> i32');
family(0x5b, 'f32', 'eq ne lt gt le ge', 'f32 f32 -> i32');
family(0x61, 'f64', 'eq ne lt gt le ge', 'f64 f64 -> i32');
family(0x67, 'i32', 'clz ctz popcnt', 'i32 -> i32');
family(0x6a, 'i32', 'add sub mul div_s div_u rem_s rem_u and or xor shl shr_s shr_u rotl rotr', 'i32 i32 -> i32');
family(0x79, 'i64', 'clz ctz popcnt', 'i64 -> i64');
family(0x7c, 'i64', 'add sub mul div_s div_u rem_s rem_u and or xor shl shr_s shr_u rotl rotr', 'i64 i64 -> i64');
family(0x8b, 'f32', 'abs neg ceil floor trunc nearest sqrt', 'f32 -> f32');
family(0x92, 'f32', 'add sub mul div min max copysign', 'f32 f32 -> f32');
family(0x99, 'f64', 'abs neg ceil floor trunc nearest sqrt', 'f64 -> f64');
family(0xa0, 'f64', 'add sub mul div min max copysign', 'f64 f64 -> f64');
mvp(0xa7, 'i32.wrap_i64', 'i64 -> i32');
mvp(0xa8, 'i32.trunc_f32_s', 'f32 -> i32');
mvp(0xa9, 'i32.trunc_f32_u', 'f32 -> i32');
mvp(0xaa, 'i32.trunc_f64_s', 'f64 -> i32');
mvp(0xab, 'i32.trunc_f64_u', 'f64 -> i32');
mvp(0xac, 'i64.extend_i32_s', 'i32 -> i64');
mvp(0xad, 'i64.extend_i32_u', 'i32 -> i64');
mvp(0xae, 'i64.trunc_f32_s', 'f32 -> i64');
mvp(0xaf, 'i64.trunc_f32_u', 'f32 -> i64');
mvp(0xb0, 'i64.trunc_f64_s', 'f64 -> i64');
mvp(0xb1, 'i64.trunc_f64_u', 'f64 -> i64');
mvp(0xb2, 'f32.convert_i32_s', 'i32 -> f32');
mvp(0xb3, 'f32.convert_i32_u', 'i32 -> f32');
mvp(0xb4, 'f32.convert_i64_s', 'i64 -> f32');
mvp(0xb5, 'f32.convert_i64_u', 'i64 -> f32');
mvp(0xb6, 'f32.demote_f64', 'f64 -> f32');
mvp(0xb7, 'f64.convert_i32_s', 'i32 -> f64');
mvp(0xb8, 'f64.convert_i32_u', 'i32 -> f64');
mvp(0xb9, 'f64.convert_i64_s', 'i64 -> f64');
mvp(0xba, 'f64.convert_i64_u', 'i64 -> f64');
mvp(0xbb, 'f64.promote_f32', 'f32 -> f64');
mvp(0xbc, 'i32.reinterpret_f32', 'f32 -> i32');
mvp(0xbd, 'i64.reinterpret_f64', 'f64 -> i64');
mvp(0xbe, 'f32.reinterpret_i32', 'i32 -> f32');
mvp(0xbf, 'f64.reinterpret_i64', 'i64 -> f64');
// Sign extension.
at(0, 'sign-ext', 0xc0, 'i32.extend8_s', 'i32 -> i32');
at(0, 'sign-ext', 0xc1, 'i32.extend16_s', 'i32 -> i32');
at(0, 'sign-ext', 0xc2, 'i64.extend8_s', 'i64 -> i64');
at(0, 'sign-ext', 0xc3, 'i64.extend16_s', 'i64 -> i64');
at(0, 'sign-ext', 0xc4, 'i64.extend32_s', 'i64 -> i64');
// Reference types.
at(0, 'reference-types', 0xd0, 'ref.null', S, Imm.refType);
at(0, 'reference-types', 0xd1, 'ref.is_null', S);
at(0, 'reference-types', 0xd2, 'ref.func', S, Imm.func);

// 0xFC: saturating truncation, bulk memory, table operations.
const FC = 0xfc;
at(FC, 'sat-trunc', 0, 'i32.trunc_sat_f32_s', 'f32 -> i32');
at(FC, 'sat-trunc', 1, 'i32.trunc_sat_f32_u', 'f32 -> i32');
at(FC, 'sat-trunc', 2, 'i32.trunc_sat_f64_s', 'f64 -> i32');
at(FC, 'sat-trunc', 3, 'i32.trunc_sat_f64_u', 'f64 -> i32');
at(FC, 'sat-trunc', 4, 'i64.trunc_sat_f32_s', 'f32 -> i64');
at(FC, 'sat-trunc', 5, 'i64.trunc_sat_f32_u', 'f32 -> i64');
at(FC, 'sat-trunc', 6, 'i64.trunc_sat_f64_s', 'f64 -> i64');
at(FC, 'sat-trunc', 7, 'i64.trunc_sat_f64_u', 'f64 -> i64');
at(FC, 'bulk-memory', 8, 'memory.init', 'i32 i32 i32 ->', Imm.memoryInit);
at(FC, 'bulk-memory', 9, 'data.drop', '->', Imm.data);
at(FC, 'bulk-memory', 10, 'memory.copy', 'i32 i32 i32 ->', Imm.memoryCopy);
at(FC, 'bulk-memory', 11, 'memory.fill', 'i32 i32 i32 ->', Imm.memory);
at(FC, 'bulk-memory', 12, 'table.init', 'i32 i32 i32 ->', Imm.tableInit);
at(FC, 'bulk-memory', 13, 'elem.drop', '->', Imm.elem);
at(FC, 'bulk-memory', 14, 'table.copy', 'i32 i32 i32 ->', Imm.tableCopy);
at(FC, 'reference-types', 15, 'table.grow', S, Imm.table);
at(FC, 'reference-types', 16, 'table.size', '-> i32', Imm.table);
at(FC, 'reference-types', 17, 'table.fill', S, Imm.table);

// 0xFD: fixed-width SIMD.
const FD = 0xfd;
function simd(code: number, name: string, sig: string, imm: Imm = Imm.none, align = 0, lanes = 0): void {
  at(FD, 'simd', code, name, sig, imm, align, lanes);
}
function simdFamily(first: number, names: string, sig: string): void {
  let code = first;
  for (const n of names.split(' ')) {
    if (n !== '-') simd(code, n, sig);
    code++;
  }
}
const v_v = 'v128 -> v128', vv_v = 'v128 v128 -> v128', v_i = 'v128 -> i32', vi_v = 'v128 i32 -> v128';
simd(0, 'v128.load', 'i32 -> v128', M, 4);
simd(1, 'v128.load8x8_s', 'i32 -> v128', M, 3);
simd(2, 'v128.load8x8_u', 'i32 -> v128', M, 3);
simd(3, 'v128.load16x4_s', 'i32 -> v128', M, 3);
simd(4, 'v128.load16x4_u', 'i32 -> v128', M, 3);
simd(5, 'v128.load32x2_s', 'i32 -> v128', M, 3);
simd(6, 'v128.load32x2_u', 'i32 -> v128', M, 3);
simd(7, 'v128.load8_splat', 'i32 -> v128', M, 0);
simd(8, 'v128.load16_splat', 'i32 -> v128', M, 1);
simd(9, 'v128.load32_splat', 'i32 -> v128', M, 2);
simd(10, 'v128.load64_splat', 'i32 -> v128', M, 3);
simd(11, 'v128.store', 'i32 v128 ->', M, 4);
simd(12, 'v128.const', '-> v128', Imm.v128);
simd(13, 'i8x16.shuffle', vv_v, Imm.shuffle);
simd(14, 'i8x16.swizzle', vv_v);
simd(15, 'i8x16.splat', 'i32 -> v128');
simd(16, 'i16x8.splat', 'i32 -> v128');
simd(17, 'i32x4.splat', 'i32 -> v128');
simd(18, 'i64x2.splat', 'i64 -> v128');
simd(19, 'f32x4.splat', 'f32 -> v128');
simd(20, 'f64x2.splat', 'f64 -> v128');
const L = Imm.lane;
simd(21, 'i8x16.extract_lane_s', v_i, L, 0, 16);
simd(22, 'i8x16.extract_lane_u', v_i, L, 0, 16);
simd(23, 'i8x16.replace_lane', vi_v, L, 0, 16);
simd(24, 'i16x8.extract_lane_s', v_i, L, 0, 8);
simd(25, 'i16x8.extract_lane_u', v_i, L, 0, 8);
simd(26, 'i16x8.replace_lane', vi_v, L, 0, 8);
simd(27, 'i32x4.extract_lane', v_i, L, 0, 4);
simd(28, 'i32x4.replace_lane', vi_v, L, 0, 4);
simd(29, 'i64x2.extract_lane', 'v128 -> i64', L, 0, 2);
simd(30, 'i64x2.replace_lane', 'v128 i64 -> v128', L, 0, 2);
simd(31, 'f32x4.extract_lane', 'v128 -> f32', L, 0, 4);
simd(32, 'f32x4.replace_lane', 'v128 f32 -> v128', L, 0, 4);
simd(33, 'f64x2.extract_lane', 'v128 -> f64', L, 0, 2);
simd(34, 'f64x2.replace_lane', 'v128 f64 -> v128', L, 0, 2);
simdFamily(35, 'i8x16.eq i8x16.ne i8x16.lt_s i8x16.lt_u i8x16.gt_s i8x16.gt_u i8x16.le_s i8x16.le_u i8x16.ge_s i8x16.ge_u', vv_v);
simdFamily(45, 'i16x8.eq i16x8.ne i16x8.lt_s i16x8.lt_u i16x8.gt_s i16x8.gt_u i16x8.le_s i16x8.le_u i16x8.ge_s i16x8.ge_u', vv_v);
simdFamily(55, 'i32x4.eq i32x4.ne i32x4.lt_s i32x4.lt_u i32x4.gt_s i32x4.gt_u i32x4.le_s i32x4.le_u i32x4.ge_s i32x4.ge_u', vv_v);
simdFamily(65, 'f32x4.eq f32x4.ne f32x4.lt f32x4.gt f32x4.le f32x4.ge', vv_v);
simdFamily(71, 'f64x2.eq f64x2.ne f64x2.lt f64x2.gt f64x2.le f64x2.ge', vv_v);
simd(77, 'v128.not', v_v);
simdFamily(78, 'v128.and v128.andnot v128.or v128.xor', vv_v);
simd(82, 'v128.bitselect', 'v128 v128 v128 -> v128');
simd(83, 'v128.any_true', v_i);
const ML = Imm.memargLane;
simd(84, 'v128.load8_lane', 'i32 v128 -> v128', ML, 0, 16);
simd(85, 'v128.load16_lane', 'i32 v128 -> v128', ML, 1, 8);
simd(86, 'v128.load32_lane', 'i32 v128 -> v128', ML, 2, 4);
simd(87, 'v128.load64_lane', 'i32 v128 -> v128', ML, 3, 2);
simd(88, 'v128.store8_lane', 'i32 v128 ->', ML, 0, 16);
simd(89, 'v128.store16_lane', 'i32 v128 ->', ML, 1, 8);
simd(90, 'v128.store32_lane', 'i32 v128 ->', ML, 2, 4);
simd(91, 'v128.store64_lane', 'i32 v128 ->', ML, 3, 2);
simd(92, 'v128.load32_zero', 'i32 -> v128', M, 2);
simd(93, 'v128.load64_zero', 'i32 -> v128', M, 3);
simd(94, 'f32x4.demote_f64x2_zero', v_v);
simd(95, 'f64x2.promote_low_f32x4', v_v);
simdFamily(96, 'i8x16.abs i8x16.neg i8x16.popcnt', v_v);
simd(99, 'i8x16.all_true', v_i);
simd(100, 'i8x16.bitmask', v_i);
simdFamily(101, 'i8x16.narrow_i16x8_s i8x16.narrow_i16x8_u', vv_v);
simdFamily(103, 'f32x4.ceil f32x4.floor f32x4.trunc f32x4.nearest', v_v);
simdFamily(107, 'i8x16.shl i8x16.shr_s i8x16.shr_u', vi_v);
simdFamily(110, 'i8x16.add i8x16.add_sat_s i8x16.add_sat_u i8x16.sub i8x16.sub_sat_s i8x16.sub_sat_u', vv_v);
simdFamily(116, 'f64x2.ceil f64x2.floor', v_v);
simdFamily(118, 'i8x16.min_s i8x16.min_u i8x16.max_s i8x16.max_u', vv_v);
simd(122, 'f64x2.trunc', v_v);
simd(123, 'i8x16.avgr_u', vv_v);
simdFamily(124, 'i16x8.extadd_pairwise_i8x16_s i16x8.extadd_pairwise_i8x16_u i32x4.extadd_pairwise_i16x8_s i32x4.extadd_pairwise_i16x8_u', v_v);
simdFamily(128, 'i16x8.abs i16x8.neg', v_v);
simd(130, 'i16x8.q15mulr_sat_s', vv_v);
simd(131, 'i16x8.all_true', v_i);
simd(132, 'i16x8.bitmask', v_i);
simdFamily(133, 'i16x8.narrow_i32x4_s i16x8.narrow_i32x4_u', vv_v);
simdFamily(135, 'i16x8.extend_low_i8x16_s i16x8.extend_high_i8x16_s i16x8.extend_low_i8x16_u i16x8.extend_high_i8x16_u', v_v);
simdFamily(139, 'i16x8.shl i16x8.shr_s i16x8.shr_u', vi_v);
simdFamily(142, 'i16x8.add i16x8.add_sat_s i16x8.add_sat_u i16x8.sub i16x8.sub_sat_s i16x8.sub_sat_u', vv_v);
simd(148, 'f64x2.nearest', v_v);
simdFamily(149, 'i16x8.mul i16x8.min_s i16x8.min_u i16x8.max_s i16x8.max_u - i16x8.avgr_u', vv_v);
simdFamily(156, 'i16x8.extmul_low_i8x16_s i16x8.extmul_high_i8x16_s i16x8.extmul_low_i8x16_u i16x8.extmul_high_i8x16_u', vv_v);
simdFamily(160, 'i32x4.abs i32x4.neg', v_v);
simd(163, 'i32x4.all_true', v_i);
simd(164, 'i32x4.bitmask', v_i);
simdFamily(167, 'i32x4.extend_low_i16x8_s i32x4.extend_high_i16x8_s i32x4.extend_low_i16x8_u i32x4.extend_high_i16x8_u', v_v);
simdFamily(171, 'i32x4.shl i32x4.shr_s i32x4.shr_u', vi_v);
simd(174, 'i32x4.add', vv_v);
simd(177, 'i32x4.sub', vv_v);
simdFamily(181, 'i32x4.mul i32x4.min_s i32x4.min_u i32x4.max_s i32x4.max_u i32x4.dot_i16x8_s', vv_v);
simdFamily(188, 'i32x4.extmul_low_i16x8_s i32x4.extmul_high_i16x8_s i32x4.extmul_low_i16x8_u i32x4.extmul_high_i16x8_u', vv_v);
simdFamily(192, 'i64x2.abs i64x2.neg', v_v);
simd(195, 'i64x2.all_true', v_i);
simd(196, 'i64x2.bitmask', v_i);
simdFamily(199, 'i64x2.extend_low_i32x4_s i64x2.extend_high_i32x4_s i64x2.extend_low_i32x4_u i64x2.extend_high_i32x4_u', v_v);
simdFamily(203, 'i64x2.shl i64x2.shr_s i64x2.shr_u', vi_v);
simd(206, 'i64x2.add', vv_v);
simd(209, 'i64x2.sub', vv_v);
simd(213, 'i64x2.mul', vv_v);
simdFamily(214, 'i64x2.eq i64x2.ne i64x2.lt_s i64x2.gt_s i64x2.le_s i64x2.ge_s', vv_v);
simdFamily(220, 'i64x2.extmul_low_i32x4_s i64x2.extmul_high_i32x4_s i64x2.extmul_low_i32x4_u i64x2.extmul_high_i32x4_u', vv_v);
simdFamily(224, 'f32x4.abs f32x4.neg - f32x4.sqrt', v_v);
simdFamily(228, 'f32x4.add f32x4.sub f32x4.mul f32x4.div f32x4.min f32x4.max f32x4.pmin f32x4.pmax', vv_v);
simdFamily(236, 'f64x2.abs f64x2.neg - f64x2.sqrt', v_v);
simdFamily(240, 'f64x2.add f64x2.sub f64x2.mul f64x2.div f64x2.min f64x2.max f64x2.pmin f64x2.pmax', vv_v);
simdFamily(248, 'i32x4.trunc_sat_f32x4_s i32x4.trunc_sat_f32x4_u f32x4.convert_i32x4_s f32x4.convert_i32x4_u', v_v);
simdFamily(252, 'i32x4.trunc_sat_f64x2_s_zero i32x4.trunc_sat_f64x2_u_zero f64x2.convert_low_i32x4_s f64x2.convert_low_i32x4_u', v_v);

// ---------------------------------------------------------------------------
// Derived forms.

const typeByName: Record<string, ValType> = {
  i32: ValType.i32, i64: ValType.i64, f32: ValType.f32, f64: ValType.f64,
  v128: ValType.v128, funcref: ValType.funcref, externref: ValType.externref,
};

function parseSig(text: string, name: string): Signature | 'special' {
  if (text === S) return S;
  const arrow = text.indexOf('->');
  if (arrow < 0) throw new Error(`opcode table: bad signature for ${name}`);
  const side = (s: string): ValType[] => s.trim() === '' ? [] : s.trim().split(/\s+/).map((t) => {
    const v = typeByName[t];
    if (v === undefined) throw new Error(`opcode table: bad type ${t} in ${name}`);
    return v;
  });
  return { params: side(text.slice(0, arrow)), results: side(text.slice(arrow + 2)) };
}

/** Every instruction of WebAssembly 2.0; `OPCODES[i].id === i`. */
export const OPCODES: readonly OpcodeRow[] = rows.map(([prefix, code, name, imm, sig, feature, alignLog2 = 0, lanes = 0], id) =>
  Object.freeze({
    id, name, key: imm === Imm.selectTypes ? `${name}.typed` : name, prefix, code, imm, sig: parseSig(sig, name), feature, alignLog2, lanes,
  }));

/** Row id by single-byte opcode; -1 where the byte is not an instruction (or is a prefix). */
export const PRIMARY = new Int16Array(256).fill(-1);
/** Row id by 0xFC sub-opcode (0..17). */
export const PREFIX_FC = new Int16Array(18).fill(-1);
/** Row id by 0xFD sub-opcode (0..255). */
export const PREFIX_FD = new Int16Array(256).fill(-1);

/** Largest number of parameters of a fixed signature (bitselect, memory.init, ...). */
export const MAX_SIG_PARAMS = 3;
/** Per row: number of fixed-signature params, or -1 for 'special'. */
export const SIG_PARAM_COUNT = new Int8Array(OPCODES.length);
/** Per row: the params, MAX_SIG_PARAMS slots each (row * 3 + i). */
export const SIG_PARAMS = new Uint8Array(OPCODES.length * MAX_SIG_PARAMS);
/** Per row: the single result type, or 0 for none. Fixed signatures have at most one result. */
export const SIG_RESULT = new Uint8Array(OPCODES.length);
/** Per row: the immediate kind. */
export const IMM = new Uint8Array(OPCODES.length);
/** Per row: log2 of natural alignment (memory accesses). */
export const ALIGN_LOG2 = new Uint8Array(OPCODES.length);
/** Per row: lane count of a lane-index immediate. */
export const LANES = new Uint8Array(OPCODES.length);

for (const row of OPCODES) {
  const lookup = row.prefix === 0 ? PRIMARY : row.prefix === 0xfc ? PREFIX_FC : PREFIX_FD;
  if (lookup[row.code] !== -1) throw new Error(`opcode table: duplicate encoding for ${row.name}`);
  lookup[row.code] = row.id;
  IMM[row.id] = row.imm;
  ALIGN_LOG2[row.id] = row.alignLog2;
  LANES[row.id] = row.lanes;
  if (row.sig === S) {
    SIG_PARAM_COUNT[row.id] = -1;
  } else {
    if (row.sig.params.length > MAX_SIG_PARAMS || row.sig.results.length > 1) {
      throw new Error(`opcode table: ${row.name} needs a wider signature encoding`);
    }
    SIG_PARAM_COUNT[row.id] = row.sig.params.length;
    row.sig.params.forEach((t, i) => { SIG_PARAMS[row.id * MAX_SIG_PARAMS + i] = t; });
    SIG_RESULT[row.id] = row.sig.results[0] ?? 0;
  }
}

/** The row for an encoding, or undefined. */
/**
 * Reads one opcode (prefix byte and LEB sub-opcode) at the reader's position and
 * returns its row id; an encoding that names no row is "illegal opcode".
 */
export function readOpcodeId(r: Reader): number {
  const at = r.pos;
  const op = r.u8();
  let id: number;
  if (op === 0xfc || op === 0xfd) {
    const sub = r.u32();
    const table = op === 0xfc ? PREFIX_FC : PREFIX_FD;
    id = sub < table.length ? table[sub]! : -1;
  } else {
    id = PRIMARY[op]!;
  }
  if (id < 0) r.fail('illegal opcode', at);
  return id;
}

export function lookupOpcode(prefix: Prefix, code: number): OpcodeRow | undefined {
  const table = prefix === 0 ? PRIMARY : prefix === 0xfc ? PREFIX_FC : PREFIX_FD;
  const id = code >= 0 && code < table.length ? table[code]! : -1;
  return id < 0 ? undefined : OPCODES[id];
}

const byName = new Map<string, OpcodeRow[]>();
for (const row of OPCODES) {
  const list = byName.get(row.name);
  if (list) list.push(row); else byName.set(row.name, [row]);
}
/** Rows by text-format name (`select` has two rows: untyped and typed). */
export function opcodesNamed(name: string): readonly OpcodeRow[] {
  return byName.get(name) ?? [];
}

const byKey = new Map(OPCODES.map((row) => [row.key, row]));
if (byKey.size !== OPCODES.length) throw new Error('opcode table: keys are not unique');

/** The row with a given key, or undefined. */
export function opcodeByKey(key: string): OpcodeRow | undefined {
  return byKey.get(key);
}

/**
 * The rows a classification (e.g. a compiler tier's handled/unsupported list,
 * keyed by row key) does not mention, and the keys it mentions that are not
 * rows. A tier's test asserts both are empty, so a new row fails that test
 * until the tier decides what to do with it.
 */
export function unclassifiedOpcodes(classified: Iterable<string>): { missing: string[]; unknown: string[] } {
  const seen = new Set(classified);
  return {
    missing: OPCODES.filter((row) => !seen.has(row.key)).map((row) => row.key),
    unknown: [...seen].filter((key) => !byKey.has(key)),
  };
}

/** Byte encoding of an opcode (prefix and LEB128 sub-opcode), without immediates. */
export function encodeOpcode(row: OpcodeRow): number[] {
  if (row.prefix === 0) return [row.code];
  const out: number[] = [row.prefix];
  let v = row.code;
  do {
    const b = v & 0x7f;
    v >>>= 7;
    out.push(v ? b | 0x80 : b);
  } while (v);
  return out;
}
