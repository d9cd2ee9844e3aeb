#!/usr/bin/env bash
# Checker of Exercise 4.2 (Launcher): the Launcher refuses a Guest kernel whose entry point
# (e_entry, a virtual address) is not inside a loadable, executable segment (PT_LOAD with
# PF_X).  Run on the build machine (the Launcher is a static 32-bit program this kernel runs).
# Copies of guest.elf get a new e_entry (bytes 24..27 of the ELF header):
#   0xdeadbeef                          in no segment at all;
#   the entry's physical address        what a kernel linked the other way would give;
#   the end of an executable segment    one past its last byte;
#   the start of a segment without PF_X (its data or read-only data), if there is one.
# Each must give a non-zero exit status and a message that names the file and says "entry",
# before the Launcher ever tries /dev/lguest (the message does not mention it).  guest.elf
# itself must still get as far as /dev/lguest.
set -uo pipefail

L=${BUILD:-build}/bin/lguest
K=${BUILD:-build}/bin/guest.elf
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
[ -x "$L" ] && [ -f "$K" ] || fail "no $L or $K: build them first"

entry=$(( $(readelf -h "$K" | awk '/Entry point address/ { print $4 }') ))
# The PT_LOAD segments: virtual address, physical address, memory size, executable or not.
mapfile -t loads < <(readelf -lW "$K" | awk '$1 == "LOAD" { x = ($0 ~ / R?W?E /) ? 1 : 0; print $3, $4, $6, x }')
[ ${#loads[@]} -gt 0 ] || fail "readelf found no PT_LOAD segments in $K"

in_exec() {     # in_exec ADDR: is ADDR inside an executable segment?
    local l v p m x
    for l in "${loads[@]}"; do
        read -r v p m x <<<"$l"
        [ "$x" = 1 ] && [ "$1" -ge $((v)) ] && [ "$1" -lt $((v + m)) ] && return 0
    done
    return 1
}

bad=(0xdeadbeef)
for l in "${loads[@]}"; do
    read -r v p m x <<<"$l"
    if [ $((entry)) -ge $((v)) ] && [ $((entry)) -lt $((v + m)) ]; then
        bad+=("$(printf '%#x' $((entry - v + p)))")
    fi
    if [ "$x" = 1 ]; then
        in_exec $((v + m)) || bad+=("$(printf '%#x' $((v + m)))")
    else
        in_exec $((v)) || bad+=("$(printf '%#x' $((v)))")
    fi
done
echo "guest.elf: entry $(printf '%#x' $entry); segments: ${loads[*]}; bad entries to try: ${bad[*]}"

for e in "${bad[@]}"; do
    f=$tmp/entry-$e.elf
    cp "$K" "$f"
    printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $((e & 255)) $((e >> 8 & 255)) $((e >> 16 & 255)) $((e >> 24 & 255)))" |
        dd of="$f" bs=1 seek=24 conv=notrunc 2>/dev/null
    [ "$(( $(readelf -h "$f" | awk '/Entry point address/ { print $4 }') ))" = "$((e))" ] ||
        fail "could not write entry $e into a copy of $K"
    out=$("$L" "$f" 2>&1 </dev/null)
    status=$?
    echo "lguest $f: status $status: $out"
    [ "$status" -ne 0 ] || fail "a kernel with its entry point at $e was run, with status 0"
    if grep -q '/dev/lguest' <<<"$out" || ! grep -qF "$f" <<<"$out"; then
        fail "a kernel with its entry point at $e, outside its executable segments, was not refused with a message naming it (the Launcher went on to /dev/lguest)"
    fi
    grep -qi 'entry' <<<"$out" || fail "the message about the entry point $e does not say 'entry'"
done

if [ ! -e /dev/lguest ]; then
    out=$("$L" "$K" 2>&1 </dev/null)
    echo "lguest $K: $out"
    grep -q '/dev/lguest' <<<"$out" || fail "guest.elf itself, entry $(printf '%#x' $entry), was refused: $out"
fi
echo "ok: kernels whose entry point is outside their executable segments are refused by name"
