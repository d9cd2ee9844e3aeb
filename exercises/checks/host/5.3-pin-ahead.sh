#!/bin/sh
# Checker of Exercise 5.3 (pin the kernel's neighbours ahead of need).
# Asserts: a Guest of the Launcher's default 32 MiB that boots and powers off (exit=0) comes back
# to the Host for the shadow page tables ("lguest:  N page fault (shadow)" in --stats) at most
# 1000 times (the book as it stands: nearly 8000): its kernel touches all of its memory while it
# boots, and that must no longer cost a trip a page.  And Guests still work: a 64 MiB Guest
# runs faults (1000 demand-zero pages, all zero at first and none losing its value) and tls,
# and powers off with status 0.

fail() { echo "FAIL: $*"; exit 1; }
LIMIT=1000

# count OUT WHAT: the number on the --stats line "lguest:  N WHAT" of OUT, or nothing.
count() { echo "$1" | awk -v what="$2" '$1 == "lguest:" && $2 ~ /^[0-9]+$/ {
    line = $0; sub(/^lguest: +[0-9]+ /, "", line); if (line == what) print $2 }'; }

out=$(/bin/lguest --stats /guest/guest.elf -- exit=0 </dev/null 2>&1)
status=$?
echo "$out" | grep '^lguest:'
[ "$status" -eq 0 ] || fail "the Guest that only boots had status $status"
total=$(echo "$out" | sed -n 's/^lguest: the Guest came back to the Host \([0-9]*\) times$/\1/p')
[ -n "$total" ] || fail "no --stats total line"
shadow=$(count "$out" 'page fault (shadow)')
shadow=${shadow:-0}
echo "a 32 MiB Guest's boot: $total trips, $shadow of them page faults for the shadow"
[ "$shadow" -le "$LIMIT" ] ||
    fail "$shadow page faults for the shadow while a 32 MiB Guest booted and powered off, more than $LIMIT: each page its kernel touches first still costs a trip"

out=$(/bin/lguest --memory 64 /guest/guest.elf -- run=faults,tls exit=0 </dev/null 2>&1)
status=$?
echo "$out" | tail -n 4
[ "$status" -eq 0 ] || fail "the 64 MiB Guest running faults and tls had status $status"
echo "$out" | grep -q '^faults: 1000 pages touched, 0 not zero at first, 0 lost their value' ||
    fail "the faults program did not finish right in a 64 MiB Guest"
echo "ok: $shadow shadow page faults for a whole boot (at most $LIMIT), and Guests still run"
