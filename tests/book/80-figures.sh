#!/usr/bin/env bash
# tests/book/80-figures.sh -- the book's figures are there and are read: the chapters hold at
# least MIN_FIGURES figure environments (15), every \label{fig:...} in them is referenced by
# some \ref{fig:...} (or \pageref) in the chapters, and every figures/NAME.tex is \input by a
# chapter (as \input{figures/NAME} or \input{NAME}), so no drawing sits unused.  Reads CHAPTERS
# (default chapters/) and FIGURES (default figures/).
set -uo pipefail

CHAPTERS=${CHAPTERS:-chapters}
FIGURES=${FIGURES:-figures}
MIN_FIGURES=${MIN_FIGURES:-15}
fail=0
shopt -s nullglob
nw=("$CHAPTERS"/*.nw)
if [ ${#nw[@]} -eq 0 ]; then
    echo "FAIL: no chapters in $CHAPTERS"
    exit 1
fi

n=$(cat "${nw[@]}" | grep -c '^[[:space:]]*\\begin{figure}')
if [ "$n" -ge "$MIN_FIGURES" ]; then
    echo "ok: $n figures in the chapters (at least $MIN_FIGURES)"
else
    echo "FAIL: only $n figures in the chapters; the book should have at least $MIN_FIGURES"
    fail=1
fi

labels=$(grep -ho '\\label{fig:[^}]*}' "${nw[@]}" | sed 's/^\\label{//; s/}$//' | sort)
dups=$(uniq -d <<<"$labels")
if [ -n "$dups" ]; then
    echo "FAIL: figure labels defined twice: $(echo $dups)"
    fail=1
fi
refs=$(grep -ho '\\\(page\)\{0,1\}ref{fig:[^}]*}' "${nw[@]}" | sed 's/^.*{//; s/}$//' | sort -u)
unref=0
for l in $(uniq <<<"$labels"); do
    if ! grep -qxF "$l" <<<"$refs"; then
        echo "FAIL: $(grep -l "\\\\label{$l}" "${nw[@]}" | head -n1): \\label{$l} is never referenced (Figure~\\ref{$l})"
        unref=1
    fi
done
for r in $refs; do
    grep -qxF "$r" <<<"$labels" || { echo "FAIL: \\ref{$r} names no figure label"; unref=1; }
done
[ "$unref" -eq 0 ] && echo "ok: each of the $(uniq <<<"$labels" | grep -c .) figure labels is referenced from the prose"
[ "$unref" -eq 0 ] || fail=1

unused=0
figs=("$FIGURES"/*.tex)
for f in "${figs[@]}"; do
    name=$(basename "$f" .tex)
    if ! grep -qE "\\\\input\\{(figures/)?$name(\\.tex)?\\}" "${nw[@]}"; then
        echo "FAIL: $f is not \\input by any chapter"
        unused=1
    fi
done
[ "$unused" -eq 0 ] && echo "ok: all ${#figs[@]} files $FIGURES/*.tex are \\input by a chapter"
[ "$unused" -eq 0 ] || fail=1
exit "$fail"
