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
;;   0010  jb 0x3a
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x4b
;;   0030  cmp %esi,%edi
;;   0032  setl %al
;;   0035  movzbl %al,%eax
;;   0038  leave
;;   0039  ret
;;   003a  call 0x3f
;;   003f  mov $0x9,%edi
;;   0044  jmp *0x100(%r15)
;;   004b  call *0x110(%r15)
;;   0052  jmp 0x30
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x37
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x48
;;   002c  test %rdi,%rdi
;;   002f  sete %al
;;   0032  movzbl %al,%eax
;;   0035  leave
;;   0036  ret
;;   0037  call 0x3c
;;   003c  mov $0x9,%edi
;;   0041  jmp *0x100(%r15)
;;   0048  call *0x110(%r15)
;;   004f  jmp 0x2c
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x37
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x48
;;   002c  cmp $0x64,%edi
;;   002f  setae %al
;;   0032  movzbl %al,%eax
;;   0035  leave
;;   0036  ret
;;   0037  call 0x3c
;;   003c  mov $0x9,%edi
;;   0041  jmp *0x100(%r15)
;;   0048  call *0x110(%r15)
;;   004f  jmp 0x2c
;; ==== checked ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x3a
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x4b
;;   0030  cmp %esi,%edi
;;   0032  setl %al
;;   0035  movzbl %al,%eax
;;   0038  leave
;;   0039  ret
;;   003a  call 0x3f
;;   003f  mov $0x9,%edi
;;   0044  jmp *0x100(%r15)
;;   004b  call *0x110(%r15)
;;   0052  jmp 0x30
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x37
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x48
;;   002c  test %rdi,%rdi
;;   002f  sete %al
;;   0032  movzbl %al,%eax
;;   0035  leave
;;   0036  ret
;;   0037  call 0x3c
;;   003c  mov $0x9,%edi
;;   0041  jmp *0x100(%r15)
;;   0048  call *0x110(%r15)
;;   004f  jmp 0x2c
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x37
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x48
;;   002c  cmp $0x64,%edi
;;   002f  setae %al
;;   0032  movzbl %al,%eax
;;   0035  leave
;;   0036  ret
;;   0037  call 0x3c
;;   003c  mov $0x9,%edi
;;   0041  jmp *0x100(%r15)
;;   0048  call *0x110(%r15)
;;   004f  jmp 0x2c
