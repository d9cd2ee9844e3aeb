#!/bin/sh
# Exercise 7.10 (a wider Switcher): the Host is a PAE kernel (its release name says pae and
# /proc/cpuinfo has the pae flag) or a 64-bit one (uname -m says x86_64), and a Guest still runs
# hello there and powers off with status 0.

fail() { echo "FAIL: $*"; exit 1; }

release=$(uname -r) machine=$(uname -m)
echo "Host: $release on $machine"
case $machine in
    x86_64) ;;
    *) case $release in
           *pae*) grep -qw pae /proc/cpuinfo || fail "a PAE kernel on a processor without the pae flag?" ;;
           *) fail "the Host kernel $release ($machine) is neither PAE nor 64-bit" ;;
       esac ;;
esac
out=$(/bin/lguest /guest/guest.elf -- run=hello </dev/null 2>&1)
status=$?
echo "$out"
echo "$out" | grep -q '^hello: pid [0-9]* running in ring 3$' || fail "hello did not run"
[ "$status" -eq 0 ] || fail "status $status"
echo "ok: a Guest runs on $release ($machine)"
