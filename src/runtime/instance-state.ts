// What the runtime knows about one instance: its guest (vmctx), module,
// resolved functions, memories, tables, globals, segments and group. The
// public Instance is a thin face over this; the call loop, runtime calls and
// linker work on this.
//
// Invariants: `address` is the vmctx address (r15 while its code runs) and
// the key in Runtime.instances; hostImports[i] is set exactly for imported
// functions that are JS functions; a dropped segment is null.
// Only src/runtime/ imports this.

import type { Global } from './global.js';
import type { Group, GroupMember } from './group.js';
import type { Memory } from './memory.js';
import type { Module } from './module.js';
import type { GuestArea, GuestId } from './native.js';
import type { HostFunc } from './refs.js';
import type { Table } from './table.js';

export interface InstanceState extends GroupMember {
  group: Group;
  readonly runGuest: GuestId;
  readonly guest: GuestId;
  readonly area: GuestArea;
  readonly address: number;
  readonly module: Module;
  /** FuncRecord address per function index. */
  readonly funcRecords: number[];
  /** Per imported function index: the JS function, when the import is one. */
  readonly hostImports: (HostFunc | undefined)[];
  readonly memories: Memory[];
  readonly tables: Table[];
  readonly globals: Global[];
  /** Evaluated element segments (raw references), null once dropped. */
  readonly elems: (number[] | null)[];
  /** Data segment bytes, null once dropped. */
  readonly datas: (Uint8Array | null)[];
}
