#!/usr/bin/env bash
# tests/book/90-index.sh -- the subject index and the glossary.
#   - the PDF's subject index (build/book/book.ind, made by makeindex from the chapters' and the
#     glossary's \index commands) has at least 60 entries, and the PDF prints it;
#   - the HTML edition's Index of Subjects (indexes.html) has at least 60 entries, each linking
#     to an anchor in a chapter page (40-html-links checks that every such anchor exists);
#   - the glossary (book/glossary.tex) defines at least 40 terms, each with an \index entry, and
#     every one of those keys is also indexed somewhere in the chapters, so the index leads from
#     the short definition to the pages that explain it; the HTML edition has its glossary page.
set -uo pipefail

BUILD=${BUILD:-build}
CHAPTERS=${CHAPTERS:-chapters}
GLOSSARY=${GLOSSARY:-book/glossary.tex}
fail=0
bad() { echo "FAIL: $*"; fail=1; }

n=$(grep -c '^ *\\item ' "$BUILD/book/book.ind" 2>/dev/null)
[ "${n:-0}" -ge 60 ] || bad "the PDF's subject index has ${n:-no} entries (at least 60)"
pdftext=$(pdftotext "$BUILD/book.pdf" - 2>/dev/null)
grep -q '^Index of Subjects$' <<<"$pdftext" ||
    bad "the PDF has no page headed Index of Subjects"

h=$(sed -n '/<ul class="subjectindex">/,/<\/ul>/p' "$BUILD/html/indexes.html" 2>/dev/null | grep -c '^<li>')
[ "${h:-0}" -ge 60 ] || bad "the HTML Index of Subjects has ${h:-no} entries (at least 60)"
nolink=$(sed -n '/<ul class="subjectindex">/,/<\/ul>/p' "$BUILD/html/indexes.html" 2>/dev/null |
    grep '^<li>' | grep -v 'href="[a-z]*\.html#ix-[0-9]*"' | head -n 3)
[ -z "$nolink" ] || bad "HTML subject index entries without a link into a chapter: $nolink"

terms=$(grep -c '^\\item\[' "$GLOSSARY")
[ "$terms" -ge 40 ] || bad "the glossary defines $terms terms (at least 40)"
noindex=$(grep '^\\item\[' "$GLOSSARY" | grep -v '\\index{' | head -n 3)
[ -z "$noindex" ] || bad "glossary terms without an \\index: $noindex"
missing=0
while read -r key; do
    grep -qF "\\index{$key}" "$CHAPTERS"/*.nw || { bad "the glossary indexes '$key', the chapters never do"; missing=1; }
done < <(grep -o '\\index{[^}]*}' "$GLOSSARY" | sed 's/^\\index{//; s/}$//' | sort -u)
[ -s "$BUILD/html/glossary.html" ] && grep -q '<h1 id="glossary"' "$BUILD/html/glossary.html" ||
    bad "the HTML edition has no glossary page"

[ "$fail" -eq 0 ] && echo "ok: subject index of $n entries (PDF) and $h (HTML); glossary of $terms terms, each indexed in the chapters"
exit "$fail"
