#!/bin/sh
# Checker of Exercise 5.2 (the timer's floor as a module parameter).
# Asserts: /sys/module/lg/parameters/min_timer_us exists and reads 1000 (one millisecond, the
# book's floor) by default; a write of 999 or of 1000001 fails and leaves it at 1000; a write of
# 20000 succeeds and reads back as 20000; and then a Guest that asks for a periodic timer of 1 ns
# (the Guest's word timerstorm: "Guest: asked for a 1 ns timer, got N ticks in 500 ms") gets at
# least 1 and at most 30 ticks in its 500 ms (a 20 ms floor allows 25, and a tick or two that
# was already on its way may arrive too; a 10 ms floor would give 50).  The floor goes back to
# 1000 at the end, whatever happened.

fail() { echo "FAIL: $*"; exit 1; }
param=/sys/module/lg/parameters/min_timer_us

[ -e "$param" ] || fail "no $param: the timer's floor is not a module parameter"
v=$(cat "$param")
[ "$v" = 1000 ] || fail "$param reads '$v' by default, not 1000"
trap 'echo 1000 >"$param" 2>/dev/null' EXIT

for bad in 999 1000001; do
    if echo "$bad" >"$param" 2>/dev/null; then
        fail "writing $bad to $param succeeded: the floor must stay within 1000..1000000"
    fi
    v=$(cat "$param")
    [ "$v" = 1000 ] || fail "after the refused write of $bad, $param reads '$v', not 1000"
done
echo 20000 >"$param" || fail "writing 20000 to $param failed"
v=$(cat "$param")
[ "$v" = 20000 ] || fail "after writing 20000, $param reads '$v'"

out=$(/bin/lguest /guest/guest.elf -- timerstorm exit=0 </dev/null 2>&1)
status=$?
echo "$out" | tail -n 5
[ "$status" -eq 0 ] || fail "the Guest's status was $status"
got=$(echo "$out" | sed -n 's/.*asked for a 1 ns timer, got \([0-9]*\) ticks in 500 ms.*/\1/p')
[ -n "$got" ] || fail "no 'Guest: asked for a 1 ns timer, got N ticks in 500 ms' line"
[ "$got" -ge 1 ] || fail "no tick at all in 500 ms with a floor of 20 ms"
[ "$got" -le 30 ] ||
    fail "$got ticks in 500 ms with min_timer_us at 20000: a 20 ms floor allows 25 (at most 30 are accepted)"
echo 1000 >"$param" || fail "cannot put the floor back to 1000"
echo "ok: min_timer_us refuses 999 and 1000001, and a floor of 20 ms gave a 1 ns timer $got ticks in 500 ms"
