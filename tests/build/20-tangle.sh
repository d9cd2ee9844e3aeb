#!/usr/bin/env bash
# tests/build/20-tangle.sh -- tangle.sh writes exactly the files of its table, and refuses a
# chapter with an unused (or misspelled) chunk and a chapter that uses an undefined chunk.
# The negative cases run on copies of the chapters in a temporary directory.
set -euo pipefail

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# 1. The real chapters tangle, and the files written are exactly the table's.
./tangle.sh "$tmp/out" >"$tmp/log" 2>&1 || { cat "$tmp/log"; fail "tangle.sh failed on the book"; }
want=$(sed -n '/^table=/,/^'"'"'$/p' tangle.sh | awk 'NF == 3 { print $2 }' | sort)
got=$(cd "$tmp/out" && find . -type f | sed 's|^\./||' | sort)
[ "$want" = "$got" ] || { echo "table:"; echo "$want"; echo "written:"; echo "$got"; fail "files differ from the table"; }
echo "ok: tangle.sh wrote the $(echo "$got" | wc -l) files of its table"

# 2. Every C and assembly file carries #line directives pointing into chapters/.
for f in $(echo "$got" | grep -E '\.(c|h|S)$'); do
    grep -q '^#line [0-9]* ".*/chapters/.*\.nw"' "$tmp/out/$f" || fail "$f has no #line directive into the book"
done
echo "ok: every C and assembly file points back at its chapter"

# 3. A chunk defined but never used is refused, by name.
mkdir -p "$tmp/bad1"
cp chapters/*.nw "$tmp/bad1/"
printf '\n@ An orphan.\n<<A chunk nobody uses>>=\nint orphan;\n@\n' >>"$tmp/bad1/$(ls chapters | tail -n 1)"
if LG_CHAPTERS="$(ls "$tmp"/bad1/*.nw)" ./tangle.sh "$tmp/out1" >"$tmp/log1" 2>&1; then
    fail "tangle.sh accepted an unused chunk"
fi
grep -q 'A chunk nobody uses' "$tmp/log1" || { cat "$tmp/log1"; fail "the message does not name the unused chunk"; }
echo "ok: unused chunk refused: $(head -n 1 "$tmp/log1")"

# 4. A use of an undefined chunk is refused.
mkdir -p "$tmp/bad2"
cp chapters/*.nw "$tmp/bad2/"
sed -i '0,/^<<launcher\/lguest.c>>=$/s//&\n<<A chunk nobody defines>>/' "$tmp/bad2/"*-launcher.nw
if LG_CHAPTERS="$(ls "$tmp"/bad2/*.nw)" ./tangle.sh "$tmp/out2" >"$tmp/log2" 2>&1; then
    fail "tangle.sh accepted an undefined chunk"
fi
grep -q 'A chunk nobody defines' "$tmp/log2" || { cat "$tmp/log2"; fail "the message does not name the undefined chunk"; }
echo "ok: undefined chunk refused: $(grep -m1 'nobody defines' "$tmp/log2")"
