(module
  ;; a materialized compare reads both cached locals in place
  (func (param f64 f64) (result i32) (f64.lt (local.get 0) (local.get 1)))
  ;; eq needs the parity flag: always materialized
  (func (param f32 f32) (result i32) (f32.eq (local.get 0) (local.get 1)))
  ;; gt fused into br_if: ucomisd + ja, no setcc
  (func (param f64 f64) (result i32)
    (block (br_if 0 (f64.gt (local.get 0) (local.get 1))) (return (i32.const 1)))
    (i32.const 2))
  ;; le fused into if (operands swapped, the false edge is "below": taken on NaN)
  (func (param f64 f64) (result i32)
    (if (result i32) (f64.le (local.get 0) (local.get 1)) (then (i32.const 1)) (else (i32.const 2))))
  ;; commutative mul with a cached local on the left works in the rhs register
  (func (param f64 i32) (result f64) (f64.mul (local.get 0) (f64.load (local.get 1))))
  ;; sub is not commutative: the local is copied first
  (func (param f64 i32) (result f64) (f64.sub (local.get 0) (f64.load (local.get 1))))
  (memory 1))
;; ==== guarded ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x3e
;;   0016  sub $0x30,%rsp
;;   001d  movsd %xmm0,-0x18(%rbp)
;;   0022  movsd %xmm1,-0x20(%rbp)
;;   0027  cmpl $0x0,0x50(%r15)
;;   002c  jne 0x4f
;;   0032  ucomisd %xmm0,%xmm1
;;   0036  seta %al
;;   0039  movzbl %al,%eax
;;   003c  leave
;;   003d  ret
;;   003e  call 0x43
;;   0043  mov $0x9,%edi
;;   0048  jmp *0x100(%r15)
;;   004f  call *0x110(%r15)
;;   0056  jmp 0x32
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x44
;;   0016  sub $0x30,%rsp
;;   001d  movss %xmm0,-0x18(%rbp)
;;   0022  movss %xmm1,-0x20(%rbp)
;;   0027  cmpl $0x0,0x50(%r15)
;;   002c  jne 0x55
;;   0032  ucomiss %xmm1,%xmm0
;;   0035  sete %al
;;   0038  setnp %r11b
;;   003c  and %r11b,%al
;;   003f  movzbl %al,%eax
;;   0042  leave
;;   0043  ret
;;   0044  call 0x49
;;   0049  mov $0x9,%edi
;;   004e  jmp *0x100(%r15)
;;   0055  call *0x110(%r15)
;;   005c  jmp 0x32
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x4a
;;   0016  sub $0x30,%rsp
;;   001d  movsd %xmm0,-0x18(%rbp)
;;   0022  movsd %xmm1,-0x20(%rbp)
;;   0027  cmpl $0x0,0x50(%r15)
;;   002c  jne 0x5b
;;   0032  ucomisd %xmm1,%xmm0
;;   0036  ja 0x43
;;   003c  mov $0x1,%eax
;;   0041  leave
;;   0042  ret
;;   0043  mov $0x2,%eax
;;   0048  leave
;;   0049  ret
;;   004a  call 0x4f
;;   004f  mov $0x9,%edi
;;   0054  jmp *0x100(%r15)
;;   005b  call *0x110(%r15)
;;   0062  jmp 0x32
;; func 3
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x56
;;   0016  sub $0x30,%rsp
;;   001d  movsd %xmm0,-0x18(%rbp)
;;   0022  movsd %xmm1,-0x20(%rbp)
;;   0027  cmpl $0x0,0x50(%r15)
;;   002c  jne 0x67
;;   0032  ucomisd %xmm0,%xmm1
;;   0036  jb 0x49
;;   003c  movq $0x1,(%rsp)
;;   0044  jmp 0x51
;;   0049  movq $0x2,(%rsp)
;;   0051  mov (%rsp),%eax
;;   0054  leave
;;   0055  ret
;;   0056  call 0x5b
;;   005b  mov $0x9,%edi
;;   0060  jmp *0x100(%r15)
;;   0067  call *0x110(%r15)
;;   006e  jmp 0x32
;; func 4
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x40
;;   0016  sub $0x30,%rsp
;;   001d  movsd %xmm0,-0x18(%rbp)
;;   0022  mov %rdi,-0x20(%rbp)
;;   0026  cmpl $0x0,0x50(%r15)
;;   002b  jne 0x51
;;   0031  movsd (%r14,%rdi,1),%xmm1
;;   0037  mulsd %xmm0,%xmm1
;;   003b  movaps %xmm1,%xmm0
;;   003e  leave
;;   003f  ret
;;   0040  call 0x45
;;   0045  mov $0x9,%edi
;;   004a  jmp *0x100(%r15)
;;   0051  call *0x110(%r15)
;;   0058  jmp 0x31
;; func 5
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x43
;;   0016  sub $0x30,%rsp
;;   001d  movsd %xmm0,-0x18(%rbp)
;;   0022  mov %rdi,-0x20(%rbp)
;;   0026  cmpl $0x0,0x50(%r15)
;;   002b  jne 0x54
;;   0031  movsd (%r14,%rdi,1),%xmm1
;;   0037  movaps %xmm0,%xmm2
;;   003a  subsd %xmm1,%xmm2
;;   003e  movaps %xmm2,%xmm0
;;   0041  leave
;;   0042  ret
;;   0043  call 0x48
;;   0048  mov $0x9,%edi
;;   004d  jmp *0x100(%r15)
;;   0054  call *0x110(%r15)
;;   005b  jmp 0x31
;; ==== checked ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x3e
;;   0016  sub $0x30,%rsp
;;   001d  movsd %xmm0,-0x18(%rbp)
;;   0022  movsd %xmm1,-0x20(%rbp)
;;   0027  cmpl $0x0,0x50(%r15)
;;   002c  jne 0x4f
;;   0032  ucomisd %xmm0,%xmm1
;;   0036  seta %al
;;   0039  movzbl %al,%eax
;;   003c  leave
;;   003d  ret
;;   003e  call 0x43
;;   0043  mov $0x9,%edi
;;   0048  jmp *0x100(%r15)
;;   004f  call *0x110(%r15)
;;   0056  jmp 0x32
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x44
;;   0016  sub $0x30,%rsp
;;   001d  movss %xmm0,-0x18(%rbp)
;;   0022  movss %xmm1,-0x20(%rbp)
;;   0027  cmpl $0x0,0x50(%r15)
;;   002c  jne 0x55
;;   0032  ucomiss %xmm1,%xmm0
;;   0035  sete %al
;;   0038  setnp %r11b
;;   003c  and %r11b,%al
;;   003f  movzbl %al,%eax
;;   0042  leave
;;   0043  ret
;;   0044  call 0x49
;;   0049  mov $0x9,%edi
;;   004e  jmp *0x100(%r15)
;;   0055  call *0x110(%r15)
;;   005c  jmp 0x32
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x4a
;;   0016  sub $0x30,%rsp
;;   001d  movsd %xmm0,-0x18(%rbp)
;;   0022  movsd %xmm1,-0x20(%rbp)
;;   0027  cmpl $0x0,0x50(%r15)
;;   002c  jne 0x5b
;;   0032  ucomisd %xmm1,%xmm0
;;   0036  ja 0x43
;;   003c  mov $0x1,%eax
;;   0041  leave
;;   0042  ret
;;   0043  mov $0x2,%eax
;;   0048  leave
;;   0049  ret
;;   004a  call 0x4f
;;   004f  mov $0x9,%edi
;;   0054  jmp *0x100(%r15)
;;   005b  call *0x110(%r15)
;;   0062  jmp 0x32
;; func 3
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x56
;;   0016  sub $0x30,%rsp
;;   001d  movsd %xmm0,-0x18(%rbp)
;;   0022  movsd %xmm1,-0x20(%rbp)
;;   0027  cmpl $0x0,0x50(%r15)
;;   002c  jne 0x67
;;   0032  ucomisd %xmm0,%xmm1
;;   0036  jb 0x49
;;   003c  movq $0x1,(%rsp)
;;   0044  jmp 0x51
;;   0049  movq $0x2,(%rsp)
;;   0051  mov (%rsp),%eax
;;   0054  leave
;;   0055  ret
;;   0056  call 0x5b
;;   005b  mov $0x9,%edi
;;   0060  jmp *0x100(%r15)
;;   0067  call *0x110(%r15)
;;   006e  jmp 0x32
;; func 4
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x4f
;;   0016  sub $0x30,%rsp
;;   001d  movsd %xmm0,-0x18(%rbp)
;;   0022  mov %rdi,-0x20(%rbp)
;;   0026  cmpl $0x0,0x50(%r15)
;;   002b  jne 0x71
;;   0031  lea 0x8(%rdi),%r11
;;   0035  cmp 0x8(%r15),%r11
;;   0039  ja 0x54
;;   003f  movsd -0x8(%r14,%r11,1),%xmm1
;;   0046  mulsd %xmm0,%xmm1
;;   004a  movaps %xmm1,%xmm0
;;   004d  leave
;;   004e  ret
;;   004f  call 0x65
;;   0054  call 0x59
;;   0059  mov $0x2,%edi
;;   005e  jmp *0x100(%r15)
;;   0065  mov $0x9,%edi
;;   006a  jmp *0x100(%r15)
;;   0071  call *0x110(%r15)
;;   0078  jmp 0x31
;; func 5
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x52
;;   0016  sub $0x30,%rsp
;;   001d  movsd %xmm0,-0x18(%rbp)
;;   0022  mov %rdi,-0x20(%rbp)
;;   0026  cmpl $0x0,0x50(%r15)
;;   002b  jne 0x74
;;   0031  lea 0x8(%rdi),%r11
;;   0035  cmp 0x8(%r15),%r11
;;   0039  ja 0x57
;;   003f  movsd -0x8(%r14,%r11,1),%xmm1
;;   0046  movaps %xmm0,%xmm2
;;   0049  subsd %xmm1,%xmm2
;;   004d  movaps %xmm2,%xmm0
;;   0050  leave
;;   0051  ret
;;   0052  call 0x68
;;   0057  call 0x5c
;;   005c  mov $0x2,%edi
;;   0061  jmp *0x100(%r15)
;;   0068  mov $0x9,%edi
;;   006d  jmp *0x100(%r15)
;;   0074  call *0x110(%r15)
;;   007b  jmp 0x31
