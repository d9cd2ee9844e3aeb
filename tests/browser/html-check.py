#!/usr/bin/python3
"""html-check.py -- the HTML edition of the book (build/html), checked in a real browser.

    /usr/bin/python3 tests/browser/html-check.py     (tests/build/60-html-browser.sh runs it)

Serves build/html on a random free port of 127.0.0.1 (Python's http.server, in a thread of
this process), drives Debian's Chromium (/usr/bin/chromium, package `chromium`) headless
through its WebDriver, chromedriver (package `chromium-driver`, built from the same source as
the browser, so the two always match), with Selenium (package `python3-selenium`), and checks:
  (a) index.html lists the seven chapters in order, and each chapter page loads;
  (b) a chunk used on guest.html and defined on another page: clicking the use lands on that
      page, on the definition of that very chunk, scrolled into view;
  (c) clicking an identifier in the index lands on a chunk that defines it; and every entry
      of both indexes points at a chunk that defines it (or is that chunk);
  (d) C and assembly chunks are syntax-highlighted (keywords, comments, strings, numbers,
      preprocessor lines; registers and directives in assembly), in their own colours;
  (e) figures are SVG images that load (naturalWidth > 0);
  (f) at a 375x740 phone viewport no page is wider than the window (code blocks scroll
      inside themselves);
  (h) in a dark colour scheme (Emulation.setEmulatedMedia: prefers-color-scheme: dark) every
      figure, photographed, has a light margin: it stands on a light, opaque ground;
  (i) at 375px every figure shows at FIG_SCALE of its natural size or more (scrolling sideways
      in its box when that is wider than the screen) and is a link to its SVG;
  (j) at 375px the Switcher's verse lines have a hanging indent (computed text-indent and
      padding), and the lines that wrap continue indented;
  (k) chunk numbers carry the class chunktag, are boxed in a face unlike section numbers', and
      the chunks' footers say "Used in chunk N.M";
  (l) each chapter page opens with a contents list (nav.pagetoc) whose links are its h2/h3
      sections, in order; one of them, clicked, scrolls its section into view;
  (m) every page has the search box; "shadow page table", typed into it, lists results, and the
      first, clicked, lands on a heading whose title or section has the phrase; no request
      leaves the book's own server;
  (g) every link between the pages goes to an id that exists, and nothing fails to load.
One line per check (`ok ...` or `FAIL ...`); exit status 1 if any failed.  Screenshots go to
build/screenshots/: index-desktop, guest-desktop, guest-phone, after-chunk-link, figure-dark
(a figure, dark scheme), figure-dark-page, figure-phone, verse-phone, search-results (.png).
BUILD (default: build/ at the top of the repository) says where the book was woven, CHROMIUM
where the browser is and CHROMEDRIVER where its driver is.

It runs under Debian's own Python (/usr/bin/python3), where python3-selenium is installed,
whatever other python3 comes first on PATH.
"""

import base64
import functools
import http.server
import json
import os
import re
import shutil
import sys
import tempfile
import threading
import time
import urllib.parse

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
BUILD = os.path.join(REPO, os.environ.get('BUILD', 'build'))
HTML_DIR = os.path.join(BUILD, 'html')
BOOK_PDF = os.path.join(BUILD, 'book.pdf')
SHOTS_DIR = os.path.join(BUILD, 'screenshots')
BROWSER = os.environ.get('CHROMIUM', '/usr/bin/chromium')
DRIVER = os.environ.get('CHROMEDRIVER', '/usr/bin/chromedriver')

CHAPTERS = ['preparation', 'guest', 'drivers', 'launcher', 'host', 'switcher', 'mastery']
# The pages: these, and any other the contents page lists (appendices, say); see (a).
PAGES = ['index.html'] + [c + '.html' for c in CHAPTERS] + ['indexes.html']
DESKTOP = (1280, 900)
PHONE = (375, 740)
SHOTS = ['index-desktop', 'guest-desktop', 'guest-phone', 'after-chunk-link', 'figure-dark',
         'figure-dark-page', 'figure-phone', 'verse-phone', 'search-results']


def die(msg):
    print(f'html-check: {msg}', file=sys.stderr)
    sys.exit(2)


if not os.path.isfile(os.path.join(HTML_DIR, 'index.html')):
    die(f'no {os.path.relpath(HTML_DIR, REPO)}/index.html: run book/weave.sh html first')
for path, package in ((BROWSER, 'chromium'), (DRIVER, 'chromium-driver')):
    if not os.access(path, os.X_OK):
        die(f"no {path}: install Debian's package: apt-get install {package}")
os.makedirs(SHOTS_DIR, exist_ok=True)
for s in SHOTS:                                         # no stale ones
    try:
        os.remove(os.path.join(SHOTS_DIR, s + '.png'))
    except FileNotFoundError:
        pass


# ------------------------------------------------------------------ the server
# It serves build/html/ as /html/ and build/book.pdf as /book.pdf (the contents page links
# to ../book.pdf), nothing else.
TYPES = {
    '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
    '.svg': 'image/svg+xml', '.png': 'image/png', '.pdf': 'application/pdf',
    '.js': 'text/javascript',
}


class BookHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):                                    # noqa: N802 (the library's name)
        p = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        f = None
        if p == '/book.pdf':
            f = BOOK_PDF
        elif p.startswith('/html/'):
            f = os.path.normpath(os.path.join(HTML_DIR, p[len('/html/'):]))
            if not f.startswith(HTML_DIR + os.sep):
                f = None
        if f is None:
            return self.answer(404, b'not here', 'text/plain')
        try:
            with open(f, 'rb') as fh:
                data = fh.read()
        except OSError:
            return self.answer(404, b'not found', 'text/plain')
        return self.answer(200, data, TYPES.get(os.path.splitext(f)[1], 'application/octet-stream'))

    def answer(self, status, data, ctype):
        self.send_response(status)
        self.send_header('Content-Type', ctype)
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):                        # quiet
        pass


server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), BookHandler)
threading.Thread(target=server.serve_forever, daemon=True).start()
BASE = f'http://127.0.0.1:{server.server_address[1]}/html/'

# ------------------------------------------------------------------ reporting
failures = 0


class CheckFailed(Exception):
    pass


def check(name):
    """Decorator: run the function now as the check NAME and print one line for it."""
    def run(fn):
        global failures
        try:
            detail = fn()
            print(f'ok   {name}' + (f': {detail}' if detail else ''), flush=True)
        except Exception as e:                       # noqa: BLE001 (a check fails, the rest go on)
            failures += 1
            msg = (getattr(e, 'msg', None) or str(e) or type(e).__name__).split('\n')[0]
            print(f'FAIL {name}: {msg}', flush=True)
        drain_logs()
        return fn
    return run


def require(cond, msg):
    if not cond:
        raise CheckFailed(msg)


# ------------------------------------------------------------------ the browser
profile = tempfile.mkdtemp(prefix='html-check-profile-')
options = webdriver.ChromeOptions()
options.binary_location = BROWSER
for a in ('--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
          '--disable-background-networking', '--disable-component-update', '--disable-sync',
          f'--user-data-dir={profile}', f'--window-size={DESKTOP[0]},{DESKTOP[1]}'):
    options.add_argument(a)
# The browser's console (uncaught script errors) and its network events (failed requests).
options.set_capability('goog:loggingPrefs', {'browser': 'ALL', 'performance': 'ALL'})
try:
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
except WebDriverException as e:
    print(f'FAIL chromium starts: {(e.msg or str(e)).splitlines()[0]}')
    server.shutdown()
    shutil.rmtree(profile, ignore_errors=True)
    sys.exit(1)
driver.set_page_load_timeout(60)
driver.set_script_timeout(120)

broken = []          # requests that failed or answered >= 400
js_errors = []       # uncaught exceptions in the pages
request_urls = {}    # the browser's request ids -> URLs


def drain_logs():
    """Move what the browser logged since the last call into broken and js_errors.  Only the
    requests the pages made count: not the browser's own, for /favicon.ico (the book has none)
    or for anything it asked for before a page did (seen once: a name lookup at start-up)."""
    for e in driver.get_log('browser'):
        if e.get('source') == 'javascript' and e.get('level') == 'SEVERE':
            js_errors.append(e['message'])
    for e in driver.get_log('performance'):
        m = json.loads(e['message'])['message']
        params = m.get('params', {})
        if m['method'] == 'Network.requestWillBeSent':
            request_urls[params['requestId']] = params['request']['url']
        elif m['method'] == 'Network.responseReceived':
            r = params['response']
            if r['status'] >= 400 and not r['url'].endswith('/favicon.ico'):
                broken.append(f"{r['url']} (HTTP {r['status']})")
        elif m['method'] == 'Network.loadingFailed' and params['requestId'] in request_urls:
            broken.append(f"{request_urls[params['requestId']]} ({params.get('errorText')})")


def viewport(size, mobile=False):
    """Make the page's viewport exactly SIZE CSS pixels (the window's frame does not count)."""
    driver.execute_cdp_cmd('Emulation.setDeviceMetricsOverride', {
        'width': size[0], 'height': size[1], 'deviceScaleFactor': 1, 'mobile': mobile})


def shoot(name, full_page=False):
    shot = driver.execute_cdp_cmd('Page.captureScreenshot',
                                  {'format': 'png', 'captureBeyondViewport': full_page})
    with open(os.path.join(SHOTS_DIR, name + '.png'), 'wb') as f:
        f.write(base64.b64decode(shot['data']))


def open_page(name):
    """Load page NAME of the book and wait for its load event; fail unless it came as 200."""
    driver.get(BASE + name)
    status = driver.execute_script(
        "const n = performance.getEntriesByType('navigation')[0];"
        "return n ? n.responseStatus : null;")
    require(status == 200, f'{name}: HTTP {status}')


def loaded():
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script('return document.readyState') == 'complete')


def follow(element, arrived):
    """Click ELEMENT (scrolled to first) and wait until the URL satisfies ARRIVED."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    element.click()
    WebDriverWait(driver, 30).until(lambda d: arrived(urllib.parse.urlsplit(d.current_url)))
    loaded()


def run_async(body, *args):
    """Run the body of an async JavaScript function with ARGS as args[0..]; return its value."""
    return driver.execute_async_script(
        'const done = arguments[arguments.length - 1];'
        'const args = [...arguments].slice(0, -1);'
        f'(async (args) => {{ {body} }})(args).then(done, (e) => done({{__error: String(e)}}));',
        *args)


LANDED_JS = """
    const e = document.getElementById(arguments[0]);
    if (!e) return null;
    const r = e.getBoundingClientRect();
    const head = e.querySelector(':scope > .chunkhead a.chunkname');
    return {
      tag: e.tagName.toLowerCase(), cls: e.className, top: Math.round(r.top),
      inView: r.top >= -1 && r.top < window.innerHeight && r.bottom > 0,
      chunkName: head ? head.textContent : null,
      defines: [...e.querySelectorAll(':scope > .chunkfoot code.id')].map((c) => c.textContent),
      scrollY: Math.round(window.scrollY),
    };"""


def landed(frag):
    """Wait until the element with id FRAG is in the viewport (the browser scrolls to a
    fragment after the load), then say where it is."""
    in_view = ("const e = document.getElementById(arguments[0]); if (!e) return true;"
               "const r = e.getBoundingClientRect(); return r.top >= -1 && r.top < window.innerHeight;")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not driver.execute_script(in_view, frag):
        time.sleep(0.05)
    return driver.execute_script(LANDED_JS, frag)


viewport(DESKTOP)


# (a) ------------------------------------------------------------------------------------
@check('(a) index.html lists the seven chapters in order, and each one loads')
def _():
    open_page('index.html')
    shoot('index-desktop', full_page=True)
    links = driver.execute_script(
        "return [...document.querySelectorAll('ol.toc > li > a.chap')]"
        ".map((a) => ({href: a.getAttribute('href'), text: a.textContent.trim()}));")
    for link in links:
        if re.fullmatch(r'[\w.-]+\.html', link['href']) and link['href'] not in PAGES:
            PAGES.append(link['href'])
    chapter_links = [link for link in links if link['href'][:-len('.html')] in CHAPTERS]
    got = [link['href'][:-len('.html')] for link in chapter_links]
    require(got == CHAPTERS, f"contents lists [{', '.join(got)}], want [{', '.join(CHAPTERS)}]")
    titles = []
    for link in chapter_links:
        open_page('index.html')
        a = driver.find_element(By.CSS_SELECTOR, f'ol.toc > li > a.chap[href="{link["href"]}"]')
        follow(a, lambda u, h=link['href']: u.path.endswith('/' + h))
        h1 = driver.execute_script(
            "const h = document.querySelector('main h1'); if (!h) return null;"
            "const c = h.cloneNode(true); c.querySelector('.chapnum')?.remove();"
            "return c.textContent.trim();")
        require(h1, f"{link['href']}: no <h1> after following the link")
        titles.append(h1)
    return ' | '.join(titles)


# (b) ------------------------------------------------------------------------------------
chunk_link_done = False


@check('(b) a chunk use on guest.html leads to its definition on another page')
def _():
    global chunk_link_done
    open_page('guest.html')
    shoot('guest-desktop')
    # The use of <<How the Launcher talks to the Host>> in the root chunk <<include/lguest.h>>;
    # failing that (the chapters are moving), the first use of a chunk defined on another page.
    want = {'root': 'include/lguest.h', 'use': 'How the Launcher talks to the Host'}
    found = driver.execute_script("""
        const {root, use} = arguments[0];
        const uses = [];
        for (const chunk of document.querySelectorAll('div.chunk')) {
          const own = chunk.querySelector(':scope > .chunkhead a.chunkname')?.textContent;
          for (const a of chunk.querySelectorAll('pre.code span.use a.chunkname')) {
            const h = a.getAttribute('href') || '';
            if (/^[^#]+\\.html#/.test(h) && !h.startsWith('guest.html')) {
              uses.push({own, name: a.textContent, href: h, id: a.closest('span.use').id});
            }
          }
        }
        return uses.find((u) => u.own === root && u.name === use) || uses[0] || null;""", want)
    require(found, 'guest.html has no use of a chunk defined on another page')
    note = ('' if found['own'] == want['root'] and found['name'] == want['use']
            else ' (the example chunk is gone; took the first such use)')
    target_page, frag = found['href'].split('#', 1)
    link = driver.find_element(By.CSS_SELECTOR, f'[id="{found["id"]}"] a.chunkname')
    follow(link, lambda u: u.path.endswith('/' + target_page))
    url = urllib.parse.urlsplit(driver.current_url)
    require(url.path.endswith('/' + target_page), f'landed on {url.path}, want {target_page}')
    require(url.fragment == frag, f'landed on fragment #{url.fragment}, want #{frag}')
    at = landed(frag)
    require(at, f'{target_page} has no element with id {frag}')
    require(re.search(r'\bchunk\b', at['cls']),
            f"#{frag} is a <{at['tag']} class=\"{at['cls']}\">, not a chunk definition")
    require(at['chunkName'] == found['name'],
            f"#{frag} defines <<{at['chunkName']}>>, want <<{found['name']}>>")
    require(at['inView'], f"#{frag} is not scrolled into view (top {at['top']}px, window {DESKTOP[1]}px)")
    require(at['scrollY'] > 0, 'the page did not scroll (scrollY 0)')
    shoot('after-chunk-link')
    chunk_link_done = True
    return (f"<<{found['name']}>> in <<{found['own']}>> -> {target_page}#{frag}, "
            f"definition {at['top']}px from the top of the window{note}")


# (c) ------------------------------------------------------------------------------------
@check('(c) an identifier in the index lands on the chunk that defines it')
def _():
    open_page('indexes.html')
    entry = driver.execute_script("""
        const as = [...document.querySelectorAll('ul.identindex a.id')]
          .filter((a) => /^[^#]+\\.html#/.test(a.getAttribute('href') || ''));
        // one from the middle of the index, so the page has to scroll to it and away from it
        const a = as[Math.floor(as.length / 2)];
        return a ? {name: a.textContent, href: a.getAttribute('href'), n: as.length} : null;""")
    require(entry, 'the identifier index has no links to chapter pages')
    candidates = [a for a in driver.find_elements(By.CSS_SELECTOR, 'ul.identindex a.id')
                  if a.get_attribute('href').endswith('/' + entry['href']) and a.text == entry['name']]
    require(candidates, f"no link {entry['name']} -> {entry['href']} to click")
    target_page, frag = entry['href'].split('#', 1)
    follow(candidates[0], lambda u: u.path.endswith('/' + target_page) and u.fragment == frag)
    at = landed(frag)
    require(at, f'{target_page} has no element with id {frag}')
    require(re.search(r'\bchunk\b', at['cls']), f'#{frag} is not a chunk')
    require(entry['name'] in at['defines'],
            f"chunk #{frag} <<{at['chunkName']}>> does not say it defines {entry['name']} "
            f"(it defines: {' '.join(at['defines']) or 'nothing'})")
    require(at['inView'], f"#{frag} is not scrolled into view (top {at['top']}px)")
    return f"{entry['name']} -> {target_page}#{frag} <<{at['chunkName']}>>, which defines it"


@check('(c) every entry of both indexes points at a chunk that defines it')
def _():
    open_page('indexes.html')
    r = run_async("""
        const docs = {};
        async function doc(p) {
          if (!docs[p]) {
            const t = await (await fetch(p)).text();
            docs[p] = new DOMParser().parseFromString(t, 'text/html');
          }
          return docs[p];
        }
        const out = {bad: [], idents: 0, chunks: 0};
        for (const a of document.querySelectorAll('ul.identindex a.id')) {
          out.idents++;
          const [p, id] = a.getAttribute('href').split('#');
          const e = (await doc(p || 'indexes.html')).getElementById(id);
          const defs = e ? [...e.querySelectorAll(':scope > .chunkfoot code.id')].map((c) => c.textContent) : [];
          if (!e || !defs.includes(a.textContent)) out.bad.push(`${a.textContent} -> ${a.getAttribute('href')}`);
        }
        for (const a of document.querySelectorAll('ul.chunkindex a.chunkname')) {
          out.chunks++;
          const [p, id] = a.getAttribute('href').split('#');
          const e = (await doc(p || 'indexes.html')).getElementById(id);
          const name = e?.querySelector(':scope > .chunkhead a.chunkname')?.textContent;
          if (name !== a.textContent) out.bad.push(`<<${a.textContent}>> -> ${a.getAttribute('href')}`);
        }
        return out;""")
    require('__error' not in r, f"the page's script failed: {r.get('__error')}")
    require(r['idents'] > 0 and r['chunks'] > 0,
            f"the indexes are empty ({r['idents']} identifiers, {r['chunks']} chunks)")
    require(not r['bad'], f"{len(r['bad'])} entries go astray, e.g. {'; '.join(r['bad'][:4])}")
    return f"{r['idents']} identifiers, {r['chunks']} chunks"


# (d) ------------------------------------------------------------------------------------
def highlighting(name, lang, want):
    open_page(name)
    return driver.execute_script("""
        const [lang, want] = arguments;
        // nw2html.py marks each chunk's language: <pre class="code lang-c|lang-asm|...">
        const chunks = [...document.querySelectorAll(`div.chunk:has(> pre.code.lang-${lang})`)];
        const counts = {};
        const colours = {};
        for (const cls of want) {
          const spans = chunks.flatMap((c) => [...c.querySelectorAll(`pre.code span.${cls}`)]);
          counts[cls] = spans.length;
          if (spans.length) colours[cls] = getComputedStyle(spans[0]).color;
        }
        const plain = chunks.length ? getComputedStyle(chunks[0].querySelector('pre.code')).color : null;
        return {n: chunks.length, counts, colours, plain};""", lang, want)


def highlighted(page, lang, what, want):
    r = highlighting(page, lang, want)
    require(r['n'] > 0, f'no {what} chunks (pre.code.lang-{lang}) on {page}')
    missing = [c for c in want if r['counts'][c] == 0]
    require(not missing, f"no spans of class {', '.join(missing)} in {page}'s {what} chunks")
    same = [c for c, colour in r['colours'].items() if colour == r['plain']]
    require(not same, f"class {', '.join(same)} has the plain code colour {r['plain']}")
    return f"{page}, {r['n']} chunks: " + ', '.join(f"{r['counts'][c]} {c}" for c in want)


check('(d) C chunks are highlighted (keywords, comments, strings, numbers, preprocessor)')(
    functools.partial(highlighted, 'guest.html', 'c', 'C', ['kw', 'cm', 'st', 'nu', 'pp']))
check('(d) assembly chunks are highlighted (registers, directives, numbers, comments)')(
    functools.partial(highlighted, 'switcher.html', 'asm', 'assembly', ['rg', 'kw', 'nu', 'cm']))


# (e) ------------------------------------------------------------------------------------
@check('(e) figures are SVG images that load')
def _():
    seen = []
    for name in PAGES:
        open_page(name)
        imgs = run_async("""
            return Promise.all([...document.querySelectorAll('main img')].map(async (i) => {
              if (!i.complete) await new Promise((ok) => { i.onload = i.onerror = ok; });
              return {src: i.getAttribute('src'), w: i.naturalWidth, h: i.naturalHeight,
                      shown: i.getBoundingClientRect().width};
            }));""")
        require('__error' not in imgs, f"{name}: the page's script failed: {imgs}")
        for i in imgs:
            require(i['src'].endswith('.svg'), f"{name}: figure {i['src']} is not an SVG")
            require(i['w'] > 0 and i['h'] > 0, f"{name}: {i['src']} did not load (naturalWidth {i['w']})")
            require(i['shown'] > 0, f"{name}: {i['src']} is not shown")
            seen.append(f"{name}:{re.sub(r'^figures/', '', i['src'])}")
    require(seen, 'no figures in the book')
    return f"{len(seen)}: {', '.join(seen)}"


# (f) ------------------------------------------------------------------------------------
@check(f'(f) at {PHONE[0]}x{PHONE[1]} no page is wider than the window')
def _():
    viewport(PHONE)
    wide = []
    try:
        for name in PAGES:
            open_page(name)
            r = driver.execute_script("""
                const w = window.innerWidth;
                // What sticks out, outside the blocks that scroll sideways on purpose
                const scrolls = (e) => { for (; e; e = e.parentElement) { const o = getComputedStyle(e).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; } return false; };
                const culprits = [];
                for (const e of document.body.querySelectorAll('*')) {
                  const b = e.getBoundingClientRect();
                  if (b.right > w + 1 && !scrolls(e.parentElement)) {
                    culprits.push(`<${e.tagName.toLowerCase()}${e.className ? ' class=' + e.className : ''}${e.id ? ' id=' + e.id : ''}> ${Math.round(b.right)}px "${(e.textContent || '').trim().slice(0, 40)}"`);
                    if (culprits.length >= 3) break;
                  }
                }
                return {sw: document.documentElement.scrollWidth, w, culprits};""")
            if name == 'guest.html':            # the first code chunk, with the prose above it
                driver.execute_script(
                    "document.querySelector('div.chunk')?.scrollIntoView(); window.scrollBy(0, -160);")
                shoot('guest-phone')
            if r['sw'] > r['w'] + 1:
                wide.append(f"{name} is {r['sw']}px wide in {r['w']}px: {'; '.join(r['culprits'])}")
    finally:
        viewport(DESKTOP)
    require(not wide, ' | '.join(wide))
    return f'{len(PAGES)} pages fit'


# (h) ------------------------------------------------------------------------------------
# Figures in a dark colour scheme: the SVGs are dark ink on a transparent ground, so each must
# sit on a light, opaque ground of its own.  Chromium is told the reader prefers dark
# (Emulation.setEmulatedMedia, as the system setting would), each figure is photographed
# where it stands, and the pixels of its margin (the figures' own 6pt border, where only
# ground shows) must be light.
LIGHT = 200          # a pixel is light if its luminance (0-255) is at least this
PIXELS_JS = """
    const img = new Image();
    img.src = 'data:image/png;base64,' + args[0];
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    const lum = (x, y) => { const i = 4 * (y * c.width + x); return 0.2126 * d[i] + 0.7152 * d[i + 1] + 0.0722 * d[i + 2]; };
    // a frame 2 to 5 pixels inside the edge of the picture
    let n = 0, light = 0, sum = 0;
    for (let y = 0; y < c.height; y++) for (let x = 0; x < c.width; x++) {
      const e = Math.min(x, y, c.width - 1 - x, c.height - 1 - y);
      if (e < 2 || e > 5) continue;
      const l = lum(x, y); n++; sum += l; if (l >= args[1]) light++;
    }
    return {n, light, mean: n ? sum / n : 0, w: c.width, h: c.height};"""


def dark(on):
    driver.execute_cdp_cmd('Emulation.setEmulatedMedia', {
        'features': [{'name': 'prefers-color-scheme', 'value': 'dark' if on else 'light'}]})


@check('(h) in a dark colour scheme every figure stands on a light, opaque ground')
def _():
    dark(True)
    seen, bad = [], []
    try:
        for name in PAGES:
            open_page(name)
            page = driver.execute_script("""
                const bg = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number);
                return {dark: matchMedia('(prefers-color-scheme: dark)').matches,
                        paper: 0.2126 * bg[0] + 0.7152 * bg[1] + 0.0722 * bg[2],
                        n: document.querySelectorAll('main figure img').length};""")
            require(page['dark'], f'{name}: the emulated dark scheme did not take (matchMedia says light)')
            require(page['paper'] < 80, f"{name}: the page is not dark in the dark scheme (paper {page['paper']:.0f})")
            for k in range(page['n']):
                # Photographed only once it is decoded and painted: a picture scrolled into
                # view a moment ago may not be drawn yet, and its margin would be the page's.
                r = run_async("""
                    const i = document.querySelectorAll('main figure img')[args[0]];
                    i.scrollIntoView({block: 'center'});
                    try { await i.decode(); } catch (e) { /* a broken image: measured below */ }
                    await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
                    const b = i.getBoundingClientRect();
                    return {src: i.getAttribute('src'), x: b.left + scrollX, y: b.top + scrollY,
                            w: b.width, h: b.height};""", k)
                require('__error' not in r, f"{name}: figure {k}: {r.get('__error')}")
                if r['w'] < 12 or r['h'] < 12:
                    bad.append(f"{name}: {r['src']} is {r['w']:.0f}x{r['h']:.0f}px")
                    continue
                # (in view: a capture beyond the viewport leaves the far parts of a long
                # page unpainted)
                shot = driver.execute_cdp_cmd('Page.captureScreenshot', {
                    'format': 'png', 'captureBeyondViewport': False,
                    'clip': {'x': r['x'], 'y': r['y'], 'width': r['w'], 'height': r['h'], 'scale': 1}})
                if not seen:
                    with open(os.path.join(SHOTS_DIR, 'figure-dark.png'), 'wb') as f:
                        f.write(base64.b64decode(shot['data']))
                    driver.execute_script('window.scrollBy(0, 0)')
                    shoot('figure-dark-page')
                px = run_async(PIXELS_JS, shot['data'], LIGHT)
                require('__error' not in px, f"{name}: could not read the screenshot: {px.get('__error')}")
                share = px['light'] / max(px['n'], 1)
                seen.append(f"{r['src'].split('/')[-1]} {100 * share:.0f}%")
                if share < 0.9:
                    bad.append(f"{name}: {r['src']}: only {100 * share:.0f}% of its margin is light "
                               f"(mean luminance {px['mean']:.0f} of 255)")
    finally:
        dark(False)
    require(seen or bad, 'no figures in the book')
    require(not bad, '; '.join(bad[:4]))
    return f"light margins: {', '.join(seen)}"


# (i) ------------------------------------------------------------------------------------
# Figures at phone width: shrunk to fit 375px, their 8pt labels would be a few pixels high.
# Each must show at FIG_SCALE of its natural size (the SVG's own size, that of the PDF's
# figure) or more, scrolling sideways inside its box if that is wider than the screen, and be
# a link to the SVG itself (the figure at full size, a tap away).
FIG_SCALE = 0.8


@check(f'(i) at {PHONE[0]}px every figure keeps {FIG_SCALE:.0%} of its size or more, scrolls, '
       'and links to its SVG')
def _():
    viewport(PHONE, mobile=True)
    seen, bad = [], []
    try:
        for name in PAGES:
            open_page(name)
            figs = run_async("""
                return Promise.all([...document.querySelectorAll('main figure img')].map(async (i) => {
                  if (!i.complete) await new Promise((ok) => { i.onload = i.onerror = ok; });
                  const a = i.closest('a[href]');
                  let box = i.parentElement;
                  while (box && box.tagName !== 'MAIN' && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
                  const scrolls = box && box.tagName !== 'MAIN';
                  return {src: i.getAttribute('src'), natural: i.naturalWidth,
                          shown: i.getBoundingClientRect().width, window: innerWidth,
                          link: a ? a.getAttribute('href') : null,
                          scrolls, sw: scrolls ? box.scrollWidth : 0, cw: scrolls ? box.clientWidth : 0};
                }));""")
            require('__error' not in figs, f"{name}: the page's script failed: {figs}")
            if name == 'switcher.html':
                driver.execute_script("document.querySelector('main figure')?.scrollIntoView();")
                shoot('figure-phone')
            for f in figs:
                scale = f['shown'] / f['natural'] if f['natural'] else 0
                short = f['src'].split('/')[-1]
                seen.append(f"{short} {scale:.2f}")
                if scale < FIG_SCALE:
                    bad.append(f"{name}: {short} shown at {f['shown']:.0f}px of its {f['natural']}px "
                               f"(scale {scale:.2f} < {FIG_SCALE})")
                if f['shown'] > f['window'] - 8 and not (f['scrolls'] and f['sw'] > f['cw']):
                    bad.append(f"{name}: {short} is {f['shown']:.0f}px wide and nothing scrolls it")
                if f['link'] != f['src']:
                    bad.append(f"{name}: {short} is not a link to itself (link: {f['link']})")
    finally:
        viewport(DESKTOP)
    require(seen, 'no figures in the book')
    require(not bad, '; '.join(bad[:4]) + (f' (and {len(bad) - 4} more)' if len(bad) > 4 else ''))
    return f"scales: {', '.join(seen)}"


# (j) ------------------------------------------------------------------------------------
@check(f'(j) at {PHONE[0]}px the Switcher\'s verse wraps with a hanging indent')
def _():
    viewport(PHONE, mobile=True)
    try:
        open_page('switcher.html')
        r = driver.execute_script("""
            const lines = [...document.querySelectorAll('main .verse .line')];
            const out = {lines: lines.length, stanzas: document.querySelectorAll('main .verse').length,
                         bad: [], wrapped: 0, example: null};
            for (const l of lines) {
              const s = getComputedStyle(l);
              const ti = parseFloat(s.textIndent), pl = parseFloat(s.paddingLeft);
              if (s.display !== 'block' || !(ti < 0) || Math.abs(pl + ti) > 0.5)
                out.bad.push(`"${l.textContent.slice(0, 30)}": display ${s.display}, text-indent ${s.textIndent}, padding-left ${s.paddingLeft}`);
              // where its line boxes start: a wrapped line's continuations start further right
              const range = document.createRange(); range.selectNodeContents(l);
              const rows = [];
              for (const b of range.getClientRects()) {
                if (b.width < 1) continue;
                const row = rows.find((q) => Math.abs(q.top - b.top) < 4);
                if (row) row.left = Math.min(row.left, b.left); else rows.push({top: b.top, left: b.left});
              }
              rows.sort((a, b) => a.top - b.top);
              if (rows.length > 1) {
                out.wrapped++;
                const indent = Math.min(...rows.slice(1).map((q) => q.left)) - rows[0].left;
                if (indent < 8) out.bad.push(`"${l.textContent.slice(0, 30)}" wraps to ${rows.length} rows, the later ones only ${indent.toFixed(0)}px in`);
                else if (!out.example) out.example = `"${l.textContent.slice(0, 30)}..." wraps to ${rows.length} rows, continued ${indent.toFixed(0)}px in`;
              }
            }
            document.querySelector('main .verse')?.scrollIntoView();
            return out;""")
        shoot('verse-phone')
    finally:
        viewport(DESKTOP)
    require(r['lines'] > 0, f"switcher.html has no verse lines (.verse .line) ({r['stanzas']} .verse blocks)")
    require(not r['bad'], f"{len(r['bad'])} faults in its {r['lines']} lines: {'; '.join(r['bad'][:3])}")
    require(r['wrapped'] > 0, f'no verse line wraps at {PHONE[0]}px, so the indent went untested')
    return f"{r['stanzas']} stanzas, {r['lines']} lines, {r['wrapped']} wrap; e.g. {r['example']}"


# (k) ------------------------------------------------------------------------------------
@check('(k) chunk numbers carry their own class and look unlike section numbers')
def _():
    r = {}
    for name in ('guest.html', 'indexes.html'):
        open_page(name)
        r[name] = driver.execute_script("""
            const tags = [...document.querySelectorAll('main a.tag, main .chunknav a.self')];
            const plain = tags.filter((a) => !a.classList.contains('chunktag'));
            const t = document.querySelector('main .chunktag');
            const n = document.querySelector('main .secnum');
            const style = (e) => { if (!e) return null; const s = getComputedStyle(e);
              return {font: s.fontFamily, border: s.borderTopStyle + ' ' + s.borderTopWidth}; };
            return {n: tags.length, plain: plain.slice(0, 3).map((a) => a.outerHTML.slice(0, 80)),
                    nplain: plain.length, tag: style(t), sec: style(n),
                    foot: [...document.querySelectorAll('main .chunkfoot')].map((e) => e.textContent).join(' ')};""")
        x = r[name]
        require(x['n'] > 0, f'{name}: no chunk numbers (a.tag)')
        require(not x['nplain'], f"{name}: {x['nplain']} of {x['n']} chunk numbers lack class chunktag, "
                                 f"e.g. {(x['plain'] or [''])[0]}")
        require(x['tag']['border'].startswith('solid'),
                f"{name}: a chunk number has no box (border {x['tag']['border']})")
        if x['sec']:
            require(x['tag']['font'] != x['sec']['font'],
                    f"{name}: chunk and section numbers share the font {x['tag']['font']}")
    foot = r['guest.html']['foot']
    require(re.search(r'\b(Used|Continued|defined) in chunks? \d+\.\d+', foot),
            f'no chunk footer on guest.html says "Used in chunk N.M" (its first: {foot[:60]})')
    return f"{r['guest.html']['n']} on guest.html, {r['indexes.html']['n']} in the indexes, all boxed"


# (l) ------------------------------------------------------------------------------------
@check('(l) each chapter page opens with its own contents, whose links reach its sections')
def _():
    done = []
    for ch in CHAPTERS:
        name = ch + '.html'
        open_page(name)
        r = driver.execute_script("""
            const nav = document.querySelector('main nav.pagetoc');
            const heads = [...document.querySelectorAll('main h2[id], main h3[id]')];
            if (!nav) return {nav: false, heads: heads.length};
            const h2 = document.querySelector('main h2');
            const links = [...nav.querySelectorAll('a[href]')];
            const bad = [];
            for (const a of links) {
              const h = a.getAttribute('href');
              const e = h.startsWith('#') ? document.getElementById(decodeURIComponent(h.slice(1))) : null;
              if (!e || !/^H[23]$/.test(e.tagName)) bad.push(h);
            }
            const got = links.map((a) => a.getAttribute('href').slice(1));
            const want = heads.map((e) => e.id);
            const b = nav.getBoundingClientRect();
            return {nav: true, heads: heads.length, links: links.length, bad,
                    same: JSON.stringify(got) === JSON.stringify(want),
                    first: !h2 || !!(nav.compareDocumentPosition(h2) & Node.DOCUMENT_POSITION_FOLLOWING),
                    shown: b.height > 0 && b.width > 0, sample: links[Math.floor(links.length / 2)]?.getAttribute('href')};""")
        require(r['nav'], f"{name}: no contents list (nav.pagetoc) for its {r['heads']} sections")
        require(not r['bad'], f"{name}: contents links that reach no section: {', '.join(r['bad'][:3])}")
        require(r['same'], f"{name}: the contents list {r['links']} links, the page has {r['heads']} sections")
        require(r['first'] and r['shown'], f'{name}: the contents list is not shown before the first section')
        if ch == 'host':                                 # and one of them, clicked
            frag = r['sample'][1:]
            a = driver.find_element(By.CSS_SELECTOR, f'main nav.pagetoc a[href="#{frag}"]')
            follow(a, lambda u, f=frag: u.fragment == f)
            at = landed(frag)
            require(at and at['inView'], f'{name}: clicking #{frag} in its contents did not bring it into view')
        done.append(f"{ch} {r['links']}")
    return ', '.join(done) + ' sections'


# (m) ------------------------------------------------------------------------------------
@check('(m) the search box, on every page, finds "shadow page table" and leads to it, offline')
def _():
    boxes = []
    for name in PAGES:
        open_page(name)
        if not driver.execute_script("return !!document.querySelector('form.search input[type=search]');"):
            boxes.append(name)
    require(not boxes, f"no search box on {', '.join(boxes)}")
    open_page('guest.html')
    q = driver.find_element(By.CSS_SELECTOR, 'form.search input[type=search]')
    q.click()
    q.send_keys('shadow page table')
    try:
        WebDriverWait(driver, 20).until(lambda d: d.execute_script(
            "const l = document.querySelector('form.search .search-results');"
            "return l && !l.hidden && l.querySelector('a') && l.getBoundingClientRect().height > 0;"))
    except TimeoutException:
        said = driver.execute_script(
            "const l = document.querySelector('form.search .search-results');"
            "return l ? l.textContent.trim() : null;")
        raise CheckFailed(f'no results appeared within 20s (the results list says: {said!r})') from None
    hits = driver.execute_script(
        "return [...document.querySelectorAll('form.search .search-results a')]"
        ".map((a) => ({href: a.getAttribute('href'), text: a.querySelector('.r-title').textContent}));")
    first = driver.find_element(By.CSS_SELECTOR, 'form.search .search-results a')
    page, frag = hits[0]['href'].split('#', 1)
    shoot('search-results')
    first.click()
    WebDriverWait(driver, 30).until(lambda d: urllib.parse.urlsplit(d.current_url).fragment == frag)
    loaded()
    at = landed(frag)
    require(at and at['inView'], f"the first result, {hits[0]['href']}, is not in view after the click")
    r = driver.execute_script("""
        const e = document.getElementById(arguments[0]);
        let text = e.textContent;
        const head = /^H[1-6]$/.test(e.tagName);
        if (head) for (let n = e.nextElementSibling; n && !/^H[1-6]$/.test(n.tagName); n = n.nextElementSibling)
          text += ' ' + n.textContent;
        return {tag: e.tagName.toLowerCase(), head, title: e.textContent.trim(),
                inTitle: /shadow[^a-z]+page[^a-z]+table/i.test(e.textContent),
                inSection: /shadow[^a-z]+page[^a-z]+table/i.test(text)};""", frag)
    require(r['head'], f"the first result lands on a <{r['tag']}>, not a heading")
    require(r['inTitle'] or r['inSection'],
            f"the first result lands on \"{r['title']}\", which says nothing of shadow page tables")
    # offline: nothing the pages asked for came from anywhere but the book's own server
    drain_logs()
    here = urllib.parse.urlsplit(BASE).netloc
    away = sorted({u for u in request_urls.values()
                   if u.startswith('http') and urllib.parse.urlsplit(u).netloc != here})
    require(not away, f"the pages fetched from outside the book: {', '.join(away[:3])}")
    return (f"{len(hits)} results; the first, \"{hits[0]['text']}\" -> {page}#{frag}, a <{r['tag']}> "
            f"{'titled' if r['inTitle'] else 'over a section on'} shadow page tables")


# (g) ------------------------------------------------------------------------------------
@check('(g) every link between the pages goes to an id that exists')
def _():
    open_page('index.html')
    r = run_async("""
        const pages = args[0];
        const docs = {};
        async function doc(p) {           // null if there is no such page
          if (!(p in docs)) {
            const r = await fetch(p);
            docs[p] = r.ok ? new DOMParser().parseFromString(await r.text(), 'text/html') : null;
          }
          return docs[p];
        }
        const bad = [];
        let n = 0;
        for (const p of pages) {
          for (const a of (await doc(p)).querySelectorAll('a[href]')) {
            const h = a.getAttribute('href');
            if (/^[a-z]+:/.test(h) || h.startsWith('../')) continue;      // outside the HTML book
            n++;
            const [file, id] = h.split('#');
            const target = await doc(file || p);
            if (!target) { bad.push(`${p}: ${h} (no such page)`); continue; }
            if (id && !target.getElementById(decodeURIComponent(id))) bad.push(`${p}: ${h}`);
          }
        }
        return {n, bad};""", PAGES)
    require('__error' not in r, f"the page's script failed: {r.get('__error')}")
    require(not r['bad'], f"{len(r['bad'])} of {r['n']} links are broken, e.g. {'; '.join(r['bad'][:5])}")
    return f"{r['n']} links"


@check('(g) nothing failed to load and no page script failed')
def _():
    drain_logs()
    require(not broken, f"{len(broken)} failed: {'; '.join(broken[:5])}")
    require(not js_errors, '; '.join(js_errors[:3]))
    return ''


driver.quit()
server.shutdown()
shutil.rmtree(profile, ignore_errors=True)
if not chunk_link_done:
    print('(no after-chunk-link.png: check (b) failed before it)')
made = [s for s in SHOTS if os.path.exists(os.path.join(SHOTS_DIR, s + '.png'))]
rel = os.path.relpath(SHOTS_DIR, REPO)
print(f"screenshots: {SHOTS_DIR if rel.startswith('..') else rel}/{{{','.join(made)}}}.png")
print(f'html-check: {failures} check(s) failed' if failures else 'html-check: all checks passed')
sys.exit(1 if failures else 0)
