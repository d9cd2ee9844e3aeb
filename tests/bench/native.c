/*
 * tests/bench/native.c -- the native side of `make bench`.
 *
 * A static 32-bit program that runs on the Host kernel itself (in the QEMU-booted Host, next
 * to the Launcher) and measures, with the time stamp counter, the same operations the Guest
 * measures inside itself.  tests/bench.sh divides one by the other.
 *
 * Output, on standard output, one line per benchmark and nothing else:
 *
 *     BENCH <name> <total_tsc_cycles> <operations>
 *
 * where <total_tsc_cycles> is the TSC difference over the whole timed run of <operations>
 * operations, the smallest of REPS (5) repetitions (the best of several cuts the noise of
 * the emulator).  The benchmarks:
 *
 *   hypercall  natively there is no hypercall.  This line repeats the syscall measurement:
 *              the native analogue of a round trip into a more privileged layer.
 *   syscall    N null system calls: getppid (eax = 64 on i386) through `int $0x80`, the
 *              instruction the Guest uses too.
 *   pagefault  mmap an anonymous private region of N pages, write one byte per page (each
 *              write is a demand-zero fault), munmap.  Only the writes are timed;
 *              operations = N.
 *   ctxswitch  two processes pinned to CPU 0 play ping-pong with one byte each way through
 *              two pipes; operations = context switches, two per round trip.
 *   cpuloop    200 million steps of x = x * 1103515245 + 12345 in a function the compiler
 *              may not inline; operations = 200000000.  Its result goes to standard error so
 *              that the loop is not optimised away.
 *   memtouch   8 MiB written a word at a time and summed; operations = 2048 pages.
 *   spawn      fork, _exit and waitpid, 20 times (the Guest spawns a program instead).
 *
 * Usage: native-bench [NAME...]   (no NAME: all of them, syscall first, then the others in
 *                                  the order above)
 * Exit status 0 iff every benchmark asked for ran.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define REPS 5
#define SYSCALLS 200000u
#define FAULT_PAGES 4096u
#define PINGPONGS 20000u
#define CPULOOP_STEPS 200000000u

static uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return ((uint64_t)hi << 32) | lo;
}

static void die(const char *what)
{
	fprintf(stderr, "native-bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void report(const char *name, uint64_t cycles, unsigned long ops)
{
	printf("BENCH %s %llu %lu\n", name, (unsigned long long)cycles, ops);
	fflush(stdout);
}

/* --- syscall (and hypercall) ------------------------------------------------------------- */
static uint64_t syscall_once(void)
{
	uint64_t t0, t1;
	unsigned int i;
	long ret;

	t0 = rdtsc();
	for (i = 0; i < SYSCALLS; i++)
		asm volatile("int $0x80" : "=a"(ret) : "0"(64L) : "memory");
	t1 = rdtsc();
	(void)ret;
	return t1 - t0;
}

static uint64_t syscall_best;

static void bench_syscall(void)
{
	uint64_t best = UINT64_MAX, t;
	int r;

	for (r = 0; r < REPS; r++) {
		t = syscall_once();
		if (t < best)
			best = t;
	}
	syscall_best = best;
	report("syscall", best, SYSCALLS);
}

static void bench_hypercall(void)
{
	if (!syscall_best)
		bench_syscall();	/* asked for alone: measure it first, print both */
	report("hypercall", syscall_best, SYSCALLS);
}

/* --- pagefault --------------------------------------------------------------------------- */
static uint64_t pagefault_once(void)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t len = (size_t)page * FAULT_PAGES;
	volatile char *p;
	uint64_t t0, t1;
	unsigned int i;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		die("mmap");
#ifdef MADV_NOHUGEPAGE
	madvise((void *)p, len, MADV_NOHUGEPAGE);	/* one fault per 4 KiB page; may be EINVAL */
#endif
	t0 = rdtsc();
	for (i = 0; i < FAULT_PAGES; i++)
		p[(size_t)i * (size_t)page] = 1;
	t1 = rdtsc();
	if (munmap((void *)p, len))
		die("munmap");
	return t1 - t0;
}

static void bench_pagefault(void)
{
	uint64_t best = UINT64_MAX, t;
	int r;

	for (r = 0; r < REPS; r++) {
		t = pagefault_once();
		if (t < best)
			best = t;
	}
	report("pagefault", best, FAULT_PAGES);
}

/* --- ctxswitch --------------------------------------------------------------------------- */
static void write_byte(int fd)
{
	char c = 'x';

	while (write(fd, &c, 1) != 1)
		if (errno != EINTR)
			die("pipe write");
}

/* 1 if a byte came, 0 at end of file. */
static int read_byte(int fd)
{
	char c;
	ssize_t n;

	while ((n = read(fd, &c, 1)) < 0)
		if (errno != EINTR)
			die("pipe read");
	return n == 1;
}

static void bench_ctxswitch(void)
{
	int to_child[2], to_parent[2], r, status;
	uint64_t best = UINT64_MAX, t0, t1;
	unsigned int i;
	cpu_set_t cpu0, before;
	pid_t pid;

	/* Pin before fork, so that the child is born on CPU 0 as well. */
	if (sched_getaffinity(0, sizeof(before), &before))
		die("sched_getaffinity");
	CPU_ZERO(&cpu0);
	CPU_SET(0, &cpu0);
	if (sched_setaffinity(0, sizeof(cpu0), &cpu0))
		die("sched_setaffinity to CPU 0");
	if (pipe(to_child) || pipe(to_parent))
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		close(to_child[1]);
		close(to_parent[0]);
		while (read_byte(to_child[0]))
			write_byte(to_parent[1]);
		_exit(0);
	}
	close(to_child[0]);
	close(to_parent[1]);
	for (r = 0; r < REPS; r++) {
		t0 = rdtsc();
		for (i = 0; i < PINGPONGS; i++) {
			write_byte(to_child[1]);
			if (!read_byte(to_parent[0])) {
				errno = EPIPE;
				die("the ping-pong partner went away");
			}
		}
		t1 = rdtsc();
		if (t1 - t0 < best)
			best = t1 - t0;
	}
	close(to_child[1]);		/* end of file: the child exits */
	if (waitpid(pid, &status, 0) < 0)
		die("waitpid");
	close(to_parent[0]);
	/* Leave the other benchmarks free to run wherever the scheduler likes, as before. */
	if (sched_setaffinity(0, sizeof(before), &before))
		die("sched_setaffinity back");
	report("ctxswitch", best, 2ul * PINGPONGS);
}

/* --- cpuloop ----------------------------------------------------------------------------- */
/* noipa as well as noinline: otherwise GCC may find the function const and move or merge
 * the calls outside the timed region. */
__attribute__((noinline, noipa)) static uint32_t cpuloop(void)
{
	uint32_t x = 1;
	for (uint32_t i = 0; i < 200000000u; i++)
		x = x * 1103515245u + 12345u;
	return x;
}

static void bench_cpuloop(void)
{
	uint64_t best = UINT64_MAX, t0, t1;
	uint32_t x = 0;
	int r;

	for (r = 0; r < REPS; r++) {
		t0 = rdtsc();
		x = cpuloop();
		t1 = rdtsc();
		if (t1 - t0 < best)
			best = t1 - t0;
	}
	fprintf(stderr, "native-bench: cpuloop result %u\n", (unsigned int)x);
	report("cpuloop", best, CPULOOP_STEPS);
}

/* Block I/O: 8 requests of 1 MiB, read then written with pread/pwrite on the same file the
 * Guest's disk uses (/tmp/bench.img, made by host-init.sh): the Launcher serves the Guest's
 * requests with the same calls, so the ratio is what the virtqueue and the trips cost. */
#define BLK_FILE	"/tmp/bench.img"
#define BLK_CHUNK	(1 << 20)
#define BLK_CHUNKS	8

static void bench_blk(const char *name, int writing)
{
	static char buf[BLK_CHUNK];
	uint64_t best = UINT64_MAX, t0, t1;
	int fd = open(BLK_FILE, O_RDWR), r, i;
	ssize_t n;

	if (fd < 0) {
		fprintf(stderr, "native-bench: no %s: %s\n", BLK_FILE, strerror(errno));
		return;
	}
	for (r = 0; r < REPS; r++) {
		t0 = rdtsc();
		for (i = 0; i < BLK_CHUNKS; i++) {
			n = writing ? pwrite(fd, buf, BLK_CHUNK, (off_t)i * BLK_CHUNK)
				    : pread(fd, buf, BLK_CHUNK, (off_t)i * BLK_CHUNK);
			if (n != BLK_CHUNK)
				die(name);
		}
		t1 = rdtsc();
		if (t1 - t0 < best)
			best = t1 - t0;
	}
	close(fd);
	report(name, best, BLK_CHUNKS);
}

static void bench_blkread(void) { bench_blk("blkread", 0); }
static void bench_blkwrite(void) { bench_blk("blkwrite", 1); }

/* memtouch: 8 MiB written a word at a time, then summed: the same function as the Guest's
 * bench.c, on a static array; operations = pages (2048).  The first of the REPS runs also takes
 * the demand-zero faults; the best run is memory and TLB only. */
#define MEMTOUCH_BYTES	(8u << 20)

static uint32_t memory[MEMTOUCH_BYTES / 4];

__attribute__((noinline, noipa)) static uint32_t memtouch(void)
{
	uint32_t i, sum = 0;

	for (i = 0; i < MEMTOUCH_BYTES / 4; i++)
		memory[i] = i;
	for (i = 0; i < MEMTOUCH_BYTES / 4; i++)
		sum += memory[i];
	return sum;
}

static void bench_memtouch(void)
{
	uint64_t best = UINT64_MAX, t0, t1;
	uint32_t x = 0;
	int r;

	for (r = 0; r < REPS; r++) {
		t0 = rdtsc();
		x += memtouch();
		t1 = rdtsc();
		if (t1 - t0 < best)
			best = t1 - t0;
	}
	fprintf(stderr, "native-bench: memtouch result %u\n", (unsigned int)x);
	report("memtouch", best, MEMTOUCH_BYTES / 4096);
}

/* spawn: 20 times, a child that exits at once and the wait for it.  The Guest builds a fresh
 * address space and loads a program (its spawn); Linux's nearest operation is fork, _exit and
 * waitpid, which copies an address space instead of loading one. */
#define SPAWNS 20u

static void bench_spawn(void)
{
	uint64_t best = UINT64_MAX, t0, t1;
	unsigned int i;
	pid_t pid;
	int r;

	for (r = 0; r < REPS; r++) {
		t0 = rdtsc();
		for (i = 0; i < SPAWNS; i++) {
			pid = fork();
			if (pid < 0)
				die("fork");
			if (pid == 0)
				_exit(0);
			if (waitpid(pid, NULL, 0) != pid)
				die("waitpid");
		}
		t1 = rdtsc();
		if (t1 - t0 < best)
			best = t1 - t0;
	}
	report("spawn", best, SPAWNS);
}

/* ----------------------------------------------------------------------------------------- */
static const struct {
	const char *name;
	void (*run)(void);
} benches[] = {
	{ "hypercall", bench_hypercall },
	{ "syscall", bench_syscall },
	{ "pagefault", bench_pagefault },
	{ "ctxswitch", bench_ctxswitch },
	{ "cpuloop", bench_cpuloop },
	{ "memtouch", bench_memtouch },
	{ "spawn", bench_spawn },
	{ "blkread", bench_blkread },
	{ "blkwrite", bench_blkwrite },
};
#define NBENCHES (sizeof(benches) / sizeof(benches[0]))

int main(int argc, char **argv)
{
	unsigned int b;
	int a, found;

	if (argc == 1) {
		/* syscall first, so that hypercall can repeat its number. */
		bench_syscall();
		for (b = 0; b < NBENCHES; b++)
			if (benches[b].run != bench_syscall)
				benches[b].run();
		return 0;
	}
	for (a = 1; a < argc; a++) {
		found = 0;
		for (b = 0; b < NBENCHES; b++)
			if (!strcmp(argv[a], benches[b].name)) {
				benches[b].run();
				found = 1;
			}
		if (!found) {
			fprintf(stderr, "native-bench: no benchmark '%s' (there are:", argv[a]);
			for (b = 0; b < NBENCHES; b++)
				fprintf(stderr, " %s", benches[b].name);
			fprintf(stderr, ")\n");
			return 2;
		}
	}
	return 0;
}
