// The Assembler: the emit API the compilers use, over one CodeBuffer.
//
// Two doors, one encoder:
//   - emit(form, a, b, c): any row, operands checked against its kinds (encoder.ts).
//   - hot paths (movRM, addRR, jcc, ...): numbers only, no allocation, no
//     operand checks. Each picks a Form that was looked up in the table at
//     load time and calls the same low-level encoder functions as emit(), so
//     the bytes cannot diverge from the rows; test/compiler/x64/fast-path.test.ts
//     checks every hot path against emit() with the form it claims to use.
//
// Operand conventions: Intel order, destination first (`addRR(64, dst, src)`
// is dst += src); widths in bits (8/16/32/64); memory operands spelled out as
// (base, index, scale, disp) with NO_INDEX for none, NO_BASE or RIP as base
// (see operands.ts). 32-bit writes zero the upper half of a 64-bit register,
// which the width-choosing helpers (movRI) rely on.
//
// Branches: jmp/jcc to a label already bound use rel8 when it reaches, else
// rel32; forward branches use rel32 unless the caller asks for the short form
// (jccShort/jmpShort), whose range finish() checks. Calls to other functions
// go through callSymbol(), a relocation patched at layout time.
//
// Must not import: anything outside src/compiler/x64 (and compiler/errors).

import { CodeBuffer, type FinishedCode } from './code-buffer.js';
import { encode, encImm, encImm64, encO, encRM, encRR, encZO } from './encoder.js';
import type { Form } from './form.js';
import { NO_INDEX, RIP, type Label, type Operand, type Scale } from './operands.js';
import { COND_NAMES, type Cond, type Gpr, type Width, type Xmm } from './registers.js';
import { form } from './table.js';
import { InternalError, invariant } from '../errors.js';

/** ALU operations in their /digit order (the 80/81/83 group). */
export const Alu = { Add: 0, Or: 1, Adc: 2, Sbb: 3, And: 4, Sub: 5, Xor: 6, Cmp: 7 } as const;
export type Alu = (typeof Alu)[keyof typeof Alu];
const ALU_NAMES = ['add', 'or', 'adc', 'sbb', 'and', 'sub', 'xor', 'cmp'];
/** Shift and rotate operations in their /digit order (C0/C1/D2/D3 group). */
export const Shift = { Rol: 0, Ror: 1, Shl: 4, Shr: 5, Sar: 7 } as const;
export type Shift = (typeof Shift)[keyof typeof Shift];
const SHIFT_NAMES = ['rol', 'ror', '', '', 'shl', 'shr', '', 'sar'];
/** One-operand operations of the F6/F7/FE/FF groups. */
export const Unary = { Inc: 0, Dec: 1, Not: 2, Neg: 3, Mul: 4, Imul: 5, Div: 6, Idiv: 7 } as const;
export type Unary = (typeof Unary)[keyof typeof Unary];
const UNARY_NAMES = ['inc', 'dec', 'not', 'neg', 'mul', 'imul', 'div', 'idiv'];
/** Two-operand bit-counting operations (r, rm). */
export const BitCount = { Lzcnt: 0, Tzcnt: 1, Popcnt: 2, Bsr: 3, Bsf: 4 } as const;
export type BitCount = (typeof BitCount)[keyof typeof BitCount];
const BIT_NAMES = ['lzcnt', 'tzcnt', 'popcnt', 'bsr', 'bsf'];

const WIDTHS = [8, 16, 32, 64] as const;
function wi(w: Width): number {
  return w === 64 ? 3 : w === 32 ? 2 : w === 16 ? 1 : 0;
}
/** The form for each width (index wi(w)), or undefined where the table has none. */
function byWidth(pattern: (w: Width) => string): (Form | undefined)[] {
  return WIDTHS.map((w) => { try { return form(pattern(w)); } catch { return undefined; } });
}
/**
 * Guards the one silent-corruption risk of the unchecked paths: an immediate
 * the CPU would sign-extend to a different value (0xffffffff in a 64-bit op
 * means -1). Comparisons only; taken on the imm16/imm32 paths, not imm8.
 */
function checkImm(w: Width, imm: number): void {
  const ok = w === 64 ? imm >= -0x80000000 && imm <= 0x7fffffff
    : w === 32 ? imm >= -0x80000000 && imm <= 0xffffffff
      : w === 16 ? imm >= -0x8000 && imm <= 0xffff
        : imm >= -0x80 && imm <= 0xff;
  if (!ok) throw new InternalError(`immediate ${imm} does not fit a ${w}-bit operation`);
}

/** The form, or an InternalError naming the missing row (the message is built only on failure). */
function need(f: Form | undefined, dstW: Width, srcW: number, name: string): Form {
  if (f === undefined) throw new InternalError(`no encoding for ${name} r${dstW}, rm${srcW}`);
  return f;
}

const MOV_MR = byWidth((w) => `mov rm${w}, r${w}`);
const MOV_RM = byWidth((w) => `mov r${w}, rm${w}`);
const MOV_MI = byWidth((w) => `mov rm${w}, imm${Math.min(w, 32)}`);
const MOV_OI = byWidth((w) => `mov r${w}, imm${w}`);
const MOVABS = form('movabs r64, imm64');
const LEA = byWidth((w) => `lea r${w}, m`);
const ALU_MR = ALU_NAMES.map((n) => byWidth((w) => `${n} rm${w}, r${w}`));
const ALU_RM = ALU_NAMES.map((n) => byWidth((w) => `${n} r${w}, rm${w}`));
const ALU_MI8 = ALU_NAMES.map((n) => byWidth((w) => `${n} rm${w}, imm8`));
const ALU_MI = ALU_NAMES.map((n) => byWidth((w) => `${n} rm${w}, imm${Math.min(w, 32)}`));
const TEST_MR = byWidth((w) => `test rm${w}, r${w}`);
const TEST_MI = byWidth((w) => `test rm${w}, imm${Math.min(w, 32)}`);
const SHIFT_CL = SHIFT_NAMES.map((n) => (n ? byWidth((w) => `${n} rm${w}, cl`) : []));
const SHIFT_I = SHIFT_NAMES.map((n) => (n ? byWidth((w) => `${n} rm${w}, uimm8`) : []));
const UNARY = UNARY_NAMES.map((n) => byWidth((w) => `${n} rm${w}`));
const IMUL_RM = byWidth((w) => `imul r${w}, rm${w}`);
const IMUL_RMI8 = byWidth((w) => `imul r${w}, rm${w}, imm8`);
const IMUL_RMI = byWidth((w) => `imul r${w}, rm${w}, imm${Math.min(w, 32)}`);
const BITS = BIT_NAMES.map((n) => byWidth((w) => `${n} r${w}, rm${w}`));
const MOVZX8 = byWidth((w) => `movzx r${w}, rm8`);
const MOVZX16 = byWidth((w) => `movzx r${w}, rm16`);
const MOVSX8 = byWidth((w) => `movsx r${w}, rm8`);
const MOVSX16 = byWidth((w) => `movsx r${w}, rm16`);
const MOVSXD = form('movsxd r64, rm32');
const XCHG = byWidth((w) => `xchg rm${w}, r${w}`);
const BSWAP = byWidth((w) => `bswap r${w}`);
const SETCC = COND_NAMES.map((c) => form(`set${c} rm8`));
const CMOV = COND_NAMES.map((c) => byWidth((w) => `cmov${c} r${w}, rm${w}`));
const JCC8 = COND_NAMES.map((c) => form(`j${c} rel8`));
const JCC32 = COND_NAMES.map((c) => form(`j${c} rel32`));
const JMP8 = form('jmp rel8');
const JMP32 = form('jmp rel32');
const JMP_M = form('jmp rm64');
const CALL32 = form('call rel32');
const CALL_M = form('call rm64');
const PUSH = form('push r64');
const POP = form('pop r64');
const RET = form('ret');
const LEAVE = form('leave');
const UD2 = form('ud2');
const INT3 = form('int3');
const CDQ = form('cdq');
const CQO = form('cqo');

export class Assembler {
  readonly buf: CodeBuffer;

  constructor(buf: CodeBuffer = new CodeBuffer()) {
    this.buf = buf;
  }

  get offset(): number {
    return this.buf.pos;
  }

  // ---- the checked, table-driven door ----

  /** Any row, operands in Intel order, each checked against its kind. */
  emit(f: Form, a?: Operand, b?: Operand, c?: Operand): void {
    encode(this.buf, f, a, b, c);
  }

  // ---- unchecked primitives by operand shape (the hot paths build on these) ----

  /** Two register operands, Intel order; works for /r rows whichever operand is ModRM.rm. */
  rr(f: Form, a: number, b: number): void {
    if (f.regIdx === 0) encRR(this.buf, f, a, b);
    else encRR(this.buf, f, b, a);
  }
  /** One register operand and a memory operand (position given by the row). */
  rm(f: Form, reg: number, base: number, index: number, scale: Scale, disp: number): void {
    encRM(this.buf, f, reg, base, index, scale, disp);
  }
  /** One register operand: a /digit row (inc, neg, setcc, ...) or a +r row (push, bswap). */
  r(f: Form, reg: number): void {
    if (f.plusR) encO(this.buf, f, reg);
    else encRR(this.buf, f, 0, reg);
  }
  /** One memory operand: a /digit row. */
  m(f: Form, base: number, index: number, scale: Scale, disp: number): void {
    encRM(this.buf, f, 0, base, index, scale, disp);
  }
  /** A register and an immediate: /digit rows (add rm, imm) and +r rows (mov r, imm). */
  ri(f: Form, reg: number, imm: number): void {
    this.r(f, reg);
    encImm(this.buf, f.immBytes, imm);
  }
  /** Two registers and an immediate (imul r, rm, imm; pshufd; roundsd). */
  rri(f: Form, a: number, b: number, imm: number): void {
    this.rr(f, a, b);
    encImm(this.buf, f.immBytes, imm);
  }
  /** A memory operand and an immediate: /digit rows (mov rm, imm; cmp rm, imm). */
  mi(f: Form, base: number, index: number, scale: Scale, disp: number, imm: number): void {
    encRM(this.buf, f, 0, base, index, scale, disp);
    encImm(this.buf, f.immBytes, imm);
  }
  /** A register, a memory operand and an immediate (imul r, m, imm; roundsd x, m, imm). */
  rmi(f: Form, reg: number, base: number, index: number, scale: Scale, disp: number, imm: number): void {
    encRM(this.buf, f, reg, base, index, scale, disp);
    encImm(this.buf, f.immBytes, imm);
  }
  /** No operands (ret, cqo, ud2). */
  zo(f: Form): void {
    encZO(this.buf, f);
  }
  /** A register and [rip + label] (e.g. a constant-pool load or a jump-table lea); rows without immediates. */
  rLabel(f: Form, reg: number, label: Label): void {
    if (!(f.immBytes === 0)) throw new InternalError(`${f.key}: rLabel takes rows without immediates`);
    const at = encRM(this.buf, f, reg, RIP, NO_INDEX, 1, 0);
    this.buf.addFixup(label, at, this.buf.pos, 4);
  }

  // ---- moves ----

  movRR(w: Width, dst: Gpr, src: Gpr): void {
    encRR(this.buf, MOV_MR[wi(w)]!, src, dst);
  }
  /** Load: dst = [base + index*scale + disp]. */
  movRM(w: Width, dst: Gpr, base: number, index: number, scale: Scale, disp: number): void {
    encRM(this.buf, MOV_RM[wi(w)]!, dst, base, index, scale, disp);
  }
  /** Store: [base + index*scale + disp] = src. */
  movMR(w: Width, base: number, index: number, scale: Scale, disp: number, src: Gpr): void {
    encRM(this.buf, MOV_MR[wi(w)]!, src, base, index, scale, disp);
  }
  /** Store an immediate (sign-extended from 32 bits for w = 64). */
  movMI(w: Width, base: number, index: number, scale: Scale, disp: number, imm: number): void {
    checkImm(w, imm);
    this.mi(MOV_MI[wi(w)]!, base, index, scale, disp, imm);
  }
  /**
   * dst = imm, by the shortest form: for w = 64, `mov r32, imm32` when imm is
   * in 0..2^32-1 (the write zero-extends), `mov rm64, imm32` when it is a
   * negative int32, else movabs. Flags are untouched (no xor-zeroing here).
   */
  movRI(w: Width, dst: Gpr, imm: number | bigint): void {
    if (w !== 64) {
      checkImm(w, Number(imm));
      this.ri(MOV_OI[wi(w)]!, dst, Number(imm));
      return;
    }
    if (typeof imm === 'number' && Number.isInteger(imm)) {
      if (imm >= 0 && imm <= 0xffffffff) { this.ri(MOV_OI[2]!, dst, imm); return; }
      if (imm >= -0x80000000 && imm < 0) { this.ri(MOV_MI[3]!, dst, imm); return; }
      imm = BigInt(imm);
    }
    const v = BigInt.asIntN(64, BigInt(imm));
    if (v >= 0n && v <= 0xffffffffn) { this.ri(MOV_OI[2]!, dst, Number(v)); return; }
    if (v >= -0x80000000n && v < 0n) { this.ri(MOV_MI[3]!, dst, Number(v)); return; }
    encO(this.buf, MOVABS, dst);
    encImm64(this.buf, v);
  }
  /** Zero-extending load/move from 8 or 16 bits into a 32- or 64-bit register. */
  movzxRR(dstW: Width, srcW: 8 | 16, dst: Gpr, src: Gpr): void {
    encRR(this.buf, need((srcW === 8 ? MOVZX8 : MOVZX16)[wi(dstW)], dstW, srcW, 'movzx'), dst, src);
  }
  movzxRM(dstW: Width, srcW: 8 | 16, dst: Gpr, base: number, index: number, scale: Scale, disp: number): void {
    encRM(this.buf, need((srcW === 8 ? MOVZX8 : MOVZX16)[wi(dstW)], dstW, srcW, 'movzx'), dst, base, index, scale, disp);
  }
  /** Sign-extending move from 8, 16 or 32 bits (32 → 64 is movsxd). */
  movsxRR(dstW: Width, srcW: 8 | 16 | 32, dst: Gpr, src: Gpr): void {
    encRR(this.buf, this.movsxForm(dstW, srcW), dst, src);
  }
  movsxRM(dstW: Width, srcW: 8 | 16 | 32, dst: Gpr, base: number, index: number, scale: Scale, disp: number): void {
    encRM(this.buf, this.movsxForm(dstW, srcW), dst, base, index, scale, disp);
  }
  private movsxForm(dstW: Width, srcW: 8 | 16 | 32): Form {
    if (srcW === 32) { invariant(dstW === 64, 'movsxd widens to 64 bits'); return MOVSXD; }
    return need((srcW === 8 ? MOVSX8 : MOVSX16)[wi(dstW)], dstW, srcW, 'movsx');
  }
  leaRM(w: 32 | 64, dst: Gpr, base: number, index: number, scale: Scale, disp: number): void {
    encRM(this.buf, LEA[wi(w)]!, dst, base, index, scale, disp);
  }
  /** dst = address of label (rip-relative lea). */
  leaLabel(dst: Gpr, label: Label): void {
    this.rLabel(LEA[3]!, dst, label);
  }
  xchgRR(w: Width, a: Gpr, b: Gpr): void {
    encRR(this.buf, XCHG[wi(w)]!, b, a);
  }
  push(r: Gpr): void {
    encO(this.buf, PUSH, r);
  }
  pop(r: Gpr): void {
    encO(this.buf, POP, r);
  }

  // ---- integer arithmetic ----

  aluRR(op: Alu, w: Width, dst: Gpr, src: Gpr): void {
    encRR(this.buf, ALU_MR[op]![wi(w)]!, src, dst);
  }
  aluRM(op: Alu, w: Width, dst: Gpr, base: number, index: number, scale: Scale, disp: number): void {
    encRM(this.buf, ALU_RM[op]![wi(w)]!, dst, base, index, scale, disp);
  }
  aluMR(op: Alu, w: Width, base: number, index: number, scale: Scale, disp: number, src: Gpr): void {
    encRM(this.buf, ALU_MR[op]![wi(w)]!, src, base, index, scale, disp);
  }
  /** dst op= imm; imm8 form when it fits (sign-extended), else imm16/imm32. */
  aluRI(op: Alu, w: Width, dst: Gpr, imm: number): void {
    this.ri(this.aluImmForm(op, w, imm), dst, imm);
  }
  aluMI(op: Alu, w: Width, base: number, index: number, scale: Scale, disp: number, imm: number): void {
    this.mi(this.aluImmForm(op, w, imm), base, index, scale, disp, imm);
  }
  private aluImmForm(op: Alu, w: Width, imm: number): Form {
    if (w !== 8 && imm >= -128 && imm <= 127) return ALU_MI8[op]![wi(w)]!;
    checkImm(w, imm);
    return ALU_MI[op]![wi(w)]!;
  }
  addRR(w: Width, dst: Gpr, src: Gpr): void { this.aluRR(Alu.Add, w, dst, src); }
  subRR(w: Width, dst: Gpr, src: Gpr): void { this.aluRR(Alu.Sub, w, dst, src); }
  andRR(w: Width, dst: Gpr, src: Gpr): void { this.aluRR(Alu.And, w, dst, src); }
  orRR(w: Width, dst: Gpr, src: Gpr): void { this.aluRR(Alu.Or, w, dst, src); }
  xorRR(w: Width, dst: Gpr, src: Gpr): void { this.aluRR(Alu.Xor, w, dst, src); }
  cmpRR(w: Width, a: Gpr, b: Gpr): void { this.aluRR(Alu.Cmp, w, a, b); }
  addRI(w: Width, dst: Gpr, imm: number): void { this.aluRI(Alu.Add, w, dst, imm); }
  subRI(w: Width, dst: Gpr, imm: number): void { this.aluRI(Alu.Sub, w, dst, imm); }
  andRI(w: Width, dst: Gpr, imm: number): void { this.aluRI(Alu.And, w, dst, imm); }
  cmpRI(w: Width, a: Gpr, imm: number): void { this.aluRI(Alu.Cmp, w, a, imm); }
  testRR(w: Width, a: Gpr, b: Gpr): void {
    encRR(this.buf, TEST_MR[wi(w)]!, b, a);
  }
  testRI(w: Width, a: Gpr, imm: number): void {
    checkImm(w, imm);
    this.ri(TEST_MI[wi(w)]!, a, imm);
  }
  /** inc/dec/not/neg, and the one-operand mul/imul/div/idiv (rdx:rax implicit). */
  unaryR(op: Unary, w: Width, r: Gpr): void {
    encRR(this.buf, UNARY[op]![wi(w)]!, 0, r);
  }
  unaryM(op: Unary, w: Width, base: number, index: number, scale: Scale, disp: number): void {
    encRM(this.buf, UNARY[op]![wi(w)]!, 0, base, index, scale, disp);
  }
  imulRR(w: 16 | 32 | 64, dst: Gpr, src: Gpr): void {
    encRR(this.buf, IMUL_RM[wi(w)]!, dst, src);
  }
  /** dst = src * imm (imm8 form when it fits). */
  imulRRI(w: 16 | 32 | 64, dst: Gpr, src: Gpr, imm: number): void {
    const short = imm >= -128 && imm <= 127;
    if (!short) checkImm(w, imm);
    const f = short ? IMUL_RMI8[wi(w)]! : IMUL_RMI[wi(w)]!;
    encRR(this.buf, f, dst, src);
    encImm(this.buf, f.immBytes, imm);
  }
  /** Sign-extends rax into rdx (cdq for 32 bits, cqo for 64) before idiv. */
  signExtendAxToDx(w: 32 | 64): void {
    encZO(this.buf, w === 64 ? CQO : CDQ);
  }
  shiftRCl(op: Shift, w: Width, dst: Gpr): void {
    encRR(this.buf, SHIFT_CL[op]![wi(w)]!, 0, dst);
  }
  shiftRI(op: Shift, w: Width, dst: Gpr, count: number): void {
    this.ri(SHIFT_I[op]![wi(w)]!, dst, count);
  }
  bitRR(op: BitCount, w: 16 | 32 | 64, dst: Gpr, src: Gpr): void {
    encRR(this.buf, BITS[op]![wi(w)]!, dst, src);
  }
  bswap(w: 32 | 64, r: Gpr): void {
    encO(this.buf, BSWAP[wi(w)]!, r);
  }
  setcc(cond: Cond, dst: Gpr): void {
    encRR(this.buf, SETCC[cond]!, 0, dst);
  }
  cmovRR(cond: Cond, w: 16 | 32 | 64, dst: Gpr, src: Gpr): void {
    encRR(this.buf, CMOV[cond]![wi(w)]!, dst, src);
  }

  // ---- SSE: any xmm row by shape (forms looked up once by the caller) ----

  /** Two-register SSE row in Intel order (addsd x, x; cvtsi2sd x, r; movq r, x; ...). */
  sseRR(f: Form, a: Xmm | Gpr, b: Xmm | Gpr): void {
    this.rr(f, a, b);
  }
  sseRM(f: Form, reg: Xmm | Gpr, base: number, index: number, scale: Scale, disp: number): void {
    encRM(this.buf, f, reg, base, index, scale, disp);
  }

  // ---- control flow ----

  newLabel(): Label {
    return this.buf.newLabel();
  }
  bind(label: Label): void {
    this.buf.bind(label);
  }

  /** jmp to a label: rel8 when bound and in reach, else rel32 (fixed up in finish()). */
  jmp(label: Label): void {
    this.branch(JMP8, JMP32, label, false);
  }
  /** jmp with a rel8 even to an unbound label; finish() fails if it does not reach. */
  jmpShort(label: Label): void {
    this.branch(JMP8, JMP32, label, true);
  }
  jcc(cond: Cond, label: Label): void {
    this.branch(JCC8[cond]!, JCC32[cond]!, label, false);
  }
  jccShort(cond: Cond, label: Label): void {
    this.branch(JCC8[cond]!, JCC32[cond]!, label, true);
  }
  private branch(short: Form, near: Form, label: Label, forceShort: boolean): void {
    const buf = this.buf;
    const target = buf.labelOffset(label);
    if (target >= 0) {
      // Backward: the distance is known. rel8 spans 2 bytes (opcode + rel8).
      const rel8 = target - (buf.pos + 2);
      if (rel8 >= -128) {
        encZO(buf, short);
        encImm(buf, 1, rel8);
        return;
      }
      if (!(!forceShort)) throw new InternalError(`short branch to label ${label} out of range`);
      encZO(buf, near);
      encImm(buf, 4, target - (buf.pos + 4));
      return;
    }
    const f = forceShort ? short : near;
    encZO(buf, f);
    buf.addFixup(label, buf.pos, buf.pos + f.immBytes, f.immBytes as 1 | 4);
    encImm(buf, f.immBytes, 0);
  }
  jmpR(r: Gpr): void {
    encRR(this.buf, JMP_M, 0, r);
  }
  jmpM(base: number, index: number, scale: Scale, disp: number): void {
    encRM(this.buf, JMP_M, 0, base, index, scale, disp);
  }
  /** call to a symbol (another function): rel32 recorded as a relocation. */
  callSymbol(symbol: number): void {
    encZO(this.buf, CALL32);
    this.buf.addRelocation(this.buf.pos, symbol);
    encImm(this.buf, 4, 0);
  }
  /** call to a label in the same buffer (rel32, fixed up when labels resolve). */
  callLabel(label: Label): void {
    encZO(this.buf, CALL32);
    this.buf.addFixup(label, this.buf.pos, this.buf.pos + 4, 4);
    encImm(this.buf, 4, 0);
  }
  callR(r: Gpr): void {
    encRR(this.buf, CALL_M, 0, r);
  }
  callM(base: number, index: number, scale: Scale, disp: number): void {
    encRM(this.buf, CALL_M, 0, base, index, scale, disp);
  }
  ret(): void { encZO(this.buf, RET); }
  /** mov rsp, rbp; pop rbp — the frame-pointer epilogue. */
  leave(): void { encZO(this.buf, LEAVE); }
  ud2(): void { encZO(this.buf, UD2); }
  int3(): void { encZO(this.buf, INT3); }
  /** Pads with multi-byte NOPs to a multiple of `alignment` (loop headers, function starts). */
  align(alignment: number): void {
    this.buf.align(alignment);
  }

  /** Resolves labels and returns the code and its relocations. */
  finish(): FinishedCode {
    return this.buf.finish();
  }
  /** finish() without copying the code; the buffer is empty afterwards (CodeBuffer.finishDetached). */
  finishDetached(): FinishedCode {
    return this.buf.finishDetached();
  }
}
