#!/bin/sh
# Exercise 2.1 (trap-names): a process the Guest kills is killed with the name of its exception
# and the status of the signal Linux would send.  Asserts:
#   run=illegal  (a new user program that executes ud2) makes the Guest print
#                  Guest: invalid opcode: process N (illegal) killed: trap 6 at eip X, error code 0
#                and power off with status 132 (128 + SIGILL);
#   run=crash    still ends with status 139 (128 + SIGSEGV), with the line
#                  Guest: page fault: process N (crash) killed: trap 14 at eip X, address 0
#   run=sh       with `help` lists illegal with a description (as 39-shell asks of every program).

fail() { echo "FAIL: $*"; exit 1; }

run() {  # run WORDS...: the Guest's output in $out, the Launcher's status in $status
    out=$(/bin/lguest /guest/guest.elf -- "$@" 2>&1 </dev/null)
    status=$?
    echo "--- lguest /guest/guest.elf -- $* (status $status)"
    echo "$out"
}

run run=illegal
echo "$out" | grep -q "no program called 'illegal'" && fail "there is no user program called illegal"
echo "$out" | grep -qE '^Guest: invalid opcode: process [0-9]+ \(illegal\) killed: trap 6 at eip [0-9a-f]+, error code 0$' ||
    fail "no line 'Guest: invalid opcode: process N (illegal) killed: trap 6 at eip X, error code 0'"
[ "$status" -eq 132 ] || fail "the Guest's status was $status, not 132 (128 + SIGILL)"

run run=crash
echo "$out" | grep -qE '^Guest: page fault: process [0-9]+ \(crash\) killed: trap 14 at eip [0-9a-f]+, address 0$' ||
    fail "no line 'Guest: page fault: process N (crash) killed: trap 14 at eip X, address 0'"
[ "$status" -eq 139 ] || fail "the Guest's status was $status, not 139 (128 + SIGSEGV)"

out=$(printf 'help\nexit 0\n' | /bin/lguest /guest/guest.elf -- run=sh 2>&1)
echo "--- help in the shell"
echo "$out"
echo "$out" | grep -qE '^(guest\$ )?  illegal +[^ ?]' || fail "the shell's help does not describe illegal"
echo "ok: killed processes are killed by name, with their signal's status"
