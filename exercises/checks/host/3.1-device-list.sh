#!/bin/sh
# Checker of Exercise 3.1 (Drivers): the Guest reads its device page aloud.
# With the word `devices` on its command line, the Guest prints one line per device of the
# device page, in the page's order:
#   Guest: device I: NAME, line L, queues Q, features 0xF
# NAME one of entropy, console, block, network; F in hexadecimal; and for a disk the line goes
# on with ", capacity S sectors".  Asserted for a Guest given a read-only disk of 64 sectors:
#   Guest: device 0: entropy, line 1, queues 1, features 0x0
#   Guest: device 1: console, line 2, queues 2, features 0x0
#   Guest: device 2: block, line 3, queues 1, features 0x20, capacity 64 sectors
# and, for a writable disk of 16 sectors, the block line with features 0x0 and 16 sectors;
# and nothing of the kind without the word.

fail() { echo "FAIL: $*"; exit 1; }
disk=/tmp/ex31.img
dd if=/dev/zero of=$disk bs=512 count=64 2>/dev/null || fail "cannot make $disk"

out=$(/bin/lguest --block $disk --read-only /guest/guest.elf -- devices </dev/null 2>&1); status=$?
echo "$out"
[ "$status" -eq 0 ] || fail "the Guest with 'devices' exited with status $status"
echo "$out" | grep -q '^Guest: device ' ||
    fail "no 'Guest: device ...' line: the Guest does not list its devices for the word 'devices'"
echo "$out" | grep -qx 'Guest: device 0: entropy, line 1, queues 1, features 0x0' ||
    fail "no line 'Guest: device 0: entropy, line 1, queues 1, features 0x0'"
echo "$out" | grep -qx 'Guest: device 1: console, line 2, queues 2, features 0x0' ||
    fail "no line 'Guest: device 1: console, line 2, queues 2, features 0x0'"
echo "$out" | grep -qx 'Guest: device 2: block, line 3, queues 1, features 0x20, capacity 64 sectors' ||
    fail "no line 'Guest: device 2: block, line 3, queues 1, features 0x20, capacity 64 sectors' (the read-only disk's features and capacity)"
[ "$(echo "$out" | grep -c '^Guest: device ')" -eq 3 ] || fail "not exactly three device lines for three devices"

dd if=/dev/zero of=$disk bs=512 count=16 2>/dev/null
out=$(/bin/lguest --block $disk /guest/guest.elf -- devices </dev/null 2>&1); echo "$out"
echo "$out" | grep -qx 'Guest: device 2: block, line 3, queues 1, features 0x0, capacity 16 sectors' ||
    fail "for a writable disk of 16 sectors, no line 'Guest: device 2: block, line 3, queues 1, features 0x0, capacity 16 sectors'"

out=$(/bin/lguest /guest/guest.elf </dev/null 2>&1); echo "$out"
echo "$out" | grep -q '^Guest: device ' && fail "the Guest lists its devices without being asked"
rm -f $disk
echo "ok: the Guest lists its device page: types, lines, queues, features, a disk's capacity"
