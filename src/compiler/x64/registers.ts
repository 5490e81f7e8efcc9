// x86-64 register numbering, operand widths and condition codes.
//
// Numbering is the hardware's: the low three bits go into ModRM.reg, ModRM.rm,
// SIB or the opcode (+r forms); bit 3 goes into REX.R, REX.B or REX.X. So
// r8..r15 are 8..15 and the encoder never translates a register number.
//
//   0 rax  1 rcx  2 rdx  3 rbx  4 rsp  5 rbp  6 rsi  7 rdi  8..15 r8..r15
//   xmm0..xmm15 are 0..15 in their own space (a separate branded type).
//
// Byte registers 4..7 are spl/bpl/sil/dil, never ah/ch/dh/bh: the encoder adds
// an empty REX prefix whenever a byte operand names 4..7, so the legacy high
// byte registers can never be produced.
//
// Invariants: Gpr and Xmm values are integers 0..15. RIP is not a Gpr; it is
// only a memory-operand base (see operands.ts).
// Must not import: anything outside src/compiler/x64.

declare const gprBrand: unique symbol;
declare const xmmBrand: unique symbol;
/** A general-purpose register, 0..15 in hardware numbering. */
export type Gpr = number & { readonly [gprBrand]: true };
/** An SSE register xmm0..xmm15. */
export type Xmm = number & { readonly [xmmBrand]: true };

export const RAX = 0 as Gpr;
export const RCX = 1 as Gpr;
export const RDX = 2 as Gpr;
export const RBX = 3 as Gpr;
export const RSP = 4 as Gpr;
export const RBP = 5 as Gpr;
export const RSI = 6 as Gpr;
export const RDI = 7 as Gpr;
export const R8 = 8 as Gpr;
export const R9 = 9 as Gpr;
export const R10 = 10 as Gpr;
export const R11 = 11 as Gpr;
export const R12 = 12 as Gpr;
export const R13 = 13 as Gpr;
export const R14 = 14 as Gpr;
export const R15 = 15 as Gpr;

export function gpr(n: number): Gpr {
  if (!(n >= 0 && n <= 15 && Number.isInteger(n))) throw new RangeError(`no such register: ${n}`);
  return n as Gpr;
}
export function xmm(n: number): Xmm {
  if (!(n >= 0 && n <= 15 && Number.isInteger(n))) throw new RangeError(`no such xmm register: ${n}`);
  return n as Xmm;
}

/** Operand width in bits; selects the register name and the size prefix/REX.W. */
export type Width = 8 | 16 | 32 | 64;

const NAMES64 = ['rax', 'rcx', 'rdx', 'rbx', 'rsp', 'rbp', 'rsi', 'rdi'];
const NAMES32 = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi'];
const NAMES16 = ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di'];
const NAMES8 = ['al', 'cl', 'dl', 'bl', 'spl', 'bpl', 'sil', 'dil'];

/** The AT&T/objdump name of a GPR at a width, without the '%'. */
export function gprName(r: number, width: Width): string {
  if (r < 8) {
    switch (width) {
      case 64: return NAMES64[r]!;
      case 32: return NAMES32[r]!;
      case 16: return NAMES16[r]!;
      case 8: return NAMES8[r]!;
    }
  }
  switch (width) {
    case 64: return `r${r}`;
    case 32: return `r${r}d`;
    case 16: return `r${r}w`;
    case 8: return `r${r}b`;
  }
}

export function xmmName(r: number): string {
  return `xmm${r}`;
}

/**
 * Condition codes in hardware order: the value is added to the base opcode of
 * jcc (0x70, 0x0F 0x80), setcc (0x0F 0x90) and cmovcc (0x0F 0x40).
 * Names are objdump's spellings (b/ae rather than c/nc, e/ne rather than z/nz).
 */
export const Cond = {
  O: 0, NO: 1, B: 2, AE: 3, E: 4, NE: 5, BE: 6, A: 7,
  S: 8, NS: 9, P: 10, NP: 11, L: 12, GE: 13, LE: 14, G: 15,
} as const;
export type Cond = (typeof Cond)[keyof typeof Cond];
export const COND_NAMES: readonly string[] = [
  'o', 'no', 'b', 'ae', 'e', 'ne', 'be', 'a', 's', 'ns', 'p', 'np', 'l', 'ge', 'le', 'g',
];

/** The condition that holds exactly when `c` does not: flipping bit 0. */
export function invertCond(c: Cond): Cond {
  return (c ^ 1) as Cond;
}
