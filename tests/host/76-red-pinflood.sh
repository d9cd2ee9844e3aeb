#!/bin/sh
# 76-red-pinflood (red team): a Guest overflows the reference count of one of the Launcher's
# pages.  Each shadow page-table entry pins the page it maps (pin_user_pages_fast with
# FOLL_LONGTERM), and a pin of a small page adds GUP_PIN_COUNTING_BIAS (1024) to its
# reference count; nothing in the Host bounds how many shadow entries may map one page.
# hostile=pinflood maps one Guest page at every user address of three page directories
# (3 * 768 * 1024 shadow entries, the Host keeps four shadows) and reads them all: after
# 2^31 / 1024 = 2097152 pins the count is negative, and the Host's mm/gup.c says
# "WARNING: ... try_get_folio / try_grab_page" (a panic under panic_on_warn).
# This test FAILS when the hole is there.

fail() { echo "FAIL: $*"; exit 1; }

dmesg -c >/dev/null
out=$(timeout -s KILL $((1500 * ${LG_SLOW:-1})) /bin/lguest /guest/guest.elf -- hostile=pinflood </dev/null 2>&1)
status=$?
echo "$out" | tail -n 8
echo "status $status"
dmesg | grep -B2 -A25 'WARNING' | head -60
dmesg | grep -q 'WARNING' && fail "the Host's kernel warned: a page's reference count overflowed"
echo "$out" | grep -qE "cannot (get|pin) the Launcher's page" &&
    fail "the Host could not pin the page any more: its reference count overflowed"
echo "ok: no overflow"
