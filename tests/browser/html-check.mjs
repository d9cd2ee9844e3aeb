// html-check.mjs -- the HTML edition of the book (build/html), checked in a real browser.
//
//   node tests/browser/html-check.mjs          (tests/build/60-html-browser.sh runs it)
//
// Serves build/html on a random free port of 127.0.0.1 (node's http module, here in this
// process), starts Debian's Chromium (/usr/bin/chromium, package `chromium`) headless through
// playwright-core, and checks:
//   (a) index.html lists the seven chapters in order, and each chapter page loads;
//   (b) a chunk used on guest.html and defined on another page: clicking the use lands on that
//       page, on the definition of that very chunk, scrolled into view;
//   (c) clicking an identifier in the index lands on a chunk that defines it; and every entry
//       of both indexes points at a chunk that defines it (or is that chunk);
//   (d) C and assembly chunks are syntax-highlighted (keywords, comments, strings, numbers,
//       preprocessor lines; registers and directives in assembly), in their own colours;
//   (e) figures are SVG images that load (naturalWidth > 0);
//   (f) at a 375x740 phone viewport no page is wider than the window (code blocks scroll
//       inside themselves);
//   (g) every link between the pages goes to an id that exists, and nothing fails to load.
// One line per check (`ok ...` or `FAIL ...`); exit status 1 if any failed.  Screenshots go to
// build/screenshots/: index-desktop, guest-desktop, guest-phone, after-chunk-link (.png).
// BUILD (default: build/ at the top of the repository) says where the book was woven, and
// CHROMIUM where the browser is.

import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const build = path.resolve(repo, process.env.BUILD || 'build');
const htmlDir = path.join(build, 'html');
const shots = path.join(build, 'screenshots');
const browserPath = process.env.CHROMIUM || '/usr/bin/chromium';

const CHAPTERS = ['preparation', 'guest', 'drivers', 'launcher', 'host', 'switcher', 'mastery'];
// The pages: these, and any other the contents page lists (appendices, say); see (a).
const PAGES = ['index.html', ...CHAPTERS.map((c) => c + '.html'), 'indexes.html'];
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 740 };

if (!fs.existsSync(path.join(htmlDir, 'index.html'))) {
  console.error(`html-check: no ${path.relative(repo, htmlDir)}/index.html: run book/weave.sh html first`);
  process.exit(2);
}
if (!fs.existsSync(browserPath)) {
  console.error(`html-check: no ${browserPath}: install Debian's package: apt-get install chromium`);
  process.exit(2);
}
fs.mkdirSync(shots, { recursive: true });
const SHOTS = ['index-desktop', 'guest-desktop', 'guest-phone', 'after-chunk-link'];
for (const s of SHOTS) fs.rmSync(path.join(shots, s + '.png'), { force: true });    // no stale ones

// ------------------------------------------------------------------ the server
// It serves build/html/ as /html/ and build/book.pdf as /book.pdf (the contents page links
// to ../book.pdf), nothing else.
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.pdf': 'application/pdf',
  '.js': 'text/javascript',
};
const server = http.createServer((req, res) => {
  let p;
  try {
    p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  } catch {
    res.writeHead(400).end();
    return;
  }
  let file = null;
  if (p === '/book.pdf') file = path.join(build, 'book.pdf');
  else if (p.startsWith('/html/')) file = path.join(htmlDir, p.slice('/html/'.length));
  if (!file || !file.startsWith(htmlDir + path.sep) && file !== path.join(build, 'book.pdf')) {
    res.writeHead(404).end('not here');
    return;
  }
  fs.readFile(file, (err, data) => {
    if (err) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' });
    res.end(data);
  });
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}/html/`;

// ------------------------------------------------------------------ reporting
let failures = 0;
async function check(name, fn) {
  try {
    const detail = await fn();
    console.log(`ok   ${name}${detail ? ': ' + detail : ''}`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}: ${e && e.message ? e.message.split('\n')[0] : e}`);
  }
}
function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

// ------------------------------------------------------------------ the browser
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'html-check-profile-'));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: browserPath,
    headless: true,
    viewport: DESKTOP,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
} catch (e) {
  console.log(`FAIL chromium starts: ${e.message.split('\n')[0]}`);
  server.close();
  fs.rmSync(profile, { recursive: true, force: true });
  process.exit(1);
}

const broken = [];              // requests that failed or answered >= 400
const jsErrors = [];
context.on('requestfailed', (r) => broken.push(`${r.url()} (${r.failure()?.errorText})`));
context.on('response', (r) => { if (r.status() >= 400) broken.push(`${r.url()} (HTTP ${r.status()})`); });
context.on('page', (p) => p.on('pageerror', (e) => jsErrors.push(`${p.url()}: ${e.message}`)));

const page = context.pages()[0] || await context.newPage();
page.on('pageerror', (e) => jsErrors.push(`${page.url()}: ${e.message}`));

async function open(p, name) {
  const r = await p.goto(base + name, { waitUntil: 'load' });
  assert(r && r.ok(), `${name}: HTTP ${r ? r.status() : 'no response'}`);
  return r;
}

// Wait until the element with id FRAG is in the viewport (the browser scrolls to a
// fragment after the load), then say where it is.
async function landed(p, frag) {
  await p.waitForFunction((id) => {
    const e = document.getElementById(id);
    if (!e) return true;
    const r = e.getBoundingClientRect();
    return r.top >= -1 && r.top < window.innerHeight;
  }, frag, { timeout: 5000 }).catch(() => {});
  return p.evaluate((id) => {
    const e = document.getElementById(id);
    if (!e) return null;
    const r = e.getBoundingClientRect();
    const head = e.querySelector(':scope > .chunkhead a.chunkname');
    return {
      tag: e.tagName.toLowerCase(), cls: e.className, top: Math.round(r.top),
      inView: r.top >= -1 && r.top < window.innerHeight && r.bottom > 0,
      chunkName: head ? head.textContent : null,
      defines: [...e.querySelectorAll(':scope > .chunkfoot code.id')].map((c) => c.textContent),
      scrollY: Math.round(window.scrollY),
    };
  }, frag);
}

// (a) ------------------------------------------------------------------------------------
await check('(a) index.html lists the seven chapters in order, and each one loads', async () => {
  await open(page, 'index.html');
  await page.screenshot({ path: path.join(shots, 'index-desktop.png'), fullPage: true });
  const links = await page.$$eval('ol.toc > li > a.chap', (as) =>
    as.map((a) => ({ href: a.getAttribute('href'), text: a.textContent.trim() })));
  for (const l of links) if (/^[\w.-]+\.html$/.test(l.href) && !PAGES.includes(l.href)) PAGES.push(l.href);
  const chapterLinks = links.filter((l) => CHAPTERS.includes(l.href.replace(/\.html$/, '')));
  const got = links.map((l) => l.href.replace(/\.html$/, '')).filter((h) => CHAPTERS.includes(h));
  assert(JSON.stringify(got) === JSON.stringify(CHAPTERS),
    `contents lists [${got.join(', ')}], want [${CHAPTERS.join(', ')}]`);
  const titles = [];
  for (const l of chapterLinks) {
    await open(page, 'index.html');
    await Promise.all([page.waitForURL('**/' + l.href), page.click(`ol.toc > li > a.chap[href="${l.href}"]`)]);
    const h1 = await page.$eval('main h1', (h) => {
      const c = h.cloneNode(true);
      c.querySelector('.chapnum')?.remove();
      return c.textContent.trim();
    }).catch(() => null);
    assert(h1, `${l.href}: no <h1> after following the link`);
    titles.push(h1);
  }
  return titles.join(' | ');
});

// (b) ------------------------------------------------------------------------------------
let chunkLinkDone = false;
await check('(b) a chunk use on guest.html leads to its definition on another page', async () => {
  await open(page, 'guest.html');
  await page.screenshot({ path: path.join(shots, 'guest-desktop.png') });
  // The use of <<How the Launcher talks to the Host>> in the root chunk <<include/lguest.h>>;
  // failing that (the chapters are moving), the first use of a chunk defined on another page.
  const want = { root: 'include/lguest.h', use: 'How the Launcher talks to the Host' };
  const found = await page.evaluate(({ root, use }) => {
    const uses = [];
    for (const chunk of document.querySelectorAll('div.chunk')) {
      const own = chunk.querySelector(':scope > .chunkhead a.chunkname')?.textContent;
      for (const a of chunk.querySelectorAll('pre.code span.use a.chunkname')) {
        const h = a.getAttribute('href') || '';
        if (/^[^#]+\.html#/.test(h) && !h.startsWith('guest.html')) {
          uses.push({ own, name: a.textContent, href: h, id: a.closest('span.use').id });
        }
      }
    }
    return uses.find((u) => u.own === root && u.name === use) || uses[0] || null;
  }, want);
  assert(found, 'guest.html has no use of a chunk defined on another page');
  const note = found.own === want.root && found.name === want.use ? '' : ' (the example chunk is gone; took the first such use)';
  const link = page.locator(`[id="${found.id}"] a.chunkname`);
  await link.scrollIntoViewIfNeeded();
  const [targetPage, frag] = found.href.split('#');
  await Promise.all([page.waitForURL((u) => u.pathname.endsWith('/' + targetPage)), link.click()]);
  const url = new URL(page.url());
  assert(url.pathname.endsWith('/' + targetPage), `landed on ${url.pathname}, want ${targetPage}`);
  assert(url.hash === '#' + frag, `landed on fragment ${url.hash}, want #${frag}`);
  const at = await landed(page, frag);
  assert(at, `${targetPage} has no element with id ${frag}`);
  assert(/\bchunk\b/.test(at.cls), `#${frag} is a <${at.tag} class="${at.cls}">, not a chunk definition`);
  assert(at.chunkName === found.name, `#${frag} defines <<${at.chunkName}>>, want <<${found.name}>>`);
  assert(at.inView, `#${frag} is not scrolled into view (top ${at.top}px, window ${DESKTOP.height}px)`);
  assert(at.scrollY > 0, `the page did not scroll (scrollY 0)`);
  await page.screenshot({ path: path.join(shots, 'after-chunk-link.png') });
  chunkLinkDone = true;
  return `<<${found.name}>> in <<${found.own}>> -> ${targetPage}#${frag}, ` +
    `definition ${at.top}px from the top of the window${note}`;
});

// (c) ------------------------------------------------------------------------------------
await check('(c) an identifier in the index lands on the chunk that defines it', async () => {
  await open(page, 'indexes.html');
  const entry = await page.evaluate(() => {
    const as = [...document.querySelectorAll('ul.identindex a.id')]
      .filter((a) => /^[^#]+\.html#/.test(a.getAttribute('href') || ''));
    // one from the middle of the index, so the page has to scroll to it and away from it
    const a = as[Math.floor(as.length / 2)];
    return a ? { name: a.textContent, href: a.getAttribute('href'), n: as.length } : null;
  });
  assert(entry, 'the identifier index has no links to chapter pages');
  const link = page.locator('ul.identindex a.id', { hasText: new RegExp(`^${entry.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) })
    .and(page.locator(`[href="${entry.href}"]`));
  await link.scrollIntoViewIfNeeded();
  const [targetPage, frag] = entry.href.split('#');
  await Promise.all([page.waitForURL((u) => u.pathname.endsWith('/' + targetPage) && u.hash === '#' + frag),
    link.click()]);
  const at = await landed(page, frag);
  assert(at, `${targetPage} has no element with id ${frag}`);
  assert(/\bchunk\b/.test(at.cls), `#${frag} is not a chunk`);
  assert(at.defines.includes(entry.name),
    `chunk #${frag} <<${at.chunkName}>> does not say it defines ${entry.name} (it defines: ${at.defines.join(' ') || 'nothing'})`);
  assert(at.inView, `#${frag} is not scrolled into view (top ${at.top}px)`);
  return `${entry.name} -> ${targetPage}#${frag} <<${at.chunkName}>>, which defines it`;
});

await check('(c) every entry of both indexes points at a chunk that defines it', async () => {
  await open(page, 'indexes.html');
  const bad = await page.evaluate(async () => {
    const docs = {};
    async function doc(p) {
      if (!docs[p]) {
        const t = await (await fetch(p)).text();
        docs[p] = new DOMParser().parseFromString(t, 'text/html');
      }
      return docs[p];
    }
    const out = { bad: [], idents: 0, chunks: 0 };
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
    return out;
  });
  assert(bad.idents > 0 && bad.chunks > 0, `the indexes are empty (${bad.idents} identifiers, ${bad.chunks} chunks)`);
  assert(bad.bad.length === 0, `${bad.bad.length} entries go astray, e.g. ${bad.bad.slice(0, 4).join('; ')}`);
  return `${bad.idents} identifiers, ${bad.chunks} chunks`;
});

// (d) ------------------------------------------------------------------------------------
async function highlighting(name, select, want) {
  await open(page, name);
  return page.evaluate(({ select, want }) => {
    // nw2html.py marks each chunk's language: <pre class="code lang-c|lang-asm|...">
    const chunks = [...document.querySelectorAll(`div.chunk:has(> pre.code.lang-${select})`)];
    const counts = {};
    const colours = {};
    for (const cls of want) {
      const spans = chunks.flatMap((c) => [...c.querySelectorAll(`pre.code span.${cls}`)]);
      counts[cls] = spans.length;
      if (spans.length) colours[cls] = getComputedStyle(spans[0]).color;
    }
    const plain = chunks.length ? getComputedStyle(chunks[0].querySelector('pre.code')).color : null;
    return { n: chunks.length, counts, colours, plain };
  }, { select, want });
}
await check('(d) C chunks are highlighted (keywords, comments, strings, numbers, preprocessor)', async () => {
  const r = await highlighting('guest.html', 'c', ['kw', 'cm', 'st', 'nu', 'pp']);
  assert(r.n > 0, 'no C chunks (pre.code.lang-c) on guest.html');
  const missing = Object.entries(r.counts).filter(([, n]) => n === 0).map(([c]) => c);
  assert(missing.length === 0, `no spans of class ${missing.join(', ')} in guest.html's C chunks`);
  const same = Object.entries(r.colours).filter(([, c]) => c === r.plain).map(([k]) => k);
  assert(same.length === 0, `class ${same.join(', ')} has the plain code colour ${r.plain}`);
  return `guest.html, ${r.n} chunks: ` + Object.entries(r.counts).map(([c, n]) => `${n} ${c}`).join(', ');
});
await check('(d) assembly chunks are highlighted (registers, directives, numbers, comments)', async () => {
  const r = await highlighting('switcher.html', 'asm', ['rg', 'kw', 'nu', 'cm']);
  assert(r.n > 0, 'no assembly chunks (pre.code.lang-asm) on switcher.html');
  const missing = Object.entries(r.counts).filter(([, n]) => n === 0).map(([c]) => c);
  assert(missing.length === 0, `no spans of class ${missing.join(', ')} in switcher.html's assembly`);
  const same = Object.entries(r.colours).filter(([, c]) => c === r.plain).map(([k]) => k);
  assert(same.length === 0, `class ${same.join(', ')} has the plain code colour ${r.plain}`);
  return `switcher.html, ${r.n} chunks: ` + Object.entries(r.counts).map(([c, n]) => `${n} ${c}`).join(', ');
});

// (e) ------------------------------------------------------------------------------------
await check('(e) figures are SVG images that load', async () => {
  const seen = [];
  for (const name of PAGES) {
    await open(page, name);
    const imgs = await page.$$eval('main img', (is) => Promise.all(is.map(async (i) => {
      if (!i.complete) await new Promise((ok) => { i.onload = i.onerror = ok; });
      return { src: i.getAttribute('src'), w: i.naturalWidth, h: i.naturalHeight, shown: i.getBoundingClientRect().width };
    })));
    for (const i of imgs) {
      assert(/\.svg$/.test(i.src), `${name}: figure ${i.src} is not an SVG`);
      assert(i.w > 0 && i.h > 0, `${name}: ${i.src} did not load (naturalWidth ${i.w})`);
      assert(i.shown > 0, `${name}: ${i.src} is not shown`);
      seen.push(`${name}:${i.src.replace(/^figures\//, '')}`);
    }
  }
  assert(seen.length > 0, 'no figures in the book');
  return `${seen.length}: ${seen.join(', ')}`;
});

// (f) ------------------------------------------------------------------------------------
await check(`(f) at ${PHONE.width}x${PHONE.height} no page is wider than the window`, async () => {
  const phone = await context.newPage();
  await phone.setViewportSize(PHONE);
  const wide = [];
  try {
    for (const name of PAGES) {
      await open(phone, name);
      const r = await phone.evaluate(() => {
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
        return { sw: document.documentElement.scrollWidth, w, culprits };
      });
      if (name === 'guest.html') {            // the first code chunk, with the prose above it
        await phone.evaluate(() => {
          document.querySelector('div.chunk')?.scrollIntoView();
          window.scrollBy(0, -160);
        });
        await phone.screenshot({ path: path.join(shots, 'guest-phone.png') });
      }
      if (r.sw > r.w + 1) wide.push(`${name} is ${r.sw}px wide in ${r.w}px: ${r.culprits.join('; ')}`);
    }
  } finally {
    await phone.close();
  }
  assert(wide.length === 0, wide.join(' | '));
  return `${PAGES.length} pages fit`;
});

// (g) ------------------------------------------------------------------------------------
await check('(g) every link between the pages goes to an id that exists', async () => {
  await open(page, 'index.html');
  const r = await page.evaluate(async (pages) => {
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
    return { n, bad };
  }, PAGES);
  assert(r.bad.length === 0, `${r.bad.length} of ${r.n} links are broken, e.g. ${r.bad.slice(0, 5).join('; ')}`);
  return `${r.n} links`;
});

await check('(g) nothing failed to load and no page script failed', async () => {
  assert(broken.length === 0, `${broken.length} failed: ${broken.slice(0, 5).join('; ')}`);
  assert(jsErrors.length === 0, jsErrors.slice(0, 3).join('; '));
  return '';
});

await context.close();
server.close();
fs.rmSync(profile, { recursive: true, force: true });
if (!chunkLinkDone) console.log('(no after-chunk-link.png: check (b) failed before it)');
const made = SHOTS.filter((s) => fs.existsSync(path.join(shots, s + '.png')));
console.log(`screenshots: ${path.relative(repo, shots).startsWith('..') ? shots : path.relative(repo, shots)}/{${made.join(',')}}.png`);
console.log(failures ? `html-check: ${failures} check(s) failed` : 'html-check: all checks passed');
process.exit(failures ? 1 : 0);
