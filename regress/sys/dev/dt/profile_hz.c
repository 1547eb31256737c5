/*
 * profile_hz: profile at 100 Hz for one second yields 100 +- 20% events
 * on each CPU kept busy, tagged with the interrupted task; interval at
 * 10 Hz fires 10 +- 2 times a second in all.  An emulated CPU that the
 * host does not run for a while misses ticks: a shortfall is accepted
 * only when the driver counted at least as many skipped ticks, since
 * nothing may be lost silently; too many events never are.
 */

#define _GNU_SOURCE

#include <stdio.h>
#include <string.h>

#include "dtt.h"

#define MAXCPU	64

static void
busy(void *arg)
{
	dtt_pin(*(int *)arg);
	dtt_spin(1700);
}

int
main(void)
{
	struct dtt_child c[MAXCPU];
	struct dtt_evbuf eb;
	struct dt_evt *ev;
	struct dtioc_stat st;
	size_t per[MAXCPU], busyev[MAXCPU], nint = 0;
	int cpus[MAXCPU];
	uint64_t t0, t1;
	uint32_t prof, intv;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int fd, i;

	if (ncpu > MAXCPU)
		ncpu = MAXCPU;
	fd = dtt_open();
	prof = dtt_probe_any(fd, "profile", "hz");
	intv = dtt_probe_any(fd, "interval", "hz");
	CHECK_OK(dtt_enable_period(fd, prof, DTEVT_EXECNAME, 10000000));
	CHECK_OK(dtt_enable_period(fd, intv, 0, 100000000));
	for (i = 0; i < ncpu; i++) {
		cpus[i] = i;
		dtt_child(&c[i], "dtt-busy", busy, &cpus[i]);
		dtt_go(&c[i]);
	}
	dtt_sleep(300);			/* let them settle on their CPUs */
	t0 = dtt_now();
	CHECK_OK(dtt_record(fd, 1));
	dtt_sleep(1000);
	CHECK_OK(dtt_record(fd, 0));
	t1 = dtt_now();
	for (i = 0; i < ncpu; i++)
		dtt_wait(&c[i]);
	dtt_drain(fd, &eb);
	CHECK_OK(dtt_stats(fd, &st));

	memset(per, 0, sizeof(per));
	memset(busyev, 0, sizeof(busyev));
	for (ev = dtt_first(&eb); ev != NULL; ev = dtt_next(&eb, ev)) {
		if (ev->dtev_pbn == intv) {
			nint++;
			continue;
		}
		if (ev->dtev_pbn != prof) {
			CHECK(0, "event of probe %u", ev->dtev_pbn);
			continue;
		}
		CHECK(ev->dtev_cpu < ncpu, "event on cpu %u", ev->dtev_cpu);
		if (ev->dtev_cpu >= ncpu)
			continue;
		per[ev->dtev_cpu]++;
		if (strcmp(ev->dtev_comm, "dtt-busy") == 0)
			busyev[ev->dtev_cpu]++;
	}
	printf("recorded for %.3f s; skipped ticks %llu\n",
	    (t1 - t0) / 1e9, (unsigned long long)st.dtst_skiptick);
	for (i = 0; i < ncpu; i++) {
		double want = (t1 - t0) / 1e7;	/* 100 Hz over the window */

		printf("cpu%d: %zu profile events, %zu in the busy child\n",
		    i, per[i], busyev[i]);
		if (per[i] < 0.8 * want && per[i] + st.dtst_skiptick >= 0.8 *
		    want)
			printf("cpu%d: short of %.0f, but the driver counted "
			    "%llu skipped ticks\n", i, want,
			    (unsigned long long)st.dtst_skiptick);
		CHECK(per[i] <= 1.2 * want && per[i] + st.dtst_skiptick >=
		    0.8 * want, "cpu%d: %zu profile events and %llu skipped "
		    "ticks in %.3f s at 100 Hz, want %.0f +- 20%%", i, per[i],
		    (unsigned long long)st.dtst_skiptick, (t1 - t0) / 1e9,
		    want);
		CHECK(busyev[i] * 2 >= per[i], "cpu%d: only %zu of %zu "
		    "events name the busy child as interrupted task", i,
		    busyev[i], per[i]);
	}
	printf("interval: %zu events\n", nint);
	CHECK(nint >= 8 && nint <= 12, "%zu interval events in 1 s at 10 Hz, "
	    "want 8..12", nint);
	dtt_evfree(&eb);
	close(fd);
	return dtt_done();
}
