/*
 * software:page-faults:N and the other counter probes: a child touching
 * NPAGES fresh pages fires software:page-faults:1 at least NPAGES times
 * and software:page-faults:8 about an eighth as often, each event with
 * the child's identity and a user stack when asked; a hardware counter
 * either fires or, on a CPU without it, refuses to be enabled with
 * ENODEV.  Bad names: an unknown event (ENOENT), a count that is 0, has
 * leading zeros or is not a number (EINVAL).  Disabling while the child
 * still faults, and closing with the probe enabled, leave nothing
 * behind (dt/kernel_log).
 */

#define _GNU_SOURCE

#include <sys/ioctl.h>
#include <sys/mman.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dtt.h"

#define NPAGES	512

static void
touch(void *arg)
{
	long pg = sysconf(_SC_PAGESIZE);
	char *p;
	int i;

	(void)arg;
	p = mmap(NULL, NPAGES * pg, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		_exit(2);
	madvise(p, NPAGES * pg, MADV_NOHUGEPAGE);	/* EINVAL on RT */
	for (i = 0; i < NPAGES; i++)
		p[i * pg] = 1;
}

static void
faultloop(void *arg)
{
	int i;

	for (i = 0; i < 20; i++)
		touch(arg);
}

int
main(void)
{
	struct dtt_child c;
	struct dtt_evbuf eb;
	struct dt_evt *ev;
	uint32_t pf1, pf8, cyc;
	size_t n1 = 0, n8 = 0, nstack = 0;
	int fd, error;

	fd = dtt_open();
	pf1 = dtt_probe_create(fd, "software", "page-faults", "1");
	pf8 = dtt_probe_create(fd, "software", "faults", "8");
	CHECK(dtt_create(fd, "software", "page-faults", "1") == pf1,
	    "created again, another id");
	CHECK(dtt_create(fd, "software", "nosuch", "1") == 0 &&
	    errno == ENOENT, "software:nosuch:1: %s", dtt_errname(errno));
	CHECK(dtt_create(fd, "software", "page-faults", "0") == 0 &&
	    errno == EINVAL, "page-faults:0: %s", dtt_errname(errno));
	CHECK(dtt_create(fd, "software", "page-faults", "01") == 0 &&
	    errno == EINVAL, "page-faults:01: %s", dtt_errname(errno));
	CHECK(dtt_create(fd, "software", "page-faults", "x") == 0 &&
	    errno == EINVAL, "page-faults:x: %s", dtt_errname(errno));
	CHECK(dtt_create(fd, "hardware", "page-faults", "1") == 0 &&
	    errno == ENOENT, "hardware:page-faults:1: %s",
	    dtt_errname(errno));

	dtt_child(&c, "dtt-faults", touch, NULL);
	dtt_follow(fd, &c);
	CHECK_OK(dtt_enable(fd, pf1, DTEVT_EXECNAME | DTEVT_USTACK));
	CHECK_OK(dtt_enable(fd, pf8, DTEVT_EXECNAME));
	dtt_trace(fd, &c, &eb);
	for (ev = dtt_first(&eb); ev != NULL; ev = dtt_next(&eb, ev)) {
		if (ev->dtev_pid != c.c_pid)
			continue;
		CHECK(strcmp(ev->dtev_comm, "dtt-faults") == 0, "comm %s",
		    ev->dtev_comm);
		if (ev->dtev_pbn == pf1) {
			n1++;
			if (ev->dtev_nustack > 0)
				nstack++;
		} else if (ev->dtev_pbn == pf8)
			n8++;
	}
	printf("\t%zu page-faults:1, %zu faults:8, %zu with a user stack\n",
	    n1, n8, nstack);
	CHECK(n1 >= NPAGES, "%zu events of page-faults:1, want >= %d", n1,
	    NPAGES);
	CHECK(n8 >= NPAGES / 8 - 2 && n8 <= n1 / 8 + 2 * 2,
	    "%zu events of faults:8 for %zu of page-faults:1", n8, n1);
	CHECK(nstack >= NPAGES, "%zu events with a user stack", nstack);
	dtt_evfree(&eb);

	/* Disabled while the child faults, then closed while enabled. */
	dtt_child(&c, "dtt-faults", faultloop, NULL);
	CHECK_OK(dtt_record(fd, 1));
	dtt_go(&c);
	dtt_sleep(50);
	CHECK_OK(dtt_record(fd, 0));
	CHECK_OK(dtt_disable(fd, pf8));
	CHECK_OK(dtt_record(fd, 1));
	CHECK(dtt_wait(&c) == 0, "the child failed");
	CHECK_OK(dtt_record(fd, 0));
	dtt_drain(fd, &eb);
	dtt_evfree(&eb);

	/* A hardware counter fires, or the CPU has none: ENODEV. */
	cyc = dtt_probe_create(fd, "hardware", "cycles", "100000");
	error = dtt_enable(fd, cyc, DTEVT_EXECNAME) == 0 ? 0 : errno;
	printf("\thardware:cycles:100000: %s\n", error ? dtt_errname(error) :
	    "enabled");
	CHECK(error == 0 || error == ENODEV, "enable hardware:cycles: %s",
	    dtt_errname(error));
	close(fd);
	return dtt_done();
}
