#!/bin/sh
# 58-trips: the Host counts the Guest's trips back to it, by reason, and both sides can read the
# counts.  The Guest's trips=1000 reads LHCALL_TRIPS twice around 1000 LHCALL_NOPs, twice over:
# between the readings lie exactly 1001 trips of the Guest's own (the NOPs and the second
# reading), and at least 1003 trips in all (three more readings, and the Host's interrupts).
# The same Guest runs the faults program, which touches 1000 fresh pages, so that page faults of
# both kinds (the Guest's own, reflected to it, and the shadow's, fixed by the Host) and
# asynchronous hypercalls (its page-table updates) are among the reasons.  How many page faults
# there are is not checked: the Switcher's fast path for them is meant to bring the number down.
# The Launcher's --stats then prints the total and one line per reason: the lines that are trips
# (all but those marked "(not a trip)") must add up to the total, with at least 2000
# "hypercall LHCALL_NOP" and exactly 8 "hypercall LHCALL_TRIPS" (four readings a round).

fail() { echo "FAIL: $*"; exit 1; }

n=1000
out=$(/bin/lguest --stats /guest/guest.elf -- "trips=$n" run=faults </dev/null 2>&1)
status=$?
echo "$out"
[ "$status" -eq 0 ] || fail "status $status"

line=$(echo "$out" | grep "Guest: $n LHCALL_NOPs: ")
[ -n "$line" ] || fail "no 'Guest: $n LHCALL_NOPs: ...' line"
own=$(echo "$line" | sed -n 's/.*: \([0-9]*\) trips of its own between the readings, [0-9]* in all.*/\1/p')
all=$(echo "$line" | sed -n 's/.*between the readings, \([0-9]*\) in all.*/\1/p')
[ -n "$own" ] && [ -n "$all" ] || fail "cannot read the counts from: $line"
[ "$own" -eq $((n + 1)) ] || fail "$own trips of the Guest's own around $n NOPs, not $((n + 1))"
[ "$all" -ge $((n + 3)) ] || fail "$all trips in all around $n NOPs and three readings, fewer than $((n + 3))"

total=$(echo "$out" | sed -n 's/^lguest: the Guest came back to the Host \([0-9]*\) times$/\1/p')
[ -n "$total" ] || fail "no --stats total line"
sum=$(echo "$out" | awk '/^lguest: +[0-9]+ / && !/\(not a trip\)$/ { s += $2 } END { print s + 0 }')
[ "$sum" -eq "$total" ] || fail "the reasons add up to $sum trips, but the total is $total"
count() { echo "$out" | awk -v what="$1" '$1 == "lguest:" && $2 ~ /^[0-9]+$/ {
    line = $0; sub(/^lguest: +[0-9]+ /, "", line); if (line == what) print $2 }'; }
nops=$(count 'hypercall LHCALL_NOP')
reads=$(count 'hypercall LHCALL_TRIPS')
[ "${nops:-0}" -ge $((2 * n)) ] || fail "${nops:-no} LHCALL_NOP trips, fewer than the $((2 * n)) made"
[ "${reads:-0}" -eq 8 ] || fail "${reads:-no} LHCALL_TRIPS trips, not 8"
reflected=$(count 'page fault (reflected)')
shadow=$(count 'page fault (shadow)')
echo "ok: $own trips of its own around $n NOPs ($all in all); the reasons add up to the" \
    "total $total; $nops LHCALL_NOP, $reads LHCALL_TRIPS, page faults ${reflected:-0} reflected" \
    "and ${shadow:-0} fixed by the shadow"
