#!/bin/sh
# Checker of Exercise 3.3 (Drivers): a disk has a name, and the Guest asks for it with a
# request of virtio's type VIRTIO_BLK_T_GET_ID (8), which the Launcher serves.
# With the word `blkid` on its command line, the Guest prints
#   Guest: disk id "NAME"
# where NAME is the last part of the --block file's name, cut to 20 bytes (virtio's
# VIRTIO_BLK_ID_BYTES; a name of exactly 20 bytes comes with no zero after it).  Asserted for
# /tmp/ex33.img (NAME ex33.img), for a name longer than 20 bytes (its first 20), for a name of
# exactly 20 bytes, on a --read-only disk too; and the disk still reads and writes.

fail() { echo "FAIL: $*"; exit 1; }
mkdir -p /tmp/ex33 || fail "cannot make /tmp/ex33"

# try FILE WANT [OPTIONS]: a Guest with FILE as its disk must print Guest: disk id "WANT".
try() {
    file=$1 want=$2
    shift 2
    dd if=/dev/zero of="$file" bs=512 count=16 2>/dev/null || fail "cannot make $file"
    out=$(/bin/lguest --block "$file" "$@" /guest/guest.elf -- blkid </dev/null 2>&1); status=$?
    echo "$out"
    echo "$out" | grep -q '^Guest: disk id' ||
        fail "no 'Guest: disk id ...' line: the Guest does not ask for its disk's name for the word 'blkid'"
    echo "$out" | grep -qxF "Guest: disk id \"$want\"" ||
        fail "for the disk $file${*:+ ($*)}, no line 'Guest: disk id \"$want\"'"
    [ "$status" -eq 0 ] || fail "the Guest asking for the name of $file exited with status $status"
    rm -f "$file"
}

try /tmp/ex33/ex33.img ex33.img
try /tmp/ex33/a-disk-with-a-rather-long-name.img a-disk-with-a-rather
try /tmp/ex33/twenty-bytes-exactly twenty-bytes-exactly
try /tmp/ex33/ro.img ro.img --read-only

disk=/tmp/ex33/rw.img
dd if=/dev/zero of=$disk bs=512 count=16 2>/dev/null
out=$(/bin/lguest --block $disk /guest/guest.elf -- blkwrite=5 blkid </dev/null 2>&1); echo "$out"
echo "$out" | grep -q '^Guest: wrote sector 5: status 0, flush status 0$' || fail "a write beside the name failed"
out=$(/bin/lguest --block $disk /guest/guest.elf -- blkread=5 </dev/null 2>&1); echo "$out"
echo "$out" | grep -q '^Guest: read sector 5: status 0: "lguest block test: sector 5"' || fail "the sector did not read back"
rm -rf /tmp/ex33
echo "ok: the Guest asks its disk for its name and gets the file's, cut to 20 bytes"
