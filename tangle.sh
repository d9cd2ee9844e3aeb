#!/bin/sh
# tangle.sh: write every root chunk of the book to its file under build/src.
#
# The chapters in chapters/*.nw are the only source of the hypervisor's code.
# This script is the one place that says which root chunk becomes which file,
# and it refuses to guess: a root chunk that is not in the table (usually a
# misspelled chunk name, which noweb treats as a new root), a table entry with
# no chunk, or a use of a chunk that is never defined, all stop the build.
#
# C, headers and assembly get `#line` directives pointing at the .nw file, so
# compiler errors and gdb point at the book.  Files are rewritten only when
# their text changed (cpif), so a prose-only edit rebuilds nothing.
#
# The files should also read as if written by hand, since students open them
# in editors and gdb lists them.  But `notangle -L' keeps every line in its
# .nw column, so a chunk used at `\t<<Dispatch ...>>' inside a switch comes
# out at column 0.  So each such file is tangled twice, with -L and without,
# and lay_out (below) takes each line of code from the plain tangle, which
# indents an included chunk as far as its reference, and the #line
# directives from the -L one; and it leaves a blank line between a closing
# brace at column 0 and whatever the next chunk starts with.
#
# Usage: ./tangle.sh [OUTDIR]      (default: build/src)
set -eu

top=$(cd "$(dirname "$0")" && pwd)
out=${1:-$top/build/src}
chapters=${LG_CHAPTERS:-$(ls "$top"/chapters/*.nw)}

# The table.  Columns: root chunk name, output path under $out, and whether
# the file gets #line directives ("lines") or not ("plain": linker scripts
# and kbuild files, whose languages have no such directive).
table='
include/lguest.h	include/lguest.h	lines
guest/guest.lds		guest/guest.lds		plain
guest/boot.S		guest/boot.S		lines
guest/guest.h		guest/guest.h		lines
guest/entry.S		guest/entry.S		lines
guest/traps.c		guest/traps.c		lines
guest/lib.c		guest/lib.c		lines
guest/main.c		guest/main.c		lines
guest/mm.c		guest/mm.c		lines
guest/proc.c		guest/proc.c		lines
guest/virtio.c		guest/virtio.c		lines
guest/net.c		guest/net.c		lines
guest/programs.S	guest/programs.S	lines
guest/lguest.c		guest/lguest.c		lines
guest/native.c		guest/native.c		lines
user/user.lds		user/user.lds		plain
user/start.S		user/start.S		lines
user/ulib.h		user/ulib.h		lines
user/ulib.c		user/ulib.c		lines
user/hello.c		user/hello.c		lines
user/faults.c		user/faults.c		lines
user/crash.c		user/crash.c		lines
user/fpu.c		user/fpu.c		lines
user/tls.c		user/tls.c		lines
user/busy.c		user/busy.c		lines
user/bench.c		user/bench.c		lines
user/yielder.c		user/yielder.c		lines
user/syscalls.c		user/syscalls.c		lines
user/sh.c		user/sh.c		lines
user/count.c		user/count.c		lines
user/true.c		user/true.c		lines
user/pages.c		user/pages.c		lines
user/peek.c		user/peek.c		lines
user/iflost.c		user/iflost.c		lines
launcher/lguest.c	launcher/lguest.c	lines
launcher/lguest.1.md	launcher/lguest.1.md	plain
host/Kbuild		host/Kbuild		plain
host/lg.h		host/lg.h		lines
host/core.c		host/core.c		lines
host/user.c		host/user.c		lines
host/run.c		host/run.c		lines
host/interrupts.c	host/interrupts.c	lines
host/page-tables.c	host/page-tables.c	lines
host/segments.c		host/segments.c		lines
host/switcher.S		host/switcher.S		lines
'

die() { echo "tangle.sh: $*" >&2; exit 1; }

command -v notangle >/dev/null 2>&1 ||
	die "notangle not found: install the Debian package 'noweb' (make deps)"

# lay_out PLAIN <LINED: the -L tangle on stdin, with each line of code replaced
# by the same line from the plain tangle PLAIN (the same text, with the
# indentation of the references it came through).  notangle -L writes a
# reference's indentation on a line of its own before the #line directive that
# follows; that line goes.  Of #line directives in a row only the last counts.
# A blank line goes before the directives between a `}' at column 0 and the
# next chunk's first line (no line number moves: a directive follows it).
# Anything else, such as a chunk reference with code beside it on its line,
# cannot be matched and stops the tangle.
lay_out() {
	awk -v plain="$1" '
	function directive(s) { return s ~ /^#line [0-9]+ "/ }
	function put(s) {
		if (npend && !directive(s)) {
			if (last ~ /^}/ && s !~ /^[ \t]*$/ && s !~ /^#[ \t]*(endif|else|elif)/)
				print ""
			print pend
			npend = 0
		}
		if (directive(s)) { pend = s; npend = 1; return }
		print s
		last = s
	}
	BEGIN { while ((getline s < plain) > 0) p[++np] = s; j = 1 }
	{ l[++nl] = $0 }
	END {
		for (i = 1; i <= nl; i++) {
			s = l[i]
			if (directive(s)) { put(s); continue }
			t = p[j]
			k = length(t) - length(s)
			if (j <= np && k >= 0 && substr(t, k + 1) == s && substr(t, 1, k) ~ /^[ \t]*$/) {
				put(t); j++; continue
			}
			if (s ~ /^[ \t]+$/ && i < nl && directive(l[i + 1]))
				continue
			printf "line %d of the -L tangle, \"%s\", is not line %d of the plain one, \"%s\"\n",
				i, s, j, t > "/dev/stderr"
			exit 1
		}
		if (npend) print pend
		if (j <= np) { print "the plain tangle has more lines" > "/dev/stderr"; exit 1 }
	}'
}

roots=$(noroots $chapters | sed -e 's/^<<//' -e 's/>>$//')
known=$(printf '%s\n' "$table" | awk 'NF { print $1 }')

# Every root must be in the table.  A chunk that is defined but used nowhere
# is a root too, so this also catches unused and misspelled chunks.
printf '%s\n' "$roots" | while IFS= read -r r; do
	[ -n "$r" ] || continue
	printf '%s\n' "$known" | grep -qxF -- "$r" ||
		die "chunk <<$r>> is defined but never used, and is not a file in the table (a misspelled chunk name?)"
done

# Every table entry must be a root.
printf '%s\n' "$known" | while IFS= read -r r; do
	printf '%s\n' "$roots" | grep -qxF -- "$r" ||
		die "the table names <<$r>>, but no chapter defines it as a root chunk"
done

printf '%s\n' "$table" | while read -r root path mode; do
	[ -n "$root" ] || continue
	mkdir -p "$(dirname "$out/$path")"
	if [ "$mode" = lines ]; then
		flags='-L'
	else
		flags=''
	fi
	tmp=$(mktemp)
	# notangle reports an undefined chunk on stderr and exits non-zero.
	if ! notangle -t8 $flags -R"$root" $chapters >"$tmp" 2>"$tmp.err" ||
	   [ -s "$tmp.err" ]; then
		cat "$tmp.err" >&2
		rm -f "$tmp" "$tmp.err"
		die "cannot tangle <<$root>> (see the message above)"
	fi
	if [ "$mode" = lines ]; then
		notangle -t8 -R"$root" $chapters >"$tmp.plain"
		if ! lay_out "$tmp.plain" <"$tmp" >"$tmp.out" 2>"$tmp.err"; then
			cat "$tmp.err" >&2
			rm -f "$tmp" "$tmp.err" "$tmp.plain" "$tmp.out"
			die "cannot lay out <<$root>> (see the message above)"
		fi
		mv "$tmp.out" "$tmp"
		rm -f "$tmp.plain"
	fi
	rm -f "$tmp.err"
	cpif "$out/$path" <"$tmp"
	rm -f "$tmp"
done
