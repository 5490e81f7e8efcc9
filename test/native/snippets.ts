// Hand-assembled x86-64 snippets that follow the guest calling contract
// (src/abi/vmctx.ts), for testing native/ before the compiler exists.
//
// Each snippet lists its bytes with the disassembly beside them (checked with
// objdump -D -b binary -mi386:x86-64) and, where an instruction may fault, the
// trap-table entry for it. loadSnippets() places them in one code region.
// Test-only: nothing in src/ imports this.

import { TrapCodeId, type TrapCode } from '../../src/abi/trap-codes.js';
import { native, type CodeId } from '../../src/runtime/native.js';

interface Snippet {
  readonly bytes: readonly number[];
  /** Faulting instructions: offset inside the snippet → trap code. */
  readonly traps?: readonly (readonly [number, TrapCode])[];
}

export const SNIPPETS = {
  /** Entry thunk for (i64, i64) → i64: area[0], area[1] → rdi, rsi; call rax; rax → area[0]. */
  thunk: { bytes: [
    0x55, //                               push rbp
    0x48, 0x89, 0xe5, //                   mov rbp, rsp
    0x49, 0x8b, 0xbf, 0x00, 0x01, 0, 0, // mov rdi, [r15+0x100]
    0x49, 0x8b, 0xb7, 0x08, 0x01, 0, 0, // mov rsi, [r15+0x108]
    0xff, 0xd0, //                         call rax        (return address: thunk+20)
    0x49, 0x89, 0x87, 0x00, 0x01, 0, 0, // mov [r15+0x100], rax
    0x5d, //                               pop rbp
    0xc3, //                               ret
  ] },
  /** add(a, b) = a + b */
  add: { bytes: [0x55, 0x48, 0x89, 0xe5, 0x48, 0x8d, 0x04, 0x37, 0x5d, 0xc3] },
  /** load(i) = u32 at heap[i] (guarded: r14 = heap base, no bounds check). */
  load: {
    bytes: [
      0x55, 0x48, 0x89, 0xe5, //           push rbp; mov rbp, rsp
      0x89, 0xf8, //                       mov eax, edi
      0x41, 0x8b, 0x04, 0x06, //           mov eax, [r14+rax]   (offset 6)
      0x5d, 0xc3, //                       pop rbp; ret
    ],
    traps: [[6, 'memory_out_of_bounds']],
  },
  /** trap(code): calls the trap helper with edi = code. */
  trap: { bytes: [
    0x55, 0x48, 0x89, 0xe5, //             push rbp; mov rbp, rsp
    0x41, 0xff, 0x97, 0x80, 0, 0, 0, //    call [r15+0x80]      (return address: trap+11)
    0xcc, //                               int3 (never reached)
  ] },
  /** div(a, b) = a / b (i32), idiv faults on b = 0. */
  div: {
    bytes: [
      0x55, 0x48, 0x89, 0xe5, //           push rbp; mov rbp, rsp
      0x89, 0xf8, //                       mov eax, edi
      0x99, //                             cdq
      0xf7, 0xfe, //                       idiv esi             (offset 7)
      0x5d, 0xc3, //                       pop rbp; ret
    ],
    traps: [[7, 'integer_divide_by_zero']],
  },
  /** Endless recursion with the prologue stack-limit check. */
  recurseChecked: { bytes: [
    0x55, 0x48, 0x89, 0xe5, //             0: push rbp; mov rbp, rsp
    0x49, 0x3b, 0x67, 0x48, //             4: cmp rsp, [r15+0x48]
    0x72, 0x07, //                         8: jb 17
    0xe8, 0xf1, 0xff, 0xff, 0xff, //      10: call 0
    0x5d, 0xc3, //                        15: pop rbp; ret
    0xbf, 0x09, 0, 0, 0, //               17: mov edi, 9 (stack_overflow)
    0x41, 0xff, 0x97, 0x80, 0, 0, 0, //   22: call [r15+0x80]
  ] },
  /** Endless recursion without a check: only the stack guard page stops it. */
  recurseUnchecked: { bytes: [
    0x55, 0x48, 0x89, 0xe5, //             0: push rbp; mov rbp, rsp
    0xe8, 0xf7, 0xff, 0xff, 0xff, //       4: call 0
    0x5d, 0xc3, //                         9: pop rbp; ret
  ] },
  /** echo(x): host call 7 with area[0] = x; returns the host's result + 1. */
  hostEcho: { bytes: [
    0x55, 0x48, 0x89, 0xe5, //             push rbp; mov rbp, rsp
    0x49, 0x89, 0xbf, 0x00, 0x01, 0, 0, // mov [r15+0x100], rdi
    0xbf, 0x07, 0, 0, 0, //                mov edi, 7
    0x41, 0xff, 0x97, 0x88, 0, 0, 0, //    call [r15+0x88]
    0x48, 0x83, 0xc0, 0x01, //             add rax, 1
    0x5d, 0xc3, //                         pop rbp; ret
  ] },
  /** Host call 0 forever (the round-trip benchmark). */
  hostLoop: { bytes: [
    0x55, 0x48, 0x89, 0xe5, //             0: push rbp; mov rbp, rsp
    0x31, 0xff, //                         4: xor edi, edi
    0x41, 0xff, 0x97, 0x88, 0, 0, 0, //    6: call [r15+0x88]
    0xeb, 0xf5, //                        13: jmp 4
  ] },
  /** Spin polling the interrupt word; after each yield, return 42 if area[1] != 0. */
  spin: { bytes: [
    0x55, 0x48, 0x89, 0xe5, //             0: push rbp; mov rbp, rsp
    0x41, 0x83, 0x7f, 0x50, 0x00, //       4: cmp dword [r15+0x50], 0
    0x74, 0xf9, //                         9: je 4
    0x41, 0xff, 0x97, 0x90, 0, 0, 0, //   11: call [r15+0x90]  (yield)
    0x49, 0x83, 0xbf, 0x08, 0x01, 0, 0, 0x00, // 18: cmp qword [r15+0x108], 0
    0x74, 0xe8, //                        26: je 4
    0xb8, 0x2a, 0, 0, 0, //               28: mov eax, 42
    0x5d, 0xc3, //                        33: pop rbp; ret
  ] },
  /** grow(pages): memory_grow helper; returns the old size in pages or -1. */
  grow: { bytes: [
    0x55, 0x48, 0x89, 0xe5, //             push rbp; mov rbp, rsp
    0x48, 0x89, 0xfe, //                   mov rsi, rdi
    0x4c, 0x89, 0xff, //                   mov rdi, r15
    0x41, 0xff, 0x97, 0x98, 0, 0, 0, //    call [r15+0x98]
    0x5d, 0xc3, //                         pop rbp; ret
  ] },
} as const satisfies Record<string, Snippet>;

export type SnippetName = keyof typeof SNIPPETS;

export interface LoadedSnippets {
  readonly code: CodeId;
  readonly base: number;
  readonly offset: Readonly<Record<SnippetName, number>>;
  addr(name: SnippetName): number;
  readonly bytes: Uint8Array;
}

/** Lays the snippets out 16-byte aligned in one region with their trap table. */
export function assembleSnippets(): { bytes: Uint8Array; offset: Record<SnippetName, number>; trapOffsets: Uint32Array; trapCodes: Uint8Array } {
  const out: number[] = [];
  const offset = {} as Record<SnippetName, number>;
  const traps: [number, number][] = [];
  for (const [name, s] of Object.entries(SNIPPETS) as [SnippetName, Snippet][]) {
    while (out.length % 16) out.push(0xcc);
    offset[name] = out.length;
    for (const [off, code] of s.traps ?? []) traps.push([out.length + off, TrapCodeId[code]]);
    out.push(...s.bytes);
  }
  return {
    bytes: Uint8Array.from(out),
    offset,
    trapOffsets: Uint32Array.from(traps.map((t) => t[0])),
    trapCodes: Uint8Array.from(traps.map((t) => t[1])),
  };
}

export function loadSnippets(): LoadedSnippets {
  const a = assembleSnippets();
  const code = native.codeLoad(a.bytes, a.trapOffsets, a.trapCodes);
  const base = native.codeAddress(code);
  return { code, base, offset: a.offset, bytes: a.bytes, addr: (n) => base + a.offset[n] };
}
