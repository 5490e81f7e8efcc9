// Disassembler of function bodies into the text format's flat instruction
// syntax, driven entirely by the opcode table: names and immediate kinds come
// from the rows, so a new row prints without code here.
//
// Invariants: reads only within the body's byte range; malformed bytes throw
// CompileError (through the Reader), never anything else. Does not validate:
// a well-formed but ill-typed body prints fine. Used by tests, the CLI's
// `inspect` and golden files; the compilers must not depend on it.

import { CompileError } from './errors.js';
import { Reader } from './reader.js';
import { valTypeName, type FunctionBody, type Module } from './types.js';
import { Imm, OPCODES, readOpcodeId, type OpcodeRow } from './opcodes.js';

const f32View = new DataView(new ArrayBuffer(8));

function floatText(value: number, bitsText: string, negative: boolean): string {
  if (Number.isNaN(value)) return `${negative ? '-' : ''}nan:${bitsText}`;
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  if (Object.is(value, -0)) return '-0';
  return String(value);
}

function f32Text(bits: number): string {
  f32View.setUint32(0, bits, true);
  return floatText(f32View.getFloat32(0, true), `0x${(bits & 0x7fffff).toString(16)}`, bits >>> 31 === 1);
}

function f64Text(bits: bigint): string {
  f32View.setBigUint64(0, bits, true);
  return floatText(f32View.getFloat64(0, true), `0x${(bits & 0xfffffffffffffn).toString(16)}`, bits >> 63n === 1n);
}

function blockTypeText(bt: number): string {
  if (bt === -64) return '';
  if (bt >= 0) return ` (type ${bt})`;
  return ` (result ${valTypeName(0x80 + bt)})`;
}

function memargText(r: Reader, row: OpcodeRow): string {
  const align = r.u32();
  const offset = r.u32();
  let text = '';
  if (offset !== 0) text += ` offset=${offset}`;
  if (align !== row.alignLog2) text += ` align=${align < 32 ? 2 ** align : `2**${align}`}`;
  return text;
}

function zeroByte(r: Reader): void {
  const at = r.pos;
  if (r.u8() !== 0) throw new CompileError('zero byte expected', at);
}

/** Reads one instruction's immediates per its row and returns them as text (with a leading space). */
function immediatesText(r: Reader, row: OpcodeRow): string {
  switch (row.imm) {
    case Imm.none: return '';
    case Imm.blockType: return blockTypeText(r.s33());
    case Imm.label: case Imm.func: case Imm.local: case Imm.global: case Imm.table:
    case Imm.data: case Imm.elem:
      return ` ${r.u32()}`;
    case Imm.brTable: {
      const n = r.count();
      const labels: number[] = [];
      for (let i = 0; i <= n; i++) labels.push(r.u32());
      return ` ${labels.join(' ')}`;
    }
    case Imm.callIndirect: {
      const type = r.u32();
      const table = r.u32();
      return `${table !== 0 ? ` ${table}` : ''} (type ${type})`;
    }
    case Imm.memarg: return memargText(r, row);
    case Imm.memory: zeroByte(r); return '';
    case Imm.memoryCopy: zeroByte(r); zeroByte(r); return '';
    case Imm.memoryInit: { const x = r.u32(); zeroByte(r); return ` ${x}`; }
    case Imm.i32: return ` ${r.s32()}`;
    case Imm.i64: return ` ${r.s64()}`;
    case Imm.f32: return ` ${f32Text(r.f32Bits())}`;
    case Imm.f64: return ` ${f64Text(r.f64Bits())}`;
    case Imm.refType: {
      const at = r.pos;
      const t = r.u8();
      if (t === 0x70) return ' func';
      if (t === 0x6f) return ' extern';
      throw new CompileError('malformed reference type', at);
    }
    case Imm.selectTypes: {
      const n = r.count();
      const types: string[] = [];
      for (let i = 0; i < n; i++) types.push(valTypeName(r.u8()));
      return ` (result${types.map((t) => ` ${t}`).join('')})`;
    }
    case Imm.tableInit: { const elem = r.u32(); const table = r.u32(); return ` ${table} ${elem}`; }
    case Imm.tableCopy: { const dst = r.u32(); const src = r.u32(); return ` ${dst} ${src}`; }
    case Imm.v128: {
      const words: string[] = [];
      for (let i = 0; i < 4; i++) words.push(`0x${r.f32Bits().toString(16).padStart(8, '0')}`);
      return ` i32x4 ${words.join(' ')}`;
    }
    case Imm.lane: return ` ${r.u8()}`;
    case Imm.memargLane: { const m = memargText(r, row); return `${m} ${r.u8()}`; }
    case Imm.shuffle: {
      const lanes: number[] = [];
      for (let i = 0; i < 16; i++) lanes.push(r.u8());
      return ` ${lanes.join(' ')}`;
    }
  }
}

/** Reads one opcode (prefix and sub-opcode) and returns its row. */
function readOpcode(r: Reader): OpcodeRow {
  const id = readOpcodeId(r);
  return OPCODES[id]!;
}

/**
 * Prints the instructions in bytes[start, end) one per line, indented by block
 * depth; stops after the `end` that closes depth 0 (the function's own `end`,
 * which is not printed).
 */
export function printInstructions(bytes: Uint8Array, start: number, end: number): string[] {
  const r = new Reader(bytes, start, end);
  const lines: string[] = [];
  let depth = 0;
  while (!r.atEnd) {
    const row = readOpcode(r);
    if (row.name === 'end') {
      if (depth === 0) break;
      depth--;
    }
    const indent = '  '.repeat(row.name === 'else' ? Math.max(depth - 1, 0) : depth);
    lines.push(indent + row.name + immediatesText(r, row));
    if (row.imm === Imm.blockType) depth++;
  }
  return lines;
}

/** Prints a defined function's body: its local declarations, then its instructions. */
export function printFunctionBody(module: Module, body: FunctionBody): string {
  const r = new Reader(module.bytes, body.start, body.end);
  const groups = r.count(2);
  const locals: string[] = [];
  for (let i = 0; i < groups; i++) {
    const n = r.u32();
    const t = valTypeName(r.u8());
    // Repeated, as the text format writes them (n is bounded by the body's validation limit only
    // when validated; an unvalidated count this large would not fit in a string anyway).
    if (n > 100_000) throw new CompileError('too many locals', r.pos);
    for (let k = 0; k < n; k++) locals.push(t);
  }
  const lines = locals.length > 0 ? [`(local ${locals.join(' ')})`] : [];
  return [...lines, ...printInstructions(module.bytes, r.pos, body.end)].join('\n');
}
