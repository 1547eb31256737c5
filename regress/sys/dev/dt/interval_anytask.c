/*
 * interval_anytask: an interval probe is a timer, about no task, so it
 * fires whatever runs when the timer expires.  Here the only followed
 * process sleeps and the opener spins on the timer's CPU, which the
 * pid filter and the opener's exclusion would both refuse: 10 Hz for
 * one second must still give 10 events (fewer only if the driver
 * counted the ticks it skipped).  A profile probe of the same
 * descriptor stays filtered: none of its events is the opener's.
 */

#define _GNU_SOURCE

#include <stdio.h>

#include "dtt.h"

static void
nap(void *arg)
{
	(void)arg;
	dtt_sleep(1500);
}

int
main(void)
{
	struct dtt_child c;
	struct dtt_evbuf eb;
	struct dt_evt *ev;
	struct dtioc_stat st;
	uint32_t intv, prof;
	size_t nint = 0, nmine = 0;
	int fd;

	dtt_pin(0);		/* the interval's timer runs where it starts */
	fd = dtt_open();
	intv = dtt_probe_create(fd, "interval", "ms", "100");
	prof = dtt_probe_create(fd, "profile", "hz", "100");
	CHECK_OK(dtt_enable(fd, intv, DTEVT_EXECNAME));
	CHECK_OK(dtt_enable(fd, prof, DTEVT_EXECNAME));
	dtt_child(&c, "dtt-nap", nap, NULL);
	dtt_follow(fd, &c);
	dtt_go(&c);
	CHECK_OK(dtt_record(fd, 1));
	dtt_spin(1000);
	CHECK_OK(dtt_record(fd, 0));
	CHECK(dtt_wait(&c) == 0, "child failed");
	dtt_drain(fd, &eb);
	CHECK_OK(dtt_stats(fd, &st));
	for (ev = dtt_first(&eb); ev != NULL; ev = dtt_next(&eb, ev)) {
		if (ev->dtev_pbn == intv)
			nint++;
		else if (ev->dtev_pbn == prof && ev->dtev_pid != c.c_pid)
			nmine++;
	}
	printf("interval: %zu events, %llu ticks skipped\n", nint,
	    (unsigned long long)st.dtst_skiptick);
	CHECK(nint <= 12, "%zu interval events in one second at 10 Hz", nint);
	CHECK(nint + st.dtst_skiptick >= 8, "%zu interval events and %llu "
	    "skipped ticks in one second at 10 Hz", nint,
	    (unsigned long long)st.dtst_skiptick);
	CHECK(nmine == 0, "%zu profile events of other processes than the "
	    "followed one", nmine);
	dtt_evfree(&eb);
	close(fd);
	return dtt_done();
}
