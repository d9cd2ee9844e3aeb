#!/bin/sh
# 20-hello: the demo Guest runs at ring 1, says hello through the Launcher, and powers off with
# the status its command line asked for; the Launcher exits with the status the Guest reported.

want=7
out=$(/bin/lguest /guest/guest.elf -- "exit=$want" 2>&1)
status=$?
echo "--- output of: lguest /guest/guest.elf -- exit=$want"
echo "$out"
echo "--- exit status: $status"

fail() { echo "FAIL: $*"; exit 1; }

echo "$out" | grep -qF 'Hello from the Guest at ring 1, through the Switcher.' ||
    fail "the Guest's Hello line is missing"

# The status the Guest says it powers off with (the last such line).
n=$(echo "$out" | sed -n 's/.*Guest: powering off with status \([0-9][0-9]*\).*/\1/p' | tail -n 1)
[ -n "$n" ] || fail "no 'Guest: powering off with status N' line"
[ "$n" -eq "$want" ] || fail "the Guest powered off with status $n, but its command line said exit=$want"
[ "$status" -eq "$n" ] || fail "the Launcher exited with $status, but the Guest powered off with $n"
echo "ok: Hello seen; Guest status $n = Launcher status $status"
