/*
 * tracepoint:kmem: a child creates and closes pipes, which allocates
 * and frees their buffers with kmalloc and kfree.  Both probes must
 * fire at least once per pipe, with sane sizes, and some pointer that
 * kmalloc returned must come back to kfree.
 */

#define _GNU_SOURCE

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dtt.h"

#define NPIPES	100

static void
pipes(void *arg)
{
	int i, p[2];

	(void)arg;
	for (i = 0; i < NPIPES; i++) {
		if (pipe(p) == -1)
			_exit(2);
		close(p[0]);
		close(p[1]);
	}
}

static int
cmp64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int
main(void)
{
	struct dtt_child c;
	struct dtt_evbuf eb;
	struct dt_evt *ev;
	uint32_t pmalloc, pfree;
	size_t nmalloc = 0, nfree = 0, nptr = 0, matched = 0;
	int fd, bad = 0;
	__u64 *a;
	uint64_t *ptrs;

	fd = dtt_open();
	pmalloc = dtt_probe(fd, "tracepoint", "kmem", "kmalloc");
	pfree = dtt_probe(fd, "tracepoint", "kmem", "kfree");
	CHECK_NARGS(fd, pmalloc, 6);
	CHECK_NARGS(fd, pfree, 2);

	dtt_child(&c, "dtt-kmem", pipes, NULL);
	dtt_follow(fd, &c);
	CHECK_OK(dtt_enable(fd, pmalloc, DTEVT_FUNCARGS));
	CHECK_OK(dtt_enable(fd, pfree, DTEVT_FUNCARGS));
	dtt_trace(fd, &c, &eb);
	ptrs = calloc(eb.eb_nev + 1, sizeof(*ptrs));
	REQUIRE(ptrs != NULL, "calloc");
	for (ev = dtt_first(&eb); ev != NULL; ev = dtt_next(&eb, ev)) {
		if (ev->dtev_pid != c.c_pid)
			continue;
		a = dt_evt_args(ev);
		if (ev->dtev_pbn == pmalloc) {
			/* call_site, ptr, bytes_req, bytes_alloc, gfp, node */
			if (a[0] == 0 || a[1] == 0 || a[2] == 0 ||
			    a[3] < a[2]) {
				if (bad++ < 5)
					fprintf(stderr, "kmalloc: call_site "
					    "%#llx ptr %#llx req %llu alloc "
					    "%llu\n", (unsigned long long)a[0],
					    (unsigned long long)a[1],
					    (unsigned long long)a[2],
					    (unsigned long long)a[3]);
			}
			ptrs[nptr++] = a[1];
			nmalloc++;
		} else if (ev->dtev_pbn == pfree)
			nfree++;
	}
	qsort(ptrs, nptr, sizeof(*ptrs), cmp64);
	for (ev = dtt_first(&eb); ev != NULL; ev = dtt_next(&eb, ev)) {
		if (ev->dtev_pid != c.c_pid || ev->dtev_pbn != pfree)
			continue;
		a = dt_evt_args(ev);
		if (bsearch(&a[1], ptrs, nptr, sizeof(*ptrs), cmp64) != NULL)
			matched++;
	}
	CHECK(nmalloc >= NPIPES, "%zu kmalloc events for %d pipes", nmalloc,
	    NPIPES);
	CHECK(nfree >= NPIPES, "%zu kfree events for %d pipes", nfree,
	    NPIPES);
	CHECK(bad == 0, "%d kmalloc events with impossible arguments", bad);
	CHECK(matched >= NPIPES, "only %zu kfree of %zu pointers kmalloc "
	    "returned", matched, nptr);
	CHECK_NODROPS(fd);
	free(ptrs);
	dtt_evfree(&eb);
	close(fd);
	return dtt_done();
}
