#!/bin/sh
# Exercise 7.1 (a hypercall of your own): the Guest's word gettime makes LHCALL_GET_TIME twice
# with interrupts off, a spin apart, and prints
#     Guest: LHCALL_GET_TIME gave A then B; time_ns was C then D
# (decimal nanoseconds; C and D are the shared page's time_ns before the first call and after
# the second).  Asserts: status 0, B > A (the Host's clock, read at the call, moved), C = D
# (time_ns, refreshed only by the timer interrupt, did not), and, if A is a wall-clock reading
# (past the year 2000), that it is within 5 seconds of the Host's date.

fail() { echo "FAIL: $*"; exit 1; }

out=$(/bin/lguest /guest/guest.elf -- gettime </dev/null 2>&1)
status=$?
now=$(date +%s)
echo "$out"
line=$(echo "$out" | grep '^Guest: LHCALL_GET_TIME gave [0-9]* then [0-9]*; time_ns was [0-9]* then [0-9]*$')
[ -n "$line" ] || fail "no line 'Guest: LHCALL_GET_TIME gave A then B; time_ns was C then D': the Guest has no gettime word, or it printed something else"
[ "$status" -eq 0 ] || fail "status $status"
set -- $(echo "$line" | sed 's/^Guest: LHCALL_GET_TIME gave \([0-9]*\) then \([0-9]*\); time_ns was \([0-9]*\) then \([0-9]*\)$/\1 \2 \3 \4/')
a=$1 b=$2 c=$3 d=$4
# Compare as decimal strings (busybox arithmetic may stop at 63 bits): a longer string is larger.
gt() { [ ${#1} -gt ${#2} ] || { [ ${#1} -eq ${#2} ] && [ "$1" \> "$2" ]; }; }
gt "$b" "$a" || fail "the second reading $b is not later than the first $a: the clock is not read at the call"
[ "$c" = "$d" ] || fail "time_ns moved from $c to $d with interrupts off: gettime must keep interrupts off"
if [ ${#a} -ge 19 ]; then   # ns since 1970: 10^18 is the year 2001
    secs=$(echo "$a" | sed 's/.........$//')
    off=$((now - secs)); [ $off -lt 0 ] && off=$((-off))
    [ $off -le $((5 * ${LG_SLOW:-1})) ] || fail "the wall-clock reading is $off seconds off the Host's date"
fi
echo "ok: LHCALL_GET_TIME moved from $a to $b while time_ns stayed at $c"
