#!/usr/bin/env bash
# tests/build/45-module-info.sh -- `modinfo lg.ko` tells a Host's administrator what the module
# is: its description, author, version and licence are there, and every module parameter has a
# description of its own (a parm line "name:text"), so `modinfo lg.ko` explains what
# /sys/module/lg/parameters/ shows.  The parameters are read from the module's symbols
# (module_param and module_param_cb each make a __param_NAME), since modinfo's parmtype lines
# leave out the parameters of module_param_cb.
# Run by tests/run.sh from the top of the repository; exit 0 = pass.
set -uo pipefail

ko=${BUILD:-build}/bin/lg.ko
command -v modinfo >/dev/null || { echo "FAIL: no modinfo: apt-get install kmod"; exit 1; }
command -v nm >/dev/null || { echo "FAIL: no nm: apt-get install binutils"; exit 1; }
[ -f "$ko" ] || { echo "FAIL: no $ko (make module)"; exit 1; }
status=0

for field in description author version license; do
    value=$(modinfo -F "$field" "$ko")
    if [ -n "$value" ]; then
        echo "ok: $field: $value"
    else
        echo "FAIL: modinfo shows no $field for $ko"
        status=1
    fi
done

# (each parameter NAME also has a __param_str_NAME, its name as a string)
syms=$(nm "$ko" | sed -n 's/^[0-9a-f]* [a-zA-Z] __param_\([A-Za-z0-9_]*\)$/\1/p')
params=$(for n in $syms; do grep -qx "str_$n" <<<"$syms" && echo "$n"; done)
[ -n "$params" ] || echo "ok: no module parameters"
for p in $params; do
    desc=$(modinfo -F parm "$ko" | sed -n "s/^$p:\(.*\)/\1/p")
    if [ -n "$desc" ]; then
        echo "ok: parameter $p: $desc"
    else
        echo "FAIL: parameter $p has no description (MODULE_PARM_DESC)"
        status=1
    fi
done
exit $status
