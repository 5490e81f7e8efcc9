;; Constant addresses fold into the displacement: [r14 + const + offset]; checked mode compares the constant end with memory_size.
(module
  (memory 1)
  (func (result i32) (i32.load offset=8 (i32.const 1024)))
  (func (param i64) (i64.store (i32.const 16) (local.get 0))))
;; ==== guarded ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x31
;;   0016  sub $0x20,%rsp
;;   001d  cmpl $0x0,0x50(%r15)
;;   0022  jne 0x42
;;   0028  mov 0x408(%r14),%eax
;;   002f  leave
;;   0030  ret
;;   0031  call 0x36
;;   0036  mov $0x9,%edi
;;   003b  jmp *0x100(%r15)
;;   0042  call *0x110(%r15)
;;   0049  jmp 0x28
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x32
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x43
;;   002c  mov %rdi,0x10(%r14)
;;   0030  leave
;;   0031  ret
;;   0032  call 0x37
;;   0037  mov $0x9,%edi
;;   003c  jmp *0x100(%r15)
;;   0043  call *0x110(%r15)
;;   004a  jmp 0x2c
;; ==== checked ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x3f
;;   0016  sub $0x20,%rsp
;;   001d  cmpl $0x0,0x50(%r15)
;;   0022  jne 0x61
;;   0028  cmpq $0x40c,0x8(%r15)
;;   0030  jb 0x44
;;   0036  mov 0x408(%r14),%eax
;;   003d  leave
;;   003e  ret
;;   003f  call 0x55
;;   0044  call 0x49
;;   0049  mov $0x2,%edi
;;   004e  jmp *0x100(%r15)
;;   0055  mov $0x9,%edi
;;   005a  jmp *0x100(%r15)
;;   0061  call *0x110(%r15)
;;   0068  jmp 0x28
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x3d
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x5f
;;   002c  cmpq $0x18,0x8(%r15)
;;   0031  jb 0x42
;;   0037  mov %rdi,0x10(%r14)
;;   003b  leave
;;   003c  ret
;;   003d  call 0x53
;;   0042  call 0x47
;;   0047  mov $0x2,%edi
;;   004c  jmp *0x100(%r15)
;;   0053  mov $0x9,%edi
;;   0058  jmp *0x100(%r15)
;;   005f  call *0x110(%r15)
;;   0066  jmp 0x2c
