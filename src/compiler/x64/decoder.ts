// The decoder: the encoding table read backwards, for listings of our own code.
//
// It recognises exactly the rows of forms.ts (plus the NOP padding of
// code-buffer.ts), in the canonical shapes our encoder produces, and hands
// the row and operands to the one printer. It exists so compiled functions
// can be listed (golden codegen tests, `corral inspect`, debugging) without
// binutils, and so the table is checked in both directions: the tests decode
// every golden case and must get back the same row and the same bytes.
// Anything else decodes as '(bad)', one byte at a time, as objdump does;
// it is not a general x86 disassembler.
//
// Must not import: anything outside src/compiler/x64.

import { NOPS } from './code-buffer.js';
import { acceptsMem, acceptsReg, type Form } from './form.js';
import { Mem, NO_BASE, NO_INDEX, RIP, type Operand, type Scale } from './operands.js';
import { formatInstruction } from './printer.js';
import { ALL_FORMS } from './table.js';

export interface Decoded {
  readonly form: Form;
  /** Operands in Intel order, as encode() takes them. */
  readonly operands: Operand[];
  readonly length: number;
}

const PREFIX_BIT: Record<number, number> = { 0x66: 1, 0xf2: 2, 0xf3: 4 };

function indexKey(prefixMask: number, w: number, opcode: number[]): string {
  return `${prefixMask}:${w}:${opcode.join(',')}`;
}

/** Rows by (prefix set, REX.W, opcode bytes); +r rows under each of their 8 opcodes. */
const INDEX = new Map<string, Form[]>();
for (const f of ALL_FORMS) {
  const mask = (PREFIX_BIT[f.prefix1] ?? 0) | (PREFIX_BIT[f.prefix2] ?? 0);
  const ops = [f.op0, f.op1, f.op2].slice(0, f.opLen);
  const variants = f.plusR ? [0, 1, 2, 3, 4, 5, 6, 7] : [0];
  for (const v of variants) {
    const bytes = ops.slice();
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! | v;
    const key = indexKey(mask, f.rexW ? 1 : 0, bytes);
    const list = INDEX.get(key) ?? [];
    list.push(f);
    INDEX.set(key, list);
  }
}

/** Decodes one instruction at `pos`, or returns null if it is not one of our rows. */
export function decodeOne(code: Uint8Array, pos: number, end = code.length): Decoded | null {
  try {
    return decodeUnchecked(code, pos, end);
  } catch (e) {
    if (e instanceof RangeError) return null;
    throw e;
  }
}

function decodeUnchecked(code: Uint8Array, pos: number, end: number): Decoded | null {
  let p = pos;
  const byte = (): number => {
    if (p >= end) throw new RangeError('truncated');
    return code[p++]!;
  };
  let mask = 0;
  let prefixCount = 0;
  while (p < end && PREFIX_BIT[code[p]!] !== undefined && prefixCount < 2) {
    mask |= PREFIX_BIT[byte()]!;
    prefixCount++;
  }
  let rex = 0;
  if (p < end && (code[p]! & 0xf0) === 0x40) rex = byte();
  const opcode = [byte()];
  if (opcode[0] === 0x0f) {
    opcode.push(byte());
    if (opcode[1] === 0x38 || opcode[1] === 0x3a) opcode.push(byte());
  }
  const candidates = INDEX.get(indexKey(mask, (rex >> 3) & 1, opcode));
  if (!candidates) return null;
  const afterOpcode = p;
  for (const f of candidates) {
    p = afterOpcode;
    const ops = decodeOperands(f, code, rex, opcode[opcode.length - 1]!, byte, () => p);
    if (ops) return { form: f, operands: ops, length: p - pos };
  }
  return null;
}

function decodeOperands(
  f: Form, code: Uint8Array, rex: number, lastOpcode: number, byte: () => number, at: () => number,
): Operand[] | null {
  const R = (rex >> 2) & 1, X = (rex >> 1) & 1, B = rex & 1;
  let regField = 0;
  let rmOperand: Operand = 0;
  if (f.digit !== -2) {
    if (at() >= code.length) return null;
    const modrm = byte();
    const mod = modrm >> 6;
    regField = ((modrm >> 3) & 7) | (R << 3);
    const rm = modrm & 7;
    if (f.digit >= 0 && ((modrm >> 3) & 7) !== f.digit) return null;
    const rmKind = f.operands[f.rmIdx]!;
    if (mod === 3) {
      if (!acceptsReg(rmKind)) return null;
      rmOperand = rm | (B << 3);
      if (f.byteRm && rex === 0 && (rmOperand as number) >= 4) return null; // would be ah..bh
    } else {
      if (!acceptsMem(rmKind)) return null;
      rmOperand = decodeMem(mod, rm, X, B, byte);
    }
    if (f.byteReg && rex === 0 && regField >= 4) return null;
  }
  const ops: Operand[] = [];
  for (let i = 0; i < f.operands.length; i++) {
    const k = f.operands[i]!;
    switch (f.roles[i]) {
      case 'reg': ops.push(regField); break;
      case 'rm': ops.push(rmOperand); break;
      case 'opreg': {
        const r = (lastOpcode & 7) | (B << 3);
        if (f.byteReg && rex === 0 && r >= 4) return null;
        ops.push(r);
        break;
      }
      case 'implicit': ops.push(1); break;
      default: ops.push(readImm(k, byte));
    }
  }
  return ops;
}

function decodeMem(mod: number, rm: number, X: number, B: number, byte: () => number): Mem {
  let base: number;
  let index = NO_INDEX;
  let scale: Scale = 1;
  let disp = 0;
  if (rm === 4) {
    const sib = byte();
    scale = (1 << (sib >> 6)) as Scale;
    const idx = ((sib >> 3) & 7) | (X << 3);
    if (idx !== 4) index = idx;
    const b = sib & 7;
    if (b === 5 && mod === 0) {
      base = NO_BASE;
      disp = readSigned(4, byte);
    } else {
      base = b | (B << 3);
    }
  } else if (rm === 5 && mod === 0) {
    base = RIP;
    disp = readSigned(4, byte);
  } else {
    base = rm | (B << 3);
  }
  if (mod === 1) disp = readSigned(1, byte);
  else if (mod === 2) disp = readSigned(4, byte);
  if (base === NO_BASE && index === NO_INDEX) throw new RangeError('absolute address');
  return new Mem(base, index, scale, disp);
}

function readSigned(bytes: number, byte: () => number): number {
  let v = 0;
  for (let i = 0; i < bytes; i++) v |= byte() << (8 * i);
  return bytes === 4 ? v | 0 : bytes === 2 ? (v << 16) >> 16 : (v << 24) >> 24;
}

function readImm(kind: string, byte: () => number): Operand {
  switch (kind) {
    case 'uimm8': return byte();
    case 'imm8': case 'rel8': return readSigned(1, byte);
    case 'imm16': return readSigned(2, byte);
    case 'imm64': {
      const lo = BigInt(readSigned(4, byte) >>> 0);
      const hi = BigInt(readSigned(4, byte) >>> 0);
      return BigInt.asIntN(64, (hi << 32n) | lo);
    }
    default: return readSigned(4, byte);
  }
}

/** objdump's spelling of each NOP padding sequence (NOPS[n]), checked by the tests. */
const NOP_TEXT = [
  '', 'nop', 'xchg %ax,%ax', 'nopl (%rax)', 'nopl 0x0(%rax)', 'nopl 0x0(%rax,%rax,1)',
  'nopw 0x0(%rax,%rax,1)', 'nopl 0x0(%rax)', 'nopl 0x0(%rax,%rax,1)', 'nopw 0x0(%rax,%rax,1)',
];

export interface ListingLine {
  readonly offset: number;
  readonly length: number;
  /** AT&T text; branch targets as absolute offsets in `code`, as objdump prints them. */
  readonly text: string;
}

/** Lists code the assembler produced; unknown bytes become '(bad)' one byte at a time. */
export function disassemble(code: Uint8Array, start = 0, end = code.length): ListingLine[] {
  const out: ListingLine[] = [];
  let p = start;
  while (p < end) {
    const nop = matchNop(code, p, end);
    if (nop > 1) {
      out.push({ offset: p, length: nop, text: NOP_TEXT[nop]! });
      p += nop;
      continue;
    }
    const d = decodeOne(code, p, end);
    if (!d) {
      out.push({ offset: p, length: 1, text: '(bad)' });
      p++;
      continue;
    }
    out.push({ offset: p, length: d.length, text: formatInstruction(d.form, d.operands, d.length, p) });
    p += d.length;
  }
  return out;
}

/** Length of the longest NOPS sequence at p (2..9), or 0. */
function matchNop(code: Uint8Array, p: number, end: number): number {
  for (let n = NOPS.length - 1; n >= 2; n--) {
    const seq = NOPS[n]!;
    if (p + n > end) continue;
    let ok = true;
    for (let i = 0; i < n && ok; i++) ok = code[p + i] === seq[i];
    if (ok) return n;
  }
  return 0;
}
