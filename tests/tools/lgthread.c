/*
 * lgthread: the Launcher's thread is not the file's.  A thread opens nothing itself: the main
 * thread opens /dev/lguest, a second thread sends LHREQ_INITIALIZE and exits, and then the
 * main thread raises an interrupt (which wakes the Guest's thread, long gone) and tries to run
 * the Guest.  The Host must keep the dead thread's task alive while it can still wake it, and
 * must refuse to run the Guest from any thread but its own: the read fails with EPERM.
 *
 * Prints "lgthread: irq write returned N" and "lgthread: read: errno NAME"; exit status 0 when
 * both are as they should be.  An alarm ends it (status 2) if the Host hangs the write.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "lguest.h"

#define PAGES 16

static int fd;
static void *mem;

static void *initialize(void *unused)
{
	struct lguest_init_request req = {
		.request = LHREQ_INITIALIZE,
		.mem_base = (uint32_t)(unsigned long)mem,
		.mem_pages = PAGES,
		.pgdir = 0,
	};

	(void)unused;
	printf("lgthread: initialize from a thread: %d\n",
	       (int)write(fd, &req, sizeof(req)));
	return NULL;
}

int main(void)
{
	struct lguest_irq irq = { .request = LHREQ_IRQ, .irq = 1 };
	struct lguest_event event;
	pthread_t t;
	ssize_t n;

	fd = open("/dev/lguest", O_RDWR);
	mem = mmap(NULL, PAGES * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (fd < 0 || mem == MAP_FAILED) {
		perror("lgthread: /dev/lguest or memory");
		return 1;
	}
	pthread_create(&t, NULL, initialize, NULL);
	pthread_join(t, NULL);
	usleep(100000);		/* let the thread be reaped */
	alarm(10);
	n = write(fd, &irq, sizeof(irq));
	printf("lgthread: irq write returned %d\n", (int)n);
	n = read(fd, &event, sizeof(event));
	printf("lgthread: read: %s\n", n < 0 ? (errno == EPERM ? "errno EPERM" : strerror(errno))
					     : "the Guest ran");
	return n < 0 && errno == EPERM && write(fd, &irq, sizeof(irq)) == sizeof(irq) ? 0 : 1;
}
