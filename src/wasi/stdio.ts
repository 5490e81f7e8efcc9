// The guest's standard streams: stdin as a buffered byte source that can say
// whether it is readable without consuming (for poll_oneoff), stdout/stderr
// as sinks. Each wraps a host fd (as node:wasi takes them), a Node stream, or
// for stdin fixed bytes.
//
// Invariants: a host fd given here is borrowed, never closed by Corral; at
// most one host read is in flight per source (a read-ahead started by poll is
// the one the next fd_read consumes). Imports host-io.ts and constants.ts.

import fs from 'node:fs';
import { Filetype } from './constants.js';
import { filetypeOfStats, hostRead, hostWrite } from './host-io.js';

export type InputOption = number | NodeJS.ReadableStream | Uint8Array | string;
export type OutputOption = number | NodeJS.WritableStream;

const CHUNK = 64 * 1024;

export class InputSource {
  private chunks: Uint8Array[] = [];
  private eof = false;
  private failure: unknown = undefined;
  private pending: Promise<void> | undefined;

  constructor(
    private readonly fill: () => Promise<Uint8Array | null>,
    readonly filetype: number,
    readonly hostFd: number | undefined,
  ) {}

  static from(opt: InputOption): InputSource {
    if (typeof opt === 'number') {
      const fd = opt;
      return new InputSource(async () => {
        const buf = new Uint8Array(CHUNK);
        const n = await hostRead(fd, buf, null);
        return n === 0 ? null : buf.subarray(0, n);
      }, filetypeOfFd(fd), fd);
    }
    if (typeof opt === 'string' || opt instanceof Uint8Array) {
      let rest: Uint8Array | null = typeof opt === 'string' ? new TextEncoder().encode(opt) : opt.slice();
      return new InputSource(async () => {
        const r = rest;
        rest = null;
        return r !== null && r.length > 0 ? r : null;
      }, Filetype.SOCKET_STREAM, undefined);
    }
    const it = (opt as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    return new InputSource(async () => {
      for (;;) {
        const r = await it.next();
        if (r.done === true) return null;
        const v = r.value;
        const bytes = typeof v === 'string' ? new TextEncoder().encode(v) : v instanceof Uint8Array ? v : new Uint8Array(0);
        if (bytes.length > 0) return bytes;
      }
    }, Filetype.SOCKET_STREAM, undefined);
  }

  /** True when a read would not wait (data buffered, end of input, or an error to report). */
  get ready(): boolean {
    return this.chunks.length > 0 || this.eof || this.failure !== undefined;
  }

  get buffered(): number {
    let n = 0;
    for (const c of this.chunks) n += c.length;
    return n;
  }

  get atEnd(): boolean {
    return this.eof && this.chunks.length === 0;
  }

  /** Resolves once `ready`; never rejects (a failure is kept for the next read). */
  waitReady(): Promise<void> {
    if (this.ready) return Promise.resolve();
    return this.more();
  }

  /** Up to `max` bytes; an empty result means end of input. */
  async read(max: number): Promise<Uint8Array> {
    if (max === 0) return new Uint8Array(0);
    while (!this.ready) await this.more();
    if (this.chunks.length === 0) {
      if (this.failure !== undefined) {
        const f = this.failure;
        this.failure = undefined;
        throw f;
      }
      return new Uint8Array(0);
    }
    const first = this.chunks[0]!;
    if (first.length <= max) {
      this.chunks.shift();
      return first;
    }
    this.chunks[0] = first.subarray(max);
    return first.subarray(0, max);
  }

  private more(): Promise<void> {
    this.pending ??= this.fill().then(
      (c) => {
        if (c === null) this.eof = true;
        else this.chunks.push(c);
      },
      (e: unknown) => {
        this.failure = e;
      },
    ).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }
}

export class OutputSink {
  constructor(
    readonly write: (data: Uint8Array) => Promise<number>,
    readonly filetype: number,
    readonly hostFd: number | undefined,
  ) {}

  static from(opt: OutputOption): OutputSink {
    if (typeof opt === 'number') {
      const fd = opt;
      return new OutputSink((d) => hostWrite(fd, d, null), filetypeOfFd(fd), fd);
    }
    const stream = opt;
    return new OutputSink(
      (d) => new Promise<number>((resolve, reject) => {
        // The stream may keep the chunk: hand it a copy.
        stream.write(Buffer.from(d), (err) => (err ? reject(err) : resolve(d.length)));
      }),
      Filetype.SOCKET_STREAM,
      undefined,
    );
  }
}

function filetypeOfFd(fd: number): number {
  try {
    return filetypeOfStats(fs.fstatSync(fd));
  } catch {
    return Filetype.UNKNOWN;
  }
}
