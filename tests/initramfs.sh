#!/usr/bin/env bash
# tests/initramfs.sh -- build the Host's initramfs for the QEMU tests and `make run`.
#
# The Host is Debian's stock i386 kernel booted by QEMU (tests/qemu.sh); it has no disk, so
# everything it runs comes from this initramfs (a gzip'd newc cpio archive):
#
#   /init              tests/host-init.sh: mounts, runs the tests or a shell, powers off
#   /bin/busybox       static i386 busybox; /bin/sh links to it, the other applet links are
#                      made by /init at boot (`busybox --install -s`)
#   /lg.ko             the Host module                      (build/bin/lg.ko)
#   /bin/lguest        the Launcher                          (build/bin/lguest)
#   /guest/guest.elf   the demo/test Guest kernel            (build/bin/guest.elf)
#   /bin/native-bench  the native side of `make bench`       (build/bin/native-bench, from
#                      tests/bench/native.c; only when it has been built)
#   /bin/devfuzz       the /dev/lguest fuzzer                (build/bin/devfuzz, from
#                      tests/fuzz/devfuzz.c; only when it has been built)
#   /bin/fuzz-guest    the Guest fuzzer's driver             (tests/fuzz/guest.sh)
#   /bin/host-state    the Host's health, before and after   (tests/fuzz/host-state.sh)
#   /tun.ko            the kernel's TAP driver, for the Guest's network card
#                      (build/kernel/modules/kernel/drivers/net/tun.ko, from the kernel package)
#   /llc.ko /stp.ko /bridge.ko  the kernel's Ethernet bridge and what it needs, to join two
#                      Guests' TAP devices (from the same package)
#   /bin/<tool>        the Host-side test tools              (build/bin/tools/*, from
#                      tests/tools/*.c; whichever have been built)
#   /tests/*.sh        the in-Host tests                     (tests/host/*.sh)
#   /tests/data/elf64  a small x86-64 ELF program from the build machine, for the test that
#                      feeds the Launcher a kernel of the wrong architecture
#
# Usage:  tests/initramfs.sh [--add SRC=DEST]... OUT.cpio.gz
#   --add SRC=DEST   also put file SRC at /DEST in the archive (e.g. a second module later)
# Environment (defaults in brackets; override to try the harness with stand-ins):
#   BUILD [<repo>/build]   LG_KO [$BUILD/bin/lg.ko]   LGUEST [$BUILD/bin/lguest]
#   GUEST_ELF [$BUILD/bin/guest.elf]   BUSYBOX [$BUILD/kernel/busybox]   ELF64 [/usr/bin/true]
#   NATIVE_BENCH [$BUILD/bin/native-bench]  (optional: left out when the file does not exist)
#   DEVFUZZ [$BUILD/bin/devfuzz]            (optional, likewise)
#   LG_TESTS ['']  names or shell patterns of the in-Host tests to pack (e.g. '38-hostile 3*');
#                  empty packs every tests/host/*.sh
#   LG_HOST_TESTS [<repo>/tests/host]  where the in-Host tests come from (the exercises' checkers
#                  are in exercises/checks/host)

set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$REPO/build}
LG_KO=${LG_KO:-$BUILD/bin/lg.ko}
LGUEST=${LGUEST:-$BUILD/bin/lguest}
GUEST_ELF=${GUEST_ELF:-$BUILD/bin/guest.elf}
BUSYBOX=${BUSYBOX:-$BUILD/kernel/busybox}
ELF64=${ELF64:-/usr/bin/true}
NATIVE_BENCH=${NATIVE_BENCH:-$BUILD/bin/native-bench}
DEVFUZZ=${DEVFUZZ:-$BUILD/bin/devfuzz}
TUN_KO=${TUN_KO:-$BUILD/kernel/modules/kernel/drivers/net/tun.ko}

die() { printf 'initramfs: error: %s\n' "$*" >&2; exit 1; }

# --- arguments ------------------------------------------------------------------------------
extras=()
while [ $# -gt 0 ]; do
    case $1 in
        --add)   [ $# -ge 2 ] || die "--add needs SRC=DEST"; extras+=("$2"); shift 2 ;;
        --add=*) extras+=("${1#--add=}"); shift ;;
        -h|--help) sed -n '2,/^$/p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*)      die "unknown option $1" ;;
        *)       break ;;
    esac
done
[ $# -eq 1 ] || die "usage: $0 [--add SRC=DEST]... OUT.cpio.gz"
OUT=$1

# --- inputs must exist ----------------------------------------------------------------------
command -v cpio >/dev/null || die "cpio is not installed (apt-get install cpio)"
[ -x "$BUSYBOX" ] || die "no busybox at $BUSYBOX (run 'make deps', i.e. tests/host-kernel.sh build)"
for f in "$LG_KO" "$LGUEST" "$GUEST_ELF"; do
    [ -f "$f" ] || die "missing artifact $f (build it first: make)"
done
case $(file -b "$ELF64") in
    *"ELF 64-bit"*x86-64*) ;;
    *) die "$ELF64 is not an x86-64 ELF file; set ELF64= to one" ;;
esac

# --- lay the tree out in a temporary directory ----------------------------------------------
stage=$(mktemp -d "${TMPDIR:-/tmp}/lg-initramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT

mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,root,etc,guest,tests/data}
install -m 0755 "$BUSYBOX"                "$stage/bin/busybox"
ln -s busybox                             "$stage/bin/sh"
install -m 0755 "$REPO/tests/host-init.sh" "$stage/init"
install -m 0644 "$LG_KO"                  "$stage/lg.ko"
install -m 0755 "$LGUEST"                 "$stage/bin/lguest"
install -m 0644 "$GUEST_ELF"              "$stage/guest/guest.elf"
install -m 0755 "$ELF64"                  "$stage/tests/data/elf64"
MODS=$(dirname "$TUN_KO")/../..
for m in "$TUN_KO" "$MODS/net/llc/llc.ko" "$MODS/net/802/stp.ko" "$MODS/net/bridge/bridge.ko"; do
    [ -f "$m" ] || die "no $m: run make deps (tests/host-kernel.sh)"
    install -m 0644 "$m" "$stage/$(basename "$m")"
done
for t in "$BUILD"/bin/tools/*; do
    [ -f "$t" ] && install -m 0755 "$t" "$stage/bin/$(basename "$t")"
done
if [ -f "$NATIVE_BENCH" ]; then
    install -m 0755 "$NATIVE_BENCH"       "$stage/bin/native-bench"
fi
# The fuzzers (tests/fuzz/): /dev/lguest's, when built, and the Guest fuzzer's driver.
if [ -f "$DEVFUZZ" ]; then
    install -m 0755 "$DEVFUZZ"            "$stage/bin/devfuzz"
fi
install -m 0755 "$REPO/tests/fuzz/guest.sh" "$stage/bin/fuzz-guest"
install -m 0755 "$REPO/tests/fuzz/host-state.sh" "$stage/bin/host-state"
# wanted NAME: is tests/host/NAME.sh among the tests asked for (all when LG_TESTS is empty)?
wanted() {
    local p
    local -
    set -f                 # the patterns are for [[ == ]], not for the files of the cwd
    [ -z "${LG_TESTS:-}" ] && return 0
    for p in $LG_TESTS; do
        # shellcheck disable=SC2053  # a pattern on purpose
        [[ $1 == $p || host/$1 == $p ]] && return 0
    done
    return 1
}
for t in "${LG_HOST_TESTS:-$REPO/tests/host}"/*.sh; do
    [ -e "$t" ] || continue
    wanted "$(basename "$t" .sh)" || continue
    install -m 0755 "$t" "$stage/tests/$(basename "$t")"
done
for e in ${extras[@]+"${extras[@]}"}; do
    src=${e%%=*} dest=${e#*=}
    if [ "$src" = "$e" ] || [ -z "$dest" ]; then die "--add wants SRC=DEST, got '$e'"; fi
    [ -f "$src" ] || die "--add: no file $src"
    mkdir -p "$stage/$(dirname "/$dest")"
    cp -p "$src" "$stage/${dest#/}"
done
# A minimal /etc so that busybox tools that look for users or a hostname are content.
echo 'root:x:0:0:root:/root:/bin/sh' >"$stage/etc/passwd"
echo 'root:x:0:'                     >"$stage/etc/group"
echo 'lghost'                        >"$stage/etc/hostname"

# --- pack -------------------------------------------------------------------------------------
# newc is the format the kernel unpacks; owner root for everything; sorted for reproducibility.
mkdir -p "$(dirname "$OUT")"
tmpout=$OUT.tmp.$$
(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort |
    cpio --quiet -o -H newc --owner=0:0 --reproducible) | gzip -9n >"$tmpout"
mv -f "$tmpout" "$OUT"
printf 'initramfs: wrote %s (%s bytes)\n' "$OUT" "$(stat -c %s "$OUT")"
