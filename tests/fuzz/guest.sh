#!/bin/sh
# tests/fuzz/guest.sh -- the Host-side driver of the Guest's hypercall fuzzer (busybox sh).
#
# Runs inside the QEMU-booted Host (tests/host/85-fuzz.sh, make fuzz).  Starts one Guest after
# another, `lguest /guest/guest.elf -- fuzz=SEED,COUNT`, the seed going up by one each time,
# and sorts the way each Guest ended into a reason: the Launcher's "the Guest died: ..." with
# every number replaced by '#', or "survived" (all COUNT calls made), or "hang" (no end within
# the time limit: stopped with SIGTERM), or the Guest's own last words.  One more reason tells
# of a Host that loses hypercalls: "survived, but its last line was lost" is a Guest that made
# all its calls and powered off, but whose final synchronous console write never arrived.  The calls a Guest
# made are counted from the line the Guest prints before each call ("fuzz: N: ..."), or with
# -q from its progress lines ("fuzz: N calls", every hundred: a lower bound).
#
# Usage: guest.sh [-s FIRST_SEED] [-n CALLS] [-l LIVES] [-t SECONDS] [-c PER_GUEST]
#                 [-T LIMIT] [-q]
#   -s  first seed [1]        -n  stop once this many calls were made in all [0: no bound]
#   -l  at most this many Guests [0: no bound]   -t  stop after this many seconds [0: none]
#   -c  calls each Guest is asked to make [1000]  -T  seconds one Guest may run [5]
#   -q  quiet Guests: progress every hundred calls instead of a line before each call
#
# Output: one line per Guest,
#     FUZZ-GUEST life seed=<seed> calls=<n> reason=<reason> last="<n>: <the last call>"
# then  FUZZ-GUEST died <count> <reason>   for each reason, and last
#       FUZZ-GUEST lives <guests> calls <calls>
# The output of a Guest that hung or died in an unexpected way is kept in
# /tmp/fuzz-guest-<seed>.out.  Exit status 0.

seed=1 total=0 lives_max=0 secs=0 count=1000 limit=5 verbose=,v
while getopts s:n:l:t:c:T:q opt; do
    case $opt in
        s) seed=$OPTARG ;;  n) total=$OPTARG ;;  l) lives_max=$OPTARG ;;
        t) secs=$OPTARG ;;  c) count=$OPTARG ;;  T) limit=$OPTARG ;;  q) verbose='' ;;
        *) echo "usage: guest.sh [-s SEED] [-n CALLS] [-l LIVES] [-t SECS] [-c PER_GUEST] [-T LIMIT] [-q]"; exit 2 ;;
    esac
done

normalize() { sed -e 's/0x[0-9a-fA-F]*/#/g' -e 's/[0-9][0-9]*/#/g'; }

reasons=/tmp/fuzz-guest-reasons
: >"$reasons"
out=/tmp/fuzz-guest.out
start=$(date +%s)
lives=0 calls=0
while :; do
    [ "$total" -gt 0 ] && [ "$calls" -ge "$total" ] && break
    [ "$lives_max" -gt 0 ] && [ "$lives" -ge "$lives_max" ] && break
    [ "$secs" -gt 0 ] && [ $(( $(date +%s) - start )) -ge "$secs" ] && break
    timeout -s TERM "$limit" /bin/lguest /guest/guest.elf -- "fuzz=$seed,$count$verbose" \
        </dev/null >"$out" 2>&1
    status=$?
    made=$(grep -a -o 'fuzz: survived [0-9]* calls' "$out" | tail -n 1 | tr -dc '0-9')
    if [ -z "$made" ]; then
        made=$(grep -a -o 'fuzz: [0-9]*[: ]' "$out" | tail -n 1 | tr -dc '0-9')
        # a verbose line "fuzz: N: ..." was printed before call N was made: N + 1 calls
        grep -a -q "fuzz: $made: " "$out" 2>/dev/null && made=$((made + 1))
    fi
    made=${made:-0}
    died=$(grep -a -o 'lguest: the Guest died: .*' "$out" | head -n 1)
    if [ -n "$died" ]; then
        reason="died: $(echo "${died#lguest: the Guest died: }" | normalize)"
    elif grep -a -q 'fuzz: survived' "$out"; then
        reason=survived
    elif [ "$status" -eq 0 ] && [ "$made" -ge "$count" ]; then
        # Its last words, a synchronous console write, never reached the Launcher.
        reason="survived, but its last line was lost"
    elif grep -a -q 'stopped the Guest on signal' "$out"; then
        reason="hang (stopped after ${limit}s)"
    elif grep -a -q 'Guest: unexpected trap' "$out"; then
        reason="Guest's own death: $(grep -a -o 'Guest: unexpected trap [0-9]*' "$out" | head -n 1 | normalize)"
    else
        reason="exit status $status: $(grep -a '^lguest: ' "$out" | tail -n 1 | normalize)"
    fi
    case $reason in
        survived|died:*) ;;
        *) cp "$out" "/tmp/fuzz-guest-$seed.out" ;;
    esac
    last=$(grep -a -o 'fuzz: [0-9]*: [a-z].*' "$out" | tail -n 1)
    echo "FUZZ-GUEST life seed=$seed calls=$made reason=$reason${last:+ last=\"${last#fuzz: }\"}"
    echo "$reason" >>"$reasons"
    lives=$((lives + 1))
    calls=$((calls + made))
    seed=$((seed + 1))
done
sort "$reasons" | uniq -c | sort -rn | while read -r n r; do
    echo "FUZZ-GUEST died $n $r"
done
echo "FUZZ-GUEST lives $lives calls $calls"
