#!/bin/sh
# 61-walker-trips: a demand-zero page fault in a Guest program costs at most one trip to the
# Host, because the Switcher's page-fault walker reflects the fault into the Guest itself and
# only the retried access (which the shadow must learn) comes to the Host.  The Guest program
# pages touches as many fresh pages as its standard input says: "1000" and "0000" give two runs
# that differ only in their 1000 demand-zero faults, and the Launcher's --stats line ("the Guest
# came back to the Host N times") counts the trips of each.  With the walker (lg.ko's pf_walker,
# on by default) the difference must be at most 1000 plus a small allowance for timer ticks;
# with it turned off through /sys/module/lg/parameters/pf_walker, the same runs must differ by
# at least 1900 (two trips a fault), which shows that the count sees the faults at all.

fail() { echo "FAIL: $*"; exit 1; }
param=/sys/module/lg/parameters/pf_walker
[ -w "$param" ] || fail "no writable $param"
trap 'echo 1 >"$param"' EXIT

trips() {  # trips INPUT: run pages with INPUT on its standard input; print the trips
    out=$(echo "$1" | /bin/lguest --stats --memory 64 /guest/guest.elf -- run=pages 2>&1)
    echo "$out" | grep -q "^pages: touched $(echo "$1" | sed 's/^0*\(.\)/\1/') fresh pages$" ||
        { echo "$out" >&2; fail "pages did not touch $1 pages"; }
    echo "$out" | sed -n 's/.*came back to the Host \([0-9]*\) times.*/\1/p'
}

best() {  # best INPUT: the fewest trips of three runs
    b=''
    for r in 1 2 3; do
        t=$(trips "$1") || exit 1
        [ -n "$t" ] || fail "no --stats line"
        { [ -z "$b" ] || [ "$t" -lt "$b" ]; } && b=$t
    done
    echo "$b"
}

echo 1 >"$param"
on0=$(best 0000) && on1=$(best 1000) || exit 1
echo 0 >"$param"
off0=$(best 0000) && off1=$(best 1000) || exit 1
echo 1 >"$param"
on=$((on1 - on0)) off=$((off1 - off0))
echo "walker on:  0 pages $on0 trips, 1000 pages $on1 trips: $on trips for 1000 faults"
echo "walker off: 0 pages $off0 trips, 1000 pages $off1 trips: $off trips for 1000 faults"
[ "$off" -ge 1900 ] || fail "without the walker 1000 faults cost only $off trips: the count misses them"
[ "$on" -le 1100 ] || fail "with the walker 1000 demand-zero faults cost $on trips (at most 1100 allowed)"
echo "ok: 1000 demand-zero faults cost $on trips with the walker, $off without"
