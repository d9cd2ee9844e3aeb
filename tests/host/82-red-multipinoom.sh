#!/bin/sh
# 82-red-multipinoom (red team, third round): the memory of 91-red-multipin, taken until the Host
# runs out.  A bystander (a child of lgmultipin) holds 48 MiB of ordinary memory; lgmultipin then
# sets up one more 64 MiB Guest each round and leaves 32 MiB more pinned behind it, unmapped.
# The OOM killer ranks by RSS, and lgmultipin's stays near 32 MiB: it kills the bystander.
# This test FAILS when the hole is there (the bystander is killed by signal 9).

fail() { echo "FAIL: $*"; exit 1; }

# In a full run this comes after 90-rmmod: bring the module back for the probe.
[ -e /dev/lguest ] || insmod /lg.ko || fail "no /dev/lguest and insmod failed"

for f in /proc/[0-9]*/oom_score_adj; do echo -1000 > "$f" 2>/dev/null; done
sync; echo 3 > /proc/sys/vm/drop_caches
dmesg -c >/dev/null
out=$(sh -c 'echo 0 > /proc/self/oom_score_adj && exec /bin/lgmultipin 15 0 48' 2>&1)
echo "$out"
dmesg | grep -E 'invoked oom-killer|Out of memory|Killed process' | head -10
for f in /proc/[0-9]*/oom_score_adj; do echo 0 > "$f" 2>/dev/null; done
echo "$out" | grep -q 'the bystander (48 MiB) is gone: killed by signal 9' &&
    fail "the OOM killer killed a bystander while the Host pinned memory for idle Guests of one small process"
echo "ok: the bystander survived"
