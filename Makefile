# Makefile: build the book and the hypervisor it contains.
#
#   make            set up (deps), tangle, build lg.ko, the Launcher and the Guest,
#                   its manual page (build/man/lguest.1), and weave the book
#                   (build/book.pdf, build/html/index.html)
#   make test       run the test suite (boots a 32-bit host in QEMU)
#   make run        boot the host in QEMU and run the demo Guest on this terminal
#   make debug      the same Host with gdb attached (Guest and lg.ko symbols loaded)
#   make check-exercise N=2.1   run Exercise 2.1's checker (exercises/checks/); fails until done
#   make check-solutions        prove every checker against its reference solution (solutions/)
#   make bench      measure the Guest against native in QEMU (build/bench.tsv)
#   make fuzz       fuzz the Host in QEMU for FUZZ_SECS seconds (build/fuzz.tsv)
#   make Host       weave one chapter (also Preparation, Guest, Drivers, ...)
#
# Everything generated goes under build/.  See README.md.

SHELL := /bin/bash
BUILD := build
SRC := $(BUILD)/src
BIN := $(BUILD)/bin
CHAPTERS := $(sort $(wildcard chapters/*.nw))

# The kernel to build lg.ko against: by default the Debian 686 headers that
# `make deps` extracts under build/; on a real 32-bit machine, its own:
#   make module KDIR=/lib/modules/$(uname -r)/build
KDIR ?= $(shell cat $(BUILD)/kernel/KDIR 2>/dev/null)

WARN := -Wall -Wextra -Werror
GUEST_CFLAGS := -m32 -march=i686 -O2 -g $(WARN) -std=gnu11 -ffreestanding -fno-pic \
	-fno-stack-protector -fno-asynchronous-unwind-tables -mgeneral-regs-only \
	-fno-builtin -I$(SRC)/include
LAUNCHER_CFLAGS := -m32 -O2 -g $(WARN) -std=gnu11 -static -pthread -D_FILE_OFFSET_BITS=64 -I$(SRC)/include

CHAPTER_NAMES := Preparation Guest Drivers Launcher Host Switcher Mastery

.PHONY: all deps tangle module launcher guest tools man book test run debug bench soak fuzz devfuzz \
	check-exercise check-solutions clean distclean \
	check-tools $(CHAPTER_NAMES)

all: deps tangle module launcher guest man book

# ---------------------------------------------------------------------------
# deps: Debian packages (installed when we are root, else the apt-get line is
# printed), then the i386 kernel packages fetched into build/cache and
# extracted under build/kernel (nothing is installed into the system).
# Everything `make test` needs is here too: perl runs the kernel's checkpatch.pl,
# man-db checks the manual page, and chromium with chromium-driver and
# python3-selenium (run by /usr/bin/python3, whatever python3 is first on PATH)
# drive the browser test of the HTML book.
PACKAGES := noweb pandoc texlive-latex-base texlive-latex-recommended \
	texlive-latex-extra texlive-fonts-recommended latexmk gcc-multilib \
	libc6-dev-i386 binutils qemu-system-x86 cpio poppler-utils graphviz file \
	kmod python3 dvisvgm tex-gyre linux-source-6.1 perl man-db \
	chromium chromium-driver python3-selenium gdb

deps:
	@missing=$$(for p in $(PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "make deps: installing:" $$missing; \
			apt-get update -q || echo "make deps: apt-get update had errors; going on"; \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
		else \
			echo "make deps: these Debian packages are missing. Run:"; \
			echo "  sudo apt-get install $$missing"; \
			exit 1; \
		fi; \
	fi
	@tests/host-kernel.sh build

# Name the Debian package of any missing tool, for targets run without `make deps`.
check-tools:
	@for t in notangle:noweb gcc:gcc cpif:noweb; do \
		command -v $${t%%:*} >/dev/null || { echo "missing $${t%%:*}: apt-get install $${t#*:}"; exit 1; }; \
	done

# ---------------------------------------------------------------------------
tangle: check-tools
	./tangle.sh $(SRC)

module: tangle
	@test -n "$(KDIR)" || { echo "make module: no kernel headers: run 'make deps' or give KDIR=..."; exit 1; }
	$(MAKE) -C $(KDIR) M=$(abspath $(SRC)/host) modules
	@mkdir -p $(BIN)
	cp $(SRC)/host/lg.ko $(BIN)/lg.ko

launcher: tangle
	@mkdir -p $(BIN)
	gcc $(LAUNCHER_CFLAGS) -o $(BIN)/lguest $(SRC)/launcher/lguest.c

GUEST_SRCS := $(addprefix $(SRC)/guest/,boot.S entry.S lib.c traps.c mm.c proc.c virtio.c net.c main.c lguest.c native.c programs.S)
# The user programs the Guest carries inside it (the list in guest/programs.S must match).
USER_PROGS := hello faults crash fpu tls busy bench yielder syscalls sh count true pages peek iflost
USER_CFLAGS := -m32 -march=pentium3 -O2 -g $(WARN) -std=gnu11 -ffreestanding -fno-pic \
	-fno-stack-protector -fno-asynchronous-unwind-tables -fno-builtin \
	-I$(SRC)/include -I$(SRC)/guest -I$(SRC)/user
guest: tangle
	@mkdir -p $(BIN)/user
	@for p in $(USER_PROGS); do \
		echo "gcc ... -o $(BIN)/user/$$p"; \
		gcc $(USER_CFLAGS) -nostdlib -static -Wl,--build-id=none -Wl,-T,$(SRC)/user/user.lds \
			-o $(BIN)/user/$$p $(SRC)/user/start.S $(SRC)/user/ulib.c $(SRC)/guest/lib.c \
			$(SRC)/user/$$p.c -lgcc || exit 1; \
	done
	gcc $(GUEST_CFLAGS) -nostdlib -static -Wl,--build-id=none -Wl,-T,$(SRC)/guest/guest.lds \
		-Wa,-I,$(BIN)/user -o $(BIN)/guest.elf $(GUEST_SRCS) -lgcc

# The Host-side test tools (tests/tools/*.c): small static 32-bit programs that the in-Host
# tests run beside the Launcher (the initramfs puts them in /bin).
TOOL_NAMES := $(basename $(notdir $(wildcard tests/tools/*.c)))
tools: tangle
	@mkdir -p $(BIN)/tools
	@for t in $(TOOL_NAMES); do \
		echo "gcc ... -o $(BIN)/tools/$$t"; \
		gcc -m32 -static -O2 $(WARN) -std=gnu11 -pthread -I$(SRC)/include \
			-o $(BIN)/tools/$$t tests/tools/$$t.c || exit 1; \
	done

# The Launcher's manual page, lguest(1): Markdown in the Launcher's chapter,
# made into man's format by pandoc.  Read it with: man -l build/man/lguest.1
man: tangle
	@mkdir -p $(BUILD)/man
	pandoc --standalone --to man -o $(BUILD)/man/lguest.1 $(SRC)/launcher/lguest.1.md

# ---------------------------------------------------------------------------
book: tangle
	book/weave.sh all

$(CHAPTER_NAMES):
	book/weave.sh $@

# ---------------------------------------------------------------------------
# make test T='38-hostile 3*'  runs only the tests named (shell patterns; one boot, no book);
# make test SLOW=3             gives every time limit three times as long (a busy machine);
# make test CPU=max,vendor=GenuineIntel T=...   picks the CPU model for a T= run.
T ?=
SLOW ?= 1
CPU ?= pentium3
ifeq ($(strip $(T)),)
test: all tools devfuzz
	tests/run.sh --slow $(SLOW)
else
test: deps module launcher guest tools man devfuzz
	tests/run.sh --slow $(SLOW) --cpu '$(CPU)' --only '$(T)'
endif

# check-exercise N=2.1: the checker of the book's Exercise 2.1 (exercises/checks/build/2.1-*.sh
# and exercises/checks/host/2.1-*.sh), on this repository as it stands: it fails until the
# exercise is done.  One boot of the Host when the checker runs there; no book.
N ?=
check-exercise: deps module launcher guest tools devfuzz
	@case '$(N)' in ''|*[!0-9.]*) echo "make check-exercise: say which, e.g. N=2.1 (the book's Exercise 2.1)"; \
		exit 2 ;; esac
	@ls exercises/checks/*/$(N)-*.sh >/dev/null 2>&1 || { echo "make check-exercise: no checker for Exercise $(N) in exercises/checks/"; exit 2; }
	tests/run.sh --tests exercises/checks --only '$(N)-*' --slow $(SLOW) --cpu '$(CPU)'

# check-solutions: every checker fails on the book as it stands and passes with its reference
# solution applied to a scratch copy (tests/solutions.sh; build/solutions/report.tsv).
#   make check-solutions T='2.* 7.1-*'   only these exercises
check-solutions: deps module launcher guest tools devfuzz
	tests/solutions.sh --slow $(SLOW) $(if $(strip $(T)),--only '$(T)')

run: deps module launcher guest
	tests/qemu.sh --mode run

# debug: the Host in QEMU with its gdbstub, and gdb attached, knowing the Guest's and lg.ko's
# symbols.  See tests/debug.sh (and the Preparation chapter).
#   make debug HOST_SYMBOLS=1   the Host kernel's symbols too (a 760 MB download, once)
debug: deps module launcher guest
	tests/debug.sh --cpu '$(CPU)' $(if $(HOST_SYMBOLS),--host-symbols)

# bench: one boot of the Host; the Guest's `bench` command line against tests/bench/native.c
# run natively on the same Host kernel.  See tests/bench.sh.
#   make bench BASELINE=REV   also an older commit's Guest, Host and Launcher in the same boot
bench: deps module launcher guest tools
	@mkdir -p $(BIN)
	gcc -m32 -static -O2 $(WARN) -o $(BIN)/native-bench tests/bench/native.c
	tests/bench.sh $(if $(BASELINE),--baseline '$(BASELINE)')

# soak: eight Guests at once on the 2-CPU Host for ten minutes, memory flat, kernel log clean.
#   make soak SOAK_MIN=10 SOAK_GUESTS=8
SOAK_MIN ?= 10
SOAK_GUESTS ?= 8
soak: deps module launcher guest tools
	tests/soak.sh --minutes $(SOAK_MIN) --guests $(SOAK_GUESTS) --cpu '$(CPU)'

# fuzz: one boot of the Host, fuzzed by tests/fuzz/devfuzz.c (/dev/lguest) and by the Guest's
# fuzz=SEED,COUNT hypercall fuzzer, then the hostile-Launcher, timer-storm and launch-leak
# checks.  See tests/fuzz.sh.
#   make fuzz FUZZ_SECS=600   fuzz for ten minutes (half each)     [300]
#   make fuzz FUZZ_OPS=1000000   stop after so many operations too [0: time only]
#   make fuzz FUZZ_SEED=7 LEAK_ROUNDS=1000                         [1, 200]
FUZZ_SECS ?= 300
FUZZ_OPS ?= 0
FUZZ_SEED ?= 1
LEAK_ROUNDS ?= 200
devfuzz: tangle
	@mkdir -p $(BIN)
	gcc -m32 -static -O2 $(WARN) -pthread -I$(SRC)/include -o $(BIN)/devfuzz tests/fuzz/devfuzz.c

fuzz: deps module launcher guest devfuzz
	tests/fuzz.sh --secs $(FUZZ_SECS) --ops $(FUZZ_OPS) --seed $(FUZZ_SEED) \
		--leak $(LEAK_ROUNDS) --cpu '$(CPU)'

clean:
	find $(BUILD) -mindepth 1 -maxdepth 1 ! -name .gitignore ! -name cache ! -name kernel \
		-exec rm -rf {} +

distclean:
	find $(BUILD) -mindepth 1 -maxdepth 1 ! -name .gitignore -exec rm -rf {} +
