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

/** 1 for the single-byte (i32, i32) -> i32 operators (derived from the table, like FAST_SIG). */
const I32_BINOP = new Uint8Array(256);
for (let op = 0; op < 256; op++) {
  if (FAST_SIG[op] === (2 | (Val.I32 << 8) | (Val.I32 << 16) | (Val.I32 << 24))) I32_BINOP[op] = 1;
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

// LEB128 immediates are read inline in the loop, never by a helper call:
// V8 inlines only so many call sites into a function this large, and one
// call left in the loop makes it forget, at every iteration, what it knows
// about the arrays (their classes, lengths and data pointers), so every
// access re-checks them and every value lives in a stack slot. Each inline
// read accepts a subset of what the Reader accepts (32-bit values: at most 5
// bytes, the 5th within range; indices below 2^31) and requires room for the
// longest form once the first byte continues; anything else stops the loop.

/**
 * 1 for the block type bytes the fast loop handles: empty, or one value type.
 * A table, not a call: one call left in the loop (this was isValTypeByte,
 * which V8 did not inline) makes V8 forget what it knows about the arrays at
 * every iteration, re-checking each one's class, length and data pointer at
 * every access.
 */
const SHORT_BLOCK_TYPE = new Uint8Array(256);
for (let b = 0; b < 256; b++) SHORT_BLOCK_TYPE[b] = b === 0x40 || isValTypeByte(b) ? 1 : 0;

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
  const fastSig = FAST_SIG, fastAlign = FAST_ALIGN, memType = MEM_TYPE, shortBlockType = SHORT_BLOCK_TYPE;
  const i32BinOp = I32_BINOP;
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
        // Most often followed by another local.get, a short i32.const or a
        // load (yosys: 2 in 5): taken here, without going round the loop.
        if (pos < stop) {
          const nextOp = bytes[pos]!;
          imm = bytes[pos + 1]!;
          if (nextOp === 0x20) {
            if (imm < localLimit) {
              vals[sp++] = locals[imm]!;
              pos += 2;
            }
          } else if (nextOp === 0x41 && imm < 0x80) {
            vals[sp++] = Val.I32;
            pos += 2;
          } else if (nextOp >= 0x28 && nextOp <= 0x35 && hasMemory && imm <= fastAlign[nextOp]! && vals[sp - 1] === Val.I32) {
            // A load from the address just pushed, with a one-byte offset.
            const q = pos + 2;
            if (q < end && bytes[q]! < 0x80) {
              vals[sp - 1] = memType[nextOp]!;
              pos = q + 1;
            }
          }
        }
        continue;
      case 0x21: // local.set x
        imm = bytes[pos + 1]!;
        if (imm >= localLimit || sp === height || vals[sp - 1] !== locals[imm]) break run;
        sp--;
        pos += 2;
        // A following local.get (1 in 4 instructions) is taken here.
        if (pos < stop && bytes[pos] === 0x20 && (imm = bytes[pos + 1]!) < localLimit) {
          vals[sp++] = locals[imm]!;
          pos += 2;
        }
        continue;
      case 0x22: // local.tee x
        imm = bytes[pos + 1]!;
        if (imm >= localLimit || sp === height || vals[sp - 1] !== locals[imm]) break run;
        pos += 2;
        // A following local.get (1 in 4 instructions) is taken here.
        if (pos < stop && bytes[pos] === 0x20 && (imm = bytes[pos + 1]!) < localLimit) {
          vals[sp++] = locals[imm]!;
          pos += 2;
        }
        continue;
      case 0x41: // i32.const: any byte below 0x80 is a whole s32
        if (bytes[pos + 1]! < 0x80) {
          pos += 2;
        } else {
          // An s32 of 2 to 5 bytes; the 5th's unused bits must copy the sign bit.
          const q = pos + 1;
          if (q + 5 > end) break run;
          if (bytes[q + 1]! < 0x80) pos = q + 2;
          else if (bytes[q + 2]! < 0x80) pos = q + 3;
          else if (bytes[q + 3]! < 0x80) pos = q + 4;
          else if ((imm = bytes[q + 4]! & 0xf8) === 0 || imm === 0x78) pos = q + 5;
          else break run;
        }
        // Most often the second operand of an (i32, i32) -> i32 operator
        // (yosys: i32.add after 2 in 5), which leaves the first operand's
        // type where it was: taken here, without going round the loop.
        if (pos < stop && i32BinOp[bytes[pos]!] !== 0 && sp !== height && vals[sp - 1] === Val.I32) {
          pos += 1;
          continue;
        }
        vals[sp++] = Val.I32;
        // A following local.get (1 in 4 instructions) is taken here.
        if (pos < stop && bytes[pos] === 0x20 && (imm = bytes[pos + 1]!) < localLimit) {
          vals[sp++] = locals[imm]!;
          pos += 2;
        }
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
        // The offset: a u32 of 1 to 5 bytes.
        let next = pos + 2;
        if (next >= end) break run;
        if (bytes[next]! < 0x80) next++;
        else if (next + 5 > end) break run;
        else if (bytes[next + 1]! < 0x80) next += 2;
        else if (bytes[next + 2]! < 0x80) next += 3;
        else if (bytes[next + 3]! < 0x80) next += 4;
        else if (bytes[next + 4]! < 0x10) next += 5;
        else break run;
        vals[sp - 1] = memType[op]!;
        pos = next | 0;
        continue;
      }
      // Stores: (i32, t) -> (), with a memarg.
      case 0x36: case 0x37: case 0x38: case 0x39: case 0x3a: case 0x3b: case 0x3c: case 0x3d: case 0x3e: {
        imm = bytes[pos + 1]!;
        if (!hasMemory || imm > fastAlign[op]! || sp - height < 2 || vals[sp - 1] !== memType[op] || vals[sp - 2] !== Val.I32) break run;
        // The offset: a u32 of 1 to 5 bytes.
        let next = pos + 2;
        if (next >= end) break run;
        if (bytes[next]! < 0x80) next++;
        else if (next + 5 > end) break run;
        else if (bytes[next + 1]! < 0x80) next += 2;
        else if (bytes[next + 2]! < 0x80) next += 3;
        else if (bytes[next + 3]! < 0x80) next += 4;
        else if (bytes[next + 4]! < 0x10) next += 5;
        else break run;
        sp -= 2;
        pos = next | 0;
        // A following local.get (1 in 4 instructions) is taken here.
        if (pos < stop && bytes[pos] === 0x20 && (imm = bytes[pos + 1]!) < localLimit) {
          vals[sp++] = locals[imm]!;
          pos += 2;
        }
        continue;
      }

      case 0x23: // global.get x
      case 0x24: { // global.set x
        // The index: a u32 of 1 to 5 bytes, below 2^31.
        let x = bytes[pos + 1]!;
        let next = pos + 2;
        if (x >= 0x80) {
          if (next + 4 > end) break run;
          x = (x & 0x7f) | ((imm = bytes[next++]!) & 0x7f) << 7;
          if (imm >= 0x80) {
            x |= ((imm = bytes[next++]!) & 0x7f) << 14;
            if (imm >= 0x80) {
              x |= ((imm = bytes[next++]!) & 0x7f) << 21;
              if (imm >= 0x80) {
                if ((imm = bytes[next++]!) >= 0x08) break run;
                x |= imm << 28;
              }
            }
          }
        }
        if (x >= numGlobals) break run;
        if (op === 0x23) {
          vals[sp++] = globalType[x]!;
        } else {
          if (!globalMutable[x] || sp === height || vals[sp - 1] !== globalType[x]) break run;
          sp--;
        }
        pos = next | 0;
        continue;
      }
      case 0x42: { // i64.const
        // An s64 of 1 to 10 bytes; a 10th must be 0 or 0x7f (the sign's copies).
        let next = pos + 1;
        if (bytes[next]! >= 0x80) {
          const tenth = next + 9;
          if (tenth >= end) break run;
          while (next < tenth && bytes[next]! >= 0x80) next++;
          if (next === tenth && (imm = bytes[next]!) !== 0 && imm !== 0x7f) break run;
        }
        vals[sp++] = Val.I64;
        pos = (next + 1) | 0;
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
        if (shortBlockType[imm] === 0 || csp >= maxCsp) break run;
        ctrlKind[csp] = op === 0x02 ? Kind.Block : Kind.Loop;
        ctrlType[csp] = imm - 0x80;
        ctrlHeight[csp] = sp;
        ctrlUnreachable[csp] = 0;
        csp++;
        height = sp;
        pos += 2;
        // A following local.get (1 in 4 instructions) is taken here.
        if (pos < stop && bytes[pos] === 0x20 && (imm = bytes[pos + 1]!) < localLimit) {
          vals[sp++] = locals[imm]!;
          pos += 2;
        }
        continue;
      case 0x04: // if
        imm = bytes[pos + 1]!;
        if (shortBlockType[imm] === 0 || csp >= maxCsp || sp === height || vals[sp - 1] !== Val.I32) break run;
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
        // A following local.get (1 in 4 instructions) is taken here.
        if (pos < stop && bytes[pos] === 0x20 && (imm = bytes[pos + 1]!) < localLimit) {
          vals[sp++] = locals[imm]!;
          pos += 2;
        }
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
        // A following local.get (1 in 4 instructions) is taken here.
        if (pos < stop && bytes[pos] === 0x20 && (imm = bytes[pos + 1]!) < localLimit) {
          vals[sp++] = locals[imm]!;
          pos += 2;
        }
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
        // The index, read as global.get's.
        let x = bytes[pos + 1]!;
        let next = pos + 2;
        if (x >= 0x80) {
          if (next + 4 > end) break run;
          x = (x & 0x7f) | ((imm = bytes[next++]!) & 0x7f) << 7;
          if (imm >= 0x80) {
            x |= ((imm = bytes[next++]!) & 0x7f) << 14;
            if (imm >= 0x80) {
              x |= ((imm = bytes[next++]!) & 0x7f) << 21;
              if (imm >= 0x80) {
                if ((imm = bytes[next++]!) >= 0x08) break run;
                x |= imm << 28;
              }
            }
          }
        }
        if (x >= numFuncs) break run;
        const t = funcType[x]!;
        const n = paramCount[t]!;
        const m = resultCount[t]!;
        if (m > 1 || sp - height < n) break run;
        const ps = paramStart[t]!;
        const base = sp - n;
        for (let i = 0; i < n; i++) if (vals[base + i] !== typeVals[ps + i]) break run;
        sp = base;
        if (m === 1) vals[sp++] = typeVals[resultStart[t]!]!;
        pos = next | 0;
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
        // Every single-byte memarg opcode has its case above; none is taken here.
        if (w === -1 || (w & 4) !== 0) break run;
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
        pos += 1;
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
