#!/bin/sh
# 94-red-debugregs: the Host's hardware watchpoints reach into a Guest.  The Host's
# administrator watches an address on CPU 1 system-wide (tests/tools/lgwatch.c, as
# `perf record -e mem:ADDR:rw -a -C 1` would); a Guest on CPU 1 reads a word of its own at the
# same linear address 2000 times (hostile=redwatch).  lg.ko leaves %dr7 armed while the Guest
# runs, so the Guest takes a debug trap (reflected into it as trap 1) at every read: it learns
# which address the Host watches (it then scans its page and names the word), and the Host's
# own count misses them.  Neither may happen.  (The fix: in run_guest_on_this_cpu, clear %dr7
# around run_guest_once when hw_breakpoint_active(), then hw_breakpoint_restore(), as KVM does.)

fail() { echo "FAIL: $*"; exit 1; }

lgwatch 1 0xD5EC2040 15 >/tmp/watch.out 2>&1 &
watcher=$!
sleep 1
cat /tmp/watch.out
grep -q 'watching' /tmp/watch.out || { echo "skip: no hardware breakpoints here"; exit 0; }
out=$(taskset -c 1 /bin/lguest /guest/guest.elf -- hostile=redwatch </dev/null 2>&1)
echo "$out" | tail -n 3
wait $watcher
cat /tmp/watch.out | tail -n 1
echo "$out" | grep -q 'red: 0 debug traps' ||
	fail "the Guest took debug traps from the Host's watchpoint (%dr7 left armed in the Guest)"
echo "ok: the Host's watchpoint did not reach the Guest"
