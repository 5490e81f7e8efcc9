// `corral serve`: the command line of the standalone server. It parses the
// options, starts serve(), and resolves with an exit status when the server
// has been stopped (SIGINT / SIGTERM) or could not start.
//
// Invariants: never throws (usage problems → status 1 with a message,
// module problems → 2, other start failures → 70); resolves only after the
// server closed. Statuses follow src/cli/exit-codes.ts's table (copied as
// numbers here, since src/cli is another room). Imports serve.ts.

import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { serve, type ServeOptions } from './serve.js';
import { resolveLimits, type Limits } from './limits.js';

export const SERVE_HELP = `Usage: corral serve [app.wasm|app.wat] [options]

Serves HTTP with a fresh sandbox per request. A module that imports
corral_http is called through its "handle" export; a WASI command is run
CGI-style (request in the environment and on stdin, response on stdout).
GET /metrics answers Prometheus metrics.

Options:
  --port N                 listening port (default 8080)
  --host ADDR              listening address (default 127.0.0.1)
  --workers N              worker processes sharing the port (default 1)
  --mount /prefix=FILE     also serve FILE under /prefix (repeatable)
  --allow URL              allow outbound fetch to this URL prefix (repeatable)
  --timeout-ms N           request deadline (default 5000)
  --max-memory-pages N     linear memory cap in 64 KiB pages (default 256)
  --stack-bytes N          guest stack per instance (default 262144)
  --fuel N                 work budget per request (off by default)
  --slice-ms N             CPU time slice after which a guest yields (default 2)
  --max-body-bytes N       request body a handler may read (default 1048576)
  --memory checked|guarded memory mode (default checked)
  --no-coalesce            write each response at once instead of those of one
                           event-loop turn together at its end
  --examples               serve the bundled examples (see examples/README.md)
  -h, --help               this help
`;

const STATUS = { ok: 0, usage: 1, compile: 2, internal: 70 } as const;

/** The bundled examples, as `npm start` serves them. */
export function exampleMounts(): Record<string, string> {
  const dir = fileURLToPath(new URL('../../../examples/', import.meta.url));
  return { '/': `${dir}http-handler.wat`, '/cgi': `${dir}cgi-hello.wasm` };
}

export async function serveCommand(
  argv: readonly string[],
  out: NodeJS.WritableStream = process.stdout,
  err: (s: string) => void = (s) => { process.stderr.write(s); },
): Promise<number> {
  let options: ServeOptions;
  try {
    const parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        port: { type: 'string' }, host: { type: 'string' }, workers: { type: 'string' },
        mount: { type: 'string', multiple: true }, allow: { type: 'string', multiple: true },
        'timeout-ms': { type: 'string' }, 'max-memory-pages': { type: 'string' }, 'stack-bytes': { type: 'string' },
        fuel: { type: 'string' }, 'max-body-bytes': { type: 'string' }, memory: { type: 'string' }, 'slice-ms': { type: 'string' },
        'no-coalesce': { type: 'boolean' }, examples: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    });
    const v = parsed.values;
    if (v.help === true) {
      out.write(SERVE_HELP);
      return STATUS.ok;
    }
    if (parsed.positionals.length > 1) throw new UsageError(`one module at most (got ${parsed.positionals.join(', ')})`);
    const mounts: Record<string, string> = v.examples === true ? exampleMounts() : {};
    for (const m of v.mount ?? []) {
      const eq = m.indexOf('=');
      if (eq <= 0 || !m.startsWith('/')) throw new UsageError(`--mount wants /prefix=FILE (got ${m})`);
      mounts[m.slice(0, eq)] = m.slice(eq + 1);
    }
    const module = parsed.positionals[0];
    if (module === undefined && Object.keys(mounts).length === 0) throw new UsageError('give a module to serve (or --mount, --examples)');
    if (v.memory !== undefined && v.memory !== 'checked' && v.memory !== 'guarded') throw new UsageError(`--memory is checked or guarded (got ${v.memory})`);
    const limits: Limits = {
      ...opt('timeoutMs', v['timeout-ms'], '--timeout-ms'),
      ...opt('maxMemoryPages', v['max-memory-pages'], '--max-memory-pages'),
      ...opt('stackBytes', v['stack-bytes'], '--stack-bytes'),
      ...opt('fuel', v.fuel, '--fuel'),
      ...opt('maxRequestBodyBytes', v['max-body-bytes'], '--max-body-bytes'),
    };
    resolveLimits(limits);
    options = {
      ...(module !== undefined ? { module } : {}),
      mounts,
      port: v.port === undefined ? 8080 : int(v.port, '--port'),
      host: v.host ?? '127.0.0.1',
      workers: v.workers === undefined ? 1 : int(v.workers, '--workers'),
      limits,
      outbound: { allow: v.allow ?? [] },
      ...(v.memory !== undefined ? { memoryMode: v.memory as 'checked' | 'guarded' } : {}),
      ...(v['no-coalesce'] === true ? { coalesceResponses: false } : {}),
      ...(v['slice-ms'] !== undefined ? { sliceMs: positiveNumber(v['slice-ms'], '--slice-ms') } : {}),
    };
  } catch (e) {
    err(`corral serve: ${e instanceof Error ? e.message : String(e)}\n(see corral serve --help)\n`);
    return STATUS.usage;
  }
  let running;
  try {
    running = await serve(options);
  } catch (e) {
    const name = e instanceof Error ? e.name : '';
    err(`corral serve: ${e instanceof Error ? e.message : String(e)}\n`);
    if (name === 'CompileError' || name === 'Unsupported' || e instanceof TypeError || e instanceof RangeError) return STATUS.compile;
    return (e as { code?: unknown }).code === 'ENOENT' ? STATUS.usage : STATUS.internal;
  }
  out.write(`corral serve: listening on ${running.url} (metrics at ${running.url}/metrics); Ctrl-C stops\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      running.close().then(resolve, resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return STATUS.ok;
}

class UsageError extends Error {}

function int(s: string, flag: string): number {
  if (!/^\d+$/.test(s)) throw new UsageError(`${flag} wants a non-negative integer (got ${s})`);
  return Number(s);
}

function positiveNumber(s: string, flag: string): number {
  const n = Number(s);
  if (!/^\d+(\.\d+)?$/.test(s) || !(n > 0)) throw new UsageError(`${flag} wants a positive number (got ${s})`);
  return n;
}

function opt<K extends keyof Limits>(key: K, value: string | undefined, flag: string): Partial<Limits> {
  return value === undefined ? {} : { [key]: int(value, flag) };
}
