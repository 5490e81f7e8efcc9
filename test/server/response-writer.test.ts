// ResponseWriter's head (src/server/response-writer.ts): what writeHead gets
// for set, add, a handler's own x-request-id and the content length, seen
// through a recording stand-in for ServerResponse.

import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { test } from 'node:test';
import { ResponseWriter } from '../../src/server/response-writer.js';
import { atTurnEnd } from '../../src/index.js';

interface Sent { status: number; head: string[]; body: string }

function recorder(): { res: ServerResponse; sent: Sent[] } {
  const sent: Sent[] = [];
  let pending: { status: number; head: string[] } | undefined;
  const res = {
    statusCode: 200,
    writeHead(status: number, head: string[]) {
      pending = { status, head: [...head] };
      return res;
    },
    end(body?: string | Buffer) {
      sent.push({ ...pending!, body: body === undefined ? '' : body.toString() });
      return res;
    },
    write: () => true,
    destroy: () => undefined,
  };
  return { res: res as unknown as ServerResponse, sent };
}

/** The head as [name, values...] pairs in first-seen name order. */
function byName(head: string[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (let i = 0; i < head.length; i += 2) m.set(head[i]!, [...(m.get(head[i]!) ?? []), head[i + 1]!]);
  return m;
}

test('the server id, the handler\'s headers (set replaces, add appends, names lower-cased) and the body length', () => {
  const { res, sent } = recorder();
  const w = new ResponseWriter(res, 'id-1');
  w.setHeader('Content-Type', 'text/html');
  w.setHeader('content-type', 'text/plain');
  w.setHeader('Set-Cookie', 'a=1', true);
  w.setHeader('set-cookie', 'b=2', true);
  w.write(new TextEncoder().encode('hello'));
  w.finish();
  assert.equal(sent.length, 1);
  assert.equal(sent[0]!.status, 200);
  assert.equal(sent[0]!.head.length % 2, 0);
  assert.deepEqual(byName(sent[0]!.head), new Map([
    ['x-request-id', ['id-1']], ['content-type', ['text/plain']], ['set-cookie', ['a=1', 'b=2']], ['content-length', ['5']],
  ]));
  assert.equal(sent[0]!.body, 'hello');
});

test('a handler\'s x-request-id replaces the server\'s, set or added; a second add appends to the handler\'s', () => {
  for (const append of [false, true]) {
    const { res, sent } = recorder();
    const w = new ResponseWriter(res, 'server-id');
    assert.equal(w.hasHeader('x-request-id'), false, 'the server\'s own id is not the handler\'s header');
    w.setHeader('X-Request-Id', 'mine', append);
    assert.equal(w.hasHeader('x-request-id'), true);
    w.setHeader('x-request-id', 'also', true);
    w.finish();
    assert.deepEqual(byName(sent[0]!.head).get('x-request-id'), ['mine', 'also']);
  }
});

test('a handler\'s content-length or transfer-encoding is kept, none added', () => {
  for (const [name, value] of [['Content-Length', '0'], ['transfer-encoding', 'chunked']] as const) {
    const { res, sent } = recorder();
    const w = new ResponseWriter(res, 'id');
    w.setHeader(name, value);
    w.finish();
    const head = byName(sent[0]!.head);
    assert.deepEqual(head.get(name.toLowerCase()), [value]);
    if (name !== 'Content-Length') assert.equal(head.has('content-length'), false);
    else assert.equal(head.get('content-length')!.length, 1);
  }
});

test('after the head is committed, headers are refused', () => {
  const { res } = recorder();
  const w = new ResponseWriter(res, 'id');
  w.write(new Uint8Array([1]));
  assert.equal(w.setHeader('a', 'b'), false);
  w.finish();
});

test('coalescing: finished responses reach Node together at the turn\'s end, before a guest\'s next slice, in order', async () => {
  const a = recorder(), b = recorder(), plain = recorder();
  const wa = new ResponseWriter(a.res, 'a', true), wb = new ResponseWriter(b.res, 'b', true);
  const seenBySlice: number[] = [];
  // A slice queued before the responses finish (as a guest interrupted a turn earlier would be) still runs after them.
  atTurnEnd(() => seenBySlice.push(a.sent.length, b.sent.length), 'slice');
  wa.write(new TextEncoder().encode('first'));
  wa.finish();
  wb.finish();
  assert.equal(wa.state, 'finished');
  assert.equal(wa.write(new Uint8Array(1)), false, 'a finished response takes nothing more');
  assert.deepEqual([a.sent.length, b.sent.length], [0, 0], 'nothing handed to Node during the turn');
  // Without coalescing the response leaves at once.
  const wp = new ResponseWriter(plain.res, 'p', false);
  wp.finish();
  assert.equal(plain.sent.length, 1);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(seenBySlice, [1, 1]);
  assert.equal(a.sent[0]!.body, 'first');
  assert.deepEqual(byName(a.sent[0]!.head).get('content-length'), ['5']);
  assert.equal(b.sent[0]!.body, '');
});

test('coalescing: a response whose client went away before the turn ended is dropped, the others still sent', async () => {
  const gone = recorder(), ok = recorder();
  (gone.res as { destroyed?: boolean }).destroyed = true;
  const wg = new ResponseWriter(gone.res, 'g', true), wo = new ResponseWriter(ok.res, 'o', true);
  wg.finish();
  wo.finish();
  await new Promise((r) => setImmediate(r));
  assert.equal(gone.sent.length, 0);
  assert.equal(ok.sent.length, 1);
});

test('coalescing: a turn that finishes many responses writes them in batches, not all at its end', async () => {
  const rs = Array.from({ length: 200 }, () => recorder());
  rs.forEach((r, i) => new ResponseWriter(r.res, `id-${i}`, true).finish());
  const sentDuringTurn = rs.filter((r) => r.sent.length === 1).length;
  assert.ok(sentDuringTurn >= 100 && sentDuringTurn < 200, `${sentDuringTurn} of 200 written during the turn`);
  await new Promise((r) => setImmediate(r));
  assert.equal(rs.filter((r) => r.sent.length === 1).length, 200);
});
