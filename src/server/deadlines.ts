// Request deadlines for one handler, with one timer for all of them.
//
// Every request of a handler has the same time limit, so deadlines expire in
// the order requests arrived: a FIFO ring (expiry times beside the callbacks)
// and a single timer aimed at the oldest request still running replace a
// setTimeout/clearTimeout pair per request (a Timeout object, a timer-list
// insertion and a removal each). Cancelling clears the request's ring entry,
// so a finished request is not kept reachable until its deadline; cleared
// entries at the head are dropped at once (requests mostly finish in order),
// the rest when the timer fires, and a full ring whose entries are mostly
// cleared (a long request at the head) is compacted instead of grown.
//
//   head ─► [t0 ✗][t1 ✓][t2 ✗][t3 ✓] ◄─ tail      ✗ cancelled, ✓ running
//            timer aimed at t1 (the first ✓ when it was set)
//
// Invariants: entries are appended with non-decreasing expiry (a fixed limit
// and non-decreasing start times: a request is added, if at all, before the
// next one starts); a callback runs at most once, never before its
// expiry, and never after it was cancelled; the timer is pending exactly when
// an entry may still be running. Imports nothing.

/** A request as the queue sees it: told when its deadline passes; `deadlineEntry` is the queue's (-1 when not queued). */
export interface DeadlineTarget {
  deadlineEntry: number;
  expire(): void;
}

export class Deadlines {
  private times = new Float64Array(64);
  private targets: (DeadlineTarget | undefined)[] = new Array<DeadlineTarget | undefined>(64).fill(undefined);
  /** Entry numbers (not ring indexes): head ≤ entry < tail are in the ring. */
  private head = 0;
  private tail = 0;
  /** Entries not cancelled. */
  private live = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly limitMs: number) {}

  /** Starts `target`'s clock, counting from `since` (performance.now() when the request came; not before the last add's). */
  add(target: DeadlineTarget, since: number): void {
    if (this.tail - this.head === this.times.length) this.makeRoom();
    const entry = this.tail++;
    const mask = this.times.length - 1;
    const at = since + this.limitMs;
    this.times[entry & mask] = at;
    this.targets[entry & mask] = target;
    target.deadlineEntry = entry;
    this.live++;
    if (this.timer === undefined) this.aim(at);
  }

  /** The request finished before its deadline (a no-op when it is not queued). */
  cancel(target: DeadlineTarget): void {
    const entry = target.deadlineEntry;
    if (entry < this.head || entry >= this.tail) return;
    const mask = this.times.length - 1;
    if (this.targets[entry & mask] !== target) return;
    this.targets[entry & mask] = undefined;
    target.deadlineEntry = -1;
    this.live--;
    // Requests mostly finish in the order they came: drop cancelled entries at the head now.
    while (this.head < this.tail && this.targets[this.head & mask] === undefined) this.head++;
  }

  /** Requests whose clocks run. */
  get size(): number {
    return this.live;
  }

  private fire(): void {
    this.timer = undefined;
    const now = performance.now();
    const mask = this.times.length - 1;
    while (this.head < this.tail) {
      const i = this.head & mask;
      const target = this.targets[i];
      if (target !== undefined && this.times[i]! > now) {
        this.aim(this.times[i]!);
        return;
      }
      this.targets[i] = undefined;
      this.head++;
      if (target !== undefined) {
        this.live--;
        target.deadlineEntry = -1;
        target.expire();
      }
    }
  }

  private aim(at: number): void {
    this.timer = setTimeout(() => this.fire(), Math.max(0, at - performance.now()));
  }

  /** The ring is full: compact it when most entries are cancelled (a long request at the head holds them), else double it. */
  private makeRoom(): void {
    const n = this.times.length, mask = n - 1;
    const size = this.live * 2 <= n ? n : 2 * n;
    const times = new Float64Array(size);
    const targets = new Array<DeadlineTarget | undefined>(size).fill(undefined);
    let e = 0;
    for (let old = this.head; old < this.tail; old++) {
      const t = this.targets[old & mask];
      if (t === undefined) continue;
      times[e] = this.times[old & mask]!;
      targets[e] = t;
      t.deadlineEntry = e++;
    }
    this.times = times;
    this.targets = targets;
    this.head = 0;
    this.tail = e;
  }

  /** Stops the timer (the handler is closing); running requests keep no deadline. */
  close(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    for (let e = this.head; e < this.tail; e++) {
      const t = this.targets[e & (this.times.length - 1)];
      if (t !== undefined) t.deadlineEntry = -1;
    }
    this.targets.fill(undefined);
    this.head = this.tail = this.live = 0;
  }
}
