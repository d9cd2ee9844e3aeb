#!/bin/sh
# 60-ctrl-c: SIGINT to the Launcher (what Ctrl-C sends) stops a Guest that is busy spinning,
# promptly: the Host's run loop checks for signals every time the Host's timer brings the Guest
# back, so a Guest cannot keep its Launcher from dying.

fail() { echo "FAIL: $*"; exit 1; }
uptime_cs() { tr -d . </proc/uptime | cut -d' ' -f1; }

/bin/lguest /guest/guest.elf -- spin=1000000 >/tmp/spin.out 2>&1 &
pid=$!
sleep 1
kill -0 $pid 2>/dev/null || { cat /tmp/spin.out; fail "the spinning Guest had already stopped"; }
start=$(uptime_cs)
kill -INT $pid
wait $pid
status=$?
took=$(( $(uptime_cs) - start ))
echo "--- output:"; cat /tmp/spin.out
echo "--- exit status $status, stopped $took centiseconds after SIGINT"

[ "$status" -eq 130 ] || fail "the Launcher's status was $status, not 130 (128 + SIGINT)"
grep -q "stopped the Guest on signal 2" /tmp/spin.out || fail "the Launcher did not say it stopped the Guest"
[ "$took" -le 100 ] || fail "the Launcher took $took centiseconds to die"
echo "ok: SIGINT stopped the spinning Guest in $took centiseconds"

# The same for a Guest that hangs with its interrupts off: the Host's timer still brings it back.
/bin/lguest /guest/guest.elf -- hang >/tmp/hang.out 2>&1 &
pid=$!
sleep 1
kill -0 $pid 2>/dev/null || { cat /tmp/hang.out; fail "the hanging Guest had already stopped"; }
start=$(uptime_cs)
kill -INT $pid
wait $pid
status=$?
took=$(( $(uptime_cs) - start ))
echo "--- output:"; cat /tmp/hang.out
[ "$status" -eq 130 ] || fail "hang: the Launcher's status was $status, not 130"
[ "$took" -le 100 ] || fail "hang: the Launcher took $took centiseconds to die"
echo "ok: SIGINT stopped the Guest hanging with interrupts off in $took centiseconds"
