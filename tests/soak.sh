#!/usr/bin/env bash
# tests/soak.sh -- what `make soak` runs: GUESTS Guests at once on the 2-CPU Host for MINUTES
# minutes (tests/soak/in-host.sh does the work inside the Host), then the verdict:
#   - memory flat: the Host's MemFree after the run (Launchers gone, caches dropped) within 1%
#     of its RAM of MemFree before, and likewise its Slab;
#   - a clean kernel log: no Oops, BUG, WARNING, general protection, soft lockup, RCU stall or
#     hung task in it;
#   - the boot got to its end.
# Results: build/soak.tsv (`minute<TAB>memfree_kb<TAB>slab_kb<TAB>guests`, then the totals),
# the console in build/soak/serial.log; the last line says `soak: pass` or `soak: FAIL ...`.
#
# Usage: tests/soak.sh [--minutes M] [--guests N] [--cpu MODEL]     [10] [8] [pentium3]

set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$REPO/build}
export BUILD
DIR=$BUILD/soak
minutes=10 guests=8 cpu=pentium3
while [ $# -gt 0 ]; do
    case $1 in
        --minutes) minutes=$2; shift 2 ;;
        --guests)  guests=$2; shift 2 ;;
        --cpu)     cpu=$2; shift 2 ;;
        -h|--help) sed -n '2,/^$/p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "soak.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
done
mkdir -p "$DIR"
LG_TESTS=none "$REPO/tests/initramfs.sh" --add "$REPO/tests/soak/in-host.sh=tests/50-soak.sh" \
    "$DIR/initramfs.cpio.gz" >"$DIR/initramfs.log"
echo "soak.sh: $guests Guests at once for $minutes minutes on $cpu; console: $DIR/serial.log"
limit=$((minutes * 60 + 900))
"$REPO/tests/qemu.sh" --mode test --quiet --cpu "$cpu" --timeout "$limit" --log "$DIR/serial.log" \
    --initrd "$DIR/initramfs.cpio.gz" \
    --append "lgsoak=$minutes lgguests=$guests lgtimeout=$((minutes * 60 + 600))" || true
tr -d '\r' <"$DIR/serial.log" >"$DIR/serial.txt"

printf 'minute\tmemfree_kb\tslab_kb\tguests\n' >"$BUILD/soak.tsv"
sed -n 's/.*@@SOAK-MEM \([0-9]*\) \([0-9]*\) \([0-9]*\) \([0-9]*\).*/\1 \2 \3 \4/p' "$DIR/serial.txt" |
    while read -r s f sl g; do printf '%s\t%s\t%s\t%s\n' $((s / 60)) "$f" "$sl" "$g"; done >>"$BUILD/soak.tsv"
result=$(sed -n 's/.*@@SOAK-RESULT //p' "$DIR/serial.txt" | tail -n 1)
total_kb=$(sed -n 's/.*@@SOAK-RAM \([0-9]*\).*/\1/p' "$DIR/serial.txt" | head -n 1)
sed -n '/@@DMESG-BEGIN/,/@@DMESG-END/p' "$DIR/serial.txt" >"$DIR/dmesg.txt"
trouble=$(grep -E 'Oops|\bBUG\b|WARNING|general protection|soft lockup|rcu_.*stall|blocked for more than' \
    "$DIR/dmesg.txt" || true)

verdict=pass why=''
if [ -z "$result" ]; then
    verdict=FAIL why="the soak did not finish (no @@SOAK-RESULT; see $DIR/serial.txt)"
else
    read -r n f0 f1 s0 s1 <<<"$result"
    ram_kb=$(( ${total_kb:-524288} ))
    printf 'total\tguests\t%s\n' "$n" >>"$BUILD/soak.tsv"
    printf 'total\tmemfree_before_after_kb\t%s %s\n' "$f0" "$f1" >>"$BUILD/soak.tsv"
    printf 'total\tslab_before_after_kb\t%s %s\n' "$s0" "$s1" >>"$BUILD/soak.tsv"
    echo "soak: $n Guests; MemFree $f0 -> $f1 kB; Slab $s0 -> $s1 kB"
    d=$(( f0 > f1 ? f0 - f1 : f1 - f0 )) ds=$(( s0 > s1 ? s0 - s1 : s1 - s0 ))
    [ $((d * 100)) -le "$ram_kb" ] || { verdict=FAIL why="MemFree moved by $d kB, more than 1% of RAM"; }
    [ $((ds * 100)) -le "$ram_kb" ] || { verdict=FAIL why="Slab moved by $ds kB, more than 1% of RAM"; }
fi
if [ -n "$trouble" ]; then
    verdict=FAIL why="${why:+$why; }kernel log trouble: $(echo "$trouble" | head -n 3)"
fi
grep -q '@@HOST-END' "$DIR/serial.txt" || { verdict=FAIL why="${why:+$why; }the boot did not reach its end"; }
echo "soak: memory by minute (build/soak.tsv):"
column -t "$BUILD/soak.tsv" 2>/dev/null || cat "$BUILD/soak.tsv"
if [ "$verdict" = pass ]; then echo "soak: pass"; else echo "soak: FAIL: $why"; exit 1; fi
