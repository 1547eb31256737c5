/*
 * tracepoint:raw_syscalls: a child calls getppid() N times passing six
 * marker words.  sys_enter must report exactly N calls with the number
 * of getppid and the six words, sys_exit exactly N with the parent's pid.
 */

#define _GNU_SOURCE

#include <sys/syscall.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dtt.h"

#define NCALLS	200

static const uint64_t marks[6] = { 11, 22, 33, 44, 55, 0x6666666666 };

static void
calls(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < NCALLS; i++)
		syscall(SYS_getppid, marks[0], marks[1], marks[2], marks[3],
		    marks[4], marks[5]);
}

int
main(void)
{
	struct dtt_child c;
	struct dtt_evbuf eb;
	struct dt_evt *ev;
	uint32_t penter, pexit;
	int fd, i, nenter = 0, nexit = 0, badargs = 0, badret = 0;
	__u64 *a;

	fd = dtt_open();
	penter = dtt_probe(fd, "tracepoint", "raw_syscalls", "sys_enter");
	pexit = dtt_probe(fd, "tracepoint", "raw_syscalls", "sys_exit");
	CHECK_NARGS(fd, penter, 7);
	CHECK_NARGS(fd, pexit, 2);

	dtt_child(&c, "dtt-rawsys", calls, NULL);
	dtt_follow(fd, &c);
	CHECK_OK(dtt_enable(fd, penter, DTEVT_FUNCARGS));
	CHECK_OK(dtt_enable(fd, pexit, DTEVT_FUNCARGS));
	dtt_trace(fd, &c, &eb);
	for (ev = dtt_first(&eb); ev != NULL; ev = dtt_next(&eb, ev)) {
		if (ev->dtev_pid != c.c_pid)
			continue;
		a = dt_evt_args(ev);
		if (ev->dtev_pbn == penter && a[0] == SYS_getppid) {
			for (i = 0; i < 6; i++)
				if (a[i + 1] != marks[i])
					badargs++;
			nenter++;
		} else if (ev->dtev_pbn == pexit && a[0] == SYS_getppid) {
			if (a[1] != (uint64_t)getpid())
				badret++;
			nexit++;
		}
	}
	CHECK(nenter == NCALLS, "%d sys_enter of getppid, want %d", nenter,
	    NCALLS);
	CHECK(nexit == NCALLS, "%d sys_exit of getppid, want %d", nexit,
	    NCALLS);
	CHECK(badargs == 0, "%d sys_enter argument words differ from the "
	    "markers", badargs);
	CHECK(badret == 0, "%d sys_exit return values are not our pid %d",
	    badret, getpid());
	CHECK_NODROPS(fd);
	dtt_evfree(&eb);
	close(fd);
	return dtt_done();
}
