#!/bin/sh
# 99-red-threaddeath (red team): a Launcher whose console input thread dies of a Guest's broken
# rule while standard error is a stalled pipe must still stop on SIGTERM and SIGINT.
#
# hostile=console-rx-readonly offers the console's receive queue a read-only buffer, then the
# Guest hangs (hang).  The test makes standard error a FIFO that is already full (a reader holds
# it open but never reads), then types one byte on the Launcher's standard input.  The console
# thread finds the rule broken and goes to die(): it takes the lock "leaving" and blocks writing
# its complaint, with every signal blocked.  SIGTERM then interrupts the main thread's read of
# /dev/lguest; the Launcher must stop (status 143), not wait for ever behind the dying thread.

fail() { echo "FAIL: $*"; exit 1; }

fifo=/tmp/stalled-err.fifo
in=/tmp/threaddeath-in.fifo
out=/tmp/threaddeath.out
rm -f $fifo $in
mkfifo $fifo $in || fail "cannot make the FIFOs"
sleep 600 <$fifo &
reader=$!
head -c 65536 /dev/zero >$fifo            # the pipe is now full
sleep 600 >$in &
holder=$!
/bin/lguest /guest/guest.elf -- hostile=console-rx-readonly hang <$in >$out 2>$fifo &
pid=$!
sleep 5
grep -q 'console-rx-readonly: a read-only receive buffer offered' $out ||
    { cat $out; kill -KILL $pid; fail "the Guest did not rig the receive queue"; }
printf x >$in                              # one keystroke for the console thread
sleep 2
for t in /proc/$pid/task/*; do
    echo "--- thread $(basename $t): state $(cut -d' ' -f3 $t/stat 2>/dev/null), kernel stack:"
    head -n 3 $t/stack 2>/dev/null
done
kill -TERM $pid
i=0
while [ $i -lt 10 ] && kill -0 $pid 2>/dev/null; do sleep 1; i=$((i + 1)); done
stuck=''
if kill -0 $pid 2>/dev/null; then
    echo "--- 10 s after SIGTERM the Launcher is still running; SIGINT"
    kill -INT $pid
    sleep 3
    if kill -0 $pid 2>/dev/null; then
        stuck=1
        echo "--- and 3 s after SIGINT still; its threads:"
        for t in /proc/$pid/task/*; do
            echo "    thread $(basename $t): state $(cut -d' ' -f3 $t/stat 2>/dev/null)," \
                 "$(head -n 1 $t/stack 2>/dev/null)"
        done
        kill -KILL $pid
    fi
fi
wait $pid
status=$?
kill $reader $holder 2>/dev/null
wait $reader $holder 2>/dev/null
rm -f $fifo $in
echo "--- exit status $status"
[ -z "$stuck" ] || fail "the Launcher, its console thread dying behind a stalled standard error, ignored SIGTERM and SIGINT"
[ "$status" -eq 143 ] || [ "$status" -eq 1 ] || fail "status $status, not 143 (or 1, the thread's death)"
echo "ok: the Launcher stopped on SIGTERM although its console thread was dying"
