// The x86-64 assembler: Corral's only way of producing machine code.
//
// Layers (each file one concept; arrows are imports):
//
//   forms.ts ──► table.ts ◄── form.ts        rows of encodings, parsed once at load
//                   ▲
//   registers.ts, operands.ts                register numbering, memory operands
//                   ▲
//   encoder.ts   printer.ts                  ONE encoder, ONE printer, both driven by rows
//                   ▲
//   code-buffer.ts  (bytes, labels, fixups, relocations, NOP padding)
//                   ▲
//   assembler.ts    emit(form, ...) checked  |  hot paths movRM/addRR/jcc... unchecked
//
//   decoder.ts      the rows read backwards: listings of our own code, no binutils needed
//
// Register numbering (registers.ts): hardware numbers, rax=0 rcx=1 rdx=2 rbx=3
// rsp=4 rbp=5 rsi=6 rdi=7 r8..r15=8..15; xmm0..15=0..15 (a separate type). Byte
// registers 4..7 are spl/bpl/sil/dil (an empty REX is added), never ah..bh.
//
// Operand conventions: Intel order everywhere in the API (destination first),
// AT&T order only in printed text (as objdump prints). Widths in bits. Memory
// is [base + index*scale + disp] — base a Gpr, NO_BASE or RIP; index a Gpr but
// not rsp; disp signed 32-bit; RIP displacements count from the instruction's
// end, or name a label that the code buffer resolves. Immediates narrower than
// the operation are sign-extended by the CPU (imm8 in `add rm64, imm8`);
// `uimm8` kinds (shift counts, pshufd/round controls) are not.
//
// Position independence: nothing emitted holds an absolute address. Branches
// are relative to labels; calls to other functions are relocations
// (CodeBuffer.addRelocation / Assembler.callSymbol) patched when functions are
// laid out (patchRelocations); runtime helpers are reached through the
// instance context (call [vmctx + offset]).
//
// How to add a form: add a row to forms.ts (syntax in form.ts: e.g.
// 'pminsd xmm, xmm/m128 | 66 0F 38 39 /r'), rebuild, run
//   CORRAL_BLESS=1 node --test dist/test/compiler/x64/golden.test.js
// which encodes it with edge operands into test/compiler/x64/expected/<group>.txt
// and fails unless objdump decodes the same bytes to the same text. If objdump
// prints a different mnemonic or suffix, set `att=` / `nosfx` on the row. A hot
// path for it, if any, looks the row up by key in assembler.ts and gets a line
// in test/compiler/x64/fast-path.test.ts.
//
// Must not import this folder: src/wasm (the front end knows nothing of machine
// code). This folder imports nothing outside src/compiler (no Node APIs).

export { Assembler, Alu, BitCount, Shift, Unary } from './assembler.js';
export { CodeBuffer, NOPS, patchRelocations, type FinishedCode } from './code-buffer.js';
export { decodeOne, disassemble, type Decoded, type ListingLine } from './decoder.js';
export { encode } from './encoder.js';
export { Form, type OperandKind } from './form.js';
export { Mem, mem, memIndex, memNoBase, ripLabel, ripRel, NO_BASE, NO_INDEX, RIP, type Label, type Operand, type Scale } from './operands.js';
export { formatInstruction, formatMem } from './printer.js';
export * from './registers.js';
export { ALL_FORMS, form, formsOfGroup, hasForm } from './table.js';
