// The one encoder: turns a Form (a row of forms.ts) plus operands into bytes.
//
// Layout of every instruction it produces:
//   [prefix1] [prefix2] [REX] opcode(1-3) [ModRM [SIB] [disp8|disp32]] [imm|rel]
// REX = 0100WRXB, emitted when W, R, X or B is set, or when a byte operand
// names register 4..7 (spl/bpl/sil/dil; without REX those encode ah..bh).
// ModRM.rm/SIB special cases, all decided here and nowhere else:
//   - base rsp/r12 (low bits 100) always needs a SIB byte;
//   - base rbp/r13 (low bits 101) with mod=00 means RIP/disp32, so disp 0 is
//     encoded as disp8 0;
//   - no base: SIB base=101 with mod=00 and a disp32;  RIP: mod=00 rm=101 disp32;
//   - displacements use the shortest of none / disp8 / disp32.
//
// The low-level functions (encRR, encRM, encO, encZO, encImm) are what the
// Assembler's hot paths call directly with forms looked up at load time; the
// generic encode() checks operands against the form's kinds and then calls the
// same functions. So there is one encoding of each form, whichever door is used.
//
// Invariants: every write is preceded by ensure(MAX_INSN) (15 bytes, the
// architectural maximum). encRM returns the offset of its disp field (for
// RIP-relative fixups) or -1.
// Must not import: anything outside src/compiler/x64.

import { InternalError, invariant } from '../errors.js';
import type { CodeBuffer } from './code-buffer.js';
import { ACCEPT_CL, ACCEPT_IMM, ACCEPT_IMM64, ACCEPT_MEM, ACCEPT_REG, type Form } from './form.js';
import { Mem, NO_BASE, RIP, type Operand } from './operands.js';

export const MAX_INSN = 15;

/** Writes prefixes, REX and opcode bytes; returns the new position. */
function head(b: Uint8Array, p: number, f: Form, rex: number, forceRex: boolean): number {
  if (f.plain) {
    if (rex !== 0 || forceRex) b[p++] = 0x40 | rex;
    b[p] = f.op0;
    return p + 1;
  }
  if (f.prefix1 !== 0) {
    b[p++] = f.prefix1;
    if (f.prefix2 !== 0) b[p++] = f.prefix2;
  }
  if (rex !== 0 || forceRex) b[p++] = 0x40 | rex;
  b[p++] = f.op0;
  if (f.opLen > 1) {
    b[p++] = f.op1;
    if (f.opLen > 2) b[p++] = f.op2;
  }
  return p;
}

/** Register-direct ModRM form (mod=11). `reg` is ignored for /digit forms. */
export function encRR(buf: CodeBuffer, f: Form, reg: number, rm: number): void {
  buf.ensure(MAX_INSN);
  const r = f.digit >= 0 ? f.digit : reg;
  const rex = f.rexW | ((r & 8) >> 1) | ((rm & 8) >> 3);
  const forceRex = (f.byteReg && r >= 4) || (f.byteRm && rm >= 4);
  const b = buf.bytes;
  let p = head(b, buf.pos, f, rex, forceRex);
  b[p++] = 0xc0 | ((r & 7) << 3) | (rm & 7);
  buf.pos = p;
}

/**
 * Memory ModRM form. `reg` is ignored for /digit forms. Returns the offset of
 * the displacement field when base is RIP (so a fixup can fill it), else -1.
 */
export function encRM(
  buf: CodeBuffer, f: Form, reg: number, base: number, index: number, scale: number, disp: number,
): number {
  if (base < 0 || base > 15) return encRMNoBase(buf, f, reg, base, index, scale, disp);
  buf.ensure(MAX_INSN);
  const r = f.digit >= 0 ? f.digit : reg;
  const rex = f.rexW | ((r & 8) >> 1) | (index < 0 ? 0 : (index & 8) >> 2) | ((base & 8) >> 3);
  const b = buf.bytes;
  let p = head(b, buf.pos, f, rex, f.byteReg && r >= 4);
  const regBits = (r & 7) << 3;
  const low = base & 7;
  const mod = disp === 0 && low !== 5 ? 0x00 : disp >= -128 && disp <= 127 ? 0x40 : 0x80;
  if (index >= 0 || low === 4) {
    b[p++] = mod | regBits | 4;
    b[p++] = (scaleBits(scale) << 6) | ((index < 0 ? 4 : index & 7) << 3) | low;
  } else {
    b[p++] = mod | regBits | low;
  }
  if (mod === 0x40) {
    b[p++] = disp & 0xff; // what the byte store keeps; an int32 store, not a tagged number converted through a double
  } else if (mod === 0x80) {
    buf.view.setInt32(p, disp, true);
    p += 4;
  }
  buf.pos = p;
  return -1;
}

/** 1, 2, 4, 8 -> 0, 1, 2, 3 without a table. */
function scaleBits(scale: number): number {
  return (scale >> 1) - (scale >> 3);
}

/** The rare bases, out of line so the common path stays small enough to inline: RIP and none. */
function encRMNoBase(
  buf: CodeBuffer, f: Form, reg: number, base: number, index: number, scale: number, disp: number,
): number {
  buf.ensure(MAX_INSN);
  const r = f.digit >= 0 ? f.digit : reg;
  const rex = f.rexW | ((r & 8) >> 1) | (index < 0 ? 0 : (index & 8) >> 2);
  const b = buf.bytes;
  let p = head(b, buf.pos, f, rex, f.byteReg && r >= 4);
  const regBits = (r & 7) << 3;
  let at = -1;
  if (base === RIP) {
    b[p++] = 0x05 | regBits;
    at = p;
  } else {
    if (base !== NO_BASE || index < 0) throw new InternalError(`bad memory operand base ${base} index ${index}`);
    b[p++] = 0x04 | regBits;
    b[p++] = (scaleBits(scale) << 6) | ((index & 7) << 3) | 5;
  }
  buf.view.setInt32(p, disp, true);
  buf.pos = p + 4;
  return at;
}

/** Register-in-opcode form (+r). */
export function encO(buf: CodeBuffer, f: Form, reg: number): void {
  buf.ensure(MAX_INSN);
  const b = buf.bytes;
  let p = buf.pos;
  if (f.prefix1 !== 0) {
    b[p++] = f.prefix1;
    if (f.prefix2 !== 0) b[p++] = f.prefix2;
  }
  const rex = f.rexW | ((reg & 8) >> 3);
  if (rex !== 0 || (f.byteReg && reg >= 4)) b[p++] = 0x40 | rex;
  if (f.opLen === 1) {
    b[p++] = f.op0 | (reg & 7);
  } else {
    b[p++] = f.op0;
    if (f.opLen === 2) b[p++] = f.op1 | (reg & 7);
    else { b[p++] = f.op1; b[p++] = f.op2 | (reg & 7); }
  }
  buf.pos = p;
}

/** Forms with no ModRM and no register operand (ret, cqo, jmp rel32 before its rel). */
export function encZO(buf: CodeBuffer, f: Form): void {
  buf.ensure(MAX_INSN);
  buf.pos = head(buf.bytes, buf.pos, f, f.rexW, false);
}

/** A little-endian immediate of 1, 2 or 4 bytes (two's complement of `v`). */
export function encImm(buf: CodeBuffer, bytes: number, v: number): void {
  const p = buf.pos;
  if (bytes === 4) { buf.view.setInt32(p, v, true); buf.pos = p + 4; return; }
  const b = buf.bytes;
  b[p] = v & 0xff; // as in encRM
  if (bytes === 1) { buf.pos = p + 1; return; }
  b[p + 1] = v >> 8;
  buf.pos = p + 2;
}

export function encImm64(buf: CodeBuffer, v: bigint): void {
  buf.ensure(8);
  const u = BigInt.asUintN(64, v);
  encImm(buf, 4, Number(u & 0xffffffffn) | 0);
  encImm(buf, 4, Number(u >> 32n) | 0);
}

// ---- the generic, checked entry point ----

function fail(f: Form, why: string): never {
  throw new InternalError(`${f.key}: ${why}`);
}

const IMM64_MIN = -(1n << 63n);
const IMM64_END = 1n << 64n;

function badOperand(f: Form, i: number, v: Operand | undefined): never {
  const k = f.operands[i]!;
  if (v === undefined) fail(f, `operand ${i} (${k}) missing`);
  const shown = v instanceof Mem ? 'a memory operand' : String(v);
  if (f.accepts[i]! & ACCEPT_IMM) fail(f, `operand ${i} (${k}) out of range [${f.immMin}, ${f.immMax}]: ${shown}`);
  if (k === 'cl') fail(f, `the shift count operand must be rcx, not ${shown}`);
  fail(f, `operand ${i} (${k}) cannot be ${shown}`);
}

/** Numeric checks against the masks and ranges Form precomputed from the kinds. */
function checkOperand(f: Form, i: number, v: Operand | undefined): void {
  const acc = f.accepts[i]!;
  if (typeof v === 'number') {
    if (acc & ACCEPT_REG) { if (v >= 0 && v <= 15 && (v | 0) === v) return; }
    else if (acc & ACCEPT_IMM) { if (v >= f.immMin && v <= f.immMax && Number.isInteger(v)) return; }
    else if (acc & ACCEPT_CL) { if (v === 1) return; }
    else if (acc & ACCEPT_IMM64) { if (Number.isSafeInteger(v)) return; }
  } else if (v instanceof Mem) {
    if (acc & ACCEPT_MEM) return; // a Mem checked itself when constructed
  } else if (typeof v === 'bigint') {
    if ((acc & ACCEPT_IMM64) && v >= IMM64_MIN && v < IMM64_END) return;
  }
  badOperand(f, i, v);
}

function nth(i: number, a: Operand | undefined, b: Operand | undefined, c: Operand | undefined): Operand {
  return (i === 0 ? a : i === 1 ? b : c)!;
}

/**
 * Encodes `f` with operands in Intel order (destination first), checking each
 * against its kind. Registers are numbers, memory is a Mem, immediates are
 * numbers (imm64: bigint or number), rel8/rel32 are displacements from the
 * end of the instruction. A RIP-relative Mem with a label records a fixup.
 */
export function encode(buf: CodeBuffer, f: Form, a?: Operand, b?: Operand, c?: Operand): void {
  const n = f.operands.length;
  if (n > 0) checkOperand(f, 0, a);
  if (n > 1) checkOperand(f, 1, b);
  if (n > 2) checkOperand(f, 2, c);
  if ((n < 1 && a !== undefined) || (n < 2 && b !== undefined) || (n < 3 && c !== undefined)) fail(f, `takes ${n} operands`);

  const reg = f.regIdx >= 0 ? (nth(f.regIdx, a, b, c) as number) : 0;
  let dispAt = -1;
  let label = -1;
  if (f.plusR) {
    encO(buf, f, reg);
  } else if (f.digit === -2) {
    encZO(buf, f);
  } else {
    const rm = nth(f.rmIdx, a, b, c);
    if (rm instanceof Mem) {
      dispAt = encRM(buf, f, reg, rm.base, rm.index, rm.scale, rm.disp);
      label = rm.label;
    } else {
      encRR(buf, f, reg, rm as number);
    }
  }
  if (f.immIdx >= 0) {
    const v = nth(f.immIdx, a, b, c);
    if (f.immBytes === 8) encImm64(buf, typeof v === 'bigint' ? v : BigInt(v as number));
    else encImm(buf, f.immBytes, v as number);
  }
  if (label >= 0) {
    invariant(dispAt >= 0, 'label operand without a displacement field');
    buf.addFixup(label, dispAt, buf.pos, 4);
  }
}
