#!/bin/sh
# 72-red-hotplug-pge (red team): lg.ko turns CR4.PGE off on every CPU once, at load time
# (on_each_cpu(pge_off)), and never again.  A CPU that goes offline and comes back (CPU hotplug;
# also what suspend/resume does to every CPU but the first) comes up with PGE on again
# (cr4_init from mmu_cr4_features), so the Host's kernel mappings are global in its TLB and
# survive the Switcher's load of the Guest's %cr3: on a real processor a Guest running there
# reaches Host kernel memory through them (its segments end below the Switcher, at 0xe0..., so
# the whole of the Host's direct map, from 0xc0000000, is within them).  QEMU's TLB drops global
# entries on every %cr3 load, so here the test shows the precondition: CR4 as the NMI backtrace
# prints it for CPU 1, before and after CPU 1 goes off and on line (0x80 is PGE).
# This test FAILS when the hole is there.

fail() { echo "FAIL: $*"; exit 1; }

cr4_of_cpu1() {
    # Keep CPU 1 busy in the kernel so that sysrq-l's NMI backtrace shows its registers.
    taskset -c 1 dd if=/dev/zero of=/dev/null bs=4M count=100000 2>/dev/null &
    busy=$!
    sleep 1
    cr4=''
    for i in 1 2 3 4 5 6 7 8 9 10; do
        dmesg -c >/dev/null
        taskset -c 0 sh -c 'echo l > /proc/sysrq-trigger'
        sleep 1
        cr4=$(dmesg | sed -n '/NMI backtrace for cpu 1/,/CR4/p' | sed -n 's/.*CR4: \([0-9a-f]*\).*/\1/p' | head -1)
        [ -n "$cr4" ] && break
    done
    kill $busy 2>/dev/null; wait $busy 2>/dev/null
    echo "$cr4"
}

grep -q . /sys/module/lg/parameters/switcher_nmis || fail "lg.ko is not loaded"
echo 1 > /proc/sys/kernel/sysrq
before=$(cr4_of_cpu1)
echo "CPU 1 CR4 with lg.ko loaded: ${before:-unknown}"
echo 0 > /sys/devices/system/cpu/cpu1/online || fail "cannot take CPU 1 off line"
sleep 1
echo 1 > /sys/devices/system/cpu/cpu1/online || fail "cannot bring CPU 1 back"
sleep 1
after=$(cr4_of_cpu1)
echo "CPU 1 CR4 after it went off and on line: ${after:-unknown}"
# Run a Guest on CPU 1 too: it must still work (and on hardware it would be in danger).
taskset -c 1 /bin/lguest /guest/guest.elf -- hostile=readhost </dev/null 2>&1 | tail -n 3
[ -n "$before" ] && [ -n "$after" ] || fail "could not read CR4 of CPU 1"
[ $(( 0x$before & 0x80 )) -eq 0 ] || fail "PGE already on before hotplug"
[ $(( 0x$after & 0x80 )) -eq 0 ] ||
    fail "CPU 1 came back with CR4.PGE on (CR4 $after): the Host's kernel TLB entries are global again under the Guest"
echo "ok: PGE stayed off"
