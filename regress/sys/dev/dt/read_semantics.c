/*
 * read_semantics: read(2) returns whole events only: EMSGSIZE when the
 * buffer cannot hold the next one, a short count rather than a partial
 * record; EAGAIN with O_NONBLOCK and nothing to read; poll(2) reports
 * POLLIN only when events wait; a blocked read wakes when one arrives.
 */

#define _GNU_SOURCE

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "dtt.h"

static void
callppid(void *arg)
{
	int i, n = *(int *)arg;

	for (i = 0; i < n; i++)
		getppid();
}

static void
late(void *arg)
{
	dtt_sleep(500);
	callppid(arg);
}

static void
onalarm(int sig)
{
	(void)sig;
}

int
main(void)
{
	struct dtt_child c;
	struct dt_evt *ev;
	struct pollfd pfd;
	struct sigaction sa;
	char buf[4096];
	uint32_t id;
	uint64_t t0;
	ssize_t r;
	int fd, one = 1, two = 2, fl;

	fd = dtt_open();
	id = dtt_probe(fd, "syscall", "getppid", "entry");
	CHECK_OK(dtt_enable(fd, id, DTEVT_EXECNAME));
	CHECK_OK(dtt_record(fd, 1));

	/* Nothing yet. */
	fl = fcntl(fd, F_GETFL);
	CHECK_OK(fcntl(fd, F_SETFL, fl | O_NONBLOCK));
	CHECK_ERRNO(read(fd, buf, sizeof(buf)), EAGAIN);
	pfd.fd = fd;
	pfd.events = POLLIN;
	pfd.revents = 0;
	CHECK(poll(&pfd, 1, 0) == 0, "poll with no events: revents %#x",
	    pfd.revents);

	/* Two events of the header size. */
	dtt_child(&c, "dtt-read", callppid, &two);
	dtt_go(&c);
	dtt_wait(&c);
	pfd.revents = 0;
	CHECK(poll(&pfd, 1, 2000) == 1 && (pfd.revents & POLLIN),
	    "poll with events waiting: revents %#x", pfd.revents);
	CHECK_ERRNO(read(fd, buf, 8), EMSGSIZE);
	CHECK_ERRNO(read(fd, buf, sizeof(struct dt_evt) - 1), EMSGSIZE);
	r = read(fd, buf, sizeof(struct dt_evt) + sizeof(struct dt_evt) / 2);
	CHECK(r == sizeof(struct dt_evt), "read into 1.5 records: %zd, want "
	    "%zu", r, sizeof(struct dt_evt));
	ev = (struct dt_evt *)buf;
	CHECK(r <= 0 || (ev->dtev_pbn == id && ev->dtev_pid == c.c_pid &&
	    ev->dtev_len == sizeof(*ev)), "record: probe %u pid %d len %u",
	    ev->dtev_pbn, ev->dtev_pid, ev->dtev_len);
	r = read(fd, buf, sizeof(buf));
	CHECK(r == sizeof(struct dt_evt), "second read: %zd, want %zu", r,
	    sizeof(struct dt_evt));
	CHECK_ERRNO(read(fd, buf, sizeof(buf)), EAGAIN);
	pfd.revents = 0;
	CHECK(poll(&pfd, 1, 0) == 0, "poll after draining: revents %#x",
	    pfd.revents);

	/* A blocking read sleeps until an event comes. */
	CHECK_OK(fcntl(fd, F_SETFL, fl & ~O_NONBLOCK));
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = onalarm;	/* no SA_RESTART */
	sigaction(SIGALRM, &sa, NULL);
	dtt_child(&c, "dtt-late", late, &one);
	dtt_go(&c);
	alarm(10);
	t0 = dtt_now();
	r = read(fd, buf, sizeof(buf));
	alarm(0);
	CHECK(r == sizeof(struct dt_evt), "blocking read: %zd (%s), want one "
	    "record", r, r == -1 ? dtt_errname(errno) : "");
	CHECK(dtt_now() - t0 >= 300000000ULL, "blocking read returned after "
	    "%llu ms, before the event", (unsigned long long)
	    ((dtt_now() - t0) / 1000000));
	dtt_wait(&c);

	/* A blocked read is interrupted by a signal. */
	alarm(1);
	t0 = dtt_now();
	r = read(fd, buf, sizeof(buf));
	CHECK(r == -1 && errno == EINTR, "read interrupted by SIGALRM: %zd "
	    "(%s), want EINTR", r, r == -1 ? dtt_errname(errno) : "");
	CHECK_OK(dtt_record(fd, 0));
	close(fd);
	return dtt_done();
}
