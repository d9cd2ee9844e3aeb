#!/bin/sh
# 54-hole-nmi: a Guest cannot make the Host replay NMIs.  The Guest tries a thousand times to
# raise the word by which the Switcher tells the Host that an NMI arrived inside it: where an
# early Host kept it (the first word of the register page, which the Guest's page tables map
# writable) and where it is now (the last word of the read-only page).  The first such write
# that matters is a fault: a page fault on the read-only page (the Host kills the Guest for
# touching the Switcher) or, on a processor that enforces segment limits, a general-protection
# fault.  The early Host let the write through and replayed an NMI at the next tick, every tick:
# its log filled with "NMI received for unknown reason".

fail() { echo "FAIL: $*"; exit 1; }

before=$(cat /sys/module/lg/parameters/switcher_nmis)
out=$(/bin/lguest /guest/guest.elf -- hostile=nmiflag </dev/null 2>&1)
status=$?
after=$(cat /sys/module/lg/parameters/switcher_nmis)
echo "$out" | tail -n 2
echo "status $status; NMIs replayed by the Host: $before before, $after after"
[ "$after" -eq "$before" ] || fail "the Host replayed $((after - before)) NMIs the Guest asked for"
dmesg | grep -q 'NMI received for unknown reason' && fail "the Host's kernel saw unknown NMIs"
echo "$out" | grep -qE 'the Guest died: touched the Switcher|hostile=nmiflag stopped by trap 13' ||
    fail "the Guest's write to the NMI word was not stopped"
echo "ok: the Guest cannot raise the Switcher's NMI word"
