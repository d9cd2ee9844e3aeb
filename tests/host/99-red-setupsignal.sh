#!/bin/sh
# 99-red-setupsignal (red team): a Launcher stopped while it is still setting up must leave its
# terminal as it found it.
#
# The Launcher puts the terminal in raw mode when it sets up the console, but catches its stop
# signals only after the Guest is handed to the Host.  Whatever blocks in between holds that
# window open: here the user names a FIFO as a read-only disk (--read-only --block), and the
# open() of it waits for a writer that never comes.  The user gives up and sends SIGTERM (or
# presses Ctrl-C, the same from an interactive shell): the default action ends the Launcher past
# its way out, and the terminal is left without echo or line editing.

fail() { echo "FAIL: $*"; exit 1; }

fifo=/tmp/setup-disk.fifo
rm -f $fifo /tmp/ss.err /tmp/ss.status /tmp/ss.running
mkfifo $fifo || fail "cannot make the FIFO"
out=$(lgpty -- /bin/sh -c "exec 3<&0
    /bin/lguest --read-only --block $fifo /guest/guest.elf <&3 2>/tmp/ss.err & p=\$!
    sleep 3; kill -TERM \$p; i=0
    while [ \$i -lt 10 ] && kill -0 \$p 2>/dev/null; do sleep 1; i=\$((i + 1)); done
    kill -0 \$p 2>/dev/null && { echo yes >/tmp/ss.running; kill -KILL \$p; }
    wait \$p; echo \$? >/tmp/ss.status; stty -a" 2>&1)
rm -f $fifo
status=$(cat /tmp/ss.status 2>/dev/null)
echo "--- the Launcher's status: $status; its standard error:"
cat /tmp/ss.err
[ -f /tmp/ss.running ] && fail "the Launcher was still running 10 s after SIGTERM"
modes=$(echo "$out" | tr ' ' '\n' | grep -xE -- '-?(icanon|echo)' | tr '\n' ' ')
echo "--- the terminal's modes afterwards: $modes"
[ -n "$modes" ] || { echo "$out" | tail -n 8; fail "stty printed no modes"; }
case " $modes" in
    *' -icanon'*|*' -echo'*)
        fail "SIGTERM during set-up ended the Launcher (status $status) with the terminal left in raw mode ($modes)" ;;
esac
[ "$status" = 143 ] || fail "the Launcher's status was $status, not 143"
grep -q "lguest: stopped the Guest on signal 15" /tmp/ss.err ||
    fail "the Launcher did not say it stopped on signal 15"
echo "ok: SIGTERM during set-up stopped the Launcher, which restored the terminal"
