#!/bin/sh
# 45-guests-bridged: two Guests joined by the Host's Ethernet bridge exchange frames: one pings
# the other (ARP request and reply, then three echo requests and replies, all Guest to Guest),
# and reports three replies.

fail() { echo "FAIL: $*"; exit 1; }
lsmod | grep -q '^tun ' || insmod /tun.ko || fail "cannot load tun.ko"
for m in llc stp bridge; do lsmod | grep -q "^$m " || insmod /$m.ko || fail "cannot load $m.ko"; done

waitlink() { i=0; while ! ip link show "$1" >/dev/null 2>&1 && [ $i -lt $((100 * ${LG_SLOW:-1})) ]; do usleep 100000; i=$((i + 1)); done; }

/bin/lguest --tap tapb /guest/guest.elf -- ip=10.0.3.2 idle=1500 >/tmp/b.out 2>&1 &
b=$!
waitlink tapb
/bin/lguest --tap tapa /guest/guest.elf -- ip=10.0.3.3 ping=10.0.3.2 >/tmp/a.out 2>&1 &
a=$!
waitlink tapa
brctl addbr br0 && { echo 0 >/sys/class/net/br0/bridge/forward_delay; true; } && brctl addif br0 tapa && brctl addif br0 tapb &&
    ip link set tapa up && ip link set tapb up && ip link set br0 up || fail "cannot build the bridge"
wait $a
astatus=$?
kill -INT $b
wait $b
echo "--- the pinging Guest (status $astatus):"; cat /tmp/a.out
echo "--- the pinged Guest:"; cat /tmp/b.out
ip link set br0 down; brctl delbr br0
[ "$astatus" -eq 0 ] || fail "the pinging Guest's status was $astatus"
grep -q '^Guest: ping 10.0.3.2: address found, 3 of 3 replies$' /tmp/a.out || fail "not 3 replies between the Guests"
echo "ok: one Guest pinged the other across the Host's bridge: 3 of 3 replies"
