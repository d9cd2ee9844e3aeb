#!/usr/bin/env bash
# tests/fuzz.sh -- what `make fuzz` runs once the artifacts (and build/bin/devfuzz) are built:
# boot the Host once in QEMU and fuzz it (tests/host-init.sh, lgmode=fuzz).
#
# 1. tests/initramfs.sh packs build/fuzz/initramfs.cpio.gz (with /bin/devfuzz).
# 2. tests/qemu.sh --mode fuzz boots it; the Host's /init runs, for SECS seconds in all (or OPS
#    operations), first tests/fuzz/devfuzz.c on /dev/lguest, then the Guest's hypercall fuzzer
#    (tests/fuzz/guest.sh, one Guest after another from seed SEED up), then three checks:
#    the hostile Launcher (tests/host/87-hostile-launcher.sh), the timer storm
#    (88-timer-storm.sh) and LEAK launches of a Guest (86-launch-leak.sh).
# 3. This script reads the console and reports: operations of each kind, how the Guests ended
#    (deaths by reason, numbers as '#'), the checks, and the Host's health: MemFree, Slab and
#    nr_free_pages before and after each part, every new kernel log line, and those that tell
#    of trouble (Oops, BUG, WARNING, soft lockup, RCU stall, general protection, hung task).
#
# Results: build/fuzz.tsv, header `part<TAB>name<TAB>value`, one row per number above; the
# report on the terminal; the console in build/fuzz/serial.log.  Exit status 0 iff the boot got
# to @@FUZZ-END, the kernel log tells of no trouble, the device broke no rule, and every check
# passed.
#
# Options:
#   --secs SECS   fuzzing time, split between the two fuzzers      [300]
#   --ops N       stop the fuzzers after N operations in all (0: only the time bounds them) [0]
#   --seed S      first seed of both fuzzers                        [1]
#   --leak N      Guest launches of the leak check                  [200]
#   --cpu MODEL   QEMU CPU model                                    [pentium3]
#   -v            copy the whole console to the terminal
#   --no-boot     do not boot: report again from the console of the last run

set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$REPO/build}
export BUILD
DIR=$BUILD/fuzz
SERIAL=$DIR/serial.log
TSV=$BUILD/fuzz.tsv
export DEVFUZZ=${DEVFUZZ:-$BUILD/bin/devfuzz}

secs=300 ops=0 seed=1 leak=200 cpu=pentium3 verbose=0 boot=1
while [ $# -gt 0 ]; do
    case $1 in
        --secs) secs=$2; shift 2 ;;
        --ops)  ops=$2; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        --leak) leak=$2; shift 2 ;;
        --cpu)  cpu=$2; shift 2 ;;
        -v)     verbose=1; shift ;;
        --no-boot) boot=0; shift ;;
        -h|--help) sed -n '2,/^$/p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "fuzz.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
done
[ -x "$DEVFUZZ" ] || { echo "fuzz.sh: no $DEVFUZZ (make devfuzz)" >&2; exit 2; }

mkdir -p "$DIR"
if [ "$boot" -eq 1 ]; then
"$REPO/tests/initramfs.sh" "$DIR/initramfs.cpio.gz" >"$DIR/initramfs.log"
# The boot's bound: the fuzzing, about a second per leak launch, and ten minutes of margin
# (boot, the checks, a slow machine).
limit=$((secs + leak + 600))
[ "$ops" -gt 0 ] && bound=" (or $ops operations)" || bound=''
echo "fuzz.sh: fuzzing the Host for ${secs}s$bound, seed $seed," \
     "then $leak launches; console: $SERIAL"
set +e
if [ "$verbose" -eq 1 ]; then
    "$REPO/tests/qemu.sh" --mode fuzz --cpu "$cpu" --timeout "$limit" --log "$SERIAL" \
        --initrd "$DIR/initramfs.cpio.gz" \
        --append "lgfuzzsecs=$secs lgfuzzops=$ops lgfuzzseed=$seed lgleak=$leak"
else
    "$REPO/tests/qemu.sh" --mode fuzz --cpu "$cpu" --timeout "$limit" --log "$SERIAL" \
        --initrd "$DIR/initramfs.cpio.gz" --quiet \
        --append "lgfuzzsecs=$secs lgfuzzops=$ops lgfuzzseed=$seed lgleak=$leak"
fi
fi
# From here on a grep that finds nothing is no error.
set +e

body=$(tr -d '\r' <"$SERIAL" | sed -n '/@@FUZZ-BEGIN/,/@@FUZZ-END/p')
dmesg_log=$(tr -d '\r' <"$SERIAL" | sed -n '/@@DMESG-BEGIN/,/@@DMESG-END/p')
trouble_re='Oops|BUG|WARNING|soft lockup|rcu.*(stall|detected)|general protection|hung_task|blocked for more than|Call Trace|Unable to handle|double fault|Kernel panic'
ok=1

{
    printf 'part\tname\tvalue\n'
    # devfuzz: "dev FUZZ-DEV <kind> <name...> <count>"; its total "dev FUZZ-DEV ops N bad M"
    grep '^dev FUZZ-DEV ' <<<"$body" | grep -v '^dev FUZZ-DEV ops ' |
        awk '{ n = $NF; $1 = $2 = ""; $NF = ""; sub(/^ +/, ""); sub(/ +$/, "");
               k = $1; $1 = ""; sub(/^ +/, ""); printf "dev-%s\t%s\t%s\n", k, $0, n }'
    grep '^dev FUZZ-DEV ops ' <<<"$body" | awk '{ printf "dev\tops\t%s\ndev\tbad\t%s\n", $4, $6 }'
    grep '^dev FUZZ-DEV-BAD ' <<<"$body" | sed 's/^dev FUZZ-DEV-BAD /dev-bad\t/; s/$/\t1/'
    # the Guest fuzzer: "guest FUZZ-GUEST died N reason", "guest FUZZ-GUEST lives L calls C"
    grep '^guest FUZZ-GUEST died ' <<<"$body" |
        awk '{ n = $4; $1 = $2 = $3 = $4 = ""; sub(/^ +/, ""); printf "guest-end\t%s\t%s\n", $0, n }'
    grep '^guest FUZZ-GUEST lives ' <<<"$body" |
        awk '{ printf "guest\tlives\t%s\nguest\tcalls\t%s\n", $4, $6 }'
    # checks
    grep -E '^check [^ ]+ result ' <<<"$body" | awk '{ printf "check\t%s\t%s\n", $2, $4 }'
    # the Host's health, per part: "<part> HOST-STATE <name> <before> <after> <delta>"
    grep -E '^(dev|guest|all) HOST-STATE ' <<<"$body" | grep -v ' trouble ' |
        awk '{ printf "host-%s\t%s before\t%s\nhost-%s\t%s after\t%s\n", $1, $3, $4, $1, $3, $5 }'
    grep -E '^(dev|guest|all) HOST-STATE trouble ' <<<"$body" |
        awk '{ printf "host-%s\ttrouble\t%s\n", $1, $4 }'
    grep -E '^check 86-launch-leak HOST-STATE MemFree' <<<"$body" |
        sed 's/^check 86-launch-leak HOST-STATE /leak\t/; s/$/\t-/'
} >"$TSV"

echo
echo "--- /dev/lguest (devfuzz, seed $seed)"
awk -F'\t' '$1 == "dev" || $1 == "dev-op" { printf "  %-8s %-22s %s\n", $1, $2, $3 }' "$TSV"
awk -F'\t' '$1 == "dev-event" || $1 == "dev-died" { printf "  %-9s %-60s %s\n", $1, $2, $3 }' "$TSV"
grep '^dev FUZZ-DEV-BAD ' <<<"$body" | sed 's/^dev /  /' || true
echo "--- the Guest's hypercalls (seeds from $seed up)"
awk -F'\t' '$1 == "guest" { printf "  %-8s %s\n", $2, $3 }' "$TSV"
awk -F'\t' '$1 == "guest-end" { printf "  %6s  %s\n", $3, $2 }' "$TSV"
grep -E '^guest FUZZ-GUEST life .*reason=(hang|survived,|exit|Guest)' <<<"$body" | sed 's/^guest /  /' |
    cut -c1-200 | head -n 20 || true
echo "--- checks"
awk -F'\t' '$1 == "check" { printf "  %-22s %s\n", $2, $3 }' "$TSV"
grep -E '^check [^ ]+ (devfuzz:|HOST-STATE MemFree|HOST-STATE leak|FAIL|[0-9]+ launches)' <<<"$body" |
    sed 's/^check /  /' || true
echo "--- the Host"
grep -E '^all HOST-STATE ' <<<"$body" | sed 's/^all /  /' || true
grep -E '^left ' <<<"$body" | sed 's/^/  /' || true
news=$(grep -E '^(dev|guest) HOST-LOG ' <<<"$body" | grep -v 'drop_caches' || true)
[ -z "$news" ] || { echo "  new kernel log lines during the fuzzing:"; sed 's/^/    /' <<<"$news"; }
bad_lines=$(grep -E "$trouble_re" <<<"$dmesg_log" || true)
if [ -n "$bad_lines" ]; then
    echo "  KERNEL TROUBLE:"; sed 's/^/    /' <<<"$bad_lines" | head -n 40
    ok=0
fi
grep -q '@@FUZZ-END' <<<"$body" || { echo "  the Host never got to the end of the fuzzing (crash or hang): see $SERIAL"; ok=0; }
grep -q '^dev FUZZ-DEV ops .* bad 0$' <<<"$body" || ok=0
grep -qE '^check [^ ]+ result fail' <<<"$body" && ok=0
grep -q '^left ' <<<"$body" && ok=0
echo "results: $TSV"
[ "$ok" -eq 1 ] && echo "fuzz: no trouble found" || echo "fuzz: TROUBLE FOUND (see above)"
[ "$ok" -eq 1 ]
