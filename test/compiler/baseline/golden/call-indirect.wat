;; call_indirect: table bound, null and signature checks, then a call through the FuncRecord in the callee's instance.
(module
  (type $t (func (param i32) (result i32)))
  (table 4 funcref)
  (func (param i32 i32) (result i32) (call_indirect (type $t) (local.get 0) (local.get 1))))
;; ==== guarded ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x83
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0xb6
;;   0030  mov %esi,%r10d
;;   0033  mov -0x18(%rbp),%edi
;;   0036  mov 0x28(%r15),%r11
;;   003a  mov (%r11),%r11
;;   003d  cmp 0x8(%r11),%r10d
;;   0041  jae 0x88
;;   0047  mov (%r11),%r11
;;   004a  mov (%r11,%r10,8),%rax
;;   004e  test %rax,%rax
;;   0051  je 0xc2
;;   0057  mov 0x40(%r15),%r11
;;   005b  mov (%r11),%r11d
;;   005e  cmp 0x10(%rax),%r11d
;;   0062  jne 0x8d
;;   0068  mov %r15,-0x8(%rbp)
;;   006c  mov %r14,-0x10(%rbp)
;;   0070  mov 0x8(%rax),%r15
;;   0074  mov (%r15),%r14
;;   0077  call *(%rax)
;;   0079  mov -0x8(%rbp),%r15
;;   007d  mov -0x10(%rbp),%r14
;;   0081  leave
;;   0082  ret
;;   0083  call 0x9e
;;   0088  call 0xaa
;;   008d  call 0x92
;;   0092  mov $0x5,%edi
;;   0097  jmp *0x100(%r15)
;;   009e  mov $0x9,%edi
;;   00a3  jmp *0x100(%r15)
;;   00aa  mov $0x10,%edi
;;   00af  jmp *0x100(%r15)
;;   00b6  call *0x110(%r15)
;;   00bd  jmp 0x30
;;   00c2  mov %r10d,%edi
;;   00c5  shl $0x20,%rdi
;;   00c9  or $0x4,%rdi
;;   00cd  call *0x100(%r15)
;; ==== checked ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x83
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  mov %rsi,-0x20(%rbp)
;;   0025  cmpl $0x0,0x50(%r15)
;;   002a  jne 0xb6
;;   0030  mov %esi,%r10d
;;   0033  mov -0x18(%rbp),%edi
;;   0036  mov 0x28(%r15),%r11
;;   003a  mov (%r11),%r11
;;   003d  cmp 0x8(%r11),%r10d
;;   0041  jae 0x88
;;   0047  mov (%r11),%r11
;;   004a  mov (%r11,%r10,8),%rax
;;   004e  test %rax,%rax
;;   0051  je 0xc2
;;   0057  mov 0x40(%r15),%r11
;;   005b  mov (%r11),%r11d
;;   005e  cmp 0x10(%rax),%r11d
;;   0062  jne 0x8d
;;   0068  mov %r15,-0x8(%rbp)
;;   006c  mov %r14,-0x10(%rbp)
;;   0070  mov 0x8(%rax),%r15
;;   0074  mov (%r15),%r14
;;   0077  call *(%rax)
;;   0079  mov -0x8(%rbp),%r15
;;   007d  mov -0x10(%rbp),%r14
;;   0081  leave
;;   0082  ret
;;   0083  call 0x9e
;;   0088  call 0xaa
;;   008d  call 0x92
;;   0092  mov $0x5,%edi
;;   0097  jmp *0x100(%r15)
;;   009e  mov $0x9,%edi
;;   00a3  jmp *0x100(%r15)
;;   00aa  mov $0x10,%edi
;;   00af  jmp *0x100(%r15)
;;   00b6  call *0x110(%r15)
;;   00bd  jmp 0x30
;;   00c2  mov %r10d,%edi
;;   00c5  shl $0x20,%rdi
;;   00c9  or $0x4,%rdi
;;   00cd  call *0x100(%r15)
