// What the runtime knows about one instance: its guest (vmctx), module,
// resolved functions, memories, tables, globals, segments and group. The
// public Instance is a thin face over this; the call loop, runtime calls and
// linker work on this.
//
// Invariants: `address` is the vmctx address (r15 while its code runs) and
// the key in Runtime.instances; hostImports[i] is set exactly for imported
// functions that are JS functions; a dropped segment is null. `dead` ⇐
// `released`; once `freed`, the guest, memory slots, tables and data block
// belong to the pool again and nothing in the runtime's maps points here
// (lifetime.ts).
// Only src/runtime/ imports this.

import type { Global } from './global.js';
import type { Group, GroupMember } from './group.js';
import type { Memory } from './memory.js';
import type { Module } from './module.js';
import type { Block } from './native-heap.js';
import type { GuestArea, GuestId } from './native.js';
import type { PooledGuest } from './pool.js';
import type { TokenCell } from './lifetime.js';
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

  // ---- lifetime (lifetime.ts) ----
  readonly pooled: PooledGuest;
  /** The runtime data block (funcrefs, tables, globals, imports, sig ids, records). */
  dataBlock: Block | undefined;
  /** Memories and tables this instance defines (freed with it). */
  readonly ownMemories: Memory[];
  readonly ownTables: Table[];
  /** FuncRecords this instance registered (defined functions and JS imports). */
  readonly ownRecords: number[];
  /** The token wrappers share (lifetime.ts tokenOf). */
  tokenRef: WeakRef<object> | undefined;
  /** Tokens not yet collected (undefined: none made yet). */
  liveTokens?: number;
  /** The registry's cell of the latest token (cleared on release). */
  tokenCell?: TokenCell;
  /** release() or kill() was called: JS may not call in any more. */
  released: boolean;
  /** Released, killed or unreachable: may be freed when its group allows. */
  dead: boolean;
  freed: boolean;

  /** Segments applied without a trap: the instance may become a ready shell (shell.ts). */
  initialised?: boolean;

  // ---- calls (call.ts) ----
  limits: CallLimits;
  /** The lifecycle state (see the machine above). */
  phase: Phase;
  /** Word 0 set to 1 by another thread that asks for a kill (made on first killHandle request). */
  killFlag?: Int32Array;
}

/** Limits applied to every call into the instance (engine defaults or InstantiateOptions). */
export interface CallLimits {
  readonly timeoutMs: number | undefined;
  readonly sliceMs: number | undefined;
  readonly fuel: bigint | undefined;
  readonly maxHostCalls: number | undefined;
}

/**
 * The instance lifecycle. A run is one call from the host into the instance's
 * group; the runner is the instance called.
 *
 *   idle ──call──► running ──DONE / TRAP──► idle            (call resolves / rejects)
 *                   │  ▲  └──HOSTCALL──► in_host_call ──import settles──► running
 *                   │  │                    │ deadline passes ──► idle (Trap 'interrupted', limit 'deadline')
 *                   │  └── setImmediate ◄── interrupted ◄──slice expired── running
 *                   │                       │ deadline passes ──► idle (Trap, limit 'deadline')
 *                   └── fuel runs out ──► idle (Trap 'out_of_fuel', limit 'fuel')
 *
 *   kill() from any state ──► killed (terminal; the instance is released):
 *     idle:          at once.
 *     running:       only another thread can act while a guest runs on this
 *                    one: killByHandle sets the shared kill flag and raises
 *                    the interrupt word; the guest yields at its next loop
 *                    header or call, sees the flag, is ended, and the call
 *                    rejects (limit 'killed').
 *     in_host_call:  the call rejects at once; the import's later result is ignored.
 *     interrupted:   the pending resume is cancelled; the call rejects.
 *   release() = killed, and the resources go back to the pool when the
 *   lifetime rules allow (lifetime.ts).
 */
export type Phase = 'idle' | 'running' | 'in_host_call' | 'interrupted' | 'killed';
