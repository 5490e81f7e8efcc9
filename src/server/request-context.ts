// One request's life on the server side, independent of the guest interface:
// its id, response, body, outbound session, deadline and how it ended.
//
//   running ──deadline timer──► deadline     (504 sent now; outbound aborted;
//      │                                      the onOver hooks kill the instance)
//      ├──client closed first──► client_gone (outbound aborted; guest killed likewise)
//      └──dispose()───────────── (the guest settled; timer cleared, outbound closed)
//
// Invariants: `end` leaves 'running' at most once; after it has, the
// instance is killed and every host call of the guest throws (checkAlive),
// so a guest waiting on I/O never holds its instance; dispose() is called exactly
// once, after the guest's call settled. Imports no runtime code.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { RequestEnd } from './failure.js';
import { RequestOver } from './http-host.js';
import type { ResolvedLimits } from './limits.js';
import { OutboundSession, type AllowList } from './outbound.js';
import { RequestBody } from './request-body.js';
import { ResponseWriter } from './response-writer.js';

export interface RequestSettings {
  readonly limits: ResolvedLimits;
  readonly allow: AllowList;
  readonly logger: Logger;
}

export class RequestContext {
  readonly response: ResponseWriter;
  readonly body: RequestBody;
  readonly outbound: OutboundSession;
  readonly log: Logger;
  private endState: RequestEnd = 'running';
  private readonly timer: NodeJS.Timeout;
  private readonly overHooks: (() => void)[] = [];

  constructor(readonly id: string, readonly req: IncomingMessage, res: ServerResponse, settings: RequestSettings) {
    this.log = settings.logger.child({ reqId: id });
    this.response = new ResponseWriter(res, id);
    this.body = new RequestBody(req, settings.limits.maxRequestBodyBytes);
    this.outbound = new OutboundSession(settings.allow, settings.limits.maxOutboundRequests, (url) => {
      this.log.warn({ url }, 'outbound request denied: not on the allow-list');
    });
    this.timer = setTimeout(() => this.over('deadline'), settings.limits.timeoutMs);
    res.once('close', () => {
      if (this.response.state === 'gone') this.over('client_gone');
    });
  }

  get end(): RequestEnd {
    return this.endState;
  }

  checkAlive(): void {
    if (this.endState !== 'running') throw new RequestOver(`the request is over (${this.endState})`);
  }

  /** Runs `f` when the request ends early (deadline, client gone): how the handler kills its instance. */
  onOver(f: () => void): void {
    if (this.endState !== 'running') f();
    else this.overHooks.push(f);
  }

  /** The guest's call settled: nothing of this request may run any more. */
  dispose(): void {
    clearTimeout(this.timer);
    this.outbound.close();
  }

  private over(end: Exclude<RequestEnd, 'running'>): void {
    if (this.endState !== 'running') return;
    this.endState = end;
    this.outbound.close();
    if (end === 'deadline') this.response.fail(504, 'Gateway Timeout: the handler ran past its deadline');
    // A body read waiting on a silent client must not hold the guest.
    this.body.abort(new RequestOver(`the request is over (${end})`));
    for (const f of this.overHooks.splice(0)) f();
  }
}
