#!/usr/bin/env bash
# tests/build/55-man-page.sh -- the Launcher's manual page, build/man/lguest.1 (pandoc's work
# from the Markdown in the Launcher's chapter), read as a user would, with `man -l`:
#   * man renders it without a warning (man --warnings: groff's own complaints);
#   * it has the sections a manual page of a command has: NAME, SYNOPSIS, DESCRIPTION,
#     OPTIONS, EXIT STATUS, FILES, EXAMPLES;
#   * every option that `lguest --help` lists (short and long form) is explained under
#     OPTIONS, and OPTIONS explains no option that --help does not list.
# Run by tests/run.sh from the top of the repository; exit 0 = pass.
set -uo pipefail

BUILD=${BUILD:-build}
page=$BUILD/man/lguest.1
L=$BUILD/bin/lguest
command -v man >/dev/null || { echo "FAIL: no man: apt-get install man-db"; exit 1; }
[ -f "$page" ] || { echo "FAIL: no $page (make man)"; exit 1; }
[ -x "$L" ] || { echo "FAIL: no $L (make launcher)"; exit 1; }
status=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Plain text, 80 columns, no pager, no hyphenation games with the locale.
if ! LC_ALL=C.UTF-8 MANWIDTH=80 MANPAGER=cat man --warnings -l "$page" >"$tmp/text" 2>"$tmp/err"; then
    echo "FAIL: man -l $page failed:"; cat "$tmp/err"; exit 1
fi
if [ -s "$tmp/err" ]; then
    echo "FAIL: man --warnings -l $page complained:"; cat "$tmp/err"; status=1
else
    echo "ok: man -l $page renders $(wc -l <"$tmp/text") lines without a warning"
fi

for s in NAME SYNOPSIS DESCRIPTION OPTIONS 'EXIT STATUS' FILES EXAMPLES; do
    if grep -qx "$s" "$tmp/text"; then
        echo "ok: section $s"
    else
        echo "FAIL: no section $s"; status=1
    fi
done

# The option lines: "  -m, --memory MIB   ..." in --help, "       -m, --memory MIB" under
# OPTIONS in the page; compared as "-m, --memory".
"$L" --help | sed -n 's/^ *\(-[A-Za-z], --[a-z-]*\).*/\1/p' | sort >"$tmp/help"
sed -n '/^OPTIONS$/,/^[A-Z]/p' "$tmp/text" | sed -n 's/^ \{7\}\(-[A-Za-z], --[a-z-]*\).*/\1/p' |
    sort >"$tmp/man"
[ -s "$tmp/help" ] || { echo "FAIL: lguest --help lists no options"; exit 1; }
while IFS= read -r o; do
    if grep -qxF -- "$o" "$tmp/man"; then
        echo "ok: OPTIONS explains $o"
    else
        echo "FAIL: lguest --help lists $o, but the page's OPTIONS does not explain it"; status=1
    fi
done <"$tmp/help"
while IFS= read -r o; do
    grep -qxF -- "$o" "$tmp/help" ||
        { echo "FAIL: the page explains $o, which lguest --help does not list"; status=1; }
done <"$tmp/man"
exit $status
