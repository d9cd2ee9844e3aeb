#!/bin/sh
# 38-hostile: a Guest that breaks the rules is killed with a message naming what it did (or, for
# a misdeed of one of its programs, deals with it itself), the Launcher says so and exits with
# the status given, and the Host carries on (the kernel-log check at the end of the boot covers
# the Host).
#
# Each line of the list below is one case: the Guest's hostile=NAME, the Launcher's exit status
# expected and an extended regular expression the Launcher's output must match (both regular
# expressions, since some misdeeds end one way under QEMU and another on a real processor:
# see 56-hole-switcher).  Each case is
# one Launcher of its own, with /dev/null for standard input: the list reaches the loop on file
# descriptor 3, so no Launcher (whose console thread reads standard input) can swallow it.  The
# test counts the cases it ran and fails unless that is every line of the list.

fail() { echo "FAIL: $*"; exit 1; }

lines=0 ran=0
while IFS='	' read -r name want pattern <&3; do
    case $name in ''|'#'*) continue ;; esac
    lines=$((lines + 1))
    out=$(/bin/lguest /guest/guest.elf -- "hostile=$name" </dev/null 2>&1)
    status=$?
    ran=$((ran + 1))
    echo "--- hostile=$name (status $status)"
    echo "$out" | tail -n 6
    echo "$status" | grep -qxE "$want" || fail "hostile=$name: status $status, not $want"
    echo "$out" | grep -qE "$pattern" || fail "hostile=$name: no line matching '$pattern'"
    echo "$out" | grep -q "still alive after hostile" && fail "hostile=$name: the Guest survived"
done 3<<'LIST'
console	1	lguest: the Guest died: console write of 16 bytes at 0xf0000000 is outside the Guest
idt	1	lguest: the Guest died: bad interrupt gate 100
gdt	1	lguest: the Guest died: bad segment descriptor
tss	1	lguest: the Guest died: may not set descriptor 16
stack	1	lguest: the Guest died: bad kernel stack segment 0x68
pgdir	1	lguest: the Guest died: bad page directory 0x7ffff000
switcher	1|3	the Guest died: touched the Switcher|hostile=switcher stopped by trap 13
haltnoirq	1	lguest: the Guest died: halted inside its no-interrupt window
readhost	3	Guest: 0 words of Host addresses|hostile=readhost stopped by trap 13
execswitcher	1|3|255	the Guest died: touched the Switcher|hostile=execswitcher stopped by trap 13|unexpected trap (13|14) .* at eip e0
nmiflag	1|3	the Guest died: touched the Switcher|hostile=nmiflag stopped by trap 13
map	1	lguest: the Guest died: page table entry 0xfffff003 points outside Guest memory
consoleend	1	the Guest died: console write of 16 bytes at 0x[0-9a-f]+ is outside the Guest
consolewrap	1	the Guest died: console write of 4294967288 bytes at 0x10 is outside the Guest
tlsend	1	the Guest died: bad read of 24 bytes at 0x[0-9a-f]+
gdtindex	1	the Guest died: may not set descriptor 1000
idtvector	1	the Guest died: may not set interrupt gate 300
idthcall	1	the Guest died: may not set interrupt gate 31
idttask	1	the Guest died: bad interrupt gate 50
stack3	1	the Guest died: bad kernel stack segment 0x7b
pgdirodd	1	the Guest died: bad page directory 0x1001
pgdindex	1	the Guest died: bad page directory index 5000
inittwice	1	the Guest died: LHCALL_INIT made twice
unknown	1	the Guest died: unknown hypercall 9999
asyncunknown	1	the Guest died: unknown hypercall 9998
asynctls	1	the Guest died: bad read of 24 bytes at 0xfffffff0
tlsring0	1	the Guest died: bad segment descriptor
tlsbase	1	the Guest died: segment base 0x[0-9a-f]+ is not below the Switcher
expanddown	1	the Guest died: expand-down segment
pdeoutside	1	the Guest died: page table entry 0xfffff003 points outside Guest memory
bigpage	1	the Guest died: 4 MiB pages are not supported
nostack	1	the Guest died: cannot push a trap frame at 0xcffffff4
farhandler	1	the Guest died: eip 0xffff0000 is beyond its code segment
segments	3	hostile=segments stopped by trap 13
returns	3	hostile=returns stopped by trap 13
gates	3	hostile=gates stopped by trap 13
instructions	3	hostile=instructions stopped by trap 13
mxcsr	3	hostile=mxcsr stopped by trap 13
irqstorm	3	hostile=irqstorm: 100000 calls, and the Host carried on
othercpu	1	the Guest died: touched the Switcher
LIST
[ "$lines" -gt 0 ] || fail "the list of cases is empty"
[ "$ran" -eq "$lines" ] || fail "ran $ran of the $lines cases"
echo "ok: all $ran hostile Guests were dealt with as expected"
