#!/bin/sh
# 32-traps: traps the Guest should handle itself are reflected to the Guest's own handlers with
# the right vector: a divide error (0), a page fault on an address the Guest never mapped (14,
# with that address as the fault address), and hlt in ring 1 (13, general protection).  Run
# twice: with the paravirt sites patched and with `nopatch`.

fail() { echo "FAIL: $*"; exit 1; }

for mode in patched nopatch; do
    opt=""; [ $mode = nopatch ] && opt=nopatch
    out=$(/bin/lguest /guest/guest.elf -- $opt divide pagefault privileged exit=0 2>&1)
    status=$?
    echo "--- $mode: lguest /guest/guest.elf -- $opt divide pagefault privileged (status $status)"
    echo "$out"
    [ "$status" -eq 0 ] || fail "$mode: status $status"
    echo "$out" | grep -q "divide error caught by the Guest's handler: trap 0$" || fail "$mode: no divide error"
    echo "$out" | grep -q "page fault at d0000000 caught by the Guest's handler: trap 14$" ||
        fail "$mode: no page fault at the right address"
    echo "$out" | grep -q "hlt in ring 1 caught by the Guest's handler: trap 13$" || fail "$mode: no #GP for hlt"
    if [ $mode = patched ]; then
        echo "$out" | grep -Eq 'patched ([1-9][0-9]*) of \1 paravirt sites' || fail "not every paravirt site was patched"
    else
        echo "$out" | grep -q 'leaving [1-9][0-9]* paravirt sites unpatched' || fail "nopatch was not honoured"
    fi
done
echo "ok: the three traps reached the Guest's handlers, patched and unpatched"
