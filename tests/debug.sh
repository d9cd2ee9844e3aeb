#!/usr/bin/env bash
# tests/debug.sh -- what `make debug` runs: boot the Host in QEMU with its gdbstub, and start gdb
# already attached, knowing the Guest's symbols (build/bin/guest.elf), lg.ko's (loaded at the
# addresses the Host put its sections), and where the Switcher's pages are.
#
# 1. tests/qemu.sh --mode debug boots the Host (console: build/debug/serial.log; follow it with
#    `tail -f build/debug/serial.log` in another terminal) with -gdb tcp:127.0.0.1:PORT.  Its
#    /init loads lg.ko, prints "@@LG-SECTIONS .text=... switcher=..." and then runs
#    `lguest /guest/guest.elf -- run=hello ticks=20` every few seconds.
# 2. When that line appears, this script writes build/debug/gdbinit:
#      target remote 127.0.0.1:PORT
#      symbol-file build/bin/guest.elf                    the Guest, at its own addresses
#      add-symbol-file build/src/host/lg.ko -s .text ...  the Host module, where it was loaded
#      set $switcher = ADDR                               the Switcher's first page
#    and the command `switcher-break SYMBOL`, a breakpoint on the copy of a Switcher symbol
#    that really runs (the Host copies the Switcher's code to $switcher; lg.ko's own copy
#    never executes).
# 3. gdb starts with that file (interactive; or --batch FILE: gdb -batch runs FILE's commands
#    and the script exits with gdb's status).  QEMU is stopped when gdb exits.
#
# Every address gdb shows resolves to a chapter's line: the tangled sources carry #line
# directives, so `list`, `bt` and `info line` name chapters/NN-name.nw.  Outside gdb,
# `addr2line -e build/bin/guest.elf ADDR` does the same.
#
# Options:
#   --cpu MODEL     QEMU CPU model for the Host  [pentium3]
#   --port N        gdbstub TCP port on 127.0.0.1 [1234]
#   --batch FILE    run gdb non-interactively on FILE's commands (after the gdbinit)
#   --timeout SECS  how long to wait for the Host to load lg.ko [300]
#   --host-symbols  also load the Host kernel's own symbols (make debug HOST_SYMBOLS=1):
#                   tests/host-kernel.sh symbols fetches Debian's linux-image-<release>-dbg
#                   once (about 760 MB to download; its vmlinux, about 300 MB, is kept as
#                   build/kernel/vmlinux), and gdb names the Host kernel's functions too
#
# The Host boots with nokaslr here, so that its kernel sits at the addresses its vmlinux says.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$REPO/build}
DIR=$BUILD/debug
LOG=$DIR/serial.log
cpu=pentium3 port=1234 batch='' wait_for=300 host_symbols=0

while [ $# -gt 0 ]; do
    case $1 in
        --cpu)     cpu=$2; shift 2 ;;
        --port)    port=$2; shift 2 ;;
        --batch)   batch=$2; shift 2 ;;
        --timeout) wait_for=$2; shift 2 ;;
        --host-symbols) host_symbols=1; shift ;;
        -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *)         echo "debug.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    esac
done

die() { printf 'debug.sh: error: %s\n' "$*" >&2; exit 1; }
command -v gdb >/dev/null || die "gdb is not installed (apt-get install gdb, or make deps)"
[ -z "$batch" ] || [ -f "$batch" ] || die "no gdb command file $batch"
for f in "$BUILD/bin/guest.elf" "$BUILD/src/host/lg.ko"; do
    [ -f "$f" ] || die "no $f (make module guest builds it)"
done
vmlinux=''
if [ "$host_symbols" = 1 ]; then
    BUILD=$BUILD "$REPO/tests/host-kernel.sh" symbols || die "could not get the Host kernel's symbols"
    vmlinux=$BUILD/kernel/vmlinux
fi
mkdir -p "$DIR"
: >"$LOG"

"$REPO/tests/qemu.sh" --mode debug --cpu "$cpu" --quiet --log "$LOG" \
    --append nokaslr -- -gdb "tcp:127.0.0.1:$port" >"$DIR/qemu.out" 2>&1 &
qemu_job=$!
trap 'kill "$qemu_job" 2>/dev/null; pkill -f "gdb tcp:127.0.0.1:$port" 2>/dev/null; wait 2>/dev/null' EXIT

echo "debug.sh: booting the Host (console: $LOG); waiting for it to load lg.ko"
sections=''
for ((i = 0; i < wait_for; i++)); do
    # Only a whole line counts: the console may hold half of it while QEMU writes.
    sections=$(tr -d '\r' <"$LOG" | sed -n 's/^.*@@LG-SECTIONS \(.*\) @@END$/\1/p' | head -n 1)
    [ -z "$sections" ] || break
    kill -0 "$qemu_job" 2>/dev/null || { cat "$DIR/qemu.out" >&2; die "QEMU stopped; see $LOG"; }
    sleep 1
done
[ -n "$sections" ] || die "the Host did not load lg.ko within $wait_for s; see $LOG"

# ".text=0xd0a5e000 .data=... switcher=0xff..." -> shell variables
text='' data='' bss='' rodata='' switcher=''
for kv in $sections; do
    case $kv in
        .text=*) text=${kv#*=} ;; .data=*) data=${kv#*=} ;; .bss=*) bss=${kv#*=} ;;
        .rodata=*) rodata=${kv#*=} ;; switcher=*) switcher=${kv#*=} ;;
    esac
done
[ -n "$text" ] && [ -n "$switcher" ] || die "could not read '$sections'"

cat >"$DIR/gdbinit" <<GDB
# Written by tests/debug.sh for this boot of the Host; see its header.
set pagination off
set confirm off
set breakpoint pending off
set architecture i386
symbol-file $BUILD/bin/guest.elf
${vmlinux:+add-symbol-file $vmlinux
}add-symbol-file $BUILD/src/host/lg.ko -s .text $text${data:+ -s .data $data}${bss:+ -s .bss $bss}${rodata:+ -s .rodata $rodata}
set \$switcher = $switcher
define switcher-break
  break *(\$switcher + ((char *)&\$arg0 - (char *)&start_switcher_text))
end
document switcher-break
Break where the Switcher's copy of SYMBOL runs: switcher-break switch_to_guest.
end
define switcher-where
  info symbol (long)&start_switcher_text + ((long)\$pc - \$switcher)
end
document switcher-where
Name the Switcher symbol the program counter is in (the copy at \$switcher has no symbols).
end
target remote 127.0.0.1:$port
echo \\n[debug] Guest symbols: guest.elf; lg.ko at .text $text; the Switcher at $switcher${vmlinux:+; the Host kernel: vmlinux}.\\n
echo [debug] Try: break trap, continue, bt, p *tf, info registers.\\n
GDB

echo "debug.sh: lg.ko's .text is at $text, the Switcher at $switcher; starting gdb"
if [ -n "$batch" ]; then
    gdb -nx -batch -x "$DIR/gdbinit" -x "$batch"
else
    gdb -nx -q -x "$DIR/gdbinit"
fi
