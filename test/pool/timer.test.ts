// The interrupt timer under the pool's use: a slice armed on every call
// re-arms one guest many times. A re-armed guest keeps one timer entry: a
// later deadline must fire then (not at the earlier, superseded time, and not
// never), an earlier one must fire early, and a cancelled one must not fire.
// Only the test runner imports this.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VMCTX } from '../../src/abi/vmctx.js';
import { GuestArea, native } from '../../src/runtime/native.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('re-arming a guest\'s deadline: later, earlier, cancelled', async () => {
  const guests = [0, 1, 2].map(() => native.guestCreate(64 * 1024, false));
  try {
    const [later, earlier, cancelled] = guests.map((g) => new GuestArea(g)) as [GuestArea, GuestArea, GuestArea];
    const word = (a: GuestArea) => a.i32[VMCTX.interrupt / 4]!;
    native.interruptAfter(guests[0]!, 60);
    native.interruptAfter(guests[0]!, 300); // supersedes the 60 ms deadline
    native.interruptAfter(guests[1]!, 2000);
    native.interruptAfter(guests[1]!, 60); // comes first
    native.interruptAfter(guests[2]!, 60);
    native.interruptAfter(guests[2]!, -1);
    await sleep(150);
    assert.equal(word(later), 0, 'the superseded 60 ms deadline did not fire');
    assert.equal(word(earlier), 1, 'the earlier deadline fired');
    assert.equal(word(cancelled), 0, 'a cancelled deadline does not fire');
    for (let i = 0; i < 100 && word(later) === 0; i++) await sleep(20);
    assert.equal(word(later), 1, 'the later deadline fired');
    assert.equal(word(cancelled), 0);
  } finally {
    for (const g of guests) native.guestDestroy(g);
  }
});
