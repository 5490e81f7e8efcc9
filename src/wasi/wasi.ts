// The Wasi object: one guest's WASI preview1 world (args, env, pre-opened
// directories, stdio) and the import object that gives a module access to it.
//
//   const wasi = new Wasi({ args, env, preopens: { '/guest': '/host/dir' }, stdin, stdout, stderr });
//   const instance = await engine.instantiate(module, wasi.imports);
//   const exitCode = await wasi.start(instance);
//
// Invariants: a Wasi serves one instance and starts once; the memory is the
// instance's exported `memory`, bound by start()/initialize() (before that,
// every pointer is EFAULT); proc_exit ends start() with the code (or, with
// returnOnExit: false, ends the process as node:wasi does); every host fd the
// guest opened is closed when start() settles or dispose() is called.
// Nothing in src/runtime or src/compiler may import src/wasi.

import fs from 'node:fs';
import { RIGHTS_DIRECTORY, RIGHTS_DIRECTORY_INHERITING, Right, Filetype } from './constants.js';
import type { HostFunction, WasiContext } from './context.js';
import { WasiExit } from './exit.js';
import { FdTable } from './fd-table.js';
import { encodeUtf8, isGuestMemory, type GuestMemory } from './guest-memory.js';
import { argsEnvFunctions } from './functions/args-env.js';
import { clockFunctions } from './functions/clocks.js';
import { fdFunctions } from './functions/fd.js';
import { pathFunctions } from './functions/path.js';
import { pollFunctions } from './functions/poll.js';
import { procFunctions } from './functions/proc.js';
import { randomFunctions } from './functions/random.js';
import { sockFunctions } from './functions/sock.js';
import { InputSource, OutputSink, type InputOption, type OutputOption } from './stdio.js';

export interface WasiOptions {
  /** argv, including argv[0]. */
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Guest path → host directory. Each becomes a directory fd from 3 on, in this order. */
  readonly preopens?: Readonly<Record<string, string>>;
  /** A host fd (borrowed, as node:wasi takes it), a Node stream, or fixed bytes. Default: fd 0. */
  readonly stdin?: InputOption;
  /** A host fd or a Node writable stream. Defaults: fds 1 and 2. */
  readonly stdout?: OutputOption;
  readonly stderr?: OutputOption;
  /** Default true: proc_exit ends start() with the code. false: it ends the process. */
  readonly returnOnExit?: boolean;
}

/** What start()/initialize() need of an instance (Corral's Instance has it). */
export interface WasiInstance {
  readonly exports: Readonly<Record<string, unknown>>;
}

export type WasiImports = { wasi_snapshot_preview1: Record<string, HostFunction> };

const STREAM_COMMON = Right.FD_FDSTAT_SET_FLAGS | Right.FD_FILESTAT_GET | Right.POLL_FD_READWRITE;

export class Wasi {
  readonly imports: WasiImports;
  private readonly ctx: WasiContext;
  private readonly returnOnExit: boolean;
  private started = false;

  constructor(options: WasiOptions = {}) {
    const fds = new FdTable();
    const stdin = InputSource.from(options.stdin ?? 0);
    fds.set(0, { kind: 'input', source: stdin, filetype: stdin.filetype, fdflags: 0, rightsBase: Right.FD_READ | STREAM_COMMON, rightsInheriting: 0n });
    [options.stdout ?? 1, options.stderr ?? 2].forEach((opt, i) => {
      const sink = OutputSink.from(opt);
      fds.set(i + 1, { kind: 'output', sink, filetype: sink.filetype, fdflags: 0, rightsBase: Right.FD_WRITE | STREAM_COMMON, rightsInheriting: 0n });
    });
    let next = 3;
    for (const [guestPath, hostPath] of Object.entries(options.preopens ?? {})) {
      const real = fs.realpathSync(hostPath);
      if (!fs.statSync(real).isDirectory()) throw new TypeError(`Wasi: pre-open ${hostPath} is not a directory`);
      fds.set(next++, {
        kind: 'dir', hostPath: real, root: real, preopenName: guestPath, listing: undefined, filetype: Filetype.DIRECTORY,
        fdflags: 0, rightsBase: RIGHTS_DIRECTORY, rightsInheriting: RIGHTS_DIRECTORY_INHERITING,
      });
    }
    const env = Object.entries(options.env ?? {}).map(([k, v]) => encodeUtf8(`${k}=${v}`));
    this.ctx = { fds, args: (options.args ?? []).map(encodeUtf8), env, memory: undefined };
    this.returnOnExit = options.returnOnExit ?? true;
    this.imports = {
      wasi_snapshot_preview1: {
        ...argsEnvFunctions(this.ctx),
        ...clockFunctions(this.ctx),
        ...randomFunctions(this.ctx),
        ...fdFunctions(this.ctx),
        ...pathFunctions(this.ctx),
        ...pollFunctions(this.ctx),
        ...procFunctions(),
        ...sockFunctions(this.ctx),
      },
    };
  }

  getImportObject(): WasiImports {
    return this.imports;
  }

  /** Binds a memory directly (for hosts that call the functions without start/initialize). */
  bindMemory(memory: GuestMemory): void {
    this.ctx.memory = memory;
  }

  /** Runs a command's `_start`; resolves to its exit code (0 when `_start` returns). */
  async start(instance: WasiInstance): Promise<number> {
    const entry = this.claim(instance, '_start');
    try {
      await entry();
      return 0;
    } catch (e) {
      if (!(e instanceof WasiExit)) throw e;
      if (!this.returnOnExit) process.exit(e.code);
      return e.code;
    } finally {
      this.dispose();
    }
  }

  /** Prepares a reactor: binds its memory and runs `_initialize` if it exports one. */
  async initialize(instance: WasiInstance): Promise<void> {
    const init = this.claim(instance, '_initialize', true);
    await init();
  }

  /** Closes every host fd the guest opened. */
  dispose(): void {
    this.ctx.fds.closeAll();
  }

  private claim(instance: WasiInstance, name: string, optional = false): () => Promise<unknown> {
    if (this.started) throw new Error('Wasi: this Wasi object has already started an instance');
    const memory = instance.exports['memory'];
    if (!isGuestMemory(memory)) {
      throw new TypeError('Wasi: the instance must export its memory as "memory"');
    }
    const fn = instance.exports[name];
    if (typeof fn !== 'function') {
      if (optional && fn === undefined) {
        this.started = true;
        this.ctx.memory = memory;
        return async () => undefined;
      }
      throw new TypeError(`Wasi: the instance does not export a function "${name}"`);
    }
    this.started = true;
    this.ctx.memory = memory;
    return fn as () => Promise<unknown>;
  }
}
