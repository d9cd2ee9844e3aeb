/*
 * lgtimers (red team, third round): the 1 ms floor bounds one Guest's timer to 1,000 interrupts
 * a second, but nothing bounds how many Guests one process may have, and a Guest's periodic
 * timer goes on firing (hrtimer_forward_now, HRTIMER_RESTART) whether or not anyone runs it.
 *
 * This program sets up N tiny Guests (64 KiB each, all over the same mapping), one after
 * another, on alternate CPUs.  Each asks for a periodic timer of 1 ns (lengthened to 1 ms),
 * notifies, and is never run again.  N Guests cost the Host N,000 hrtimer expiries a second,
 * each a wake_up_process() in hard-interrupt context, for as long as the files stay open.
 * Before and after, it counts the turns of a busy loop in 2 s (the cost to every other
 * program) and the Host's local timer interrupts.
 *
 * Usage: lgtimers N [HOLD-SECONDS]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <unistd.h>
#include "tinyguest.h"


#define MEM	(64u << 10)

extern const unsigned char guest_code[], guest_code_end[];
asm(".pushsection .rodata\n"
    ".code32\n"
    "guest_code:\n"
    TINY_GUEST_INIT				/* LHCALL_INIT, lguest_data at 0x3000 */
    "\tmovl $7, %eax\n"			/* LHCALL_SET_CLOCKEVENT: 1 ns, periodic */
    "\tmovl $1, %ebx\n"
    "\tmovl $1, %ecx\n"
    "\tint $0x1f\n"
    "\tmovl $17, %eax\n"		/* LHCALL_NOTIFY: set up */
    "\txorl %ebx, %ebx\n"
    "\txorl %ecx, %ecx\n"
    "\tint $0x1f\n"
    "\tjmp .\n"
    "guest_code_end:\n"
    ".popsection");

static double now(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return tv.tv_sec + tv.tv_usec / 1e6;
}

static long loc_irqs(void)
{
	char line[512];
	long total = -1;
	FILE *f = fopen("/proc/interrupts", "r");

	while (f && fgets(line, sizeof(line), f)) {
		char *p = line;

		while (*p == ' ')
			p++;
		if (!strncmp(p, "LOC:", 4)) {
			long a = 0, b = 0;

			sscanf(p + 4, "%ld %ld", &a, &b);
			total = a + b;
		}
	}
	if (f)
		fclose(f);
	return total;
}

/* Turns of an empty loop in two seconds. */
static unsigned long spin(void)
{
	volatile unsigned long n = 0;
	double end = now() + 2.0;

	while (now() < end)
		n++;
	return n;
}

int main(int argc, char *argv[])
{
	struct lguest_init_request req = { .request = LHREQ_INITIALIZE };
	struct rlimit nofile = { 1 << 16, 1 << 16 };
	struct lguest_event ev;
	unsigned int n = argc > 1 ? (unsigned int)atoi(argv[1]) : 1000, i, k, made = 0;
	int hold = argc > 2 ? atoi(argv[2]) : 0, fd;
	unsigned long base, after;
	long loc0, loc1, loc2, loc3;
	double t0, t1, t2, t3;
	unsigned char *mem;
	uint32_t *pgdir, *pt;
	cpu_set_t set;

	setrlimit(RLIMIT_NOFILE, &nofile);
	mem = mmap(NULL, MEM, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return 1;
	pgdir = (uint32_t *)mem;
	pt = (uint32_t *)(mem + 0x1000);
	for (k = 0; k < MEM / 4096; k++)
		pt[k] = (k * 4096) | 3;
	pgdir[0xC0000000u >> 22] = 0x1000 | 3;
	memcpy(mem + 0x2000, guest_code, (size_t)(guest_code_end - guest_code));
	req.mem_base = (uint32_t)(unsigned long)mem;
	req.mem_pages = MEM / 4096;
	req.pgdir = 0;
	req.entry = 0xC0002000;

	loc0 = loc_irqs(); t0 = now();
	base = spin();
	loc1 = loc_irqs(); t1 = now();
	printf("lgtimers: before: %lu turns in 2 s, %.0f local timer interrupts a second\n",
	       base, (loc1 - loc0) / (t1 - t0));
	fflush(stdout);
	for (i = 0; i < n; i++) {
		CPU_ZERO(&set);
		CPU_SET(i % 2, &set);
		sched_setaffinity(0, sizeof(set), &set);
		fd = open("/dev/lguest", O_RDWR);
		if (fd < 0) {
			printf("lgtimers: open %u: %s\n", i, strerror(errno));
			break;
		}
		if (write(fd, &req, sizeof(req)) != sizeof(req)) {
			printf("lgtimers: LHREQ_INITIALIZE %u: %s\n", i, strerror(errno));
			break;
		}
		do {
			if (read(fd, &ev, sizeof(ev)) != sizeof(ev)) {
				printf("lgtimers: read %u: %s\n", i, strerror(errno));
				return 1;
			}
			if (ev.kind == LGUEST_EVENT_DIED) {
				printf("lgtimers: Guest %u died: %s\n", i, ev.message);
				return 1;
			}
		} while (ev.kind != LGUEST_EVENT_NOTIFY);
		made++;
		if (made % 250 == 0) {
			printf("lgtimers: %u Guests ticking\n", made);
			fflush(stdout);
		}
	}
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	CPU_SET(1, &set);
	sched_setaffinity(0, sizeof(set), &set);
	loc2 = loc_irqs(); t2 = now();
	after = spin();
	loc3 = loc_irqs(); t3 = now();
	printf("lgtimers: with %u idle Guests: %lu turns in 2 s (%.0f%% of before), "
	       "%.0f local timer interrupts a second\n", made, after,
	       100.0 * after / (base ? base : 1), (loc3 - loc2) / (t3 - t2));
	fflush(stdout);
	if (hold > 0)
		sleep((unsigned int)hold);
	return 0;
}
