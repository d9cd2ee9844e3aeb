#!/bin/sh
# 80-reload: unloading and loading lg.ko twenty times in a row works, with a Guest run after
# each load, and leaves the module loaded for the tests after this one.

fail() { echo "FAIL: $*"; exit 1; }

i=1
while [ $i -le 20 ]; do
    rmmod lg || fail "rmmod failed on round $i"
    insmod /lg.ko || fail "insmod failed on round $i"
    /bin/lguest /guest/guest.elf -- exit=$i >/tmp/reload.out 2>&1
    status=$?
    [ "$status" -eq $i ] || { cat /tmp/reload.out; fail "round $i: the Guest's status was $status"; }
    i=$((i + 1))
done
echo "ok: 20 unload/load rounds, a Guest ran after each"
