#!/bin/sh
# 50-bad-kernel: the Launcher refuses Guest kernels it cannot load, each time with a non-zero
# status and a message naming the file:
#   a file that does not exist, a file that is not ELF (/init, a shell script), an ELF file
#   for the wrong architecture (x86-64, put in by tests/initramfs.sh), and a Guest too large
#   for the memory it is given (--memory 1).

failures=0

# try DESCRIPTION FILE LAUNCHER-ARGS...: run the Launcher, check status and message.
try() {
    what=$1 file=$2
    shift 2
    out=$(/bin/lguest "$@" 2>&1)
    status=$?
    echo "--- $what: lguest $*"
    echo "$out"
    echo "--- exit status: $status"
    if [ "$status" -eq 0 ]; then
        echo "FAIL ($what): status 0"
        failures=$((failures + 1))
    elif ! echo "$out" | grep -qF "$file"; then
        echo "FAIL ($what): the message does not name $file"
        failures=$((failures + 1))
    else
        echo "ok ($what)"
    fi
}

try "missing file"      /guest/no-such-kernel   /guest/no-such-kernel
try "not an ELF file"   /init                   /init
try "wrong architecture" /tests/data/elf64      /tests/data/elf64
try "too large"         /guest/guest.elf        --memory 1 /guest/guest.elf

[ "$failures" -eq 0 ] || { echo "FAIL: $failures of 4 bad kernels not refused properly"; exit 1; }
echo "ok: all 4 bad kernels refused"
