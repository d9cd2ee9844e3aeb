#!/usr/bin/env bash
# Exercise 2.2 (breakpoint), on bare hardware: build/bin/guest.elf booted by
# `qemu-system-i386 -kernel` runs the user program bkpt (see exercises/checks/host/2.2-breakpoint.sh:
# two breakpoints, int3 and the two-byte int $3, each announced as "bkpt: next instruction at X",
# then "bkpt: back after both breakpoints").  Asserts, patched and with `nopatch`, the two lines
# "Guest: process N (bkpt) breakpoint at eip X" with X the addresses bkpt named, bkpt's last line,
# and the Guest's status 0 (QEMU's status 1).
set -uo pipefail


fail() { echo "FAIL: $*"; exit 1; }

for opt in "" nopatch; do
    out=$(tests/native-guest.sh $opt run=bkpt </dev/null)
    status=$?
    echo "--- qemu-system-i386 -kernel guest.elf -append '$opt run=bkpt' (status $status)"
    echo "$out"
    grep -q "no program called 'bkpt'" <<<"$out" && fail "there is no user program called bkpt"
    want=$(sed -n 's/^bkpt: next instruction at \([0-9a-f]*\)$/\1/p' <<<"$out" | tr '\n' ' ')
    [ "$(wc -w <<<"$want")" -eq 2 ] ||
        fail "bkpt should print 'bkpt: next instruction at X' twice, once before each breakpoint"
    got=$(sed -n 's/^Guest: process [0-9]* (bkpt) breakpoint at eip \([0-9a-f]*\)$/\1/p' <<<"$out" | tr '\n' ' ')
    [ -n "$got" ] || fail "no 'Guest: process N (bkpt) breakpoint at eip X' line"
    [ "$got" = "$want" ] ||
        fail "the kernel reported breakpoints at '$got', but bkpt resumes at '$want' (the address after each)"
    grep -q '^bkpt: back after both breakpoints$' <<<"$out" || fail "bkpt did not get past both breakpoints"
    [ "$status" -eq 1 ] || fail "QEMU's status $status, not 1 (the Guest's status 0)"
done
echo "ok: on bare hardware both breakpoints were reported at the right address, and bkpt carried on"
