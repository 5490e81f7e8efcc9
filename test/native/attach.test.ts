// Direct cross-instance calls: instance B, attached to runner A, runs on A's
// stack with r15 = B's vmctx; its traps, host calls, yields and stack-limit
// checks all reach A's run, and its own area carries its host-call values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TrapCodeId } from '../../src/abi/trap-codes.js';
import { isNativeError, native } from '../../src/runtime/native.js';
import { loadSnippets, type SnippetName } from './snippets.js';
import { DONE, HOSTCALL, INTERRUPTED, TRAP, makeGuest, type TestGuest } from './helpers.js';

const s = loadSnippets();

function pair(): { a: TestGuest; b: TestGuest; bAddr: bigint } {
  const a = makeGuest(s), b = makeGuest(s);
  const bAddr = b.area.field('runner'); // a lone guest runs itself: its own vmctx address
  native.guestAttach(b.id, a.id);
  return { a, b, bAddr };
}

/** Enter A, which calls B's `fn` directly with rdi = arg. */
function callThroughA(a: TestGuest, bAddr: bigint, fn: SnippetName, arg: bigint): number {
  a.area.i64[a.area.areaIndex + 2] = bAddr;
  a.area.i64[a.area.areaIndex + 3] = BigInt(s.addr(fn));
  return a.call('callOther', arg);
}

test('attaching points runner and stack limit at the runner', () => {
  const { a, b, bAddr } = pair();
  assert.equal(b.area.field('runner'), a.area.field('runner'));
  assert.equal(b.area.field('stack_limit'), a.area.field('stack_limit'));
  assert.throws(() => b.call('add', 1n, 2n), (e) => isNativeError(e, 'ERR_CORRAL_STATE'));
  native.guestAttach(b.id, b.id);
  assert.equal(b.area.field('runner'), bAddr);
  assert.equal(b.call('add', 1n, 2n), DONE);
  native.guestDestroy(a.id);
  native.guestDestroy(b.id);
});

test("a trap in the callee ends the runner's run, with a backtrace through both", () => {
  const { a, b, bAddr } = pair();
  assert.equal(callThroughA(a, bAddr, 'trap', 5n), TRAP);
  assert.equal(Number(a.area.field('trap_code')), 5);
  assert.equal(b.area.field('trap_code'), 0n);
  assert.deepEqual(native.backtrace(a.id), [s.addr('trap') + 11, s.addr('callOther') + 26, s.addr('thunk') + 20]);
  assert.equal(callThroughA(a, bAddr, 'recurseChecked', 0n), TRAP);
  assert.equal(Number(a.area.field('trap_code')), TrapCodeId.stack_overflow);
  assert.equal(callThroughA(a, bAddr, 'recurseUnchecked', 0n), TRAP); // signal path, on A's stack guard page
  assert.equal(Number(a.area.field('trap_code')), TrapCodeId.stack_overflow);
  assert.equal(callThroughA(a, bAddr, 'add', 2n), DONE); // r15 restored after the call: A's thunk stores the result
  assert.equal(a.result(), 2n);
  native.guestDestroy(b.id);
  native.guestDestroy(a.id);
});

test("a host call from the callee uses the callee's area and resumes through the runner", () => {
  const { a, b, bAddr } = pair();
  assert.equal(callThroughA(a, bAddr, 'hostEcho', 5n), HOSTCALL);
  assert.equal(a.area.field('hostcall_index'), 7n);
  assert.equal(a.area.field('hostcall_vmctx'), bAddr);
  assert.equal(b.area.slot(0), 5n);
  b.area.i64[b.area.areaIndex] = 10n;
  assert.throws(() => native.resume(b.id), (e) => isNativeError(e, 'ERR_CORRAL_STATE'));
  assert.equal(native.resume(a.id), DONE);
  assert.equal(a.result(), 11n); // B returned 10 + 1 to A, A's thunk stored it in A's area
  native.guestDestroy(a.id); // destroying the runner detaches B
  assert.equal(b.area.field('runner'), bAddr);
  native.guestDestroy(b.id);
});

test("interrupting the runner reaches the callee's polls", () => {
  const { a, b, bAddr } = pair();
  native.interruptAfter(a.id, 0);
  assert.equal(b.area.field('interrupt'), 1n);
  assert.equal(callThroughA(a, bAddr, 'spin', 0n), INTERRUPTED);
  assert.equal(b.area.field('interrupt'), 0n);
  b.area.i64[b.area.areaIndex + 1] = 1n; // the loop reads r15's (B's) area
  assert.equal(native.resume(a.id), DONE);
  assert.equal(a.result(), 42n);
  native.guestDestroy(b.id);
  native.guestDestroy(a.id);
});
