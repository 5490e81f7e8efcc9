// poll_oneoff: waits for clock subscriptions and fd readiness.
//
// Readiness: regular files are always ready (nbytes = bytes left after the
// offset for reads); stdin is ready when its source has data buffered or has
// ended (HANGUP), and waiting for it starts one read-ahead that the next
// fd_read consumes; stdout/stderr are always writable. A subscription whose
// fd is bad is reported at once with its errno. The wait itself is a timer
// and/or stdin's read-ahead, so the event loop runs meanwhile.
//
// Invariants: both arrays and the count pointer are checked before waiting;
// at least one event is returned; only events that happened are reported.
// Imports the context, clocks.ts, the fd table.

import fs from 'node:fs';
import { Clockid, Eventrwflags, Eventtype, Filetype, Layout, Right, Subclockflags } from '../constants.js';
import { OK, u32, viewOf, wrap, type HostFunction, type WasiContext } from '../context.js';
import { Errno, errnoOf } from '../errno.js';
import type { InputSource } from '../stdio.js';
import { now } from './clocks.js';

interface Ready {
  userdata: bigint;
  error: number;
  type: number;
  nbytes: bigint;
  flags: number;
}

type Sub =
  | { kind: 'clock'; userdata: bigint; deadline: bigint }
  | { kind: 'input'; userdata: bigint; source: InputSource }
  | { kind: 'now'; event: Ready };

export function pollFunctions(ctx: WasiContext): Record<string, HostFunction> {
  return {
    poll_oneoff: wrap(async (inPtr, outPtr, nsubs, neventsPtr) => {
      const n = u32(nsubs), pin = u32(inPtr), pout = u32(outPtr), pn = u32(neventsPtr);
      if (n === 0) return Errno.INVAL;
      const S = Layout.subscription;
      const m = viewOf(ctx);
      m.check(pin, n * S.size);
      m.check(pout, n * Layout.event.size);
      m.check(pn, 4);
      const subs: Sub[] = [];
      for (let i = 0; i < n; i++) {
        const at = pin + i * S.size;
        const userdata = m.u64(at + S.userdata);
        const tag = m.u8(at + S.tag);
        if (tag === Eventtype.CLOCK) {
          subs.push(await clockSub(userdata, m.u32(at + S.clockId), m.u64(at + S.clockTimeout), m.u16(at + S.clockFlags)));
        } else if (tag === Eventtype.FD_READ || tag === Eventtype.FD_WRITE) {
          subs.push(await fdSub(ctx, userdata, tag, m.u32(at + S.fd)));
        } else {
          return Errno.INVAL;
        }
      }
      for (;;) {
        const mono = process.hrtime.bigint();
        const events: Ready[] = [];
        let earliest: bigint | undefined;
        const waits: Promise<void>[] = [];
        for (const s of subs) {
          if (s.kind === 'now') events.push(s.event);
          else if (s.kind === 'clock') {
            if (s.deadline <= mono) events.push({ userdata: s.userdata, error: 0, type: Eventtype.CLOCK, nbytes: 0n, flags: 0 });
            else if (earliest === undefined || s.deadline < earliest) earliest = s.deadline;
          } else if (s.source.ready) {
            events.push({
              userdata: s.userdata, error: 0, type: Eventtype.FD_READ,
              nbytes: BigInt(s.source.buffered), flags: s.source.atEnd ? Eventrwflags.HANGUP : 0,
            });
          } else {
            waits.push(s.source.waitReady());
          }
        }
        if (events.length > 0) {
          const out = viewOf(ctx);
          events.forEach((e, i) => writeEvent(out, pout + i * Layout.event.size, e));
          out.setU32(pn, events.length);
          return OK;
        }
        let timer: NodeJS.Timeout | undefined;
        if (earliest !== undefined) {
          const ms = Number((earliest - mono + 999_999n) / 1_000_000n);
          waits.push(new Promise<void>((resolve) => { timer = setTimeout(resolve, ms); }));
        }
        await Promise.race(waits);
        if (timer !== undefined) clearTimeout(timer);
      }
    }),
  };
}

async function clockSub(userdata: bigint, id: number, timeout: bigint, flags: number): Promise<Sub> {
  let current: bigint;
  try {
    current = now(id);
  } catch (e) {
    return { kind: 'now', event: { userdata, error: errnoOf(e), type: Eventtype.CLOCK, nbytes: 0n, flags: 0 } };
  }
  const mono = id === Clockid.MONOTONIC ? current : process.hrtime.bigint();
  const wait = (flags & Subclockflags.ABSTIME) !== 0 ? timeout - current : timeout;
  return { kind: 'clock', userdata, deadline: mono + (wait > 0n ? wait : 0n) };
}

async function fdSub(ctx: WasiContext, userdata: bigint, type: number, fd: number): Promise<Sub> {
  const ready = (error: number, nbytes = 0n, flags = 0): Sub => ({ kind: 'now', event: { userdata, error, type, nbytes, flags } });
  let e;
  try {
    e = ctx.fds.get(fd, Right.POLL_FD_READWRITE);
  } catch (err) {
    return ready(errnoOf(err));
  }
  if (type === Eventtype.FD_READ) {
    if (e.kind === 'input') {
      // A regular file never blocks: read ahead now, so it reports ready like any other file.
      if (e.source.filetype === Filetype.REGULAR_FILE) await e.source.waitReady();
      return { kind: 'input', userdata, source: e.source };
    }
    if (e.kind === 'file') {
      const size = await new Promise<bigint>((res) => fs.fstat(e.hostFd, { bigint: true }, (err, st) => res(err ? 0n : st.size)));
      return ready(0, size > e.position ? size - e.position : 0n);
    }
    return ready(Errno.BADF);
  }
  if (e.kind === 'output' || e.kind === 'file') return ready(0);
  return ready(Errno.BADF);
}

function writeEvent(m: ReturnType<typeof viewOf>, at: number, e: Ready): void {
  const E = Layout.event;
  m.zero(at, E.size);
  m.setU64(at + E.userdata, e.userdata);
  m.setU16(at + E.error, e.error);
  m.setU8(at + E.type, e.type);
  m.setU64(at + E.nbytes, e.nbytes);
  m.setU16(at + E.flags, e.flags);
}
