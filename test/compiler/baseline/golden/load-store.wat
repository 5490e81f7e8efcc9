;; Memory: guarded mode accesses [r14 + index + offset] directly (trap table);
;; checked mode compares index + offset + size with memory_size first. Large offsets use r11.
(module
  (memory 1)
  (func (param i32) (result i32) (i32.load offset=16 (local.get 0)))
  (func (param i32 i64) (i64.store32 (local.get 0) (local.get 1)))
  (func (param i32) (result i32) (i32.load8_s offset=0xfffffff0 (local.get 0)))
  (func (param i32) (result f64) (f64.load (local.get 0))))
;; ==== guarded ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x33
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x44
;;   002c  mov 0x10(%r14,%rdi,1),%eax
;;   0031  leave
;;   0032  ret
;;   0033  call 0x38
;;   0038  mov $0x9,%edi
;;   003d  jmp *0x100(%r15)
;;   0044  call *0x110(%r15)
;;   004b  jmp 0x2c
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x36
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x47
;;   0030  mov %esi,(%r14,%rdi,1)
;;   0034  leave
;;   0035  ret
;;   0036  call 0x3b
;;   003b  mov $0x9,%edi
;;   0040  jmp *0x100(%r15)
;;   0047  call *0x110(%r15)
;;   004e  jmp 0x30
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x3c
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x4d
;;   002c  mov $0xfffffff0,%r11d
;;   0032  add %rdi,%r11
;;   0035  movsbl (%r14,%r11,1),%eax
;;   003a  leave
;;   003b  ret
;;   003c  call 0x41
;;   0041  mov $0x9,%edi
;;   0046  jmp *0x100(%r15)
;;   004d  call *0x110(%r15)
;;   0054  jmp 0x2c
;; func 3
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x34
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x45
;;   002c  movsd (%r14,%rdi,1),%xmm0
;;   0032  leave
;;   0033  ret
;;   0034  call 0x39
;;   0039  mov $0x9,%edi
;;   003e  jmp *0x100(%r15)
;;   0045  call *0x110(%r15)
;;   004c  jmp 0x2c
;; ==== checked ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x41
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x63
;;   002c  lea 0x14(%rdi),%r11
;;   0030  cmp 0x8(%r15),%r11
;;   0034  ja 0x46
;;   003a  mov -0x4(%r14,%r11,1),%eax
;;   003f  leave
;;   0040  ret
;;   0041  call 0x57
;;   0046  call 0x4b
;;   004b  mov $0x2,%edi
;;   0050  jmp *0x100(%r15)
;;   0057  mov $0x9,%edi
;;   005c  jmp *0x100(%r15)
;;   0063  call *0x110(%r15)
;;   006a  jmp 0x2c
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x45
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x67
;;   0030  lea 0x4(%rdi),%r11
;;   0034  cmp 0x8(%r15),%r11
;;   0038  ja 0x4a
;;   003e  mov %esi,-0x4(%r14,%r11,1)
;;   0043  leave
;;   0044  ret
;;   0045  call 0x5b
;;   004a  call 0x4f
;;   004f  mov $0x2,%edi
;;   0054  jmp *0x100(%r15)
;;   005b  mov $0x9,%edi
;;   0060  jmp *0x100(%r15)
;;   0067  call *0x110(%r15)
;;   006e  jmp 0x30
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x47
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x69
;;   002c  mov $0xfffffff1,%r11d
;;   0032  add %rdi,%r11
;;   0035  cmp 0x8(%r15),%r11
;;   0039  ja 0x4c
;;   003f  movsbl -0x1(%r14,%r11,1),%eax
;;   0045  leave
;;   0046  ret
;;   0047  call 0x5d
;;   004c  call 0x51
;;   0051  mov $0x2,%edi
;;   0056  jmp *0x100(%r15)
;;   005d  mov $0x9,%edi
;;   0062  jmp *0x100(%r15)
;;   0069  call *0x110(%r15)
;;   0070  jmp 0x2c
;; func 3
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x43
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x65
;;   002c  lea 0x8(%rdi),%r11
;;   0030  cmp 0x8(%r15),%r11
;;   0034  ja 0x48
;;   003a  movsd -0x8(%r14,%r11,1),%xmm0
;;   0041  leave
;;   0042  ret
;;   0043  call 0x59
;;   0048  call 0x4d
;;   004d  mov $0x2,%edi
;;   0052  jmp *0x100(%r15)
;;   0059  mov $0x9,%edi
;;   005e  jmp *0x100(%r15)
;;   0065  call *0x110(%r15)
;;   006c  jmp 0x2c
