/*
 * tracepoint:exceptions:page_fault_user: a child writes once into each
 * page of fresh anonymous memory.  Every write must fault once, with
 * the exact address written and a user write error code.
 */

#define _GNU_SOURCE

#include <sys/mman.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dtt.h"

#define NPAGES	64
#define X86_PF_WRITE	0x2
#define X86_PF_USER	0x4
#define THP		"/sys/kernel/mm/transparent_hugepage"

static char *area;
static long pagesz;

static void
touch(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < NPAGES; i++)
		((volatile char *)area)[i * pagesz + 8] = 1;
}

int
main(void)
{
	struct dtt_child c;
	struct dtt_evbuf eb;
	struct dt_evt *ev;
	uint32_t puser;
	int fd, i, seen[NPAGES], nfault = 0, badcode = 0;
	__u64 *a;
	uint64_t off;

	pagesz = sysconf(_SC_PAGESIZE);
	area = mmap(NULL, NPAGES * pagesz, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	REQUIRE(area != MAP_FAILED, "mmap: %s", dtt_errname(errno));
	/*
	 * One fault per page: no transparent huge page behind the area.
	 * A kernel without THP (PREEMPT_RT) refuses the advice with EINVAL,
	 * and needs none.
	 */
	if (madvise(area, NPAGES * pagesz, MADV_NOHUGEPAGE) == -1) {
		int e = errno, thp = access(THP, F_OK) == 0;

		CHECK(e == EINVAL && !thp, "madvise(MADV_NOHUGEPAGE): %s, "
		    "with %s", dtt_errname(e), thp ? THP : "no THP");
	}
	memset(seen, 0, sizeof(seen));

	fd = dtt_open();
	puser = dtt_probe(fd, "tracepoint", "exceptions", "page_fault_user");
	(void)dtt_probe(fd, "tracepoint", "exceptions", "page_fault_kernel");
	CHECK_NARGS(fd, puser, 3);

	dtt_child(&c, "dtt-fault", touch, NULL);
	dtt_follow(fd, &c);
	CHECK_OK(dtt_enable(fd, puser, DTEVT_FUNCARGS));
	dtt_trace(fd, &c, &eb);
	for (ev = dtt_first(&eb); ev != NULL; ev = dtt_next(&eb, ev)) {
		if (ev->dtev_pbn != puser || ev->dtev_pid != c.c_pid)
			continue;
		nfault++;
		a = dt_evt_args(ev);	/* address, ip, error_code */
		if (a[0] < (uintptr_t)area ||
		    a[0] >= (uintptr_t)area + NPAGES * pagesz)
			continue;
		off = a[0] - (uintptr_t)area;
		if (off % pagesz != 8) {
			fprintf(stderr, "fault at area + %#llx\n",
			    (unsigned long long)off);
			continue;
		}
		seen[off / pagesz]++;
		if ((a[2] & (X86_PF_WRITE | X86_PF_USER)) !=
		    (X86_PF_WRITE | X86_PF_USER))
			badcode++;
		if (a[1] == 0 || a[1] >= 0x800000000000ULL)
			badcode++;
	}
	for (i = 0; i < NPAGES; i++)
		CHECK(seen[i] == 1, "page %d: %d faults, want 1", i, seen[i]);
	CHECK(badcode == 0, "%d faults without a user write error code or "
	    "a user ip", badcode);
	CHECK(nfault >= NPAGES, "%d faults in all", nfault);
	dtt_evfree(&eb);
	close(fd);
	return dtt_done();
}
