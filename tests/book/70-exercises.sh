#!/usr/bin/env bash
# tests/book/70-exercises.sh -- the book's exercises and their checkers agree.
#   - every chapter ends with \section{Exercises} (Mastery's may have Further reading after it), holding its exercises as
#     \paragraph{Exercise C.K: ...} with C the chapter's number and K = 1, 2, ... in order:
#     two to four in each of chapters 1 to 6, and the Mastery chapter's larger ones;
#   - at least 20 exercises in all;
#   - each has a difficulty (\emph{Easy.}, Medium, Hard or Research) and a "Done when" that
#     names its own \cmd{make check-exercise N=C.K};
#   - each has a checker, exercises/checks/build/C.K-*.sh or exercises/checks/host/C.K-*.sh,
#     executable; and every checker belongs to an exercise;
#   - every solutions/*.patch applies to the book as it stands (git apply --check);
#   - each that is not Research has a reference solution solutions/C.K-*.patch with the same
#     name, unless exercises/README.md lists it under "Exercises without a reference solution";
#     a listed one must really have none.
# (That each checker fails without its solution and passes with it is tests/solutions.sh's job.)
# Reads CHAPTERS [chapters], EXERCISES [exercises], SOLUTIONS [solutions].
set -uo pipefail

CHAPTERS=${CHAPTERS:-chapters}
EXERCISES=${EXERCISES:-exercises}
SOLUTIONS=${SOLUTIONS:-solutions}
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# The README's list of exercises that have no solution yet: lines "- 7.8 ..." (or "- 7.8: ...")
# under the heading "Exercises without a reference solution", up to the next heading.
unsolved=$(awk '/^#+ Exercises without a reference solution/ { on = 1; next }
                on && /^#/ { on = 0 }
                on && /^[-*] +[0-9]+\.[0-9]+/ { sub(/^[-*] +/, ""); sub(/[^0-9.].*/, ""); print }' \
           "$EXERCISES/README.md" 2>/dev/null)

total=0
declare -A seen=()
for f in "$CHAPTERS"/0[1-7]-*.nw; do
    c=$(basename "$f" | sed 's/^0*\([0-9]*\)-.*/\1/')
    # The chapter's last \section must be Exercises (Mastery's may be followed by its reading list).
    last=$(grep -E '^\\section\{' "$f" | grep -vxF '\section{Further reading}' | tail -n 1)
    [ "$last" = '\section{Exercises}' ] || bad "$f: its last section is '$last', not \\section{Exercises}"
    # The exercises, in order, with the text of each up to the next \paragraph or \section.
    n=0
    while IFS=$'\t' read -r num title; do
        n=$((n + 1)); total=$((total + 1))
        [ "$num" = "$c.$n" ] || bad "$f: exercise '$num: $title' should be numbered $c.$n"
        seen[$num]=1
        body=$(awk -v h="\\\\paragraph{Exercise $num:" '
                index($0, h) == 1 { on = 1; print; next }
                on && /^\\(paragraph|section|chapter)\{/ { on = 0 }
                on' "$f")
        grep -qE '\\emph\{(Easy|Medium|Hard|Research)\b' <<<"$body" ||
            bad "Exercise $num: no difficulty (\\emph{Easy.}, Medium, Hard or Research)"
        grep -qF "\\cmd{make check-exercise N=$num}" <<<"$body" ||
            bad "Exercise $num: its Done when does not name \\cmd{make check-exercise N=$num}"
        checkers=$(ls "$EXERCISES"/checks/build/"$num"-*.sh "$EXERCISES"/checks/host/"$num"-*.sh 2>/dev/null)
        if [ -z "$checkers" ]; then
            bad "Exercise $num: no checker exercises/checks/{build,host}/$num-*.sh"
            continue
        fi
        for k in $checkers; do [ -x "$k" ] || bad "$k is not executable"; done
        names=$(for k in $checkers; do basename "$k" .sh; done | sort -u)
        [ "$(wc -l <<<"$names")" -eq 1 ] || bad "Exercise $num: checkers of different names: $(echo $names)"
        name=$(head -n 1 <<<"$names")
        listed=0
        grep -qx "$num" <<<"$unsolved" && listed=1
        if grep -qE '\\emph\{Research[.,]' <<<"$body"; then
            continue
        elif [ -f "$SOLUTIONS/$name.patch" ]; then
            [ "$listed" = 0 ] || bad "Exercise $num has a solution but $EXERCISES/README.md lists it as having none"
        elif [ "$listed" = 0 ]; then
            bad "Exercise $num ($name): no solution $SOLUTIONS/$name.patch, and not Research"
        fi
    done < <(sed -n 's/^\\paragraph{Exercise \([0-9][0-9.]*\): \(.*\)}$/\1\t\2/p' "$f")
    if [ "$c" -le 6 ] && { [ "$n" -lt 2 ] || [ "$n" -gt 4 ]; }; then
        bad "$f has $n exercises; chapters 1 to 6 have two to four"
    fi
    [ "$c" -eq 7 ] && [ "$n" -lt 5 ] && bad "$f has $n exercises; Mastery has its larger ones"
    [ "$fail" -eq 0 ] && echo "ok: $f: $n exercises"
done
[ "$total" -ge 20 ] || bad "only $total exercises in the book; at least 20"

# Every checker and every solution belongs to an exercise of the book.
for k in "$EXERCISES"/checks/build/*.sh "$EXERCISES"/checks/host/*.sh "$SOLUTIONS"/*.patch; do
    [ -e "$k" ] || continue
    num=$(basename "$k" | sed 's/-.*//')
    [ -n "${seen[$num]:-}" ] || bad "$k belongs to no Exercise $num in the book"
done
for num in $unsolved; do
    [ -n "${seen[$num]:-}" ] || bad "$EXERCISES/README.md lists Exercise $num, which the book does not have"
done

# Every solution still applies to the book as it stands (an edit near a solution's lines breaks
# it; tests/solutions.sh would find out too, but much later).
copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
tar --exclude=./build --exclude=./.git -cf - . | tar -C "$copy" -xf -
for k in "$SOLUTIONS"/*.patch; do
    [ -e "$k" ] || continue
    abs=$(cd "$(dirname "$k")" && pwd)/$(basename "$k")
    (cd "$copy" && GIT_CEILING_DIRECTORIES=$(dirname "$copy") git apply --check "$abs") >/dev/null 2>&1 ||
        bad "$k no longer applies to the book (git apply --check); make it again against the chapters"
done

[ "$fail" -eq 0 ] && echo "ok: $total exercises, each with its checker and, unless Research or listed, its solution (each applies)"
exit "$fail"
