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
;;   0010  jb 0x3c
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x4d
;;   0030  mov %edi,%eax
;;   0032  cmp %esi,%eax
;;   0034  setl %al
;;   0037  movzbl %al,%eax
;;   003a  leave
;;   003b  ret
;;   003c  call 0x41
;;   0041  mov $0x9,%edi
;;   0046  jmp *0x100(%r15)
;;   004d  call *0x110(%r15)
;;   0054  mov -0x20(%rbp),%esi
;;   0057  mov -0x18(%rbp),%edi
;;   005a  jmp 0x30
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x3a
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x4b
;;   002c  mov %rdi,%rax
;;   002f  test %rax,%rax
;;   0032  sete %al
;;   0035  movzbl %al,%eax
;;   0038  leave
;;   0039  ret
;;   003a  call 0x3f
;;   003f  mov $0x9,%edi
;;   0044  jmp *0x100(%r15)
;;   004b  call *0x110(%r15)
;;   0052  mov -0x18(%rbp),%rdi
;;   0056  jmp 0x2c
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x39
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x4a
;;   002c  mov %edi,%eax
;;   002e  cmp $0x64,%eax
;;   0031  setae %al
;;   0034  movzbl %al,%eax
;;   0037  leave
;;   0038  ret
;;   0039  call 0x3e
;;   003e  mov $0x9,%edi
;;   0043  jmp *0x100(%r15)
;;   004a  call *0x110(%r15)
;;   0051  mov -0x18(%rbp),%edi
;;   0054  jmp 0x2c
;; ==== checked ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x3c
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x4d
;;   0030  mov %edi,%eax
;;   0032  cmp %esi,%eax
;;   0034  setl %al
;;   0037  movzbl %al,%eax
;;   003a  leave
;;   003b  ret
;;   003c  call 0x41
;;   0041  mov $0x9,%edi
;;   0046  jmp *0x100(%r15)
;;   004d  call *0x110(%r15)
;;   0054  mov -0x20(%rbp),%esi
;;   0057  mov -0x18(%rbp),%edi
;;   005a  jmp 0x30
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x3a
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x4b
;;   002c  mov %rdi,%rax
;;   002f  test %rax,%rax
;;   0032  sete %al
;;   0035  movzbl %al,%eax
;;   0038  leave
;;   0039  ret
;;   003a  call 0x3f
;;   003f  mov $0x9,%edi
;;   0044  jmp *0x100(%r15)
;;   004b  call *0x110(%r15)
;;   0052  mov -0x18(%rbp),%rdi
;;   0056  jmp 0x2c
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x39
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x4a
;;   002c  mov %edi,%eax
;;   002e  cmp $0x64,%eax
;;   0031  setae %al
;;   0034  movzbl %al,%eax
;;   0037  leave
;;   0038  ret
;;   0039  call 0x3e
;;   003e  mov $0x9,%edi
;;   0043  jmp *0x100(%r15)
;;   004a  call *0x110(%r15)
;;   0051  mov -0x18(%rbp),%edi
;;   0054  jmp 0x2c
