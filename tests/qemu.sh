#!/usr/bin/env bash
# tests/qemu.sh -- boot the Host (Debian's i386 kernel + our initramfs) in QEMU.
#
# Always software emulation (TCG): nested KVM does not work for this on the project machines
# (see shared/PLATFORM.md), and the hypervisor under test wants a plain 32-bit x86 CPU anyway.
#
#   --mode test  (default)  non-interactive: kernel command line gets lgmode=test, the serial
#                console is copied to the log file AND to standard output.  QEMU is stopped when
#                the console has been silent for --stall seconds (the Host's /init says
#                "@@ALIVE ..." every 30 s while a test runs, so silence means a Host that hangs),
#                and in any case after --timeout seconds.  Exit status: QEMU's (124 when it was
#                stopped for time).  Whether the tests passed is for tests/run.sh to read from
#                the log.
#   --mode bench            like test, but lgmode=bench: the Host runs `make bench`'s
#                measurements (see tests/bench.sh) instead of the tests; log
#                build/bench/serial.log by default.
#   --mode fuzz             like test, but lgmode=fuzz: the Host runs `make fuzz`'s fuzzers
#                (see tests/fuzz.sh); log build/fuzz/serial.log by default.
#   --mode debug            like test, but lgmode=debug and no time limit: the Host loads lg.ko,
#                prints where its sections and the Switcher are ("@@LG-SECTIONS ..."), and runs a
#                Guest every few seconds, for a debugger attached to QEMU's gdbstub (add
#                -- -gdb tcp:127.0.0.1:PORT); tests/debug.sh (make debug) does all that.  Log
#                build/debug/serial.log by default.
#   --mode run              interactive on this terminal (lgmode=run): the demo Guest runs, then
#                a busybox shell on the Host.  No timeout.  Ctrl-A x quits QEMU; Ctrl-A c is
#                QEMU's monitor.  The console is also logged to --log.
#
# Options:
#   --cpu MODEL     QEMU CPU model                       [pentium3]
#                   (for SMEP/SMAP/UMIP use max,vendor=GenuineIntel: plain `max` claims to be
#                   AMD, and with -smp 2 the kernel then WARNs in amd.c, which fails the
#                   kernel-log check of tests/run.sh)
#   --mode MODE     test | bench | fuzz | debug | run    [test]
#   --log FILE      serial log                           [build/test/serial.log, or
#                                                         build/test/run-serial.log in run mode]
#   --initrd FILE   the initramfs to boot, used as it is [without this option:
#                   build/test/initramfs.cpio.gz, (re)built first by tests/initramfs.sh
#                   from the current build/bin artifacts]
#   --kernel FILE   the Host kernel                      [build/kernel/vmlinuz]
#   --timeout SECS  bound on the whole boot, test/bench  [1800]
#   --stall SECS    stop QEMU after SECS without console output; 0: never
#                                                        [test: 120, bench: 0]
#   --smp N         CPUs                                 [2]
#   --memory MB     Host RAM                             [512]
#   --append WORDS  extra kernel command line words (e.g. lgtimeout=120)
#   --quiet         test/bench mode: do not copy the console to standard output
#   --              the rest goes to qemu-system-i386 as it is (e.g. -d int -D qemu.log, -s -S)

set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$REPO/build}

cpu=pentium3 mode=test log='' initrd='' kernel=$BUILD/kernel/vmlinuz
limit=1800 limit_set='' stall='' smp=2 mem=512 extra_append='' quiet=0
qemu_extra=()

die() { printf 'qemu.sh: error: %s\n' "$*" >&2; exit 2; }

while [ $# -gt 0 ]; do
    case $1 in
        --cpu)     cpu=$2; shift 2 ;;
        --mode)    mode=$2; shift 2 ;;
        --log)     log=$2; shift 2 ;;
        --initrd)  initrd=$2; shift 2 ;;
        --kernel)  kernel=$2; shift 2 ;;
        --timeout) limit=$2 limit_set=$2; shift 2 ;;
        --stall)   stall=$2; shift 2 ;;
        --smp)     smp=$2; shift 2 ;;
        --memory)  mem=$2; shift 2 ;;
        --append)  extra_append="$extra_append $2"; shift 2 ;;
        --quiet)   quiet=1; shift ;;
        --)        shift; qemu_extra=("$@"); break ;;
        -h|--help) sed -n '2,/^$/p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *)         die "unknown option '$1' (see --help)" ;;
    esac
done

case $mode in
    test) log=${log:-$BUILD/test/serial.log} stall=${stall:-120} ;;
    bench) log=${log:-$BUILD/bench/serial.log} stall=${stall:-0} ;;
    fuzz) log=${log:-$BUILD/fuzz/serial.log} stall=${stall:-0} ;;
    debug) log=${log:-$BUILD/debug/serial.log} stall=${stall:-0} limit=${limit_set:-86400} ;;
    run)  log=${log:-$BUILD/test/run-serial.log} ;;
    *)    die "--mode must be test, bench, fuzz, debug or run, not '$mode'" ;;
esac

command -v qemu-system-i386 >/dev/null || die "qemu-system-i386 is not installed (apt-get install qemu-system-x86)"
[ -e "$kernel" ] || die "no Host kernel at $kernel (run 'make deps', i.e. tests/host-kernel.sh build)"
if [ -z "$initrd" ]; then
    initrd=$BUILD/test/initramfs.cpio.gz
    "$REPO/tests/initramfs.sh" "$initrd" >&2 || die "could not build the initramfs $initrd"
fi
[ -f "$initrd" ] || die "no initramfs at $initrd (tests/initramfs.sh $initrd)"
mkdir -p "$(dirname "$log")"

append="console=ttyS0 quiet panic=-1 lgmode=$mode$extra_append"
qemu=(qemu-system-i386
    -accel tcg                      # never KVM
    -machine pc -cpu "$cpu" -smp "$smp" -m "$mem"
    -no-reboot                      # a panic (panic=-1 reboots at once) or triple fault ends QEMU
    -kernel "$kernel" -initrd "$initrd" -append "$append"
    -nic none                       # no network card: nothing to probe, nothing to print
)

if [ "$mode" = run ]; then
    # -nographic: the serial console and QEMU's monitor share this terminal (Ctrl-A c).
    # The chardev's logfile keeps a copy of the console.
    # shellcheck disable=SC2054  # the commas are QEMU's
    qemu+=(-display none
           -chardev "stdio,id=con,mux=on,signal=off,logfile=$log"
           -serial chardev:con -mon chardev=con,mode=readline)
    echo "qemu.sh: booting the Host interactively (Ctrl-A x quits; console log: $log)"
    exec "${qemu[@]}" ${qemu_extra[@]+"${qemu_extra[@]}"}
fi

# Test and bench modes.  No display, no monitor, no standard input; the serial port goes to
# stdout, which tee copies into the log.  timeout bounds the whole run; -k kills QEMU if TERM is
# not enough.
qemu+=(-display none -monitor none -serial stdio)
: >"$log"
pidfile=$(mktemp "${TMPDIR:-/tmp}/qemu-pid.XXXXXX")
trap 'rm -f "$pidfile" "$pidfile.stalled"' EXIT
qemu+=(-pidfile "$pidfile")

# watch_console: stop QEMU once the log has not grown for $stall seconds (a Host that hangs, or
# a machine so busy that the Host cannot even print), noting that in $pidfile.stalled.  A Host
# that is merely slow goes on printing, and is left alone.
watch_console() {
    local size last=-1 silent=0 pid
    while sleep 2; do
        size=$(stat -c %s "$log" 2>/dev/null || echo 0)
        if [ "$size" != "$last" ]; then
            last=$size silent=0
            continue
        fi
        silent=$((silent + 2))
        if [ "$silent" -ge "$stall" ]; then
            : >"$pidfile.stalled"
            pid=$(cat "$pidfile" 2>/dev/null)
            [ -n "$pid" ] || continue
            kill "$pid" 2>/dev/null
            sleep 10
            kill -KILL "$pid" 2>/dev/null
            return
        fi
    done
}
watcher=''
if [ "$stall" -gt 0 ]; then
    watch_console &
    watcher=$!
fi

set +e
if [ "$quiet" -eq 1 ]; then
    timeout -k 10 "$limit" "${qemu[@]}" ${qemu_extra[@]+"${qemu_extra[@]}"} </dev/null >"$log" 2>&1
    status=$?
else
    timeout -k 10 "$limit" "${qemu[@]}" ${qemu_extra[@]+"${qemu_extra[@]}"} </dev/null 2>&1 | tee "$log"
    status=${PIPESTATUS[0]}
fi
[ -z "$watcher" ] || kill "$watcher" 2>/dev/null
wait 2>/dev/null
set -e
if [ -e "$pidfile.stalled" ]; then
    printf '\nqemu.sh: QEMU was stopped after %s s without console output (serial log: %s)\n' \
        "$stall" "$log" | tee -a "$log" >&2
    status=124
elif [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
    printf '\nqemu.sh: QEMU was stopped after the %s s time limit (serial log: %s)\n' "$limit" "$log" |
        tee -a "$log" >&2
fi
exit "$status"
