#!/bin/sh
# 39-shell: the Guest's shell reads commands the Launcher takes from its standard input (here a
# pipe), runs the programs they name, lists the programs on `help` one a line with a few words
# on each, reports a name that is no
# program, and powers the Guest off with the status `exit N` gives; at the end of the input it
# exits with 0.

fail() { echo "FAIL: $*"; exit 1; }

out=$(printf 'hello\nhelp\nnosuch\nexit 5\n' | /bin/lguest /guest/guest.elf -- run=sh 2>&1)
status=$?
echo "$out"
echo "$out" | grep -q 'hello: pid [0-9]* running in ring 3' || fail "hello did not run"
for p in hello faults crash fpu tls busy bench yielder syscalls sh count true; do
    echo "$out" | grep -qE "^(guest\\$ )?  $p +[a-z]" || fail "help did not list $p with a description"
done
echo "$out" | grep -qE '^(guest\$ )?  [a-z]+ +\?$' && fail "help has a program with no description"
echo "$out" | grep -q 'sh: nosuch: no such program' || fail "no complaint about nosuch"
[ "$status" -eq 5 ] || fail "status $status, not the 5 of 'exit 5'"

out=$(printf 'hello\n' | /bin/lguest /guest/guest.elf -- run=sh 2>&1)
status=$?
echo "$out"
[ "$status" -eq 0 ] || fail "at the end of the input: status $status, not 0"
echo "$out" | grep -q 'hello: pid' || fail "hello did not run the second time"
echo "ok: the shell ran programs from piped input and powered off with their status"
