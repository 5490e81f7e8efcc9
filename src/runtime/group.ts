// Instance groups: instances that may call each other directly (imports of
// other instances' functions, shared tables, funcrefs passed between them,
// shared host objects) run on one guest stack, one call at a time.
//
// A group is a set of members (instances, and host objects that link them).
// Before a call enters instance E, every other instance of E's group is
// attached to E's guest (native guestAttach), so direct calls, traps, host
// calls and yields from any of them reach E's run. Calls into a busy group
// wait in its queue. Joining two groups moves the smaller into the larger;
// joining two groups that are both running is refused (their guests are
// suspended on two different stacks).
//
// Invariants: at most one run per group; while a group runs, all its
// instances are attached to `runner`; an idle group's attachments may be
// stale (runner undefined) and are rebuilt before the next run.
// Only src/runtime/ imports this.

import type { RunControl } from './call.js';
import { native, type GuestId } from './native.js';

export interface GroupMember {
  group: Group;
  /** Set for instances: the guest that runs the instance's code. */
  readonly runGuest?: GuestId;
  /** A host object that can hold references the user may read back (host Table, reference Global): its group is never freed before the engine closes (lifetime.ts). */
  pins?: boolean;
}

export class Group {
  readonly members = new Set<GroupMember>();
  busy = false;
  /** The member whose guest all others are attached to, when known. */
  runner: GroupMember | undefined;
  /** The run in progress, for kill() (call.ts). */
  control: RunControl | undefined;
  private readonly queue: (() => void)[] = [];

  /** Waits for the group to be free and takes it. */
  static async acquire(m: GroupMember): Promise<void> {
    while (m.group.busy) await new Promise<void>((resolve) => m.group.queue.push(resolve));
    m.group.busy = true;
  }

  /** Takes the group without waiting, or returns false when it is busy. */
  static tryAcquire(m: GroupMember): boolean {
    if (m.group.busy) return false;
    m.group.busy = true;
    return true;
  }

  static release(m: GroupMember): void {
    const g = m.group;
    g.busy = false;
    g.queue.shift()?.();
  }

  /** Makes `m`'s guest the runner: every other instance of the group attaches to it. */
  static prepareRunner(m: GroupMember): void {
    const g = m.group;
    if (g.runner === m) return;
    for (const x of g.members) if (x.runGuest !== undefined) native.guestAttach(x.runGuest, x.runGuest);
    for (const x of g.members) {
      if (x !== m && x.runGuest !== undefined) native.guestAttach(x.runGuest, m.runGuest!);
    }
    g.runner = m;
  }

  /** A fresh group holding only `m`. */
  static single(m: Omit<GroupMember, 'group'>): Group {
    const g = new Group();
    g.members.add(m as GroupMember);
    return g;
  }

  /** Puts a and b in one group (no-op when they already share one). */
  static join(a: GroupMember, b: GroupMember): void {
    if (a.group === b.group) return;
    let big = a.group, small = b.group;
    if (big.busy && small.busy) {
      throw new Error('corral: cannot link two instance groups while both are running (re-entrant linking is not supported yet)');
    }
    if (small.members.size > big.members.size) [big, small] = [small, big];
    const runningSide = big.busy ? big : small.busy ? small : undefined;
    const running = runningSide?.runner;
    const idleMembers = runningSide === undefined ? [] : [...(runningSide === big ? small : big).members];
    for (const m of small.members) {
      m.group = big;
      big.members.add(m);
    }
    big.queue.push(...small.queue);
    small.queue.length = 0;
    small.members.clear();
    big.busy = runningSide !== undefined;
    big.control = runningSide?.control;
    if (runningSide !== undefined && running !== undefined) {
      // The run in progress continues on its runner; the idle side joins it now.
      for (const m of idleMembers) if (m.runGuest !== undefined) native.guestAttach(m.runGuest, m.runGuest);
      for (const m of idleMembers) if (m.runGuest !== undefined) native.guestAttach(m.runGuest, running.runGuest!);
      big.runner = running;
    } else {
      big.runner = undefined;
    }
  }
}
