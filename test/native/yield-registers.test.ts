// The yield helper's contract (src/abi/vmctx.ts): it returns with every
// register as it was — the general registers and all sixteen xmm registers,
// both halves — across a suspension during which the host runs JavaScript
// (which clobbers every caller-saved register). Compiled code relies on it:
// an interrupt-poll stub is `call yield; jmp back`, reloading nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Assembler } from '../../src/compiler/x64/assembler.js';
import { form } from '../../src/compiler/x64/table.js';
import { NO_INDEX } from '../../src/compiler/x64/operands.js';
import { RAX, RBX, RCX, RDX, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15, RBP, RSP, type Gpr, type Xmm } from '../../src/compiler/x64/registers.js';
import { helperOffset } from '../../src/abi/vmctx.js';
import { native } from '../../src/runtime/native.js';
import { loadSnippets } from './snippets.js';
import { DONE, INTERRUPTED, guardedMemory, makeGuest } from './helpers.js';

/** Every register a guest may hold a value in across a yield (all but rsp, rbp, r14, r15). */
const GPRS: readonly Gpr[] = [RAX, RBX, RCX, RDX, RSI, RDI, R8, R9, R10, R11, R12, R13];
const XMM_IN = 0, XMM_OUT = 256, GPR_OUT = 512, BYTES = 512 + 8 * GPRS.length;
const MOVUPS_LOAD = form('movups xmm, xmm/m128');
const MOVUPS_STORE = form('movups xmm/m128, xmm');

/** Distinct, non-zero bits per register (so a swap or a zeroing shows). */
const gprValue = (k: number): bigint => 0x1111_2222_3333_4444n * BigInt(k + 1) ^ 0x0f0f_0f0f_0f0f_0f0fn;

/**
 * A guest function: xmm_i ← heap[16i] for every i, GPR k ← gprValue(k), call
 * yield, then store every xmm to heap[256 + 16i] and every GPR to heap[512 + 8k].
 */
function yieldProbe(): Uint8Array {
  const a = new Assembler();
  a.push(RBP);
  a.movRR(64, RBP, RSP);
  for (let i = 0; i < 16; i++) a.sseRM(MOVUPS_LOAD, i as Xmm, R14, NO_INDEX, 1, XMM_IN + 16 * i);
  GPRS.forEach((r, k) => a.movRI(64, r, gprValue(k)));
  a.callM(R15, NO_INDEX, 1, helperOffset('yield'));
  for (let i = 0; i < 16; i++) a.sseRM(MOVUPS_STORE, i as Xmm, R14, NO_INDEX, 1, XMM_OUT + 16 * i);
  GPRS.forEach((r, k) => a.movMR(64, R14, NO_INDEX, 1, GPR_OUT + 8 * k, r));
  a.movRR(64, RSP, RBP);
  a.pop(RBP);
  a.ret();
  return a.finish().code;
}

test('yield returns with every general and xmm register as it was', async () => {
  const s = loadSnippets();
  const code = native.codeLoad(yieldProbe(), new Uint32Array(0), new Uint8Array(0));
  const g = makeGuest(s);
  const mem = guardedMemory(1, 1);
  mem.bind(g.id);
  const xmmIn = new Uint8Array(256);
  for (let i = 0; i < xmmIn.length; i++) xmmIn[i] = (i * 37 + 11) & 0xff;
  native.write(mem.res, XMM_IN, xmmIn);

  assert.equal(native.enter(g.id, s.addr('thunk'), native.codeAddress(code)), INTERRUPTED);
  // The host's turn: JavaScript and the event loop run, using every caller-saved register.
  let junk = 0;
  for (let i = 0; i < 200_000; i++) junk += Math.sqrt(i) * Math.sin(i);
  await new Promise((r) => setTimeout(r, 5));
  assert.ok(Number.isFinite(junk));
  assert.equal(native.resume(g.id), DONE);

  const out = new Uint8Array(BYTES);
  native.read(mem.res, 0, out);
  assert.deepEqual(out.subarray(XMM_OUT, XMM_OUT + 256), xmmIn, 'xmm0..xmm15 (both halves)');
  const gprs = new DataView(out.buffer, GPR_OUT);
  GPRS.forEach((r, k) => assert.equal(gprs.getBigUint64(8 * k, true), BigInt.asUintN(64, gprValue(k)), `register ${r}`));
  native.guestDestroy(g.id);
  native.codeUnload(code);
  native.release(mem.res);
});
