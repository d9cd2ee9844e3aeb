#!/bin/sh
# 12-cpu-features: the boot that is meant to exercise the modern protections really has them.
# run.sh boots the suite a second time with `lgexpect=smep,smap,umip` on the kernel command line;
# there every named flag must be in /proc/cpuinfo (the kernel turns each on when the CPU has it),
# and on every boot global pages (pge) must be there, since hiding them is part of what lg.ko does.

fail() { echo "FAIL: $*"; exit 1; }

flags=$(grep -m1 '^flags' /proc/cpuinfo)
echo "$flags"
want="pge $(tr ' ' '\n' </proc/cmdline | sed -n 's/^lgexpect=//p' | tr ',' ' ')"
for f in $want; do
    echo "$flags" | tr ' ' '\n' | grep -qx "$f" || fail "the CPU has no $f"
done
echo "ok: the CPU has: $want"
