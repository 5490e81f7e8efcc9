// The compile cache: the second compile of a module is a hit; configurations
// and modules get their own entries; a corrupt entry is a miss that gets
// replaced; an unwritable directory still compiles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CompileCache, defaultCacheDir } from '../../src/artifact/index.js';
import { watToBinary } from '../../src/wasm/text.js';
import { Engine } from '../../src/index.js';
import { behaviour, sampleBytes } from './fixtures.js';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'corral-cache-test-'));
}

test('compiling the same module twice compiles once, and the hit behaves the same', async () => {
  const dir = tempDir();
  try {
    const cache = new CompileCache(dir);
    const bytes = await sampleBytes();
    let compilerRuns = 0;
    const first = cache.compile(bytes, { memoryMode: 'guarded', fuel: false }, () => compilerRuns++);
    const second = cache.compile(bytes, { memoryMode: 'guarded', fuel: false }, () => compilerRuns++);
    assert.equal(first.source, 'compiled');
    assert.equal(second.source, 'cache');
    assert.equal(compilerRuns, 1);
    assert.equal(fs.readdirSync(dir).length, 1);
    assert.deepEqual(second.compiled.code, first.compiled.code);
    const engine = new Engine();
    try {
      assert.deepEqual(await behaviour(engine, engine.load(second.compiled)), await behaviour(engine, engine.load(first.compiled)));
    } finally {
      engine.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('memory mode, fuel and the module each key their own entry', async () => {
  const dir = tempDir();
  try {
    const cache = new CompileCache(dir);
    const a = await sampleBytes();
    const b = await watToBinary('(module (func (export "f") (result i32) i32.const 1))');
    for (const bytes of [a, b]) {
      for (const memoryMode of ['guarded', 'checked'] as const) {
        for (const fuel of [false, true]) {
          const r = cache.compile(bytes, { memoryMode, fuel });
          assert.equal(r.source, 'compiled', `${memoryMode} fuel=${fuel}`);
          assert.equal(r.compiled.memoryMode, memoryMode);
          assert.equal(r.compiled.fuel, fuel);
        }
      }
    }
    assert.equal(fs.readdirSync(dir).length, 8);
    assert.equal(cache.compile(b, { memoryMode: 'checked', fuel: true }).source, 'cache');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a corrupt or truncated entry is a miss and is replaced', async () => {
  const dir = tempDir();
  try {
    const cache = new CompileCache(dir);
    const bytes = await sampleBytes();
    const config = { memoryMode: 'checked', fuel: false } as const;
    const first = cache.compile(bytes, config);
    const file = first.path!;
    const whole = fs.readFileSync(file);
    fs.writeFileSync(file, whole.subarray(0, whole.length >> 1));
    assert.equal(cache.compile(bytes, config).source, 'compiled');
    assert.deepEqual(fs.readFileSync(file), whole);
    const flipped = Buffer.from(whole);
    flipped[flipped.length - 5]! ^= 0xff;
    fs.writeFileSync(file, flipped);
    assert.equal(cache.compile(bytes, config).source, 'compiled');
    assert.equal(cache.compile(bytes, config).source, 'cache');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an unwritable cache directory still compiles', async () => {
  const dir = tempDir();
  try {
    const blocker = path.join(dir, 'file');
    fs.writeFileSync(blocker, 'not a directory');
    const cache = new CompileCache(path.join(blocker, 'cache'));
    const r = cache.compile(await sampleBytes(), { memoryMode: 'guarded', fuel: false });
    assert.equal(r.source, 'compiled');
    assert.equal(r.path, undefined);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the default directory: CORRAL_CACHE_DIR, else XDG_CACHE_HOME/corral, else ~/.cache/corral', () => {
  assert.equal(defaultCacheDir({ CORRAL_CACHE_DIR: '/x/y' }), '/x/y');
  assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/c' }), '/c/corral');
  assert.equal(defaultCacheDir({}), path.join(os.homedir(), '.cache', 'corral'));
});
