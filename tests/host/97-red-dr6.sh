#!/bin/sh
# 97-red-dr6 (red team): a Guest's single steps stay behind in the Host processor's %dr6.
# A debug trap sets bits in %dr6 (BS for a single step) that the processor never clears; only
# the Host kernel's own #DB handler does (debug_read_clear_dr6), and a Guest's debug trap never
# reaches it: the Switcher brings it home and the Host reflects it.  So a Guest that sets the
# trap flag (hostile=redstep: 100 single steps at ring 1) leaves BS set on its CPU, and the next
# debug trap the Host itself takes there arrives with BS as well as the breakpoint's own bit:
#   a) an administrator's breakpoint on a kernel function (tests/tools/lgwatch.c, an instruction
#      breakpoint on proc_dointvec_minmax, which `cat /proc/sys/kernel/pid_max` runs): the Host
#      kernel believes it was single-stepping its own code, "WARNING ... exc_debug";
#   b) the same breakpoint, system-wide on the CPU, on the entry point of /bin/busybox, as
#      `perf record -e mem:ADDR:x -a -C 1` would set: the next program started there, which
#      nobody traces, is sent SIGTRAP for a single step it never took, and dies of it.
# The Host must leave %dr6 as the Guest found it.  (The fix: in run_guest_on_this_cpu, read
# %dr6 after the run and write DR6_RESERVED back if the Guest left bits there;
# hw_breakpoint_restore already does that when a watchpoint is active.)

fail() { echo "FAIL: $*"; exit 1; }

[ -e /dev/lguest ] || insmod /lg.ko || fail "no /dev/lguest and insmod failed"
taskset -p 1 $$ >/dev/null 2>&1	# this shell on CPU 0: only the programs we name run on CPU 1
step() {
    out=$(taskset -c 1 /bin/lguest /guest/guest.elf -- hostile=redstep </dev/null 2>&1)
    echo "$out" | tail -n 1
    echo "$out" | grep -q 'red: 100 single steps of mine' || fail "the Guest did not single-step"
}
# Wait for lgwatch's first line with shell built-ins only: a program started on CPU 1 now
# would meet the breakpoint before the one we mean to.
armed() {
    n=0
    until read -r line </tmp/dr6.out 2>/dev/null && [ -n "$line" ]; do
        n=$((n + 1)); [ $n -lt 2000000 ] || break
    done
    case $line in *watching*) return 0 ;; esac
    cat /tmp/dr6.out; echo "skip: no hardware breakpoints here"; exit 0
}

bad=''
addr=$(grep ' [tT] proc_dointvec_minmax$' /proc/kallsyms | awk '{print $1}' | head -n 1)
case $addr in ''|00000000) echo "skip: no address for proc_dointvec_minmax in /proc/kallsyms"; exit 0 ;; esac
before=$(dmesg | grep -c 'exc_debug')
step
: >/tmp/dr6.out
lgwatch 1 0x$addr 3 x >/tmp/dr6.out 2>&1 &
armed
for i in 1 2 3; do taskset -c 1 cat /proc/sys/kernel/pid_max >/dev/null; done
wait
cat /tmp/dr6.out
after=$(dmesg | grep -c 'exc_debug')
dmesg | grep -A3 'exc_debug' | head -n 8
[ "$after" -eq "$before" ] || bad="$bad kernel"
grep -q 'counted [1-9]' /tmp/dr6.out || fail "the kernel breakpoint never fired"

entry=$(od -An -tx4 -j24 -N4 /bin/busybox | tr -d ' ')
step
: >/tmp/dr6.out
lgwatch 1 0x$entry 3 x >/tmp/dr6.out 2>&1 &
armed
taskset -c 1 /bin/busybox true
status=$?
wait
cat /tmp/dr6.out
echo "/bin/busybox true on CPU 1, under the breakpoint at its entry $entry: exit status $status"
# (With BS stale, the Host takes the trap for a single step and skips the instruction breakpoint,
# which is why it then counts no hit: the program is dead before it can fire again.)
[ $status -eq 0 ] || bad="$bad user"
[ $status -ne 0 ] || grep -q 'counted [1-9]' /tmp/dr6.out ||
	fail "the breakpoint at busybox's entry never fired"

case $bad in
*kernel*user*) fail "the Guest's single step, left in %dr6, made the Host WARN in exc_debug and killed a program with SIGTRAP" ;;
*kernel*) fail "the Host's own debug trap found the Guest's single step in %dr6 (WARNING in exc_debug)" ;;
*user*) fail "a program nobody traces died of SIGTRAP (status $status) for the Guest's single step left in %dr6" ;;
esac
echo "ok: both breakpoints fired, and neither the Host kernel nor a program saw a single step of the Guest's"
