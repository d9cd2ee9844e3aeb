#!/usr/bin/env bash
# tests/build/10-artifacts.sh -- the three build products exist and are what they should be:
#   build/bin/lg.ko      an ELF 32-bit relocatable object for the Intel 80386 (a kernel module)
#   build/bin/lguest     a statically linked ELF 32-bit i386 executable (the Launcher)
#   build/bin/guest.elf  the Guest kernel (only its existence is checked here)
# Run by tests/run.sh from the top of the repository; exit 0 = pass.

set -euo pipefail

BUILD=${BUILD:-build}
bin=$BUILD/bin
status=0

# check FILE GLOB: `file -b FILE` must match the shell pattern GLOB.
check() {
    local f=$1 want=$2 got
    if [ ! -f "$f" ]; then
        echo "FAIL: $f does not exist"
        status=1
        return
    fi
    got=$(file -b "$f")
    # shellcheck disable=SC2254  # $want is a pattern on purpose
    case $got in
        $want) echo "ok: $f: $got" ;;
        *)     echo "FAIL: $f: $got"; echo "      expected: $want"; status=1 ;;
    esac
}

check "$bin/lg.ko"     '*ELF 32-bit LSB relocatable, Intel 80386*'
check "$bin/lguest"    '*ELF 32-bit LSB executable, Intel 80386*statically linked*'
check "$bin/guest.elf" '*'
exit "$status"
