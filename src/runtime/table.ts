// Tables: the public Table object, for host-created tables and for the tables
// instances define. The data compiled code reads is a TableRecord in the
// native heap (elements address, size, max; src/abi/layout.ts) shared by every
// instance that imports the table.
//
// Invariants: elements are raw references (FuncRecord addresses or externref
// handles, 0 = null), 8 bytes each; the element array has room for at least
// `size` elements and is replaced (never resized in place) when it must grow,
// so compiled code reloads `elements` after any call. Length never exceeds
// MAX_TABLE_LENGTH. A table an instance defines is freed with it (free():
// its public methods throw afterwards); a host table's blocks are freed when
// it is collected, and it pins its group (lifetime.ts).
// Only src/runtime/ and the public API import this.

import { TABLE_ELEMENT_SIZE, TABLE_RECORD, TABLE_RECORD_SIZE } from '../abi/layout.js';
import { ValType, type RefType } from '../wasm/types.js';
import type { Engine } from './engine.js';
import { PoolExhausted } from './errors.js';
import { Group, type GroupMember } from './group.js';
import type { Block } from './native-heap.js';
import { MAX_TABLE_LENGTH, type Runtime } from './runtime.js';
import { jsToRaw, rawToJs } from './values.js';

export interface TableDescriptor {
  readonly element: 'funcref' | 'anyfunc' | 'externref';
  readonly initial: number;
  readonly maximum?: number;
}

const UNBOUNDED = 0xffffffff;

export class Table {
  readonly elemType: RefType;
  /** Declared maximum, or undefined (for import subtyping). */
  readonly declaredMaximum: number | undefined;
  readonly member: GroupMember;
  /** Address of the TableRecord (instances' table arrays point here). */
  readonly recordAddress: number;
  /** @internal */
  readonly rt: Runtime;
  private readonly max: number;
  private elements: Block | undefined;
  private size = 0;
  private readonly record: Block;
  private revoked = false;

  /** `owned`: an instance defines it (freed with the instance) rather than the host. */
  constructor(engine: Engine, descriptor: TableDescriptor, init?: unknown, owned = false) {
    const rt: Runtime = engine.runtime;
    rt.check();
    this.rt = rt;
    if (descriptor.element === 'funcref' || descriptor.element === 'anyfunc') this.elemType = ValType.funcref;
    else if (descriptor.element === 'externref') this.elemType = ValType.externref;
    else throw new TypeError(`Table: unknown element type ${String(descriptor.element)}`);
    const initial = length(descriptor.initial, 'initial');
    this.declaredMaximum = descriptor.maximum === undefined ? undefined : length(descriptor.maximum, 'maximum');
    if (this.declaredMaximum !== undefined && this.declaredMaximum < initial) throw new RangeError('Table: maximum is smaller than initial');
    if (initial > MAX_TABLE_LENGTH) throw new RangeError(`Table: ${initial} elements exceed the limit of ${MAX_TABLE_LENGTH}`);
    this.max = this.declaredMaximum ?? UNBOUNDED;
    this.member = { group: undefined as unknown as Group };
    this.member.group = Group.single(this.member);
    const rec = rt.heap.alloc(TABLE_RECORD_SIZE);
    this.record = rec;
    this.recordAddress = rec.address;
    rt.heap.writeAddr(rec.address + TABLE_RECORD.max, this.max);
    const raw = init === undefined ? 0 : this.toRaw(init);
    if (this.growRaw(initial, raw) < 0) {
      // The budget's own error says more than "could not allocate" (which stays for plain allocation failures).
      throw this.refusal instanceof PoolExhausted ? this.refusal : new RangeError('Table: could not allocate the initial elements');
    }
    if (!owned) {
      this.member.pins = true;
      const heap = rt.heap;
      const holder = { elements: this.elements };
      this.onGrow = (b) => { holder.elements = b; };
      const releaseExterns = this.elemType === ValType.externref ? rt.holdExterns() : undefined;
      rt.lifetimes.watchHost(this, () => {
        if (holder.elements !== undefined) heap.freeBlock(holder.elements);
        heap.freeBlock(rec);
        releaseExterns?.();
      });
    }
  }

  /** Lets the host-table finaliser see the current element block without holding the table. */
  private onGrow: ((b: Block) => void) | undefined;

  /** @internal The owning instance is freed: blocks back to the heap, public methods throw. */
  free(): void {
    if (this.revoked) return;
    this.revoked = true;
    if (this.elements !== undefined) this.rt.heap.freeBlock(this.elements);
    this.rt.heap.freeBlock(this.record);
    this.elements = undefined;
    this.size = 0;
  }

  /** @internal For a ready shell (shell.ts): back to `size` elements, `elems` in order, the rest null. */
  restore(size: number, elems: readonly number[]): void {
    const old = this.size;
    for (let i = 0; i < size; i++) this.setRaw(i, elems[i] ?? 0);
    for (let i = size; i < old; i++) this.setRaw(i, 0);
    this.size = size;
    this.rt.heap.writeAddr(this.recordAddress + TABLE_RECORD.size, size);
  }

  get length(): number {
    this.live();
    return this.size;
  }

  get(index: number): unknown {
    this.rt.check();
    this.live();
    return rawToJs(this.elemType, BigInt(this.getRaw(this.index(index))), this.rt.refs);
  }

  set(index: number, value: unknown = null): void {
    this.rt.check();
    this.live();
    this.setRaw(this.index(index), this.toRaw(value));
  }

  /** Grows by `delta`; returns the old length. RangeError past the maximum. */
  grow(delta: number, init: unknown = null): number {
    this.rt.check();
    this.live();
    const d = length(delta, 'delta');
    const r = this.growRaw(d, this.toRaw(init));
    if (r < 0) throw new RangeError(`Table.grow(${delta}): the maximum is ${this.max === UNBOUNDED ? MAX_TABLE_LENGTH : this.max}`);
    return r;
  }

  // ---- raw access for the runtime (indices already checked by the caller) ----

  getRaw(i: number): number {
    return this.rt.heap.readAddr(this.elements!.address + i * TABLE_ELEMENT_SIZE);
  }

  setRaw(i: number, raw: number): void {
    this.rt.heap.writeAddr(this.elements!.address + i * TABLE_ELEMENT_SIZE, raw);
  }

  /** Why the last growth could not allocate (table.grow itself only returns -1). */
  private refusal: unknown;

  /** table.grow semantics: the old length, or -1. */
  growRaw(delta: number, raw: number): number {
    const old = this.size;
    const limit = Math.min(this.max, MAX_TABLE_LENGTH);
    if (delta > limit - old) return -1;
    const next = old + delta;
    const heap = this.rt.heap;
    const capacity = this.elements === undefined ? 0 : this.elements.size / TABLE_ELEMENT_SIZE;
    if (next > capacity) {
      let block: Block;
      try {
        block = heap.alloc(next * TABLE_ELEMENT_SIZE);
      } catch (e) {
        this.refusal = e;
        return -1;
      }
      if (this.elements !== undefined) {
        heap.copy(block.address, this.elements.address, old * TABLE_ELEMENT_SIZE);
        heap.freeBlock(this.elements);
      }
      this.elements = block;
      this.onGrow?.(block);
      heap.writeAddr(this.recordAddress + TABLE_RECORD.elements, block.address);
    }
    if (raw !== 0) for (let i = old; i < next; i++) this.setRaw(i, raw);
    this.size = next;
    heap.writeAddr(this.recordAddress + TABLE_RECORD.size, next);
    return old;
  }

  /** A JS value to a raw element; joins the owner of a funcref into this table's group. */
  toRaw(value: unknown): number {
    const raw = Number(jsToRaw(this.elemType, value, this.rt.refs));
    if (this.elemType === ValType.funcref && raw !== 0) Group.join(this.member, this.rt.refs.info(raw).owner);
    return raw;
  }

  private live(): void {
    if (this.revoked) throw new Error('corral: the instance that owned this table was released');
  }

  private index(i: unknown): number {
    const n = Number(i);
    if (!Number.isInteger(n) || n < 0 || n >= this.size) throw new RangeError(`Table index ${String(i)} out of bounds (length ${this.size})`);
    return n;
  }
}

function length(v: unknown, what: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new TypeError(`Table: ${what} must be an integer in 0..2^32-1`);
  return n;
}
