#!/bin/sh
# 78-red-pinoom (red team): the memory of 77-red-pinhide, taken until the Host runs out.  A
# bystander process (a child of lgpinhide) holds 48 MiB of ordinary memory; lgpinhide's Guest
# then makes the Host pin 32 MiB more of the Launcher's (unmapped) memory each round.  The OOM
# killer ranks processes by RSS, and the Launcher's RSS stays under a megabyte however much the
# Host pins for it: the OOM killer kills the bystander, not the Launcher.
# This test FAILS when the hole is there (the bystander is killed by signal 9).

fail() { echo "FAIL: $*"; exit 1; }

# Every process already here (the test harness, this script) is out of the OOM killer's reach:
# only lgpinhide and its bystander (oom_score_adj 0, both) are candidates.
for f in /proc/[0-9]*/oom_score_adj; do echo -1000 > "$f" 2>/dev/null; done
sync; echo 3 > /proc/sys/vm/drop_caches
dmesg -c >/dev/null
out=$(sh -c 'echo 0 > /proc/self/oom_score_adj && exec /bin/lgpinhide 15 0 48' 2>&1)
echo "$out"
dmesg | grep -E 'invoked oom-killer|Out of memory|Killed process' | head -10
for f in /proc/[0-9]*/oom_score_adj; do echo 0 > "$f" 2>/dev/null; done
echo "$out" | grep -q 'the bystander (48 MiB) is gone: killed by signal 9' &&
    fail "the OOM killer killed a bystander while the Host pinned memory for a tiny Launcher"
echo "ok: the bystander survived"
