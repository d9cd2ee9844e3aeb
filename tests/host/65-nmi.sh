#!/bin/sh
# 65-nmi: NMIs that arrive while Guests run, some of them while the Switcher is between worlds,
# do not crash the Host and do not disturb the Guests.  `echo l > /proc/sysrq-trigger` makes the
# kernel send every CPU an NMI (to print its backtrace); we do that 200 times while two Guests
# spin, then check that the Guests finished correctly and that the NMIs really arrived (the
# kernel log has at least 20 of their backtraces: the kernel skips a request while the last is
# still printing, and the log buffer may wrap).  lg.ko counts the NMIs that landed inside the Switcher in
# /sys/module/lg/parameters/switcher_nmis; that number is reported, not asserted, since where an
# NMI lands is chance.

fail() { echo "FAIL: $*"; exit 1; }
backtraces() { dmesg | grep -c 'NMI backtrace for cpu'; }

before=$(backtraces)
/bin/lguest /guest/guest.elf -- spin=300 exit=21 >/tmp/n1.out 2>&1 &
p1=$!
/bin/lguest /guest/guest.elf -- run=busy,busy exit=22 >/tmp/n2.out 2>&1 &
p2=$!
i=0
while [ $i -lt 200 ]; do
    echo l >/proc/sysrq-trigger
    i=$((i + 1))
done
wait $p1; s1=$?
wait $p2; s2=$?
after=$(backtraces)
cat /tmp/n1.out /tmp/n2.out
nmis=$(cat /sys/module/lg/parameters/switcher_nmis)
echo "--- statuses $s1 $s2; NMI backtraces in the kernel log: $((after - before)); NMIs inside the Switcher so far: $nmis"
[ "$s1" -eq 21 ] || fail "the spinning Guest's status was $s1"
[ "$s2" -eq 22 ] || fail "the busy Guest's status was $s2"
[ "$(grep -c 'preempted [1-9]' /tmp/n2.out)" -eq 2 ] || fail "the busy programs did not both finish"
[ $((after - before)) -ge 20 ] || fail "only $((after - before)) NMI backtraces: the NMIs did not arrive"
echo "ok: $((after - before)) NMIs delivered while Guests ran ($nmis inside the Switcher); Guests intact"
