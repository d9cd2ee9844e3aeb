#!/bin/sh
# Checker of Exercise 5.1 (the Host shows what it holds for its Guests).
# Asserts: /sys/module/lg/parameters/held_pages exists and reads as one whole number of pages;
# while a Guest runs (it has touched 1000 fresh pages and then waits for timer ticks) the number
# is larger than it was before that Guest started; and once the Guest has gone (stopped by
# SIGINT, its /dev/lguest closed), the number is back exactly where it was before.

fail() { echo "FAIL: $*"; exit 1; }
param=/sys/module/lg/parameters/held_pages

[ -r "$param" ] || fail "no $param: the Host does not show how many pages it holds for its Guests"
number() {
    v=$(cat "$param") || fail "cannot read $param"
    case $v in ''|*[!0-9]*) fail "$param reads '$v', not a whole number of pages" ;; esac
    echo "$v"
}
before=$(number) || exit 1
echo "before any Guest: $before pages held"

/bin/lguest /guest/guest.elf -- run=faults ticks=100000 exit=0 </dev/null >/tmp/held.out 2>&1 &
pid=$!
trap 'kill -INT $pid 2>/dev/null' EXIT
# Wait for the Guest to have run its program (a few seconds, longer on a slow machine).
i=0
while ! grep -q 'faults' /tmp/held.out && [ $i -lt $((300 * ${LG_SLOW:-1})) ]; do
    kill -0 $pid 2>/dev/null || { cat /tmp/held.out; fail "the Guest stopped before it could be measured"; }
    sleep 0.1
    i=$((i + 1))
done
sleep 1
kill -0 $pid 2>/dev/null || { cat /tmp/held.out; fail "the Guest stopped before it could be measured"; }
during=$(number) || exit 1
echo "while a Guest runs: $during pages held"
kill -INT $pid
wait $pid
trap - EXIT
cat /tmp/held.out
after=$(number) || exit 1
echo "after the Guest has gone: $after pages held"

[ "$during" -gt "$before" ] ||
    fail "$during pages held while a Guest runs, not more than the $before before it started"
[ "$after" -eq "$before" ] ||
    fail "$after pages held after the Guest has gone, not the $before before it started"
echo "ok: held_pages went from $before to $during while a Guest ran, and back to $after"
