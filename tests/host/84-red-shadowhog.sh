#!/bin/sh
# 84-red-shadowhog (red team, third round): max_shadow_tables bounds one Guest's shadow page
# tables, at 256 + 4 per 4 MiB of its memory, so even a 64 KiB Guest may hold 260 of them, a
# megabyte of Host kernel memory; and one process may have any number of Guests.  lgshadowhog
# (tests/tools/lgshadowhog.c) sets up 200 Guests of 64 KiB, all over one 64 KiB mapping; each
# touches one word in 259 different 4 MiB regions and is left idle.  The Host holds about
# 200 MiB of low memory for a process whose RSS is a few hundred kilobytes.
# This test FAILS when the Host holds more for them than its limit for all Guests together
# (max_held_mb, half of RAM by default).

fail() { echo "FAIL: $*"; exit 1; }

# In a full run this comes after 90-rmmod: bring the module back for the probe.
[ -e /dev/lguest ] || insmod /lg.ko || fail "no /dev/lguest and insmod failed"

sync; echo 3 > /proc/sys/vm/drop_caches
out=$(/bin/lgshadowhog 200 2>&1)
echo "$out"
hidden=$(echo "$out" | sed -n 's/.*: \(-\{0,1\}[0-9]*\) kB held outside it.*/\1/p')
[ -n "$hidden" ] || fail "lgshadowhog said nothing about the memory"
grep -E 'MemFree|Slab|PageTables|KernelStack' /proc/meminfo
limit_kb=$(( $(cat /sys/module/lg/parameters/max_held_mb) * 1024 ))
echo "the Host's limit for all Guests together: $limit_kb kB"
[ "$hidden" -le "$limit_kb" ] || fail "the Host held $hidden kB for one process's idle Guests, beyond its limit of $limit_kb kB"
echo "ok"
