#!/usr/bin/env bash
# tests/book/95-edition-run: the numbers that the Launcher chapter quotes from "this edition's
# run" are that run's.  The run is kept in book/edition-run/ (the two tables make bench left);
# each phrase below is made from those tables, rounded as the prose rounds it, and must be in
# chapters/04-launcher.nw word for word (line breaks aside).  A new run copied there without the
# prose following it, or prose edited away from the run, fails here.  And a book woven with no
# benchmark run of its own shows that run in its appendix.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${BUILD:-$REPO/build}
python3 - "$REPO" "$BUILD" <<'PY'
import csv, os, re, sys
repo, build = sys.argv[1], sys.argv[2]
run = os.path.join(repo, "book", "edition-run")
def table(name):
    with open(os.path.join(run, name)) as f:
        return {r["name"]: r for r in csv.DictReader(f, delimiter="\t")}
b, base = table("bench.tsv"), table("bench-baseline.tsv")
def num(t, row, col):
    return float(t[row][col])
def thousands(x):                       # 59294.93 -> 59\,294 (the prose's integers)
    return f"{round(x):,}".replace(",", r"\,")
def micro(ns):                          # 388000 ns -> 388
    return f"{ns / 1000:.0f}"
pf, off = num(b, "pagefault", "guest_lg"), num(b, "pagefault_nowalker", "guest_lg")
phrases = [
    f"a null system call {num(b, 'syscall', 'ratio'):.3f} times",
    f"a demand-zero page fault {num(b, 'pagefault', 'ratio'):.2f} times ({num(b, 'pagefault', 'trips_per_op'):.3f} trips each)",
    f"context switch {num(b, 'ctxswitch', 'ratio'):.2f} times ({num(b, 'ctxswitch', 'trips_per_op'):.3f} trips)",
    f"the arithmetic loop {num(b, 'cpuloop', 'ratio'):.3f} times",
    f"starting a program {num(b, 'spawn', 'ratio'):.2f} times ({num(b, 'spawn', 'trips_per_op'):.2f} trips)",
    f"written and summed {num(b, 'memtouch', 'ratio'):.2f} times",
    f"The null hypercall cost {num(b, 'hypercall', 'ratio'):.1f} times",
    f"a fault cost {thousands(off)} cycles and {num(b, 'pagefault_nowalker', 'trips_per_op'):.3f} trips, against {thousands(pf)} cycles and {num(b, 'pagefault', 'trips_per_op'):.3f} trips with it",
    f"{pf / off:.2f} of the cost",
    f"there a fault cost {thousands(num(base, 'pagefault', 'baseline_lg'))} cycles, so today's costs {num(base, 'pagefault', 'ratio'):.2f} of it",
    f"{thousands(num(b, 'hypercall', 'guest_lg'))} in this edition's run",
    f"{thousands(num(b, 'blkread', 'guest_lg'))} cycles for a read in the Guest against {thousands(num(b, 'blkread', 'linux'))} for the Host's [[pread]] ({num(b, 'blkread', 'ratio'):.3f} times)",
    f"{thousands(num(b, 'blkwrite', 'guest_lg'))} for a write against {thousands(num(b, 'blkwrite', 'linux'))} ({num(b, 'blkwrite', 'ratio'):.3f} times)",
    f"the medians were {micro(num(b, 'ping', 'guest_lg'))} microseconds for the Guest, {micro(num(b, 'ping_tapecho', 'linux'))} for \\file{{tapecho}} and {micro(num(b, 'ping', 'linux'))} for loopback",
    f"the Guest {num(b, 'ping', 'ratio'):.1f} times loopback, and {num(b, 'ping_tapecho', 'ratio'):.2f} times \\file{{tapecho}}",
]
with open(os.path.join(repo, "chapters", "04-launcher.nw")) as f:
    text = re.sub(r"\s+", " ", f.read())
missing = [p for p in phrases if p not in text]
for p in missing:
    print(f"FAIL: the Launcher chapter does not say, as this edition's run does: {p}")
if not os.path.exists(os.path.join(build, "bench.tsv")):
    with open(os.path.join(build, "book", "results.tex")) as f:
        appendix = f.read()
    if "book/edition-run" not in appendix or "%.2f" % pf not in appendix:
        print("FAIL: a book with no benchmark run of its own does not show this edition's run")
        missing.append("appendix")
if missing:
    sys.exit(1)
print(f"ok: {len(phrases)} phrases of the Launcher chapter agree with this edition's run")
PY
