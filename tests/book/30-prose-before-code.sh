#!/usr/bin/env bash
# tests/book/30-prose-before-code.sh -- every code chunk in chapters/*.nw comes after some prose:
# the documentation chunk in front of it has text in it, so the reader never meets code
# unexplained.  (The same rule as the project's before-stop hook.)
set -euo pipefail

bare=$(awk '
    FNR == 1 { kind = "doc"; text = 0 }
    /^<<.*>>=[[:space:]]*$/ { if (kind == "code" || !text) printf "%s:%d: %s\n", FILENAME, FNR, $0
                              kind = "code"; next }
    /^@([[:space:]]|$)/ { kind = "doc"; rest = substr($0, 2); text = (rest ~ /[^[:space:]]/); next }
    kind == "doc" && /[^[:space:]]/ { text = 1 }' chapters/*.nw)
if [ -n "$bare" ]; then
    echo "FAIL: code chunks with no prose before them:"
    echo "$bare" | sed 's/^/    /'
    exit 1
fi
echo "ok: every code chunk of $(grep -c '^<<.*>>=[[:space:]]*$' chapters/*.nw | awk -F: '{ s += $2 } END { print s }') has prose before it"
