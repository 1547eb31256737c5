/*
 * tracepoint:sched: a child sleeps NSLEEP times.  Each sleep is a
 * blocking sched_switch away from it, a sched:sleep and a sched:off__cpu
 * in its context, a sched_wakeup, sched:wakeup and sched:enqueue naming
 * it, and a sched:on__cpu in its context when it runs again.
 */

#define _GNU_SOURCE

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dtt.h"

#define NSLEEP	20

static void
sleeper(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < NSLEEP; i++)
		dtt_sleep(2);
}

int
main(void)
{
	struct dtt_child c;
	struct dtt_evbuf eb;
	struct dt_evt *ev;
	uint32_t pswitch, pwakeup, psleep, poff, pon, pwake, penq;
	int fd, nswitch = 0, nin = 0, nwakeup = 0, nsleep = 0, noff = 0;
	int non = 0, nwake = 0, nenq = 0;
	const struct dt_evt_str *es;
	__u64 *a;
	pid_t p;

	fd = dtt_open();
	pswitch = dtt_probe(fd, "tracepoint", "sched", "sched_switch");
	pwakeup = dtt_probe(fd, "tracepoint", "sched", "sched_wakeup");
	psleep = dtt_probe(fd, "tracepoint", "sched", "sleep");
	poff = dtt_probe(fd, "tracepoint", "sched", "off__cpu");
	pon = dtt_probe(fd, "tracepoint", "sched", "on__cpu");
	pwake = dtt_probe(fd, "tracepoint", "sched", "wakeup");
	penq = dtt_probe(fd, "tracepoint", "sched", "enqueue");
	CHECK_NARGS(fd, pswitch, 10);
	CHECK_NARGS(fd, psleep, 0);
	CHECK_NARGS(fd, pon, 0);
	CHECK_NARGS(fd, poff, 2);

	/* No pid filter: wakeups and switches to the child come from others. */
	dtt_child(&c, "dtt-sched", sleeper, NULL);
	p = c.c_pid;
	CHECK_OK(dtt_enable_str(fd, pswitch, DTEVT_FUNCARGS,
	    1 << 0 | 1 << 4, 0));
	CHECK_OK(dtt_enable(fd, pwakeup, DTEVT_FUNCARGS));
	CHECK_OK(dtt_enable(fd, psleep, DTEVT_FUNCARGS | DTEVT_EXECNAME));
	CHECK_OK(dtt_enable(fd, poff, DTEVT_FUNCARGS));
	CHECK_OK(dtt_enable(fd, pon, DTEVT_FUNCARGS | DTEVT_EXECNAME));
	CHECK_OK(dtt_enable(fd, pwake, DTEVT_FUNCARGS));
	CHECK_OK(dtt_enable(fd, penq, DTEVT_FUNCARGS));
	dtt_trace(fd, &c, &eb);
	for (ev = dtt_first(&eb); ev != NULL; ev = dtt_next(&eb, ev)) {
		a = dt_evt_args(ev);
		if (ev->dtev_pbn == pswitch) {
			/* prev_comm, prev_pid, prev_prio, prev_state,
			   next_comm, next_pid, next_prio, prev_tgid,
			   next_tgid, preempt */
			if (a[1] == (uint64_t)p && a[3] != 0 && a[9] == 0) {
				CHECK(ev->dtev_tid == p, "switch from %d in "
				    "the context of %d", p, ev->dtev_tid);
				CHECK(a[7] == (uint64_t)p, "prev_tgid %llu",
				    (unsigned long long)a[7]);
				CHECK(a[2] == 120, "prev_prio %llu, want 120",
				    (unsigned long long)a[2]);
				es = dtt_evstr(ev, 0);
				CHECK(es != NULL && strcmp(dt_evt_str_text(es),
				    "dtt-sched") == 0, "prev_comm \"%s\"",
				    es ? dt_evt_str_text(es) : "(none)");
				nswitch++;
			}
			if (a[5] == (uint64_t)p) {
				es = dtt_evstr(ev, 4);
				CHECK(es != NULL && strcmp(dt_evt_str_text(es),
				    "dtt-sched") == 0, "next_comm \"%s\"",
				    es ? dt_evt_str_text(es) : "(none)");
				nin++;
			}
		} else if (ev->dtev_pbn == pwakeup && a[1] == (uint64_t)p) {
			nwakeup++;
		} else if (ev->dtev_pbn == psleep && ev->dtev_tid == p) {
			CHECK(strcmp(ev->dtev_comm, "dtt-sched") == 0,
			    "sleep: comm \"%s\"", ev->dtev_comm);
			nsleep++;
		} else if (ev->dtev_pbn == poff && ev->dtev_tid == p) {
			noff++;
		} else if (ev->dtev_pbn == pon && ev->dtev_tid == p) {
			CHECK(ev->dtev_pid == p, "on__cpu: pid %d",
			    ev->dtev_pid);
			CHECK(strcmp(ev->dtev_comm, "dtt-sched") == 0,
			    "on__cpu: comm \"%s\"", ev->dtev_comm);
			non++;
		} else if (ev->dtev_pbn == pwake && a[0] == (uint64_t)p) {
			CHECK(a[1] == (uint64_t)p, "wakeup: pid %llu",
			    (unsigned long long)a[1]);
			nwake++;
		} else if (ev->dtev_pbn == penq && a[0] == (uint64_t)p) {
			nenq++;
		}
	}
	CHECK(nswitch >= NSLEEP, "%d blocking sched_switch from %d, want "
	    ">= %d", nswitch, p, NSLEEP);
	CHECK(nin >= NSLEEP, "%d sched_switch to %d", nin, p);
	CHECK(nwakeup >= NSLEEP, "%d sched_wakeup of %d", nwakeup, p);
	CHECK(nsleep == nswitch, "%d sched:sleep in %d, %d blocking "
	    "switches", nsleep, p, nswitch);
	CHECK(noff >= nsleep, "%d sched:off__cpu in %d", noff, p);
	/*
	 * A switch from the reading process to the child is not recorded
	 * (dt(4) never records its reader), the child's on__cpu then is.
	 */
	CHECK(non >= nin && non >= NSLEEP, "%d sched:on__cpu in %d, %d "
	    "switches to it", non, p, nin);
	CHECK(nwake == nwakeup, "%d sched:wakeup of %d, %d sched_wakeup",
	    nwake, p, nwakeup);
	CHECK(nenq >= nwake, "%d sched:enqueue of %d", nenq, p);
	CHECK_NODROPS(fd);
	dtt_evfree(&eb);
	close(fd);
	return dtt_done();
}
