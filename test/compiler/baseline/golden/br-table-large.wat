;; br_table with more than 16 entries: index clamped to the default, then a jump table of 32-bit offsets.
(module
  (func (param i32) (result i32)
    (block $d
      (block $c
        (block $b
          (block $a
            (br_table $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $a $b $c $d (local.get 0)))
          (return (i32.const 1)))
        (return (i32.const 2)))
      (return (i32.const 3)))
    (i32.const 4)))
;; ==== guarded ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0xb4
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0xc5
;;   002c  mov %edi,%eax
;;   002e  mov $0x12,%r11d
;;   0034  cmp %r11d,%eax
;;   0037  cmovae %r11d,%eax
;;   003b  lea 0xa(%rip),%r11
;;   0042  movslq (%r11,%rax,4),%rax
;;   0046  add %rax,%r11
;;   0049  jmp *%r11
;;   004c  (bad)
;;   004d  add %al,(%rax)
;;   004f  add %dl,(%rbx)
;;   0052  add %al,(%rax)
;;   0054  pop %rdx
;;   0055  add %al,(%rax)
;;   0057  add %cl,(%rax,%rax,1)
;;   005b  add %dl,(%rbx)
;;   005e  add %al,(%rax)
;;   0060  pop %rdx
;;   0061  add %al,(%rax)
;;   0063  add %cl,(%rax,%rax,1)
;;   0067  add %dl,(%rbx)
;;   006a  add %al,(%rax)
;;   006c  pop %rdx
;;   006d  add %al,(%rax)
;;   006f  add %cl,(%rax,%rax,1)
;;   0073  add %dl,(%rbx)
;;   0076  add %al,(%rax)
;;   0078  pop %rdx
;;   0079  add %al,(%rax)
;;   007b  add %cl,(%rax,%rax,1)
;;   007f  add %dl,(%rbx)
;;   0082  add %al,(%rax)
;;   0084  pop %rdx
;;   0085  add %al,(%rax)
;;   0087  add %cl,(%rax,%rax,1)
;;   008b  add %dl,(%rbx)
;;   008e  add %al,(%rax)
;;   0090  pop %rdx
;;   0091  add %al,(%rax)
;;   0093  (bad)
;;   0094  (bad)
;;   0095  add %al,(%rax)
;;   0097  (bad)
;;   0098  mov $0x1,%eax
;;   009d  leave
;;   009e  ret
;;   009f  mov $0x2,%eax
;;   00a4  leave
;;   00a5  ret
;;   00a6  mov $0x3,%eax
;;   00ab  leave
;;   00ac  ret
;;   00ad  mov $0x4,%eax
;;   00b2  leave
;;   00b3  ret
;;   00b4  call 0xb9
;;   00b9  mov $0x9,%edi
;;   00be  jmp *0x100(%r15)
;;   00c5  call *0x110(%r15)
;;   00cc  jmp 0x2c
;; ==== checked ====
;; func 0
;;   0000  push %rbp
;;   0001  mov %rsp,%rbp
;;   0004  lea -0x20(%rsp),%r11
;;   000c  cmp 0x48(%r15),%r11
;;   0010  jb 0xb4
;;   0016  sub $0x20,%rsp
;;   001d  mov %rdi,-0x18(%rbp)
;;   0021  cmpl $0x0,0x50(%r15)
;;   0026  jne 0xc5
;;   002c  mov %edi,%eax
;;   002e  mov $0x12,%r11d
;;   0034  cmp %r11d,%eax
;;   0037  cmovae %r11d,%eax
;;   003b  lea 0xa(%rip),%r11
;;   0042  movslq (%r11,%rax,4),%rax
;;   0046  add %rax,%r11
;;   0049  jmp *%r11
;;   004c  (bad)
;;   004d  add %al,(%rax)
;;   004f  add %dl,(%rbx)
;;   0052  add %al,(%rax)
;;   0054  pop %rdx
;;   0055  add %al,(%rax)
;;   0057  add %cl,(%rax,%rax,1)
;;   005b  add %dl,(%rbx)
;;   005e  add %al,(%rax)
;;   0060  pop %rdx
;;   0061  add %al,(%rax)
;;   0063  add %cl,(%rax,%rax,1)
;;   0067  add %dl,(%rbx)
;;   006a  add %al,(%rax)
;;   006c  pop %rdx
;;   006d  add %al,(%rax)
;;   006f  add %cl,(%rax,%rax,1)
;;   0073  add %dl,(%rbx)
;;   0076  add %al,(%rax)
;;   0078  pop %rdx
;;   0079  add %al,(%rax)
;;   007b  add %cl,(%rax,%rax,1)
;;   007f  add %dl,(%rbx)
;;   0082  add %al,(%rax)
;;   0084  pop %rdx
;;   0085  add %al,(%rax)
;;   0087  add %cl,(%rax,%rax,1)
;;   008b  add %dl,(%rbx)
;;   008e  add %al,(%rax)
;;   0090  pop %rdx
;;   0091  add %al,(%rax)
;;   0093  (bad)
;;   0094  (bad)
;;   0095  add %al,(%rax)
;;   0097  (bad)
;;   0098  mov $0x1,%eax
;;   009d  leave
;;   009e  ret
;;   009f  mov $0x2,%eax
;;   00a4  leave
;;   00a5  ret
;;   00a6  mov $0x3,%eax
;;   00ab  leave
;;   00ac  ret
;;   00ad  mov $0x4,%eax
;;   00b2  leave
;;   00b3  ret
;;   00b4  call 0xb9
;;   00b9  mov $0x9,%edi
;;   00be  jmp *0x100(%r15)
;;   00c5  call *0x110(%r15)
;;   00cc  jmp 0x2c
