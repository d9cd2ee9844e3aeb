#!/bin/sh
# 34-timer: the Guest's timer interrupts arrive (ticks advance while the Guest halts between
# them), and the virtual interrupt flag works: with interrupts off, a tick is held pending and
# not delivered; turning interrupts on delivers it at once.  Patched and unpatched.

fail() { echo "FAIL: $*"; exit 1; }

for opt in "" nopatch; do
    out=$(/bin/lguest /guest/guest.elf -- $opt irqflag ticks=25 exit=0 2>&1)
    status=$?
    echo "--- lguest /guest/guest.elf -- $opt irqflag ticks=25 (status $status)"
    echo "$out"
    [ "$status" -eq 0 ] || fail "status $status"
    echo "$out" | grep -q 'Guest: 25 timer ticks in [0-9]* ms' || fail "the ticks did not arrive"
    ms=$(echo "$out" | sed -n 's/.*25 timer ticks in \([0-9]*\) ms.*/\1/p')
    [ "$ms" -gt 0 ] || fail "25 ticks took no time at all"
    line=$(echo "$out" | grep 'interrupts off:') || fail "no interrupt-flag line"
    set -- $(echo "$line" | sed -n 's/.*a tick was \(pending\), ticks \([0-9]*\) -> \([0-9]*\); interrupts on: ticks \([0-9]*\)/\1 \2 \3 \4/p')
    [ "$1" = pending ] || fail "no tick became pending while interrupts were off"
    [ "$2" -eq "$3" ] || fail "a tick was delivered while interrupts were off ($2 -> $3)"
    [ "$4" -gt "$3" ] || fail "the pending tick was not delivered when interrupts came on"
done
echo "ok: ticks arrive; a tick waits while interrupts are off and arrives when they come on"
