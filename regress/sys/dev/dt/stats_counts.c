/*
 * stats_counts: DTIOCGSTATS starts at zero, counts every event read(2)
 * returned from every CPU's ring (the caller runs on each CPU in turn),
 * counts no drops when the rings have room, and is per descriptor.
 * DTIOCGCLOCK gives a monotonic reading close to clock_gettime and a
 * realtime one close to the wall clock.
 */

#define _GNU_SOURCE

#include <sys/ioctl.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "dtt.h"

#define N	200

static long ncpu;

static void
calls(void *arg)
{
	int c, i;

	(void)arg;
	for (c = 0; c < ncpu; c++) {
		dtt_pin(c);
		for (i = 0; i < N; i++)
			getppid();
	}
}

int
main(void)
{
	struct dtt_child c;
	struct dtt_evbuf eb;
	struct dt_evt *ev;
	struct dtioc_stat st, zero;
	struct dtioc_clock cl;
	struct timespec rt;
	size_t percpu[64];
	uint64_t t0;
	uint32_t id;
	int fd, fd2, i;

	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	if (ncpu > 64)
		ncpu = 64;
	fd = dtt_open();
	fd2 = dtt_open();
	memset(&zero, 0, sizeof(zero));
	CHECK_OK(dtt_stats(fd, &st));
	CHECK(memcmp(&st, &zero, sizeof(st)) == 0, "stats of a new "
	    "descriptor are not all zero");

	id = dtt_probe(fd, "syscall", "getppid", "entry");
	CHECK_OK(dtt_enable(fd, id, 0));
	dtt_child(&c, "dtt-stats", calls, NULL);
	dtt_trace(fd, &c, &eb);
	memset(percpu, 0, sizeof(percpu));
	for (ev = dtt_first(&eb); ev != NULL; ev = dtt_next(&eb, ev))
		if (ev->dtev_cpu < 64)
			percpu[ev->dtev_cpu]++;
	for (i = 0; i < ncpu; i++)
		CHECK(percpu[i] >= N, "cpu%d: %zu events, want at least %d",
		    i, percpu[i], N);
	CHECK(dtt_count(&eb, id, c.c_pid) == (size_t)(N * ncpu), "%zu "
	    "events of the child, want %ld", dtt_count(&eb, id, c.c_pid),
	    N * ncpu);
	CHECK_OK(dtt_stats(fd, &st));
	CHECK(st.dtst_readevt == eb.eb_nev, "readevt %llu, read(2) returned "
	    "%zu", (unsigned long long)st.dtst_readevt, eb.eb_nev);
	CHECK(st.dtst_dropevt == 0 && st.dtst_recurevt == 0 &&
	    st.dtst_skiptick == 0 && st.dtst_pidovf == 0, "drops %llu "
	    "recursion %llu skipped %llu pidovf %llu, want 0",
	    (unsigned long long)st.dtst_dropevt,
	    (unsigned long long)st.dtst_recurevt,
	    (unsigned long long)st.dtst_skiptick,
	    (unsigned long long)st.dtst_pidovf);
	dtt_evfree(&eb);
	CHECK_OK(dtt_stats(fd2, &st));
	CHECK(memcmp(&st, &zero, sizeof(st)) == 0, "the other descriptor's "
	    "stats moved");

	t0 = dtt_now();
	CHECK_OK(ioctl(fd, DTIOCGCLOCK, &cl));
	clock_gettime(CLOCK_REALTIME, &rt);
	CHECK(cl.dtcl_mono >= t0 && cl.dtcl_mono <= dtt_now(), "DTIOCGCLOCK "
	    "monotonic %llu not between %llu and now",
	    (unsigned long long)cl.dtcl_mono, (unsigned long long)t0);
	{
		int64_t d = (int64_t)((uint64_t)rt.tv_sec * 1000000000 +
		    rt.tv_nsec - cl.dtcl_real);

		CHECK(d >= 0 && d < 1000000000, "DTIOCGCLOCK realtime is %lld "
		    "ns off the wall clock", (long long)d);
	}
	close(fd);
	close(fd2);
	return dtt_done();
}
