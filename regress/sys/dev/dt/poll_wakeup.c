/*
 * poll_wakeup: a poll(2) in one thread wakes when events arrive, even
 * after a read(2) in another thread of the same open file found nothing
 * and returned meanwhile (the reader's wakeup state must not be the
 * poller's).  The poll has no timeout: if it still sleeps 10 s after
 * the events came, it missed them, and stopping the recording ends it.
 */

#define _GNU_SOURCE

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <time.h>

#include "dtt.h"

static int dtfd;
static int polled = -2;
static short revents;
static sem_t polldone;

static void *
poller(void *arg)
{
	struct pollfd pfd = { .fd = dtfd, .events = POLLIN };

	(void)arg;
	polled = poll(&pfd, 1, -1);
	revents = pfd.revents;
	sem_post(&polldone);
	return NULL;
}

static struct dtt_calls ppids = { -1, 10 };

int
main(void)
{
	struct dtt_child c;
	struct dtt_evbuf eb;
	struct timespec ts;
	pthread_t t;
	char buf[4096];
	uint32_t id;
	int fl, hung;

	sem_init(&polldone, 0, 0);
	dtfd = dtt_open();
	id = dtt_probe(dtfd, "syscall", "getppid", "entry");
	CHECK_OK(dtt_enable(dtfd, id, 0));
	dtt_child(&c, "dtt-pollw", dtt_getppids, &ppids);
	dtt_follow(dtfd, &c);
	REQUIRE(dtt_record(dtfd, 1) == 0, "DTIOCRECORD: %s",
	    dtt_errname(errno));

	REQUIRE(pthread_create(&t, NULL, poller, NULL) == 0, "pthread_create");
	dtt_sleep(300);		/* the poller sleeps in poll(2) */
	fl = fcntl(dtfd, F_GETFL);
	CHECK_OK(fcntl(dtfd, F_SETFL, fl | O_NONBLOCK));
	CHECK_ERRNO(read(dtfd, buf, sizeof(buf)), EAGAIN);
	CHECK_OK(fcntl(dtfd, F_SETFL, fl));
	dtt_go(&c);
	CHECK(dtt_wait(&c) == 0, "the child failed");
	/* A hang detector, not a timing: the wakeup is due within 1 ms. */
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 10;
	hung = sem_timedwait(&polldone, &ts) == -1;
	CHECK(!hung, "poll(2) still sleeps 10 s after the events came");
	CHECK_OK(dtt_record(dtfd, 0));	/* wakes a poller that missed them */
	pthread_join(t, NULL);
	CHECK(polled == 1 && (revents & POLLIN), "poll returned %d, revents "
	    "%#x, want 1 and POLLIN", polled, revents);

	dtt_drain(dtfd, &eb);
	CHECK(dtt_count(&eb, id, c.c_pid) == 10, "%zu events, want 10",
	    dtt_count(&eb, id, c.c_pid));
	dtt_evfree(&eb);
	close(dtfd);
	return dtt_done();
}
