#!/bin/sh
# 79-red-shadowfill (red team): Guests run by the ordinary Launcher make the Host allocate
# kernel memory that no process is charged for in the OOM killer's eyes.  hostile=shadowfill
# reads one word in each 4 MiB of the user half of three page directories: the Host allocates
# a shadow page table for each (2304 pages, 9 MiB) and keeps them while the Guest sleeps.  The
# Launcher's RSS stays at its 4 MiB of Guest memory.  Twenty such Guests take some 180 MiB of the Host's
# 512 MiB.  This test FAILS when the hole is there (more than 64 MiB held outside the
# Launchers' RSS).

fail() { echo "FAIL: $*"; exit 1; }

n=20
sync; echo 3 > /proc/sys/vm/drop_caches
free0=$(awk '/^MemFree:/{print $2}' /proc/meminfo)
pids=''
i=0
while [ $i -lt $n ]; do
    /bin/lguest --memory 4 /guest/guest.elf -- hostile=shadowfill </dev/null >/tmp/shadowfill.$i 2>&1 &
    pids="$pids $!"
    i=$((i + 1))
done
i=0
while [ $i -lt $((60 * ${LG_SLOW:-1})) ]; do
    [ "$(cat /tmp/shadowfill.* | grep -c 'holding')" -ge $n ] && break
    sleep 1; i=$((i + 1))
done
held=$(cat /tmp/shadowfill.* | grep -c 'holding')
free1=$(awk '/^MemFree:/{print $2}' /proc/meminfo)
rss=0
for p in $pids; do
    r=$(awk '/^VmRSS:/{print $2}' /proc/$p/status 2>/dev/null)
    rss=$((rss + ${r:-0}))
done
grep -E '^(MemFree|Slab|PageTables|KernelStack):' /proc/meminfo
kill -INT $pids 2>/dev/null
wait
sync; echo 3 > /proc/sys/vm/drop_caches
free2=$(awk '/^MemFree:/{print $2}' /proc/meminfo)
hidden=$((free0 - free1 - rss))
echo "$held of $n Guests hold their tables; MemFree $free0 -> $free1 kB (-> $free2 after they stop); the Launchers' VmRSS together: $rss kB; outside it: $hidden kB"
[ "$held" -ge 1 ] || fail "no Guest filled its tables"
[ "$hidden" -le 65536 ] || fail "the Host holds $hidden kB of shadow page tables that no Launcher's RSS shows"
echo "ok: nothing held outside the Launchers' RSS"
