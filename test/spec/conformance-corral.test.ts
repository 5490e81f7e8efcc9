// The conformance ratchet with Corral as the engine: every core/ script
// (assert_return, assert_trap, assert_exhaustion, register, linking, ...)
// through the public engine API, once per memory mode, each judged against
// its own expectations file (engine-choice.ts). Any surprise fails: a new
// failure, or an expected failure that now passes (re-bless with
// `npm run spec -- --engine corral --memory <mode> --bless` and commit the
// smaller file).
//
// Before src/index.ts exports Engine the test is skipped, saying why; from
// then on an engine that cannot start is a failure, never a skip.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseModule } from '../../src/wasm/index.js';
import { watToBinary } from '../../src/wasm/text.js';
import { engineExported, MEMORY_MODES } from './corral-api.js';
import { formatReport, runConformance } from './conformance.js';
import { defaultFilter, type EngineChoice, expectationsFor, openEngine } from './engine-choice.js';
import { parseExpectations } from './expectations.js';
import { suiteRoot } from './suite.js';

for (const memory of MEMORY_MODES) {
  const choice: EngineChoice = { engine: 'corral', memory };
  test(`spec conformance through Corral (core/, ${memory} memory): no surprises against ${expectationsFor(choice).split('/').at(-1)}`, async (t) => {
    if (!(await engineExported())) {
      t.skip('engine not landed: src/index.ts does not export Engine yet');
      return;
    }
    const file = expectationsFor(choice);
    const engine = await openEngine(choice); // throws, failing the test, when the exported engine cannot start
    try {
      const started = performance.now();
      const result = await runConformance({
        suiteRoot: suiteRoot(),
        filter: defaultFilter(choice),
        frontEnd: parseModule,
        textToBinary: (text, name) => watToBinary(text, name),
        executorFor: engine.executorFor!,
        expectations: parseExpectations(existsSync(file) ? readFileSync(file, 'utf8') : '{}'),
      });
      const report = formatReport(result);
      t.diagnostic(`${report.split('\n').at(-1)!} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      assert.ok(result.judged.length > 25000, `the whole core/ suite ran (${result.judged.length} commands)`);
      assert.deepEqual(result.surprises, [], `\n${report}\n(re-bless with: npm run spec -- --engine corral --memory ${memory} --bless)`);
    } finally {
      engine.close();
    }
  });
}
