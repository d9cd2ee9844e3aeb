#!/bin/sh
# 70-rmmod-busy: `rmmod lg` is refused while a Guest runs, and the Guest is not disturbed by
# the attempt; once the Guest is gone the module can be unloaded and loaded again.

fail() { echo "FAIL: $*"; exit 1; }

/bin/lguest /guest/guest.elf -- spin=1000000 >/tmp/busy.out 2>&1 &
pid=$!
sleep 1
if rmmod lg 2>/tmp/rmmod.err; then
    kill -INT $pid
    fail "rmmod lg succeeded while a Guest was running"
fi
echo "ok: rmmod refused while the Guest ran: $(cat /tmp/rmmod.err)"
kill -0 $pid 2>/dev/null || fail "the Guest died when rmmod was attempted"
kill -INT $pid
wait $pid
rmmod lg || fail "rmmod lg failed after the Guest was gone"
insmod /lg.ko || fail "insmod lg.ko failed after rmmod"
echo "ok: unloaded and reloaded after the Guest exited"
