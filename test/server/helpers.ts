// Shared by the server tests: handler modules as .wat text (written to a
// temporary directory, since handlers take file paths), a loopback server
// around createHandler, and a plain HTTP client that returns status, headers
// and body. Nothing outside test/server imports this.

import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { createHandler, type CorralHandler, type HandlerOptions } from '../../src/server/index.js';

export const EXAMPLES = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../examples');

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'corral-server-test-'));
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
let fileCount = 0;

/** Writes .wat text to a temporary file and returns its path. */
export function watFile(text: string): string {
  const p = path.join(tmp, `handler-${fileCount++}.wat`);
  fs.writeFileSync(p, text);
  return p;
}

/** A pino logger whose JSON lines are kept in `lines`. */
export function captureLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString('utf8').split('\n')) if (l !== '') lines.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), lines };
}

export interface TestServer {
  readonly url: string;
  readonly handler: CorralHandler;
  close(): Promise<void>;
}

export async function startHandler(options: HandlerOptions): Promise<TestServer> {
  const handler = await createHandler(options);
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    handler,
    close: () => new Promise<void>((resolve) => {
      server.close(() => {
        handler.close();
        resolve();
      });
      server.closeAllConnections();
    }),
  };
}

export interface Reply {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  /** The body's bytes as received (for binary bodies). */
  readonly bytes: Buffer;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export function request(url: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: init.method ?? (init.body !== undefined ? 'POST' : 'GET'), headers: init.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: bytes.toString('utf8'), bytes });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** The corral_http imports the test handlers use, as .wat lines. */
export const HTTP_IMPORTS = `
  (import "corral_http" "request_url" (func $request_url (param i32 i32) (result i32)))
  (import "corral_http" "request_header" (func $request_header (param i32 i32 i32 i32) (result i32)))
  (import "corral_http" "request_body_read" (func $body_read (param i32 i32) (result i32)))
  (import "corral_http" "response_set_status" (func $set_status (param i32) (result i32)))
  (import "corral_http" "response_set_header" (func $set_header (param i32 i32 i32 i32) (result i32)))
  (import "corral_http" "response_add_header" (func $add_header (param i32 i32 i32 i32) (result i32)))
  (import "corral_http" "response_write" (func $write (param i32 i32) (result i32)))
  (import "corral_http" "log" (func $log (param i32 i32 i32) (result i32)))
`;
