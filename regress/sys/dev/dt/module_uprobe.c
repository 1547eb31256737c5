/*
 * module_uprobe: uprobes and uretprobes go away safely while they fire.
 * Children call a probed function in a loop and check every return
 * value while the probes are disabled and enabled again, and while the
 * descriptor is closed; others sleep inside a function whose return is
 * probed while the uretprobe is disabled, while the descriptor is
 * closed, and while dt.ko (DT_KO, set by the harness) is unloaded:
 * each must return to its caller with the right value, and the kernel
 * log must stay clean (dt/kernel_log).  The module is left loaded with
 * allowdt=1, and a uprobe created afresh fires there.
 */

#define _GNU_SOURCE

#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtt.h"

#define TOGGLES		10
#define HAMMERS		2
#define HAMMER_MS	4000

__attribute__((noipa)) long
dtt_target(long a, long b)
{
	return a * 3 + b;
}

/* Says it is inside, then sleeps until its byte comes. */
__attribute__((noipa)) long
dtt_sleepfn(int in, int out)
{
	char b = 0;

	if (write(out, "r", 1) != 1 || read(in, &b, 1) != 1)
		return -1;
	return 4200 + b;
}

/* Children close it: an open descriptor would keep the module in. */
static int devfd = -1;

struct sleeper {
	pid_t	pid;
	int	wake;		/* write: the byte it returns with */
	int	ready;		/* read: it is inside dtt_sleepfn */
};

static void
sleeper_start(struct sleeper *s)
{
	int in[2], out[2];

	REQUIRE(pipe(in) == 0 && pipe(out) == 0, "pipe");
	s->pid = fork();
	REQUIRE(s->pid != -1, "fork: %s", dtt_errname(errno));
	if (s->pid == 0) {
		close(devfd);
		close(in[1]);
		close(out[0]);
		_exit(dtt_sleepfn(in[0], out[1]) == 4200 + 'w' ? 0 : 3);
	}
	close(in[0]);
	close(out[1]);
	s->wake = in[1];
	s->ready = out[0];
}

static void
sleeper_inside(struct sleeper *s)
{
	char b;

	REQUIRE(read(s->ready, &b, 1) == 1, "sleeper %d never got inside",
	    (int)s->pid);
}

/* Wakes it; its exit status says whether it returned the right value. */
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
	uint64_t end;
	pid_t pid;
	long i;

	pid = fork();
	REQUIRE(pid != -1, "fork: %s", dtt_errname(errno));
	if (pid != 0)
		return pid;
	close(devfd);
	end = dtt_now() + HAMMER_MS * 1000000ULL;
	for (i = 0; dtt_now() < end; i++)
		if (dtt_target(i, 7) != i * 3 + 7)
			_exit(3);
	_exit(0);
}

static int
hammer_end(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) == -1 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static uint32_t
ucreate(int fd, int exe, const void *fn, uint32_t flags)
{
	char file[PATH_MAX];
	uint64_t off;
	uint32_t id;

	REQUIRE(dtt_fileoff(fn, &off, file, sizeof(file)) == 0,
	    "%p not in a file mapping", fn);
	id = dtt_ucreate(fd, "uprobe", exe, off, flags);
	REQUIRE(id != 0, "create uprobe %s:%#llx: %s", file,
	    (unsigned long long)off, dtt_errname(errno));
	return id;
}

static void
calls(void *arg)
{
	long i;

	(void)arg;
	for (i = 0; i < 10; i++)
		if (dtt_target(i, 1) != i * 3 + 1)
			_exit(3);
}

int
main(void)
{
	struct sleeper s1, s2, s3;
	struct dtt_child c;
	struct dtt_evbuf eb;
	char file[PATH_MAX];
	const char *ko;
	pid_t ham[HAMMERS];
	uint64_t off;
	uint32_t pe, pr, sr;
	size_t fired = 0;
	int fd, exe, i;

	ko = getenv("DT_KO");
	REQUIRE(ko != NULL && *ko != '\0', "DT_KO is not set by the harness");
	REQUIRE(dtt_fileoff((const void *)dtt_target, &off, file,
	    sizeof(file)) == 0, "dtt_target not in a file mapping");
	REQUIRE((exe = open(file, O_RDONLY)) != -1, "open %s", file);

	fd = devfd = dtt_open();
	pe = ucreate(fd, exe, (const void *)dtt_target, 0);
	pr = ucreate(fd, exe, (const void *)dtt_target, DTUC_RETURN);
	sr = ucreate(fd, exe, (const void *)dtt_sleepfn, DTUC_RETURN);
	CHECK_OK(dtt_enable(fd, pe, DTEVT_FUNCARGS | DTEVT_USTACK));
	CHECK_OK(dtt_enable(fd, pr, 0));
	CHECK_OK(dtt_enable(fd, sr, 0));
	sleeper_start(&s1);
	sleeper_start(&s2);
	sleeper_inside(&s1);
	sleeper_inside(&s2);
	for (i = 0; i < HAMMERS; i++)
		ham[i] = hammer();

	/* Disabled and enabled again while the hammers hit them. */
	for (i = 0; i < TOGGLES; i++) {
		CHECK_OK(dtt_record(fd, 1));
		dtt_sleep(100);
		CHECK_OK(dtt_record(fd, 0));
		dtt_drain(fd, &eb);
		fired += dtt_count(&eb, pe, 0) + dtt_count(&eb, pr, 0);
		dtt_evfree(&eb);
		CHECK_OK(dtt_disable(fd, pe));
		CHECK_OK(dtt_disable(fd, pr));
		CHECK_OK(dtt_enable(fd, pe, DTEVT_FUNCARGS | DTEVT_USTACK));
		CHECK_OK(dtt_enable(fd, pr, 0));
	}
	CHECK(fired > 0, "no event of the hammered probes in %d rounds",
	    TOGGLES);

	/* A pending uretprobe whose probe was disabled. */
	CHECK_OK(dtt_disable(fd, sr));
	CHECK(sleeper_end(&s1) == 0, "sleeper 1 returned wrongly after the "
	    "uretprobe was disabled");

	/* Closed while recording, the hammers firing, s2 pending. */
	CHECK_OK(dtt_enable(fd, sr, 0));
	sleeper_start(&s3);
	sleeper_inside(&s3);
	CHECK_OK(dtt_record(fd, 1));
	dtt_sleep(200);
	close(fd);
	CHECK(sleeper_end(&s2) == 0, "sleeper 2 returned wrongly after the "
	    "descriptor was closed");

	/* Enabled again, closed, and the module unloaded under s3. */
	fd = devfd = dtt_open();
	sr = ucreate(fd, exe, (const void *)dtt_sleepfn, DTUC_RETURN);
	CHECK_OK(dtt_enable(fd, sr, 0));
	CHECK_OK(dtt_record(fd, 1));
	close(fd);
	for (i = 0; i < HAMMERS; i++)
		CHECK(hammer_end(ham[i]) == 0, "hammer %d saw a wrong return "
		    "value or died", i);
	REQUIRE(dtt_unload() == 0, "unload: %s", dtt_errname(errno));
	CHECK(dtt_wait_dev(0), "%s still there after unload", DTT_DEV);
	CHECK(sleeper_end(&s3) == 0, "sleeper 3 returned wrongly after the "
	    "module was unloaded");
	REQUIRE(dtt_load(ko, "allowdt=1") == 0, "load %s: %s", ko,
	    dtt_errname(errno));
	REQUIRE(dtt_wait_dev(1), "no %s after load", DTT_DEV);

	/* The new module knows no probe: created afresh, it fires. */
	fd = dtt_open();
	pe = ucreate(fd, exe, (const void *)dtt_target, 0);
	dtt_child(&c, "dtt-uprobe", calls, NULL);
	dtt_follow(fd, &c);
	CHECK_OK(dtt_enable(fd, pe, 0));
	dtt_trace(fd, &c, &eb);
	CHECK(dtt_count(&eb, pe, c.c_pid) == 10, "%zu events of 10 calls "
	    "after reload", dtt_count(&eb, pe, c.c_pid));
	dtt_evfree(&eb);
	close(fd);
	close(exe);
	return dtt_done();
}
