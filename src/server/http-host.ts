// The corral_http import object: each function of the table in http-abi.ts,
// bound to one request's body, response and outbound session at a time. Only
// the functions the module imports are made, once per HttpHost; a host whose
// request ended without ever waiting serves the next request (bindTo), so the
// common request makes no functions. A function answers synchronously unless
// it must wait (a body read, a fetch, a write the socket pushes back on), so
// the common request never suspends its guest.
//
// Invariants: every guest range goes through GuestBytes (bounds-checked at
// the moment of use, never kept across an await); no function throws for a
// bad argument (it answers an HttpError code); a function called after the
// request is over (deadline, client gone) throws RequestOver, which abandons
// the guest — the only exception that crosses into the runtime. A function
// that waited uses after its await only the exchange and memory it captured
// before, and `idle` is false until it settled, so a host is rebound only
// when nothing of the last request can still run in it. Must not be
// imported by src/runtime, src/compiler or src/wasi.

import type { IncomingMessage } from 'node:http';
import { HttpError, LOG_LEVELS, type HttpFunctionName } from './http-abi.js';
import type { GuestBytes } from './guest-bytes.js';
import type { OutboundSession } from './outbound.js';
import { BodyTooLarge, type RequestBody } from './request-body.js';
import { validHeaderName, validHeaderValue, type ResponseWriter } from './response-writer.js';
import { TextCache } from './text-cache.js';

/** Thrown into the guest when its request is over: the runtime abandons it. */
export class RequestOver extends Error {
  override name = 'RequestOver';
}

export interface HttpExchange {
  readonly req: IncomingMessage;
  /** Made on first use. */
  readonly body: RequestBody;
  readonly response: ResponseWriter;
  /** Made on first use. */
  readonly outbound: OutboundSession;
  /** The guest's `log` lines. */
  guestLog(level: (typeof LOG_LEVELS)[number], message: string): void;
  /** Throws RequestOver when the request has ended (deadline or client gone). */
  checkAlive(): void;
}

type I32Function = (...args: unknown[]) => number | Promise<number>;

const encoder = new TextEncoder();
/** Two ranges at most this far apart (first byte to last) are read at once (twoTexts). */
const ONE_READ_SPAN = 256;

/** Header names and values a handler sets on every request (its data segments' strings): decoded once per process. */
const texts = new TextCache();
const METHOD = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** The corral_http functions: a method per function of http-abi.ts, each checking first that the request is still running. */
export class HttpHost implements Record<HttpFunctionName, I32Function> {
  /** The import object's functions for the names the module imports, bound to this host. */
  readonly functions: Partial<Record<HttpFunctionName, I32Function>> = {};
  private headerBlock: Uint8Array | undefined;
  /** Calls that returned a Promise and have not settled. */
  private waiting = 0;

  constructor(private x: HttpExchange, private mem: GuestBytes, names: readonly HttpFunctionName[]) {
    for (const name of names) this.functions[name] = (this[name] as I32Function).bind(this);
  }

  /** No call of the last request can still run: the host may serve another. */
  get idle(): boolean {
    return this.waiting === 0;
  }

  /** Serves the next request (only when idle). */
  bindTo(x: HttpExchange, mem: GuestBytes): void {
    if (this.waiting !== 0) throw new Error('corral server: a host rebound while a call of its last request waits');
    this.x = x;
    this.mem = mem;
    this.headerBlock = undefined;
  }

  request_method(buf: unknown, cap: unknown): number {
    this.x.checkAlive();
    return this.copyOut(buf, cap, this.x.req.method ?? 'GET');
  }

  request_url(buf: unknown, cap: unknown): number {
    this.x.checkAlive();
    return this.copyOut(buf, cap, this.x.req.url ?? '/');
  }

  request_header(name: unknown, nameLen: unknown, buf: unknown, cap: unknown): number {
    this.x.checkAlive();
    const n = this.mem.text(name, nameLen);
    if (n === undefined) return HttpError.BAD_POINTER;
    if (n === null) return HttpError.INVALID;
    const v = this.x.req.headers[n.toLowerCase()];
    if (v === undefined) return HttpError.NOT_FOUND;
    return this.copyOut(buf, cap, Array.isArray(v) ? v.join(', ') : v);
  }

  request_headers(buf: unknown, cap: unknown): number {
    this.x.checkAlive();
    this.headerBlock ??= encoder.encode(headerLines(this.x.req));
    return this.copyOut(buf, cap, this.headerBlock);
  }

  async request_body_read(buf: unknown, cap: unknown): Promise<number> {
    const { x, mem } = this;
    x.checkAlive();
    if (mem.view(buf, cap) === undefined) return HttpError.BAD_POINTER;
    let chunk: Uint8Array;
    this.waiting++;
    try {
      chunk = await x.body.read(u32(cap));
    } catch (e) {
      x.checkAlive();
      if (e instanceof BodyTooLarge) return HttpError.LIMIT;
      throw new RequestOver('the request body could not be read', { cause: e });
    } finally {
      this.waiting--;
    }
    x.checkAlive();
    // Re-checked after the await: the memory may have been replaced meanwhile (it cannot shrink).
    return mem.copyOut(buf, chunk.length, chunk) ?? HttpError.BAD_POINTER;
  }

  response_set_status(status: unknown): number {
    this.x.checkAlive();
    const s = typeof status === 'number' ? status : 0;
    if (s < 200 || s > 999) return HttpError.INVALID;
    return this.x.response.setStatus(s) ? 0 : HttpError.STATE;
  }

  response_set_header(name: unknown, nameLen: unknown, value: unknown, valueLen: unknown): number {
    return this.setHeader(name, nameLen, value, valueLen, false);
  }

  response_add_header(name: unknown, nameLen: unknown, value: unknown, valueLen: unknown): number {
    return this.setHeader(name, nameLen, value, valueLen, true);
  }

  response_write(buf: unknown, len: unknown): number | Promise<number> {
    const x = this.x;
    x.checkAlive();
    // A copy the writer may keep as it is (no second copy).
    const chunk = this.mem.copy(buf, len);
    if (chunk === undefined) return HttpError.BAD_POINTER;
    const n = chunk.length;
    const open = x.response.write(chunk, true);
    if (typeof open === 'boolean') return open ? n : HttpError.STATE;
    this.waiting++;
    return open.then((o) => {
      this.waiting--;
      x.checkAlive();
      return o ? n : HttpError.STATE;
    });
  }

  async fetch(method: unknown, methodLen: unknown, url: unknown, urlLen: unknown, headers: unknown, headersLen: unknown, body: unknown, bodyLen: unknown): Promise<number> {
    const { x, mem } = this;
    x.checkAlive();
    const m = mem.text(method, methodLen), u = mem.text(url, urlLen), h = mem.text(headers, headersLen);
    const b = mem.copy(body, bodyLen);
    if (m === undefined || u === undefined || h === undefined || b === undefined) return HttpError.BAD_POINTER;
    if (m === null || u === null || h === null) return HttpError.INVALID;
    if (!METHOD.test(m)) return HttpError.INVALID;
    this.waiting++;
    let r: number;
    try {
      r = await x.outbound.fetch(m, u, h, b);
    } finally {
      this.waiting--;
    }
    x.checkAlive();
    return r;
  }

  fetch_status(handle: unknown): number {
    this.x.checkAlive();
    return this.x.outbound.status(u32(handle));
  }

  fetch_header(handle: unknown, name: unknown, nameLen: unknown, buf: unknown, cap: unknown): number {
    this.x.checkAlive();
    const n = this.mem.text(name, nameLen);
    if (n === undefined) return HttpError.BAD_POINTER;
    if (n === null || !validHeaderName(n)) return HttpError.INVALID;
    const v = this.x.outbound.header(u32(handle), n);
    if (v === undefined) return HttpError.BAD_HANDLE;
    if (v === null) return HttpError.NOT_FOUND;
    return this.copyOut(buf, cap, v);
  }

  async fetch_body_read(handle: unknown, buf: unknown, cap: unknown): Promise<number> {
    const { x, mem } = this;
    x.checkAlive();
    if (mem.view(buf, cap) === undefined) return HttpError.BAD_POINTER;
    this.waiting++;
    let r: number | Uint8Array;
    try {
      r = await x.outbound.read(u32(handle), u32(cap));
    } finally {
      this.waiting--;
    }
    x.checkAlive();
    if (typeof r === 'number') return r;
    return mem.copyOut(buf, r.length, r) ?? HttpError.BAD_POINTER;
  }

  fetch_close(handle: unknown): number {
    this.x.checkAlive();
    return this.x.outbound.closeHandle(u32(handle)) ? 0 : HttpError.BAD_HANDLE;
  }

  log(level: unknown, msg: unknown, msgLen: unknown): number {
    this.x.checkAlive();
    const l = LOG_LEVELS[typeof level === 'number' ? level : -1];
    const text = this.mem.text(msg, msgLen);
    if (text === undefined) return HttpError.BAD_POINTER;
    if (l === undefined || text === null) return HttpError.INVALID;
    this.x.guestLog(l, text);
    return 0;
  }

  /**
   * Two ranges decoded as UTF-8, as mem.text would answer each. Ranges that
   * lie close together (a name and its value in a handler's data) are copied
   * out in one read: each copy is a native call that costs more than the
   * bytes between them.
   */
  private twoTexts(a: unknown, aLen: unknown, b: unknown, bLen: unknown): [string | undefined | null, string | undefined | null] {
    const pa = u32(a), na = u32(aLen), pb = u32(b), nb = u32(bLen);
    const lo = Math.min(pa, pb), hi = Math.max(pa + na, pb + nb);
    if (hi - lo <= ONE_READ_SPAN) {
      const both = this.mem.copy(lo, hi - lo);
      if (both !== undefined) return [texts.decode(both, pa - lo, na), texts.decode(both, pb - lo, nb)];
    }
    return [this.mem.text(a, aLen), this.mem.text(b, bLen)];
  }

  private copyOut(buf: unknown, cap: unknown, value: string | Uint8Array): number {
    return this.mem.copyOut(buf, cap, typeof value === 'string' ? encoder.encode(value) : value) ?? HttpError.BAD_POINTER;
  }

  private setHeader(name: unknown, nameLen: unknown, value: unknown, valueLen: unknown, append: boolean): number {
    this.x.checkAlive();
    const [n, v] = this.twoTexts(name, nameLen, value, valueLen);
    if (n === undefined || v === undefined) return HttpError.BAD_POINTER;
    if (n === null || v === null || !validHeaderName(n) || !validHeaderValue(v)) return HttpError.INVALID;
    return this.x.response.setHeader(n, v, append) ? 0 : HttpError.STATE;
  }
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
