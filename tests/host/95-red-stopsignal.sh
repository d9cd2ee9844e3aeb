#!/bin/sh
# 95-red-stopsignal (red team): a SIGTERM that reaches the Launcher while it serves a notification
# must still stop it.
#
# hostile=rng-flood offers the entropy device 64 requests of 16 buffers of 256 KiB (256 MiB of
# getrandom in one notification), then halts with interrupts off for ever and makes no more
# hypercalls the Launcher sees.  The test sends SIGTERM while the Launcher's main thread is busy
# serving the flood, then watches that thread: the Launcher must exit (status 143, "stopped the
# Guest on signal 15"), and not settle asleep inside the Host with the signal forgotten.

fail() { echo "FAIL: $*"; exit 1; }

out=/tmp/flood.out
/bin/lguest /guest/guest.elf -- hostile=rng-flood </dev/null >$out 2>&1 &
pid=$!
i=0
while [ $i -lt 60 ] && kill -0 $pid 2>/dev/null && ! grep -q "offering" $out 2>/dev/null; do
    sleep 1; i=$((i + 1))
done
grep -q "offering" $out || { kill -KILL $pid; cat $out; fail "the Guest never offered the flood"; }
sleep 1
stat=/proc/$pid/task/$pid/stat
state=$(cut -d' ' -f3 $stat)
echo "--- the Launcher's main thread is in state $state when it gets SIGTERM"
kill -TERM $pid
t=0 last='' same=0 settled=''
while kill -0 $pid 2>/dev/null && [ $t -lt 120 ]; do
    cpu=$(cut -d' ' -f14,15 $stat 2>/dev/null)
    state=$(cut -d' ' -f3 $stat 2>/dev/null)
    # CPU time in clock ticks (user + system): busy serving, it grows by about 100 a second;
    # halted in the Host, woken only by the Guest's timer, by a few at most.
    ticks=$(( ${cpu% *} + ${cpu#* } ))
    if [ "$state" = S ] && [ -n "$last" ] && [ $((ticks - last)) -lt 20 ]; then
        same=$((same + 1))
    else
        same=0
    fi
    echo "    $t s: state $state, CPU ticks $ticks"
    last=$ticks
    if [ $same -ge 5 ]; then settled=1; break; fi
    sleep 1; t=$((t + 1))
done
if kill -0 $pid 2>/dev/null; then
    echo "--- $t s after SIGTERM the Launcher is still running (main thread state $state," \
         "CPU time $cpu, settled '$settled'); its kernel stack:"
    cat /proc/$pid/task/$pid/stack 2>/dev/null | head -n 6
    sleep 5
    if kill -0 $pid 2>/dev/null; then
        echo "--- and 5 s later still; SIGKILL"
        kill -KILL $pid
        wait $pid
        cat $out
        fail "the Launcher forgot the SIGTERM it got while serving a notification ($t s serving, then asleep in the Host for good)"
    fi
fi
wait $pid
status=$?
cat $out
echo "--- exit status $status, $t s after SIGTERM"
[ "$status" -eq 143 ] || fail "status $status, not 143"
grep -q 'lguest: stopped the Guest on signal 15' $out || fail "the Launcher did not say it stopped on SIGTERM"
echo "ok: the Launcher stopped on the SIGTERM it got while serving the flood"
