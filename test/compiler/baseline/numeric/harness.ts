// Runs numeric emitters on the machine: one entry routine per case, all in one
// code region, entered through the native layer like compiled guest code.
//
// An entry routine (called by native enter with rsp ≡ 8 mod 16):
//   push rbp; mov rbp, rsp                  (rsp ≡ 0 mod 16 from here on)
//   poison: every GPR result register and xmm result register that is not an
//           input gets a garbage pattern, so a sequence that writes only part
//           of it (e.g. the low half of an i32) is caught
//   load:   area[k] → the case's k-th operand register (i32 by a 32-bit load)
//   the sequence under test
//   bystanders: every other caller-saved register (rax..r10 not in the case,
//           xmm0..xmm14 not in the case) holds a marker 0x1000 + n before the
//           sequence and is compared with it after; any change sets
//           area[BYSTANDER_SLOT] (the contract lets a sequence clobber only
//           dst, r11, xmm15 and its declared fixed registers)
//   store:  the result register → area[0] (GPRs as 64 bits, to check the
//           upper-zero invariant of i32 results), and each input register the
//           sequence must keep → area[8 + k]
//   pop rbp; ret
// Trap stubs follow the routine: mov edi, code; call [r15 + trap helper].
// Test-only.

import { TrapCodeId, TRAP_CODES, type TrapCode } from '../../../../src/abi/trap-codes.js';
import { areaOffset, helperOffset, RunStatusId } from '../../../../src/abi/vmctx.js';
import { Assembler } from '../../../../src/compiler/x64/assembler.js';
import { NO_INDEX, type Label } from '../../../../src/compiler/x64/operands.js';
import { Cond, RBP, RDI, RSP, R11, R15, type Gpr, type Xmm } from '../../../../src/compiler/x64/registers.js';
import { form } from '../../../../src/compiler/x64/table.js';
import type { TrapLabel } from '../../../../src/compiler/baseline/numeric/index.js';
import { GuestArea, native, type GuestId } from '../../../../src/runtime/native.js';
import { WIDTH, type Kind, type OracleOp } from './v8-oracle.js';

const MOVSS_LOAD = form('movss xmm, xmm/m32');
const MOVSD_LOAD = form('movsd xmm, xmm/m64');
const MOVSS_STORE = form('movss xmm/m32, xmm');
const MOVSD_STORE = form('movsd xmm/m64, xmm');
const MOVQ_FROM_GPR = form('movq xmm, rm64');
const MOVQ_TO_GPR = form('movq rm64, xmm');
const POISON = 0xdeadbeefcafef00dn;
/** Area slot of the k-th preserved input. */
const KEPT_SLOT = 8;
/** Area slot set to 1 when a register outside the case's contract changed. */
const BYSTANDER_SLOT = 31;
const CALLER_SAVED_GPRS = [0, 1, 2, 6, 7, 8, 9, 10];
const marker = (file: 'gpr' | 'xmm', n: number) => (file === 'gpr' ? 0x1000 : 0x2000) + n;

export interface Case extends OracleOp {
  /** Shown in failures: operator and register assignment. */
  readonly label: string;
  /** Register of each operand (a Gpr for i32/i64, an Xmm for f32/f64); equal entries alias. */
  readonly regs: readonly number[];
  /** Register holding the result. */
  readonly out: number;
  /** Registers the sequence may clobber besides out (e.g. rdx for div). */
  readonly clobbers?: readonly number[];
  emit(asm: Assembler, trap: TrapLabel): void;
}

export type Run =
  | { readonly kind: 'value'; readonly bits: bigint; readonly kept: readonly (bigint | undefined)[] }
  | { readonly kind: 'trap'; readonly code: TrapCode };

const isFloat = (k: Kind) => k === 'f32' || k === 'f64';
const disp = (slot: number) => areaOffset(slot);

function load(asm: Assembler, k: Kind, reg: number, slot: number): void {
  if (k === 'i32') asm.movRM(32, reg as Gpr, R15, NO_INDEX, 1, disp(slot));
  else if (k === 'i64') asm.movRM(64, reg as Gpr, R15, NO_INDEX, 1, disp(slot));
  else asm.sseRM(k === 'f32' ? MOVSS_LOAD : MOVSD_LOAD, reg as Xmm, R15, NO_INDEX, 1, disp(slot));
}
function store(asm: Assembler, k: Kind, reg: number, slot: number): void {
  if (isFloat(k)) asm.sseRM(k === 'f32' ? MOVSS_STORE : MOVSD_STORE, reg as Xmm, R15, NO_INDEX, 1, disp(slot));
  else asm.movMR(64, R15, NO_INDEX, 1, disp(slot), reg as Gpr);
}

/** Which inputs a case must keep: those not overwritten by the result or a declared clobber. */
function keptInputs(c: Case): boolean[] {
  return c.regs.map((r, k) => {
    const sameFile = isFloat(c.params[k]!) === isFloat(c.result);
    if (sameFile && r === c.out) return false;
    if (!isFloat(c.params[k]!) && (c.clobbers ?? []).includes(r)) return false;
    return true;
  });
}

function emitEntry(asm: Assembler, c: Case): void {
  const stubs = new Map<TrapCode, Label>();
  const trap: TrapLabel = (code) => {
    let l = stubs.get(code);
    if (l === undefined) { l = asm.newLabel(); stubs.set(code, l); }
    return l;
  };
  asm.push(RBP);
  asm.movRR(64, RBP, RSP);
  // Poison the result register when it is not an input.
  const outIsInput = c.regs.some((r, k) => r === c.out && isFloat(c.params[k]!) === isFloat(c.result));
  if (!outIsInput) {
    asm.movRI(64, R11, POISON);
    if (isFloat(c.result)) asm.sseRR(MOVQ_FROM_GPR, c.out as Xmm, R11);
    else asm.movRR(64, c.out as Gpr, R11);
  }
  const used = (file: 'gpr' | 'xmm', r: number) =>
    c.regs.some((x, k) => x === r && isFloat(c.params[k]!) === (file === 'xmm')) ||
    (c.out === r && isFloat(c.result) === (file === 'xmm')) ||
    (file === 'gpr' && (c.clobbers ?? []).includes(r));
  const gprs = CALLER_SAVED_GPRS.filter((r) => !used('gpr', r));
  const xmms = Array.from({ length: 15 }, (_, i) => i).filter((r) => !used('xmm', r));
  for (const r of gprs) asm.movRI(64, r as Gpr, marker('gpr', r));
  for (const r of xmms) { asm.movRI(64, R11, marker('xmm', r)); asm.sseRR(MOVQ_FROM_GPR, r as Xmm, R11); }
  c.params.forEach((k, i) => load(asm, k, c.regs[i]!, i));
  c.emit(asm, trap);
  const changed = asm.newLabel();
  const checked = asm.newLabel();
  for (const r of gprs) { asm.cmpRI(64, r as Gpr, marker('gpr', r)); asm.jcc(Cond.NE, changed); }
  for (const r of xmms) { asm.sseRR(MOVQ_TO_GPR, R11, r as Xmm); asm.cmpRI(64, R11, marker('xmm', r)); asm.jcc(Cond.NE, changed); }
  asm.jmp(checked);
  asm.bind(changed);
  asm.movMI(64, R15, NO_INDEX, 1, disp(BYSTANDER_SLOT), 1);
  asm.bind(checked);
  store(asm, c.result, c.out, 0);
  keptInputs(c).forEach((keep, k) => { if (keep) store(asm, c.params[k]!, c.regs[k]!, KEPT_SLOT + k); });
  asm.pop(RBP);
  asm.ret();
  for (const [code, label] of stubs) {
    asm.bind(label);
    asm.movRI(32, RDI, TrapCodeId[code]);
    asm.callM(R15, NO_INDEX, 1, helperOffset('trap'));
    asm.int3();
  }
}

export interface Bench {
  run(index: number, args: readonly bigint[]): Run;
  /** Code offset of each case's entry, for listings. */
  readonly offsets: readonly number[];
  readonly bytes: Uint8Array;
}

/** Assembles every case into one code region and prepares a guest to run them. */
export function loadCases(cases: readonly Case[]): Bench {
  const asm = new Assembler();
  const offsets: number[] = [];
  for (const c of cases) {
    asm.align(16);
    offsets.push(asm.offset);
    emitEntry(asm, c);
  }
  const bytes = asm.finish().code;
  const code = native.codeLoad(bytes, new Uint32Array(0), new Uint8Array(0));
  const base = native.codeAddress(code);
  const guest: GuestId = native.guestCreate(64 * 1024, true);
  const area = new GuestArea(guest);
  const slot = (k: number) => area.areaIndex + k;
  const kept = cases.map(keptInputs);
  return {
    offsets,
    bytes,
    run(index, args) {
      const c = cases[index]!;
      for (let k = 0; k < 32; k++) area.words[slot(k)] = 0n;
      args.forEach((a, k) => { area.words[slot(k)] = a; });
      const status = native.enter(guest, base + offsets[index]!, 0);
      if (status === RunStatusId.trap) return { kind: 'trap', code: TRAP_CODES[Number(area.field('trap_code'))]! };
      if (status !== RunStatusId.done) throw new Error(`${c.label}: enter returned status ${status}`);
      if (area.words[slot(BYSTANDER_SLOT)] !== 0n) throw new Error(`${c.label}: a register outside the contract changed`);
      const mask = (k: Kind) => (WIDTH[k] === 32 && isFloat(k) ? 0xffffffffn : 0xffffffffffffffffn);
      return {
        kind: 'value',
        bits: area.words[slot(0)]! & mask(c.result),
        kept: kept[index]!.map((keep, k) => (keep ? area.words[slot(KEPT_SLOT + k)]! & mask(c.params[k]!) : undefined)),
      };
    },
  };
}
