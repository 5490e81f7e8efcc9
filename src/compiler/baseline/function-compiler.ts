// The baseline tier's single pass over one function body: a value stack whose
// entries are constants, registers, lazy local reads or spilled slots, a small
// register allocator, the frame, control flow, calls and trap stubs. Operator
// handlers (ops/*.ts) are a few lines each over this class's primitives.
//
// Invariants (what every handler may rely on and must keep):
//   - An i32 (and any 32-bit value) in a GPR has its upper 32 bits zero.
//   - Every register holds at most one stack entry; a register popped by a
//     handler is a "temp" until the handler pushes it or frees it, and no temp
//     survives an instruction (checked after each one).
//   - At every control-flow join (block/loop/if entry, else, end, branch
//     targets) all stack entries live in their canonical slots (slot d for
//     depth d); stack values stay in registers only within straight-line code.
//   - Locals live in the frame; a register may also cache a local's value
//     (write-through: the frame copy is always current, so a cache can be
//     forgotten at any time). A join has a cache set — a loop's header state
//     (plus the locals its body uses most, preloaded), a block end's state as
//     first reached — and every branch to it re-establishes that set;
//     if/else ends, calls and helpers forget all caches.
//   - r11 and xmm15 are scratch for sequences and moves; they never hold an entry.
//   - Every register except rsp, rbp, r14 (memory base) and r15 (vmctx) is
//     caller-saved: calls spill the stack's registers first.
//   - Labels are local to the function (resolved when it ends); calls to
//     other functions are relocations patched when the image is laid out.
//
// Frame (rbp-relative above, rsp-relative below; rsp fixed in the body):
//   [rbp+16 ...]   incoming stack arguments; extra results are written there
//   [rbp+8]        return address      [rbp] saved rbp
//   [rbp-8]        saved r15 around cross-instance calls; [rbp-16] saved r14
//   [rbp-24-8i]    local i (8 bytes; i32/f32 in the low half)
//   ...            (frame size patched when the body is done)
//   [rsp+8*OUT+8d] value-stack slot for depth d
//   [rsp .. +8*OUT) outgoing stack arguments / extra results of callees
//
// Must not import: src/runtime/, native/.

import { Assembler } from '../x64/assembler.js';
import {
  RAX, RCX, RDX, RBX, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15, RBP, RSP,
  Cond, invertCond, type Gpr, type Xmm,
} from '../x64/registers.js';
import { NO_INDEX, type Label } from '../x64/operands.js';
import { form } from '../x64/table.js';
import { Reader } from '../../wasm/reader.js';
import { OPCODES, PRIMARY, readOpcodeId, Imm, IMM } from '../../wasm/opcodes.js';
import { skipImmediates } from '../../wasm/decode/body-skim.js';
import type { FuncType, Module, ValType } from '../../wasm/types.js';
import { VMCTX, helperOffset, type Helper } from '../../abi/vmctx.js';
import { TRAP_CODES, TrapCodeId, type TrapCode } from '../../abi/trap-codes.js';
import { InternalError, Unsupported, invariant } from '../errors.js';
import type { MemoryMode } from '../compiled-module.js';
import { checkSupportedType, isFloat, type CallShape } from './call-abi.js';
import { loadValue, storeValue } from './value-moves.js';
import { MoveKind, ParallelMove, type EmitMove } from './parallel-move.js';
import { SCRATCH_GPR, SCRATCH_XMM } from './numeric/common.js';

export const Kind = { Const: 0, Reg: 1, Local: 2, Slot: 3 } as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

const CTRL_BLOCK = 0;
const CTRL_LOOP = 1;
const CTRL_IF = 2;
const CTRL_ELSE = 3;
const CTRL_FUNC = 4;

interface Control {
  kind: number;
  /** Stack height below the block's parameters. */
  height: number;
  params: readonly number[];
  results: readonly number[];
  /** Branch target: the loop header, or the end. */
  label: Label;
  /** The if's false edge, or -1. */
  elseLabel: Label;
  /** Some branch targets the end label. */
  branchedTo: boolean;
  /**
   * The local caches (flat (local, register) pairs) live at the branch target,
   * which every branch to it re-establishes: a loop's are those at its header;
   * a block's are defined by the first
   * branch or fallthrough that reaches its end (null until then); if/else and
   * function ends keep none.
   */
  caches: CacheSet;
}

/** Per-module facts every function compiler needs; built once by compileModule. */
export interface ModuleEnv {
  readonly module: Module;
  readonly memoryMode: MemoryMode;
  /** Type of each global (imports first) and whether it is imported. */
  readonly globalTypes: Uint8Array;
  readonly numImportedGlobals: number;
  readonly memoryImported: boolean;
  /** Outgoing area slots: the largest CallShape.outgoingSlots of any type in the module. */
  readonly outgoingSlots: number;
  /** callShape of each type of the module, by type index (call sites look shapes up by index, not through a WeakMap). */
  readonly shapes: readonly CallShape[];
  /** Fuel metering: charge vmctx.fuel one unit per instruction, trapping out_of_fuel below zero. */
  readonly fuel: boolean;
}

/** A trap site or call return address paired with its wasm offset. */
export interface SourceSink {
  addTrapSite(machineOffset: number, code: number): void;
  addSource(machineOffset: number, wasmOffset: number): void;
}

const GPR_ORDER: readonly Gpr[] = [RAX, RBX, RSI, RDI, R8, R9, R10, R12, R13, RCX, RDX];
const XMM_COUNT = 15; // xmm0..xmm14; xmm15 is scratch
/** GPR_ORDER as masks: its first nine registers ascend, then rcx and rdx (kept for shifts and division). */
const ALLOCATABLE_GPRS = GPR_ORDER.reduce((m, r) => m | (1 << r), 0);
const PREFERRED_GPRS = ALLOCATABLE_GPRS & ~((1 << RCX) | (1 << RDX));
const ALLOCATABLE_XMMS = (1 << XMM_COUNT) - 1;
for (let k = 1; k < GPR_ORDER.length; k++) {
  const before = GPR_ORDER[k - 1]!, r = GPR_ORDER[k]!;
  const preferred = (PREFERRED_GPRS >> r) & 1, preferredBefore = (PREFERRED_GPRS >> before) & 1;
  invariant(preferredBefore > preferred || (preferredBefore === preferred && before < r), 'GPR_ORDER is the order firstInGprOrder picks');
}

/** The lowest set bit's index (m non-zero). */
function lowestBit(m: number): number {
  return 31 - Math.clz32(m & -m);
}
/** The first register of GPR_ORDER in the non-empty mask m. */
function firstInGprOrder(m: number): Gpr {
  const preferred = m & PREFERRED_GPRS;
  return lowestBit(preferred !== 0 ? preferred : m) as Gpr;
}
const FREE = -1;
const TEMP = -2;
const RESERVED = -3;
/** Owner codes at or below this name a local whose value the register caches: CACHE - local. */
const CACHE = -4;

const MOVAPS = form('movaps xmm, xmm/m128');
const MOVD_XR = form('movd xmm, rm32');
const MOVQ_XR = form('movq xmm, rm64');
const XORPS = form('xorps xmm, xmm/m128');

export type Handler = (c: FunctionCompiler, id: number) => void;

export class FunctionCompiler {
  // The module being compiled; use() points them at another (compileModule reuses one compiler).
  asm: Assembler;
  env: ModuleEnv;
  sink: SourceSink;
  r: Reader;
  /** wasm offset of the instruction being compiled. */
  instrStart = 0;

  // Value stack (parallel arrays).
  kind = new Uint8Array(64);
  type = new Uint8Array(64);
  /** Reg: register number; Local: local index; Const: low 32 bits. */
  a = new Int32Array(64);
  /** Const: high 32 bits. */
  b = new Int32Array(64);
  n = 0;
  maxDepth = 0;

  // Register owners: stack index, FREE, TEMP or RESERVED.
  private gprOwner = new Int32Array(16);
  private xmmOwner = new Int32Array(16);
  /** Bit r set: register r's owner is a local cache (owner <= CACHE); kept with every owner change. */
  private cachedGprs = 0;
  private cachedXmms = 0;
  /** Bit r set: register r's owner is FREE; kept with every owner change (allocation takes the lowest in GPR_ORDER). */
  private freeGprs = 0;
  private freeXmms = 0;
  private temps = 0;

  // Locals.
  localTypes: Uint8Array = new Uint8Array(0);
  numLocals = 0;
  private localRefs = new Int32Array(0);
  /**
   * Register caching a local's value (write-through: the local's memory is
   * always current, so a cache can be forgotten at any time), or -1. Caches
   * live within straight-line code: joins, calls and helpers forget them.
   */
  private localReg = new Int8Array(0);
  /** Scratch for preloadLoopLocals: uses per local in a loop body (kept zeroed), and the locals seen. */
  private loopUses = new Int32Array(0);
  private loopTouched = new Int32Array(64);

  // Control.
  ctrl: Control[] = [];
  private ctrlPool: Control[] = [];
  reachable = true;
  private deadNesting = 0;

  funcIndex = 0;
  /** Instructions compiled since fuel was last charged (fuel metering only). */
  private pendingFuel = 0;
  funcType!: FuncType;
  /** Offsets of the prologue's two frame-size fields: the stack check's lea (-size) and the sub (size). */
  private frameCheckAt = 0;
  private frameSubAt = 0;
  // Out-of-line stubs, as flat number lists (label, code, wasm offset) and (stub, back):
  // no object per site on the hot path.
  // (Counted, not truncated per function: `length = 0` would drop their storage.)
  private trapStubs: number[] = [];
  private trapStubCount = 0;
  private pollStubs: number[] = [];
  private pollStubCount = 0;
  /**
   * Cache sets of this function, stored flat so capturing one allocates
   * nothing: a set at index id is [count, local0, reg0, local1, reg1, ...].
   * Index 0 is the empty set (NO_CACHES); UNDECIDED (-1) marks a block end
   * no path has reached yet.
   */
  private cacheArena = new Int32Array(256);
  private cacheTop = 1;
  /** Scratch for restoreCaches (empty between calls). */
  private readonly cacheMoves = new ParallelMove();
  private lateStubs: (() => void)[] = [];
  /** Per trap code, this function's shared trap stub label (-1: none yet); see emitStubs. */
  private sharedTrapLabels = new Int32Array(TRAP_CODES.length);
  private overflowLabel: Label = -1;

  constructor(asm: Assembler, env: ModuleEnv, sink: SourceSink, private readonly handlers: readonly (Handler | undefined)[]) {
    this.asm = asm;
    this.env = env;
    this.sink = sink;
    this.r = new Reader(env.module.bytes);
  }

  /**
   * Points this compiler at another module's assembler, facts and sink, keeping
   * its working storage (compileModule reuses one compiler, see there). Drops
   * every reference into the previous module.
   */
  use(asm: Assembler, env: ModuleEnv, sink: SourceSink): void {
    this.asm = asm;
    this.env = env;
    this.sink = sink;
    if (this.r.bytes !== env.module.bytes) this.r = new Reader(env.module.bytes);
    this.lateStubs.length = 0;
  }

  // ================================================================ driver

  /** Compiles one function at the buffer's end; returns its start offset. Labels are function-local. */
  compile(funcIndex: number): number {
    const m = this.env.module;
    this.funcIndex = funcIndex;
    const def = funcIndex - m.numImportedFuncs;
    const body = m.bodies[def]!;
    this.funcType = m.types[m.funcTypes[funcIndex]!]!;
    if (this.r.bytes !== m.bytes) this.r = new Reader(m.bytes, body.start, body.end);
    else { this.r.pos = body.start; this.r.end = body.end; }
    this.readLocals();
    this.reset();
    this.asm.align(16);
    const start = this.asm.offset;
    this.prologue();
    const results = this.funcType.results;
    this.pushCtrl(CTRL_FUNC, 0, EMPTY_BLOCK.params, results, this.asm.newLabel(), -1, NO_CACHES);
    const r = this.r;
    const bytes = r.bytes;
    const handlers = this.handlers;
    const fuel = this.env.fuel;
    while (this.ctrl.length > 0) {
      const at = r.pos;
      this.instrStart = at;
      // One-byte opcodes straight from the table (PRIMARY is -1 for prefixes); the rest, and errors, through readOpcodeId.
      let id = at < r.end ? PRIMARY[bytes[at]!]! : -1;
      if (id >= 0) r.pos = at + 1;
      else id = readOpcodeId(r);
      if (!this.reachable && this.skipDead(id)) continue;
      if (fuel) {
        if (FUEL_BOUNDARY[id] === 1) this.chargeFuel();
        this.pendingFuel++;
      }
      // local.get and i32.const, four instructions in ten, without the handler
      // call (the same as their handlers in ops/variables.ts and ops/integer.ts).
      if (id === LOCAL_GET) { this.pushLocal(r.u32()); continue; }
      if (id === I32_CONST) {
        const x = bytes[r.pos]!;
        // A one-byte LEB128 (-64..63) sign-extends from bit 6; the body is validated, so the byte is there.
        if (x < 0x80) { r.pos++; this.pushEntry(Kind.Const, 0x7f, (x << 25) >> 25, 0); }
        else this.pushEntry(Kind.Const, 0x7f, r.s32(), 0);
        continue;
      }
      const h = handlers[id];
      if (h === undefined) {
        const row = OPCODES[id]!;
        throw new Unsupported(row.feature === 'simd' ? 'simd' : 'operator', `${row.name} is not supported by the baseline tier`);
      }
      // The next most frequent rows (yosys: 50% of instructions) each get a call
      // site of their own, which stays monomorphic (inlinable) instead of
      // sharing the megamorphic one below.
      switch (id) {
        case I32_ADD: h(this, id); break;
        case I32_LOAD: h(this, id); break;
        case LOCAL_TEE: h(this, id); break;
        case BR_IF: h(this, id); break;
        case END: h(this, id); break;
        case LOCAL_SET: h(this, id); break;
        case CALL: h(this, id); break;
        case BLOCK: h(this, id); break;
        case I32_STORE: h(this, id); break;
        case I32_EQZ: h(this, id); break;
        case I32_SHL: h(this, id); break;
        case BR: h(this, id); break;
        case I64_STORE: h(this, id); break;
        case GLOBAL_GET: h(this, id); break;
        case I64_CONST: h(this, id); break;
        case I32_LT_S: h(this, id); break;
        case I32_SUB: h(this, id); break;
        case LOOP: h(this, id); break;
        case I32_NE: h(this, id); break;
        case I32_AND: h(this, id); break;
        case I32_EQ: h(this, id); break;
        case I32_LOAD8_U: h(this, id); break;
        default: h(this, id);
      }
      if (this.temps !== 0) throw new InternalError(`${OPCODES[id]!.name} left ${this.temps} temporary registers`);
    }
    invariant(r.atEnd, 'function body continues after its final end');
    this.emitStubs();
    this.patchFrame();
    this.asm.buf.resolveLabels();
    return start;
  }

  /**
   * In unreachable code only nesting matters: skips the instruction unless it
   * is the else/end that closes the innermost live block. Returns true when skipped.
   */
  private skipDead(id: number): boolean {
    const row = OPCODES[id]!;
    if (IMM[id] === Imm.blockType) {
      skipImmediates(this.r, id);
      this.deadNesting++;
      return true;
    }
    if (row.prefix === 0 && (row.code === 0x0b || row.code === 0x05)) {
      if (this.deadNesting === 0) return false;
      if (row.code === 0x0b) this.deadNesting--;
      return true;
    }
    skipImmediates(this.r, id);
    return true;
  }

  /**
   * Charges the instructions of the straight-line run just compiled: every
   * path reaches a boundary (branch, call, block edge) at the run's end, so
   * each executed instruction is paid exactly once, deterministically.
   */
  private chargeFuel(): void {
    if (this.pendingFuel === 0) return;
    this.asm.aluMI(5 /* sub */, 64, R15, NO_INDEX, 1, VMCTX.fuel, this.pendingFuel);
    this.asm.jcc(Cond.S, this.trap('out_of_fuel'));
    this.pendingFuel = 0;
  }

  /** Reads the local declarations into per-function arrays, reusing their storage across functions. */
  private readLocals(): void {
    const r = this.r;
    const params = this.funcType.params;
    const groupsAt = r.pos;
    const groups = r.u32();
    let total = params.length;
    for (let i = 0; i < groups; i++) {
      total += r.u32();
      r.u8();
    }
    if (total > this.localTypes.length) {
      const cap = Math.max(total, 2 * this.localTypes.length, 16);
      this.localTypes = new Uint8Array(cap);
      this.localRefs = new Int32Array(cap);
      this.localReg = new Int8Array(cap);
      this.loopUses = new Int32Array(cap);
    }
    const lt = this.localTypes;
    let k = 0;
    for (const p of params) { checkSupportedType(p); lt[k++] = p; }
    r.pos = groupsAt;
    r.u32();
    for (let i = 0; i < groups; i++) {
      const count = r.u32();
      const t = r.u8();
      checkSupportedType(t);
      lt.fill(t, k, k + count);
      k += count;
    }
    this.numLocals = total;
    this.localRefs.fill(0, 0, total);
    this.localReg.fill(-1, 0, total);
  }

  private reset(): void {
    this.n = 0;
    this.maxDepth = 0;
    this.gprOwner.fill(FREE);
    this.xmmOwner.fill(FREE);
    const g = this.gprOwner;
    g[RSP] = RESERVED; g[RBP] = RESERVED; g[R11] = RESERVED; g[R14] = RESERVED; g[R15] = RESERVED;
    this.xmmOwner[15] = RESERVED;
    this.cachedGprs = 0;
    this.cachedXmms = 0;
    this.freeGprs = ALLOCATABLE_GPRS;
    this.freeXmms = ALLOCATABLE_XMMS;
    this.temps = 0;
    this.pendingFuel = 0;
    // Setting an array's length is a runtime call; these are empty after every complete function.
    if (this.ctrl.length !== 0) this.ctrl.length = 0;
    this.reachable = true;
    this.deadNesting = 0;
    this.trapStubCount = 0;
    this.pollStubCount = 0;
    this.cacheTop = 1;
    if (this.lateStubs.length !== 0) this.lateStubs.length = 0;
    this.overflowLabel = this.asm.newLabel();
  }

  // ================================================================ frame

  localDisp(i: number): number {
    return -24 - 8 * i;
  }
  slotDisp(depth: number): number {
    return 8 * this.env.outgoingSlots + 8 * depth;
  }
  /** Memory operand (base, disp) of entry i when it is a Local or a Slot. */
  entryBase(i: number): Gpr {
    return this.kind[i] === Kind.Local ? RBP : RSP;
  }
  entryDisp(i: number): number {
    return this.kind[i] === Kind.Local ? this.localDisp(this.a[i]!) : this.slotDisp(i);
  }

  private prologue(): void {
    const asm = this.asm;
    asm.push(RBP);
    asm.movRR(64, RBP, RSP);
    // Check the whole frame against the limit before moving rsp, so the trap
    // helper still has stack to run on.
    asm.leaRM(64, R11, RSP, NO_INDEX, 1, -0x7fffffff);
    this.frameCheckAt = asm.offset - 4;
    asm.aluRM(7 /* cmp */, 64, R11, R15, NO_INDEX, 1, VMCTX.stack_limit);
    asm.jcc(Cond.B, this.overflowLabel);
    asm.aluRI(5 /* sub */, 64, RSP, 0x7fffffff);
    this.frameSubAt = asm.offset - 4;
    // Parameters to their local slots.
    const shape = this.env.shapes[this.env.module.funcTypes[this.funcIndex]!]!;
    for (let i = 0; i < shape.params.length; i++) {
      const loc = shape.params[i]!;
      const disp = this.localDisp(i);
      if (loc.reg >= 0) {
        storeValue(asm, this.funcType.params[i]!, loc.reg, RBP, disp);
      } else {
        asm.movRM(64, R11, RBP, NO_INDEX, 1, 16 + 8 * loc.slot);
        asm.movMR(64, RBP, NO_INDEX, 1, disp, R11);
      }
    }
    // Declared locals start at zero.
    const first = this.funcType.params.length;
    const count = this.numLocals - first;
    if (count > 0 && count <= 8) {
      asm.xorRR(32, RAX, RAX);
      for (let i = first; i < this.numLocals; i++) asm.movMR(64, RBP, NO_INDEX, 1, this.localDisp(i), RAX);
    } else if (count > 8) {
      // A store loop from the lowest local upward (arguments are saved already).
      asm.leaRM(64, RDI, RBP, NO_INDEX, 1, this.localDisp(this.numLocals - 1));
      asm.movRI(32, RCX, count);
      asm.xorRR(32, RAX, RAX);
      const loop = asm.newLabel();
      asm.bind(loop);
      asm.movMR(64, RDI, NO_INDEX, 1, 0, RAX);
      asm.addRI(64, RDI, 8);
      asm.unaryR(1 /* dec */, 32, RCX);
      asm.jcc(Cond.NE, loop);
    }
    // Register parameters stay cached in their argument registers (the zero
    // loop above clobbers rdi, rcx and rax); yield in the poll keeps them.
    const clobbered = count > 8 ? (1 << RDI) | (1 << RCX) | (1 << RAX) : count > 0 ? 1 << RAX : 0;
    for (let i = 0; i < shape.params.length; i++) {
      const loc = shape.params[i]!;
      if (loc.reg < 0 || (!loc.float && clobbered & (1 << loc.reg))) continue;
      if (loc.float) { this.xmmOwner[loc.reg] = CACHE - i; this.cachedXmms |= 1 << loc.reg; this.freeXmms &= ~(1 << loc.reg); }
      else { this.gprOwner[loc.reg] = CACHE - i; this.cachedGprs |= 1 << loc.reg; this.freeGprs &= ~(1 << loc.reg); }
      this.localReg[i] = loc.reg;
    }
    this.pollInterrupt();
  }

  private patchFrame(): void {
    let size = 16 + 8 * this.numLocals + 8 * (this.maxDepth + this.env.outgoingSlots);
    size = (size + 15) & ~15;
    if (size > 0x7fff0000) throw new Unsupported('limits', `function ${this.funcIndex}'s frame is too large`);
    const view = this.asm.buf.view;
    view.setInt32(this.frameCheckAt, -size, true);
    view.setInt32(this.frameSubAt, size, true);
  }

  /**
   * Interrupt poll: function entries and loop headers. The stub is `call
   * yield; jmp back` and nothing else: yield returns with every register as
   * it was (src/abi/vmctx.ts), so the cached locals survive it.
   */
  pollInterrupt(): void {
    const asm = this.asm;
    const stub = asm.newLabel();
    const back = asm.newLabel();
    asm.aluMI(7 /* cmp */, 32, R15, NO_INDEX, 1, VMCTX.interrupt, 0);
    asm.jcc(Cond.NE, stub);
    asm.bind(back);
    const k = this.pollStubCount;
    this.pollStubs[k] = stub;
    this.pollStubs[k + 1] = back;
    this.pollStubCount = k + 2;
  }

  /** The live local caches, recorded as a cache set. */
  private captureCaches(): CacheSet {
    const gprs = this.cachedGprs;
    const xmms = this.cachedXmms;
    if ((gprs | xmms) === 0) return NO_CACHES;
    const count = popcount16(gprs) + popcount16(xmms);
    const id = this.cacheTop;
    if (id + 1 + 2 * count > this.cacheArena.length) {
      const grown = new Int32Array(Math.max(this.cacheArena.length * 2, id + 1 + 2 * count));
      grown.set(this.cacheArena);
      this.cacheArena = grown;
    }
    const a = this.cacheArena;
    a[id] = count;
    let k = id + 1;
    // Register order, a GPR before the xmm of the same number (a set is compared and restored pair by pair).
    let both = gprs | xmms;
    while (both !== 0) {
      const r = 31 - Math.clz32(both & -both);
      both &= both - 1;
      if (gprs & (1 << r)) { a[k++] = CACHE - this.gprOwner[r]!; a[k++] = r; }
      if (xmms & (1 << r)) { a[k++] = CACHE - this.xmmOwner[r]!; a[k++] = r; }
    }
    this.cacheTop = k;
    return id;
  }

  /** True when every (local, register) pair of the set holds now. */
  private cachesMatch(set: CacheSet): boolean {
    const a = this.cacheArena;
    const end = set + 1 + 2 * a[set]!;
    for (let k = set + 1; k < end; k += 2) if (this.localReg[a[k]!] !== a[k + 1]) return false;
    return true;
  }

  /**
   * Code on a path into c's label (after the carried values moved): loads the
   * caches the label expects, or — first arrival at a block end — adopts the
   * current ones as what the label expects.
   */
  private establishCaches(c: Control): void {
    if (c.caches === UNDECIDED) c.caches = this.captureCaches();
    else this.restoreCaches(c.caches);
  }

  /** After binding a join label: the compile-time cache state becomes `caches` (registers hold no entries here). */
  private adoptCaches(set: CacheSet): void {
    this.dropCaches();
    const a = this.cacheArena;
    const end = set + 1 + 2 * a[set]!;
    for (let k = set + 1; k < end; k += 2) {
      const i = a[k]!;
      const r = a[k + 1]!;
      const owners = isFloat(this.localTypes[i]!) ? this.xmmOwner : this.gprOwner;
      invariant(owners[r] === FREE, 'a join cache register still holds a value');
      owners[r] = CACHE - i;
      if (owners === this.xmmOwner) { this.cachedXmms |= 1 << r; this.freeXmms &= ~(1 << r); }
      else { this.cachedGprs |= 1 << r; this.freeGprs &= ~(1 << r); }
      this.localReg[i] = r;
    }
  }

  /**
   * Puts each cached local of `set` into its register (code on a path to a
   * join; the compile-time state is left as is). Locals cached in another
   * register get there by one parallel move (parallel-move.ts); then the
   * others load from their memory, which reads no register.
   */
  private restoreCaches(set: CacheSet): void {
    const a = this.cacheArena;
    const count = a[set]!;
    const moves = this.cacheMoves;
    let loads = 0;
    for (let p = 0; p < count; p++) {
      const i = a[set + 1 + 2 * p]!;
      const r = a[set + 2 + 2 * p]!;
      const from = this.localReg[i]!;
      if (from === r) continue;
      if (from < 0) { loads |= 1 << p; continue; } // a set has at most 30 pairs (15 + 15 registers)
      const t = this.localTypes[i]!;
      moves.add(r, from, isFloat(t) ? MoveKind.Xmm : t === 0x7f ? MoveKind.Gpr32 : MoveKind.Gpr64);
    }
    if (moves.size > 0) moves.emit(SCRATCH_GPR, SCRATCH_XMM, this.emitCacheMove);
    for (let p = 0; p < count; p++) {
      if (!(loads & (1 << p))) continue;
      const i = a[set + 1 + 2 * p]!;
      const r = a[set + 2 + 2 * p]!;
      loadValue(this.asm, this.localTypes[i]!, r, RBP, this.localDisp(i));
    }
  }

  /** One move of restoreCaches' parallel move (made once: no closure per restore). */
  private readonly emitCacheMove: EmitMove = (dst, src, kind) => {
    if (kind === MoveKind.Xmm) this.asm.sseRR(MOVAPS, dst as Xmm, src as Xmm);
    else this.asm.movRR(kind === MoveKind.Gpr32 ? 32 : 64, dst as Gpr, src as Gpr);
  };

  /** The label of an out-of-line stub raising `code` here (one per site, for exact backtraces). */
  trap(code: TrapCode): Label {
    const label = this.asm.newLabel();
    const k = this.trapStubCount;
    this.trapStubs[k] = label;
    this.trapStubs[k + 1] = TrapCodeId[code];
    this.trapStubs[k + 2] = this.instrStart;
    this.trapStubCount = k + 3;
    return label;
  }

  /** trap() as a value, for the numeric sequences' TrapLabel parameter (made once, not per call). */
  readonly trapLabel = (code: TrapCode): Label => this.trap(code);

  /** Marks the instruction starting at `machineOffset` as one that faults on purpose with `code`. */
  trapSite(machineOffset: number, code: TrapCode): void {
    this.sink.addTrapSite(machineOffset, TrapCodeId[code]);
    this.sink.addSource(machineOffset, this.instrStart);
  }

  /** Code emitted after the body (out-of-line paths of handlers). */
  outOfLine(emit: () => void): void {
    this.lateStubs.push(emit);
  }

  callHelper(h: Helper): void {
    this.asm.callM(R15, NO_INDEX, 1, helperOffset(h));
    this.sink.addSource(this.asm.offset, this.instrStart);
  }

  /**
   * Trap stubs, two levels: each site gets `call <code's shared stub>` (5
   * bytes: its return address is the precise pc the trap helper records and
   * the backtrace maps), and each trap code used gets one shared stub per
   * function, `mov edi, code; jmp [r15 + trap]` (the helper then sees the
   * site's return address at [rsp], exactly as if the site had called it).
   */
  private emitStubs(): void {
    const asm = this.asm;
    const shared = this.sharedTrapLabels;
    shared.fill(-1);
    asm.bind(this.overflowLabel);
    asm.callLabel(this.sharedTrapLabel(TrapCodeId.stack_overflow));
    this.sink.addSource(asm.offset, 0);
    const trapHelper = helperOffset('trap');
    const yieldHelper = helperOffset('yield');
    const ts = this.trapStubs;
    for (let i = 0; i < this.trapStubCount; i += 3) {
      asm.bind(ts[i]!);
      asm.callLabel(this.sharedTrapLabel(ts[i + 1]!));
      this.sink.addSource(asm.offset, ts[i + 2]!);
    }
    for (let code = 0; code < shared.length; code++) {
      if (shared[code] === -1) continue;
      asm.bind(shared[code]!);
      asm.movRI(32, RDI, code);
      asm.jmpM(R15, NO_INDEX, 1, trapHelper);
    }
    const ps = this.pollStubs;
    for (let i = 0; i < this.pollStubCount; i += 2) {
      asm.bind(ps[i]!);
      asm.callM(R15, NO_INDEX, 1, yieldHelper);
      asm.jmp(ps[i + 1]!);
    }
    for (const emit of this.lateStubs) emit();
  }

  /** This function's shared stub for trap code `code` (see emitStubs), made on first use. */
  private sharedTrapLabel(code: number): Label {
    const shared = this.sharedTrapLabels;
    if (shared[code] === -1) shared[code] = this.asm.newLabel();
    return shared[code]!;
  }

  // ================================================================ registers

  private ensureCap(): void {
    if (this.n < this.kind.length) return;
    const grow = <T extends Uint8Array | Int32Array>(x: T): T => {
      const y = new (x.constructor as new (n: number) => T)(x.length * 2);
      y.set(x);
      return y;
    };
    this.kind = grow(this.kind);
    this.type = grow(this.type);
    this.a = grow(this.a);
    this.b = grow(this.b);
  }

  /** A free GPR (spilling the deepest register entry when none is). Returned as a temp. */
  allocGpr(avoid = 0): Gpr {
    const free = this.freeGprs & ~avoid;
    if (free !== 0) {
      const r = firstInGprOrder(free);
      this.gprOwner[r] = TEMP;
      this.freeGprs &= ~(1 << r);
      this.temps++;
      return r;
    }
    const cached = this.cachedGprs & ~avoid;
    if (cached !== 0) {
      const r = firstInGprOrder(cached);
      this.localReg[CACHE - this.gprOwner[r]!] = -1;
      this.cachedGprs &= ~(1 << r);
      this.gprOwner[r] = TEMP;
      this.temps++;
      return r;
    }
    for (let i = 0; i < this.n; i++) {
      if (this.kind[i] === Kind.Reg && !isFloat(this.type[i]!) && !(avoid & (1 << this.a[i]!))) {
        const r = this.a[i]! as Gpr;
        this.spillEntry(i);
        this.gprOwner[r] = TEMP;
        this.freeGprs &= ~(1 << r);
        this.temps++;
        return r;
      }
    }
    throw new InternalError('out of general-purpose registers');
  }

  allocXmm(avoid = 0): Xmm {
    const free = this.freeXmms & ~avoid;
    if (free !== 0) {
      const r = lowestBit(free);
      this.xmmOwner[r] = TEMP;
      this.freeXmms &= ~(1 << r);
      this.temps++;
      return r as Xmm;
    }
    const cached = this.cachedXmms & ~avoid;
    if (cached !== 0) {
      const r = lowestBit(cached);
      this.localReg[CACHE - this.xmmOwner[r]!] = -1;
      this.cachedXmms &= ~(1 << r);
      this.xmmOwner[r] = TEMP;
      this.temps++;
      return r as Xmm;
    }
    for (let i = 0; i < this.n; i++) {
      if (this.kind[i] === Kind.Reg && isFloat(this.type[i]!) && !(avoid & (1 << this.a[i]!))) {
        const r = this.a[i]! as Xmm;
        this.spillEntry(i);
        this.xmmOwner[r] = TEMP;
        this.freeXmms &= ~(1 << r);
        this.temps++;
        return r;
      }
    }
    throw new InternalError('out of xmm registers');
  }

  /** Takes a specific GPR as a temp, moving out whatever holds it. */
  needGpr(r: Gpr): Gpr {
    const owner = this.gprOwner[r]!;
    if (owner === TEMP || owner === RESERVED) throw new InternalError(`register ${r} is not available`);
    if (owner <= CACHE) {
      this.localReg[CACHE - owner] = -1;
      this.cachedGprs &= ~(1 << r);
    } else if (owner >= 0) {
      const to = this.allocGpr(1 << r);
      this.asm.movRR(64, to, r);
      this.a[owner] = to;
      this.gprOwner[to] = owner;
      this.temps--;
    }
    this.gprOwner[r] = TEMP;
    this.freeGprs &= ~(1 << r);
    this.temps++;
    return r;
  }

  /** Takes `r` back as a temp; it must be free (a handler re-taking the register it just freed). */
  allocGprExactly(r: Gpr): void {
    if (this.gprOwner[r] !== FREE) throw new InternalError(`register ${r} is not free`);
    this.gprOwner[r] = TEMP;
    this.freeGprs &= ~(1 << r);
    this.temps++;
  }

  freeGpr(r: Gpr): void {
    if (this.gprOwner[r] !== TEMP) throw new InternalError(`freeing register ${r}, which is not a temp`);
    this.gprOwner[r] = FREE;
    this.freeGprs |= 1 << r;
    this.temps--;
  }
  freeXmm(r: Xmm): void {
    if (this.xmmOwner[r] !== TEMP) throw new InternalError(`freeing xmm${r}, which is not a temp`);
    this.xmmOwner[r] = FREE;
    this.freeXmms |= 1 << r;
    this.temps--;
  }
  /** Forgets every local cache (control-flow joins; before anything clobbers registers). */
  dropCaches(): void {
    const lr = this.localReg;
    let m = this.cachedGprs;
    while (m !== 0) {
      const r = 31 - Math.clz32(m & -m);
      m &= m - 1;
      lr[CACHE - this.gprOwner[r]!] = -1;
      this.gprOwner[r] = FREE;
    }
    m = this.cachedXmms;
    while (m !== 0) {
      const r = 31 - Math.clz32(m & -m);
      m &= m - 1;
      lr[CACHE - this.xmmOwner[r]!] = -1;
      this.xmmOwner[r] = FREE;
    }
    this.freeGprs |= this.cachedGprs;
    this.freeXmms |= this.cachedXmms;
    this.cachedGprs = 0;
    this.cachedXmms = 0;
  }

  /** Makes temp register `r` (just stored to local i's memory) the cache of local i. */
  cacheLocal(i: number, r: number): void {
    const float = isFloat(this.localTypes[i]!);
    const owners = float ? this.xmmOwner : this.gprOwner;
    invariant(owners[r] === TEMP, 'caching a register that is not a temp');
    const old = this.localReg[i]!;
    let mask = float ? this.cachedXmms : this.cachedGprs;
    if (old >= 0) {
      owners[old] = FREE;
      mask &= ~(1 << old);
      if (float) this.freeXmms |= 1 << old; else this.freeGprs |= 1 << old;
    }
    owners[r] = CACHE - i;
    mask |= 1 << r;
    if (float) this.cachedXmms = mask; else this.cachedGprs = mask;
    this.localReg[i] = r | 0;
    this.temps--;
  }

  /** Forgets local i's cache (its memory is about to change without the register). */
  uncache(i: number): void {
    const r = this.localReg[i]!;
    if (r < 0) return;
    if (isFloat(this.localTypes[i]!)) { this.xmmOwner[r] = FREE; this.cachedXmms &= ~(1 << r); this.freeXmms |= 1 << r; }
    else { this.gprOwner[r] = FREE; this.cachedGprs &= ~(1 << r); this.freeGprs |= 1 << r; }
    this.localReg[i] = -1;
  }

  /** The register caching local i, or -1. */
  localCache(i: number): number {
    return this.localReg[i]!;
  }

  /** The register holding entry i's value without a load (a Reg entry or a cached Local), or -1. */
  entryReg(i: number): number {
    const k = this.kind[i];
    if (k === Kind.Reg) return this.a[i]!;
    if (k === Kind.Local) return this.localReg[this.a[i]!]!;
    return -1;
  }


  // ================================================================ the stack

  private pushEntry(kind: Kind, type: number, a: number, b: number): void {
    this.ensureCap();
    const i = this.n++;
    // `| 0`: V8 then stores int32s into the typed arrays (the values are int32
    // already) instead of converting tagged numbers through a double.
    this.kind[i] = kind | 0;
    this.type[i] = type | 0;
    this.a[i] = a | 0;
    this.b[i] = b | 0;
    if (this.n > this.maxDepth) this.maxDepth = this.n;
  }

  /** Pushes a temp register as the new top entry (ownership moves to the stack). */
  pushGpr(type: ValType | number, r: Gpr): void {
    invariant(this.gprOwner[r] === TEMP, 'pushing a register that is not a temp');
    this.temps--;
    this.gprOwner[r] = this.n;
    this.pushEntry(Kind.Reg, type, r, 0);
  }
  pushXmm(type: ValType | number, r: Xmm): void {
    invariant(this.xmmOwner[r] === TEMP, 'pushing an xmm register that is not a temp');
    this.temps--;
    this.xmmOwner[r] = this.n;
    this.pushEntry(Kind.Reg, type, r, 0);
  }
  pushConst32(type: ValType | number, v: number): void {
    this.pushEntry(Kind.Const, type, v | 0, 0);
  }
  pushConst64(type: ValType | number, v: bigint): void {
    this.pushEntry(Kind.Const, type, Number(BigInt.asIntN(32, v)), Number(BigInt.asIntN(32, v >> 32n)));
  }
  /** pushConst64 of the value whose low and high 32 bits are `lo` and `hi` (no BigInt). */
  pushConst64Halves(type: ValType | number, lo: number, hi: number): void {
    this.pushEntry(Kind.Const, type, lo | 0, hi | 0);
  }
  pushLocal(i: number): void {
    this.localRefs[i]!++;
    this.pushEntry(Kind.Local, this.localTypes[i]!, i, 0);
  }
  pushSlot(type: number): void {
    this.pushEntry(Kind.Slot, type, 0, 0);
  }

  topKind(): Kind {
    return this.kind[this.n - 1]! as Kind;
  }
  topType(): number {
    return this.type[this.n - 1]!;
  }
  /** The top entry's constant as a 64-bit value (Kind.Const only). */
  constBig(i: number): bigint {
    return (BigInt(this.b[i]!) << 32n) | BigInt(this.a[i]! >>> 0);
  }
  /** The top entry is a constant that fits a sign-extended imm32 for its width. */
  topIsImm32(): boolean {
    const i = this.n - 1;
    if (this.kind[i] !== Kind.Const) return false;
    if (this.type[i] === 0x7f) return true;
    const hi = this.b[i]!;
    const lo = this.a[i]!;
    return (hi === 0 && lo >= 0) || (hi === -1 && lo < 0);
  }

  /** Register r of a value of type t becomes FREE (its entry is gone or spilled). */
  private releaseReg(t: number, r: number): void {
    if (isFloat(t)) { this.xmmOwner[r] = FREE; this.freeXmms |= 1 << r; }
    else { this.gprOwner[r] = FREE; this.freeGprs |= 1 << r; }
  }

  /** Removes the top entry, releasing whatever it holds, without materializing it. */
  drop(): void {
    const i = --this.n;
    const k = this.kind[i];
    if (k === Kind.Reg) {
      this.releaseReg(this.type[i]!, this.a[i]!);
    } else if (k === Kind.Local) {
      this.localRefs[this.a[i]!]!--;
    }
  }

  /** Pops the top entry into a GPR temp the handler may overwrite. */
  popGpr(avoid = 0): Gpr {
    const i = this.n - 1;
    if (this.kind[i] === Kind.Reg && !(avoid & (1 << this.a[i]!))) {
      const r = this.a[i]! as Gpr;
      this.n--;
      this.gprOwner[r] = TEMP;
      this.temps++;
      return r;
    }
    const r = this.allocGpr(avoid);
    this.loadGpr(r, i);
    this.drop();
    return r;
  }
  popXmm(avoid = 0): Xmm {
    const i = this.n - 1;
    if (this.kind[i] === Kind.Reg && !(avoid & (1 << this.a[i]!))) {
      const r = this.a[i]! as Xmm;
      this.n--;
      this.xmmOwner[r] = TEMP;
      this.temps++;
      return r;
    }
    const r = this.allocXmm(avoid);
    this.loadXmm(r, i);
    this.drop();
    return r;
  }
  /** Pops the top entry into exactly register `r` (e.g. rcx for shift counts). */
  popGprInto(r: Gpr): Gpr {
    const i = this.n - 1;
    if (this.kind[i] === Kind.Reg && this.a[i] === r) return this.popGpr();
    this.needGpr(r);
    this.loadGpr(r, i);
    this.drop();
    return r;
  }

  /** Copies entry i's value into GPR r (entry unchanged). */
  loadGpr(r: Gpr, i: number): void {
    const asm = this.asm;
    const w = this.type[i] === 0x7f ? 32 : 64;
    switch (this.kind[i]) {
      case Kind.Const:
        if (w === 32) asm.movRI(32, r, this.a[i]! >>> 0);
        else if (this.b[i] === 0) asm.movRI(64, r, this.a[i]! >>> 0);
        else if (this.b[i] === -1 && this.a[i]! < 0) asm.movRI(64, r, this.a[i]!);
        else asm.movRI(64, r, this.constBig(i));
        return;
      case Kind.Reg:
        if (this.a[i] !== r) asm.movRR(w, r, this.a[i]! as Gpr);
        return;
      default: {
        const cached = this.kind[i] === Kind.Local ? this.localReg[this.a[i]!]! : -1;
        if (cached >= 0) { if (cached !== r) asm.movRR(w, r, cached as Gpr); return; }
        asm.movRM(w, r, this.entryBase(i), NO_INDEX, 1, this.entryDisp(i));
      }
    }
  }
  loadXmm(r: Xmm, i: number): void {
    const asm = this.asm;
    const f64 = this.type[i] === 0x7c;
    switch (this.kind[i]) {
      case Kind.Const: {
        const bits = f64 ? this.constBig(i) : BigInt(this.a[i]! >>> 0);
        if (bits === 0n) { asm.sseRR(XORPS, r, r); return; }
        asm.movRI(64, R11, bits);
        asm.sseRR(f64 ? MOVQ_XR : MOVD_XR, r, R11);
        return;
      }
      case Kind.Reg:
        if (this.a[i] !== r) asm.sseRR(MOVAPS, r, this.a[i]! as Xmm);
        return;
      default: {
        const cached = this.kind[i] === Kind.Local ? this.localReg[this.a[i]!]! : -1;
        if (cached >= 0) { if (cached !== r) asm.sseRR(MOVAPS, r, cached as Xmm); return; }
        loadValue(asm, this.type[i]!, r, this.entryBase(i), this.entryDisp(i));
      }
    }
  }

  /** Stores entry i's value to the 8-byte memory at (base, disp), through scratch registers. */
  storeEntryTo(i: number, base: Gpr, disp: number): void {
    const asm = this.asm;
    const k = this.kind[i];
    const reg = this.entryReg(i);
    if (reg >= 0) {
      storeValue(asm, this.type[i]!, reg, base, disp);
    } else if (k === Kind.Const) {
      const lo = this.a[i]!;
      const hi = this.b[i]!;
      if ((hi === 0 && lo >= 0) || (hi === -1 && lo < 0)) asm.movMI(64, base, NO_INDEX, 1, disp, lo);
      else {
        if (hi === 0) asm.movRI(64, R11, lo >>> 0); else asm.movRI(64, R11, this.constBig(i));
        asm.movMR(64, base, NO_INDEX, 1, disp, R11);
      }
    } else {
      const from = this.entryBase(i);
      const fromDisp = this.entryDisp(i);
      if (from === base && fromDisp === disp) return;
      asm.movRM(64, R11, from, NO_INDEX, 1, fromDisp);
      asm.movMR(64, base, NO_INDEX, 1, disp, R11);
    }
  }

  /** Moves entry i to its canonical slot (releasing its register / local reference). */
  spillEntry(i: number): void {
    const k = this.kind[i];
    if (k === Kind.Slot) return;
    this.storeEntryTo(i, RSP, this.slotDisp(i));
    if (k === Kind.Reg) {
      this.releaseReg(this.type[i]!, this.a[i]!);
    } else if (k === Kind.Local) {
      this.localRefs[this.a[i]!]!--;
    }
    this.kind[i] = Kind.Slot;
  }

  /** Every entry to its slot: the canonical state at control-flow joins. */
  spillAll(): void {
    for (let i = 0; i < this.n; i++) this.spillEntry(i);
  }
  /** Register entries below `top` to their slots (before anything clobbering caller-saved registers). */
  spillRegs(top = this.n): void {
    this.dropCaches();
    for (let i = 0; i < top; i++) if (this.kind[i] === Kind.Reg) this.spillEntry(i);
  }

  /** Before local i is written: stack entries reading it lazily take their value now. */
  materializeLocal(local: number): void {
    if (this.localRefs[local] === 0) return;
    for (let i = 0; i < this.n; i++) {
      if (this.kind[i] === Kind.Local && this.a[i] === local) this.spillEntry(i);
    }
  }

  // ================================================================ control

  /** The block type at the reader: a shared constant for the short forms, the module's FuncType otherwise (no allocation). */
  blockType(): { readonly params: readonly number[]; readonly results: readonly number[] } {
    const bt = this.r.s33();
    if (bt === -64) return EMPTY_BLOCK;
    if (bt < 0) {
      const t = bt & 0x7f;
      checkSupportedType(t);
      return SINGLE_RESULT.get(t)!;
    }
    const t = this.env.module.types[bt]!;
    for (const v of t.params) checkSupportedType(v);
    for (const v of t.results) checkSupportedType(v);
    return t;
  }

  enterBlock(kind: number): void {
    if (kind === CTRL_IF) this.testCondition();
    this.enterBlockOn(kind, Cond.NE);
  }

  /** Pops an i32 condition and sets the flags from it (NE: non-zero); a cached local is tested in place, not copied. */
  private testCondition(): void {
    const top = this.n - 1;
    const cached = this.kind[top] === Kind.Local ? this.localReg[this.a[top]!]! : -1;
    if (cached >= 0) {
      this.drop();
      this.asm.testRR(32, cached as Gpr, cached as Gpr);
      return;
    }
    const cond = this.popGpr();
    this.asm.testRR(32, cond, cond);
    this.freeGpr(cond);
  }

  /** Enters a block; for `if`, the flags already hold the condition `cond` (spills do not touch flags). */
  private enterBlockOn(kind: number, cond: Cond): void {
    const { params, results } = this.blockType();
    let elseLabel = -1;
    this.spillAll();
    if (kind === CTRL_IF) {
      elseLabel = this.asm.newLabel();
      this.asm.jcc(invertCond(cond), elseLabel);
    }
    const label = this.asm.newLabel();
    let caches: CacheSet = kind === CTRL_BLOCK ? UNDECIDED : NO_CACHES;
    if (kind === CTRL_LOOP) {
      this.preloadLoopLocals();
      caches = this.captureCaches();
      this.asm.bind(label);
      this.pollInterrupt();
    }
    this.pushCtrl(kind, this.n - params.length, params, results, label, elseLabel, caches);
  }

  /**
   * Before a loop header: loads the locals the loop body uses most into free
   * registers, so they become the header's caches and stay in registers
   * across iterations (back edges re-establish them). Reads ahead over the
   * body once (to its matching end) without compiling it.
   */
  private preloadLoopLocals(): void {
    const r = this.r;
    const save = r.pos;
    const uses = this.loopUses;
    const touched = this.loopTouched;
    let nTouched = 0;
    let depth = 0;
    // A bounded look-ahead: the start of a large body says enough, and nested
    // loops would otherwise be re-read by every enclosing one.
    // The body is validated: immediates are well formed, so most instructions
    // are stepped over by their first byte (SCAN_STEP) without the generic decoder.
    const limit = Math.min(r.end, save + PRELOAD_SCAN_BYTES);
    const bytes = r.bytes;
    const numLocals = this.numLocals;
    const localReg = this.localReg;
    const maxTouched = touched.length;
    let p = save;
    scan: for (;;) {
      // The inner loop calls nothing, so V8 keeps the arrays' data pointers and
      // lengths in registers across iterations; the rare instructions it cannot
      // step over leave it for the generic decoder below and come back.
      while (p < limit) {
        const step = SCAN_STEP[bytes[p]!]!;
        if (step === SCAN_LOCAL) {
          let i = bytes[p + 1]!;
          p += 2;
          if (i >= 0x80) {
            // A multi-byte LEB128 index, read inline (validated: at most 5 bytes).
            i &= 0x7f;
            for (let shift = 7; ; shift += 7) {
              const b = bytes[p++]!;
              i |= (b & 0x7f) << shift;
              if (b < 0x80) break;
            }
          }
          if (i < numLocals && localReg[i] === -1) {
            const u = uses[i]!;
            if (u === 0) {
              if (nTouched === maxTouched) continue; // enough candidates
              touched[nTouched++] = i;
            }
            uses[i] = u + 1;
          }
          continue;
        }
        if (step >= SCAN_LEBS) {
          p++;
          if (step >= SCAN_FIXED) { p += step - SCAN_FIXED; continue; }
          // (step - SCAN_LEBS) LEB128 immediates; one (i32.const, call, br_if) is the common case.
          for (let n = step - SCAN_LEBS; n > 0; n--) {
            while (bytes[p]! >= 0x80) p++;
            p++;
          }
          continue;
        }
        if (step === SCAN_END) { if (depth === 0) break scan; depth--; p++; continue; }
        if (step === SCAN_BLOCK && bytes[p + 1]! < 0x80) { depth++; p += 2; continue; }
        break;
      }
      if (p >= limit) break;
      r.pos = p;
      const id = readOpcodeId(r);
      if (IMM[id] === Imm.blockType) depth++;
      skipImmediates(r, id);
      p = r.pos;
    }
    r.pos = save;
    // Most-used first (used at least twice; ties by first use), into free registers only (never evicting anything).
    // The candidates are compacted first, so each round looks at those few, not at every local touched.
    let nCand = 0;
    for (let k = 0; k < nTouched; k++) {
      const i = touched[k]!;
      if (uses[i]! > 1) touched[nCand++] = i; else uses[i] = 0;
    }
    for (let round = 0; round < PRELOAD_MAX && nCand > 0; round++) {
      let bestK = 0;
      for (let k = 1; k < nCand; k++) if (uses[touched[k]!]! > uses[touched[bestK]!]!) bestK = k;
      const best = touched[bestK]!;
      uses[best] = 0;
      nCand--;
      for (let k = bestK; k < nCand; k++) touched[k] = touched[k + 1]!;
      const t = this.localTypes[best]!;
      const float = isFloat(t);
      const owners = float ? this.xmmOwner : this.gprOwner;
      const free = float ? this.freeXmms : this.freeGprs;
      if (free === 0) continue;
      const reg = float ? lowestBit(free) : firstInGprOrder(free);
      loadValue(this.asm, t, reg, RBP, this.localDisp(best));
      owners[reg] = CACHE - best;
      if (float) { this.cachedXmms |= 1 << reg; this.freeXmms &= ~(1 << reg); }
      else { this.cachedGprs |= 1 << reg; this.freeGprs &= ~(1 << reg); }
      this.localReg[best] = reg;
    }
    for (let k = 0; k < nCand; k++) uses[touched[k]!] = 0;
  }

  /** Pushes a control frame, reusing a popped one (no allocation per block). */
  private pushCtrl(kind: number, height: number, params: readonly number[], results: readonly number[],
    label: Label, elseLabel: Label, caches: CacheSet): void {
    const c = this.ctrlPool.pop();
    if (c === undefined) {
      this.ctrl.push({ kind, height, params, results, label, elseLabel, branchedTo: false, caches });
      return;
    }
    c.kind = kind; c.height = height; c.params = params; c.results = results; c.label = label;
    c.elseLabel = elseLabel; c.branchedTo = false; c.caches = caches;
    this.ctrl.push(c);
  }

  private popCtrl(): void {
    this.ctrlPool.push(this.ctrl.pop()!);
  }

  /** True when the next instruction is a br_if, if or select that fuseConditional would take. */
  nextIsConditional(): boolean {
    if (this.env.fuel) return false;
    const next = this.r.bytes[this.r.pos];
    return next === 0x0d || next === 0x04 || next === 0x1b || next === 0x1c;
  }

  /**
   * Called by a comparison right after it set the flags for `cond`: when the
   * next instruction is br_if, if or select, compiles it on those flags
   * (instead of materializing 0/1) and returns true.
   */
  fuseConditional(cond: Cond): boolean {
    if (this.env.fuel) return false; // the next instruction must pass the driver, which charges fuel there
    const r = this.r;
    const next = r.bytes[r.pos];
    if (next !== 0x0d && next !== 0x04 && next !== 0x1b && next !== 0x1c) return false;
    this.instrStart = r.pos;
    r.pos++;
    if (next === 0x0d) this.brIfOn(cond, r.u32());
    else if (next === 0x04) this.enterBlockOn(CTRL_IF, cond);
    else {
      if (next === 0x1c) for (let k = r.u32(); k > 0; k--) r.u8(); // typed select: its value types
      this.selectOn(cond);
    }
    return true;
  }

  /** select whose condition is the i32 on top of the stack (a cached local is tested in place). */
  selectOnStackCondition(): void {
    this.testCondition();
    this.selectOn(Cond.NE);
  }

  /**
   * select with its condition in the flags (`cond` holds when it is non-zero):
   * integers and references by a cmov, floats by a branch around a move. Only
   * movs run between the comparison and the cmov or jcc (popping the operands
   * may load or spill, never with a flag-setting instruction).
   */
  private selectOn(cond: Cond): void {
    const asm = this.asm;
    const top = this.n - 1;
    const t = this.type[top]!;
    // The second operand is only read: a cached local is read in place.
    const cached = this.kind[top] === Kind.Local ? this.localReg[this.a[top]!]! : -1;
    if (cached >= 0) this.drop();
    if (isFloat(t)) {
      const second = cached >= 0 ? cached as Xmm : this.popXmm();
      const first = this.popXmm(cached >= 0 ? 1 << cached : 0);
      const keep = asm.newLabel();
      asm.jcc(cond, keep);
      asm.sseRR(MOVAPS, first, second);
      asm.bind(keep);
      if (cached < 0) this.freeXmm(second);
      this.pushXmm(t, first);
      return;
    }
    const second = cached >= 0 ? cached as Gpr : this.popGpr();
    const first = this.popGpr(cached >= 0 ? 1 << cached : 0);
    asm.cmovRR(invertCond(cond), t === 0x7f ? 32 : 64, first, second);
    if (cached < 0) this.freeGpr(second);
    this.pushGpr(t, first);
  }

  /** Resets the stack to `height` plus `types` as slot entries (the canonical state at a join). */
  private resetStack(height: number, types: readonly number[]): void {
    while (this.n > height) this.drop();
    for (const t of types) this.pushSlot(t);
  }

  elseBranch(): void {
    const c = this.ctrl[this.ctrl.length - 1]!;
    invariant(c.kind === CTRL_IF, 'else without if');
    if (this.reachable) {
      this.spillAll();
      this.asm.jmp(c.label);
      c.branchedTo = true;
    }
    this.dropCaches();
    this.asm.bind(c.elseLabel);
    c.elseLabel = -1;
    c.kind = CTRL_ELSE;
    this.resetStack(c.height, c.params);
    this.reachable = true; // blocks in unreachable code are skipped whole, so the if was entered
  }

  endBlock(): void {
    const c = this.ctrl[this.ctrl.length - 1]!;
    if (c.kind === CTRL_FUNC) {
      if (this.reachable) this.emitReturn();
      this.asm.bind(c.label);
      this.popCtrl();
      // A branch to the function's label is a return: emitted at each branch.
      return;
    }
    if (this.reachable) {
      this.spillAll();
      if (c.kind === CTRL_BLOCK) this.establishCaches(c);
    }
    let reachable = this.reachable || c.branchedTo;
    if (c.kind === CTRL_IF) {
      // No else: the false edge falls through with the parameters as results.
      this.asm.bind(c.elseLabel);
      reachable = true;
    }
    if (c.kind !== CTRL_LOOP) this.asm.bind(c.label);
    else reachable = this.reachable;
    // The join's caches: a block's agreed state; if/else ends keep none; a loop's end is its fallthrough.
    if (c.kind === CTRL_BLOCK) this.adoptCaches(c.caches === UNDECIDED ? NO_CACHES : c.caches);
    else if (c.kind !== CTRL_LOOP) this.dropCaches();
    this.popCtrl();
    this.resetStack(c.height, c.results);
    this.reachable = reachable;
  }

  /** The control frame `depth` labels out, and the values a branch to it carries. */
  private target(depth: number): Control {
    return this.ctrl[this.ctrl.length - 1 - depth]!;
  }

  /** Emits the moves a branch to `c` needs (values into the target's slots). Returns false when none were needed. */
  private branchMoves(c: Control, count: number): boolean {
    let moved = false;
    for (let j = 0; j < count; j++) {
      const from = this.n - count + j;
      const to = c.height + j;
      if (from === to && this.kind[from] === Kind.Slot) continue;
      this.storeEntryTo(from, RSP, this.slotDisp(to));
      moved = true;
    }
    return moved;
  }

  br(depth: number): void {
    const c = this.target(depth);
    const types = c.kind === CTRL_LOOP ? c.params : c.results;
    if (c.kind === CTRL_FUNC) { this.emitReturn(); this.becomeDead(); return; }
    this.branchMoves(c, types.length);
    this.establishCaches(c);
    this.asm.jmp(c.label);
    if (c.kind !== CTRL_LOOP) c.branchedTo = true;
    this.becomeDead();
  }

  brIf(depth: number): void {
    this.testCondition();
    this.brIfOn(Cond.NE, depth);
  }

  /** br_if on flags already set: taken when `cond` holds. */
  private brIfOn(cond: Cond, depth: number): void {
    const c = this.target(depth);
    const types = c.kind === CTRL_LOOP ? c.params : c.results;
    const asm = this.asm;
    const skip = asm.newLabel();
    if (c.kind === CTRL_FUNC) {
      asm.jcc(invertCond(cond), skip);
      this.emitReturn();
      asm.bind(skip);
      return;
    }
    if (c.kind !== CTRL_LOOP) c.branchedTo = true;
    if (!this.needsMoves(c, types.length)) {
      if (c.caches === UNDECIDED) c.caches = this.captureCaches();
      asm.jcc(cond, c.label);
      return;
    }
    asm.jcc(invertCond(cond), skip);
    this.branchMoves(c, types.length);
    this.establishCaches(c);
    asm.jmp(c.label);
    asm.bind(skip);
  }

  private needsMoves(c: Control, count: number): boolean {
    if (c.caches !== UNDECIDED && !this.cachesMatch(c.caches)) return true;
    for (let j = 0; j < count; j++) {
      const from = this.n - count + j;
      if (from !== c.height + j || this.kind[from] !== Kind.Slot) return true;
    }
    return false;
  }

  brTable(): void {
    const r = this.r;
    const count = r.u32();
    const depths: number[] = [];
    for (let i = 0; i <= count; i++) depths.push(r.u32());
    const index = this.popGpr();
    const asm = this.asm;
    const small = count <= BR_TABLE_TREE_MAX;
    if (!small) {
      // Clamp to the default entry: index = min(index, count).
      asm.movRI(32, R11, count);
      asm.cmpRR(32, index, R11);
      asm.cmovRR(Cond.AE, 32, index, R11);
    }
    const targets: Label[] = [];
    const stubs: { label: Label; depth: number }[] = [];
    const byDepth = new Map<number, Label>();
    for (const d of depths) {
      let label = byDepth.get(d);
      if (label === undefined) {
        const c = this.target(d);
        const types = c.kind === CTRL_LOOP ? c.params : c.results;
        if (c.kind !== CTRL_FUNC && !this.needsMoves(c, types.length)) {
          if (c.caches === UNDECIDED) c.caches = this.captureCaches();
          label = c.label;
          if (c.kind !== CTRL_LOOP) c.branchedTo = true;
        } else {
          label = asm.newLabel();
          stubs.push({ label, depth: d });
        }
        byDepth.set(d, label);
      }
      targets.push(label);
    }
    if (small) {
      // A search tree of compares: conditional branches predict better than
      // one indirect jump for small tables (V8's Liftoff does the same).
      this.brTableTree(index, targets, 0, count + 1);
      this.freeGpr(index);
    } else {
      const table = asm.newLabel();
      asm.leaLabel(R11, table);
      asm.movsxRM(64, 32, index, R11, index, 4, 0);
      asm.addRR(64, R11, index);
      this.freeGpr(index);
      asm.jmpR(R11);
      asm.align(4);
      asm.bind(table);
      const tableAt = asm.offset;
      for (const t of targets) asm.buf.labelDelta32(t, tableAt);
    }
    // Stubs: moves then a jump; the stack state is the one before the branch.
    for (const s of stubs) {
      asm.bind(s.label);
      const c = this.target(s.depth);
      const types = c.kind === CTRL_LOOP ? c.params : c.results;
      if (c.kind === CTRL_FUNC) { this.emitReturn(); continue; }
      this.branchMoves(c, types.length);
      this.establishCaches(c);
      asm.jmp(c.label);
      if (c.kind !== CTRL_LOOP) c.branchedTo = true;
    }
    this.becomeDead();
  }

  /**
   * Jumps to targets[index] for index in [lo, hi); the last entry (count) is
   * the default and takes every index ≥ count (unsigned comparisons).
   */
  private brTableTree(index: Gpr, targets: readonly Label[], lo: number, hi: number): void {
    const asm = this.asm;
    if (hi - lo <= 3) {
      for (let k = lo; k < hi - 1; k++) {
        asm.cmpRI(32, index, k);
        asm.jcc(Cond.E, targets[k]!);
      }
      asm.jmp(targets[hi - 1]!);
      return;
    }
    const mid = (lo + hi) >> 1;
    const right = asm.newLabel();
    asm.cmpRI(32, index, mid);
    asm.jcc(Cond.AE, right);
    this.brTableTree(index, targets, lo, mid);
    asm.bind(right);
    this.brTableTree(index, targets, mid, hi);
  }

  becomeDead(): void {
    this.reachable = false;
    // Entries above the innermost block are dead: release their registers.
    const c = this.ctrl[this.ctrl.length - 1]!;
    while (this.n > c.height) this.drop();
  }

  /** Results to rax/xmm0 and the caller's outgoing area, then leave; ret. */
  emitReturn(): void {
    const asm = this.asm;
    const results = this.funcType.results;
    const k = results.length;
    const base = this.n - k;
    for (let j = 1; j < k; j++) this.storeEntryTo(base + j, RBP, 16 + 8 * (j - 1));
    if (k > 0) {
      if (isFloat(results[0]!)) this.loadXmm(0 as Xmm, base);
      else this.loadGpr(RAX, base);
    }
    asm.leave();
    asm.ret();
  }

  // ================================================================ calls

  /**
   * Places the top `shape.params.length` entries as the arguments of a call
   * and pops them; everything else on the stack is spilled (all registers are
   * caller-saved). Temps the caller holds are untouched as long as they are
   * not argument registers (call_indirect keeps its index in r10 for that).
   */
  placeArgs(shape: CallShape): void {
    const params = shape.params;
    const nArgs = params.length;
    const base = this.n - nArgs;
    this.spillRegs(base);
    // Arguments held in a register that another argument needs go to their slots first.
    const gprTargets = shape.gprArgMask;
    const xmmTargets = shape.xmmArgMask;
    for (let j = 0; j < nArgs; j++) {
      const i = base + j;
      if (this.kind[i] !== Kind.Reg) continue;
      const loc = params[j]!;
      const reg = this.a[i]!;
      const float = isFloat(this.type[i]!);
      const targets = float ? xmmTargets : gprTargets;
      if ((targets & (1 << reg)) && !(loc.reg === reg && loc.float === float)) this.spillEntry(i);
    }
    for (let j = 0; j < nArgs; j++) {
      const i = base + j;
      const loc = params[j]!;
      if (loc.reg < 0) this.storeEntryTo(i, RSP, 8 * loc.slot);
      else if (loc.float) this.loadXmm(loc.reg as Xmm, i);
      else this.loadGpr(loc.reg as Gpr, i);
    }
    for (let j = 0; j < nArgs; j++) this.drop();
    // Argument registers are now live values of the call, not free for the allocator;
    // nothing allocates between here and the call.
  }

  /** After a call: result 0 from rax/xmm0, the rest from the outgoing area into their slots. */
  pushCallResults(type: FuncType): void {
    const results = type.results;
    if (results.length === 0) return;
    const t0 = results[0]!;
    if (isFloat(t0)) { this.xmmOwner[0] = TEMP; this.freeXmms &= ~1; this.temps++; this.pushXmm(t0, 0 as Xmm); }
    else { this.gprOwner[RAX] = TEMP; this.freeGprs &= ~(1 << RAX); this.temps++; this.pushGpr(t0, RAX); }
    for (let k = 1; k < results.length; k++) {
      this.pushSlot(results[k]!);
      const d = this.n - 1;
      this.asm.movRM(64, R11, RSP, NO_INDEX, 1, 8 * (k - 1));
      this.asm.movMR(64, RSP, NO_INDEX, 1, this.slotDisp(d), R11);
    }
  }

  /** Records the return address of the call just emitted. */
  callSite(): void {
    this.sink.addSource(this.asm.offset, this.instrStart);
  }

  /** Saves r15/r14 in the frame before a call that may enter another instance (the caller then loads the callee's). */
  saveInstance(): void {
    this.asm.movMR(64, RBP, NO_INDEX, 1, -8, R15);
    this.asm.movMR(64, RBP, NO_INDEX, 1, -16, R14);
  }
  restoreInstance(): void {
    this.asm.movRM(64, R15, RBP, NO_INDEX, 1, -8);
    this.asm.movRM(64, R14, RBP, NO_INDEX, 1, -16);
  }
}

export const CTRL = { block: CTRL_BLOCK, loop: CTRL_LOOP, if: CTRL_IF } as const;

/** A cache set: an index into FunctionCompiler's cache arena. */
type CacheSet = number;
const NO_CACHES: CacheSet = 0;
/** How far preloadLoopLocals reads into a loop body, and how many locals it loads at most. */
const PRELOAD_SCAN_BYTES = 2048;
const PRELOAD_MAX = 12;
/**
 * How preloadLoopLocals' look-ahead steps over an instruction, by its first
 * byte: a local access, a block start with a one-byte block type, end, or
 * SCAN_LEBS + n for an opcode byte followed by n LEB128 immediates (n = 0 for
 * none), SCAN_FIXED + n for one followed by n bytes; SCAN_GENERIC goes through
 * readOpcodeId and skipImmediates.
 */
const SCAN_GENERIC = 0;
const SCAN_LOCAL = 1;
const SCAN_BLOCK = 2;
const SCAN_END = 3;
const SCAN_LEBS = 4;
/** SCAN_FIXED + n: an opcode byte followed by n bytes (float constants). */
const SCAN_FIXED = 16;
const SCAN_STEP = new Uint8Array(256);
for (let op = 0; op < 256; op++) {
  const id = PRIMARY[op]!;
  if (id < 0 || op === 0xfc || op === 0xfd) continue;
  if (op === 0x20 || op === 0x21 || op === 0x22) { SCAN_STEP[op] = SCAN_LOCAL; continue; }
  if (op === 0x0b) { SCAN_STEP[op] = SCAN_END; continue; }
  switch (IMM[id]) {
    case Imm.blockType: SCAN_STEP[op] = SCAN_BLOCK; break;
    case Imm.none: SCAN_STEP[op] = SCAN_LEBS; break;
    case Imm.label: case Imm.func: case Imm.global: case Imm.i32: case Imm.i64: SCAN_STEP[op] = SCAN_LEBS + 1; break;
    case Imm.memarg: case Imm.callIndirect: SCAN_STEP[op] = SCAN_LEBS + 2; break;
    case Imm.table: case Imm.memory: SCAN_STEP[op] = SCAN_LEBS + 1; break; // memory: one zero byte
    case Imm.f32: SCAN_STEP[op] = SCAN_FIXED + 4; break;
    case Imm.f64: SCAN_STEP[op] = SCAN_FIXED + 8; break;
    default: break;
  }
}

/** br_table with at most this many entries (besides the default) compiles to a compare tree. */
const BR_TABLE_TREE_MAX = 16;
const UNDECIDED: CacheSet = -1;
const EMPTY_BLOCK = { params: [], results: [] } as const;
const SINGLE_RESULT = new Map<number, { readonly params: readonly number[]; readonly results: readonly number[] }>(
  [0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f].map((t) => [t, { params: [], results: [t] }]),
);

const LOCAL_GET = PRIMARY[0x20]!;
const I32_CONST = PRIMARY[0x41]!;
const I32_ADD = PRIMARY[0x6a]!;
const I32_LOAD = PRIMARY[0x28]!;
const I32_STORE = PRIMARY[0x36]!;
const LOCAL_SET = PRIMARY[0x21]!;
const LOCAL_TEE = PRIMARY[0x22]!;
const BR_IF = PRIMARY[0x0d]!;
const END = PRIMARY[0x0b]!;
const CALL = PRIMARY[0x10]!;
const BLOCK = PRIMARY[0x02]!;
const LOOP = PRIMARY[0x03]!;
const BR = PRIMARY[0x0c]!;
const GLOBAL_GET = PRIMARY[0x23]!;
const I32_LOAD8_U = PRIMARY[0x2d]!;
const I64_STORE = PRIMARY[0x37]!;
const I64_CONST = PRIMARY[0x42]!;
const I32_EQZ = PRIMARY[0x45]!;
const I32_EQ = PRIMARY[0x46]!;
const I32_NE = PRIMARY[0x47]!;
const I32_LT_S = PRIMARY[0x48]!;
const I32_SUB = PRIMARY[0x6b]!;
const I32_AND = PRIMARY[0x71]!;
const I32_SHL = PRIMARY[0x74]!;

/** Set bits among the low 16. */
function popcount16(m: number): number {
  m = m - ((m >> 1) & 0x5555);
  m = (m & 0x3333) + ((m >> 2) & 0x3333);
  m = (m + (m >> 4)) & 0x0f0f;
  return (m + (m >> 8)) & 0x1f;
}

/** Rows before which fuel metering charges the pending count (control transfers and block edges). */
const FUEL_BOUNDARY = new Uint8Array(OPCODES.length);
for (const row of OPCODES) {
  if (row.prefix === 0 && [0x02, 0x03, 0x04, 0x05, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11].includes(row.code)) FUEL_BOUNDARY[row.id] = 1;
}
