// The one printer: AT&T syntax as binutils' objdump prints it, driven by the rows.
//
// Matching objdump's default output means the golden tests can compare our
// text with the independent disassembler's directly. Conventions copied from
// objdump's output (facts about its format, checked by the tests):
//   - operands in reverse (source first), registers '%rax', immediates '$0x..'
//     in hex, sign-extended and masked to the operation's width ($0xffffffff
//     for -1 in a 32-bit op); unsigned-8-bit kinds print as 0..0xff;
//   - memory 'disp(base,index,scale)', disp signed hex ('-0x8(%rbp)'), shown
//     when it is encoded (so '0x0(%rbp)' and '0x0(,%rax,8)'), '(%rip)' for RIP;
//   - a size suffix only when no register operand shows the size (Form.memSuffix);
//   - branch targets print as objdump's absolute addresses when the address is
//     known, else as '.+0xN' relative to the instruction's start.
//
// Must not import: anything outside src/compiler/x64.

import type { Form, OperandKind } from './form.js';
import { gprWidth, isGprKind, isXmmKind } from './form.js';
import { Mem, NO_BASE, NO_INDEX, RIP, type Operand } from './operands.js';
import { gprName, xmmName, type Width } from './registers.js';

function hex(v: bigint | number): string {
  return '0x' + v.toString(16);
}

function signedHex(v: number): string {
  return v < 0 ? '-' + hex(-v) : hex(v);
}

export function formatMem(m: Mem): string {
  if (m.base === RIP) return `${signedHex(m.disp)}(%rip)`;
  const showDisp = m.disp !== 0 || m.base === NO_BASE || (m.base & 7) === 5;
  const d = showDisp ? signedHex(m.disp) : '';
  const base = m.base === NO_BASE ? '' : '%' + gprName(m.base, 64);
  if (m.index === NO_INDEX) return `${d}(${base})`;
  return `${d}(${base},%${gprName(m.index, 64)},${m.scale})`;
}

function formatImm(k: OperandKind, v: Operand, opWidth: Width): string {
  if (k === 'uimm8') return '$' + hex((v as number) & 0xff);
  const bits = BigInt(opWidth);
  const value = typeof v === 'bigint' ? v : BigInt(v as number);
  return '$' + hex(BigInt.asUintN(Number(bits), value));
}

/**
 * The instruction as objdump prints it. `length` (the encoded size) is needed
 * only for rel8/rel32 forms, whose targets print relative to the start
 * ('.+0x10'), or, when the instruction's `address` is given, as the absolute
 * target ('0x40'), exactly as objdump does.
 */
export function formatInstruction(f: Form, ops: readonly Operand[], length = 0, address = -1): string {
  let mnemonic = f.att;
  const parts: string[] = [];
  for (let i = 0; i < f.operands.length; i++) {
    const k = f.operands[i]!;
    const v = ops[i]!;
    let text: string;
    if (v instanceof Mem) {
      text = formatMem(v);
      if (f.memSuffix) mnemonic += f.memSuffix;
    } else if (isGprKind(k)) {
      text = '%' + gprName(v as number, gprWidth(k));
    } else if (isXmmKind(k)) {
      text = '%' + xmmName(v as number);
    } else if (k === 'cl') {
      text = '%cl';
    } else if (k === 'rel8' || k === 'rel32') {
      const t = length + (v as number);
      if (address >= 0) text = hex(BigInt.asUintN(64, BigInt(address + t)));
      else text = t < 0 ? '.-' + hex(-t) : '.+' + hex(t);
    } else {
      text = formatImm(k, v, f.opWidth);
    }
    if (f.star && i === f.rmIdx) text = '*' + text;
    parts.push(text);
  }
  parts.reverse();
  return parts.length ? `${mnemonic} ${parts.join(',')}` : mnemonic;
}
