// The instance context (vmctx) layout and the guest calling contract, defined once.
//
// The compiler addresses these fields by offset from r15; native/corral.c reads
// and writes the same fields through native/abi.h, which scripts/gen-abi-header.ts
// generates from this file (a test checks the header is current, and the C side
// checks its struct against the offsets with _Static_assert). Append-only within
// a layout version: compiled artifacts embed these offsets. This file imports
// nothing; everything (compiler, runtime, native header generator) imports it.
//
// Layout (every field 8 bytes, little endian; VMCTX_SIZE bytes in all):
//
//   0x000  memory_base ... trap_detail      scalar fields, table below (room to 0x100)
//   0x100  helpers[HELPER_SLOTS]            code pointers to native helpers
//   0x180  area[AREA_SLOTS]                 raw 64-bit slots: args, results, host-call values
//   0x280  end (native keeps private per-guest state after this; never touched by guests)
//
// Each instance has a vmctx; the native layer calls the pair (vmctx, guest
// stack) a guest. Instances linked by direct calls run on one guest's stack:
// the caller loads the callee's vmctx from its import table into r15 (saving
// its own: r15 is callee-saved) and calls the callee's code. For that, the
// callee is attached to the runner (guestAttach): its `runner` field points at
// the runner's vmctx and its stack_limit equals the runner's, so traps, host
// calls and yields from any instance reach the right stack.
//
// THE GUEST CALLING CONTRACT (what compiled code may assume and must do):
//
// Registers: System V AMD64 for arguments and results, plus
//   r15 = vmctx (pinned, never changes while the guest runs),
//   r14 = memory_base in guarded mode (pinned; the heap base never moves),
//   rbp = frame pointer, kept by every function (push rbp; mov rbp, rsp) so the
//         native layer can walk the frame chain for backtraces.
// MXCSR and the x87 control word start at their defaults (0x1f80, 0x037f) on
// entry; the host's values are saved and restored around every switch.
//
// Entry (enter(guest, entry, target)): the native layer switches to the guest
// stack, loads r15 and r14, puts `target` in rax and calls `entry` (rsp ≡ 8 mod 16
// on entry, as after any call). `entry` is an entry thunk emitted by the
// compiler (per signature or per function): it loads the arguments from
// area[0..] into System V registers (and onto the stack beyond six integer /
// eight float registers), calls the function (`call rax`, or a direct call),
// stores the results into area[0..] and returns. Returning ends the run: DONE.
//
// Helpers (call qword [r15 + HELPER_OFFSET(h)], rsp ≡ 0 mod 16 before the call):
//   trap         edi = trap code; rdi's upper half an optional detail for the
//                message (trap_detail). Never returns: records code, pc (its return
//                address) and fp (rbp) in the runner's vmctx, switches to the
//                host: TRAP.
//   hostcall     edi = import index; the caller has stored the arguments in its
//                own (r15's) area[0..]. Records the index and hostcall_vmctx =
//                r15 in the runner's vmctx and suspends: HOSTCALL. When resumed,
//                returns with the results in r15's area[0..] and, as a
//                convenience, area[0]'s bits in rax and xmm0.
//   yield        no arguments. Called when the interrupt word is non-zero:
//                clears it (r15's and the runner's), suspends: INTERRUPTED.
//                Returns normally when resumed, with every general and xmm
//                register (all 128 bits) as it was; only the flags may change.
//                So a poll stub reloads nothing (the baseline keeps locals in
//                caller-saved registers across it).
//   memory_grow  C function (rdi = vmctx, rsi = delta in 64 KiB pages) → rax = old
//                size in pages, or -1 (all ones) when the maximum or the kernel
//                refuses. Runs on the guest stack within the red zone.
//   The other helpers clobber the caller-saved registers and preserve the rest.
//
// Stack: the prologue of every function compares (rsp - frame size) with
// stack_limit and calls the trap helper with stack_overflow when below. The
// STACK_RED_ZONE bytes below stack_limit are left for native helpers and
// signal landing; compiled frames must fit above the limit.
//
// Interrupts: loop headers and function entries test the 32-bit interrupt word
// (cmp dword [r15 + interrupt], 0) and call `yield` when it is non-zero. The
// native layer sets the word in the runner and in every attached vmctx; a
// stale word left in an attached vmctx only causes one spurious yield.
//
// Trap tables (codeLoad): the offset of every instruction that may fault on
// purpose, mapped to its trap code. The baseline tier lists only guarded-mode
// loads and stores; division, unreachable and every other check are explicit
// jumps to trap stubs (the table could also name an idiv or a ud2). A fault in registered code at an offset not in the table is not
// claimed: it is a compiler bug and crashes loudly, like any host fault. The
// one exception is a fault in the guest's own stack guard page (stack_overflow).
// Trap pcs are return addresses for the helper (explicit traps) and the
// faulting instruction for signals; the backtrace walk then follows rbp.

export interface VmctxField {
  readonly name: string;
  readonly offset: number;
  /** What the field holds and who writes it. */
  readonly doc: string;
}

const scalars = [
  ['memory_base', 'address of linear memory byte 0 (guarded mode: also in r14)'],
  ['memory_size', 'accessible linear memory, in bytes (written by memory.grow)'],
  ['memory_max', 'maximum linear memory, in bytes (limit for memory.grow)'],
  ['memory_def', 'address of the vmctx that owns memory 0 (itself when defined; the exporter\'s when imported): its memory_size/max are the live ones'],
  ['funcrefs', 'address of the funcref array: per function index, the address of its FuncRecord (src/abi/layout.ts)'],
  ['tables', 'address of the table array: per table index, the address of its TableRecord (src/abi/layout.ts)'],
  ['globals', 'address of the globals area: GLOBAL_SLOT bytes per global index (src/abi/layout.ts)'],
  ['imports', 'address of the import table: per imported function { code, vmctx } (16 bytes)'],
  ['sig_ids', 'address of the canonical signature id (u32) per type index, for call_indirect'],
  ['stack_limit', 'lowest rsp compiled frames may reach (native sets it: stack bottom + red zone)'],
  ['interrupt', 'u32 polled by compiled code; non-zero asks the guest to call yield (timer writes it)'],
  ['fuel', 'i64 fuel left, decremented by compiled code when fuel metering is on'],
  ['hostcall_index', 'import index of the pending host call (written by the hostcall helper)'],
  ['trap_code', 'trap code of the last trap (src/abi/trap-codes.ts numbering)'],
  ['trap_pc', 'machine-code address where the last trap happened'],
  ['trap_fp', 'frame pointer (rbp) at the last trap: the start of the backtrace walk'],
  ['runner', 'address of the vmctx whose guest stack runs this instance (itself, or the attached runner)'],
  ['hostcall_vmctx', 'address of the vmctx whose area holds the pending host call values (written by hostcall)'],
  ['trap_detail', 'the upper 32 bits of the trap helper\'s rdi: an operand the message names (call_indirect\'s element index), else 0'],
] as const;

export type VmctxFieldName = (typeof scalars)[number][0];

export const VMCTX_FIELDS: readonly (VmctxField & { readonly name: VmctxFieldName })[] =
  scalars.map(([name, doc], i) => ({ name, offset: i * 8, doc }));

/** Byte offset of each scalar field. */
export const VMCTX = Object.fromEntries(VMCTX_FIELDS.map((f) => [f.name, f.offset])) as Readonly<Record<VmctxFieldName, number>>;

/**
 * The version of the contract between compiled code and the native layer
 * that this file's layout does not spell out: what each helper expects in
 * which register and preserves (yield keeps every general and xmm register;
 * trap, hostcall and memory_grow follow the SysV caller-saved rules), the
 * guest stack's entry frame and the context switch. Bump it with any such
 * change in native/: the addon reports the version it was built with and the
 * runtime refuses a different one (a stale build), and, since this file is
 * fingerprinted (artifact/version.ts), artifacts compiled for the old
 * contract are refused too.
 */
export const NATIVE_ABI_VERSION = 2;

/** The native helpers reachable from compiled code, in helper-table order. */
export const HELPERS = ['trap', 'hostcall', 'yield', 'memory_grow'] as const;
export type Helper = (typeof HELPERS)[number];

/** Scalar fields may grow up to here (append only). */
export const HELPERS_OFFSET = 0x100;
export const HELPER_SLOTS = 16;
export const AREA_OFFSET = 0x180;
/** Raw 64-bit slots for arguments, results and host-call values. */
export const AREA_SLOTS = 32;
export const VMCTX_SIZE = 0x280;

/** Bytes below stack_limit kept for native helpers and the signal landing. */
export const STACK_RED_ZONE = 32 * 1024;

/** Linear-memory page size (WebAssembly). */
export const WASM_PAGE = 65536;
/** Guarded mode: bytes reserved per memory so any u32 index + u32 offset faults. */
export const GUARDED_SLOT_BYTES = 8 * 1024 * 1024 * 1024;

export function helperOffset(h: Helper): number {
  return HELPERS_OFFSET + HELPERS.indexOf(h) * 8;
}

export function areaOffset(slot: number): number {
  return AREA_OFFSET + slot * 8;
}

/** What enter/resume return: a small integer, so the hot path creates no object. */
export const RUN_STATUS = ['done', 'trap', 'hostcall', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUS)[number];
export const RunStatusId = { done: 0, trap: 1, hostcall: 2, interrupted: 3 } as const satisfies Record<RunStatus, number>;

/** Page protections accepted by the native protect(). */
export const PROT = { none: 0, read: 1, readWrite: 3 } as const;

if (VMCTX_FIELDS.length * 8 > HELPERS_OFFSET) throw new Error('vmctx scalars overlap the helper table');
if (HELPERS.length > HELPER_SLOTS) throw new Error('too many helpers');
if (AREA_OFFSET + AREA_SLOTS * 8 !== VMCTX_SIZE) throw new Error('vmctx area does not end the context');
