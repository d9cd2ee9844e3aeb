#!/bin/sh
# 81-red-multipin (red team, third round): pinning each Guest page once bounds what one Guest
# pins by its size, but a process may open /dev/lguest again and again.  lgmultipin
# (tests/tools/lgmultipin.c) sets up eight 64 MiB Guests, one after another, over the same
# mapping; each runs until it has read the top 32 MiB (8192 pins), then the program maps fresh
# memory over those 32 MiB and leaves that Guest idle, its file open.  Every old 32 MiB stays
# pinned by its idle Guest, mapped by no process: about 256 MiB of the Host's 512 MiB gone,
# while the program's VmRSS stays near 32 MiB and VmLck/VmPin at 0 (RLIMIT_MEMLOCK 64 kB).
# This test FAILS when the hole is there: more held outside RSS than the Host's limit for all
# Guests together (max_held_mb, half of RAM by default), which the Host now keeps.

fail() { echo "FAIL: $*"; exit 1; }

# In a full run this comes after 90-rmmod: bring the module back for the probe.
[ -e /dev/lguest ] || insmod /lg.ko || fail "no /dev/lguest and insmod failed"

sync; echo 3 > /proc/sys/vm/drop_caches
out=$(/bin/lgmultipin 8 2>&1)
echo "$out"
if echo "$out" | grep -q "died: the Host's memory for Guests ([0-9]* MiB) is used up"; then
    echo "ok: the Host refused to hold more than its limit for all Guests together"
    exit 0
fi
hidden=$(echo "$out" | sed -n 's/.*: \(-\{0,1\}[0-9]*\) kB pinned outside it.*/\1/p')
[ -n "$hidden" ] || fail "lgmultipin said nothing about the memory"
sync; echo 3 > /proc/sys/vm/drop_caches
grep MemFree /proc/meminfo
limit_kb=$(( $(cat /sys/module/lg/parameters/max_held_mb) * 1024 ))
echo "the Host's limit for all Guests together: $limit_kb kB"
[ "$hidden" -le "$limit_kb" ] || fail "the Host held $hidden kB for one process's idle Guests, beyond its limit of $limit_kb kB"
echo "ok: no memory pinned outside the process's RSS"
