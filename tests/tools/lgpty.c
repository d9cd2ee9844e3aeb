/*
 * lgpty: run a program on a pseudo-terminal and type at it, for the tests of what the Guest
 * does with a terminal's keys (the Launcher puts a terminal in raw mode, so Ctrl-D reaches the
 * Guest as the byte 0x04).
 *
 *   lgpty [WAIT TYPE]... -- PROGRAM [ARG]...
 *
 * Runs PROGRAM with a new pseudo-terminal as its controlling terminal and its standard input,
 * output and error, and copies everything it writes there to our standard output.  For each
 * pair, in order, waits until PROGRAM's output (after the previous WAIT's match) contains the
 * string WAIT, then types TYPE.  Exits with PROGRAM's status (128 + N if a signal N killed it),
 * or 124 if PROGRAM had not finished 40 s (times $LG_SLOW) after starting, or had not printed
 * a WAIT by then; 2 on a usage error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char seen[1 << 16];
static size_t seen_len;

static void child(int master, char **argv)
{
	int slave;

	setsid();
	slave = open(ptsname(master), O_RDWR);
	if (slave < 0 || ioctl(slave, TIOCSCTTY, 0) < 0) {
		perror("lgpty: the terminal");
		_exit(126);
	}
	dup2(slave, 0);
	dup2(slave, 1);
	dup2(slave, 2);
	close(master);
	if (slave > 2)
		close(slave);
	execv(argv[0], argv);
	perror("lgpty: exec");
	_exit(127);
}

/* Keep what the program printed (the last 64 KiB) and pass it on. */
static void take(const char *buf, size_t n)
{
	fwrite(buf, 1, n, stdout);
	fflush(stdout);
	if (n > sizeof(seen) - 1 - seen_len) {
		seen_len = 0;
		if (n > sizeof(seen) - 1)
			n = sizeof(seen) - 1;
	}
	memcpy(seen + seen_len, buf, n);
	seen_len += n;
	seen[seen_len] = '\0';
}

int main(int argc, char **argv)
{
	int i, dash = -1, next, master, status;
	long slow = getenv("LG_SLOW") ? atol(getenv("LG_SLOW")) : 1;
	time_t deadline;
	pid_t pid;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--") == 0) {
			dash = i;
			break;
		}
	if (dash < 0 || dash % 2 == 0 || dash + 1 >= argc) {
		fprintf(stderr, "usage: lgpty [WAIT TYPE]... -- PROGRAM [ARG]...\n");
		return 2;
	}
	master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0) {
		perror("lgpty: posix_openpt");
		return 2;
	}
	pid = fork();
	if (pid == 0)
		child(master, argv + dash + 1);
	if (slow < 1)
		slow = 1;
	deadline = time(NULL) + 40 * slow;
	for (next = 1;;) {
		struct pollfd p = { master, POLLIN, 0 };
		char buf[512];
		ssize_t n;
		char *match = next < dash ? strstr(seen, argv[next]) : NULL;

		if (match) {
			/* Keep only what came after, so the next WAIT needs new output. */
			match += strlen(argv[next]);
			seen_len -= (size_t)(match - seen);
			memmove(seen, match, seen_len + 1);
			if (write(master, argv[next + 1], strlen(argv[next + 1])) < 0)
				perror("lgpty: typing");
			next += 2;
			continue;
		}
		if (time(NULL) > deadline) {
			fprintf(stderr, "\nlgpty: %s after %ld s\n", next < dash ?
				"still waiting for the output it was told to wait for" :
				"the program has not finished", 40 * slow);
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			return 124;
		}
		if (poll(&p, 1, 200) <= 0)
			continue;
		n = read(master, buf, sizeof(buf));
		if (n > 0)
			take(buf, (size_t)n);
		else if (n == 0 || errno != EINTR)
			break;		/* EIO: the program's side is closed */
	}
	if (waitpid(pid, &status, 0) < 0)
		return 2;
	if (next < dash)
		fprintf(stderr, "lgpty: the program ended before it printed \"%s\"\n", argv[next]);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
