#!/bin/sh
# 10-load: `insmod /lg.ko` succeeds and the misc device /dev/lguest appears (devtmpfs makes
# the node).  The later tests use the module this one loads; 90-rmmod unloads it.

out=$(insmod /lg.ko 2>&1)
status=$?
echo "insmod /lg.ko: status $status${out:+, said: $out}"
if [ "$status" -ne 0 ]; then
    echo "FAIL: insmod /lg.ko failed"
    dmesg | tail -n 20
    exit 1
fi

# The node is normally there at once; give devtmpfs a moment all the same (2 s, times LG_SLOW
# on a slow machine: see tests/host-init.sh).
i=0
while [ ! -c /dev/lguest ] && [ "$i" -lt $((20 * ${LG_SLOW:-1})) ]; do
    sleep 0.1
    i=$((i + 1))
done
if [ ! -c /dev/lguest ]; then
    echo "FAIL: no character device /dev/lguest after loading lg.ko"
    echo "--- /proc/misc:"; cat /proc/misc
    echo "--- ls -l /dev/lguest*:"; ls -l /dev/lguest* 2>&1
    exit 1
fi
echo "ok: $(ls -l /dev/lguest)"
echo "ok: $(grep -w lguest /proc/misc) in /proc/misc"
