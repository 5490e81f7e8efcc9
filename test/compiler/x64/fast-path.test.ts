// The hot-path emit methods must produce exactly the bytes of the table-driven
// encoder for the row they claim to use. Two layers:
//   1. every row, every golden operand case: the unchecked shape primitives
//      (rr, rm, r, m, ri, rri, mi, rmi, zo) equal encode();
//   2. every typed helper (movRI, aluRI, addRR, ...), at each width and each
//      size choice it makes, equals emit(form(<key it should pick>), ...).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Alu, Assembler, BitCount, Shift, Unary } from '../../../src/compiler/x64/assembler.js';
import { ALL_FORMS, form } from '../../../src/compiler/x64/table.js';
import { acceptsMem } from '../../../src/compiler/x64/form.js';
import { Mem, memIndex, NO_INDEX, RIP, type Operand, type Scale } from '../../../src/compiler/x64/operands.js';
import { Cond, RAX, RBP, RCX, RSP, R12, R13, R15, type Gpr, type Width } from '../../../src/compiler/x64/registers.js';
import { casesFor } from './cases.js';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');

function bytesOf(f: (a: Assembler) => void): string {
  const a = new Assembler();
  f(a);
  return hex(a.buf.bytes.slice(0, a.buf.pos));
}

/** Emits through the shape primitive matching the operands; returns false if no primitive fits. */
function viaPrimitive(a: Assembler, key: string, ops: readonly Operand[]): boolean {
  const f = form(key);
  const regPos = f.roles.map((r, i) => (r === 'reg' || r === 'rm' || r === 'opreg' ? i : -1)).filter((i) => i >= 0);
  const imm = f.immIdx >= 0 ? ops[f.immIdx] : undefined;
  if (typeof imm === 'bigint' || f.isRel) return false; // imm64 and rel have their own helpers
  const mem = regPos.map((i) => ops[i]).find((o): o is Mem => o instanceof Mem);
  if (mem && mem.label >= 0) return false;
  const regs = regPos.map((i) => ops[i]).filter((o): o is number => typeof o === 'number');
  const m = (fn: (base: number, index: number, scale: Scale, disp: number) => void) => fn(mem!.base, mem!.index, mem!.scale, mem!.disp);
  if (regPos.length === 0) { if (imm !== undefined) return false; a.zo(f); return true; }
  if (mem) {
    if (regs.length === 1) {
      if (imm === undefined) m((b, i, s, d) => a.rm(f, regs[0]!, b, i, s, d));
      else m((b, i, s, d) => a.rmi(f, regs[0]!, b, i, s, d, imm as number));
    } else if (imm === undefined) m((b, i, s, d) => a.m(f, b, i, s, d));
    else m((b, i, s, d) => a.mi(f, b, i, s, d, imm as number));
    return true;
  }
  if (regs.length === 2) {
    if (imm === undefined) a.rr(f, regs[0]!, regs[1]!);
    else a.rri(f, regs[0]!, regs[1]!, imm as number);
    return true;
  }
  if (imm === undefined) a.r(f, regs[0]!);
  else a.ri(f, regs[0]!, imm as number);
  return true;
}

test('shape primitives equal the checked encoder on every row and golden case', () => {
  let compared = 0;
  for (const f of ALL_FORMS) {
    for (const ops of casesFor(f)) {
      const fast = new Assembler();
      if (!viaPrimitive(fast, f.key, ops)) continue;
      const slow = bytesOf((a) => a.emit(f, ops[0], ops[1], ops[2]));
      assert.equal(hex(fast.buf.bytes.slice(0, fast.buf.pos)), slow, `${f.key} ${JSON.stringify(ops, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}`);
      compared++;
    }
  }
  assert.ok(compared > 5000, `only ${compared} cases compared`);
});

const REGS: readonly Gpr[] = [RAX, RSP, RBP, R12, R13, R15];
const M = { base: R13, index: R12, scale: 8 as Scale, disp: -0x80 };
const MEM = memIndex(R13, R12, 8, -0x80);
const WIDTHS: readonly Width[] = [8, 16, 32, 64];

/** Asserts that `fast` encodes as emit(form(key), ...ops). */
function same(key: string, ops: Operand[], fast: (a: Assembler) => void): void {
  assert.equal(bytesOf(fast), bytesOf((a) => a.emit(form(key), ops[0], ops[1], ops[2])), `${key} ${ops.map(String).join(', ')}`);
}

test('typed GPR helpers pick the documented rows', () => {
  for (const w of WIDTHS) {
    for (const d of REGS) for (const s of REGS) {
      same(`mov rm${w}, r${w}`, [d, s], (a) => a.movRR(w, d, s));
      same(`add rm${w}, r${w}`, [d, s], (a) => a.addRR(w, d, s));
      same(`cmp rm${w}, r${w}`, [d, s], (a) => a.cmpRR(w, d, s));
      same(`test rm${w}, r${w}`, [d, s], (a) => a.testRR(w, d, s));
      same(`xchg rm${w}, r${w}`, [d, s], (a) => a.xchgRR(w, d, s));
    }
    for (const r of REGS) {
      same(`mov r${w}, rm${w}`, [r, MEM], (a) => a.movRM(w, r, M.base, M.index, M.scale, M.disp));
      same(`mov rm${w}, r${w}`, [MEM, r], (a) => a.movMR(w, M.base, M.index, M.scale, M.disp, r));
      same(`sub r${w}, rm${w}`, [r, MEM], (a) => a.aluRM(Alu.Sub, w, r, M.base, M.index, M.scale, M.disp));
      same(`xor rm${w}, r${w}`, [MEM, r], (a) => a.aluMR(Alu.Xor, w, M.base, M.index, M.scale, M.disp, r));
      same(`neg rm${w}`, [r], (a) => a.unaryR(Unary.Neg, w, r));
      same(`idiv rm${w}`, [MEM], (a) => a.unaryM(Unary.Idiv, w, M.base, M.index, M.scale, M.disp));
      same(`sar rm${w}, cl`, [r, RCX], (a) => a.shiftRCl(Shift.Sar, w, r));
      same(`rol rm${w}, uimm8`, [r, 31], (a) => a.shiftRI(Shift.Rol, w, r, 31));
      const wide = w === 8 ? 0x7f : w === 16 ? 0x1234 : 0x12345;
      same(`and rm${w}, imm${Math.min(w, 32)}`, [r, wide], (a) => a.andRI(w, r, wide));
      if (w !== 8) same(`and rm${w}, imm8`, [r, -128], (a) => a.andRI(w, r, -128));
      if (w !== 8) same(`cmp rm${w}, imm8`, [MEM, 127], (a) => a.aluMI(Alu.Cmp, w, M.base, M.index, M.scale, M.disp, 127));
      same(`test rm${w}, imm${Math.min(w, 32)}`, [r, 0x7f], (a) => a.testRI(w, r, 0x7f));
      same(`mov rm${w}, imm${Math.min(w, 32)}`, [MEM, -1], (a) => a.movMI(w, M.base, M.index, M.scale, M.disp, -1));
      if (w !== 64) same(`mov r${w}, imm${w}`, [r, 0x7f], (a) => a.movRI(w, r, 0x7f));
    }
  }
  for (const w of [16, 32, 64] as const) {
    for (const d of REGS) for (const s of REGS) {
      same(`imul r${w}, rm${w}`, [d, s], (a) => a.imulRR(w, d, s));
      same(`imul r${w}, rm${w}, imm8`, [d, s, -3], (a) => a.imulRRI(w, d, s, -3));
      same(`imul r${w}, rm${w}, imm${Math.min(w, 32)}`, [d, s, 300], (a) => a.imulRRI(w, d, s, 300));
      same(`lzcnt r${w}, rm${w}`, [d, s], (a) => a.bitRR(BitCount.Lzcnt, w, d, s));
      same(`popcnt r${w}, rm${w}`, [d, s], (a) => a.bitRR(BitCount.Popcnt, w, d, s));
      same(`bsf r${w}, rm${w}`, [d, s], (a) => a.bitRR(BitCount.Bsf, w, d, s));
      same(`cmovle r${w}, rm${w}`, [d, s], (a) => a.cmovRR(Cond.LE, w, d, s));
    }
  }
  for (const d of REGS) for (const s of REGS) {
    same('movzx r32, rm8', [d, s], (a) => a.movzxRR(32, 8, d, s));
    same('movzx r64, rm16', [d, s], (a) => a.movzxRR(64, 16, d, s));
    same('movsx r64, rm8', [d, s], (a) => a.movsxRR(64, 8, d, s));
    same('movsx r32, rm16', [d, s], (a) => a.movsxRR(32, 16, d, s));
    same('movsxd r64, rm32', [d, s], (a) => a.movsxRR(64, 32, d, s));
    same('setb rm8', [d], (a) => a.setcc(Cond.B, d));
  }
  for (const r of REGS) {
    same('movzx r32, rm16', [r, MEM], (a) => a.movzxRM(32, 16, r, M.base, M.index, M.scale, M.disp));
    same('movsx r64, rm16', [r, MEM], (a) => a.movsxRM(64, 16, r, M.base, M.index, M.scale, M.disp));
    same('lea r64, m', [r, MEM], (a) => a.leaRM(64, r, M.base, M.index, M.scale, M.disp));
    same('lea r32, m', [r, MEM], (a) => a.leaRM(32, r, M.base, M.index, M.scale, M.disp));
    same('push r64', [r], (a) => a.push(r));
    same('pop r64', [r], (a) => a.pop(r));
    same('bswap r32', [r], (a) => a.bswap(32, r));
    same('bswap r64', [r], (a) => a.bswap(64, r));
    same('jmp rm64', [r], (a) => a.jmpR(r));
    same('call rm64', [r], (a) => a.callR(r));
    same('call rm64', [MEM], (a) => a.callM(M.base, M.index, M.scale, M.disp));
    same('jmp rm64', [new Mem(RIP, NO_INDEX, 1, 64)], (a) => a.jmpM(RIP, NO_INDEX, 1, 64));
  }
  same('cdq', [], (a) => a.signExtendAxToDx(32));
  same('cqo', [], (a) => a.signExtendAxToDx(64));
  same('ret', [], (a) => a.ret());
  same('leave', [], (a) => a.leave());
  same('ud2', [], (a) => a.ud2());
  same('int3', [], (a) => a.int3());
});

test('movRI picks the shortest row that yields the value', () => {
  same('mov r32, imm32', [R12, 0], (a) => a.movRI(64, R12, 0));
  same('mov r32, imm32', [RAX, 0xffffffff], (a) => a.movRI(64, RAX, 0xffffffff));
  same('mov r32, imm32', [RAX, 0xffffffff], (a) => a.movRI(64, RAX, 0xffffffffn));
  same('mov rm64, imm32', [R15, -1], (a) => a.movRI(64, R15, -1));
  same('mov rm64, imm32', [R15, -0x80000000], (a) => a.movRI(64, R15, -0x80000000n));
  same('movabs r64, imm64', [R13, 0x100000000n], (a) => a.movRI(64, R13, 0x100000000));
  same('movabs r64, imm64', [RBP, -0x80000001n], (a) => a.movRI(64, RBP, -0x80000001));
  same('movabs r64, imm64', [RSP, 0x8000000000000000n], (a) => a.movRI(64, RSP, 0x8000000000000000n));
  same('movabs r64, imm64', [RAX, -1n << 63n], (a) => a.movRI(64, RAX, 0x8000000000000000n));
  same('mov r32, imm32', [RAX, 0xffffffff], (a) => a.movRI(32, RAX, -1));
});

test('SSE rows through sseRR/sseRM equal the checked encoder', () => {
  const xs = [0, 7, 8, 15];
  for (const key of ['addsd xmm, xmm/m64', 'movss xmm/m32, xmm', 'cvtsi2sd xmm, rm64', 'cvttss2si r64, xmm/m32',
    'movq xmm, rm64', 'movq rm64, xmm', 'movd rm32, xmm', 'ucomisd xmm, xmm/m64', 'movmskps r32, xmm']) {
    for (const a of xs) for (const b of [RAX, RSP, R12, R15]) {
      same(key, [a, b], (asm) => asm.sseRR(form(key), a as never, b as never));
    }
    const f = form(key);
    if (f.rmIdx >= 0 && acceptsMem(f.operands[f.rmIdx]!)) {
      const ops: Operand[] = f.rmIdx === 0 ? [MEM, 9] : [9, MEM];
      same(key, ops, (asm) => asm.sseRM(f, 9 as never, M.base, M.index, M.scale, M.disp));
    }
  }
});

test('hot paths refuse immediates the CPU would sign-extend to another value', () => {
  const a = new Assembler();
  assert.throws(() => a.addRI(64, RAX, 0xffffffff), /does not fit/);
  assert.throws(() => a.cmpRI(32, RAX, 0x100000000), /does not fit/);
  assert.throws(() => a.movMI(64, RAX, -1, 1, 0, 0x80000000), /does not fit/);
  assert.throws(() => a.testRI(8, RAX, 0x100), /does not fit/);
  assert.throws(() => a.imulRRI(64, RAX, RCX, 0x80000000), /does not fit/);
  assert.throws(() => a.movRI(16, RAX, 0x10000), /does not fit/);
  assert.equal(a.buf.pos, 0);
});
