#!/bin/sh
# 93-red-mce (red team; needs the driver tests/red/red-mce.sh, which injects machine checks through
# QEMU's monitor when this script prints its @@RED-MCE- markers; under make test alone nobody
# injects anything and the script passes).
# The Switcher sends vector 18 (#MC) home by return_to_host, like a Guest's own trap, not by
# deliver_to_host: handle_trap() reflects it to the Guest.  The Host's machine-check handler
# never runs for a machine check that lands while a Guest runs: nothing is logged or recovered,
# and MCG_STATUS.MCIP stays set, so the next machine check on that processor shuts it down
# (a triple fault: the whole Host resets).
# Phase 1 (control): a machine check on an idle CPU 1 is handled by the Host.
# Phase 2: one while a Guest spins on CPU 1.  Phase 3: another on CPU 1, now idle again.

mces() { dmesg | grep -c 'Machine check events logged\|Hardware Error'; }
echo "@@RED-MCE-CONTROL"
sleep 10
c1=$(mces)
echo "red-mce: after the control injection: $c1 machine-check lines in the Host's log"
taskset -c 1 /bin/lguest /guest/guest.elf -- spin=100000 exit=21 </dev/null >/tmp/mce.out 2>&1 &
g=$!
sleep 4
echo "@@RED-MCE-GUEST"
sleep 10
kill $g 2>/dev/null; wait $g; s=$?
cat /tmp/mce.out | tail -n 4
c2=$(mces)
echo "red-mce: Launcher status $s; machine-check lines now $c2 (were $c1)"
echo "@@RED-MCE-SECOND"
sleep 10
c3=$(mces)
echo "red-mce: the Host survived the second machine check; lines now $c3"
dmesg | grep -i 'mce\|machine check\|Hardware Error\|memory failure' | tail -n 8
