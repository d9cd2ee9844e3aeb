#!/bin/sh
# 26-two-guests: two Launchers run two Guests at the same time on the 2-CPU Host; each gets
# its own exit status back, and neither disturbs the other.

fail() { echo "FAIL: $*"; exit 1; }

/bin/lguest /guest/guest.elf -- spin=100 exit=11 >/tmp/g1.out 2>&1 &
pid1=$!
/bin/lguest /guest/guest.elf -- spin=100 exit=22 >/tmp/g2.out 2>&1 &
pid2=$!
wait $pid1; s1=$?
wait $pid2; s2=$?
echo "--- first Guest (status $s1):"; cat /tmp/g1.out
echo "--- second Guest (status $s2):"; cat /tmp/g2.out

[ "$s1" -eq 11 ] || fail "the first Launcher exited with $s1, not 11"
[ "$s2" -eq 22 ] || fail "the second Launcher exited with $s2, not 22"
grep -q 'powering off with status 11' /tmp/g1.out || fail "the first Guest's output is wrong"
grep -q 'powering off with status 22' /tmp/g2.out || fail "the second Guest's output is wrong"
echo "ok: both Guests ran and returned their own status"
