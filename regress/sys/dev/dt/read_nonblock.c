/*
 * read_nonblock: an O_NONBLOCK read(2) with nothing to read returns
 * EAGAIN at once, even while another thread sleeps in a blocking read
 * of the same open file; the blocked reader still gets the events that
 * come later, and end of file when recording stops.
 */

#define _GNU_SOURCE

#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <time.h>

#include "dtt.h"

static int dtfd;
static sem_t nbdone;
static ssize_t nbret = -2, blret = -2;
static int nberr;
static char nbbuf[4096], blbuf[4096];

static void *
blocking(void *arg)
{
	(void)arg;
	blret = read(dtfd, blbuf, sizeof(blbuf));
	return NULL;
}

static void *
nonblocking(void *arg)
{
	(void)arg;
	nbret = read(dtfd, nbbuf, sizeof(nbbuf));
	nberr = errno;
	sem_post(&nbdone);
	return NULL;
}

static struct dtt_calls ppids = { -1, 3 };

int
main(void)
{
	struct dtt_child c;
	struct timespec ts;
	pthread_t bt, nt;
	uint32_t id;
	int fl, hung;

	sem_init(&nbdone, 0, 0);
	dtfd = dtt_open();
	id = dtt_probe(dtfd, "syscall", "getppid", "entry");
	CHECK_OK(dtt_enable(dtfd, id, 0));
	dtt_child(&c, "dtt-rnb", dtt_getppids, &ppids);
	dtt_follow(dtfd, &c);
	REQUIRE(dtt_record(dtfd, 1) == 0, "DTIOCRECORD: %s",
	    dtt_errname(errno));

	REQUIRE(pthread_create(&bt, NULL, blocking, NULL) == 0,
	    "pthread_create");
	dtt_sleep(300);		/* it sleeps in read(2) */
	fl = fcntl(dtfd, F_GETFL);
	CHECK_OK(fcntl(dtfd, F_SETFL, fl | O_NONBLOCK));
	REQUIRE(pthread_create(&nt, NULL, nonblocking, NULL) == 0,
	    "pthread_create");
	/* A hang detector, not a timing: EAGAIN is due at once. */
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 10;
	hung = sem_timedwait(&nbdone, &ts) == -1;
	CHECK(!hung, "the O_NONBLOCK read is still blocked after 10 s");
	CHECK_OK(fcntl(dtfd, F_SETFL, fl));
	if (hung) {
		/* Stopping ends both reads. */
		CHECK_OK(dtt_record(dtfd, 0));
		pthread_join(nt, NULL);
		pthread_join(bt, NULL);
		dtt_wait(&c);
		return dtt_done();
	}
	pthread_join(nt, NULL);
	CHECK(nbret == -1 && nberr == EAGAIN, "O_NONBLOCK read: %zd, %s; "
	    "want -1 with EAGAIN", nbret, dtt_errname(nberr));

	/* The blocked reader is still there and gets the child's events. */
	dtt_go(&c);
	CHECK(dtt_wait(&c) == 0, "the child failed");
	pthread_join(bt, NULL);
	CHECK(blret > 0 && blret % sizeof(struct dt_evt) == 0 &&
	    ((struct dt_evt *)blbuf)->dtev_pid == c.c_pid, "blocking read: "
	    "%zd bytes, want the child's events", blret);
	CHECK_OK(dtt_record(dtfd, 0));
	close(dtfd);
	return dtt_done();
}
