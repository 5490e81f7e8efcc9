// Golden listings of the trickiest numeric sequences, so a change to any of
// them shows up in review as a diff of readable assembly. Each sequence is
// emitted with fixed registers, a ret, then its trap stubs (mov edi, code;
// call [r15 + trap helper]), disassembled by binutils' objdump, and compared
// with test/compiler/baseline/numeric/expected/<name>.txt; our own decoder
// must print the same text. CORRAL_BLESS=1 rewrites the files (objdump and
// the decoder are still checked). Without objdump the run fails, unless
// CORRAL_NO_OBJDUMP=1 turns that into a visible skip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { TrapCodeId, type TrapCode } from '../../../../src/abi/trap-codes.js';
import { helperOffset } from '../../../../src/abi/vmctx.js';
import { Assembler } from '../../../../src/compiler/x64/assembler.js';
import { disassemble } from '../../../../src/compiler/x64/decoder.js';
import { NO_INDEX, type Label } from '../../../../src/compiler/x64/operands.js';
import { RAX, RDI, RSI, R15, xmm } from '../../../../src/compiler/x64/registers.js';
import * as N from '../../../../src/compiler/baseline/numeric/index.js';
import { objdump, objdumpAvailability } from '../../x64/objdump.js';

const EXPECTED = new URL('../../../../../test/compiler/baseline/numeric/expected/', import.meta.url);
const BLESS = process.env['CORRAL_BLESS'] === '1';
const X0 = xmm(0);
const X1 = xmm(1);

const SEQUENCES: Record<string, (asm: Assembler, trap: N.TrapLabel) => void> = {
  'f32.min': (asm) => N.emitF32Min(asm, X0, X1),
  'f64.max': (asm) => N.emitF64Max(asm, X0, X1),
  'f64.copysign': (asm) => N.emitF64Copysign(asm, X0, X1),
  'f64.ne': (asm) => N.emitF64Ne(asm, RAX, X0, X1),
  'f32.convert_i64_u': (asm) => N.emitF32ConvertI64U(asm, X0, RAX),
  'f64.convert_i64_u': (asm) => N.emitF64ConvertI64U(asm, X0, RAX),
  'i32.trunc_f64_s': (asm, trap) => N.emitI32TruncF64S(asm, RAX, X0, trap),
  'i32.trunc_f32_u': (asm, trap) => N.emitI32TruncF32U(asm, RAX, X0, trap),
  'i64.trunc_f64_u': (asm, trap) => N.emitI64TruncF64U(asm, RAX, X0, trap),
  'i64.trunc_sat_f32_u': (asm) => N.emitI64TruncSatF32U(asm, RAX, X0),
  'i64.trunc_sat_f64_s': (asm) => N.emitI64TruncSatF64S(asm, RAX, X0),
  'i64.div_s': (asm, trap) => N.emitI64DivS(asm, RSI, trap),
  'i32.rem_s': (asm, trap) => N.emitI32RemS(asm, RSI, trap),
};

function assemble(emit: (asm: Assembler, trap: N.TrapLabel) => void): Uint8Array {
  const asm = new Assembler();
  const stubs = new Map<TrapCode, Label>();
  emit(asm, (code) => {
    let l = stubs.get(code);
    if (l === undefined) { l = asm.newLabel(); stubs.set(code, l); }
    return l;
  });
  asm.ret(); // marks the end of the sequence: its exit label binds here, not at a stub
  for (const [code, label] of stubs) {
    asm.bind(label);
    asm.movRI(32, RDI, TrapCodeId[code]);
    asm.callM(R15, NO_INDEX, 1, helperOffset('trap'));
  }
  return asm.finish().code;
}

const objdumpState = objdumpAvailability();

for (const [name, emit] of Object.entries(SEQUENCES)) {
  test(`golden listing: ${name}`, (t) => {
    if (!objdumpState.ok) {
      if (process.env['CORRAL_NO_OBJDUMP'] === '1') { t.skip(`OBJDUMP MISSING, listing NOT checked: ${objdumpState.why}`); return; }
      assert.fail(`objdump is required (or set CORRAL_NO_OBJDUMP=1 to skip): ${objdumpState.why}`);
    }
    const code = assemble(emit);
    const theirs = objdump(code, { absoluteTargets: true });
    const ours = disassemble(code);
    assert.deepEqual(ours.map((l) => `${l.offset}: ${l.text}`), theirs.map((d) => `${d.address}: ${d.text}`), 'our decoder and objdump disagree');
    const text = `# ${name}: the sequence with fixed registers, ret, then its trap stubs (objdump, AT&T)\n` +
      theirs.map((d) => `${d.address.toString(16).padStart(3)}: ${d.text.padEnd(40)}// ${d.bytes}`).join('\n') + '\n';
    const file = new URL(`${name}.txt`, EXPECTED);
    if (BLESS) writeFileSync(file, text);
    assert.ok(existsSync(file), `missing ${file.pathname}; run with CORRAL_BLESS=1 to create it`);
    assert.equal(text, readFileSync(file, 'utf8'));
  });
}
