// The build fingerprint that keys artifacts and cache entries: a content hash
// remembered beside the code, recomputed whenever a fingerprinted file
// changes, and still computed where nothing can be written.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildFingerprint } from '../../src/artifact/version.js';

function tree(): { src: string; remembered: string; cleanup: () => void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'corral-fp-'));
  const src = path.join(root, 'src');
  for (const dir of ['wasm', 'compiler/x64', 'abi', 'artifact', 'runtime']) fs.mkdirSync(path.join(src, dir), { recursive: true });
  fs.writeFileSync(path.join(src, 'wasm/decoder.js'), 'export const a = 1;\n');
  fs.writeFileSync(path.join(src, 'compiler/x64/encoder.js'), 'export const b = 2;\n');
  fs.writeFileSync(path.join(src, 'runtime/engine.js'), 'export const c = 3;\n');
  return { src, remembered: path.join(src, 'artifact/fingerprint.json'), cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

test('the fingerprint is remembered and reused while the files are unchanged', () => {
  const t = tree();
  try {
    const first = buildFingerprint(t.src, t.remembered);
    assert.match(first, /^[0-9a-f]{12}$/);
    assert.ok(fs.existsSync(t.remembered), 'the hash is written beside the code');
    // A remembered hash with the right key is trusted: prove it is read, not recomputed.
    const saved = JSON.parse(fs.readFileSync(t.remembered, 'utf8')) as { hash: string };
    fs.writeFileSync(t.remembered, JSON.stringify({ ...saved, hash: 'feedfacecafe' }));
    assert.equal(buildFingerprint(t.src, t.remembered), 'feedfacecafe');
  } finally { t.cleanup(); }
});

test('changing, adding or removing a fingerprinted file changes the fingerprint', () => {
  const t = tree();
  try {
    const before = buildFingerprint(t.src, t.remembered);
    const file = path.join(t.src, 'compiler/x64/encoder.js');
    fs.writeFileSync(file, 'export const b = 3;\n');
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const changed = buildFingerprint(t.src, t.remembered);
    assert.notEqual(changed, before);
    fs.rmSync(file);
    const removed = buildFingerprint(t.src, t.remembered);
    assert.notEqual(removed, changed);
    assert.notEqual(removed, before);
  } finally { t.cleanup(); }
});

test('files outside the fingerprinted folders do not count', () => {
  const t = tree();
  try {
    const before = buildFingerprint(t.src, t.remembered);
    fs.rmSync(t.remembered);
    fs.writeFileSync(path.join(t.src, 'runtime/engine.js'), 'export const c = 4;\n');
    assert.equal(buildFingerprint(t.src, t.remembered), before);
  } finally { t.cleanup(); }
});

test('where the hash cannot be written it is still computed, the same', () => {
  const t = tree();
  try {
    const writable = buildFingerprint(t.src, t.remembered);
    fs.rmSync(t.remembered);
    const unwritable = path.join(t.src, 'no-such-dir/fingerprint.json');
    assert.equal(buildFingerprint(t.src, unwritable), writable);
    assert.equal(buildFingerprint(t.src, unwritable), writable);
  } finally { t.cleanup(); }
});
