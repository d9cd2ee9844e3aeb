#!/bin/sh
# 38-hostile: a Guest that breaks the rules is killed with a message naming what it did, the
# Launcher says so and exits non-zero, and the Host carries on (the kernel log check at the end
# of the boot covers the Host).  Each line: the Guest's hostile=NAME, then the message expected.

fail() { echo "FAIL: $*"; exit 1; }

while read -r name want; do
    out=$(/bin/lguest /guest/guest.elf -- hostile=$name 2>&1)
    status=$?
    echo "--- hostile=$name (status $status)"
    echo "$out"
    [ "$status" -eq 1 ] || fail "hostile=$name: status $status, not 1"
    echo "$out" | grep -q "lguest: the Guest died: $want" || fail "hostile=$name: no '$want'"
    echo "$out" | grep -q "still alive after hostile" && fail "hostile=$name: the Guest survived"
done <<'LIST'
console console write of 16 bytes at 0xf0000000 is outside the Guest
idt bad interrupt gate 100
gdt bad segment descriptor
tss may not set descriptor 16
stack bad kernel stack segment 0x68
pgdir bad page directory 0x7ffff000
switcher touched the Switcher
map page table entry 0xfffff003 points outside Guest memory
LIST
echo "ok: every hostile Guest was killed with the right reason"
