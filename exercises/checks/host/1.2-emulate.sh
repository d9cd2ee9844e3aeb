#!/bin/sh
# Exercise 1.2 (emulate): trap and emulate, in the Guest.  The Guest kernel executes real cli and
# sti in ring 1; each faults (trap 13), the Host reflects the fault, and the Guest's own handler
# does what the instruction meant to the virtual interrupt flag and steps past it.  The
# command-line word `emulate` shows it and counts the cost.  Asserts the lines
#   Guest: emulated cli leaves the flag 0, emulated sti 200
#   Guest: 1000 cli/sti pairs: N trips by trap and emulate, M paravirtualized
# with N at least 2000 (a trip to the Host for every instruction) and M under 100 (the patched
# or called operations make none, but for an interrupt that was waiting), and that the Guest
# powers off with status 0, once with the paravirt sites patched and once with `nopatch`.

fail() { echo "FAIL: $*"; exit 1; }

for opt in "" nopatch; do
    out=$(/bin/lguest /guest/guest.elf -- $opt emulate 2>&1)
    status=$?
    echo "--- lguest /guest/guest.elf -- $opt emulate (status $status)"
    echo "$out"
    echo "$out" | grep -q '^Guest: emulated cli leaves the flag ' ||
        fail "no 'Guest: emulated cli leaves the flag X, emulated sti Y' line: is the word 'emulate' there?"
    echo "$out" | grep -q '^Guest: emulated cli leaves the flag 0, emulated sti 200$' ||
        fail "an emulated cli must leave the virtual flag 0 and an emulated sti 200"
    line=$(echo "$out" | grep -E '^Guest: 1000 cli/sti pairs: [0-9]+ trips by trap and emulate, [0-9]+ paravirtualized$')
    [ -n "$line" ] || fail "no 'Guest: 1000 cli/sti pairs: N trips by trap and emulate, M paravirtualized' line"
    n=$(echo "$line" | sed 's/.*pairs: \([0-9]*\) trips.*/\1/')
    m=$(echo "$line" | sed 's/.*emulate, \([0-9]*\) paravirtualized$/\1/')
    [ "$n" -ge 2000 ] || fail "only $n trips for 2000 trapped instructions: did they really trap?"
    [ "$m" -lt 100 ] || fail "$m trips for 1000 paravirtualized pairs: the virtual flag should cost none"
    [ "$status" -eq 0 ] || fail "the Guest's status was $status, not 0"
done
echo "ok: cli and sti emulated after trapping ($n trips), and the paravirtualized flag costs $m"
