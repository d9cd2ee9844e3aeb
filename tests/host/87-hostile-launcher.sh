#!/bin/sh
# 87-hostile-launcher: a Launcher whose thread sets a Guest up and exits, leaving the Guest to
# another thread.  The Host keeps the task that sent LHREQ_INITIALIZE (its timer wakes that
# task, its Guest runs in that task's memory), so only that task may run the Guest: a read from
# any other must fail with EPERM.  devfuzz --hostile-check does exactly this once: thread A
# writes LHREQ_INITIALIZE (a tiny Guest) and exits; the main thread raises an interrupt with
# LHREQ_IRQ and reads.

out=$(devfuzz --hostile-check 2>&1)
status=$?
echo "$out"
[ "$status" -eq 0 ] || { echo "FAIL: the Host let another thread run the Guest"; exit 1; }
