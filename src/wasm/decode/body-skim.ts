// A malformation-only pass over function bodies, used on one error path: when
// the decoder fails after the code section, a fault inside an earlier body
// must win, because the reference interpreter decodes bodies in stream order
// (a body whose size hides its tail makes that tail look like bad sections;
// binary-leb128.wast tests this). Reads encodings (opcodes, immediates,
// LEB128 widths, reserved zero bytes), never types.
//
// Invariants: never throws; returns the first CompileError a body's
// encoding produces, or undefined. Off the hot path: decodeModule calls it only
// when it is about to fail anyway. Imported by decoder.ts only.

import { CompileError } from '../errors.js';
import { IMM, Imm, readOpcodeId } from '../opcodes.js';
import { Reader } from '../reader.js';
import type { FunctionBody } from '../types.js';
import { readRefType, readValType } from './types.js';

export function firstMalformedBody(bytes: Uint8Array, bodies: readonly FunctionBody[]): CompileError | undefined {
  for (const body of bodies) {
    try {
      skimBody(new Reader(bytes, body.start, body.end));
    } catch (e) {
      if (e instanceof CompileError) return e;
      throw e;
    }
  }
  return undefined;
}

function skimBody(r: Reader): void {
  r.endReason = 'unexpected end of section or function';
  const groupsAt = r.pos;
  const groups = r.count();
  let locals = 0;
  for (let i = 0; i < groups; i++) {
    locals += r.u32();
    readValType(r);
  }
  if (locals >= 2 ** 32) r.fail('too many locals', groupsAt);
  while (!r.atEnd) skimInstruction(r);
}

function skimInstruction(r: Reader): void {
  skipImmediates(r, readOpcodeId(r));
}

/** Reads past the immediates of the instruction with row `id` (its opcode already read). */
export function skipImmediates(r: Reader, id: number): void {
  switch (IMM[id]) {
    case Imm.none: return;
    case Imm.blockType: r.s33(); return;
    case Imm.label: case Imm.func: case Imm.local: case Imm.global: case Imm.table: case Imm.data: case Imm.elem:
      r.u32(); return;
    case Imm.brTable: {
      const n = r.count();
      for (let i = 0; i <= n; i++) r.u32();
      return;
    }
    case Imm.callIndirect: case Imm.tableInit: case Imm.tableCopy: r.u32(); r.u32(); return;
    case Imm.memarg: skimMemarg(r); return;
    case Imm.memargLane: skimMemarg(r); r.u8(); return;
    case Imm.memory: zeroByte(r); return;
    case Imm.memoryInit: r.u32(); zeroByte(r); return;
    case Imm.memoryCopy: zeroByte(r); zeroByte(r); return;
    case Imm.i32: r.s32(); return;
    case Imm.i64: r.skipS64(); return;
    case Imm.f32: r.skip(4); return;
    case Imm.f64: r.skip(8); return;
    case Imm.v128: case Imm.shuffle: r.skip(16); return;
    case Imm.lane: r.u8(); return;
    case Imm.refType: readRefType(r); return;
    case Imm.selectTypes: {
      const n = r.count();
      for (let i = 0; i < n; i++) readValType(r);
      return;
    }
    default: return;
  }
}

function skimMemarg(r: Reader): void {
  const at = r.pos;
  if (r.u32() >= 32) r.fail('malformed memop flags', at);
  r.u32();
}

function zeroByte(r: Reader): void {
  const at = r.pos;
  if (r.u8() !== 0) r.fail('zero byte expected', at);
}
