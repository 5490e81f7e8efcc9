// Reservations: protections, decommit, views that cannot outlive access, the
// kernel-mapping count the addon keeps (checked against /proc/self/maps), and
// budgets that refuse with an error instead of crashing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROT } from '../../src/abi/vmctx.js';
import { isNativeError, native } from '../../src/runtime/native.js';
import { distUrl, kernelMappings, runChild } from './helpers.js';

const PAGE = 4096;


test('protect splits and merges runs; the count matches the kernel', () => {
  const size = 1 << 30;
  const before = native.stats().mappings;
  const res = native.reserve(size, false);
  const base = native.address(res);
  const check = (expect: number) => {
    assert.equal(native.stats().mappings - before, expect);
    assert.equal(kernelMappings(base, size), expect);
  };
  check(1);
  native.protect(res, PAGE, PAGE, PROT.readWrite);
  check(3);
  native.protect(res, 3 * PAGE, PAGE, PROT.readWrite);
  check(5);
  native.protect(res, 2 * PAGE, PAGE, PROT.readWrite); // joins the two
  check(3);
  native.protect(res, 0, PAGE, PROT.read);
  check(3);
  native.protect(res, 0, size, PROT.none);
  check(1);
  native.release(res);
  assert.equal(native.stats().mappings, before);
});

test('views: data round-trips, decommit zeroes, loss of access detaches', () => {
  const res = native.reserve(1 << 20, false);
  native.protect(res, 0, 4 * PAGE, PROT.readWrite);
  const a = new Uint8Array(native.view(res, 0, 4 * PAGE));
  const b = new Uint8Array(native.view(res, 2 * PAGE, PAGE));
  a[2 * PAGE + 5] = 99;
  assert.equal(b[5], 99);
  native.decommit(res, 2 * PAGE, PAGE);
  assert.equal(b[5], 0);
  native.protect(res, 3 * PAGE, PAGE, PROT.none);
  assert.equal(a.byteLength, 0); // overlapped the range: detached, cannot fault
  assert.equal(b.byteLength, PAGE); // did not overlap: still usable
  const c = new Uint8Array(native.view(res, 0, PAGE));
  native.release(res);
  assert.equal(b.byteLength, 0);
  assert.equal(c.byteLength, 0);
  assert.throws(() => native.protect(res, 0, PAGE, PROT.none), (e) => isNativeError(e, 'ERR_CORRAL_ARGUMENT'));
});

test('checked mode: one read-write mapping, lazily committed, for a whole pool', () => {
  const before = native.stats().mappings;
  const slots = 10_000, slotBytes = 1 << 20;
  const res = native.reserve(slots * slotBytes, true);
  const base = native.address(res);
  assert.equal(native.stats().mappings - before, 1);
  assert.equal(kernelMappings(base, slots * slotBytes), 1);
  const last = new Uint8Array(native.view(res, (slots - 1) * slotBytes, slotBytes));
  last[slotBytes - 1] = 7;
  assert.equal(last[slotBytes - 1], 7);
  native.decommit(res, (slots - 1) * slotBytes, slotBytes);
  assert.equal(last[slotBytes - 1], 0);
  native.release(res);
});

test('bad ranges are refused with an argument error', () => {
  const res = native.reserve(1 << 20, false);
  assert.throws(() => native.protect(res, 1, PAGE, PROT.readWrite), (e) => isNativeError(e, 'ERR_CORRAL_ARGUMENT'));
  assert.throws(() => native.protect(res, 0, 2 << 20, PROT.readWrite), (e) => isNativeError(e, 'ERR_CORRAL_ARGUMENT'));
  assert.throws(() => native.protect(res, 0, PAGE, 7), (e) => isNativeError(e, 'ERR_CORRAL_ARGUMENT'));
  native.release(res);
});

test('views are refused over ranges that are not entirely read-write', () => {
  const res = native.reserve(1 << 20, false);
  native.protect(res, 0, PAGE, PROT.readWrite);
  native.protect(res, PAGE, PAGE, PROT.read);
  assert.throws(() => native.view(res, 0, 2 * PAGE), (e) => isNativeError(e, 'ERR_CORRAL_STATE'));
  assert.throws(() => native.view(res, 2 * PAGE, PAGE), (e) => isNativeError(e, 'ERR_CORRAL_STATE'));
  assert.equal(native.view(res, 0, PAGE).byteLength, PAGE);
  native.release(res);
});

test('mapping exhaustion is an error, not a crash (subprocess)', () => {
  const r = runChild(`
    const { native } = await import(${JSON.stringify(distUrl('src/runtime/native.js'))});
    const res = native.reserve(2 ** 32, false);
    let n = 0, code = '', message = '';
    try { for (;; n++) native.protect(res, 2 * n * 4096, 4096, 3); } catch (e) { code = e.code; message = e.message; }
    const { mappings, mappingLimit } = native.stats();
    native.release(res);
    const again = native.reserve(2 ** 32, false); native.protect(again, 0, 4096, 3); native.release(again);
    const wasm = new WebAssembly.Memory({ initial: 1 }); // V8 still has mappings to spare
    console.log(JSON.stringify({ n, code, message, mappings, mappingLimit, after: native.stats().mappings, wasm: wasm.buffer.byteLength }));`);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { n: number; code: string; message: string; mappings: number; mappingLimit: number; after: number; wasm: number };
  assert.equal(out.code, 'ERR_CORRAL_MAPPINGS');
  assert.match(out.message, /vm\.max_map_count/);
  assert.ok(out.n > 1000 && out.mappings <= out.mappingLimit && out.mappings > out.mappingLimit - 3, JSON.stringify(out));
  assert.ok(out.after < 10);
  assert.equal(out.wasm, 65536);
});

test('address-space exhaustion is an error, not a crash (subprocess)', () => {
  const r = runChild(`
    const { native } = await import(${JSON.stringify(distUrl('src/runtime/native.js'))});
    const ids = []; let code = '', message = '';
    try { for (;;) ids.push(native.reserve(2 ** 40, false)); } catch (e) { code = e.code; message = e.message; }
    let guest = '';
    try { native.guestCreate(2 ** 30, false); } catch (e) { guest = e.code; }
    const n = ids.length;
    for (const id of ids) native.release(id);
    const wasm = new WebAssembly.Memory({ initial: 1 });
    console.log(JSON.stringify({ n, code, message, guest, wasm: wasm.buffer.byteLength }));`);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { n: number; code: string; message: string; guest: string; wasm: number };
  assert.equal(out.code, 'ERR_CORRAL_ADDRESS_SPACE');
  assert.match(out.message, /address space/);
  assert.ok(out.n >= 64, `only ${out.n} TiB reserved`);
  assert.equal(out.guest, 'ERR_CORRAL_ADDRESS_SPACE');
  assert.equal(out.wasm, 65536);
});
