#!/bin/sh
# tests/host-init.sh -- /init of the Host's initramfs (busybox sh, not bash).
#
# The QEMU-booted Host kernel runs this as process 1.  It mounts /proc, /sys and a devtmpfs
# on /dev (so /dev/lguest appears by itself when lg.ko registers its misc device), then looks
# at the kernel command line:
#
#   lgmode=test  (the default)  run every /tests/*.sh in lexical order, one test each:
#                   @@TEST-BEGIN <name>
#                   ...whatever the test prints...
#                   @@TEST-END <name> pass|fail <seconds>
#                pass iff the script exits 0.  Each has a time limit: lgtimeout=SECONDS on the
#                command line (default 60), times lgslow=N (make test SLOW=N, default 1), times
#                how slow the machine is just before the test (see calibrate below; the line
#                "init: calibration: ..." before @@TEST-BEGIN says).  While a test runs, a line
#                "@@ALIVE <name> <seconds>" every 30 s tells tests/qemu.sh that the Host is
#                alive; a test killed for time says "init: <name> killed after ...".  After each
#                test its Launchers are killed and waited for (see end_launchers), so the next
#                test starts with none.  Then the kernel log between @@DMESG-BEGIN and
#                @@DMESG-END, then @@HOST-END, then power off.  tests/run.sh reads these markers
#                from the serial log; they must stay in step with it.
#   lgmode=bench (make bench, tests/bench.sh)  load lg.ko, run /bin/native-bench, then
#                `/bin/lguest /guest/guest.elf -- bench`; every line the first prints gets the
#                prefix "native ", every line of the second "guest ", all between
#                @@BENCH-BEGIN and @@BENCH-END (with @@BENCH-CPU <model name> in between, and the
#                kernel log after, between @@DMESG-BEGIN and @@DMESG-END), then power off.
#   lgmode=fuzz  (make fuzz, tests/fuzz.sh)  load lg.ko and run the fuzzers, then the hostile-
#                Launcher, timer-storm and launch-leak checks; see run_fuzz below.
#   lgmode=debug (make debug, tests/debug.sh)  load lg.ko, print one line
#                   @@LG-SECTIONS .text=ADDR .data=ADDR .bss=ADDR .rodata=ADDR switcher=ADDR @@END
#                for the debugger (where the module's sections and the Switcher's pages are),
#                then run a small Guest every few seconds, forever, for breakpoints to catch.
#   lgmode=run   load lg.ko, run the demo Guest on the console, then give a person a shell;
#                power off when that shell exits.
#
# <name> is the script's file name without .sh (/tests/20-hello.sh -> 20-hello).

PATH=/bin:/sbin:/usr/bin:/usr/sbin
export PATH

# Applet links first (needs /proc: busybox finds itself through /proc/self/exe).
/bin/busybox mkdir -p /proc /sys /dev /tmp
/bin/busybox mount -t proc proc /proc
/bin/busybox --install -s
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null || echo "init: warning: cannot mount devtmpfs on /dev"
mkdir -p /dev/pts
mount -t devpts devpts /dev/pts 2>/dev/null || true
mount -t tmpfs tmpfs /tmp
hostname -F /etc/hostname 2>/dev/null || true

# The value of word NAME=... on the kernel command line, or $2 when absent.
cmdline_value() {
    # shellcheck disable=SC2013  # words are what we want
    for w in $(cat /proc/cmdline); do
        case $w in "$1="*) echo "${w#*=}"; return ;; esac
    done
    echo "$2"
}

# Centiseconds since boot, from /proc/uptime ("123.45 ..."): the "1" prefix keeps a fraction
# such as "08" from being read as an octal number.
uptime_cs() {
    read -r up _ </proc/uptime
    echo $(( ${up%.*} * 100 + 1${up#*.} - 100 ))
}

# Centiseconds as seconds with two decimals.
cs_to_s() {
    printf '%d.%02d' $(( $1 / 100 )) $(( $1 % 100 ))
}

# How slow is this machine just now?  calibrate prints a whole number from 1 to 10: how many
# times longer than CALIBRATION_CS a fixed piece of shell work took (rounded up), and then the
# centiseconds it took.
# CALIBRATION_CS is half again what the work takes on an unloaded machine of the project's
# kind (2 cores, software emulation: about 12 cs), so that an unloaded machine gets 1, and one
# whose emulator gets a third of a CPU gets 2 or 3.  It measures the machine as the tests see
# it: a busy host, a slow CPU, or an emulated CPU model that costs more.  Rather too small than
# too large: a limit too long costs nothing while the tests pass.
CALIBRATION_CS=15
calibrate() {
    c0=$(uptime_cs)
    c=0
    while [ $c -lt 6000 ]; do c=$((c + 1)); done
    cs=$(( $(uptime_cs) - c0 ))
    c=$(( (cs + CALIBRATION_CS - 1) / CALIBRATION_CS ))
    [ $c -ge 1 ] || c=1
    [ $c -le 10 ] || c=10
    echo "$c $cs"
}

# launchers: the process ids of the running Launchers on one line (not the zombies, which
# init reaps).
launchers() {
    ids=''
    for d in /proc/[0-9]*; do
        read -r comm <"$d/comm" 2>/dev/null || continue
        [ "$comm" = lguest ] || continue
        read -r _ _ state _ <"$d/stat" 2>/dev/null || continue
        [ "$state" = Z ] || ids="$ids${ids:+ }${d#/proc/}"
    done
    echo "$ids"
}

# end_launchers NAME: no Launcher may outlive its test: it would keep lg.ko busy and the CPUs
# too.  Those still running (one that made a process group of its own escaped the test's) are
# killed, and waited for, 10 s times LG_SLOW at most, since a Guest's resources go back to the
# Host only as its Launcher's process ends.
end_launchers() {
    left=$(launchers)
    [ -z "$left" ] && return 0
    echo "init: $1 left Launchers running: $left - killing them"
    # shellcheck disable=SC2086  # one argument per process id
    kill -KILL $left 2>/dev/null
    w=0
    while [ -n "$(launchers)" ]; do
        if [ $w -ge $((100 * LG_SLOW)) ]; then
            echo "init: Launchers $(launchers) still there $((10 * LG_SLOW)) s after SIGKILL"
            return 1
        fi
        usleep 100000
        w=$((w + 1))
    done
    echo "init: they are gone"
}

# watch_test PID NAME LIMIT: run in the background beside the test PID (its process group);
# says "@@ALIVE NAME SECONDS" every 30 s, and kills the whole group when the test has run for
# LIMIT seconds, writing LIMIT to /tmp/lg-killed.  (The limit is not measured again during the
# test: then the test's own Guests, busy on every CPU, would count as the machine's slowness.)
watch_test() {
    t0=$(uptime_cs)
    beat=30
    while kill -0 "$1" 2>/dev/null; do
        sleep 1
        el=$(( ($(uptime_cs) - t0) / 100 ))
        if [ "$el" -ge "$3" ]; then
            echo "$3" >/tmp/lg-killed
            kill -KILL "-$1" 2>/dev/null
            return
        fi
        if [ "$el" -ge "$beat" ]; then
            echo "@@ALIVE $2 $el"
            beat=$((el + 30))
        fi
    done
}

run_tests() {
    # lgslow=N (make test SLOW=N) stretches every limit on a slow or busy machine, and so does
    # calibrate's measurement before each test, while no Guest runs; tests that wait for
    # something read the product as $LG_SLOW.
    lgslow=$(cmdline_value lgslow 1)
    base_limit=$(( $(cmdline_value lgtimeout 60) * lgslow ))
    echo "@@HOST-BEGIN $(uname -r) $(nproc 2>/dev/null || echo '?') cpus"
    # A run of a few tests (make test T=...) may leave out 10-load, which loads lg.ko.
    [ -f /tests/10-load.sh ] || insmod /lg.ko || echo "init: insmod /lg.ko failed"
    for t in /tests/*.sh; do
        [ -f "$t" ] || continue
        name=${t##*/}
        name=${name%.sh}
        cal=$(calibrate)
        factor=${cal% *}
        LG_SLOW=$((lgslow * factor))
        export LG_SLOW
        per_test=$((base_limit * factor))
        echo "init: calibration: ${cal#* } cs (x$factor); $name may take $per_test s"
        echo "@@TEST-BEGIN $name"
        rm -f /tmp/lg-killed
        start=$(uptime_cs)
        # One test = one script with no stdin to wait on.  setsid puts it in a process group
        # of its own (its pid: setsid does not fork, as the shell's background job is not a
        # group leader); whatever it leaves behind, e.g. a hung Launcher, is killed with that
        # group afterwards, and end_launchers makes sure no Launcher is left at all.
        cd /
        setsid sh "$t" </dev/null 2>&1 &
        pid=$!
        watch_test "$pid" "$name" "$per_test" &
        watcher=$!
        wait "$pid"
        status=$?
        end=$(uptime_cs)
        kill "$watcher" 2>/dev/null
        wait "$watcher" 2>/dev/null
        kill -KILL "-$pid" 2>/dev/null
        if [ "$status" -eq 0 ]; then
            result=pass
        else
            result=fail
            if [ -f /tmp/lg-killed ]; then
                echo "init: $name killed after the $(cat /tmp/lg-killed)s time limit"
            else
                echo "init: $name exited with status $status"
            fi
        fi
        end_launchers "$name" || result=fail
        echo "@@TEST-END $name $result $(cs_to_s $(( end - start )))"
    done
    echo "@@DMESG-BEGIN"
    dmesg
    echo "@@DMESG-END"
    echo "@@HOST-END"
}

# The measurements of `make bench`.  Each program's exit status ends up as a line of its own,
# "native exit status N" / "guest exit status N".  Nothing is bounded here: qemu.sh's --timeout
# bounds the whole boot.
# bench_ping: round-trip times from the Host, as "BENCH ping <nanoseconds> 1" lines, each the
# median of 200 pings (ping -A sends the next as the reply comes; a median, because one late
# wake-up of a few milliseconds would swamp a mean): to a Guest on a TAP device ("guest"), to
# the Host's own loopback ("native"), and to /bin/tapecho answering on a TAP device with no
# Guest behind it ("tapecho": what a TAP device and one wake-up cost any Launcher).
ping_median() {
    ping -A -c 200 -W 3 "$1" 2>/dev/null | sed -n 's/.* time=\([0-9.]*\) ms.*/\1/p' | sort -n |
        awk '{ t[NR] = $1 } END { if (NR) printf "%d\n", t[int((NR + 1) / 2)] * 1000000 }'
}
bench_ping() {
    local side ns i
    insmod /tun.ko 2>/dev/null
    ip link set lo up
    /bin/lguest --tap tapb0 /guest/guest.elf -- ip=10.0.9.2 idle=6000 </dev/null >/dev/null 2>&1 &
    gpid=$!
    /bin/tapecho tape0 10.0.8.2 &
    epid=$!
    i=0
    while ! { ip link show tapb0 && ip link show tape0; } >/dev/null 2>&1 && [ $i -lt 100 ]; do
        usleep 100000; i=$((i + 1))
    done
    ip addr add 10.0.9.1/24 dev tapb0 && ip link set tapb0 up
    ip addr add 10.0.8.1/24 dev tape0 && ip link set tape0 up
    for side in guest:10.0.9.2 tapecho:10.0.8.2 native:127.0.0.1; do
        ping -c 2 -W 3 "${side#*:}" >/dev/null 2>&1        # the ARP exchange, out of the timing
        ns=$(ping_median "${side#*:}")
        [ -n "$ns" ] && echo "${side%%:*} BENCH ping $ns 1"
    done
    kill -INT $gpid 2>/dev/null
    kill $epid 2>/dev/null
    wait $gpid $epid 2>/dev/null
}

run_bench() {
    echo "@@BENCH-BEGIN"
    echo "@@BENCH-CPU $(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo | head -n 1)"
    insmod /lg.ko || echo "init: insmod /lg.ko failed"
    cd /
    # The disk both sides read and write for blkread and blkwrite.
    dd if=/dev/zero of=/tmp/bench.img bs=1048576 count=8 2>/dev/null
    ( /bin/native-bench; echo "exit status $?" ) </dev/null 2>&1 | sed 's/^/native /'
    ( /bin/lguest --stats --memory 64 --block /tmp/bench.img /guest/guest.elf -- bench; echo "exit status $?" ) \
        </dev/null 2>&1 | sed 's/^/guest /'
    # The page-fault benchmark again with the Switcher's walker turned off (lg.ko's pf_walker):
    # the Host as it was before the walker, in the same run, for the aim that the walker at
    # least halves a demand-zero fault.  No disk, so the Guest's bench skips its block rows.
    echo 0 >/sys/module/lg/parameters/pf_walker
    ( /bin/lguest --memory 64 /guest/guest.elf -- bench; echo "exit status $?" ) </dev/null 2>&1 |
        sed 's/^/nowalker /'
    echo 1 >/sys/module/lg/parameters/pf_walker
    # make bench BASELINE=REV packs an older commit's Host, Launcher and Guest in /baseline:
    # its benchmark runs in this same boot, under its own lg.ko, on the same disk.
    if [ -f /baseline/lg.ko ]; then
        rmmod lg && insmod /baseline/lg.ko || echo "init: could not swap in /baseline/lg.ko"
        ( /baseline/lguest --memory 64 --block /tmp/bench.img /baseline/guest.elf -- bench
          echo "exit status $?" ) </dev/null 2>&1 | sed 's/^/baseline /'
        rmmod lg && insmod /lg.ko || echo "init: could not load /lg.ko again"
    fi
    bench_ping
    echo "@@BENCH-END"
    echo "@@DMESG-BEGIN"
    dmesg
    echo "@@DMESG-END"
}

# The fuzzers of `make fuzz` (tests/fuzz.sh): lgfuzzsecs=S seconds in all, half on /dev/lguest
# (devfuzz), half on the Guest's hypercalls (fuzz-guest); lgfuzzops=N stops each half at N/2
# operations first (0: no bound); lgfuzzseed=S is the first seed; then the hostile Launcher,
# the timer storm and the launch-leak test (with lgleak=N rounds).  Every line of each part
# goes out with the part's name in front ("dev ", "guest ", "check "), the Host's health
# before and after each part as host-state diff lines; all between @@FUZZ-BEGIN and @@FUZZ-END,
# then the kernel log between @@DMESG-BEGIN and @@DMESG-END.
run_fuzz() {
    secs=$(cmdline_value lgfuzzsecs 300)
    ops=$(cmdline_value lgfuzzops 0)
    seed=$(cmdline_value lgfuzzseed 1)
    half=$(( (secs + 1) / 2 ))
    dev_ops=$(( ops > 0 ? ops / 2 : 2000000000 ))
    guest_ops=$(( ops > 0 ? ops - ops / 2 : 0 ))
    export LG_SLOW=1
    echo "@@FUZZ-BEGIN secs=$secs ops=$ops seed=$seed leak=$(cmdline_value lgleak 60)"
    insmod /lg.ko || echo "init: insmod /lg.ko failed"
    cd /
    host-state snap start
    devfuzz -s "$seed" -n "$dev_ops" -t "$half" 2>&1 | sed 's/^/dev /'
    host-state snap dev
    host-state diff start dev | sed 's/^/dev /'
    fuzz-guest -s "$seed" -n "$guest_ops" -t "$half" -c 1000 -T 10 2>&1 | sed 's/^/guest /'
    sleep 1
    host-state snap guest
    host-state diff dev guest | sed 's/^/guest /'
    for t in 87-hostile-launcher 88-timer-storm 86-launch-leak; do
        if sh "/tests/$t.sh" </dev/null >/tmp/check.out 2>&1; then r=pass; else r=fail; fi
        sed "s/^/check $t /" /tmp/check.out
        echo "check $t result $r"
    done
    sleep 1
    ps | grep -E '/bin/lguest|devfuzz' | grep -v grep | sed 's/^/left /'
    host-state snap end
    host-state diff start end | sed 's/^/all /'
    echo "@@FUZZ-END"
    echo "@@DMESG-BEGIN"
    dmesg
    echo "@@DMESG-END"
}

run_interactive() {
    echo
    echo "init: loading /lg.ko"
    insmod /lg.ko || echo "init: insmod /lg.ko failed"
    insmod /tun.ko || echo "init: insmod /tun.ko failed: no network card for the Guest"
    dd if=/dev/zero of=/tmp/disk.img bs=1024 count=1024 2>/dev/null
    # Once the Guest's TAP device exists, give the Host's end an address and ping the Guest.
    # The report waits for the Guest's shell to end, so that it does not land in the middle of it.
    rm -f /tmp/ping.report
    (
        i=0
        while ! ip link show tap0 >/dev/null 2>&1 && [ $i -lt 100 ]; do usleep 100000; i=$((i + 1)); done
        ip addr add 10.0.2.1/24 dev tap0 && ip link set tap0 up &&
            echo "init: while the Guest ran, the Host pinged it at 10.0.2.2: $(ping -c 3 -W 3 10.0.2.2 2>&1 |
                grep -o '[0-9]* packets received')" >/tmp/ping.report
    ) &
    echo "init: running the Guest's shell, with a 1 MiB disk (/tmp/disk.img) and a network card:"
    echo "init:   lguest --block /tmp/disk.img --tap tap0 /guest/guest.elf -- ip=10.0.2.2 run=sh"
    echo "init: (type 'help' at guest\$; try 'write 1 hello', 'read 1', 'net'; Ctrl-D ends the input"
    echo "init:  of a program such as count, and at the prompt the shell; 'exit N' powers off with N)"
    setsid cttyhack /bin/lguest --block /tmp/disk.img --tap tap0 /guest/guest.elf -- \
        ip=10.0.2.2 run=sh
    echo "init: the Launcher exited with status $?"
    cat /tmp/ping.report 2>/dev/null
    echo
    echo "init: a Host shell for you.  Try: lguest /guest/guest.elf -- run=hello,fpu; echo \$?"
    echo "init:                              lguest /guest/guest.elf -- divide pagefault ticks=50"
    echo "init: 'exit' or Ctrl-D powers the Host off (QEMU's own escape: Ctrl-A x)."
    # setsid + cttyhack give the shell a real controlling terminal, so Ctrl-C works.
    setsid cttyhack sh -l
}

# make debug: tell the debugger where things are, then give it Guests to stop in.
run_debug() {
    insmod /lg.ko || echo "init: insmod /lg.ko failed"
    # One write for the whole line: tests/debug.sh reads the console while it grows.
    line='@@LG-SECTIONS'
    for s in .text .data .bss .rodata; do
        line="$line $s=$(cat "/sys/module/lg/sections/$s" 2>/dev/null)"
    done
    line="$line switcher=$(dmesg | sed -n 's/.*lguest: Switcher at \(0x[0-9a-f]*\)-.*/\1/p' | tail -n 1)"
    echo "$line @@END"
    echo "init: debug mode: a Guest runs every few seconds (lguest /guest/guest.elf -- run=hello ticks=20)"
    while :; do
        /bin/lguest /guest/guest.elf -- run=hello ticks=20 </dev/null
        echo "init: the Launcher exited with status $?"
        sleep 2
    done
}

case $(cmdline_value lgmode test) in
    run)  run_interactive ;;
    debug) run_debug ;;
    test) run_tests ;;
    bench) run_bench ;;
    fuzz) run_fuzz ;;
    *)    echo "init: unknown lgmode '$(cmdline_value lgmode test)'; use lgmode=test, bench, fuzz or run" ;;
esac

sync
poweroff -f
# poweroff -f does not return; if it somehow did, do not let init exit (that panics).
while :; do sleep 3600; done
