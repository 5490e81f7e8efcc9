;; Comparisons produce 0/1 with setcc + movzx; eqz tests the register.
(module
  (func (param i32 i32) (result i32) (i32.lt_s (local.get 0) (local.get 1)))
  (func (param i64) (result i32) (i64.eqz (local.get 0)))
  (func (param i32) (result i32) (i32.ge_u (local.get 0) (i32.const 100))))
;; ==== guarded ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x3e
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x4a
;;   0030  mov -0x18(%rbp),%eax
;;   0033  cmp -0x20(%rbp),%eax
;;   0036  setl %al
;;   0039  movzbl %al,%eax
;;   003c  leave
;;   003d  ret
;;   003e  mov $0x9,%edi
;;   0043  call *0x100(%r15)
;;   004a  call *0x110(%r15)
;;   0051  jmp 0x30
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x3b
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x47
;;   002c  mov -0x18(%rbp),%rax
;;   0030  test %rax,%rax
;;   0033  sete %al
;;   0036  movzbl %al,%eax
;;   0039  leave
;;   003a  ret
;;   003b  mov $0x9,%edi
;;   0040  call *0x100(%r15)
;;   0047  call *0x110(%r15)
;;   004e  jmp 0x2c
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x3a
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x46
;;   002c  mov -0x18(%rbp),%eax
;;   002f  cmp $0x64,%eax
;;   0032  setae %al
;;   0035  movzbl %al,%eax
;;   0038  leave
;;   0039  ret
;;   003a  mov $0x9,%edi
;;   003f  call *0x100(%r15)
;;   0046  call *0x110(%r15)
;;   004d  jmp 0x2c
;; ==== checked ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x3e
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x4a
;;   0030  mov -0x18(%rbp),%eax
;;   0033  cmp -0x20(%rbp),%eax
;;   0036  setl %al
;;   0039  movzbl %al,%eax
;;   003c  leave
;;   003d  ret
;;   003e  mov $0x9,%edi
;;   0043  call *0x100(%r15)
;;   004a  call *0x110(%r15)
;;   0051  jmp 0x30
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x3b
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x47
;;   002c  mov -0x18(%rbp),%rax
;;   0030  test %rax,%rax
;;   0033  sete %al
;;   0036  movzbl %al,%eax
;;   0039  leave
;;   003a  ret
;;   003b  mov $0x9,%edi
;;   0040  call *0x100(%r15)
;;   0047  call *0x110(%r15)
;;   004e  jmp 0x2c
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x3a
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x46
;;   002c  mov -0x18(%rbp),%eax
;;   002f  cmp $0x64,%eax
;;   0032  setae %al
;;   0035  movzbl %al,%eax
;;   0038  leave
;;   0039  ret
;;   003a  mov $0x9,%edi
;;   003f  call *0x100(%r15)
;;   0046  call *0x110(%r15)
;;   004d  jmp 0x2c
