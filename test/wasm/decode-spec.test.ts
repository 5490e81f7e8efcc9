// Every binary module of the official test suite (core/ and simd/) through
// the decoder alone: modules the scripts expect to decode (valid ones and
// those only invalid or unlinkable) must decode; malformed ones must fail with
// the script's phrase, except the malformations inside function bodies,
// which the validator finds (bodies stay byte ranges here). Those are listed
// below as data, so a change in either direction fails this test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { decodeModule } from '../../src/wasm/decoder.js';
import { CompileError } from '../../src/wasm/errors.js';
import { parseWast } from '../spec/wast.js';

const suite = new URL('../../../../shared/wasm-testsuite/', import.meta.url);

/** file:line of each assert_malformed whose fault lies inside a function body, with the phrase it expects. */
const malformedInsideBodies = new Map<string, string>([
  ['align.wast:891', 'malformed memop flags'],
  ['align.wast:910', 'malformed memop flags'],
  ['align.wast:929', 'malformed memop flags'],
  ['align.wast:948', 'malformed memop flags'],
  ['align.wast:967', 'malformed memop flags'],
  ['binary-leb128.wast:423', 'integer representation too long'],
  ['binary-leb128.wast:442', 'integer representation too long'],
  ['binary-leb128.wast:770', 'integer too large'],
  ['binary-leb128.wast:788', 'integer too large'],
  ['binary-leb128.wast:807', 'integer too large'],
  ['binary-leb128.wast:826', 'integer too large'],
  ['binary-leb128.wast:989', 'integer representation too long'],
  ['binary.wast:55', 'END opcode expected'],
  ['binary.wast:76', 'unexpected end of section or function'],
  ['binary.wast:92', 'section size mismatch'],
  ['binary.wast:125', 'zero byte expected'],
  ['binary.wast:145', 'zero byte expected'],
  ['binary.wast:165', 'zero byte expected'],
  ['binary.wast:184', 'zero byte expected'],
  ['binary.wast:203', 'zero byte expected'],
  ['binary.wast:223', 'zero byte expected'],
  ['binary.wast:242', 'zero byte expected'],
  ['binary.wast:261', 'zero byte expected'],
  ['binary.wast:279', 'zero byte expected'],
  ['binary.wast:297', 'zero byte expected'],
  ['binary.wast:316', 'integer too large'],
  ['binary.wast:333', 'integer too large'],
  ['binary.wast:350', 'too many locals'],
  ['binary.wast:366', 'too many locals'],
  ['binary.wast:493', 'data count section required'],
  ['binary.wast:516', 'data count section required'],
  ['binary.wast:1113', 'unexpected end'],
]);

test('the test suite\'s binary modules decode, or fail with the expected phrase', () => {
  const problems: string[] = [];
  let checked = 0;
  for (const dir of ['core', 'simd']) {
    const files = readdirSync(new URL(dir, suite)).filter((f) => f.endsWith('.wast'));
    for (const file of files) {
      for (const c of parseWast(readFileSync(new URL(`${dir}/${file}`, suite)))) {
        if (!('module' in c) || typeof c.module !== 'object' || c.module.source.form !== 'binary') continue;
        checked++;
        const key = `${file}:${c.line}`;
        let error: unknown;
        try {
          decodeModule(c.module.source.bytes);
        } catch (e) {
          error = e;
        }
        if (error !== undefined && !(error instanceof CompileError)) throw error;
        const reason = error instanceof CompileError ? error.reason : undefined;
        if (c.kind !== 'assert_malformed') {
          if (reason !== undefined) problems.push(`${key} (${c.kind}) should decode: ${reason}`);
        } else if (malformedInsideBodies.has(key)) {
          if (reason !== undefined) problems.push(`${key} fails in the decoder now (${reason}): update the list`);
        } else if (reason === undefined) {
          problems.push(`${key} decodes, expected "${c.message}"`);
        } else if (!reason.startsWith(c.message)) {
          problems.push(`${key}: expected "${c.message}", got "${reason}"`);
        }
      }
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(checked >= 780, `${checked} binary modules`);
});
