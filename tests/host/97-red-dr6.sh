#!/bin/sh
# 97-red-dr6 (red team): a Guest's single steps stay behind in the Host processor's %dr6.
# A debug trap sets bits in %dr6 (BS for a single step) that the processor never clears; only
# the Host kernel's own #DB handler does (debug_read_clear_dr6), and a Guest's debug trap never
# reaches it: the Switcher brings it home and the Host reflects it.  So a Guest that sets the
# trap flag (hostile=redstep: 100 single steps at ring 1) leaves BS set on its CPU.  The next
# debug trap the Host itself takes there, here a watchpoint of the administrator's on a kernel
# function (tests/tools/lgwatch.c, an instruction breakpoint on proc_dointvec_minmax, which
# `cat /proc/sys/kernel/pid_max` runs), arrives with BS as well as B0: the Host kernel believes it was single-stepping its own code
# and says "WARNING ... exc_debug_kernel" (a user process's watchpoint would get a SIGTRAP
# whose si_code says single step).  The Host must leave %dr6 as the Guest found it.  (The fix:
# in run_guest_on_this_cpu, read %dr6 after the run and write DR6_RESERVED back if the Guest
# left bits there; hw_breakpoint_restore already does that when a watchpoint is active.)

fail() { echo "FAIL: $*"; exit 1; }

[ -e /dev/lguest ] || insmod /lg.ko || fail "no /dev/lguest and insmod failed"
addr=$(grep ' [tT] proc_dointvec_minmax$' /proc/kallsyms | awk '{print $1}' | head -n 1)
case $addr in ''|00000000) echo "skip: no address for proc_dointvec_minmax in /proc/kallsyms"; exit 0 ;; esac
before=$(dmesg | grep -c 'exc_debug')
out=$(taskset -c 1 /bin/lguest /guest/guest.elf -- hostile=redstep </dev/null 2>&1)
echo "$out" | tail -n 2
echo "$out" | grep -q 'red: 100 single steps of mine' || fail "the Guest did not single-step"
lgwatch 1 0x$addr 4 x >/tmp/dr6.out 2>&1 &
watcher=$!
sleep 1
grep -q 'watching' /tmp/dr6.out || { cat /tmp/dr6.out; echo "skip: no hardware breakpoints here"; exit 0; }
for i in 1 2 3; do taskset -c 1 cat /proc/sys/kernel/pid_max >/dev/null; done
wait $watcher
cat /tmp/dr6.out
after=$(dmesg | grep -c 'exc_debug')
dmesg | grep -A3 'exc_debug' | head -n 8
[ "$after" -eq "$before" ] ||
	fail "the Host's own debug trap found the Guest's single step in %dr6 (WARNING in exc_debug_kernel)"
grep -q 'counted [1-9]' /tmp/dr6.out || fail "the watchpoint never fired"
echo "ok: the Host's watchpoint fired and its debug handler saw no single step of the Guest's"
