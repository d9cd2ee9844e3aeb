#!/bin/sh
# 77-red-pinhide (red team): a program using /dev/lguest makes the Host pin memory outside its
# own RSS and past its RLIMIT_MEMLOCK.  lgpinhide (tests/tools/lgpinhide.c) runs a tiny Guest
# that faults in 32 MiB of the Launcher's memory through one window of its page tables, then
# the Launcher maps fresh memory over those 32 MiB, and the Guest faults them in again through
# the next window: the Host's shadow entries for the old window keep the old pages pinned
# (FOLL_LONGTERM) although no address space maps them.  Eight rounds take about 256 MiB of the
# Host's 512 MiB while the Launcher's VmRSS stays near 32 MiB and its VmLck/VmPin at 0: the
# OOM killer, which ranks by RSS, would kill other processes first; RLIMIT_MEMLOCK (64 kB here)
# does not apply.  This test FAILS when the hole is there (more than 64 MiB pinned outside RSS).

fail() { echo "FAIL: $*"; exit 1; }

sync; echo 3 > /proc/sys/vm/drop_caches
out=$(/bin/lgpinhide 8 2>&1)
echo "$out"
hidden=$(echo "$out" | sed -n 's/.*: \(-\{0,1\}[0-9]*\) kB pinned outside it.*/\1/p')
[ -n "$hidden" ] || fail "lgpinhide said nothing about the memory"
sync; echo 3 > /proc/sys/vm/drop_caches
grep MemFree /proc/meminfo
[ "$hidden" -le 65536 ] || fail "the Host held $hidden kB for a Launcher beyond its RSS and RLIMIT_MEMLOCK"
echo "ok: no memory pinned outside the Launcher's RSS"
