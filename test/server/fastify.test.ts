// The Fastify plugin (src/server/fastify-plugin.ts): a Fastify app serves a
// prefix with a fresh sandbox per request, beside its own routes; the guest
// reads request bodies Fastify would otherwise have parsed; failures answer
// as under node:http; CGI sees the prefix as its mount; closing the app
// closes the handler.

import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import Fastify from 'fastify';
import { pino } from 'pino';
import { fastifyCorral } from '../../src/server/index.js';
import { EXAMPLES, request } from './helpers.js';

test('a Fastify app serves corral_http and CGI handlers under prefixes, beside its own routes', async () => {
  const app = Fastify();
  app.get('/own', async () => 'from fastify\n');
  const silent = pino({ level: 'silent' });
  let stats: (() => { live: number }) | undefined;
  let closed = 0;
  await app.register(async (scope) => {
    await fastifyCorral(scope, { module: path.join(EXAMPLES, 'http-handler.wat'), logger: silent });
    const handler = (scope as unknown as { corral: { stats(): { live: number }; close(): void } }).corral;
    stats = () => handler.stats();
    const close = handler.close;
    handler.close = () => { closed++; close(); };
  });
  await app.register(fastifyCorral, { prefix: '/cgi', module: path.join(EXAMPLES, 'cgi-hello.wasm'), logger: silent });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    assert.equal((await request(`${url}/own`)).body, 'from fastify\n');
    assert.equal((await request(`${url}/`)).body, 'hello from corral_http\n');
    // A JSON body Fastify would have parsed reaches the guest untouched.
    const echo = await request(`${url}/echo`, { body: '{"a": [1, 2]}', headers: { 'content-type': 'application/json' } });
    assert.equal(echo.status, 200);
    assert.equal(echo.body, '{"a": [1, 2]}');
    assert.equal((await request(`${url}/status/418`)).status, 418);
    const trap = await request(`${url}/trap`);
    assert.equal(trap.status, 500);
    assert.match(trap.body, /request id: [0-9a-f-]{36}/);
    // CGI: the prefix is the script's mount; the rest is the path.
    const cgi = await request(`${url}/cgi/x?y=1`);
    assert.equal(cgi.status, 200);
    assert.match(cgi.body, /path=\/x\nquery=y=1/);
    assert.equal(stats!().live, 0, 'every instance released');
  } finally {
    await app.close();
  }
  assert.equal(closed, 1, 'closing the app closed the handler');
});
