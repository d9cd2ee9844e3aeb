#!/bin/sh
# 62-walker-kernel-page: a Guest program that reads a page its Guest kernel maps only for the
# kernel (0xC0100000, the kernel's text) still gets the fault delivered to its kernel, with the
# right address, and the page is never mapped for it: the kernel kills the program both times
# it runs ("killed: trap 14 ... address c0100000"), the program never prints "did NOT fault",
# and the Guest carries on and powers off with the program's status.  The Switcher's page-fault
# walker reflects this fault itself (the Guest's directory entry lacks the user bit), so the
# test checks the walker's reflection: the address it writes for the Guest, the frame it
# pushes (the kernel reads the program's eip and ring from it) and that it maps nothing.
# Once with the walker on and once off (the Host's reflection), for comparison.

fail() { echo "FAIL: $*"; exit 1; }
param=/sys/module/lg/parameters/pf_walker
[ -w "$param" ] || fail "no writable $param"
trap 'echo 1 >"$param"' EXIT

for walker in 1 0; do
    echo "$walker" >"$param"
    out=$(/bin/lguest --memory 64 /guest/guest.elf -- run=peek,peek </dev/null 2>&1)
    status=$?
    echo "--- pf_walker=$walker: lguest /guest/guest.elf -- run=peek,peek (status $status)"
    echo "$out" | grep 'peek\|powering'
    echo "$out" | grep -q 'did NOT fault' && fail "a program read the kernel's page (pf_walker=$walker)"
    n=$(echo "$out" | grep -c 'process [0-9]* (peek) killed: trap 14 at eip [0-9a-f]*, address c0100000$')
    [ "$n" -eq 2 ] || fail "peek was not killed twice by a page fault at c0100000 (pf_walker=$walker)"
    echo "$out" | grep -q 'Guest: powering off with status 139' ||
        fail "the Guest did not survive its programs (pf_walker=$walker)"
    [ "$status" -eq 139 ] || fail "the Guest's status was $status, not peek's 139"
done
echo "ok: a program's read of a kernel-only page faults into the Guest and maps nothing"
