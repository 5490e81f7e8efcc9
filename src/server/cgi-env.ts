// The CGI/1.1 request meta-variables (RFC 3875 §4.1) for a WASI command
// handler, as WAGI passes them: the request line and headers become
// environment variables, the body goes to stdin.
//
// Invariants: PATH_INFO is the percent-decoded path below SCRIPT_NAME (the
// mount point); QUERY_STRING is the raw query without '?'; every request
// header becomes HTTP_<NAME> (uppercase, '-' → '_') except Content-Type and
// Content-Length (they have their own variables) and Proxy, which would
// become HTTP_PROXY and redirect a guest's outbound proxy ("httpoxy").
// Imports nothing.

import type { IncomingMessage } from 'node:http';

export interface CgiSite {
  /** The mount point the handler serves (SCRIPT_NAME), "" for the root. */
  readonly scriptName: string;
}

export function cgiEnvironment(req: IncomingMessage, site: CgiSite): Record<string, string> {
  const target = req.url ?? '/';
  const q = target.indexOf('?');
  const rawPath = q < 0 ? target : target.slice(0, q);
  const query = q < 0 ? '' : target.slice(q + 1);
  const below = rawPath.startsWith(site.scriptName) ? rawPath.slice(site.scriptName.length) : rawPath;
  const host = req.headers.host ?? '';
  const sock = req.socket;
  const env: Record<string, string> = {
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_SOFTWARE: 'corral',
    SERVER_PROTOCOL: `HTTP/${req.httpVersion}`,
    SERVER_NAME: hostName(host) || (sock.localAddress ?? ''),
    SERVER_PORT: String(sock.localPort ?? ''),
    REMOTE_ADDR: sock.remoteAddress ?? '',
    REMOTE_PORT: String(sock.remotePort ?? ''),
    REQUEST_METHOD: req.method ?? 'GET',
    REQUEST_URI: target,
    SCRIPT_NAME: site.scriptName,
    PATH_INFO: decodePath(below),
    QUERY_STRING: query,
  };
  const type = req.headers['content-type'];
  if (type !== undefined) env['CONTENT_TYPE'] = type;
  const length = req.headers['content-length'];
  if (length !== undefined) env['CONTENT_LENGTH'] = length;
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'content-type' || name === 'content-length' || name === 'proxy') continue;
    const key = `HTTP_${name.toUpperCase().replace(/-/g, '_')}`;
    env[key] = Array.isArray(value) ? value.join(name === 'cookie' ? '; ' : ', ') : value;
  }
  return env;
}

function hostName(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.indexOf(':');
  return colon < 0 ? host : host.slice(0, colon);
}

/** Percent-decoding of a path; a malformed escape is kept as written. */
function decodePath(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}
