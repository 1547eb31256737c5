/*
 * pid_filter_storm: the pid filter follows a fork storm.  The traced
 * process starts three workers that each keep 150 short-lived children
 * alive at once, round after round; every child makes one getppid(2).
 * All of them must be recorded, none lost to a full pid set, and the
 * fork and exit hooks, which run with preemption disabled, must neither
 * sleep nor corrupt anything (PREEMPT_RT: "scheduling while atomic";
 * the runner checks the kernel log).  As btrace does, a reader drains
 * the rings meanwhile; a storm outside the set runs too, and its exits
 * pass through the same hooks.
 */

#define _GNU_SOURCE

#include <sys/wait.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "dtt.h"

#define WORKERS	3
#define KIDS	150
#define ROUNDS	5

/* KIDS children at once, released together through a pipe. */
static void
worker(void)
{
	int gate[2], i, r;
	pid_t pid;
	char c;

	for (r = 0; r < ROUNDS; r++) {
		if (pipe(gate) == -1)
			_exit(2);
		for (i = 0; i < KIDS; i++) {
			pid = fork();
			if (pid == -1)
				_exit(3);
			if (pid == 0) {
				close(gate[1]);
				if (read(gate[0], &c, 1) == -1)
					_exit(4);
				getppid();
				_exit(0);
			}
		}
		close(gate[0]);
		close(gate[1]);
		for (i = 0; i < KIDS; i++)
			if (wait(NULL) == -1)
				_exit(5);
	}
	_exit(0);
}

static void
storm(void *arg)
{
	int i, st, bad = 0;
	pid_t pid;

	(void)arg;
	for (i = 0; i < WORKERS; i++) {
		pid = fork();
		if (pid == -1)
			_exit(6);
		if (pid == 0)
			worker();
	}
	for (i = 0; i < WORKERS; i++)
		if (wait(&st) == -1 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
			bad = 1;
	_exit(bad);
}

static int dtfd;
static struct dtt_child c, o;

static void
outside(void *arg)
{
	(void)arg;
	worker();
}

/* Stop recording once the storm is over: the reader then gets EOF. */
static void *
waiter(void *arg)
{
	(void)arg;
	CHECK(dtt_wait(&c) == 0, "the storm failed");
	CHECK(dtt_wait(&o) == 0, "the storm outside failed");
	CHECK_OK(dtt_record(dtfd, 0));
	return NULL;
}

int
main(void)
{
	struct dtioc_stat st;
	struct dt_evt *ev;
	static char buf[256 * 1024];
	pthread_t t;
	uint32_t id;
	size_t n = 0, off;
	ssize_t r;

	dtfd = dtt_open();
	id = dtt_probe(dtfd, "syscall", "getppid", "entry");
	CHECK_OK(dtt_enable(dtfd, id, 0));
	dtt_child(&c, "dtt-storm", storm, NULL);
	dtt_child(&o, "dtt-outside", outside, NULL);
	dtt_follow(dtfd, &c);
	REQUIRE(dtt_record(dtfd, 1) == 0, "DTIOCRECORD: %s",
	    dtt_errname(errno));
	dtt_go(&c);
	dtt_go(&o);
	REQUIRE(pthread_create(&t, NULL, waiter, NULL) == 0,
	    "pthread_create");
	while ((r = read(dtfd, buf, sizeof(buf))) > 0) {
		for (off = 0; off < (size_t)r; off += ev->dtev_len) {
			ev = (struct dt_evt *)(buf + off);
			REQUIRE(ev->dtev_len >= sizeof(*ev) &&
			    ev->dtev_len <= r - off, "bad event length %u",
			    ev->dtev_len);
			if (ev->dtev_pbn == id)
				n++;
		}
	}
	CHECK(r == 0, "read: %s", dtt_errname(errno));
	pthread_join(t, NULL);
	CHECK(n == WORKERS * KIDS * ROUNDS, "%zu getppid events, want %d",
	    n, WORKERS * KIDS * ROUNDS);
	CHECK_OK(dtt_stats(dtfd, &st));
	CHECK(st.dtst_pidovf == 0 && st.dtst_dropevt == 0, "pid set "
	    "overflows %llu, drops %llu", (unsigned long long)st.dtst_pidovf,
	    (unsigned long long)st.dtst_dropevt);
	close(dtfd);
	return dtt_done();
}
