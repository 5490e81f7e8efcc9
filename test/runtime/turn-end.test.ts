// The end-of-turn queue (src/runtime/turn-end.ts): output held during a turn
// leaves before any guest's next slice, whatever order they were queued in;
// work queued while the queue runs waits for the next turn; a failing task
// does not keep the others from running.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { atTurnEnd } from '../../src/runtime/turn-end.js';

const nextTurn = () => new Promise((r) => setImmediate(r));

test('flush tasks run before slice tasks, each kind in the order queued', async () => {
  const log: string[] = [];
  atTurnEnd(() => log.push('slice 1'), 'slice');
  atTurnEnd(() => log.push('flush 1'), 'flush');
  atTurnEnd(() => log.push('slice 2'), 'slice');
  atTurnEnd(() => log.push('flush 2'), 'flush');
  assert.deepEqual(log, []);
  await nextTurn();
  assert.deepEqual(log, ['flush 1', 'flush 2', 'slice 1', 'slice 2']);
});

test('a task queued while the queue runs waits for the next turn (one slice per turn)', async () => {
  const log: string[] = [];
  atTurnEnd(() => {
    log.push('first');
    atTurnEnd(() => log.push('second'), 'slice');
  }, 'slice');
  await nextTurn();
  assert.deepEqual(log, ['first']);
  await nextTurn();
  assert.deepEqual(log, ['first', 'second']);
});

test('a throwing task: the others still run, and the error surfaces once', async () => {
  const log: string[] = [];
  const errors: unknown[] = [];
  const listeners = process.listeners('uncaughtException');
  process.removeAllListeners('uncaughtException');
  process.on('uncaughtException', (e) => errors.push(e));
  try {
    atTurnEnd(() => { throw new Error('boom'); }, 'flush');
    atTurnEnd(() => log.push('flush after'), 'flush');
    atTurnEnd(() => log.push('slice'), 'slice');
    await nextTurn();
    await nextTurn();
  } finally {
    process.removeAllListeners('uncaughtException');
    for (const l of listeners) process.on('uncaughtException', l);
  }
  assert.deepEqual(log, ['flush after', 'slice']);
  assert.equal(errors.length, 1);
  assert.equal((errors[0] as Error).message, 'boom');
});
