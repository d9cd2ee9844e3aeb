#!/bin/sh
# 48-red-blkspin (red team): the Launcher must never serve one notification for ever, and must
# bound every block request without dying or writing outside the disk.
#
# blk-spin: the Guest writes 1024 records to its disk, then offers a read that lands on the
# available index and on its own header's sector number (see hostile=blk-spin in the Guest
# chapter).  The Launcher must serve at most a queue's worth of requests per notification and
# stop on the Guest's misdeed with a message and status 1 (before the fix it spun in
# serve_queue() for ever, deaf to SIGTERM and SIGINT).
#
# blk-edges: requests at the disk's edges; the statuses the Guest prints, and the disk unchanged
# except its last sector (and unchanged on a --read-only disk).

fail() { echo "FAIL: $*"; exit 1; }

dd if=/dev/zero of=/tmp/blkspin.img bs=512 count=1024 2>/dev/null || fail "cannot make the disk"
/bin/lguest --block /tmp/blkspin.img /guest/guest.elf -- hostile=blk-spin </dev/null >/tmp/blkspin.out 2>&1 &
pid=$!
i=0
while [ $i -lt 60 ] && kill -0 $pid 2>/dev/null && ! grep -q "offering the chain" /tmp/blkspin.out; do
    sleep 1; i=$((i + 1))
done
sleep 5
cat /tmp/blkspin.out
spun=''
if kill -0 $pid 2>/dev/null; then
    echo "--- blk-spin: the Launcher is still running 5 s after the notification; its CPU time:"
    cat /proc/$pid/stat | cut -d' ' -f14,15
    sleep 3
    cat /proc/$pid/stat | cut -d' ' -f14,15
    kill -TERM $pid
    sleep 3
    if kill -0 $pid 2>/dev/null; then
        echo "--- blk-spin: the Launcher ignored SIGTERM"
        kill -INT $pid; sleep 2
        kill -0 $pid 2>/dev/null && echo "--- blk-spin: the Launcher ignored SIGINT too"
        kill -KILL $pid
        spun=1
    fi
fi
wait $pid
spin_status=$?
echo "--- blk-spin: exit status $spin_status"
cat /tmp/blkspin.out | tail -n 3

echo "--- blk-edges on a writable disk"
dd if=/dev/zero of=/tmp/edges.img bs=512 count=16 2>/dev/null
/bin/lguest --block /tmp/edges.img /guest/guest.elf -- hostile=blk-edges </dev/null 2>&1 | tail -n 4
echo "status $?"
ls -l /tmp/edges.img
od -c /tmp/edges.img | head -n 8
echo "--- blk-edges on a --read-only disk"
dd if=/dev/zero of=/tmp/edges.img bs=512 count=16 2>/dev/null
/bin/lguest --read-only --block /tmp/edges.img /guest/guest.elf -- hostile=blk-edges </dev/null 2>&1 | tail -n 4
ls -l /tmp/edges.img
od -c /tmp/edges.img | head -n 4
rm -f /tmp/blkspin.img /tmp/edges.img

[ -z "$spun" ] || fail "blk-spin: the Launcher served one notification for ever and ignored SIGTERM and SIGINT"
[ "$spin_status" -eq 1 ] || fail "blk-spin: the Launcher's status was $spin_status, not 1"
grep -q 'lguest: the Guest broke the device rules: device [0-9]* queue 0: more than [0-9]* requests in one notification' /tmp/blkspin.out ||
    fail "blk-spin: the Launcher did not name the Guest's misdeed"
echo "ok: blk-spin stopped, with the Guest's misdeed named"
