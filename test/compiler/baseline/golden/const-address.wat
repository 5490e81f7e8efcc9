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
;;   0010  jb 0x35
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x46
;;   002c  mov %rdi,%rax
;;   002f  mov %rax,0x10(%r14)
;;   0033  leave
;;   0034  ret
;;   0035  call 0x3a
;;   003a  mov $0x9,%edi
;;   003f  jmp *0x100(%r15)
;;   0046  call *0x110(%r15)
;;   004d  mov -0x18(%rbp),%rdi
;;   0051  jmp 0x2c
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
;;   0010  jb 0x40
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x62
;;   002c  mov %rdi,%rax
;;   002f  cmpq $0x18,0x8(%r15)
;;   0034  jb 0x45
;;   003a  mov %rax,0x10(%r14)
;;   003e  leave
;;   003f  ret
;;   0040  call 0x56
;;   0045  call 0x4a
;;   004a  mov $0x2,%edi
;;   004f  jmp *0x100(%r15)
;;   0056  mov $0x9,%edi
;;   005b  jmp *0x100(%r15)
;;   0062  call *0x110(%r15)
;;   0069  mov -0x18(%rbp),%rdi
;;   006d  jmp 0x2c
