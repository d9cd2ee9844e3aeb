#!/usr/bin/env bash
# tests/build/60-html-browser.sh -- the HTML edition of the book, checked in a real browser:
# tests/browser/html-check.py opens build/html in Debian's headless Chromium (through its
# WebDriver, chromedriver, and Selenium), follows chunk and index links across pages, checks
# highlighting, figures (in a dark colour scheme, and at phone width), the verse, chunk numbers,
# each chapter's contents list, the search box and a phone-width layout, and saves screenshots
# under build/screenshots/.
# Needs Debian's packages chromium, chromium-driver and python3-selenium (make deps installs
# them); nothing is fetched at test time.  Weaves the HTML book first if build/html/index.html
# is missing.  Run by tests/run.sh from the top of the repository; exit 0 = pass.

set -euo pipefail

BUILD=${BUILD:-build}
export BUILD
# Debian's Python, where python3-selenium lives, whatever python3 comes first on PATH.
PYTHON=/usr/bin/python3
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
export CHROMIUM CHROMEDRIVER

missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
[ -x "$CHROMEDRIVER" ] || missing+=(chromium-driver)
{ [ -x "$PYTHON" ] && "$PYTHON" -c 'import selenium' 2>/dev/null; } || missing+=(python3-selenium)
if [ ${#missing[@]} -gt 0 ]; then
    echo "FAIL: the browser test needs Debian's packages: apt-get install ${missing[*]}"
    exit 1
fi

if [ ! -f "$BUILD/html/index.html" ]; then
    echo "no $BUILD/html/index.html: weaving the HTML book (book/weave.sh html)"
    book/weave.sh html
fi

"$PYTHON" tests/browser/html-check.py
