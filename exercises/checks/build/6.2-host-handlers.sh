#!/usr/bin/env bash
# Checker of Exercise 6.2 (deliver a Host interrupt without taking a gate apart), build side.
# Asserts: in the Switcher's object code ($BUILD/src/host/switcher.o), from the label
# deliver_to_host to its first indirect jump (the jump into the Host's own handler), at most two
# instructions come after the last pop of the road home: the handler's address is looked up, not
# decoded from the Host's interrupt table at every interrupt (the book's version takes seven).
# The in-Host half (exercises/checks/host/6.2-host-handlers.sh) checks that the Host's
# interrupts and NMIs still arrive and that the Guest still finds no Host address to read.
set -uo pipefail

obj=${BUILD:-build}/src/host/switcher.o
fail() { echo "FAIL: $*"; exit 1; }

[ -f "$obj" ] || fail "no $obj (build the module first: make module)"
road=$(objdump -d --no-show-raw-insn "$obj" |
    awk '/<deliver_to_host>:/ { on = 1; next } on && /^[0-9a-f]+ </ { exit } on && /\t/ { print } on && /\tjmp +\*/ { exit }')
[ -n "$road" ] || fail "no label deliver_to_host in $obj"
echo "$road"
echo "$road" | tail -n 1 | grep -qE $'\tjmp +\\*' ||
    fail "no indirect jump into the Host's handler after deliver_to_host"
echo "$road" | grep -qE $'\tpop ' || fail "deliver_to_host does not take the road home (no pop before its jump)"
n=$(echo "$road" | awk '/\tpop / { n = 0; next } { n++ } END { print n - 1 }')
[ "$n" -le 2 ] ||
    fail "$n instructions between the road home's last pop and the jump into the Host's handler, not at most 2: the Switcher still works out the handler from the Host's gate at every interrupt"
echo "ok: $n instructions from the road home to the Host's handler"
