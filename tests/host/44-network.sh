#!/bin/sh
# 44-network: the Guest's network card, on a TAP device, answers the Host: the Host's own `ping`
# gets three replies from the Guest's address (the Guest answered ARP first, or the Host would
# not know where to send them).  A Launcher asked for a TAP device without TAP support says so and fails.

fail() { echo "FAIL: $*"; exit 1; }

# Without the TAP driver there is no /dev/net/tun.
out=$(/bin/lguest --tap tap9 /guest/guest.elf 2>&1); status=$?
echo "$out"
[ "$status" -ne 0 ] || fail "the Launcher started without TAP support"
echo "$out" | grep -q 'no TAP support: /dev/net/tun is missing' || fail "no clear message about TAP support"

insmod /tun.ko || fail "cannot load tun.ko"
/bin/lguest --tap tap0 /guest/guest.elf -- ip=10.0.2.2 idle=1500 >/tmp/net.out 2>&1 &
pid=$!
i=0
while ! ip link show tap0 >/dev/null 2>&1 && [ $i -lt $((50 * ${LG_SLOW:-1})) ]; do usleep 100000; i=$((i + 1)); done
ip addr add 10.0.2.1/24 dev tap0 && ip link set tap0 up || fail "cannot configure tap0"
ping -c 3 -W $((3 * ${LG_SLOW:-1})) 10.0.2.2 >/tmp/ping.out 2>&1
pstatus=$?
cat /tmp/ping.out
kill -INT $pid
wait $pid
cat /tmp/net.out
[ "$pstatus" -eq 0 ] || fail "ping failed"
grep -q '3 packets transmitted, 3 packets received' /tmp/ping.out || fail "not 3 replies"
grep -q 'Guest: idling for 1500 ticks' /tmp/net.out || fail "the Guest did not come up"
echo "ok: the Host pinged the Guest through TAP and got 3 replies"
