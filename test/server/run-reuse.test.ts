// corral_http runs are reused (run-http.ts: a request that never waited
// leaves its import object and host functions to the next): every request
// still sees only its own URL, headers and body, including requests served
// while another one waits in a host call, and the header block is made again
// for each request.

import assert from 'node:assert/strict';
import http from 'node:http';
import { after, test } from 'node:test';
import { captureLogger, request, startHandler, watFile, type TestServer } from './helpers.js';

const ECHO = `(module
  (import "corral_http" "request_url" (func $url (param i32 i32) (result i32)))
  (import "corral_http" "request_headers" (func $headers (param i32 i32) (result i32)))
  (import "corral_http" "request_body_read" (func $body_read (param i32 i32) (result i32)))
  (import "corral_http" "response_write" (func $write (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "handle") (local $n i32)
    (local.set $n (call $url (i32.const 0) (i32.const 256)))
    (drop (call $write (i32.const 0) (local.get $n)))
    ;; "/wait..." (byte 1 is 'w'): read the body first, a host call that waits
    (if (i32.eq (i32.load8_u (i32.const 1)) (i32.const 119))
      (then
        (local.set $n (call $body_read (i32.const 1024) (i32.const 1024)))
        (drop (call $write (i32.const 1024) (local.get $n)))))
    (local.set $n (call $headers (i32.const 4096) (i32.const 4096)))
    (drop (call $write (i32.const 4096) (local.get $n)))))`;

const servers: TestServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** The x-n values in a response's echoed header block. */
function tags(body: string): string[] {
  return [...body.matchAll(/x-n: (.*)$/gm)].map((m) => m[1]!);
}

test('requests served one after another each see their own URL and headers', async () => {
  const s = await startHandler({ module: watFile(ECHO), logger: captureLogger().logger, limits: { timeoutMs: 2000 } });
  servers.push(s);
  for (let i = 0; i < 20; i++) {
    const r = await request(`${s.url}/r${i}`, { headers: { 'x-n': `v${i}` } });
    assert.equal(r.status, 200);
    assert.ok(r.body.startsWith(`/r${i}x-n: `), r.body);
    assert.deepEqual(tags(r.body), [`v${i}`]);
  }
});

test('a request waiting in a host call keeps its own exchange while others are served meanwhile', async () => {
  const s = await startHandler({ module: watFile(ECHO), logger: captureLogger().logger, limits: { timeoutMs: 5000 } });
  servers.push(s);
  // The waiting request: headers now, its body only after the others were answered.
  let sendBody!: () => void;
  const waiting = new Promise<string>((resolve, reject) => {
    const req = http.request(`${s.url}/wait`, { method: 'POST', headers: { 'x-n': 'waiter', 'content-length': '4' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.flushHeaders();
    sendBody = () => req.end('BODY');
  });
  await new Promise((r) => setTimeout(r, 100));
  for (let i = 0; i < 10; i++) {
    const r = await request(`${s.url}/s${i}`, { headers: { 'x-n': `sync${i}` } });
    assert.ok(r.body.startsWith(`/s${i}x-n: `), r.body);
    assert.deepEqual(tags(r.body), [`sync${i}`]);
  }
  sendBody();
  const body = await waiting;
  assert.ok(body.startsWith("/waitBODYx-n: "), body);
  assert.deepEqual(tags(body), ['waiter']);
  // And after it: the next requests are still their own.
  const r = await request(`${s.url}/after`, { headers: { 'x-n': 'after' } });
  assert.ok(r.body.startsWith("/afterx-n: "), r.body);
  assert.deepEqual(tags(r.body), ['after']);
});
