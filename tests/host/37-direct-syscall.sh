#!/bin/sh
# 37-direct-syscall: system calls from the Guest's programs go straight to the Guest kernel
# through the system-call gate the Host installs directly, without a trip to the Host: a
# program that makes 100000 system calls leaves the Guest far fewer than 100000 times.

fail() { echo "FAIL: $*"; exit 1; }

out=$(/bin/lguest --stats /guest/guest.elf -- run=syscalls 2>&1)
status=$?
echo "$out"
[ "$status" -eq 0 ] || fail "status $status"
echo "$out" | grep -q '^syscalls: 100000 getppid calls made$' || fail "the program did not finish"
trips=$(echo "$out" | sed -n 's/^lguest: the Guest came back to the Host \([0-9]*\) times$/\1/p')
[ -n "$trips" ] || fail "no --stats line"
[ "$trips" -lt 20000 ] || fail "$trips trips to the Host for 100000 system calls: they are not direct"
echo "ok: 100000 system calls, $trips trips to the Host in the whole run"
