// One instruction form: a parsed row of the encoding table (forms.ts).
//
// A row reads like the Intel manual's opcode column:
//
//   'add rm64, imm8 | REX.W 83 /0 ib'
//    ^mnemonic ^operands (Intel order: destination first) ^encoding
//
// Encoding tokens, in order: mandatory/size prefixes (66, F2, F3), REX.W, one to
// three opcode bytes (the last may be `XX+r`: register in the low three bits),
// then `/r` (ModRM with a register in .reg) or `/0`..`/7` (an opcode extension in
// .reg), then `ib`/`iw`/`id`/`io` (immediate) or `cb`/`cd` (relative target).
// After `;` come options: `att=NAME` (objdump's mnemonic when it differs),
// `nosfx` (objdump prints no size suffix even with a memory operand), `star`
// (an indirect jump/call target, printed `*op`).
//
// Operand kinds:
//   r8 r16 r32 r64      GPR                      rm8 rm16 rm32 rm64   GPR or memory
//   xmm                 SSE register             xmm/m32 xmm/m64 xmm/m128  xmm or memory
//   m                   memory only (lea)        cl    the implicit shift count
//   imm8 imm16 imm32    immediate, sign-extended to the operand width
//   uimm8               unsigned 8-bit immediate (shift counts, shuffle/round controls)
//   imm64               64-bit immediate (movabs)    rel8 rel32  branch displacement
//
// Parsing checks each row for self-consistency (immediate tokens match operand
// kinds, exactly one ModRM.rm operand, ...) so a malformed row fails at load.
//
// Must not import: anything outside src/compiler/x64 (and compiler/errors).

import { InternalError } from '../errors.js';
import type { Width } from './registers.js';

export type OperandKind =
  | 'r8' | 'r16' | 'r32' | 'r64'
  | 'rm8' | 'rm16' | 'rm32' | 'rm64' | 'm'
  | 'xmm' | 'xmm/m32' | 'xmm/m64' | 'xmm/m128'
  | 'imm8' | 'imm16' | 'imm32' | 'imm64' | 'uimm8'
  | 'rel8' | 'rel32' | 'cl';

/** Where an operand goes in the encoding. */
export type Role = 'reg' | 'rm' | 'opreg' | 'imm' | 'rel' | 'implicit';

const KINDS: ReadonlySet<string> = new Set<OperandKind>([
  'r8', 'r16', 'r32', 'r64', 'rm8', 'rm16', 'rm32', 'rm64', 'm',
  'xmm', 'xmm/m32', 'xmm/m64', 'xmm/m128',
  'imm8', 'imm16', 'imm32', 'imm64', 'uimm8', 'rel8', 'rel32', 'cl',
]);

export function isGprKind(k: OperandKind): boolean {
  return k === 'r8' || k === 'r16' || k === 'r32' || k === 'r64' ||
    k === 'rm8' || k === 'rm16' || k === 'rm32' || k === 'rm64';
}
export function isXmmKind(k: OperandKind): boolean {
  return k === 'xmm' || k === 'xmm/m32' || k === 'xmm/m64' || k === 'xmm/m128';
}
/** Kinds that may hold a memory operand. */
export function acceptsMem(k: OperandKind): boolean {
  return k === 'rm8' || k === 'rm16' || k === 'rm32' || k === 'rm64' || k === 'm' ||
    k === 'xmm/m32' || k === 'xmm/m64' || k === 'xmm/m128';
}
/** Kinds that may hold a register. */
export function acceptsReg(k: OperandKind): boolean {
  return isGprKind(k) || isXmmKind(k);
}
export function gprWidth(k: OperandKind): Width {
  const w = Number(k.replace(/^rm?/, ''));
  if (w !== 8 && w !== 16 && w !== 32 && w !== 64) throw new InternalError(`${k} is not a GPR kind`);
  return w;
}
function immBytesOf(k: OperandKind): number {
  switch (k) {
    case 'imm8': case 'uimm8': case 'rel8': return 1;
    case 'imm16': return 2;
    case 'imm32': case 'rel32': return 4;
    case 'imm64': return 8;
    default: return 0;
  }
}

// What an operand position accepts, as bits, so the checked encoder tests numbers, not strings.
export const ACCEPT_REG = 1;
export const ACCEPT_MEM = 2;
export const ACCEPT_CL = 4;
/** An immediate or displacement number within [Form.immMin, Form.immMax]. */
export const ACCEPT_IMM = 8;
export const ACCEPT_IMM64 = 16;

export class Form {
  /** Unique lookup key: 'add rm64, imm8'. */
  readonly key: string;
  readonly mnemonic: string;
  /** The mnemonic objdump prints (before any size suffix). */
  readonly att: string;
  readonly group: string;
  readonly row: string;
  readonly operands: readonly OperandKind[];
  readonly roles: readonly Role[];

  // Encoding, as plain numbers so the encoder reads them without dispatch.
  // The numeric and boolean fields start with a value of their type: a field
  // only declared starts as undefined (ES2022 class fields), which makes V8
  // keep it as a generic tagged value, and then every byte the encoder stores
  // from it goes through a number-to-double-to-byte conversion.
  /** First and second legacy prefix byte, 0 when absent. */
  readonly prefix1: number = 0;
  readonly prefix2: number = 0;
  /** 0x08 when REX.W is part of the encoding, else 0. */
  readonly rexW: number = 0;
  readonly opLen: number = 0;
  readonly op0: number = 0;
  readonly op1: number = 0;
  readonly op2: number = 0;
  /** -1: ModRM with a register in .reg (/r); 0..7: opcode extension; -2: no ModRM. */
  readonly digit: number = 0;
  /** The last opcode byte carries a register in its low three bits. */
  readonly plusR: boolean = false;
  /** Bytes of immediate (or relative displacement) after ModRM/SIB/disp. */
  readonly immBytes: number = 0;
  readonly isRel: boolean = false;

  /** Operand indices of each role, -1 when absent. */
  readonly regIdx: number = 0;
  readonly rmIdx: number = 0;
  readonly immIdx: number = 0;
  /** Byte-register operands: naming 4..7 needs a REX prefix (spl/bpl/sil/dil). */
  readonly byteReg: boolean = false;
  readonly byteRm: boolean = false;

  /** Width the immediate is sign-extended to (printing); the first GPR operand's width, or 64. */
  readonly opWidth: Width = 64;
  /** With a memory operand, objdump appends this suffix ('' for none). */
  readonly memSuffix: string;
  readonly star: boolean = false;
  /** No legacy prefix and a one-byte opcode: the encoder's short path for the head. */
  readonly plain: boolean = false;
  /** Per operand: the ACCEPT_* bits of its kind. */
  readonly accepts: readonly number[];
  /** Range of the immediate/displacement operand (imm8..imm32, uimm8, rel8/rel32). */
  readonly immMin: number = 0;
  readonly immMax: number = 0;

  constructor(row: string, group: string) {
    this.row = row;
    this.group = group;
    const bad = (why: string): never => { throw new InternalError(`encoding row '${row}': ${why}`); };

    const [head, encAndOpts] = splitOnce(row, '|');
    if (encAndOpts === undefined) bad('missing "|"');
    const [enc, opts] = splitOnce(encAndOpts!, ';');
    const headTrim = head.trim();
    const sp = headTrim.indexOf(' ');
    this.mnemonic = sp < 0 ? headTrim : headTrim.slice(0, sp);
    const opText = sp < 0 ? '' : headTrim.slice(sp + 1).trim();
    const operands = opText === '' ? [] : opText.split(',').map((s) => s.trim());
    for (const o of operands) if (!KINDS.has(o)) bad(`unknown operand kind '${o}'`);
    this.operands = operands as OperandKind[];
    this.key = `${this.mnemonic}${operands.length ? ' ' + operands.join(', ') : ''}`;

    // Options.
    let att = this.mnemonic;
    let nosfx = false;
    let star = false;
    for (const o of (opts ?? '').trim().split(/\s+/).filter(Boolean)) {
      if (o.startsWith('att=')) att = o.slice(4);
      else if (o === 'nosfx') nosfx = true;
      else if (o === 'star') star = true;
      else bad(`unknown option '${o}'`);
    }
    this.att = att;
    this.star = star;

    // Encoding tokens.
    const toks = enc.trim().split(/\s+/);
    let i = 0;
    const prefixes: number[] = [];
    while (i < toks.length && /^(66|F2|F3)$/.test(toks[i]!)) prefixes.push(parseInt(toks[i++]!, 16));
    if (prefixes.length > 2) bad('more than two prefixes');
    this.prefix1 = prefixes[0] ?? 0;
    this.prefix2 = prefixes[1] ?? 0;
    let rexW = 0;
    if (toks[i] === 'REX.W') { rexW = 0x08; i++; }
    this.rexW = rexW;
    const ops: number[] = [];
    let plusR = false;
    while (i < toks.length && /^[0-9A-F]{2}(\+r)?$/.test(toks[i]!)) {
      if (plusR) bad('+r must be on the last opcode byte');
      const t = toks[i++]!;
      if (t.endsWith('+r')) plusR = true;
      ops.push(parseInt(t.slice(0, 2), 16));
    }
    if (ops.length < 1 || ops.length > 3) bad('one to three opcode bytes expected');
    this.opLen = ops.length;
    this.plain = prefixes.length === 0 && ops.length === 1;
    this.op0 = ops[0]!;
    this.op1 = ops[1] ?? 0;
    this.op2 = ops[2] ?? 0;
    this.plusR = plusR;
    let digit = -2;
    if (toks[i] === '/r') { digit = -1; i++; }
    else if (/^\/[0-7]$/.test(toks[i] ?? '')) { digit = Number(toks[i]!.slice(1)); i++; }
    this.digit = digit;
    let immTok = '';
    if (i < toks.length && /^(ib|iw|id|io|cb|cd)$/.test(toks[i]!)) immTok = toks[i++]!;
    if (i !== toks.length) bad(`unexpected token '${toks[i]}'`);

    // Roles.
    const roles: Role[] = this.operands.map((k) =>
      immBytesOf(k) > 0 ? (k.startsWith('rel') ? 'rel' : 'imm') : k === 'cl' ? 'implicit' : 'reg');
    const slots = this.operands.map((_, j) => j).filter((j) => roles[j] === 'reg');
    if (plusR) {
      if (digit !== -2) bad('+r forms have no ModRM');
      if (slots.length !== 1) bad('+r forms take exactly one register operand');
      roles[slots[0]!] = 'opreg';
    } else if (digit >= 0) {
      if (slots.length !== 1) bad('/digit forms take exactly one register-or-memory operand');
      roles[slots[0]!] = 'rm';
    } else if (digit === -1) {
      if (slots.length !== 2) bad('/r forms take exactly two register-or-memory operands');
      const memSlots = slots.filter((j) => acceptsMem(this.operands[j]!));
      if (memSlots.length > 1) bad('two operands may be memory');
      const rmSlot = memSlots.length === 1 ? memSlots[0]! : slots[1]!;
      roles[rmSlot] = 'rm';
    } else if (slots.length !== 0) {
      bad('register operands need ModRM or +r');
    }
    this.roles = roles;
    this.regIdx = roles.indexOf('reg') >= 0 ? roles.indexOf('reg') : roles.indexOf('opreg');
    this.rmIdx = roles.indexOf('rm');
    const immIdx = roles.findIndex((r) => r === 'imm' || r === 'rel');
    this.immIdx = immIdx;
    if (roles.filter((r) => r === 'imm' || r === 'rel').length > 1) bad('at most one immediate');
    this.isRel = immIdx >= 0 && roles[immIdx] === 'rel';
    this.immBytes = immIdx >= 0 ? immBytesOf(this.operands[immIdx]!) : 0;
    const wantTok = immIdx < 0 ? '' :
      { 'imm8': 'ib', 'uimm8': 'ib', 'imm16': 'iw', 'imm32': 'id', 'imm64': 'io', 'rel8': 'cb', 'rel32': 'cd' }[
        this.operands[immIdx] as string];
    if (wantTok !== immTok) bad(`immediate token '${immTok}' does not match operands (want '${wantTok}')`);
    this.byteReg = this.regIdx >= 0 && this.operands[this.regIdx] === 'r8';
    this.byteRm = this.rmIdx >= 0 && (this.operands[this.rmIdx] === 'rm8' || this.operands[this.rmIdx] === 'r8');
    for (let j = 0; j < this.operands.length; j++) {
      if (roles[j] === 'reg' || roles[j] === 'opreg') {
        if (acceptsMem(this.operands[j]!)) bad(`operand ${j} is in ModRM.reg but accepts memory`);
      }
    }

    const firstGpr = this.operands.find(isGprKind);
    this.opWidth = firstGpr ? gprWidth(firstGpr) : 64;
    this.accepts = this.operands.map((k) =>
      k === 'cl' ? ACCEPT_CL : k === 'imm64' ? ACCEPT_IMM64 : immBytesOf(k) > 0 ? ACCEPT_IMM
        : (acceptsReg(k) ? ACCEPT_REG : 0) | (acceptsMem(k) ? ACCEPT_MEM : 0));
    const immKind = immIdx >= 0 ? this.operands[immIdx]! : undefined;
    if (immKind === undefined || immKind === 'imm64') {
      this.immMin = 0;
      this.immMax = -1;
    } else {
      const bits = immBytesOf(immKind) * 8;
      this.immMin = immKind === 'uimm8' ? 0 : -(2 ** (bits - 1));
      // An immediate as wide as the operation may also be written unsigned (0xff for an 8-bit op).
      this.immMax = immKind === 'uimm8' || (immKind.startsWith('imm') && bits === this.opWidth)
        ? 2 ** bits - 1 : 2 ** (bits - 1) - 1;
    }
    // objdump names the size with a suffix only when no register operand shows it.
    const rmKind = this.rmIdx >= 0 ? this.operands[this.rmIdx]! : undefined;
    const sizedByReg = this.operands.some((k, j) => j !== this.rmIdx && isGprKind(k));
    this.memSuffix = rmKind && rmKind.startsWith('rm') && !sizedByReg && !nosfx
      ? ({ 8: 'b', 16: 'w', 32: 'l', 64: 'q' } as const)[gprWidth(rmKind)]
      : '';
  }
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}
