#!/usr/bin/env bash
# tests/book/60-real-world.sh -- every chapter from the Guest to the Switcher ends its story with
# a "Real world" section that compares its mechanism with what KVM, Xen and the hardware do
# today, and backs that with at least one citation of book/references.bib (\citep or \citet),
# every key of which must exist there.  Reads CHAPTERS (default chapters/) and the .bib file.
set -uo pipefail

CHAPTERS=${CHAPTERS:-chapters}
BIB=${BIB:-book/references.bib}
fail=0
for ch in 02-guest 03-drivers 04-launcher 05-host 06-switcher; do
    f=$CHAPTERS/$ch.nw
    section=$(awk '/^\\section\{Real world\}/ { on = 1 } on && /^\\(section|chapter)\{/ && !/Real world/ { on = 0 }
                   on' "$f")
    if [ -z "$section" ]; then
        echo "FAIL: $f has no \\section{Real world}"
        fail=1
        continue
    fi
    keys=$(grep -oE '\\cite[pt]\{[^}]*\}' <<<"$section" | sed 's/.*{//; s/}//' | tr ',' '\n' | sort -u)
    if [ -z "$keys" ]; then
        echo "FAIL: $f: its Real world section cites nothing"
        fail=1
        continue
    fi
    missing=0
    for k in $keys; do
        grep -qE "^@[a-z]+\{$k," "$BIB" || { echo "FAIL: $f cites '$k', which $BIB does not have"; missing=1; }
    done
    [ "$missing" -eq 0 ] && echo "ok: $f: Real world, citing $(echo $keys)"
    [ "$missing" -eq 0 ] || fail=1
done
exit "$fail"
