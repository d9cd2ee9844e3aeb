#!/usr/bin/env bash
# tests/native-guest.sh -- boot build/bin/guest.elf with no Host, as a multiboot kernel on an
# emulated PC, for the tests and the exercises' checkers that look at the Guest on bare hardware.
#
# Usage: tests/native-guest.sh [--cpu MODEL] WORDS...
#   The Guest's command line is WORDS.  Its serial console comes to standard output (carriage
#   returns dropped) and standard input goes to it, so redirect from /dev/null unless you mean
#   to type.  QEMU's isa-debug-exit device turns the Guest's power-off status N into QEMU's
#   exit status 2N + 1, which is this script's.  Killed after 120 s (status 124).
# Environment: BUILD [build].
set -uo pipefail

cpu=pentium3
if [ "${1:-}" = --cpu ]; then cpu=$2; shift 2; fi
timeout 120 qemu-system-i386 -cpu "$cpu" -m 64 -display none -no-reboot \
    -serial stdio -monitor none -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
    -kernel "${BUILD:-build}/bin/guest.elf" -append "$*" 2>&1 | tr -d '\r'
exit "${PIPESTATUS[0]}"
