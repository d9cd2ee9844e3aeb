#!/usr/bin/env bash
# tests/bench.sh -- what `make bench` runs once the artifacts (and build/bin/native-bench) are
# built: the Guest's benchmark programs timed three ways, with the TSC, in one invocation:
#
#   (a) guest-native  build/bin/guest.elf booted with `qemu-system-i386 -kernel` on this machine,
#                     with no Host (the Guest kernel's native operations, Chapter 2), -m 64;
#   (b) guest-lg      the same guest.elf under lg.ko: `lguest --memory 64 --block ... -- bench`,
#                     in the Host booted by tests/qemu.sh;
#   (c) linux         tests/bench/native.c doing the same work on that Host's Linux.
#
# (a) and (b) run the same kernel and programs on the same emulated CPU, so (b)/(a) is the cost
# of the Host and nothing else: that is the ratio column and what every aim is about.  (c) is for
# reference; the disk and network rows have no (a) (the Launcher's devices do not exist natively)
# and are compared with (c): pread/pwrite of the same file, and ping over loopback.
#
# 1. tests/initramfs.sh packs build/bench/initramfs.cpio.gz (with /bin/native-bench and the
#    tools, /bin/tapecho among them).
# 2. The native boot of guest.elf (console: build/bench/guest-native.log), then
#    tests/qemu.sh --mode bench boots the Host; its /init (tests/host-init.sh, lgmode=bench)
#    loads lg.ko, runs /bin/native-bench and then the Guest, and prints, between @@BENCH-BEGIN
#    and @@BENCH-END, their output line by line with the prefix "native " or "guest ".  Then
#    the Guest's benchmark once more with lg.ko's page-fault walker off (prefix "nowalker "),
#    and the pings: to the Guest, to the loopback and to /bin/tapecho (prefix "tapecho "), a
#    program that answers pings on a TAP device with no Guest behind it.
# 3. Every program prints one line per benchmark:
#        BENCH <name> <total_tsc_cycles> <operations> [<trips>]
#    where <trips> (the Guest under lg.ko only) is how many times the Guest came back to the
#    Host of its own doing during the timed operations, as the Host counted them (the Host's
#    own interrupts left out).  This script divides each total by its operations.
#
# Results: build/bench.tsv, header
#    name  guest_native  guest_lg  linux  unit  ratio  base  trips_per_op  aim  result
# one row per benchmark: unit cycles/op (ns/op for ping, the median of 200); ratio = guest_lg /
# guest_native, or guest_lg / linux where base says "linux"; trips_per_op from (b); aim
# "ratio<=X", "trips<=X" or "pagefault/this<=X" (that row's guest_lg over this row's) and met/not
# met; n/a where a side has no number.  Two rows measure the same thing another way:
# pagefault_nowalker is pagefault with lg.ko's walker off (pf_walker=0, the Host before the
# walker), and ping_tapecho puts tapecho's round trip in the linux column: the floor for any
# Launcher that serves its network card from a program.  The same table on the terminal.  The Host's
# console is in build/bench/serial.log, each side's output in build/bench/{native,guest}.txt.
# Exit status 0 iff both boots got to the end and every number that should exist does; the
# aims being met or not does not change it.
#
# The numbers are TSC ticks of a 32-bit x86 CPU emulated in software by QEMU (TCG, never KVM),
# whose TSC follows the build machine's clock; they say how the Guest compares with itself and
# with Linux on that machine, not what real hardware would do.  Under emulation every trip
# through the Switcher reloads %cr3 twice, which empties QEMU's software TLB: the trips column
# is the number that carries over to other machines.
#
# Options:
#   --cpu MODEL     QEMU CPU model for the Host and the native Guest  [pentium3, as in make test]
#   --timeout SECS  bound on the QEMU boot           [900]
#   --append WORDS  extra Host kernel command line words
#   -v, --verbose   copy the whole Host console to this terminal (else only the BENCH part)
#   --no-boot       do not boot: make the table again from the consoles of the last run
#                   (build/bench/serial.log, or --log FILE, and build/bench/guest-native.log)
#   --log FILE      the serial log to write (or, with --no-boot, to read) [build/bench/serial.log]
#   --baseline REV  also build commit REV of this repository (git archive, in build/baseline)
#                   and run its Guest's benchmark under its own lg.ko and Launcher in the same
#                   Host boot (prefix "baseline "); a second table compares (b) with REV's (b):
#                   build/bench-baseline.tsv, header
#                       name  guest_lg  baseline_lg  unit  ratio  trips_per_op  baseline_trips  aim  result
#                   with the aim that the walker at least halves a page fault (pagefault ratio<=0.5).

set -euo pipefail
export LC_ALL=C            # decimal points, whatever the locale

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$REPO/build}
export BUILD
BENCHDIR=$BUILD/bench
SERIAL=$BENCHDIR/serial.log
GNLOG=$BENCHDIR/guest-native.log
KERNEL=$BUILD/bin/guest.elf
INITRD=$BENCHDIR/initramfs.cpio.gz
TSV=$BUILD/bench.tsv
NATIVE_BENCH=${NATIVE_BENCH:-$BUILD/bin/native-bench}
export NATIVE_BENCH

# The benchmarks, in table order, and the aim for each (- = none): ratio<=X on (b)/(a) (or
# (b)/(c) for the rows with no native Guest number), or trips<=X on (b)'s trips per operation.
# syscall: the Guest's system calls go straight to it through the processor (Chapter 5), so no
# trip and no cost.  pagefault: one trip per demand-zero fault (lguest's M:012, Chapter 6), and
# 1% more for the timer, whose tick preempts the program now and then (a context switch costs a
# trip of its own).
# cpuloop, memtouch: arithmetic and memory must not notice the Host at all.
# blkread/blkwrite: at least 80% of the Host's pread/pwrite throughput, 1/0.8 = 1.25 the time.
# pagefault_nowalker: the walker at least halves a fault's cycles, against the Host without it.
# ping: round-trip time host->Guest over TAP, at most 3 times host->host loopback (ns).
NAMES=(hypercall syscall pagefault pagefault_nowalker ctxswitch cpuloop memtouch spawn
       blkread blkwrite ping ping_tapecho)
declare -A UNIT=([ping]=ns/op [ping_tapecho]=ns/op)
declare -A AIM=([hypercall]=- [syscall]='ratio<=1.1' [pagefault]='trips<=1.01'
                [pagefault_nowalker]='pagefault/this<=0.5' [ctxswitch]=-
                [cpuloop]='ratio<=1.02' [memtouch]='ratio<=1.05' [spawn]=-
                [blkread]='ratio<=1.25' [blkwrite]='ratio<=1.25' [ping]='ratio<=3'
                [ping_tapecho]=-)

cpu=pentium3 limit=900 append='' verbose=0 boot=1 baseline=''
BASETSV=$BUILD/bench-baseline.tsv
while [ $# -gt 0 ]; do
    case $1 in
        --cpu)        cpu=$2; shift 2 ;;
        --timeout)    limit=$2; shift 2 ;;
        --append)     append="$append $2"; shift 2 ;;
        -v|--verbose) verbose=1; shift ;;
        --no-boot)    boot=0; shift ;;
        --log)        SERIAL=$2; shift 2 ;;
        --baseline)   baseline=$2; shift 2 ;;
        -h|--help)    sed -n '2,/^$/p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *)            echo "bench.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
done

die() { printf 'bench.sh: error: %s\n' "$*" >&2; exit 1; }

mkdir -p "$BENCHDIR"
rm -f "$TSV" "$BASETSV"
[ "$boot" -eq 0 ] || rm -f "$BENCHDIR/baseline.rev"

if [ "$boot" -eq 1 ]; then
[ -x "$NATIVE_BENCH" ] || die "no $NATIVE_BENCH (make bench builds it from tests/bench/native.c)"

# --- 1. the baseline, if asked for, and the initramfs ---------------------------------------------
adds=()
if [ -n "$baseline" ]; then
    BASE=$BUILD/baseline
    rev=$(git -C "$REPO" rev-parse --verify --quiet "$baseline^{commit}") ||
        die "--baseline: '$baseline' is not a commit of $REPO"
    echo "bench: building the baseline, ${rev:0:12}, in $BASE/src (log: $BASE/build.log)"
    rm -rf "$BASE" && mkdir -p "$BASE/src/build"
    git -C "$REPO" archive "$rev" | tar -x -C "$BASE/src"
    # The kernel packages and headers are the same; share them rather than fetch them again.
    for d in cache kernel; do [ ! -e "$BUILD/$d" ] || ln -s "$BUILD/$d" "$BASE/src/build/$d"; done
    git -C "$REPO" log -1 --format='%h %s' "$rev" | cut -c1-72 >"$BENCHDIR/baseline.rev"
    make -C "$BASE/src" module launcher guest >"$BASE/build.log" 2>&1 ||
        die "the baseline did not build (see $BASE/build.log)"
    for f in lg.ko lguest guest.elf; do adds+=(--add "$BASE/src/build/bin/$f=baseline/$f"); done
fi
"$REPO/tests/initramfs.sh" "${adds[@]}" "$INITRD" >"$BENCHDIR/initramfs.log" 2>&1 || {
    cat "$BENCHDIR/initramfs.log" >&2
    die "could not build the initramfs"
}

# --- 2. one boot ---------------------------------------------------------------------------------
# show: the console as it comes; everything with -v, else the lines between the BENCH markers.
show() {
    local line on=0
    while IFS= read -r line; do
        line=${line%$'\r'}
        if [ "$verbose" -eq 1 ]; then printf '%s\n' "$line"; continue; fi
        case $line in
            *@@BENCH-BEGIN*) on=1 ;;
            *@@BENCH-END*)   on=0 ;;
            *) [ "$on" -eq 0 ] || printf '  | %s\n' "$line" ;;
        esac
    done
}

[ -f "$KERNEL" ] || die "no $KERNEL (make guest builds it)"
echo "bench: (a) booting guest.elf with no Host (qemu-system-i386 -cpu $cpu -kernel, TCG)"
set +e
timeout "$limit" qemu-system-i386 -cpu "$cpu" -m 64 -display none -no-reboot -monitor none \
    -serial "file:$GNLOG" -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
    -kernel "$KERNEL" -append bench </dev/null
gn_status=$?
set -e
grep -a 'BENCH' "$GNLOG" | tr -d '\r' | sed 's/^/  | /'
echo "bench: (b) and (c) booting the Host (qemu-system-i386 -cpu $cpu -smp 2, TCG);" \
    "this takes a few minutes"
set +e
"$REPO/tests/qemu.sh" --mode bench --cpu "$cpu" --timeout "$limit" --log "$SERIAL" \
    --initrd "$INITRD" ${append:+--append "$append"} 2>&1 | show
qemu_status=${PIPESTATUS[0]}
set -e
else
    [ -f "$SERIAL" ] || die "--no-boot: no console log $SERIAL"
    [ -f "$GNLOG" ] || die "--no-boot: no console log $GNLOG"
    qemu_status='(not booted)' gn_status='(not booted)'
fi

# --- 3. read the console ---------------------------------------------------------------------------
tr -d '\r' <"$SERIAL" >"$BENCHDIR/serial.txt"
# The native Guest's console has nothing but the Guest on it: its lines are the "gnative" side.
tr -d '\r' <"$GNLOG" | sed 's/^/gnative /' >"$BENCHDIR/gnative-all.txt"
sed -n '/@@BENCH-BEGIN/,/@@BENCH-END/p' "$BENCHDIR/serial.txt" >"$BENCHDIR/bench.txt"
# Each side's output, and its BENCH lines, which are looked for anywhere in a line: a kernel
# message can land in front of one on the console.  "native" is Linux (c), "guest" the Guest
# under lg.ko (b), "gnative" the Guest with no Host (a).
for side in native guest gnative nowalker tapecho baseline; do
    src=$BENCHDIR/bench.txt
    [ "$side" != gnative ] || src=$BENCHDIR/gnative-all.txt
    sed -n "s/^$side //p" "$src" >"$BENCHDIR/$side.txt"
    grep -oE "(^|[^[:alnum:]])$side BENCH [^ ]+ [0-9]+ [0-9]+( [0-9]+)?" "$src" |
        sed "s/^.*$side //" >"$BENCHDIR/$side-bench.txt" || true
done
host_cpu=$(sed -n 's/^.*@@BENCH-CPU \{0,1\}//p' "$BENCHDIR/bench.txt" | head -n 1)
build_cpu=$(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo 2>/dev/null | head -n 1)
qemu_version=$(qemu-system-i386 --version | sed -n '1s/^QEMU emulator version //p')

# For every "BENCH name total ops [trips]" line in FILE, "name cycles/op trips/op ops" (trips/op
# is n/a without a trips field; the last line for a name wins).
per_op() {
    awk '{ for (i = 1; i <= NF - 3; i++) if ($i == "BENCH" && $(i+2) ~ /^[0-9]+$/ && $(i+3) ~ /^[0-9]+$/) {
               if ($(i+3) > 0) {
                   v[$(i+1)] = sprintf("%.6f", $(i+2) / $(i+3))
                   t[$(i+1)] = ($(i+4) ~ /^[0-9]+$/) ? sprintf("%.3f", $(i+4) / $(i+3)) : "n/a"
                   o[$(i+1)] = $(i+3)
               }
               if (!($(i+1) in seen)) { seen[$(i+1)] = 1; order[++n] = $(i+1) }
               break
           } }
         END { for (k = 1; k <= n; k++) if (order[k] in v) print order[k], v[order[k]], t[order[k]], o[order[k]] }' "$1"
}
declare -A LINUX=() GUEST=() GNATIVE=() TRIPS=() OPS=()
while read -r n v t o; do LINUX[$n]=$v; done < <(per_op "$BENCHDIR/native-bench.txt")
while read -r n v t o; do GUEST[$n]=$v; TRIPS[$n]=$t; OPS[$n]=$o; done < <(per_op "$BENCHDIR/guest-bench.txt")
while read -r n v t o; do GNATIVE[$n]=$v; done < <(per_op "$BENCHDIR/gnative-bench.txt")
# The two rows made from other runs: the walker's (a) and (c) are pagefault's.
while read -r n v t o; do
    [ "$n" = pagefault ] || continue
    GUEST[pagefault_nowalker]=$v TRIPS[pagefault_nowalker]=$t
    [ -z "${GNATIVE[pagefault]:-}" ] || GNATIVE[pagefault_nowalker]=${GNATIVE[pagefault]}
    [ -z "${LINUX[pagefault]:-}" ] || LINUX[pagefault_nowalker]=${LINUX[pagefault]}
done < <(per_op "$BENCHDIR/nowalker-bench.txt")
while read -r n v t o; do
    [ "$n" = ping ] || continue
    LINUX[ping_tapecho]=$v
    [ -z "${GUEST[ping]:-}" ] || GUEST[ping_tapecho]=${GUEST[ping]}
done < <(per_op "$BENCHDIR/tapecho-bench.txt")
# Names only one side knows go after the standard ones.
for f in native guest gnative; do
    for n in $(per_op "$BENCHDIR/$f-bench.txt" | cut -d' ' -f1); do
        case " ${NAMES[*]} " in *" $n "*) ;; *) NAMES+=("$n"); AIM[$n]=- ;; esac
    done
done

# columns LEFT: the '|'-separated rows on stdin as aligned columns, the columns numbered in LEFT
# (and the heading row) to the left, the others (numbers) to the right.
columns() {
    awk -F'|' -v left=" $1 " '
        { for (i = 1; i <= NF; i++) { cell[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } nf = NF }
        END { for (r = 1; r <= NR; r++) {
                  line = ""
                  for (i = 1; i <= nf; i++) {
                      f = (r == 1 || index(left, " " i " ")) ? "%-" w[i] "s" : "%" w[i] "s"
                      line = line (i > 1 ? "  " : "") sprintf(f, cell[r, i])
                  }
                  sub(/ +$/, "", line); print line
              } }'
}

# --- 4. the table ----------------------------------------------------------------------------------
printf 'name\tguest_native\tguest_lg\tlinux\tunit\tratio\tbase\ttrips_per_op\taim\tresult\n' >"$TSV"
rows=()
for n in "${NAMES[@]}"; do
    a=${GNATIVE[$n]:-n/a} g=${GUEST[$n]:-n/a} l=${LINUX[$n]:-n/a} trips=${TRIPS[$n]:-n/a}
    aim=${AIM[$n]} ratio=n/a base=n/a verdict=n/a
    # The ratio is against the Guest on bare hardware; a row it cannot run is against Linux.
    if [ "$a" != n/a ]; then base=guest_native den=$a; else base=linux den=$l; fi
    # The ratio, and whether it meets the aim, come from the unrounded numbers.
    if [ "$g" != n/a ] && [ "$den" != n/a ]; then
        ratio=$(awk -v g="$g" -v d="$den" 'BEGIN { if (d <= 0) print "n/a"; else printf "%.3f\n", g / d }')
    fi
    case $aim in
        ratio\<=*) [ "$ratio" = n/a ] ||
            verdict=$(awk -v r="$ratio" -v a="${aim#ratio<=}" 'BEGIN { print (r <= a + 0 ? "met" : "not_met") }') ;;
        trips\<=*) [ "$trips" = n/a ] ||
            verdict=$(awk -v t="$trips" -v a="${aim#trips<=}" 'BEGIN { print (t <= a + 0 ? "met" : "not_met") }') ;;
        */this\<=*) other=${GUEST[${aim%%/*}]:-n/a}
            [ "$other" = n/a ] || [ "$g" = n/a ] ||
            verdict=$(awk -v o="$other" -v g="$g" -v a="${aim#*<=}" \
                'BEGIN { print (g > 0 && o / g <= a + 0 ? "met" : "not_met") }') ;;
    esac
    verdict=${verdict/_/ }
    for v in a g l; do [ "${!v}" = n/a ] || printf -v "$v" '%.2f' "${!v}"; done
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$a" "$g" "$l" "${UNIT[$n]:-cycles/op}" \
        "$ratio" "$base" "$trips" "$aim" "$verdict" >>"$TSV"
    [ "$base" = linux ] && ratio="$ratio (c)"
    rows+=("$n|$a|$g|$l|${UNIT[$n]:-cycles/op}|$ratio|$trips|${aim/-/n\/a}|$verdict")
done

echo
{
    echo "name|(a) guest native|(b) guest on lg.ko|(c) Linux|unit|(b)/(a)|trips/op|aim|result"
    printf '%s\n' "${rows[@]}"
} | columns '1 5 8 9'
echo
echo "CPU: QEMU ${qemu_version:-?} -cpu $cpu (\"${host_cpu:-?}\"), software emulation" \
    "(TCG, no KVM), on a ${build_cpu:-?}; TSC cycles follow the build machine's clock."
echo "(a) guest.elf with no Host, -m 64; (b) the same under lg.ko, --memory 64, in the Host (-smp 2);"
echo "(c) Linux 6.1 on that Host.  (b)/(a) is the price of the Host; \"(c)\" marks a ratio (b)/(c)"
echo "for the rows the Guest cannot run without the Launcher's devices.  hypercall: (b) is"
echo "LHCALL_NOP, (a) a reload of %cr3, (c) the null system call.  pagefault_nowalker: (b) with"
echo "lg.ko's walker off, its aim on pagefault's (b) over its own.  ping: medians of 200;"
echo "ping_tapecho: (c) is a program answering on a TAP device, with no Guest behind it."
echo "table: $TSV   consoles: $SERIAL $GNLOG"

# --- 4b. against an older commit, when one ran in the same boot (--baseline) ------------------------
# The table of the commits' (b) columns, and one aim: the walker at least halves a demand-zero
# fault against the Host that had none.  A row whose number of operations differs between the
# two measures a different operation (the disk rows once moved 64 KiB at a time, now 1 MiB),
# and is named, not compared.
declare -A BASEV=() BASET=() BASEO=()
while read -r n v t o; do BASEV[$n]=$v; BASET[$n]=$t; BASEO[$n]=$o; done < <(per_op "$BENCHDIR/baseline-bench.txt")
if [ ${#BASEV[@]} -gt 0 ]; then
    printf 'name\tguest_lg\tbaseline_lg\tunit\tratio\ttrips_per_op\tbaseline_trips\taim\tresult\n' >"$BASETSV"
    brows=() skipped=()
    for n in "${NAMES[@]}"; do
        g=${GUEST[$n]:-} b=${BASEV[$n]:-}
        [ -n "$g" ] && [ -n "$b" ] || continue
        if [ "${OPS[$n]:-}" != "${BASEO[$n]:-}" ]; then
            skipped+=("$n (${BASEO[$n]:-?} operations there, ${OPS[$n]:-?} here)")
            continue
        fi
        ratio=$(awk -v g="$g" -v b="$b" 'BEGIN { if (b <= 0) print "n/a"; else printf "%.3f\n", g / b }')
        aim=- verdict=n/a
        if [ "$n" = pagefault ] && [ "$ratio" != n/a ]; then
            aim='ratio<=0.5'
            verdict=$(awk -v r="$ratio" 'BEGIN { print (r <= 0.5 ? "met" : "not met") }')
        fi
        printf '%s\t%.2f\t%.2f\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$g" "$b" "${UNIT[$n]:-cycles/op}" \
            "$ratio" "${TRIPS[$n]:-n/a}" "${BASET[$n]}" "$aim" "$verdict" >>"$BASETSV"
        brows+=("$(printf '%s|%.2f|%.2f|%s|%s|%s|%s|%s|%s' "$n" "$g" "$b" "${UNIT[$n]:-cycles/op}" \
            "$ratio" "${TRIPS[$n]:-n/a}" "${BASET[$n]}" "${aim/-/n\/a}" "$verdict")")
    done
    echo
    echo "Against the baseline $(cat "$BENCHDIR/baseline.rev" 2>/dev/null || echo '(commit not recorded)'),"
    echo "run in the same Host boot under its own lg.ko and Launcher:"
    {
        echo "name|(b) this tree|(b) baseline|unit|ratio|trips/op|baseline trips/op|aim|result"
        printf '%s\n' "${brows[@]}"
    } | columns '1 4 8 9'
    [ ${#skipped[@]} -eq 0 ] || echo "Not compared, being different operations: ${skipped[*]}."
    echo "table: $BASETSV"
fi

# --- 5. what went wrong, if anything -----------------------------------------------------------------
status=0
if ! grep -q '@@BENCH-END' "$BENCHDIR/serial.txt"; then
    echo "bench: the Host never reached @@BENCH-END (qemu.sh exit status $qemu_status); the end of the console:"
    tail -n 20 "$BENCHDIR/serial.txt" | sed 's/^/    | /'
    status=1
fi
if ! grep -q 'Guest: powering off with status 0' "$BENCHDIR/gnative.txt"; then
    echo "bench: the Guest with no Host did not finish its benchmark (QEMU's status $gn_status," \
        "its console: $GNLOG)"
    status=1
fi
for n in "${NAMES[@]}"; do
    if [ -z "${LINUX[$n]:-}" ]; then
        echo "bench: no (c) number for $n (the outputs: $BENCHDIR/native.txt, tapecho.txt)"
        status=1
    fi
done
for side in native guest nowalker baseline; do
    s=$(sed -n 's/^exit status \([0-9]*\)$/\1/p' "$BENCHDIR/$side.txt" | tail -n 1)
    if [ -n "$s" ] && [ "$s" != 0 ]; then
        echo "bench: the $side run exited with status $s (its output: $BENCHDIR/$side.txt)"
    fi
done
if sed -n '/@@DMESG-BEGIN/,/@@DMESG-END/p' "$BENCHDIR/serial.txt" |
        grep -E 'Oops|BUG|WARNING|general protection' >"$BENCHDIR/kernel-trouble.txt"; then
    echo "bench: the Host's kernel log has trouble in it ($BENCHDIR/kernel-trouble.txt):"
    head -n 5 "$BENCHDIR/kernel-trouble.txt" | sed 's/^/    | /'
fi
exit "$status"
