#!/usr/bin/env bash
# tests/run.sh -- the whole test suite: what `make test` runs once the artifacts are built.
#
# 1. Build-side tests: every executable tests/build/*.sh is one test, run from the top of the
#    repository with BUILD set; exit status 0 means pass.  Reported as build/<name>.
# 2. host-initramfs: tests/initramfs.sh packs build/test/initramfs.cpio.gz.
# 3. One boot of the Host under QEMU (tests/qemu.sh, test mode).  Its /init (tests/host-init.sh)
#    runs every tests/host/*.sh and frames each with markers on the serial console:
#        @@TEST-BEGIN <name>   ...output...   @@TEST-END <name> pass|fail <seconds>
#    Each END line is one report row, host/<name>.  A test that BEGAN but never ENDed (time
#    limit, crash) fails, and so does a tests/host/*.sh that never began.
# 4. Two checks of the boot as a whole:
#        host-boot              the console reached @@HOST-END (all tests ran, clean power-off)
#        host-kernel-log-clean  the kernel log (@@DMESG-BEGIN..@@DMESG-END) has no Oops, BUG,
#                               WARNING or general protection fault
#    Steps 3 and 4 run twice, the second time on another CPU model (reports host-max/...).
# 4b. The exercises' checkers, proven by tests/solutions.sh (reports solution/<N-name>).
# 5. book/weave: book/weave.sh weaves the book, whose appendix "Test Results" now shows this
#    run (build/test-report.tsv as it stands, the benchmarks, the Host's console).
# 6. The book's own checks: every executable tests/book/*.sh, like the build-side tests,
#    reported as book/<name>.  If one fails, the book is woven once more so that its first
#    page says so.
#
# Results: one line per test as it finishes (`PASS name (1.2 s)`, or `FAIL name` and the tail
# of its output), build/test-report.tsv (header `name<TAB>result<TAB>seconds`, then one row per
# test), every log under build/test/, and the last line `N passed, M failed`.  Exit status 0
# iff nothing failed.
#
# Options:
#   --cpu MODEL     QEMU CPU model for the Host      [pentium3]
#   --second-cpu M  run the Host tests again on CPU model M  [max,vendor=GenuineIntel]; '' skips
#   --timeout SECS  bound on the whole QEMU boot, a backstop  [1800]
#   --stall SECS    stop the boot after SECS without console output from the Host  [120]
#                   (a Host that is slow, not hung, keeps printing: each test's own limit
#                   follows the machine's speed, measured in the Host; see tests/host-init.sh)
#   --append WORDS  extra Host kernel command line words (e.g. lgtimeout=120)
#   --only PATTERNS run only the tests whose names match one of these words (shell patterns,
#                   e.g. '38-hostile 3*' or 'build/20-tangle'): one boot, on --cpu only unless
#                   --second-cpu is given too, and no weaving of the book (make test T=...)
#   --slow FACTOR   multiply every time limit by FACTOR (the boot's, each in-Host test's, and
#                   the waits inside tests that read LG_SLOW) on top of what the Host
#                   measures of the machine's speed by itself  [1]
#   --tests DIR     take the tests from DIR/build/*.sh and DIR/host/*.sh instead of tests/ (DIR
#                   relative to the repository; e.g. exercises/checks for `make check-exercise`),
#                   report in build/exercise/, and weave no book
#   -v, --verbose   also copy the Host's console to this terminal as it comes

set -euo pipefail
shopt -s lastpipe          # the serial-log parser at the end of a pipeline runs in this shell

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$REPO/build}
export BUILD
TESTDIR=$BUILD/test
REPORT=$BUILD/test-report.tsv
SERIAL=$TESTDIR/serial.log
INITRD=$TESTDIR/initramfs.cpio.gz

cpu=pentium3 second_cpu=max,vendor=GenuineIntel limit=1800 stall=120 append='' verbose=0 only='' slow=1
troot=tests
second_given=0
while [ $# -gt 0 ]; do
    case $1 in
        --cpu)        cpu=$2; shift 2 ;;
        --second-cpu) second_cpu=$2; second_given=1; shift 2 ;;
        --only)       only=$2; shift 2 ;;
        --tests)      troot=${2%/}; shift 2 ;;
        --slow)       slow=$2; shift 2 ;;
        --timeout)    limit=$2; shift 2 ;;
        --stall)      stall=$2; shift 2 ;;
        --append)     append="$append $2"; shift 2 ;;
        -v|--verbose) verbose=1; shift ;;
        -h|--help)    sed -n '2,/^$/p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *)            echo "run.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
done

case $slow in
    ''|*[!0-9]*|0) echo "run.sh: --slow wants a whole number from 1 up, not '$slow'" >&2; exit 2 ;;
esac
limit=$((limit * slow)) stall=$((stall * slow))
# slub_debug on the task_struct cache: a Host that touched a freed task (51-hole-task) would
# find it poisoned and hang or oops, rather than get away with it.
append="$append lgslow=$slow slub_debug=FZPU,task_struct"
[ -n "$only" ] && [ "$second_given" -eq 0 ] && second_cpu=''
export LG_TESTS=$only
[ -d "$REPO/$troot" ] || { echo "run.sh: no test directory $REPO/$troot" >&2; exit 2; }
export LG_HOST_TESTS=$REPO/$troot/host
if [ "$troot" != tests ]; then
    # Somebody else's tests (the exercises' checkers): their own report, and no book.
    TESTDIR=$BUILD/exercise REPORT=$BUILD/exercise/report.tsv
    SERIAL=$TESTDIR/serial.log INITRD=$TESTDIR/initramfs.cpio.gz
    [ "$second_given" -eq 0 ] && second_cpu=''
fi

# selected NAME: is the test NAME (e.g. build/20-tangle, or 38-hostile for host/38-hostile)
# among those --only asks for?  Everything is, without --only.
selected() {
    local p
    local -
    set -f                 # the patterns are for [[ == ]], not for the files of the cwd
    [ -z "$only" ] && return 0
    for p in $only; do
        # shellcheck disable=SC2053  # a pattern on purpose
        [[ $1 == $p || ${1#*/} == $p ]] && return 0
    done
    return 1
}

mkdir -p "$TESTDIR"
rm -f "$TESTDIR"/build-*.log "$TESTDIR"/host-*.log "$TESTDIR"/host-max-*.log "$TESTDIR"/book-*.log
printf 'name\tresult\tseconds\n' >"$REPORT"
passed=0 failed=0

# now_ns -> nanoseconds of wall time; elapsed START_NS -> seconds since, like "1.23"
now_ns()  { date +%s%N; }
elapsed() { local d=$(( ($(now_ns) - $1) / 10000000 )); printf '%d.%02d' $((d / 100)) $((d % 100)); }

# record NAME pass|fail SECONDS [LOG]: one report row and one line on the terminal; a failure
# also shows the last lines of LOG (a file) when there is one.
record() {
    local name=$1 result=$2 secs=$3 log=${4:-}
    printf '%s\t%s\t%s\n' "$name" "$result" "$secs" >>"$REPORT"
    if [ "$result" = pass ]; then
        passed=$((passed + 1))
        printf 'PASS %s (%s s)\n' "$name" "$secs"
    else
        failed=$((failed + 1))
        printf 'FAIL %s\n' "$name"
        if [ -n "$log" ] && [ -s "$log" ]; then
            tail -n 25 "$log" | sed 's/^/    | /'
            printf '    (all of it: %s)\n' "$log"
        fi
    fi
}

# run_scripts DIR: every executable tests/DIR/*.sh is one test, run from the top of the
# repository, reported as DIR/<name>, its output in build/test/DIR-<name>.log.
run_scripts() {
    local t name log start
    for t in "$REPO/$troot/$1"/*.sh; do
        if [ ! -f "$t" ] || [ ! -x "$t" ]; then continue; fi
        name=$(basename "$t" .sh)
        selected "$1/$name" || continue
        log=$TESTDIR/$1-$name.log
        start=$(now_ns)
        if (cd "$REPO" && "$t") </dev/null >"$log" 2>&1; then
            record "$1/$name" pass "$(elapsed "$start")" "$log"
        else
            record "$1/$name" fail "$(elapsed "$start")" "$log"
        fi
    done
}

# --- 1. build-side tests -----------------------------------------------------------------
run_scripts build

# Which in-Host tests run (all, or those --only names); none: no boot at all.
host_tests=()
for t in "$REPO/$troot"/host/*.sh; do
    [ -f "$t" ] || continue
    selected "host/$(basename "$t" .sh)" && host_tests+=("$(basename "$t" .sh)")
done
if [ ${#host_tests[@]} -eq 0 ]; then
    second_cpu=''
fi

# --- 2. the initramfs ----------------------------------------------------------------------
start=$(now_ns)
if [ ${#host_tests[@]} -gt 0 ]; then
initramfs_ok=0
if "$REPO/tests/initramfs.sh" "$INITRD" >"$TESTDIR/host-initramfs.log" 2>&1; then
    initramfs_ok=1
    record host-initramfs pass "$(elapsed "$start")"
else
    record host-initramfs fail "$(elapsed "$start")" "$TESTDIR/host-initramfs.log"
fi
fi

# --- 3 and 4, once per CPU model: boot_host PREFIX CPU [WORDS] boots the Host on that CPU model, runs
# every tests/host/*.sh there (with extra kernel command line words, if given) and checks the
# boot as a whole; reports are named PREFIX/<test>,
# PREFIX-boot and PREFIX-kernel-log-clean, logs build/test/PREFIX-*.
boot_host() {
P=$1 bootcpu=$2 bootappend="$append${3:+ $3}"
SERIAL=$TESTDIR/$P-serial.log
declare -gA began=()
# --- 3. boot the Host once and read its console as it comes ---------------------------------
# parse_console: reads the console on stdin; writes each test's output to
# build/test/host-<name>.log and records it when its END marker arrives.  Markers are looked for
# anywhere in a line, since a kernel message can land in front of one on the console.
# Console lines that tell of a kernel in trouble (diagnostics only; see also bad_re below).
trouble_re='Kernel panic|Oops|BUG|WARNING|general protection|double fault|Unable to handle'

parse_console() {
    local line cur='' curlog='' rest name result secs cur_start=0
    while IFS= read -r line; do
        line=${line%$'\r'}
        [ "$verbose" -eq 1 ] && printf '%s\n' "$line"
        case $line in
            *@@ALIVE\ *)          # the Host's sign of life during a long test: no one's output
                ;;
            *@@TEST-BEGIN\ *)
                rest=${line#*@@TEST-BEGIN }
                cur=${rest%% *}
                curlog=$TESTDIR/$P-$cur.log
                began[$cur]=1
                cur_start=$(now_ns)
                : >"$curlog"
                ;;
            *@@TEST-END\ *)
                read -r name result secs _ <<<"${line#*@@TEST-END }"
                [ "$result" = pass ] || result=fail
                record "$P/$name" "$result" "${secs:-0}" "$TESTDIR/$P-$name.log"
                cur='' curlog=''
                ;;
            *)
                [ -z "$curlog" ] || printf '%s\n' "$line" >>"$curlog"
                ;;
        esac
    done
    if [ -n "$cur" ]; then
        local trouble
        trouble=$(grep -m 8 -E "$trouble_re" "$curlog" || true)
        printf '(no @@TEST-END for %s: the test or the Host hung or crashed here)\n' "$cur" >>"$curlog"
        if [ -n "$trouble" ]; then
            printf '%s\n' "--- the first lines of its output that look like kernel trouble:" \
                "$trouble" >>"$curlog"
        fi
        record "$P/$cur" fail "$(elapsed "$cur_start")" "$curlog"
    fi
}

boot_start=$(now_ns)
qemu_status=
if [ "$initramfs_ok" -eq 1 ]; then
    set +e
    "$REPO/tests/qemu.sh" --mode test --cpu "$bootcpu" --timeout "$limit" --stall "$stall" --log "$SERIAL" \
        --initrd "$INITRD" ${bootappend:+--append "$bootappend"} 2>&1 | parse_console
    qemu_status=${PIPESTATUS[0]}
    set -e
else
    : >"$SERIAL"
fi
boot_secs=$(elapsed "$boot_start")

# Host tests that never began at all (the boot died before them, or no boot).
for name in "${host_tests[@]}"; do
    if [ -z "${began[$name]:-}" ]; then
        echo "(never started: the Host did not get to it; serial log: $SERIAL)" >"$TESTDIR/$P-$name.log"
        record "$P/$name" fail 0.00 "$TESTDIR/$P-$name.log"
    fi
done

# --- 4. the boot as a whole ----------------------------------------------------------------
tr -d '\r' <"$SERIAL" >"$TESTDIR/$P-serial.txt"        # the log without the serial line's CRs
if grep -q '@@HOST-END' "$TESTDIR/$P-serial.txt"; then
    record $P-boot pass "$boot_secs"
else
    {
        if [ "$initramfs_ok" -ne 1 ]; then
            echo "no boot: the initramfs was not built"
        else
            echo "the console never reached @@HOST-END (qemu.sh exit status $qemu_status)"
            echo "--- the end of $SERIAL:"
            tail -n 30 "$TESTDIR/$P-serial.txt"
            if grep -qE "$trouble_re" "$TESTDIR/$P-serial.txt"; then
                echo "--- the first lines of the console that look like kernel trouble:"
                grep -m 8 -E "$trouble_re" "$TESTDIR/$P-serial.txt"
            fi
        fi
    } >"$TESTDIR/$P-boot.log"
    record $P-boot fail "$boot_secs" "$TESTDIR/$P-boot.log"
fi

# \bBUG\b: a backtrace may name a function such as paravirt_BUG, which is no bug report.
bad_re='Oops|\bBUG\b|WARNING|general protection'
sed -n '/@@DMESG-BEGIN/,/@@DMESG-END/p' "$TESTDIR/$P-serial.txt" >"$TESTDIR/$P-dmesg.txt"
if [ ! -s "$TESTDIR/$P-dmesg.txt" ]; then
    {
        echo "no kernel log section in the console (the boot did not finish)"
        echo "--- lines of the whole console that look like kernel trouble:"
        grep -m 20 -E "$trouble_re" "$TESTDIR/$P-serial.txt" || echo "(none)"
    } >"$TESTDIR/$P-kernel-log-clean.log"
    record $P-kernel-log-clean fail 0.00 "$TESTDIR/$P-kernel-log-clean.log"
elif grep -E "$bad_re" "$TESTDIR/$P-dmesg.txt" >"$TESTDIR/$P-kernel-log-clean.log"; then
    record $P-kernel-log-clean fail 0.00 "$TESTDIR/$P-kernel-log-clean.log"
else
    record $P-kernel-log-clean pass 0.00
fi

}

if [ ${#host_tests[@]} -gt 0 ]; then
    case $cpu in max*) boot_host host-max "$cpu" lgexpect=smep,smap,umip ;; *) boot_host host "$cpu" ;; esac
fi
# The whole Host suite again on a CPU with every modern protection the emulator has (SMEP, SMAP,
# UMIP).  QEMU's "max" calls itself AMD by default, which makes this kernel warn; Intel it is.
[ -n "$second_cpu" ] && boot_host host-max "$second_cpu" lgexpect=smep,smap,umip

if [ -n "$only" ] || [ "$troot" != tests ]; then
    echo "report: $REPORT (only: ${only:-$troot}; the book was not woven)"
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
fi

# --- 4b. the exercises' checkers: each fails on the book as it stands and passes with its
# reference solution (tests/solutions.sh; rows solution/N-name and checker/N-name) ----------
if [ -n "$(ls "$REPO"/exercises/checks/*/*.sh 2>/dev/null)" ]; then
    "$REPO/tests/solutions.sh" --slow "$slow" >"$TESTDIR/solutions.log" 2>&1 || true
    if [ -f "$BUILD/solutions/report.tsv" ]; then
        tail -n +2 "$BUILD/solutions/report.tsv" | while IFS=$'\t' read -r name result secs; do
            grep -A1 "^FAIL $name\$" "$TESTDIR/solutions.log" >"$TESTDIR/$(echo "$name" | tr / -).log" || true
            record "$name" "$result" "$secs" "$TESTDIR/$(echo "$name" | tr / -).log"
        done
    fi
    grep -q ' passed, 0 failed$' "$TESTDIR/solutions.log" ||
        record solutions fail 0.00 "$TESTDIR/solutions.log"
fi

# --- 5. weave the book with this run's results, and 6. check it --------------------------------
start=$(now_ns)
if "$REPO/book/weave.sh" all >"$TESTDIR/book-weave.log" 2>&1; then
    record book/weave pass "$(elapsed "$start")"
    before=$failed
    run_scripts book
    if [ "$failed" -gt "$before" ]; then
        # so that the book's first page names the failed book checks too
        "$REPO/book/weave.sh" all >>"$TESTDIR/book-weave.log" 2>&1 ||
            echo "run.sh: weaving the book again failed (see $TESTDIR/book-weave.log)"
    fi
else
    record book/weave fail "$(elapsed "$start")" "$TESTDIR/book-weave.log"
    for t in "$REPO"/tests/book/*.sh; do
        [ -x "$t" ] || continue
        echo "(not run: the book could not be woven)" >"$TESTDIR/book-$(basename "$t" .sh).log"
        record "book/$(basename "$t" .sh)" fail 0.00 "$TESTDIR/book-$(basename "$t" .sh).log"
    done
fi

# --- summary ---------------------------------------------------------------------------------
echo "report: $REPORT"
if [ "$failed" -gt 0 ]; then
    echo "logs: $TESTDIR/ (Host serial consoles: $TESTDIR/host*-serial.log; kernel logs: $TESTDIR/host*-dmesg.txt)"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
