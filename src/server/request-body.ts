// A request body read on demand, in chunks of the reader's choosing, with a
// size limit: what `request_body_read` and CGI stdin consume.
//
// Invariants: the body is pulled from the socket only when the guest asks
// (so an unread body costs nothing and back-pressure reaches the client);
// at most `limit` bytes are ever handed out, and asking past the limit
// rejects with BodyTooLarge; a body known to be empty (no Content-Length or
// Content-Length: 0, and no Transfer-Encoding) is never read; abort() ends
// a read waiting on a silent client without touching the socket (the
// response may still be on its way out). Imports nothing from the runtime.

import type { IncomingMessage } from 'node:http';

export class BodyTooLarge extends Error {
  override name = 'BodyTooLarge';
}

export class RequestBody {
  private readonly iterator: AsyncIterator<Buffer> | undefined;
  private pending: Uint8Array = new Uint8Array(0);
  private delivered = 0;
  private ended = false;
  private aborted: Error | undefined;
  private wake: ((e: Error) => void) | undefined;

  constructor(req: IncomingMessage, private readonly limit: number) {
    const length = req.headers['content-length'];
    const empty = req.headers['transfer-encoding'] === undefined && (length === undefined || length === '0');
    this.iterator = empty ? undefined : (req[Symbol.asyncIterator]() as AsyncIterator<Buffer>);
    if (empty) this.ended = true;
  }

  /** True when the request has no body at all (known from its head). */
  get isEmpty(): boolean {
    return this.iterator === undefined;
  }

  /** Up to `max` bytes; an empty result means the end. */
  async read(max: number): Promise<Uint8Array> {
    if (max === 0) return new Uint8Array(0);
    while (this.pending.length === 0 && !this.ended) {
      if (this.aborted !== undefined) throw this.aborted;
      const r = await Promise.race([this.iterator!.next(), new Promise<never>((_, reject) => { this.wake = reject; })]);
      this.wake = undefined;
      if (r.done === true) this.ended = true;
      else this.pending = r.value;
    }
    if (this.pending.length === 0) return this.pending;
    if (this.delivered >= this.limit) throw new BodyTooLarge(`request body larger than ${this.limit} bytes`);
    const n = Math.min(max, this.pending.length, this.limit - this.delivered);
    const out = this.pending.subarray(0, n);
    this.pending = this.pending.subarray(n);
    this.delivered += n;
    return out;
  }

  /** Makes a waiting read (and every later one that would wait) reject with `reason`. */
  abort(reason: Error): void {
    this.aborted ??= reason;
    this.wake?.(reason);
  }

  /** The body as a stream of chunks (CGI stdin), same limit. */
  async *chunks(): AsyncGenerator<Uint8Array> {
    for (;;) {
      const c = await this.read(64 * 1024);
      if (c.length === 0) return;
      yield c;
    }
  }
}
