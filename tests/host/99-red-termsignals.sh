#!/bin/sh
# 99-red-termsignals (red team): a Launcher on a terminal must leave the terminal as it found
# it whichever signal ends it, not only SIGINT, SIGTERM and SIGPIPE.
#
# The Launcher puts its terminal (standard input) in raw mode, without echo, and restores it on
# its way out; but a signal whose default action ends the process takes the Launcher past that
# way out.  Two of them come without anyone meaning harm:
#   - SIGXFSZ: the user runs `ulimit -f 1024; lguest ... >guest.log` on a terminal, and the
#     Guest (hostile=console-flood, 16 MiB of output) writes past the file-size limit.  The
#     kernel's answer to the write is SIGXFSZ, whose default action kills the Launcher (with a
#     core dump).  The Guest alone decides that the limit is reached.
#   - SIGQUIT: Ctrl-\ on the terminal (the Launcher keeps the terminal's signal keys, so that
#     Ctrl-C works), typed here at the Guest shell's prompt.  From an interactive shell its
#     default action kills the Launcher (with a core dump) and leaves the terminal raw.  Here,
#     as in a script's background job, the Launcher starts with SIGQUIT ignored, and the old
#     Launcher did not stop at all: the test then times out (lgpty, 40 s) with no status.
# Each time, stty run afterwards on the same terminal must show canonical mode and echo, and
# the Launcher must say it stopped the Guest (status 128 + the signal).  On the code before the
# fix, SIGXFSZ left the user's shell without echo and line editing (status 153, "File size
# limit exceeded" from the shell, no word from the Launcher).

failed=
fail() { echo "FAIL: $*"; failed=1; return 1; }

# try NAME NUMBER SCRIPT [WAIT TYPE]: run SCRIPT (which runs the Launcher, its standard error
# to /tmp/ts.err, its status to /tmp/ts.status) on a terminal, typing TYPE once WAIT has
# appeared there, then stty -a on that terminal.
try() {
    name=$1 num=$2 script=$3
    shift 3
    rm -f /tmp/ts.err /tmp/ts.status /tmp/ts.log
    out=$(lgpty "$@" -- /bin/sh -c "$script; stty -a" 2>&1)
    status=$(cat /tmp/ts.status 2>/dev/null)
    echo "--- $name: the Launcher's status: $status; its standard error:"
    cat /tmp/ts.err
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
    grep -q "lguest: stopped the Guest on signal $num" /tmp/ts.err ||
        { fail "$name: the Launcher did not say it stopped the Guest on signal $num"; return; }
    echo "ok: $name stopped the Launcher, which restored the terminal"
}

# The Guest writes past the user's file-size limit (1024 blocks): SIGXFSZ (25).
try SIGXFSZ 25 '( ulimit -c 0; ulimit -f 1024; /bin/lguest /guest/guest.elf -- hostile=console-flood \
    >/tmp/ts.log 2>/tmp/ts.err; echo $? >/tmp/ts.status )'

# Ctrl-\ (SIGQUIT, 3) typed at the Guest shell's prompt.  The shell around the Launcher, in the
# same process group, would die of it too; a trap (not an ignore, which the Launcher would
# inherit) keeps it alive for stty.
try SIGQUIT 3 'ulimit -c 0; trap : QUIT; /bin/lguest /guest/guest.elf -- run=sh 2>/tmp/ts.err;
    echo $? >/tmp/ts.status' 'guest$ ' "$(printf '\034')"

[ -z "$failed" ] || exit 1
echo "ok: every signal that stopped the Launcher left the terminal as it was"
