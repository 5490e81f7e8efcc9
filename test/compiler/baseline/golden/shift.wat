;; Shifts: constant counts use the immediate form, variable counts go through cl.
(module
  (func (param i32) (result i32) (i32.shl (local.get 0) (i32.const 3)))
  (func (param i64 i64) (result i64) (i64.shr_s (local.get 0) (local.get 1)))
  (func (param i32 i32) (result i32) (i32.rotl (local.get 0) (local.get 1))))
;; ==== guarded ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x33
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x44
;;   002c  mov %edi,%eax
;;   002e  shl $0x3,%eax
;;   0031  leave
;;   0032  ret
;;   0033  call 0x38
;;   0038  mov $0x9,%edi
;;   003d  jmp *0x100(%r15)
;;   0044  call *0x110(%r15)
;;   004b  jmp 0x2c
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x3b
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x4c
;;   0030  mov %rsi,%rcx
;;   0033  mov %rdi,%rax
;;   0036  sar %cl,%rax
;;   0039  leave
;;   003a  ret
;;   003b  call 0x40
;;   0040  mov $0x9,%edi
;;   0045  jmp *0x100(%r15)
;;   004c  call *0x110(%r15)
;;   0053  jmp 0x30
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x38
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x49
;;   0030  mov %esi,%ecx
;;   0032  mov %edi,%eax
;;   0034  rol %cl,%eax
;;   0036  leave
;;   0037  ret
;;   0038  call 0x3d
;;   003d  mov $0x9,%edi
;;   0042  jmp *0x100(%r15)
;;   0049  call *0x110(%r15)
;;   0050  jmp 0x30
;; ==== checked ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x33
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x44
;;   002c  mov %edi,%eax
;;   002e  shl $0x3,%eax
;;   0031  leave
;;   0032  ret
;;   0033  call 0x38
;;   0038  mov $0x9,%edi
;;   003d  jmp *0x100(%r15)
;;   0044  call *0x110(%r15)
;;   004b  jmp 0x2c
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x3b
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x4c
;;   0030  mov %rsi,%rcx
;;   0033  mov %rdi,%rax
;;   0036  sar %cl,%rax
;;   0039  leave
;;   003a  ret
;;   003b  call 0x40
;;   0040  mov $0x9,%edi
;;   0045  jmp *0x100(%r15)
;;   004c  call *0x110(%r15)
;;   0053  jmp 0x30
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x38
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x49
;;   0030  mov %esi,%ecx
;;   0032  mov %edi,%eax
;;   0034  rol %cl,%eax
;;   0036  leave
;;   0037  ret
;;   0038  call 0x3d
;;   003d  mov $0x9,%edi
;;   0042  jmp *0x100(%r15)
;;   0049  call *0x110(%r15)
;;   0050  jmp 0x30
