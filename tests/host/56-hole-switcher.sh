#!/bin/sh
# 56-hole-switcher: nothing of the Host's state is readable from the Guest, and the Switcher is
# neither writable nor (on a real processor) readable or executable from it.
#  - seglimits: every segment the Guest can load ends below the Switcher (lsl reports the
#    limits; the Host cuts them).  A real processor then refuses any Guest access to the
#    Switcher's pages with a general-protection fault; QEMU's software emulation does not check
#    data-segment limits, so under QEMU the following cases are stopped by paging instead.
#  - readhost: the Guest reads every word of the register page and the read-only page that is
#    not a descriptor, a gate or its own register, and counts the Host kernel addresses it finds:
#    none (an early Host kept its stack pointer and table addresses there, and a Guest printed
#    them), or the read is stopped by trap 13.
#  - switcher: a write to the Switcher's text kills the Guest (page fault) or is a trap 13.

fail() { echo "FAIL: $*"; exit 1; }

out=$(/bin/lguest /guest/guest.elf -- seglimits </dev/null 2>&1)
echo "$out" | grep 'segment limits'
line=$(echo "$out" | sed -n 's/.*segment limits: kernel code \([0-9a-f]*\), kernel data \([0-9a-f]*\), user code \([0-9a-f]*\), user data \([0-9a-f]*\); the Switcher starts at \([0-9a-f]*\).*/\1 \2 \3 \4 \5/p')
[ -n "$line" ] || fail "no segment limits from the Guest"
set -- $line
for l in $1 $2 $3 $4; do
    [ $((0x$l)) -lt $((0x$5)) ] || fail "a segment reaches 0x$l, not below the Switcher at 0x$5"
done

out=$(/bin/lguest /guest/guest.elf -- hostile=readhost </dev/null 2>&1)
echo "$out" | grep 'words\|holds\|hostile'
echo "$out" | grep -qE 'Guest: 0 words of Host addresses|hostile=readhost stopped by trap 13' ||
    fail "the Guest found Host addresses in the Switcher's pages"

out=$(/bin/lguest /guest/guest.elf -- hostile=switcher </dev/null 2>&1)
echo "$out" | tail -n 1
echo "$out" | grep -qE 'the Guest died: touched the Switcher|hostile=switcher stopped by trap 13' ||
    fail "a write to the Switcher was not stopped"
echo "ok: no Host addresses visible, the Switcher not writable, every segment below it"
