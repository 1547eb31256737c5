/*
 * lossless: DTIOCSETLOSSLESS.  A task whose events fill its CPU's ring
 * waits for the reader instead of losing them: every call is recorded,
 * none dropped, and the waits are counted and timed (DTIOCGWAITS).  No
 * wait outlives its bound: SIGKILL ends it, closing the descriptor or
 * killing the reading process releases every waiter, the watchdog
 * bound ends one nobody drains.  Interrupt-context probes cannot wait:
 * their drops are counted apart.  Bad arguments are refused.
 */

#define _GNU_SOURCE

#include <sys/ioctl.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtt.h"

#define RINGSZ	(64U * 1024)

static struct dtt_calls calls;	/* on CPU 0 */

static int
lossless(int fd, int on, uint64_t maxwait)
{
	struct dtioc_lossless ll;

	memset(&ll, 0, sizeof(ll));
	ll.dtll_on = on;
	ll.dtll_maxwait = maxwait;
	return ioctl(fd, DTIOCSETLOSSLESS, &ll);
}

static void
waits(int fd, struct dtioc_waitstat *ws)
{
	memset(ws, 0, sizeof(*ws));
	CHECK_OK(ioctl(fd, DTIOCGWAITS, ws));
}

static int
setup(uint32_t flags, uint64_t maxwait, uint32_t *idp)
{
	int fd = dtt_open();

	*idp = dtt_probe(fd, "syscall", "getppid", "entry");
	CHECK_OK(dtt_enable(fd, *idp, flags));
	CHECK_OK(dtt_bufsize(fd, RINGSZ));
	CHECK_OK(lossless(fd, 1, maxwait));
	return fd;
}

/* Whether the child sleeps (a killable wait shows as D). */
static int
sleeping(pid_t pid)
{
	char path[64], buf[256], *p;
	int f, n;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if ((f = open(path, O_RDONLY)) == -1)
		return 0;
	n = read(f, buf, sizeof(buf) - 1);
	close(f);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	p = strrchr(buf, ')');
	return p != NULL && p[2] == 'D';
}

static void
errors(void)
{
	struct dtioc_lossless ll;
	uint32_t id;
	int fd = setup(DTEVT_EXECNAME, 0, &id);

	memset(&ll, 0, sizeof(ll));
	ll.dtll_on = 2;
	CHECK_ERRNO(ioctl(fd, DTIOCSETLOSSLESS, &ll), EINVAL);
	ll.dtll_on = 1;
	ll.dtll_hiwat = 30;
	ll.dtll_lowat = 40;
	CHECK_ERRNO(ioctl(fd, DTIOCSETLOSSLESS, &ll), EINVAL);
	ll.dtll_hiwat = 96;
	ll.dtll_lowat = 10;
	CHECK_ERRNO(ioctl(fd, DTIOCSETLOSSLESS, &ll), EINVAL);
	ll.dtll_hiwat = 0;
	ll.dtll_lowat = 0;
	ll.dtll_maxwait = DTMAXWAITNS + 1;
	CHECK_ERRNO(ioctl(fd, DTIOCSETLOSSLESS, &ll), EINVAL);
	ll.dtll_maxwait = 0;
	ll.dtll_pad = 1;
	CHECK_ERRNO(ioctl(fd, DTIOCSETLOSSLESS, &ll), EINVAL);
	REQUIRE(dtt_record(fd, 1) == 0, "DTIOCRECORD");
	CHECK_ERRNO(lossless(fd, 0, 0), EBUSY);
	close(fd);
}

/* Nothing lost: the child waits while the reader is away. */
static void
exact(void)
{
	struct dtt_child c;
	struct dtt_evbuf eb;
	struct dtioc_waitstat ws;
	struct dtioc_stat st;
	size_t n = 0;
	uint32_t id;
	int fd = setup(DTEVT_EXECNAME, 0, &id), st_;

	calls.gc_n = 20000;
	dtt_child(&c, "dtt-lossless", dtt_getppids, &calls);
	dtt_follow(fd, &c);
	REQUIRE(dtt_record(fd, 1) == 0, "DTIOCRECORD");
	dtt_go(&c);
	dtt_sleep(300);		/* away: the child fills the ring, waits */
	while (waitpid(c.c_pid, &st_, WNOHANG) == 0) {
		dtt_drain(fd, &eb);
		n += dtt_count(&eb, id, c.c_pid);
		dtt_evfree(&eb);
		dtt_sleep(5);
	}
	CHECK_OK(dtt_record(fd, 0));
	dtt_drain(fd, &eb);
	n += dtt_count(&eb, id, c.c_pid);
	dtt_evfree(&eb);
	CHECK_OK(dtt_stats(fd, &st));
	waits(fd, &ws);
	CHECK(n == (size_t)calls.gc_n, "%zu events of %d calls", n,
	    calls.gc_n);
	CHECK(st.dtst_dropevt == 0, "%llu dropped",
	    (unsigned long long)st.dtst_dropevt);
	CHECK(ws.dtws_waits > 0 && ws.dtws_waitns > 0, "%llu waits, %llu ns",
	    (unsigned long long)ws.dtws_waits,
	    (unsigned long long)ws.dtws_waitns);
	printf("exact: %zu events, %llu waits, %.3f s waited\n", n,
	    (unsigned long long)ws.dtws_waits, ws.dtws_waitns / 1e9);
	close(fd);
}

/*
 * A child that waits for a reader that never reads, bound 10 s; `how'
 * ends its wait: 0 SIGKILL of the child, 1 close of the descriptor,
 * 2 SIGKILL of the process holding it.  It must end well within 10 s.
 */
static void
release(int how)
{
	static const char *const what[] = { "SIGKILL of the waiter",
	    "close", "SIGKILL of the reader" };
	struct dtt_child c;
	uint64_t t0;
	uint32_t id;
	pid_t reader = 0;
	int fd, i, st, p[2], waiting;
	char b;

	calls.gc_n = 1000000;
	dtt_child(&c, "dtt-lossless", dtt_getppids, &calls);
	REQUIRE(pipe(p) == 0, "pipe");
	if (how == 2 && (reader = fork()) == 0) {
		fd = setup(DTEVT_EXECNAME, 10000000000ULL, &id);
		dtt_follow(fd, &c);
		if (dtt_record(fd, 1) != 0)
			_exit(1);
		(void)write(p[1], "x", 1);
		pause();
		_exit(0);
	}
	if (how == 2) {
		REQUIRE(read(p[0], &b, 1) == 1, "reader did not start");
		fd = -1;
	} else {
		fd = setup(DTEVT_EXECNAME, 10000000000ULL, &id);
		dtt_follow(fd, &c);
		REQUIRE(dtt_record(fd, 1) == 0, "DTIOCRECORD");
	}
	dtt_go(&c);
	/* It wakes each jiffy to look at the ring: sample a while. */
	dtt_sleep(200);
	for (i = 0, waiting = 0; i < 200 && !waiting; i++)
		if (!(waiting = sleeping(c.c_pid)))
			dtt_sleep(10);
	CHECK(waiting, "%s: the child does not wait", what[how]);
	t0 = dtt_now();
	if (how == 0)
		kill(c.c_pid, SIGKILL);
	else if (how == 1)
		close(fd);
	else
		kill(reader, SIGKILL);
	if (how != 0) {
		/* Released, it runs on: stop it now. */
		dtt_sleep(100);
		kill(c.c_pid, SIGKILL);
	}
	REQUIRE(waitpid(c.c_pid, &st, 0) == c.c_pid, "waitpid");
	CHECK(dtt_now() - t0 < 5000000000ULL, "%s: the child took %.1f s to "
	    "end", what[how], (dtt_now() - t0) / 1e9);
	if (how == 0)
		close(fd);
	if (reader > 0)
		waitpid(reader, NULL, 0);
	close(p[0]);
	close(p[1]);
}

/* Nobody drains: each wait ends at the bound, and is counted so. */
static void
watchdog(void)
{
	struct dtt_child c;
	struct dtioc_waitstat ws;
	uint64_t t0;
	uint32_t id;
	int fd = setup(DTEVT_EXECNAME, 10000000ULL, &id);

	/* Past the ring's end: waits above half, drops when full. */
	calls.gc_n = 1000;
	dtt_child(&c, "dtt-lossless", dtt_getppids, &calls);
	dtt_follow(fd, &c);
	REQUIRE(dtt_record(fd, 1) == 0, "DTIOCRECORD");
	t0 = dtt_now();
	dtt_go(&c);
	CHECK(dtt_wait(&c) == 0, "child failed");
	waits(fd, &ws);
	CHECK(ws.dtws_timeouts > 0 && ws.dtws_timeouts == ws.dtws_waits,
	    "%llu waits, %llu ended by the bound",
	    (unsigned long long)ws.dtws_waits,
	    (unsigned long long)ws.dtws_timeouts);
	CHECK(ws.dtws_taskdropevt > 0, "no drop counted in the task");
	printf("watchdog: %llu waits of 0.01 s bound, child ran %.1f s\n",
	    (unsigned long long)ws.dtws_waits, (dtt_now() - t0) / 1e9);
	close(fd);
}

/* A timer probe fires in interrupt context: its drops are apart. */
static void
irqdrops(void)
{
	struct dtioc_waitstat ws;
	uint32_t id;
	int fd = dtt_open();
	pid_t h;

	struct dtioc_stat st;
	struct dtt_evbuf eb;

	id = dtt_probe_any(fd, "profile", "hz");
	CHECK_OK(dtt_enable_period(fd, id, DTEVT_EXECNAME | DTEVT_KSTACK,
	    100000));
	CHECK_OK(dtt_bufsize(fd, RINGSZ));
	CHECK_OK(lossless(fd, 1, 0));
	h = dtt_hammer();
	REQUIRE(dtt_record(fd, 1) == 0, "DTIOCRECORD");
	dtt_sleep(2000);
	CHECK_OK(dtt_record(fd, 0));
	dtt_reap(h);
	waits(fd, &ws);
	CHECK_OK(dtt_stats(fd, &st));
	dtt_drain(fd, &eb);
	printf("irqdrops: %zu events read, %llu dropped, %llu in interrupt "
	    "context\n", eb.eb_nev, (unsigned long long)st.dtst_dropevt,
	    (unsigned long long)ws.dtws_irqdropevt);
	dtt_evfree(&eb);
	CHECK(ws.dtws_irqdropevt > 0 && ws.dtws_taskdropevt == 0,
	    "interrupt drops %llu, task drops %llu",
	    (unsigned long long)ws.dtws_irqdropevt,
	    (unsigned long long)ws.dtws_taskdropevt);
	CHECK(ws.dtws_waits == 0, "%llu waits of interrupt probes",
	    (unsigned long long)ws.dtws_waits);
	close(fd);
}

int
main(void)
{
	errors();
	exact();
	release(0);
	release(1);
	release(2);
	watchdog();
	irqdrops();
	return dtt_done();
}
