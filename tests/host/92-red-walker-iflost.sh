#!/bin/sh
# 92-red-walker-iflost (red team): a Guest-visible consequence of the walker's NMI fallback.
# The walker used to clear irq_enabled and only then look at nmi_pending/mce_pending; if set it
# went home and the Host reflected the same fault again, reading irq_enabled = 0: the frame it
# pushed said IF=0, so the Guest program resumed with the Guest's virtual interrupts off (until
# its next system call).  nmi_pending stays set for the whole run when an NMI hit the Switcher's
# entry path, so every NMI that lands there armed it.  The walker now clears the flag last, after
# its look, and an NMI is sent home only before that write.  iflost takes 2000 demand-zero faults and then spins with no system call: with
# its flag lost, its spin sees no timer tick.  Control rounds without NMIs, then rounds under a
# sysrq-l storm; the Host must stay clean either way (the harness checks its log).
fail() { echo "FAIL: $*"; exit 1; }

# In a full run this comes after 90-rmmod: bring the module back.
[ -e /dev/lguest ] || insmod /lg.ko || fail "no /dev/lguest and insmod failed"
progs=iflost,iflost,iflost,iflost
round() {
    /bin/lguest --memory 64 /guest/guest.elf -- run=$progs </dev/null >/tmp/if.out 2>&1 &
    p=$!
    if [ "$1" = nmi ]; then
        while kill -0 $p 2>/dev/null; do echo l >/proc/sysrq-trigger; done
    fi
    wait $p
    grep '^iflost:' /tmp/if.out | tr '\n' ' '; echo
}
echo "control:"; round none | tee /tmp/control
echo "nmi storm:"; for r in 1 2; do round nmi; done | tee /tmp/storm
echo "NMIs inside the Switcher: $(cat /sys/module/lg/parameters/switcher_nmis)"
param=/sys/module/lg/parameters/pf_walker
echo 0 >$param
echo "nmi storm, walker off (pf_walker=0):"; round nmi | tee /tmp/storm0
echo 1 >$param
echo "NMIs inside the Switcher: $(cat /sys/module/lg/parameters/switcher_nmis)"
[ "$(grep -o 'iflost: [0-9]* ticks' /tmp/control | wc -l)" -eq 4 ] || fail "the control round did not run"
[ "$(grep -o 'iflost: [0-9]* ticks' /tmp/storm | wc -l)" -eq 8 ] || fail "the NMI-storm rounds did not all run"
lo=$(grep -o 'iflost: [0-9]* ticks' /tmp/control | awk '{print $2}' | sort -n | head -1)
lost=$(grep -o 'iflost: [0-9]* ticks' /tmp/storm | awk -v lo="$lo" '$2 * 4 < lo' | wc -l)
lost0=$(grep -o 'iflost: [0-9]* ticks' /tmp/storm0 | awk -v lo="$lo" '$2 * 4 < lo' | wc -l)
echo "control minimum $lo ticks; programs with under a quarter of that: walker on $lost, walker off $lost0"
[ "$lost" -eq 0 ] || fail "$lost Guest programs lost their virtual interrupt flag to an NMI"
echo "ok: no program lost its interrupt flag"
