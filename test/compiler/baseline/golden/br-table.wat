;; br_table: index clamped to the default, a jump table of 32-bit offsets; targets needing value moves get stubs.
(module
  (func (param i32) (result i32)
    (block $a (result i32)
      (drop
        (block $b (result i32)
          (drop
            (block $c (result i32)
              (br_table $c $b $a $c (i32.const 42) (local.get 0))))
          (return (i32.const 1))))
      (i32.const 2))))
;; ==== guarded ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x9b
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0xa7
;;   002c  mov -0x18(%rbp),%eax
;;   002f  mov $0x3,%r11d
;;   0035  cmp %r11d,%eax
;;   0038  cmovae %r11d,%eax
;;   003c  lea 0xd(%rip),%r11
;;   0043  movslq (%r11,%rax,4),%rax
;;   0047  add %rax,%r11
;;   004a  jmp *%r11
;;   004d  nopl (%rax)
;;   0050  adc %al,(%rax)
;;   0052  add %al,(%rax)
;;   0054  (bad)
;;   0055  add %al,(%rax)
;;   0057  (bad)
;;   0058  sub (%rax),%al
;;   005a  add %al,(%rax)
;;   005c  adc %al,(%rax)
;;   005e  add %al,(%rax)
;;   0060  movq $0x2a,(%rsp)
;;   0068  jmp 0x87
;;   006d  movq $0x2a,(%rsp)
;;   0075  jmp 0x8e
;;   007a  movq $0x2a,(%rsp)
;;   0082  jmp 0x96
;;   0087  mov $0x1,%eax
;;   008c  leave
;;   008d  ret
;;   008e  movq $0x2,(%rsp)
;;   0096  mov (%rsp),%eax
;;   0099  leave
;;   009a  ret
;;   009b  mov $0x9,%edi
;;   00a0  call *0x100(%r15)
;;   00a7  call *0x110(%r15)
;;   00ae  jmp 0x2c
;; ==== checked ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x30(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0x9b
;;   0016  sub $0x30,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0xa7
;;   002c  mov -0x18(%rbp),%eax
;;   002f  mov $0x3,%r11d
;;   0035  cmp %r11d,%eax
;;   0038  cmovae %r11d,%eax
;;   003c  lea 0xd(%rip),%r11
;;   0043  movslq (%r11,%rax,4),%rax
;;   0047  add %rax,%r11
;;   004a  jmp *%r11
;;   004d  nopl (%rax)
;;   0050  adc %al,(%rax)
;;   0052  add %al,(%rax)
;;   0054  (bad)
;;   0055  add %al,(%rax)
;;   0057  (bad)
;;   0058  sub (%rax),%al
;;   005a  add %al,(%rax)
;;   005c  adc %al,(%rax)
;;   005e  add %al,(%rax)
;;   0060  movq $0x2a,(%rsp)
;;   0068  jmp 0x87
;;   006d  movq $0x2a,(%rsp)
;;   0075  jmp 0x8e
;;   007a  movq $0x2a,(%rsp)
;;   0082  jmp 0x96
;;   0087  mov $0x1,%eax
;;   008c  leave
;;   008d  ret
;;   008e  movq $0x2,(%rsp)
;;   0096  mov (%rsp),%eax
;;   0099  leave
;;   009a  ret
;;   009b  mov $0x9,%edi
;;   00a0  call *0x100(%r15)
;;   00a7  call *0x110(%r15)
;;   00ae  jmp 0x2c
