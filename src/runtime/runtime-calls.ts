// The runtime calls compiled code makes through the hostcall helper for
// operations too rare or too involved to inline (src/abi/layout.ts):
// table.grow/fill/copy/init, elem.drop, memory.init, data.drop.
//
// Operands come from the calling instance's area (i32 as u32 in a slot's low
// half, references as raw slots); the answer goes back the same way:
// area[0] = 0 or the trap code to raise, area[1] = the result (table.grow).
// Bounds are checked before anything is written, as the spec's bulk
// operations require. Only src/runtime/call.ts and instantiation import this.

import { RUNTIME_CALLS } from '../abi/layout.js';
import { TrapCodeId } from '../abi/trap-codes.js';
import type { InstanceState } from './instance-state.js';
import type { Runtime } from './runtime.js';

const OK = 0;
const TABLE_OOB = TrapCodeId.table_out_of_bounds;
const MEMORY_OOB = TrapCodeId.memory_out_of_bounds;

export function runtimeCall(_rt: Runtime, inst: InstanceState, id: number): void {
  const area = inst.area, base = area.areaIndex;
  const u32 = (k: number): number => area.i32[2 * (base + k)]! >>> 0;
  const ref = (k: number): number => Number(area.words[base + k]!);
  let status = OK;
  let result = 0n;
  switch (id) {
    case RUNTIME_CALLS.table_grow: {
      const r = inst.tables[u32(0)]!.growRaw(u32(2), ref(1));
      result = BigInt(r >>> 0);
      break;
    }
    case RUNTIME_CALLS.table_fill:
      status = tableFill(inst, u32(0), u32(1), ref(2), u32(3));
      break;
    case RUNTIME_CALLS.table_copy:
      status = tableCopy(inst, u32(0), u32(1), u32(2), u32(3), u32(4));
      break;
    case RUNTIME_CALLS.table_init:
      status = tableInit(inst, u32(0), u32(1), u32(2), u32(3), u32(4));
      break;
    case RUNTIME_CALLS.elem_drop:
      inst.elems[u32(0)] = null;
      break;
    case RUNTIME_CALLS.memory_init:
      status = memoryInit(inst, u32(0), u32(1), u32(2), u32(3));
      break;
    case RUNTIME_CALLS.data_drop:
      inst.datas[u32(0)] = null;
      break;
    default:
      throw new Error(`corral: unknown runtime call ${id}`);
  }
  area.words[base] = BigInt(status);
  area.words[base + 1] = result;
}

export function tableFill(inst: InstanceState, t: number, dst: number, raw: number, len: number): number {
  const table = inst.tables[t]!;
  if (dst + len > table.length) return TABLE_OOB;
  for (let i = 0; i < len; i++) table.setRaw(dst + i, raw);
  return OK;
}

export function tableCopy(inst: InstanceState, dt: number, st: number, dst: number, src: number, len: number): number {
  const d = inst.tables[dt]!, s = inst.tables[st]!;
  if (dst + len > d.length || src + len > s.length) return TABLE_OOB;
  if (d === s && dst > src) for (let i = len - 1; i >= 0; i--) d.setRaw(dst + i, s.getRaw(src + i));
  else for (let i = 0; i < len; i++) d.setRaw(dst + i, s.getRaw(src + i));
  return OK;
}

/** table.init; also applies active element segments at instantiation. */
export function tableInit(inst: InstanceState, t: number, e: number, dst: number, src: number, len: number): number {
  const table = inst.tables[t]!;
  const seg = inst.elems[e] ?? [];
  if (src + len > seg.length || dst + len > table.length) return TABLE_OOB;
  for (let i = 0; i < len; i++) table.setRaw(dst + i, seg[src + i]!);
  return OK;
}

/** memory.init; also applies active data segments at instantiation. */
export function memoryInit(inst: InstanceState, d: number, dst: number, src: number, len: number): number {
  const mem = inst.memories[0];
  const seg = inst.datas[d] ?? new Uint8Array(0);
  const size = mem === undefined ? 0 : mem.byteLength;
  if (src + len > seg.length || dst + len > size) return MEMORY_OOB;
  if (len > 0) mem!.write(dst, seg.subarray(src, src + len));
  return OK;
}
