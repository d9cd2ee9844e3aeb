#!/bin/sh
# Checker of Exercise 6.1 (the road home through %ss), Host side.
# Asserts that a Switcher which no longer loads its own data segment on the road home still
# carries every trip right: the Guest's regcheck (every register it can fill comes back from a
# hypercall, Host interrupts and a reflected divide error), patched and with nopatch, finds 0
# wrong; programs that use their own segments and take page faults (run=tls,faults) finish; and
# trips=100 sees exactly 101 trips of its own between its two readings of the trip count, so
# every trip still goes home and is counted once.  (The build-side half, exercises/checks/build/
# 6.1-road-home-ss.sh, checks the code itself.)

fail() { echo "FAIL: $*"; exit 1; }

for opt in "" nopatch; do
    out=$(/bin/lguest /guest/guest.elf -- $opt regcheck </dev/null 2>&1)
    status=$?
    echo "--- regcheck $opt (status $status)"
    echo "$out" | tail -n 3
    echo "$out" | grep -q '^Guest: registers checked across a hypercall, interrupts and a divide error: 0 wrong$' ||
        fail "regcheck $opt: a register came back wrong, or the check did not finish"
    [ "$status" -eq 0 ] || fail "regcheck $opt: the Guest's status was $status"
done

out=$(/bin/lguest /guest/guest.elf -- run=tls,faults trips=100 exit=0 </dev/null 2>&1)
status=$?
echo "--- run=tls,faults trips=100 (status $status)"
echo "$out" | tail -n 6
[ "$status" -eq 0 ] || fail "run=tls,faults trips=100: the Guest's status was $status"
echo "$out" | grep -q '^faults: 1000 pages touched, 0 not zero at first, 0 lost their value' ||
    fail "the faults program did not finish right"
own=$(echo "$out" | sed -n 's/.*Guest: 100 LHCALL_NOPs: \([0-9]*\) trips of its own between the readings.*/\1/p')
[ "$own" = 101 ] || fail "trips=100 saw '${own:-nothing}' trips of its own between its readings, not 101"
echo "ok: registers, segments, page faults and the trip count all come through the road home"
