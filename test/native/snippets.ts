// Hand-assembled x86-64 snippets that follow the guest calling contract
// (src/abi/vmctx.ts), for testing native/ before the compiler exists.
//
// Each snippet lists its bytes with the disassembly beside them (checked with
// objdump -D -b binary -mi386:x86-64) and, where an instruction may fault, the
// trap-table entry for it. loadSnippets() places them in one code region.
// Test-only: nothing in src/ imports this.

import { TrapCodeId, type TrapCode } from '../../src/abi/trap-codes.js';
import { VMCTX, areaOffset, helperOffset, type Helper } from '../../src/abi/vmctx.js';
import { native, type CodeId } from '../../src/runtime/native.js';

/** Little-endian 32-bit displacement. */
const d32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
/** disp8 of a vmctx field (the short form these snippets use for low fields). */
function d8(field: keyof typeof VMCTX): number {
  if (VMCTX[field] > 0x7f) throw new Error(`${field} needs a disp32 form`);
  return VMCTX[field];
}
const AREA = (k: number) => d32(areaOffset(k));
const HELPER = (h: Helper) => d32(helperOffset(h));

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
    0x49, 0x8b, 0xbf, ...AREA(0), //       mov rdi, [r15+area0]
    0x49, 0x8b, 0xb7, ...AREA(1), //       mov rsi, [r15+area1]
    0xff, 0xd0, //                         call rax        (return address: thunk+20)
    0x49, 0x89, 0x87, ...AREA(0), //       mov [r15+area0], rax
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
  /** loadFar(i) = u32 at heap[i + 0x7fffffff]: the largest offset a disp32 carries. */
  loadFar: {
    bytes: [
      0x55, 0x48, 0x89, 0xe5, //           push rbp; mov rbp, rsp
      0x89, 0xf8, //                       mov eax, edi
      0x41, 0x8b, 0x84, 0x06, 0xff, 0xff, 0xff, 0x7f, // mov eax, [r14+rax+0x7fffffff]   (offset 6)
      0x5d, 0xc3, //                       pop rbp; ret
    ],
    traps: [[6, 'memory_out_of_bounds']],
  },
  /** trap(code): calls the trap helper with edi = code. */
  trap: { bytes: [
    0x55, 0x48, 0x89, 0xe5, //             push rbp; mov rbp, rsp
    0x41, 0xff, 0x97, ...HELPER('trap'), // call [r15+trap]      (return address: trap+11)
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
    0x49, 0x3b, 0x67, d8('stack_limit'), // 4: cmp rsp, [r15+stack_limit]
    0x72, 0x07, //                         8: jb 17
    0xe8, 0xf1, 0xff, 0xff, 0xff, //      10: call 0
    0x5d, 0xc3, //                        15: pop rbp; ret
    0xbf, 0x09, 0, 0, 0, //               17: mov edi, 9 (stack_overflow)
    0x41, 0xff, 0x97, ...HELPER('trap'), // 22: call [r15+trap]
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
    0x49, 0x89, 0xbf, ...AREA(0), //       mov [r15+area0], rdi
    0xbf, 0x07, 0, 0, 0, //                mov edi, 7
    0x41, 0xff, 0x97, ...HELPER('hostcall'), // call [r15+hostcall]
    0x48, 0x83, 0xc0, 0x01, //             add rax, 1
    0x5d, 0xc3, //                         pop rbp; ret
  ] },
  /** Host call 0 forever (the round-trip benchmark). */
  hostLoop: { bytes: [
    0x55, 0x48, 0x89, 0xe5, //             0: push rbp; mov rbp, rsp
    0x31, 0xff, //                         4: xor edi, edi
    0x41, 0xff, 0x97, ...HELPER('hostcall'), // 6: call [r15+hostcall]
    0xeb, 0xf5, //                        13: jmp 4
  ] },
  /** Spin polling the interrupt word; after each yield, return 42 if area[1] != 0. */
  spin: { bytes: [
    0x55, 0x48, 0x89, 0xe5, //             0: push rbp; mov rbp, rsp
    0x41, 0x83, 0x7f, d8('interrupt'), 0x00, // 4: cmp dword [r15+interrupt], 0
    0x74, 0xf9, //                         9: je 4
    0x41, 0xff, 0x97, ...HELPER('yield'), // 11: call [r15+yield]
    0x49, 0x83, 0xbf, ...AREA(1), 0x00, // 18: cmp qword [r15+area1], 0
    0x74, 0xe8, //                        26: je 4
    0xb8, 0x2a, 0, 0, 0, //               28: mov eax, 42
    0x5d, 0xc3, //                        33: pop rbp; ret
  ] },
  /** grow(pages): memory_grow helper; returns the old size in pages or -1. */
  grow: { bytes: [
    0x55, 0x48, 0x89, 0xe5, //             push rbp; mov rbp, rsp
    0x48, 0x89, 0xfe, //                   mov rsi, rdi
    0x4c, 0x89, 0xff, //                   mov rdi, r15
    0x41, 0xff, 0x97, ...HELPER('memory_grow'), // call [r15+memory_grow]
    0x5d, 0xc3, //                         pop rbp; ret
  ] },
  /** Cross-instance call: r15 = area[2] (the callee's vmctx), call area[3], restore r15. */
  callOther: { bytes: [
    0x55, 0x48, 0x89, 0xe5, //             0: push rbp; mov rbp, rsp
    0x41, 0x57, //                         4: push r15
    0x48, 0x83, 0xec, 0x08, //             6: sub rsp, 8
    0x49, 0x8b, 0x87, ...AREA(3), //      10: mov rax, [r15+area3]
    0x4d, 0x8b, 0xbf, ...AREA(2), //      17: mov r15, [r15+area2]
    0xff, 0xd0, //                        24: call rax           (return address: callOther+26)
    0x48, 0x83, 0xc4, 0x08, //            26: add rsp, 8
    0x41, 0x5f, //                        30: pop r15
    0x5d, 0xc3, //                        32: pop rbp; ret
  ] },
} satisfies Record<string, Snippet>;

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
