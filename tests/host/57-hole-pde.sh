#!/bin/sh
# 57-hole-pde: the shadow page tables honour the Guest's permissions at both levels.  The
# Guest maps a page through a read-only directory entry and a writable table entry, reads it,
# then writes it: the write must fault (trap 14).  An early Host built shadow entries from the
# table entry alone, and the write "did NOT fault".

fail() { echo "FAIL: $*"; exit 1; }

out=$(/bin/lguest /guest/guest.elf -- pdeperm </dev/null 2>&1)
echo "$out" | grep 'read-only directory'
echo "$out" | grep -q 'read trap 65535, write trap 14' ||
    fail "the read should succeed (trap 65535: none) and the write fault (trap 14)"
echo "ok: a read-only directory entry makes the page read-only"
