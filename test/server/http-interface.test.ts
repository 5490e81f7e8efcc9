// The corral_http guest interface end to end on loopback: the example
// handler's routes (hello, echo round trip, status), the ABI's error codes
// from a guest that probes them, failures that become 500/504 while the next
// request is served, the memory limit, and outbound fetch allowed / denied /
// cut off by the deadline.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { HttpError } from '../../src/server/index.js';
import { EXAMPLES, HTTP_IMPORTS, captureLogger, request, startHandler, watFile, type TestServer } from './helpers.js';

const servers: TestServer[] = [];
const upstreams: http.Server[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
  for (const u of upstreams) {
    u.closeAllConnections();
    u.close();
  }
});

const example = path.join(EXAMPLES, 'http-handler.wat');
const { logger, lines } = captureLogger();

async function start(module: string, extra: Partial<Parameters<typeof startHandler>[0]> = {}): Promise<TestServer> {
  const s = await startHandler({ module, logger, limits: { timeoutMs: 1000 }, ...extra });
  servers.push(s);
  return s;
}

async function upstream(handler: http.RequestListener): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  const u = http.createServer((req, res) => {
    hits++;
    handler(req, res);
  });
  upstreams.push(u);
  await new Promise<void>((resolve) => u.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(u.address() as AddressInfo).port}`, hits: () => hits };
}

test('hello: status, content type, body and a request id', async () => {
  const s = await start(example);
  assert.equal(s.handler.interface, 'http');
  const r = await request(`${s.url}/`);
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'text/plain; charset=utf-8');
  assert.match(String(r.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  assert.equal(r.body, 'hello from corral_http\n');
});

test('echo: method, target, content type and a 200 KB body round-trip in chunks', async () => {
  const s = await start(example);
  const body = Buffer.alloc(200 * 1024);
  for (let i = 0; i < body.length; i++) body[i] = 97 + ((i * 7) % 26);
  const r = await request(`${s.url}/echo/a%20b?x=1&y=2`, { method: 'PUT', headers: { 'content-type': 'application/x-test' }, body });
  assert.equal(r.status, 200);
  assert.equal(r.headers['x-method'], 'PUT');
  assert.equal(r.headers['x-echo-url'], '/echo/a%20b?x=1&y=2');
  assert.equal(r.headers['content-type'], 'application/x-test');
  assert.equal(r.body.length, body.length);
  assert.ok(Buffer.from(r.body).equals(body));
});

test('status: the guest sets it; an invalid one is refused (the guest falls back to 400)', async () => {
  const s = await start(example);
  assert.equal((await request(`${s.url}/status/418`)).status, 418);
  assert.equal((await request(`${s.url}/status/201`)).status, 201);
  assert.equal((await request(`${s.url}/status/099`)).status, 400);
});

// A guest that calls functions with bad arguments and reports each result
// (little-endian i32s) as its body; the last one comes after the head is sent.
const PROBE = `(module ${HTTP_IMPORTS}
  (import "corral_http" "fetch_status" (func $fetch_status (param i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "bad name")     ;; 0, 8
  (data (i32.const 16) "x-ok")        ;; 16, 4
  (data (i32.const 32) "two\\nlines")  ;; 32, 9
  (data (i32.const 48) "x-missing")   ;; 48, 9
  (data (i32.const 64) "x-present")   ;; 64, 9
  (func $put (param $i i32) (param $v i32) (i32.store (i32.add (i32.const 512) (i32.mul (local.get $i) (i32.const 4))) (local.get $v)))
  (func (export "handle")
    (call $put (i32.const 0) (call $write (i32.const 65530) (i32.const 100)))
    (call $put (i32.const 1) (call $set_header (i32.const 0) (i32.const 8) (i32.const 16) (i32.const 4)))
    (call $put (i32.const 2) (call $set_header (i32.const 16) (i32.const 4) (i32.const 32) (i32.const 9)))
    (call $put (i32.const 3) (call $request_header (i32.const 48) (i32.const 9) (i32.const 256) (i32.const 64)))
    (call $put (i32.const 4) (call $request_header (i32.const 64) (i32.const 9) (i32.const 256) (i32.const 2)))
    (call $put (i32.const 5) (i32.load16_u (i32.const 256)))
    (call $put (i32.const 6) (call $request_url (i32.const -16) (i32.const 16)))
    (call $put (i32.const 7) (call $set_status (i32.const 99)))
    (call $put (i32.const 8) (call $fetch_status (i32.const 7)))
    (call $put (i32.const 9) (call $log (i32.const 9) (i32.const 0) (i32.const 1)))
    (call $put (i32.const 10) (call $set_status (i32.const 201)))
    (call $put (i32.const 11) (call $body_read (i32.const 65535) (i32.const 2)))
    (call $put (i32.const 12) (call $set_header (i32.const 16) (i32.const 4) (i32.const 16) (i32.const 4)))
    (drop (call $write (i32.const 512) (i32.const 52)))
    (call $put (i32.const 0) (call $set_header (i32.const 16) (i32.const 4) (i32.const 16) (i32.const 4)))
    (drop (call $write (i32.const 512) (i32.const 4)))))`;

test('ABI: bad pointers, names, values, statuses, handles answer error codes, never a trap', async () => {
  const s = await start(watFile(PROBE));
  const reply = await request(`${s.url}/x`, { headers: { 'x-present': 'hello' } });
  const r = { status: reply.status, headers: reply.headers, body: reply.bytes };
  assert.equal(r.status, 201);
  assert.equal(r.headers['x-ok'], 'x-ok');
  assert.equal(r.body.length, 56);
  const v = (i: number) => r.body.readInt32LE(4 * i);
  assert.equal(v(0), HttpError.BAD_POINTER, 'write past the end of memory');
  assert.equal(v(1), HttpError.INVALID, 'header name with a space');
  assert.equal(v(2), HttpError.INVALID, 'header value with a newline');
  assert.equal(v(3), HttpError.NOT_FOUND, 'absent request header');
  assert.equal(v(4), 5, 'copy-out returns the full length');
  assert.equal(v(5), 0x6568, 'copy-out wrote only cap bytes ("he")');
  assert.equal(v(6), HttpError.BAD_POINTER, 'a range that wraps past 4 GiB');
  assert.equal(v(7), HttpError.INVALID, 'status 99');
  assert.equal(v(8), HttpError.BAD_HANDLE, 'fetch handle never issued');
  assert.equal(v(9), HttpError.INVALID, 'log level 9');
  assert.equal(v(10), 0, 'status 201 accepted');
  assert.equal(v(11), HttpError.BAD_POINTER, 'body read into a range past the end');
  assert.equal(v(12), 0, 'header set before the head is sent');
  assert.equal(v(13), HttpError.STATE, 'header set after the head was sent');
});

test('a trap becomes a 500 with the request id, logged with its backtrace; the next request is served', async () => {
  const s = await start(example);
  const r = await request(`${s.url}/trap`);
  assert.equal(r.status, 500);
  const id = String(r.headers['x-request-id']);
  assert.match(r.body, /trapped \(unreachable\)/);
  assert.ok(r.body.includes(`request id: ${id}`));
  const line = lines.find((l) => l['reqId'] === id);
  assert.ok(line !== undefined, 'a log line with the request id');
  assert.equal(line['code'], 'unreachable');
  const trap = line['trap'] as { frames: unknown[]; stack: string };
  assert.ok(trap.frames.length >= 1);
  assert.match(trap.stack, /wasm backtrace/);
  const next = await request(`${s.url}/`);
  assert.equal(next.status, 200);
  assert.equal(next.body, 'hello from corral_http\n');
});

const LOOP = `(module ${HTTP_IMPORTS} (memory (export "memory") 1)
  (func (export "handle") (loop $forever (br $forever))))`;
const RECURSE = `(module ${HTTP_IMPORTS} (memory (export "memory") 1)
  (func $down (param i32) (result i32) (i32.add (call $down (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
  (func (export "handle") (drop (call $down (i32.const 0)))))`;
// Grows one page at a time until refused, then reports the size in pages.
const GROW = `(module ${HTTP_IMPORTS} (memory (export "memory") 1)
  (func (export "handle")
    (loop $more (br_if $more (i32.ne (memory.grow (i32.const 1)) (i32.const -1))))
    (i32.store (i32.const 0) (memory.size))
    (drop (call $write (i32.const 0) (i32.const 4)))))`;

test('an infinite loop becomes a 504 at the deadline; the next request is served', async () => {
  const s = await start(watFile(LOOP), { limits: { timeoutMs: 300 } });
  const t = performance.now();
  const r = await request(`${s.url}/`);
  const ms = performance.now() - t;
  assert.equal(r.status, 504);
  assert.match(r.body, /Gateway Timeout/);
  assert.ok(ms >= 250 && ms < 3000, `answered after ${ms.toFixed(0)} ms`);
  const again = await request(`${s.url}/`);
  assert.equal(again.status, 504);
  await waitFor(() => s.handler.stats().live === 0);
});

test('unbounded recursion traps with stack_overflow → 500', async () => {
  const s = await start(watFile(RECURSE));
  const r = await request(`${s.url}/`);
  assert.equal(r.status, 500);
  assert.match(r.body, /trapped/);
  const line = lines.find((l) => l['reqId'] === r.headers['x-request-id']);
  assert.equal(line?.['code'], 'stack_overflow');
});

test('memory.grow is refused at the configured page limit', async () => {
  const s = await start(watFile(GROW), { limits: { timeoutMs: 1000, maxMemoryPages: 5 } });
  const r = (await request(`${s.url}/`)).bytes;
  assert.equal(r.readInt32LE(0), 5);
});

test('outbound fetch: an allowed URL is fetched and streamed back; others are denied and never contacted', async () => {
  const up = await upstream((req, res) => {
    res.writeHead(203, { 'content-type': 'text/x-upstream' });
    res.end(`upstream saw ${req.method} ${req.url}`);
  });
  const other = await upstream((_req, res) => res.end('should not be reached'));
  const s = await start(example, { outbound: { allow: [`${up.url}/allowed/`] } });
  const ok = await request(`${s.url}/fetch`, { body: `${up.url}/allowed/thing?q=1` });
  assert.equal(ok.status, 203);
  assert.equal(ok.headers['content-type'], 'text/x-upstream');
  assert.equal(ok.body, 'upstream saw GET /allowed/thing?q=1');
  assert.equal(up.hits(), 1);

  for (const target of [`${up.url}/elsewhere`, `${up.url}/allowed/../secret`, `${other.url}/allowed/thing`, 'file:///etc/passwd']) {
    const denied = await request(`${s.url}/fetch`, { body: target });
    assert.equal(denied.status, 403, target);
    assert.equal(denied.body, 'outbound request denied\n');
  }
  assert.equal(up.hits(), 1);
  assert.equal(other.hits(), 0);
  assert.ok(lines.some((l) => l['msg'] === 'outbound request denied: not on the allow-list'));
});

test('a guest suspended in a fetch past the deadline: 504, the fetch is aborted, the instance is let go', async () => {
  let aborted = false;
  const silent = await upstream((req) => {
    req.socket.on('close', () => { aborted = true; });
  });
  const s = await start(example, { limits: { timeoutMs: 300 }, outbound: { allow: [silent.url] } });
  const r = await request(`${s.url}/fetch`, { body: `${silent.url}/slow` });
  assert.equal(r.status, 504);
  await waitFor(() => s.handler.stats().live === 0 && aborted);
});

async function waitFor(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) assert.fail('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

// Writes "first", waits for the request body (the client sends it only after seeing "first"), then writes "second".
const FIRST_THEN_WAIT = `(module ${HTTP_IMPORTS} (memory (export "memory") 1)
  (data (i32.const 0) "first\\n")
  (data (i32.const 8) "second\\n")
  (func (export "handle")
    (drop (call $write (i32.const 0) (i32.const 6)))
    (drop (call $body_read (i32.const 64) (i32.const 64)))
    (drop (call $write (i32.const 8) (i32.const 7)))))`;

test('a first chunk written before the guest waits reaches the client while it waits (a held chunk is never stuck)', async () => {
  const s = await start(watFile(FIRST_THEN_WAIT), { limits: { timeoutMs: 3000 } });
  const body = await new Promise<string>((resolve, reject) => {
    const req = http.request(`${s.url}/`, { method: 'POST', headers: { 'transfer-encoding': 'chunked' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        // The body is sent only once "first" arrived: a held, never-flushed chunk would end in the 504 below instead.
        if (text === '' && c.startsWith('first')) req.end('go');
        text += c;
      });
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.flushHeaders();
  });
  assert.equal(body, 'first\nsecond\n');
});

// response_set_header's name and value, close together (one read covers both) or far apart, in and out of bounds.
const HEADER_PAIRS = `(module ${HTTP_IMPORTS} (memory (export "memory") 1)
  (data (i32.const 0) "x-a")          ;; 0, 3
  (data (i32.const 8) "\\ff\\fe")      ;; 8, 2: not UTF-8
  (data (i32.const 16) "near")        ;; 16, 4
  (data (i32.const 1000) "far")       ;; 1000, 3
  (func $put (param $i i32) (param $v i32) (i32.store (i32.add (i32.const 512) (i32.mul (local.get $i) (i32.const 4))) (local.get $v)))
  (func (export "handle")
    (call $put (i32.const 0) (call $set_header (i32.const 65528) (i32.const 3) (i32.const 65532) (i32.const 8)))
    (call $put (i32.const 1) (call $set_header (i32.const 0) (i32.const 3) (i32.const 8) (i32.const 2)))
    (call $put (i32.const 2) (call $set_header (i32.const 8) (i32.const 2) (i32.const 0) (i32.const 3)))
    (call $put (i32.const 3) (call $set_header (i32.const 0) (i32.const 3) (i32.const 16) (i32.const 4)))
    (call $put (i32.const 4) (call $add_header (i32.const 0) (i32.const 3) (i32.const 1000) (i32.const 3)))
    (drop (call $write (i32.const 512) (i32.const 20)))))`;

test('set_header: a name and value read together or apart answer as each alone would', async () => {
  const s = await start(watFile(HEADER_PAIRS));
  const { headers, bytes } = await request(`${s.url}/`);
  const r = { headers, body: bytes };
  const v = (i: number) => r.body.readInt32LE(4 * i);
  assert.equal(v(0), HttpError.BAD_POINTER, 'a value running past the end of memory, next to its name');
  assert.equal(v(1), HttpError.INVALID, 'a value that is not UTF-8');
  assert.equal(v(2), HttpError.INVALID, 'a name that is not UTF-8, after its value');
  assert.equal(v(3), 0, 'name and value close together');
  assert.equal(v(4), 0, 'name and value far apart');
  assert.equal(r.headers['x-a'], 'near, far');
});

// One write of every byte value (a small body goes out as a latin1 string: it must stay byte for byte).
const ALL_BYTES = `(module ${HTTP_IMPORTS} (memory (export "memory") 1)
  (data (i32.const 0) "${Array.from({ length: 256 }, (_, i) => `\\${i.toString(16).padStart(2, '0')}`).join('')}")
  (func (export "handle") (drop (call $write (i32.const 0) (i32.const 256)))))`;

test('a one-chunk body keeps every byte value, with its Content-Length', async () => {
  const s = await start(watFile(ALL_BYTES));
  const { headers, bytes } = await request(`${s.url}/`);
  const r = { headers, body: bytes };
  assert.equal(r.headers['content-length'], '256');
  assert.deepEqual([...r.body], Array.from({ length: 256 }, (_, i) => i));
});

const OWN_ID = `(module ${HTTP_IMPORTS} (memory (export "memory") 1)
  (data (i32.const 0) "x-request-id")   ;; 0, 12
  (data (i32.const 16) "mine")          ;; 16, 4
  (func (export "handle")
    (drop (call $set_header (i32.const 0) (i32.const 12) (i32.const 16) (i32.const 4)))
    (drop (call $write (i32.const 16) (i32.const 4)))))`;

test('a handler that sets its own x-request-id replaces the server\'s', async () => {
  const s = await start(watFile(OWN_ID));
  const r = await request(`${s.url}/`);
  assert.equal(r.headers['x-request-id'], 'mine');
  assert.equal(r.body, 'mine');
});
