// A Fastify plugin that serves a route prefix with createHandler's request
// listener: every request under the prefix gets a fresh Corral instance.
//
//   import Fastify from 'fastify';
//   import { fastifyCorral } from 'corral/server';
//   const app = Fastify();
//   await app.register(fastifyCorral, { prefix: '/wasm', module: 'app.wasm', limits: { timeoutMs: 1000 } });
//
// The handler answers on Node's own request and response (Fastify's reply is
// hijacked), so it behaves exactly as in a node:http server: streaming,
// deadlines, 500/504 with request ids, metrics (`app.corral.metrics`).
// Fastify's body parsers are replaced, within the plugin's scope only, by one
// that leaves the body unread: the guest reads it (corral_http, or CGI's
// stdin) as it does under node:http.
//
// Invariants: the handler is created when the plugin registers (a module
// that cannot be served fails the registration) and closed with the Fastify
// instance (onClose). Fastify itself is not imported: the plugin works on the
// instance it is given, typed by the few methods it uses.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHandler, type CorralHandler, type HandlerOptions } from './handler.js';

/** The parts of a Fastify instance the plugin uses. */
export interface FastifyLike {
  readonly prefix: string;
  all(path: string, handler: (request: { readonly raw: IncomingMessage }, reply: { readonly raw: ServerResponse; hijack(): void }) => void): unknown;
  removeAllContentTypeParsers(): void;
  addContentTypeParser(type: string, parser: (request: unknown, payload: unknown, done: (err: Error | null, body?: unknown) => void) => void): void;
  addHook(name: 'onClose', hook: () => Promise<void> | void): unknown;
  decorate(name: string, value: unknown): unknown;
}

/** createHandler's options; the mount (CGI's SCRIPT_NAME, the metrics label) is the plugin's prefix. */
export type FastifyCorralOptions = Omit<HandlerOptions, 'mount'>;

/**
 * Register with `app.register(fastifyCorral, { prefix, module, ... })`; within
 * the plugin's scope `corral` is then the handler (metrics, stats). The
 * instance is taken as `unknown` so that any Fastify version's instance type
 * is accepted without a cast; it must have the methods of FastifyLike.
 */
export async function fastifyCorral(instance: unknown, options: FastifyCorralOptions): Promise<void> {
  const fastify = instance as FastifyLike;
  const handler: CorralHandler = await createHandler({ ...options, mount: fastify.prefix });
  fastify.addHook('onClose', () => handler.close());
  fastify.decorate('corral', handler);
  // The guest reads the body itself, from the raw request.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null));
  const route = (request: { readonly raw: IncomingMessage }, reply: { readonly raw: ServerResponse; hijack(): void }): void => {
    reply.hijack();
    handler(request.raw, reply.raw);
  };
  fastify.all('/', route);
  fastify.all('/*', route);
}
