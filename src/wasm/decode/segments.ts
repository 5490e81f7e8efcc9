// Element and data segments (WebAssembly 2.0, 5.5.12 and 5.5.14): the eight
// element encodings and the three data encodings, normalised into one shape
// each.
//
// Invariants: element segments that list function indices become one
// `ref.func` expression per item, so consumers see a single representation;
// data bytes are views into the module (no copy). Index ranges and types are
// the validator's. Imported by decoder.ts only.

import { Limits } from '../limits.js';
import { limitError } from '../errors.js';
import type { Reader } from '../reader.js';
import { SegmentMode, ValType, type ConstExpr, type RefType } from '../types.js';
import type { ModuleDraft } from './state.js';
import { readConstExpr } from './const-expr.js';
import { readRefType } from './types.js';

/** Element segment flags: bit 0 passive/declarative, bit 1 explicit table or declarative, bit 2 expressions. */
const ElemFlag = { nonActive: 1, explicitIndexOrDeclarative: 2, expressions: 4 } as const;

export function readElementSection(r: Reader, m: ModuleDraft): void {
  const countAt = r.pos;
  const n = r.count();
  if (n > Limits.elementSegments) throw limitError('number of element segments', n, Limits.elementSegments, countAt);
  for (let i = 0; i < n; i++) m.elements.push(readElementSegment(r));
}

function readElementSegment(r: Reader) {
  const offset = r.pos;
  const flags = r.u32();
  if (flags > 7) r.fail('malformed elements segment kind', offset);
  const nonActive = (flags & ElemFlag.nonActive) !== 0;
  const mode = !nonActive ? SegmentMode.active
    : (flags & ElemFlag.explicitIndexOrDeclarative) ? SegmentMode.declarative : SegmentMode.passive;
  let tableIndex = 0;
  let offsetExpr: ConstExpr | undefined;
  if (!nonActive) {
    if (flags & ElemFlag.explicitIndexOrDeclarative) tableIndex = r.u32();
    offsetExpr = readConstExpr(r);
  }
  // Flags 0 and 4 imply funcref; the others name the type (or element kind).
  const explicitType = flags !== 0 && flags !== 4;
  const usesExpressions = (flags & ElemFlag.expressions) !== 0;
  let elemType: RefType = ValType.funcref;
  if (explicitType) {
    if (usesExpressions) {
      elemType = readRefType(r);
    } else {
      const at = r.pos;
      if (r.u8() !== 0x00) r.fail('malformed element kind', at);
    }
  }
  const countAt = r.pos;
  const count = r.count();
  if (count > Limits.tableSize) throw limitError('number of elements in a segment', count, Limits.tableSize, countAt);
  const items: ConstExpr[] = new Array(count);
  for (let i = 0; i < count; i++) {
    if (usesExpressions) {
      items[i] = readConstExpr(r);
    } else {
      const at = r.pos;
      items[i] = { instrs: [{ op: 'ref.func', funcIndex: r.u32() }], offset: at };
    }
  }
  return offsetExpr
    ? { mode, elemType, tableIndex, offsetExpr, items, offset }
    : { mode, elemType, tableIndex, items, offset };
}

export function readDataSection(r: Reader, m: ModuleDraft): void {
  const countAt = r.pos;
  const n = r.count();
  if (n > Limits.dataSegments) throw limitError('number of data segments', n, Limits.dataSegments, countAt);
  for (let i = 0; i < n; i++) {
    const offset = r.pos;
    const flags = r.u32();
    if (flags > 2) r.fail('malformed data segment kind', offset);
    let memoryIndex = 0;
    let offsetExpr: ConstExpr | undefined;
    if (flags !== 1) {
      if (flags === 2) memoryIndex = r.u32();
      offsetExpr = readConstExpr(r);
    }
    // A data length past the section is "unexpected end", not "length out
    // of bounds" as for names: binary.wast expects exactly that.
    const size = r.u32();
    const data = r.bytesView(size);
    m.datas.push(offsetExpr
      ? { mode: SegmentMode.active, memoryIndex, offsetExpr, data, offset }
      : { mode: SegmentMode.passive, memoryIndex, data, offset });
  }
}
