// The primitive encodings: LEB128 edge cases and the spec's error phrases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Reader } from '../../src/wasm/reader.js';
import { CompileError } from '../../src/wasm/errors.js';

const r = (...b: number[]) => new Reader(Uint8Array.from(b));

function fails(f: () => unknown, phrase: string) {
  assert.throws(f, (e: unknown) => e instanceof CompileError && e.reason.startsWith(phrase));
}

test('u32 decodes edge values', () => {
  assert.equal(r(0x00).u32(), 0);
  assert.equal(r(0x7f).u32(), 127);
  assert.equal(r(0x80, 0x01).u32(), 128);
  assert.equal(r(0xff, 0xff, 0xff, 0xff, 0x0f).u32(), 0xffffffff);
  assert.equal(r(0x80, 0x80, 0x80, 0x80, 0x00).u32(), 0);
});

test('u32 rejects overlong and too-large encodings', () => {
  fails(() => r(0xff, 0xff, 0xff, 0xff, 0x1f).u32(), 'integer too large');
  fails(() => r(0x80, 0x80, 0x80, 0x80, 0x80, 0x00).u32(), 'integer representation too long');
  fails(() => r(0x80).u32(), 'unexpected end');
});

test('s32 sign-extends and checks unused bits', () => {
  assert.equal(r(0x7f).s32(), -1);
  assert.equal(r(0x80, 0x80, 0x80, 0x80, 0x78).s32(), -0x80000000);
  assert.equal(r(0xff, 0xff, 0xff, 0xff, 0x07).s32(), 0x7fffffff);
  fails(() => r(0xff, 0xff, 0xff, 0xff, 0x0f).s32(), 'integer too large');
  fails(() => r(0x80, 0x80, 0x80, 0x80, 0x70).s32(), 'integer too large');
});

test('s33 covers type indices and negative value types', () => {
  assert.equal(r(0x40).s33(), -64);
  assert.equal(r(0x7f).s33(), -1);
  assert.equal(r(0x05).s33(), 5);
  assert.equal(r(0xff, 0xff, 0xff, 0xff, 0x0f).s33(), 0xffffffff);
  fails(() => r(0xff, 0xff, 0xff, 0xff, 0x1f).s33(), 'integer too large');
});

test('s64 decodes extremes and rejects junk in the last byte', () => {
  assert.equal(r(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f).s64(), -(2n ** 63n));
  assert.equal(r(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00).s64(), 2n ** 63n - 1n);
  assert.equal(r(0x7f).s64(), -1n);
  fails(() => r(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01).s64(), 'integer too large');
  fails(() => r(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00).s64(), 'integer representation too long');
});

test('names are UTF-8, BOM kept, malformed rejected', () => {
  assert.equal(r(3, 0x61, 0x62, 0x63).name(), 'abc');
  assert.equal(r(3, 0xef, 0xbb, 0xbf).name(), '\ufeff');
  fails(() => r(2, 0xc0, 0x80).name(), 'malformed UTF-8 encoding');
  fails(() => r(3, 0xed, 0xa0, 0x80).name(), 'malformed UTF-8 encoding');
  // Past the whole input: the spec tests' "length out of bounds"; past only
  // the reader's end (a section, a body): running off its end.
  fails(() => r(4, 0x61).name(), 'length out of bounds');
  fails(() => new Reader(Uint8Array.from([4, 0x61, 0x62, 0x63, 0x64, 0x65]), 0, 3).name(), 'unexpected end');
});

test('in the last byte, unused bits are checked before the continuation bit (reference order)', () => {
  fails(() => r(0x80, 0x80, 0x80, 0x80, 0x90, 0x00).u32(), 'integer too large');
  fails(() => r(0x80, 0x80, 0x80, 0x80, 0x8f, 0x00).u32(), 'integer representation too long');
  fails(() => r(0x80, 0x80, 0x80, 0x80, 0xc0, 0x00).s32(), 'integer too large');
  fails(() => r(0x80, 0x80, 0x80, 0x80, 0xf8, 0x00).s32(), 'integer representation too long');
  fails(() => r(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x81, 0x00).s64(), 'integer too large');
  fails(() => r(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0xff, 0x00).s64(), 'integer representation too long');
});
