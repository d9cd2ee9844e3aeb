#!/bin/sh
# 64-switcher-leftovers: one Guest cannot read what another left in a CPU's Switcher pages.
# A Guest whose programs take a thousand demand-zero faults runs on CPU 1, so that the
# Switcher's page-fault walker leaves its fault address and frame below the registers of CPU 1's
# register page; then a second Guest on CPU 1 reads those six words (hostile=leftover) before it
# has run any program of its own: the Host must have wiped them when the CPU changed Guests.
# (On a real processor the Guest's segment limits stop the read with trap 13, which passes too.)

fail() { echo "FAIL: $*"; exit 1; }

first=$(taskset -c 1 /bin/lguest /guest/guest.elf -- run=faults </dev/null 2>&1)
echo "$first" | tail -n 3
echo "$first" | grep -q '^faults: ' || fail "the first Guest's faults program did not run"
out=$(taskset -c 1 /bin/lguest /guest/guest.elf -- hostile=leftover </dev/null 2>&1)
echo "$out" | tail -n 8
echo "$out" | grep -qE 'Guest: 0 words another Guest left below the registers|hostile=leftover stopped by trap 13' ||
    fail "the second Guest found the first one's words in the Switcher's register page"
echo "ok: nothing of the first Guest was left for the second"
