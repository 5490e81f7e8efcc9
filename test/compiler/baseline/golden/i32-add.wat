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
;;   0010  jb 0x38
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x44
;;   0030  mov -0x18(%rbp),%eax
;;   0033  add -0x20(%rbp),%eax
;;   0036  leave
;;   0037  ret
;;   0038  mov $0x9,%edi
;;   003d  call *0x100(%r15)
;;   0044  call *0x110(%r15)
;;   004b  jmp 0x30
;; func 1
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
;;   002f  add $0x7,%eax
;;   0032  leave
;;   0033  ret
;;   0034  mov $0x9,%edi
;;   0039  call *0x100(%r15)
;;   0040  call *0x110(%r15)
;;   0047  jmp 0x2c
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x40
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x4c
;;   0030  mov -0x18(%rbp),%eax
;;   0033  mov -0x18(%rbp),%ebx
;;   0036  imul %eax,%ebx
;;   0039  add -0x20(%rbp),%ebx
;;   003c  mov %ebx,%eax
;;   003e  leave
;;   003f  ret
;;   0040  mov $0x9,%edi
;;   0045  call *0x100(%r15)
;;   004c  call *0x110(%r15)
;;   0053  jmp 0x30
;; ==== checked ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x38
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x44
;;   0030  mov -0x18(%rbp),%eax
;;   0033  add -0x20(%rbp),%eax
;;   0036  leave
;;   0037  ret
;;   0038  mov $0x9,%edi
;;   003d  call *0x100(%r15)
;;   0044  call *0x110(%r15)
;;   004b  jmp 0x30
;; func 1
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
;;   002f  add $0x7,%eax
;;   0032  leave
;;   0033  ret
;;   0034  mov $0x9,%edi
;;   0039  call *0x100(%r15)
;;   0040  call *0x110(%r15)
;;   0047  jmp 0x2c
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x40
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x4c
;;   0030  mov -0x18(%rbp),%eax
;;   0033  mov -0x18(%rbp),%ebx
;;   0036  imul %eax,%ebx
;;   0039  add -0x20(%rbp),%ebx
;;   003c  mov %ebx,%eax
;;   003e  leave
;;   003f  ret
;;   0040  mov $0x9,%edi
;;   0045  call *0x100(%r15)
;;   004c  call *0x110(%r15)
;;   0053  jmp 0x30
