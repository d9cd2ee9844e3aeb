#!/bin/sh
# 35-fpu-signals: a Guest's floating-point and SSE state survives what the Host does to its
# Launcher: the Launcher is stopped and continued (SIGSTOP/SIGCONT, so the Host's run loop
# returns to user space with a signal pending and is called again) and moved from one CPU to the
# other (taskset) forty times while two Guest processes compute with the FPU and keep a value
# in an SSE register across thousands of context switches.

fail() { echo "FAIL: $*"; exit 1; }

/bin/lguest /guest/guest.elf -- run=fpu,fpu >/tmp/fpu.out 2>&1 &
pid=$!
i=0
while [ $i -lt 40 ] && kill -0 $pid 2>/dev/null; do
    kill -STOP $pid
    # taskset fails on a process that has just exited (a zombie still answers kill): stop then
    if ! taskset -p $((1 + i % 2)) $pid >/dev/null 2>&1; then
        grep -q '^State:.*Z' /proc/$pid/status 2>/dev/null || [ ! -d /proc/$pid ] && break
        fail "taskset failed"
    fi
    usleep 20000
    kill -CONT $pid
    usleep 20000
    i=$((i + 1))
done
wait $pid
status=$?
cat /tmp/fpu.out
echo "--- status $status after $i stop/continue/migrate rounds"
[ "$status" -eq 0 ] || fail "status $status"
[ "$(grep -c '^fpu: pid [0-9]*: sum right, xmm3 intact after 5000 yields$' /tmp/fpu.out)" -eq 2 ] ||
    fail "floating-point state was lost"
[ $i -ge 10 ] || fail "only $i rounds happened before the Guest finished: the test proved little"
echo "ok: FPU and SSE state intact through $i rounds of SIGSTOP, SIGCONT and migration"
