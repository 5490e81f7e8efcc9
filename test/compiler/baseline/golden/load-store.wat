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
;;   0010  jb 0x35
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x41
;;   002c  mov %edi,%eax
;;   002e  mov 0x10(%r14,%rax,1),%eax
;;   0033  leave
;;   0034  ret
;;   0035  mov $0x9,%edi
;;   003a  call *0x100(%r15)
;;   0041  call *0x110(%r15)
;;   0048  mov -0x18(%rbp),%edi
;;   004b  jmp 0x2c
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x3b
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x47
;;   0030  mov %rsi,%rax
;;   0033  mov %edi,%ebx
;;   0035  mov %eax,(%r14,%rbx,1)
;;   0039  leave
;;   003a  ret
;;   003b  mov $0x9,%edi
;;   0040  call *0x100(%r15)
;;   0047  call *0x110(%r15)
;;   004e  mov -0x20(%rbp),%rsi
;;   0052  mov -0x18(%rbp),%edi
;;   0055  jmp 0x30
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x3e
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x4a
;;   002c  mov %edi,%eax
;;   002e  mov $0xfffffff0,%r11d
;;   0034  add %rax,%r11
;;   0037  movsbl (%r14,%r11,1),%eax
;;   003c  leave
;;   003d  ret
;;   003e  mov $0x9,%edi
;;   0043  call *0x100(%r15)
;;   004a  call *0x110(%r15)
;;   0051  mov -0x18(%rbp),%edi
;;   0054  jmp 0x2c
;; func 3
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x36
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x42
;;   002c  mov %edi,%eax
;;   002e  movsd (%r14,%rax,1),%xmm0
;;   0034  leave
;;   0035  ret
;;   0036  mov $0x9,%edi
;;   003b  call *0x100(%r15)
;;   0042  call *0x110(%r15)
;;   0049  mov -0x18(%rbp),%edi
;;   004c  jmp 0x2c
;; ==== checked ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x43
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x5b
;;   002c  mov %edi,%eax
;;   002e  lea 0x14(%rax),%r11
;;   0032  cmp 0x8(%r15),%r11
;;   0036  ja 0x4f
;;   003c  mov -0x4(%r14,%r11,1),%eax
;;   0041  leave
;;   0042  ret
;;   0043  mov $0x9,%edi
;;   0048  call *0x100(%r15)
;;   004f  mov $0x2,%edi
;;   0054  call *0x100(%r15)
;;   005b  call *0x110(%r15)
;;   0062  mov -0x18(%rbp),%edi
;;   0065  jmp 0x2c
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x4a
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0x62
;;   0030  mov %rsi,%rax
;;   0033  mov %edi,%ebx
;;   0035  lea 0x4(%rbx),%r11
;;   0039  cmp 0x8(%r15),%r11
;;   003d  ja 0x56
;;   0043  mov %eax,-0x4(%r14,%r11,1)
;;   0048  leave
;;   0049  ret
;;   004a  mov $0x9,%edi
;;   004f  call *0x100(%r15)
;;   0056  mov $0x2,%edi
;;   005b  call *0x100(%r15)
;;   0062  call *0x110(%r15)
;;   0069  mov -0x20(%rbp),%rsi
;;   006d  mov -0x18(%rbp),%edi
;;   0070  jmp 0x30
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x49
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x61
;;   002c  mov %edi,%eax
;;   002e  mov $0xfffffff1,%r11d
;;   0034  add %rax,%r11
;;   0037  cmp 0x8(%r15),%r11
;;   003b  ja 0x55
;;   0041  movsbl -0x1(%r14,%r11,1),%eax
;;   0047  leave
;;   0048  ret
;;   0049  mov $0x9,%edi
;;   004e  call *0x100(%r15)
;;   0055  mov $0x2,%edi
;;   005a  call *0x100(%r15)
;;   0061  call *0x110(%r15)
;;   0068  mov -0x18(%rbp),%edi
;;   006b  jmp 0x2c
;; func 3
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x45
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x5d
;;   002c  mov %edi,%eax
;;   002e  lea 0x8(%rax),%r11
;;   0032  cmp 0x8(%r15),%r11
;;   0036  ja 0x51
;;   003c  movsd -0x8(%r14,%r11,1),%xmm0
;;   0043  leave
;;   0044  ret
;;   0045  mov $0x9,%edi
;;   004a  call *0x100(%r15)
;;   0051  mov $0x2,%edi
;;   0056  call *0x100(%r15)
;;   005d  call *0x110(%r15)
;;   0064  mov -0x18(%rbp),%edi
;;   0067  jmp 0x2c
