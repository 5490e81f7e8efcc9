// The CLI's value parsers in process: option/guest argument split, sizes,
// KEY=VALUE, HOST::GUEST, typed arguments and result formatting, and the
// progress line for long compiles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CliFailure } from '../../src/cli/failure.js';
import { loadInput } from '../../src/cli/input.js';
import { parseDirs, parseEnv, parseSize, splitAtInput } from '../../src/cli/options.js';
import { formatVal, parseArg } from '../../src/cli/values.js';
import { ValType } from '../../src/wasm/types.js';

const isUsage = (e: unknown) => e instanceof CliFailure && e.exitCode === 1;

test('options before the file are corral\'s; everything after it (or after --) is the guest\'s', () => {
  const spec = { timeout: { type: 'string' }, 'no-cache': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;
  assert.deepEqual(splitAtInput(['--timeout', '5', 'x.wasm', '--timeout', '7'], spec), { own: ['--timeout', '5', 'x.wasm'], rest: ['--timeout', '7'] });
  assert.deepEqual(splitAtInput(['--no-cache', 'x.wasm', '--', '-v'], spec), { own: ['--no-cache', 'x.wasm'], rest: ['-v'] });
  assert.deepEqual(splitAtInput(['--timeout=5', 'x.wasm'], spec), { own: ['--timeout=5', 'x.wasm'], rest: [] });
  assert.deepEqual(splitAtInput(['-h', '--', 'x.wasm', 'a'], spec), { own: ['-h'], rest: ['x.wasm', 'a'] });
});

test('sizes, environment pairs and directory mappings', () => {
  assert.equal(parseSize('--max-memory', '65536'), 65536);
  assert.equal(parseSize('--max-memory', '64KiB'), 65536);
  assert.equal(parseSize('--max-memory', '1.5m'), 1.5 * 1024 * 1024);
  assert.equal(parseSize('--max-memory', '4GiB'), 4 * 1024 ** 3);
  assert.throws(() => parseSize('--max-memory', '12 parsecs'), isUsage);
  assert.deepEqual(parseEnv(['A=1', 'B=x=y', 'C=']), { A: '1', B: 'x=y', C: '' });
  assert.throws(() => parseEnv(['=1']), isUsage);
  assert.throws(() => parseEnv(['NOEQUALS']), isUsage);
  assert.deepEqual(parseDirs(['/tmp/a', '/tmp/b::/data', '.::/']), { '/tmp/a': '/tmp/a', '/data': '/tmp/b', '/': '.' });
  assert.throws(() => parseDirs(['::/x']), isUsage);
});

test('typed arguments and results, bit for bit', () => {
  assert.deepEqual(parseArg(ValType.i32, '4294967295', 0), { type: 'i32', value: -1 });
  assert.deepEqual(parseArg(ValType.i32, '-0x80000000', 0), { type: 'i32', value: -0x80000000 });
  assert.throws(() => parseArg(ValType.i32, '4294967296', 0), isUsage);
  assert.deepEqual(parseArg(ValType.i64, '18446744073709551615', 0), { type: 'i64', value: -1n });
  assert.deepEqual(parseArg(ValType.f64, '-0', 0), { type: 'f64', bits: 0x8000000000000000n });
  assert.deepEqual(parseArg(ValType.f32, 'inf', 0), { type: 'f32', bits: 0x7f800000 });
  assert.throws(() => parseArg(ValType.f64, '1.2.3', 0), isUsage);
  assert.throws(() => parseArg(ValType.externref, 'x', 0), isUsage);
  assert.equal(formatVal({ type: 'f64', bits: 0x7ff8000000000001n }), 'nan');
  assert.equal(formatVal({ type: 'f32', bits: 0x80000000 }), '-0');
  assert.equal(formatVal({ type: 'f32', bits: 0x3fc00000 }), '1.5');
  assert.equal(formatVal({ type: 'i64', value: -(2n ** 63n) }), '-9223372036854775808');
});

test('a progress line before and after a compile longer than the threshold, none below it', async () => {
  const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'corral-progress-')), 'm.wat');
  try {
    fs.writeFileSync(f, '(module (func (export "f")))');
    const lines: string[] = [];
    await loadInput(f, { fuel: false, progress: (l) => lines.push(l), progressThresholdBytes: 0 });
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, /^corral: compiling .*m\.wat \(0\.0 MB\), this takes a few seconds\.\.\.\n$/);
    assert.match(lines[1]!, /^corral: compiled .*m\.wat in \d+\.\d s\n$/);
    lines.length = 0;
    await loadInput(f, { fuel: false, progress: (l) => lines.push(l) });
    assert.deepEqual(lines, []);
  } finally {
    fs.rmSync(path.dirname(f), { recursive: true, force: true });
  }
});
