#!/usr/bin/env python3
"""nw2html.py -- the book's HTML back end for noweb.

book/weave.sh runs this; it is not meant to be run by hand, though it can be:

    nw2html.py --out DIR --template T --css C --macros M --title TITLE \
               [--figdir DIR] chapters/01-a.nw chapters/02-b.nw ...

It runs the front half of the LaTeX weave's pipeline (markup, nwdefs,
finduses, nwuses, noidx) over all the chapters at once, so chunk names, chunk
cross-references and the identifier index span the whole book.  It then
reads noweb's markup stream (see noweb's "hacker's guide") and writes

    DIR/<name>.html    one page per chapter, <name> from 01-<name>.nw
    DIR/indexes.html   the subject index (from the prose's \\index{KEY} commands), the
                       chunk index and the identifier index
    DIR/index.html     a contents page
    DIR/results.html   with --appendix FILE: each FILE (an HTML body whose
                       <h1> is its title) as a lettered appendix page
    DIR/bibliography.html
                       with --bib FILE: every entry of that BibTeX file,
                       which the prose cites with \citet/\citep
    DIR/search-index.js
                       the search box's index: every section (h1-h4 with an
                       id) with its number, title, chapter and prose
    DIR/search.js      with --js FILE: that file, the search box's script

Each chapter page opens with its own contents (nav.pagetoc); verse becomes
div.verse with a span.line per line (hanging indents in book.css); each figure
is a link to its SVG (a.figlink) and keeps FIG_MIN_SCALE of its natural size;
chunk numbers are links of class "tag chunktag".

Documentation chunks are LaTeX: each chapter's prose goes through pandoc in
one run, with placeholders standing where the code chunks and the [[quoted
code]] go; the code is rendered here, with links between definitions, uses
and the indexes, across pages.
"""

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

# ---------------------------------------------------------------- noweb front end

def noweb_libdir():
    """Where noweave keeps markup, noidx and friends."""
    env = os.environ.get("NOWEBLIB")
    cands = ([env] if env else []) + ["/usr/lib/noweb", "/usr/local/lib/noweb",
                                       "/usr/libexec/noweb", "/usr/share/noweb/lib"]
    for d in cands:
        if d and os.access(os.path.join(d, "markup"), os.X_OK):
            return d
    # Ask noweave itself: -v prints the pipeline it runs.
    with tempfile.NamedTemporaryFile("w", suffix=".nw", delete=False) as f:
        f.write("x\n")
    try:
        p = subprocess.run(["noweave", "-v", f.name], capture_output=True, text=True)
        m = re.search(r"(\S+)/markup\b", p.stderr)
        if m:
            return m.group(1)
    finally:
        os.unlink(f.name)
    sys.exit("nw2html: cannot find noweb's library directory (set NOWEBLIB)")


def markup_stream(files):
    lib = noweb_libdir()
    q = " ".join("'%s'" % f.replace("'", "'\\''") for f in files)
    here = os.path.dirname(os.path.abspath(__file__))
    cmd = ("set -o pipefail; {l}/markup {q} | '{h}/nwdefs' | {l}/finduses | '{h}/nwuses' | {l}/noidx"
           .format(l=lib, q=q, h=here))
    p = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True)
    if p.returncode != 0 or "\n@fatal" in p.stdout:
        sys.stderr.write(p.stderr)
        sys.exit("nw2html: noweb's front end failed (status %d)" % p.returncode)
    return p.stdout.split("\n")

# ---------------------------------------------------------------- the parsed book

class Chapter:
    def __init__(self, path, number):
        self.path = path
        self.number = number
        base = os.path.splitext(os.path.basename(path))[0]
        self.key = re.sub(r"^\d+[-_]?", "", base) or base
        self.page = self.key + ".html"
        self.title = self.key.capitalize()
        self.chunks = []
        self.ncode = 0


class Docs:
    def __init__(self):
        self.parts = []          # strings (LaTeX) and Quote objects


class Quote:
    def __init__(self):
        self.toks = []


class Code:
    def __init__(self):
        self.label = None        # this chunk's own label
        self.name = None
        self.first = None        # label of the name's first definition
        self.cont = False        # a continuation (+=)
        self.toks = []           # ('text', s) ('id', s, ref) ('use', name, ref, anchor) ('nl',)
        self.prevdef = self.nextdef = None
        self.alsodefs = []
        self.usedin = []
        self.notused = False
        self.idefs = []          # (ident, [labels of chunks using it])
        self.iuses = []          # (ident, label of defining chunk)


def parse(lines, files):
    chapters = []
    chunkindex = []              # (name, firstlabel, [('use'|'defn', label)])
    identindex = []              # (ident, firstlabel, [('use'|'defn', label)])
    ch = cur = quote = None
    pend_ref = pend_anchor = pend_id = None
    in_defline = False
    seq = {}
    lists = []

    def sink():
        return quote.toks if quote is not None else (cur.toks if isinstance(cur, Code) else None)

    for line in lines:
        if not line.startswith("@"):
            continue
        kw, _, rest = line[1:].partition(" ")
        if kw == "file":
            ch = Chapter(rest, len(chapters) + 1)
            chapters.append(ch)
        elif kw == "begin":
            kind = rest.split()[0]
            cur = Code() if kind == "code" else Docs()
            ch.chunks.append(cur)
            pend_ref = pend_anchor = pend_id = None
            in_defline = False
        elif kw == "end":
            cur = None
        elif kw == "quote":
            quote = Quote()
        elif kw == "endquote":
            if isinstance(cur, Docs):
                cur.parts.append(quote)
            quote = None
        elif kw == "text":
            t = rest
            if cur is None:
                continue
            toks = sink()
            if toks is None:                       # plain documentation
                cur.parts.append(t)
                continue
            if pend_id and t.startswith(pend_id[0]):
                toks.append(("id", pend_id[0], pend_id[1]))
                t = t[len(pend_id[0]):]
            pend_id = None
            if t:
                toks.append(("text", t))
        elif kw == "nl":
            if cur is None:
                continue
            if isinstance(cur, Code) and in_defline:
                in_defline = False
            elif quote is not None:
                quote.toks.append(("text", " "))
            elif isinstance(cur, Code):
                cur.toks.append(("nl",))
            else:
                cur.parts.append("\n")
        elif kw == "defn":
            cur.name = rest
            cur.first = pend_ref or cur.label
            cur.cont = cur.first != cur.label
            pend_ref = None
            in_defline = True
        elif kw == "use":
            toks = sink()
            if toks is not None:
                toks.append(("use", rest, pend_ref, pend_anchor))
            pend_ref = pend_anchor = None
        elif kw == "literal":
            toks = sink()
            if toks is not None:
                toks.append(("text", rest))
            elif cur is not None:
                cur.parts.append(rest)
        elif kw == "fatal":
            sys.exit("nw2html: noweb: " + rest)
        elif kw == "xref":
            sub, _, arg = rest.partition(" ")
            if sub == "label":
                if isinstance(cur, Code) and cur.label is None:
                    cur.label = arg
                else:
                    pend_anchor = arg
            elif sub == "ref":
                pend_ref = arg
            elif sub == "notused" and isinstance(cur, Code):
                cur.notused = True
            elif sub == "prevdef":
                cur.prevdef = arg
            elif sub == "nextdef":
                cur.nextdef = arg
            elif sub == "defitem":
                cur.alsodefs.append(arg)
            elif sub == "useitem":
                cur.usedin.append(arg)
            elif sub == "chunkbegin":
                lab, _, name = arg.partition(" ")
                chunkindex.append((name, lab, []))
            elif sub in ("chunkuse", "chunkdefn"):
                chunkindex[-1][2].append((sub[5:], arg))
        elif kw == "index":
            sub, _, arg = rest.partition(" ")
            if sub == "use":
                pend_id = (arg, pend_ref)
                pend_ref = None
            elif sub in ("defn", "localdefn"):
                pend_ref = None
            elif sub in ("begindefs", "beginuses"):
                lists = []
            elif sub in ("isused", "isdefined"):
                lists.append(arg)
            elif sub == "defitem":
                cur.idefs.append((arg, lists))
                lists = []
            elif sub == "useitem":
                cur.iuses.append((arg, lists[0] if lists else None))
                lists = []
            elif sub == "entrybegin":
                lab, _, ident = arg.partition(" ")
                identindex.append((ident, lab, []))
            elif sub in ("entryuse", "entrydefn"):
                identindex[-1][2].append((sub[5:], arg))
    return chapters, chunkindex, identindex

# ---------------------------------------------------------------- rendering helpers

E = html.escape


class Book:
    def __init__(self, chapters):
        self.chapters = chapters
        self.where = {}          # label or id -> page
        self.tag = {}            # code chunk label -> "3.14"
        for ch in chapters:
            for c in ch.chunks:
                if isinstance(c, Code):
                    ch.ncode += 1
                    self.tag[c.label] = "%d.%d" % (ch.number, ch.ncode)
                    self.where[c.label] = ch.page
                    for t in c.toks:
                        if t[0] == "use" and t[3]:
                            self.where[t[3]] = ch.page
        self.lang = chunk_languages(chapters)

    def href(self, label, page):
        if not label:
            return None
        p = self.where.get(label)
        if p is None:
            return None
        return ("#" if p == page else p + "#") + label

    def link(self, label, page, text, cls=None):
        h = self.href(label, page)
        c = ' class="%s"' % cls if cls else ""
        if h is None:
            return "<span%s>%s</span>" % (c, text)
        return '<a%s href="%s">%s</a>' % (c, E(h), text)

    def tagof(self, label, page):
        """A chunk's number as a link to it: class "tag chunktag", which book.css sets
        apart from section numbers (a small box in a sans-serif face; the pages' footer
        says what they mean)."""
        t = self.tag.get(label)
        if t is None:
            return '<span class="tag undefined">(never defined)</span>'
        return self.link(label, page, t, "tag chunktag")

    def chunkref(self, name, label, page):
        """<name tag> as it appears where a chunk is used."""
        return ('<span class="chunkref">&#x27E8;%s&nbsp;<span class="nw">%s&#x27E9;</span></span>'
                % (self.link(label, page, E(name), "chunkname"), self.tagof(label, page)))

    def taglist(self, labels, page, underline=()):
        out = []
        for l in labels:
            t = self.tagof(l, page)
            out.append("<u>%s</u>" % t if l in underline else t)
        return ", ".join(out)

    def chunks(self, labels, page):
        """ "chunk 5.2" or "chunks 5.2, 5.7": a list of chunk numbers that says so."""
        return ("chunk " if len(labels) == 1 else "chunks ") + self.taglist(labels, page)


C_KEYWORDS = frozenset("""
    auto break case char const continue default do double else enum extern float for goto if
    inline int long register restrict return short signed sizeof static struct switch typedef
    union unsigned void volatile while _Bool _Static_assert _Noreturn bool true false NULL
    asm __asm__ __volatile__ __attribute__ typeof __typeof__ static_assert""".split())
PP_DIRECTIVE = re.compile(r"#\s*(?:include|define|undef|if|ifdef|ifndef|else|elif|endif|error|warning|pragma|line)\b")
NUMBER = re.compile(r"0[xX][0-9a-fA-F]+[uUlL]*|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?[uUlLfF]*[bf]?")


def chunk_languages(chapters):
    """The language of each chunk name: a root's from its file name (.c/.h
    C, .S assembly, .lds linker script, Kbuild/Makefile make, .md text); any other
    chunk's from the chunks that use it (assembly only if every user is)."""
    def by_name(n):
        if re.search(r"\.[ch]$", n): return "c"
        if re.search(r"\.[sS]$", n): return "asm"
        if n.endswith(".lds"): return "ld"
        if re.search(r"(^|/)(Kbuild|Makefile)$|\.mk$", n): return "make"
        if n.endswith(".md"): return "text"
        return None
    users = {}                   # chunk name -> names of chunks that use it
    names = set()
    for ch in chapters:
        for c in ch.chunks:
            if isinstance(c, Code):
                names.add(c.name)
                for t in c.toks:
                    if t[0] == "use":
                        users.setdefault(t[1], set()).add(c.name)
    lang = {}

    def find(n, seen):
        if n in lang:
            return lang[n]
        own = by_name(n)
        if own or n not in users:
            return own
        got = {find(u, seen | {n}) for u in users[n] if u not in seen} - {None}
        lang[n] = r = "asm" if got == {"asm"} else ("c" if "c" in got or "asm" in got else
                                                      (got.pop() if got else None))
        return r
    for n in names:
        lang[n] = find(n, frozenset()) or "c"
    return lang


class Highlighter:
    """A deliberately small colourer for C and x86 (AT&T) assembly:
    comments, strings, preprocessor lines, numbers, C keywords, assembler
    directives (a .word first on its line) and registers.  State carries across tokens and lines.
    lang: "c", "asm", "ld" (linker script), "make" or "text" (left as it is)."""

    CLASS = {"com": "cm", "lcom": "cm", "str": "st", "chr": "st", "pp": "pp"}

    def __init__(self, lang="c"):
        self.lang = lang
        self.state = None        # None, 'com', 'lcom', 'str', 'chr', 'pp'
        self.out = []
        self.col0 = True
        self.last = ""           # last non-blank character seen on this line
        self.prev = ""           # the character before the current one

    def open(self, st):
        if st != self.state:
            if self.state:
                self.out.append("</span>")
            if st:
                self.out.append('<span class="%s">' % self.CLASS[st])
            self.state = st

    def text(self, s):
        if self.lang == "text":  # prose such as the Launcher's manual page: not coloured
            self.out.append(E(s))
            return
        i, n = 0, len(s)
        buf = []
        asm, make = self.lang == "asm", self.lang == "make"

        def flush():
            if buf:
                self.out.append(E("".join(buf)))
                buf.clear()

        def span(cls, word):
            flush()
            self.out.append('<span class="%s">%s</span>' % (cls, E(word)))
        while i < n:
            c = s[i]
            st = self.state
            if st in (None, "pp"):
                if s.startswith("/*", i) and not make:
                    flush(); self.open("com"); buf.append("/*"); i += 2; continue
                if s.startswith("//", i) and self.lang == "c":
                    flush(); self.open("lcom"); buf.append(s[i:]); i = n; continue
                if st is None and c == "#":
                    if self.col0 and self.lang in ("c", "asm") and (self.lang == "c" or PP_DIRECTIVE.match(s, i)):
                        flush(); self.open("pp"); buf.append(c); i += 1; self.col0 = False; continue
                    if asm or make:      # the rest of the line is a comment
                        flush(); self.open("lcom"); buf.append(s[i:]); i = n; continue
                if c == '"' and st is None:
                    flush(); self.open("str"); buf.append(c); i += 1; continue
                if c == "'" and st is None and self.lang != "make" and re.match(r"'(\\.|[^\\'])'", s[i:i + 4]):
                    flush(); self.open("chr"); buf.append(c); i += 1; continue
            if st is None and not (self.prev.isalnum() or (self.prev and self.prev in "_$.")):
                m = None
                if c.isdigit():
                    m = NUMBER.match(s, i)
                    cls = "nu"
                elif asm and c == "%" and i + 1 < n and s[i + 1].isalpha():
                    m = re.compile(r"%[a-z][a-z0-9]*").match(s, i)
                    cls = "rg"
                elif asm and c == "." and self.col0 and i + 1 < n and s[i + 1].isalpha():
                    m = re.compile(r"\.[A-Za-z_][\w.]*").match(s, i)
                    cls = "kw"
                elif c.isalpha() or c == "_":
                    m = re.compile(r"[A-Za-z_]\w*").match(s, i)
                    cls = "kw" if self.lang == "c" and m.group(0) in C_KEYWORDS else None
                if m:
                    w = m.group(0)
                    if cls:
                        span(cls, w)
                    else:
                        buf.append(w)
                    self.col0 = False
                    self.prev = w[-1]
                    i = m.end()
                    continue
            elif st == "com":
                if s.startswith("*/", i):
                    buf.append("*/"); i += 2; self.prev = "/"; flush(); self.open(None); continue
            elif st in ("str", "chr"):
                if c == "\\" and i + 1 < n:
                    buf.append(s[i:i + 2]); i += 2; continue
                if c == ('"' if st == "str" else "'"):
                    buf.append(c); i += 1; self.prev = c; flush(); self.open(None); continue
            if not c.isspace():
                self.col0 = False
            buf.append(c)
            self.prev = c
            i += 1
        flush()
        if s.strip():
            self.last = s.rstrip()[-1]

    def raw(self, h):
        self.out.append(h)

    def newline(self):
        # a line comment, string or directive ends with the line (unless continued)
        if self.state in ("lcom", "str", "chr"):
            self.open(None)
        elif self.state == "pp" and self.last != "\\":
            self.open(None)
        cur = self.state
        if cur:
            self.out.append("</span>")
        self.out.append("\n")
        if cur:
            self.out.append('<span class="%s">' % self.CLASS[cur])
        self.col0 = True
        self.last = ""
        self.prev = ""

    def finish(self):
        if self.state:
            self.out.append("</span>")
            self.state = None
        return "".join(self.out)


def render_code(book, c, page):
    root = c.notused
    hd = ['<div class="chunk%s" id="%s">' % (" root" if root else "", E(c.label))]
    nav = []
    if c.prevdef:
        nav.append(book.link(c.prevdef, page, "&#x25C1;", "prev") )
    nav.append(book.link(c.label, page, book.tag[c.label], "self chunktag"))
    if c.nextdef:
        nav.append(book.link(c.nextdef, page, "&#x25B7;", "next"))
    hd.append('<div class="chunkhead"><span class="defn">&#x27E8;%s&nbsp;<span class="nw">%s&#x27E9;%s&#x2261;</span></span>'
              '<span class="chunknav">%s</span></div>'
              % (book.link(c.first, page, E(c.name), "chunkname"), book.tagof(c.first, page),
                 "+" if c.cont else "", " ".join(nav)))
    lang = book.lang.get(c.name, "c")
    hl = Highlighter(lang)
    toks = list(c.toks)
    while toks and toks[-1] == ("nl",):
        toks.pop()
    for t in toks:
        if t[0] == "text":
            hl.text(t[1])
        elif t[0] == "nl":
            hl.newline()
        elif t[0] == "id":
            h = book.href(t[2], page)
            if h:
                hl.raw('<a class="id" href="%s">' % E(h))
                hl.text(t[1])
                hl.raw("</a>")
            else:
                hl.text(t[1])
        elif t[0] == "use":
            a = ' id="%s"' % E(t[3]) if t[3] else ""
            hl.raw("<span class=\"use\"%s>%s</span>" % (a, book.chunkref(t[1], t[2], page)))
    hd.append('<pre class="code lang-%s"><code>%s</code></pre>' % (lang, hl.finish()))
    notes = []
    if root:
        if re.search(r"[./]", c.name):
            notes.append("Root chunk: tangled into <code>build/src/%s</code>." % E(c.name))
        else:
            notes.append("Root chunk (not used by any other chunk).")
    if c.alsodefs and not c.cont:
        notes.append("Continued in %s." % book.chunks(c.alsodefs, page))
    elif c.alsodefs:
        notes.append("Also defined in %s." % book.chunks(c.alsodefs, page))
    if c.usedin:
        notes.append("Used in %s." % book.chunks(c.usedin, page))
    if c.idefs:
        items = []
        for ident, users in c.idefs:
            u = [l for l in users if l != c.label]
            items.append('<code class="id">%s</code>%s' % (
                E(ident), " (used in %s)" % book.chunks(u, page) if u else
                " (used only here)" if c.label in users else ""))
        notes.append("Defines " + ", ".join(items) + ".")
    if c.iuses:
        items = ['%s&nbsp;%s' % (book.link(l, page, "<code>%s</code>" % E(i), "id"), book.tagof(l, page))
                 for i, l in c.iuses]
        notes.append("Uses " + ", ".join(items) + ".")
    if notes:
        hd.append('<div class="chunkfoot">%s</div>' % " ".join(notes))
    hd.append("</div>")
    return "\n".join(hd)


def render_quote(book, q, page):
    out = []
    for t in q.toks:
        if t[0] == "text":
            out.append(E(t[1]))
        elif t[0] == "id":
            out.append(book.link(t[2], page, E(t[1]), "id") if book.href(t[2], page) else E(t[1]))
        elif t[0] == "use":
            out.append(book.chunkref(t[1], t[2], page))
    return '<code>%s</code>' % "".join(out)

def quote_text(q):
    return "".join(t[1] if t[0] in ("text", "id") else "<%s>" % t[1] for t in q.toks)


def tex_escape(s):
    return re.sub(r"([#$%&_{}])", r"\\\1", s).replace("~", r"\textasciitilde{}")


# ---------------------------------------------------------------- prose through pandoc

FIG_INPUT = re.compile(r"\\input\{(?:\.\./)?(?:figures/)?([\w.-]+?)(?:\.tex)?\}")
FIG_GRAPHIC = re.compile(r"\\includegraphics(?:\[[^\]]*\])?\{(?:\.\./)?figures/([\w.-]+?)(?:\.(?:pdf|png|svg|jpg))?\}")


def citeproc_args(bib, **meta):
    """pandoc's arguments for rendering citations from the BibTeX file BIB."""
    if not bib:
        return []
    args = ["--citeproc", "--bibliography", bib]
    for k, v in meta.items():
        args += ["-M", "%s=%s" % (k.replace("_", "-"), v)]
    return args


def prose_to_html(latex, macros, where, figdir, bib=None):
    def fig(m):            # only inputs of figure files become pictures
        if figdir and os.path.exists(os.path.join(figdir, m.group(1) + ".tex")):
            return r"\includegraphics{figures/%s.svg}" % m.group(1)
        return m.group(0)
    latex = FIG_INPUT.sub(fig, latex)
    latex = FIG_GRAPHIC.sub(r"\\includegraphics{figures/\1.svg}", latex)
    # pandoc makes a verse environment an ordinary <blockquote>; an environment it does
    # not know becomes <div class="NAME">, which dress_prose() sets line by line.
    latex = re.sub(r"\\(begin|end)\{verse\}", r"\\\1{nwverse}", latex)
    # noweb's "@<<" and "@>>" escapes are already undone by markup.
    # Citations link to the bibliography page (fix_refs points them there).
    p = subprocess.run(["pandoc", "-f", "latex", "-t", "html5", "--mathml", "--wrap=none"]
                       + citeproc_args(bib, suppress_bibliography="true", link_citations="true"),
                       input=macros + "\n" + latex, capture_output=True, text=True)
    if p.returncode != 0:
        sys.stderr.write(p.stderr)
        sys.stderr.write("nw2html: pandoc failed on %s; showing its prose verbatim\n" % where)
        return "<pre>%s</pre>" % E(latex)
    return p.stdout


def number_things(body, ch, ids):
    """Number h1-h3 and figures the way the LaTeX book does and record
    every id with its number, for \\ref text and cross-page links."""
    counters = [ch.number - 1, 0, 0]
    state = {"fig": 0}

    def head(m):
        lvl, attrs, inner = int(m.group(1)), m.group(2), m.group(3)
        idm = re.search(r'id="([^"]*)"', attrs)
        if lvl <= 3 and "unnumbered" not in attrs:
            counters[lvl - 1] += 1
            for k in range(lvl, 3):
                counters[k] = 0
            num = ".".join(str(x) for x in counters[:lvl])
            if idm:
                ids[idm.group(1)] = (ch.page, num)
            if lvl == 1:
                ch.title = re.sub(r"<[^>]+>", "", inner).strip()
                label = '<span class="chapnum">Chapter %s</span>' % num
                return "<h1%s>%s%s</h1>" % (attrs, label, inner)
            return '<h%d%s><span class="secnum">%s</span> %s</h%d>' % (lvl, attrs, num, inner, lvl)
        if idm:
            ids[idm.group(1)] = (ch.page, None)
        return m.group(0)
    body = re.sub(r"<h([1-6])([^>]*)>(.*?)</h\1>", head, body, flags=re.S)

    def fig(m):
        state["fig"] += 1
        num = "%d.%d" % (ch.number, state["fig"])
        block = m.group(0)
        idm = re.search(r'id="([^"]*)"', block)
        if idm:
            ids[idm.group(1)] = (ch.page, num)
        return re.sub(r"<figcaption([^>]*)>", r'<figcaption\1><span class="fignum">Figure %s.</span> ' % num,
                      block, count=1)
    body = re.sub(r"<figure>.*?</figure>", fig, body, flags=re.S)
    for m in re.finditer(r'\sid="([^"]*)"', body):
        ids.setdefault(m.group(1), (ch.page, None))
    return body


# Figures at phone width: an SVG shrunk below this fraction of its natural size (the size of
# the PDF's figure, labels in 8-9pt type) is too small to read; below it the figure scrolls
# sideways instead.  tests/browser/html-check.py holds the page to it.
FIG_MIN_SCALE = 0.85


def svg_size(path):
    """An SVG's natural width and height in CSS pixels, from its width and height attributes
    (dvisvgm writes points), or None."""
    try:
        with open(path, encoding="utf-8") as f:
            head = f.read(4096)
    except OSError:
        return None
    m = re.search(r"<svg\b[^>]*>", head)
    if not m:
        return None
    px = {"pt": 4 / 3, "px": 1, "": 1, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96, "bp": 4 / 3}
    dims = []
    for a in ("width", "height"):
        d = re.search(r"\s%s=['\"]([\d.]+)(pt|px|mm|cm|in|bp|)['\"]" % a, m.group(0))
        if not d:
            return None
        dims.append(float(d.group(1)) * px[d.group(2)])
    return dims


def dress_prose(body, outdir):
    """What pandoc's HTML needs for a screen:
    * verse (div.nwverse, from \\begin{verse}): each line a span.line, which book.css sets
      with a hanging indent, so a line too long for a phone wraps indented under itself;
    * figures: each SVG inside a link to itself (the full-size figure, a tap away), which is
      also a box with a light background (the figures are black on transparent, unreadable
      on a dark page) that scrolls sideways rather than shrink the figure below
      FIG_MIN_SCALE of its natural size."""
    def verse(m):
        def para(p):
            lines = re.split(r"<br\s*/?>\s*", p.group(2).strip())
            return "<p%s>%s</p>" % (p.group(1), "\n".join(
                '<span class="line">%s</span>' % l for l in lines if l.strip()))
        return '<div class="verse">%s</div>' % re.sub(r"<p([^>]*)>(.*?)</p>", para, m.group(1), flags=re.S)
    body = re.sub(r'<div class="nwverse">(.*?)</div>', verse, body, flags=re.S)

    def fig(m):
        img = m.group(0)
        src = re.search(r'\ssrc="([^"]*)"', img).group(1)
        size = svg_size(os.path.join(outdir, html.unescape(src))) if src.endswith(".svg") else None
        attrs = ""
        if size:
            w, h = size
            attrs = (' width="%d" height="%d" style="min-width: %dpx"'
                     % (round(w), round(h), round(w * FIG_MIN_SCALE)))
        img = re.sub(r"\s*/?>$", attrs + " />", img)
        return ('<a class="figlink" href="%s" title="The figure at full size">%s</a>' % (src, img))
    return re.sub(r"(?<=<figure>)\s*<img\b[^>]*>", fig, body)


def page_toc(body, page):
    """A chapter's own contents, for the top of its page: its numbered sections and
    subsections (h2, h3), linked.  Goes right after the page's <h1>."""
    heads = re.findall(r'<h([23])[^>]*\sid="([^"]*)"[^>]*>(.*?)</h\1>', body, flags=re.S)
    if len(heads) < 2:
        return body
    out, depth = [], 0
    for lvl, hid, inner in heads:
        lvl = min(int(lvl) - 1, depth + 1)     # 1 or 2 (an h3 before any h2 counts as 1)
        inner = re.sub(r"</?a\b[^>]*>", "", inner)
        inner = re.sub(r'\s(id|data-[\w-]+)="[^"]*"', "", inner)
        if lvl > depth:
            out.append("<ol>" * (lvl - depth))
        else:
            out.append("</li>")
            if lvl < depth:
                out.append("</ol></li>" * (depth - lvl))
        depth = lvl
        # (the class keeps fix_refs() off it: an id can be on several pages)
        out.append('<li><a class="toc" href="#%s">%s</a>' % (hid, inner.strip()))
    out.append("</li>" + "</ol></li>" * (depth - 1) + "</ol>")
    toc = ('\n<nav class="pagetoc" aria-label="Contents of this page"><details open>'
           '<summary>Contents of this page</summary>\n%s\n</details></nav>' % "".join(out))
    return re.sub(r"(</h1>)", lambda m: m.group(1) + toc, body, count=1)


def plain_text(h):
    """The text of an HTML fragment, its white space collapsed."""
    h = re.sub(r"<annotation\b.*?</annotation>", " ", h, flags=re.S)   # MathML's TeX source
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", h))).strip()


def search_entries(body, page, where):
    """The search index's entries for one page: one per heading with an id (h1 to h4), with
    the heading's number and title, WHERE (the chapter's name) and the text of the prose up
    to the next heading.  Code is left out, but not chunk names."""
    body = re.sub(r'<nav class="pagetoc".*?</nav>', " ", body, flags=re.S)
    body = re.sub(r"<pre\b.*?</pre>", " ", body, flags=re.S)
    body = re.sub(r'<div class="chunkfoot">.*?</div>', " ", body, flags=re.S)
    body = re.sub(r'<span class="chunknav">.*?</span>', " ", body, flags=re.S)
    body = re.sub(r'<a class="tag chunktag"[^>]*>.*?</a>', " ", body, flags=re.S)
    body = body.replace("&#x2261;", " ")
    entries, cur = [], None
    for part in re.split(r"(<h[1-4]\b[^>]*>.*?</h[1-4]>)", body, flags=re.S):
        m = re.match(r"<h([1-4])\b([^>]*)>(.*?)</h\1>", part, flags=re.S)
        if m:
            inner = m.group(3)
            num = re.search(r'<span class="(?:secnum|chapnum)">(.*?)</span>', inner, flags=re.S)
            title = plain_text(re.sub(r'<span class="(?:secnum|chapnum)">.*?</span>', " ", inner, flags=re.S))
            idm = re.search(r'\sid="([^"]*)"', m.group(2))
            if idm:
                cur = {"p": page, "h": idm.group(1), "n": plain_text(num.group(1)) if num else "",
                       "t": title, "c": where, "x": []}
                entries.append(cur)
                continue
            part = title
        if cur is not None:
            cur["x"].append(plain_text(part))
    for e in entries:
        e["x"] = re.sub(r"(?<=\u27e8)\s+|\s+(?=\u27e9)", "", " ".join(t for t in e["x"] if t))  # <name>
    return entries


def write_search_index(path, entries):
    """search-index.js: the entries as a script, so that book/search.js can load it from a
    page opened as a file (no fetch, which browsers refuse for file: URLs)."""
    with open(path, "w", encoding="utf-8") as f:
        f.write("// The book's search index, written by book/nw2html.py; read by search.js.\n"
                "window.BOOK_SEARCH = [\n")
        f.write(",\n".join(json.dumps(e, ensure_ascii=False, separators=(",", ":")) for e in entries))
        f.write("\n];\n")


def fix_refs(body, page, ids):
    def ref(m):
        target = m.group(1)
        info = ids.get(target)
        if not info:
            return m.group(0)
        p, num = info
        href = ("#" if p == page else p + "#") + target
        text = num if (num and m.group(3) == "ref") else m.group(4)
        return '<a href="%s"%s>%s</a>' % (E(href), m.group(2), text)
    return re.sub(r'<a href="#([^"]*)"((?:\s+data-reference-type="(\w+)")?[^>]*)>(.*?)</a>', ref, body,
                  flags=re.S)

# ---------------------------------------------------------------- pages

def bibliography_body(bib):
    """Every entry of the BibTeX file, as pandoc's citeproc sets them."""
    doc = "---\nnocite: |\n  @*\n---\n"
    p = subprocess.run(["pandoc", "-f", "markdown", "-t", "html5", "--wrap=none"] + citeproc_args(bib),
                       input=doc, capture_output=True, text=True)
    if p.returncode != 0:
        sys.stderr.write(p.stderr)
        sys.exit("nw2html: pandoc could not read the bibliography %s" % bib)
    return ('<h1 id="bibliography">Bibliography</h1>\n'
            '<div class="bibliography">\n%s</div>' % p.stdout)


class Extra:
    """A page after the chapters: an appendix or the bibliography."""
    def __init__(self, page, body, label=""):
        self.page = page
        self.label = label                 # "A" for Appendix A, "" for none
        m = re.search(r"<h1[^>]*>(.*?)</h1>", body, flags=re.S)
        self.title = re.sub(r"<[^>]+>", "", m.group(1)).strip() if m else page
        self.body = body


def number_appendix(x, ids):
    """Label an appendix's <h1> and number its <h2>s the way LaTeX does (A.1, ...)."""
    n = [0]

    def head(m):
        lvl, attrs, inner = m.group(1), m.group(2), m.group(3)
        idm = re.search(r'id="([^"]*)"', attrs)
        if lvl == "1":
            if idm:
                ids[idm.group(1)] = (x.page, x.label)
            return '<h1%s><span class="chapnum">Appendix %s</span>%s</h1>' % (attrs, x.label, inner)
        n[0] += 1
        num = "%s.%d" % (x.label, n[0])
        if idm:
            ids[idm.group(1)] = (x.page, num)
        return '<h2%s><span class="secnum">%s</span> %s</h2>' % (attrs, num, inner)
    x.body = re.sub(r"<h([12])([^>]*)>(.*?)</h\1>", head, x.body, flags=re.S)


def fill(template, **kw):
    out = template
    for k, v in kw.items():
        out = out.replace("@@%s@@" % k.upper(), v)
    return out


def navbar(chs, i):
    left = ('<a rel="prev" href="%s">&larr; %s</a>' % (chs[i - 1].page, E(chs[i - 1].title))
            if i > 0 else "<span></span>")
    right = ('<a rel="next" href="%s">%s &rarr;</a>' % (chs[i + 1].page, E(chs[i + 1].title))
             if i + 1 < len(chs) else '<a href="indexes.html">Indexes &rarr;</a>')
    return ('<nav class="pagenav">%s<a href="index.html">Contents</a>%s</nav>' % (left, right))


def warn_about_chunks(chapters, book):
    """The mistakes noweb forgives silently: a use of a chunk nobody
    defines, and a chunk nobody uses whose name is not a file name (a
    misspelled name becomes a new root)."""
    undefined, roots = {}, {}
    for ch in chapters:
        for c in ch.chunks:
            toks = list(c.toks) if isinstance(c, Code) else \
                [t for p in c.parts if isinstance(p, Quote) for t in p.toks]
            for t in toks:
                if t[0] == "use" and t[2] not in book.tag:
                    undefined.setdefault(t[1], ch.path)
            if isinstance(c, Code) and c.notused and not re.search(r"[./]", c.name):
                roots.setdefault(c.name, ch.path)
    for name, path in sorted(undefined.items()):
        sys.stderr.write("weave: warning: %s: <<%s>> is used but never defined\n" % (path, name))
    for name, path in sorted(roots.items()):
        sys.stderr.write("weave: warning: %s: <<%s>> is never used (misspelled?)\n" % (path, name))


# ---------------------------------------------------------------- the subject index

INDEX_CMD = re.compile(r"\\index\{((?:[^{}]|\{[^{}]*\})*)\}")


def index_display(key):
    """makeindex's 'sort@display' and 'main!sub' as the HTML index shows them:
    'sysenter@\\texttt{sysenter}' is <code>sysenter</code>."""
    parts = []
    for level in key.split("!"):
        shown = level.split("@", 1)[-1]
        m = re.fullmatch(r"\\texttt\{(.*)\}", shown)
        parts.append("<code>%s</code>" % E(m.group(1)) if m else E(re.sub(r"\\\w+\{(.*?)\}", r"\1", shown)))
    return ", ".join(parts)


def index_sort_key(key):
    return [level.split("@", 1)[0].lower() for level in key.split("!")]


def mark_index_entries(text, page, marks, pieces):
    """Each \\index{KEY} in a chapter's prose becomes a placeholder that turns into an
    empty anchor; MARKS collects (KEY, page, anchor id)."""
    def sub(m):
        k = "NWI%05dZ" % len(pieces)
        aid = "ix-%d" % (len(marks) + 1)
        pieces[k] = '<span class="ixmark" id="%s"></span>' % aid
        marks.append((m.group(1), page, aid))
        return k
    return INDEX_CMD.sub(sub, text)


def anchor_sections(body, marks, page):
    """For each anchor of MARKS on PAGE, the number and title of the section it is in."""
    where, last = {}, None
    for m in re.finditer(r'<h([1-3])[^>]*>(.*?)</h\1>|<span class="ixmark" id="([^"]*)">', body, flags=re.S):
        if m.group(3):
            where[m.group(3)] = last
        else:
            last = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", m.group(2))).strip()
    return where


def subject_index(marks, sections):
    """The HTML of the Index of Subjects: each key once, with a link to every place."""
    keys = {}
    for key, page, aid in marks:
        keys.setdefault(key, []).append((page, aid))
    out = ['<h1 id="subjects">Index of Subjects</h1>',
           '<p class="lede">The subjects of the book, each with the sections that explain it; '
           'the <a href="glossary.html">glossary</a> defines the terms in a sentence or two.</p>',
           '<ul class="subjectindex">']
    for key in sorted(keys, key=index_sort_key):
        links = []
        for page, aid in keys[key]:
            title = sections.get(aid) or page
            links.append('<a href="%s#%s">%s</a>' % (E(page), E(aid), E(title)))
        out.append("<li>%s: %s</li>" % (index_display(key), "; ".join(links)))
    out.append("</ul>")
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--template", required=True)
    ap.add_argument("--css", required=True)
    ap.add_argument("--macros", required=True)
    ap.add_argument("--js", default="", help="the search box's script, copied to search.js")
    ap.add_argument("--title", default="The Book")
    ap.add_argument("--pdf", default="", help="path of the PDF relative to --out")
    ap.add_argument("--figdir", default="", help="the figures/ directory")
    ap.add_argument("--bib", default="", help="a BibTeX file: citations and a bibliography page")
    ap.add_argument("--appendix", action="append", default=[],
                    help="an HTML body to add as an appendix page (the first is results.html)")
    ap.add_argument("--notice", default="", help="an HTML fragment for the top of the contents page")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()

    chapters, chunkindex, identindex = parse(markup_stream(a.files), a.files)
    book = Book(chapters)
    warn_about_chunks(chapters, book)
    template = open(a.template, encoding="utf-8").read()
    macros = open(a.macros, encoding="utf-8").read()
    os.makedirs(a.out, exist_ok=True)
    shutil.copyfile(a.css, os.path.join(a.out, "book.css"))
    if a.js:
        shutil.copyfile(a.js, os.path.join(a.out, "search.js"))

    ids = {}
    bodies = []
    marks = []               # the subject index: (key, page, anchor id), in reading order
    for ch in chapters:
        latex, pieces, plain = [], {}, {}
        for c in ch.chunks:
            if isinstance(c, Code):
                k = "NWC%05dZ" % len(pieces)
                pieces[k] = render_code(book, c, ch.page)
                latex.append("\n\n%s\n\n" % k)
            else:
                math = False
                for part in c.parts:
                    if isinstance(part, Quote):
                        if math:         # pandoc cannot see through a placeholder in math
                            latex.append(r"\texttt{%s}" % tex_escape(quote_text(part)))
                            continue
                        k = "NWQ%05dZ" % len(pieces)
                        pieces[k] = render_quote(book, part, ch.page)
                        plain[k] = E(quote_text(part))
                        latex.append(k)
                    else:
                        part = mark_index_entries(part, ch.page, marks, pieces)
                        latex.append(part)
                        # track $...$ and \(...\) so quotes inside math are spotted
                        for m in re.finditer(r"\\\$|\$|\\\(|\\\)", part):
                            tok = m.group(0)
                            if tok == "$":
                                math = not math
                            elif tok == r"\(":
                                math = True
                            elif tok == r"\)":
                                math = False
        body = prose_to_html("".join(latex), macros, ch.path, a.figdir, a.bib)
        body = re.sub(r"<p>(NWC\d{5}Z)</p>", lambda m: pieces[m.group(1)], body)
        # in an attribute (a figure's alt text) a quote stays plain text
        body = re.sub(r'\s(?:alt|title)="[^"]*"', lambda a: re.sub(
            r"NWQ\d{5}Z", lambda m: plain.get(m.group(0), m.group(0)), a.group(0)), body)
        body = re.sub(r"NW[CQI]\d{5}Z", lambda m: pieces.get(m.group(0), m.group(0)), body)
        body = number_things(body, ch, ids)
        body = page_toc(dress_prose(body, a.out), ch.page)
        bodies.append(body)

    # The pages after the chapters: appendices (A, B, ...), then the bibliography.
    extras = []
    for k, path in enumerate(a.appendix):
        with open(path, encoding="utf-8") as f:
            body = f.read()
        m = re.search(r'<h1[^>]*id="([^"]*)"', body)
        x = Extra((m.group(1) if m else "appendix-%d" % (k + 1)) + ".html", body, chr(ord("A") + k))
        number_appendix(x, ids)
        x.body = page_toc(x.body, x.page)
        extras.append(x)
    if a.bib:
        x = Extra("bibliography.html", bibliography_body(a.bib))
        extras.append(x)
    for x in extras:
        for m in re.finditer(r'\sid="([^"]*)"', x.body):
            ids.setdefault(m.group(1), (x.page, None))
    seq = chapters + extras

    for l, p in book.where.items():
        ids.setdefault(l, (p, None))
    found = []                             # the search index
    for i, ch in enumerate(chapters):
        body = fix_refs(bodies[i], ch.page, ids)
        found += search_entries(body, ch.page, "Chapter %d, %s" % (ch.number, ch.title))
        nav = navbar(seq, i)
        page = fill(template, title=E("%s \u2014 %s" % (ch.title, a.title)), booktitle=E(a.title),
                    nav=nav, body=body)
        with open(os.path.join(a.out, ch.page), "w", encoding="utf-8") as f:
            f.write(page)

    for i, x in enumerate(extras, len(chapters)):
        body = fix_refs(x.body, x.page, ids)
        found += search_entries(body, x.page, "Appendix %s" % x.label if x.label else x.title)
        with open(os.path.join(a.out, x.page), "w", encoding="utf-8") as f:
            f.write(fill(template, title=E("%s \u2014 %s" % (x.title, a.title)), booktitle=E(a.title),
                         nav=navbar(seq, i), body=body))
    write_search_index(os.path.join(a.out, "search-index.js"), found)

    # ---- indexes: subjects, chunks, identifiers
    sections = {}
    for i, ch in enumerate(chapters):
        sections.update(anchor_sections(bodies[i], marks, ch.page))
    out = subject_index(marks, sections)
    out += ['<h1 id="chunks">Index of Chunks</h1>',
           '<p class="lede">Every chunk, with the places it is defined (underlined) and used.</p>',
           '<ul class="chunkindex">']
    for name, first, refs in sorted(chunkindex, key=lambda e: e[0].lower()):
        where = ", ".join(("<b>%s</b>" if k == "defn" else "%s") % book.tagof(l, "indexes.html")
                          for k, l in refs)
        out.append("<li>%s: %s</li>" % (book.chunkref(name, first, "indexes.html"), where))
    out.append("</ul>")
    out.append('<h1 id="identifiers">Index of Identifiers</h1>')
    out.append('<p class="lede">Each identifier with the chunks that define it (underlined) and use it.</p>')
    out.append('<ul class="identindex">')
    for ident, first, refs in sorted(identindex, key=lambda e: (e[0].lower().lstrip("_"), e[0])):
        where = ", ".join(("<b>%s</b>" if k == "defn" else "%s") % book.tagof(l, "indexes.html")
                          for k, l in refs)
        out.append('<li><code>%s</code>: %s</li>' % (book.link(first, "indexes.html", E(ident), "id"), where))
    out.append("</ul>")
    nav = ('<nav class="pagenav">%s<a href="index.html">Contents</a><span></span></nav>'
           % ('<a rel="prev" href="%s">&larr; %s</a>' % (seq[-1].page, E(seq[-1].title))
              if seq else "<span></span>"))
    with open(os.path.join(a.out, "indexes.html"), "w", encoding="utf-8") as f:
        f.write(fill(template, title=E("Indexes \u2014 " + a.title), booktitle=E(a.title),
                     nav=nav, body="\n".join(out)))

    # ---- contents
    out = ['<h1 class="booktitle">%s</h1>' % E(a.title)]
    if a.notice and os.path.exists(a.notice):
        with open(a.notice, encoding="utf-8") as f:
            out.append(f.read().strip())
    out.append('<ol class="toc">')
    for i, ch in enumerate(chapters):
        secs = re.findall(r'<h2[^>]*id="([^"]*)"[^>]*>(.*?)</h2>', bodies[i], flags=re.S)
        sub = "".join('<li><a href="%s#%s">%s</a></li>' % (ch.page, E(sid), re.sub(r"</?a\b[^>]*>", "", t))
                      for sid, t in secs)
        out.append('<li><a class="chap" href="%s"><span class="chapnum">%d</span> %s</a>%s</li>'
                   % (ch.page, ch.number, E(ch.title), '<ol class="secs">%s</ol>' % sub if sub else ""))
    for x in extras:
        secs = re.findall(r'<h2[^>]*id="([^"]*)"[^>]*>(.*?)</h2>', x.body, flags=re.S)
        sub = "".join('<li><a href="%s#%s">%s</a></li>' % (x.page, E(sid), re.sub(r"</?a\b[^>]*>", "", t))
                      for sid, t in secs)
        out.append('<li><a class="chap" href="%s"><span class="chapnum">%s</span> %s</a>%s</li>'
                   % (x.page, x.label, E(x.title), '<ol class="secs">%s</ol>' % sub if sub else ""))
    out.append('<li><a class="chap" href="indexes.html"><span class="chapnum"></span> Index of Subjects, Chunks and Identifiers</a></li>')
    out.append("</ol>")
    if a.pdf:
        out.append('<p class="pdf">Also as a <a href="%s">PDF</a>, with page-based cross-references.</p>'
                   % E(a.pdf))
    nav = ('<nav class="pagenav"><span></span><span></span>%s</nav>'
           % ('<a rel="next" href="%s">%s &rarr;</a>' % (chapters[0].page, E(chapters[0].title))
              if chapters else ""))
    with open(os.path.join(a.out, "index.html"), "w", encoding="utf-8") as f:
        f.write(fill(template, title=E(a.title), booktitle=E(a.title), nav=nav, body="\n".join(out)))


if __name__ == "__main__":
    main()
