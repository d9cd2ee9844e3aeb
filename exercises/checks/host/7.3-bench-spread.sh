#!/bin/sh
# Exercise 7.3 (what does a world switch cost?): the rows the Guest kernel prints for the word
# bench before its benchmark program starts (the checker stops the Guest once it has them,
# rather than wait minutes for the whole benchmark):
#     BENCH hypercall BEST OPS TRIPS MEDIAN WORST
#     BENCH rng BEST OPS TRIPS MEDIAN WORST
# rng: OPS reads of 16 bytes from the entropy device, one request each, a trip out to the
# Launcher and back.  BEST, OPS, TRIPS as before (the best of five runs); MEDIAN and WORST the
# median and the slowest run's cycles.  Asserts: both rows with six numbers, OPS > 0,
# BEST <= MEDIAN <= WORST, and for rng TRIPS >= OPS.

fail() { echo "FAIL: $*"; exit 1; }

log=/tmp/7.3-bench.log
rm -f "$log"
/bin/lguest --memory 64 /guest/guest.elf -- bench </dev/null >"$log" 2>&1 &
pid=$!
row() { grep -o "BENCH $1 [0-9][0-9]* [0-9][0-9]* [0-9][0-9]* [0-9][0-9]* [0-9][0-9]*" "$log" | tail -n 1; }
limit=$((60 * ${LG_SLOW:-1})) waited=0
while [ $waited -lt "$limit" ]; do
    [ -n "$(row hypercall)" ] && [ -n "$(row rng)" ] && break
    grep -q 'BENCH syscall' "$log" && break      # the program has started: the kernel is done
    kill -0 "$pid" 2>/dev/null || break
    sleep 1; waited=$((waited + 1))
done
kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
grep 'BENCH' "$log"
for name in hypercall rng; do
    r=$(row "$name")
    [ -n "$r" ] || fail "no row 'BENCH $name BEST OPS TRIPS MEDIAN WORST' from the kernel before the benchmark program"
    set -- $r
    best=$3 ops=$4 trips=$5 median=$6 worst=$7
    [ "$ops" -gt 0 ] || fail "$name: no operations"
    [ "$best" -le "$median" ] && [ "$median" -le "$worst" ] ||
        fail "$name: best $best, median $median, worst $worst are not in order"
    [ "$name" = rng ] && { [ "$trips" -ge "$ops" ] || fail "rng: $trips trips for $ops reads, fewer than one each"; }
    echo "ok: $name: best $best, median $median, worst $worst cycles for $ops operations, $trips trips"
done
