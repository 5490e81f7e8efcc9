// The numeric instruction sequences of the baseline compiler: one small
// emitter per WebAssembly numeric operator (or family), with exact
// WebAssembly 2.0 semantics, called by the per-operator handlers.
//
// THE CONTRACT (every emitter in this folder keeps it):
//
// - Operands are in registers the caller chose; the result goes to dst.
//   Binary float ops: `emitF32Min(asm, dst, src)` is dst = min(dst, src).
//   Unary ops: `emitF32Ceil(asm, dst, src)` is dst = ceil(src); dst may equal src.
//   Conversions: `emitI32TruncF32S(asm, dst: Gpr, src: Xmm, trap)`.
//   Every operand other than dst is preserved (except the fixed registers
//   named below).
// - Traps: `trap(code)` returns the label of an out-of-line stub that raises
//   that trap; the caller creates and emits the stubs. Trapping sequences
//   only jump there; none relies on a hardware fault (no trap-table entries).
// - Scratch: r11 and xmm15 are reserved for these sequences, never hold a
//   value between operators, and are never operands. Sequences use nothing
//   else beyond dst; they never touch rsp, rbp, r14, r15.
// - Fixed registers:
//     div_s/div_u: dividend in rax, quotient in rax, rdx clobbered;
//     rem_s/rem_u: dividend in rax, remainder in rdx, rax clobbered;
//       the divisor is any register other than rax/rdx, and is kept.
//     rotl/rotr (by register): the count is in cl (moving it there is the
//       caller's job); dst is not rcx. The *Imm variants take a constant.
// - i32 values in GPRs always have their upper 32 bits zero: every emitter
//   that produces an i32 keeps that, and the unsigned-i32 emitters rely on it
//   only where stated (emitI64ExtendI32U).
// - Constants (sign masks, 2^63, bounds) are built through r11 into xmm15
//   (no constant pool yet).
// - NaNs: where the spec allows any NaN (arithmetic results, min/max/nearest
//   on NaN, demote/promote of NaN) the hardware's NaN is the result; abs, neg,
//   copysign and reinterpret are bit operations and keep sign and payload.
// - CPU: SSE4.1 (roundss/roundsd), LZCNT, BMI1 (tzcnt) and POPCNT.
//
// test/compiler/baseline/numeric/ runs each emitter against V8 on edge and
// random inputs (bit-exact) and keeps golden listings of the tricky ones.
// Must not import this folder: src/wasm, src/runtime (it emits machine code).

export { SCRATCH_GPR, SCRATCH_XMM, type FloatWidth, type IntWidth, type TrapLabel } from './common.js';
export * from './int-bits.js';
export * from './int-divide.js';
export * from './int-compare.js';
export * from './float-sign.js';
export * from './float-arith.js';
export * from './float-minmax.js';
export * from './float-compare.js';
export * from './truncate.js';
export * from './truncate-sat.js';
export * from './convert.js';
