#!/bin/sh
# 46-shell-devices: the Guest's shell uses the devices: `write` puts a line in a sector of the
# disk (and flushes), `read` reads it back, in a second Guest too, and the Host's file has it;
# `random` prints random bytes (two runs differ); `net` reports the network card's address.

fail() { echo "FAIL: $*"; exit 1; }
disk=/tmp/shell-disk.img
dd if=/dev/zero of=$disk bs=512 count=16 2>/dev/null

out=$(printf 'write 2 written from the shell\nread 2\nrandom\nrandom\nexit 0\n' |
      /bin/lguest --block $disk /guest/guest.elf -- run=sh 2>&1)
status=$?
echo "$out"
[ "$status" -eq 0 ] || fail "status $status"
echo "$out" | grep -q 'guest\$ written from the shell$' || fail "read did not give back what write wrote"
set -- $(echo "$out" | sed -n 's/^guest\$ \([0-9a-f]\{32\}\)$/\1/p')
[ $# -eq 2 ] && [ "$1" != "$2" ] || fail "random did not print two different lines of 16 bytes"
[ "$(dd if=$disk bs=512 skip=2 count=1 2>/dev/null | head -n 1)" = "written from the shell" ] ||
    fail "the Host's file does not have the line"
out=$(printf 'read 2\nread 99\n' | /bin/lguest --block $disk /guest/guest.elf -- run=sh 2>&1)
echo "$out"
echo "$out" | grep -q '^guest\$ written from the shell$' || fail "a second Guest did not read the line"
echo "$out" | grep -q 'sh: read sector 99: status 1' || fail "reading past the end did not fail cleanly"

lsmod | grep -q '^tun ' || insmod /tun.ko || fail "cannot load tun.ko"
# The card's address ends in three random bytes; an earlier Launcher put its process number
# there (2 + pid mod 128, after two zero bytes), which told the Guest about the Host.
out=$(printf 'net\n' | sh -c 'echo "launcher pid $$"; exec /bin/lguest --tap tap5 /guest/guest.elf -- ip=10.0.5.2 run=sh' 2>&1)
echo "$out"
echo "$out" | grep -q 'network card 2:6c:67:[0-9a-f]*:[0-9a-f]*:[0-9a-f]*, address 10.0.5.2' || fail "net did not report the card"
pid=$(echo "$out" | sed -n 's/^launcher pid //p')
pidmac=$(printf '2:6c:67:0:0:%x' $((2 + (pid & 127))))
echo "$out" | grep -q "network card $pidmac," && fail "the card's address $pidmac carries the Launcher's process number $pid"
echo "ok: the shell wrote, flushed and read the disk, printed random bytes and showed the network card"
