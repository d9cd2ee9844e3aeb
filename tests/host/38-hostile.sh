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
LIST
[ "$lines" -gt 0 ] || fail "the list of cases is empty"
[ "$ran" -eq "$lines" ] || fail "ran $ran of the $lines cases"
echo "ok: all $ran hostile Guests were dealt with as expected"
