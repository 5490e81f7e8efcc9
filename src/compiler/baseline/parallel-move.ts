// A parallel move between registers: a set of (destination ← source) pairs
// meant to happen at once, sequenced into single moves. The baseline uses it
// where a branch re-establishes the local caches its target expects (a loop's
// back edge, mostly), so a local that sits in another register moves there
// instead of being reloaded from memory.
//
// Sequencing: a move is emitted once no pending move still reads its
// destination (the pairs form paths and cycles); when only cycles remain, one
// destination's value is saved in its class's scratch register (r11 or xmm15)
// and the moves reading it read the scratch instead, which opens the cycle.
//
// Invariants: every destination appears once per class (a register receives
// one value); a pair whose source is its destination is never added; at most
// 32 pairs (15 GPRs + 15 xmm registers can be destinations). Registers are
// numbered within their class; the class and width travel as a MoveKind.
//
// Must not import: src/runtime/, native/.

/** What one move carries: a 64-bit GPR value, a 32-bit one (upper half zero), or an xmm register. */
export const MoveKind = { Gpr64: 0, Gpr32: 1, Xmm: 2 } as const;
export type MoveKind = (typeof MoveKind)[keyof typeof MoveKind];

/** Emits one move `dst ← src` of `kind`. */
export type EmitMove = (dst: number, src: number, kind: MoveKind) => void;

const MAX_PAIRS = 32;

export class ParallelMove {
  private readonly dst = new Int8Array(MAX_PAIRS);
  private readonly src = new Int8Array(MAX_PAIRS);
  private readonly kind = new Uint8Array(MAX_PAIRS);
  private n = 0;

  get size(): number {
    return this.n;
  }

  add(dst: number, src: number, kind: MoveKind): void {
    this.dst[this.n] = dst;
    this.src[this.n] = src;
    this.kind[this.n] = kind;
    this.n++;
  }

  /** Emits every pending move through `move` (scratch registers: `scratchGpr`, `scratchXmm`) and empties the set. */
  emit(scratchGpr: number, scratchXmm: number, move: EmitMove): void {
    const dst = this.dst, src = this.src, kind = this.kind;
    while (this.n > 0) {
      let progressed = false;
      for (let k = 0; k < this.n;) {
        if (this.isRead(dst[k]!, kind[k] === MoveKind.Xmm, k)) { k++; continue; }
        move(dst[k]!, src[k]!, kind[k] as MoveKind);
        // Remove pair k (the last takes its place and is looked at next).
        const last = --this.n;
        dst[k] = dst[last]!;
        src[k] = src[last]!;
        kind[k] = kind[last]!;
        progressed = true;
      }
      if (progressed) continue;
      // Cycles only: save pair 0's destination, and redirect its readers.
      const xmm = kind[0] === MoveKind.Xmm;
      const saved = dst[0]!;
      const scratch = xmm ? scratchXmm : scratchGpr;
      move(scratch, saved, xmm ? MoveKind.Xmm : MoveKind.Gpr64);
      for (let j = 0; j < this.n; j++) {
        if (src[j] === saved && (kind[j] === MoveKind.Xmm) === xmm) src[j] = scratch;
      }
    }
  }

  /** True when a pending pair other than `except` reads register `r` of the class. */
  private isRead(r: number, xmm: boolean, except: number): boolean {
    const src = this.src, kind = this.kind;
    for (let j = 0; j < this.n; j++) {
      if (j !== except && src[j] === r && (kind[j] === MoveKind.Xmm) === xmm) return true;
    }
    return false;
  }
}
