#!/bin/sh
# 30-badcall: a Guest that makes a bogus hypercall is killed by the Host; the Launcher says why
# ("lguest: the Guest died: unknown hypercall ...") and exits with a non-zero status.

out=$(/bin/lguest /guest/guest.elf -- badcall 2>&1)
status=$?
echo "--- output of: lguest /guest/guest.elf -- badcall"
echo "$out"
echo "--- exit status: $status"

fail() { echo "FAIL: $*"; exit 1; }

[ "$status" -ne 0 ] || fail "the Launcher exited with status 0 for a Guest that should have died"
echo "$out" | grep -q 'lguest: the Guest died: unknown hypercall' ||
    fail "no 'lguest: the Guest died: unknown hypercall' line"
echo "ok: the Guest was killed and the Launcher said so (status $status)"
