#!/bin/sh
# Exercise 7.6 (be the attacker): the Guest's hostile=consoleread makes an LHCALL_CONSOLE_READ of
# 4294967288 bytes at Guest-physical 0x10, a length that wraps round the top of the address
# space.  Asserts: the Launcher exits with status 1 and says
#     lguest: the Guest died: console read of 4294967288 bytes at 0x10 is outside the Guest
# and the Guest did not live to say "still alive after hostile=consoleread".

fail() { echo "FAIL: $*"; exit 1; }

out=$(/bin/lguest /guest/guest.elf -- hostile=consoleread </dev/null 2>&1)
status=$?
echo "$out" | tail -n 8
echo "$out" | grep -q 'still alive after hostile=consoleread' &&
    fail "the Guest survived hostile=consoleread (has the Guest such a misdeed, and does the Host check the read?)"
echo "$out" | grep -q '^lguest: the Guest died: console read of 4294967288 bytes at 0x10 is outside the Guest$' ||
    fail "no line 'lguest: the Guest died: console read of 4294967288 bytes at 0x10 is outside the Guest'"
[ "$status" -eq 1 ] || fail "status $status, not 1"
echo "ok: the Host killed the Guest for a console read that wraps round"
