/*
 * drops_exact: when the reader stops reading, a full ring drops events
 * and counts each one: events read plus events dropped is exactly the
 * number of probe firings, and DTIOCGSTATS agrees with what read(2)
 * returned.  After draining, recording goes on without drops.
 */

#define _GNU_SOURCE

#include <stdio.h>

#include "dtt.h"

#define N	20000

static struct dtt_calls calls = { 0, N };

static void
run(int fd, uint32_t id, int n, size_t *nread, uint64_t *ndrop)
{
	struct dtt_child c;
	struct dtt_evbuf eb;
	struct dtioc_stat st0, st1;

	calls.gc_n = n;
	CHECK_OK(dtt_stats(fd, &st0));
	dtt_child(&c, "dtt-drops", dtt_getppids, &calls);
	dtt_trace(fd, &c, &eb);
	CHECK_OK(dtt_stats(fd, &st1));
	*nread = dtt_count(&eb, id, c.c_pid);
	*ndrop = st1.dtst_dropevt - st0.dtst_dropevt;
	CHECK(*nread == eb.eb_nev, "%zu events of other processes",
	    eb.eb_nev - *nread);
	CHECK(st1.dtst_readevt - st0.dtst_readevt == eb.eb_nev, "stats: "
	    "%llu read, read(2) returned %zu",
	    (unsigned long long)(st1.dtst_readevt - st0.dtst_readevt),
	    eb.eb_nev);
	dtt_evfree(&eb);
}

int
main(void)
{
	uint32_t id;
	size_t nread;
	uint64_t ndrop;
	pid_t self = getpid();
	int fd;

	fd = dtt_open();
	CHECK_OK(dtt_bufsize(fd, DTMINBUFSIZE));
	id = dtt_probe(fd, "syscall", "getppid", "entry");
	CHECK_OK(dtt_enable(fd, id, DTEVT_EXECNAME));
	CHECK_OK(dtt_pids(fd, &self, 0));

	run(fd, id, N, &nread, &ndrop);
	printf("%d calls: %zu read, %llu dropped\n", N, nread,
	    (unsigned long long)ndrop);
	CHECK(ndrop > 0, "no drops: %d events fit a %u-byte ring?", N,
	    DTMINBUFSIZE);
	CHECK(nread + ndrop == N, "%zu read + %llu dropped = %llu, want %d",
	    nread, (unsigned long long)ndrop,
	    (unsigned long long)(nread + ndrop), N);

	/* Drained: a burst that fits is recorded whole. */
	run(fd, id, 100, &nread, &ndrop);
	CHECK(nread == 100 && ndrop == 0, "after draining: %zu read, %llu "
	    "dropped of 100", nread, (unsigned long long)ndrop);
	close(fd);
	return dtt_done();
}
