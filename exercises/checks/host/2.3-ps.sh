#!/bin/sh
# Exercise 2.3 (ps): a system call that tells a process about the others, and a user program ps
# that lists them, one line each: "ps: PID PARENT STATE NAME", STATE one of runnable, running,
# zombie, and no line for an empty slot of the process table.  Asserts:
#   run=true,ps  prints exactly the two lines "ps: 1 0 zombie true" (true has exited, and
#                nobody has collected its status yet) and "ps: 2 0 running ps";
#   run=sh       given "ps" and "exit 0", prints "ps: 1 0 runnable sh" (the shell, waiting for
#                its child) and "ps: 2 1 running ps";
# and that the shell's help describes ps (as 39-shell asks of every program).

fail() { echo "FAIL: $*"; exit 1; }

out=$(/bin/lguest /guest/guest.elf -- run=true,ps 2>&1 </dev/null)
status=$?
echo "--- lguest /guest/guest.elf -- run=true,ps (status $status)"
echo "$out"
echo "$out" | grep -q "no program called 'ps'" && fail "there is no user program called ps"
echo "$out" | grep -q '^ps: 1 0 zombie true$' || fail "no line 'ps: 1 0 zombie true'"
echo "$out" | grep -q '^ps: 2 0 running ps$' || fail "no line 'ps: 2 0 running ps'"
[ "$(echo "$out" | grep -c '^ps: ')" -eq 2 ] || fail "ps should list two processes, no more"
[ "$status" -eq 0 ] || fail "the Guest's status was $status, not 0"

out=$(printf 'ps\nhelp\nexit 0\n' | /bin/lguest /guest/guest.elf -- run=sh 2>&1)
status=$?
echo "--- ps and help in the shell (status $status)"
echo "$out"
echo "$out" | grep -qE '^(guest\$ )?ps: 1 0 runnable sh$' || fail "no line 'ps: 1 0 runnable sh'"
echo "$out" | grep -qE '^(guest\$ )?ps: 2 1 running ps$' || fail "no line 'ps: 2 1 running ps'"
echo "$out" | grep -qE '^(guest\$ )?  ps +[^ ?]' || fail "the shell's help does not describe ps"
[ "$status" -eq 0 ] || fail "the Guest's status was $status, not 0"
echo "ok: ps lists the processes with their parents and states"
