#!/bin/sh
# 49-requests: every request of the Launcher-Host protocol on /dev/lguest (LHREQ_INITIALIZE,
# LHREQ_RESULT, LHREQ_IRQ, LHREQ_TRIPS, and the wrong ones) gets the answer the Host chapter
# promises, before and after the Guest exists; and an answer to a console read reaches the
# Guest's %eax.  tests/tools/lgrequests.c says each check; it prints one line each.
fail() { echo "FAIL: $*"; exit 1; }

[ -e /dev/lguest ] || insmod /lg.ko || fail "no /dev/lguest and insmod failed"
/bin/lgrequests
status=$?
[ "$status" -eq 0 ] || fail "lgrequests: some answers were wrong (status $status)"
echo "ok: every request got its answer"
