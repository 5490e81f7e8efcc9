// Globals: the public Global object over one cell of native memory (the
// exporter's globals-area slot, or a cell of its own for a host Global).
// Importers store the cell's address in their globals area, so every
// instance sees one value (src/abi/layout.ts).
//
// Invariants: the cell holds the raw value zero-extended to 8 bytes; i32/f32
// readers look at the low 4 bytes only (compiled code may store just those).
// A global of a freed instance is revoked (its cell belongs to someone else):
// its public accessors throw. A host global's cell is freed when it is
// collected; a host reference global pins its group (lifetime.ts).
// Only src/runtime/ and the public API import this.

import { GLOBAL_SLOT } from '../abi/layout.js';
import { ValType, valTypeName, type GlobalType } from '../wasm/types.js';
import type { Engine } from './engine.js';
import { Group, type GroupMember } from './group.js';
import type { Block } from './native-heap.js';
import type { Runtime } from './runtime.js';
import { jsToRaw, parseValueType, rawToJs, rawToVal, valToRaw, type Val } from './values.js';

export interface GlobalDescriptor {
  readonly value: 'i32' | 'i64' | 'f32' | 'f64' | 'funcref' | 'anyfunc' | 'externref';
  readonly mutable?: boolean;
}

export class Global {
  readonly type: GlobalType;
  readonly member: GroupMember;
  /** Address of the cell holding the value. */
  readonly cell: number;
  /** @internal */
  readonly rt: Runtime;
  private revoked = false;

  /** A host global; `init` converts like the JS API (default: zero or null). */
  constructor(engine: Engine, descriptor: GlobalDescriptor, init?: unknown);
  /** @internal A view of an existing cell (an instance's global). */
  constructor(engine: Engine, descriptor: GlobalType, init: undefined, cell: number);
  constructor(engine: Engine, descriptor: GlobalDescriptor | GlobalType, init?: unknown, cell?: number) {
    const rt: Runtime = engine.runtime;
    rt.check();
    this.rt = rt;
    this.member = { group: undefined as unknown as Group };
    this.member.group = Group.single(this.member);
    if (cell !== undefined) {
      this.type = descriptor as GlobalType;
      this.cell = cell;
      return;
    }
    const d = descriptor as GlobalDescriptor;
    this.type = { type: parseValueType(d.value), mutable: d.mutable === true };
    const block = rt.heap.alloc(GLOBAL_SLOT);
    this.cell = block.address;
    const t = this.type.type;
    if (t === ValType.funcref || t === ValType.externref) this.member.pins = true;
    const releaseExterns = t === ValType.externref ? rt.holdExterns() : undefined;
    rt.lifetimes.watchHost(this, () => {
      rt.heap.freeBlock(block);
      releaseExterns?.();
    });
    if (init !== undefined) this.writeRaw(this.convert(init));
    else if (this.type.type === ValType.externref) this.writeRaw(BigInt(rt.refs.externToRaw(undefined)));
  }

  /** @internal The owning instance was freed and `block` held this global's cell. */
  revokeIfIn(block: Block | undefined): void {
    if (block !== undefined && this.cell >= block.address && this.cell < block.address + block.size) this.revoked = true;
  }

  get value(): unknown {
    this.live();
    return rawToJs(this.type.type, this.readRaw(), this.rt.refs);
  }

  set value(v: unknown) {
    this.live();
    this.requireMutable();
    this.writeRaw(this.convert(v));
  }

  getVal(): Val {
    this.live();
    return rawToVal(this.type.type, this.readRaw(), this.rt.refs);
  }

  setVal(v: Val): void {
    this.live();
    this.requireMutable();
    const raw = valToRaw(this.type.type, v, this.rt.refs);
    this.joinFuncref(raw);
    this.writeRaw(raw);
  }

  /** The raw slot (i32/f32: the low 4 bytes, zero-extended). */
  readRaw(): bigint {
    this.rt.check();
    const t = this.type.type;
    if (t === ValType.i32 || t === ValType.f32) return BigInt(this.rt.heap.readU32(this.cell));
    return this.rt.heap.readU64(this.cell);
  }

  writeRaw(raw: bigint): void {
    this.rt.check();
    this.rt.heap.writeU64(this.cell, raw);
  }

  private convert(v: unknown): bigint {
    const raw = jsToRaw(this.type.type, v, this.rt.refs);
    this.joinFuncref(raw);
    return raw;
  }

  private joinFuncref(raw: bigint): void {
    if (this.type.type === ValType.funcref && raw !== 0n) Group.join(this.member, this.rt.refs.info(Number(raw)).owner);
  }

  private live(): void {
    if (this.revoked) throw new Error('corral: the instance that owned this global was released');
  }

  private requireMutable(): void {
    if (!this.type.mutable) throw new TypeError(`cannot set an immutable global (${valTypeName(this.type.type)})`);
  }
}
