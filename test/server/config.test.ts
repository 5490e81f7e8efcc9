// Configuration that must be refused before any request: the outbound
// allow-list's matching rules, limit validation, modules the server cannot
// serve, and `corral serve` usage errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHandler, serveCommand } from '../../src/server/index.js';
import { resolveLimits } from '../../src/server/limits.js';
import { AllowList, parseHeaderLines } from '../../src/server/outbound.js';
import { captureLogger, watFile } from './helpers.js';

test('allow-list: scheme, host, port and path prefix must all match', () => {
  const a = new AllowList(['http://127.0.0.1:8081', 'https://api.example.com/v1/']);
  const yes = ['http://127.0.0.1:8081/', 'http://127.0.0.1:8081/any/thing?x', 'https://api.example.com/v1/users', 'https://API.example.com:443/v1/x'];
  const no = [
    'https://127.0.0.1:8081/', 'http://127.0.0.1:8082/', 'http://localhost:8081/', 'https://api.example.com/v2/x',
    'https://api.example.com/v1/../admin', 'https://api.example.com/v1', 'http://api.example.com/v1/users',
    'https://user:pw@api.example.com/v1/users', 'https://api.example.com.evil.net/v1/',
  ];
  for (const u of yes) assert.equal(a.allows(new URL(u)), true, u);
  for (const u of no) assert.equal(a.allows(new URL(u)), false, u);
  assert.equal(new AllowList().allows(new URL('http://127.0.0.1/')), false);
  assert.throws(() => new AllowList(['ftp://x/']), /only http and https/);
  assert.throws(() => new AllowList(['not a url']), /not a URL/);
  assert.throws(() => new AllowList(['http://x/?q=1']), /no query/);
});

test('header lines parse with LF or CRLF; a line without a colon is refused', () => {
  assert.deepEqual(parseHeaderLines('a: 1\r\nb:2\n\n'), [['a', '1'], ['b', '2']]);
  assert.equal(parseHeaderLines('no colon'), undefined);
});

test('limits: defaults, and out-of-range values refused', () => {
  assert.equal(resolveLimits().timeoutMs, 5000);
  assert.equal(resolveLimits({ timeoutMs: 10 }).timeoutMs, 10);
  assert.throws(() => resolveLimits({ timeoutMs: 0 }), /timeoutMs/);
  assert.throws(() => resolveLimits({ maxMemoryPages: 70000 }), /maxMemoryPages/);
  assert.throws(() => resolveLimits({ stackBytes: 1024 }), /stackBytes/);
  assert.throws(() => resolveLimits({ fuel: 1.5 }), /fuel/);
});

test('modules the server cannot serve are refused at creation', async () => {
  const { logger } = captureLogger();
  const cases: [string, RegExp][] = [
    ['(module (import "env" "f" (func)) (memory (export "memory") 1) (func (export "handle")))', /imports env\.f/],
    ['(module (import "corral_http" "log" (func (param i32 i32 i32) (result i32))) (func (export "handle")))', /export its memory/],
    ['(module (import "corral_http" "log" (func (param i32 i32 i32) (result i32))) (memory (export "memory") 1))', /export a function "handle"/],
    ['(module (memory (export "memory") 1))', /WASI command/],
    ['(module (import "corral_http" "no_such_function" (func)) (memory (export "memory") 1) (func (export "handle")))', /no_such_function/],
  ];
  for (const [wat, message] of cases) await assert.rejects(createHandler({ module: watFile(wat), logger }), message, wat);
});

test('corral serve: usage errors are status 1 with a message; --help is 0', async () => {
  const run = async (argv: string[]) => {
    let err = '';
    const out: string[] = [];
    const sink = { write: (s: string) => { out.push(s); return true; } } as unknown as NodeJS.WritableStream;
    const status = await serveCommand(argv, sink, (s) => { err += s; });
    return { status, err, out: out.join('') };
  };
  assert.equal((await run([])).status, 1);
  assert.match((await run(['--port', 'x', 'a.wasm'])).err, /--port wants a non-negative integer/);
  assert.match((await run(['--mount', 'nope', 'a.wasm'])).err, /--mount wants \/prefix=FILE/);
  assert.match((await run(['--memory', 'fast', 'a.wasm'])).err, /--memory is checked or guarded/);
  assert.match((await run(['--timeout-ms', '0', 'a.wasm'])).err, /timeoutMs/);
  assert.match((await run(['--slice-ms', '0', 'a.wasm'])).err, /--slice-ms wants a positive number/);
  assert.match((await run(['--slice-ms=-1', 'a.wasm'])).err, /--slice-ms wants a positive number/);
  assert.equal((await run(['--bogus', 'a.wasm'])).status, 1);
  const help = await run(['--help']);
  assert.equal(help.status, 0);
  assert.match(help.out, /Usage: corral serve/);
  const missing = await run(['/nonexistent/app.wasm', '--port', '0']);
  assert.equal(missing.status, 1);
  assert.match(missing.err, /ENOENT|no such file/);
});
