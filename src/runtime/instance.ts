// The public Instance: its exports (JS API shaped) and the bit-exact call
// interface (Val in, Val out). Everything it does is delegated to the
// instance's state and the call loop.
// Only the public API and src/runtime/ import this.

import { ExternKind } from '../wasm/types.js';
import { callWithVals } from './call.js';
import { Global } from './global.js';
import type { InstanceState } from './instance-state.js';
import type { Memory } from './memory.js';
import type { Runtime } from './runtime.js';
import type { Table } from './table.js';
import type { ExportedFunction, Val } from './values.js';

export type ExportValue = ExportedFunction | Memory | Table | Global;

export class Instance {
  readonly exports: Readonly<Record<string, ExportValue>>;

  /** @internal Use Engine.instantiate. */
  constructor(private readonly rt: Runtime, private readonly state: InstanceState) {
    const out: Record<string, ExportValue> = Object.create(null) as Record<string, ExportValue>;
    for (const e of state.module.wasm.exports) {
      switch (e.kind) {
        case ExternKind.func: out[e.name] = rt.refs.wrapperFor(state.funcRecords[e.index]!); break;
        case ExternKind.table: out[e.name] = state.tables[e.index]!; break;
        case ExternKind.memory: out[e.name] = state.memories[e.index]!; break;
        case ExternKind.global: out[e.name] = state.globals[e.index]!; break;
      }
    }
    this.exports = Object.freeze(out);
  }

  /** Calls an exported function with typed values; floats travel as raw bits. */
  async call(name: string, args: readonly Val[] = []): Promise<Val[]> {
    const e = this.exportOf(name, ExternKind.func);
    return callWithVals(this.rt, this.rt.refs.info(this.state.funcRecords[e]!), args);
  }

  /** The value of an exported global, bit-exact. */
  getGlobal(name: string): Val {
    return this.state.globals[this.exportOf(name, ExternKind.global)]!.getVal();
  }

  private exportOf(name: string, kind: ExternKind): number {
    const e = this.state.module.wasm.exports.find((x) => x.name === name);
    if (e === undefined) throw new TypeError(`no export named "${name}"`);
    if (e.kind !== kind) throw new TypeError(`export "${name}" is not a ${kind === ExternKind.func ? 'function' : 'global'}`);
    return e.index;
  }
}
