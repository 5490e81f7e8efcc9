// Work at the end of an event-loop turn, in a fixed order: output the turn
// held back first, then the next slice of a CPU-bound guest.
//
//   poll phase: requests arrive and are served; output is held ('flush' tasks)
//   check phase (one setImmediate): every 'flush' task, then every 'slice' task
//
// Why one queue for both: a time-sliced guest resumes at the end of a turn
// (call.ts) and may then run for a whole slice (10 ms by default). Output
// held until "the end of the turn" — a server's responses written together
// so that a client is woken once per turn instead of once per response —
// must leave before that slice, not after it. Two separate setImmediate
// callbacks would run in the order they were scheduled, and a guest's resume
// is scheduled a turn ahead.
//
// Invariants: one setImmediate is pending exactly while a task is queued;
// tasks queued while the queue runs wait for the next turn; every task runs
// once, flushes before slices, each kind in the order queued; a task that
// throws does not stop the others (the first error is rethrown after all ran).
// Imports nothing.

export type TurnEndKind = 'flush' | 'slice';

type Task = () => void;

let flushes: Task[] = [];
let slices: Task[] = [];
let scheduled = false;

/**
 * Runs `task` at the end of this event-loop turn (after the I/O callbacks of
 * the poll phase): 'flush' tasks before every 'slice' task.
 */
export function atTurnEnd(task: Task, kind: TurnEndKind): void {
  (kind === 'flush' ? flushes : slices).push(task);
  if (!scheduled) {
    scheduled = true;
    setImmediate(runTurnEnd);
  }
}

function runTurnEnd(): void {
  scheduled = false;
  const f = flushes, s = slices;
  flushes = [];
  slices = [];
  let failed = false, error: unknown;
  for (const list of [f, s]) {
    for (const task of list) {
      try {
        task();
      } catch (e) {
        if (!failed) error = e;
        failed = true;
      }
    }
  }
  if (failed) throw error;
}
