// Outbound HTTP for handlers: the allow-list that decides where a guest may
// connect, and one request's fetch session (its response handles).
//
// Allow-list entries are URL prefixes: "http://127.0.0.1:8081" allows every
// path on that origin, "https://api.example.com/v1/" only paths under /v1/.
// A URL is allowed when its scheme, host and port equal an entry's and its
// normalised path starts with the entry's path. Only http and https.
//
// Invariants: nothing leaves the process unless allowed; redirects are never
// followed (a 3xx goes back to the guest, so a redirect cannot escape the
// allow-list); every fetch of a session is aborted when the session closes
// (request finished, deadline, client gone); handles are small positive
// integers, never reused within a session. Imports http-abi.ts only.

import { HttpError, type HttpErrorCode } from './http-abi.js';

interface AllowEntry {
  readonly protocol: string;
  readonly host: string;
  readonly path: string;
}

export class AllowList {
  private readonly entries: readonly AllowEntry[];

  constructor(prefixes: readonly string[] = []) {
    this.entries = prefixes.map((p) => {
      let u: URL;
      try {
        u = new URL(p);
      } catch {
        throw new TypeError(`outbound allow-list: not a URL: ${p}`);
      }
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new TypeError(`outbound allow-list: only http and https URLs (${p})`);
      if (u.search !== '' || u.hash !== '' || u.username !== '' || u.password !== '') throw new TypeError(`outbound allow-list: a prefix has no query, fragment or credentials (${p})`);
      return { protocol: u.protocol, host: u.host, path: u.pathname };
    });
  }

  get size(): number {
    return this.entries.length;
  }

  allows(url: URL): boolean {
    if (url.username !== '' || url.password !== '') return false;
    return this.entries.some((e) => e.protocol === url.protocol && e.host === url.host && url.pathname.startsWith(e.path));
  }
}

interface OpenResponse {
  readonly response: Response;
  reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  pending: Uint8Array;
  ended: boolean;
}

export type FetchOutcome = number | HttpErrorCode;

/** One request's outbound calls. */
export class OutboundSession {
  private readonly handles = new Map<number, OpenResponse>();
  private nextHandle = 1;
  private issued = 0;
  /** Made on the first fetch: most requests never fetch, and an AbortController (and its abort) is not free. */
  private abort: AbortController | undefined;
  /** fetch() calls not yet answered (the only ones an abort can stop: a response's body is cancelled by discard). */
  private inFlight = 0;

  constructor(
    private readonly allow: AllowList,
    private readonly maxRequests: number,
    private readonly onDenied: (url: string) => void,
  ) {}

  /** Resolves to a handle (> 0) or an error code; never rejects. */
  async fetch(method: string, url: string, headerLines: string, body: Uint8Array | undefined): Promise<FetchOutcome> {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return HttpError.INVALID;
    }
    if (!this.allow.allows(target)) {
      this.onDenied(target.href);
      return HttpError.DENIED;
    }
    if (this.issued >= this.maxRequests) return HttpError.LIMIT;
    const headers = parseHeaderLines(headerLines);
    if (headers === undefined) return HttpError.INVALID;
    let request: Request;
    try {
      request = new Request(target, {
        method, headers, redirect: 'manual', signal: (this.abort ??= new AbortController()).signal,
        ...(body !== undefined && body.length > 0 ? { body } : {}),
      });
    } catch {
      return HttpError.INVALID;
    }
    this.issued++;
    this.inFlight++;
    try {
      const response = await fetch(request);
      const handle = this.nextHandle++;
      this.handles.set(handle, { response, reader: undefined, pending: new Uint8Array(0), ended: response.body === null });
      return handle;
    } catch {
      return HttpError.FETCH_FAILED;
    } finally {
      this.inFlight--;
    }
  }

  status(handle: number): number {
    return this.handles.get(handle)?.response.status ?? HttpError.BAD_HANDLE;
  }

  /** The header's value, null when absent, undefined for a bad handle. */
  header(handle: number, name: string): string | null | undefined {
    const h = this.handles.get(handle);
    if (h === undefined) return undefined;
    return h.response.headers.get(name);
  }

  /** Up to max body bytes (empty at the end), or an error code. */
  async read(handle: number, max: number): Promise<Uint8Array | HttpErrorCode> {
    const h = this.handles.get(handle);
    if (h === undefined) return HttpError.BAD_HANDLE;
    try {
      while (h.pending.length === 0 && !h.ended) {
        h.reader ??= h.response.body!.getReader();
        const r = await h.reader.read();
        if (r.done) h.ended = true;
        else h.pending = r.value;
      }
    } catch {
      return HttpError.FETCH_FAILED;
    }
    const n = Math.min(max, h.pending.length);
    const out = h.pending.subarray(0, n);
    h.pending = h.pending.subarray(n);
    return out;
  }

  closeHandle(handle: number): boolean {
    const h = this.handles.get(handle);
    if (h === undefined) return false;
    this.handles.delete(handle);
    discard(h);
    return true;
  }

  /**
   * Aborts every fetch still running and releases every handle. An abort
   * with nothing to stop is skipped: it makes a DOMException and dispatches
   * an event, per request that fetched.
   */
  close(): void {
    if (this.inFlight > 0) this.abort?.abort();
    for (const h of this.handles.values()) discard(h);
    this.handles.clear();
  }
}

function discard(h: OpenResponse): void {
  if (h.ended) return;
  const cancel = h.reader !== undefined ? h.reader.cancel() : h.response.body?.cancel();
  cancel?.catch(() => undefined);
}

/** "name: value" lines (LF or CRLF) → pairs; undefined when a line is malformed. */
export function parseHeaderLines(text: string): [string, string][] | undefined {
  const out: [string, string][] = [];
  for (const line of text.split('\n')) {
    const l = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (l === '') continue;
    const colon = l.indexOf(':');
    if (colon <= 0) return undefined;
    out.push([l.slice(0, colon).trim(), l.slice(colon + 1).trim()]);
  }
  return out;
}
