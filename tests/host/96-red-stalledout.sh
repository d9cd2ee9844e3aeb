#!/bin/sh
# 96-red-stalledout (red team): a Launcher whose standard output is a pipe that nobody reads
# any more must still stop on SIGTERM and SIGINT.
#
# hostile=console-flood prints 16 MiB through the console hypercall; the test gives the Launcher
# a FIFO whose reader holds it open but never reads, so the Launcher blocks in write() once the
# pipe is full.  SIGTERM interrupts that write (EINTR); the Launcher must then stop (status 143,
# "stopped the Guest on signal 15"), not retry the write for ever.

fail() { echo "FAIL: $*"; exit 1; }

fifo=/tmp/stalled.fifo
err=/tmp/stalled.err
rm -f $fifo
mkfifo $fifo || fail "cannot make the FIFO"
sleep 600 <$fifo &
reader=$!
/bin/lguest /guest/guest.elf -- hostile=console-flood </dev/null >$fifo 2>$err &
pid=$!
sleep 5
stat=/proc/$pid/task/$pid/stat
echo "--- the Launcher's main thread: state $(cut -d' ' -f3 $stat 2>/dev/null)," \
     "kernel stack:"
head -n 4 /proc/$pid/task/$pid/stack 2>/dev/null
kill -TERM $pid
i=0
while [ $i -lt 10 ] && kill -0 $pid 2>/dev/null; do sleep 1; i=$((i + 1)); done
if kill -0 $pid 2>/dev/null; then
    echo "--- 10 s after SIGTERM the Launcher is still running; SIGINT"
    kill -INT $pid
    sleep 3
    kill -0 $pid 2>/dev/null && echo "--- and 3 s after SIGINT still; its kernel stack:"
    head -n 4 /proc/$pid/task/$pid/stack 2>/dev/null
fi
stuck=''
if kill -0 $pid 2>/dev/null; then
    stuck=1
    kill -KILL $pid
fi
wait $pid
status=$?
kill $reader 2>/dev/null
wait $reader 2>/dev/null
rm -f $fifo
cat $err
echo "--- exit status $status"
[ -z "$stuck" ] || fail "the Launcher, blocked writing the Guest's output to a stalled pipe, ignored SIGTERM and SIGINT"
[ "$status" -eq 143 ] || fail "status $status, not 143"
grep -q 'lguest: stopped the Guest on signal 15' $err || fail "the Launcher did not say it stopped on SIGTERM"
echo "ok: the Launcher stopped on SIGTERM while its output was stalled"
