// The decoder reads the table backwards: every golden case must decode to the
// same row, re-encode to the same bytes and print the same text; a listing
// of a whole blob (with NOP padding and branches) must match objdump's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Assembler } from '../../../src/compiler/x64/assembler.js';
import { CodeBuffer } from '../../../src/compiler/x64/code-buffer.js';
import { decodeOne, disassemble } from '../../../src/compiler/x64/decoder.js';
import { encode } from '../../../src/compiler/x64/encoder.js';
import { formatInstruction } from '../../../src/compiler/x64/printer.js';
import { ALL_FORMS } from '../../../src/compiler/x64/table.js';
import { Cond, RAX, RCX, R12, R15 } from '../../../src/compiler/x64/registers.js';
import { casesFor } from './cases.js';
import { objdump, objdumpAvailability } from './objdump.js';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');

test('every golden case decodes to its own row and re-encodes to the same bytes', () => {
  let n = 0;
  for (const f of ALL_FORMS) {
    for (const ops of casesFor(f)) {
      const buf = new CodeBuffer(32);
      encode(buf, f, ops[0], ops[1], ops[2]);
      const bytes = buf.bytes.slice(0, buf.pos);
      const d = decodeOne(bytes, 0);
      assert.ok(d, `${f.key}: ${hex(bytes)} did not decode`);
      assert.equal(d.form.key, f.key, `${hex(bytes)} decoded as another row`);
      assert.equal(d.length, bytes.length, `${f.key}: ${hex(bytes)} length`);
      const again = new CodeBuffer(32);
      encode(again, d.form, d.operands[0], d.operands[1], d.operands[2]);
      assert.equal(hex(again.bytes.slice(0, again.pos)), hex(bytes), `${f.key} round trip`);
      assert.equal(formatInstruction(d.form, d.operands, d.length), formatInstruction(f, ops, bytes.length));
      n++;
    }
  }
  assert.ok(n > 5000);
});

test('bytes that are not ours decode as (bad), one byte at a time', () => {
  const lines = disassemble(Uint8Array.from([0x0f, 0x05, 0xc3]));
  assert.deepEqual(lines.map((l) => l.text), ['(bad)', '(bad)', 'ret']);
  assert.equal(decodeOne(Uint8Array.from([0x48]), 0), null, 'truncated');
  assert.equal(decodeOne(Uint8Array.from([0x88, 0xe0]), 0), null, 'mov %ah,%al: legacy high byte');
});

test('a listing of assembled code matches objdump, padding and branch targets included', (t) => {
  const a = new Assembler();
  const top = a.newLabel();
  const out = a.newLabel();
  a.push(R15);
  for (let pad = 1; pad <= 9; pad++) { a.align(16); a.int3(); for (let i = 0; i < 16 - pad - 1; i++) a.buf.u8(0x90); }
  a.bind(top);
  a.movRM(32, RAX, R12, RCX, 4, 0x10);
  a.jcc(Cond.E, out);
  a.addRI(64, RAX, 1);
  a.jmp(top);
  a.bind(out);
  a.pop(R15);
  a.ret();
  const { code } = a.finish();
  const ours = disassemble(code);
  assert.ok(!ours.some((l) => l.text === '(bad)'));
  if (!objdumpAvailability().ok) {
    if (process.env['CORRAL_NO_OBJDUMP'] === '1') { t.skip('OBJDUMP MISSING: listing not compared'); return; }
    assert.fail('objdump is required (install binutils, or set CORRAL_NO_OBJDUMP=1 to skip)');
  }
  const theirs = objdump(code, { absoluteTargets: true });
  assert.deepEqual(ours.map((l) => `${l.offset}: ${l.text}`), theirs.map((d) => `${d.address}: ${d.text}`));
});
