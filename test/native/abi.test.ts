// The ABI contract is written once (src/abi/): the checked-in C header must be
// exactly what the generator makes from it, and the numbers must agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderAbiHeader, ABI_HEADER_PATH } from '../../scripts/gen-abi-header.js';
import { TRAP_CODES } from '../../src/abi/trap-codes.js';
import { VMCTX_FIELDS, HELPERS, helperOffset, AREA_OFFSET, NATIVE_ABI_VERSION, VMCTX_SIZE } from '../../src/abi/vmctx.js';
import { checkAbiVersion, native } from '../../src/runtime/native.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const header = readFileSync(root + ABI_HEADER_PATH, 'utf8');

function define(name: string): number {
  const m = new RegExp(`^#define ${name} (\\S+)`, 'm').exec(header);
  assert.ok(m, `abi.h lacks ${name}`);
  return Number(m[1]!.replace(/ULL$/, ''));
}

test('native/abi.h is current (regenerate: node dist/scripts/gen-abi-header.js)', () => {
  assert.equal(header, renderAbiHeader());
});

test('trap codes in abi.h match src/abi/trap-codes.ts', () => {
  TRAP_CODES.forEach((c, i) => assert.equal(define(`CORRAL_TRAP_${c.toUpperCase()}`), i, c));
});

test('vmctx offsets in abi.h match src/abi/vmctx.ts, fields do not overlap', () => {
  for (const f of VMCTX_FIELDS) assert.equal(define(`VMCTX_${f.name.toUpperCase()}`), f.offset, f.name);
  for (const h of HELPERS) assert.equal(define(`VMCTX_HELPER_${h.toUpperCase()}`), helperOffset(h), h);
  assert.equal(define('VMCTX_AREA'), AREA_OFFSET);
  assert.equal(define('VMCTX_SIZE'), VMCTX_SIZE);
  const offs = VMCTX_FIELDS.map((f) => f.offset);
  assert.equal(new Set(offs).size, offs.length);
  assert.ok(Math.max(...offs) + 8 <= helperOffset(HELPERS[0]));
});

test('the addon implements the native ABI version the compiled code assumes; another version is refused at load', () => {
  assert.equal(native.abiVersion, NATIVE_ABI_VERSION);
  assert.doesNotThrow(() => checkAbiVersion(NATIVE_ABI_VERSION, 'corral.node'));
  for (const stale of [NATIVE_ABI_VERSION - 1, NATIVE_ABI_VERSION + 1, undefined]) {
    assert.throws(() => checkAbiVersion(stale, 'corral.node'), /implements native ABI .*needs \d+; rebuild it/);
  }
});
