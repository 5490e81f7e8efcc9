/*
 * Corral's native layer: the only unsafe code. Mechanisms, no policy.
 *
 * Provides to src/runtime/native.ts (the only module that loads this addon):
 *   reservations  reserve/protect/decommit/view/release: mmap, mprotect, madvise;
 *                 read/write/fill: copies into and out of read-write ranges
 *   images        imageCreate/imageMap/imageUnmap/imageDestroy: a sealed memfd
 *                 per module, mapped copy-on-write into slots (memfd_create, mmap)
 *   code memory   codeLoad/codeUnload: W^X pages plus a lock-free trap registry
 *   guests        guestCreate/enter/resume/end/guestDestroy: stacks, context switch;
 *                 guestAttach: instances that call each other share a stack
 *   traps         explicit trap helper (switch.S) and SIGSEGV/SIGBUS/SIGILL/SIGFPE
 *   interrupts    interruptAfter: a timer thread sets vmctx.interrupt
 *
 * Layout of one guest cell (cells come from a stack slab; slabs are never
 * unmapped, so a stale context view reads a zeroed/reused cell, never unmapped
 * memory):
 *
 *   cell_lo                                                     cell_hi
 *   | guard page (optional) | stack (grows down) ... | struct guest (1 KiB) |
 *                 stack_limit = stack_lo + red zone ^   ^ stack top
 *
 * The context (vmctx, then private fields) shares the top page with the
 * newest stack frames, so a guest suspended in a host call costs one page.
 *
 * Invariants:
 *  - A guest runs only on the thread that created it (owner token checked).
 *  - JavaScript never runs on a guest stack: every N-API call returns only
 *    after the guest has switched back to the host stack.
 *  - The signal handler claims a fault only when this thread's current guest
 *    is running and the pc is in registered code with a trap entry (or the
 *    fault hit the guest's own stack guard page); everything else is chained.
 *  - The code registry the handler reads is an immutable snapshot published
 *    with an atomic store; a retired snapshot is freed only when no lock-free
 *    reader (handler, enter, backtrace) is in flight.
 *  - Kernel mappings we create are counted (upper bound) and refused before
 *    vm.max_map_count minus headroom; reserved bytes are refused before the
 *    47-bit address space minus headroom. Syscall failures become JS errors.
 *
 * Error convention of every exported function: on failure it throws a JS
 * Error with a `code` (ERR_CORRAL_*) and a message naming the syscall and
 * errno, and returns undefined; it never aborts the process. It throws only
 * after releasing vm_mutex (unlock_throw), and parses its arguments through
 * the shared preambles (lock_res, lock_range, lock_rw_span, guest_call, ...).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include <node_api.h>

#include "abi.h"

/* ---------------------------------------------------------------- layout */

typedef struct corral_vmctx {
  uint64_t memory_base, memory_size, memory_max, memory_def, funcrefs, tables, globals, imports, sig_ids,
      stack_limit;
  uint32_t interrupt, interrupt_pad;
  int64_t fuel;
  uint64_t hostcall_index, trap_code, trap_pc, trap_fp, runner, hostcall_vmctx, trap_detail;
  uint64_t pad[(VMCTX_HELPERS - VMCTX_TRAP_DETAIL - 8) / 8];
  uint64_t helpers[VMCTX_HELPER_SLOTS];
  uint64_t area[VMCTX_AREA_SLOTS];
} corral_vmctx;

#define CHECK_FIELD(f, OFF) _Static_assert(offsetof(corral_vmctx, f) == OFF, "vmctx." #f " disagrees with abi.h")
CHECK_FIELD(memory_base, VMCTX_MEMORY_BASE);
CHECK_FIELD(memory_size, VMCTX_MEMORY_SIZE);
CHECK_FIELD(memory_max, VMCTX_MEMORY_MAX);
CHECK_FIELD(memory_def, VMCTX_MEMORY_DEF);
CHECK_FIELD(funcrefs, VMCTX_FUNCREFS);
CHECK_FIELD(tables, VMCTX_TABLES);
CHECK_FIELD(globals, VMCTX_GLOBALS);
CHECK_FIELD(imports, VMCTX_IMPORTS);
CHECK_FIELD(sig_ids, VMCTX_SIG_IDS);
CHECK_FIELD(stack_limit, VMCTX_STACK_LIMIT);
CHECK_FIELD(interrupt, VMCTX_INTERRUPT);
CHECK_FIELD(fuel, VMCTX_FUEL);
CHECK_FIELD(hostcall_index, VMCTX_HOSTCALL_INDEX);
CHECK_FIELD(trap_code, VMCTX_TRAP_CODE);
CHECK_FIELD(trap_pc, VMCTX_TRAP_PC);
CHECK_FIELD(trap_fp, VMCTX_TRAP_FP);
CHECK_FIELD(runner, VMCTX_RUNNER);
CHECK_FIELD(hostcall_vmctx, VMCTX_HOSTCALL_VMCTX);
CHECK_FIELD(trap_detail, VMCTX_TRAP_DETAIL);
CHECK_FIELD(helpers, VMCTX_HELPERS);
CHECK_FIELD(helpers[1], VMCTX_HELPER_HOSTCALL);
CHECK_FIELD(area, VMCTX_AREA);
_Static_assert(sizeof(corral_vmctx) == VMCTX_SIZE, "vmctx size disagrees with abi.h");

enum guest_state { G_IDLE, G_RUNNING, G_SUSPENDED };

struct reservation;
struct slab;

typedef struct guest {
  corral_vmctx vm;    /* first: r15 points here */
  uint64_t host_sp;   /* switch.S: G_HOST_SP */
  uint64_t guest_sp;  /* switch.S: G_GUEST_SP */
  uint64_t status;    /* switch.S: G_STATUS */
  uint32_t id;        /* handle given to JS: generation << 22 | index */
  int state;          /* enum guest_state; only the owner thread changes it */
  uint64_t owner;     /* thread token of the creating thread */
  uintptr_t cell_lo, stack_lo, stack_hi;
  int guard;          /* cell_lo page is PROT_NONE */
  int needs_trim;     /* a stack overflow left many dead pages: trim at next enter */
  struct slab *slab;
  uint32_t cell;
  struct reservation *mem_res; /* bound memory, for memory_grow */
  uint64_t mem_offset;
  int mem_guarded;
  uint64_t deadline_ns;        /* 0 = none; set under table_mutex, atomically; the owner clears it without (disarm) */
  int slice_armed;             /* enter/resume armed a slice that the run's end disarms; owner thread only */
  uint64_t heap_when;          /* `when` of this guest's live timer-heap entry, 0 = none; table_mutex */
  struct guest *runner;        /* attached to this runner (NULL: runs itself); table_mutex */
  struct guest *attached;      /* first guest attached to this one; table_mutex */
  struct guest *attached_next; /* next in the runner's attached list; table_mutex */
  napi_ref ctx_view;           /* the context ArrayBuffer, detached on destroy */
  napi_env env;
} guest;

_Static_assert(offsetof(guest, host_sp) == VMCTX_SIZE + 0, "switch.S G_HOST_SP");
_Static_assert(offsetof(guest, guest_sp) == VMCTX_SIZE + 8, "switch.S G_GUEST_SP");
_Static_assert(offsetof(guest, status) == VMCTX_SIZE + 16, "switch.S G_STATUS");

#define CTX_BYTES 1024
_Static_assert(sizeof(guest) <= CTX_BYTES, "guest record must fit its cell's context area");

/* switch.S */
void corral_switch_in(guest *g);
void corral_guest_start(void);
void corral_helper_hostcall(void);
void corral_helper_yield(void);
void corral_helper_trap(void);
void corral_signal_landing(void);
#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1U << 31) /* linux/signal.h; glibc's headers leave it out */
#endif
void corral_signal_escape(uint64_t code, uintptr_t pc, uintptr_t fp, guest *g) __attribute__((noreturn));

/* ---------------------------------------------------------------- errors */

static napi_value vthrow(napi_env env, const char *code, const char *fmt, va_list ap) {
  char msg[512];
  vsnprintf(msg, sizeof msg, fmt, ap);
  napi_throw_error(env, code, msg);
  return NULL;
}

static __attribute__((format(printf, 3, 4))) napi_value throw_err(napi_env env, const char *code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vthrow(env, code, fmt, ap);
  va_end(ap);
  return NULL;
}

#define PAGE 4096UL
static uintptr_t page_up(uintptr_t n) { return (n + PAGE - 1) & ~(PAGE - 1); }

/* Makes room for `need` elements of `size` bytes in the array *arrayp (a T**)
 * of capacity *cap: doubles, zeroes the new space. 0, or -1 with nothing
 * changed. The one growth policy of every table here. */
static int grow(void *arrayp, size_t *cap, size_t need, size_t size) {
  if (need <= *cap) return 0;
  size_t n = *cap ? *cap * 2 : 16;
  if (n < need) n = need;
  void *old, *t;
  memcpy(&old, arrayp, sizeof old); /* copied, not cast: T** and void** may not alias */
  if (!(t = realloc(old, n * size))) return -1;
  memset((char *)t + *cap * size, 0, (n - *cap) * size);
  memcpy(arrayp, &t, sizeof t);
  *cap = n;
  return 0;
}

/* ------------------------------------------------ mapping/address budget */

/* All mutation of reservations, slabs, code regions and the budget below. */
static pthread_mutex_t vm_mutex = PTHREAD_MUTEX_INITIALIZER;
static long maps_used;          /* upper bound on kernel mappings we created */
static long maps_limit = -1;    /* computed on first use */
static uint64_t bytes_reserved; /* address space we hold */
#define MAP_HEADROOM 4096       /* mappings left for V8, libuv, malloc */
#define ADDRESS_LIMIT ((1ULL << 47) - (16ULL << 40)) /* leave 16 TiB to everyone else */

static long count_lines(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) return -1;
  long n = 0;
  int c;
  while ((c = getc(f)) != EOF) n += c == '\n';
  fclose(f);
  return n;
}

/* Called with vm_mutex held: the mapping budget, computed on first use. */
static long mapping_limit(void) {
  if (maps_limit < 0) {
    long max = 65530;
    FILE *f = fopen("/proc/sys/vm/max_map_count", "r");
    if (f) {
      if (fscanf(f, "%ld", &max) != 1) max = 65530;
      fclose(f);
    }
    long others = count_lines("/proc/self/maps");
    if (others < 0) others = 1024;
    maps_limit = max - others - MAP_HEADROOM;
    if (maps_limit < 0) maps_limit = 0;
  }
  return maps_limit;
}

/* Called with vm_mutex held. 0 if `more` mappings fit, else fills why. */
static int budget_maps(long more, char *why, size_t whylen) {
  if (maps_used + more <= mapping_limit()) return 0;
  snprintf(why, whylen,
           "kernel mapping budget exhausted: %ld in use + %ld needed > %ld allowed (vm.max_map_count minus %d headroom "
           "and the process's other mappings)",
           maps_used, more, maps_limit, MAP_HEADROOM);
  return -1;
}

static int budget_bytes(uint64_t more, char *why, size_t whylen) {
  if (bytes_reserved + more <= ADDRESS_LIMIT && more <= ADDRESS_LIMIT) return 0;
  snprintf(why, whylen, "address space exhausted: %llu GiB reserved + %llu GiB requested > %llu GiB allowed",
           (unsigned long long)(bytes_reserved >> 30), (unsigned long long)(more >> 30),
           (unsigned long long)(ADDRESS_LIMIT >> 30));
  return -1;
}

/* Releases vm_mutex, then throws: every error found with the lock held leaves
 * through here, so no JS object is made (and no GC runs) while other threads
 * wait on the lock. The arguments are evaluated before the unlock, so errno
 * text is still this call's. */
static __attribute__((format(printf, 3, 4))) napi_value unlock_throw(napi_env env, const char *code, const char *fmt, ...) {
  pthread_mutex_unlock(&vm_mutex);
  va_list ap;
  va_start(ap, fmt);
  vthrow(env, code, fmt, ap);
  va_end(ap);
  return NULL;
}

static napi_value undef(napi_env env) {
  napi_value v;
  napi_get_undefined(env, &v);
  return v;
}

/* Releases vm_mutex; the call succeeded. */
static napi_value unlock_done(napi_env env) {
  pthread_mutex_unlock(&vm_mutex);
  return undef(env);
}

/* ---------------------------------------------------------- reservations */

/* The reservation is partitioned into runs of equal protection and backing;
 * each run is (at most) one kernel mapping, so the run count is the mapping
 * bound. A run backed by an image (a private file mapping) is never counted
 * as merged with a neighbour: the kernel may merge two, we assume it does not,
 * which keeps the count an upper bound. Adjacent runs never join (same prot,
 * both anonymous). */
typedef struct run {
  uint64_t lo, hi;
  int prot;
  uint32_t image; /* 0: anonymous memory; else the image id mapped here (imageMap) */
} run;

typedef struct view_ref {
  napi_env env;
  napi_ref ref;
  uint64_t lo, hi;
} view_ref;

typedef struct reservation {
  uint8_t *base;
  uint64_t size;
  run *runs;
  size_t nruns, cap;
  view_ref *views;
  size_t nviews, vcap;
  int bound_guests;
  napi_env env; /* the thread (env) that reserved it: released when that env exits */
} reservation;

static reservation **res_table;
static size_t res_cap;

static int os_prot(int p) { return p == CORRAL_PROT_READ_WRITE ? PROT_READ | PROT_WRITE : p == CORRAL_PROT_READ ? PROT_READ : PROT_NONE; }

/* Index of the run containing offset `off` (< size): binary search. */
static size_t find_run(const reservation *r, uint64_t off) {
  size_t lo = 0, hi = r->nruns;
  while (hi - lo > 1) {
    size_t mid = (lo + hi) / 2;
    if (r->runs[mid].lo <= off)
      lo = mid;
    else
      hi = mid;
  }
  return lo;
}

/* A protection or backing change as a splice: runs[i..j] become repl[0..n).
 * Local work only, so protecting in a pool of thousands of slots stays cheap. */
typedef struct run_splice {
  size_t i, j, n;
  run repl[3];
} run_splice;

/* Would the kernel surely merge `a` with a run of (prot, image)? Anonymous
 * runs of one reservation share one anon_vma (reserve primes it), so yes for
 * two anonymous runs of equal protection; never assumed for file runs. */
static int joins(const run *a, int prot, uint32_t image) { return a->prot == prot && a->image == 0 && image == 0; }

static run_splice plan_set(const reservation *r, uint64_t lo, uint64_t hi, int prot, uint32_t image) {
  run_splice sp = {find_run(r, lo), find_run(r, hi - 1), 0, {{0}}};
  run left = {r->runs[sp.i].lo, lo, r->runs[sp.i].prot, r->runs[sp.i].image};
  run right = {hi, r->runs[sp.j].hi, r->runs[sp.j].prot, r->runs[sp.j].image};
  run mid = {lo, hi, prot, image};
  if (left.lo == left.hi || joins(&left, prot, image)) mid.lo = left.lo, left.hi = left.lo; /* absorb or empty */
  if (right.lo == right.hi || joins(&right, prot, image)) mid.hi = right.hi, right.lo = right.hi;
  if (left.lo == left.hi && sp.i > 0 && joins(&r->runs[sp.i - 1], prot, image)) mid.lo = r->runs[--sp.i].lo;
  if (right.lo == right.hi && sp.j + 1 < r->nruns && joins(&r->runs[sp.j + 1], prot, image)) mid.hi = r->runs[++sp.j].hi;
  if (left.lo < left.hi) sp.repl[sp.n++] = left;
  sp.repl[sp.n++] = mid;
  if (right.lo < right.hi) sp.repl[sp.n++] = right;
  return sp;
}

static long splice_delta(const run_splice *sp) { return (long)sp->n - (long)(sp->j - sp->i + 1); }

/* Room in r->runs for applying `sp`: 0, or -1 (out of memory; nothing changed). */
static int runs_room(reservation *r, const run_splice *sp) {
  long delta = splice_delta(sp);
  return grow(&r->runs, &r->cap, r->nruns + (size_t)(delta > 0 ? delta : 0), sizeof(run));
}

/* runs[i..j] become the splice's replacement and the mapping count follows.
 * Cannot fail: runs_room (or plan_change) made the room. */
static void apply_splice(reservation *r, const run_splice *sp) {
  memmove(&r->runs[sp->i + sp->n], &r->runs[sp->j + 1], (r->nruns - sp->j - 1) * sizeof(run));
  memcpy(&r->runs[sp->i], sp->repl, sp->n * sizeof(run));
  r->nruns = r->nruns + sp->n - (sp->j - sp->i + 1);
  maps_used += splice_delta(sp);
}

/* Called with vm_mutex held, before the kernel's view of [lo, hi) changes:
 * plans setting it to (prot, image), checks the mapping budget and makes the
 * room, so nothing can fail between the syscall and apply_splice. NULL, or
 * the error code with `why` filled. */
static const char *plan_change(reservation *r, uint64_t lo, uint64_t hi, int prot, uint32_t image, run_splice *sp, char *why,
                               size_t whylen) {
  *sp = plan_set(r, lo, hi, prot, image);
  long delta = splice_delta(sp);
  if (delta > 0 && budget_maps(delta, why, whylen)) return "ERR_CORRAL_MAPPINGS";
  if (runs_room(r, sp)) return snprintf(why, whylen, "out of memory for bookkeeping"), "ERR_CORRAL_SYSCALL";
  return NULL;
}

static reservation *res_get(uint32_t id) { return id < res_cap ? res_table[id] : NULL; }

/* Does [off, off+len) lie inside r? (Never computes off+len past the size.) */
static int inside(const reservation *r, uint64_t off, uint64_t len) { return off <= r->size && len <= r->size - off; }

/* Does [off, off+len), inside r, lie in read-write runs only? */
static int all_rw(const reservation *r, uint64_t off, uint64_t len) {
  for (size_t i = find_run(r, off); len && i < r->nruns && r->runs[i].lo < off + len; i++)
    if (r->runs[i].prot != CORRAL_PROT_READ_WRITE) return 0;
  return 1;
}

/* Does [lo, hi) overlap a run backed by an image? */
static int overlaps_image(const reservation *r, uint64_t lo, uint64_t hi) {
  for (size_t i = find_run(r, lo); lo < hi && i < r->nruns && r->runs[i].lo < hi; i++)
    if (r->runs[i].image) return 1;
  return 0;
}

/* Every alias of native memory handed to JS: an external ArrayBuffer over
 * [p, p+len) (no finalizer: the memory is not JS's to free) and a weak
 * reference, through which detach_ref can revoke it. 0, or -1. */
static int alias_create(napi_env env, void *p, size_t len, napi_value *ab, napi_ref *ref) {
  if (napi_create_external_arraybuffer(env, p, len, NULL, NULL, ab) != napi_ok) return -1;
  return napi_create_reference(env, *ab, 0, ref) == napi_ok ? 0 : -1;
}

/* Detaches the ArrayBuffer a weak reference still holds (its length becomes
 * 0), then deletes the reference. */
static void detach_ref(napi_env env, napi_ref ref) {
  napi_value ab;
  if (napi_get_reference_value(env, ref, &ab) == napi_ok && ab) napi_detach_arraybuffer(env, ab);
  napi_delete_reference(env, ref);
}

/* Which view records a sweep selects, and what becomes of the calling env's. */
enum sweep {
  SWEEP_OVERLAPPING, /* overlapping [lo, hi): detached (the range loses write access) */
  SWEEP_WITHIN,      /* inside a non-empty [lo, hi): detached (the range is recycled) */
  SWEEP_COLLECTED,   /* any whose ArrayBuffer was collected: forgotten */
  SWEEP_ENV_GONE,    /* all: forgotten without N-API calls (the exiting env frees its references) */
};

/* Called with vm_mutex held: the one place view records leave r->views.
 * Returns how many records of other envs the sweep selects (a view this
 * thread cannot detach). */
static size_t sweep_views(napi_env env, reservation *r, uint64_t lo, uint64_t hi, enum sweep how) {
  size_t foreign = 0, keep = 0;
  for (size_t i = 0; i < r->nviews; i++) {
    view_ref *v = &r->views[i];
    napi_value ab = NULL;
    int hit = how == SWEEP_OVERLAPPING ? v->lo < hi && lo < v->hi
              : how == SWEEP_WITHIN    ? lo < hi && lo <= v->lo && v->hi <= hi
                                       : 1;
    int mine = hit && v->env == env; /* N-API calls on another env's references are not allowed */
    int alive = mine && how == SWEEP_COLLECTED && napi_get_reference_value(env, v->ref, &ab) == napi_ok && ab;
    if (mine && !alive) {
      if (how != SWEEP_ENV_GONE) detach_ref(env, v->ref); /* a collected one has nothing left to detach */
      continue;
    }
    foreign += hit && !mine;
    r->views[keep++] = *v;
  }
  r->nviews = keep;
  return foreign;
}

/* ------------------------------------------------------ argument helpers */

static int args(napi_env env, napi_callback_info info, size_t want, napi_value *argv) {
  size_t argc = want;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < want) {
    throw_err(env, "ERR_CORRAL_ARGUMENT", "expected %zu arguments", want);
    return -1;
  }
  return 0;
}

static int arg_u32(napi_env env, napi_value v, uint32_t *out) {
  if (napi_get_value_uint32(env, v, out) != napi_ok) {
    throw_err(env, "ERR_CORRAL_ARGUMENT", "expected a non-negative integer");
    return -1;
  }
  return 0;
}

/* Sizes, offsets and addresses travel as Numbers: user addresses are < 2^47. */
static int arg_u64(napi_env env, napi_value v, uint64_t *out) {
  double d;
  if (napi_get_value_double(env, v, &d) != napi_ok || !(d >= 0) || d > 9007199254740991.0 || d != (double)(uint64_t)d) {
    throw_err(env, "ERR_CORRAL_ARGUMENT", "expected a non-negative safe integer");
    return -1;
  }
  *out = (uint64_t)d;
  return 0;
}

/* A typed-array argument (Uint8Array or Uint32Array) `name` of call `what`. */
static int arg_typed(napi_env env, napi_value v, napi_typedarray_type want, const char *what, const char *name, void **data, size_t *n) {
  napi_typedarray_type type;
  if (napi_get_typedarray_info(env, v, &type, n, data, NULL, NULL) != napi_ok || type != want) {
    throw_err(env, "ERR_CORRAL_ARGUMENT", "%s: %s must be a %s", what, name, want == napi_uint8_array ? "Uint8Array" : "Uint32Array");
    return -1;
  }
  return 0;
}

/* The (bytes, flag) arguments of reserve and guestCreate; a flag that is not
 * a boolean reads as false. */
static int size_and_flag(napi_env env, napi_callback_info info, uint64_t *bytes, bool *flag) {
  napi_value a[2];
  *flag = false;
  if (args(env, info, 2, a) || arg_u64(env, a[0], bytes)) return -1;
  napi_get_value_bool(env, a[1], flag);
  return 0;
}

/* The preamble of the calls whose only argument is an id. */
static int one_id(napi_env env, napi_callback_info info, uint32_t *id) {
  napi_value a[1];
  return args(env, info, 1, a) || arg_u32(env, a[0], id) ? -1 : 0;
}

static napi_value num(napi_env env, double d) {
  napi_value v;
  napi_create_double(env, d, &v);
  return v;
}

/* The preambles of the reservation calls: each takes vm_mutex and resolves
 * the reservation its arguments name, returning it with vm_mutex HELD; or
 * returns NULL with the mutex released and the error thrown. */

static reservation *lock_res(napi_env env, uint32_t id) {
  pthread_mutex_lock(&vm_mutex);
  reservation *r = res_get(id);
  if (!r) unlock_throw(env, "ERR_CORRAL_ARGUMENT", "no reservation %u", id);
  return r;
}

/* Arguments (id, offset, length), a page-aligned range inside the
 * reservation, then with `prot` a protection CORRAL_PROT_{NONE,READ,READ_WRITE}. */
static reservation *lock_range(napi_env env, napi_callback_info info, const char *what, uint64_t *off, uint64_t *len, uint32_t *prot) {
  napi_value a[4];
  uint32_t id;
  if (args(env, info, prot ? 4 : 3, a) || arg_u32(env, a[0], &id) || arg_u64(env, a[1], off) || arg_u64(env, a[2], len) ||
      (prot && arg_u32(env, a[3], prot)))
    return NULL;
  if (prot && *prot != CORRAL_PROT_NONE && *prot != CORRAL_PROT_READ && *prot != CORRAL_PROT_READ_WRITE)
    return throw_err(env, "ERR_CORRAL_ARGUMENT", "%s: bad protection %u", what, *prot), NULL;
  reservation *r = lock_res(env, id);
  if (r && (*off % PAGE || *len % PAGE || !inside(r, *off, *len)))
    return unlock_throw(env, "ERR_CORRAL_ARGUMENT", "range [%llu, +%llu) is not page-aligned inside the reservation",
                        (unsigned long long)*off, (unsigned long long)*len),
           NULL;
  return r;
}

/* [off, off+n) of reservation `id`, at any alignment, inside it and in
 * read-write runs only: write, read and fill touch memory only through this. */
static reservation *lock_rw_span(napi_env env, const char *what, uint32_t id, uint64_t off, uint64_t n) {
  pthread_mutex_lock(&vm_mutex);
  reservation *r = res_get(id);
  if (!r || !inside(r, off, n))
    return unlock_throw(env, "ERR_CORRAL_ARGUMENT", "%s: [%llu, +%llu) is outside reservation %u", what, (unsigned long long)off,
                        (unsigned long long)n, id),
           NULL;
  if (!all_rw(r, off, n))
    return unlock_throw(env, "ERR_CORRAL_STATE", "%s: [%llu, +%llu) of reservation %u is not all read-write", what,
                        (unsigned long long)off, (unsigned long long)n, id),
           NULL;
  return r;
}

/* reserve(bytes, readWrite) → id. Like mmap(NULL, bytes, readWrite ? RW : NONE,
 * MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE): address space only, committed lazily
 * on first touch. Throws ERR_CORRAL_ADDRESS_SPACE / ERR_CORRAL_MAPPINGS before
 * the budgets run out, ERR_CORRAL_SYSCALL when mmap fails. */
static napi_value js_reserve(napi_env env, napi_callback_info info) {
  uint64_t bytes;
  bool rw;
  if (size_and_flag(env, info, &bytes, &rw)) return NULL;
  bytes = page_up(bytes);
  if (bytes == 0) return throw_err(env, "ERR_CORRAL_ARGUMENT", "reserve: zero bytes");
  char why[256];
  pthread_mutex_lock(&vm_mutex);
  if (budget_bytes(bytes, why, sizeof why))
    return unlock_throw(env, "ERR_CORRAL_ADDRESS_SPACE", "reserve(%llu): %s", (unsigned long long)bytes, why);
  if (budget_maps(1, why, sizeof why)) return unlock_throw(env, "ERR_CORRAL_MAPPINGS", "reserve: %s", why);
  void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED)
    return unlock_throw(env, errno == ENOMEM ? "ERR_CORRAL_ADDRESS_SPACE" : "ERR_CORRAL_SYSCALL", "reserve: mmap(%llu bytes) failed: %s",
                        (unsigned long long)bytes, strerror(errno));
  /* Prime the mapping's anon_vma before anything splits it: every piece a
   * later split makes then shares it, so pieces that become adjacent again
   * (an image unmapped between them, protections restored) merge in the
   * kernel as the run count assumes. Pieces faulted separately after a split
   * would each get their own anon_vma and could stay apart. */
  *(volatile uint8_t *)p = 0;
  madvise(p, PAGE, MADV_DONTNEED);
  if (!rw) mprotect(p, bytes, PROT_NONE); /* the whole mapping: no split; cannot fail on our own fresh range */
  reservation *r = calloc(1, sizeof *r);
  run *runs = malloc(sizeof(run));
  uint32_t id = 0;
  while (id < res_cap && res_table[id]) id++;
  if (!r || !runs || grow(&res_table, &res_cap, id + 1, sizeof *res_table)) {
    munmap(p, bytes);
    free(r);
    free(runs);
    return unlock_throw(env, "ERR_CORRAL_SYSCALL", "reserve: out of memory for bookkeeping");
  }
  r->base = p;
  r->size = bytes;
  r->runs = runs;
  r->runs[0] = (run){0, bytes, rw ? CORRAL_PROT_READ_WRITE : CORRAL_PROT_NONE, 0};
  r->nruns = r->cap = 1;
  r->env = env;
  res_table[id] = r;
  maps_used += 1;
  bytes_reserved += bytes;
  pthread_mutex_unlock(&vm_mutex);
  return num(env, id);
}

/* Called with vm_mutex held: mprotect with mapping accounting. NULL, or the
 * error code with `why` filled: ERR_CORRAL_STATE when the range holds an
 * image (mprotect would keep the file backing the runs cannot describe). */
static const char *res_protect_locked(reservation *r, uint64_t off, uint64_t len, int prot, char *why, size_t whylen) {
  if (len == 0) return NULL;
  if (overlaps_image(r, off, off + len)) return snprintf(why, whylen, "the range overlaps a mapped image"), "ERR_CORRAL_STATE";
  run_splice sp;
  const char *code = plan_change(r, off, off + len, prot, 0, &sp, why, whylen);
  if (code) return code;
  if (mprotect(r->base + off, len, os_prot(prot)) != 0)
    return snprintf(why, whylen, "mprotect failed: %s", strerror(errno)), "ERR_CORRAL_SYSCALL";
  apply_splice(r, &sp);
  return NULL;
}

/* Called with vm_mutex held: replaces [off, off+len) of r with a fresh mapping
 * (an image's file when image_id != 0, else anonymous zero pages with `prot`),
 * counting mappings. NULL, or the error code with `why` filled. */
static const char *res_map_locked(reservation *r, uint64_t off, uint64_t len, int prot, uint32_t image_id, int fd, char *why,
                                  size_t whylen) {
  run_splice sp;
  const char *code = plan_change(r, off, off + len, prot, image_id, &sp, why, whylen);
  if (code) return code;
  void *want = r->base + off;
  void *p = image_id ? mmap(want, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd, 0)
                     : mmap(want, len, os_prot(prot), MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
  if (p == MAP_FAILED) {
    /* MAP_FIXED may have unmapped the old range before failing; put
     * inaccessible anonymous memory back so the reservation stays whole (a
     * guest touching it traps instead of reaching someone else's mapping). */
    int e = errno;
    if (mmap(want, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0) != MAP_FAILED) {
      run_splice back = plan_set(r, off, off + len, CORRAL_PROT_NONE, 0);
      if (runs_room(r, &back) == 0) apply_splice(r, &back);
    }
    return snprintf(why, whylen, "mmap failed: %s", strerror(e)), "ERR_CORRAL_SYSCALL";
  }
  apply_splice(r, &sp);
  return NULL;
}

/* protect() and imageUnmap(): (id, offset, length, prot) gives a range a
 * protection, by mprotect or by fresh pages; this thread's views of it are
 * detached first when it loses write access. */
static napi_value set_range(napi_env env, napi_callback_info info, const char *what, int fresh_pages) {
  uint64_t off, len;
  uint32_t prot;
  reservation *r = lock_range(env, info, what, &off, &len, &prot);
  if (!r) return NULL;
  if (prot != CORRAL_PROT_READ_WRITE && sweep_views(env, r, off, off + len, SWEEP_OVERLAPPING))
    return unlock_throw(env, "ERR_CORRAL_STATE", "%s: another thread holds a view of this range", what);
  char why[256];
  const char *code = !len          ? NULL
                     : fresh_pages ? res_map_locked(r, off, len, (int)prot, 0, -1, why, sizeof why)
                                   : res_protect_locked(r, off, len, (int)prot, why, sizeof why);
  return code ? unlock_throw(env, code, "%s: %s", what, why) : unlock_done(env);
}

/* protect(id, offset, length, prot). Like mprotect(base+offset, length, prot):
 * prot is CORRAL_PROT_{NONE,READ,READ_WRITE} (never executable). Removing
 * access detaches this thread's views of the range first. Throws
 * ERR_CORRAL_MAPPINGS when the split would exceed the mapping budget. */
static napi_value js_protect(napi_env env, napi_callback_info info) { return set_range(env, info, "protect", 0); }

/* decommit(id, offset, length). Like madvise(base+offset, length, MADV_DONTNEED):
 * the pages stop counting toward RSS and read as zero afterwards, except in
 * runs an image is mapped into (imageMap), whose pages read as the image
 * again (the private copies are dropped, the file stays mapped); protections
 * and mappings are unchanged. */
static napi_value js_decommit(napi_env env, napi_callback_info info) {
  uint64_t off, len;
  reservation *r = lock_range(env, info, "decommit", &off, &len, NULL);
  if (!r) return NULL;
  if (len && madvise(r->base + off, len, MADV_DONTNEED) != 0)
    return unlock_throw(env, "ERR_CORRAL_SYSCALL", "decommit: madvise failed: %s", strerror(errno));
  return unlock_done(env);
}

/* write() and read(): (id, offset, bytes: Uint8Array), one copy between the
 * bytes and [base+offset, +length). */
static napi_value copy_call(napi_env env, napi_callback_info info, const char *what, int into_reservation) {
  napi_value a[3];
  uint32_t id;
  uint64_t off;
  size_t n;
  void *data;
  if (args(env, info, 3, a) || arg_u32(env, a[0], &id) || arg_u64(env, a[1], &off) ||
      arg_typed(env, a[2], napi_uint8_array, what, "bytes", &data, &n))
    return NULL;
  reservation *r = lock_rw_span(env, what, id, off, n);
  if (!r) return NULL;
  if (n) memcpy(into_reservation ? r->base + off : data, into_reservation ? data : r->base + off, n);
  return unlock_done(env);
}

/* write(id, offset, bytes: Uint8Array). Like pwrite into a mapping: copies
 * the bytes to base+offset, which must lie in read-write runs of the
 * reservation. Lets the runtime lay out data segments, and host functions
 * store into guest memory, without creating a JS view (each view is a
 * tracked, weakly referenced ArrayBuffer that V8 counts as external memory,
 * and a fresh one per instance makes V8 collect garbage for the pressure). */
static napi_value js_write(napi_env env, napi_callback_info info) { return copy_call(env, info, "write", 1); }

/* read(id, offset, into: Uint8Array). Like pread from a mapping: fills `into`
 * with the bytes at base+offset, which must lie in read-write runs. The
 * copy-out twin of write(), for the same reason. */
static napi_value js_read(napi_env env, napi_callback_info info) { return copy_call(env, info, "read", 0); }

/* fill(id, offset, length, byte). Like memset on a mapping: [offset,
 * offset+length) must lie in read-write runs. Unlike decommit() the pages
 * stay resident: for a few dirty pages, rewriting them costs less than the
 * madvise, its TLB flush and the faults that follow. */
static napi_value js_fill(napi_env env, napi_callback_info info) {
  napi_value a[4];
  uint32_t id, byte;
  uint64_t off, len;
  if (args(env, info, 4, a) || arg_u32(env, a[0], &id) || arg_u64(env, a[1], &off) || arg_u64(env, a[2], &len) ||
      arg_u32(env, a[3], &byte))
    return NULL;
  if (byte > 0xff) return throw_err(env, "ERR_CORRAL_ARGUMENT", "fill: byte %u is not a byte", byte);
  reservation *r = lock_rw_span(env, "fill", id, off, len);
  if (!r) return NULL;
  if (len) memset(r->base + off, (int)byte, len);
  return unlock_done(env);
}

/* detachViews(id, offset, length). Like revoking the mmap aliases of a range:
 * this thread's views (view()) lying within [offset, offset+length) are
 * detached (length becomes 0), so a recycled slot cannot be read through a
 * buffer handed out for its previous use. Views reaching outside the range
 * (a pool's view of a whole chunk) stay: the memory stays mapped and
 * read-write. No syscall; protections and contents unchanged. Throws
 * ERR_CORRAL_STATE while another thread holds a view within the range. */
static napi_value js_detach_views(napi_env env, napi_callback_info info) {
  uint64_t off, len;
  reservation *r = lock_range(env, info, "detachViews", &off, &len, NULL);
  if (!r) return NULL;
  if (sweep_views(env, r, off, off + len, SWEEP_WITHIN))
    return unlock_throw(env, "ERR_CORRAL_STATE", "detachViews: another thread holds a view of this range");
  return unlock_done(env);
}

/* view(id, offset, length) → ArrayBuffer over the reservation's memory. Like
 * mmap of an existing range into JS: an alias, no copy, no syscall.
 * SAFETY: the buffer aliases mapped memory that JS may touch only while it is
 * read-write. view() refuses ranges that are not entirely read-write, and
 * protect() or release() detach (length becomes 0) every view of this thread
 * overlapping a range that loses write access, and refuse while another
 * thread holds such a view; so a surviving JS reference cannot reach unmapped,
 * read-only or PROT_NONE memory. (memory_grow only adds access.) */
static napi_value js_view(napi_env env, napi_callback_info info) {
  uint64_t off, len;
  reservation *r = lock_range(env, info, "view", &off, &len, NULL);
  if (!r) return NULL;
  if (!all_rw(r, off, len))
    return unlock_throw(env, "ERR_CORRAL_STATE", "view: [%llu, +%llu) is not all read-write", (unsigned long long)off,
                        (unsigned long long)len);
  sweep_views(env, r, 0, r->size, SWEEP_COLLECTED);
  napi_value ab;
  napi_ref ref;
  if (alias_create(env, r->base + off, len, &ab, &ref))
    return unlock_throw(env, "ERR_CORRAL_SYSCALL", "view: could not create an external ArrayBuffer");
  if (grow(&r->views, &r->vcap, r->nviews + 1, sizeof *r->views)) {
    napi_delete_reference(env, ref);
    return unlock_throw(env, "ERR_CORRAL_SYSCALL", "view: out of memory");
  }
  r->views[r->nviews++] = (view_ref){env, ref, off, off + len};
  pthread_mutex_unlock(&vm_mutex);
  return ab;
}

/* Called with vm_mutex held, no guest bound and no view left: unmaps the
 * reservation and forgets it. */
static void res_free_locked(uint32_t id) {
  reservation *r = res_table[id];
  munmap(r->base, r->size);
  maps_used -= (long)r->nruns;
  bytes_reserved -= r->size;
  res_table[id] = NULL;
  free(r->runs);
  free(r->views);
  free(r);
}

/* release(id). Like munmap(base, size). Detaches this thread's views; refuses
 * (ERR_CORRAL_STATE) while a guest's memory is bound to it or another thread
 * still holds a view. */
static napi_value js_release(napi_env env, napi_callback_info info) {
  uint32_t id;
  reservation *r = one_id(env, info, &id) ? NULL : lock_res(env, id);
  if (!r) return NULL;
  if (r->bound_guests) return unlock_throw(env, "ERR_CORRAL_STATE", "release: %d guests bound", r->bound_guests);
  if (sweep_views(env, r, 0, r->size, SWEEP_OVERLAPPING))
    return unlock_throw(env, "ERR_CORRAL_STATE", "release: another thread holds a view");
  res_free_locked(id);
  return unlock_done(env);
}

/* address(id) → the reservation's base address (for vmctx fields). No syscall;
 * like reading the start of a mapping in /proc/self/maps. */
static napi_value js_address(napi_env env, napi_callback_info info) {
  uint32_t id;
  reservation *r = one_id(env, info, &id) ? NULL : lock_res(env, id);
  if (!r) return NULL;
  uintptr_t base = (uintptr_t)r->base;
  pthread_mutex_unlock(&vm_mutex);
  return num(env, (double)base);
}

/* ---------------------------------------------------------------- images */

/* A module's initial memory image: a sealed memfd holding the page-rounded
 * bytes, mapped MAP_PRIVATE into slots so an instance's writes are its own
 * copies and instantiation costs one mmap whatever the image's size. The fd
 * costs no kernel mapping; each imageMap costs up to two (the file mapping
 * and the split of the run around it), counted like every other split. */
typedef struct image {
  int fd;
  uint64_t size; /* page-rounded */
  napi_env env;  /* closed at this env's exit if the runtime did not */
} image;

static image **img_table; /* index id-1; an id is never 0 (0 in a run means anonymous) */
static size_t img_cap;
static long images_live;

static image *img_get(uint32_t id) { return id >= 1 && id <= img_cap ? img_table[id - 1] : NULL; }

static int all_zero(const uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (p[i]) return 0;
  return 1;
}

/* imageCreate(bytes: Uint8Array) → id. Like memfd_create("corral-image",
 * MFD_CLOEXEC|MFD_ALLOW_SEALING), ftruncate to the page-rounded length, pwrite
 * of every page that is not all zeros (zero pages stay holes: they cost no
 * memory and map the shared zero page), then fcntl(F_ADD_SEALS) with
 * F_SEAL_SHRINK|F_SEAL_GROW|F_SEAL_WRITE|F_SEAL_SEAL, so the image can never
 * change under the instances mapping it. Throws ERR_CORRAL_ARGUMENT for an
 * empty image, ERR_CORRAL_SYSCALL (errno text) when a syscall fails (EMFILE:
 * out of descriptors); nothing is left open on failure. */
static napi_value js_image_create(napi_env env, napi_callback_info info) {
  napi_value a[1];
  size_t n;
  void *data;
  if (args(env, info, 1, a) || arg_typed(env, a[0], napi_uint8_array, "imageCreate", "bytes", &data, &n)) return NULL;
  if (n == 0) return throw_err(env, "ERR_CORRAL_ARGUMENT", "imageCreate: empty image");
  uint64_t size = page_up(n);
  const char *step = "memfd_create";
  int fd = memfd_create("corral-image", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0) goto fail;
  step = "ftruncate";
  if (ftruncate(fd, (off_t)size) != 0) goto fail;
  step = "pwrite";
  const uint8_t *bytes = data;
  for (uint64_t lo = 0; lo < n;) { /* runs of pages with data, written at once */
    uint64_t hi = lo;
    while (hi < n && !all_zero(bytes + hi, n - hi < PAGE ? n - hi : PAGE)) hi += n - hi < PAGE ? n - hi : PAGE;
    for (uint64_t done = lo; done < hi;) {
      ssize_t w = pwrite(fd, bytes + done, hi - done, (off_t)done);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) goto fail;
      done += (uint64_t)w;
    }
    lo = hi < n ? hi + (n - hi < PAGE ? n - hi : PAGE) : n; /* hi starts a zero page (or the end) */
  }
  step = "fcntl(F_ADD_SEALS)";
  if (fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) != 0) goto fail;
  image *im = malloc(sizeof *im);
  if (!im) {
    errno = ENOMEM;
    step = "malloc";
    goto fail;
  }
  *im = (image){fd, size, env};
  pthread_mutex_lock(&vm_mutex);
  uint32_t slot = 0;
  while (slot < img_cap && img_table[slot]) slot++;
  if (grow(&img_table, &img_cap, slot + 1, sizeof *img_table)) {
    pthread_mutex_unlock(&vm_mutex);
    free(im);
    errno = ENOMEM;
    step = "realloc";
    goto fail;
  }
  img_table[slot] = im;
  images_live++;
  pthread_mutex_unlock(&vm_mutex);
  return num(env, slot + 1);
fail:;
  int e = errno;
  if (fd >= 0) close(fd);
  return throw_err(env, "ERR_CORRAL_SYSCALL", "imageCreate: %s failed: %s", step, strerror(e));
}

/* imageMap(reservation, offset, image). Like mmap(base+offset, image size,
 * PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_FIXED, fd, 0): the range reads as the
 * image and an instance's writes land in private copies of the pages it
 * touches. The range must be page-aligned inside the reservation and hold no
 * image yet; its previous contents are gone. Costs up to two kernel
 * mappings. Throws ERR_CORRAL_ARGUMENT (bad range or id), ERR_CORRAL_STATE
 * (an image is already mapped there), ERR_CORRAL_MAPPINGS (the mapping budget
 * would be exceeded; nothing changed), ERR_CORRAL_SYSCALL (mmap failed; the
 * range is then left inaccessible and anonymous). */
static napi_value js_image_map(napi_env env, napi_callback_info info) {
  napi_value a[3];
  uint32_t rid, iid;
  uint64_t off;
  if (args(env, info, 3, a) || arg_u32(env, a[0], &rid) || arg_u64(env, a[1], &off) || arg_u32(env, a[2], &iid)) return NULL;
  pthread_mutex_lock(&vm_mutex);
  image *im = img_get(iid);
  reservation *r = res_get(rid);
  if (!im) return unlock_throw(env, "ERR_CORRAL_ARGUMENT", "no image %u", iid);
  if (!r || off % PAGE || !inside(r, off, im->size))
    return unlock_throw(env, "ERR_CORRAL_ARGUMENT", "imageMap: image %u does not fit at %llu in reservation %u", iid,
                        (unsigned long long)off, rid);
  if (overlaps_image(r, off, off + im->size))
    return unlock_throw(env, "ERR_CORRAL_STATE", "imageMap: an image is already mapped in [%llu, +%llu)", (unsigned long long)off,
                        (unsigned long long)im->size);
  char why[256];
  const char *code = res_map_locked(r, off, im->size, CORRAL_PROT_READ_WRITE, iid, im->fd, why, sizeof why);
  return code ? unlock_throw(env, code, "imageMap: %s", why) : unlock_done(env);
}

/* imageUnmap(reservation, offset, length, prot). Like mmap(base+offset,
 * length, prot, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE|MAP_FIXED, -1, 0):
 * whatever was mapped there (an image and the instance's private copies of
 * it) is replaced by fresh zero pages with `prot`, merging with anonymous
 * neighbours of the same protection (the mappings an imageMap cost come
 * back). Unlike decommit, which on an image restores the image's bytes, this
 * leaves nothing of it: the way to hand a slot to another module. Views of
 * this thread overlapping the range are detached first when prot is not
 * read-write. Throws ERR_CORRAL_ARGUMENT (bad range), ERR_CORRAL_STATE
 * (another thread holds a view), ERR_CORRAL_MAPPINGS (budget; nothing
 * changed), ERR_CORRAL_SYSCALL (mmap failed; the range is left inaccessible). */
static napi_value js_image_unmap(napi_env env, napi_callback_info info) { return set_range(env, info, "imageUnmap", 1); }

/* With vm_mutex held. */
static void image_close_locked(uint32_t id) {
  image *im = img_get(id);
  if (!im) return;
  close(im->fd);
  free(im);
  img_table[id - 1] = NULL;
  images_live--;
}

/* imageDestroy(image). Like close(2) on the memfd: later imageMap calls with
 * this id fail (ERR_CORRAL_ARGUMENT); mappings already made stay valid (the
 * kernel keeps the file while any mapping refers to it) and go away with
 * imageUnmap or release. Throws ERR_CORRAL_ARGUMENT for an unknown id. */
static napi_value js_image_destroy(napi_env env, napi_callback_info info) {
  uint32_t id;
  if (one_id(env, info, &id)) return NULL;
  pthread_mutex_lock(&vm_mutex);
  if (!img_get(id)) return unlock_throw(env, "ERR_CORRAL_ARGUMENT", "no image %u", id);
  image_close_locked(id);
  return unlock_done(env);
}

/* ------------------------------------------------------- code registry */

typedef struct code_region {
  uintptr_t start, end; /* [start, end) executable */
  size_t map_bytes;
  uint32_t id, ntraps;
  uint32_t *trap_offsets; /* ascending */
  uint8_t *trap_codes;
  napi_env env; /* the thread (env) that loaded it: unloaded when that env exits */
  struct code_region *next_retired;
} code_region;

typedef struct snapshot {
  size_t n;
  struct snapshot *next_retired;
  code_region *r[]; /* sorted by start */
} snapshot;

static _Atomic(snapshot *) registry;
static atomic_int readers_active; /* lock-free readers (signal handlers, enter, backtrace) in flight */
static snapshot *retired_snaps;
static code_region *retired_regions;
static uint32_t next_code_id = 1;

/* Async-signal-safe: reads only the immutable snapshot. */
static code_region *registry_find(snapshot *s, uintptr_t pc) {
  if (!s) return NULL;
  size_t lo = 0, hi = s->n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (pc < s->r[mid]->start)
      hi = mid;
    else if (pc >= s->r[mid]->end)
      lo = mid + 1;
    else
      return s->r[mid];
  }
  return NULL;
}

/* Lock-free membership test for callers outside vm_mutex: counts itself as a
 * reader so the snapshot it reads cannot be freed under it. */
static int registry_contains(uintptr_t pc) {
  atomic_fetch_add(&readers_active, 1);
  int found = registry_find(atomic_load(&registry), pc) != NULL;
  atomic_fetch_sub(&readers_active, 1);
  return found;
}

static int trap_lookup(const code_region *cr, uintptr_t pc) {
  uint32_t off = (uint32_t)(pc - cr->start);
  size_t lo = 0, hi = cr->ntraps;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (cr->trap_offsets[mid] < off)
      lo = mid + 1;
    else if (cr->trap_offsets[mid] > off)
      hi = mid;
    else
      return cr->trap_codes[mid];
  }
  return -1;
}

/* With vm_mutex held: publish `next`, retire the old snapshot (and `dead`),
 * and free everything retired if no handler can be reading it. */
static void registry_publish(snapshot *next, code_region *dead) {
  snapshot *old = atomic_exchange(&registry, next);
  if (old) old->next_retired = retired_snaps, retired_snaps = old;
  if (dead) dead->next_retired = retired_regions, retired_regions = dead;
  if (atomic_load(&readers_active) == 0) {
    while (retired_snaps) {
      snapshot *s = retired_snaps;
      retired_snaps = s->next_retired;
      free(s);
    }
    while (retired_regions) {
      code_region *c = retired_regions;
      retired_regions = c->next_retired;
      free(c->trap_offsets);
      free(c->trap_codes);
      free(c);
    }
  }
}

/* codeLoad(code: Uint8Array, trapOffsets: Uint32Array, trapCodes: Uint8Array) → id.
 * Like mmap(RW) + memcpy + mprotect(R+X): the pages are never writable and
 * executable at once. Registers [start, start+length) with its trap table
 * (offsets ascending, relative to start) for the signal handler. */
static napi_value js_code_load(napi_env env, napi_callback_info info) {
  napi_value a[3];
  void *code, *offs, *codes;
  size_t len, noffs, ncodes;
  if (args(env, info, 3, a) || arg_typed(env, a[0], napi_uint8_array, "codeLoad", "code", &code, &len) ||
      arg_typed(env, a[1], napi_uint32_array, "codeLoad", "trapOffsets", &offs, &noffs) ||
      arg_typed(env, a[2], napi_uint8_array, "codeLoad", "trapCodes", &codes, &ncodes))
    return NULL;
  if (len == 0 || noffs != ncodes) return throw_err(env, "ERR_CORRAL_ARGUMENT", "codeLoad: empty code or trap table lengths differ");
  for (size_t i = 0; i < noffs; i++) {
    if (((uint32_t *)offs)[i] >= len || (i && ((uint32_t *)offs)[i] <= ((uint32_t *)offs)[i - 1]))
      return throw_err(env, "ERR_CORRAL_ARGUMENT", "codeLoad: trap offsets must ascend inside the code");
    if (((uint8_t *)codes)[i] == CORRAL_TRAP_NONE || ((uint8_t *)codes)[i] > CORRAL_TRAP_LAST)
      return throw_err(env, "ERR_CORRAL_ARGUMENT", "codeLoad: trap code %u is not a trap", ((uint8_t *)codes)[i]);
  }
  size_t bytes = page_up(len);
  char why[256];
  pthread_mutex_lock(&vm_mutex);
  if (budget_maps(1, why, sizeof why) || budget_bytes(bytes, why, sizeof why))
    return unlock_throw(env, "ERR_CORRAL_MAPPINGS", "codeLoad: %s", why);
  uint8_t *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return unlock_throw(env, "ERR_CORRAL_SYSCALL", "codeLoad: mmap failed: %s", strerror(errno));
  memcpy(p, code, len);
  memset(p + len, 0xcc, bytes - len); /* int3 padding */
  code_region *cr = calloc(1, sizeof *cr);
  snapshot *old = atomic_load(&registry);
  size_t n = old ? old->n : 0;
  snapshot *next = malloc(sizeof(snapshot) + (n + 1) * sizeof(code_region *));
  if (cr) cr->trap_offsets = malloc(noffs * 4 + 1), cr->trap_codes = malloc(noffs + 1);
  if (mprotect(p, bytes, PROT_READ | PROT_EXEC) != 0 || !cr || !next || !cr->trap_offsets || !cr->trap_codes) {
    int e = errno;
    munmap(p, bytes);
    if (cr) free(cr->trap_offsets), free(cr->trap_codes);
    free(cr);
    free(next);
    return unlock_throw(env, "ERR_CORRAL_SYSCALL", "codeLoad: mprotect(R+X) or allocation failed: %s", strerror(e));
  }
  memcpy(cr->trap_offsets, offs, noffs * 4);
  memcpy(cr->trap_codes, codes, noffs);
  cr->start = (uintptr_t)p;
  cr->end = (uintptr_t)p + len;
  cr->map_bytes = bytes;
  cr->ntraps = (uint32_t)noffs;
  cr->env = env;
  cr->id = next_code_id++;
  size_t k = 0;
  next->n = n + 1;
  next->next_retired = NULL;
  for (size_t i = 0; i < n; i++) {
    if (k == i && old->r[i]->start > cr->start) next->r[k++] = cr;
    next->r[k++] = old->r[i];
  }
  if (k == n) next->r[k++] = cr;
  maps_used += 1;
  bytes_reserved += bytes;
  registry_publish(next, NULL);
  pthread_mutex_unlock(&vm_mutex);
  return num(env, cr->id);
}

/* The preamble of the code calls, like lock_res: the region `id` with
 * vm_mutex HELD, or NULL with the mutex released and the error thrown. */
static code_region *lock_code(napi_env env, uint32_t id) {
  pthread_mutex_lock(&vm_mutex);
  snapshot *s = atomic_load(&registry);
  for (size_t i = 0; s && i < s->n; i++)
    if (s->r[i]->id == id) return s->r[i];
  return unlock_throw(env, "ERR_CORRAL_ARGUMENT", "no code %u", id), NULL;
}

/* codeAddress(id) → start address of the loaded code. No syscall; like
 * dlsym for the region's first byte. */
static napi_value js_code_address(napi_env env, napi_callback_info info) {
  uint32_t id;
  code_region *cr = one_id(env, info, &id) ? NULL : lock_code(env, id);
  if (!cr) return NULL;
  uintptr_t start = cr->start;
  pthread_mutex_unlock(&vm_mutex);
  return num(env, (double)start);
}

/* Called with vm_mutex held: publishes a registry without `cr`, then unmaps
 * it (the old snapshot is retired, never freed under a reading handler).
 * 0, or -1 when the new snapshot cannot be allocated (nothing changed). */
static int code_unload_locked(code_region *cr) {
  snapshot *old = atomic_load(&registry);
  snapshot *next = malloc(sizeof(snapshot) + old->n * sizeof(code_region *));
  if (!next) return -1;
  next->n = 0;
  next->next_retired = NULL;
  for (size_t i = 0; i < old->n; i++)
    if (old->r[i] != cr) next->r[next->n++] = old->r[i];
  munmap((void *)cr->start, cr->map_bytes);
  maps_used -= 1;
  bytes_reserved -= cr->map_bytes;
  registry_publish(next, cr);
  return 0;
}

/* codeUnload(id). Like munmap: unregisters the range, then unmaps it. The
 * caller guarantees no guest is running or suspended inside this code. */
static napi_value js_code_unload(napi_env env, napi_callback_info info) {
  uint32_t id;
  code_region *cr = one_id(env, info, &id) ? NULL : lock_code(env, id);
  if (!cr) return NULL;
  if (code_unload_locked(cr)) return unlock_throw(env, "ERR_CORRAL_SYSCALL", "codeUnload: out of memory");
  return unlock_done(env);
}

/* ------------------------------------------------------------ stack slabs */

#define CELLS_PER_SLAB 64

typedef struct slab {
  uint8_t *base;
  size_t cell_bytes;
  int guard;
  uint32_t used;
  uint8_t busy[CELLS_PER_SLAB];
  struct slab *next;
} slab;

static slab *slabs; /* never unmapped: stale context views stay harmless */

/* With vm_mutex held: a free cell of this geometry, or NULL with the error
 * code in *code and `why` filled. */
static slab *cell_alloc(size_t cell_bytes, int guard, uint32_t *cell, const char **code, char *why, size_t whylen) {
  slab *s;
  *code = "ERR_CORRAL_ADDRESS_SPACE"; /* unless the mapping budget refuses */
  for (s = slabs; s; s = s->next)
    if (s->cell_bytes == cell_bytes && s->guard == guard && s->used < CELLS_PER_SLAB) break;
  if (!s) {
    size_t bytes = cell_bytes * CELLS_PER_SLAB;
    long maps = guard ? 2 * CELLS_PER_SLAB : 1;
    if (budget_bytes(bytes, why, whylen)) return NULL;
    if (budget_maps(maps, why, whylen)) return *code = "ERR_CORRAL_MAPPINGS", NULL;
    s = calloc(1, sizeof *s);
    uint8_t *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (!s || p == MAP_FAILED) {
      snprintf(why, whylen, "mmap(stack slab) failed: %s", strerror(errno));
      free(s);
      return NULL;
    }
    for (int i = 0; guard && i < CELLS_PER_SLAB; i++) {
      if (mprotect(p + i * cell_bytes, PAGE, PROT_NONE) != 0) {
        snprintf(why, whylen, "mprotect(stack guard) failed: %s", strerror(errno));
        munmap(p, bytes);
        free(s);
        return NULL;
      }
    }
    s->base = p;
    s->cell_bytes = cell_bytes;
    s->guard = guard;
    s->next = slabs;
    slabs = s;
    maps_used += maps;
    bytes_reserved += bytes;
  }
  for (uint32_t i = 0; i < CELLS_PER_SLAB; i++)
    if (!s->busy[i]) {
      s->busy[i] = 1;
      s->used++;
      *cell = i;
      return s;
    }
  return NULL; /* unreachable: used < CELLS_PER_SLAB */
}

static void cell_free(slab *s, uint32_t cell) {
  pthread_mutex_lock(&vm_mutex);
  s->busy[cell] = 0;
  s->used--;
  pthread_mutex_unlock(&vm_mutex);
}

/* ------------------------------------------------------------ guest table */

/* Two-level table so lookups need no lock: chunks are published once, never moved. */
#define IDX_BITS 22
#define CHUNK 4096
#define DIR (1 << IDX_BITS) / CHUNK
static _Atomic(guest *) *guest_dir[DIR];
static pthread_mutex_t table_mutex = PTHREAD_MUTEX_INITIALIZER; /* guest slots, deadlines */
static uint32_t guest_hint, guest_gen[1 << 12];
static long guests_live;

static guest *guest_lookup(uint32_t id) {
  uint32_t idx = id & ((1u << IDX_BITS) - 1);
  _Atomic(guest *) *chunk = __atomic_load_n(&guest_dir[idx / CHUNK], __ATOMIC_ACQUIRE);
  if (!chunk) return NULL;
  guest *g = atomic_load_explicit(&chunk[idx % CHUNK], memory_order_acquire);
  return g && g->id == id ? g : NULL;
}

static atomic_ullong next_thread_token = 1;
static __thread __attribute__((tls_model("initial-exec"))) uint64_t thread_token;
static __thread __attribute__((tls_model("initial-exec"))) guest *current_guest;
static __thread __attribute__((tls_model("initial-exec"))) void *altstack_mem;

static uint64_t my_token(void) {
  if (!thread_token) thread_token = atomic_fetch_add(&next_thread_token, 1);
  return thread_token;
}

/* ------------------------------------------------------------ signals */

static const int trap_signals[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE};
static struct sigaction prev_action[NSIG];
static atomic_int handlers_state; /* 0 none, 1 installing, 2 installed */
#define ALTSTACK_BYTES (64 * 1024)

static void chain(int sig, siginfo_t *info, void *uc) {
  struct sigaction *p = &prev_action[sig];
  if ((p->sa_flags & SA_SIGINFO) && p->sa_sigaction) {
    p->sa_sigaction(sig, info, uc);
    return;
  }
  if (!(p->sa_flags & SA_SIGINFO) && p->sa_handler != SIG_DFL && p->sa_handler != SIG_IGN) {
    p->sa_handler(sig);
    return;
  }
  /* Default action: reinstate it; a hardware fault re-executes and kills the
   * process with this signal, a sent one is raised again. */
  signal(sig, SIG_DFL);
  if (info->si_code <= 0) raise(sig);
}

static void on_fault(int sig, siginfo_t *info, void *ucv) {
  int saved_errno = errno;
  ucontext_t *uc = ucv;
  guest *g = current_guest;
  if (g && g->state == G_RUNNING && info->si_code > 0) {
    greg_t *r = uc->uc_mcontext.gregs;
    uintptr_t pc = (uintptr_t)r[REG_RIP];
    int code = -1;
    atomic_fetch_add(&readers_active, 1);
    code_region *cr = registry_find(atomic_load(&registry), pc);
    if (cr) code = trap_lookup(cr, pc);
    atomic_fetch_sub(&readers_active, 1);
    /* Backstop: the guest ran into its own stack guard page (a frame the
     * stack-limit check did not cover), in compiled code or a helper. */
    uintptr_t addr = (uintptr_t)info->si_addr, sp = (uintptr_t)r[REG_RSP];
    if (code < 0 && sig == SIGSEGV && g->guard && addr >= g->cell_lo && addr < g->cell_lo + PAGE &&
        sp >= g->cell_lo && sp < g->stack_hi)
      code = CORRAL_TRAP_STACK_OVERFLOW;
    if (code >= 0) {
      errno = saved_errno;
      /* Leave the signal frame behind and land directly: rt_sigreturn (and
       * its restore of the full register file) is about a third of a
       * fault's cost on x86-64 Linux. Nothing is left to undo: the handlers
       * are installed with SA_NODEFER and an empty sa_mask, so delivery did
       * not change the signal mask; the kernel tracks "on the alternate
       * stack" by rsp alone; the landing reloads the host's MXCSR and x87
       * control word. An alternate stack with SS_AUTODISARM would stay
       * disarmed without sigreturn, so that case returns through the kernel. */
      if (!(uc->uc_stack.ss_flags & SS_AUTODISARM)) corral_signal_escape((uint64_t)code, pc, (uintptr_t)r[REG_RBP], g);
      r[REG_RDI] = code;
      r[REG_RSI] = (greg_t)pc;
      r[REG_RDX] = r[REG_RBP];
      r[REG_RAX] = (greg_t)(uintptr_t)g; /* the runner: current_guest is what this thread entered */
      r[REG_RIP] = (greg_t)(uintptr_t)corral_signal_landing;
      return;
    }
  }
  errno = saved_errno;
  chain(sig, info, ucv);
}

static int handlers_ours(void) {
  for (size_t i = 0; i < sizeof trap_signals / sizeof *trap_signals; i++) {
    struct sigaction cur;
    if (sigaction(trap_signals[i], NULL, &cur) != 0 || !(cur.sa_flags & SA_SIGINFO) || cur.sa_sigaction != on_fault)
      return 0;
  }
  return 1;
}

/* Checking costs four sigaction syscalls (~1 µs), too much for every enter:
 * each thread rechecks at most once per HANDLER_CHECK_NS (guestCreate always
 * checks), and at once after recheckHandlers(), which src/runtime/native.ts
 * calls when a listener for one of these signals is added. */
#define HANDLER_CHECK_NS 100000000ULL /* 100 ms: a backstop for replacement by native code */
static __thread __attribute__((tls_model("initial-exec"))) uint64_t handlers_checked_at;
static __thread __attribute__((tls_model("initial-exec"))) unsigned handlers_seen_epoch;
static atomic_uint handlers_epoch; /* bumped by recheckHandlers(): every thread rechecks */

static int handlers_check_due(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
  uint64_t t = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
  unsigned epoch = atomic_load_explicit(&handlers_epoch, memory_order_relaxed);
  if (handlers_checked_at && t - handlers_checked_at < HANDLER_CHECK_NS && epoch == handlers_seen_epoch) return 0;
  handlers_checked_at = t;
  handlers_seen_epoch = epoch;
  return 1;
}

/* Installs the handlers once per process; 0 when ours are in place. */
static int ensure_handlers(napi_env env) {
  int expect = 0;
  if (atomic_compare_exchange_strong(&handlers_state, &expect, 1)) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof trap_signals / sizeof *trap_signals; i++)
      sigaction(trap_signals[i], &sa, &prev_action[trap_signals[i]]);
    atomic_store(&handlers_state, 2);
  }
  while (atomic_load(&handlers_state) != 2) sched_yield();
  if (handlers_ours()) return 0;
  throw_err(env, "ERR_CORRAL_HANDLERS",
            "Corral's fault handlers (SIGSEGV, SIGBUS, SIGILL, SIGFPE) were replaced, e.g. by process.on('SIGSEGV'); "
            "guests cannot run safely in this process");
  return -1;
}

/* Per-thread alternate signal stack, before the thread's first guest runs. */
static int ensure_altstack(napi_env env) {
  if (altstack_mem) return 0;
  stack_t cur;
  if (sigaltstack(NULL, &cur) == 0 && !(cur.ss_flags & SS_DISABLE) && cur.ss_size >= ALTSTACK_BYTES / 2) {
    altstack_mem = (void *)1; /* someone else's, large enough: use it */
    return 0;
  }
  void *p = mmap(NULL, ALTSTACK_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  stack_t ss = {.ss_sp = p, .ss_size = ALTSTACK_BYTES, .ss_flags = 0};
  if (p == MAP_FAILED || sigaltstack(&ss, NULL) != 0) {
    if (p != MAP_FAILED) munmap(p, ALTSTACK_BYTES);
    throw_err(env, "ERR_CORRAL_SYSCALL", "sigaltstack failed: %s", strerror(errno));
    return -1;
  }
  pthread_mutex_lock(&vm_mutex);
  maps_used += 1;
  pthread_mutex_unlock(&vm_mutex);
  altstack_mem = p;
  return 0;
}

static void free_altstack(void) {
  if (!altstack_mem || altstack_mem == (void *)1) return;
  stack_t ss = {.ss_flags = SS_DISABLE};
  sigaltstack(&ss, NULL);
  munmap(altstack_mem, ALTSTACK_BYTES);
  altstack_mem = NULL;
  pthread_mutex_lock(&vm_mutex);
  maps_used -= 1;
  pthread_mutex_unlock(&vm_mutex);
}

/* --------------------------------------------------------------- helpers */

/* memory_grow helper (vmctx.helpers): runs on the guest stack, called by
 * compiled code. Returns the old size in pages, or -1. Guarded mode makes the
 * new pages read-write with mprotect; checked mode only moves memory_size, so
 * pages past it must already read as zero (the pool decommits a slot when it
 * recycles it). Either way new pages are zero, as memory.grow requires. */
static uint64_t helper_memory_grow(corral_vmctx *vm, uint64_t delta_pages) {
  guest *g = (guest *)vm;
  uint64_t old = vm->memory_size;
  if (delta_pages > (vm->memory_max - old) / CORRAL_WASM_PAGE) return UINT64_MAX;
  uint64_t add = delta_pages * CORRAL_WASM_PAGE;
  if (add && g->mem_guarded) {
    char why[256];
    pthread_mutex_lock(&vm_mutex);
    const char *refused = g->mem_res ? res_protect_locked(g->mem_res, g->mem_offset + old, add, CORRAL_PROT_READ_WRITE, why, sizeof why)
                                     : "no memory bound";
    pthread_mutex_unlock(&vm_mutex);
    if (refused) return UINT64_MAX;
  }
  vm->memory_size = old + add;
  return old / CORRAL_WASM_PAGE;
}

/* ------------------------------------------------------------ guests */

static void guest_init_vm(guest *g) {
  g->vm.runner = (uint64_t)(uintptr_t)g;
  g->vm.stack_limit = g->stack_lo + CORRAL_STACK_RED_ZONE;
  g->vm.helpers[(VMCTX_HELPER_TRAP - VMCTX_HELPERS) / 8] = (uint64_t)(uintptr_t)corral_helper_trap;
  g->vm.helpers[(VMCTX_HELPER_HOSTCALL - VMCTX_HELPERS) / 8] = (uint64_t)(uintptr_t)corral_helper_hostcall;
  g->vm.helpers[(VMCTX_HELPER_YIELD - VMCTX_HELPERS) / 8] = (uint64_t)(uintptr_t)corral_helper_yield;
  g->vm.helpers[(VMCTX_HELPER_MEMORY_GROW - VMCTX_HELPERS) / 8] = (uint64_t)(uintptr_t)helper_memory_grow;
}

/* guestCreate(stackBytes, guardPage) → id. Like mmap for a thread stack: takes
 * a cell from a stack slab (lazily committed) whose top 1 KiB is the context.
 * guardPage adds a PROT_NONE page below the stack (the backstop for frames the
 * stack-limit check misses; costs a kernel mapping per cell). Installs the
 * signal handlers on first use; throws ERR_CORRAL_HANDLERS when they were
 * replaced. */
static napi_value js_guest_create(napi_env env, napi_callback_info info) {
  uint64_t stack_bytes;
  bool guard;
  if (size_and_flag(env, info, &stack_bytes, &guard)) return NULL;
  if (stack_bytes < CORRAL_STACK_RED_ZONE + PAGE || stack_bytes > (1ULL << 30))
    return throw_err(env, "ERR_CORRAL_ARGUMENT", "guestCreate: stack must be %d bytes .. 1 GiB", CORRAL_STACK_RED_ZONE + (int)PAGE);
  if (ensure_handlers(env)) return NULL;
  size_t cell_bytes = page_up(stack_bytes + CTX_BYTES) + (guard ? PAGE : 0);
  char why[256];
  const char *code;
  uint32_t cell;
  pthread_mutex_lock(&vm_mutex);
  slab *s = cell_alloc(cell_bytes, guard, &cell, &code, why, sizeof why);
  if (!s) return unlock_throw(env, code, "guestCreate: %s", why);
  pthread_mutex_unlock(&vm_mutex);
  uintptr_t lo = (uintptr_t)s->base + cell * cell_bytes, hi = lo + cell_bytes;
  guest *g = (guest *)(hi - CTX_BYTES);
  memset(g, 0, sizeof *g);
  g->cell_lo = lo;
  g->guard = guard;
  g->stack_lo = lo + (guard ? PAGE : 0);
  g->stack_hi = hi - CTX_BYTES;
  g->slab = s;
  g->cell = cell;
  g->owner = my_token();
  g->env = env;
  g->state = G_IDLE;
  guest_init_vm(g);

  pthread_mutex_lock(&table_mutex);
  uint32_t idx = UINT32_MAX;
  for (uint32_t n = 0; n < (1u << IDX_BITS); n++) {
    uint32_t i = (guest_hint + n) & ((1u << IDX_BITS) - 1);
    _Atomic(guest *) *chunk = guest_dir[i / CHUNK];
    if (!chunk) {
      chunk = calloc(CHUNK, sizeof *chunk);
      if (!chunk) break;
      __atomic_store_n(&guest_dir[i / CHUNK], chunk, __ATOMIC_RELEASE);
    }
    if (!atomic_load(&chunk[i % CHUNK])) {
      idx = i;
      break;
    }
  }
  if (idx != UINT32_MAX) {
    uint32_t gen = ++guest_gen[idx & 0xfff] & 0x3ff;
    g->id = (gen << IDX_BITS) | idx;
    atomic_store_explicit(&guest_dir[idx / CHUNK][idx % CHUNK], g, memory_order_release);
    guest_hint = idx + 1;
    guests_live++;
  }
  pthread_mutex_unlock(&table_mutex);
  if (idx == UINT32_MAX) {
    cell_free(s, cell);
    return throw_err(env, "ERR_CORRAL_STATE", "guestCreate: guest table full");
  }
  return num(env, g->id);
}

static guest *guest_arg(napi_env env, napi_value v, int owner_only) {
  uint32_t id;
  if (arg_u32(env, v, &id)) return NULL;
  guest *g = guest_lookup(id);
  if (!g) return throw_err(env, "ERR_CORRAL_ARGUMENT", "no guest %u", id), NULL;
  if (owner_only && g->owner != my_token())
    return throw_err(env, "ERR_CORRAL_THREAD", "guest %u belongs to another thread", id), NULL;
  return g;
}

/* The preamble of the guest calls: `argc` arguments into `a`, the first a
 * guest id. Its record, or NULL with the error thrown. */
static guest *guest_call(napi_env env, napi_callback_info info, size_t argc, napi_value *a, int owner_only) {
  return args(env, info, argc, a) ? NULL : guest_arg(env, a[0], owner_only);
}

/* guestContext(id) → ArrayBuffer over the guest's vmctx (VMCTX_SIZE bytes).
 * Like view(): an alias, no syscall.
 * SAFETY: the memory stays mapped for the process's life (slabs are never
 * unmapped) and guestDestroy detaches this buffer, so it cannot reach another
 * guest's context. One buffer per guest: later calls return the same one. */
static napi_value js_guest_context(napi_env env, napi_callback_info info) {
  napi_value a[1], ab = NULL;
  guest *g = guest_call(env, info, 1, a, 1);
  if (!g) return NULL;
  if (g->ctx_view && napi_get_reference_value(env, g->ctx_view, &ab) == napi_ok && ab) return ab;
  if (g->ctx_view) napi_delete_reference(env, g->ctx_view), g->ctx_view = NULL;
  if (alias_create(env, &g->vm, VMCTX_SIZE, &ab, &g->ctx_view))
    return throw_err(env, "ERR_CORRAL_SYSCALL", "guestContext: could not create an external ArrayBuffer");
  return ab;
}

/* guestAddress(id) → the guest's vmctx address (for vmctx fields that point
 * at another instance: memory_def, FuncRecord.vmctx, import entries). No
 * syscall; like reading a thread's TCB pointer. The address is stable for the
 * guest's life and is what compiled code sees in r15. */
static napi_value js_guest_address(napi_env env, napi_callback_info info) {
  napi_value a[1];
  guest *g = guest_call(env, info, 1, a, 0);
  if (!g) return NULL;
  return num(env, (double)(uintptr_t)&g->vm);
}

static void guest_unbind(guest *g) {
  if (!g->mem_res) return;
  pthread_mutex_lock(&vm_mutex);
  g->mem_res->bound_guests--;
  pthread_mutex_unlock(&vm_mutex);
  g->mem_res = NULL;
}

/* guestBindMemory(id, reservation, offset, sizeBytes, maxBytes, guarded). No
 * syscall; like setting a thread's base registers (arch_prctl(ARCH_SET_FS)).
 * Points vmctx.memory_* at [base+offset, +sizeBytes) of a reservation and
 * records what memory_grow needs (guarded: grow by mprotect; checked: the
 * range is already read-write). The caller has made [0, sizeBytes) accessible
 * and zeroed. */
static napi_value js_guest_bind_memory(napi_env env, napi_callback_info info) {
  napi_value a[6];
  uint32_t rid;
  uint64_t off, size, max;
  bool guarded = false;
  guest *g = guest_call(env, info, 6, a, 1);
  if (!g || arg_u32(env, a[1], &rid) || arg_u64(env, a[2], &off) || arg_u64(env, a[3], &size) || arg_u64(env, a[4], &max))
    return NULL;
  napi_get_value_bool(env, a[5], &guarded);
  if (g->state == G_RUNNING) return throw_err(env, "ERR_CORRAL_STATE", "guestBindMemory: guest is running");
  pthread_mutex_lock(&vm_mutex);
  reservation *r = res_get(rid);
  if (!r || off % PAGE || !inside(r, off, max) || size > max)
    return unlock_throw(env, "ERR_CORRAL_ARGUMENT", "guestBindMemory: range outside reservation %u", rid);
  r->bound_guests++;
  pthread_mutex_unlock(&vm_mutex);
  guest_unbind(g);
  g->mem_res = r;
  g->mem_offset = off;
  g->mem_guarded = guarded;
  g->vm.memory_base = (uint64_t)(uintptr_t)(r->base + off);
  g->vm.memory_size = size;
  g->vm.memory_max = max;
  return undef(env);
}

/* With table_mutex held: g runs on its own stack again. */
static void detach_locked(guest *g) {
  guest *r = g->runner;
  if (!r) return;
  guest **p = &r->attached;
  while (*p && *p != g) p = &(*p)->attached_next;
  if (*p) *p = g->attached_next;
  g->attached_next = NULL;
  g->runner = NULL;
  g->vm.runner = (uint64_t)(uintptr_t)g;
  g->vm.stack_limit = g->stack_lo + CORRAL_STACK_RED_ZONE;
}

static void guest_free(napi_env env, guest *g) {
  pthread_mutex_lock(&table_mutex);
  detach_locked(g);
  while (g->attached) detach_locked(g->attached);
  uint32_t idx = g->id & ((1u << IDX_BITS) - 1);
  atomic_store(&guest_dir[idx / CHUNK][idx % CHUNK], NULL);
  guests_live--;
  if (idx < guest_hint) guest_hint = idx;
  pthread_mutex_unlock(&table_mutex);
  guest_unbind(g);
  if (g->ctx_view && env == g->env) detach_ref(env, g->ctx_view);
  slab *s = g->slab;
  uint32_t cell = g->cell;
  uintptr_t lo = g->stack_lo, hi = (uintptr_t)s->base + (cell + 1) * s->cell_bytes;
  madvise((void *)lo, hi - lo, MADV_DONTNEED); /* zero the context, drop the stack */
  cell_free(s, cell);
}

/* guestAttach(id, runner). No syscall; like joining a thread group: the
 * instance `id` will run on `runner`'s stack, called directly from the
 * runner's code (vmctx.runner and stack_limit follow the runner; interrupts of
 * the runner reach it). guestAttach(id, id) detaches. An attached guest cannot
 * be entered itself; destroying either side detaches. Owner thread only; both
 * must be idle or the runner suspended is fine, `id` must not be running. */
static napi_value js_guest_attach(napi_env env, napi_callback_info info) {
  napi_value a[2];
  guest *g = guest_call(env, info, 2, a, 1);
  guest *r = g ? guest_arg(env, a[1], 1) : NULL;
  if (!g || !r) return NULL;
  if (g->state != G_IDLE) return throw_err(env, "ERR_CORRAL_STATE", "guestAttach: guest %u is not idle", g->id);
  if (g->attached && r != g) return throw_err(env, "ERR_CORRAL_STATE", "guestAttach: guest %u is itself a runner", g->id);
  if (r != g && r->runner) return throw_err(env, "ERR_CORRAL_STATE", "guestAttach: runner %u is attached elsewhere", r->id);
  pthread_mutex_lock(&table_mutex);
  detach_locked(g);
  if (r != g) {
    g->runner = r;
    g->attached_next = r->attached;
    r->attached = g;
    g->vm.runner = (uint64_t)(uintptr_t)r;
    g->vm.stack_limit = r->vm.stack_limit;
  }
  pthread_mutex_unlock(&table_mutex);
  return undef(env);
}

/* guestDestroy(id). Like munmap of a thread's stack: abandons any suspended
 * run (nothing on a guest stack owns resources), detaches the context view and
 * returns the cell (madvise(MADV_DONTNEED)). Owner thread only. */
static napi_value js_guest_destroy(napi_env env, napi_callback_info info) {
  napi_value a[1];
  guest *g = guest_call(env, info, 1, a, 1);
  if (!g) return NULL;
  if (g->state == G_RUNNING) return throw_err(env, "ERR_CORRAL_STATE", "guestDestroy: guest is running");
  guest_free(env, g);
  return undef(env);
}

/* Returns the stack pages below the top page (context + newest frames) to the
 * kernel: after a deep recursion, an idle guest goes back to one page. */
static int trim_stack(guest *g) {
  uintptr_t keep = g->stack_hi & ~(PAGE - 1);
  return keep > g->stack_lo ? madvise((void *)g->stack_lo, keep - g->stack_lo, MADV_DONTNEED) : 0;
}

/* Switch into g until it returns to the host; the status it left. After a
 * stack overflow the next enter trims the stack (the frames are dead and the
 * pages many, but backtrace() may still walk them until then). */
static int run_guest(guest *g) {
  guest *prev = current_guest;
  current_guest = g;
  g->state = G_RUNNING;
  corral_switch_in(g);
  current_guest = prev;
  int st = (int)g->status;
  g->state = (st == CORRAL_RUN_HOSTCALL || st == CORRAL_RUN_INTERRUPTED) ? G_SUSPENDED : G_IDLE;
  if (st == CORRAL_RUN_TRAP && g->vm.trap_code == CORRAL_TRAP_STACK_OVERFLOW) g->needs_trim = 1;
  return st;
}

static int arm_locked(guest *g, double ms);
static void disarm(guest *g);

/* guest_call with `want` arguments required and up to `max` taken (the rest
 * read as undefined); owner thread only. */
static guest *guest_call_opt(napi_env env, napi_callback_info info, size_t want, size_t max, napi_value *a) {
  size_t argc = max;
  if (napi_get_cb_info(env, info, &argc, a, NULL, NULL) != napi_ok || argc < want)
    return throw_err(env, "ERR_CORRAL_ARGUMENT", "expected %zu arguments", want), NULL;
  return guest_arg(env, a[0], 1);
}

/* The optional slice of enter and resume: a number of ms > 0 arms g's
 * interrupt deadline (as interruptAfter(id, ms) would) and makes the run's
 * end (DONE or TRAP) disarm it, so a timed call costs no interruptAfter calls
 * of its own. Absent or not positive: the deadline is left as it is (a
 * resume after a synchronous import continues the same slice). 0, or -1
 * with the error thrown. */
static int arm_slice(napi_env env, guest *g, napi_value v) {
  double ms;
  if (napi_get_value_double(env, v, &ms) != napi_ok || !(ms > 0)) return 0;
  pthread_mutex_lock(&table_mutex);
  int failed = arm_locked(g, ms);
  pthread_mutex_unlock(&table_mutex);
  if (failed) return throw_err(env, "ERR_CORRAL_SYSCALL", "enter: cannot start the timer thread"), -1;
  g->slice_armed = 1;
  return 0;
}

/* run_guest, then a run that ended disarms the slice enter/resume armed:
 * no lock (disarm). */
static int run_timed(guest *g) {
  int st = run_guest(g);
  if (g->slice_armed && (st == CORRAL_RUN_DONE || st == CORRAL_RUN_TRAP)) g->slice_armed = 0, disarm(g);
  return st;
}

static napi_value status_value(napi_env env, int st) {
  napi_value v;
  napi_create_int32(env, st, &v);
  return v;
}

/* enter(id, entry, target, sliceMs?) → status. Like a thread start: builds a fresh frame
 * at the top of the guest stack and runs `entry` (registered code) with
 * rax = target, r15 = vmctx, r14 = memory base, until DONE | TRAP | HOSTCALL |
 * INTERRUPTED. The guest must be idle (a suspended run is abandoned only by
 * end()). Owner thread only. sliceMs > 0 arms the interrupt deadline first
 * (arm_slice), disarmed when the run ends. */
static napi_value js_enter(napi_env env, napi_callback_info info) {
  napi_value a[4];
  uint64_t entry, target;
  guest *g = guest_call_opt(env, info, 3, 4, a);
  if (!g || arg_u64(env, a[1], &entry) || arg_u64(env, a[2], &target)) return NULL;
  if (g->state != G_IDLE) return throw_err(env, "ERR_CORRAL_STATE", "enter: guest %u is %s", g->id, g->state == G_RUNNING ? "running" : "suspended");
  if (g->runner) return throw_err(env, "ERR_CORRAL_STATE", "enter: guest %u is attached to guest %u", g->id, g->runner->id);
  if (!registry_contains((uintptr_t)entry))
    return throw_err(env, "ERR_CORRAL_ARGUMENT", "enter: entry 0x%llx is not in loaded code", (unsigned long long)entry);
  if (handlers_check_due() && !handlers_ours()) return ensure_handlers(env), NULL;
  if (ensure_altstack(env)) return NULL;
  if (g->needs_trim) trim_stack(g), g->needs_trim = 0;
  uint64_t *top = (uint64_t *)g->stack_hi; /* 16-aligned: CTX_BYTES and pages are */
  uint64_t *f = top - 8;
  f[0] = 0x037f00001f80ULL; /* mxcsr 0x1f80, x87 control word 0x037f */
  f[1] = (uint64_t)(uintptr_t)g;  /* r15 */
  f[2] = g->vm.memory_base;       /* r14 */
  f[3] = entry;                   /* r13 */
  f[4] = target;                  /* r12 */
  f[5] = 0;                       /* rbx */
  f[6] = 0;                       /* rbp: ends the frame-pointer chain */
  f[7] = (uint64_t)(uintptr_t)corral_guest_start;
  if (arm_slice(env, g, a[3])) return NULL;
  g->guest_sp = (uint64_t)(uintptr_t)f;
  g->vm.trap_code = CORRAL_TRAP_NONE;
  return status_value(env, run_timed(g));
}

/* resume(id, sliceMs?) → status. Continues a guest suspended in HOSTCALL or
 * INTERRUPTED (results, if any, already in the area); sliceMs as for enter. Owner thread only: throws
 * ERR_CORRAL_THREAD from another thread. The hot path: no allocation. */
static napi_value js_resume(napi_env env, napi_callback_info info) {
  napi_value a[2];
  guest *g = guest_call_opt(env, info, 1, 2, a);
  if (!g) return NULL;
  if (g->state != G_SUSPENDED) return throw_err(env, "ERR_CORRAL_STATE", "resume: guest %u is not suspended", g->id);
  if (arm_slice(env, g, a[1])) return NULL;
  return status_value(env, run_timed(g));
}

/* end(id). Abandons a suspended run (like pthread_cancel at a safe point): the
 * guest becomes idle and its stack is reused by the next enter. */
static napi_value js_end(napi_env env, napi_callback_info info) {
  napi_value a[1];
  guest *g = guest_call(env, info, 1, a, 1);
  if (!g) return NULL;
  if (g->state == G_RUNNING) return throw_err(env, "ERR_CORRAL_STATE", "end: guest is running");
  g->state = G_IDLE;
  g->slice_armed = 0; /* the abandoned run's deadline is its caller's to cancel */
  return undef(env);
}

/* trimStack(id). Like madvise(MADV_DONTNEED) on the stack below its top page:
 * returns the pages a deep recursion committed (enter does it by itself after a
 * stack_overflow trap). Idle guests only: a suspended guest's frames are live. */
static napi_value js_trim_stack(napi_env env, napi_callback_info info) {
  napi_value a[1];
  guest *g = guest_call(env, info, 1, a, 1);
  if (!g) return NULL;
  if (g->state != G_IDLE) return throw_err(env, "ERR_CORRAL_STATE", "trimStack: guest is not idle");
  g->needs_trim = 0;
  if (trim_stack(g) != 0)
    return throw_err(env, "ERR_CORRAL_SYSCALL", "trimStack: madvise failed: %s", strerror(errno));
  return undef(env);
}

/* backtrace(id) → number[]. Like backtrace(3) for a trapped guest, no syscall:
 * the trap pc, then the return addresses found by
 * walking the saved frame-pointer chain from vmctx.trap_fp, bounded by the
 * guest stack and 4096 frames. Valid until the guest is entered again. */
static napi_value js_backtrace(napi_env env, napi_callback_info info) {
  napi_value a[1], arr;
  guest *g = guest_call(env, info, 1, a, 1);
  if (!g) return NULL;
  napi_create_array(env, &arr);
  if (g->state == G_RUNNING || g->vm.trap_code == CORRAL_TRAP_NONE) return arr;
  uint32_t n = 0;
  napi_set_element(env, arr, n++, num(env, (double)g->vm.trap_pc));
  uintptr_t fp = g->vm.trap_fp;
  while (n < 4096 && fp >= g->stack_lo && fp + 16 <= g->stack_hi && !(fp & 7)) {
    uint64_t ret = ((uint64_t *)fp)[1], next = ((uint64_t *)fp)[0];
    if (!ret || !registry_contains(ret)) break;
    napi_set_element(env, arr, n++, num(env, (double)ret));
    if (next <= fp) break;
    fp = next;
  }
  return arr;
}

/* --------------------------------------------------------------- timer */

typedef struct deadline {
  uint64_t when;
  uint32_t id;
} deadline;

static pthread_cond_t timer_cond;
static deadline *heap;
static size_t heap_n, heap_cap;
static int timer_started;

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void heap_push(deadline d) {
  if (grow(&heap, &heap_cap, heap_n + 1, sizeof *heap)) return;
  size_t i = heap_n++;
  while (i && heap[(i - 1) / 2].when > d.when) heap[i] = heap[(i - 1) / 2], i = (i - 1) / 2;
  heap[i] = d;
}

static deadline heap_pop(void) {
  deadline top = heap[0], last = heap[--heap_n];
  size_t i = 0;
  for (;;) {
    size_t c = 2 * i + 1;
    if (c >= heap_n) break;
    if (c + 1 < heap_n && heap[c + 1].when < heap[c].when) c++;
    if (heap[c].when >= last.when) break;
    heap[i] = heap[c], i = c;
  }
  if (heap_n) heap[i] = last;
  return top;
}

/* With table_mutex held: raise the interrupt word of g and of every instance
 * attached to it (any of them may be the one whose code is polling). */
static void raise_interrupt(guest *g) {
  for (guest *a = g; a; a = a == g ? g->attached : a->attached_next)
    __atomic_store_n(&a->vm.interrupt, 1, __ATOMIC_RELEASE);
}

static void *timer_main(void *unused) {
  (void)unused;
  pthread_mutex_lock(&table_mutex);
  for (;;) {
    if (!heap_n) {
      pthread_cond_wait(&timer_cond, &table_mutex);
      continue;
    }
    uint64_t t = now_ns();
    if (heap[0].when > t) {
      struct timespec ts = {(time_t)(heap[0].when / 1000000000ULL), (long)(heap[0].when % 1000000000ULL)};
      pthread_cond_timedwait(&timer_cond, &table_mutex, &ts);
      continue;
    }
    deadline d = heap_pop();
    guest *g = guest_lookup(d.id); /* entries of destroyed guests fail the id check */
    if (g && g->heap_when == d.when) { /* this guest's live entry; others are stale */
      g->heap_when = 0;
      /* The owner may disarm without the lock (disarm): one read decides. */
      uint64_t when = __atomic_load_n(&g->deadline_ns, __ATOMIC_RELAXED);
      if (when && when <= t) {
        __atomic_store_n(&g->deadline_ns, 0, __ATOMIC_RELAXED);
        raise_interrupt(g);
      } else if (when) { /* re-armed later since the entry was pushed */
        g->heap_when = when;
        heap_push((deadline){when, g->id});
      }
    }
  }
  return NULL;
}

/* With table_mutex held: g's interrupt deadline becomes now + ms (ms > 0).
 * 0, or -1 when the timer thread cannot start. */
static int arm_locked(guest *g, double ms) {
  if (!timer_started) {
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&timer_cond, &ca);
    pthread_t t;
    if (pthread_create(&t, NULL, timer_main, NULL) != 0) return -1;
    pthread_detach(t);
    timer_started = 1;
  }
  if (ms > 1e12) ms = 1e12; /* ~30 years: keeps the nanosecond sum in range */
  uint64_t when = now_ns() + (uint64_t)(ms * 1e6);
  __atomic_store_n(&g->deadline_ns, when, __ATOMIC_RELAXED);
  /* One live heap entry per guest: a later deadline reuses the pending
   * entry (the timer re-pushes it when it pops early), so arming a slice on
   * every call neither grows the heap nor wakes the timer thread per call.
   * The thread is woken only when this deadline comes before its sleep. */
  if (!g->heap_when || when < g->heap_when) {
    int earliest = !heap_n || when < heap[0].when;
    g->heap_when = when;
    heap_push((deadline){when, g->id});
    if (earliest) pthread_cond_signal(&timer_cond);
  }
  return 0;
}

/* No lock needed on the owner thread (others call it under table_mutex):
 * drops g's pending deadline. The heap entry stays
 * and is dropped when it pops (it finds no deadline). A timer that read the
 * deadline just before may still raise the interrupt word, as it may when
 * the cancel takes the lock: the word is reset before the guest's next use
 * (pool.resetGuest) or makes its next run yield once. */
static void disarm(guest *g) { __atomic_store_n(&g->deadline_ns, 0, __ATOMIC_RELAXED); }

/* interruptAfter(id, ms). Like timer_settime for one guest, from any thread:
 * after ms milliseconds the timer thread sets vmctx.interrupt; ms = 0 sets it
 * now; ms < 0 cancels a pending deadline. */
static napi_value js_interrupt_after(napi_env env, napi_callback_info info) {
  napi_value a[2];
  double ms;
  uint32_t id;
  if (args(env, info, 2, a) || arg_u32(env, a[0], &id) || napi_get_value_double(env, a[1], &ms) != napi_ok) return NULL;
  pthread_mutex_lock(&table_mutex);
  guest *g = guest_lookup(id);
  if (!g) return pthread_mutex_unlock(&table_mutex), throw_err(env, "ERR_CORRAL_ARGUMENT", "no guest %u", id);
  if (ms < 0) {
    disarm(g);
  } else if (ms == 0) {
    disarm(g);
    raise_interrupt(g);
  } else if (arm_locked(g, ms)) {
    pthread_mutex_unlock(&table_mutex);
    return throw_err(env, "ERR_CORRAL_SYSCALL", "interruptAfter: cannot start the timer thread");
  }
  pthread_mutex_unlock(&table_mutex);
  return undef(env);
}

/* ------------------------------------------------------- introspection */

/* handlersInstalled() → boolean: our fault handlers are still the installed
 * ones. Like sigaction(sig, NULL, &old) for each of the four signals. */
static napi_value js_handlers_installed(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value v;
  napi_get_boolean(env, atomic_load(&handlers_state) == 2 && handlers_ours(), &v);
  return v;
}

/* recheckHandlers(). Makes every thread's next enter verify the handlers with
 * sigaction(sig, NULL, &old), whatever the time since its last check. */
static napi_value js_recheck_handlers(napi_env env, napi_callback_info info) {
  (void)info;
  atomic_fetch_add(&handlers_epoch, 1);
  return undef(env);
}

/* stats() → { mappings, mappingLimit, reservedBytes, addressLimit, guests, images }.
 * Like getrusage for the addon's own budgets; not for hot paths. */
static napi_value js_stats(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value o;
  napi_create_object(env, &o);
  pthread_mutex_lock(&vm_mutex);
  double m = (double)maps_used, lim = (double)mapping_limit(), b = (double)bytes_reserved, im = (double)images_live;
  pthread_mutex_unlock(&vm_mutex);
  pthread_mutex_lock(&table_mutex);
  double gl = (double)guests_live;
  pthread_mutex_unlock(&table_mutex);
  napi_set_named_property(env, o, "mappings", num(env, m));
  napi_set_named_property(env, o, "mappingLimit", num(env, lim));
  napi_set_named_property(env, o, "reservedBytes", num(env, b));
  napi_set_named_property(env, o, "addressLimit", num(env, (double)ADDRESS_LIMIT));
  napi_set_named_property(env, o, "guests", num(env, gl));
  napi_set_named_property(env, o, "images", num(env, im));
  return o;
}

/* testSetMappingLimit(limit) → the previous limit. Like setrlimit for the
 * addon's mapping budget (vm.max_map_count minus headroom, computed on first
 * use): lets a test reach the budget without creating 65,530 real mappings.
 * Never raises the budget above what the kernel allows: ERR_CORRAL_ARGUMENT. */
static napi_value js_test_set_mapping_limit(napi_env env, napi_callback_info info) {
  napi_value a[1];
  uint64_t lim;
  if (args(env, info, 1, a) || arg_u64(env, a[0], &lim)) return NULL;
  static long computed = -1;
  pthread_mutex_lock(&vm_mutex);
  if (computed < 0) computed = mapping_limit();
  long prev = maps_limit;
  if (lim > (uint64_t)computed)
    return unlock_throw(env, "ERR_CORRAL_ARGUMENT", "testSetMappingLimit: %llu exceeds the kernel's budget %ld", (unsigned long long)lim,
                        computed);
  maps_limit = (long)lim;
  pthread_mutex_unlock(&vm_mutex);
  return num(env, (double)prev);
}

/* testHostFault(): dereferences an unmapped address on the host stack, outside
 * any guest. Exists only so a test can prove such faults still kill the process. */
static napi_value js_test_host_fault(napi_env env, napi_callback_info info) {
  (void)info;
  volatile uintptr_t addr = 16; /* volatile: the compiler must not prove it null */
  *(volatile int *)addr = 1;
  return undef(env);
}

/* ------------------------------------------------------------ lifecycle */

/* At env (thread) exit: destroy this thread's guests, close its images,
 * release its reservations and code, free its altstack. */
static void env_cleanup(void *arg) {
  napi_env env = arg;
  uint64_t me = my_token();
  for (uint32_t c = 0; c < DIR; c++) {
    _Atomic(guest *) *chunk = __atomic_load_n(&guest_dir[c], __ATOMIC_ACQUIRE);
    for (uint32_t i = 0; chunk && i < CHUNK; i++) {
      guest *g = atomic_load(&chunk[i]);
      if (g && g->owner == me && g->env == env) guest_free(NULL, g);
    }
  }
  pthread_mutex_lock(&vm_mutex);
  for (uint32_t i = 1; i <= img_cap; i++)
    if (img_table[i - 1] && img_table[i - 1]->env == env) image_close_locked(i);
  /* Reservations and code the thread left behind (a worker that exited
   * without closing its engine): no JS of this env can run any more, and
   * its views' ArrayBuffers have no finalizer that reads them. Its view
   * records are dropped without N-API calls (the env frees its references),
   * on every reservation: a record left on another thread's reservation
   * would make that thread's protect/release refuse for good ("another
   * thread holds a view"). A reservation of this env that another thread
   * still views is left alone (a leak, not a dangling view). Guests were
   * freed above, so none is bound here. */
  for (uint32_t id = 0; id < res_cap; id++) {
    reservation *r = res_table[id];
    if (!r) continue;
    size_t foreign = sweep_views(env, r, 0, r->size, SWEEP_ENV_GONE);
    if (r->env == env && !r->bound_guests && foreign == 0) res_free_locked(id);
  }
  for (int more = 1; more;) {
    more = 0;
    snapshot *s = atomic_load(&registry);
    for (size_t i = 0; s && i < s->n; i++)
      if (s->r[i]->env == env) {
        more = code_unload_locked(s->r[i]) == 0; /* a new snapshot: look again */
        break;
      }
  }
  pthread_mutex_unlock(&vm_mutex);
  free_altstack();
}

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  static const struct {
    const char *name;
    napi_callback fn;
  } fns[] = {
      {"reserve", js_reserve},
      {"protect", js_protect},
      {"decommit", js_decommit},
      {"view", js_view},
      {"detachViews", js_detach_views},
      {"write", js_write},
      {"read", js_read},
      {"fill", js_fill},
      {"release", js_release},
      {"address", js_address},
      {"imageCreate", js_image_create},
      {"imageMap", js_image_map},
      {"imageUnmap", js_image_unmap},
      {"imageDestroy", js_image_destroy},
      {"codeLoad", js_code_load},
      {"codeAddress", js_code_address},
      {"codeUnload", js_code_unload},
      {"guestCreate", js_guest_create},
      {"guestContext", js_guest_context},
      {"guestAddress", js_guest_address},
      {"guestBindMemory", js_guest_bind_memory},
      {"guestAttach", js_guest_attach},
      {"guestDestroy", js_guest_destroy},
      {"enter", js_enter},
      {"resume", js_resume},
      {"end", js_end},
      {"trimStack", js_trim_stack},
      {"backtrace", js_backtrace},
      {"interruptAfter", js_interrupt_after},
      {"handlersInstalled", js_handlers_installed},
      {"recheckHandlers", js_recheck_handlers},
      {"stats", js_stats},
      {"testHostFault", js_test_host_fault},
      {"testSetMappingLimit", js_test_set_mapping_limit},
  };
  for (size_t i = 0; i < sizeof fns / sizeof *fns; i++) {
    napi_value f;
    napi_create_function(env, fns[i].name, NAPI_AUTO_LENGTH, fns[i].fn, NULL, &f);
    napi_set_named_property(env, exports, fns[i].name, f);
  }
  /* The contract version this addon implements (src/abi/vmctx.ts NATIVE_ABI_VERSION): the runtime refuses another. */
  napi_value version;
  napi_create_uint32(env, CORRAL_NATIVE_ABI_VERSION, &version);
  napi_set_named_property(env, exports, "abiVersion", version);
  napi_add_env_cleanup_hook(env, env_cleanup, env);
  return exports;
}
