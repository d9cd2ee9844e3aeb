#!/bin/sh
# Checker of Exercise 6.2 (deliver a Host interrupt without taking a gate apart), Host side.
# Asserts that the Host's own interrupts still reach their handlers while a Guest runs, and that
# the handlers' addresses did not land where a Guest can read them:
#   - regcheck (patched and nopatch) finds 0 registers wrong after spinning through the Host's
#     interrupts, and ticks=25 sees its 25 timer ticks;
#   - NMIs sent to every CPU (echo l >/proc/sysrq-trigger, 30 times) while a Guest spins reach the
#     Host's NMI handler (at least one new "NMI backtrace for cpu" in the kernel log) and the
#     Guest finishes with the status it was given;
#   - hostile=readhost finds no Host address in the Switcher's pages ("Guest: 0 words of Host
#     addresses", status 3; on a processor that enforces the Guest's segment limits it is stopped
#     by trap 13 instead, which is as good).
# (The build-side half, exercises/checks/build/6.2-host-handlers.sh, checks the code itself.)

fail() { echo "FAIL: $*"; exit 1; }

for opt in "" nopatch; do
    out=$(/bin/lguest /guest/guest.elf -- $opt regcheck ticks=25 </dev/null 2>&1)
    status=$?
    echo "--- regcheck ticks=25 $opt (status $status)"
    echo "$out" | tail -n 3
    echo "$out" | grep -q '^Guest: registers checked across a hypercall, interrupts and a divide error: 0 wrong$' ||
        fail "regcheck $opt: a register came back wrong, or the check did not finish"
    echo "$out" | grep -q 'Guest: 25 timer ticks in [0-9]* ms' || fail "ticks=25 $opt: the timer ticks did not arrive"
    [ "$status" -eq 0 ] || fail "regcheck $opt: the Guest's status was $status"
done

backtraces() { dmesg | grep -c 'NMI backtrace for cpu'; }
before=$(backtraces)
/bin/lguest /guest/guest.elf -- spin=200 exit=21 </dev/null >/tmp/handlers.out 2>&1 &
pid=$!
sleep 1    # let the Guest start spinning, so that the NMIs find it running
kill -0 $pid 2>/dev/null || { cat /tmp/handlers.out; fail "the spinning Guest stopped before the NMIs"; }
i=0
while [ $i -lt 30 ]; do
    echo l >/proc/sysrq-trigger
    i=$((i + 1))
done
wait $pid
status=$?
after=$(backtraces)
tail -n 3 /tmp/handlers.out
echo "--- NMI backtraces in the kernel log: $((after - before))"
[ "$status" -eq 21 ] || fail "the spinning Guest's status was $status, not 21, with NMIs arriving"
[ $((after - before)) -ge 1 ] || fail "no NMI backtrace in the kernel log: the NMIs did not reach the Host's handler"

out=$(/bin/lguest /guest/guest.elf -- hostile=readhost </dev/null 2>&1)
status=$?
echo "--- hostile=readhost (status $status)"
echo "$out" | tail -n 6
[ "$status" -eq 3 ] || fail "hostile=readhost: status $status, not 3"
echo "$out" | grep -qE 'Guest: 0 words of Host addresses|hostile=readhost stopped by trap 13' ||
    fail "hostile=readhost found the Host's addresses in the Switcher's pages"
echo "ok: the Host's interrupts and NMIs arrive, and the Guest finds no Host address to read"
