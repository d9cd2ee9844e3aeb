#!/bin/sh
# tests/fuzz/host-state.sh -- the Host's health before and after a fuzzer (busybox sh).
#
#   host-state snap NAME       drop the caches, then record in /tmp/host-state.NAME: the
#                              kernel log, MemFree and Slab (kB, /proc/meminfo), nr_free_pages
#                              (/proc/vmstat) and the slab caches' active objects of lg.ko's
#                              sizes (/proc/slabinfo, when readable)
#   host-state diff A B        print, as "HOST-STATE <name> <A> <B> <B-A>" lines, MemFree, Slab
#                              and nr_free_pages; then every kernel log line B has that A had
#                              not, as "HOST-LOG <line>"; then "HOST-TROUBLE <line>" for each
#                              of those that tells of a kernel in trouble (Oops, BUG, WARNING,
#                              soft lockup, RCU stall, general protection fault, hung task,
#                              a call trace) and last
#                              "HOST-STATE trouble <count>".  Exit status 1 iff any trouble.
#   host-state leak A B PCT    exit status 1 iff MemFree fell or Slab grew by more than PCT
#                              percent from A to B (after printing both).

trouble_re='Oops|BUG|WARNING|soft lockup|rcu.*(stall|detected)|general protection|hung_task|blocked for more than|Call Trace|Unable to handle|double fault|Kernel panic'

meminfo() { sed -n "s/^$1: *\([0-9]*\) kB/\1/p" /proc/meminfo; }

case $1 in
snap)
    f=/tmp/host-state.$2
    sync
    echo 3 >/proc/sys/vm/drop_caches
    dmesg >"$f.log"
    {
        echo "MemFree $(meminfo MemFree)"
        echo "Slab $(meminfo Slab)"
        echo "nr_free_pages $(sed -n 's/^nr_free_pages //p' /proc/vmstat)"
    } >"$f"
    if [ -r /proc/slabinfo ]; then
        awk '/^kmalloc-(512|1k|2k|4k|8k) / { print "slab_" $1, $2 }' /proc/slabinfo >>"$f"
    fi
    ;;
diff)
    a=/tmp/host-state.$2 b=/tmp/host-state.$3
    while read -r name va; do
        vb=$(awk -v n="$name" '$1 == n { print $2 }' "$b")
        echo "HOST-STATE $name $va $vb $((vb - va))"
    done <"$a"
    n=$(wc -l <"$a.log")
    tail -n +"$((n + 1))" "$b.log" | sed 's/^/HOST-LOG /'
    count=$(tail -n +"$((n + 1))" "$b.log" | grep -E -c "$trouble_re")
    tail -n +"$((n + 1))" "$b.log" | grep -E "$trouble_re" | sed 's/^/HOST-TROUBLE /'
    echo "HOST-STATE trouble $count"
    [ "$count" -eq 0 ]
    ;;
leak)
    a=/tmp/host-state.$2 b=/tmp/host-state.$3 pct=$4
    fa=$(awk '$1 == "MemFree" { print $2 }' "$a"); fb=$(awk '$1 == "MemFree" { print $2 }' "$b")
    sa=$(awk '$1 == "Slab" { print $2 }' "$a");    sb=$(awk '$1 == "Slab" { print $2 }' "$b")
    echo "HOST-STATE MemFree $fa -> $fb kB ($((fb - fa))), Slab $sa -> $sb kB ($((sb - sa))); limit $pct%"
    ok=0
    if [ $(( (fa - fb) * 100 )) -gt $(( fa * pct )) ]; then
        echo "HOST-STATE leak: MemFree fell by more than $pct%"; ok=1
    fi
    if [ $(( (sb - sa) * 100 )) -gt $(( sa * pct )) ]; then
        echo "HOST-STATE leak: Slab grew by more than $pct%"; ok=1
    fi
    exit $ok
    ;;
*)
    echo "usage: host-state snap NAME | diff A B | leak A B PCT"; exit 2 ;;
esac
