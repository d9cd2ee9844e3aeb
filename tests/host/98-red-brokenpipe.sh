#!/bin/sh
# 98-red-brokenpipe (red team): a Launcher on a terminal whose output goes into a pipe that
# closes (lguest ... | head) must still leave the terminal as it found it.
#
# The Launcher puts its terminal (standard input) in raw mode, without echo, and restores it on
# the way out.  hostile=console-flood prints 16 MiB; here the Launcher's standard output is a pipe
# into head -c 64, which exits after 64 bytes, so the Launcher's next write raises SIGPIPE.  The
# Launcher must stop on it (status 141) through its own exit path, which restores the terminal:
# stty run afterwards on the same terminal must show canonical mode and echo.  Before the fix,
# SIGPIPE's default action killed the Launcher on the spot, and the user's terminal was left
# without echo and line editing.

fail() { echo "FAIL: $*"; exit 1; }

rm -f /tmp/bp.err /tmp/bp.status
out=$(lgpty -- /bin/sh -c '( /bin/lguest /guest/guest.elf -- hostile=console-flood 2>/tmp/bp.err;
                        echo $? >/tmp/bp.status ) | head -c 64 >/dev/null; stty -a' 2>&1)
echo "$out" | tail -n 8
status=$(cat /tmp/bp.status 2>/dev/null)
echo "--- the Launcher's status: $status; its standard error:"
cat /tmp/bp.err
modes=$(echo "$out" | tr ' ' '\n' | grep -xE -- '-?(icanon|echo)' | tr '\n' ' ')
echo "--- the terminal's modes afterwards: $modes"
[ -n "$modes" ] || fail "stty printed no modes"
case " $modes" in
    *' -icanon'*|*' -echo'*)
        fail "the Launcher (status $status) left the terminal in raw mode ($modes) after SIGPIPE" ;;
esac
[ "$status" = 141 ] || fail "the Launcher's status was $status, not 141"
grep -q 'lguest: stopped the Guest on signal 13' /tmp/bp.err ||
    fail "the Launcher did not say it stopped on SIGPIPE"
echo "ok: the Launcher stopped on SIGPIPE and restored the terminal"
