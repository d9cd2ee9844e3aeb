#!/bin/sh
# 75-red-hotplug-running (red team): CPU 1 goes off and on line ten times while two Guests spin
# (one pinned to it, one free) and a third halts on its timer; the Guests must finish and the
# Host's log stay clean (the boot's log check covers the latter).

fail() { echo "FAIL: $*"; exit 1; }
taskset -c 1 /bin/lguest /guest/guest.elf -- spin=400 exit=21 >/tmp/h1.out 2>&1 &
p1=$!
/bin/lguest /guest/guest.elf -- run=busy,busy exit=22 >/tmp/h2.out 2>&1 &
p2=$!
i=0
while [ $i -lt 10 ]; do
    echo 0 > /sys/devices/system/cpu/cpu1/online
    sleep 0.2
    echo 1 > /sys/devices/system/cpu/cpu1/online
    sleep 0.2
    i=$((i + 1))
done
wait $p1; s1=$?
wait $p2; s2=$?
tail -n 2 /tmp/h1.out /tmp/h2.out
echo "statuses $s1 $s2"
[ "$s1" -eq 21 ] && [ "$s2" -eq 22 ] || fail "a Guest did not finish well across CPU hotplug"
echo ok
