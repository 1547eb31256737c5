/*
 * pid_filter_idle: with DTIOCSETPIDS naming one process, a probe firing
 * in the idle tasks (pid 0: a profile tick on an idle CPU) is not
 * recorded.  The child runs a little and sleeps a lot, so that both the
 * child and the idle tasks are ticked; only the child's ticks may come.
 */

#define _GNU_SOURCE

#include <stdio.h>

#include "dtt.h"

static void
runsleep(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < 5; i++) {
		dtt_spin(40);
		dtt_sleep(100);
	}
}

int
main(void)
{
	struct dtt_child c;
	struct dtt_evbuf eb;
	struct dt_evt *ev;
	size_t mine = 0, other = 0, idle = 0;
	uint32_t id;
	int fd;

	fd = dtt_open();
	id = dtt_probe_any(fd, "profile", "hz");
	CHECK_OK(dtt_enable_period(fd, id, DTEVT_EXECNAME, 1000000));
	dtt_child(&c, "dtt-runsleep", runsleep, NULL);
	dtt_follow(fd, &c);
	dtt_trace(fd, &c, &eb);
	for (ev = dtt_first(&eb); ev != NULL; ev = dtt_next(&eb, ev)) {
		if (ev->dtev_pid == c.c_pid)
			mine++;
		else if (ev->dtev_pid == 0)
			idle++;
		else
			other++;
	}
	printf("%zu ticks of the child, %zu of idle tasks, %zu others\n",
	    mine, idle, other);
	CHECK(mine > 0, "no tick of the followed child");
	CHECK(idle == 0, "%zu ticks of pid 0 recorded", idle);
	CHECK(other == 0, "%zu ticks of other processes recorded", other);
	dtt_evfree(&eb);
	close(fd);
	return dtt_done();
}
