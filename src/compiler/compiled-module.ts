// What a compiler tier hands to the runtime: one position-independent code
// image for a whole module plus the metadata needed to load, link, call into
// and unwind it. Plain data (typed arrays and numbers) so that an artifact
// writer can serialize it later without knowing the compiler.
//
// The code follows the contract of src/abi/vmctx.ts (registers, helpers, entry
// thunks) and reads runtime data laid out as src/abi/layout.ts says.
//
// Internal wasm-to-wasm calling convention (every function, import and table
// call; the runtime never calls functions directly, only through entry thunks):
//   - arguments: System V classes in order — integers and references in rdi,
//     rsi, rdx, rcx, r8, r9; f32/f64 in xmm0..xmm7; the rest on the stack in
//     8-byte slots at [rsp+8], [rsp+16], ... at entry (in parameter order);
//   - results: the first integer/reference result in rax or the first float
//     result in xmm0 — whichever is result 0 — and results 1..n-1 written by
//     the callee to the caller's outgoing area at [rsp + 8*(k-1)] as seen by
//     the caller (i.e. [rbp + 16 + 8*(k-1)] in the callee), which the caller
//     sizes to max(stack arguments, results - 1) slots;
//   - every register except rsp, rbp, r14, r15 is caller-saved.
//   r15 = the callee's vmctx and r14 = its memory base; a caller switching
//   instances (imports, call_indirect) saves and restores both itself.
//
// Must not import: src/runtime/, native/ (the compiler knows nothing of Node).

import type { Module } from '../wasm/types.js';

export type MemoryMode = 'guarded' | 'checked';

/** In entryThunks / hostTrampolines: no thunk for this signature (too many values for the area). */
export const NO_THUNK = 0xffffffff;

export interface CompiledModule {
  readonly module: Module;
  readonly memoryMode: MemoryMode;
  /**
   * Compiled with fuel metering: the code subtracts one unit per executed
   * instruction from vmctx.fuel (charged at branches, calls and block edges)
   * and traps out_of_fuel when it drops below zero.
   */
  readonly fuel: boolean;
  /** The image: every function, thunk and trampoline, position independent. */
  readonly code: Uint8Array;
  /** Sorted offsets of instructions that fault on purpose, and their trap codes (for native codeLoad). */
  readonly trapOffsets: Uint32Array;
  readonly trapCodes: Uint8Array;
  /** Per defined function (function index - numImportedFuncs): [start, end) of its code. */
  readonly functionStarts: Uint32Array;
  readonly functionEnds: Uint32Array;
  /**
   * Per type index: the entry thunk for that signature. enter(guest, image +
   * entryThunks[t], codeAddress) runs the function at codeAddress with the
   * arguments in area[0..] and leaves the results in area[0..] (raw 64-bit
   * slots: i32/f32 in the low half, refs as layout.ts says).
   */
  readonly entryThunks: Uint32Array;
  /**
   * Per imported function: the host-call trampoline that makes the import a
   * call to JavaScript (stores the arguments in area[0..], calls the hostcall
   * helper with edi = import index, loads the results from area[0..]). The
   * runtime puts it in the import table when the import is a host function.
   */
  readonly hostTrampolines: Uint32Array;
  /**
   * Machine offset → wasm byte offset (into module.bytes) for every trap site
   * and call return address, sorted by machine offset; used for backtraces.
   */
  readonly sourceMachine: Uint32Array;
  readonly sourceWasm: Uint32Array;
}
