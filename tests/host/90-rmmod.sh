#!/bin/sh
# 90-rmmod: `rmmod lg` succeeds once every Guest is gone, and takes /dev/lguest with it.

out=$(rmmod lg 2>&1)
status=$?
echo "rmmod lg: status $status${out:+, said: $out}"
if [ "$status" -ne 0 ]; then
    echo "FAIL: rmmod lg failed"
    echo "--- /proc/modules:"; cat /proc/modules
    exit 1
fi
if grep -q '^lg ' /proc/modules; then
    echo "FAIL: lg is still in /proc/modules"
    exit 1
fi
i=0
while [ -e /dev/lguest ] && [ "$i" -lt 20 ]; do sleep 0.1; i=$((i + 1)); done
if [ -e /dev/lguest ]; then
    echo "FAIL: /dev/lguest is still there after rmmod"
    exit 1
fi
echo "ok: lg unloaded, /dev/lguest gone"
