/* search.js -- the search box of the book's HTML edition.  Offline: it reads
   search-index.js (window.BOOK_SEARCH, which book/nw2html.py writes at weave
   time: one entry per section, {p: page, h: heading id, n: number, t: title,
   c: chapter, x: the section's prose}), loaded as a script the first time the
   box is used, so it works from a web server and from a page opened as a
   file alike.  Every word of the query must start a word of the section's
   title or text; a section scores more for the words in its title, for the
   whole query as a phrase, and for how often the words occur.  Enter goes to
   the first result, the arrow keys move through them, Escape closes them.
   Without script, the form just reloads the page with ?q=...; with it, a page
   opened with ?q=... searches at once. */
(function () {
  'use strict';
  var form = document.querySelector('form.search');
  if (!form) return;
  var box = form.querySelector('input[type="search"]');
  var list = form.querySelector('.search-results');
  var index = null;
  var waiting = null;
  var timer = 0;
  var MAX = 12;

  function norm(s) {
    return ' ' + s.toLowerCase().replace(/[^\p{L}\p{N}_%$]+/gu, ' ').trim() + ' ';
  }
  function count(hay, needle) {
    var n = 0;
    for (var i = hay.indexOf(needle); i >= 0 && n < 50; i = hay.indexOf(needle, i + needle.length)) n++;
    return n;
  }
  function load(then) {
    if (index) { then(); return; }
    if (waiting) { waiting.push(then); return; }
    waiting = [then];
    var s = document.createElement('script');
    s.src = 'search-index.js';
    s.onload = function () {
      index = (window.BOOK_SEARCH || []).map(function (e) {
        return { e: e, t: norm(e.n + ' ' + e.t), x: norm(e.x) };
      });
      var w = waiting;
      waiting = null;
      w.forEach(function (f) { f(); });
    };
    s.onerror = function () {
      waiting = null;
      show([], 'The search index (search-index.js) did not load.');
    };
    document.head.appendChild(s);
  }

  function score(entry, words, phrase) {
    var s = 0;
    for (var i = 0; i < words.length; i++) {
      var w = ' ' + words[i];
      var inTitle = entry.t.indexOf(w) >= 0;
      var inText = count(entry.x, w);
      if (!inTitle && !inText) return 0;
      s += (inTitle ? 10 : 0) + Math.min(inText, 10);
    }
    if (phrase) {
      if (entry.t.indexOf(phrase) >= 0) s += 100;
      s += 20 * Math.min(count(entry.x, phrase), 5);
    }
    return s;
  }

  function search(q) {
    var words = norm(q).trim().split(' ').filter(Boolean);
    if (!words.length) return [];
    var phrase = words.length > 1 ? ' ' + words.join(' ') : '';
    var found = [];
    index.forEach(function (entry, k) {
      var s = score(entry, words, phrase);
      if (s > 0) found.push({ s: s, k: k, e: entry.e });
    });
    found.sort(function (a, b) { return b.s - a.s || a.k - b.k; });
    return { words: words, hits: found.slice(0, MAX), total: found.length };
  }

  // A piece of the section's text around the first match, the match marked.
  function snippet(text, words) {
    var sep = '[^\\p{L}\\p{N}_%$]+';
    var esc = words.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); });
    var m = new RegExp('(?:^|' + sep + ')(' + esc.join(sep) + ')', 'iu').exec(text) ||
            new RegExp('(?:^|' + sep + ')(' + esc[0] + ')', 'iu').exec(text);
    var frag = document.createDocumentFragment();
    if (!m) {
      frag.appendChild(document.createTextNode(text.slice(0, 140) + (text.length > 140 ? '\u2026' : '')));
      return frag;
    }
    var at = m.index + m[0].length - m[1].length;
    var from = Math.max(0, at - 60);
    var to = Math.min(text.length, at + m[1].length + 80);
    if (from > 0) from = Math.min(at, text.indexOf(' ', from) + 1 || at);   // whole words
    if (to < text.length) to = Math.max(at + m[1].length, text.lastIndexOf(' ', to));
    frag.appendChild(document.createTextNode((from > 0 ? '\u2026' : '') + text.slice(from, at)));
    var mark = document.createElement('mark');
    mark.textContent = text.slice(at, at + m[1].length);
    frag.appendChild(mark);
    frag.appendChild(document.createTextNode(text.slice(at + m[1].length, to) + (to < text.length ? '\u2026' : '')));
    return frag;
  }

  function show(r, message) {
    list.textContent = '';
    if (message) {
      var li = document.createElement('li');
      li.className = 'none';
      li.textContent = message;
      list.appendChild(li);
    }
    (r.hits || []).forEach(function (hit) {
      var e = hit.e;
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = e.p + '#' + e.h;
      var t = document.createElement('span');
      t.className = 'r-title';
      t.textContent = (e.n ? e.n + ' ' : '') + e.t;
      var c = document.createElement('span');
      c.className = 'r-where';
      c.textContent = e.c;
      var x = document.createElement('span');
      x.className = 'r-text';
      x.appendChild(snippet(e.x || e.t, r.words));
      a.appendChild(t);
      a.appendChild(c);
      a.appendChild(x);
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = !list.firstChild;
  }

  function run() {
    var q = box.value.trim();
    if (q.length < 2) { show([]); return; }
    load(function () {
      if (box.value.trim() !== q) return;           // typed on meanwhile
      var r = search(q);
      show(r, r.hits.length ? '' : 'Nothing in the book matches \u201c' + q + '\u201d.');
      if (r.total > r.hits.length) {
        var li = document.createElement('li');
        li.className = 'none';
        li.textContent = 'The first ' + r.hits.length + ' of ' + r.total + ' sections; more words narrow it.';
        list.appendChild(li);
      }
    });
  }

  box.addEventListener('focus', function () { load(function () {}); });
  box.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  });
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    clearTimeout(timer);
    run();
    load(function () {
      var first = list.querySelector('a');
      if (first) first.click();
    });
  });
  form.addEventListener('keydown', function (ev) {
    var links = Array.prototype.slice.call(list.querySelectorAll('a'));
    var k = links.indexOf(document.activeElement);
    if (ev.key === 'Escape') {
      list.hidden = true;
      box.focus();
    } else if (ev.key === 'ArrowDown' && links.length) {
      ev.preventDefault();
      links[Math.min(k + 1, links.length - 1)].focus();
    } else if (ev.key === 'ArrowUp' && links.length) {
      ev.preventDefault();
      if (k <= 0) box.focus(); else links[k - 1].focus();
    }
  });
  list.addEventListener('click', function (ev) {
    if (ev.target.closest('a')) list.hidden = true;
  });
  document.addEventListener('click', function (ev) {
    if (!form.contains(ev.target)) list.hidden = true;
  });
  var q = new URLSearchParams(location.search).get('q');
  if (q) {
    box.value = q;
    run();
  }
}());
