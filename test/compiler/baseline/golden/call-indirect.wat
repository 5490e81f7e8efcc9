;; call_indirect: table bound, null and signature checks, then a call through the FuncRecord in the callee's instance.
(module
  (type $t (func (param i32) (result i32)))
  (table 4 funcref)
  (func (param i32 i32) (result i32) (call_indirect (type $t) (local.get 0) (local.get 1))))
;; ==== guarded ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x84
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0xb4
;;   0030  mov -0x20(%rbp),%r10d
;;   0034  mov -0x18(%rbp),%edi
;;   0037  mov 0x28(%r15),%r11
;;   003b  mov (%r11),%r11
;;   003e  cmp 0x8(%r11),%r10d
;;   0042  jae 0x90
;;   0048  mov (%r11),%r11
;;   004b  mov (%r11,%r10,8),%rax
;;   004f  test %rax,%rax
;;   0052  je 0x9c
;;   0058  mov 0x40(%r15),%r11
;;   005c  mov (%r11),%r11d
;;   005f  cmp 0x10(%rax),%r11d
;;   0063  jne 0xa8
;;   0069  mov %r15,-0x8(%rbp)
;;   006d  mov %r14,-0x10(%rbp)
;;   0071  mov 0x8(%rax),%r15
;;   0075  mov (%r15),%r14
;;   0078  call *(%rax)
;;   007a  mov -0x8(%rbp),%r15
;;   007e  mov -0x10(%rbp),%r14
;;   0082  leave
;;   0083  ret
;;   0084  mov $0x9,%edi
;;   0089  call *0x100(%r15)
;;   0090  mov $0x10,%edi
;;   0095  call *0x100(%r15)
;;   009c  mov $0x4,%edi
;;   00a1  call *0x100(%r15)
;;   00a8  mov $0x5,%edi
;;   00ad  call *0x100(%r15)
;;   00b4  call *0x110(%r15)
;;   00bb  jmp 0x30
;; ==== checked ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x84
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0xb4
;;   0030  mov -0x20(%rbp),%r10d
;;   0034  mov -0x18(%rbp),%edi
;;   0037  mov 0x28(%r15),%r11
;;   003b  mov (%r11),%r11
;;   003e  cmp 0x8(%r11),%r10d
;;   0042  jae 0x90
;;   0048  mov (%r11),%r11
;;   004b  mov (%r11,%r10,8),%rax
;;   004f  test %rax,%rax
;;   0052  je 0x9c
;;   0058  mov 0x40(%r15),%r11
;;   005c  mov (%r11),%r11d
;;   005f  cmp 0x10(%rax),%r11d
;;   0063  jne 0xa8
;;   0069  mov %r15,-0x8(%rbp)
;;   006d  mov %r14,-0x10(%rbp)
;;   0071  mov 0x8(%rax),%r15
;;   0075  mov (%r15),%r14
;;   0078  call *(%rax)
;;   007a  mov -0x8(%rbp),%r15
;;   007e  mov -0x10(%rbp),%r14
;;   0082  leave
;;   0083  ret
;;   0084  mov $0x9,%edi
;;   0089  call *0x100(%r15)
;;   0090  mov $0x10,%edi
;;   0095  call *0x100(%r15)
;;   009c  mov $0x4,%edi
;;   00a1  call *0x100(%r15)
;;   00a8  mov $0x5,%edi
;;   00ad  call *0x100(%r15)
;;   00b4  call *0x110(%r15)
;;   00bb  jmp 0x30
