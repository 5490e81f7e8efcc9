// The WASI preview1 errno numbers, and the mapping from Node's host error
// codes to them.
//
// Invariants: numbers are the preview1 ABI's (witx `errno`, u16); a host
// error we cannot name becomes EIO, never an exception seen by the guest.
// Pure data: imports nothing, anything in src/wasi/ may import it.

export const Errno = {
  SUCCESS: 0, TOOBIG: 1, ACCES: 2, ADDRINUSE: 3, ADDRNOTAVAIL: 4, AFNOSUPPORT: 5, AGAIN: 6, ALREADY: 7,
  BADF: 8, BADMSG: 9, BUSY: 10, CANCELED: 11, CHILD: 12, CONNABORTED: 13, CONNREFUSED: 14, CONNRESET: 15,
  DEADLK: 16, DESTADDRREQ: 17, DOM: 18, DQUOT: 19, EXIST: 20, FAULT: 21, FBIG: 22, HOSTUNREACH: 23,
  IDRM: 24, ILSEQ: 25, INPROGRESS: 26, INTR: 27, INVAL: 28, IO: 29, ISCONN: 30, ISDIR: 31, LOOP: 32,
  MFILE: 33, MLINK: 34, MSGSIZE: 35, MULTIHOP: 36, NAMETOOLONG: 37, NETDOWN: 38, NETRESET: 39,
  NETUNREACH: 40, NFILE: 41, NOBUFS: 42, NODEV: 43, NOENT: 44, NOEXEC: 45, NOLCK: 46, NOLINK: 47,
  NOMEM: 48, NOMSG: 49, NOPROTOOPT: 50, NOSPC: 51, NOSYS: 52, NOTCONN: 53, NOTDIR: 54, NOTEMPTY: 55,
  NOTRECOVERABLE: 56, NOTSOCK: 57, NOTSUP: 58, NOTTY: 59, NXIO: 60, OVERFLOW: 61, OWNERDEAD: 62,
  PERM: 63, PIPE: 64, PROTO: 65, PROTONOSUPPORT: 66, PROTOTYPE: 67, RANGE: 68, ROFS: 69, SPIPE: 70,
  SRCH: 71, STALE: 72, TIMEDOUT: 73, TXTBSY: 74, XDEV: 75, NOTCAPABLE: 76,
} as const;

export type ErrnoValue = (typeof Errno)[keyof typeof Errno];

/** A failure a host function reports to the guest as an errno (thrown inside src/wasi/ only). */
export class WasiError extends Error {
  constructor(readonly errno: ErrnoValue) {
    super(`wasi errno ${errno}`);
  }
}

// Node reports POSIX names ("ENOENT"); the preview1 names are the same minus
// the E, except E2BIG (TOOBIG) and EOPNOTSUPP (an alias of ENOTSUP on Linux).
const byHostCode = new Map<string, ErrnoValue>();
for (const [name, value] of Object.entries(Errno)) byHostCode.set('E' + name, value);
byHostCode.set('E2BIG', Errno.TOOBIG);
byHostCode.set('EOPNOTSUPP', Errno.NOTSUP);
byHostCode.set('EWOULDBLOCK', Errno.AGAIN);

/** The errno for anything a host operation threw. */
export function errnoOf(e: unknown): ErrnoValue {
  if (e instanceof WasiError) return e.errno;
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    const mapped = byHostCode.get(code);
    if (mapped !== undefined) return mapped;
    // Node's own argument checks (e.g. a path with a NUL byte).
    if (code.startsWith('ERR_INVALID_ARG') || code === 'ERR_OUT_OF_RANGE') return Errno.INVAL;
  }
  return Errno.IO;
}
