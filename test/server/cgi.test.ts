// The CGI guest interface: the C example (examples/cgi-hello.c, built to
// .wasm) run per request, with the request in its environment and body on
// stdin; Status headers, missing output (502), and a CGI guest stopped at the
// deadline while it waits for a body the client never sends. Then the parts
// on their own: the stdout parser and the environment (httpoxy).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { cgiEnvironment } from '../../src/server/cgi-env.js';
import { CgiOutput } from '../../src/server/cgi-output.js';
import { ResponseWriter } from '../../src/server/response-writer.js';
import { EXAMPLES, captureLogger, request, startHandler, type TestServer } from './helpers.js';

const servers: TestServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));
const { logger, lines } = captureLogger();
const example = path.join(EXAMPLES, 'cgi-hello.wasm');

async function start(extra: Partial<Parameters<typeof startHandler>[0]> = {}): Promise<TestServer> {
  const s = await startHandler({ module: example, logger, mount: '/cgi', limits: { timeoutMs: 2000 }, ...extra });
  servers.push(s);
  return s;
}

test('the C program sees method, PATH_INFO, QUERY_STRING, headers and the body on stdin', async () => {
  const s = await start();
  assert.equal(s.handler.interface, 'cgi');
  const r = await request(`${s.url}/cgi/some/path%20x?a=1&b=2`, { headers: { 'x-test': 'yes', 'user-agent': 'corral-test' }, body: 'the body\nsecond line' });
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'text/plain; charset=utf-8');
  assert.equal(r.headers['x-powered-by'], 'C on Corral');
  assert.equal(r.body, [
    'hello from C (CGI)', 'method=POST', 'path=/some/path x', 'query=a=1&b=2', 'user-agent=corral-test', 'x-test=yes',
    'content-length=20', 'body=the body\nsecond line', '',
  ].join('\n'));
});

test('a GET without a body gets empty stdin and no CONTENT_LENGTH', async () => {
  const s = await start();
  const r = await request(`${s.url}/cgi/`);
  assert.equal(r.status, 200);
  assert.match(r.body, /^method=GET$/m);
  assert.match(r.body, /^content-length=$/m);
  assert.match(r.body, /^body=\n$/m);
});

test('a Status header sets the status', async () => {
  const s = await start();
  const r = await request(`${s.url}/cgi/teapot`);
  assert.equal(r.status, 418);
  assert.equal(r.body, 'short and stout\n');
});

test('a program that exits without output is a 502 naming its exit status; the next request is served', async () => {
  const s = await start();
  const r = await request(`${s.url}/cgi/exit`);
  assert.equal(r.status, 502);
  assert.match(r.body, /wrote no response \(exit status 3\)/);
  assert.ok(lines.some((l) => l['reqId'] === r.headers['x-request-id'] && l['code'] === 'malformed_response'));
  assert.equal((await request(`${s.url}/cgi/`)).status, 200);
});

test('a CGI guest waiting on a body that never comes is stopped at the deadline (504) and let go', async () => {
  const s = await start({ limits: { timeoutMs: 300 } });
  const { port } = new URL(s.url);
  const reply = await new Promise<string>((resolve, reject) => {
    const sock = net.connect(Number(port), '127.0.0.1', () => {
      // Promise 100 bytes, send 5, then wait.
      sock.write('POST /cgi/ HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nhello');
    });
    let got = '';
    sock.on('data', (d: Buffer) => {
      got += d.toString();
      if (got.includes('\r\n\r\n') && got.includes('request id')) {
        sock.destroy();
        resolve(got);
      }
    });
    sock.on('error', reject);
  });
  assert.match(reply, /^HTTP\/1\.1 504 /);
  const end = Date.now() + 3000;
  while (s.handler.stats().live !== 0) {
    if (Date.now() > end) assert.fail('the CGI guest was not let go');
    await new Promise((r) => setTimeout(r, 10));
  }
});

// --- the stdout parser on its own ---

async function parse(chunks: string[]): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string; outcome: ReturnType<CgiOutput['outcome']> }> {
  const server = http.createServer(async (_req, res) => {
    const w = new ResponseWriter(res, 'test-id');
    const out = new CgiOutput(w, 256, () => undefined);
    for (const c of chunks) await new Promise<void>((resolve) => out.write(Buffer.from(c, 'latin1'), () => resolve()));
    const outcome = out.outcome();
    if (!outcome.ok) w.fail(502, outcome.reason);
    server.emit('outcome', outcome);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const outcome = new Promise<ReturnType<CgiOutput['outcome']>>((r) => server.once('outcome', r));
  try {
    const r = await request(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    return { ...r, outcome: await outcome };
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

test('parser: head split across writes at every byte, CRLF and LF, repeated headers kept', async () => {
  const text = 'Content-Type: text/x-a\r\nSet-Cookie: a=1\nSet-Cookie: b=2\r\nStatus: 207 Multi\r\n\r\nbody here';
  for (let cut = 1; cut < text.length; cut += 7) {
    const r = await parse([text.slice(0, cut), text.slice(cut)]);
    assert.equal(r.status, 207, `cut at ${cut}`);
    assert.equal(r.headers['content-type'], 'text/x-a');
    assert.deepEqual(r.headers['set-cookie'], ['a=1', 'b=2']);
    assert.equal(r.body, 'body here');
  }
});

test('parser: Location without Status is a 302; empty head is a 200', async () => {
  const loc = await parse(['Location: /elsewhere\n\n']);
  assert.equal(loc.status, 302);
  assert.equal(loc.headers['location'], '/elsewhere');
  const bare = await parse(['\nno headers']);
  assert.equal(bare.status, 200);
  assert.equal(bare.body, 'no headers');
});

test('parser: malformed lines, bad Status, oversize heads and missing blank lines are 502', async () => {
  for (const [chunks, reason] of [
    [['no colon here\n\nbody'], /malformed header line/],
    [['Bad Name: x\n\n'], /malformed header line/],
    [['Status: abc\n\n'], /bad Status/],
    [['Status: 99\n\n'], /bad Status/],
    [[`X-Long: ${'a'.repeat(300)}\n\n`], /larger than 256/],
    [['Content-Type: text/plain\n'], /no blank line/],
    [[], /wrote no response/],
  ] as [string[], RegExp][]) {
    const r = await parse(chunks);
    assert.equal(r.status, 502, JSON.stringify(chunks));
    assert.equal(r.outcome.ok, false);
    assert.match(r.body, reason);
  }
});

// --- the environment ---

test('environment: RFC 3875 variables, HTTP_* headers, no HTTP_PROXY (httpoxy), SCRIPT_NAME/PATH_INFO split', async () => {
  const server = http.createServer((req, res) => res.end(JSON.stringify(cgiEnvironment(req, { scriptName: '/app' }))));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  try {
    const r = await request(`http://127.0.0.1:${port}/app/a%2Fb/c?x=%20y`, {
      method: 'POST', body: 'abc',
      headers: { 'content-type': 'text/plain', proxy: 'http://evil.example/', 'x-multi-word-header': 'v', cookie: 'a=1' },
    });
    const env = JSON.parse(r.body) as Record<string, string>;
    assert.equal(env['GATEWAY_INTERFACE'], 'CGI/1.1');
    assert.equal(env['REQUEST_METHOD'], 'POST');
    assert.equal(env['SCRIPT_NAME'], '/app');
    assert.equal(env['PATH_INFO'], '/a/b/c');
    assert.equal(env['QUERY_STRING'], 'x=%20y');
    assert.equal(env['REQUEST_URI'], '/app/a%2Fb/c?x=%20y');
    assert.equal(env['CONTENT_TYPE'], 'text/plain');
    assert.equal(env['CONTENT_LENGTH'], '3');
    assert.equal(env['HTTP_X_MULTI_WORD_HEADER'], 'v');
    assert.equal(env['HTTP_COOKIE'], 'a=1');
    assert.equal(env['SERVER_PORT'], String(port));
    assert.equal(env['SERVER_NAME'], '127.0.0.1');
    assert.equal(env['HTTP_PROXY'], undefined);
    assert.equal(env['HTTP_CONTENT_TYPE'], undefined);
    assert.equal(env['HTTP_CONTENT_LENGTH'], undefined);
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

