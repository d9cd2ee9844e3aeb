#!/bin/sh
# 60-ctrl-c: SIGINT to the Launcher (what Ctrl-C sends) stops a busy Guest promptly: the Host's
# run loop checks for signals every time the Host's timer brings the Guest back, so a Guest cannot
# keep its Launcher from dying.  Three times: a Guest spinning with interrupts on, one hanging in a
# loop with its interrupts off, and one halted with its interrupts off (which sleeps in the Host
# until the signal, as a real processor would sleep for ever).  The Launcher says it stopped the Guest and exits with 130.

fail() { echo "FAIL: $*"; exit 1; }
uptime_cs() { tr -d . </proc/uptime | cut -d' ' -f1; }

# stop_with_sigint WORDS...: start the Guest with WORDS, SIGINT it a second later, check.
stop_with_sigint() {
    /bin/lguest /guest/guest.elf -- "$@" >/tmp/sigint.out 2>&1 &
    pid=$!
    sleep 1
    kill -0 $pid 2>/dev/null || { cat /tmp/sigint.out; fail "$*: the Guest had already stopped"; }
    start=$(uptime_cs)
    kill -INT $pid
    wait $pid
    status=$?
    took=$(( $(uptime_cs) - start ))
    echo "--- lguest -- $*: exit status $status, stopped $took centiseconds after SIGINT"
    cat /tmp/sigint.out
    [ "$status" -eq 130 ] || fail "$*: the Launcher's status was $status, not 130 (128 + SIGINT)"
    grep -q "stopped the Guest on signal 2" /tmp/sigint.out || fail "$*: the Launcher did not say it stopped the Guest"
    # a second, or LG_SLOW seconds on a slow machine (see tests/host-init.sh)
    [ "$took" -le $((100 * ${LG_SLOW:-1})) ] || fail "$*: the Launcher took $took centiseconds to die"
    echo "ok: SIGINT stopped the Guest ($*) in $took centiseconds"
}

stop_with_sigint spin=1000000
stop_with_sigint hang
stop_with_sigint hostile=haltcli
