#!/usr/bin/env bash
# Checker of Exercise 4.3 (Launcher), build side: the option --timeout SECONDS (short -T) is
# listed by `lguest --help` and in the manual page's source (launcher/lguest.1.md), and a bad
# value (0, abc, -5, 1x, 86401) is refused: a non-zero status, a message that says "timeout"
# and names the value, before the Launcher tries /dev/lguest.  A good value (--timeout 5)
# gets the Launcher as far as /dev/lguest.  (The Guest actually being stopped is checked in the
# Host: exercises/checks/host/4.3-timeout.sh.)
set -uo pipefail

BUILD=${BUILD:-build}
L=$BUILD/bin/lguest
K=$BUILD/bin/guest.elf
md=$BUILD/src/launcher/lguest.1.md
fail() { echo "FAIL: $*"; exit 1; }
[ -x "$L" ] && [ -f "$K" ] || fail "no $L or $K: build them first"

help=$("$L" --help 2>&1)
echo "$help"
grep -q -- '-T, --timeout' <<<"$help" || fail "lguest --help does not list '-T, --timeout'"
grep -q -- 'timeout' "$md" || fail "the manual page ($md) does not explain --timeout"

for v in 0 abc -5 1x 86401; do
    out=$("$L" --timeout "$v" "$K" 2>&1 </dev/null)
    status=$?
    echo "lguest --timeout $v: status $status: $out"
    [ "$status" -ne 0 ] || fail "--timeout $v was accepted with status 0"
    grep -q '/dev/lguest' <<<"$out" && fail "--timeout $v was not refused: the Launcher went on to /dev/lguest"
    grep -qF -- "$v" <<<"$out" && grep -qi 'timeout' <<<"$out" ||
        fail "the complaint about --timeout $v does not name the value and say 'timeout': $out"
done

if [ ! -e /dev/lguest ]; then
    out=$("$L" --timeout 5 "$K" 2>&1 </dev/null)
    echo "lguest --timeout 5: $out"
    grep -q '/dev/lguest' <<<"$out" || fail "--timeout 5 was refused: $out"
fi
echo "ok: --timeout is listed, explained, and its bad values are refused by name"
