#!/bin/sh
# 93-red-snoop: a Guest that paints everything the processor carries for it with a mark
# (hostile=redpaint: registers at each hypercall, x87 stack and pointers, %xmm0-7, TLS
# descriptors, faults at marked addresses) runs on CPU 1 until killed; other Guests
# (hostile=redsnoop) run beside it on CPU 1, on CPU 0, on CPU 1 while it is moved between
# CPUs, on CPU 1 after it is gone and after lg.ko is reloaded, and look for the mark after each of 1500 trips of
# their own: in their registers, x87 environment, fxsave image, both Switcher pages and
# lguest_data.  Any marked word is a leak.

fail() { echo "FAIL: $*"; exit 1; }

self=$(taskset -c 1 /bin/lguest /guest/guest.elf -- hostile=redself </dev/null 2>&1)
echo "--- the instrument, on its own painted state:"
echo "$self" | grep 'red:'
echo "$self" | grep -q 'red: 0 marked words' && fail "the snooper cannot see a mark even in its own state"

taskset -c 1 /bin/lguest /guest/guest.elf -- hostile=redpaint </dev/null >/tmp/paint.out 2>&1 &
painter=$!
sleep 3
grep -q 'red: painting' /tmp/paint.out || { cat /tmp/paint.out; fail "the painter did not start"; }
bad=0
snoop() {
	where=$1; shift
	out=$("$@" /bin/lguest /guest/guest.elf -- hostile=redsnoop </dev/null 2>&1)
	echo "--- snoop $where:"
	echo "$out" | grep 'red:'
	echo "$out" | grep -q 'red: 0 marked words seen' || bad=1
}
snoop "on CPU 1 beside the painter" taskset -c 1
snoop "on CPU 0 while the painter runs on CPU 1" taskset -c 0
( for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	taskset -p -c 0 $painter >/dev/null 2>&1; sleep 0.2
	taskset -p -c 1 $painter >/dev/null 2>&1; sleep 0.2
  done ) &
mover=$!
snoop "on CPU 0 while the painter moves between CPUs" taskset -c 0
kill $mover 2>/dev/null; wait $mover 2>/dev/null
taskset -p -c 1 $painter >/dev/null 2>&1
sleep 1
kill $painter; wait $painter 2>/dev/null
tail -n 3 /tmp/paint.out
snoop "on CPU 1 after the painter is gone" taskset -c 1
rmmod lg || fail "rmmod failed"
insmod /lg.ko || fail "insmod failed"
snoop "on CPU 1 after rmmod and insmod" taskset -c 1
[ $bad -eq 0 ] || fail "a Guest saw another Guest's marked values"
echo "ok: no snooping Guest saw the painter's mark"
