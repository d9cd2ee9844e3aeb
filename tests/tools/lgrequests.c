/*
 * tests/tools/lgrequests.c -- every request the Launcher can write to /dev/lguest, and the
 * answer the Host must give it (run by tests/host/49-requests.sh).
 *
 * Before LHREQ_INITIALIZE, every other request is refused (EINVAL).  LHREQ_INITIALIZE is
 * refused for a wrong length, no memory, unaligned addresses, a page directory outside the
 * memory (EINVAL) and memory in the kernel's half (EFAULT); accepted once, then refused (EBUSY).
 * LHREQ_RESULT with no question pending: EINVAL.  LHREQ_IRQ: the timer's line and lines past
 * the last are EINVAL, another line is accepted.  LHREQ_TRIPS: a wrong size is EINVAL, a bad
 * address EFAULT.  A short write and an unknown request: EINVAL.  Then a tiny Guest runs: it
 * introduces itself, asks the console for input (LGUEST_EVENT_CONSOLE_READ), and powers off with
 * the number the answer (LHREQ_RESULT) put in its %eax, which proves the answer arrived; and
 * LHREQ_TRIPS then counts its three trips.  One line per check, "ok" or "FAIL"; exit status 0
 * iff every check passed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "tinyguest.h"


#define MEM	(64u << 10)
#define ANSWER	42

extern const unsigned char guest_code[], guest_code_end[];
asm(".pushsection .rodata\n"
    ".code32\n"
    "guest_code:\n"
    TINY_GUEST_INIT				/* LHCALL_INIT, lguest_data at 0x3000 */
    "\tmovl $" XSTR(LHCALL_CONSOLE_READ) ", %eax\n"	/* room for 16 bytes at 0x3800 */
    "\tmovl $0x3800, %ebx\n"
    "\tmovl $16, %ecx\n"
    "\tint $0x1f\n"
    "\tmovl %eax, %ebx\n"				/* the answer is the exit status */
    "\tmovl $" XSTR(LHCALL_SHUTDOWN) ", %eax\n"
    "\tint $0x1f\n"
    "\tjmp .\n"
    "guest_code_end:\n"
    ".popsection");

static int failed;

/* The write's result: its return value, or -errno. */
static long req(int fd, const void *buf, size_t len)
{
	ssize_t n = write(fd, buf, len);

	return n < 0 ? -errno : (long)n;
}

static void expect(const char *what, long got, long want)
{
	if (got == want) {
		printf("ok: %s: %ld\n", what, got);
	} else {
		printf("FAIL: %s: %ld, not %ld\n", what, got, want);
		failed = 1;
	}
}

int main(void)
{
	struct lguest_init_request init = { .request = LHREQ_INITIALIZE }, bad;
	struct lguest_result result = { .request = LHREQ_RESULT, .value = ANSWER };
	struct lguest_irq irq = { .request = LHREQ_IRQ };
	static struct lguest_trips trips;
	struct lguest_trips_request treq = { .request = LHREQ_TRIPS,
		.addr = (uint32_t)(unsigned long)&trips, .size = sizeof(trips) };
	struct lguest_event ev;
	uint32_t unknown = 99, *pt;
	unsigned char *mem;
	unsigned int k;
	int fd = open("/dev/lguest", O_RDWR);

	if (fd < 0) {
		printf("FAIL: open /dev/lguest: %s\n", strerror(errno));
		return 1;
	}
	mem = mmap(NULL, MEM, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return 1;
	pt = (uint32_t *)(mem + 0x1000);
	for (k = 0; k < MEM / 4096; k++)
		pt[k] = (k * 4096) | 0x63;
	((uint32_t *)mem)[GUEST_PAGE_OFFSET >> 22] = 0x1000 | 3;
	memcpy(mem + 0x2000, guest_code, (size_t)(guest_code_end - guest_code));
	init.mem_base = (uint32_t)(unsigned long)mem;
	init.mem_pages = MEM / 4096;
	init.pgdir = 0;
	init.entry = GUEST_PAGE_OFFSET + 0x2000;

	expect("a two-byte write", req(fd, &unknown, 2), -EINVAL);
	expect("request 99", req(fd, &unknown, sizeof(unknown)), -EINVAL);
	expect("LHREQ_RESULT before LHREQ_INITIALIZE", req(fd, &result, sizeof(result)), -EINVAL);
	irq.irq = 1;
	expect("LHREQ_IRQ before LHREQ_INITIALIZE", req(fd, &irq, sizeof(irq)), -EINVAL);
	expect("LHREQ_TRIPS before LHREQ_INITIALIZE", req(fd, &treq, sizeof(treq)), -EINVAL);
	expect("LHREQ_INITIALIZE one byte short", req(fd, &init, sizeof(init) - 1), -EINVAL);
	bad = init, bad.mem_pages = 0;
	expect("LHREQ_INITIALIZE with no memory", req(fd, &bad, sizeof(bad)), -EINVAL);
	bad = init, bad.mem_base += 8;
	expect("LHREQ_INITIALIZE with unaligned memory", req(fd, &bad, sizeof(bad)), -EINVAL);
	bad = init, bad.pgdir = MEM;
	expect("LHREQ_INITIALIZE with the directory past the memory", req(fd, &bad, sizeof(bad)),
	       -EINVAL);
	bad = init, bad.mem_base = 0xC0000000u;
	expect("LHREQ_INITIALIZE with the kernel's memory", req(fd, &bad, sizeof(bad)), -EFAULT);
	expect("LHREQ_INITIALIZE", req(fd, &init, sizeof(init)), sizeof(init));
	expect("LHREQ_INITIALIZE again", req(fd, &init, sizeof(init)), -EBUSY);
	expect("LHREQ_RESULT with no question pending", req(fd, &result, sizeof(result)), -EINVAL);
	irq.irq = LGUEST_TIMER_IRQ;
	expect("LHREQ_IRQ for the timer's line", req(fd, &irq, sizeof(irq)), -EINVAL);
	irq.irq = LGUEST_IRQS;
	expect("LHREQ_IRQ for a line past the last", req(fd, &irq, sizeof(irq)), -EINVAL);
	irq.irq = 1;
	expect("LHREQ_IRQ for line 1", req(fd, &irq, sizeof(irq)), sizeof(irq));
	treq.size = sizeof(trips) - 4;
	expect("LHREQ_TRIPS with the wrong size", req(fd, &treq, sizeof(treq)), -EINVAL);
	treq.size = sizeof(trips);
	treq.addr = 0xC0000000u;
	expect("LHREQ_TRIPS into the kernel's memory", req(fd, &treq, sizeof(treq)), -EFAULT);
	treq.addr = (uint32_t)(unsigned long)&trips;
	expect("LHREQ_TRIPS", req(fd, &treq, sizeof(treq)), sizeof(treq));
	expect("trips before the Guest ran", trips.total, 0);

	expect("read: the first event", read(fd, &ev, sizeof(ev)), sizeof(ev));
	expect("the Guest asks for console input", ev.kind, LGUEST_EVENT_CONSOLE_READ);
	expect("LHREQ_RESULT with the answer", req(fd, &result, sizeof(result)), sizeof(result));
	expect("read: the next event", read(fd, &ev, sizeof(ev)), sizeof(ev));
	expect("the Guest powers off", ev.kind, LGUEST_EVENT_SHUTDOWN);
	expect("with the answer as its status", ev.arg[0], ANSWER);
	expect("LHREQ_TRIPS after the run", req(fd, &treq, sizeof(treq)), sizeof(treq));
	expect("trips through the hypercall vector (INIT, CONSOLE_READ, SHUTDOWN)",
	       trips.vector[LGUEST_TRAP_ENTRY], 3);
	return failed;
}
