// Linear-memory operators: loads and stores of every width, memory.size and
// memory.grow, memory.fill and memory.copy inline, memory.init and data.drop
// as runtime calls.
//
// Addressing: r14 holds memory byte 0 in both modes. Guarded mode emits the
// access as is and records it in the trap table (a fault in the guard region
// is memory_out_of_bounds). Checked mode computes end = index + offset + size
// in 64 bits, compares it with the live memory size and branches to a trap
// stub; the access then uses [r14 + end - size].

import { Alu, Shift, Unary } from '../../x64/assembler.js';
import { Cond, RAX, RDI, RSI, R11, R14, R15, type Gpr, type Xmm } from '../../x64/registers.js';
import { NO_INDEX, type Label } from '../../x64/operands.js';
import { form } from '../../x64/table.js';
import { VMCTX } from '../../../abi/vmctx.js';
import { RUNTIME_CALLS } from '../../../abi/layout.js';
import { Kind, type FunctionCompiler } from '../function-compiler.js';
import { runtimeCall } from './runtime-call.js';
import { define, type HandlerMap } from './registry.js';

const I32 = 0x7f;
const I64 = 0x7e;
const F32 = 0x7d;
const F64 = 0x7c;

const MOVSS_RM = form('movss xmm, xmm/m32');
const MOVSS_MR = form('movss xmm/m32, xmm');
const MOVSD_RM = form('movsd xmm, xmm/m64');
const MOVSD_MR = form('movsd xmm/m64, xmm');

/** How a load reads: width in bytes, sign extension, destination type. */
type LoadKind = 'u8' | 's8' | 'u16' | 's16' | 'u32' | 's32' | '32' | '64' | 'f32' | 'f64';

const LOADS: readonly [string, LoadKind, number, number][] = [
  ['i32.load', '32', 4, I32], ['i64.load', '64', 8, I64], ['f32.load', 'f32', 4, F32], ['f64.load', 'f64', 8, F64],
  ['i32.load8_s', 's8', 1, I32], ['i32.load8_u', 'u8', 1, I32], ['i32.load16_s', 's16', 2, I32], ['i32.load16_u', 'u16', 2, I32],
  ['i64.load8_s', 's8', 1, I64], ['i64.load8_u', 'u8', 1, I64], ['i64.load16_s', 's16', 2, I64], ['i64.load16_u', 'u16', 2, I64],
  ['i64.load32_s', 's32', 4, I64], ['i64.load32_u', 'u32', 4, I64],
];
const STORES: readonly [string, 8 | 16 | 32 | 64 | 'f32' | 'f64', number][] = [
  ['i32.store', 32, 4], ['i64.store', 64, 8], ['f32.store', 'f32', 4], ['f64.store', 'f64', 8],
  ['i32.store8', 8, 1], ['i32.store16', 16, 2], ['i64.store8', 8, 1], ['i64.store16', 16, 2], ['i64.store32', 32, 4],
];

export function registerMemory(h: HandlerMap): void {
  for (const [key, kind, size, type] of LOADS) define(h, key, (c) => load(c, kind, size, type));
  for (const [key, kind, size] of STORES) define(h, key, (c) => store(c, kind, size));
  define(h, 'memory.size', (c) => {
    c.r.u8();
    const r = c.allocGpr();
    memorySize(c, r, r);
    c.asm.shiftRI(Shift.Shr, 64, r, 16);
    c.pushGpr(I32, r);
  });
  define(h, 'memory.grow', (c) => {
    c.r.u8();
    c.spillRegs(c.n - 1);
    c.loadGpr(RSI, c.n - 1);
    c.drop();
    c.asm.movRM(64, RDI, R15, NO_INDEX, 1, VMCTX.memory_def);
    c.callHelper('memory_grow');
    const r = c.needGpr(RAX);
    c.asm.movRR(32, r, r);
    c.pushGpr(I32, r);
  });
  define(h, 'memory.fill', fill);
  define(h, 'memory.copy', copy);
  define(h, 'memory.init', (c) => {
    const data = c.r.u32();
    c.r.u8();
    runtimeCall(c, RUNTIME_CALLS.memory_init, [data], 3, false);
  });
  define(h, 'data.drop', (c) => runtimeCall(c, RUNTIME_CALLS.data_drop, [c.r.u32()], 0, false));
}

/** `dst` = live memory size in bytes (64-bit); `tmp` may equal dst. */
function memorySize(c: FunctionCompiler, dst: Gpr, tmp: Gpr): void {
  if (c.env.memoryImported) {
    c.asm.movRM(64, tmp, R15, NO_INDEX, 1, VMCTX.memory_def);
    c.asm.movRM(64, dst, tmp, NO_INDEX, 1, VMCTX.memory_size);
  } else {
    c.asm.movRM(64, dst, R15, NO_INDEX, 1, VMCTX.memory_size);
  }
}

/** Compares a 64-bit end address in `end` with the memory size; out of bounds traps. Takes no register in `avoid`. */
function checkEnd(c: FunctionCompiler, end: Gpr, avoid = 0): void {
  const asm = c.asm;
  if (c.env.memoryImported) {
    const tmp = c.allocGpr(avoid);
    memorySize(c, tmp, tmp);
    asm.cmpRR(64, end, tmp);
    c.freeGpr(tmp);
  } else {
    asm.aluRM(Alu.Cmp, 64, end, R15, NO_INDEX, 1, VMCTX.memory_size);
  }
  asm.jcc(Cond.A, c.trap('memory_out_of_bounds'));
}

/**
 * Reads the memarg and prepares the address of an access of `size` bytes whose
 * index is stack entry `entry` (popped here), never allocating a register in
 * `avoid` (the caller's value, read after this). Sets addrReg to the register
 * holding the index when it is a temp the caller frees, or -1 when none was
 * taken (a constant address, or a cached local read in place: an i32 in a
 * register is already zero-extended); and the operand [r14 + addrIndex +
 * addrDisp] (addrIndex NO_INDEX for a constant address).
 */
// address() results, returned through module-level variables: one memory
// access would otherwise allocate a tuple (compile speed on large modules).
let addrReg = -1;
let addrIndex = -1;
let addrDisp = 0;

function setAddress(reg: number, index: number, disp: number): void {
  addrReg = reg;
  addrIndex = index;
  addrDisp = disp;
}

function address(c: FunctionCompiler, entry: number, size: number, avoid = 0): void {
  c.r.u32(); // alignment hint: irrelevant on x86-64
  const offset = c.r.u32();
  const asm = c.asm;
  if (c.kind[entry] === Kind.Const && entry === c.n - 1) {
    // A constant address: fold it into the displacement when it fits.
    const at = (c.a[entry]! >>> 0) + offset;
    if (c.env.memoryMode === 'guarded' && at <= 0x7fffffff) {
      c.drop();
      setAddress(-1, NO_INDEX, at);
      return;
    }
    if (c.env.memoryMode === 'checked' && !c.env.memoryImported && at + size <= 0x7fffffff) {
      c.drop();
      asm.aluMI(Alu.Cmp, 64, R15, NO_INDEX, 1, VMCTX.memory_size, at + size);
      asm.jcc(Cond.B, c.trap('memory_out_of_bounds'));
      setAddress(-1, NO_INDEX, at);
      return;
    }
  }
  const cached = c.kind[entry] === Kind.Local && entry === c.n - 1 ? c.localCache(c.a[entry]!) : -1;
  let addr: Gpr;
  let temp: number;
  if (cached >= 0) {
    c.drop();
    addr = cached as Gpr;
    temp = -1;
  } else {
    addr = c.popGpr(avoid);
    temp = addr;
  }
  if (c.env.memoryMode === 'guarded') {
    if (offset <= 0x7fffffff) { setAddress(temp, addr, offset); return; }
    asm.movRI(64, R11, offset);
    asm.addRR(64, R11, addr);
    setAddress(temp, R11, 0);
    return;
  }
  const end = offset + size;
  if (end <= 0x7fffffff) asm.leaRM(64, R11, addr, NO_INDEX, 1, end);
  else { asm.movRI(64, R11, end); asm.addRR(64, R11, addr); }
  checkEnd(c, R11, avoid | (1 << addr));
  setAddress(temp, R11, -size);
}

function recordAccess(c: FunctionCompiler, at: number): void {
  if (c.env.memoryMode === 'guarded') c.trapSite(at, 'memory_out_of_bounds');
}

function load(c: FunctionCompiler, kind: LoadKind, size: number, type: number): void {
  const asm = c.asm;
  address(c, c.n - 1, size);
  const addr = addrReg, index = addrIndex, disp = addrDisp;
  if (kind === 'f32' || kind === 'f64') {
    const x: Xmm = c.allocXmm();
    const at = asm.offset;
    asm.sseRM(kind === 'f32' ? MOVSS_RM : MOVSD_RM, x, R14, index, 1, disp);
    recordAccess(c, at);
    if (addr >= 0) c.freeGpr(addr as Gpr);
    c.pushXmm(type, x);
    return;
  }
  const r = addr >= 0 ? addr as Gpr : c.allocGpr(index >= 0 ? 1 << index : 0);
  const at = asm.offset;
  switch (kind) {
    case '32': case 'u32': asm.movRM(32, r, R14, index, 1, disp); break;
    case '64': asm.movRM(64, r, R14, index, 1, disp); break;
    case 'u8': asm.movzxRM(32, 8, r, R14, index, 1, disp); break;
    case 'u16': asm.movzxRM(32, 16, r, R14, index, 1, disp); break;
    case 's8': asm.movsxRM(type === I32 ? 32 : 64, 8, r, R14, index, 1, disp); break;
    case 's16': asm.movsxRM(type === I32 ? 32 : 64, 16, r, R14, index, 1, disp); break;
    case 's32': asm.movsxRM(64, 32, r, R14, index, 1, disp); break;
  }
  recordAccess(c, at);
  c.pushGpr(type, r);
}

function store(c: FunctionCompiler, kind: 8 | 16 | 32 | 64 | 'f32' | 'f64', size: number): void {
  const asm = c.asm;
  // The value is on top; take it first, then the address below it.
  // A cached local's register is stored from in place (never written, so not taken as a temp).
  const top = c.n - 1;
  const cached = c.kind[top] === Kind.Local ? c.localCache(c.a[top]!) : -1;
  if (kind === 'f32' || kind === 'f64') {
    const x = cached >= 0 ? cached as Xmm : c.popXmm();
    if (cached >= 0) c.drop();
    address(c, c.n - 1, size);
    const addr = addrReg, index = addrIndex, disp = addrDisp;
    const at = asm.offset;
    asm.sseRM(kind === 'f32' ? MOVSS_MR : MOVSD_MR, x, R14, index, 1, disp);
    recordAccess(c, at);
    if (cached < 0) c.freeXmm(x);
    if (addr >= 0) c.freeGpr(addr as Gpr);
    return;
  }
  const value = cached >= 0 ? cached as Gpr : c.popGpr();
  if (cached >= 0) c.drop();
  address(c, c.n - 1, size, 1 << value);
  const addr = addrReg, index = addrIndex, disp = addrDisp;
  const at = asm.offset;
  asm.movMR(kind, R14, index, 1, disp, value);
  recordAccess(c, at);
  if (cached < 0) c.freeGpr(value);
  if (addr >= 0) c.freeGpr(addr as Gpr);
}

/** Checks [start, start + len) against the memory; start and len are zero-extended u32 registers. */
function checkRange(c: FunctionCompiler, start: Gpr, len: Gpr): void {
  c.asm.leaRM(64, R11, start, len, 1, 0);
  checkEnd(c, R11);
}

function fill(c: FunctionCompiler): void {
  c.r.u8();
  const asm = c.asm;
  const len = c.popGpr();
  const value = c.popGpr();
  const dst = c.popGpr();
  checkRange(c, dst, len);
  asm.addRR(64, dst, R14);
  // Broadcast the byte to 8 bytes, then store qwords and the tail bytes.
  asm.movzxRR(32, 8, value, value);
  asm.movRI(64, R11, 0x0101010101010101n);
  asm.imulRR(64, value, R11);
  const done = asm.newLabel();
  chunkLoop(c, dst, null, value, len, false, done);
  asm.bind(done);
  c.freeGpr(len);
  c.freeGpr(value);
  c.freeGpr(dst);
}

function copy(c: FunctionCompiler): void {
  c.r.u8();
  c.r.u8();
  const asm = c.asm;
  const len = c.popGpr();
  const src = c.popGpr();
  const dst = c.popGpr();
  checkRange(c, dst, len);
  checkRange(c, src, len);
  asm.addRR(64, dst, R14);
  asm.addRR(64, src, R14);
  const backward = asm.newLabel();
  const done = asm.newLabel();
  // Overlapping with dst above src: copy from the end down.
  asm.cmpRR(64, dst, src);
  asm.jcc(Cond.A, backward);
  chunkLoop(c, dst, src, R11, len, false, done);
  asm.jmp(done);
  asm.bind(backward);
  asm.addRR(64, src, len);
  asm.addRR(64, dst, len);
  chunkLoop(c, dst, src, R11, len, true, done);
  asm.bind(done);
  c.freeGpr(len);
  c.freeGpr(src);
  c.freeGpr(dst);
}

/**
 * Writes `len` bytes at host address `dst`, 8 at a time, then byte by byte:
 * copies them from `src` (through r11, passed as `value`), or, when `src` is
 * null, stores `value` (a byte broadcast to 8 bytes). Upward from the starts,
 * or (`down`, copies only) downward from the ends. Falls through or jumps to
 * `done` when finished. Clobbers dst, src, len and r11.
 */
function chunkLoop(c: FunctionCompiler, dst: Gpr, src: Gpr | null, value: Gpr, len: Gpr, down: boolean, done: Label): void {
  const asm = c.asm;
  const qwords = asm.newLabel();
  const bytes = asm.newLabel();
  const byteLoop = asm.newLabel();
  const step = (by: number): void => {
    if (src !== null) asm.aluRI(by > 0 ? Alu.Add : Alu.Sub, 64, src, Math.abs(by));
    asm.aluRI(by > 0 ? Alu.Add : Alu.Sub, 64, dst, Math.abs(by));
  };
  asm.bind(qwords);
  asm.cmpRI(64, len, 8);
  asm.jcc(Cond.B, bytes);
  if (down) step(-8);
  if (src !== null) asm.movRM(64, value, src, NO_INDEX, 1, 0);
  asm.movMR(64, dst, NO_INDEX, 1, 0, value);
  if (!down) step(8);
  asm.subRI(64, len, 8);
  asm.jmp(qwords);
  asm.bind(bytes);
  asm.testRR(64, len, len);
  asm.jcc(Cond.E, done);
  asm.bind(byteLoop);
  if (down) step(-1);
  if (src !== null) asm.movzxRM(32, 8, value, src, NO_INDEX, 1, 0);
  asm.movMR(8, dst, NO_INDEX, 1, 0, value);
  if (!down) step(1);
  asm.unaryR(Unary.Dec, 64, len);
  asm.jcc(Cond.NE, byteLoop);
}
