#!/bin/sh
# 83-red-timers (red team, third round): the 1 ms floor on a Guest's timer bounds one Guest, but
# one process may set up any number of Guests, and a Guest's periodic timer keeps firing
# whether or not its file is ever read again.  lgtimers (tests/tools/lgtimers.c) sets up 1,000
# tiny idle Guests (64 KiB each, one shared mapping), each with a periodic 1 ms timer: a
# million hrtimer expiries a second on the Host.  It counts an unrelated busy loop before and
# after.  This test FAILS when the hole is there (the loop gets less than half its turns, or
# the Host's log complains about its timer interrupt).

fail() { echo "FAIL: $*"; exit 1; }

# In a full run this comes after 90-rmmod: bring the module back for the probe.
[ -e /dev/lguest ] || insmod /lg.ko || fail "no /dev/lguest and insmod failed"

dmesg -c >/dev/null
out=$(/bin/lgtimers 1000 2>&1)
echo "$out"
dmesg | tail -20
pct=$(echo "$out" | sed -n 's/.*(\([0-9]*\)% of before).*/\1/p')
[ -n "$pct" ] || fail "lgtimers said nothing about the busy loop"
dmesg | grep -qE 'hrtimer: interrupt took|soft lockup|rcu.*stall' &&
    fail "the Host's log complains of its timer interrupt (idle Guests' timers)"
[ "$pct" -ge 50 ] || fail "an unrelated busy loop got $pct% of its turns beside one process's idle Guests"
echo "ok: idle Guests' timers cost the Host little"
