#!/usr/bin/env bash
# tests/book/50-xref.sh -- the identifier cross-references say only true things, in both editions.
#   * Definitions: every identifier the book indexes is named on a chapter's `@ %def' line or
#     #defined (with a body) in a code chunk; so no standard type or system macro (uint32_t,
#     bool, i386, _Static_assert, atomic_t, ...) is "defined" anywhere.
#   * Uses: every identifier a code chunk links, lists under "Uses" or the identifier index
#     credits it with is a token of its code: not a word in a comment, a string (an assembler
#     template, a string with a \t, excepted) or an #include line.
#   * An identifier of one program is not "used" by another: the Host's `current', `memcpy',
#     ... are the kernel's, not the Guest's.
#   * No "never used" in the PDF for an identifier that its own chunk uses.
#   * Known true uses are still there (LHCALL_NOP in the Host's hypercall switch, ...).
set -euo pipefail

BUILD=${BUILD:-build}
[ -s "$BUILD/html/indexes.html" ] || { echo "FAIL: no $BUILD/html/indexes.html (the book was not woven)"; exit 1; }
[ -s "$BUILD/book.pdf" ] || { echo "FAIL: no $BUILD/book.pdf (the book was not woven)"; exit 1; }
command -v pdftotext >/dev/null || { echo "FAIL: no pdftotext: apt-get install poppler-utils"; exit 1; }
pdf=$(mktemp)
trap 'rm -f "$pdf"' EXIT
pdftotext -enc UTF-8 "$BUILD/book.pdf" "$pdf"

python3 - "$BUILD" "$pdf" chapters/*.nw <<'PY'
import glob, html, os, re, sys

build, pdftext, chapters = sys.argv[1], sys.argv[2], sys.argv[3:]
status = 0
def ok(msg): print("ok: " + msg)
def fail(msg, items=()):
    global status
    status = 1
    items = sorted(set(items))
    print("FAIL: " + msg + (":" if items else ""))
    for i in items[:25]:
        print("    " + i)
    if len(items) > 25:
        print("    ... and %d more" % (len(items) - 25))

# ---- what the chapters define: @ %def lines, and #define NAME with a body in code
declared = set()
for f in chapters:
    code = False
    for line in open(f, encoding="utf-8"):
        if re.match(r"<<.*>>=\s*$", line):
            code = True
        elif line.startswith("@"):
            code = False
            m = re.match(r"@ %def\s+(.*)", line)
            if m:
                declared.update(m.group(1).split())
        elif code:
            m = re.match(r"\s*#\s*define\s+([A-Za-z_]\w*)(?:\(|\s+\S)", line)
            if m:
                declared.add(m.group(1))

# ---- the HTML edition: every code chunk, its code and its footer
ID = re.compile(r'<a class="id" href="([^"]*)">(.*?)</a>')
chunks = {}                                  # label -> dict
for path in sorted(glob.glob(os.path.join(build, "html", "*.html"))):
    page = os.path.basename(path)
    text = open(path, encoding="utf-8").read()
    for part in re.split(r'(?=<div class="chunk[ "])', text)[1:]:
        m = re.match(r'<div class="chunk[^"]*" id="([^"]*)"', part)
        c = re.search(r'<pre class="code lang-(\w+)"><code>(.*?)</code></pre>', part, flags=re.S)
        f = re.search(r'<div class="chunkfoot">(.*?)</div>', part, flags=re.S)
        if not (m and c):
            continue
        foot = f.group(1) if f else ""
        u = re.search(r"Uses (.*?)\.\s*$", foot, flags=re.S)
        chunks[m.group(1)] = dict(page=page, lang=c.group(1), html=c.group(2), foot=foot,
                                  uses=[html.unescape(re.sub(r"<[^>]+>", "", x))
                                        for _, x in ID.findall(u.group(1))] if u else [])

def lex(ch):
    """The chunk's code as plain text, and for each linked identifier (name, in_code)."""
    links = []
    def ph(m):
        links.append(html.unescape(re.sub(r"<[^>]+>", "", m.group(2))))
        return "\x01%d\x02" % (len(links) - 1)
    t = ID.sub(ph, ch["html"])
    t = html.unescape(re.sub(r"<[^>]+>", "", t))
    asm = ch["lang"] == "asm"
    pats = [r"/\*.*?\*/", r'"(?:\\.|[^"\\\n])*"', r"^[ \t]*#[ \t]*include\b[^\n]*"]
    if asm:
        pats += [r"^[ \t]*\.(?:globl|global|type|size|weak|local|hidden)\b[^\n]*",
                 r"#(?![ \t]*(?:define|undef|if|ifdef|ifndef|else|elif|endif|error)\b)[^\n]*"]
    else:
        pats += [r"//[^\n]*", r"'(?:\\.|[^'\\\n])*'"]
    dead = set()
    for m in re.finditer("|".join(pats), t, flags=re.S | re.M):
        s = m.group(0)
        if s.startswith('"') and "\\t" in s:      # an assembler template
            continue
        dead.update(int(i) for i in re.findall(r"\x01(\d+)\x02", s))
    plain = re.sub(r"\x01(\d+)\x02", lambda m: links[int(m.group(1))], t)
    return plain, [(x, i not in dead) for i, x in enumerate(links)]

bad_links, bad_uses, live = [], [], {}
for lab, ch in chunks.items():
    plain, links = lex(ch)
    ch["plain"] = plain
    live[lab] = {x for x, good in links if good}
    for x, good in links:
        if not good:
            bad_links.append("%s#%s: %s in a comment, string or #include" % (ch["page"], lab, x))
    for x in ch["uses"]:
        if x not in live[lab]:
            bad_uses.append("%s#%s: Uses %s, which its code does not" % (ch["page"], lab, x))
if not chunks:
    fail("no code chunks found in %s/html" % build)
if bad_links:
    fail("identifiers linked where they are no code token (HTML)", bad_links)
else:
    ok("no identifier in a comment, a string or an #include line is linked as a use (%d chunks)" % len(chunks))
if bad_uses:
    fail("\"Uses\" footers name identifiers the chunk does not use (HTML)", bad_uses)
else:
    ok("every \"Uses\" footer names identifiers of the chunk's code")

# ---- the identifier index (HTML): defined names, and every credited use is a code token
ix = open(os.path.join(build, "html", "indexes.html"), encoding="utf-8").read()
m = re.search(r'<ul class="identindex">(.*?)</ul>', ix, flags=re.S)
index = {}                                   # ident -> (defining labels, using labels)
for li in re.findall(r"<li>(.*?)</li>", m.group(1) if m else "", flags=re.S):
    name = html.unescape(re.sub(r"<[^>]+>", "", li.split("</code>")[0]))
    defs = [h.split("#")[-1] for h in re.findall(r'<b><a class="tag[^"]*" href="([^"]*)"', li)]
    uses = [h.split("#")[-1] for h in re.findall(r'(?<!<b>)<a class="tag[^"]*" href="([^"]*)"', li)]
    index[name] = (defs, uses)
undeclared = [x for x in index if x not in declared]
if undeclared:
    fail("the identifier index lists definitions no %def line or #define makes", undeclared)
else:
    ok("all %d identifiers of the index are defined by %%def lines or #defines" % len(index))
system = ["uint8_t", "uint16_t", "uint32_t", "uint64_t", "size_t", "ssize_t", "bool", "i386",
          "_Static_assert", "__attribute__", "atomic_t", "atomic_long_t", "u32", "u64", "inline",
          "__init", "__exit", "sig_atomic_t", "pthread_mutex_t"]
tex = "".join(open(f, encoding="utf-8").read() for f in glob.glob(os.path.join(build, "book", "[0-9]*.tex")))
texdefs = {re.sub(r"\{\\(.)\}", r"\1", x) for x in re.findall(r"\\nwindexdefn\{\\nwixident\{((?:[^{}]|\{[^{}]*\})*)\}\}", tex)}
sysdef = [x + " (HTML index)" for x in system if x in index] + [x + " (PDF)" for x in system if x in texdefs]
if sysdef:
    fail("standard types and macros are indexed as definitions", sysdef)
else:
    ok("no standard type or macro is defined: " + " ".join(system[:8]) + " ...")
ghost = []
for x, (defs, uses) in index.items():
    for lab in uses:
        if lab in chunks and x not in live[lab]:
            ghost.append("%s: credited to %s#%s, where it is no code token" % (x, chunks[lab]["page"], lab))
if ghost:
    fail("index entries credit uses that are words in comments, strings or #includes", ghost)
else:
    ok("every use the identifier index credits is a code token of that chunk")

# ---- one program's identifier is not another's
kernel = ["current", "memcpy", "memset", "copy_from_user", "copy_to_user", "__pa", "__va",
          "alloc_page", "free_page"]
cross = []
for lab, ch in chunks.items():
    if ch["page"] != "host.html":
        continue
    for href, x in ID.findall(ch["html"]):
        x = html.unescape(x)
        if x in kernel:
            cross.append("host.html#%s: the kernel's %s linked to %s" % (lab, x, href))
if cross:
    fail("the Host's uses of kernel names link to the Guest's definitions", cross)
else:
    ok("the Host's current, memcpy, copy_from_user, ... are not the Guest's")

# ---- "never used" only where it is true
def defining_chunks(x):
    return [l for l in index.get(x, ([], []))[0] if l in chunks]
def used_in_own_chunk(x):
    for lab in defining_chunks(x):
        n = len(re.findall(r"(?<![\w.$])%s(?!\w)" % re.escape(x), code_only(chunks[lab])))
        if n >= 2:                            # the definition, and a use
            return lab
    return None
def code_only(ch):
    t = ch["plain"]
    pats = [r"/\*.*?\*/", r'"(?:\\.|[^"\\\n])*"', r"^[ \t]*#[ \t]*include\b[^\n]*"]
    if ch["lang"] == "asm":
        pats += [r"^[ \t]*\.(?:globl|global|type|size|weak|local|hidden)\b[^\n]*",
                 r"#(?![ \t]*(?:define|undef|if|ifdef|ifndef|else|elif|endif|error)\b)[^\n]*"]
    else:
        pats += [r"//[^\n]*", r"'(?:\\.|[^'\\\n])*'"]
    return re.sub("|".join(pats), lambda m: m.group(0) if m.group(0).startswith('"') and "\\t" in m.group(0)
                  else " ", t, flags=re.S | re.M)
pdf = open(pdftext, encoding="utf-8").read()
never = set(re.findall(r"^([A-Za-z_]\w*), never used\.", pdf, flags=re.M))
wrong = []
for x in sorted(never):
    lab = used_in_own_chunk(x)
    if lab:
        wrong.append("%s: \"never used\", but %s#%s uses it" % (x, chunks[lab]["page"], lab))
if wrong:
    fail("the PDF says \"never used\" of identifiers their own chunk uses", wrong)
else:
    ok("no \"never used\" in the PDF for an identifier its own chunk uses (%d say never used)" % len(never))

# ---- true uses are still there
checks = [
    ("LHCALL_NOP", "host.html", "the Host's hypercall switch"),
    ("LHCALL_NOP", "guest.html", "the Guest's hypercalls"),
    ("current", "guest.html", "the Guest's scheduler"),
    ("lguest_data", "host.html", "the Host reading the Guest's shared page"),
]
for x, page, what in checks:
    defs, uses = index.get(x, ([], []))
    if any(chunks.get(l, {}).get("page") == page for l in uses):
        ok("%s is still credited with a use in %s (%s)" % (x, page, what))
    else:
        fail("%s has lost its uses in %s (%s)" % (x, page, what))
if re.search(r"^PV_STR, used only here\.", pdf, flags=re.M) and \
        re.search(r'<code class="id">PV_STR</code> \(used only here\)', "".join(c["foot"] for c in chunks.values())):
    ok("PV_STR, used by PV_XSTR in its own chunk, is \"used only here\" in both editions")
else:
    fail("PV_STR is not \"used only here\" in the PDF and the HTML")
sys.exit(status)
PY
