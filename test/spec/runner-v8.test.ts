// Tests the conformance runner itself against core/ and simd/, with V8 as
// both the validator stand-in and the executor. V8 passes every command of
// the suite, so each execution failure here is the runner's: a misparsed
// literal, a wrong matcher, lost script state (registered modules, named
// instances). Values cross JavaScript as integers (v8-executor.ts), so every
// bit pattern, NaN payloads included, is checked exactly; the only exemption
// is a trap message V8 words ambiguously (one message for two spec traps). Corral's own front end is tested in conformance.test.ts.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CompileError } from '../../src/wasm/errors.js';
import { watToBinary } from '../../src/wasm/text.js';
import type { Outcome } from './runner.js';
import { runScript } from './runner.js';
import { listScripts, suiteRoot } from './suite.js';
import { v8 } from './v8.js';
import { V8Executor } from './v8-executor.js';
import type { Command } from './wast.js';
import { commandKeys, parseWast } from './wast.js';

/** V8's one trap message (mapped in v8-executor.ts) → the spec messages it may stand for. */
const AMBIGUOUS_TRAPS: Record<string, readonly string[]> = {
  'indirect call': ['uninitialized element', 'indirect call type mismatch'],
  'invalid conversion to integer': ['integer overflow', 'invalid conversion to integer'],
  'out of bounds table access': ['undefined element', 'out of bounds table access'],
};

function ambiguousTrap(c: Command, o: Outcome): boolean {
  if (c.kind !== 'assert_trap' || o.category !== 'bug:wrong-reason') return false;
  const got = /got "(.*)"$/.exec(o.detail ?? '')?.[1] ?? '';
  return (AMBIGUOUS_TRAPS[got] ?? []).some((m) => c.message.startsWith(m));
}

test('runner + V8: every execution command of core/ and simd/ passes, trap wording aside', async (t) => {
  const root = suiteRoot();
  const unexpected: string[] = [];
  let passedExecution = 0;
  let exempt = 0;
  for (const file of listScripts(root)) {
    const commands = parseWast(readFileSync(path.join(root, file)));
    const outcomes = await runScript(commands, {
      frontEnd: (bytes) => {
        if (!v8.validate(bytes)) throw new CompileError('rejected by V8', 0);
      },
      textToBinary: (text, name) => watToBinary(text, name),
      executor: new V8Executor(),
      fileName: file,
    });
    const keys = commandKeys(commands);
    outcomes.forEach((o, i) => {
      const c = commands[i]!;
      assert.equal(o.key, keys[i]);
      if (c.kind === 'assert_invalid' || c.kind === 'assert_malformed') return; // reasons are Corral's, not V8's
      if (o.passed) passedExecution++;
      else if (ambiguousTrap(c, o)) exempt++;
      else unexpected.push(`${file}:${o.line} ${o.kind}: ${o.category} ${o.detail ?? ''}`);
    });
  }
  t.diagnostic(`${passedExecution} passed, ${exempt} exempt (ambiguous V8 trap message)`);
  assert.deepEqual(unexpected, []);
  assert.ok(passedExecution > 47000, `most of the suite runs (${passedExecution})`);
  assert.ok(exempt < 2000, `few exemptions (${exempt})`);
});

test('wabt keeps invalid text modules invalid: V8 rejects every assert_invalid binary wabt produces', async () => {
  const root = suiteRoot();
  const acceptedByV8: string[] = [];
  let checked = 0;
  for (const file of listScripts(root)) {
    for (const c of parseWast(readFileSync(path.join(root, file)))) {
      if (c.kind !== 'assert_invalid' || c.module.source.form !== 'text') continue;
      checked++;
      if (v8.validate(await watToBinary(c.module.source.text))) acceptedByV8.push(`${file}:${c.line}`);
    }
  }
  assert.ok(checked > 2000, `checked ${checked}`);
  assert.deepEqual(acceptedByV8, []);
});
