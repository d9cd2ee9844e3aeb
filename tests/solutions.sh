#!/usr/bin/env bash
# tests/solutions.sh -- prove the exercises' checkers: each fails on the book as it stands, and
# passes once the exercise's reference solution is applied.  What `make check-solutions` runs,
# and the last step of a whole `make test`.
#
# An exercise N-name (say 2.1-getpid, Exercise 2.1 of the book) has
#   exercises/checks/build/N-name.sh  and/or  exercises/checks/host/N-name.sh
#       its checker: a build-side test (run on this machine from the top of the repository) or
#       an in-Host test (run in the Host's busybox, like tests/host/*.sh), or both;
#   solutions/N-name.patch
#       its reference solution, a patch (git diff, -p1) against the repository; Research
#       exercises may have none.  solutions/ is the teacher's folder: a course can delete it.
#
# 1. "Before": every checker is run once on this repository's own build (one boot of the Host
#    for all in-Host checkers); each must fail.
# 2. "After": for each solution, a scratch copy of the repository (build/solutions/N-name/) gets
#    the patch, is built (make module launcher guest tools, against this build's kernel
#    headers) and runs that exercise's checker alone; it must pass.
# Report rows: solution/N-name (before failed and after passed), or checker/N-name for an
# exercise without a solution (its checker failed on the book as it stands).
#
# Usage: tests/solutions.sh [--only 'PATTERNS'] [--slow N] [--report FILE] [--keep]
#   --only    exercises whose names match these shell patterns (e.g. '2.* 7.1-*')
#   --report  append the rows to FILE (tests/run.sh's report) instead of
#             build/solutions/report.tsv
#   --keep    keep the scratch copies (by default removed when their exercise passed)
# Needs: this repository built (make module launcher guest tools).  Exit status 0 iff every
# exercise passed.

set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$REPO/build}
export BUILD
OUT=$BUILD/solutions
only='' slow=1 report='' keep=0
while [ $# -gt 0 ]; do
    case $1 in
        --only)   only=$2; shift 2 ;;
        --slow)   slow=$2; shift 2 ;;
        --report) report=$2; shift 2 ;;
        --keep)   keep=1; shift ;;
        -h|--help) sed -n '2,/^$/p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "solutions.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
done

mkdir -p "$OUT"
if [ -z "$report" ]; then
    report=$OUT/report.tsv
    printf 'name\tresult\tseconds\n' >"$report"
fi
passed=0 failed=0

now_ns()  { date +%s%N; }
elapsed() { local d=$(( ($(now_ns) - $1) / 10000000 )); printf '%d.%02d' $((d / 100)) $((d % 100)); }

# record NAME pass|fail SECONDS WHY: one report row and one line on the terminal.
record() {
    printf '%s\t%s\t%s\n' "$1" "$2" "$3" >>"$report"
    if [ "$2" = pass ]; then
        passed=$((passed + 1)); printf 'PASS %s (%s s)\n' "$1" "$3"
    else
        failed=$((failed + 1)); printf 'FAIL %s\n    | %s\n' "$1" "$4"
    fi
}

# wanted NAME: among the exercises --only asks for (all without it)?
wanted() {
    local p
    local -
    set -f
    [ -z "$only" ] && return 0
    for p in $only; do
        # shellcheck disable=SC2053  # a pattern on purpose
        [[ $1 == $p ]] && return 0
    done
    return 1
}

# The exercises: every checker's name, once.
names=()
for f in "$REPO"/exercises/checks/build/*.sh "$REPO"/exercises/checks/host/*.sh; do
    [ -f "$f" ] || continue
    n=$(basename "$f" .sh)
    wanted "$n" || continue
    case " ${names[*]-} " in *" $n "*) ;; *) names+=("$n") ;; esac
done
for s in "$REPO"/solutions/*.patch; do
    [ -f "$s" ] || continue
    n=$(basename "$s" .patch)
    wanted "$n" || continue
    case " ${names[*]-} " in
        *" $n "*) ;;
        *) record "solution/$n" fail 0.00 "solutions/$n.patch has no checker in exercises/checks/" ;;
    esac
done
if [ ${#names[@]} -eq 0 ]; then
    echo "solutions.sh: no exercises${only:+ match '$only'}"
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
fi

# result_of REPORT NAME -> pass if every row of that exercise's checker passed (and there was
# at least one), fail otherwise.
result_of() {
    awk -F '\t' -v n="$2" '
        $1 == "build/" n || $1 == "host/" n || $1 == "host-max/" n { rows++; if ($2 != "pass") bad++ }
        $1 == "host-initramfs" && $2 != "pass" { bad++ }
        END { print (rows > 0 && bad == 0) ? "pass" : "fail" }' "$1"
}

# --- 1. before: every checker on the book as it stands ------------------------------------
echo "solutions.sh: the checkers on the book as it stands (each must fail): ${names[*]}"
start=$(now_ns)
"$REPO/tests/run.sh" --tests exercises/checks --only "${names[*]}" --slow "$slow" \
    >"$OUT/before.log" 2>&1 || true
cp "$BUILD/exercise/report.tsv" "$OUT/before.tsv"
before_secs=$(elapsed "$start")
declare -A before=()
for n in "${names[@]}"; do before[$n]=$(result_of "$OUT/before.tsv" "$n"); done

# --- 2. after: each solution in a scratch copy --------------------------------------------
for n in "${names[@]}"; do
    patch=$REPO/solutions/$n.patch
    if [ ! -f "$patch" ]; then
        if [ "${before[$n]}" = fail ]; then
            record "checker/$n" pass "$before_secs"
        else
            record "checker/$n" fail "$before_secs" "its checker passes on the book as it stands (see $OUT/before.log)"
        fi
        continue
    fi
    start=$(now_ns)
    if [ "${before[$n]}" != fail ]; then
        record "solution/$n" fail 0.00 "its checker passes without the solution (see $OUT/before.log)"
        continue
    fi
    if grep -q '^+++ b/exercises/' "$patch"; then
        record "solution/$n" fail 0.00 "the solution changes a checker (exercises/): it may not"
        continue
    fi
    dir=$OUT/$n log=$OUT/$n.log
    rm -rf "$dir"; mkdir -p "$dir/build"
    # The repository without its build, plus the build's read-only inputs (packages, headers).
    tar -C "$REPO" --exclude=./build --exclude=./.git -cf - . | tar -C "$dir" -xf -
    ln -s "$BUILD/cache" "$dir/build/cache"
    ln -s "$BUILD/kernel" "$dir/build/kernel"
    {
        echo "== git apply $patch"
        (cd "$dir" && GIT_CEILING_DIRECTORIES=$OUT git apply --verbose "$patch") &&
        echo "== make module launcher guest tools" &&
        BUILD=$dir/build make -C "$dir" -s module launcher guest tools devfuzz &&
        echo "== tests/run.sh --tests exercises/checks --only $n" &&
        (cd "$dir" && BUILD=$dir/build tests/run.sh --tests exercises/checks --only "$n" --slow "$slow")
    } >"$log" 2>&1 </dev/null || true
    if [ -f "$dir/build/exercise/report.tsv" ] &&
        [ "$(result_of "$dir/build/exercise/report.tsv" "$n")" = pass ]; then
        record "solution/$n" pass "$(elapsed "$start")"
        [ "$keep" = 1 ] || rm -rf "$dir"
    else
        record "solution/$n" fail "$(elapsed "$start")" "with the solution its checker still fails: see $log"
    fi
done

echo "report: $report"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
