#!/bin/sh
# 52-hole-halt: a Guest that halts inside its no-interrupt window (with interrupts on and a
# timer interrupt on the way) is killed with a message that says so, and the Host does not spin.
# An early Host neither slept nor delivered in that state, and looped without yielding until
# its watchdog reported a soft lockup; here the Launcher would never have exited and the test
# would have been killed at its time limit.

fail() { echo "FAIL: $*"; exit 1; }

out=$(timeout -s KILL $((20 * ${LG_SLOW:-1})) /bin/lguest /guest/guest.elf -- hostile=haltnoirq </dev/null 2>&1)
status=$?
echo "$out" | tail -n 4
echo "status $status"
[ "$status" -ne 137 ] || fail "the Launcher had to be killed: the Host is spinning on a halted Guest"
echo "$out" | grep -q 'the Guest died: halted inside its no-interrupt window' ||
    fail "no 'halted inside its no-interrupt window'"
dmesg | grep -q 'soft lockup' && fail "the kernel reported a soft lockup"
echo "ok: halting in the no-interrupt window kills the Guest"
