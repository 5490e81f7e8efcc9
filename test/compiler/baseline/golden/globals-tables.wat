;; Globals (defined in place, imported through the cell pointer), table.get/set with bounds checks, ref.func.
(module
  (import "env" "g" (global $g (mut i64)))
  (global $h (mut i32) (i32.const 0))
  (table 2 funcref)
  (elem declare func $f)
  (func $f (param i32) (result i64) (global.set $h (local.get 0)) (global.get $g))
  (func (param i32) (table.set 0 (local.get 0) (ref.func $f)))
  (func (param i32) (result funcref) (table.get 0 (local.get 0))))
;; ==== guarded ====
;; func 0 $f
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x42
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x53
;;   002c  mov %edi,%eax
;;   002e  mov 0x30(%r15),%r11
;;   0032  mov %eax,0x10(%r11)
;;   0036  mov 0x30(%r15),%r11
;;   003a  mov (%r11),%r11
;;   003d  mov (%r11),%rax
;;   0040  leave
;;   0041  ret
;;   0042  call 0x47
;;   0047  mov $0x9,%edi
;;   004c  jmp *0x100(%r15)
;;   0053  call *0x110(%r15)
;;   005a  jmp 0x2c
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x4f
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x71
;;   002c  mov 0x20(%r15),%rax
;;   0030  mov (%rax),%rax
;;   0033  mov %edi,%ebx
;;   0035  mov 0x28(%r15),%r11
;;   0039  mov (%r11),%r11
;;   003c  cmp 0x8(%r11),%ebx
;;   0040  jae 0x54
;;   0046  mov (%r11),%r11
;;   0049  mov %rax,(%r11,%rbx,8)
;;   004d  leave
;;   004e  ret
;;   004f  call 0x65
;;   0054  call 0x59
;;   0059  mov $0x3,%edi
;;   005e  jmp *0x100(%r15)
;;   0065  mov $0x9,%edi
;;   006a  jmp *0x100(%r15)
;;   0071  call *0x110(%r15)
;;   0078  jmp 0x2c
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x48
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x6a
;;   002c  mov %edi,%eax
;;   002e  mov 0x28(%r15),%r11
;;   0032  mov (%r11),%r11
;;   0035  cmp 0x8(%r11),%eax
;;   0039  jae 0x4d
;;   003f  mov (%r11),%r11
;;   0042  mov (%r11,%rax,8),%rax
;;   0046  leave
;;   0047  ret
;;   0048  call 0x5e
;;   004d  call 0x52
;;   0052  mov $0x3,%edi
;;   0057  jmp *0x100(%r15)
;;   005e  mov $0x9,%edi
;;   0063  jmp *0x100(%r15)
;;   006a  call *0x110(%r15)
;;   0071  jmp 0x2c
;; ==== checked ====
;; func 0 $f
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x42
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x53
;;   002c  mov %edi,%eax
;;   002e  mov 0x30(%r15),%r11
;;   0032  mov %eax,0x10(%r11)
;;   0036  mov 0x30(%r15),%r11
;;   003a  mov (%r11),%r11
;;   003d  mov (%r11),%rax
;;   0040  leave
;;   0041  ret
;;   0042  call 0x47
;;   0047  mov $0x9,%edi
;;   004c  jmp *0x100(%r15)
;;   0053  call *0x110(%r15)
;;   005a  jmp 0x2c
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x4f
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x71
;;   002c  mov 0x20(%r15),%rax
;;   0030  mov (%rax),%rax
;;   0033  mov %edi,%ebx
;;   0035  mov 0x28(%r15),%r11
;;   0039  mov (%r11),%r11
;;   003c  cmp 0x8(%r11),%ebx
;;   0040  jae 0x54
;;   0046  mov (%r11),%r11
;;   0049  mov %rax,(%r11,%rbx,8)
;;   004d  leave
;;   004e  ret
;;   004f  call 0x65
;;   0054  call 0x59
;;   0059  mov $0x3,%edi
;;   005e  jmp *0x100(%r15)
;;   0065  mov $0x9,%edi
;;   006a  jmp *0x100(%r15)
;;   0071  call *0x110(%r15)
;;   0078  jmp 0x2c
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x48
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x6a
;;   002c  mov %edi,%eax
;;   002e  mov 0x28(%r15),%r11
;;   0032  mov (%r11),%r11
;;   0035  cmp 0x8(%r11),%eax
;;   0039  jae 0x4d
;;   003f  mov (%r11),%r11
;;   0042  mov (%r11,%rax,8),%rax
;;   0046  leave
;;   0047  ret
;;   0048  call 0x5e
;;   004d  call 0x52
;;   0052  mov $0x3,%edi
;;   0057  jmp *0x100(%r15)
;;   005e  mov $0x9,%edi
;;   0063  jmp *0x100(%r15)
;;   006a  call *0x110(%r15)
;;   0071  jmp 0x2c
