#!/bin/sh
# 85-fuzz: both fuzzers, briefly: /dev/lguest's (tests/fuzz/devfuzz.c) and the Guest's
# hypercall fuzzer (fuzz=SEED,COUNT, driven by tests/fuzz/guest.sh), some 20,000 operations in
# all, from fixed seeds so that a failure can be run again.  Fails on any sign of a Host in
# trouble: a new kernel log line that tells of one (Oops, BUG, WARNING, soft lockup, RCU stall,
# general protection fault, hung task; tests/fuzz/host-state.sh), a broken rule of the device's
# interface (devfuzz's FUZZ-DEV-BAD lines, among them a request left blocked behind a running
# Guest), a Launcher or fuzzer left running, a Guest that hung (the fuzzing Guest restarts its
# timer before every halt, so only a Host that lost a hypercall leaves it asleep), or a Guest
# death whose reason is not in the list below.
#
# Time: about 50 s of the Host's time at lgslow=1 under QEMU's pentium3 model, within the
# default 60 s limit; every bound below stretches with lgslow.  `make fuzz` runs the same
# fuzzers for longer.

fail=0
problem() { echo "FAIL: $*"; fail=1; }
slow=${LG_SLOW:-1}

host-state snap fuzz-before

# 1. /dev/lguest.
devfuzz -s 1 -n 12000 -t $((24 * slow)) >/tmp/devfuzz.out 2>&1
status=$?
grep -v '^FUZZ-DEV guest ' /tmp/devfuzz.out
dev_ops=$(sed -n 's/^FUZZ-DEV ops \([0-9]*\) .*/\1/p' /tmp/devfuzz.out)
[ -n "$dev_ops" ] || problem "devfuzz did not finish (status $status)"
[ "$status" -eq 0 ] || problem "devfuzz found the device breaking its rules (FUZZ-DEV-BAD above)"

# 2. The Guest's hypercalls.
fuzz-guest -s 1 -n 9000 -t $((28 * slow)) -c 1000 -T $((5 * slow)) >/tmp/fuzz-guest.log 2>&1
grep -v '^FUZZ-GUEST life .*reason=\(survived\|died:\)' /tmp/fuzz-guest.log
guest_calls=$(sed -n 's/^FUZZ-GUEST lives [0-9]* calls \([0-9]*\)$/\1/p' /tmp/fuzz-guest.log)
[ -n "$guest_calls" ] || problem "the Guest fuzzer's driver did not finish"

# Every way a fuzzing Guest may honestly end: all its calls made, or killed by the Host for
# one of these reasons (numbers are '#'), or dead of an exception it did not expect.
while read -r line; do
    case ${line#*reason=} in
        survived\ last=*|survived) ;;
        "died: unknown hypercall #"*|"died: hypercall # before LHCALL_INIT"*) ;;
        "died: LHCALL_INIT made twice"*|"died: bad lguest_data address #"*) ;;
        "died: bad read of # bytes at #"*|"died: bad write of # bytes at #"*) ;;
        "died: console write of # bytes at # is outside the Guest"*) ;;
        "died: console read of # bytes at # is outside the Guest"*) ;;
        "died: may not set interrupt gate #"*|"died: bad interrupt gate #: # #"*) ;;
        "died: bad kernel stack segment #"*|"died: trap # from ring # but no kernel stack"*) ;;
        "died: may not set descriptor #"*|"died: bad segment descriptor # #"*) ;;
        "died: bad segments cs=# ss=#"*) ;;
        "died: bad page directory #"*|"died: bad page directory index #"*) ;;
        "died: page table entry # points outside Guest memory"*) ;;
        "died: # MiB pages are not supported (address #)"*) ;;
        "died: touched the Switcher at #"*|"died: cannot push a trap frame at #"*) ;;
        "died: unhandled trap # (error #) at eip #"*) ;;
        "died: expand-down segment # #"*|"died: segment base # is not below the Switcher"*) ;;
        "died: eip # is beyond its code segment"*) ;;
        "died: halted inside its no-interrupt window at #"*) ;;
        "died: LHCALL_CONSOLE_READ in the asynchronous ring"*) ;;
        "exit status 1: lguest: the Guest broke the device rules: "*) ;;
        "died: page fault at # (error #) at eip #"*) ;;
        "Guest's own death: Guest: unexpected trap #"*) ;;
        *) problem "a Guest ended in an unexpected way: $line" ;;
    esac
done <<EOF2
$(grep '^FUZZ-GUEST life ' /tmp/fuzz-guest.log)
EOF2

# 3. The Host afterwards: nothing left running, nothing in the kernel log.
sleep 1
left=$(ps | grep -E '/bin/lguest|devfuzz' | grep -v grep)
[ -z "$left" ] || problem "left running: $left"
host-state snap fuzz-after
host-state diff fuzz-before fuzz-after || problem "the kernel log tells of trouble (HOST-TROUBLE above)"
echo "ops: $dev_ops on /dev/lguest, $guest_calls hypercalls: $((dev_ops + guest_calls)) in all"
[ "$fail" -eq 0 ] && echo "ok: the Host survived both fuzzers"
exit "$fail"
