// The corral_http import object for one request: each function of the table
// in http-abi.ts, bound to that request's body, response and outbound session.
//
// Invariants: every guest range goes through GuestBytes (bounds-checked at
// the moment of use, never kept across an await); no function throws for a
// bad argument (it answers an HttpError code); a function called after the
// request is over (deadline, client gone) throws RequestOver, which abandons
// the guest — the only exception that crosses into the runtime. Must not be
// imported by src/runtime, src/compiler or src/wasi.

import type { IncomingMessage } from 'node:http';
import { HttpError, LOG_LEVELS, type HttpFunctionName } from './http-abi.js';
import type { GuestBytes } from './guest-bytes.js';
import type { OutboundSession } from './outbound.js';
import { BodyTooLarge, type RequestBody } from './request-body.js';
import { validHeaderName, validHeaderValue, type ResponseWriter } from './response-writer.js';

/** Thrown into the guest when its request is over: the runtime abandons it. */
export class RequestOver extends Error {
  override name = 'RequestOver';
}

export interface HttpExchange {
  readonly req: IncomingMessage;
  readonly body: RequestBody;
  readonly response: ResponseWriter;
  readonly outbound: OutboundSession;
  readonly memory: GuestBytes;
  /** The guest's `log` lines. */
  guestLog(level: (typeof LOG_LEVELS)[number], message: string): void;
  /** Throws RequestOver when the request has ended (deadline or client gone). */
  checkAlive(): void;
}

type I32Function = (...args: unknown[]) => number | Promise<number>;

const encoder = new TextEncoder();
const METHOD = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function httpImports(x: HttpExchange): Record<HttpFunctionName, I32Function> {
  const mem = x.memory;
  let headerBlock: Uint8Array | undefined;
  const copyOut = (buf: unknown, cap: unknown, value: string | Uint8Array): number =>
    mem.copyOut(buf, cap, typeof value === 'string' ? encoder.encode(value) : value) ?? HttpError.BAD_POINTER;
  const headerArgs = (name: unknown, nameLen: unknown, value: unknown, valueLen: unknown): [string, string] | number => {
    const n = mem.text(name, nameLen), v = mem.text(value, valueLen);
    if (n === undefined || v === undefined) return HttpError.BAD_POINTER;
    if (n === null || v === null || !validHeaderName(n) || !validHeaderValue(v)) return HttpError.INVALID;
    return [n, v];
  };
  const alive = <A extends unknown[]>(f: (...a: A) => number | Promise<number>) => (...a: A): number | Promise<number> => {
    x.checkAlive();
    return f(...a);
  };

  const table: Record<HttpFunctionName, I32Function> = {
    request_method: alive((buf, cap) => copyOut(buf, cap, x.req.method ?? 'GET')),
    request_url: alive((buf, cap) => copyOut(buf, cap, x.req.url ?? '/')),
    request_header: alive((name, nameLen, buf, cap) => {
      const n = mem.text(name, nameLen);
      if (n === undefined) return HttpError.BAD_POINTER;
      if (n === null) return HttpError.INVALID;
      const v = x.req.headers[n.toLowerCase()];
      if (v === undefined) return HttpError.NOT_FOUND;
      return copyOut(buf, cap, Array.isArray(v) ? v.join(', ') : v);
    }),
    request_headers: alive((buf, cap) => {
      headerBlock ??= encoder.encode(headerLines(x.req));
      return copyOut(buf, cap, headerBlock);
    }),
    request_body_read: alive(async (buf, cap) => {
      if (mem.view(buf, cap) === undefined) return HttpError.BAD_POINTER;
      let chunk: Uint8Array;
      try {
        chunk = await x.body.read(u32(cap));
      } catch (e) {
        x.checkAlive();
        if (e instanceof BodyTooLarge) return HttpError.LIMIT;
        throw new RequestOver('the request body could not be read', { cause: e });
      }
      x.checkAlive();
      // Re-checked after the await: the memory may have been replaced meanwhile (it cannot shrink).
      return mem.copyOut(buf, chunk.length, chunk) ?? HttpError.BAD_POINTER;
    }),
    response_set_status: alive((status) => {
      const s = typeof status === 'number' ? status : 0;
      if (s < 200 || s > 999) return HttpError.INVALID;
      return x.response.setStatus(s) ? 0 : HttpError.STATE;
    }),
    response_set_header: alive((name, nameLen, value, valueLen) => {
      const h = headerArgs(name, nameLen, value, valueLen);
      if (typeof h === 'number') return h;
      return x.response.setHeader(h[0], h[1]) ? 0 : HttpError.STATE;
    }),
    response_add_header: alive((name, nameLen, value, valueLen) => {
      const h = headerArgs(name, nameLen, value, valueLen);
      if (typeof h === 'number') return h;
      return x.response.setHeader(h[0], h[1], true) ? 0 : HttpError.STATE;
    }),
    response_write: alive(async (buf, len) => {
      const chunk = mem.view(buf, len);
      if (chunk === undefined) return HttpError.BAD_POINTER;
      const open = await x.response.write(chunk);
      x.checkAlive();
      return open ? chunk.length : HttpError.STATE;
    }),
    fetch: alive(async (method, methodLen, url, urlLen, headers, headersLen, body, bodyLen) => {
      const m = mem.text(method, methodLen), u = mem.text(url, urlLen), h = mem.text(headers, headersLen);
      const b = mem.copy(body, bodyLen);
      if (m === undefined || u === undefined || h === undefined || b === undefined) return HttpError.BAD_POINTER;
      if (m === null || u === null || h === null) return HttpError.INVALID;
      if (!METHOD.test(m)) return HttpError.INVALID;
      const r = await x.outbound.fetch(m, u, h, b);
      x.checkAlive();
      return r;
    }),
    fetch_status: alive((handle) => x.outbound.status(u32(handle))),
    fetch_header: alive((handle, name, nameLen, buf, cap) => {
      const n = mem.text(name, nameLen);
      if (n === undefined) return HttpError.BAD_POINTER;
      if (n === null || !validHeaderName(n)) return HttpError.INVALID;
      const v = x.outbound.header(u32(handle), n);
      if (v === undefined) return HttpError.BAD_HANDLE;
      if (v === null) return HttpError.NOT_FOUND;
      return copyOut(buf, cap, v);
    }),
    fetch_body_read: alive(async (handle, buf, cap) => {
      if (mem.view(buf, cap) === undefined) return HttpError.BAD_POINTER;
      const r = await x.outbound.read(u32(handle), u32(cap));
      x.checkAlive();
      if (typeof r === 'number') return r;
      return mem.copyOut(buf, r.length, r) ?? HttpError.BAD_POINTER;
    }),
    fetch_close: alive((handle) => (x.outbound.closeHandle(u32(handle)) ? 0 : HttpError.BAD_HANDLE)),
    log: alive((level, msg, msgLen) => {
      const l = LOG_LEVELS[typeof level === 'number' ? level : -1];
      const text = mem.text(msg, msgLen);
      if (text === undefined) return HttpError.BAD_POINTER;
      if (l === undefined || text === null) return HttpError.INVALID;
      x.guestLog(l, text);
      return 0;
    }),
  };
  return table;
}

function u32(v: unknown): number {
  return typeof v === 'number' ? v >>> 0 : 0;
}

function headerLines(req: IncomingMessage): string {
  let s = '';
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) s += `${k}: ${one}\n`;
  }
  return s;
}
