#!/bin/sh
# 99-red-cpulimit (red team): a Guest must not run its Launcher past the owner's limit on
# processor time (ulimit -t, RLIMIT_CPU), nor past any other timer of the Launcher's own
# processor time.
#
# The time a Guest runs is the Launcher's: /proc shows it as the Launcher's system time, and
# the kernel counts it against RLIMIT_CPU.  But on this kernel (POSIX_CPU_TIMERS_TASK_WORK) the
# check of process-CPU-time timers and limits is task work: the timer tick only asks for it, with
# TIF_NOTIFY_RESUME, and it runs when the thread next returns to user space.  A Guest that only
# computes keeps its Launcher inside the Host's read for good (the run loop looks for signals and
# nothing else), so the check never runs: the soft limit's SIGXCPU and the hard limit's SIGKILL
# are never sent, and the Guest spins on past `ulimit -t` as long as it likes.
#
# Each case starts a Guest that spins (spin=100000000, minutes of work) under a 2-second limit
# and allows 15 s (times LG_SLOW) for the Launcher to be stopped: by SIGXCPU under a soft limit
# (the Launcher catches it: status 152), by SIGKILL under a hard one (status 137).

fail() { echo "FAIL: $*"; exit 1; }

# run_limited NAME ULIMIT-ARGS WANT
run_limited() {
    name=$1 args=$2 want=$3
    ( ulimit -c 0; ulimit $args 2; exec /bin/lguest /guest/guest.elf -- spin=100000000 \
        >/dev/null 2>/tmp/cpu.err ) &
    pid=$!
    waited=0
    while kill -0 $pid 2>/dev/null && [ $waited -lt $((15 * ${LG_SLOW:-1})) ]; do
        sleep 1
        waited=$((waited + 1))
    done
    if kill -0 $pid 2>/dev/null; then
        ticks=$(cut -d' ' -f14-15 /proc/$pid/stat)
        kill -KILL $pid
        wait $pid
        fail "$name: the Launcher still runs ${waited} s after starting under 'ulimit $args 2';" \
             "its user and system time: $ticks clock ticks (at 100 a second)"
    fi
    wait $pid
    status=$?
    echo "--- $name: the Launcher stopped after about $waited s with status $status:"
    cat /tmp/cpu.err
    [ "$status" = "$want" ] || fail "$name: the Launcher's status was $status, not $want"
    echo "ok: $name stopped the Guest that spun past 'ulimit $args 2'"
}

run_limited SIGXCPU '-S -t' 152
run_limited SIGKILL '-t' 137
