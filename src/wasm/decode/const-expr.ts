// Constant expressions (WebAssembly 2.0, 3.3.10 / 5.4.9): the initialisers of
// globals and the offsets and items of segments, decoded into ConstInstr lists.
//
// Invariants: reads up to and including the terminating `end`. An opcode that
// exists but is not constant is rejected here with "constant expression
// required" (the only shape types.ts can represent); an opcode that does not
// exist in 2.0 is "illegal opcode", as the reference interpreter says. Typing
// (result type, instruction count, global mutability, index ranges) is the
// validator's. Imported by the decode/ files only.

import type { Reader } from '../reader.js';
import type { ConstExpr, ConstInstr } from '../types.js';
import { readRefType } from './types.js';

/** 1 for every single-byte opcode WebAssembly 2.0 defines (prefixes included). */
const knownOpcode = new Uint8Array(256);
for (const [lo, hi] of [
  [0x00, 0x05], [0x0b, 0x11], [0x1a, 0x1c], [0x20, 0x26], [0x28, 0xc4], [0xd0, 0xd2], [0xfc, 0xfd],
] as const) {
  for (let op = lo; op <= hi; op++) knownOpcode[op] = 1;
}
/** Highest 0xFC-prefixed opcode in 2.0 (table.fill). */
const maxMiscOpcode = 17;
/**
 * Upper bound of 0xFD-prefixed (SIMD) opcodes. Gaps below it are reported as
 * "constant expression required" rather than "illegal opcode"; both reject.
 */
const maxSimdOpcode = 0xff;

export function readConstExpr(r: Reader): ConstExpr {
  const offset = r.pos;
  const instrs: ConstInstr[] = [];
  for (;;) {
    const at = r.pos;
    const op = r.u8();
    switch (op) {
      case 0x0b: return { instrs, offset };
      case 0x41: instrs.push({ op: 'i32.const', value: r.s32() }); break;
      case 0x42: instrs.push({ op: 'i64.const', value: r.s64() }); break;
      case 0x43: instrs.push({ op: 'f32.const', bits: r.f32Bits() }); break;
      case 0x44: instrs.push({ op: 'f64.const', bits: r.f64Bits() }); break;
      case 0x23: instrs.push({ op: 'global.get', globalIndex: r.u32() }); break;
      case 0xd0: instrs.push({ op: 'ref.null', type: readRefType(r) }); break;
      case 0xd2: instrs.push({ op: 'ref.func', funcIndex: r.u32() }); break;
      case 0xfc: {
        const sub = r.u32();
        r.fail(sub <= maxMiscOpcode ? 'constant expression required' : 'illegal opcode', at);
      }
      case 0xfd: {
        const sub = r.u32();
        if (sub === 0x0c) {
          // Copy: the expression must not alias bytes a caller may reuse.
          instrs.push({ op: 'v128.const', bytes: r.bytesView(16).slice() });
          break;
        }
        r.fail(sub <= maxSimdOpcode ? 'constant expression required' : 'illegal opcode', at);
      }
      default:
        r.fail(knownOpcode[op] ? 'constant expression required' : 'illegal opcode', at);
    }
  }
}
