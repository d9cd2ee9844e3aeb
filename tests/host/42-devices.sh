#!/bin/sh
# 42-devices: the virtio devices the Launcher serves.
#   entropy   two reads of 16 random bytes differ (and are not all zero)
#   block     a write the Guest flushed is in the Host's file even though the Guest is killed
#             right after the flush; a second Guest reads it back; so does the Host
#   read-only --read-only makes a write fail with an error status, and leaves the file alone
#   range     a read past the end of the disk gets an error status, not a crash
#   bad file  a missing block file gets one line naming it and a non-zero status

fail() { echo "FAIL: $*"; exit 1; }
disk=/tmp/disk.img
dd if=/dev/zero of=$disk bs=512 count=64 2>/dev/null

out=$(/bin/lguest /guest/guest.elf -- random=16 2>&1); echo "$out"
set -- $(echo "$out" | sed -n 's/^Guest: random \([0-9a-f]*\)$/\1/p')
[ $# -eq 2 ] || fail "no two lines of random bytes"
[ "$1" != "$2" ] || fail "two reads of the entropy device gave the same bytes"
[ "$1" != 00000000000000000000000000000000 ] || fail "the random bytes are zeros"

out=$(/bin/lguest --block $disk /guest/guest.elf -- blkwrite=7 badcall 2>&1); status=$?; echo "$out"
echo "$out" | grep -q '^Guest: wrote sector 7: status 0, flush status 0$' || fail "the write or the flush failed"
echo "$out" | grep -q 'lguest: the Guest died' || fail "the Guest was not killed after the flush"
[ "$status" -ne 0 ] || fail "the killed Guest's Launcher exited with 0"
host=$(dd if=$disk bs=512 skip=7 count=1 2>/dev/null | head -n 1)
[ "$host" = "lguest block test: sector 7" ] || fail "the Host's file has '$host' in sector 7"
out=$(/bin/lguest --block $disk /guest/guest.elf -- blkread=7 2>&1); echo "$out"
echo "$out" | grep -q '^Guest: read sector 7: status 0: "lguest block test: sector 7" (disk of 64 sectors; [0-9]* device interrupts)$' ||
    fail "a second Guest did not read the sector back"

before=$(md5sum <$disk)
out=$(/bin/lguest --block $disk --read-only /guest/guest.elf -- blkwrite=9 2>&1); echo "$out"
echo "$out" | grep -q '^Guest: wrote sector 9: status 1, flush status 0$' || fail "a read-only disk accepted a write"
[ "$(md5sum <$disk)" = "$before" ] || fail "the read-only disk's file changed"

out=$(/bin/lguest --block $disk /guest/guest.elf -- blkread=64 2>&1); echo "$out"
echo "$out" | grep -q '^Guest: read sector 64: status 1: ""' || fail "a read past the end did not fail cleanly"

out=$(/bin/lguest --block /tmp/no-such-disk /guest/guest.elf 2>&1); status=$?; echo "$out"
[ "$status" -ne 0 ] || fail "a missing block file did not fail"
echo "$out" | grep -q 'lguest: cannot open the block file /tmp/no-such-disk' || fail "the message does not name the file"
echo "ok: entropy, a flushed write survives a crash, read-only, out of range, bad file"
