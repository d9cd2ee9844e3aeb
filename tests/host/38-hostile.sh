#!/bin/sh
# 38-hostile: a Guest that breaks the rules is killed with a message naming what it did (or, for
# a misdeed of one of its programs, deals with it itself), the Launcher says so and exits with
# the status given, and the Host carries on (the kernel-log check at the end of the boot covers
# the Host).
#
# Each line of the list below is one case: the Guest's hostile=NAME, the Launcher's exit status
# expected and an extended regular expression the Launcher's output must match (both regular
# expressions, since some misdeeds end one way under QEMU and another on a real processor:
# see 56-hole-switcher), and optionally a fourth field: more options for the Launcher (split
# into words; /tmp/hostile.img is a small disk made for the cases that need one; a case with
# --tap loads the TAP driver if it is not loaded, and the test unloads it again on the way out,
# since 44-network first checks the Launcher's message for a Host without it).  Each case is
# one Launcher of its own, with /dev/null for standard input: the list reaches the loop on file
# descriptor 3, so no Launcher (whose console thread reads standard input) can swallow it.  The
# test counts the cases it ran and fails unless that is every line of the list.

fail() { echo "FAIL: $*"; exit 1; }

dd if=/dev/zero of=/tmp/hostile.img bs=512 count=16 2>/dev/null || fail "cannot make /tmp/hostile.img"
loaded_tun=''
trap '[ -z "$loaded_tun" ] || rmmod tun' EXIT
lines=0 ran=0
while IFS='	' read -r name want pattern options <&3; do
    case $name in ''|'#'*) continue ;; esac
    lines=$((lines + 1))
    case $options in
        *--tap*) lsmod | grep -q '^tun ' || { insmod /tun.ko && loaded_tun=1; } ||
                     fail "cannot load tun.ko" ;;
    esac
    # $options is split into words on purpose.
    # shellcheck disable=SC2086
    out=$(/bin/lguest $options /guest/guest.elf -- "hostile=$name" </dev/null 2>&1)
    status=$?
    ran=$((ran + 1))
    echo "--- hostile=$name (status $status)"
    echo "$out" | tail -n 6
    echo "$status" | grep -qxE "$want" || fail "hostile=$name: status $status, not $want"
    echo "$out" | grep -qE "$pattern" || fail "hostile=$name: no line matching '$pattern'"
    echo "$out" | grep -q "still alive after hostile" && fail "hostile=$name: the Guest survived"
done 3<<'LIST'
console	1	lguest: the Guest died: console write of 16 bytes at 0xf0000000 is outside the Guest
idt	1	lguest: the Guest died: bad interrupt gate 100
gdt	1	lguest: the Guest died: bad segment descriptor
tss	1	lguest: the Guest died: may not set descriptor 16
stack	1	lguest: the Guest died: bad kernel stack segment 0x68
pgdir	1	lguest: the Guest died: bad page directory 0x7ffff000
switcher	1|3	the Guest died: touched the Switcher|hostile=switcher stopped by trap 13
haltnoirq	1	lguest: the Guest died: halted inside its no-interrupt window
readhost	3	Guest: 0 words of Host addresses|hostile=readhost stopped by trap 13
execswitcher	1|3|255	the Guest died: touched the Switcher|hostile=execswitcher stopped by trap 13|unexpected trap (13|14) .* at eip e0
nmiflag	1|3	the Guest died: touched the Switcher|hostile=nmiflag stopped by trap 13
map	1	lguest: the Guest died: page table entry 0xfffff003 points outside Guest memory
consoleend	1	the Guest died: console write of 16 bytes at 0x[0-9a-f]+ is outside the Guest
consolewrap	1	the Guest died: console write of 4294967288 bytes at 0x10 is outside the Guest
tlsend	1	the Guest died: bad read of 24 bytes at 0x[0-9a-f]+
gdtindex	1	the Guest died: may not set descriptor 1000
idtvector	1	the Guest died: may not set interrupt gate 300
idthcall	1	the Guest died: may not set interrupt gate 31
idttask	1	the Guest died: bad interrupt gate 50
stack3	1	the Guest died: bad kernel stack segment 0x7b
pgdirodd	1	the Guest died: bad page directory 0x1001
pgdindex	1	the Guest died: bad page directory index 5000
inittwice	1	the Guest died: LHCALL_INIT made twice
unknown	1	the Guest died: unknown hypercall 9999
asyncunknown	1	the Guest died: unknown hypercall 9998
asynctls	1	the Guest died: bad read of 24 bytes at 0xfffffff0
tlsring0	1	the Guest died: bad segment descriptor
tlsbase	1	the Guest died: segment base 0x[0-9a-f]+ is not below the Switcher
expanddown	1	the Guest died: expand-down segment
pdeoutside	1	the Guest died: page table entry 0xfffff003 points outside Guest memory
bigpage	1	the Guest died: 4 MiB pages are not supported
nostack	1	the Guest died: cannot push a trap frame at 0xcffffff4
farhandler	1	the Guest died: eip 0xffff0000 is beyond its code segment
segments	3	hostile=segments stopped by trap 13
returns	3	hostile=returns stopped by trap 13
gates	3	hostile=gates stopped by trap 13
instructions	3	hostile=instructions stopped by trap 13
mxcsr	3	hostile=mxcsr stopped by trap 13
irqstorm	3	hostile=irqstorm: 100000 calls, and the Host carried on
othercpu	1	the Guest died: touched the Switcher
dev-count	1	lguest: the Guest broke the device rules: notification for device 5 of 2$
num-vqs	1	lguest: the Guest broke the device rules: notification for queue 200 of device 0, which has 1$
notify-dev	1	lguest: the Guest broke the device rules: notification for device 7 of 2$
notify-queue	1	lguest: the Guest broke the device rules: notification for queue 1 of device 0, which has 1$
avail-idx	1	lguest: the Guest broke the device rules: device 0 queue 0: the available index 1000 is 1000 ahead of the device, more than the queue's 64$
avail-head	1	lguest: the Guest broke the device rules: device 0 queue 0: chain head 1000 is not one of the queue's 64 descriptors$
chain-loop	1	lguest: the Guest broke the device rules: device 0 queue 0: the chain from descriptor 0 loops back to descriptor 0$
chain-long	1	lguest: the Guest broke the device rules: device 0 queue 0: the chain from descriptor 0 is longer than 16 buffers$
desc-addr	1	lguest: the Guest broke the device rules: device 0 queue 0: descriptor 0 \(16 bytes at 0x7ffff000\) is outside Guest memory$
desc-wrap	1	lguest: the Guest broke the device rules: device 0 queue 0: descriptor 0 \(16 bytes at 0x100000010\) is outside Guest memory$
desc-len	1	lguest: the Guest broke the device rules: device 0 queue 0: descriptor 0 \(4294967295 bytes at 0x1000\) is outside Guest memory$
rng-readable	1	lguest: the Guest broke the device rules: device 0 queue 0: the entropy device was given a buffer it may not write$
blk-header	1	lguest: the Guest broke the device rules: device 2 queue 0: a block request's header is writable$	--block /tmp/hostile.img
net-frame	1	lguest: the Guest broke the device rules: device 2 queue 1: a frame of 1048564 bytes, more than 1514$	--tap lgh0
LIST
[ "$lines" -gt 0 ] || fail "the list of cases is empty"
[ "$ran" -eq "$lines" ] || fail "ran $ran of the $lines cases"
echo "ok: all $ran hostile Guests were dealt with as expected"
