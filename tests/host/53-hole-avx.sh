#!/bin/sh
# 53-hole-avx: the Guest sees only its own vector registers, all of them.  Two ymmfill programs
# (tests/tools/ymmfill.c) keep a marker in the upper halves of %ymm0-7 on both CPUs while a Guest
# looks at its own, 100 times across trips to the Host, then keeps a value of its own there for
# 20 ticks.  A Host that saved only fxsave's 512 bytes let the Guest read ymmfill's marker (and
# lost the Guest's own upper halves).  Without AVX (Pentium III) the Guest says so and the test
# passes: there is nothing to leak.

fail() { echo "FAIL: $*"; exit 1; }

taskset -c 0 /bin/ymmfill >/dev/null 2>&1 &
f0=$!
taskset -c 1 /bin/ymmfill >/dev/null 2>&1 &
f1=$!
out=$(/bin/lguest /guest/guest.elf -- avx </dev/null 2>&1)
status=$?
kill $f0 $f1 2>/dev/null
wait $f0 $f1 2>/dev/null
echo "$out" | grep 'AVX\|ymm'
[ "$status" -eq 0 ] || fail "the Guest exited with $status"
if echo "$out" | grep -q 'AVX: not offered'; then
    echo "ok: no AVX on this CPU, nothing to leak"
    exit 0
fi
echo "$out" | grep -q 'foreign state seen in 0 of 100 looks; my own was kept' ||
    fail "the Guest saw vector state that is not its own, or lost its own"
echo "ok: no foreign vector state, and the Guest's own kept"
