#!/usr/bin/env bash
# tests/book/40-html-links.sh -- every link inside the HTML edition (build/html/*.html) leads
# somewhere: the file exists and, for a #fragment, the page has an element with that id; and
# every entry of the identifier index links to a chunk that defines the identifier.
set -euo pipefail

BUILD=${BUILD:-build}
[ -s "$BUILD/html/index.html" ] || { echo "FAIL: no $BUILD/html/index.html (the book was not woven)"; exit 1; }

python3 - "$BUILD/html" <<'PY'
import glob, html, os, re, sys
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

root = sys.argv[1]

class Page(HTMLParser):
    """The ids a page has and the links it makes."""
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.links = set(), []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        if tag == "a" and "href" in a:
            self.links.append((a["href"], self.getpos()[0]))

def defined_in(text):
    """chunk id -> the identifiers its footer says it defines ("Defines <code class="id">X</code>...")."""
    out = {}
    for part in re.split(r'(?=<div class="chunk[ "])', text)[1:]:
        m = re.match(r'<div class="chunk[^"]*" id="([^"]*)"', part)
        d = re.search(r'<div class="chunkfoot">.*?Defines (.*?)\.(?: Uses |</div>)', part, flags=re.S)
        if m:
            out[m.group(1)] = set(html.unescape(x) for x in
                                  re.findall(r'<code class="id">(.*?)</code>', d.group(1) if d else ""))
    return out

pages, texts = {}, {}
for f in sorted(glob.glob(os.path.join(root, "*.html"))):
    name = os.path.basename(f)
    texts[name] = open(f, encoding="utf-8").read()
    pages[name] = p = Page()
    p.feed(texts[name])

bad, nlinks = [], 0
for name, p in pages.items():
    for href, line in p.links:
        u = urlsplit(href)
        if u.scheme or u.netloc:             # outside the book
            continue
        nlinks += 1
        target = os.path.normpath(os.path.join(os.path.dirname(name), unquote(u.path))) if u.path else name
        if not os.path.exists(os.path.join(root, target)):
            bad.append("%s:%d: link to %s: no such file" % (name, line, href))
        elif u.fragment and target in pages and unquote(u.fragment) not in pages[target].ids:
            bad.append("%s:%d: link to %s: %s has no id \"%s\"" % (name, line, href, target, u.fragment))

# The identifier index: <li><code><a class="id" href="PAGE#CHUNK">IDENT</a></code>: ...</li>
nidx = 0
ix = texts.get("indexes.html")
if ix is None:
    bad.append("no indexes.html")
else:
    m = re.search(r'<ul class="identindex">(.*?)</ul>', ix, flags=re.S)
    defs = {}
    for li in re.findall(r"<li>(.*?)</li>", m.group(1) if m else "", flags=re.S):
        nidx += 1
        a = re.match(r'<code><a class="id" href="([^"]*)">(.*?)</a></code>', li)
        if not a:
            ident = html.unescape(re.sub(r"<[^>]+>", "", li.split("</code>")[0]))
            bad.append("indexes.html: identifier %s links to no definition" % ident)
            continue
        href, ident = html.unescape(a.group(1)), html.unescape(a.group(2))
        u = urlsplit(href)
        target = u.path or "indexes.html"
        if target not in texts or u.fragment not in pages[target].ids:
            continue                         # a broken link, reported above
        if target not in defs:
            defs[target] = defined_in(texts[target])
        if ident not in defs[target].get(u.fragment, set()):
            bad.append("indexes.html: identifier %s links to %s, a chunk that does not define it"
                       % (ident, href))
    if nidx == 0:
        bad.append("indexes.html: the identifier index is empty")
for b in bad[:60]:
    print("FAIL: " + b)
if len(bad) > 60:
    print("FAIL: ... and %d more" % (len(bad) - 60))
if bad:
    sys.exit(1)
print("ok: %d internal links in %d pages resolve; the %d entries of the identifier index link to "
      "chunks that define them" % (nlinks, len(pages), nidx))
PY
