#!/usr/bin/env bash
# tests/build/80-bench-table: make bench's arithmetic, without a boot.  tests/bench.sh --no-boot
# reads two made-up consoles (the native Guest's and the Host's, with every side that a real
# run prints: native, guest, nowalker, tapecho, baseline) and must make of them exactly the rows
# and verdicts this script works out by hand: cycles and trips per operation, the ratio (b)/(a)
# or (b)/(c), each aim met or not met, the walker's aim against pagefault_nowalker, the ping
# rows, and the baseline table that compares like operations only.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
fail() { echo "FAIL: $*"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bench"

# console NOWALKER_PF BASELINE_PF: the two consoles, with the walker-off and baseline page
# faults given (cycles for 256 faults); everything else fixed.
console() {
    cat >"$tmp/bench/guest-native.log" <<EOF
Hello from the Guest at ring 0, on bare hardware.
BENCH hypercall 100000 1000 0
BENCH pagefault 2560000 256 0
BENCH cpuloop 2000 1000 0
Guest: powering off with status 0
EOF
    cat >"$tmp/bench/serial.log" <<EOF
[    1.0] some kernel line
@@BENCH-BEGIN
@@BENCH-CPU Pentium III (Katmai)
native BENCH hypercall 50000 1000
native BENCH pagefault 1280000 256
native BENCH cpuloop 1900 1000
native BENCH blkread 800 8
native BENCH syscall 1000 1000
native BENCH ctxswitch 1000 1000
native BENCH memtouch 1000 1000
native BENCH spawn 1000 1000
native BENCH blkwrite 1000 8
native exit status 0
guest BENCH hypercall 3000000 1000 1000
guest BENCH pagefault 5120000 256 258
guest BENCH cpuloop 2100 1000 0
guest BENCH blkread 1100 8 9
guest exit status 0
nowalker BENCH pagefault $1 256 512
nowalker exit status 0
baseline BENCH pagefault $2 256
baseline BENCH cpuloop 2200 1000
baseline BENCH blkread 6400 64
baseline exit status 0
guest BENCH ping 300000 1
tapecho BENCH ping 200000 1
native BENCH ping 50000 1
@@BENCH-END
@@DMESG-BEGIN
@@DMESG-END
EOF
    echo "abc1234 a made-up baseline" >"$tmp/bench/baseline.rev"
}

# row TSV NAME: that row of a table, tab-separated.
row() { awk -F'\t' -v n="$2" '$1 == n' "$1"; }
expect() {   # expect TSV NAME WANTED-ROW
    local got
    got=$(row "$1" "$2")
    [ "$got" = "$3" ] || fail "$(basename "$1"), row $2: got '$got', wanted '$3'"
}

# 1. The walker halves the fault (10240000 -> 0.5 exactly) and the baseline's is 4 times ours.
console 10240000 20480000
out=$(BUILD=$tmp "$REPO/tests/bench.sh" --no-boot) || fail "bench.sh --no-boot failed: $out"
T=$tmp/bench.tsv B=$tmp/bench-baseline.tsv
tab=$'\t'
expect "$T" hypercall "hypercall${tab}100.00${tab}3000.00${tab}50.00${tab}cycles/op${tab}30.000${tab}guest_native${tab}1.000${tab}-${tab}n/a"
expect "$T" pagefault "pagefault${tab}10000.00${tab}20000.00${tab}5000.00${tab}cycles/op${tab}2.000${tab}guest_native${tab}1.008${tab}trips<=1.01${tab}met"
expect "$T" pagefault_nowalker "pagefault_nowalker${tab}10000.00${tab}40000.00${tab}5000.00${tab}cycles/op${tab}4.000${tab}guest_native${tab}2.000${tab}pagefault/this<=0.5${tab}met"
expect "$T" cpuloop "cpuloop${tab}2.00${tab}2.10${tab}1.90${tab}cycles/op${tab}1.050${tab}guest_native${tab}0.000${tab}ratio<=1.02${tab}not met"
expect "$T" blkread "blkread${tab}n/a${tab}137.50${tab}100.00${tab}cycles/op${tab}1.375${tab}linux${tab}1.125${tab}ratio<=1.25${tab}not met"
expect "$T" ping "ping${tab}n/a${tab}300000.00${tab}50000.00${tab}ns/op${tab}6.000${tab}linux${tab}n/a${tab}ratio<=3${tab}not met"
expect "$T" ping_tapecho "ping_tapecho${tab}n/a${tab}300000.00${tab}200000.00${tab}ns/op${tab}1.500${tab}linux${tab}n/a${tab}-${tab}n/a"
expect "$B" pagefault "pagefault${tab}20000.00${tab}80000.00${tab}cycles/op${tab}0.250${tab}1.008${tab}n/a${tab}ratio<=0.5${tab}met"
expect "$B" cpuloop "cpuloop${tab}2.10${tab}2.20${tab}cycles/op${tab}0.955${tab}0.000${tab}n/a${tab}-${tab}n/a"
[ -z "$(row "$B" blkread)" ] || fail "the baseline table compares blkread, whose operations differ (64 KiB then, 1 MiB now)"
echo "$out" | grep -q 'Not compared, being different operations: blkread (64 operations there, 8 here)' ||
    fail "the baseline table does not say why blkread is missing"
echo "$out" | grep -q 'Against the baseline abc1234 a made-up baseline' ||
    fail "the baseline table does not name its commit"

# 2. A walker that saves less than half, and a baseline only 1.5 times ours: both not met.
console 9000000 7680000
BUILD=$tmp "$REPO/tests/bench.sh" --no-boot >/dev/null || fail "bench.sh --no-boot failed (second console)"
expect "$T" pagefault_nowalker "pagefault_nowalker${tab}10000.00${tab}35156.25${tab}5000.00${tab}cycles/op${tab}3.516${tab}guest_native${tab}2.000${tab}pagefault/this<=0.5${tab}not met"
expect "$B" pagefault "pagefault${tab}20000.00${tab}30000.00${tab}cycles/op${tab}0.667${tab}1.008${tab}n/a${tab}ratio<=0.5${tab}not met"

# 3. With no baseline in the console there is no baseline table.
sed -i '/^baseline /d' "$tmp/bench/serial.log"
BUILD=$tmp "$REPO/tests/bench.sh" --no-boot >/dev/null || fail "bench.sh --no-boot failed (no baseline)"
[ ! -e "$B" ] || fail "a baseline table with no baseline run"
echo "ok: make bench's rows, ratios, trips and verdicts are the ones worked out by hand"
