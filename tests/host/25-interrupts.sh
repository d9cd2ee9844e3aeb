#!/bin/sh
# 25-interrupts: a Guest that spins with interrupts on for a while keeps being interrupted by the
# Host's timer; every such interrupt leaves the Guest through the Switcher and is delivered to the
# Host's own handler.  If that path were broken the Host would hang or crash here.  We check that
# the Guest finished, that it really ran for many timer ticks (the local timer count of the
# Host grew while it ran), and that its status came back.

fail() { echo "FAIL: $*"; exit 1; }
ticks() { awk '/LOC:/ { n = 0; for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) n += $i; print n }' /proc/interrupts; }

before=$(ticks)
out=$(/bin/lguest /guest/guest.elf -- spin=200 exit=4 2>&1)
status=$?
after=$(ticks)
echo "--- output of: lguest /guest/guest.elf -- spin=200 exit=4"
echo "$out"
echo "--- exit status: $status; local timer interrupts before $before, after $after"

echo "$out" | grep -q 'Guest: spun 200 million times' || fail "the Guest did not finish spinning"
[ "$status" -eq 4 ] || fail "the Launcher exited with $status, not the Guest's 4"
[ $((after - before)) -ge 20 ] ||
    fail "only $((after - before)) timer interrupts while the Guest spun: it did not run long enough to test anything"
echo "ok: $((after - before)) timer interrupts on the Host while the Guest spun"
