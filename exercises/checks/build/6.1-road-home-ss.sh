#!/usr/bin/env bash
# Checker of Exercise 6.1 (the road home through %ss), build side.
# Asserts: in the Switcher's object code ($BUILD/src/host/switcher.o), from the label
# leave_to_host to the first iret after it, no instruction loads %ds or %es (no mov to them, no
# lds or les); only pops, which give the Host its own values back, may write them.  The in-Host
# half (exercises/checks/host/6.1-road-home-ss.sh) checks that Guests still run right.
set -uo pipefail

obj=${BUILD:-build}/src/host/switcher.o
fail() { echo "FAIL: $*"; exit 1; }

[ -f "$obj" ] || fail "no $obj (build the module first: make module)"
road=$(objdump -d --no-show-raw-insn "$obj" | awk '/<leave_to_host>:/ { on = 1 } on { print } on && /\tiret/ { exit }')
[ -n "$road" ] || fail "no label leave_to_host in $obj: the walker's way onto the road home is gone"
echo "$road" | grep -q $'\tiret' || fail "no iret after leave_to_host in $obj"
echo "$road"
loads=$(echo "$road" | grep -E $'\t(mov[wl]?[ \t]+[^,]+,%(ds|es)$|l(ds|es)[wl]?[ \t])')
[ -z "$loads" ] ||
    fail "the road home still loads a data segment register before the Host's own come back: $(echo "$loads" | tr -s ' \t' ' ' | tr '\n' ';')"
echo "ok: the road home from leave_to_host to its iret loads neither %ds nor %es"
