/*
 * lgpdflip: rewrite a running Guest's page directories from another processor, through the
 * Launcher's memory, while the Guest's programs take page faults.  The Switcher's page-fault
 * walker reads those directories at ring 0 while this runs on the other CPU.
 *
 *   lgpdflip PID MIB SECONDS [hostile]
 *
 * PID is the Launcher's, MIB the Guest's memory size.  The Guest memory is the Launcher's
 * anonymous mapping of exactly MIB MiB (found in /proc/PID/maps) and is read and written
 * through /proc/PID/mem.  The kernel's page directory is the last page of Guest memory (the
 * Launcher puts it there); a process's page directory is any other page whose upper quarter
 * (the kernel's entries, which the Guest copies into every process's directory) equals it.
 *
 * Without "hostile", each round finds the process directories and, for each present user
 * entry, clears its user, writable or present bit for a moment and puts the entry back
 * (only if it still holds what we wrote, so an entry the Guest rewrote meanwhile stays the
 * Guest's).  The Guest's programs may lose data (their own kernel is being lied to) but the
 * Guest must survive.  With "hostile", it writes 0xfffff007 (a table outside Guest memory)
 * into one present user entry and leaves it: the Host must kill the Guest with its message.
 *
 * Stops after SECONDS or when the Launcher is gone.  Prints "lgpdflip: N directories seen,
 * M entries rewritten"; exit status 0 if it rewrote at least one entry, 1 otherwise.
 */
#define _FILE_OFFSET_BITS 64	/* the Launcher's addresses are above 2 GiB */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096
#define USER_ENTRIES 768	/* GUEST_PAGE_OFFSET >> 22 */

static int memfd;
static unsigned long base, size;

static int find_guest_memory(int pid, unsigned long mib)
{
	char path[64], line[512];
	unsigned long start, end;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx", &start, &end) == 2 && end - start == mib << 20 &&
		    strstr(line, " rw-p ")) {
			base = start;
			size = end - start;
			fclose(f);
			return 0;
		}
	fclose(f);
	return -1;
}

static int get(unsigned long gpa, void *buf, size_t len)
{
	return pread(memfd, buf, len, (off_t)(base + gpa)) == (ssize_t)len ? 0 : -1;
}

static int put(unsigned long gpa, uint32_t v)
{
	return pwrite(memfd, &v, 4, (off_t)(base + gpa)) == 4 ? 0 : -1;
}

static uint32_t kernel_half[1024 - USER_ENTRIES], user_half[USER_ENTRIES];
static unsigned long dirs[64];
static unsigned int ndirs;

/* Find the process page directories: pages whose kernel half equals the kernel's. */
static int scan(void)
{
	static uint32_t chunk[256 * 1024];	/* 1 MiB */
	unsigned long off, p;

	ndirs = 0;
	if (get(size - PAGE + USER_ENTRIES * 4, kernel_half, sizeof(kernel_half)) < 0)
		return -1;
	for (off = 0; off < size - PAGE; off += sizeof(chunk)) {
		if (get(off, chunk, sizeof(chunk)) < 0)
			return -1;
		for (p = 0; p < sizeof(chunk) / PAGE && ndirs < 64; p++)
			if (kernel_half[0] && !memcmp(&chunk[p * 1024 + USER_ENTRIES], kernel_half,
						      sizeof(kernel_half)))
				dirs[ndirs++] = off + p * PAGE;
	}
	return 0;
}

int main(int argc, char *argv[])
{
	static const uint32_t bits[] = { 0x4, 0x2, 0x1 };
	unsigned long rewritten = 0, seen = 0, round = 0;
	int pid, hostile;
	time_t stop;
	char path[64];
	unsigned int d, i;
	uint32_t v, now;

	if (argc < 4) {
		fprintf(stderr, "usage: lgpdflip PID MIB SECONDS [hostile]\n");
		return 2;
	}
	pid = atoi(argv[1]);
	hostile = argc > 4 && !strcmp(argv[4], "hostile");
	stop = time(NULL) + atoi(argv[3]);
	usleep(200000);		/* let the Launcher map its memory */
	if (find_guest_memory(pid, strtoul(argv[2], NULL, 0)) < 0) {
		fprintf(stderr, "lgpdflip: no %s MiB mapping in process %d\n", argv[2], pid);
		return 2;
	}
	snprintf(path, sizeof(path), "/proc/%d/mem", pid);
	memfd = open(path, O_RDWR);
	if (memfd < 0) {
		perror("lgpdflip: open");
		return 2;
	}
	while (time(NULL) < stop && kill(pid, 0) == 0) {
		if (scan() < 0)
			break;
		seen += ndirs;
		for (d = 0; d < ndirs && time(NULL) < stop; d++) {
			if (get(dirs[d], user_half, sizeof(user_half)) < 0)
				continue;
			for (i = 0; i < USER_ENTRIES; i++) {
				v = user_half[i];
				if (!(v & 1))
					continue;
				if (hostile) {
					put(dirs[d] + i * 4, 0xfffff007);
					rewritten++;
					goto out;
				}
				put(dirs[d] + i * 4, v & ~bits[round % 3]);
				rewritten++;
				usleep(500);
				if (get(dirs[d] + i * 4, &now, 4) == 0 && now == (v & ~bits[round % 3]))
					put(dirs[d] + i * 4, v);
			}
		}
		round++;
		usleep(2000);
	}
out:
	printf("lgpdflip: %lu directories seen, %lu entries rewritten\n", seen, rewritten);
	return rewritten ? 0 : 1;
}
