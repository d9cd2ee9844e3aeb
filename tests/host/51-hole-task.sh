#!/bin/sh
# 51-hole-task: the Host holds a reference on the Launcher thread that set the Guest up, and
# runs the Guest only for that thread.  lgthread (tests/tools/lgthread.c) sets a Guest up from a
# thread that then exits, raises an interrupt (which wakes that thread's task) and tries to run
# the Guest from the main thread: the write must return at once and the read must fail with
# EPERM.  A Host that kept a bare pointer woke a freed task here; with the task_struct cache
# poisoned (slub_debug, which tests/run.sh turns on for that cache) the write never returned.

fail() { echo "FAIL: $*"; exit 1; }

out=$(/bin/lgthread 2>&1)
status=$?
echo "$out"
echo "lgthread: exit status $status"
echo "$out" | grep -q 'irq write returned 8' || fail "raising an interrupt after the thread exited did not return 8"
echo "$out" | grep -q 'read: errno EPERM' || fail "another thread could run the Guest"
[ "$status" -eq 0 ] || fail "lgthread exited with $status"
echo "ok: the dead thread's Guest can be interrupted safely and run by nobody else"
