(module
  ;; 0 - x (C's unary minus) is neg in x's register
  (func (param i32) (result i32) (i32.sub (i32.const 0) (local.get 0)))
  (func (param i64) (result i64) (i64.sub (i64.const 0) (i64.mul (local.get 0) (local.get 0))))
  ;; a non-zero constant on the left stays a sub
  (func (param i32) (result i32) (i32.sub (i32.const 5) (local.get 0))))
;; ==== guarded ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x32
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x43
;;   002c  mov %edi,%eax
;;   002e  neg %eax
;;   0030  leave
;;   0031  ret
;;   0032  call 0x37
;;   0037  mov $0x9,%edi
;;   003c  jmp *0x100(%r15)
;;   0043  call *0x110(%r15)
;;   004a  jmp 0x2c
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x38
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x49
;;   002c  mov %rdi,%rax
;;   002f  imul %rdi,%rax
;;   0033  neg %rax
;;   0036  leave
;;   0037  ret
;;   0038  call 0x3d
;;   003d  mov $0x9,%edi
;;   0042  jmp *0x100(%r15)
;;   0049  call *0x110(%r15)
;;   0050  jmp 0x2c
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x35
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x46
;;   002c  mov $0x5,%eax
;;   0031  sub %edi,%eax
;;   0033  leave
;;   0034  ret
;;   0035  call 0x3a
;;   003a  mov $0x9,%edi
;;   003f  jmp *0x100(%r15)
;;   0046  call *0x110(%r15)
;;   004d  jmp 0x2c
;; ==== checked ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x32
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x43
;;   002c  mov %edi,%eax
;;   002e  neg %eax
;;   0030  leave
;;   0031  ret
;;   0032  call 0x37
;;   0037  mov $0x9,%edi
;;   003c  jmp *0x100(%r15)
;;   0043  call *0x110(%r15)
;;   004a  jmp 0x2c
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x38
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x49
;;   002c  mov %rdi,%rax
;;   002f  imul %rdi,%rax
;;   0033  neg %rax
;;   0036  leave
;;   0037  ret
;;   0038  call 0x3d
;;   003d  mov $0x9,%edi
;;   0042  jmp *0x100(%r15)
;;   0049  call *0x110(%r15)
;;   0050  jmp 0x2c
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x35
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x46
;;   002c  mov $0x5,%eax
;;   0031  sub %edi,%eax
;;   0033  leave
;;   0034  ret
;;   0035  call 0x3a
;;   003a  mov $0x9,%edi
;;   003f  jmp *0x100(%r15)
;;   0046  call *0x110(%r15)
;;   004d  jmp 0x2c
