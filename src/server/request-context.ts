// One request's life on the server side, independent of the guest interface:
// its id, response, body, outbound session, deadline and how it ended.
//
//   running ──deadline (Deadlines)──► deadline     (504 sent now; outbound aborted;
//      │                                           the instance is killed: killOnOver)
//      ├──client closed first──► client_gone (outbound aborted; guest killed likewise)
//      └──dispose()───────────── (the guest settled; deadline cancelled, outbound closed)
//
// Per request this is the whole server-side cost of a hello world, so it
// makes only what every request needs: the response writer. A request is
// watched (a deadline entry in the handler's queue and one 'close' listener
// on the response, shared by the writer, the early end and the handler's
// metrics) only once it has to wait (watch()): one served synchronously
// start to end can meet neither its deadline (the guest's own timeout
// interrupts a long run, which then waits) nor a closing client (no I/O
// happens meanwhile), and its metrics are recorded when it is disposed.
// The request body reader, the outbound session and the child logger
// carrying the request id are made on first use (most handlers never read a
// body, fetch or log).
//
// Invariants: `end` leaves 'running' at most once; after it has, the
// instance is killed and every host call of the guest throws (checkAlive),
// so a guest waiting on I/O never holds its instance; watch() is called
// before the request's first wait (its deadline counts from `started`, so the
// queue's entries stay in arrival order: a request goes async before the
// next one starts); dispose() is called exactly once, after the guest's call
// settled; the handler's `closed` metrics callback runs exactly once (at
// 'close' for a watched request, at dispose() otherwise). Imports no
// runtime code.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Deadlines, DeadlineTarget } from './deadlines.js';
import type { RequestEnd } from './failure.js';
import { RequestOver, type HttpExchange } from './http-host.js';
import type { ResolvedLimits } from './limits.js';
import { OutboundSession, type AllowList } from './outbound.js';
import { RequestBody } from './request-body.js';
import { ResponseWriter } from './response-writer.js';

export interface RequestSettings {
  readonly limits: ResolvedLimits;
  readonly allow: AllowList;
  readonly logger: Logger;
  readonly deadlines: Deadlines;
  /** Finished one-write responses go to Node together at the end of the turn (ResponseWriter). */
  readonly coalesceResponses: boolean;
  /** Called once the response is closed (sent, failed or abandoned; for a request never watched, when disposed): the handler's metrics. */
  readonly closed: (ctx: RequestContext) => void;
}

export class RequestContext implements DeadlineTarget, HttpExchange {
  readonly response: ResponseWriter;
  deadlineEntry = -1;
  /** watch() was called: the deadline runs and 'close' is listened to. */
  private watched = false;
  private endState: RequestEnd = 'running';
  private overInstance: { kill(): void } | undefined;
  private bodyReader: RequestBody | undefined;
  private outboundSession: OutboundSession | undefined;
  private logger: Logger | undefined;

  /** `started`: performance.now() when the request reached the handler. */
  constructor(readonly id: string, readonly req: IncomingMessage, readonly res: ServerResponse, private readonly settings: RequestSettings, readonly started: number) {
    this.response = new ResponseWriter(res, id, settings.coalesceResponses);
  }

  /** The request is about to wait (for its instance, a host call, a slice): its deadline starts counting and its end is watched. */
  watch(): void {
    if (this.watched) return;
    this.watched = true;
    this.settings.deadlines.add(this, this.started);
    // 'close' is emitted once: on() spares the once() wrapper.
    this.res.on('close', () => this.onClose());
  }

  get end(): RequestEnd {
    return this.endState;
  }

  /** The request's log: the server's logger with `reqId`. */
  get log(): Logger {
    return (this.logger ??= this.settings.logger.child({ reqId: this.id }));
  }

  get body(): RequestBody {
    if (this.bodyReader === undefined) {
      this.bodyReader = new RequestBody(this.req, this.settings.limits.maxRequestBodyBytes);
      if (this.endState !== 'running') this.bodyReader.abort(new RequestOver(`the request is over (${this.endState})`));
    }
    return this.bodyReader;
  }

  get outbound(): OutboundSession {
    return (this.outboundSession ??= new OutboundSession(this.settings.allow, this.settings.limits.maxOutboundRequests, (url) => {
      this.log.warn({ url }, 'outbound request denied: not on the allow-list');
    }));
  }

  /** A guest's `log` line (corral_http). */
  guestLog(level: 'debug' | 'info' | 'warn' | 'error', message: string): void {
    this.log[level]({ guest: message }, 'handler log');
  }

  checkAlive(): void {
    if (this.endState !== 'running') throw new RequestOver(`the request is over (${this.endState})`);
  }

  /** Kills `instance` when the request ends early (deadline, client gone), at once if it already has. */
  killOnOver(instance: { kill(): void }): void {
    if (this.endState !== 'running') instance.kill();
    else this.overInstance = instance;
  }

  /** The guest's call settled: nothing of this request may run any more. */
  dispose(): void {
    this.overInstance = undefined;
    this.outboundSession?.close();
    if (this.watched) this.settings.deadlines.cancel(this);
    else this.settings.closed(this);
  }

  /** The deadline passed (Deadlines). */
  expire(): void {
    this.over('deadline');
  }

  private onClose(): void {
    this.response.closed();
    if (this.response.state === 'gone') this.over('client_gone');
    this.settings.closed(this);
  }

  private over(end: Exclude<RequestEnd, 'running'>): void {
    if (this.endState !== 'running') return;
    this.endState = end;
    this.settings.deadlines.cancel(this);
    this.outboundSession?.close();
    if (end === 'deadline') this.response.fail(504, 'Gateway Timeout: the handler ran past its deadline');
    // A body read waiting on a silent client must not hold the guest.
    this.bodyReader?.abort(new RequestOver(`the request is over (${end})`));
    const instance = this.overInstance;
    this.overInstance = undefined;
    instance?.kill();
  }
}
