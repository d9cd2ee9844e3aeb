#!/usr/bin/env bash
# tests/build/50-launcher-options.sh -- the Launcher's command line, checked on the build machine
# (the Launcher is a static 32-bit program, which this x86-64 kernel runs): every bad option or
# file gets one line naming it and a non-zero status, before the Launcher ever needs
# /dev/lguest; --help and --version succeed.
set -uo pipefail

L=${BUILD:-build}/bin/lguest
K=${BUILD:-build}/bin/guest.elf
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# expect STATUS TEXT ARGS...: run the Launcher with ARGS; its status must be STATUS (or, for
# "nonzero", anything but 0) and its output must contain TEXT.
expect() {
    local want=$1 text=$2 out status
    shift 2
    out=$("$L" "$@" 2>&1 </dev/null)
    status=$?
    if { [ "$want" = nonzero ] && [ "$status" -eq 0 ]; } ||
       { [ "$want" != nonzero ] && [ "$status" -ne "$want" ]; } ||
       ! grep -qF -- "$text" <<<"$out"; then
        echo "FAIL: lguest $*: status $status, said: $out"
        fail=1
    else
        echo "ok: lguest $*: status $status: $(head -n 1 <<<"$out")"
    fi
}

expect 2 "unrecognized option '--bogus'" --bogus "$K"
expect 2 "Usage: lguest" 
expect 0 "Usage: lguest" --help
expect 0 "lguest (the book's Launcher)" --version
expect nonzero "bad memory size 'lots'" --memory lots "$K"
expect nonzero "bad memory size '0'" --memory 0 "$K"
expect nonzero "bad memory size '4096'" --memory 4096 "$K"
expect nonzero "--read-only needs a disk" --read-only "$K"
expect nonzero "cannot open the block file $tmp/none" --block "$tmp/none" "$K"
expect nonzero "cannot open the block file $tmp: Is a directory" --block "$tmp" "$K"
# A disk of 2 GiB or more is a disk like any other (a 32-bit off_t once refused it with "Value
# too large for defined data type"): the Launcher gets past it, to /dev/lguest.
truncate -s 3G "$tmp/big.img"
expect nonzero "/dev/lguest" --block "$tmp/big.img" "$K"
expect nonzero "cannot open the Guest kernel $tmp/none" "$tmp/none"
expect nonzero "does not fit" --memory 1 "$K"
if [ ! -e /dev/lguest ]; then
    expect nonzero "load lg.ko first" "$K"
fi
exit $fail
