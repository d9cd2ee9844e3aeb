#!/bin/sh
# 47-console: input piped into the Guest's console device is not lost: about nine kilobytes go
# through the Launcher's input thread, the console's receive queue and a user program that counts
# and sums the bytes; the count and sum must be what the Host computes from the same bytes.

fail() { echo "FAIL: $*"; exit 1; }

i=1; : >/tmp/console-in
while [ $i -le 2000 ]; do echo "line $i" >>/tmp/console-in; i=$((i + 1)); done
want_bytes=$(wc -c </tmp/console-in | tr -d ' ')
want_sum=$(od -An -v -tu1 /tmp/console-in | awk '{ for (i = 1; i <= NF; i++) s += $i } END { print s }')
out=$(/bin/lguest /guest/guest.elf -- run=count </tmp/console-in 2>&1)
status=$?
echo "$out"
echo "--- the Host counted $want_bytes bytes, sum $want_sum"
[ "$status" -eq 0 ] || fail "status $status"
echo "$out" | grep -q "^count: $want_bytes bytes, sum $want_sum\$" || fail "the Guest did not get every byte"
echo "ok: $want_bytes bytes piped in, all of them counted by the Guest"
