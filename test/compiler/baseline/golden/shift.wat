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
;;   0010  jb 0x34
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x40
;;   002c  mov -0x18(%rbp),%eax
;;   002f  shl $0x3,%eax
;;   0032  leave
;;   0033  ret
;;   0034  mov $0x9,%edi
;;   0039  call *0x100(%r15)
;;   0040  call *0x110(%r15)
;;   0047  jmp 0x2c
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x3d
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x49
;;   0030  mov -0x20(%rbp),%rcx
;;   0034  mov -0x18(%rbp),%rax
;;   0038  sar %cl,%rax
;;   003b  leave
;;   003c  ret
;;   003d  mov $0x9,%edi
;;   0042  call *0x100(%r15)
;;   0049  call *0x110(%r15)
;;   0050  jmp 0x30
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x3a
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x46
;;   0030  mov -0x20(%rbp),%ecx
;;   0033  mov -0x18(%rbp),%eax
;;   0036  rol %cl,%eax
;;   0038  leave
;;   0039  ret
;;   003a  mov $0x9,%edi
;;   003f  call *0x100(%r15)
;;   0046  call *0x110(%r15)
;;   004d  jmp 0x30
;; ==== checked ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x34
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x40
;;   002c  mov -0x18(%rbp),%eax
;;   002f  shl $0x3,%eax
;;   0032  leave
;;   0033  ret
;;   0034  mov $0x9,%edi
;;   0039  call *0x100(%r15)
;;   0040  call *0x110(%r15)
;;   0047  jmp 0x2c
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x3d
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x49
;;   0030  mov -0x20(%rbp),%rcx
;;   0034  mov -0x18(%rbp),%rax
;;   0038  sar %cl,%rax
;;   003b  leave
;;   003c  ret
;;   003d  mov $0x9,%edi
;;   0042  call *0x100(%r15)
;;   0049  call *0x110(%r15)
;;   0050  jmp 0x30
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x3a
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x46
;;   0030  mov -0x20(%rbp),%ecx
;;   0033  mov -0x18(%rbp),%eax
;;   0036  rol %cl,%eax
;;   0038  leave
;;   0039  ret
;;   003a  mov $0x9,%edi
;;   003f  call *0x100(%r15)
;;   0046  call *0x110(%r15)
;;   004d  jmp 0x30
