#!/usr/bin/env bash
# Checker of Exercise 4.1 (Launcher): the Launcher refuses a block file that is not a whole,
# non-zero number of 512-byte sectors.  Run on the build machine (the Launcher is a static
# 32-bit program this kernel runs), like tests/build/50-launcher-options.sh.
# Asserted, for a file of 1000 bytes, one of 513 bytes and an empty one, with and without
# --read-only: a non-zero exit status, a message that names the file and says "sector", given
# before the Launcher ever tries /dev/lguest (the message does not mention it); and for files
# of 512 bytes and of 64 sectors, no such complaint: the Launcher gets as far as /dev/lguest.
set -uo pipefail

L=${BUILD:-build}/bin/lguest
K=${BUILD:-build}/bin/guest.elf
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
[ -x "$L" ] && [ -f "$K" ] || fail "no $L or $K: build them first"

truncate -s 1000 "$tmp/odd.img"
truncate -s 513 "$tmp/just-over.img"
: >"$tmp/empty.img"
truncate -s 512 "$tmp/one.img"
truncate -s 32768 "$tmp/good.img"

for f in odd just-over empty; do
    for ro in "" --read-only; do
        out=$("$L" --block "$tmp/$f.img" $ro "$K" 2>&1 </dev/null)
        status=$?
        echo "lguest --block $tmp/$f.img $ro: status $status: $out"
        [ "$status" -ne 0 ] || fail "the block file $f.img ($(stat -c %s "$tmp/$f.img") bytes) was accepted with status 0"
        if grep -q '/dev/lguest' <<<"$out" || ! grep -qF "$tmp/$f.img" <<<"$out"; then
            fail "the block file $f.img ($(stat -c %s "$tmp/$f.img") bytes) is not a whole, non-zero number of 512-byte sectors, and the Launcher did not refuse it with a message naming it (it went on to /dev/lguest)"
        fi
        grep -qi 'sector' <<<"$out" || fail "the message about $f.img does not say 'sector'"
    done
done

if [ ! -e /dev/lguest ]; then
    for f in one good; do
        out=$("$L" --block "$tmp/$f.img" "$K" 2>&1 </dev/null)
        echo "lguest --block $tmp/$f.img: $out"
        grep -q '/dev/lguest' <<<"$out" ||
            fail "the block file $f.img ($(stat -c %s "$tmp/$f.img") bytes, whole sectors) was refused: $out"
    done
fi
echo "ok: block files of partial sectors, or none, are refused by name; whole sectors are taken"
