#!/usr/bin/env bash
# tests/build/70-native-boot.sh -- the Guest kernel on bare (emulated) hardware: the same
# build/bin/guest.elf that the Launcher loads boots with `qemu-system-i386 -kernel` (multiboot),
# with no Host, in ring 0, on both CPU models `make test` uses, patched and with `nopatch`.
# Its self-tests that mean something without a Host must pass: a divide error and a page fault
# caught by its own handlers, an interrupt held while the real interrupt flag is off, timer
# ticks, and the user programs of 36-processes (ring 3, demand-zero pages, a crash that kills only
# its process, FPU and TLS across context switches, preemption).  Its exit status comes back
# through QEMU's isa-debug-exit device, which exits with 2 * status + 1.
set -uo pipefail

fail=0

# boot CPU WORDS...: the Guest's console in $out, QEMU's exit status in $status.
boot() {
    local cpu=$1
    shift
    out=$(tests/native-guest.sh --cpu "$cpu" "$@" </dev/null)
    status=$?
    echo "--- qemu-system-i386 -cpu $cpu -kernel guest.elf -append '$*' (status $status)"
    echo "$out"
}

# want TEXT: a line of the last boot's console must match the extended regular expression TEXT.
want() {
    grep -qE -- "$1" <<<"$out" || { echo "FAIL: no line matching: $1"; fail=1; }
}

for cpu in pentium3 max,vendor=GenuineIntel; do
    for patch in "" nopatch; do
        boot "$cpu" $patch divide pagefault irqflag ticks=10 regcheck \
            run=hello,faults,crash,fpu,fpu,tls,tls,busy,busy exit=5
        [ "$status" -ne 124 ] || { echo "FAIL: the Guest did not finish in 120 s"; exit 1; }
        [ "$status" -eq 11 ] || { echo "FAIL: QEMU's status $status, not 11 (exit=5)"; fail=1; }
        want '^Hello from the Guest at ring 0, on bare hardware\.$'
        want '^Guest: no device page: no disk, network or console device$'
        if [ -z "$patch" ]; then
            want '^Guest: patched ([0-9]+) of \1 paravirt sites$'
        else
            want '^Guest: leaving [0-9]+ paravirt sites unpatched$'
        fi
        want "^Guest: divide error caught by the Guest's handler: trap 0$"
        want "^Guest: page fault at d0000000 caught by the Guest's handler: trap 14$"
        want '^Guest: interrupts off: a tick was pending, ticks ([0-9]+) -> \1; interrupts on: ticks [0-9]+$'
        want '^Guest: 10 timer ticks in [0-9]+ ms$'
        want '^Guest: registers checked across interrupts and a divide error: 0 wrong$'
        want '^hello: pid [0-9]+ running in ring 3$'
        want '^faults: 1000 pages touched, 0 not zero at first, 0 lost their value$'
        want 'process [0-9]+ \(crash\) killed: trap 14 .* address 0$'
        [ "$(grep -cE '^fpu: pid [0-9]+: sum right, xmm3 intact after 5000 yields$' <<<"$out")" -eq 2 ] ||
            { echo "FAIL: floating-point state was lost"; fail=1; }
        [ "$(grep -cE '^tls: pid [0-9]+: %gs:0 = [0-9]*007, wrong 0 times in 2000 switches$' <<<"$out")" -eq 2 ] ||
            { echo "FAIL: thread-local storage was wrong"; fail=1; }
        [ "$(grep -cE '^busy: pid [0-9]+ counted to 100000000 in [0-9]+ ticks, preempted [1-9][0-9]* times$' <<<"$out")" -eq 2 ] ||
            { echo "FAIL: the busy processes were not both preempted"; fail=1; }
        want '^Guest: powering off with status 5$'
    done
done
# The shell on the serial port: help, then exit 3 (QEMU's status 7).
out=$(printf 'help\nexit 3\n' | tests/native-guest.sh run=sh)
status=$?
echo "--- the shell on the serial port (status $status)"
echo "$out"
[ "$status" -eq 7 ] || { echo "FAIL: QEMU's status $status, not 7 (exit 3)"; fail=1; }
want '^(guest\$ )?  hello +says which ring it runs in$'
[ "$fail" -eq 0 ] && echo "ok: the Guest boots and passes its self-tests on bare hardware"
exit "$fail"
