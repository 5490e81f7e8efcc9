// Specification of the printer: a readable golden sample, and a round trip for
// every row of the opcode table — printing an instruction and assembling the
// text again with wabt must give back the same bytes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeModule } from '../../src/wasm/decoder.js';
import { printFunctionBody } from '../../src/wasm/printer.js';
import { watToBinary } from '../../src/wasm/text.js';
import { OPCODES, Imm, type OpcodeRow } from '../../src/wasm/opcodes.js';
import { CompileError } from '../../src/wasm/errors.js';

async function printFirst(text: string): Promise<string> {
  const m = decodeModule(await watToBinary(`(module ${text})`));
  return printFunctionBody(m, m.bodies[0]!);
}

test('golden: blocks indent, immediates print in text-format syntax', async () => {
  const printed = await printFirst(`(memory 1) (table 2 funcref) (type (func (param i32) (result i32)))
    (func (param i32) (result i32) (local i64 i64)
      block (result i32)
        local.get 0
        i32.load8_u offset=3 align=1
        i64.const -5
        drop
        local.get 0
        call_indirect (type 0)
        local.get 0
        if
          f32.const -inf
          drop
        else
          f64.const 0.5
          drop
        end
        local.get 0
        br_table 0 0
      end)`);
  assert.equal(printed, [
    '(local i64 i64)',
    'block (result i32)',
    '  local.get 0',
    '  i32.load8_u offset=3',
    '  i64.const -5',
    '  drop',
    '  local.get 0',
    '  call_indirect (type 0)',
    '  local.get 0',
    '  if',
    '    f32.const -inf',
    '    drop',
    '  else',
    '    f64.const 0.5',
    '    drop',
    '  end',
    '  local.get 0',
    '  br_table 0 0',
    'end',
  ].join('\n'));
});

/** Text for each row with non-default immediates where the text format allows them. */
function sample(row: OpcodeRow): string {
  switch (row.imm) {
    case Imm.none: return row.name === 'else' ? 'if (result i32)\ni32.const 0\nelse\ni32.const 1\nend' : row.name;
    case Imm.blockType: return `${row.name} (result i64)\nend`;
    case Imm.memarg: return `${row.name} offset=7 align=1`;
    case Imm.memargLane: return `${row.name} offset=2 1`;
    case Imm.lane: return `${row.name} 1`;
    case Imm.i32: return `${row.name} -123456`;
    case Imm.i64: return `${row.name} -1234567890123`;
    case Imm.f32: return `${row.name} -1.5`;
    case Imm.f64: return `${row.name} nan:0x1234`;
    case Imm.v128: return `${row.name} i32x4 1 0xffffffff 3 4`;
    case Imm.shuffle: return `${row.name} 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31`;
    case Imm.brTable: return `${row.name} 0 0 0`;
    case Imm.callIndirect: return `${row.name} 1 (type 0)`;
    case Imm.refType: return `${row.name} extern`;
    case Imm.selectTypes: return `${row.name} (result f64)`;
    case Imm.tableInit: return `${row.name} 1 0`;
    case Imm.tableCopy: return `${row.name} 1 0`;
    case Imm.memory: case Imm.memoryCopy: return row.name;
    default: return `${row.name} 0`;
  }
}

const prelude = '(type (func)) (memory 1) (table 2 funcref) (global (mut i32) (i32.const 0)) (data "x") (elem func 0)';

test('every row round-trips: print, reassemble, same bytes', async () => {
  const mismatches: string[] = [];
  for (const row of OPCODES) {
    if (row.name === 'end') continue;
    const original = await watToBinary(`(module ${prelude} (func (local i32 f64) ${sample(row)}))`);
    const m = decodeModule(original);
    const printed = printFunctionBody(m, m.bodies[0]!);
    let again: Uint8Array;
    try { again = await watToBinary(`(module ${prelude} (func ${printed}))`); } catch (e) { mismatches.push(`${row.name}: ${String(e)}: ${printed}`); continue; }
    if (Buffer.compare(Buffer.from(original), Buffer.from(again)) !== 0) mismatches.push(`${row.name}: ${printed.replace(/\n/g, ' | ')}`);
  }
  assert.deepEqual(mismatches, []);
});

test('malformed bytes are a CompileError', () => {
  const m = { bytes: new Uint8Array([0, 0x06, 0x0b]) } as Parameters<typeof printFunctionBody>[0];
  assert.throws(() => printFunctionBody(m, { start: 0, end: 3 }), CompileError);
  const truncated = { bytes: new Uint8Array([0, 0x41]) } as Parameters<typeof printFunctionBody>[0];
  assert.throws(() => printFunctionBody(truncated, { start: 0, end: 2 }), CompileError);
});
