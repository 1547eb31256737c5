/*
 * two_fds: two descriptors are independent: each gets every event of
 * the probes it enabled and none of the other's, stopping or closing one
 * does not disturb the other, and their stats are their own.
 */

#define _GNU_SOURCE

#include <stdio.h>
#include <sys/syscall.h>

#include "dtt.h"

#define N	300

static void
calls(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < N; i++) {
		getppid();
		syscall(SYS_getpid);
	}
}

static pid_t
burst(void)
{
	struct dtt_child c;

	dtt_child(&c, "dtt-twofds", calls, NULL);
	dtt_go(&c);
	CHECK(dtt_wait(&c) == 0, "child failed");
	return c.c_pid;
}

int
main(void)
{
	struct dtt_evbuf e1, e2;
	struct dtioc_stat s1, s2;
	uint32_t ppid, pid;
	pid_t p;
	int fd1, fd2;

	fd1 = dtt_open();
	fd2 = dtt_open();
	ppid = dtt_probe(fd1, "syscall", "getppid", "entry");
	pid = dtt_probe(fd1, "syscall", "getpid", "entry");
	CHECK_OK(dtt_enable(fd1, ppid, DTEVT_EXECNAME));
	CHECK_OK(dtt_enable(fd2, ppid, 0));
	CHECK_OK(dtt_enable(fd2, pid, 0));
	CHECK_OK(dtt_record(fd1, 1));
	CHECK_OK(dtt_record(fd2, 1));

	p = burst();
	dtt_drain(fd1, &e1);
	dtt_drain(fd2, &e2);
	CHECK(dtt_count(&e1, ppid, p) == N, "fd1: %zu getppid events, want %d",
	    dtt_count(&e1, ppid, p), N);
	CHECK(dtt_count(&e1, pid, 0) == 0, "fd1: %zu getpid events, not "
	    "enabled there", dtt_count(&e1, pid, 0));
	CHECK(dtt_count(&e2, ppid, p) == N, "fd2: %zu getppid events, want %d",
	    dtt_count(&e2, ppid, p), N);
	CHECK(dtt_count(&e2, pid, p) == N, "fd2: %zu getpid events, want %d",
	    dtt_count(&e2, pid, p), N);
	CHECK_OK(dtt_stats(fd1, &s1));
	CHECK_OK(dtt_stats(fd2, &s2));
	CHECK(s1.dtst_readevt == e1.eb_nev && s2.dtst_readevt == e2.eb_nev,
	    "stats read %llu and %llu, read(2) returned %zu and %zu",
	    (unsigned long long)s1.dtst_readevt,
	    (unsigned long long)s2.dtst_readevt, e1.eb_nev, e2.eb_nev);
	dtt_evfree(&e1);
	dtt_evfree(&e2);

	/* fd1 stops: fd2 still sees everything, fd1 nothing. */
	CHECK_OK(dtt_record(fd1, 0));
	p = burst();
	dtt_drain(fd1, &e1);
	dtt_drain(fd2, &e2);
	CHECK(e1.eb_nev == 0, "fd1 stopped but read %zu events", e1.eb_nev);
	CHECK(dtt_count(&e2, ppid, p) == N && dtt_count(&e2, pid, p) == N,
	    "fd2 after fd1 stopped: %zu and %zu events, want %d each",
	    dtt_count(&e2, ppid, p), dtt_count(&e2, pid, p), N);
	dtt_evfree(&e1);
	dtt_evfree(&e2);

	/* fd1 closes: fd2 goes on. */
	close(fd1);
	p = burst();
	dtt_drain(fd2, &e2);
	CHECK(dtt_count(&e2, ppid, p) == N && dtt_count(&e2, pid, p) == N,
	    "fd2 after fd1 closed: %zu and %zu events, want %d each",
	    dtt_count(&e2, ppid, p), dtt_count(&e2, pid, p), N);
	dtt_evfree(&e2);
	close(fd2);
	return dtt_done();
}
