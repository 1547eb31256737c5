/*
 * module_kretglob: a return probe over a glob (kprobe:vfs_*:return, an
 * fprobe) goes away safely while it fires.  Children read /dev/zero in
 * a loop and check every count read(2) returns while the probe is
 * disabled and enabled again, and while the descriptor is closed;
 * others sleep in read(2) on a pipe, inside vfs_read, whose return is
 * pending, while the probe is disabled, while the descriptor is closed
 * and while dt.ko (DT_KO, set by the harness) is unloaded: each must
 * return to its caller with the byte written, and the kernel log must
 * stay clean (dt/kernel_log).  The module is left loaded with
 * allowdt=1.  A kernel without fprobe refuses the probe (EOPNOTSUPP).
 */

#define _GNU_SOURCE

#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtt.h"

#define TOGGLES		10
#define HAMMERS		2
#define HAMMER_MS	4000
#define RDSIZE		77

/* Children close it: an open descriptor would keep the module in. */
static int devfd = -1;

struct sleeper {
	pid_t	pid;
	int	wake;		/* write: the byte its read returns */
	int	ready;		/* read: it is about to sleep in read(2) */
};

static void
sleeper_start(struct sleeper *s)
{
	int in[2], out[2];
	char b = 0;

	REQUIRE(pipe(in) == 0 && pipe(out) == 0, "pipe");
	s->pid = fork();
	REQUIRE(s->pid != -1, "fork: %s", dtt_errname(errno));
	if (s->pid == 0) {
		close(devfd);
		close(in[1]);
		close(out[0]);
		if (write(out[1], "r", 1) != 1)
			_exit(2);
		_exit(read(in[0], &b, 1) == 1 && b == 'w' ? 0 : 3);
	}
	close(in[0]);
	close(out[1]);
	s->wake = in[1];
	s->ready = out[0];
}

/* It said it was about to read; give it time to sleep in there. */
static void
sleeper_inside(struct sleeper *s)
{
	char b;

	REQUIRE(read(s->ready, &b, 1) == 1, "sleeper %d never started",
	    (int)s->pid);
	dtt_sleep(200);
}

/* Wakes it; its exit status says whether its read returned right. */
static int
sleeper_end(struct sleeper *s)
{
	int st;

	CHECK(write(s->wake, "w", 1) == 1, "wake");
	close(s->wake);
	close(s->ready);
	if (waitpid(s->pid, &st, 0) == -1 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static pid_t
hammer(void)
{
	char buf[RDSIZE];
	uint64_t end;
	pid_t pid;
	int zfd;

	pid = fork();
	REQUIRE(pid != -1, "fork: %s", dtt_errname(errno));
	if (pid != 0)
		return pid;
	close(devfd);
	if ((zfd = open("/dev/zero", O_RDONLY)) == -1)
		_exit(2);
	end = dtt_now() + HAMMER_MS * 1000000ULL;
	while (dtt_now() < end)
		if (read(zfd, buf, sizeof(buf)) != RDSIZE)
			_exit(3);
	_exit(0);
}

static int
child_end(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) == -1 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

int
main(void)
{
	struct sleeper s1, s2, s3;
	struct dtt_evbuf eb;
	const char *ko;
	pid_t ham[HAMMERS];
	uint32_t pr;
	size_t fired = 0;
	int fd, i;

	ko = getenv("DT_KO");
	REQUIRE(ko != NULL && *ko != '\0', "DT_KO is not set by the harness");
	fd = devfd = dtt_open();
	pr = dtt_create(fd, "kprobe", "vfs_*", "return");
	if (pr == 0) {
		CHECK(errno == EOPNOTSUPP, "create kprobe:vfs_*:return: %s, "
		    "want a probe or EOPNOTSUPP", dtt_errname(errno));
		close(fd);
		return dtt_done();
	}
	CHECK_OK(dtt_enable(fd, pr, DTEVT_FUNCARGS));
	sleeper_start(&s1);
	sleeper_start(&s2);
	sleeper_inside(&s1);
	sleeper_inside(&s2);
	for (i = 0; i < HAMMERS; i++)
		ham[i] = hammer();

	/* Disabled and enabled again while the hammers hit it. */
	for (i = 0; i < TOGGLES; i++) {
		CHECK_OK(dtt_record(fd, 1));
		dtt_sleep(100);
		CHECK_OK(dtt_record(fd, 0));
		dtt_drain(fd, &eb);
		fired += dtt_count(&eb, pr, 0);
		dtt_evfree(&eb);
		CHECK_OK(dtt_disable(fd, pr));
		CHECK_OK(dtt_enable(fd, pr, DTEVT_FUNCARGS));
	}
	CHECK(fired > 0, "no return event of the hammers in %d rounds",
	    TOGGLES);

	/* A pending return whose probe was disabled. */
	CHECK_OK(dtt_disable(fd, pr));
	CHECK(sleeper_end(&s1) == 0, "sleeper 1's read returned wrongly "
	    "after the probe was disabled");

	/* Closed while recording, the hammers firing, s2 and s3 pending. */
	CHECK_OK(dtt_enable(fd, pr, DTEVT_FUNCARGS));
	sleeper_start(&s3);
	sleeper_inside(&s3);
	CHECK_OK(dtt_record(fd, 1));
	dtt_sleep(200);
	close(fd);
	CHECK(sleeper_end(&s2) == 0, "sleeper 2's read returned wrongly "
	    "after the descriptor was closed");

	/* Enabled again, closed, and the module unloaded under s3. */
	fd = devfd = dtt_open();
	pr = dtt_create(fd, "kprobe", "vfs_*", "return");
	REQUIRE(pr != 0, "create kprobe:vfs_*:return again: %s",
	    dtt_errname(errno));
	CHECK_OK(dtt_enable(fd, pr, DTEVT_FUNCARGS));
	CHECK_OK(dtt_record(fd, 1));
	close(fd);
	for (i = 0; i < HAMMERS; i++)
		CHECK(child_end(ham[i]) == 0, "hammer %d saw a wrong count "
		    "or died", i);
	REQUIRE(dtt_unload() == 0, "unload: %s", dtt_errname(errno));
	CHECK(dtt_wait_dev(0), "%s still there after unload", DTT_DEV);
	CHECK(sleeper_end(&s3) == 0, "sleeper 3's read returned wrongly "
	    "after the module was unloaded");
	REQUIRE(dtt_load(ko, "allowdt=1") == 0, "load %s: %s", ko,
	    dtt_errname(errno));
	REQUIRE(dtt_wait_dev(1), "no %s after load", DTT_DEV);
	return dtt_done();
}
