#!/usr/bin/env bash
# tests/bench.sh -- what `make bench` runs once the artifacts (and build/bin/native-bench) are
# built: boot the Host once in QEMU and compare, with the TSC, the Guest against the same Host
# kernel run natively.
#
# 1. tests/initramfs.sh packs build/bench/initramfs.cpio.gz (with /bin/native-bench).
# 2. tests/qemu.sh --mode bench boots it; the Host's /init (tests/host-init.sh, lgmode=bench)
#    loads lg.ko, runs /bin/native-bench and then `/bin/lguest /guest/guest.elf -- bench`,
#    and prints, between @@BENCH-BEGIN and @@BENCH-END, their output line by line with the
#    prefix "native " or "guest ".
# 3. Both programs print one line per benchmark:
#        BENCH <name> <total_tsc_cycles> <operations>
#    (tests/bench/native.c says what each measures; the Guest measures the same inside itself).
#    This script divides total by operations for each side, and the Guest's by the native's.
#
# Results: build/bench.tsv, header `name<TAB>guest<TAB>native<TAB>unit<TAB>ratio`, one row per
# benchmark (unit cycles/op; ratio = guest/native; n/a where a side has no number), and the
# same table on the terminal with the aim for each ratio and whether it was met.  The serial
# console is in build/bench/serial.log, each side's output in build/bench/{native,guest}.txt.
# Exit status 0 iff the boot got to @@BENCH-END and every native benchmark has a number; the
# aims being met or not does not change it.
#
# The numbers are TSC ticks of a 32-bit x86 CPU emulated in software by QEMU (TCG, never KVM),
# whose TSC follows the build machine's clock; they say how the Guest compares with native on
# that machine, not what real hardware would do.
#
# Options:
#   --cpu MODEL     QEMU CPU model for the Host      [pentium3, as in make test]
#   --timeout SECS  bound on the QEMU boot           [900]
#   --append WORDS  extra Host kernel command line words
#   -v, --verbose   copy the whole Host console to this terminal (else only the BENCH part)
#   --no-boot       do not boot: make the table again from the console of the last run
#                   (build/bench/serial.log, or --log FILE)
#   --log FILE      the serial log to write (or, with --no-boot, to read) [build/bench/serial.log]

set -euo pipefail
export LC_ALL=C            # decimal points, whatever the locale

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$REPO/build}
export BUILD
BENCHDIR=$BUILD/bench
SERIAL=$BENCHDIR/serial.log
INITRD=$BENCHDIR/initramfs.cpio.gz
TSV=$BUILD/bench.tsv
NATIVE_BENCH=${NATIVE_BENCH:-$BUILD/bin/native-bench}
export NATIVE_BENCH

# The benchmarks, in table order, and the aim for each ratio guest/native (- = none).
# blkread/blkwrite (1 MiB transfers): at least 80% of the Host's throughput is at most
# 1/0.8 = 1.25 the time.
# ping: round-trip time host->Guest over TAP against host->host loopback, in nanoseconds; the
# aim is at most 3 times loopback.
NAMES=(hypercall syscall pagefault ctxswitch cpuloop blkread blkwrite ping)
declare -A UNIT=([ping]=ns/op)
declare -A AIM=([hypercall]=- [syscall]=1.2 [pagefault]=4 [ctxswitch]=3 [cpuloop]=1.02
                [blkread]=1.25 [blkwrite]=1.25 [ping]=3)

cpu=pentium3 limit=900 append='' verbose=0 boot=1
while [ $# -gt 0 ]; do
    case $1 in
        --cpu)        cpu=$2; shift 2 ;;
        --timeout)    limit=$2; shift 2 ;;
        --append)     append="$append $2"; shift 2 ;;
        -v|--verbose) verbose=1; shift ;;
        --no-boot)    boot=0; shift ;;
        --log)        SERIAL=$2; shift 2 ;;
        -h|--help)    sed -n '2,/^$/p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *)            echo "bench.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
done

die() { printf 'bench.sh: error: %s\n' "$*" >&2; exit 1; }

mkdir -p "$BENCHDIR"
rm -f "$TSV"

if [ "$boot" -eq 1 ]; then
[ -x "$NATIVE_BENCH" ] || die "no $NATIVE_BENCH (make bench builds it from tests/bench/native.c)"

# --- 1. the initramfs --------------------------------------------------------------------------
"$REPO/tests/initramfs.sh" "$INITRD" >"$BENCHDIR/initramfs.log" 2>&1 || {
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

echo "bench: booting the Host (qemu-system-i386 -cpu $cpu -smp 2, TCG) for the measurements;" \
    "this takes a few minutes"
set +e
"$REPO/tests/qemu.sh" --mode bench --cpu "$cpu" --timeout "$limit" --log "$SERIAL" \
    --initrd "$INITRD" ${append:+--append "$append"} 2>&1 | show
qemu_status=${PIPESTATUS[0]}
set -e
else
    [ -f "$SERIAL" ] || die "--no-boot: no console log $SERIAL"
    qemu_status='(not booted)'
fi

# --- 3. read the console ---------------------------------------------------------------------------
tr -d '\r' <"$SERIAL" >"$BENCHDIR/serial.txt"
sed -n '/@@BENCH-BEGIN/,/@@BENCH-END/p' "$BENCHDIR/serial.txt" >"$BENCHDIR/bench.txt"
# Each side's output, and its BENCH lines, which are looked for anywhere in a line: a kernel
# message can land in front of one on the console.
for side in native guest; do
    sed -n "s/^$side //p" "$BENCHDIR/bench.txt" >"$BENCHDIR/$side.txt"
    grep -oE "(^|[^[:alnum:]])$side BENCH [^ ]+ [0-9]+ [0-9]+" "$BENCHDIR/bench.txt" |
        sed "s/^.*$side //" >"$BENCHDIR/$side-bench.txt" || true
done
host_cpu=$(sed -n 's/^.*@@BENCH-CPU \{0,1\}//p' "$BENCHDIR/bench.txt" | head -n 1)
build_cpu=$(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo 2>/dev/null | head -n 1)
qemu_version=$(qemu-system-i386 --version | sed -n '1s/^QEMU emulator version //p')

# cycles/op for every "BENCH name total ops" line in FILE, as "name value" lines (the last line
# for a name wins).
per_op() {
    awk '{ for (i = 1; i <= NF - 3; i++) if ($i == "BENCH" && $(i+2) ~ /^[0-9]+$/ && $(i+3) ~ /^[0-9]+$/) {
               if ($(i+3) > 0) v[$(i+1)] = sprintf("%.6f", $(i+2) / $(i+3))
               if (!($(i+1) in seen)) { seen[$(i+1)] = 1; order[++n] = $(i+1) }
               break
           } }
         END { for (k = 1; k <= n; k++) if (order[k] in v) print order[k], v[order[k]] }' "$1"
}
declare -A NATIVE=() GUEST=()
while read -r n v; do NATIVE[$n]=$v; done < <(per_op "$BENCHDIR/native-bench.txt")
while read -r n v; do GUEST[$n]=$v;  done < <(per_op "$BENCHDIR/guest-bench.txt")
# Names only one side knows go after the standard ones.
for n in $(per_op "$BENCHDIR/native-bench.txt" | cut -d' ' -f1) \
         $(per_op "$BENCHDIR/guest-bench.txt" | cut -d' ' -f1); do
    case " ${NAMES[*]} " in *" $n "*) ;; *) NAMES+=("$n"); AIM[$n]=- ;; esac
done

# --- 4. the table ----------------------------------------------------------------------------------
printf 'name\tguest\tnative\tunit\tratio\n' >"$TSV"
rows=()
for n in "${NAMES[@]}"; do
    g=${GUEST[$n]:-n/a} nat=${NATIVE[$n]:-n/a} ratio=n/a verdict=n/a aim=${AIM[$n]}
    # The ratio, and whether it meets the aim, come from the unrounded numbers.
    if [ "$g" != n/a ] && [ "$nat" != n/a ]; then
        read -r ratio verdict < <(awk -v g="$g" -v n="$nat" -v a="$aim" 'BEGIN {
            if (n <= 0) { print "n/a n/a"; exit }
            printf "%.3f %s\n", g / n, (a == "-" ? "n/a" : (g / n <= a + 0 ? "met" : "not_met")) }')
        verdict=${verdict/_/ }
    fi
    [ "$g" = n/a ]   || g=$(printf '%.2f' "$g")
    [ "$nat" = n/a ] || nat=$(printf '%.2f' "$nat")
    printf '%s\t%s\t%s\t%s\t%s\n' "$n" "$g" "$nat" "${UNIT[$n]:-cycles/op}" "$ratio" >>"$TSV"
    aimtext=n/a
    [ "$aim" = - ] || aimtext="<= $aim"
    rows+=("$n|$g|$nat|${UNIT[$n]:-cycles/op}|$ratio|$aimtext|$verdict")
done

echo
{
    echo "name|guest|native|unit|ratio|aim|result"
    printf '%s\n' "${rows[@]}"
} | awk -F'|' '
    { for (i = 1; i <= NF; i++) { cell[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } nf = NF }
    END { for (r = 1; r <= NR; r++) {
              line = ""
              for (i = 1; i <= nf; i++) {
                  # names and words to the left, numbers to the right
                  if (i == 1 || i == 4 || i >= 6 || r == 1) f = "%-" w[i] "s"; else f = "%" w[i] "s"
                  line = line (i > 1 ? "  " : "") sprintf(f, cell[r, i])
              }
              sub(/ +$/, "", line); print line
          } }'
echo
echo "Host CPU: QEMU ${qemu_version:-?} -cpu $cpu (\"${host_cpu:-?}\"), -smp 2, software emulation" \
    "(TCG, no KVM), on a ${build_cpu:-?}; TSC cycles follow the build machine's clock."
echo "hypercall: natively there is no hypercall; its native number is the null system call's."
echo "table: $TSV   console: $SERIAL"

# --- 5. what went wrong, if anything -----------------------------------------------------------------
status=0
if ! grep -q '@@BENCH-END' "$BENCHDIR/serial.txt"; then
    echo "bench: the Host never reached @@BENCH-END (qemu.sh exit status $qemu_status); the end of the console:"
    tail -n 20 "$BENCHDIR/serial.txt" | sed 's/^/    | /'
    status=1
fi
for n in "${NAMES[@]}"; do
    if [ -z "${NATIVE[$n]:-}" ]; then
        echo "bench: native-bench gave no number for $n (its output: $BENCHDIR/native.txt)"
        status=1
    fi
done
for side in native guest; do
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
