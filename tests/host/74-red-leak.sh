#!/bin/sh
# 74-red-leak (red team): does the Host lose memory per Guest?  Runs Guests that fill their
# shadow page tables (run=busy,busy: two processes, so several page directories), Guests the
# Host kills, and Guests whose Launcher is killed while they run, and compares the Host's free
# memory and slab before and after.  Reports; fails only past a generous margin (8 MiB).

fail() { echo "FAIL: $*"; exit 1; }
mem() { awk '/^MemFree:/{f=$2} /^Slab:/{s=$2} /^PageTables:/{p=$2} END{print f, s, p}' /proc/meminfo; }

/bin/lguest /guest/guest.elf -- exit=0 </dev/null >/dev/null 2>&1
sync; echo 3 > /proc/sys/vm/drop_caches
set -- $(mem); f0=$1 s0=$2 p0=$3
i=0
while [ $i -lt 8 ]; do
    /bin/lguest /guest/guest.elf -- run=busy,busy exit=0 </dev/null >/dev/null 2>&1
    /bin/lguest /guest/guest.elf -- hostile=map </dev/null >/dev/null 2>&1
    /bin/lguest /guest/guest.elf -- spin=100000 </dev/null >/dev/null 2>&1 &
    p=$!; sleep 0.3; kill -9 $p; wait $p 2>/dev/null
    i=$((i + 1))
done
sync; echo 3 > /proc/sys/vm/drop_caches
set -- $(mem); f1=$1 s1=$2 p1=$3
echo "MemFree ${f0} -> ${f1} kB; Slab ${s0} -> ${s1} kB; PageTables ${p0} -> ${p1} kB"
[ $((f0 - f1)) -lt 8192 ] || fail "the Host lost $((f0 - f1)) kB over 24 Guests"
echo "ok"
