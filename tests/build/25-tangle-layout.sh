#!/usr/bin/env bash
# tests/build/25-tangle-layout.sh -- the tangled C and assembly under build/src read as if written
# by hand, and their #line directives still point at the right lines of the chapters:
#   1. indentation: with the #line directives and blank lines taken out, every file is exactly
#      what plain `notangle -t8' writes (which indents an included chunk as far as its
#      reference), so no included chunk loses its indentation;
#   2. #line: every line of code is the line of the chapter its #line directive says, with the
#      reference's indentation in front;
#   3. spacing: no function definition starts on the line after a top-level closing brace (the
#      #line directives between them do not count).
# It tangles afresh into a temporary directory (tangle.sh writes build/src the same way), or
# checks SRC=DIR if given.
set -euo pipefail

fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -n "${SRC:-}" ]; then
    src=$SRC
else
    src=$tmp/src
    ./tangle.sh "$src" >"$tmp/log" 2>&1 || { cat "$tmp/log"; fail "tangle.sh failed"; }
fi
roots=$(sed -n '/^table=/,/^'"'"'$/p' tangle.sh | awk 'NF == 3 && $3 == "lines" { print $1 "\t" $2 }')
[ -n "$roots" ] || fail "no #line files in tangle.sh's table"

status=0
while IFS=$'\t' read -r root path; do
    [ -f "$src/$path" ] || { echo "FAIL: $path: not tangled"; status=1; continue; }
    notangle -t8 -R"$root" chapters/*.nw >"$tmp/plain"
    python3 - "$src/$path" "$tmp/plain" "$path" <<'PY' || status=1
import re, sys
tangled, plain, name = sys.argv[1], sys.argv[2], sys.argv[3]
t = open(tangled, encoding="utf-8").read().split("\n")
p = open(plain, encoding="utf-8").read().split("\n")
LINE = re.compile(r'#line (\d+) "([^"]*)"$')
bad = []

# 1. the same code, line for line and with the same indentation, as plain notangle
code = [l for l in t if not LINE.match(l) and l.strip()]
want = [l for l in p if l.strip()]
if code != want:
    for i, (a, b) in enumerate(zip(code, want)):
        if a != b:
            bad.append("indentation: non-blank line %d is %r; notangle's indentation gives %r" % (i + 1, a, b))
            break
    else:
        bad.append("indentation: %d non-blank lines, notangle writes %d" % (len(code), len(want)))

# 2. each line is the chapter's line its #line directive names (an added indentation aside)
files, where = {}, None
for i, l in enumerate(t):
    m = LINE.match(l)
    if m:
        where = [m.group(2), int(m.group(1))]
        continue
    if where is None:
        continue
    f, n = where
    where[1] += 1
    if not l.strip():
        continue
    if f not in files:
        files[f] = open(f, encoding="utf-8").read().split("\n")
    s = files[f][n - 1] if n <= len(files[f]) else None
    if s is not None:                          # noweb's escapes: @<< for <<, @@ in column 1
        s = s.replace("@<<", "<<").replace("@>>", ">>")
        s = "@" + s[2:] if s.startswith("@@") else s
    if s is None or not (l.endswith(s) and not l[:len(l) - len(s)].strip()):
        bad.append("#line: line %d %r, but %s:%d is %r" % (i + 1, l, f, n, s))
        if len(bad) > 5:
            break

# 3. a blank line between a top-level closing brace and the next function definition
lines = [(i + 1, l) for i, l in enumerate(t) if not LINE.match(l)]
head = re.compile(r"[A-Za-z_][\w\s\*,]*\b\w+\s*\(")
glued = 0
for k in range(1, len(lines) - 1):
    n, l = lines[k]
    prev, nxt = lines[k - 1][1], lines[k + 1][1]
    if (head.match(l) and not l.rstrip().endswith(";") and
            (l.rstrip().endswith("{") or nxt.startswith("{") or l.rstrip().endswith(",")) and
            re.match(r"}", prev)):
        glued += 1
        if glued <= 3:
            bad.append("spacing: line %d %r starts right after the closing brace %r" % (n, l.strip(), prev))
if glued > 3:
    bad.append("spacing: ... %d function definitions in all start right after a closing brace" % glued)
for b in bad:
    print("FAIL: %s: %s" % (name, b))
if not bad:
    print("ok: %s" % name)
sys.exit(1 if bad else 0)
PY
done <<<"$roots"
[ $status -eq 0 ] || fail "the tangled files are laid out badly (above)"
echo "ok: every tangled file keeps its chunks' indentation, points at the right lines and spaces its functions"
