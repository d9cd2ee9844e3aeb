#!/bin/bash
# weave.sh -- weave the book into a PDF and an HTML edition.
#
#   book/weave.sh all          the whole book: build/book.pdf and
#                              build/html/index.html (contents page), one
#                              page per chapter, build/html/indexes.html
#   book/weave.sh pdf | html   only one of the two editions of the whole book
#   book/weave.sh NAME         one chapter (Preparation, Guest, Drivers,
#                              Launcher, Host, Switcher, Mastery; any case):
#                              build/chapters/NAME.pdf, an excerpt of the
#                              book with the book's own page numbers and
#                              cross-references, and the HTML edition
#                              (build/html/<name>.html)
#   book/weave.sh list         the chapter names this script knows
#
# After the chapters comes an appendix, "Test Results", that book/results.py
# writes from what `make test` and `make bench` left in build/ (the test
# report, the benchmark table, the Host's console); when a test failed, the
# title page and the HTML contents page say so.  The bibliography is
# book/references.bib (BibTeX for the PDF, pandoc's citeproc for the HTML).
#
# Every chapters/NN-name.nw that exists is woven, in file-name order, in
# ONE noweave run, so chunk names, "defined in / used in" cross-references
# and the identifier index span the whole book.  The run's output is split
# at each \nwfilename into build/book/NN-name.tex, which book.tex \includes.
# Work files live in build/book/ (LaTeX) and build/figures/ (figures).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
BOOK=$ROOT/book
TEXDIR=$BUILD/book
HTMLDIR=$BUILD/html
FIGDIR=$BUILD/figures

die() { echo "weave.sh: $*" >&2; exit 1; }

need() {       # need TOOL PACKAGE ...
    local missing=()
    while [ $# -gt 1 ]; do
        command -v "$1" >/dev/null 2>&1 || missing+=("$2")
        shift 2
    done
    [ ${#missing[@]} -eq 0 ] ||
        die "missing tools; install them with: apt-get install ${missing[*]}"
}

cd "$ROOT"
shopt -s nullglob
CHAPTERS=(chapters/[0-9]*.nw)
[ ${#CHAPTERS[@]} -gt 0 ] || die "no chapters/NN-name.nw files to weave"

key_of()  { local b=${1##*/}; b=${b%.nw}; echo "${b#*-}"; }        # 02-guest.nw -> guest
base_of() { local b=${1##*/}; echo "${b%.nw}"; }                  # 02-guest.nw -> 02-guest
cap()     { echo "$(tr '[:lower:]' '[:upper:]' <<<"${1:0:1}")${1:1}"; }

# Write stdin to FILE only if it differs, so LaTeX and make see no change
# after a weave that changed nothing.
update() { local t; t=$(mktemp); cat >"$t"; if cmp -s "$t" "$1"; then rm -f "$t"; else mv "$t" "$1"; fi; }

book_title() { sed -n 's/^\\newcommand{\\BookTitle}{\(.*\)}.*/\1/p' "$BOOK/book.tex" | head -n1; }

# ---------------------------------------------------------------- figures
# figures/NAME.tex holds one tikzpicture; the PDF edition \inputs it
# directly (as \input{figures/NAME} or \input{NAME}).  figures/NAME.dot is a Graphviz graph; the PDF edition
# \includegraphics{figures/NAME} (a PDF we make here).  The HTML edition
# gets an SVG of each.
figures() {
    local f n
    mkdir -p "$FIGDIR" "$TEXDIR/figures" "$HTMLDIR/figures"
    for f in figures/*.dot; do
        need dot graphviz
        n=$(basename "$f" .dot)
        if [ ! "$TEXDIR/figures/$n.pdf" -nt "$f" ]; then
            dot -Tpdf "$f" -o "$TEXDIR/figures/$n.pdf" || die "dot failed on $f"
        fi
        [ "$HTMLDIR/figures/$n.svg" -nt "$f" ] || dot -Tsvg "$f" -o "$HTMLDIR/figures/$n.svg" || die "dot failed on $f"
    done
    [ "${1:-}" = html ] || return 0
    for f in figures/*.tex; do
        n=$(basename "$f" .tex)
        if [ "$HTMLDIR/figures/$n.svg" -nt "$f" ] && [ "$HTMLDIR/figures/$n.svg" -nt "$BOOK/figstyle.tex" ]; then
            continue
        fi
        command -v dvisvgm >/dev/null || need pdftocairo poppler-utils
        cat >"$FIGDIR/$n-fig.tex" <<EOF
\\documentclass[border=6pt]{standalone}
\\usepackage[T1]{fontenc}
\\IfFileExists{tgpagella.sty}{\\usepackage{tgpagella}}{\\usepackage{mathpazo}}
\\renewcommand{\\ttdefault}{txtt}
\\input{figstyle}
\\usepackage[strings]{underscore}
\\input{macros}
\\begin{document}
\\input{figures/$n}
\\end{document}
EOF
        if ! (cd "$FIGDIR" && TEXINPUTS=".:$BOOK:$ROOT:$ROOT/figures:" pdflatex -interaction=nonstopmode \
                -halt-on-error "$n-fig.tex" >/dev/null 2>&1); then
            tail -n 25 "$FIGDIR/$n-fig.log" >&2
            die "LaTeX failed on figure $f (log: $FIGDIR/$n-fig.log)"
        fi
        # dvisvgm draws the glyphs as plain paths, which every SVG viewer
        # shows; pdftocairo's glyph symbols are a fallback.
        if ! dvisvgm --pdf --no-fonts=1 -o "$HTMLDIR/figures/$n.svg" "$FIGDIR/$n-fig.pdf" \
                >"$FIGDIR/$n-svg.log" 2>&1; then
            pdftocairo -svg "$FIGDIR/$n-fig.pdf" "$HTMLDIR/figures/$n.svg"
        fi
    done
}

# ---------------------------------------------------------------- test results
# The appendix and the failed-tests notice, for both editions, in build/book/.
results() {
    need python3 python3
    python3 "$BOOK/results.py" --build "$BUILD" --repo "$ROOT" --out "$TEXDIR" ||
        die "book/results.py failed"
}

# ---------------------------------------------------------------- LaTeX
weave_tex() {
    need noweave noweb python3 python3
    mkdir -p "$TEXDIR"
    local out=$TEXDIR/woven.tex.tmp
    # noweave's own pipeline, spelled out, because `noweave -index' runs
    # finduses and noidx back to back and book/nwuses must sit between them
    # (it drops the "uses" finduses finds in comments, strings, #include
    # lines and other programs).  Without a wrapper, as `noweave -n' does:
    #   markup | nwdefs | nwtexnames | finduses | nwuses | noidx | totex
    # markup exits 0 even when it dies (say, on an unescaped << in prose) and
    # then writes almost nothing: check that every chapter came out, and show
    # what noweb said.
    local err=$TEXDIR/noweave.err n lib
    lib=${NOWEBLIB:-$(sed -n 's/^LIB=//p' "$(command -v noweave)")}
    [ -x "$lib/finduses" ] || die "cannot find noweb's library (finduses); set NOWEBLIB"
    { "$lib/markup" "${CHAPTERS[@]}" | "$BOOK/nwdefs" | "$BOOK/nwtexnames" | "$lib/finduses" |
        "$BOOK/nwuses" | "$lib/noidx" | "$lib/totex"; } >"$out" 2>"$err" || true
    n=$( { grep -o '\\nwfilename{' "$out" || true; } | wc -l)
    if [ "$n" -ne ${#CHAPTERS[@]} ] || grep -q . "$err"; then
        sort -u "$err" | sed 's/^/  /' >&2
        die "noweave failed: $n of ${#CHAPTERS[@]} chapters woven (in prose, write @<< for a literal <<)"
    fi
    # Split the one woven stream into a file per chapter plus the index data.
    python3 - "$out" "$TEXDIR" <<'EOF'
import os, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
outdir = sys.argv[2]
idx = [l for l in text.split("\n") if l.startswith("\\nwixlogsorted")]
text = "\n".join(l for l in text.split("\n") if not l.startswith("\\nwixlogsorted"))

# [[quoted code]] in a heading or caption becomes noweb's links and
# sub-page references, which are fragile in a moving argument and break
# \section.  There, keep the typewriter text and drop the links.
def group(t, i):                       # t[i] == "{": index after its match
    d = 0
    for j in range(i, len(t)):
        if t[j] == "{": d += 1
        elif t[j] == "}":
            d -= 1
            if d == 0: return j + 1
    return len(t)
def plain(q):
    q = re.sub(r"~\{\\nwtagstyle\{\}\\subpageref\{[^{}]*\}\}", "", q)
    while True:
        m = re.search(r"\\nwlinkedidentq\{", q)
        if not m: break
        a = group(q, m.end() - 1); b = group(q, a)
        q = q[:m.start()] + q[m.end():a - 1] + q[b:]
    return q
def robust(arg):
    out, i = [], 0
    while True:
        k = arg.find("{\\Tt{}", i)
        if k < 0: break
        e = group(arg, k)
        inner = plain(arg[k + len("{\\Tt{}"):e - 1].replace("\\nwendquote", ""))
        shown = re.sub(r"\\LA\{\}(.*?)\\RA\{\}", r"$\\langle$\\textit{\1}$\\rangle$", inner)
        text = re.sub(r"\\(LA|RA)\{\}", lambda m: "<" if m.group(1) == "LA" else ">", inner)
        out.append(arg[i:k] + "\\texorpdfstring{\\texttt{%s}}{%s}" % (shown, text))
        i = e
    return "".join(out) + arg[i:]
def fix_headings(t):
    res, i = [], 0
    for m in re.finditer(r"\\(?:chapter|section|subsection|subsubsection|paragraph|caption)\*?(?:\[[^\]]*\])?\{", t):
        if m.start() < i: continue
        e = group(t, m.end() - 1)
        res.append(t[i:m.end()] + robust(t[m.end():e - 1]) + "}")
        i = e
    return "".join(res) + t[i:]
text = fix_headings(text)

# noweb's footer says "X, never used" for an identifier no other chunk uses,
# even when its own chunk does (book/nwuses drops the definition itself, so
# a link to X left in X's chunk is a use).  Mark those in \nwidentdefs with
# \nwusedhere; book/preamble.tex then prints "X, used only here".
ITEM = re.compile(r"(\\\\\{\{\\nwixident\{((?:[^{}]|\{[^{}]*\})*)\})(\}\{[^{}]*\}\})")
def used_here(m):
    chunk = m.group(0)
    k = chunk.find("\\nwidentdefs{")
    if k < 0:
        return chunk
    a = k + len("\\nwidentdefs")
    e = group(chunk, a)
    linked = set(re.findall(r"\\nwlinkedidentc\{([^{}]*)\}\{", chunk))
    def mark(d):                       # \\{{\nwixident{PV{\_}STR}}{PV:unSTR}}
        name = re.sub(r"\{\\(.)\}", r"\1", d.group(2))
        return d.group(1) + "\\nwusedhere" + d.group(3) if name in linked else d.group(0)
    return chunk[:a] + ITEM.sub(mark, chunk[a:e]) + chunk[e:]
text = re.sub(r"\\nwbegincode\{.*?\\nwendcode\{\}", used_here, text, flags=re.S)
parts = re.split(r"(?=\\nwfilename\{)", text)
def put(name, body):
    path = os.path.join(outdir, name)
    if os.path.exists(path) and open(path, encoding="utf-8").read() == body:
        return
    with open(path, "w", encoding="utf-8") as f:
        f.write(body)
for p in parts:
    m = re.match(r"\\nwfilename\{([^}]*)\}", p)
    if not m:
        continue
    base = os.path.splitext(os.path.basename(m.group(1)))[0]
    # (the note goes last so that line N here is line N of the .nw file)
    put(base + ".tex", "%s\n%% woven from %s by book/weave.sh -- do not edit\n" % (p.rstrip(), m.group(1)))
put("nwixdata.tex", "\n".join(idx) + "\n")
EOF
    rm -f "$out"
    local f keep
    # forget chapters that no longer exist (renamed or removed)
    for f in "$TEXDIR"/[0-9]*.tex; do
        keep=
        for c in "${CHAPTERS[@]}"; do [ "$(base_of "$c")" = "$(basename "$f" .tex)" ] && keep=1; done
        [ -n "$keep" ] || rm -f "$f" "${f%.tex}.aux"
    done
    for f in "${CHAPTERS[@]}"; do echo "\\include{$(base_of "$f")}"; done | update "$TEXDIR/chapters.tex"
    update "$TEXDIR/book.tex" <"$BOOK/book.tex"
    results
}

latex_failed() {      # latex_failed LOG WHAT
    local errs
    errs=$(grep -n -A4 -E '^!|^[^ ]*\.tex:[0-9]+: ' "$1" | grep -v 'Fatal error occurred' | head -n 30 || true)
    echo "---- $1 ----" >&2
    if [ -n "$errs" ]; then echo "$errs" >&2; else tail -n 25 "$1" >&2; fi
    echo "----" >&2
    die "LaTeX failed on $2 (in ./NN-name.tex:LINE, LINE is also the line in chapters/NN-name.nw)"
}

build_pdf() {
    need pdflatex texlive-latex-base latexmk latexmk bibtex texlive-binaries
    weave_tex
    figures pdf
    # max_print_line: log lines unbroken, for tests/book/20-latex-log.sh to read.
    # max_repeat: from scratch, the bibliography, the contents and noweb's page-based
    # chunk tags can take more than latexmk's default five runs to settle.
    (cd "$TEXDIR" && TEXINPUTS=".:$BOOK:$ROOT:$ROOT/figures:" BIBINPUTS=".:$BOOK:" max_print_line=10000 \
        latexmk -pdf -interaction=nonstopmode -e '$max_repeat = 9' \
        -halt-on-error -file-line-error book.tex >latexmk.out 2>&1) || latex_failed "$TEXDIR/book.log" book.tex
    cp "$TEXDIR/book.pdf" "$BUILD/book.pdf"
    check_log "$TEXDIR/book.log"
    echo "weave.sh: PDF  -> ${BUILD#$ROOT/}/book.pdf ($(pdf_pages "$BUILD/book.pdf") pages)"
}

pdf_pages() { command -v pdfinfo >/dev/null && pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages: *//p' || echo "?"; }

check_log() {
    local bad
    bad=$(grep -E "(Reference|Citation) .* undefined|There were undefined (references|citations)|Label\(s\) may have changed" "$1" | sort -u || true)
    if [ -n "$bad" ]; then
        echo "weave.sh: warning: LaTeX still reports:" >&2
        echo "$bad" | head -n 20 | sed 's/^/  /' >&2
    fi
}

# One chapter: run the book's master with \includeonly, reading the whole
# book's .aux files, so the excerpt keeps the book's page numbers, chunk
# tags and cross-references.
build_excerpt() {      # build_excerpt FILE NAME
    local base d
    base=$(base_of "$1")
    d=$BUILD/chapters/$2
    mkdir -p "$d"
    cp "$TEXDIR"/*.aux "$d/"
    mv "$d/book.aux" "$d/excerpt.aux"
    printf '\\def\\BookExcerpt{%s}\n\\input{book.tex}\n' "$base" >"$d/excerpt.tex"
    (cd "$d" && TEXINPUTS=".:$TEXDIR:$BOOK:$ROOT:$ROOT/figures:" pdflatex -interaction=nonstopmode \
        -halt-on-error -file-line-error excerpt.tex >/dev/null 2>&1) || latex_failed "$d/excerpt.log" "the $2 excerpt"
    cp "$d/excerpt.pdf" "$BUILD/chapters/$2.pdf"
    echo "weave.sh: PDF  -> ${BUILD#$ROOT/}/chapters/$2.pdf ($(pdf_pages "$BUILD/chapters/$2.pdf") pages)"
}

# ---------------------------------------------------------------- HTML
build_html() {
    need noweave noweb pandoc pandoc python3 python3
    figures html
    mkdir -p "$TEXDIR"
    results
    # The glossary appendix (book/glossary.tex) for this edition: pandoc, with the macros; its
    # page is glossary.html, which the subject index links to.
    sed -e '/^%/d' -e 's/^\\chapter{Glossary}$/\\chapter{Glossary}\\label{glossary}/' \
        -e '/^\\label{app:glossary}$/d' "$BOOK/glossary.tex" |
        cat "$BOOK/macros.tex" - | pandoc -f latex -t html5 --wrap=none >"$TEXDIR/glossary.html" ||
        die "pandoc failed on book/glossary.tex"
    rm -f "$HTMLDIR"/*.html
    python3 "$BOOK/nw2html.py" --out "$HTMLDIR" --template "$BOOK/html-template.html" \
        --css "$BOOK/book.css" --js "$BOOK/search.js" --macros "$BOOK/macros.tex" --title "$(book_title)" \
        --figdir "$ROOT/figures" --bib "$BOOK/references.bib" \
        --appendix "$TEXDIR/results.html" --appendix "$TEXDIR/glossary.html" --notice "$TEXDIR/notice.html" \
        --pdf ../book.pdf "${CHAPTERS[@]}" || die "the HTML back end failed"
    echo "weave.sh: HTML -> ${HTMLDIR#$ROOT/}/index.html"
}

# ---------------------------------------------------------------- main
target=${1:-all}
case "$target" in
    all)   build_pdf; build_html ;;
    pdf)   build_pdf ;;
    html)  build_html ;;
    list)  for f in "${CHAPTERS[@]}"; do cap "$(key_of "$f")"; done ;;
    -h|--help|help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//' ;;
    *)
        want=$(tr '[:upper:]' '[:lower:]' <<<"$target")
        file=
        for f in "${CHAPTERS[@]}"; do [ "$(key_of "$f")" = "$want" ] && file=$f; done
        [ -n "$file" ] || die "no chapter '$target' (have: $(for f in "${CHAPTERS[@]}"; do printf '%s ' "$(cap "$(key_of "$f")")"; done))"
        name=$(cap "$want")
        build_pdf
        build_excerpt "$file" "$name"
        build_html
        echo "weave.sh: HTML -> ${HTMLDIR#$ROOT/}/$want.html"
        ;;
esac
