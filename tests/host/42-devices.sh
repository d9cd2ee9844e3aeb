#!/bin/sh
# 42-devices: the virtio devices the Launcher serves.
#   entropy   two reads of 16 random bytes differ (and are not all zero)
#   block     a write the Guest flushed is in the Host's file even though the Guest is killed
#             right after the flush (write and flush ride in one notification); a second Guest
#             reads it back; so does the Host
#   batches   256 KiB written from 64 scattered pages in several requests per notification, a
#             flush behind them, read back the same, in 4 notifications; the Host's file agrees
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

big=/tmp/big.img
dd if=/dev/zero of=$big bs=512 count=1024 2>/dev/null
out=$(/bin/lguest --block $big /guest/guest.elf -- blkcheck=40 badcall 2>&1); echo "$out"
echo "$out" | grep -q '^Guest: wrote 256 KiB from sector 40: status 0, flush status 0; read back: status 0, 0 of 64 pages differ; 4 notifications$' ||
    fail "the batched write, flush and read-back went wrong"
echo "$out" | grep -q 'lguest: the Guest died' || fail "the Guest was not killed after the batches"
# The first byte of sector 40+8k is (7k+40) mod 256, and of the sector after it one more.
for k in 0 1 30 63; do
    for m in 0 7; do
        want=$(( (7 * k + 40 + m) % 256 ))
        got=$(dd if=$big bs=512 skip=$((40 + 8 * k + m)) count=1 2>/dev/null | od -An -tu1 -N1 | tr -d ' ')
        [ "$got" = "$want" ] || fail "sector $((40 + 8 * k + m)) of the Host's file starts with $got, not $want"
    done
done
[ "$(dd if=$big bs=512 skip=552 count=1 2>/dev/null | od -An -tu1 -N1 | tr -d ' ')" = 0 ] ||
    fail "the batches wrote past their 256 KiB"

before=$(md5sum <$disk)
out=$(/bin/lguest --block $disk --read-only /guest/guest.elf -- blkwrite=9 2>&1); echo "$out"
echo "$out" | grep -q '^Guest: wrote sector 9: status 1, flush status 0$' || fail "a read-only disk accepted a write"
[ "$(md5sum <$disk)" = "$before" ] || fail "the read-only disk's file changed"

out=$(/bin/lguest --block $disk /guest/guest.elf -- blkread=64 2>&1); echo "$out"
echo "$out" | grep -q '^Guest: read sector 64: status 1: ""' || fail "a read past the end did not fail cleanly"

out=$(/bin/lguest --block /tmp/no-such-disk /guest/guest.elf 2>&1); status=$?; echo "$out"
[ "$status" -ne 0 ] || fail "a missing block file did not fail"
echo "$out" | grep -q 'lguest: cannot open the block file /tmp/no-such-disk' || fail "the message does not name the file"
echo "ok: entropy, a flushed write survives a crash, batches out and back, read-only, out of range, bad file"
