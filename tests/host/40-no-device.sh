#!/bin/sh
# 40-no-device: without /dev/lguest the Launcher tells the user to load lg.ko and fails.
# The device path is fixed, so the node is moved aside for the run and put back afterwards
# (also if this script is interrupted), since the later tests need it.

dev=/dev/lguest
aside=/dev/lguest.aside
fail() { echo "FAIL: $*"; exit 1; }

[ -c "$dev" ] || fail "$dev is not there to begin with (did 10-load pass?)"
mv "$dev" "$aside" || fail "cannot move $dev aside"
trap 'mv "$aside" "$dev"' EXIT INT TERM

out=$(/bin/lguest /guest/guest.elf 2>&1)
status=$?
echo "--- output of: lguest /guest/guest.elf   (with $dev moved away)"
echo "$out"
echo "--- exit status: $status"

[ "$status" -ne 0 ] || fail "the Launcher exited with status 0 without $dev"
echo "$out" | grep -q 'load lg.ko first' || fail "no 'load lg.ko first' in the Launcher's message"
echo "ok: the Launcher refused to run without $dev (status $status)"
