// Specification of the opcode table: its shape (ids, unique encodings, O(1)
// lookups, feature counts), its encodings checked row by row against wabt's
// assembler, and its fixed signatures checked row by row against V8's
// validator (the oracle) and Corral's own.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  OPCODES, PRIMARY, PREFIX_FC, PREFIX_FD, Imm, lookupOpcode, opcodesNamed, encodeOpcode, opcodeByKey, unclassifiedOpcodes,
  type OpcodeRow,
} from '../../src/wasm/opcodes.js';
import { watToBinary } from '../../src/wasm/text.js';
import { parseModule } from '../../src/wasm/index.js';
import { CompileError } from '../../src/wasm/errors.js';
import { valTypeName } from '../../src/wasm/types.js';
import { v8 } from '../spec/v8.js';

test('row ids are indices and encodings are unique', () => {
  OPCODES.forEach((row, i) => assert.equal(row.id, i));
  const seen = new Set<string>();
  for (const row of OPCODES) {
    const key = `${row.prefix}:${row.code}`;
    assert.ok(!seen.has(key), `duplicate ${key}`);
    seen.add(key);
    assert.equal(lookupOpcode(row.prefix, row.code), row);
  }
  assert.equal(lookupOpcode(0, 0x06), undefined);
  assert.equal(lookupOpcode(0xfc, 18), undefined);
  assert.equal(lookupOpcode(0xfd, 154), undefined);
  assert.equal(lookupOpcode(0xfd, 256), undefined);
});

test('keys are unique and classifications are checked against them', () => {
  assert.equal(new Set(OPCODES.map((r) => r.key)).size, OPCODES.length);
  assert.equal(opcodeByKey('select.typed')?.code, 0x1c);
  assert.equal(opcodeByKey('select')?.code, 0x1b);
  const all = OPCODES.map((r) => r.key);
  assert.deepEqual(unclassifiedOpcodes(all), { missing: [], unknown: [] });
  assert.deepEqual(unclassifiedOpcodes([...all.filter((k) => k !== 'i32.add'), 'i32.frobnicate']),
    { missing: ['i32.add'], unknown: ['i32.frobnicate'] });
});

test('the table covers WebAssembly 2.0: counts per feature', () => {
  const count = (f: string): number => OPCODES.filter((r) => r.feature === f).length;
  assert.equal(count('simd'), 236);
  assert.equal(count('sat-trunc'), 8);
  assert.equal(count('sign-ext'), 5);
  assert.equal(count('bulk-memory'), 7);
  assert.equal(count('reference-types'), 9);
  assert.equal(PREFIX_FC.filter((id) => id >= 0).length, 18);
  assert.equal(PRIMARY[0xfc], -1);
  assert.equal(PRIMARY[0xfd], -1);
  assert.equal(PREFIX_FD.filter((id) => id >= 0).length, 236);
  assert.equal(opcodesNamed('select').length, 2);
});

test('memory accesses carry their natural alignment, lane ops their lane count', () => {
  const row = (n: string): OpcodeRow => opcodesNamed(n)[0]!;
  assert.equal(row('i64.load').alignLog2, 3);
  assert.equal(row('i32.load16_u').alignLog2, 1);
  assert.equal(row('v128.load').alignLog2, 4);
  assert.equal(row('v128.load64_lane').alignLog2, 3);
  assert.equal(row('v128.load64_lane').lanes, 2);
  assert.equal(row('i8x16.extract_lane_s').lanes, 16);
  for (const r of OPCODES) {
    if (r.imm === Imm.memarg || r.imm === Imm.memargLane) assert.ok(r.sig !== 'special', r.name);
    if (r.imm === Imm.lane || r.imm === Imm.memargLane) assert.ok(r.lanes > 0, r.name);
  }
});

/** Text immediates that make each row assemble, in a module declaring one of everything. */
function instructionText(row: OpcodeRow): string {
  switch (row.imm) {
    // wabt drops an empty else branch, so this one holds a value.
    case Imm.none: return row.name === 'else' ? 'if (result i32)\ni32.const 0\nelse\ni32.const 1\nend' : row.name;
    case Imm.blockType: return `${row.name}\nend`;
    case Imm.label: case Imm.local: case Imm.global: case Imm.func: case Imm.table:
    case Imm.data: case Imm.elem: case Imm.i32: case Imm.i64: case Imm.f32: case Imm.f64:
    case Imm.lane: case Imm.brTable:
      return `${row.name} 0`;
    case Imm.memargLane: return `${row.name} 0`;
    case Imm.callIndirect: return `${row.name} (type 0)`;
    case Imm.refType: return `${row.name} func`;
    case Imm.selectTypes: return `${row.name} (result i32)`;
    case Imm.tableInit: case Imm.tableCopy: return `${row.name} 0 0`;
    case Imm.memoryInit: return `${row.name} 0`;
    case Imm.v128: return `${row.name} i32x4 0 0 0 0`;
    case Imm.shuffle: return `${row.name} ${'0 '.repeat(16)}`;
    default: return row.name;
  }
}

const prelude = '(type (func)) (memory 1) (table 1 funcref) (global (mut i32) (i32.const 0)) (data "x") (elem func 0)';

/** Offset of the first instruction of the first function body in a wabt binary. */
function firstInstruction(bin: Uint8Array): number {
  let p = 8;
  const leb = (): number => {
    let v = 0, shift = 0, b: number;
    do { b = bin[p++]!; v |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80);
    return v >>> 0;
  };
  while (p < bin.length) {
    const id = bin[p++]!;
    const size = leb();
    if (id !== 10) { p += size; continue; }
    leb(); // count
    leb(); // body size
    const groups = leb();
    for (let i = 0; i < groups; i++) { leb(); p++; }
    return p;
  }
  throw new Error('no code section');
}

test('every row encodes as wabt assembles its name', async () => {
  const failures: string[] = [];
  for (const row of OPCODES) {
    if (row.name === 'end') continue; // implicit in every body
    const text = `(module ${prelude} (func (local i32) ${instructionText(row)}))`;
    const bin = await watToBinary(text);
    const at = firstInstruction(bin);
    const expected = row.name === 'else' ? [0x04, 0x7f, 0x41, 0x00, ...encodeOpcode(row)] : encodeOpcode(row);
    const actual = Array.from(bin.subarray(at, at + expected.length));
    if (actual.join() !== expected.join()) failures.push(`${row.name}: table ${expected} wabt ${actual}`);
  }
  assert.deepEqual(failures, []);
});

test('every fixed signature agrees with V8 and with Corral, and a wrong operand is rejected by both', async () => {
  const disagreements: string[] = [];
  for (const row of OPCODES) {
    if (row.sig === 'special') continue;
    const { params, results } = row.sig;
    const body = (types: readonly number[]): string =>
      `(func (param ${types.map(valTypeName).join(' ')}) (result ${results.map(valTypeName).join(' ')})` +
      ` ${types.map((_, i) => `local.get ${i}`).join(' ')} ${instructionText(row)})`;
    const good = await watToBinary(`(module ${prelude} ${body(params)})`);
    const corralAccepts = (bytes: Uint8Array): boolean => {
      try { parseModule(bytes); return true; } catch (e) { if (e instanceof CompileError) return false; throw e; }
    };
    if (!v8.validate(good)) disagreements.push(`${row.name}: V8 rejects the table's signature`);
    if (!corralAccepts(good)) disagreements.push(`${row.name}: Corral rejects the table's signature`);
    if (params.length > 0) {
      const wrong = [...params];
      wrong[0] = params[0] === 0x7f ? 0x7e : 0x7f;
      const bad = await watToBinary(`(module ${prelude} ${body(wrong)})`);
      if (v8.validate(bad)) disagreements.push(`${row.name}: V8 accepts a wrong first operand`);
      if (corralAccepts(bad)) disagreements.push(`${row.name}: Corral accepts a wrong first operand`);
    }
  }
  assert.deepEqual(disagreements, []);
});
