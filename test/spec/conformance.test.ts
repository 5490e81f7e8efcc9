// The conformance ratchet in the default test run: every core/ and simd/
// script through Corral's parseModule (validation only, so it takes seconds),
// judged against test/spec/expectations.json. Any surprise fails: a new
// failure, or an expected failure that now passes (re-bless with
// `npm run spec -- --bless` and commit the smaller expectations).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseModule } from '../../src/wasm/index.js';
import { watToBinary } from '../../src/wasm/text.js';
import { formatReport, runConformance } from './conformance.js';
import { parseExpectations } from './expectations.js';
import { expectationsPath, listScripts, suiteRoot } from './suite.js';

test('spec conformance (core/ and simd/): no surprises against the expectations', async (t) => {
  const root = suiteRoot(); // throws, loudly, when ../shared/wasm-testsuite is missing
  assert.ok(listScripts(root).length >= 148, 'the whole 2.0 suite is present');
  const result = await runConformance({
    suiteRoot: root,
    frontEnd: parseModule,
    textToBinary: (text, name) => watToBinary(text, name),
    expectations: parseExpectations(readFileSync(expectationsPath, 'utf8')),
  });
  const report = formatReport(result);
  t.diagnostic(report.split('\n').at(-1)!);
  assert.ok(result.judged.every((j) => j.kind !== 'script'), 'every script parses');
  assert.deepEqual(result.surprises, [], `\n${report}\n(re-bless with: npm run spec -- --bless)`);
});
