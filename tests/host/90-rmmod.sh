#!/bin/sh
# 90-rmmod: `rmmod lg` succeeds once every Guest is gone, and takes /dev/lguest with it.
# Guests go as their Launchers end; one that a test before this one stopped may take a moment
# to finish, so first wait (10 s, times LG_SLOW on a slow machine: see tests/host-init.sh)
# until no Launcher runs and nothing holds the module (its use count in /proc/modules is 0).

slow=${LG_SLOW:-1}
# users: lg's use count ("lg 40960 0 - Live ..."), empty if it is not loaded.
users() { sed -n 's/^lg [0-9]* \([0-9]*\) .*/\1/p' /proc/modules; }
# running_launchers: how many Launchers run (zombies do not count).
running_launchers() {
    n=0
    for d in /proc/[0-9]*; do
        [ "$(cat "$d/comm" 2>/dev/null)" = lguest ] || continue
        read -r _ _ state _ <"$d/stat" 2>/dev/null && [ "$state" != Z ] && n=$((n + 1))
    done
    echo $n
}
i=0
while { [ "$(running_launchers)" -gt 0 ] || [ "$(users)" != 0 ]; } && [ $i -lt $((100 * slow)) ]; do
    usleep 100000
    i=$((i + 1))
done
echo "waited $((i / 10)).$((i % 10)) s for Guests to go: $(running_launchers) Launchers run, lg's use count is $(users)"

out=$(rmmod lg 2>&1)
status=$?
echo "rmmod lg: status $status${out:+, said: $out}"
if [ "$status" -ne 0 ]; then
    echo "FAIL: rmmod lg failed"
    echo "--- /proc/modules:"; cat /proc/modules
    echo "--- processes:"; ps
    exit 1
fi
if grep -q '^lg ' /proc/modules; then
    echo "FAIL: lg is still in /proc/modules"
    exit 1
fi
i=0
while [ -e /dev/lguest ] && [ "$i" -lt $((20 * slow)) ]; do sleep 0.1; i=$((i + 1)); done
if [ -e /dev/lguest ]; then
    echo "FAIL: /dev/lguest is still there after rmmod"
    exit 1
fi
echo "ok: lg unloaded, /dev/lguest gone"
