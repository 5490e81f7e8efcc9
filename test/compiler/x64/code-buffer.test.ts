// Labels, fixups, relocations, alignment and buffer growth.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Assembler } from '../../../src/compiler/x64/assembler.js';
import { CodeBuffer, NOPS, patchRelocations } from '../../../src/compiler/x64/code-buffer.js';
import { InternalError } from '../../../src/compiler/errors.js';
import { form } from '../../../src/compiler/x64/table.js';
import { ripLabel } from '../../../src/compiler/x64/operands.js';
import { Cond, RAX, RCX, R12 } from '../../../src/compiler/x64/registers.js';
import { objdump, objdumpAvailability } from './objdump.js';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
const i32 = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24);

test('a backward branch in reach is rel8; out of reach it is rel32', () => {
  const a = new Assembler();
  const top = a.newLabel();
  a.bind(top);
  a.jmp(top);                       // eb fe: jump to itself
  a.jcc(Cond.NE, top);              // 75 fc
  for (let i = 0; i < 130; i++) a.int3();
  a.jcc(Cond.E, top);               // 0f 84 rel32
  const { code } = a.finish();
  assert.equal(hex(code.slice(0, 4)), 'eb fe 75 fc');
  const at = 4 + 130;
  assert.equal(hex(code.slice(at, at + 2)), '0f 84');
  assert.equal(i32(code, at + 2), 0 - (at + 6));
});

test('forward branches are rel32 fixed up at finish, short ones rel8', () => {
  const a = new Assembler();
  const end = a.newLabel();
  a.jmp(end);                       // e9 rel32 at 0..5
  a.jccShort(Cond.L, end);          // 7c rel8 at 5..7
  a.int3();
  a.bind(end);
  a.ret();
  const { code } = a.finish();
  assert.equal(code[0], 0xe9);
  assert.equal(i32(code, 1), 8 - 5);
  assert.equal(hex(code.slice(5, 7)), '7c 01');
});

test('an unbound label or an out-of-range short branch is an InternalError at finish', () => {
  const a = new Assembler();
  a.jmp(a.newLabel());
  assert.throws(() => a.finish(), InternalError);
  const b = new Assembler();
  const far = b.newLabel();
  b.jmpShort(far);
  for (let i = 0; i < 200; i++) b.int3();
  b.bind(far);
  assert.throws(() => b.finish(), /out of range/);
});

test('RIP-relative label operands count from the end of the instruction, immediates included', () => {
  const a = new Assembler();
  const k = a.newLabel();
  a.emit(form('cmp rm32, imm32'), ripLabel(k), 0x12345678); // 81 3d disp32 imm32: 10 bytes
  a.leaLabel(RAX, k);                                         // 48 8d 05 disp32: 7 bytes
  a.bind(k);
  a.buf.u32(0xdeadbeef);
  const { code } = a.finish();
  assert.equal(i32(code, 2), 17 - 10);
  assert.equal(i32(code, 13), 17 - 17);
});

test('jump-table entries hold label minus table start', () => {
  const a = new Assembler();
  const table = a.buf.pos;
  const l1 = a.newLabel();
  a.buf.labelDelta32(l1, table);
  a.int3();
  a.bind(l1);
  const { code } = a.finish();
  assert.equal(i32(code, 0), 5);
});

test('calls to other functions are relocations, patched at layout', () => {
  const f = new Assembler();
  f.callSymbol(7);
  f.ret();
  const g = new Assembler();
  g.ret();
  const ff = f.finish();
  assert.deepEqual([...ff.relocOffsets], [1]);
  assert.deepEqual([...ff.relocSymbols], [7]);
  assert.equal(hex(ff.code), 'e8 00 00 00 00 c3');
  // Layout: g at 0, f at 16.
  const image = new Uint8Array(32);
  image.set(g.finish().code, 0);
  image.set(ff.code, 16);
  patchRelocations(image, 16, ff, (s) => (s === 7 ? 0 : -1));
  assert.equal(i32(image, 17), 0 - (16 + 5));
});

test('align pads with whole NOP instructions to every boundary', (t) => {
  for (let start = 0; start < 40; start++) {
    const buf = new CodeBuffer(16);
    for (let i = 0; i < start; i++) buf.u8(0xcc);
    buf.align(32);
    assert.equal(buf.pos % 32, 0);
    assert.ok(buf.pos - start < 32);
  }
  if (!objdumpAvailability().ok) {
    if (process.env['CORRAL_NO_OBJDUMP'] === '1') { t.skip('OBJDUMP MISSING: NOPs not disassembled'); return; }
    assert.fail('objdump is required (install binutils, or set CORRAL_NO_OBJDUMP=1 to skip)');
  }
  const all = NOPS.slice(1).flat();
  const dis = objdump(Uint8Array.from(all));
  assert.equal(dis.length, NOPS.length - 1, 'each NOP decodes as one instruction');
  for (const d of dis) assert.match(d.text, /^(nop|xchg %ax,%ax)/);
});

test('the buffer grows without losing bytes', () => {
  const a = new Assembler(new CodeBuffer(16));
  for (let i = 0; i < 10000; i++) a.addRR(64, R12, RCX);
  const { code } = a.finish();
  assert.equal(code.length, 30000);
  assert.equal(hex(code.slice(29997)), '49 01 cc');
});

test('32-bit fields written before and after the buffer grows are all intact', () => {
  // disp32, imm32 and forward rel32 fixups straddling many growths: each is one 32-bit store into
  // whatever memory is current, so a stale view after a growth would lose them.
  const emitAll = (a: Assembler) => {
    const done = a.newLabel();
    for (let i = 0; i < 3000; i++) {
      a.movRM(64, RAX, R12, -1, 1, 0x12345 + i);
      a.aluRI(0, 32, RCX, -0x7654321 - i);
      if (i % 100 === 0) a.jcc(Cond.E, done);
    }
    a.bind(done);
    return a.finish().code;
  };
  const grown = emitAll(new Assembler(new CodeBuffer(16)));
  const roomy = emitAll(new Assembler(new CodeBuffer(1 << 20)));
  assert.equal(hex(grown), hex(roomy));
  // The first instruction: mov rax, [r12 + 0x12345] = 49 8b 84 24 45 23 01 00.
  assert.equal(hex(grown.slice(0, 8)), '49 8b 84 24 45 23 01 00');
  assert.equal(i32(grown, 4), 0x12345);
});

test('the checked door rejects operands that do not fit the row', () => {
  const a = new Assembler();
  assert.throws(() => a.emit(form('add rm64, imm8'), RAX, 128), InternalError);
  assert.throws(() => a.emit(form('add rm32, imm32'), RAX, 0x100000000), InternalError);
  assert.throws(() => a.emit(form('lea r64, m'), RAX, RCX), InternalError);
  assert.throws(() => a.emit(form('shl rm32, cl'), RAX, RAX), InternalError);
  assert.throws(() => a.emit(form('mov r64, rm64'), RAX, 16), InternalError);
  assert.throws(() => a.emit(form('ret'), RAX), InternalError);
  assert.equal(a.buf.pos, 0);
});

test('finishDetached equals finish, and writing on afterwards never shows through its view', () => {
  const emit = (a: Assembler) => {
    const done = a.newLabel();
    for (let i = 0; i < 200; i++) { a.addRR(64, R12, RCX); a.jcc(Cond.E, done); }
    a.bind(done);
    a.ret();
  };
  const copied = new Assembler(new CodeBuffer(1 << 12));
  emit(copied);
  const expected = hex(copied.finish().code);
  // Mostly full: a view of the buffer's storage; mostly empty: a copy. Both must stay put.
  for (const capacity of [1600, 1 << 16]) {
    const a = new Assembler(new CodeBuffer(capacity));
    emit(a);
    const { code } = a.finishDetached();
    assert.equal(hex(code), expected);
    assert.equal(a.offset, 0, 'the buffer starts again empty');
    for (let i = 0; i < 2000; i++) a.int3();
    assert.equal(hex(code), expected, `capacity ${capacity}: later writes changed the finished code`);
  }
});
