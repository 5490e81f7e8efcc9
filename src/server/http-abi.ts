// The `corral_http` host API: the contract between a handler module and the
// server, written down once. http-host.ts implements exactly this table; the
// example handlers and the tests are written against it.
//
// A handler module imports any of the functions below from module
// "corral_http", exports its linear memory as "memory" and a function
// `handle: [] -> []`, which the server calls once per request on a fresh
// instance. When `handle` returns, the response is finished (sent with the
// status and headers set so far if nothing was written).
//
// Conventions (every function):
// - Every parameter and result is an i32. Pointers and lengths are unsigned
//   32-bit (ptr, len) pairs into the handler's exported memory; every range is
//   checked against the memory's size at the moment of the call, and a range
//   outside it answers ERR_BAD_POINTER (nothing is read or written).
// - A result >= 0 is success (a length, a count or a handle); < 0 is one of
//   the ERROR codes below. No function traps the guest on a bad argument.
// - "Copy-out" functions (buf, cap) write min(cap, n) bytes of an n-byte value
//   and return n, so a guest may call with cap 0 to learn the size (as
//   snprintf does). Strings are UTF-8; header names are lowercase on output.
// - Header lists are "name: value\n" lines (CRLF accepted on input).
// - Functions marked async suspend the guest while the host waits (reading the
//   request body, flushing a response chunk, an outbound fetch); from the
//   guest's side they are ordinary calls.
//
// Invariants: append only (a handler built against an older table keeps
// working); error codes never change meaning. Nothing under src/runtime,
// src/compiler or src/wasi imports this.

export const HTTP_MODULE = 'corral_http';
export const HANDLER_EXPORT = 'handle';

export const HttpError = {
  /** A (ptr, len) range lies outside linear memory, or the module exports no memory. */
  BAD_POINTER: -1,
  /** A malformed argument: header name or value with forbidden bytes, status outside 200..999, bad method or URL, invalid UTF-8. */
  INVALID: -2,
  /** No such header. */
  NOT_FOUND: -3,
  /** Too late: the response head was already sent (status/headers), or the response is finished. */
  STATE: -4,
  /** The outbound destination is not on the allow-list. */
  DENIED: -5,
  /** No such fetch handle (never issued, or closed). */
  BAD_HANDLE: -6,
  /** The outbound request failed (connection, DNS, timeout, malformed response). */
  FETCH_FAILED: -7,
  /** A configured limit was reached: request body size, outbound requests per request. */
  LIMIT: -8,
} as const;
export type HttpErrorCode = (typeof HttpError)[keyof typeof HttpError];

/** Log levels accepted by `log`. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

export interface HttpFunctionSpec {
  /** Parameter names, in order; all i32. */
  readonly params: readonly string[];
  /** True when the host may suspend the guest while it waits. */
  readonly async: boolean;
  readonly doc: string;
}

/** Every function of the module, its parameters (all i32) and meaning. Each returns one i32. */
export const HTTP_FUNCTIONS = {
  request_method: { params: ['buf', 'cap'], async: false, doc: 'copy-out: the request method ("GET")' },
  request_url: { params: ['buf', 'cap'], async: false, doc: 'copy-out: the request target as received (path and query, "/a/b?x=1")' },
  request_header: { params: ['name', 'name_len', 'buf', 'cap'], async: false, doc: 'copy-out: one header value (case-insensitive name; repeats joined by ", "), or NOT_FOUND' },
  request_headers: { params: ['buf', 'cap'], async: false, doc: 'copy-out: every request header as "name: value\\n" lines' },
  request_body_read: { params: ['buf', 'cap'], async: true, doc: 'reads up to cap bytes of the request body; returns the count, 0 at the end; LIMIT past the configured maximum' },
  response_set_status: { params: ['status'], async: false, doc: 'sets the status (200..999; informational responses are the server’s); STATE once the head is sent' },
  response_set_header: { params: ['name', 'name_len', 'value', 'value_len'], async: false, doc: 'sets a response header, replacing earlier values; STATE once the head is sent' },
  response_add_header: { params: ['name', 'name_len', 'value', 'value_len'], async: false, doc: 'adds a response header value (for repeated headers such as set-cookie)' },
  response_write: { params: ['buf', 'len'], async: true, doc: 'sends the head on first use, then streams len bytes of body; returns len once the chunk is accepted (back-pressure suspends the guest)' },
  fetch: {
    params: ['method', 'method_len', 'url', 'url_len', 'headers', 'headers_len', 'body', 'body_len'],
    async: true,
    doc: 'outbound request to an allowed URL (http or https; redirects are not followed); resolves when the response head arrives; returns a handle > 0, DENIED, INVALID, LIMIT or FETCH_FAILED',
  },
  fetch_status: { params: ['handle'], async: false, doc: 'the outbound response status' },
  fetch_header: { params: ['handle', 'name', 'name_len', 'buf', 'cap'], async: false, doc: 'copy-out: one outbound response header, or NOT_FOUND' },
  fetch_body_read: { params: ['handle', 'buf', 'cap'], async: true, doc: 'reads up to cap bytes of the outbound response body; 0 at the end' },
  fetch_close: { params: ['handle'], async: false, doc: 'releases a handle (and cancels an unread body)' },
  log: { params: ['level', 'msg', 'msg_len'], async: false, doc: 'a line in the server log with the request id; level 0 debug, 1 info, 2 warn, 3 error' },
} as const satisfies Record<string, HttpFunctionSpec>;

export type HttpFunctionName = keyof typeof HTTP_FUNCTIONS;

export function isHttpFunctionName(name: string): name is HttpFunctionName {
  return Object.prototype.hasOwnProperty.call(HTTP_FUNCTIONS, name);
}
