#!/bin/sh
# 86-launch-leak: many Guests, one after another, must give back everything the Host took for
# them.  A Guest that runs a program (run=hello) makes the Host build several shadow page
# directories and tables, take references on the Launcher's pages, and allocate its own
# structures; all of it must be freed when the Launcher exits.  After a warm-up round (the
# first Guests fill the kernel's caches), the caches are dropped and MemFree and Slab
# (/proc/meminfo) recorded; after the measured rounds, the same again.  MemFree may not fall,
# nor Slab grow, by more than 1% (tests/fuzz/host-state.sh leak).
#
# Rounds: lgleak=N on the Host's command line (make fuzz LEAK_ROUNDS=N), default 60: one launch
# takes about half a second of the Host's time under QEMU's pentium3 model, so 60 fit the
# default 60 s limit.  The issue asks for 1,000 (about 8 minutes): `make fuzz` runs them.  A
# leak of one page per launch shows at 1,000 rounds (4 MB, 1% of MemFree); at 60 only the
# bigger ones do, such as a struct lguest or a Guest's worth of page references per launch.

rounds=60
for w in $(cat /proc/cmdline); do
    case $w in lgleak=*) rounds=${w#lgleak=} ;; esac
done

launch() {
    i=0
    while [ "$i" -lt "$1" ]; do
        out=$(/bin/lguest /guest/guest.elf -- run=hello </dev/null 2>&1)
        status=$?
        if [ "$status" -ne 0 ]; then
            echo "$out" | tail -n 5
            echo "FAIL: launch $i exited with status $status"
            exit 1
        fi
        i=$((i + 1))
    done
}

launch 5
host-state snap leak-before
start=$(date +%s)
launch "$rounds"
echo "$rounds launches took $(( $(date +%s) - start )) s"
host-state snap leak-after
host-state diff leak-before leak-after | grep -v '^HOST-LOG'
host-state leak leak-before leak-after 1 || { echo "FAIL: the Host kept memory"; exit 1; }
echo "ok: $rounds Guests came and went, and the Host kept no memory"
