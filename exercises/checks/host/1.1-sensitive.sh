#!/bin/sh
# Exercise 1.1 (sensitive): the Guest's command-line word `sensitive` runs four sensitive but
# unprivileged instructions in the Guest kernel's ring and prints what each said.  Under the
# Host this checker asserts:
#   Guest: pushf with interrupts off says IF=1      (the real flag, not the Guest's virtual one)
#   Guest: popf clearing IF leaves IF=1             (popf ignored the flag, and did not fault)
#   Guest: sgdt says base B limit L                 (B in the Switcher's pages, from the
#   Guest: sidt says base B limit L                  Guest's hello line), or "...: trap 13"
#                                                    on a processor with UMIP
# and that the Guest powers off with status 0.  (exercises/checks/build/1.1-sensitive.sh checks
# the same word on bare hardware.)

fail() { echo "FAIL: $*"; exit 1; }

out=$(/bin/lguest /guest/guest.elf -- sensitive 2>&1)
status=$?
echo "--- lguest /guest/guest.elf -- sensitive (status $status)"
echo "$out"

echo "$out" | grep -q '^Guest: pushf with interrupts off says IF=' ||
    fail "no 'Guest: pushf with interrupts off says IF=N' line: is the word 'sensitive' there?"
echo "$out" | grep -q '^Guest: pushf with interrupts off says IF=1$' ||
    fail "pushf with the virtual flag off should show the real flag, IF=1"
echo "$out" | grep -q '^Guest: popf clearing IF leaves IF=1$' ||
    fail "no 'Guest: popf clearing IF leaves IF=1' line (in ring 1 popf silently keeps IF)"

range=$(echo "$out" | sed -n 's/.*the Switcher is at \([0-9a-f]*\)-\([0-9a-f]*\)\..*/\1 \2/p' | head -n 1)
[ -n "$range" ] || fail "no 'the Switcher is at START-END' line in the Guest's greeting"
start=$((0x${range% *})) end=$((0x${range#* }))

for insn in sgdt sidt; do
    line=$(echo "$out" | grep -E "^Guest: $insn( says base [0-9a-f]+ limit [0-9a-f]+|: trap [0-9]+)$" | head -n 1)
    [ -n "$line" ] || fail "no 'Guest: $insn says base B limit L' (or 'Guest: $insn: trap N') line"
    case $line in
        *": trap 13") echo "ok: $insn faulted (UMIP)" ;;
        *": trap "*) fail "$insn faulted with the wrong trap: $line" ;;
        *)
            base=$(echo "$line" | sed 's/.* base \([0-9a-f]*\) .*/\1/')
            b=$((0x$base))
            [ "$b" -ge "$start" ] && [ "$b" -lt "$end" ] ||
                fail "$insn's base $base is not in the Switcher's pages ${range% *}-${range#* }"
            ;;
    esac
done
[ "$status" -eq 0 ] || fail "the Guest's status was $status, not 0"
echo "ok: pushf and popf lie about the interrupt flag; sgdt and sidt name the Switcher's tables"
