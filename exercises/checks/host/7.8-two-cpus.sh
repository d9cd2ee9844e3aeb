#!/bin/sh
# Exercise 7.8 (two processors for one Guest): lguest --cpus 2 runs one Guest with two virtual
# CPUs.  With run=busy,busy asserts: status 0; both busy lines as 36-processes reads them
# ("busy: pid P counted to 100000000 in T ticks, preempted K times"); a line
# "busy: pid P ran on cpu C" from each, and both CPUs, 0 and 1, among them.  Reports, without
# asserting, the time against one CPU.

fail() { echo "FAIL: $*"; exit 1; }

t0=$(date +%s)
out=$(/bin/lguest --cpus 2 --memory 64 /guest/guest.elf -- run=busy,busy </dev/null 2>&1)
status=$?
t1=$(date +%s)
echo "$out"
echo "$out" | grep -q "unknown option\|unrecognized option\|invalid option\|usage" &&
    fail "the Launcher has no --cpus option"
[ "$status" -eq 0 ] || fail "status $status"
n=$(echo "$out" | grep -c '^busy: pid [0-9]* counted to 100000000 in [0-9]* ticks, preempted [0-9]* times$')
[ "$n" -eq 2 ] || fail "$n busy processes finished, not 2"
echo "$out" | grep -q '^busy: pid [0-9]* ran on cpu 0$' || fail "no busy process ran on cpu 0"
echo "$out" | grep -q '^busy: pid [0-9]* ran on cpu 1$' || fail "no busy process ran on cpu 1"
/bin/lguest --memory 64 /guest/guest.elf -- run=busy,busy </dev/null >/dev/null 2>&1
t2=$(date +%s)
echo "ok: both busy processes finished, on cpus 0 and 1: $((t1 - t0)) s with two CPUs, $((t2 - t1)) s with one"
