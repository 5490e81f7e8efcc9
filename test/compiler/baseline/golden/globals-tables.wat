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
;;   0010  jb 0x45
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x51
;;   002c  mov %edi,%eax
;;   002e  mov 0x30(%r15),%r11
;;   0032  lea 0x10(%r11),%r11
;;   0036  mov %eax,(%r11)
;;   0039  mov 0x30(%r15),%r11
;;   003d  mov (%r11),%r11
;;   0040  mov (%r11),%rax
;;   0043  leave
;;   0044  ret
;;   0045  mov $0x9,%edi
;;   004a  call *0x100(%r15)
;;   0051  call *0x110(%r15)
;;   0058  mov -0x18(%rbp),%edi
;;   005b  jmp 0x2c
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x4f
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x67
;;   002c  mov 0x20(%r15),%rax
;;   0030  mov (%rax),%rax
;;   0033  mov %edi,%ebx
;;   0035  mov 0x28(%r15),%r11
;;   0039  mov (%r11),%r11
;;   003c  cmp 0x8(%r11),%ebx
;;   0040  jae 0x5b
;;   0046  mov (%r11),%r11
;;   0049  mov %rax,(%r11,%rbx,8)
;;   004d  leave
;;   004e  ret
;;   004f  mov $0x9,%edi
;;   0054  call *0x100(%r15)
;;   005b  mov $0x3,%edi
;;   0060  call *0x100(%r15)
;;   0067  call *0x110(%r15)
;;   006e  mov -0x18(%rbp),%edi
;;   0071  jmp 0x2c
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x48
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x60
;;   002c  mov %edi,%eax
;;   002e  mov 0x28(%r15),%r11
;;   0032  mov (%r11),%r11
;;   0035  cmp 0x8(%r11),%eax
;;   0039  jae 0x54
;;   003f  mov (%r11),%r11
;;   0042  mov (%r11,%rax,8),%rax
;;   0046  leave
;;   0047  ret
;;   0048  mov $0x9,%edi
;;   004d  call *0x100(%r15)
;;   0054  mov $0x3,%edi
;;   0059  call *0x100(%r15)
;;   0060  call *0x110(%r15)
;;   0067  mov -0x18(%rbp),%edi
;;   006a  jmp 0x2c
;; ==== checked ====
;; func 0 $f
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x45
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x51
;;   002c  mov %edi,%eax
;;   002e  mov 0x30(%r15),%r11
;;   0032  lea 0x10(%r11),%r11
;;   0036  mov %eax,(%r11)
;;   0039  mov 0x30(%r15),%r11
;;   003d  mov (%r11),%r11
;;   0040  mov (%r11),%rax
;;   0043  leave
;;   0044  ret
;;   0045  mov $0x9,%edi
;;   004a  call *0x100(%r15)
;;   0051  call *0x110(%r15)
;;   0058  mov -0x18(%rbp),%edi
;;   005b  jmp 0x2c
;; func 1
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x4f
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x67
;;   002c  mov 0x20(%r15),%rax
;;   0030  mov (%rax),%rax
;;   0033  mov %edi,%ebx
;;   0035  mov 0x28(%r15),%r11
;;   0039  mov (%r11),%r11
;;   003c  cmp 0x8(%r11),%ebx
;;   0040  jae 0x5b
;;   0046  mov (%r11),%r11
;;   0049  mov %rax,(%r11,%rbx,8)
;;   004d  leave
;;   004e  ret
;;   004f  mov $0x9,%edi
;;   0054  call *0x100(%r15)
;;   005b  mov $0x3,%edi
;;   0060  call *0x100(%r15)
;;   0067  call *0x110(%r15)
;;   006e  mov -0x18(%rbp),%edi
;;   0071  jmp 0x2c
;; func 2
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x48
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0x60
;;   002c  mov %edi,%eax
;;   002e  mov 0x28(%r15),%r11
;;   0032  mov (%r11),%r11
;;   0035  cmp 0x8(%r11),%eax
;;   0039  jae 0x54
;;   003f  mov (%r11),%r11
;;   0042  mov (%r11,%rax,8),%rax
;;   0046  leave
;;   0047  ret
;;   0048  mov $0x9,%edi
;;   004d  call *0x100(%r15)
;;   0054  mov $0x3,%edi
;;   0059  call *0x100(%r15)
;;   0060  call *0x110(%r15)
;;   0067  mov -0x18(%rbp),%edi
;;   006a  jmp 0x2c
