#!/usr/bin/env bash
# tests/build/60-html-browser.sh -- the HTML edition of the book, checked in a real browser:
# tests/browser/html-check.mjs opens build/html in Debian's headless Chromium (through
# playwright-core, pinned in tests/browser/package-lock.json), follows chunk and index links
# across pages, checks highlighting, figures and a phone-width layout, and saves screenshots
# under build/screenshots/.
# Needs: chromium (Debian package), node and npm.  Weaves the HTML book first if
# build/html/index.html is missing; installs tests/browser/node_modules with `npm ci` if missing.
# Run by tests/run.sh from the top of the repository; exit 0 = pass.

set -euo pipefail

BUILD=${BUILD:-build}
export BUILD
dir=tests/browser
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
export CHROMIUM

if [ ! -x "$CHROMIUM" ]; then
    echo "FAIL: $CHROMIUM is missing: install Debian's package: apt-get install chromium"
    exit 1
fi
for t in node npm; do
    if ! command -v "$t" >/dev/null; then
        echo "FAIL: $t is missing: install Node.js and npm (Debian packages: nodejs npm)"
        exit 1
    fi
done

if [ ! -f "$BUILD/html/index.html" ]; then
    echo "no $BUILD/html/index.html: weaving the HTML book (book/weave.sh html)"
    book/weave.sh html
fi

if [ ! -d "$dir/node_modules/playwright-core" ]; then
    echo "installing $dir/node_modules (npm ci)"
    start=$(date +%s)
    (cd "$dir" && npm ci --prefer-offline --no-audit --no-fund) || {
        echo "FAIL: npm ci in $dir failed (it needs the npm registry)"
        exit 1
    }
    echo "npm ci took $(( $(date +%s) - start )) s"
fi

node "$dir/html-check.mjs"
