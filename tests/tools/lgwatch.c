/*
 * lgwatch (red team): a Host administrator's hardware watchpoint, system-wide on one CPU,
 * the way `perf record -e mem:ADDR:rw -a -C CPU` or kgdb sets one.  It opens a perf breakpoint
 * event (PERF_TYPE_BREAKPOINT, read or write, 4 bytes) for every task on CPU, holds it for
 * SECONDS, then prints how many hits the Host saw.  The Host loads %dr0 and %dr7 for it on that
 * CPU; lg.ko does not touch the debug registers, so they stay armed while a Guest runs there.
 *
 * Usage: lgwatch CPU ADDR SECONDS [x]
 * With x, an instruction breakpoint instead (for a kernel function: 97-red-dr6).
 */
#define _GNU_SOURCE
#include <linux/hw_breakpoint.h>
#include <linux/perf_event.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char *argv[])
{
	struct perf_event_attr attr;
	uint64_t count = 0;
	int fd;

	if (argc != 4 && !(argc == 5 && !strcmp(argv[4], "x"))) {
		fprintf(stderr, "usage: lgwatch CPU ADDR SECONDS [x]\n");
		return 2;
	}
	memset(&attr, 0, sizeof(attr));
	attr.type = PERF_TYPE_BREAKPOINT;
	attr.size = sizeof(attr);
	attr.bp_type = HW_BREAKPOINT_RW;
	attr.bp_addr = strtoul(argv[2], NULL, 0);
	attr.bp_len = HW_BREAKPOINT_LEN_4;
	if (argc == 5) {
		attr.bp_type = HW_BREAKPOINT_X;
		attr.bp_len = sizeof(long);
	}
	attr.sample_period = 1;
	fd = (int)syscall(SYS_perf_event_open, &attr, -1, atoi(argv[1]), -1, 0);
	if (fd < 0) {
		perror("lgwatch: perf_event_open");
		return 1;
	}
	printf("lgwatch: watching %#lx on CPU %s\n", (unsigned long)attr.bp_addr, argv[1]);
	fflush(stdout);
	sleep((unsigned int)atoi(argv[3]));
	if (read(fd, &count, sizeof(count)) != sizeof(count))
		perror("lgwatch: read");
	printf("lgwatch: the Host counted %llu hits\n", (unsigned long long)count);
	return 0;
}
