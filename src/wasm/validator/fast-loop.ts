// The validator's fast loop: validates a run of the most frequent instructions
// in their most frequent shapes (one-byte local indices, concrete operand
// types, empty or single-value blocks, calls with at most one result, ...)
// and returns at the first instruction it cannot decide, for the full
// algorithm (function.ts) to take from its first byte.
//
// Invariants: it only accepts what the full algorithm would accept, and
// leaves the stacks, the unreachable flags and the position exactly as the
// full algorithm would; every doubt (an Unknown operand, a long immediate, a
// wrong type, an error of any kind) returns instead of deciding. It never
// reads past the body's end and never throws. It calls nothing that
// allocates or may grow a stack, so V8 keeps the stacks' and the bytes'
// lengths and data pointers out of the loop: it returns when the operand
// stack might need to grow (no instruction it accepts pushes more than one
// value net), or the control stack is full. Positions, heights and indices
// are kept int32 (no Uint32 reads). Imported by function.ts and its tests
// only.

import { Limits } from '../limits.js';
import {
  Imm, PRIMARY, SIG_PARAM_COUNT, SIG_PARAMS, SIG_RESULT, IMM, ALIGN_LOG2, MAX_SIG_PARAMS,
} from '../opcodes.js';
import { BlockType, Kind, Val, isValTypeByte, type StackState } from './stack-layout.js';

/**
 * Fixed signatures of single-byte opcodes packed for the generic case,
 * derived from the opcode table: bits 0-1 param count (at most 2 here), 8-15
 * first param, 16-23 second, 24-31 result (0: none); bit 2 marks a memarg.
 * -1 for opcodes the fast loop leaves to the full algorithm.
 */
const FAST_SIG = new Int32Array(256).fill(-1);
/** Natural alignment (log2) by single-byte opcode. */
const FAST_ALIGN = new Uint8Array(256);
/** Loads: the loaded type; stores: the stored value's type (the table's second param). */
const MEM_TYPE = new Uint8Array(256);
for (let op = 0; op < 256; op++) {
  const row = PRIMARY[op]!;
  if (row < 0) continue;
  const n = SIG_PARAM_COUNT[row]!;
  const imm = IMM[row];
  if (n < 0 || n > 2 || (imm !== Imm.none && imm !== Imm.memarg)) continue;
  FAST_SIG[op] = n | (imm === Imm.memarg ? 4 : 0) | (SIG_PARAMS[row * MAX_SIG_PARAMS]! << 8)
    | (SIG_PARAMS[row * MAX_SIG_PARAMS + 1]! << 16) | (SIG_RESULT[row]! << 24);
  FAST_ALIGN[op] = ALIGN_LOG2[row]!;
  if (imm === Imm.memarg) MEM_TYPE[op] = n === 1 ? SIG_RESULT[row]! : SIG_PARAMS[row * MAX_SIG_PARAMS + 1]!;
}

// The groups the loop spells out by opcode must agree with the table.
for (const [ops, sig] of [
  [[0x46, 0x4f], 2 | (Val.I32 << 8) | (Val.I32 << 16) | (Val.I32 << 24)],
  [[0x6a, 0x78], 2 | (Val.I32 << 8) | (Val.I32 << 16) | (Val.I32 << 24)],
  [[0x45, 0x45], 1 | (Val.I32 << 8) | (Val.I32 << 24)],
  [[0x67, 0x69], 1 | (Val.I32 << 8) | (Val.I32 << 24)],
  [[0xc0, 0xc1], 1 | (Val.I32 << 8) | (Val.I32 << 24)],
] as const) {
  for (let op = ops[0]; op <= ops[1]; op++) {
    if (FAST_SIG[op] !== sig) throw new Error(`fast loop: opcode 0x${op.toString(16)} is not (i32...) -> i32 in the opcode table`);
  }
}
for (let op = 0x28; op <= 0x3e; op++) {
  const loads = op <= 0x35;
  if ((FAST_SIG[op]! & 7) !== (loads ? 5 : 6) || ((FAST_SIG[op]! >> 8) & 0xff) !== Val.I32 || MEM_TYPE[op] === 0) {
    throw new Error(`fast loop: opcode 0x${op.toString(16)} is not a ${loads ? 'load' : 'store'} in the opcode table`);
  }
}

/**
 * On by default. Tests turn it off to check that the full algorithm alone
 * gives every verdict, reason and offset the fast loop gives (it must only
 * ever save time).
 */
export const fastLoopSwitch = { enabled: true };

/** Where the last successful readU32Fast ended (a second return value, without allocating). */
let lebEnd = 0;

/**
 * A well-formed unsigned 32-bit LEB128 at `p` (toolchains pad indices to 5
 * bytes, so all lengths matter); -1 when it is malformed, runs past `end` or
 * is 2^31 or more (no index is that large), for the full reader to report.
 * Always an int32, so V8 keeps the loop's positions as integers.
 */
function readU32Fast(bytes: Uint8Array, p: number, end: number): number {
  if (p + 5 <= end) {
    let b = bytes[p]!;
    if (b < 0x80) { lebEnd = p + 1; return b; }
    let result = b & 0x7f;
    b = bytes[p + 1]!; result |= (b & 0x7f) << 7;
    if (b < 0x80) { lebEnd = p + 2; return result; }
    b = bytes[p + 2]!; result |= (b & 0x7f) << 14;
    if (b < 0x80) { lebEnd = p + 3; return result; }
    b = bytes[p + 3]!; result |= (b & 0x7f) << 21;
    if (b < 0x80) { lebEnd = p + 4; return result; }
    b = bytes[p + 4]!;
    if (b < 0x08) { lebEnd = p + 5; return result | (b << 28); }
  }
  return -1;
}

/** The end of a well-formed unsigned (`signed` false) or signed 32-bit LEB128 at `p`, or -1. */
function skipLeb32(bytes: Uint8Array, p: number, end: number, signed: boolean): number {
  const limit = p + 4 < end ? p + 4 : end;
  while (p < limit) if (bytes[p++]! < 0x80) return p;
  if (p >= end) return -1;
  const b = bytes[p]!;
  if (signed ? ((b & 0xf8) === 0 || (b & 0xf8) === 0x78) : b < 0x10) return p + 1;
  return -1;
}

/** The end of a well-formed signed 64-bit LEB128 at `p`, or -1 (as Reader.skipS64 would accept). */
function skipLeb64(bytes: Uint8Array, p: number, end: number): number {
  const limit = p + 9 < end ? p + 9 : end;
  while (p < limit) if (bytes[p++]! < 0x80) return p;
  if (p >= end) return -1;
  const low = bytes[p]!;
  return low === 0 || low === 0x7f ? p + 1 : -1;
}

/** A block type byte the fast loop handles: empty, or one value type. */
function isShortBlockType(b: number): boolean {
  return b === 0x40 || (b >= 0x6f && isValTypeByte(b));
}

/**
 * Validates instructions from s.r.pos while it can; on return s.r.pos is the
 * first instruction left to the full algorithm, or the body's end with s.csp
 * 0 after the function's final `end`; s.sp, s.csp and the stacks are as the
 * full algorithm would have left them.
 */
export function runFastLoop(s: StackState): void {
  const c = s.c;
  const r = s.r;
  const bytes = r.bytes;
  const end = r.end | 0;
  // Every case reads its opcode and the byte after it.
  const last = end - 1;
  const vals = s.vals;

  const ctrlKind = s.ctrlKind, ctrlType = s.ctrlType, ctrlHeight = s.ctrlHeight, ctrlUnreachable = s.ctrlUnreachable;
  // Frame 0 is the function's; the depth limit counts the frames above it.
  const maxCsp = Math.min(ctrlKind.length, Limits.controlDepth + 1);
  const locals = s.locals;
  // A one-byte LEB index below the dense locals.
  const localLimit = Math.min(s.denseLocals, 0x80);
  const numFuncs = c.numFuncs, numGlobals = c.numGlobals;
  const hasMemory = c.numMemories > 0;
  const fastSig = FAST_SIG, fastAlign = FAST_ALIGN, memType = MEM_TYPE;
  const globalType = c.globalType, globalMutable = c.globalMutable, funcType = c.funcType, typeVals = c.typeVals;
  const paramCount = c.paramCount, paramStart = c.paramStart, resultCount = c.resultCount, resultStart = c.resultStart;
  let pos = r.pos | 0;
  let sp = s.sp | 0;
  let csp = s.csp | 0;
  let height = ctrlHeight[csp - 1]!;
  // An instruction starts only with room for two more values (as the full
  // algorithm grows its stack). None here pushes more than one value net and
  // each takes at least a byte, so bounding the position bounds the height:
  // one comparison per instruction instead of two.
  const room = vals.length - 2 - sp;
  const stop = room < last - pos ? pos + room + 1 : last;
  run: while (pos < stop) {
    const op = bytes[pos]!;
    // The byte after the opcode (its first immediate byte), read only by the cases that need it.
    let imm: number;
    switch (op) {
      case 0x20: // local.get x
        imm = bytes[pos + 1]!;
        if (imm >= localLimit) break run;
        vals[sp++] = locals[imm]!;
        pos += 2;
        continue;
      case 0x21: // local.set x
        imm = bytes[pos + 1]!;
        if (imm >= localLimit || sp === height || vals[sp - 1] !== locals[imm]) break run;
        sp--;
        pos += 2;
        continue;
      case 0x22: // local.tee x
        imm = bytes[pos + 1]!;
        if (imm >= localLimit || sp === height || vals[sp - 1] !== locals[imm]) break run;
        pos += 2;
        continue;
      case 0x41: // i32.const: any byte below 0x80 is a whole s32
        imm = bytes[pos + 1]!;
        if (imm < 0x80) {
          pos += 2;
        } else {
          const next = skipLeb32(bytes, pos + 1, end, true);
          if (next < 0) break run;
          pos = next | 0;
        }
        vals[sp++] = Val.I32;
        continue;

      // (i32, i32) -> i32: comparisons and arithmetic.
      case 0x46: case 0x47: case 0x48: case 0x49: case 0x4a: case 0x4b: case 0x4c: case 0x4d: case 0x4e: case 0x4f:
      case 0x6a: case 0x6b: case 0x6c: case 0x6d: case 0x6e: case 0x6f: case 0x70: case 0x71:
      case 0x72: case 0x73: case 0x74: case 0x75: case 0x76: case 0x77: case 0x78:
        if (sp - height < 2 || vals[sp - 1] !== Val.I32 || vals[sp - 2] !== Val.I32) break run;
        sp--;
        pos += 1;
        continue;
      // (i32) -> i32: eqz, clz, ctz, popcnt, extend8_s, extend16_s.
      case 0x45: case 0x67: case 0x68: case 0x69: case 0xc0: case 0xc1:
        if (sp === height || vals[sp - 1] !== Val.I32) break run;
        pos += 1;
        continue;

      // Loads: (i32) -> t, with a memarg.
      case 0x28: case 0x29: case 0x2a: case 0x2b: case 0x2c: case 0x2d: case 0x2e: case 0x2f:
      case 0x30: case 0x31: case 0x32: case 0x33: case 0x34: case 0x35: {
        imm = bytes[pos + 1]!;
        if (!hasMemory || imm > fastAlign[op]! || sp === height || vals[sp - 1] !== Val.I32) break run;
        let next = pos + 2;
        if (next >= end) break run;
        if (bytes[next]! < 0x80) next++;
        else if ((next = skipLeb32(bytes, next, end, false)) < 0) break run;
        vals[sp - 1] = memType[op]!;
        pos = next | 0;
        continue;
      }
      // Stores: (i32, t) -> (), with a memarg.
      case 0x36: case 0x37: case 0x38: case 0x39: case 0x3a: case 0x3b: case 0x3c: case 0x3d: case 0x3e: {
        imm = bytes[pos + 1]!;
        if (!hasMemory || imm > fastAlign[op]! || sp - height < 2 || vals[sp - 1] !== memType[op] || vals[sp - 2] !== Val.I32) break run;
        let next = pos + 2;
        if (next >= end) break run;
        if (bytes[next]! < 0x80) next++;
        else if ((next = skipLeb32(bytes, next, end, false)) < 0) break run;
        sp -= 2;
        pos = next | 0;
        continue;
      }

      case 0x23: { // global.get x
        const x = readU32Fast(bytes, pos + 1, end);
        if (x < 0 || x >= numGlobals) break run;
        vals[sp++] = globalType[x]!;
        pos = lebEnd | 0;
        continue;
      }
      case 0x24: { // global.set x
        const x = readU32Fast(bytes, pos + 1, end);
        if (x < 0 || x >= numGlobals || !globalMutable[x] || sp === height || vals[sp - 1] !== globalType[x]) break run;
        sp--;
        pos = lebEnd | 0;
        continue;
      }
      case 0x42: { // i64.const
        imm = bytes[pos + 1]!;
        const next = imm < 0x80 ? pos + 2 : skipLeb64(bytes, pos + 1, end);
        if (next < 0) break run;
        vals[sp++] = Val.I64;
        pos = next | 0;
        continue;
      }
      case 0x43: // f32.const
        if (pos + 5 > end) break run;
        vals[sp++] = Val.F32;
        pos += 5;
        continue;
      case 0x44: // f64.const
        if (pos + 9 > end) break run;
        vals[sp++] = Val.F64;
        pos += 9;
        continue;

      case 0x02: // block
      case 0x03: // loop
        imm = bytes[pos + 1]!;
        // An empty or single-value block type: no params to pop.
        if (!isShortBlockType(imm) || csp >= maxCsp) break run;
        ctrlKind[csp] = op === 0x02 ? Kind.Block : Kind.Loop;
        ctrlType[csp] = imm - 0x80;
        ctrlHeight[csp] = sp;
        ctrlUnreachable[csp] = 0;
        csp++;
        height = sp;
        pos += 2;
        continue;
      case 0x04: // if
        imm = bytes[pos + 1]!;
        if (!isShortBlockType(imm) || csp >= maxCsp || sp === height || vals[sp - 1] !== Val.I32) break run;
        sp--;
        ctrlKind[csp] = Kind.If;
        ctrlType[csp] = imm - 0x80;
        ctrlHeight[csp] = sp;
        ctrlUnreachable[csp] = 0;
        csp++;
        height = sp;
        pos += 2;
        continue;
      case 0x05: { // else: the then-branch leaves exactly its 0 or 1 results
        const f = csp - 1;
        const bt = ctrlType[f]!;
        if (ctrlKind[f] !== Kind.If || bt >= 0) break run;
        if (bt === BlockType.Empty ? sp !== height : sp !== height + 1 || vals[sp - 1] !== bt + 0x80) break run;
        sp = height;
        ctrlKind[f] = Kind.Else;
        ctrlUnreachable[f] = 0;
        pos += 1;
        continue;
      }
      case 0x0b: { // end of a block, loop, else, or type-preserving if, with 0 or 1 results
        const f = csp - 1;
        const bt = ctrlType[f]!;
        if (f === 0 || bt >= 0 || (ctrlKind[f] === Kind.If && bt !== BlockType.Empty)) break run;
        if (bt === BlockType.Empty ? sp !== height : sp !== height + 1 || vals[sp - 1] !== bt + 0x80) break run;
        csp = f;
        height = ctrlHeight[f - 1]!;
        pos += 1;
        continue;
      }
      case 0x0c: { // br: to a label of 0 or 1 values
        imm = bytes[pos + 1]!;
        if (imm >= 0x80 || imm >= csp) break run;
        const f = csp - 1 - imm;
        const bt = ctrlType[f]!;
        if (bt >= 0) break run;
        if (ctrlKind[f] !== Kind.Loop && bt !== BlockType.Empty && (sp === height || vals[sp - 1] !== bt + 0x80)) break run;
        sp = height;
        ctrlUnreachable[csp - 1] = 1;
        pos += 2;
        continue;
      }
      case 0x0d: { // br_if: to a label of 0 or 1 values
        imm = bytes[pos + 1]!;
        if (imm >= 0x80 || imm >= csp || sp === height || vals[sp - 1] !== Val.I32) break run;
        const f = csp - 1 - imm;
        const bt = ctrlType[f]!;
        if (bt >= 0) break run;
        if (ctrlKind[f] !== Kind.Loop && bt !== BlockType.Empty && (sp - 1 === height || vals[sp - 2] !== bt + 0x80)) break run;
        sp--;
        pos += 2;
        continue;
      }
      case 0x0f: { // return
        const t = ctrlType[0]!;
        const n = resultCount[t]!;
        if (sp - height < n) break run;
        const rs = resultStart[t]!;
        const base = sp - n;
        for (let i = 0; i < n; i++) if (vals[base + i] !== typeVals[rs + i]) break run;
        sp = height;
        ctrlUnreachable[csp - 1] = 1;
        pos += 1;
        continue;
      }
      case 0x10: { // call, with at most one result
        const x = readU32Fast(bytes, pos + 1, end);
        if (x < 0 || x >= numFuncs) break run;
        const t = funcType[x]!;
        const n = paramCount[t]!;
        const m = resultCount[t]!;
        if (m > 1 || sp - height < n) break run;
        const ps = paramStart[t]!;
        const base = sp - n;
        for (let i = 0; i < n; i++) if (vals[base + i] !== typeVals[ps + i]) break run;
        sp = base;
        if (m === 1) vals[sp++] = typeVals[resultStart[t]!]!;
        pos = lebEnd | 0;
        continue;
      }
      case 0x00: // unreachable
        sp = height;
        ctrlUnreachable[csp - 1] = 1;
        pos += 1;
        continue;
      case 0x1a: // drop
        if (sp === height) break run;
        sp--;
        pos += 1;
        continue;
      case 0x1b: { // select: two operands of one concrete numeric type
        if (sp - height < 3 || vals[sp - 1] !== Val.I32) break run;
        const t = vals[sp - 2]!;
        if (t !== vals[sp - 3] || t === Val.Unknown || t === Val.FuncRef || t === Val.ExternRef) break run;
        sp -= 2;
        pos += 1;
        continue;
      }
      default: { // any other fixed signature from the opcode table
        const w = fastSig[op]!;
        if (w === -1) break run;
        let next = pos + 1;
        if (w & 4) {
          imm = bytes[pos + 1]!;
          if (!hasMemory || imm > fastAlign[op]!) break run;
          next = skipLeb32(bytes, pos + 2, end, false);
          if (next < 0) break run;
        }
        const n = w & 3;
        if (n === 2) {
          if (sp - height < 2 || vals[sp - 1] !== ((w >> 16) & 0xff) || vals[sp - 2] !== ((w >> 8) & 0xff)) break run;
          sp -= 2;
        } else if (n === 1) {
          if (sp === height || vals[sp - 1] !== ((w >> 8) & 0xff)) break run;
          sp--;
        }
        const result = w >>> 24;
        if (result !== 0) vals[sp++] = result;
        pos = next | 0;
        continue;
      }
    }
  }
  // The function's final `end`, as the body's last byte, leaving exactly the
  // function's results (the full algorithm's pop_ctrl on frame 0): csp drops
  // to 0, which tells the caller the body is done.
  if (pos === last && csp === 1 && bytes[pos] === 0x0b) {
    const t = ctrlType[0]!;
    const n = resultCount[t]!;
    if (sp - height === n) {
      const rs = resultStart[t]!;
      let ok = true;
      for (let i = 0; i < n; i++) if (vals[height + i] !== typeVals[rs + i]) { ok = false; break; }
      if (ok) {
        sp = height;
        csp = 0;
        pos = end;
      }
    }
  }
  r.pos = pos;
  s.sp = sp;
  s.csp = csp;
}
