#!/bin/sh
# 55-hole-timer: a Guest that asks for a periodic timer of 1 ns gets at most one tick a
# millisecond (the Host's floor, LG_MIN_TIMER_NS).  An early Host armed the 1 ns timer as asked
# and the Host CPU's timer interrupts went from hundreds a second to thousands.

fail() { echo "FAIL: $*"; exit 1; }

out=$(/bin/lguest /guest/guest.elf -- timerstorm </dev/null 2>&1)
status=$?
echo "$out" | grep '1 ns timer'
n=$(echo "$out" | sed -n 's/.*got \([0-9]*\) ticks in 500 ms.*/\1/p')
[ -n "$n" ] || fail "no tick count from the Guest (status $status)"
[ "$n" -le 550 ] || fail "$n ticks in 500 ms: more than one a millisecond"
[ "$n" -ge 1 ] || fail "no ticks at all"
echo "ok: $n ticks in 500 ms"
