#!/bin/sh
# 41-terminal: the Guest's shell on a terminal (tests/tools/lgpty.c gives the Launcher a
# pseudo-terminal and types at it), as `make run` has it: the Launcher puts the terminal in raw
# mode, so Ctrl-D reaches the Guest as the byte 0x04, and the Guest makes it the end of the
# input, as a terminal's line discipline would.
#   - `count`, then "abc" and Ctrl-D: count ends and says 3 bytes, sum 294 (97 + 98 + 99);
#   - the shell reads on after that Ctrl-D: `syscalls` runs and exits with status 0, so the
#     shell reports no failure;
#   - Ctrl-D at the prompt ends the shell, and the Guest powers off with status 0.

fail() { echo "FAIL: $*"; exit 1; }

ctrl_d=$(printf '\004')
lgpty 'guest$ ' "$(printf 'count\r')" 'count' "abc$ctrl_d" \
    'guest$ ' "$(printf 'syscalls\r')" 'getppid calls made' '' \
    'guest$ ' "$ctrl_d" -- /bin/lguest /guest/guest.elf -- run=sh >/tmp/terminal.out 2>&1
status=$?
out=$(cat /tmp/terminal.out)
echo "$out"
echo "$out" | grep -q 'count: 3 bytes, sum 294' || fail "Ctrl-D did not end count's input after 'abc'"
echo "$out" | grep -q 'syscalls: 100000 getppid calls made' ||
    fail "the shell did not read on after the Ctrl-D that ended count"
echo "$out" | grep -q 'sh: syscalls exited with status' && fail "syscalls reported a failure"
[ "$status" -eq 0 ] || fail "Ctrl-D at the prompt: the Guest's status was $status, not 0"
echo "ok: Ctrl-D ends a program's input and the shell's, on a terminal"
