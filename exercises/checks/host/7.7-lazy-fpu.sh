#!/bin/sh
# Exercise 7.7 (lazy floating point): with lguest --stats, a Guest that never touches the FPU
# (spin=20) has no line for trap 7 ("device not available") at all, and a Guest running
# run=fpu,fpu has one, with both fpu processes' sums right and %xmm3 intact; and the Host's
# kernel log gains no WARNING meanwhile.  Both Guests must power off with status 0.

fail() { echo "FAIL: $*"; exit 1; }

warnings() { dmesg | grep -c 'WARNING'; }
before=$(warnings)
out=$(/bin/lguest --stats /guest/guest.elf -- spin=20 </dev/null 2>&1)
status=$?
echo "$out" | grep '^lguest:'
[ "$status" -eq 0 ] || fail "spin=20: status $status"
echo "$out" | grep -q '^lguest: *[0-9]* device not available$' &&
    fail "a Guest that never touches the FPU still trapped with vector 7: the Guest's FPU is not lazy"
out=$(/bin/lguest --stats --memory 64 /guest/guest.elf -- run=fpu,fpu </dev/null 2>&1)
status=$?
echo "$out"
[ "$status" -eq 0 ] || fail "fpu,fpu: status $status"
[ "$(echo "$out" | grep -c '^fpu: pid [0-9]*: sum right, xmm3 intact after 5000 yields$')" -eq 2 ] ||
    fail "floating-point state was lost"
echo "$out" | grep -q '^lguest: *[1-9][0-9]* device not available$' ||
    fail "no trap 7 (device not available) in run=fpu,fpu: the FPU state is still loaded eagerly"
after=$(warnings)
[ "$after" -eq "$before" ] || { dmesg | tail -n 40; fail "the Host's kernel log has a new WARNING"; }
echo "ok: no trap 7 without the FPU, trap 7 with it, state intact, no warning"
