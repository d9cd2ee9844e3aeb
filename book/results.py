#!/usr/bin/env python3
"""results.py -- the book's record of its own tests: the appendix "Test Results".

book/weave.sh runs this before each weave:

    results.py --build BUILD --repo ROOT --out DIR

It reads what `make test` and `make bench` leave in BUILD:

    test-report.tsv        name<TAB>result<TAB>seconds, one row per test
    bench.tsv              name guest_native guest_lg linux unit ratio base trips_per_op aim
                           result (tab-separated; see tests/bench.sh)
    bench/bench.txt        the benchmark boot's console, for the CPU's name
    bench-baseline.tsv     make bench BASELINE=REV's table against an older commit
    bench/baseline.rev     that commit, in a line

and, when BUILD has no bench.tsv, this edition's run from ROOT/book/edition-run/
(bench.tsv, bench-baseline.tsv, and run.txt saying when, on what CPU, with what
command and against what baseline), the run that the Launcher chapter quotes;
    test/host-serial.txt   the first test boot's whole Host console

and the tests' own header comments (tests/*/NAME.sh) for what each checks,
and writes into DIR, each only if it changed (so LaTeX sees no change when
nothing did):

    results.tex     the appendix for the PDF edition (\\include'd by book.tex)
    status.tex      \\BookStatus: the notice the title page carries when a
                    test failed (empty otherwise)
    results.html    the same appendix for the HTML edition (a page body)
    notice.html     the notice for the HTML contents page (may be empty)
"""

import argparse
import glob
import html
import os
import re
import time

# The Guest's console output shown in the appendix: these tests' sections of
# the first boot's console, between their @@TEST-BEGIN and @@TEST-END lines.
TRANSCRIPT_TESTS = [
    ("20-hello", "The first Guest of the run: the Launcher loads it, it says hello through "
                 "the Switcher, patches its paravirt sites and powers off with the status its "
                 "command line asked for."),
    ("36-processes", "Guests running user programs in ring 3: a killed process, demand-zero "
                     "pages, the FPU and TLS kept across switches, preemption; then the same "
                     "with the paravirt sites left unpatched."),
]

# Tests that tests/run.sh records itself rather than running a script.
STEPS = {
    "host-initramfs": "tests/initramfs.sh packs the Host's initial file system: lg.ko, the "
                      "Launcher, the Guest and the Host tests.",
    "host-boot": "The Host's console reached @@HOST-END: every Host test ran and the Host "
                 "powered off cleanly.",
    "host-kernel-log-clean": "The Host kernel's log has no Oops, BUG, WARNING or general "
                             "protection fault.",
    "book/weave": "book/weave.sh weaves the book, with this appendix, into the PDF and HTML "
                  "editions.",
}

GROUPS = [   # (prefix, heading): report rows are grouped by the prefix of their name
    ("build", "The build"),
    ("host-max", "The Host again, second boot: QEMU's max CPU with SMEP, SMAP and UMIP"),
    ("host", "The Host, first boot"),
    ("book", "The book itself"),
]

# ---------------------------------------------------------------- reading

def read_tsv(path):
    """Rows of a tab-separated file with a header line, as dicts; None if absent."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = [l.rstrip("\n") for l in f if l.strip()]
    except OSError:
        return None
    if not lines:
        return []
    head = lines[0].split("\t")
    return [dict(zip(head, l.split("\t"))) for l in lines[1:]]


def first_line(path):
    """The first line of a file, or None."""
    try:
        with open(path, errors="replace") as f:
            return f.readline().strip() or None
    except OSError:
        return None


def commit_words(rev, quotes=("\u201c", "\u201d")):
    """'abc1234 Its subject' as 'abc1234 (\u201cIts subject\u201d)'."""
    if not rev:
        return "(not recorded)"
    h, _, subject = rev.partition(" ")
    return "%s (%s%s%s)" % (h, quotes[0], subject, quotes[1]) if subject else h


def when(path):
    t = time.localtime(os.path.getmtime(path))
    return time.strftime("%-d %B %Y, %H:%M", t)


def group_of(name):
    for prefix, _ in GROUPS:
        if name == prefix or name.startswith(prefix + "/") or name.startswith(prefix + "-"):
            return prefix
    return name.split("/")[0]


def script_of(repo, name):
    """tests/<dir>/<test>.sh for a report row (host-max rows run the host scripts)."""
    if "/" not in name:
        return None
    d, t = name.split("/", 1)
    d = "host" if d.startswith("host") else d
    p = os.path.join(repo, "tests", d, t + ".sh")
    return p if os.path.isfile(p) else None


def describe(script):
    """The first sentence of a test script's header comment."""
    words = []
    with open(script, encoding="utf-8", errors="replace") as f:
        for i, line in enumerate(f):
            if i == 0 and line.startswith("#!"):
                continue
            if not line.startswith("#") or not line[1:].strip():
                break
            words.append(line[1:].strip())
    text = " ".join(words)
    base = os.path.basename(script)
    text = re.sub(r"^(tests/\S+|%s|%s)\s*(--|:)\s*" % (re.escape(base), re.escape(base[:-3])), "", text)
    text = first_sentence(text)
    if re.match(r"[a-z]+\b(?![./_-])", text):     # a word, not a file or command name
        text = text[:1].upper() + text[1:]
    return text


def first_sentence(text):
    """TEXT up to its first '.' or ':' that ends a sentence (not inside brackets or quotes);
    a colon that announces a list becomes a full stop."""
    depth, quoted = 0, False
    for i, c in enumerate(text):
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth = max(0, depth - 1)
        elif c == '"':
            quoted = not quoted
        elif c in ".:" and not depth and not quoted and (i + 1 == len(text) or text[i + 1].isspace()):
            return text[:i] + "."
    return text


def console_section(serial, test):
    """The lines of TEST's section of a console, markers included (or [])."""
    try:
        with open(serial, encoding="utf-8", errors="replace") as f:
            lines = [l.rstrip("\r\n") for l in f]
    except OSError:
        return []
    out = None
    for l in lines:
        if re.search(r"@@TEST-BEGIN %s(\s|$)" % re.escape(test), l):
            out = []
        if out is not None:
            out.append(l)
            if re.search(r"@@TEST-END %s(\s|$)" % re.escape(test), l):
                return out
    return out or []


def printable(line):
    return "".join(c if " " <= c <= "~" else "." for c in line.expandtabs(8))

# ---------------------------------------------------------------- the facts, once

class Facts:
    def __init__(self, build, repo):
        self.repo = repo
        self.report_path = os.path.join(build, "test-report.tsv")
        self.rows = read_tsv(self.report_path)
        self.report_when = when(self.report_path) if self.rows is not None else None
        self.failed = [r["name"] for r in self.rows or [] if r.get("result") != "pass"]
        self.passed = [r["name"] for r in self.rows or [] if r.get("result") == "pass"]
        # chapters edited after the test run: the record may not describe them
        self.newer = []
        if self.rows is not None:
            t = os.path.getmtime(self.report_path)
            self.newer = sorted(os.path.relpath(c, repo)
                                for c in glob.glob(os.path.join(repo, "chapters", "*.nw"))
                                if os.path.getmtime(c) > t)
        bench_path = os.path.join(build, "bench.tsv")
        self.bench = read_tsv(bench_path)
        self.bench_edition = self.bench is None      # this edition's run, from the book
        self.bench_when = when(bench_path) if self.bench is not None else None
        self.bench_cpu = None
        self.baseline = read_tsv(os.path.join(build, "bench-baseline.tsv"))
        self.baseline_rev = first_line(os.path.join(build, "bench", "baseline.rev"))
        try:
            with open(os.path.join(build, "bench", "bench.txt"), errors="replace") as f:
                for l in f:
                    m = re.search(r"@@BENCH-CPU\s+(.*\S)", l)
                    if m:
                        self.bench_cpu = m.group(1)
                        break
        except OSError:
            pass
        if self.bench_edition:
            edition = os.path.join(repo, "book", "edition-run")
            self.bench = read_tsv(os.path.join(edition, "bench.tsv"))
            self.baseline = read_tsv(os.path.join(edition, "bench-baseline.tsv"))
            run = {}
            for l in (open(os.path.join(edition, "run.txt")).read().splitlines()
                      if os.path.exists(os.path.join(edition, "run.txt")) else []):
                k, _, v = l.partition(":")
                run[k.strip()] = v.strip()
            self.bench_when = run.get("when")
            self.bench_cpu = run.get("cpu")
            self.bench_command = run.get("command", "make bench")
            self.baseline_rev = run.get("baseline")
        self.serial = os.path.join(build, "test", "host-serial.txt")
        self.transcript = [(t, why, [printable(l) for l in console_section(self.serial, t)])
                           for t, why in TRANSCRIPT_TESTS]
        self.transcript = [x for x in self.transcript if x[2]]
        # what each test checks, in report order, one entry per script or step
        self.checks = []
        seen = set()
        for r in self.rows or []:
            s = script_of(repo, r["name"])
            key = s or r["name"]
            if key in seen:
                continue
            seen.add(key)
            if s:
                label = r["name"].replace("host-max/", "host/")
                self.checks.append((label, describe(s)))
            elif r["name"] in STEPS:
                self.checks.append((r["name"], STEPS[r["name"]]))
        # The book's own checks run after the weave that writes this appendix: until a
        # later weave, the report has no row for them, but they are described anyway.
        self.book_checks = []
        if not any(group_of(r["name"]) == "book" for r in self.rows or []):
            for p in sorted(glob.glob(os.path.join(repo, "tests", "book", "*.sh"))):
                name = os.path.basename(p)[:-3]
                self.book_checks.append(name)
                if self.rows and p not in seen:
                    self.checks.append(("book/" + name, describe(p)))

    def summary(self):
        n, m = len(self.passed), len(self.failed)
        if m == 0:
            return "%d %s passed, none failed." % (n, "test" if n == 1 else "tests")
        return "%d passed, %d failed." % (n, m)

    def failed_list(self, limit=12):
        names = self.failed[:limit]
        more = len(self.failed) - len(names)
        return names, more

# ---------------------------------------------------------------- LaTeX

def tex(s):
    s = s.replace("\\", "\0")
    s = re.sub(r"([#$%&_{}])", r"\\\1", s)
    s = s.replace("~", r"\textasciitilde{}").replace("^", r"\textasciicircum{}")
    s = s.replace("<", r"\textless{}").replace(">", r"\textgreater{}")
    return s.replace("\0", r"\textbackslash{}")


def tex_prose(s):
    """Plain text with `code` in it."""
    parts = s.split("`")
    return "".join(r"\texttt{%s}" % tex(p) if i % 2 else tex(p) for i, p in enumerate(parts))


def tt(s):
    return r"\texttt{%s}" % tex(s)


def ttb(s):
    """\texttt that may break a line after a slash or a hyphen (names in running text)."""
    return r"\texttt{%s}" % re.sub(r"([/-])", r"\1\\allowbreak{}", tex(s))


def fail_mark_tex(result):
    return result if result == "pass" else r"\textcolor{failred}{\textbf{%s}}" % tex(result)


def latex(f):
    o = [r"% results.tex -- written by book/results.py from build/test-report.tsv,",
         r"% build/bench.tsv and the test console.  Do not edit.",
         r"\chapter{Test Results}\label{app:results}",
         r"This appendix is not a description of the tests: \file{book/weave.sh} writes it, "
         r"each time it weaves the book, from the files that \cmd{make test} and "
         r"\cmd{make bench} leave in \file{build/}.  It shows the code printed in the "
         r"chapters, tangled and built, running."]
    o.append(r"\section{The test suite}")
    if f.rows is None:
        o.append(r"\textbf{The tests have not been run for this build}: there is no "
                 r"\file{build/test-report.tsv}.  \cmd{make test} runs them and then weaves "
                 r"the book again, with their results here.")
    elif not f.rows:
        o.append(r"\textbf{The last test run recorded no test}: \file{build/test-report.tsv} "
                 r"has only its header, so that run stopped before its first test finished.")
    else:
        o.append(r"\cmd{make test} builds everything and runs \file{tests/run.sh}: the "
                 r"checks of the build (\texttt{build/}); then it boots the 32-bit Host "
                 r"kernel in QEMU, under software emulation, and runs every Host test there "
                 r"(\texttt{host/}, on an emulated Pentium~III unless \file{run.sh} was told "
                 r"otherwise); then it boots the Host again on QEMU's \texttt{max} CPU, with "
                 r"the SMEP, SMAP and UMIP protections on, and runs them all again "
                 r"(\texttt{host-max/}).")
        o.append("")
        o.append(r"\medskip\noindent\textbf{The run of %s: %s}" % (tex(f.report_when), tex(f.summary())))
        if f.failed:
            names, more = f.failed_list(len(f.failed))
            o.append(r"  Failed: %s." % ", ".join(ttb(n) for n in names))
        if f.newer:
            o.append(r"  \emph{The chapters changed after this run} (%s), so it may not "
                     r"describe the code printed here." % ", ".join(ttb(c) for c in f.newer))
        if f.book_checks:
            o.append(r"  The checks of the book itself (\texttt{book/}: %s) read this very "
                     r"book, so they run after it is woven and are not in the table yet; "
                     r"\file{build/test-report.tsv} has them, and if one fails the book is "
                     r"woven again and says so on its first page."
                     % ", ".join(ttb(b) for b in f.book_checks))
        o.append("")
        o.append(r"\begingroup\small")
        o.append(r"\begin{longtable}{@{}ll@{\qquad}r@{}}")
        o.append(r"\toprule Test & Result & Seconds\\\midrule\endhead")
        o.append(r"\bottomrule\endfoot")
        group = None
        for r in f.rows:
            g = group_of(r["name"])
            if g != group:
                group = g
                title = dict(GROUPS).get(g, g)
                o.append(r"\multicolumn{3}{@{}l}{\rule{0pt}{2.6ex}\itshape %s}\\" % tex(title))
            o.append(r"\quad %s & %s & %s\\" % (tt(r["name"]), fail_mark_tex(r.get("result", "?")),
                                                       tex(r.get("seconds", ""))))
        o.append(r"\end{longtable}")
        o.append(r"\endgroup")
        if f.checks:
            o.append(r"\subsection*{What each test checks}")
            o.append(r"Each test's first sentence about itself, from the comment at the top of "
                     r"its script in \file{tests/}.  The \texttt{host-max/} tests are the "
                     r"\texttt{host/} tests, run in the second boot.")
            o.append(r"\begin{description}[font=\normalfont\ttfamily\small,itemsep=1pt]\small")
            for label, text in f.checks:
                o.append(r"\item[%s] %s" % (tex(label), tex_prose(text)))
            o.append(r"\end{description}")

    o.append(r"\section{Benchmarks}")
    emu = (r"The numbers are TSC cycles of a 32-bit x86 CPU that QEMU emulates in software "
           r"(TCG, never KVM), whose clock follows the build machine's: they say how the Guest "
           r"compares with itself and with Linux on that machine, not what real hardware "
           r"would do.")
    if f.bench is None:
        o.append(r"\textbf{No benchmark has been run for this build yet.}  \cmd{make bench} "
                 r"runs the Guest's benchmark program on the Guest kernel booted with no Host "
                 r"(a), on the same kernel under \file{lg.ko} (b), and as the same work done "
                 r"by Linux on the Host (c); it writes \file{build/bench.tsv}, which the next "
                 r"weave puts here.  " + emu)
    else:
        cpu = (r" on an emulated %s" % tex(f.bench_cpu)) if f.bench_cpu else ""
        if f.bench_edition:
            o.append(r"This build has no benchmark run of its own (\cmd{make bench} makes one, and "
                     r"the next weave shows it here instead), so this is this edition's run, the "
                     r"one Section~\ref{sec:io-costs} quotes: \cmd{%s}, kept in "
                     r"\file{book/edition-run/}." % tex(f.bench_command))
        else:
            o.append(r"This is this build's own run; this edition's, the one "
                     r"Section~\ref{sec:io-costs} quotes, is kept in \file{book/edition-run/}.")
        o.append(r"Measured by \cmd{make bench} on %s%s.  %s  Columns: (a) the Guest kernel "
                 r"with no Host, (b) the same kernel under \file{lg.ko}, (c) Linux on the "
                 r"Host; the ratio is (b)/(a), the price of the Host, or (b)/(c), marked, for "
                 r"the disk and network, which exist only under the Launcher; trips are the "
                 r"Guest's returns to the Host per operation, counted by the Host.  The null "
                 r"hypercall's (a) is a reload of \texttt{\%%cr3}; \texttt{pagefault\_nowalker} "
                 r"is the page fault with the Switcher's walker off; pings are medians of 200, "
                 r"and \texttt{ping\_tapecho}'s (c) is a program answering on a TAP device with "
                 r"no Guest behind it."
                 % (tex(f.bench_when), cpu, emu))
        o.append("")
        o.append(r"\begin{center}\scriptsize\setlength{\tabcolsep}{3pt}")
        o.append(r"\begin{tabular}{@{}lrrrlrrl@{}}")
        o.append(r"\toprule Benchmark & (a) & (b) & (c) & Unit & Ratio & Trips & Aim\\\midrule")
        for r in f.bench:
            ratio = r.get("ratio", "")
            if r.get("base") == "linux" and ratio != "n/a":
                ratio += " (c)"
            aim = r.get("aim", "-")
            if aim in ("-", "") or "<=" not in aim:
                aim = ""
            else:
                what, limit = aim.split("<=", 1)
                what = what.replace("/this", "/(b)")     # another row's (b) over this one's
                aim = r"%s $\le$ %s %s" % (tex(what), tex(limit), tex(r.get("result", "")))
            o.append(r"%s & %s & %s & %s & %s & %s & %s & %s\\" % (
                tt(r.get("name", "?")), tex(r.get("guest_native", "")), tex(r.get("guest_lg", "")),
                tex(r.get("linux", "")), tex(r.get("unit", "")), tex(ratio),
                tex(r.get("trips_per_op", "")), aim))
        o.append(r"\bottomrule\end{tabular}")
        o.append(r"\end{center}")
        if f.baseline:
            o.append(r"The same run against an older commit, %s, whose Guest ran in the same "
                     r"Host boot under its own \file{lg.ko} and Launcher: column (b) of each, "
                     r"their ratio, this tree's trips per operation, and the aim that the walker "
                     r"at least halves a page fault.  Rows whose operations differ between the "
                     r"two (the disk's, once 64~KiB a request, now 1~MiB) are left out."
                     % tex(commit_words(f.baseline_rev, ("``", "''"))))
            o.append("")
            o.append(r"\begin{center}\scriptsize\setlength{\tabcolsep}{3pt}")
            o.append(r"\begin{tabular}{@{}lrrlrrl@{}}")
            o.append(r"\toprule Benchmark & (b) & (b) baseline & Unit & Ratio & Trips & Aim\\\midrule")
            for r in f.baseline:
                aim = r.get("aim", "-")
                aim = "" if "<=" not in aim else r"%s $\le$ %s %s" % (
                    tex(aim.split("<=")[0]), tex(aim.split("<=")[1]), tex(r.get("result", "")))
                o.append(r"%s & %s & %s & %s & %s & %s & %s\\" % (
                    tt(r.get("name", "?")), tex(r.get("guest_lg", "")),
                    tex(r.get("baseline_lg", "")), tex(r.get("unit", "")),
                    tex(r.get("ratio", "")), tex(r.get("trips_per_op", "")), aim))
            o.append(r"\bottomrule\end{tabular}")
            o.append(r"\end{center}")

    o.append(r"\section{A Guest at work}")
    if not f.transcript:
        o.append(r"No console transcript: the tests have not been run for this build, or the "
                 r"Host did not get as far as running a Guest "
                 r"(\file{build/test/host-serial.txt}).")
    else:
        o.append(r"What follows is cut, line for line, from the Host's serial console in the "
                 r"first boot of the test run (\file{build/test/host-serial.txt}).  The "
                 r"\texttt{@@TEST} lines frame each test; a line starting with \texttt{-{}-{}-} "
                 r"or \texttt{ok:} is the test script talking; the rest is the Guest's console "
                 r"output, which the Launcher writes to its standard output.")
        for test, why, lines in f.transcript:
            o.append(r"\subsection*{\texttt{%s}}" % tex(test))
            o.append(tex_prose(why))
            size = r"\footnotesize" if max(map(len, lines)) <= 90 else r"\scriptsize"
            o.append(r"\begin{Verbatim}[fontsize=%s,frame=leftline,framerule=0.6pt,"
                     r"rulecolor=\color{rulegray},xleftmargin=1em]" % size)
            o.extend(lines)
            o.append(r"\end{Verbatim}")
    return "\n".join(o) + "\n"


def status_tex(f):
    if not f.failed:
        return "\\def\\BookStatus{}\n"
    names, more = f.failed_list()
    text = r"This book was built while %d %s failed: %s%s." % (
        len(f.failed), "test" if len(f.failed) == 1 else "tests",
        ", ".join(ttb(n) for n in names), " and %d more" % more if more else "")
    return ("\\def\\BookStatus{\\fcolorbox{failred}{failred!6}{\\parbox{0.86\\textwidth}"
            "{\\centering\\bfseries %s\\par\\medskip\\mdseries\\small The test run of %s; "
            "see Appendix~\\ref{app:results}.}}}\n" % (text, tex(f.report_when)))

# ---------------------------------------------------------------- HTML

E = html.escape


def h_prose(s):
    parts = s.split("`")
    return "".join("<code>%s</code>" % E(p) if i % 2 else E(p) for i, p in enumerate(parts))


def fail_mark_html(result):
    return E(result) if result == "pass" else '<strong class="fail">%s</strong>' % E(result)


def html_page(f):
    o = ['<h1 id="results">Test Results</h1>',
         "<p>This appendix is not a description of the tests: <code>book/weave.sh</code> writes "
         "it, each time it weaves the book, from the files that <code>make test</code> and "
         "<code>make bench</code> leave in <code>build/</code>. It shows the code printed in the "
         "chapters, tangled and built, running.</p>",
         '<h2 id="results-suite">The test suite</h2>']
    if f.rows is None:
        o.append("<p><strong>The tests have not been run for this build</strong>: there is no "
                 "<code>build/test-report.tsv</code>. <code>make test</code> runs them and then "
                 "weaves the book again, with their results here.</p>")
    elif not f.rows:
        o.append("<p><strong>The last test run recorded no test</strong>: "
                 "<code>build/test-report.tsv</code> has only its header, so that run stopped "
                 "before its first test finished.</p>")
    else:
        o.append("<p><code>make test</code> builds everything and runs <code>tests/run.sh</code>: "
                 "the checks of the build (<code>build/</code>); then it boots the 32-bit Host "
                 "kernel in QEMU, under software emulation, and runs every Host test there "
                 "(<code>host/</code>, on an emulated Pentium III unless <code>run.sh</code> was "
                 "told otherwise); then it boots the Host again on QEMU's <code>max</code> CPU, "
                 "with the SMEP, SMAP and UMIP protections on, and runs them all again "
                 "(<code>host-max/</code>).</p>")
        p = ["<strong>The run of %s: %s</strong>" % (E(f.report_when), E(f.summary()))]
        if f.failed:
            p.append("Failed: %s." % ", ".join("<code>%s</code>" % E(n) for n in f.failed))
        if f.newer:
            p.append("<em>The chapters changed after this run</em> (%s), so it may not describe "
                     "the code printed here." % ", ".join("<code>%s</code>" % E(c) for c in f.newer))
        if f.book_checks:
            p.append("The checks of the book itself (<code>book/</code>: %s) read this very book, "
                     "so they run after it is woven and are not in the table yet; "
                     "<code>build/test-report.tsv</code> has them, and if one fails the book is "
                     "woven again and says so on its first page."
                     % ", ".join("<code>%s</code>" % E(b) for b in f.book_checks))
        o.append('<p class="summary">%s</p>' % " ".join(p))
        o.append('<table class="results">')
        o.append("<thead><tr><th>Test</th><th>Result</th><th>Seconds</th></tr></thead><tbody>")
        group = None
        for r in f.rows:
            g = group_of(r["name"])
            if g != group:
                group = g
                o.append('<tr class="group"><th colspan="3">%s</th></tr>' % E(dict(GROUPS).get(g, g)))
            o.append('<tr%s><td><code>%s</code></td><td>%s</td><td class="num">%s</td></tr>'
                     % ("" if r.get("result") == "pass" else ' class="fail"', E(r["name"]),
                        fail_mark_html(r.get("result", "?")), E(r.get("seconds", ""))))
        o.append("</tbody></table>")
        if f.checks:
            o.append('<h3 id="results-checks">What each test checks</h3>')
            o.append("<p>Each test's first sentence about itself, from the comment at the top of "
                     "its script in <code>tests/</code>. The <code>host-max/</code> tests are the "
                     "<code>host/</code> tests, run in the second boot.</p>")
            o.append('<dl class="checks">')
            for label, text in f.checks:
                o.append("<dt><code>%s</code></dt><dd>%s</dd>" % (E(label), h_prose(text)))
            o.append("</dl>")

    o.append('<h2 id="results-bench">Benchmarks</h2>')
    emu = ("The numbers are TSC cycles of a 32-bit x86 CPU that QEMU emulates in software (TCG, "
           "never KVM), whose clock follows the build machine's: they say how the Guest compares "
           "with itself and with Linux on that machine, not what real hardware would do.")
    if f.bench is None:
        o.append("<p><strong>No benchmark has been run for this build yet.</strong> "
                 "<code>make bench</code> runs the Guest's benchmark program on the Guest kernel "
                 "booted with no Host (a), on the same kernel under <code>lg.ko</code> (b), and "
                 "as the same work done by Linux on the Host (c); it writes "
                 "<code>build/bench.tsv</code>, which the next weave puts here. %s</p>" % E(emu))
    else:
        cpu = (" on an emulated %s" % E(f.bench_cpu)) if f.bench_cpu else ""
        quoted = ('the one that the <a href="launcher.html">Launcher chapter</a>\'s section '
                  '&ldquo;What a trip and a copy cost&rdquo; quotes')
        if f.bench_edition:
            o.append("<p>This build has no benchmark run of its own (<code>make bench</code> "
                     "makes one, and the next weave shows it here instead), so this is this "
                     "edition's run, %s: <code>%s</code>, kept in <code>book/edition-run/</code>."
                     "</p>" % (quoted, E(f.bench_command)))
        else:
            o.append("<p>This is this build's own run; this edition's, %s, is kept in "
                     "<code>book/edition-run/</code>.</p>" % quoted)
        o.append("<p>Measured by <code>make bench</code> on %s%s. %s Columns: (a) the Guest "
                 "kernel with no Host, (b) the same kernel under <code>lg.ko</code>, (c) Linux "
                 "on the Host; the ratio is (b)/(a), the price of the Host, or (b)/(c), marked, "
                 "for the disk and network, which exist only under the Launcher; trips are the "
                 "Guest's returns to the Host per operation, counted by the Host. The null "
                 "hypercall's (a) is a reload of <code>%%cr3</code>; <code>pagefault_nowalker</code> "
                 "is the page fault with the Switcher's walker off; pings are medians of 200, and "
                 "<code>ping_tapecho</code>'s (c) is a program answering on a TAP device with no "
                 "Guest behind it.</p>" % (E(f.bench_when), cpu, E(emu)))
        o.append('<table class="bench"><thead><tr><th>Benchmark</th><th>(a)</th><th>(b)</th>'
                 "<th>(c)</th><th>Unit</th><th>Ratio</th><th>Trips</th><th>Aim</th></tr></thead><tbody>")
        for r in f.bench:
            ratio = r.get("ratio", "")
            if r.get("base") == "linux" and ratio != "n/a":
                ratio += " (c)"
            aim = r.get("aim", "-")
            aim = "" if aim in ("-", "") else "%s: %s" % (aim, r.get("result", ""))
            o.append('<tr><td><code>%s</code></td><td class="num">%s</td><td class="num">%s</td>'
                     '<td class="num">%s</td><td>%s</td><td class="num">%s</td>'
                     '<td class="num">%s</td><td>%s</td></tr>'
                     % tuple(E(x) for x in (r.get("name", ""), r.get("guest_native", ""),
                                            r.get("guest_lg", ""), r.get("linux", ""),
                                            r.get("unit", ""), ratio, r.get("trips_per_op", ""),
                                            aim)))
        o.append("</tbody></table>")
        if f.baseline:
            o.append("<p>The same run against an older commit, %s, whose Guest ran in the same "
                     "Host boot under its own <code>lg.ko</code> and Launcher: column (b) of each, "
                     "their ratio, this tree's trips per operation, and the aim that the walker at "
                     "least halves a page fault. Rows whose operations differ between the two (the "
                     "disk's, once 64&nbsp;KiB a request, now 1&nbsp;MiB) are left out.</p>"
                     % E(commit_words(f.baseline_rev)))
            o.append('<table class="bench"><thead><tr><th>Benchmark</th><th>(b)</th>'
                     "<th>(b) baseline</th><th>Unit</th><th>Ratio</th><th>Trips</th><th>Aim</th>"
                     "</tr></thead><tbody>")
            for r in f.baseline:
                aim = r.get("aim", "-")
                aim = "" if aim in ("-", "") else "%s: %s" % (aim, r.get("result", ""))
                o.append('<tr><td><code>%s</code></td><td class="num">%s</td><td class="num">%s</td>'
                         '<td>%s</td><td class="num">%s</td><td class="num">%s</td><td>%s</td></tr>'
                         % tuple(E(x) for x in (r.get("name", ""), r.get("guest_lg", ""),
                                                r.get("baseline_lg", ""), r.get("unit", ""),
                                                r.get("ratio", ""), r.get("trips_per_op", ""),
                                                aim)))
            o.append("</tbody></table>")

    o.append('<h2 id="results-console">A Guest at work</h2>')
    if not f.transcript:
        o.append("<p>No console transcript: the tests have not been run for this build, or the "
                 "Host did not get as far as running a Guest "
                 "(<code>build/test/host-serial.txt</code>).</p>")
    else:
        o.append("<p>What follows is cut, line for line, from the Host's serial console in the "
                 "first boot of the test run (<code>build/test/host-serial.txt</code>). The "
                 "<code>@@TEST</code> lines frame each test; a line starting with "
                 "<code>---</code> or <code>ok:</code> is the test script talking; the rest is "
                 "the Guest's console output, which the Launcher writes to its standard "
                 "output.</p>")
        for test, why, lines in f.transcript:
            o.append('<h3 id="console-%s"><code>%s</code></h3>' % (E(test), E(test)))
            o.append("<p>%s</p>" % h_prose(why))
            o.append('<pre class="console">%s</pre>' % E("\n".join(lines)))
    return "\n".join(o) + "\n"


def notice_html(f):
    if not f.failed:
        return ""
    names, more = f.failed_list()
    return ('<p class="notice">This book was built while %d %s failed: %s%s. '
            '<span>The test run of %s; see <a href="results.html">Test Results</a>.</span></p>\n'
            % (len(f.failed), "test" if len(f.failed) == 1 else "tests",
               ", ".join("<code>%s</code>" % E(n) for n in names),
               " and %d more" % more if more else "", E(f.report_when)))

# ---------------------------------------------------------------- main

def put(path, text):
    try:
        with open(path, encoding="utf-8") as fh:
            if fh.read() == text:
                return
    except OSError:
        pass
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--repo", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    f = Facts(a.build, a.repo)
    os.makedirs(a.out, exist_ok=True)
    put(os.path.join(a.out, "results.tex"), latex(f))
    put(os.path.join(a.out, "status.tex"), status_tex(f))
    put(os.path.join(a.out, "results.html"), html_page(f))
    put(os.path.join(a.out, "notice.html"), notice_html(f))


if __name__ == "__main__":
    main()
