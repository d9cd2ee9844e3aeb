#!/bin/sh
# 99-red-othersignals (red team): signals whose default action ends a process must still end
# the Launcher, and leave its terminal as it found it.
#
# The Launcher catches seven stop signals and restores the terminal on its way out; every other
# signal keeps its default.  Two ways that goes wrong, each with the Launcher on a terminal
# (standard input, raw mode) running a Guest that spins (hang):
#   - SIGUSR1 (10), whose default action ends the process: the Launcher dies on the spot, past
#     its way out, and the user's terminal is left without echo or line editing.
#   - SIGALRM (14), whose default action ends the process too: the Launcher catches it (to poke
#     itself once a second after a stop signal), and the handler re-arms the alarm whoever sent
#     it; the owner's kill -ALRM is swallowed, and the Launcher runs on.
# After each, stty on that terminal must show canonical mode and echo, and the Launcher must
# have stopped, saying so, with status 128 + the signal.

failed=
fail() { echo "FAIL: $*"; failed=1; return 1; }

try() {
    name=$1 num=$2
    rm -f /tmp/os.err /tmp/os.status /tmp/os.running
    out=$(lgpty -- /bin/sh -c "exec 3<&0
        /bin/lguest /guest/guest.elf -- hang <&3 2>/tmp/os.err & p=\$!
        sleep 4; kill -$name \$p; i=0
        while [ \$i -lt 10 ] && kill -0 \$p 2>/dev/null; do sleep 1; i=\$((i + 1)); done
        kill -0 \$p 2>/dev/null && { echo yes >/tmp/os.running; kill -KILL \$p; }
        wait \$p; echo \$? >/tmp/os.status; stty -a" 2>&1)
    status=$(cat /tmp/os.status 2>/dev/null)
    echo "--- $name: the Launcher's status: $status; its standard error:"
    cat /tmp/os.err
    [ -f /tmp/os.running ] &&
        { fail "$name: the Launcher was still running 10 s after $name (its default action ends a process)"; return; }
    modes=$(echo "$out" | tr ' ' '\n' | grep -xE -- '-?(icanon|echo)' | tr '\n' ' ')
    echo "--- $name: the terminal's modes afterwards: $modes"
    [ -n "$modes" ] || { echo "$out" | tail -n 8; fail "$name: stty printed no modes"; return; }
    case " $modes" in
        *' -icanon'*|*' -echo'*)
            fail "$name: the Launcher (status $status) left the terminal in raw mode ($modes)"
            return ;;
    esac
    [ "$status" = $((128 + num)) ] ||
        { fail "$name: the Launcher's status was $status, not $((128 + num))"; return; }
    grep -q "lguest: stopped the Guest on signal $num" /tmp/os.err ||
        { fail "$name: the Launcher did not say it stopped the Guest on signal $num"; return; }
    echo "ok: $name stopped the Launcher, which restored the terminal"
}

try USR1 10
try ALRM 14
[ -z "$failed" ] || exit 1
echo "ok: signals whose default ends a process ended the Launcher and left the terminal as it was"
