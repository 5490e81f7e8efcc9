// createHandler: a `node:http` request listener that serves every request
// with a fresh Corral instance of one module.
//
//   const handler = await createHandler({ module: 'app.wasm', limits: { timeoutMs: 1000 } });
//   http.createServer(handler).listen(8080);
//
// Per request: a RequestContext (id, deadline, response state), a fresh
// instance from the engine's pool, a run through the module's interface
// (corral_http when it imports that module, else CGI for a WASI command),
// then instance.release(). When the request ends early (deadline, client
// gone) the instance is killed at once, in whatever state it is. A failure
// becomes a response from failure.ts, a log line with the trap and its
// backtrace, and a metric; nothing escapes to Node.
//
// Invariants: the listener never throws and never leaves a promise
// rejection unhandled; every instance is released exactly once, after its
// call settled (so `live` counts exactly the instances that may still run);
// the module is compiled and checked once, at creation (unknown imports,
// missing exports), never per request. Must not be imported by src/runtime,
// src/compiler, src/wasi.

import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename } from 'node:path';
import type { Logger } from 'pino';
import { Engine, Instance, type Module } from '../index.js';
import { classifyFailure } from './failure.js';
import { Deadlines } from './deadlines.js';
import { HANDLER_EXPORT, HTTP_MODULE, isHttpFunctionName, type HttpFunctionName } from './http-abi.js';
import { resolveLimits, type Limits } from './limits.js';
import { defaultLogger } from './log.js';
import { ServerMetrics, type InstanceCounts } from './metrics.js';
import { AllowList } from './outbound.js';
import { RequestContext, type RequestSettings } from './request-context.js';
import { newRequestId } from './request-id.js';
import { cgiRun } from './run-cgi.js';
import { HttpRuns } from './run-http.js';
import type { GuestRun } from './guest-run.js';

const WASI_MODULE = 'wasi_snapshot_preview1';
/** The server's default time slice (HandlerOptions.sliceMs). */
const SERVER_SLICE_MS = 2;
/** Every instance is released in done() (finally): the runtime need not watch for its collection. */
const RELEASED_BY_US = { releasedByCaller: true } as const;

export interface HandlerOptions {
  /** A .wasm or .wat file path, or module bytes (binary). */
  readonly module: string | Uint8Array;
  readonly limits?: Limits;
  /** Outbound fetch destinations (URL prefixes); nothing is allowed when absent. */
  readonly outbound?: { readonly allow?: readonly string[] };
  /** Default 'checked' (small reservations: thousands of concurrent sandboxes). */
  readonly memoryMode?: 'checked' | 'guarded';
  /** Sandboxes alive at once (the engine's pool size); one more request is answered 503. Default: the engine's (100,000 checked, 10,000 guarded). */
  readonly maxInstances?: number;
  /**
   * CPU time slice, ms: a guest running longer yields to the event loop.
   * Default 2 (the engine's default is 10): every new request's guest runs
   * its first slice while the event loop serves the turn's other requests,
   * so the slice bounds what a runaway handler costs them. Measured with 10%
   * of requests looping forever (`node dist/bench/server.js`): good requests'
   * p99 24 ms with 2 ms slices against 71-78 ms with 10 ms ones, and 2.4x
   * the requests/s.
   */
  readonly sliceMs?: number;
  /**
   * Responses finished in one event-loop turn are written together at its
   * end (before any guest's next slice), so a client on the same machine (a
   * load generator, a reverse proxy) is woken once per turn rather than once
   * per response; each response then waits for the rest of the turn's
   * requests. Default true; false writes each response as soon as it is
   * finished.
   */
  readonly coalesceResponses?: boolean;
  /** The path prefix this handler is mounted at: CGI's SCRIPT_NAME and the metrics label. Default "". */
  readonly mount?: string;
  readonly logger?: Logger;
  readonly metrics?: ServerMetrics;
}

export type HandlerInterface = 'cgi' | 'http';

export interface CorralHandler {
  (req: IncomingMessage, res: ServerResponse): void;
  readonly interface: HandlerInterface;
  readonly metrics: ServerMetrics;
  /** Instance counts right now. */
  stats(): InstanceCounts;
  /** Closes the engine; requests still running fail. */
  close(): void;
}

export async function createHandler(options: HandlerOptions): Promise<CorralHandler> {
  const limits = resolveLimits(options.limits);
  const allow = new AllowList(options.outbound?.allow ?? []);
  const logger = options.logger ?? defaultLogger();
  const metrics = options.metrics ?? new ServerMetrics();
  const mount = normaliseMount(options.mount ?? '');
  const source = await loadSource(options.module);
  const engine = new Engine({
    memoryMode: options.memoryMode ?? 'checked',
    maxMemoryPages: limits.maxMemoryPages,
    stackBytes: limits.stackBytes,
    timeoutMs: limits.timeoutMs,
    ...(limits.fuel !== undefined ? { fuel: limits.fuel } : {}),
    ...(options.maxInstances !== undefined ? { maxInstances: options.maxInstances } : {}),
    // The server's imports (corral_http, WASI) never call back into an instance: no need to follow their awaits,
    // whose promise hooks would tax every Promise of the process (~12% of the CPU of a server whose handlers fetch).
    asyncReentryCheck: false,
    sliceMs: options.sliceMs ?? SERVER_SLICE_MS,
  });
  let module: Module;
  let kind: { interface: HandlerInterface; withWasi: boolean };
  try {
    module = await engine.compile(source);
    kind = interfaceOf(module);
  } catch (e) {
    engine.close();
    throw e;
  }
  let live = 0;
  const counts = (): InstanceCounts => ({ live, pooled: engine.liveInstances });
  const mountMetrics = metrics.forMount(mount === '' ? '/' : mount);
  const deadlines = new Deadlines(limits.timeoutMs);
  const settings: RequestSettings = {
    limits, allow, logger, deadlines, coalesceResponses: options.coalesceResponses ?? true,
    closed: (ctx) => mountMetrics.response(ctx.res.statusCode, (performance.now() - ctx.started) / 1000),
  };
  const httpRuns = kind.interface === 'http' ? new HttpRuns(kind.withWasi, importedHttpFunctions(module)) : undefined;
  const untrack = metrics.track(counts);

  /**
   * One request, synchronous as long as it can be: a ready shell serves the
   * instantiation and a handler whose host calls all answer at once runs to
   * its end here, with no Promise and no microtask turn; the first wait
   * hands the rest to serveLater. Settles exactly as an async function
   * with try/catch/finally around both would.
   */
  const serve = (req: IncomingMessage, res: ServerResponse): void | Promise<void> => {
    const ctx = new RequestContext(newRequestId(), req, res, settings, performance.now());
    const run: GuestRun = httpRuns !== undefined ? httpRuns.take(ctx) : cgiRun(ctx, mount, limits.maxResponseHeadBytes);
    let instance: Instance | undefined;
    let later: Promise<void> | undefined;
    live++;
    try {
      try {
        const made = Instance.instantiateNow(engine, module, run.imports, RELEASED_BY_US);
        if (made instanceof Promise) return (later = serveLater(ctx, run, made, undefined));
        instance = made;
        started(ctx, instance);
        let ran;
        ctx.response.inSyncRun();
        try {
          ran = run.run(instance);
        } finally {
          ctx.response.endSyncRun();
        }
        if (ran !== undefined) return (later = serveLater(ctx, run, undefined, { instance, ran }));
        if (ctx.end !== 'running') fail(ctx, undefined);
      } catch (e) {
        fail(ctx, e);
      }
    } finally {
      if (later === undefined) {
        done(ctx, instance);
        run.recycle?.();
      }
    }
  };

  /** The rest of serve once it had to wait: for the instance (`making`) or for the run (`running`). */
  const serveLater = async (ctx: RequestContext, run: GuestRun, making: Promise<Instance> | undefined, running: { instance: Instance; ran: Promise<void> } | undefined): Promise<void> => {
    ctx.watch(); // before the first await: the deadline and a closing client matter from now on
    let instance = running?.instance;
    try {
      if (making !== undefined) {
        instance = await making;
        started(ctx, instance);
        await run.run(instance);
      } else {
        await running!.ran;
      }
      if (ctx.end !== 'running') fail(ctx, undefined);
    } catch (e) {
      fail(ctx, e);
    } finally {
      done(ctx, instance);
    }
  };

  /** The request's instance was made: its instantiation time (since the request came) goes to the metrics. */
  const started = (ctx: RequestContext, instance: Instance): void => {
    mountMetrics.instantiated((performance.now() - ctx.started) / 1000);
    ctx.killOnOver(instance);
  };

  const done = (ctx: RequestContext, instance: Instance | undefined): void => {
    ctx.dispose();
    instance?.release();
    live--;
  };

  const fail = (ctx: RequestContext, e: unknown) => {
    const f = classifyFailure(e, ctx.end);
    mountMetrics.trap(f.code);
    if (f.code === 'client_gone') {
      ctx.log.info('client went away before the response was finished');
      return;
    }
    ctx.response.fail(f.status, f.reason);
    const trap = f.frames !== undefined && e instanceof Error ? { message: e.message, frames: f.frames, stack: e.stack } : undefined;
    ctx.log.error({ code: f.code, status: f.status, url: ctx.req.url, ...(trap !== undefined ? { trap } : { err: e }) }, 'handler failed');
  };

  // A bug in the server itself: answer if we still can, never crash.
  const internalError = (res: ServerResponse, e: unknown): void => {
    logger.error({ err: e }, 'corral server: internal error');
    if (!res.headersSent) res.writeHead(500).end();
    else res.destroy();
  };
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    let later;
    try {
      later = serve(req, res);
    } catch (e) {
      internalError(res, e);
      return;
    }
    later?.catch((e: unknown) => internalError(res, e));
  };
  return Object.assign(listener, {
    interface: kind.interface,
    metrics,
    stats: counts,
    close: () => {
      untrack();
      deadlines.close();
      engine.close();
    },
  });
}

async function loadSource(m: string | Uint8Array): Promise<Uint8Array | string> {
  if (typeof m !== 'string') return m;
  const bytes = await readFile(m);
  return m.endsWith('.wat') ? bytes.toString('utf8') : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** The corral_http functions `module` imports (the only ones made per request). */
function importedHttpFunctions(module: Module): HttpFunctionName[] {
  const names = new Set<HttpFunctionName>();
  for (const i of module.imports()) if (i.module === HTTP_MODULE && isHttpFunctionName(i.name)) names.add(i.name);
  return [...names];
}

/** Which guest interface the module speaks; throws when the server cannot serve it. */
export function interfaceOf(module: Module): { interface: HandlerInterface; withWasi: boolean } {
  let http = false, wasi = false;
  for (const i of module.imports()) {
    if (i.module === HTTP_MODULE && i.kind === 'function' && isHttpFunctionName(i.name)) http = true;
    else if (i.module === WASI_MODULE && i.kind === 'function') wasi = true;
    else throw new TypeError(`handler imports ${i.module}.${i.name} (${i.kind}), which the server does not provide`);
  }
  const exports = new Map(module.exports().map((e) => [e.name, e.kind]));
  if (exports.get('memory') !== 'memory') throw new TypeError('handler must export its memory as "memory"');
  if (http) {
    if (exports.get(HANDLER_EXPORT) !== 'function') throw new TypeError(`a ${HTTP_MODULE} handler must export a function "${HANDLER_EXPORT}"`);
    return { interface: 'http', withWasi: wasi };
  }
  if (exports.get('_start') !== 'function') {
    throw new TypeError(`handler must import ${HTTP_MODULE} and export "${HANDLER_EXPORT}", or be a WASI command exporting "_start" (CGI)`);
  }
  return { interface: 'cgi', withWasi: true };
}

function normaliseMount(m: string): string {
  if (m === '' || m === '/') return '';
  const withSlash = m.startsWith('/') ? m : `/${m}`;
  return withSlash.endsWith('/') ? withSlash.slice(0, -1) : withSlash;
}

/** A name for logs and the default mount of a module given by path. */
export function moduleName(m: string | Uint8Array): string {
  return typeof m === 'string' ? basename(m) : '<bytes>';
}
