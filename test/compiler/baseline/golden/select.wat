;; select: cmov for integers, a branch around a move for floats.
(module
  (func (param i32 i32 i32) (result i32) (select (local.get 0) (local.get 1) (local.get 2)))
  (func (param f64 f64 i32) (result f64) (select (local.get 0) (local.get 1) (local.get 2))))
;; ==== guarded ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x40(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x46
;;   0016  sub $0x40,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  mov %rdx,-0x28(%rbp)
;;   0029  cmpl $0x0,0x50(%r15)
;;   002e  jne 0x57
;;   0034  mov %edx,%eax
;;   0036  mov %esi,%ebx
;;   0038  mov %edi,%r8d
;;   003b  test %eax,%eax
;;   003d  cmove %ebx,%r8d
;;   0041  mov %r8d,%eax
;;   0044  leave
;;   0045  ret
;;   0046  call 0x4b
;;   004b  mov $0x9,%edi
;;   0050  jmp *0x100(%r15)
;;   0057  call *0x110(%r15)
;;   005e  jmp 0x34
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x40(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x4e
;;   0016  sub $0x40,%rsp
;;   001d  movsd %xmm0,-0x18(%rbp)
;;   0022  movsd %xmm1,-0x20(%rbp)
;;   0027  mov %rdi,-0x28(%rbp)
;;   002b  cmpl $0x0,0x50(%r15)
;;   0030  jne 0x5f
;;   0036  mov %edi,%eax
;;   0038  movaps %xmm1,%xmm2
;;   003b  movaps %xmm0,%xmm3
;;   003e  test %eax,%eax
;;   0040  jne 0x49
;;   0046  movaps %xmm2,%xmm3
;;   0049  movaps %xmm3,%xmm0
;;   004c  leave
;;   004d  ret
;;   004e  call 0x53
;;   0053  mov $0x9,%edi
;;   0058  jmp *0x100(%r15)
;;   005f  call *0x110(%r15)
;;   0066  jmp 0x36
;; ==== checked ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x40(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x46
;;   0016  sub $0x40,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  mov %rdx,-0x28(%rbp)
;;   0029  cmpl $0x0,0x50(%r15)
;;   002e  jne 0x57
;;   0034  mov %edx,%eax
;;   0036  mov %esi,%ebx
;;   0038  mov %edi,%r8d
;;   003b  test %eax,%eax
;;   003d  cmove %ebx,%r8d
;;   0041  mov %r8d,%eax
;;   0044  leave
;;   0045  ret
;;   0046  call 0x4b
;;   004b  mov $0x9,%edi
;;   0050  jmp *0x100(%r15)
;;   0057  call *0x110(%r15)
;;   005e  jmp 0x34
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x40(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x4e
;;   0016  sub $0x40,%rsp
;;   001d  movsd %xmm0,-0x18(%rbp)
;;   0022  movsd %xmm1,-0x20(%rbp)
;;   0027  mov %rdi,-0x28(%rbp)
;;   002b  cmpl $0x0,0x50(%r15)
;;   0030  jne 0x5f
;;   0036  mov %edi,%eax
;;   0038  movaps %xmm1,%xmm2
;;   003b  movaps %xmm0,%xmm3
;;   003e  test %eax,%eax
;;   0040  jne 0x49
;;   0046  movaps %xmm2,%xmm3
;;   0049  movaps %xmm3,%xmm0
;;   004c  leave
;;   004d  ret
;;   004e  call 0x53
;;   0053  mov $0x9,%edi
;;   0058  jmp *0x100(%r15)
;;   005f  call *0x110(%r15)
;;   0066  jmp 0x36
