#!/bin/sh
# tests/soak/in-host.sh -- the in-Host half of `make soak` (tests/soak.sh packs it into the
# initramfs as a test of its own).  GUESTS Launchers (lgguests=N on the kernel command line,
# default 8) run Guests one after another for MINUTES minutes (lgsoak=M, default 10), all at
# once on the Host's two CPUs: each Guest runs the user programs that exercise processes, the
# FPU, TLS, faults and system calls, with a disk of its own, and every third one is a hostile
# Guest from 38-hostile's list, so that the Host's paths for killing Guests get their share.
# Every minute the Host's free memory and slab are printed as
#   @@SOAK-MEM <seconds> <MemFree kB> <Slab kB> <Guests so far>
# and at the end, after the Launchers have stopped and the caches are dropped,
#   @@SOAK-RESULT <Guests run> <MemFree before> <MemFree after> <Slab before> <Slab after>
# The driver judges: memory flat within 1% of the Host's RAM, a clean kernel log.

cmdline_value() {
    for w in $(cat /proc/cmdline); do
        case $w in "$1="*) echo "${w#*=}"; return ;; esac
    done
    echo "$2"
}
mem() { awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo; }
settle() { sync; echo 3 >/proc/sys/vm/drop_caches; sleep 1; }
uptime_s() { read -r up _ </proc/uptime; echo "${up%.*}"; }

minutes=$(cmdline_value lgsoak 10)
guests=$(cmdline_value lgguests 8)
hostile="console idt gdt pgdir map consoleend tlsbase bigpage nostack farhandler othercpu"

settle
free0=$(mem MemFree) slab0=$(mem Slab)
echo "@@SOAK-RAM $(mem MemTotal)"
start=$(uptime_s)
end=$((start + minutes * 60))
rm -f /tmp/soak-count.*

# One Launcher slot: Guest after Guest until the time is up; counts them in /tmp/soak-count.ID.
slot() {
    id=$1 n=0 h=0
    count=$(echo $hostile | wc -w)
    dd if=/dev/zero of=/tmp/soak-disk.$id bs=4096 count=64 2>/dev/null
    while [ "$(uptime_s)" -lt "$end" ]; do
        n=$((n + 1))
        if [ $((n % 3)) -eq 0 ]; then
            word=$(echo $hostile | cut -d' ' -f$((h % count + 1)))
            h=$((h + 1))
            /bin/lguest /guest/guest.elf -- "hostile=$word" </dev/null >/dev/null 2>&1
        else
            /bin/lguest --block /tmp/soak-disk.$id /guest/guest.elf -- \
                run=hello,fpu,tls,faults,syscalls,yielder blkwrite=3 blkread=3 \
                </dev/null >/dev/null 2>&1
        fi
        echo "$n" >/tmp/soak-count.$id
    done
}

i=0
while [ $i -lt "$guests" ]; do
    slot $i &
    i=$((i + 1))
done

total() { cat /tmp/soak-count.* 2>/dev/null | awk '{ n += $1 } END { print n + 0 }'; }
while [ "$(uptime_s)" -lt "$end" ]; do
    sleep 60
    echo "@@SOAK-MEM $(( $(uptime_s) - start )) $(mem MemFree) $(mem Slab) $(total)"
done
wait
settle
echo "@@SOAK-RESULT $(total) $free0 $(mem MemFree) $slab0 $(mem Slab)"
