#!/usr/bin/env bash
# tests/book/20-latex-log.sh -- the last LaTeX run of the book (build/book/book.log) reports no
# undefined reference or citation, BibTeX no error, and no line of the book runs into the margin
# by more than 5pt (an overfull \hbox).  Each offender is named with its source line: the woven
# build/book/NN-name.tex keeps the line numbers of chapters/NN-name.nw.  book/weave.sh runs
# LaTeX with max_print_line=10000, so the log's lines are not broken and can be read here.
set -euo pipefail

BUILD=${BUILD:-build}
log=$BUILD/book/book.log
[ -s "$log" ] || { echo "FAIL: no $log (the book was not woven)"; exit 1; }

python3 - "$log" "$BUILD/book/book.blg" <<'PY'
import os, re, sys
log, blg = sys.argv[1], sys.argv[2]
LIMIT = 5.0                                   # points an \hbox may run over

def where(f, line):
    """chapters/NN-name.nw:LINE for a woven chapter, else the file in build/book."""
    b = os.path.basename(f)
    m = re.match(r"(\d+-[\w-]+)\.tex$", b)
    if m and os.path.exists(os.path.join("chapters", m.group(1) + ".nw")):
        return "chapters/%s.nw:%s" % (m.group(1), line)
    return "%s:%s" % (os.path.join(os.path.dirname(log), b) if f.startswith("./") else f, line)

lines = open(log, encoding="latin-1").read().split("\n")
stack, bad, small, skip = [], [], [], False
for ln in lines:
    if skip:                    # the box's contents, up to a blank line: not file names
        if not ln.strip():
            skip = False
        continue
    m = re.match(r"Overfull \\hbox \(([\d.]+)pt too wide\) .*?lines? (\d+)", ln)
    if m:
        f = next((s for s in reversed(stack) if s.endswith(".tex")), "?")
        (bad if float(m.group(1)) > LIMIT else small).append(
            "%s: overfull \\hbox, %spt too wide" % (where(f, m.group(2)), m.group(1)))
        skip = True
        continue
    for t in re.finditer(r"\(([^\s()]*)|\)", ln):   # TeX's file stack: "(file" ... ")"
        if t.group(0) == ")":
            if stack:
                stack.pop()
        else:
            stack.append(t.group(1))
    m = re.search(r"(Reference|Citation) `([^']*)' on page (\S+) undefined on input line (\d+)", ln)
    if m:
        f = next((s for s in reversed(stack) if s.endswith(".tex")), "?")
        bad.append("%s: %s '%s' undefined (page %s)" % (where(f, m.group(4)), m.group(1).lower(),
                                                         m.group(2), m.group(3)))
    elif re.search(r"There were undefined (references|citations)|Label\(s\) may have changed", ln):
        bad.append("LaTeX: " + ln.strip())
if os.path.exists(blg):
    b = open(blg, encoding="latin-1").read()
    m = re.search(r"\(There (?:was|were) (\d+) error messages?\)", b)
    if m:
        bad.append("BibTeX: %s error(s) (%s)" % (m.group(1), blg))
    for w in re.findall(r"^Warning--.*$", b, flags=re.M):
        bad.append("BibTeX: " + w)
for s in small:
    print("note: %s (within %gpt)" % (s, LIMIT))
for s in bad:
    print("FAIL: " + s)
if not bad:
    print("ok: no undefined reference or citation, no overfull box over %gpt" % LIMIT)
sys.exit(1 if bad else 0)
PY
