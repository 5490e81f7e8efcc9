// Operand combinations that exercise every form with its edge cases.
//
// Registers: rax, rsp, rbp, r12, r13, r15 (the ones with ModRM/SIB special
// cases or a REX bit), plus sil/dil for byte forms (they need an empty REX).
// Memory: no displacement, disp8 and disp32 at both signs' limits, SIB with
// each scale, rsp/r12 bases (forced SIB), rbp/r13 bases (forced disp8 0),
// r12/r13 as index (REX.X), no base, RIP-relative. Immediates at the limits
// of each width. Each operand is varied over its list while the others stay
// at a default, so the list grows linearly with the edges, not as a product.
import type { Form, OperandKind } from '../../../src/compiler/x64/form.js';
import { mem, memIndex, memNoBase, ripRel, type Mem, type Operand } from '../../../src/compiler/x64/operands.js';
import { RAX, RBP, RCX, RDI, RDX, RSI, RSP, R8, R12, R13, R15, type Gpr } from '../../../src/compiler/x64/registers.js';

const GPRS: readonly Gpr[] = [RAX, RSP, RBP, R12, R13, R15];
const BYTE_GPRS: readonly Gpr[] = [RAX, RSP, RBP, RSI, RDI, R8, R15];
const XMMS: readonly number[] = [0, 1, 7, 8, 15];

/** The full addressing-mode list, used for the mov group (loads, stores, lea). */
export const ALL_MEMS: readonly Mem[] = [
  mem(RAX), mem(RSP), mem(RBP), mem(R12), mem(R13), mem(R15),
  mem(RAX, 0x7f), mem(RCX, -0x80), mem(RDX, 0x80), mem(RSP, -0x81),
  mem(RBP, 0x7fffffff), mem(R13, -0x80000000), mem(R12, 8),
  memIndex(RAX, RCX, 1), memIndex(RSP, RAX, 2, 8), memIndex(RBP, R12, 4),
  memIndex(R13, R15, 8, -0x12345678), memIndex(R12, R13, 1, 0x7f), memIndex(R15, RBP, 8, -0x80),
  memNoBase(RAX, 8, 0x10), memNoBase(R12, 4, -8), memNoBase(RBP, 1),
  ripRel(0), ripRel(-0x10), ripRel(0x12345678),
];

/** A few modes that hit the special cases at once, for every other group. */
export const SOME_MEMS: readonly Mem[] = [
  mem(RSP, 8), mem(RBP, -0x80), memIndex(R13, R12, 8, 0x12345), ripRel(0x100),
];

const IMM: Record<string, readonly Operand[]> = {
  imm8: [0, 1, 0x7f, -0x80, -1],
  imm16: [0x1234, 0x7fff, -0x8000, -1],
  imm32: [0, 0x12345678, 0x7fffffff, -0x80000000, -1],
  imm64: [0n, 0x123456789abcdef0n, 0x7fffffffffffffffn, -0x8000000000000000n, -1n],
  uimm8: [0, 1, 0x1f, 0x80, 0xff],
  rel8: [0, -2, 0x7f, -0x80],
  rel32: [0, -5, 0x1234, 0x7fffffff, -0x80000000],
};

function valuesFor(k: OperandKind, mems: readonly Mem[]): readonly Operand[] {
  switch (k) {
    case 'r8': return BYTE_GPRS;
    case 'r16': case 'r32': case 'r64': return GPRS;
    case 'rm8': return [...BYTE_GPRS, ...mems];
    case 'rm16': case 'rm32': case 'rm64': return [...GPRS, ...mems];
    case 'm': return mems;
    case 'xmm': return XMMS;
    case 'xmm/m32': case 'xmm/m64': case 'xmm/m128': return [...XMMS, ...mems];
    case 'cl': return [RCX];
    default: return IMM[k]!;
  }
}

export function casesFor(f: Form): Operand[][] {
  const mems = f.group === 'mov' ? ALL_MEMS : SOME_MEMS;
  const lists = f.operands.map((k) => valuesFor(k, mems));
  // Defaults differ by position so two-register forms show distinct registers.
  const defaults = lists.map((l, i) => l[i % l.length]!);
  const out: Operand[][] = [];
  const seen = new Set<string>();
  const push = (ops: Operand[]) => {
    const key = ops.map((o) => (typeof o === 'object' ? JSON.stringify(o) : String(o))).join('|');
    if (!seen.has(key)) { seen.add(key); out.push(ops); }
  };
  if (lists.length === 0) push([]);
  for (let i = 0; i < lists.length; i++) {
    for (const v of lists[i]!) {
      const ops = defaults.slice();
      ops[i] = v;
      push(ops);
    }
  }
  return out;
}
