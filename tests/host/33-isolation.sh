#!/bin/sh
# 33-isolation: what the Guest must not see or do.
#   hostpeek  a Guest with 8 MiB reads one word from each page of the 12 MiB where the Host's
#             kernel code lives (0xc1000000 on); the Host maps it globally, and every read must
#             fault.  On real hardware this also catches global TLB entries surviving the switch
#             of %cr3; QEMU's software TLB forgets global entries on every %cr3 load anyway (we
#             tried: with lg.ko's PGE fix removed, all 3072 reads still faulted), so here it
#             shows only that the shadow page tables map none of the Host.
#   sysenter  sysenter in ring 1 faults (general protection) instead of entering the Host kernel
#   tlbflush  the shadow page tables keep a stale translation until the Guest flushes, and
#             forget it when it does
#   clock     the wall-clock time the Host gives the Guest is the Host's (within 5 seconds)

fail() { echo "FAIL: $*"; exit 1; }

out=$(/bin/lguest --memory 8 /guest/guest.elf -- hostpeek sysenter tlbflush clock 2>&1)
status=$?
now=$(date +%s)
echo "$out"
[ "$status" -eq 0 ] || fail "status $status"
echo "$out" | grep -q '^Guest: 3072 reads of Host kernel addresses, 3072 faulted$' ||
    fail "the Guest read Host kernel memory"
echo "$out" | grep -q "^Guest: sysenter in ring 1 caught by the Guest's handler: trap 13$" ||
    fail "sysenter did not fault"
echo "$out" | grep -q '^Guest: mapped 11111111, remapped without telling: 11111111, after the flush: 22222222$' ||
    fail "the TLB flush did not behave like a TLB flush"
t=$(echo "$out" | sed -n 's/^Guest: the Host says it is \([0-9]*\) seconds since 1970$/\1/p')
[ -n "$t" ] || fail "no clock line"
d=$((now - t)); [ $d -lt 0 ] && d=$((-d))
[ $d -le $((5 * ${LG_SLOW:-1})) ] || fail "the Guest's clock is $d seconds off the Host's"
echo "ok: Host kernel invisible, sysenter disarmed, TLB flush semantics, clock within $d s"
