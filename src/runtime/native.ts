// The one TypeScript module that loads the native addon (native/corral.c) and
// gives it types. Everything else in src/runtime/ talks to native/ through here.
//
// Invariants: addresses, sizes and offsets are Numbers (user-space addresses are
// below 2^47, so exact). Hot calls (enter, resume) return a small integer
// RunStatus id and create no object; arguments and results travel through the
// guest's context (vmctx) area, viewed as typed arrays (see GuestArea).
// Failures throw NativeError with a stable `code`.
// Must not be imported by src/wasm/ or src/compiler/ (they know nothing of Node).

import { createRequire } from 'node:module';
import { AREA_OFFSET, AREA_SLOTS, NATIVE_ABI_VERSION, VMCTX, VMCTX_SIZE, type VmctxFieldName } from '../abi/vmctx.js';

/** Codes of the errors the addon throws (Error.code). */
export type NativeErrorCode =
  | 'ERR_CORRAL_ARGUMENT' // a bad argument: a bug in the caller
  | 'ERR_CORRAL_ADDRESS_SPACE' // the address-space budget (or mmap) refused
  | 'ERR_CORRAL_MAPPINGS' // the kernel-mapping budget (vm.max_map_count) refused
  | 'ERR_CORRAL_SYSCALL' // another syscall failed; the message has errno text
  | 'ERR_CORRAL_STATE' // the object is in the wrong state for this call
  | 'ERR_CORRAL_THREAD' // the guest belongs to another thread
  | 'ERR_CORRAL_HANDLERS'; // our fault handlers were replaced (process.on('SIGSEGV'))

export type NativeError = Error & { code: NativeErrorCode };

export function isNativeError(e: unknown, code?: NativeErrorCode): e is NativeError {
  if (!(e instanceof Error)) return false;
  const c: unknown = (e as Error & { code?: unknown }).code;
  return typeof c === 'string' && c.startsWith('ERR_CORRAL_') && (code === undefined || c === code);
}

declare const reservationBrand: unique symbol;
declare const codeBrand: unique symbol;
declare const guestBrand: unique symbol;
declare const imageBrand: unique symbol;
export type ReservationId = number & { readonly [reservationBrand]: true };
export type CodeId = number & { readonly [codeBrand]: true };
export type GuestId = number & { readonly [guestBrand]: true };
/** A module's memory image: a sealed memfd (imageCreate). */
export type ImageId = number & { readonly [imageBrand]: true };

export interface NativeStats {
  /** Upper bound on kernel mappings the addon holds. */
  readonly mappings: number;
  /** How many it may hold: vm.max_map_count minus headroom and others' mappings. */
  readonly mappingLimit: number;
  readonly reservedBytes: number;
  readonly addressLimit: number;
  readonly guests: number;
  /** Memory images (memfds) open. */
  readonly images: number;
}

/** The addon's exports; each function's C comment names the syscall it resembles. */
export interface NativeAddon {
  reserve(bytes: number, readWrite: boolean): ReservationId;
  protect(res: ReservationId, offset: number, length: number, prot: number): void;
  decommit(res: ReservationId, offset: number, length: number): void;
  /** SAFETY: detached by protect()/release() of its range on this thread. */
  view(res: ReservationId, offset: number, length: number): ArrayBuffer;
  /** Copies `bytes` to [offset, offset + length) of a read-write range (no JS view made). */
  write(res: ReservationId, offset: number, bytes: Uint8Array): void;
  /** Fills `into` from [offset, offset + into.length) of a read-write range (no JS view made). */
  read(res: ReservationId, offset: number, into: Uint8Array): void;
  /** Sets [offset, offset + length) of a read-write range to `byte`; the pages stay resident (unlike decommit). */
  fill(res: ReservationId, offset: number, length: number, byte: number): void;
  /** Detaches this thread's views lying within the range (a recycled slot's old buffers read nothing); wider views stay. */
  detachViews(res: ReservationId, offset: number, length: number): void;
  release(res: ReservationId): void;
  /** A sealed memfd holding `bytes` (page-rounded; all-zero pages left as holes). */
  imageCreate(bytes: Uint8Array): ImageId;
  /** Maps the image copy-on-write (MAP_PRIVATE|MAP_FIXED, read-write) at `offset`; up to two kernel mappings. */
  imageMap(res: ReservationId, offset: number, image: ImageId): void;
  /** Replaces the range with fresh anonymous zero pages of `prot` (drops an image and its private copies). */
  imageUnmap(res: ReservationId, offset: number, length: number, prot: number): void;
  /** Closes the memfd; mappings already made stay valid. */
  imageDestroy(image: ImageId): void;
  address(res: ReservationId): number;
  codeLoad(code: Uint8Array, trapOffsets: Uint32Array, trapCodes: Uint8Array): CodeId;
  codeAddress(code: CodeId): number;
  codeUnload(code: CodeId): void;
  guestCreate(stackBytes: number, guardPage: boolean): GuestId;
  /** SAFETY: detached by guestDestroy(). */
  guestContext(guest: GuestId): ArrayBuffer;
  /** Address of the guest's vmctx (what compiled code sees in r15). */
  guestAddress(guest: GuestId): number;
  guestBindMemory(guest: GuestId, res: ReservationId, offset: number, sizeBytes: number, maxBytes: number, guarded: boolean): void;
  /** Run `guest`'s instance on `runner`'s stack (direct cross-instance calls); attach(g, g) detaches. */
  guestAttach(guest: GuestId, runner: GuestId): void;
  guestDestroy(guest: GuestId): void;
  /**
   * Runs `target` through `entry` until the guest stops. `sliceMs` > 0 first
   * arms the interrupt deadline as interruptAfter would; the guest's return
   * with DONE or TRAP disarms it (a suspended run keeps it: end() does not).
   */
  enter(guest: GuestId, entry: number, target: number, sliceMs?: number): number;
  /** Continues a suspended guest; `sliceMs` as for enter (absent: the deadline stays as it is). */
  resume(guest: GuestId, sliceMs?: number): number;
  end(guest: GuestId): void;
  trimStack(guest: GuestId): void;
  backtrace(guest: GuestId): number[];
  interruptAfter(guest: GuestId, ms: number): void;
  handlersInstalled(): boolean;
  /** Make every thread's next enter re-verify the fault handlers (otherwise each thread rechecks at most every 100 ms). */
  recheckHandlers(): void;
  stats(): NativeStats;
  /** Test hook: a genuine host segfault (must kill the process). */
  testHostFault(): never;
  /** Test hook: sets the mapping budget (at most the kernel's); returns the previous one. */
  testSetMappingLimit(limit: number): number;
  /** The native ABI version the addon was built with (checked at load). */
  readonly abiVersion: number;
}

const require = createRequire(import.meta.url);

function load(): NativeAddon {
  // dist/src/runtime/native.js → <package>/build/Release/corral.node
  const path = new URL('../../../build/Release/corral.node', import.meta.url).pathname;
  let addon: NativeAddon;
  try {
    addon = require(path) as NativeAddon;
  } catch (e) {
    throw new Error(`corral: the native addon is not built (${path}); run \`npm ci\` or \`npm run install\``, { cause: e });
  }
  checkAbiVersion(addon.abiVersion, path);
  return addon;
}

/** Refuses an addon built for another helper and stack contract than the compiled code assumes (a stale build). */
export function checkAbiVersion(built: unknown, path: string): void {
  if (built !== NATIVE_ABI_VERSION) {
    throw new Error(`corral: the native addon (${path}) implements native ABI ${String(built)}, this runtime's compiled code needs ${NATIVE_ABI_VERSION}; rebuild it (\`npm run install\`)`);
  }
}

export const native: NativeAddon = load();

// process.on('SIGSEGV') and friends make libuv replace our fault handlers, and
// a guest fault would then re-execute forever. The listener is added right
// after 'newListener' returns, so the next enter on any thread sees the change
// and refuses with ERR_CORRAL_HANDLERS instead of running.
const FAULT_SIGNALS: ReadonlySet<string | symbol> = new Set(['SIGSEGV', 'SIGBUS', 'SIGILL', 'SIGFPE']);
process.on('newListener', (event: string | symbol) => {
  if (FAULT_SIGNALS.has(event)) native.recheckHandlers();
});

/**
 * Typed views of one guest's context: scalar fields by name, and the area's
 * raw 64-bit slots as integers and as floats (the same memory).
 */
export class GuestArea {
  readonly buffer: ArrayBuffer;
  readonly words: BigUint64Array;
  readonly i32: Int32Array;
  // The other views are made on first use: most guests never pass floats or
  // i64 through the area, and a pool of 100,000 guests feels every object.
  private i64View: BigInt64Array | undefined;
  private f64View: Float64Array | undefined;
  private f32View: Float32Array | undefined;
  /** Index of area slot 0 in `words`, `i64` and `f64`; slot k's low 32 bits are i32[2 * (areaIndex + k)]. */
  readonly areaIndex = AREA_OFFSET / 8;

  constructor(readonly guest: GuestId) {
    this.buffer = native.guestContext(guest);
    if (this.buffer.byteLength !== VMCTX_SIZE) throw new Error('guest context has the wrong size');
    this.words = new BigUint64Array(this.buffer);
    this.i32 = new Int32Array(this.buffer);
  }

  get i64(): BigInt64Array {
    return (this.i64View ??= new BigInt64Array(this.buffer));
  }

  get f64(): Float64Array {
    return (this.f64View ??= new Float64Array(this.buffer));
  }

  get f32(): Float32Array {
    return (this.f32View ??= new Float32Array(this.buffer));
  }

  /** A scalar vmctx field as raw 64 bits (not for hot paths: it makes a BigInt). */
  field(name: VmctxFieldName): bigint {
    return this.words[VMCTX[name] / 8]!;
  }

  setField(name: VmctxFieldName, value: bigint): void {
    this.words[VMCTX[name] / 8] = value;
  }

  /** Slot k of the area as a signed 64-bit integer. */
  slot(k: number): bigint {
    if (k < 0 || k >= AREA_SLOTS) throw new RangeError(`area slot ${k}`);
    return this.i64[this.areaIndex + k]!;
  }
}
