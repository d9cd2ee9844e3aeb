#!/bin/sh
# 88-timer-storm: a Guest may not turn the Host's timer into an interrupt storm.  A Guest with
# its interrupts off that asks for a periodic timer of 100 ns and spins would, if the Host took
# it at its word, make the Host's timer fire ten million times a second.  devfuzz --timer-storm
# runs such a Guest for two seconds and counts the Host's local timer interrupts against two
# seconds without it; it fails if the Guest cost ten times as many or more.

out=$(devfuzz --timer-storm 100 2>&1)
status=$?
echo "$out"
[ "$status" -eq 0 ] || { echo "FAIL: a Guest's periodic timer flooded the Host with interrupts"; exit 1; }
