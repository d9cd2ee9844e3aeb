#!/bin/sh
# 59-registers: every register the Guest can fill comes back from a trip through the Switcher
# as it went in.  The Guest's `regcheck` loads a value that names each of %ebx, %ecx, %edx,
# %esi, %edi and %ebp, records %esp, takes a trip (a hypercall; a spin with interrupts on,
# through many of the Host's own interrupts; a divide error reflected to its handler), and
# names any register that came back wrong, and whose value it holds instead: a Switcher that
# saves and restores in orders that do not mirror each other fails here, by name.
fail() { echo "FAIL: $*"; exit 1; }

for opt in "" nopatch; do
    out=$(/bin/lguest /guest/guest.elf -- $opt regcheck 2>&1)
    status=$?
    echo "--- lguest /guest/guest.elf -- $opt regcheck (status $status)"
    echo "$out"
    bad=$(echo "$out" | grep -a 'held' | head -n 1)
    [ -z "$bad" ] || fail "a register came back wrong: $bad"
    [ "$status" -eq 0 ] || fail "the Guest's status was $status"
    echo "$out" | grep -q '^Guest: registers checked across a hypercall, interrupts and a divide error: 0 wrong$' ||
        fail "the register check did not finish"
done
echo "ok: every register came back from every kind of trip"
