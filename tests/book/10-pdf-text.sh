#!/usr/bin/env bash
# tests/book/10-pdf-text.sh -- the PDF's text shows the seven chapters in order (Preparation,
# The Guest, Drivers, The Launcher, The Host, The Switcher, Mastery), and no reference LaTeX
# could not resolve (it prints those as two question marks).  Reads build/book.pdf with
# pdftotext.  (The appendix quotes this comment: keep the two marks out of its first sentence.)
set -euo pipefail

BUILD=${BUILD:-build}
pdf=$BUILD/book.pdf
fail() { echo "FAIL: $*"; exit 1; }
[ -s "$pdf" ] || fail "no $pdf"
command -v pdftotext >/dev/null || fail "no pdftotext: apt-get install poppler-utils"
text=$(pdftotext -enc UTF-8 "$pdf" -) || fail "pdftotext could not read $pdf"

# Each chapter opens with a line "Chapter N" and, after blank lines, its title (a line may
# start with the form feed that ends the page before).
want=("Preparation" "The Guest" "Drivers" "The Launcher" "The Host" "The Switcher" "Mastery")
got=$(awk '{ sub(/^\f/, "") }
           /^Chapter [0-9]+$/ { n = $2; next }
           n != "" && NF { print n "\t" $0; n = "" }' <<<"$text")
status=0
for i in "${!want[@]}"; do
    n=$((i + 1))
    line=$(awk -F'\t' -v n="$n" '$1 == n { print $2; exit }' <<<"$got")
    if [ "$line" = "${want[$i]}" ]; then
        echo "ok: Chapter $n: $line"
    else
        echo "FAIL: Chapter $n should be \"${want[$i]}\", the PDF has \"${line:-(no such chapter)}\""
        status=1
    fi
done
order=$(cut -f1 <<<"$got" | tr '\n' ' ')
[ "$order" = "1 2 3 4 5 6 7 " ] || { echo "FAIL: chapters in the PDF, in order: $order"; status=1; }

if grep -n -F '??' <<<"$text" >"${TMPDIR:-/tmp}/pdf-qq.$$"; then
    echo "FAIL: unresolved references (??) in the PDF's text:"
    sed 's/^/    line /' "${TMPDIR:-/tmp}/pdf-qq.$$" | head -n 20
    status=1
else
    echo "ok: no ?? in the PDF's text"
fi
rm -f "${TMPDIR:-/tmp}/pdf-qq.$$"

# A LaTeX command whose backslash was lost on the way into a chapter (a script's "\r" in
# "\ref" became a line break once) prints its argument as text: a label in braces.
if grep -n -E '(^|[^[:alnum:]])(ef|ageref)\{?(sec|ch|fig|tab|ex):' <<<"$text" >"${TMPDIR:-/tmp}/pdf-ref.$$"; then
    echo "FAIL: a reference that lost its backslash, in the PDF's text:"
    sed 's/^/    line /' "${TMPDIR:-/tmp}/pdf-ref.$$" | head -n 20
    status=1
else
    echo "ok: no reference printed as text"
fi
rm -f "${TMPDIR:-/tmp}/pdf-ref.$$"
exit "$status"
