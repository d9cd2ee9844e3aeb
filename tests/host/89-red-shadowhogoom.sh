#!/bin/sh
# 89-red-shadowhogoom (red team, third round): the memory of 95-red-shadowhog, taken until the
# Host runs out.  A bystander (a child of lgshadowhog) holds 48 MiB of ordinary memory;
# lgshadowhog then adds one idle 64 KiB Guest holding a megabyte of shadow page tables per
# round.  Its RSS stays a few hundred kilobytes: the OOM killer kills the bystander.
# This test FAILS when the hole is there (the bystander is killed by signal 9).

fail() { echo "FAIL: $*"; exit 1; }

# In a full run this comes after 90-rmmod: bring the module back for the probe.
[ -e /dev/lguest ] || insmod /lg.ko || fail "no /dev/lguest and insmod failed"

for f in /proc/[0-9]*/oom_score_adj; do echo -1000 > "$f" 2>/dev/null; done
sync; echo 3 > /proc/sys/vm/drop_caches
dmesg -c >/dev/null
out=$(sh -c 'echo 0 > /proc/self/oom_score_adj && exec /bin/lgshadowhog 600 0 48' 2>&1)
echo "$out" | grep -v 'died: out of memory' | tail -20
echo "$out" | grep -c 'died: out of memory'
dmesg | grep -E 'invoked oom-killer|Out of memory|Killed process|page allocation failure' | head -10
for f in /proc/[0-9]*/oom_score_adj; do echo 0 > "$f" 2>/dev/null; done
echo "$out" | grep -q 'the bystander (48 MiB) is gone: killed by signal 9' &&
    fail "the OOM killer killed a bystander while the Host held shadow page tables for one small process"
echo "ok: the bystander survived"
