// Emission speed of the x64 assembler: instructions and bytes per second for a
// baseline-compiler-like mix (loads/stores with SIB and displacements, ALU
// reg/reg and reg/imm, compares and branches to labels, SSE arithmetic,
// constants), through the hot paths and, for comparison, through the checked
// table-driven emit(). Single thread; best of several rounds, timed in CPU
// seconds (user+system) so other processes on a shared machine distort less.
// No rival: V8 has no assembler to call; this is Corral's own budget figure.
//   node dist/bench/x64-encode.js [instructionsPerRound]
import { Alu, Assembler, Shift } from '../src/compiler/x64/assembler.js';
import { CodeBuffer } from '../src/compiler/x64/code-buffer.js';
import { mem, memIndex, type Operand } from '../src/compiler/x64/operands.js';
import { Cond, RAX, RCX, RDX, RBP, R12, R13, R14, R15, type Gpr, type Xmm } from '../src/compiler/x64/registers.js';
import { form } from '../src/compiler/x64/table.js';
import { table } from './lib/report.js';
import { recordSummary } from './lib/summary.js';
import { measure } from './lib/timing.js';

const PER_ROUND = Number(process.argv[2] ?? 2_000_000);
const ROUNDS = 5;
const ADDSD = form('addsd xmm, xmm/m64');
const MULSD = form('mulsd xmm, xmm/m64');
const MOVSD_LOAD = form('movsd xmm, xmm/m64');
const regs: readonly Gpr[] = [RAX, RCX, RDX, R12, R13];

/** 16 instructions, the shape of a few wasm operators' worth of baseline code. */
function mixFast(a: Assembler, i: number, loop: number): void {
  const r = regs[i % 5]!;
  const s = regs[(i + 2) % 5]!;
  a.movRM(32, r, R14, s, 1, 0x10);            // i32.load: heap base + index + offset
  a.addRR(32, r, s);
  a.aluRI(Alu.Add, 64, RBP, -8);
  a.movMR(64, RBP, -1, 1, -0x18, r);          // spill
  a.movRM(64, s, RBP, -1, 1, -0x20);          // reload
  a.cmpRI(32, r, 1000);
  a.setcc(Cond.L, r);
  a.movzxRR(32, 8, r, r);
  a.shiftRI(Shift.Shl, 64, s, 3);
  a.movRI(64, r, i);
  a.movRM(64, RAX, R15, -1, 1, 0x40);         // vmctx field
  a.testRR(64, RAX, RAX);
  a.jcc(Cond.NE, loop);                       // backward branch
  a.sseRM(MOVSD_LOAD, 1 as Xmm, RBP, -1, 1, -0x30);
  a.sseRR(ADDSD, 0 as Xmm, 1 as Xmm);
  a.sseRR(MULSD, 2 as Xmm, 0 as Xmm);
}

const MOV_RM32 = form('mov r32, rm32');
const ADD_RR32 = form('add rm32, r32');
const ADD_I8 = form('add rm64, imm8');
const MOV_MR64 = form('mov rm64, r64');
const MOV_RM64 = form('mov r64, rm64');
const CMP_I32 = form('cmp rm32, imm32');
const SETL = form('setl rm8');
const MOVZX = form('movzx r32, rm8');
const SHL = form('shl rm64, uimm8');
const MOV_I32 = form('mov r32, imm32');
const TEST = form('test rm64, r64');
const JNE8 = form('jne rel8');
const m1 = memIndex(R14, RCX, 1, 0x10);
const m2 = mem(RBP, -0x18);
const m3 = mem(RBP, -0x20);
const m4 = mem(R15, 0x40);
const m5 = mem(RBP, -0x30);

/** The same 16 instructions through the checked door (Mem objects prebuilt, as a compiler would cache them). */
function mixChecked(a: Assembler, i: number): void {
  const r: Operand = regs[i % 5]!;
  const s: Operand = regs[(i + 2) % 5]!;
  a.emit(MOV_RM32, r, m1);
  a.emit(ADD_RR32, r, s);
  a.emit(ADD_I8, RBP, -8);
  a.emit(MOV_MR64, m2, r);
  a.emit(MOV_RM64, s, m3);
  a.emit(CMP_I32, r, 1000);
  a.emit(SETL, r);
  a.emit(MOVZX, r, r);
  a.emit(SHL, s, 3);
  a.emit(MOV_I32, r, i & 0x7fffffff);
  a.emit(MOV_RM64, RAX, m4);
  a.emit(TEST, RAX, RAX);
  a.emit(JNE8, -30);
  a.emit(MOVSD_LOAD, 1, m5);
  a.emit(ADDSD, 0, 1);
  a.emit(MULSD, 2, 0);
}

const rows: string[][] = [];

function run(name: string, body: (a: Assembler, i: number, loop: number) => void): void {
  const buf = new CodeBuffer(1 << 20);
  const a = new Assembler(buf);
  let bytes = 0, emitted = 0;
  const rounds = measure(ROUNDS, 0, () => {
    // Functions of ~4 KB, as the baseline compiler would emit them, buffer reused.
    for (let done = 0; done < PER_ROUND; done += 256 * 16) {
      buf.reset();
      const loop = a.newLabel();
      a.bind(loop);
      for (let k = 0; k < 256; k++) { body(a, emitted + k, loop); }
      emitted += 256 * 16;
      bytes += buf.pos;
      a.finish();
    }
  });
  const perRound = emitted / ROUNDS;
  const ips = perRound / (Math.min(...rounds.cpuMs) / 1000);
  const avgBytes = bytes / emitted;
  rows.push([name, `${(ips / 1e6).toFixed(1)} M instructions/CPU-s`, `${((ips * avgBytes) / 1e6).toFixed(0)} MB/CPU-s of code`, `${avgBytes.toFixed(2)} bytes/instruction`]);
}

run('hot paths (typed methods)', mixFast);
run('checked emit(form, ...)', (a, i) => mixChecked(a, i));
const header = ['path', 'instructions', 'code', 'average size'];
console.log(table([header, ...rows]));
recordSummary('x64-encode: assembler emission speed (best of rounds, CPU time)', header, rows);
