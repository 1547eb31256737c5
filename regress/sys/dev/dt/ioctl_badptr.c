/*
 * ioctl_badptr: every ioctl given a pointer that userland cannot read or
 * write, whether the argument itself or a buffer inside it, fails with
 * EFAULT, and so does read(2) into such a buffer; the kernel stays up.
 */

#define _GNU_SOURCE

#include <sys/ioctl.h>
#include <sys/mman.h>

#include <stdio.h>
#include <string.h>

#include "dtt.h"

static const unsigned long cmds[] = {
	DTIOCGPLIST, DTIOCGSTATS, DTIOCRECORD, DTIOCPRBENABLE,
	DTIOCPRBDISABLE, DTIOCGARGS, DTIOCPRBCREATE, DTIOCSETPIDS,
	DTIOCSETBUFSIZE, DTIOCGCLOCK, DTIOCGPROVS,
};
static const char *names[] = {
	"DTIOCGPLIST", "DTIOCGSTATS", "DTIOCRECORD", "DTIOCPRBENABLE",
	"DTIOCPRBDISABLE", "DTIOCGARGS", "DTIOCPRBCREATE", "DTIOCSETPIDS",
	"DTIOCSETBUFSIZE", "DTIOCGCLOCK", "DTIOCGPROVS",
};

static void
callppid(void *arg)
{
	(void)arg;
	getppid();
}

int
main(void)
{
	struct dtioc_probe pr;
	struct dtioc_arg ar;
	void *ptrs[4];
	char *hole, *ro;
	size_t i, j;
	uint32_t id;
	int fd, r;

	/* Reserved but inaccessible, so no later mapping lands there. */
	hole = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	REQUIRE(hole != MAP_FAILED, "mmap");
	ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	REQUIRE(ro != MAP_FAILED, "mmap");
	ptrs[0] = NULL;
	ptrs[1] = (void *)1;
	ptrs[2] = hole;
	ptrs[3] = (void *)0xffffffff81000000UL;	/* kernel text */

	fd = dtt_open();
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		for (j = 0; j < 4; j++) {
			errno = 0;
			r = ioctl(fd, cmds[i], ptrs[j]);
			CHECK(r == -1 && errno == EFAULT, "%s(%p): %d, %s, "
			    "want EFAULT", names[i], ptrs[j], r,
			    dtt_errname(errno));
		}
		/*
		 * Read-only memory for ioctls that only write back, and for
		 * the lists whose zeroed input is the size query.
		 */
		if (_IOC_DIR(cmds[i]) == _IOC_READ ||
		    cmds[i] == DTIOCGPLIST || cmds[i] == DTIOCGPROVS) {
			r = ioctl(fd, cmds[i], ro);
			CHECK(r == -1 && errno == EFAULT, "%s(read-only "
			    "page): %d, %s, want EFAULT", names[i], r,
			    dtt_errname(errno));
		}
	}

	/* Buffers named inside the arguments. */
	memset(&pr, 0, sizeof(pr));
	CHECK_OK(ioctl(fd, DTIOCGPLIST, &pr));
	for (j = 1; j < 4; j++) {
		struct dtioc_probe p = pr;

		p.dtpr_probes = (uintptr_t)ptrs[j];
		CHECK_ERRNO(ioctl(fd, DTIOCGPLIST, &p), EFAULT);
	}
	id = dtt_probe(fd, "syscall", "openat", "entry");
	for (j = 1; j < 4; j++) {
		memset(&ar, 0, sizeof(ar));
		ar.dtar_pbn = id;
		ar.dtar_size = DTMAXFUNCARGS * sizeof(struct dtioc_arg_info);
		ar.dtar_args = (uintptr_t)ptrs[j];
		CHECK_ERRNO(ioctl(fd, DTIOCGARGS, &ar), EFAULT);
	}

	/* read(2) into a bad buffer while an event is waiting. */
	CHECK_OK(dtt_enable(fd, dtt_probe(fd, "syscall", "getppid",
	    "entry"), 0));
	CHECK_OK(dtt_record(fd, 1));
	{
		struct dtt_child c;

		dtt_child(&c, "dtt-badptr", callppid, NULL);
		dtt_go(&c);
		dtt_wait(&c);
	}
	for (j = 1; j < 4; j++)
		CHECK_ERRNO(read(fd, ptrs[j], 4096), EFAULT);
	CHECK_ERRNO(read(fd, ro, 4096), EFAULT);
	{
		struct dtt_evbuf eb;

		struct dtioc_stat st;

		dtt_drain(fd, &eb);
		CHECK_OK(dtt_stats(fd, &st));
		CHECK(eb.eb_nev + st.dtst_dropevt == 1, "%zu events read and "
		    "%llu dropped after failed reads, want 1 in all (an event "
		    "a failed copy loses must be counted)", eb.eb_nev,
		    (unsigned long long)st.dtst_dropevt);
		dtt_evfree(&eb);
	}
	CHECK_OK(dtt_record(fd, 0));
	close(fd);
	return dtt_done();
}
