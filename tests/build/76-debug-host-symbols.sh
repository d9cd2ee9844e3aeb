#!/usr/bin/env bash
# tests/build/76-debug-host-symbols.sh -- `make debug HOST_SYMBOLS=1` gives gdb the Host kernel's
# own symbols: tests/debug.sh --host-symbols fetches Debian's linux-image-<release>-dbg package
# (once, into build/cache/debs; about 760 MB) and loads its vmlinux, and a backtrace from the
# Host's run loop then names the Host kernel's functions that called lg.ko's read: vfs_read and
# ksys_read, with their files in the kernel's sources.
set -uo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/cmds" <<'GDB'
break run_guest
continue
bt 4
GDB
out=$(timeout 600 "$REPO/tests/debug.sh" --port $((20000 + ($$ + 7) % 20000)) --host-symbols \
    --batch "$tmp/cmds" 2>&1)
status=$?
echo "$out"
fail=0
want() { grep -qE -- "$1" <<<"$out" || { echo "FAIL: gdb did not say: $2"; fail=1; }; }
[ "$status" -eq 0 ] || { echo "FAIL: tests/debug.sh exited with status $status"; fail=1; }
want 'hit Breakpoint 1, run_guest \(' "stopped in the Host's run loop"
want '^#1 .* in lg_read \(.*chapters/05-host\.nw:[0-9]+' "lg.ko's read, at a line of the Host chapter"
want '^#2 .* in vfs_read \(.*at fs/read_write\.c:[0-9]+' "the Host kernel's vfs_read, with its source line"
[ "$fail" -eq 0 ] && echo "ok: the Host kernel's symbols: lg_read was called by vfs_read (fs/read_write.c)"
exit "$fail"
