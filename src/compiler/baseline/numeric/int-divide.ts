// Integer division and remainder with WebAssembly's traps checked explicitly.
//
// Register contract (x86's div/idiv fix it): the dividend is in rax; the
// quotient comes back in rax (div_*), the remainder in rdx (rem_*); rdx is
// clobbered in every case; the divisor is any other register and is kept.
// Both traps are explicit jumps (integer_divide_by_zero; integer_overflow for
// INT_MIN / -1), so the div/idiv itself can never fault and needs no entry in
// the trap table. rem_s by -1 is 0 without executing idiv (which would fault
// on INT_MIN % -1).
// Invariant: 32-bit forms write eax/edx, which clears their upper halves.
// Must not import: anything outside src/compiler and src/abi.

import { Unary, type Assembler } from '../../x64/assembler.js';
import { Cond, RAX, RDX, type Gpr } from '../../x64/registers.js';
import type { IntWidth, TrapLabel } from './common.js';
import { invariant } from '../../errors.js';

function checkDivisor(asm: Assembler, w: IntWidth, divisor: Gpr, trap: TrapLabel): void {
  invariant(divisor !== RAX && divisor !== RDX, 'the divisor must not be rax or rdx');
  asm.testRR(w, divisor, divisor);
  asm.jcc(Cond.E, trap('integer_divide_by_zero'));
}

/** rax = rax / divisor (signed). Clobbers rdx. */
function divS(asm: Assembler, w: IntWidth, divisor: Gpr, trap: TrapLabel): void {
  checkDivisor(asm, w, divisor, trap);
  const divide = asm.newLabel();
  asm.cmpRI(w, divisor, -1);
  asm.jccShort(Cond.NE, divide);
  // rax - 1 overflows exactly when rax is INT_MIN: no 64-bit constant needed.
  asm.cmpRI(w, RAX, 1);
  asm.jcc(Cond.O, trap('integer_overflow'));
  asm.bind(divide);
  asm.signExtendAxToDx(w);
  asm.unaryR(Unary.Idiv, w, divisor);
}

/** rdx = rax % divisor (signed; the sign of the dividend). Clobbers rax. */
function remS(asm: Assembler, w: IntWidth, divisor: Gpr, trap: TrapLabel): void {
  checkDivisor(asm, w, divisor, trap);
  const divide = asm.newLabel();
  const done = asm.newLabel();
  asm.cmpRI(w, divisor, -1);
  asm.jccShort(Cond.NE, divide);
  asm.xorRR(32, RDX, RDX);
  asm.jmpShort(done);
  asm.bind(divide);
  asm.signExtendAxToDx(w);
  asm.unaryR(Unary.Idiv, w, divisor);
  asm.bind(done);
}

/** rax = rax / divisor, rdx = rax % divisor (unsigned). */
function divU(asm: Assembler, w: IntWidth, divisor: Gpr, trap: TrapLabel): void {
  checkDivisor(asm, w, divisor, trap);
  asm.xorRR(32, RDX, RDX);
  asm.unaryR(Unary.Div, w, divisor);
}

/** rax = rax / divisor. Clobbers rdx; divisor ∉ {rax, rdx}. */
export function emitI32DivS(asm: Assembler, divisor: Gpr, trap: TrapLabel): void { divS(asm, 32, divisor, trap); }
export function emitI64DivS(asm: Assembler, divisor: Gpr, trap: TrapLabel): void { divS(asm, 64, divisor, trap); }
/** rax = rax / divisor (unsigned). Clobbers rdx; divisor ∉ {rax, rdx}. */
export function emitI32DivU(asm: Assembler, divisor: Gpr, trap: TrapLabel): void { divU(asm, 32, divisor, trap); }
export function emitI64DivU(asm: Assembler, divisor: Gpr, trap: TrapLabel): void { divU(asm, 64, divisor, trap); }
/** rdx = rax % divisor. Clobbers rax; divisor ∉ {rax, rdx}. */
export function emitI32RemS(asm: Assembler, divisor: Gpr, trap: TrapLabel): void { remS(asm, 32, divisor, trap); }
export function emitI64RemS(asm: Assembler, divisor: Gpr, trap: TrapLabel): void { remS(asm, 64, divisor, trap); }
/** rdx = rax % divisor (unsigned). Clobbers rax; divisor ∉ {rax, rdx}. */
export function emitI32RemU(asm: Assembler, divisor: Gpr, trap: TrapLabel): void { divU(asm, 32, divisor, trap); }
export function emitI64RemU(asm: Assembler, divisor: Gpr, trap: TrapLabel): void { divU(asm, 64, divisor, trap); }
