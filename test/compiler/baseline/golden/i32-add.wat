;; i32.add: register + register, + constant (immediate form), + local (memory operand).
(module
  (func (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (param i32) (result i32) (i32.add (local.get 0) (i32.const 7)))
  (func (param i32 i32) (result i32) (i32.add (i32.mul (local.get 0) (local.get 0)) (local.get 1))))
;; ==== guarded ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x35
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x46
;;   0030  lea (%rdi,%rsi,1),%eax
;;   0033  leave
;;   0034  ret
;;   0035  call 0x3a
;;   003a  mov $0x9,%edi
;;   003f  jmp *0x100(%r15)
;;   0046  call *0x110(%r15)
;;   004d  jmp 0x30
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x31
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x42
;;   002c  lea 0x7(%rdi),%eax
;;   002f  leave
;;   0030  ret
;;   0031  call 0x36
;;   0036  mov $0x9,%edi
;;   003b  jmp *0x100(%r15)
;;   0042  call *0x110(%r15)
;;   0049  jmp 0x2c
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x39
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x4a
;;   0030  mov %edi,%eax
;;   0032  imul %edi,%eax
;;   0035  add %esi,%eax
;;   0037  leave
;;   0038  ret
;;   0039  call 0x3e
;;   003e  mov $0x9,%edi
;;   0043  jmp *0x100(%r15)
;;   004a  call *0x110(%r15)
;;   0051  jmp 0x30
;; ==== checked ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x35
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x46
;;   0030  lea (%rdi,%rsi,1),%eax
;;   0033  leave
;;   0034  ret
;;   0035  call 0x3a
;;   003a  mov $0x9,%edi
;;   003f  jmp *0x100(%r15)
;;   0046  call *0x110(%r15)
;;   004d  jmp 0x30
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x31
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x42
;;   002c  lea 0x7(%rdi),%eax
;;   002f  leave
;;   0030  ret
;;   0031  call 0x36
;;   0036  mov $0x9,%edi
;;   003b  jmp *0x100(%r15)
;;   0042  call *0x110(%r15)
;;   0049  jmp 0x2c
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x39
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x4a
;;   0030  mov %edi,%eax
;;   0032  imul %edi,%eax
;;   0035  add %esi,%eax
;;   0037  leave
;;   0038  ret
;;   0039  call 0x3e
;;   003e  mov $0x9,%edi
;;   0043  jmp *0x100(%r15)
;;   004a  call *0x110(%r15)
;;   0051  jmp 0x30
