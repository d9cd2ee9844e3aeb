#!/bin/sh
# 36-processes: the Guest runs user programs in ring 3, with one address space each:
#   hello    prints the ring it runs in (3)
#   faults   touches 1000 pages it never mapped: each arrives full of zeros (demand-zero)
#   crash    writes through a null pointer: the Guest kills that process (status 139), not itself
#   fpu x2   x87 and SSE values survive thousands of context switches
#   tls x2   %gs:0 reads each process's own thread-local value after every context switch
#   busy x2  two processes that never yield both finish: the timer preempts them
# Once with the paravirt sites patched and once with `nopatch`.

fail() { echo "FAIL: $*"; exit 1; }

run() {  # run WORDS...: the Guest's output in $out, the Launcher's status in $status
    out=$(/bin/lguest --memory 64 /guest/guest.elf -- "$@" 2>&1)
    status=$?
    echo "--- lguest /guest/guest.elf -- $* (status $status)"
    echo "$out"
}

for opt in "" nopatch; do
    run $opt run=hello
    [ "$status" -eq 0 ] || fail "hello: status $status"
    echo "$out" | grep -q '^hello: pid [0-9]* running in ring 3$' || fail "hello did not run in ring 3"

    run $opt run=faults,crash
    echo "$out" | grep -q '^faults: 1000 pages touched, 0 not zero at first, 0 lost their value$' ||
        fail "demand-zero pages misbehaved"
    echo "$out" | grep -q 'process [0-9]* (crash) killed: trap 14 .* address 0$' || fail "crash was not killed"
    [ "$status" -eq 139 ] || fail "the Guest's status was $status, not crash's 139"
    echo "$out" | grep -q 'Guest: powering off with status 139' || fail "the Guest did not survive crash"

    run $opt run=fpu,fpu,tls,tls,busy,busy
    [ "$status" -eq 0 ] || fail "fpu/tls/busy: status $status"
    [ "$(echo "$out" | grep -c '^fpu: pid [0-9]*: sum right, xmm3 intact after 5000 yields$')" -eq 2 ] ||
        fail "floating-point state was lost"
    [ "$(echo "$out" | grep -c '^tls: pid [0-9]*: %gs:0 = [0-9]*007, wrong 0 times in 2000 switches$')" -eq 2 ] ||
        fail "thread-local storage was wrong"
    n=$(echo "$out" | grep '^busy: pid [0-9]* counted to 100000000 in [0-9]* ticks, preempted [1-9][0-9]* times$' | wc -l)
    [ "$n" -eq 2 ] || fail "the busy processes were not both preempted"
done
echo "ok: ring 3, demand-zero, a killed process, FPU, TLS and preemption, patched and unpatched"
