;; select: cmov for integers, a branch around a move for floats; after a comparison, on its flags (no 0/1 materialized).
(module
  (func (param i32 i32 i32) (result i32) (select (local.get 0) (local.get 1) (local.get 2)))
  (func (param f64 f64 i32) (result f64) (select (local.get 0) (local.get 1) (local.get 2)))
  (func (param i32 i32 i64 i64) (result i64) (select (local.get 2) (local.get 3) (i32.lt_s (local.get 0) (local.get 1))))
  (func (param f64 f64 i32) (result i32) (select (i32.const 7) (local.get 2) (f64.gt (local.get 0) (local.get 1))))
  (func (param f32 f32 i32) (result f32) (select (local.get 0) (local.get 1) (i32.eqz (local.get 2)))))
;; ==== guarded ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x40(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x3d
;;   0016  sub $0x40,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  mov %rdx,-0x28(%rbp)
;;   0029  cmpl $0x0,0x50(%r15)
;;   002e  jne 0x4e
;;   0034  test %edx,%edx
;;   0036  mov %edi,%eax
;;   0038  cmove %esi,%eax
;;   003b  leave
;;   003c  ret
;;   003d  call 0x42
;;   0042  mov $0x9,%edi
;;   0047  jmp *0x100(%r15)
;;   004e  call *0x110(%r15)
;;   0055  jmp 0x34
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x40(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x49
;;   0016  sub $0x40,%rsp
;;   001d  movsd %xmm0,-0x18(%rbp)
;;   0022  movsd %xmm1,-0x20(%rbp)
;;   0027  mov %rdi,-0x28(%rbp)
;;   002b  cmpl $0x0,0x50(%r15)
;;   0030  jne 0x5a
;;   0036  test %edi,%edi
;;   0038  movaps %xmm0,%xmm2
;;   003b  jne 0x44
;;   0041  movaps %xmm1,%xmm2
;;   0044  movaps %xmm2,%xmm0
;;   0047  leave
;;   0048  ret
;;   0049  call 0x4e
;;   004e  mov $0x9,%edi
;;   0053  jmp *0x100(%r15)
;;   005a  call *0x110(%r15)
;;   0061  jmp 0x36
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x50(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x43
;;   0016  sub $0x50,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  mov %rdx,-0x28(%rbp)
;;   0029  mov %rcx,-0x30(%rbp)
;;   002d  cmpl $0x0,0x50(%r15)
;;   0032  jne 0x54
;;   0038  cmp %esi,%edi
;;   003a  mov %rdx,%rax
;;   003d  cmovge %rcx,%rax
;;   0041  leave
;;   0042  ret
;;   0043  call 0x48
;;   0048  mov $0x9,%edi
;;   004d  jmp *0x100(%r15)
;;   0054  call *0x110(%r15)
;;   005b  jmp 0x38
;; func 3
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x50(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x44
;;   0016  sub $0x50,%rsp
;;   001d  movsd %xmm0,-0x18(%rbp)
;;   0022  movsd %xmm1,-0x20(%rbp)
;;   0027  mov %rdi,-0x28(%rbp)
;;   002b  cmpl $0x0,0x50(%r15)
;;   0030  jne 0x55
;;   0036  ucomisd %xmm1,%xmm0
;;   003a  mov $0x7,%eax
;;   003f  cmovbe %edi,%eax
;;   0042  leave
;;   0043  ret
;;   0044  call 0x49
;;   0049  mov $0x9,%edi
;;   004e  jmp *0x100(%r15)
;;   0055  call *0x110(%r15)
;;   005c  jmp 0x36
;; func 4
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x40(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x49
;;   0016  sub $0x40,%rsp
;;   001d  movss %xmm0,-0x18(%rbp)
;;   0022  movss %xmm1,-0x20(%rbp)
;;   0027  mov %rdi,-0x28(%rbp)
;;   002b  cmpl $0x0,0x50(%r15)
;;   0030  jne 0x5a
;;   0036  test %edi,%edi
;;   0038  movaps %xmm0,%xmm2
;;   003b  je 0x44
;;   0041  movaps %xmm1,%xmm2
;;   0044  movaps %xmm2,%xmm0
;;   0047  leave
;;   0048  ret
;;   0049  call 0x4e
;;   004e  mov $0x9,%edi
;;   0053  jmp *0x100(%r15)
;;   005a  call *0x110(%r15)
;;   0061  jmp 0x36
;; ==== checked ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x40(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x3d
;;   0016  sub $0x40,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  mov %rdx,-0x28(%rbp)
;;   0029  cmpl $0x0,0x50(%r15)
;;   002e  jne 0x4e
;;   0034  test %edx,%edx
;;   0036  mov %edi,%eax
;;   0038  cmove %esi,%eax
;;   003b  leave
;;   003c  ret
;;   003d  call 0x42
;;   0042  mov $0x9,%edi
;;   0047  jmp *0x100(%r15)
;;   004e  call *0x110(%r15)
;;   0055  jmp 0x34
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x40(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x49
;;   0016  sub $0x40,%rsp
;;   001d  movsd %xmm0,-0x18(%rbp)
;;   0022  movsd %xmm1,-0x20(%rbp)
;;   0027  mov %rdi,-0x28(%rbp)
;;   002b  cmpl $0x0,0x50(%r15)
;;   0030  jne 0x5a
;;   0036  test %edi,%edi
;;   0038  movaps %xmm0,%xmm2
;;   003b  jne 0x44
;;   0041  movaps %xmm1,%xmm2
;;   0044  movaps %xmm2,%xmm0
;;   0047  leave
;;   0048  ret
;;   0049  call 0x4e
;;   004e  mov $0x9,%edi
;;   0053  jmp *0x100(%r15)
;;   005a  call *0x110(%r15)
;;   0061  jmp 0x36
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x50(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x43
;;   0016  sub $0x50,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  mov %rdx,-0x28(%rbp)
;;   0029  mov %rcx,-0x30(%rbp)
;;   002d  cmpl $0x0,0x50(%r15)
;;   0032  jne 0x54
;;   0038  cmp %esi,%edi
;;   003a  mov %rdx,%rax
;;   003d  cmovge %rcx,%rax
;;   0041  leave
;;   0042  ret
;;   0043  call 0x48
;;   0048  mov $0x9,%edi
;;   004d  jmp *0x100(%r15)
;;   0054  call *0x110(%r15)
;;   005b  jmp 0x38
;; func 3
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x50(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x44
;;   0016  sub $0x50,%rsp
;;   001d  movsd %xmm0,-0x18(%rbp)
;;   0022  movsd %xmm1,-0x20(%rbp)
;;   0027  mov %rdi,-0x28(%rbp)
;;   002b  cmpl $0x0,0x50(%r15)
;;   0030  jne 0x55
;;   0036  ucomisd %xmm1,%xmm0
;;   003a  mov $0x7,%eax
;;   003f  cmovbe %edi,%eax
;;   0042  leave
;;   0043  ret
;;   0044  call 0x49
;;   0049  mov $0x9,%edi
;;   004e  jmp *0x100(%r15)
;;   0055  call *0x110(%r15)
;;   005c  jmp 0x36
;; func 4
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x40(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x49
;;   0016  sub $0x40,%rsp
;;   001d  movss %xmm0,-0x18(%rbp)
;;   0022  movss %xmm1,-0x20(%rbp)
;;   0027  mov %rdi,-0x28(%rbp)
;;   002b  cmpl $0x0,0x50(%r15)
;;   0030  jne 0x5a
;;   0036  test %edi,%edi
;;   0038  movaps %xmm0,%xmm2
;;   003b  je 0x44
;;   0041  movaps %xmm1,%xmm2
;;   0044  movaps %xmm2,%xmm0
;;   0047  leave
;;   0048  ret
;;   0049  call 0x4e
;;   004e  mov $0x9,%edi
;;   0053  jmp *0x100(%r15)
;;   005a  call *0x110(%r15)
;;   0061  jmp 0x36
