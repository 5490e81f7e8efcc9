// The standalone server: one or more handlers mounted at path prefixes,
// /metrics for Prometheus, and optionally a worker process per core
// (node:cluster, the workers share the listening socket).
//
//   const s = await serve({ port: 8080, module: 'app.wasm', limits: { timeoutMs: 2000 } });
//   ... await s.close();
//
// Routing: GET /metrics is the server's; otherwise the longest mount prefix
// that equals the path or is followed by '/' picks the handler; no match is
// a 404. `module` alone is mounted at '/'.
//
// Invariants: with workers > 1 every worker builds the same handlers from
// the same options (module paths, not bytes), and each worker's /metrics
// describes that worker (the `worker` label says which). close() stops
// accepting, waits for requests in flight, then closes the engines (one per mount).
// Nothing in src/runtime, src/compiler, src/wasi imports this.

import cluster from 'node:cluster';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createHandler, type CorralHandler, type HandlerOptions } from './handler.js';
import { defaultLogger } from './log.js';
import { ServerMetrics } from './metrics.js';

/** The engine and guest settings every mounted handler shares (documented on HandlerOptions). */
type SharedHandlerOptions = Pick<HandlerOptions, 'limits' | 'outbound' | 'memoryMode' | 'maxInstances' | 'sliceMs' | 'logger' | 'coalesceResponses'>;

export interface ServeOptions extends SharedHandlerOptions {
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** The handler at '/'. */
  readonly module?: string | Uint8Array;
  /** More handlers: path prefix → module. */
  readonly mounts?: Readonly<Record<string, string | Uint8Array>>;
  /** Worker processes sharing the port (default 1: this process serves). */
  readonly workers?: number;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** Present when this process serves (workers <= 1). */
  readonly server: http.Server | undefined;
  readonly metrics: ServerMetrics | undefined;
  close(): Promise<void>;
}

/** The environment variable that carries the options to cluster workers. */
export const WORKER_OPTIONS_ENV = 'CORRAL_SERVE_OPTIONS';

export async function serve(options: ServeOptions): Promise<RunningServer> {
  const workers = options.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1) throw new RangeError('workers must be a positive integer');
  if (workers > 1) return serveWithWorkers(options, workers);
  return serveHere(options);
}

async function serveHere(options: ServeOptions): Promise<RunningServer> {
  const logger = options.logger ?? defaultLogger();
  const metrics = new ServerMetrics();
  if (cluster.isWorker) metrics.registry.setDefaultLabels({ worker: String(cluster.worker?.id ?? 0) });
  const mounts: [string, string | Uint8Array][] = Object.entries(options.mounts ?? {});
  if (options.module !== undefined) mounts.push(['/', options.module]);
  if (mounts.length === 0) throw new TypeError('serve: give a module or mounts');
  const handlers: [string, CorralHandler][] = [];
  try {
    for (const [prefix, module] of mounts) {
      const mount = prefix === '/' ? '' : prefix.replace(/\/+$/, '');
      if (mount !== '' && !mount.startsWith('/')) throw new TypeError(`serve: mount ${prefix} must start with '/'`);
      const h = await createHandler({
        module, mount, metrics, logger,
        ...(options.limits !== undefined ? { limits: options.limits } : {}),
        ...(options.outbound !== undefined ? { outbound: options.outbound } : {}),
        ...(options.memoryMode !== undefined ? { memoryMode: options.memoryMode } : {}),
        ...(options.maxInstances !== undefined ? { maxInstances: options.maxInstances } : {}),
        ...(options.sliceMs !== undefined ? { sliceMs: options.sliceMs } : {}),
        ...(options.coalesceResponses !== undefined ? { coalesceResponses: options.coalesceResponses } : {}),
      });
      handlers.push([mount, h]);
    }
  } catch (e) {
    for (const [, h] of handlers) h.close();
    throw e;
  }
  // Longest prefix first.
  handlers.sort((a, b) => b[0].length - a[0].length);

  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    if (path === '/metrics' && (req.method === 'GET' || req.method === 'HEAD')) {
      metrics.text().then(
        (text) => res.writeHead(200, { 'content-type': metrics.contentType }).end(text),
        (e: unknown) => {
          logger.error({ err: e }, 'metrics collection failed');
          res.writeHead(500).end();
        },
      );
      return;
    }
    // Indexed, and the prefix test without a template string: this runs for every request.
    for (let i = 0; i < handlers.length; i++) {
      const [mount, h] = handlers[i]!;
      if (mount === '' || path === mount || (path.startsWith(mount) && path.charCodeAt(mount.length) === 47 /* '/' */)) {
        h(req, res);
        return;
      }
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('404 Not Found\n');
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const url = `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}`;
  logger.info({ url, mounts: handlers.map(([m, h]) => ({ mount: m === '' ? '/' : m, interface: h.interface })) }, 'corral server listening');
  return {
    url,
    port: addr.port,
    server,
    metrics,
    close: () => new Promise<void>((resolve) => {
      server.close(() => {
        for (const [, h] of handlers) h.close();
        resolve();
      });
      server.closeIdleConnections();
    }),
  };
}

async function serveWithWorkers(options: ServeOptions, workers: number): Promise<RunningServer> {
  const modules = [options.module, ...Object.values(options.mounts ?? {})];
  if (modules.some((m) => m !== undefined && typeof m !== 'string')) throw new TypeError('serve: with workers, modules must be file paths');
  const { logger, ...plain } = options;
  void logger;
  const port = options.port ?? 8080;
  if (port === 0) throw new TypeError('serve: with workers, give a fixed port');
  cluster.setupPrimary({ exec: fileURLToPath(new URL('./cluster-worker.js', import.meta.url)) });
  const env = { [WORKER_OPTIONS_ENV]: JSON.stringify({ ...plain, workers: 1 }) };
  const forked = Array.from({ length: workers }, () => cluster.fork(env));
  await Promise.all(forked.map((w) => new Promise<void>((resolve, reject) => {
    w.once('listening', () => resolve());
    w.once('exit', (code) => reject(new Error(`serve: worker exited with status ${code} before listening`)));
  })));
  const host = options.host ?? '127.0.0.1';
  return {
    url: `http://${host}:${port}`,
    port,
    server: undefined,
    metrics: undefined,
    close: async () => {
      await Promise.all(forked.map((w) => new Promise<void>((resolve) => {
        if (w.isDead()) { resolve(); return; }
        w.once('exit', () => resolve());
        w.kill('SIGTERM');
      })));
    },
  };
}
