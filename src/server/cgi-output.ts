// A CGI handler's stdout, parsed as it is written (RFC 3875 §6): header lines,
// a blank line, then the body, which streams to the client as it comes.
//
//   head ──blank line──► body ──(exit)──► response finished
//    └── head too large / malformed line ──► malformed (output dropped; 502 at exit)
//
// "Status: 404 Not Found" sets the status; "Location:" without a Status
// answers 302; every other header passes through (repeats are kept).
// Line ends may be LF or CRLF.
//
// Invariants: output it cannot use is dropped (a failed write would only
// become an errno the guest may ignore) and the outcome is reported by
// outcome(); the one error a write returns is the `stop()` error once the
// request is over (it ends the guest), and an error listener keeps that from
// becoming an unhandled 'error' event. The write callback runs only when the response accepted the
// chunk, so a slow client suspends the guest. Imports response-writer.ts.

import { Writable } from 'node:stream';
import { validHeaderName, validHeaderValue, type ResponseWriter } from './response-writer.js';

export type CgiOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export class CgiOutput extends Writable {
  private phase: 'head' | 'body' | 'malformed' = 'head';
  private head: Buffer = Buffer.alloc(0);
  private malformedReason = '';

  constructor(
    private readonly response: ResponseWriter,
    private readonly maxHeadBytes: number,
    private readonly stop: () => Error | undefined,
  ) {
    super({ decodeStrings: true });
    this.on('error', () => undefined);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const stopped = this.stop();
    if (stopped !== undefined) {
      callback(stopped);
      return;
    }
    if (this.phase === 'body') {
      this.send(chunk, callback);
      return;
    }
    if (this.phase === 'malformed') {
      callback();
      return;
    }
    this.head = this.head.length === 0 ? chunk : Buffer.concat([this.head, chunk]);
    const end = headEnd(this.head);
    if (end === undefined) {
      if (this.head.length > this.maxHeadBytes) this.malformed(`response head larger than ${this.maxHeadBytes} bytes`);
      callback();
      return;
    }
    if (end.headBytes > this.maxHeadBytes) {
      this.malformed(`response head larger than ${this.maxHeadBytes} bytes`);
      callback();
      return;
    }
    const problem = this.applyHead(this.head.subarray(0, end.headBytes).toString('latin1'));
    if (problem !== undefined) {
      this.malformed(problem);
      callback();
      return;
    }
    const rest = this.head.subarray(end.bodyStart);
    this.head = Buffer.alloc(0);
    this.phase = 'body';
    this.send(rest, callback);
  }

  /** Body bytes to the response; the callback once the socket can take more. */
  private send(chunk: Uint8Array, callback: () => void): void {
    const accepted = this.response.write(chunk);
    if (typeof accepted === 'boolean') callback();
    else accepted.then(() => callback(), () => callback());
  }

  /** Called after the guest exited: finishes the response, or says why it cannot. */
  outcome(): CgiOutcome {
    if (this.phase === 'body') {
      this.response.finish();
      return { ok: true };
    }
    if (this.phase === 'malformed') return { ok: false, reason: this.malformedReason };
    return { ok: false, reason: this.head.length === 0 ? 'the handler wrote no response' : 'the response head has no blank line after it' };
  }

  private malformed(reason: string): void {
    this.phase = 'malformed';
    this.malformedReason = reason;
    this.head = Buffer.alloc(0);
  }

  /** Applies the header lines; returns a reason when one is malformed. */
  private applyHead(text: string): string | undefined {
    let status: number | undefined, location = false;
    for (const raw of text.split('\n')) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line === '') continue;
      const colon = line.indexOf(':');
      if (colon <= 0) return `malformed header line ${JSON.stringify(line.slice(0, 80))}`;
      const name = line.slice(0, colon).trim(), value = line.slice(colon + 1).trim();
      if (!validHeaderName(name) || !validHeaderValue(value)) return `malformed header line ${JSON.stringify(line.slice(0, 80))}`;
      const key = name.toLowerCase();
      if (key === 'status') {
        const m = /^(\d{3})(?:\s.*)?$/.exec(value);
        const code = m === null ? NaN : Number(m[1]);
        if (!(code >= 200 && code <= 999)) return `bad Status header ${JSON.stringify(value.slice(0, 80))}`;
        status = code;
        continue;
      }
      if (key === 'location') location = true;
      this.response.setHeader(name, value, true);
    }
    this.response.setStatus(status ?? (location ? 302 : 200));
    return undefined;
  }
}

/** Where the head ends (the blank line) in `b`, if it does yet. */
function headEnd(b: Buffer): { headBytes: number; bodyStart: number } | undefined {
  // A head that is empty (output starting with a blank line) has no headers.
  if (b[0] === 0x0a) return { headBytes: 0, bodyStart: 1 };
  if (b[0] === 0x0d && b[1] === 0x0a) return { headBytes: 0, bodyStart: 2 };
  for (let i = b.indexOf(0x0a); i >= 0 && i + 1 < b.length; i = b.indexOf(0x0a, i + 1)) {
    if (b[i + 1] === 0x0a) return { headBytes: i + 1, bodyStart: i + 2 };
    if (b[i + 1] === 0x0d && b[i + 2] === 0x0a) return { headBytes: i + 1, bodyStart: i + 3 };
  }
  return undefined;
}
