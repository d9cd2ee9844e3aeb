#!/bin/sh
# Exercise 2.2 (breakpoint): a process may stop at a breakpoint, and the Guest kernel reports it
# and lets the process carry on, under the Host (where the gates the processor uses are the
# Host's, of privilege 0, so int3 in ring 3 arrives as a general protection fault).  Runs the
# new user program bkpt, which prints "bkpt: next instruction at X" before each of two
# breakpoints, int3 (0xCC) and the two-byte int $3 (0xCD 0x03), X being the address just after
# it, and "bkpt: back after both breakpoints" at the end.  Asserts, patched and with `nopatch`:
#   two lines "Guest: process N (bkpt) breakpoint at eip X", X each time the address bkpt named;
#   bkpt's last line; and the Guest's status 0 (bkpt exited with 0, not killed).
# (exercises/checks/build/2.2-breakpoint.sh checks the same on bare hardware.)

fail() { echo "FAIL: $*"; exit 1; }

for opt in "" nopatch; do
    out=$(/bin/lguest /guest/guest.elf -- $opt run=bkpt 2>&1 </dev/null)
    status=$?
    echo "--- lguest /guest/guest.elf -- $opt run=bkpt (status $status)"
    echo "$out"
    echo "$out" | grep -q "no program called 'bkpt'" && fail "there is no user program called bkpt"
    want=$(echo "$out" | sed -n 's/^bkpt: next instruction at \([0-9a-f]*\)$/\1/p' | tr '\n' ' ')
    [ "$(echo $want | wc -w)" -eq 2 ] ||
        fail "bkpt should print 'bkpt: next instruction at X' twice, once before each breakpoint"
    got=$(echo "$out" | sed -n 's/^Guest: process [0-9]* (bkpt) breakpoint at eip \([0-9a-f]*\)$/\1/p' | tr '\n' ' ')
    [ -n "$got" ] || fail "no 'Guest: process N (bkpt) breakpoint at eip X' line"
    [ "$got" = "$want" ] ||
        fail "the kernel reported breakpoints at '$got', but bkpt resumes at '$want' (the address after each)"
    echo "$out" | grep -q '^bkpt: back after both breakpoints$' || fail "bkpt did not get past both breakpoints"
    [ "$status" -eq 0 ] || fail "the Guest's status was $status, not 0"
done
echo "ok: both breakpoints reported at the right address, and bkpt carried on"
