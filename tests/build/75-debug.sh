#!/usr/bin/env bash
# tests/build/75-debug.sh -- `make debug` works: tests/debug.sh boots the Host with QEMU's
# gdbstub, and a batch of gdb commands stops in the Guest's trap handler, in the Host's run loop
# and in the Switcher's copy of switch_to_guest, each resolved to its chapter and line (or, for
# the Switcher, to its symbol through switcher-where).
set -uo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/cmds" <<'GDB'
break trap
continue
bt 2
delete
break run_guest
continue
bt 1
delete
switcher-break switch_to_guest
continue
switcher-where
p/x $cs
GDB
out=$(timeout 240 "$REPO/tests/debug.sh" --port $((20000 + $$ % 20000)) --batch "$tmp/cmds" 2>&1)
status=$?
echo "$out"
fail=0
want() { grep -qE -- "$1" <<<"$out" || { echo "FAIL: gdb did not say: $2"; fail=1; }; }
[ "$status" -eq 0 ] || { echo "FAIL: tests/debug.sh exited with status $status"; fail=1; }
want 'hit Breakpoint 1, trap \(tf=0x[0-9a-f]+( <[^>]*>)?\) at .*chapters/02-guest\.nw:[0-9]+' \
    "stopped in the Guest's trap handler, at a line of the Guest chapter"
want 'in alltraps \(\) at .*chapters/02-guest\.nw' "a backtrace through the Guest's trap stubs"
want 'hit Breakpoint 2, run_guest \(lg=.*chapters/05-host\.nw:[0-9]+' \
    "stopped in the Host's run loop, at a line of the Host chapter"
want 'hit Breakpoint 3, 0x[0-9a-f]+ in' "stopped in the Switcher's copy"
want '^switch_to_guest in section \.text' "switcher-where named switch_to_guest"
want '^\$[0-9]+ = 0x(60|61|10|50|[0-9a-f]+)$' "read a register in the Switcher"
[ "$fail" -eq 0 ] && echo "ok: gdb stops in the Guest, the Host and the Switcher, with chapter lines"
exit "$fail"
