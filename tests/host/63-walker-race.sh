#!/bin/sh
# 63-walker-race: the Switcher's page-fault walker reads a Guest's page directory while
# something else may be rewriting it: the Guest is uniprocessor, but its memory is the
# Launcher's, and another process on the other CPU can write it.  lgpdflip
# (tests/tools/lgpdflip.c) finds the Guest programs' page directories in the Launcher's memory
# and, while eight faults programs take their 1000 demand-zero faults each, keeps clearing and
# restoring the user, writable and present bits of their entries for eight seconds (a Guest
# whose entries flip that fast can spend most of its time re-mapping pages; afterwards it
# finishes at its own speed).  The programs may lose data (their kernel is being lied to
# behind its back) or be killed by their kernel, but the Guest must survive and power off, and
# the Host must stay clean (the harness checks its kernel log).  Then a hostile round: lgpdflip
# writes an entry pointing outside Guest memory into a program's directory and leaves it; the
# walker must leave that to the Host, which kills the Guest with its message.

fail() { echo "FAIL: $*"; exit 1; }
progs=faults,faults,faults,faults,faults,faults,faults,faults
start=$(date +%s)

/bin/lguest --memory 64 /guest/guest.elf -- run=$progs </dev/null >/tmp/race.out 2>&1 &
pid=$!
/bin/lgpdflip $pid 64 8 >/tmp/flip.out 2>&1
flip=$?
wait $pid
status=$?
cat /tmp/flip.out
echo "--- benign round: $(($(date +%s) - start)) s"
grep 'faults:\|powering\|died\|killed' /tmp/race.out
[ "$flip" -eq 0 ] || fail "lgpdflip rewrote nothing (status $flip)"
grep -q 'Guest: powering off' /tmp/race.out || fail "the Guest did not survive (status $status)"
# A program whose code or stack entry was cleared may be killed by its own kernel: only
# the Guest's survival is asserted, and that the programs ran.
grep -q '^faults: 1000 pages touched' /tmp/race.out || fail "no faults program finished"

start=$(date +%s)
/bin/lguest --memory 64 /guest/guest.elf -- run=$progs </dev/null >/tmp/race.out 2>&1 &
pid=$!
/bin/lgpdflip $pid 64 $((30 * ${LG_SLOW:-1})) hostile >/tmp/flip.out 2>&1
wait $pid
status=$?
cat /tmp/flip.out
echo "--- hostile round: $(($(date +%s) - start)) s"
tail -n 3 /tmp/race.out
[ "$status" -eq 1 ] || fail "hostile round: the Launcher's status was $status, not 1"
grep -q 'the Guest died: page table entry 0xfffff007 points outside Guest memory' /tmp/race.out ||
    fail "hostile round: the Host did not kill the Guest for its directory entry"
echo "ok: page directories rewritten under the walker: the Guest survives, or the Host kills it"
