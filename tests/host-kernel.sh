#!/usr/bin/env bash
# tests/host-kernel.sh -- fetch and unpack the Host kernel the book's code runs on.
#
# The hypervisor is a module for Debian 12's stock 32-bit kernel (linux-image-686), which we
# boot under QEMU for the tests.  This script gets everything needed for that WITHOUT
# installing anything into the build machine's system:
#
#   * `apt-get download` the .deb files into build/cache/debs/ (a cache that survives
#     `make clean`: only `rm -rf build/cache` throws it away);
#   * `dpkg-deb -x` them into a private root, build/kernel/root/;
#   * repair the two things in the headers package that assume it lives under /usr/src;
#   * publish stable names that the Makefile and the test harness use:
#
#       build/kernel/vmlinuz   the Host kernel image to boot            (symlink)
#       build/kernel/KDIR      one line: absolute path of the headers   (text file)
#                              usable as `make -C "$(cat build/kernel/KDIR)" M=... modules`
#       build/kernel/modules   the image's lib/modules/<version>/       (symlink; tun.ko etc.)
#       build/kernel/busybox   a static i386 busybox for the initramfs  (copy)
#       build/kernel/VERSION   one line: the kernel release, e.g. 6.1.0-50-686
#
#     (busybox-static is unpacked in build/kernel/busybox-root/, since build/kernel/busybox
#     is the binary itself.)
#
# Package names are resolved at run time from the metapackages linux-image-686:i386 and
# linux-headers-686:i386: the Debian ABI number (6.1.0-NN) moves with every kernel update.
#
# Usage:  tests/host-kernel.sh [build]    fetch/extract/fix up if needed, then verify (default)
#         tests/host-kernel.sh verify     only build a throw-away module against KDIR
#         tests/host-kernel.sh symbols    also fetch the Host kernel's debugging symbols
#                                         (build/kernel/vmlinux; about 760 MB to download)
#         tests/host-kernel.sh print      print what the metapackages resolve to, change nothing
#
# Idempotent: a stamp file (build/kernel/.stamp) records the package versions and the path the
# tree was fixed up for; when it matches, `build` returns in about a second.
# Environment: BUILD (default: <repo>/build).

set -euo pipefail

# ---------------------------------------------------------------------------------------------
# Where things go.
# ---------------------------------------------------------------------------------------------
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$REPO/build}
mkdir -p "$BUILD"
BUILD=$(cd "$BUILD" && pwd)            # absolute: KDIR and the Makefile fix-up need it
CACHE=$BUILD/cache/debs                # downloaded .deb files, kept across `make clean`
KOUT=$BUILD/kernel                     # everything extracted and published
ROOT=$KOUT/root                        # the private root the kernel packages unpack into
BBROOT=$KOUT/busybox-root              # where busybox-static unpacks
STAMP=$KOUT/.stamp

say()  { printf 'host-kernel: %s\n' "$*"; }
die()  { printf 'host-kernel: error: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# Talking to apt.  All of these only read apt's package lists; nothing is installed.
# ---------------------------------------------------------------------------------------------

# candidate PKG -> the version apt would pick for PKG (empty if PKG is unknown)
candidate() {
    apt-cache policy "$1" 2>/dev/null | awk '$1 == "Candidate:" && $2 != "(none)" { print $2 }'
}

# field PKG VERSION FIELD -> the value of one control field of one exact version
field() {
    apt-cache show "$1=$2" 2>/dev/null |
        awk -v f="$3:" '$1 == f { sub(/^[^:]*: */, ""); print; exit }'
}

# depends_names PKG VERSION -> the package names in its Depends field, one a line
# ("a (>= 1), b | c" gives a, b, c; architecture qualifiers are dropped)
depends_names() {
    field "$1" "$2" Depends | tr ',|' '\n' |
        sed -e 's/([^)]*)//g' -e 's/:[a-z0-9]*//' -e 's/[[:space:]]//g' | sed '/^$/d'
}

# all_versions PKG -> every version of PKG that apt knows about, one a line
all_versions() {
    apt-cache madison "$1" 2>/dev/null | awk -F'|' '{ gsub(/ /, "", $2); print $2 }' | sort -u
}

# Make sure apt can see the i386 metapackages; if it can't, try to fix that (as root) or
# explain what to run (as anyone else).
ensure_apt_lists() {
    if [ -n "$(candidate linux-image-686:i386)" ]; then
        return 0
    fi
    if [ "$(id -u)" -ne 0 ]; then
        die "apt does not know linux-image-686:i386.  As root, run once:
    dpkg --add-architecture i386 && apt-get update
then run this script again (as any user: it installs nothing)."
    fi
    if ! dpkg --print-foreign-architectures | grep -qx i386; then
        say "adding the i386 architecture to dpkg (needed to see the i386 kernel packages)"
        dpkg --add-architecture i386
    fi
    say "apt-get update (a failure of one index is not fatal)"
    apt-get update -q || say "warning: apt-get update reported errors; carrying on"
    [ -n "$(candidate linux-image-686:i386)" ] ||
        die "apt still does not know linux-image-686:i386 after apt-get update"
}

# ---------------------------------------------------------------------------------------------
# Resolve the package set.  Sets the globals below.
# ---------------------------------------------------------------------------------------------
IMG_PKG='' IMG_VER='' HDR_PKG='' HDR_VER='' COMMON_PKG='' COMMON_VER='' KBUILD_PKG='' KBUILD_VER=''
BB_VER='' KREL=''

resolve() {
    ensure_apt_lists
    local meta_ver

    # linux-image-686 depends on exactly one real image package, linux-image-<release>.
    meta_ver=$(candidate linux-image-686:i386)
    IMG_PKG=$(depends_names linux-image-686:i386 "$meta_ver" | grep -m1 '^linux-image-' || true)
    [ -n "$IMG_PKG" ] || die "cannot resolve linux-image-686:i386 to a real package"
    IMG_VER=$(candidate "$IMG_PKG:i386")
    [ -n "$IMG_VER" ] || die "no candidate version for $IMG_PKG:i386"
    KREL=${IMG_PKG#linux-image-}                    # e.g. 6.1.0-50-686

    # Same for the headers; they in turn name their -common package and the kbuild package.
    meta_ver=$(candidate linux-headers-686:i386)
    HDR_PKG=$(depends_names linux-headers-686:i386 "$meta_ver" | grep -m1 '^linux-headers-' || true)
    [ -n "$HDR_PKG" ] || die "cannot resolve linux-headers-686:i386 to a real package"
    HDR_VER=$(candidate "$HDR_PKG:i386")
    [ -n "$HDR_VER" ] || die "no candidate version for $HDR_PKG:i386"
    [ "$HDR_PKG" = "linux-headers-$KREL" ] ||
        die "image and headers disagree: $IMG_PKG vs $HDR_PKG (apt lists half updated? run apt-get update)"
    [ "$HDR_VER" = "$IMG_VER" ] ||
        say "warning: image $IMG_VER and headers $HDR_VER differ in version (same ABI $KREL: usable)"

    # matching_version PKG: the headers' own version of PKG when apt has it, else the candidate.
    matching_version() {
        if all_versions "$1" | grep -qxF "$HDR_VER"; then echo "$HDR_VER"; else candidate "$1"; fi
    }

    COMMON_PKG=$(depends_names "$HDR_PKG:i386" "$HDR_VER" | grep -m1 -- '-common$' || true)
    [ -n "$COMMON_PKG" ] || die "cannot find the -common headers package in $HDR_PKG's Depends"
    # -common is Architecture: all; take the version the headers ask for when apt has it.
    COMMON_VER=$(matching_version "$COMMON_PKG")
    [ -n "$COMMON_VER" ] || die "no version of $COMMON_PKG is known to apt"

    KBUILD_PKG=$(depends_names "$HDR_PKG:i386" "$HDR_VER" | grep -m1 '^linux-kbuild-' || true)
    [ -n "$KBUILD_PKG" ] || die "cannot find the linux-kbuild package in $HDR_PKG's Depends"
    # The kbuild tools are build-machine programs: the native (amd64) build is the right one.
    # The main and security archives may carry different versions: match the headers if we can.
    KBUILD_VER=$(matching_version "$KBUILD_PKG")
    [ -n "$KBUILD_VER" ] || die "no version of $KBUILD_PKG is known to apt"

    BB_VER=$(candidate busybox-static:i386)
    [ -n "$BB_VER" ] || die "apt does not know busybox-static:i386"
}

# meta_candidates -> one line naming the candidate versions of the metapackages, in ONE apt-cache
# call (each call costs about a second where apt keeps no binary cache, as in Docker images).
# When it equals the stamp's first line and the files are there, nothing needs doing.
meta_candidates() {
    apt-cache policy linux-image-686:i386 linux-headers-686:i386 busybox-static:i386 2>/dev/null |
        awk '/^[^ ].*:$/      { p = substr($1, 1, length($1) - 1) }
             $1 == "Candidate:" { printf "%s%s=%s", sep, p, $2; sep = " " }
             END              { print "" }'
}

# The stamp: everything that, when changed, means "extract and fix up again".
stamp_text() {
    printf '%s\n' "meta=$(meta_candidates)" "release=$KREL" "image=$IMG_PKG=$IMG_VER" \
        "headers=$HDR_PKG=$HDR_VER" "common=$COMMON_PKG=$COMMON_VER" "kbuild=$KBUILD_PKG=$KBUILD_VER" \
        "busybox=busybox-static=$BB_VER" "path=$BUILD"
}

# ---------------------------------------------------------------------------------------------
# Downloading and unpacking.
# ---------------------------------------------------------------------------------------------

# cached_deb PKG VERSION ARCH -> path of a cached .deb holding exactly that version, or nothing
cached_deb() {
    local f
    for f in "$CACHE/$1"_*_"$3".deb; do
        [ -f "$f" ] || continue
        if [ "$(dpkg-deb -f "$f" Version 2>/dev/null)" = "$2" ]; then
            printf '%s\n' "$f"
            return 0
        fi
    done
}

# fetch PKG VERSION ARCH -> download into the cache unless already there; prints the path
fetch() {
    local pkg=$1 ver=$2 arch=$3 spec f
    f=$(cached_deb "$pkg" "$ver" "$arch")
    if [ -z "$f" ]; then
        spec="$pkg:$arch=$ver"
        say "downloading $spec" >&2
        # apt-get download drops privileges to _apt when it can; a cache dir _apt cannot write
        # only costs a warning ("unsandboxed as root"), which we silence.
        if ! (cd "$CACHE" && apt-get download -q "$spec" >"$CACHE/.download.log" 2>&1); then
            cat "$CACHE/.download.log" >&2
            die "apt-get download failed for package $spec"
        fi
        rm -f "$CACHE/.download.log"
        f=$(cached_deb "$pkg" "$ver" "$arch")
        [ -n "$f" ] || die "apt-get download of $spec left no matching .deb in $CACHE"
    fi
    printf '%s\n' "$f"
}

# Rewrite the headers' top Makefile, whose only line includes the -common tree by an absolute
# /usr/src path, so that it points into our private root instead.
fix_headers_makefile() {
    local hdr=$ROOT/usr/src/linux-headers-$KREL
    local common=$ROOT/usr/src/$COMMON_PKG
    local mk=$hdr/Makefile
    [ -f "$mk" ] || die "$mk is missing from $HDR_PKG"
    [ -d "$common" ] || die "$common is missing from $COMMON_PKG"
    # Replace any include of /usr/src/<something>-common/ by the extracted path.
    sed -i -E "s#^([[:space:]]*include[[:space:]]+)/usr/src/[^/[:space:]]*-common/#\\1$common/#" "$mk"
    grep -q "$common/Makefile" "$mk" || die "could not rewrite the include line in $mk:
$(cat "$mk")"
}

# The headers reach kbuild's scripts through relative symlinks into /usr/lib/linux-kbuild-*.
# They work only if both packages are unpacked into the same root; check every symlink there.
check_symlinks() {
    local hdr=$ROOT/usr/src/linux-headers-$KREL link bad=0
    [ -e "$hdr/scripts" ] || die "$hdr/scripts does not resolve (-> $(readlink "$hdr/scripts"))"
    # No symlink under usr/src may point at an absolute path or dangle.
    while IFS= read -r -d '' link; do
        if [ ! -e "$link" ]; then
            say "dangling symlink: $link -> $(readlink "$link")" >&2
            bad=1
        fi
    done < <(find "$ROOT/usr/src" -type l -print0)
    [ "$bad" -eq 0 ] || die "the extracted headers have dangling symlinks (listed above)"
}

do_extract() {
    local img hdr common kbuild bb
    mkdir -p "$CACHE"
    [ -w "$CACHE" ] || die "cannot write to $CACHE (it belongs to $(stat -c %U "$CACHE"))"
    img=$(fetch "$IMG_PKG" "$IMG_VER" i386)
    hdr=$(fetch "$HDR_PKG" "$HDR_VER" i386)
    common=$(fetch "$COMMON_PKG" "$COMMON_VER" all)
    kbuild=$(fetch "$KBUILD_PKG" "$KBUILD_VER" "$(dpkg --print-architecture)")
    bb=$(fetch busybox-static "$BB_VER" i386)

    say "extracting $KREL into $ROOT"
    if ! rm -rf "$KOUT" 2>/dev/null; then
        die "cannot remove the old $KOUT (it belongs to $(stat -c %U "$KOUT")): remove it as that user"
    fi
    mkdir -p "$ROOT" "$BBROOT"
    local f
    for f in "$img" "$hdr" "$common" "$kbuild"; do
        dpkg-deb -x "$f" "$ROOT"
    done
    dpkg-deb -x "$bb" "$BBROOT"

    fix_headers_makefile
    check_symlinks

    # The stable names.
    local vmlinuz=$ROOT/boot/vmlinuz-$KREL moddir
    [ -f "$vmlinuz" ] || die "$IMG_PKG has no boot/vmlinuz-$KREL"
    ln -sfn "root/boot/vmlinuz-$KREL" "$KOUT/vmlinuz"
    # Debian 12 ships modules under /lib/modules; be ready for /usr/lib/modules too.
    for moddir in "lib/modules/$KREL" "usr/lib/modules/$KREL"; do
        if [ -d "$ROOT/$moddir" ]; then
            ln -sfn "root/$moddir" "$KOUT/modules"
            break
        fi
    done
    [ -L "$KOUT/modules" ] || die "$IMG_PKG has no lib/modules/$KREL"
    printf '%s\n' "$ROOT/usr/src/linux-headers-$KREL" >"$KOUT/KDIR"
    printf '%s\n' "$KREL" >"$KOUT/VERSION"
    [ -x "$BBROOT/bin/busybox" ] || die "busybox-static has no bin/busybox"
    cp "$BBROOT/bin/busybox" "$KOUT/busybox"
}

# ---------------------------------------------------------------------------------------------
# Verification: build a hello-world module against KDIR in a temporary directory.
# ---------------------------------------------------------------------------------------------
do_verify() {
    local kdir tmp out
    [ -f "$KOUT/KDIR" ] || die "$KOUT/KDIR does not exist: run '$0 build' first"
    kdir=$(cat "$KOUT/KDIR")
    for tool in make gcc; do
        command -v "$tool" >/dev/null || die "'$tool' is not installed (apt-get install build-essential)"
    done
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/lg-kdir-check.XXXXXX")
    # shellcheck disable=SC2064  # expand $tmp now: it is a local
    trap "rm -rf '$tmp'" EXIT
    cat >"$tmp/hello.c" <<'EOF'
#include <linux/module.h>
#include <linux/init.h>
static int __init hello_init(void) { pr_info("hello\n"); return 0; }
static void __exit hello_exit(void) { }
module_init(hello_init);
module_exit(hello_exit);
MODULE_LICENSE("GPL");
EOF
    echo 'obj-m := hello.o' >"$tmp/Kbuild"
    if ! make -C "$kdir" M="$tmp" modules >"$tmp/build.log" 2>&1; then
        cat "$tmp/build.log" >&2
        die "a trivial module does not build against $kdir (log above)"
    fi
    out=$(file -b "$tmp/hello.ko")
    case $out in
        *"ELF 32-bit LSB relocatable, Intel 80386"*) ;;
        *) die "the test module is not an i386 relocatable object: $out" ;;
    esac
    say "ok: a test module builds against $kdir"
    rm -rf "$tmp"
    trap - EXIT
}

files_present() {
    [ -f "$STAMP" ] && [ -e "$KOUT/vmlinuz" ] && [ -f "$KOUT/KDIR" ] && [ -d "$(cat "$KOUT/KDIR")" ] &&
        [ -d "$KOUT/modules/" ] && [ -x "$KOUT/busybox" ]
}

# ---------------------------------------------------------------------------------------------
main() {
    local cmd=${1:-build}
    case $cmd in
        build)
            # Fast path: the metapackages' candidates are what the stamp recorded.
            if files_present && [ "$(head -n1 "$STAMP")" = "meta=$(meta_candidates)" ] &&
                [ "$(sed -n 's/^path=//p' "$STAMP")" = "$BUILD" ]; then
                say "up to date: $(sed -n 's/^image=//p' "$STAMP") in $KOUT"
                return 0
            fi
            # apt cannot tell us anything (no lists, not root) but we have a tree: use it.
            if files_present && [ "$(id -u)" -ne 0 ] &&
                [ -z "$(candidate linux-image-686:i386)" ]; then
                say "warning: apt does not know linux-image-686:i386; keeping the kernel in $KOUT"
                return 0
            fi
            resolve
            do_extract
            do_verify
            stamp_text >"$STAMP"
            say "ready: $KREL ($IMG_VER); vmlinuz, KDIR, modules, busybox in $KOUT"
            ;;
        verify)
            do_verify
            ;;
        symbols)
            do_symbols
            ;;
        print)
            resolve
            stamp_text
            ;;
        -h|--help|help)
            sed -n '2,/^$/p' "$0" | sed 's/^# \{0,1\}//'
            ;;
        *)
            die "unknown command '$cmd' (use: build, verify, symbols, print)"
            ;;
    esac
}

# symbols: the Host kernel's debugging symbols, for `make debug HOST_SYMBOLS=1`: Debian's
# linux-image-<release>-dbg package (about 760 MB to download, 3.4 GB unpacked, of which we
# keep only the kernel's vmlinux, about 300 MB) into build/cache/debs, its vmlinux published as
# build/kernel/vmlinux.  Nothing else of the package is unpacked.
do_symbols() {
    local rel deb out
    rel=$(cat "$KOUT/VERSION" 2>/dev/null) || die "no Host kernel yet: run 'make deps' first"
    out=$KOUT/vmlinux-$rel
    if [ ! -s "$out" ]; then
        deb=$(ls "$CACHE"/linux-image-"$rel"-dbg_*_i386.deb 2>/dev/null | tail -n 1 || true)
        if [ -z "$deb" ]; then
            say "fetching linux-image-$rel-dbg:i386 (about 760 MB, once; kept in $CACHE)"
            mkdir -p "$CACHE"
            (cd "$CACHE" && apt-get download "linux-image-$rel-dbg:i386") ||
                die "could not download linux-image-$rel-dbg:i386 (is apt's i386 list there? dpkg --add-architecture i386; apt-get update)"
            deb=$(ls "$CACHE"/linux-image-"$rel"-dbg_*_i386.deb | tail -n 1)
        fi
        say "unpacking vmlinux-$rel from $(basename "$deb")"
        dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/lib/debug/boot/vmlinux-$rel" >"$out.tmp" ||
            die "no vmlinux-$rel in $deb"
        mv "$out.tmp" "$out"
    fi
    ln -sfn "vmlinux-$rel" "$KOUT/vmlinux"
    say "ready: $KOUT/vmlinux ($rel, with debugging symbols)"
}

main "$@"
