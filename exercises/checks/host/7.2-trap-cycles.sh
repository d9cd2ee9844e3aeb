#!/bin/sh
# Exercise 7.2 (counting traps): lguest --stats gives, after its table of trips by reason, one
# line "lguest: cycles per trip: N REASON" for every line of the table that is a trip (every
# "lguest: COUNT REASON" line not marked "(not a trip)"), with the same REASON, and one line
# "lguest: cycles in the Host: T".  With trips=1000 run=faults, asserts: status 0; every trip reason has
# its cycles line; LHCALL_NOP and "page fault (shadow)" cost more than 0 cycles; the sum over
# reasons of COUNT * N is at most T; the table still adds up to the total (58-trips' check, so
# the new lines must not look like the table's).  With run=syscalls: no line for vector 0x80.

fail() { echo "FAIL: $*"; exit 1; }

out=$(/bin/lguest --stats /guest/guest.elf -- trips=1000 run=faults </dev/null 2>&1)
status=$?
echo "$out"
[ "$status" -eq 0 ] || fail "status $status"
total=$(echo "$out" | sed -n 's/^lguest: the Guest came back to the Host \([0-9]*\) times$/\1/p')
[ -n "$total" ] || fail "no --stats total line"
sum=$(echo "$out" | awk '/^lguest: +[0-9]+ / && !/\(not a trip\)$/ { s += $2 } END { print s + 0 }')
[ "$sum" -eq "$total" ] || fail "the table's trip lines add up to $sum, but the total is $total"
host=$(echo "$out" | sed -n 's/^lguest: cycles in the Host: \([0-9][0-9]*\)$/\1/p')
[ -n "$host" ] || fail "no line 'lguest: cycles in the Host: T'"
# Every trip line's reason must have a cycles line; the products must not exceed T.
echo "$out" | awk -v host="$host" '
    /^lguest: +[0-9]+ / && !/\(not a trip\)$/ {
        r = $0; sub(/^lguest: +[0-9]+ /, "", r); count[r] = $2; order[++n] = r }
    /^lguest: cycles per trip: [0-9]+ / {
        r = $0; sub(/^lguest: cycles per trip: [0-9]+ /, "", r); cyc[r] = $5 }
    END {
        bad = 0
        for (i = 1; i <= n; i++) {
            r = order[i]
            if (!(r in cyc)) { print "FAIL: no line \"lguest: cycles per trip: N " r "\""; bad = 1; continue }
            prod += count[r] * cyc[r]
        }
        if (bad) exit 1
        if (!(cyc["hypercall LHCALL_NOP"] > 0)) { print "FAIL: LHCALL_NOP costs no cycles"; exit 1 }
        if (!(cyc["page fault (shadow)"] > 0)) { print "FAIL: the shadow page faults cost no cycles"; exit 1 }
        if (prod > host) { printf "FAIL: the reasons cost %.0f cycles in all, more than the Host'\''s %s\n", prod, host; exit 1 }
        printf "ok: %d reasons, %.0f of %s cycles; LHCALL_NOP %s cycles a trip, a shadow fault %s\n",
            n, prod, host, cyc["hypercall LHCALL_NOP"], cyc["page fault (shadow)"]
    }' || exit 1

out=$(/bin/lguest --stats /guest/guest.elf -- run=syscalls </dev/null 2>&1)
status=$?
echo "$out" | grep '^lguest:'
[ "$status" -eq 0 ] || fail "syscalls: status $status"
echo "$out" | grep -q 'vector 0x80' && fail "vector 0x80 is in the table: system calls went through the Host"
echo "ok: no trip through vector 0x80 for 100000 system calls"
