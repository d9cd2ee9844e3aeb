#!/bin/sh
# Checker of Exercise 3.2 (Drivers): the block driver reads the device's feature bits, and does
# not send a read-only disk (VIRTIO_BLK_F_RO) a write it is bound to refuse.
# Asserted, with a disk of 64 sectors:
#   --read-only, blkwrite=9: the Guest says "Guest: wrote sector 9: status 1, flush status 0"
#       (the write failed with VIRTIO_BLK_S_IOERR; a flush with nothing written has nothing to
#       fail at, as tests/host/42-devices.sh expects), and lguest --stats prints no line
#       "lguest: device 2 (block): ..." (the block device had no notification at all: neither
#       the write nor a flush behind it went out); the file is unchanged;
#   --read-only, blkread=3: the read still works (status 0), and --stats shows the block device;
#   a writable disk, blkwrite=9: the write and its flush still succeed (status 0, flush status 0).

fail() { echo "FAIL: $*"; exit 1; }
disk=/tmp/ex32.img
dd if=/dev/zero of=$disk bs=512 count=64 2>/dev/null || fail "cannot make $disk"
before=$(md5sum <$disk)

out=$(/bin/lguest --stats --block $disk --read-only /guest/guest.elf -- blkwrite=9 </dev/null 2>&1)
echo "$out"
echo "$out" | grep -q '^Guest: wrote sector 9: status 1, flush status 0$' ||
    fail "a write to the read-only disk did not give 'status 1, flush status 0' (the write refused with VIRTIO_BLK_S_IOERR, the flush of nothing a success)"
echo "$out" | grep -q '^lguest: device 2 (block): ' &&
    fail "a write to a read-only disk still cost the block device a notification (the write, or a flush behind it): the driver should see VIRTIO_BLK_F_RO in its features and refuse without a trip"
[ "$(md5sum <$disk)" = "$before" ] || fail "the read-only disk's file changed"

out=$(/bin/lguest --stats --block $disk --read-only /guest/guest.elf -- blkread=3 </dev/null 2>&1)
echo "$out"
echo "$out" | grep -q '^Guest: read sector 3: status 0: ' || fail "a read of the read-only disk failed"
echo "$out" | grep -q '^lguest: device 2 (block): 1 notifications, 1 requests' ||
    fail "a read of the read-only disk did not reach the block device (no 'lguest: device 2 (block): 1 notifications, 1 requests')"

out=$(/bin/lguest --block $disk /guest/guest.elf -- blkwrite=9 </dev/null 2>&1)
echo "$out"
echo "$out" | grep -q '^Guest: wrote sector 9: status 0, flush status 0$' ||
    fail "a write and flush of a writable disk no longer succeed"
rm -f $disk
echo "ok: a read-only disk is not sent writes; reads and writable disks work as before"
