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
;;   002e  jne 0x52
;;   0034  mov -0x28(%rbp),%eax
;;   0037  mov -0x20(%rbp),%ebx
;;   003a  mov -0x18(%rbp),%esi
;;   003d  test %eax,%eax
;;   003f  cmove %ebx,%esi
;;   0042  mov %esi,%eax
;;   0044  leave
;;   0045  ret
;;   0046  mov $0x9,%edi
;;   004b  call *0x100(%r15)
;;   0052  call *0x110(%r15)
;;   0059  jmp 0x34
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x40(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x53
;;   0016  sub $0x40,%rsp
;;   001d  movsd %xmm0,-0x18(%rbp)
;;   0022  movsd %xmm1,-0x20(%rbp)
;;   0027  mov %rdi,-0x28(%rbp)
;;   002b  cmpl $0x0,0x50(%r15)
;;   0030  jne 0x5f
;;   0036  mov -0x28(%rbp),%eax
;;   0039  movsd -0x20(%rbp),%xmm0
;;   003e  movsd -0x18(%rbp),%xmm1
;;   0043  test %eax,%eax
;;   0045  jne 0x4e
;;   004b  movaps %xmm0,%xmm1
;;   004e  movaps %xmm1,%xmm0
;;   0051  leave
;;   0052  ret
;;   0053  mov $0x9,%edi
;;   0058  call *0x100(%r15)
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
;;   002e  jne 0x52
;;   0034  mov -0x28(%rbp),%eax
;;   0037  mov -0x20(%rbp),%ebx
;;   003a  mov -0x18(%rbp),%esi
;;   003d  test %eax,%eax
;;   003f  cmove %ebx,%esi
;;   0042  mov %esi,%eax
;;   0044  leave
;;   0045  ret
;;   0046  mov $0x9,%edi
;;   004b  call *0x100(%r15)
;;   0052  call *0x110(%r15)
;;   0059  jmp 0x34
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x40(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x53
;;   0016  sub $0x40,%rsp
;;   001d  movsd %xmm0,-0x18(%rbp)
;;   0022  movsd %xmm1,-0x20(%rbp)
;;   0027  mov %rdi,-0x28(%rbp)
;;   002b  cmpl $0x0,0x50(%r15)
;;   0030  jne 0x5f
;;   0036  mov -0x28(%rbp),%eax
;;   0039  movsd -0x20(%rbp),%xmm0
;;   003e  movsd -0x18(%rbp),%xmm1
;;   0043  test %eax,%eax
;;   0045  jne 0x4e
;;   004b  movaps %xmm0,%xmm1
;;   004e  movaps %xmm1,%xmm0
;;   0051  leave
;;   0052  ret
;;   0053  mov $0x9,%edi
;;   0058  call *0x100(%r15)
;;   005f  call *0x110(%r15)
;;   0066  jmp 0x36
