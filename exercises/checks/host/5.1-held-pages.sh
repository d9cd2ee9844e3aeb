#!/bin/sh
# Checker of Exercise 5.1 (the Host shows what it holds for its Guests).
# Asserts: /sys/module/lg/parameters/held_pages exists and reads as one whole number of pages;
# while a Guest runs (it touches 1000 fresh pages and then waits for timer ticks) the number
# rises above what it was before that Guest started; and once the Guest has gone (stopped by
# SIGINT, its /dev/lguest closed), the number is back exactly where it was before.

fail() { echo "FAIL: $*"; exit 1; }
param=/sys/module/lg/parameters/held_pages

[ -r "$param" ] || fail "no $param: the Host does not show how many pages it holds for its Guests"
# number VAR: the count into VAR, or fail if it is not one whole number.
number() {
    n=$(cat "$param" 2>/dev/null)
    case $n in ''|*[!0-9]*) fail "$param reads '$n', not a whole number of pages" ;; esac
    eval "$1=\$n"
}
number before
echo "before any Guest: $before pages held"

/bin/lguest /guest/guest.elf -- run=faults ticks=100000 exit=0 </dev/null >/tmp/held.out 2>&1 &
pid=$!
trap 'kill -INT $pid 2>/dev/null' EXIT
# Watch the count while the Guest boots and runs its program: it must rise above where it was
# (within ten seconds, or LG_SLOW times that on a slow machine).
i=0
during=$before
while [ "$during" -le "$before" ] && [ $i -lt $((100 * ${LG_SLOW:-1})) ]; do
    kill -0 $pid 2>/dev/null || { cat /tmp/held.out; fail "the Guest stopped before it could be measured"; }
    sleep 0.1
    number during
    i=$((i + 1))
done
echo "while a Guest runs: $during pages held"
kill -INT $pid
wait $pid
trap - EXIT
cat /tmp/held.out
number after
echo "after the Guest has gone: $after pages held"

[ "$during" -gt "$before" ] ||
    fail "$during pages held while a Guest runs, not more than the $before before it started"
[ "$after" -eq "$before" ] ||
    fail "$after pages held after the Guest has gone, not the $before before it started"
echo "ok: held_pages went from $before to $during while a Guest ran, and back to $after"
