#!/bin/sh
# Checker of Exercise 4.3 (Launcher), Host side: `lguest --timeout SECONDS` stops a Guest that
# is still running SECONDS after it started, says so on standard error (a line starting
# "lguest: " that says "timeout"), and exits with status 124, as timeout(1) does.  Asserted for
# a Guest spinning with interrupts on (spin=1000000) and one looping with them off (hang), each
# with --timeout 2: stopped no sooner than 1.5 s and no later than 2 s plus 2 s (times LG_SLOW)
# after it started; and a Guest that powers off first (exit=3, --timeout 30) keeps its own
# status.  A Guest still running at the deadline is killed, and the check fails.

fail() { echo "FAIL: $*"; exit 1; }
uptime_cs() { tr -d . </proc/uptime | cut -d' ' -f1; }
slow=${LG_SLOW:-1}

# stopped_after WORDS...: run the Guest with --timeout 2 and WORDS; check how and when it ended.
stopped_after() {
    start=$(uptime_cs)
    /bin/lguest --timeout 2 /guest/guest.elf -- "$@" </dev/null >/tmp/ex43.out 2>&1 &
    pid=$!
    limit=$((200 + 200 * slow))
    while kill -0 $pid 2>/dev/null && [ $(( $(uptime_cs) - start )) -le $limit ]; do
        sleep 0.1 2>/dev/null || sleep 1
    done
    if kill -0 $pid 2>/dev/null; then
        kill -KILL $pid; wait $pid
        cat /tmp/ex43.out
        fail "$*: the Guest was still running $((limit / 100)) seconds after it started, with --timeout 2"
    fi
    wait $pid
    status=$?
    took=$(( $(uptime_cs) - start ))
    echo "--- lguest --timeout 2 -- $*: exit status $status after $took centiseconds"
    cat /tmp/ex43.out
    [ "$status" -eq 124 ] || fail "$*: the Launcher's status was $status, not 124"
    grep -q '^lguest: .*timeout' /tmp/ex43.out || fail "$*: no line 'lguest: ...timeout...' saying why the Guest stopped"
    [ "$took" -ge 150 ] || fail "$*: the Guest was stopped after $took centiseconds, before its 2 seconds were up"
    echo "ok: --timeout 2 stopped the Guest ($*) after $took centiseconds"
}

stopped_after spin=1000000
stopped_after hang

out=$(/bin/lguest --timeout 30 /guest/guest.elf -- exit=3 </dev/null 2>&1); status=$?
echo "$out"
[ "$status" -eq 3 ] || fail "a Guest that powered off with status 3 before its --timeout 30 gave status $status"
rm -f /tmp/ex43.out
echo "ok: --timeout stops a Guest that overstays, with status 124, and leaves one that does not alone"
