// Memory images (native/corral.c imageCreate/imageMap/imageUnmap/imageDestroy):
// a sealed memfd mapped copy-on-write into reservations. The contents an
// instance sees, the privacy of its writes, decommit restoring the image,
// unmap leaving zeros, and the mapping count the addon keeps, checked against
// the kernel's /proc/self/maps at every step (including pieces faulted in
// separately after a split, which must still merge back).
// Only the test runner imports this.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROT } from '../../src/abi/vmctx.js';
import { isNativeError, native } from '../../src/runtime/native.js';
import { kernelMappings } from './helpers.js';

const PAGE = 4096;


/** `pages` pages, page k filled with byte k+1, except the pages listed as zero. */
function imageBytes(pages: number, zeroPages: readonly number[] = []): Uint8Array {
  const b = new Uint8Array(pages * PAGE);
  for (let k = 0; k < pages; k++) if (!zeroPages.includes(k)) b.fill(k + 1, k * PAGE, (k + 1) * PAGE);
  return b;
}

test('an image maps copy-on-write: contents, private writes, decommit restores, unmap zeroes; counts match the kernel', () => {
  const size = 64 * PAGE;
  const images0 = native.stats().images;
  const before = native.stats().mappings;
  const res = native.reserve(size, true);
  const base = native.address(res);
  const check = (expect: number, what: string) => {
    assert.equal(native.stats().mappings - before, expect, `counted mappings: ${what}`);
    assert.equal(kernelMappings(base, size), expect, `kernel mappings: ${what}`);
  };
  const bytes = imageBytes(3, [1]);
  const img = native.imageCreate(bytes);
  assert.equal(native.stats().images, images0 + 1);
  check(1, 'fresh reservation');

  native.imageMap(res, 4 * PAGE, img);
  native.imageMap(res, 20 * PAGE, img);
  check(5, 'two images inside one anonymous run');
  const a = new Uint8Array(native.view(res, 4 * PAGE, 3 * PAGE));
  const b = new Uint8Array(native.view(res, 20 * PAGE, 3 * PAGE));
  assert.deepEqual(a, bytes, 'the first mapping reads the image (its zero page too)');
  assert.deepEqual(b, bytes, 'and so does the second');

  a[5] = 0xee;
  a[PAGE + 7] = 0xdd; // a page that is a hole in the file
  assert.equal(b[5], 1, 'a write is private to its mapping');
  assert.equal(b[PAGE + 7], 0);
  const again = native.imageCreate(bytes);
  native.imageMap(res, 40 * PAGE, again);
  assert.equal(new Uint8Array(native.view(res, 40 * PAGE, PAGE))[5], 1, 'the image itself never changed');
  check(7, 'three images');

  native.decommit(res, 4 * PAGE, 3 * PAGE);
  assert.deepEqual(a, bytes, 'decommit drops the private copies: the image shows again');

  // Pieces of the anonymous run, touched only now (after the splits), must still merge back.
  const anon = new Uint8Array(native.view(res, 0, 4 * PAGE));
  anon[0] = 1;
  new Uint8Array(native.view(res, 10 * PAGE, PAGE))[0] = 1;
  new Uint8Array(native.view(res, 60 * PAGE, PAGE))[0] = 1;

  assert.throws(() => native.imageMap(res, 5 * PAGE, img), (e: unknown) => isNativeError(e, 'ERR_CORRAL_STATE'), 'no image over an image');
  native.imageUnmap(res, 4 * PAGE, 3 * PAGE, PROT.readWrite);
  assert.equal(a.every((x) => x === 0), true, 'unmap leaves zero pages, nothing of the image');
  native.imageUnmap(res, 20 * PAGE, 3 * PAGE, PROT.readWrite);
  native.imageUnmap(res, 40 * PAGE, 3 * PAGE, PROT.readWrite);
  check(1, 'all unmapped: the anonymous pieces merged again');
  assert.equal(anon[0], 1, 'neighbouring data is untouched');

  native.imageDestroy(img);
  native.imageDestroy(again);
  assert.equal(native.stats().images, images0);
  assert.throws(() => native.imageMap(res, 0, img), (e: unknown) => isNativeError(e, 'ERR_CORRAL_ARGUMENT'), 'a destroyed image cannot be mapped');
  native.release(res);
  assert.equal(native.stats().mappings, before);
});

test('guarded layout: image inside the accessible pages; protect refuses to touch it; unmap to PROT_NONE merges back', () => {
  const size = 1 << 30;
  const before = native.stats().mappings;
  const res = native.reserve(size, false);
  const base = native.address(res);
  const check = (expect: number, what: string) => {
    assert.equal(native.stats().mappings - before, expect, `counted: ${what}`);
    assert.equal(kernelMappings(base, size), expect, `kernel: ${what}`);
  };
  const img = native.imageCreate(imageBytes(2));
  native.protect(res, 0, 16 * PAGE, PROT.readWrite);
  check(2, 'read-write head, inaccessible rest');
  native.imageMap(res, 0, img);
  check(3, 'image at offset 0');
  native.protect(res, 16 * PAGE, 16 * PAGE, PROT.readWrite); // memory.grow past the image
  check(3, 'growing extends the anonymous run');
  assert.throws(() => native.protect(res, 0, 32 * PAGE, PROT.none), (e: unknown) => isNativeError(e, 'ERR_CORRAL_STATE'), 'protect over an image');
  assert.equal(new Uint8Array(native.view(res, 0, 3 * PAGE))[PAGE], 2, 'the refused protect changed nothing');
  native.imageUnmap(res, 0, 2 * PAGE, PROT.none);
  native.protect(res, 0, 32 * PAGE, PROT.none);
  check(1, 'back to one inaccessible mapping');
  native.imageDestroy(img);
  native.release(res);
});

test('imageMap refuses past the mapping budget and changes nothing', () => {
  const res = native.reserve(16 * PAGE, true);
  const img = native.imageCreate(imageBytes(1));
  const used = native.stats().mappings;
  const prev = native.testSetMappingLimit(used + 1);
  try {
    assert.throws(() => native.imageMap(res, 4 * PAGE, img), (e: unknown) => isNativeError(e, 'ERR_CORRAL_MAPPINGS') && /budget/.test(e.message));
    assert.equal(native.stats().mappings, used);
    native.imageMap(res, 0, img); // at the edge it costs one: allowed
    assert.equal(native.stats().mappings, used + 1);
    assert.equal(new Uint8Array(native.view(res, 0, PAGE))[0], 1);
  } finally {
    native.testSetMappingLimit(prev);
  }
  native.imageUnmap(res, 0, PAGE, PROT.readWrite);
  assert.equal(native.stats().mappings, used);
  native.imageDestroy(img);
  native.release(res);
  assert.throws(() => native.imageCreate(new Uint8Array(0)), (e: unknown) => isNativeError(e, 'ERR_CORRAL_ARGUMENT'));
});
