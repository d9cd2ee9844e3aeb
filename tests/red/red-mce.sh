#!/bin/bash
# tests/red/red-mce.sh (red team): boot the Host with only tests/red/93-red-mce.sh and inject
# machine checks through QEMU's QMP socket when it asks (markers on the serial console).  Not
# part of make test (it needs QEMU's monitor); run it by hand.
# Usage: tests/red/red-mce.sh   (after make tangle module launcher guest tools)
set -u
REPO=$(cd "$(dirname "$0")/../.." && pwd)
B=$REPO/build/test
mkdir -p "$B"
SOCK=/tmp/red-qmp.$$.sock
LOG=$B/red-mce-serial.txt
LG_TESTS='none' "$REPO/tests/initramfs.sh" --add "$REPO/tests/red/93-red-mce.sh=tests/93-red-mce.sh" \
    /tmp/red-mce.cpio.gz >/dev/null || exit 1
"$REPO/tests/qemu.sh" --mode test --timeout 200 --log "$LOG" --initrd /tmp/red-mce.cpio.gz \
    -- -qmp "unix:$SOCK,server=on,wait=off" >/dev/null 2>&1 &
q=$!
inject() {  # $1: what for
    python3 - "$SOCK" "$1" <<'PY'
import json, socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); f = s.makefile('rw')
f.readline()
for cmd in ({"execute": "qmp_capabilities"},
            {"execute": "human-monitor-command", "arguments": {"command-line":
             # CPU 1, bank 1: valid, uncorrected, enabled, MISC and ADDR valid, signalled,
             # memory-scrubbing code (an action-optional error Linux recovers from);
             # MCG_STATUS RIPV|MCIP; an address outside RAM.
             "mce 1 1 0xbd000000000000c0 0x5 0x7fff000000 0x86"}}):
    f.write(json.dumps(cmd) + "\n"); f.flush(); print(sys.argv[2], f.readline().strip())
PY
}
done_=''
for i in $(seq 1 400); do
    sleep 0.5
    for m in CONTROL GUEST SECOND; do
        case " $done_ " in *" $m "*) continue ;; esac
        if grep -q "^@@RED-MCE-$m" "$LOG" 2>/dev/null; then
            sleep 2; inject "$m"; done_="$done_ $m"
        fi
    done
    kill -0 $q 2>/dev/null || break
done
wait $q; echo "qemu exit status $?"
grep -a 'red-mce\|RED-MCE\|Guest: \|lguest:\|mce:\|Hardware Error\|Machine check\|reset\|@@' "$LOG" | tail -n 40
rm -f "$SOCK"
