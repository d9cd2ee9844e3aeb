#!/bin/sh
# Exercise 7.9 (the last trip of a page fault): a new program, cow, touches 1000 pages, forks,
# and has the child write one word to each (1000 copy-on-write faults), reading the Guest's own
# trips around the child's writes, and prints
#     cow: 1000 copy-on-write faults, N trips to the Host, the parent's pages intact
# Asserts: that line, N < 100 (a tenth of a trip per fault), and status 0.

fail() { echo "FAIL: $*"; exit 1; }

out=$(/bin/lguest --memory 64 /guest/guest.elf -- run=cow </dev/null 2>&1)
status=$?
echo "$out"
echo "$out" | grep -q "no program called 'cow'" && fail "there is no program called cow"
line=$(echo "$out" | grep '^cow: 1000 copy-on-write faults, [0-9]* trips to the Host, the parent.s pages intact$')
[ -n "$line" ] || fail "no line 'cow: 1000 copy-on-write faults, N trips to the Host, the parent's pages intact'"
[ "$status" -eq 0 ] || fail "status $status"
n=$(echo "$line" | sed 's/.*faults, \([0-9]*\) trips.*/\1/')
[ "$n" -lt 100 ] || fail "1000 copy-on-write faults cost $n trips to the Host, not fewer than 100"
echo "ok: 1000 copy-on-write faults cost $n trips"
