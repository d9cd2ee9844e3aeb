#!/bin/sh
# 91-red-walker-nmi (red team): NMIs aimed at the Switcher's page-fault walker.  One Guest runs
# eight `faults` programs (8000 demand-zero faults, each reflected by the walker), another runs
# `pages` in a loop, while lgpdflip rewrites the first Guest's page directories from the other
# CPU and the shell sends every CPU an NMI through sysrq-l as fast as it can.  An NMI that lands
# inside the walker is sent home by the NMI door; any mistake there (a wrong frame, a lost cr2,
# a stale stack) would show as a Host Oops/GPF, a triple fault, or a Guest that hangs.
fail() { echo "FAIL: $*"; exit 1; }

# In a full run this comes after 90-rmmod: bring the module back.
[ -e /dev/lguest ] || insmod /lg.ko || fail "no /dev/lguest and insmod failed"
nmis0=$(cat /sys/module/lg/parameters/switcher_nmis)
progs=faults,faults,faults,faults,faults,faults,faults,faults
/bin/lguest --memory 64 /guest/guest.elf -- run=$progs </dev/null >/tmp/w1.out 2>&1 &
p1=$!
(for r in 1 2 3 4 5 6; do echo 1000 | /bin/lguest --memory 64 /guest/guest.elf -- run=pages; done) \
    >/tmp/w2.out 2>&1 &
p2=$!
/bin/lgpdflip $p1 64 6 >/tmp/flip.out 2>&1 &
pf=$!
i=0
while kill -0 $p1 2>/dev/null && [ $i -lt 400 ]; do
    echo l >/proc/sysrq-trigger
    i=$((i + 1))
done
wait $pf
wait $p1; s1=$?
wait $p2; s2=$?
nmis=$(($(cat /sys/module/lg/parameters/switcher_nmis) - nmis0))
grep 'faults:\|powering\|died\|killed' /tmp/w1.out
grep -c 'touched 1000 fresh' /tmp/w2.out
cat /tmp/flip.out
echo "--- $i sysrq-l rounds; NMIs inside the Switcher: $nmis; statuses $s1 $s2"
grep -q 'Guest: powering off' /tmp/w1.out || fail "the faulting Guest did not survive (status $s1)"
[ "$(grep -c 'touched 1000 fresh' /tmp/w2.out)" -eq 6 ] || fail "pages Guest runs failed"
echo "ok: Host survived NMIs under the walker ($nmis in the Switcher)"
