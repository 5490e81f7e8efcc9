/*
 * The context switch and the helpers compiled code calls: x86-64, System V.
 *
 * Every saved context is this frame, lowest address first (64 bytes):
 *     [mxcsr:4 | x87 cw:2 | pad:2] r15 r14 r13 r12 rbx rbp <return address>
 * A switch pushes the frame on the current stack, stores rsp in the guest
 * record (host_sp or guest_sp), loads the other stack's rsp and pops its frame.
 *
 * r15 holds the running instance's vmctx; its `runner` field points at the
 * guest record (native/corral.c, struct guest) whose stack is in use — the
 * same vmctx, or another one when instances call each other directly. The
 * record begins with its vmctx, so the private switch fields are at fixed
 * offsets past VMCTX_SIZE (checked there with _Static_assert). The helpers
 * keep the record in rax. Nothing here touches thread-local storage or calls C.
 */
#include "abi.h"

#define G_HOST_SP  (VMCTX_SIZE + 0)
#define G_GUEST_SP (VMCTX_SIZE + 8)
#define G_STATUS   (VMCTX_SIZE + 16)

        .intel_syntax noprefix
        .text

/* Push a saved frame on the current stack, store rsp at [rec + save], load
 * rsp from [rec + load] and return into the frame saved there: the one stack
 * switch, of which restore_frame below is the second half. */
.macro switch_stacks rec, save, load
        push    rbp
        push    rbx
        push    r12
        push    r13
        push    r14
        push    r15
        sub     rsp, 8
        stmxcsr [rsp]
        fnstcw  [rsp + 4]
        mov     [\rec + \save], rsp
        mov     rsp, [\rec + \load]
        jmp     restore_frame
.endm

/* Leave the guest stack for good (rax = the runner's record): record
 * `status` and return into the host's saved frame. */
.macro abandon_to_host status
        mov     qword ptr [rax + G_STATUS], \status
        mov     rsp, [rax + G_HOST_SP]
        jmp     restore_frame
.endm

/* Pop a saved frame from rsp and return into it. */
        .p2align 4
restore_frame:
        /* ldmxcsr and fldcw are slow (serializing); skip them when the state
         * already matches, which is almost always. rax is caller-saved at
         * every place this returns to. Scratch below rsp is safe: signals
         * run on the alternate stack. */
        stmxcsr [rsp - 8]
        mov     eax, [rsp]
        cmp     eax, [rsp - 8]
        je      1f
        ldmxcsr [rsp]
1:      fnstcw  [rsp - 8]
        mov     ax, [rsp + 4]
        cmp     ax, [rsp - 8]
        je      2f
        fldcw   [rsp + 4]
2:      add     rsp, 8
        pop     r15
        pop     r14
        pop     r13
        pop     r12
        pop     rbx
        pop     rbp
        ret

/* void corral_switch_in(struct guest *g): C (host stack) → guest. Returns to
 * the C caller when the guest finishes, traps or suspends; g->status says which. */
        .globl  corral_switch_in
        .hidden corral_switch_in
        .type   corral_switch_in, @function
        .p2align 4
corral_switch_in:
        switch_stacks rdi, G_HOST_SP, G_GUEST_SP
        .size   corral_switch_in, . - corral_switch_in

/* Save the guest's frame on its own stack and return to the host. rax = the
 * runner's record. Called (not jumped to), so the frame's return address
 * resumes the caller, with r15 restored to whichever vmctx was current. */
        .p2align 4
suspend_to_host:
        switch_stacks rax, G_GUEST_SP, G_HOST_SP

/* First code on a fresh guest stack (the initial frame returns here):
 * r13 = entry thunk, r12 = target, r15 = vmctx, r14 = memory base. */
        .globl  corral_guest_start
        .hidden corral_guest_start
        .type   corral_guest_start, @function
        .p2align 4
corral_guest_start:
        mov     rax, r12
        call    r13
        mov     rax, [r15 + VMCTX_RUNNER]   /* r15 is callee-saved: the runner's own vmctx again */
        abandon_to_host CORRAL_RUN_DONE
        .size   corral_guest_start, . - corral_guest_start

/* helper hostcall: edi = import index; arguments already in r15's area. */
        .globl  corral_helper_hostcall
        .hidden corral_helper_hostcall
        .type   corral_helper_hostcall, @function
        .p2align 4
corral_helper_hostcall:
        mov     rax, [r15 + VMCTX_RUNNER]
        mov     edi, edi
        mov     [rax + VMCTX_HOSTCALL_INDEX], rdi
        mov     [rax + VMCTX_HOSTCALL_VMCTX], r15
        mov     qword ptr [rax + G_STATUS], CORRAL_RUN_HOSTCALL
        call    suspend_to_host
        mov     rax, [r15 + VMCTX_AREA]
        movq    xmm0, rax
        ret
        .size   corral_helper_hostcall, . - corral_helper_hostcall

/* helper yield: the interrupt word was seen non-zero. Clear it and suspend.
 * Unlike the other helpers it returns with every register as it was (all but
 * the flags): a poll stub is then just `call; jmp back`, with no reload of the
 * locals compiled code caches in registers. The switch keeps the callee-saved
 * registers; the caller-saved ones (the host clobbers them) are kept here, on
 * the guest stack below the suspended frame, within the red zone (9 * 8 +
 * 16 * 16 bytes). A run abandoned while suspended here (deadline, kill) just
 * leaves them on the dead stack. */
.set YIELD_XMM_BYTES, 16 * 16
        .globl  corral_helper_yield
        .hidden corral_helper_yield
        .type   corral_helper_yield, @function
        .p2align 4
corral_helper_yield:
        push    rax
        push    rcx
        push    rdx
        push    rsi
        push    rdi
        push    r8
        push    r9
        push    r10
        push    r11
        sub     rsp, YIELD_XMM_BYTES        /* rsp ≡ 0 mod 16 again when the caller's was before its call */
        movups  [rsp + 0x00], xmm0
        movups  [rsp + 0x10], xmm1
        movups  [rsp + 0x20], xmm2
        movups  [rsp + 0x30], xmm3
        movups  [rsp + 0x40], xmm4
        movups  [rsp + 0x50], xmm5
        movups  [rsp + 0x60], xmm6
        movups  [rsp + 0x70], xmm7
        movups  [rsp + 0x80], xmm8
        movups  [rsp + 0x90], xmm9
        movups  [rsp + 0xa0], xmm10
        movups  [rsp + 0xb0], xmm11
        movups  [rsp + 0xc0], xmm12
        movups  [rsp + 0xd0], xmm13
        movups  [rsp + 0xe0], xmm14
        movups  [rsp + 0xf0], xmm15
        mov     rax, [r15 + VMCTX_RUNNER]
        mov     dword ptr [r15 + VMCTX_INTERRUPT], 0
        mov     dword ptr [rax + VMCTX_INTERRUPT], 0
        mov     qword ptr [rax + G_STATUS], CORRAL_RUN_INTERRUPTED
        call    suspend_to_host
        movups  xmm0, [rsp + 0x00]
        movups  xmm1, [rsp + 0x10]
        movups  xmm2, [rsp + 0x20]
        movups  xmm3, [rsp + 0x30]
        movups  xmm4, [rsp + 0x40]
        movups  xmm5, [rsp + 0x50]
        movups  xmm6, [rsp + 0x60]
        movups  xmm7, [rsp + 0x70]
        movups  xmm8, [rsp + 0x80]
        movups  xmm9, [rsp + 0x90]
        movups  xmm10, [rsp + 0xa0]
        movups  xmm11, [rsp + 0xb0]
        movups  xmm12, [rsp + 0xc0]
        movups  xmm13, [rsp + 0xd0]
        movups  xmm14, [rsp + 0xe0]
        movups  xmm15, [rsp + 0xf0]
        add     rsp, YIELD_XMM_BYTES
        pop     r11
        pop     r10
        pop     r9
        pop     r8
        pop     rdi
        pop     rsi
        pop     rdx
        pop     rcx
        pop     rax
        ret
        .size   corral_helper_yield, . - corral_helper_yield

/* helper trap: edi = trap code; the return address is the trap pc. Never returns. */
        .globl  corral_helper_trap
        .hidden corral_helper_trap
        .type   corral_helper_trap, @function
        .p2align 4
corral_helper_trap:
        mov     rsi, [rsp]
        mov     rdx, rbp
        mov     rax, [r15 + VMCTX_RUNNER]
        /* fall through */

/* Signal landing: the handler rewrites the faulting context to resume here with
 * edi = trap code, rsi = pc, rdx = fp, rax = the runner's record (r15 is left
 * as it was). rsp may point into a guard page (stack overflow), so nothing
 * here touches the guest stack. */
        .globl  corral_signal_landing
        .hidden corral_signal_landing
corral_signal_landing:
        mov     rcx, rdi
        shr     rcx, 32                     /* the detail: rdi's upper half (0 from the handler) */
        mov     [rax + VMCTX_TRAP_DETAIL], rcx
        mov     edi, edi
        mov     [rax + VMCTX_TRAP_CODE], rdi
        mov     [rax + VMCTX_TRAP_PC], rsi
        mov     [rax + VMCTX_TRAP_FP], rdx
        abandon_to_host CORRAL_RUN_TRAP
        .size   corral_helper_trap, . - corral_helper_trap

/* void corral_signal_escape(code, pc, fp, struct guest *g): called by the
 * fault handler, on the alternate signal stack, instead of returning through
 * rt_sigreturn; lands as above with the same registers. Never returns. */
        .globl  corral_signal_escape
        .hidden corral_signal_escape
        .type   corral_signal_escape, @function
corral_signal_escape:
        mov     rax, rcx
        jmp     corral_signal_landing
        .size   corral_signal_escape, . - corral_signal_escape

        .section .note.GNU-stack,"",@progbits
