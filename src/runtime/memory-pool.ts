// Checked-mode linear memories: slots carved from a few large read-write,
// lazily committed reservations, so a hundred thousand memories cost a
// handful of kernel mappings instead of one each (vm.max_map_count is 65,530
// by default). Every access in checked mode is bounds-checked against
// memory_size, so no protection is needed between slots.
//
// Invariants: a slot is [offset, offset + bytes) of one reservation, 64 KiB
// aligned, never shared, and reads as zero when handed out (slots are not
// reused yet: they are returned with the engine's reservations at close).
// Only src/runtime/ imports this.

import { WASM_PAGE } from '../abi/vmctx.js';
import type { ReservationId } from './native.js';

/** Address space per pool reservation (lazily committed: only touched pages cost memory). */
const CHUNK_BYTES = 64 * 1024 * 1024 * 1024;

export interface PoolSlot {
  readonly res: ReservationId;
  readonly offset: number;
}

export class CheckedMemoryPool {
  private current: { res: ReservationId; top: number } | undefined;

  constructor(private readonly reserve: (bytes: number) => ReservationId) {}

  /** A zeroed slot of at least `bytes` bytes (at least one page). */
  allocate(bytes: number): PoolSlot {
    const size = Math.max(WASM_PAGE, Math.ceil(bytes / WASM_PAGE) * WASM_PAGE);
    if (size > CHUNK_BYTES / 4) return { res: this.reserve(size), offset: 0 };
    if (this.current === undefined || this.current.top + size > CHUNK_BYTES) {
      this.current = { res: this.reserve(CHUNK_BYTES), top: 0 };
    }
    const offset = this.current.top;
    this.current.top += size;
    return { res: this.current.res, offset };
  }
}
