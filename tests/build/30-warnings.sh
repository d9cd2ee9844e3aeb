#!/usr/bin/env bash
# tests/build/30-warnings.sh -- every tangled C and assembly file compiles from scratch with
# warnings as errors (-Wall -Wextra -Werror for the Launcher and the Guest; kbuild's warnings
# plus -Werror for lg.ko), and the build prints no warning at all.  It tangles and builds into a
# temporary directory, so the real build/ is not touched.
set -euo pipefail

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

unset MAKEFLAGS MFLAGS MAKELEVEL  # a `make -s test` must not silence the build we inspect
if ! make --no-print-directory SRC="$tmp/src" BIN="$tmp/bin" module launcher guest >"$tmp/log" 2>&1; then
    tail -n 30 "$tmp/log"
    fail "the build from a fresh tangle failed"
fi
if grep -i 'warning' "$tmp/log"; then
    fail "the build printed warnings (above)"
fi
for f in lg.ko lguest guest.elf; do
    [ -s "$tmp/bin/$f" ] || fail "$f was not built"
done
echo "ok: lg.ko, lguest and guest.elf built from a fresh tangle with no warnings"
grep -cE '^\s+(CC|AS) \[M\]' "$tmp/log" | sed 's/^/ok: kbuild compiled /; s/$/ module files/'
