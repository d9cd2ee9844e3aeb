#!/bin/sh
# Exercise 7.4 (arguments for programs): the shell passes a command line's words to the program
# it names, and a new program, echo, prints its arguments separated by single spaces on one
# line.  Gives a Guest running run=sh the lines "echo one two  three", "hello x" and "exit 7";
# asserts a line "one two three" (after the shell's prompt, if any), hello's line, and status 7.

fail() { echo "FAIL: $*"; exit 1; }

out=$(printf 'echo one two  three\nhello x\nexit 7\n' | /bin/lguest /guest/guest.elf -- run=sh 2>&1)
status=$?
echo "$out"
echo "$out" | grep -q 'echo.*no such program' && fail "there is no program called echo"
echo "$out" | grep -qE '(^|\$ )one two three$' || fail "no line 'one two three' from 'echo one two  three'"
echo "$out" | grep -qE '(^|\$ )hello: pid [0-9]* running in ring 3$' || fail "'hello x' did not run hello"
[ "$status" -eq 7 ] || fail "status $status, not 7 from 'exit 7'"
echo "ok: echo printed its arguments, hello ran with one, exit 7"
