// Every trap path of the native layer returns TRAP with the right code and pc,
// and the process survives; faults that are not ours still reach their owner
// (V8's own WebAssembly traps, a genuine host segfault).
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { TRAP_CODES, TrapCodeId } from '../../src/abi/trap-codes.js';
import { WASM_PAGE } from '../../src/abi/vmctx.js';
import { isNativeError, native } from '../../src/runtime/native.js';
import { loadSnippets } from './snippets.js';
import { DONE, TRAP, V8, distUrl, guardedMemory, makeGuest, runChild, v8TrapInstance } from './helpers.js';

const s = loadSnippets();
const g = makeGuest(s);
const mem = guardedMemory(1, 4);
mem.bind(g.id);
const trapCode = () => Number(g.area.field('trap_code'));
const trapPc = () => Number(g.area.field('trap_pc'));

test('in-bounds guarded load runs without a check', () => {
  const view = new DataView(native.view(mem.res, 0, WASM_PAGE));
  view.setUint32(100, 0xdeadbeef, true);
  assert.equal(g.call('load', 100n), DONE);
  assert.equal(g.result() & 0xffffffffn, 0xdeadbeefn);
});

test('guard-region fault → memory_out_of_bounds at the load', () => {
  for (const index of [BigInt(WASM_PAGE), 0x7fffffffn, 0xffffffffn]) {
    assert.equal(g.call('load', index), TRAP, `index ${index}`);
    assert.equal(trapCode(), TrapCodeId.memory_out_of_bounds);
    assert.equal(trapPc(), s.addr('load') + 6);
  }
});

test('guarded: index + offset up to 6 GiB lands in the reservation and faults', () => {
  for (const index of [0n, 0xffffffffn]) {
    assert.equal(g.call('loadFar', index), TRAP, `index ${index}`);
    assert.equal(trapCode(), TrapCodeId.memory_out_of_bounds);
    assert.equal(trapPc(), s.addr('loadFar') + 6);
  }
});

test('code pages are read+execute, never writable; unloading unmaps and unregisters', () => {
  const perms = (addr: number) => {
    for (const line of readFileSync('/proc/self/maps', 'utf8').split('\n')) {
      const m = /^([0-9a-f]+)-([0-9a-f]+) (\S+)/.exec(line);
      if (m && parseInt(m[1]!, 16) <= addr && addr < parseInt(m[2]!, 16)) return m[3];
    }
    return undefined;
  };
  assert.equal(perms(s.base), 'r-xp');
  const extra = loadSnippets();
  const guest = makeGuest(extra);
  assert.equal(guest.call('add', 1n, 2n), DONE);
  native.codeUnload(extra.code);
  assert.equal(perms(extra.base), undefined);
  assert.throws(() => guest.call('add', 1n, 2n), (e) => isNativeError(e, 'ERR_CORRAL_ARGUMENT'));
  native.guestDestroy(guest.id);
});

test('each explicit trap code through the trap helper, with a backtrace', () => {
  for (let code = 1; code < TRAP_CODES.length; code++) {
    assert.equal(g.call('trap', BigInt(code)), TRAP);
    assert.equal(trapCode(), code, TRAP_CODES[code]);
    assert.equal(trapPc(), s.addr('trap') + 11);
    assert.deepEqual(native.backtrace(g.id), [s.addr('trap') + 11, s.addr('thunk') + 20]);
  }
});

test('idiv by zero → integer_divide_by_zero from the trap table', () => {
  assert.equal(g.call('div', 7n, 2n), DONE);
  assert.equal(Number(BigInt.asIntN(32, g.result())), 3);
  assert.equal(g.call('div', 7n, 0n), TRAP);
  assert.equal(trapCode(), TrapCodeId.integer_divide_by_zero);
  assert.equal(trapPc(), s.addr('div') + 7);
});

test('stack-limit check → stack_overflow; the stack is trimmed and reusable', () => {
  assert.equal(g.call('recurseChecked'), TRAP);
  assert.equal(trapCode(), TrapCodeId.stack_overflow);
  const bt = native.backtrace(g.id);
  assert.ok(bt.length > 1000 && bt.slice(1, 100).every((a) => a === s.addr('recurseChecked') + 15));
  native.trimStack(g.id);
  assert.equal(g.call('add', 40n, 2n), DONE);
  assert.equal(g.result(), 42n);
});

test('after a stack overflow the deep stack pages are returned to the kernel', () => {
  const rssKiB = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]);
  const deep = makeGuest(s, 32 << 20, false);
  const before = rssKiB();
  assert.equal(deep.call('recurseChecked'), TRAP);
  assert.equal(Number(deep.area.field('trap_code')), TrapCodeId.stack_overflow);
  assert.ok(rssKiB() - before > 16 << 10, 'the recursion did not commit its stack'); // still walkable
  assert.equal(native.backtrace(deep.id).length, 4096);
  assert.equal(deep.call('add', 1n, 2n), DONE); // the next enter trims
  assert.ok(rssKiB() - before < 8 << 10, `RSS grew by ${rssKiB() - before} KiB after a 32 MiB recursion`);
  native.guestDestroy(deep.id);
});

test('backstop: unchecked recursion hits the stack guard page → stack_overflow', () => {
  const small = makeGuest(s, 64 * 1024, true);
  assert.equal(small.call('recurseUnchecked'), TRAP);
  assert.equal(Number(small.area.field('trap_code')), TrapCodeId.stack_overflow);
  const pc = Number(small.area.field('trap_pc'));
  assert.ok(pc >= s.addr('recurseUnchecked') && pc < s.addr('recurseUnchecked') + 11);
  native.guestDestroy(small.id);
});

test('memory_grow helper: grows by mprotect up to the maximum', () => {
  assert.equal(g.call('grow', 1n), DONE);
  assert.equal(g.result(), 1n);
  assert.equal(g.area.field('memory_size'), BigInt(2 * WASM_PAGE));
  assert.equal(g.call('load', BigInt(WASM_PAGE)), DONE); // was out of bounds
  assert.equal(g.call('grow', 3n), DONE);
  assert.equal(g.result(), -1n); // 2 + 3 > 4
  assert.equal(g.call('load', BigInt(2 * WASM_PAGE)), TRAP);
});

test('enter refuses an entry outside loaded code', () => {
  assert.throws(() => native.enter(g.id, 4096, 4096), (e) => isNativeError(e, 'ERR_CORRAL_ARGUMENT'));
});

test("V8's own WebAssembly traps still raise RuntimeError after ours", () => {
  const v8 = v8TrapInstance();
  assert.equal(g.call('load', 0xffffffffn), TRAP); // ours first, then V8's, in the same process
  assert.throws(() => v8.load(70000), (e) => e instanceof V8.RuntimeError && /out of bounds/.test(String(e)));
  assert.throws(() => v8.unr(0), (e) => e instanceof V8.RuntimeError && /unreachable/.test(String(e)));
  assert.equal(v8.load(0), 0);
  assert.equal(g.call('div', 1n, 0n), TRAP);
  assert.equal(trapCode(), TrapCodeId.integer_divide_by_zero);
});

test('a genuine host segfault still kills the process with SIGSEGV', () => {
  const r = runChild(`
    const { native } = await import(${JSON.stringify(distUrl('src/runtime/native.js'))});
    native.guestCreate(65536, false); // installs our handlers
    console.log('handlers', native.handlersInstalled());
    native.testHostFault();
    console.log('survived');`);
  assert.equal(r.signal, 'SIGSEGV', r.stderr);
  assert.match(r.stdout, /handlers true/);
  assert.doesNotMatch(r.stdout, /survived/);
});

test("process.on('SIGSEGV') replacing our handlers is detected and refused", () => {
  const r = runChild(`
    const { native } = await import(${JSON.stringify(distUrl('src/runtime/native.js'))});
    native.guestCreate(65536, false);
    const { loadSnippets } = await import(${JSON.stringify(distUrl('test/native/snippets.js'))});
    const s = loadSnippets();
    const g = native.guestCreate(65536, false);
    native.enter(g, s.addr('thunk'), s.addr('add')); // this thread's periodic check is now fresh
    process.on('SIGSEGV', () => {});
    console.log('installed', native.handlersInstalled());
    try { native.guestCreate(65536, false); console.log('created'); } catch (e) { console.log('refused', e.code); }
    try { native.enter(g, s.addr('thunk'), s.addr('add')); console.log('entered'); } catch (e) { console.log('enter refused', e.code); }
    process.exit(0);`);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /installed false/);
  assert.match(r.stdout, /^refused ERR_CORRAL_HANDLERS$/m);
  assert.match(r.stdout, /^enter refused ERR_CORRAL_HANDLERS$/m);
});

test('codeLoad refuses malformed trap tables', () => {
  const code = Uint8Array.of(0xc3, 0xc3);
  const bad = (offs: number[], codes: number[]) =>
    assert.throws(() => native.codeLoad(code, Uint32Array.from(offs), Uint8Array.from(codes)), (e) => isNativeError(e, 'ERR_CORRAL_ARGUMENT'));
  bad([1, 0], [1, 1]); // not ascending
  bad([2], [1]); // outside the code
  bad([0], [0]); // 'none' is not a trap
  bad([0], [TRAP_CODES.length]); // unknown code
  bad([0, 1], [1]); // lengths differ
});
