// When an instance's native resources go back to the pool: after an explicit
// release()/kill(), or once nothing the user holds can reach it (a
// FinalizationRegistry watches a token per instance), and never while
// anything live may still use them.
//
// The rules:
//  - An instance is *dead* once released, killed, or all its tokens
//    collected. Tokens are held by the public Instance and by every
//    exported-function wrapper of the instance's functions, so a JS handle
//    that can call into the instance keeps it alive. The Instance's token is
//    its own (no WeakRef); wrappers share one found through a WeakRef. Exported Memory/Table/Global objects do not:
//    once the instance is freed they are revoked (their buffers detached,
//    their methods throw).
//  - A group (group.ts: instances that call each other, share tables,
//    memories or funcrefs) is freed as a whole, when it is idle and every
//    instance in it is dead, so a live instance never loses a callee, a
//    table entry's target or a funcref. A host-created Table or reference
//    Global in the group may hold references the user can still read, so
//    such a group waits for the engine to close.
//  - A dead instance's function reached again through a live group member
//    (a table, a funcref) resurrects its token: it was never freed.
//  - Host objects (Memory, Table, Global made by the user) are freed when
//    collected: instances reference them strongly, so by then no instance
//    that used them remains.
//
// Invariants: freeing happens only outside a run of the group (Group.busy is
// false); everything freed is removed from the runtime's maps first, so no
// later host call or funcref lookup can find it. Only src/runtime/ imports this.

import type { Group, GroupMember } from './group.js';
import type { InstanceState } from './instance-state.js';
import type { Runtime } from './runtime.js';

function isInstance(m: GroupMember): m is InstanceState {
  return m.runGuest !== undefined;
}

/**
 * What the registry holds for a token: the instance until it is released.
 * Holding the state itself would keep it (and all it references) until the
 * token's collection is processed, a full GC later: an instance per request
 * would fill the old generation with the states of finished requests.
 */
export interface TokenCell {
  state: InstanceState | undefined;
}

export class Lifetimes {
  private readonly registry: FinalizationRegistry<TokenCell>;
  private readonly hostRegistry: FinalizationRegistry<() => void>;

  constructor(private readonly rt: Runtime) {
    this.registry = new FinalizationRegistry((cell) => this.collected(cell));
    this.hostRegistry = new FinalizationRegistry((free) => {
      if (!this.rt.closed) free();
    });
  }

  /**
   * A token of its own for a new holder (the public Instance): no WeakRef is
   * made (each costs about a microsecond and GC work), so wrappers made later
   * through tokenOf get another token unless the holder shares it (share()).
   */
  newToken(state: InstanceState): object {
    if (state.freed) throw new Error('corral: the instance was released');
    const t = {};
    this.adopt(state, t);
    return t;
  }

  /**
   * A token for a holder that releases the instance explicitly: it counts as
   * live until release() (never collected, so never registered), which
   * spares the registry's work for instances whose end is known.
   */
  unwatchedToken(state: InstanceState): object {
    if (state.freed) throw new Error('corral: the instance was released');
    state.liveTokens = (state.liveTokens ?? 0) + 1;
    if (!state.released) state.dead = false;
    return {};
  }

  /** Lets later tokenOf calls hand out `token`, which a live holder keeps. */
  share(state: InstanceState, token: object): void {
    if (state.tokenRef?.deref() === undefined) state.tokenRef = new WeakRef(token);
  }

  /** The token keeping `state` alive from JS (made again if it was collected while the instance stayed in a live group). */
  tokenOf(state: InstanceState): object {
    let t = state.tokenRef?.deref();
    if (t !== undefined) return t;
    if (state.freed) throw new Error('corral: the instance was released');
    t = {};
    state.tokenRef = new WeakRef(t);
    this.adopt(state, t);
    return t;
  }

  /** One more live token: the instance lives (again, if a table or live instance still reached it) until every token is collected. */
  private adopt(state: InstanceState, t: object): void {
    state.liveTokens = (state.liveTokens ?? 0) + 1;
    if (!state.released) state.dead = false;
    const cell: TokenCell = { state };
    state.tokenCell = cell;
    this.registry.register(t, cell);
  }

  /** Frees a host object's native resources once `holder` is collected. */
  watchHost(holder: object, free: () => void): void {
    this.hostRegistry.register(holder, free);
  }

  /** Explicit release (or kill): no more calls from JS; resources freed as soon as the rules allow. */
  release(state: InstanceState): void {
    // A released instance never lives again: its latest token need not find it.
    if (state.tokenCell !== undefined) state.tokenCell.state = undefined;
    if (state.freed) return;
    state.released = true;
    state.dead = true;
    this.tryFree(state.group);
  }

  /** An instance whose initialisation failed: dead, but callable again if a live table or instance still reaches it. */
  abandon(state: InstanceState): void {
    state.dead = true;
    this.tryFree(state.group);
  }

  /** Frees `group` if it is idle and all its instances are dead (see the rules above). */
  tryFree(group: Group): void {
    if (this.rt.closed || group.busy) return;
    for (const m of group.members) {
      if (m.pins === true) return;
      if (isInstance(m) && !m.dead) return;
    }
    const states: InstanceState[] = [];
    for (const m of group.members) if (isInstance(m)) states.push(m);
    for (const s of states) {
      group.members.delete(s);
      this.rt.freeInstance(s);
    }
    group.runner = undefined;
  }

  /** After a run: frees the group when a member died while it ran. */
  tryFreeIfDead(group: Group): void {
    for (const m of group.members) {
      if (isInstance(m) && m.dead) {
        this.tryFree(group);
        return;
      }
    }
  }

  private collected(cell: TokenCell): void {
    const state = cell.state;
    if (state === undefined || this.rt.closed || state.freed) return;
    state.liveTokens = (state.liveTokens ?? 1) - 1;
    if (state.liveTokens > 0) return;
    state.dead = true;
    this.tryFree(state.group);
  }
}
