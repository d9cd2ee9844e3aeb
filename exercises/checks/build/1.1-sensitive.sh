#!/usr/bin/env bash
# Exercise 1.1 (sensitive), on bare hardware: build/bin/guest.elf booted by
# `qemu-system-i386 -kernel` with the words `sensitive exit=0` runs, in ring 0, the same four
# sensitive instructions it runs under the Host (exercises/checks/host/1.1-sensitive.sh), and
# here they tell the truth.  Asserts the lines
#   Guest: pushf with interrupts off says IF=0
#   Guest: popf clearing IF leaves IF=0
#   Guest: sgdt says base B limit 87     (B from c0000000 up: the kernel's own 17-entry table)
#   Guest: sidt says base B limit 7ff    (likewise: 256 gates)
# and that the Guest powers off with status 0 (QEMU's status 1).
set -uo pipefail

out=$(tests/native-guest.sh sensitive exit=0 </dev/null)
status=$?
echo "--- qemu-system-i386 -kernel guest.elf -append 'sensitive exit=0' (status $status)"
echo "$out"

fail() { echo "FAIL: $*"; exit 1; }

grep -q '^Guest: pushf with interrupts off says IF=' <<<"$out" ||
    fail "no 'Guest: pushf with interrupts off says IF=N' line: is the word 'sensitive' there?"
grep -q '^Guest: pushf with interrupts off says IF=0$' <<<"$out" ||
    fail "on bare hardware, after cli, pushf should say IF=0"
grep -q '^Guest: popf clearing IF leaves IF=0$' <<<"$out" ||
    fail "on bare hardware (ring 0), popf clearing IF should leave IF=0"
grep -qE '^Guest: sgdt says base c[0-9a-f]{7} limit 87$' <<<"$out" ||
    fail "no 'Guest: sgdt says base c....... limit 87' line (the native table has 17 entries)"
grep -qE '^Guest: sidt says base c[0-9a-f]{7} limit 7ff$' <<<"$out" ||
    fail "no 'Guest: sidt says base c....... limit 7ff' line (256 gates)"
[ "$status" -eq 1 ] || fail "QEMU's status $status, not 1 (the Guest's exit=0)"
echo "ok: on bare hardware pushf, popf, sgdt and sidt tell the truth"
