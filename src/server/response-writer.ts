// One request's response as a state machine, shared by both guest
// interfaces (corral_http calls and parsed CGI output):
//
//   head ──write()──► streaming ──finish()──► finished
//    │  └─finish()──────────────────────────► finished
//    ├─fail()──► finished (an error response: status, request id, reason)
//    └─ client gone ──► gone          streaming ──fail()/client gone──► gone
//
//   head:      status and headers may change; nothing sent yet
//   streaming: head committed (status and headers fixed), body chunks flow
//              (back-pressure awaited). The first chunk is held until a second
//              write, finish() or the end of this event-loop turn, whichever is
//              first: a one-chunk response then leaves as one write with a
//              Content-Length instead of a chunked head, chunk and terminator
//              (the difference showed as a third of the server's CPU time).
//              One end-of-turn task flushes every writer still holding a chunk.
//              While the owner runs the guest synchronously (inSyncRun()), a
//              held chunk needs no task of its own: the run either finishes the
//              response before returning or goes async, and endSyncRun() then
//              holds it until the turn ends as usual.
//   finished:  every later call is refused (STATE). A response finished
//              with its head still pending (one chunk or none) is, when the
//              writer coalesces, handed to Node at the end of the turn
//              together with the others finished in it (one end-of-turn task
//              for all, run before any guest's next slice: turn-end.ts; 64 at
//              most wait, a bigger turn writes them in batches). Each
//              response written to a loopback socket wakes a client waiting
//              on it, and the wakeup (an interrupt to another core, costly in
//              a VM) is charged to the writer: in the server benchmark
//              (quiet machine) Corral went from 49-60% to 73-75% of plain
//              Node's requests/s with them coalesced, its CPU per request
//              from 28-35 to 22-24 µs. The cost: a response waits for the
//              rest of the turn's requests (microseconds each).
//   (ended):   res.end() called (at once, or at the turn's end)
//   gone:      the connection closed before we finished (or we destroyed it:
//              a failure after the head was sent cannot become a 500)
//
// write() answers synchronously unless the socket pushes back, so a handler's
// write is a synchronous host call in the common case. The owner tells the
// writer when the response closed (closed()): one 'close' listener per
// request serves everyone.
//
// Invariants: exactly one of finish()/fail() ends a response; while the
// head is only committed (not sent), fail() can still answer with an error; chunks given to
// write() are copied before any await (they may be views of guest memory) unless the caller
// passes them as owned (a fresh copy nobody else holds); a held chunk is flushed by
// finish(), fail(), a second write or the turn's end, never lost; a
// header name is an RFC 9110 token and a value has no CR, LF or NUL.
// Imports only atTurnEnd from the runtime's public face.

import type { ServerResponse } from 'node:http';
import { atTurnEnd } from '../index.js';

export type ResponseState = 'head' | 'streaming' | 'finished' | 'gone';

/** Bodies up to this many bytes are ended as a latin1 string (finish): the copy costs less than Node's writev path for a Buffer. */
const STRING_BODY_MAX = 16384;

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BAD_VALUE = /[\r\n\0]/;

export function validHeaderName(name: string): boolean {
  return TOKEN.test(name);
}

export function validHeaderValue(value: string): boolean {
  return !BAD_VALUE.test(value);
}

export class ResponseWriter {
  private status = 200;
  /**
   * The head as Node's flat [name, value, ...] list (names lower-case,
   * repeated values as repeated names), handed to writeHead as it is. The
   * server's x-request-id comes first until the handler sets its own.
   */
  private readonly headers: string[];
  /** The handler set x-request-id itself (the server's entry is gone). */
  private ownRequestId = false;
  private stateNow: ResponseState = 'head';
  /** True while the head is committed but not yet handed to Node. */
  private headPending = false;
  private held: Buffer | undefined;
  /** The body of a finished response waiting for the turn's end (coalesce). */
  private ending: Buffer | undefined;
  /** The owner is running the guest synchronously (see inSyncRun). */
  private syncRun = false;
  /** Body bytes sent (for the log and metrics). */
  bytesSent = 0;

  /** `coalesce`: finish() hands one-write responses to Node at the end of the turn, together (see above). */
  constructor(private readonly res: ServerResponse, private readonly requestId: string, private readonly coalesce = false) {
    this.headers = ['x-request-id', requestId];
  }

  /** The response's 'close' event (the owner listens once for everyone). */
  closed(): void {
    if (this.stateNow !== 'finished') this.stateNow = 'gone';
  }

  get state(): ResponseState {
    return this.stateNow;
  }

  get statusCode(): number {
    return this.headPending || this.stateNow === 'head' ? this.status : this.res.statusCode;
  }

  setStatus(status: number): boolean {
    if (this.stateNow !== 'head') return false;
    this.status = status;
    return true;
  }

  /** Replaces (or with append, adds to) a header. False once the head is sent. Validate names and values first. */
  setHeader(name: string, value: string, append = false): boolean {
    if (this.stateNow !== 'head') return false;
    const key = name.toLowerCase();
    // The handler's first x-request-id replaces the server's, even when appended.
    if (key === 'x-request-id' && !this.ownRequestId) {
      this.ownRequestId = true;
      this.remove(key);
    } else if (!append) {
      this.remove(key);
    }
    this.headers.push(key, value);
    return true;
  }

  /** Whether the handler set this header (the server's own x-request-id does not count). */
  hasHeader(name: string): boolean {
    const key = name.toLowerCase();
    if (key === 'x-request-id') return this.ownRequestId;
    return this.has(key);
  }

  /**
   * Commits the head if needed, then sends the chunk: true when the socket
   * can take more now, a Promise of it when the socket pushed back. False
   * when the response is over.
   */
  write(chunk: Uint8Array, owned = false): boolean | Promise<boolean> {
    if (this.stateNow === 'head') {
      this.stateNow = 'streaming';
      this.headPending = true;
    }
    if (this.stateNow !== 'streaming') return false;
    if (chunk.length === 0) return true;
    const copy = !owned ? Buffer.from(chunk) : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    this.bytesSent += copy.length;
    if (this.headPending) {
      if (this.held === undefined) {
        this.held = copy;
        if (!this.syncRun) holdUntilTurnEnds(this);
        return true;
      }
      this.flushHead();
    }
    if (!this.res.write(copy)) return this.drained().then(() => this.stateNow === 'streaming');
    return this.stateNow === 'streaming';
  }

  /**
   * The owner starts running the guest synchronously: a first chunk written
   * meanwhile is held without scheduling its flush, since the owner calls
   * endSyncRun() when the run returns or goes async, whichever comes first.
   */
  inSyncRun(): void {
    this.syncRun = true;
  }

  /** The synchronous part of the run is over: a chunk still held now waits for the turn's end (or a second write, or finish). */
  endSyncRun(): void {
    if (!this.syncRun) return;
    this.syncRun = false;
    if (this.held !== undefined && this.headPending && this.stateNow === 'streaming') holdUntilTurnEnds(this);
  }

  /** Ends the response normally (sending the head first when nothing was written). */
  finish(): void {
    if (this.stateNow === 'head') {
      this.stateNow = 'streaming';
      this.headPending = true;
    }
    if (this.stateNow !== 'streaming') return;
    this.stateNow = 'finished';
    if (this.headPending) {
      const body = this.held ?? Buffer.alloc(0);
      this.held = undefined;
      this.headPending = false;
      if (!this.has('content-length') && !this.has('transfer-encoding')) this.headers.push('content-length', String(body.length));
      if (this.coalesce) {
        this.ending = body;
        endAtTurnEnd(this);
      } else {
        this.endWith(body);
      }
      return;
    }
    this.res.end();
  }

  /**
   * Ends the response with an error. Before the head: `status` with a short
   * text body naming the request id. After it: the connection is destroyed, so
   * the client sees a truncated response rather than a wrong one.
   */
  fail(status: number, reason: string): void {
    if (this.stateNow === 'head' || (this.stateNow === 'streaming' && this.headPending)) {
      this.held = undefined;
      this.headPending = false;
      const body = `${status} ${reason}\nrequest id: ${this.requestId}\n`;
      this.stateNow = 'finished';
      this.res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body), 'x-request-id': this.requestId });
      this.res.end(body);
    } else if (this.stateNow === 'streaming') {
      this.stateNow = 'gone';
      this.res.destroy();
    }
  }

  /** @internal The turn ended: the finished response goes to Node (endAll). */
  endNow(): void {
    const body = this.ending!;
    this.ending = undefined;
    this.endWith(body);
  }

  /** Hands the whole response, head and body, to Node (finish, or the turn's end). */
  private endWith(body: Buffer): void {
    // The client went away meanwhile: nothing to send.
    if (this.res.destroyed) return;
    this.res.writeHead(this.status, this.headers);
    // A small body goes as a latin1 string (byte for byte): Node then sends head and body as one string
    // write instead of a writev of the head string and a Buffer (measured: ~5 us less per hello world).
    if (body.length <= STRING_BODY_MAX) this.res.end(body.toString('latin1'), 'latin1');
    else this.res.end(body);
  }

  /** @internal Destroys the connection of a response that could not be ended (endAll). */
  abandon(): void {
    this.res.destroy();
  }

  /** Hands the committed head (and a held first chunk) to Node. */
  flushHead(): void {
    if (!this.headPending || this.stateNow !== 'streaming') return;
    this.headPending = false;
    this.res.writeHead(this.status, this.headers);
    if (this.held !== undefined) {
      this.res.write(this.held);
      this.held = undefined;
    }
  }

  /** A lower-case name is in the head. */
  private has(key: string): boolean {
    const h = this.headers;
    for (let i = 0; i < h.length; i += 2) if (h[i] === key) return true;
    return false;
  }

  /** Drops every value of a lower-case name. */
  private remove(key: string): void {
    const h = this.headers;
    let j = 0;
    for (let i = 0; i < h.length; i += 2) {
      if (h[i] === key) continue;
      h[j] = h[i]!;
      h[j + 1] = h[i + 1]!;
      j += 2;
    }
    // Setting the length, even to itself, is a runtime call: most sets remove nothing.
    if (j !== h.length) h.length = j;
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.res.off('drain', done);
        this.res.off('close', done);
        resolve();
      };
      this.res.on('drain', done);
      this.res.on('close', done);
    });
  }
}

/** Writers holding a first chunk, flushed together at the end of this event-loop turn. */
let holding: ResponseWriter[] = [];

function holdUntilTurnEnds(w: ResponseWriter): void {
  if (holding.length === 0) atTurnEnd(flushHolding, 'flush');
  holding.push(w);
}

function flushHolding(): void {
  const ws = holding;
  holding = [];
  for (const w of ws) w.flushHead();
}

/** Finished responses that go to Node together at the end of this turn. */
let ending: ResponseWriter[] = [];

/**
 * At most this many responses wait for the turn's end: a turn that serves
 * more (thousands of clients at once) writes them in batches, so no response
 * waits for more than this many others (~1 ms of hello worlds).
 */
const MAX_COALESCED = 64;

function endAtTurnEnd(w: ResponseWriter): void {
  if (ending.length === 0) atTurnEnd(endAll, 'flush');
  ending.push(w);
  if (ending.length >= MAX_COALESCED) endAll();
}

function endAll(): void {
  const ws = ending;
  ending = [];
  let failed = false, error: unknown;
  for (const w of ws) {
    try {
      w.endNow();
    } catch (x) {
      // A bug of ours: this client gets a closed connection, the others their responses, the error surfaces.
      w.abandon();
      if (!failed) error = x;
      failed = true;
    }
  }
  if (failed) throw error;
}
