#!/usr/bin/env bash
# tests/build/40-kernel-style.sh -- the Host module's sources follow the Linux kernel's coding
# style: the kernel's own scripts/checkpatch.pl (from Debian's linux-source-6.1, which `make deps`
# installs) reports no error and no warning on any file of lg.ko.  The files are tangled without
# #line directives for this, so that checkpatch sees them as a kernel developer would.
set -euo pipefail

fail() { echo "FAIL: $*"; exit 1; }
BUILD=${BUILD:-build}
cache=$BUILD/cache/checkpatch
tarball=$(ls /usr/src/linux-source-6.1.tar.* 2>/dev/null | head -n 1 || true)
[ -n "$tarball" ] || fail "no /usr/src/linux-source-6.1.tar.*: apt-get install linux-source-6.1"
if [ ! -f "$cache/scripts/checkpatch.pl" ] || [ "$tarball" -nt "$cache/scripts/checkpatch.pl" ]; then
    rm -rf "$cache" && mkdir -p "$cache"
    tar -xf "$tarball" -C "$cache" --strip-components=1 \
        linux-source-6.1/scripts/checkpatch.pl linux-source-6.1/scripts/spelling.txt \
        linux-source-6.1/scripts/const_structs.checkpatch
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
roots=$(sed -n '/^table=/,/^'"'"'$/p' tangle.sh | awk '$1 ~ /^host\/.*\.[chS]$/ { print $1 }')
[ -n "$roots" ] || fail "no host/*.c, *.h or *.S files in tangle.sh's table"
status=0
for r in $roots; do
    f=$tmp/$(basename "$r")
    notangle -t8 -R"$r" chapters/*.nw >"$f"
    if out=$(perl "$cache/scripts/checkpatch.pl" --no-tree --file --terse --show-types "$f" 2>&1 |
             grep -E ': (ERROR|WARNING|CHECK):' | sed "s|$tmp/|host/|"); then
        echo "$out"
        status=1
    else
        echo "ok: $r"
    fi
done
[ $status -eq 0 ] || fail "checkpatch.pl found the problems above"
