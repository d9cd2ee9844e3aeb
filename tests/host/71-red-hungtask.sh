#!/bin/sh
# 71-red-hungtask (red team): a program using /dev/lguest parks a thread in the Host in state D
# for as long as its Guest runs.  lgstall runs a Guest that spins (`jmp .`) in its main thread
# and, from a second thread, sends LHREQ_RESULT; give_result() takes the Guest's lock with an
# uninterruptible mutex_lock() while run_guest() holds it.  With the hung-task timeout cut to
# 5 s (the stock 120 s would do the same, slower) the Host's log says "blocked for more than".
# This test FAILS when the hole is there.

fail() { echo "FAIL: $*"; exit 1; }

echo 5 > /proc/sys/kernel/hung_task_timeout_secs || fail "no hung-task knob"
/bin/lgstall 20 2>&1
grep -h State /proc/[0-9]*/status 2>/dev/null | sort | uniq -c
dmesg | grep -A12 'blocked for more than' | head -30
echo 120 > /proc/sys/kernel/hung_task_timeout_secs
dmesg | grep -q 'blocked for more than' &&
    fail "the Host's hung-task detector caught a Launcher thread stuck in give_result()"
echo "ok: no hung task"
