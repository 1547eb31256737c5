/*
 * DTIOCPRBFETCH refuses every bad description with EINVAL (sources,
 * kinds, steps, sizes, lengths, flags, padding, counts and the byte
 * total), a probe not enabled on the descriptor with ENOENT, a change
 * while recording with EBUSY and an unreadable array with EFAULT.
 * Fetches given again replace the old ones, and none removes them:
 * events then carry what the last call asked for.
 */

#define _GNU_SOURCE

#include <sys/ioctl.h>
#include <sys/mman.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dtt.h"

static struct dtioc_fetch
good(void)
{
	struct dtioc_fetch f;

	memset(&f, 0, sizeof(f));
	f.dtfe_src = DTFS_TASK;
	f.dtfe_kind = DTFK_BYTES;
	f.dtfe_len = 8;
	f.dtfe_nsteps = 1;
	f.dtfe_steps[0].dtst_op = DTFO_ADD;
	f.dtfe_steps[0].dtst_off = 16;
	return f;
}

static void
calls(void *arg)
{
	(void)arg;
	if (getppid() == -1)
		_exit(2);
}

/* One description made bad by bad(), refused with EINVAL. */
#define BAD(pbn, what) do {						\
	struct dtioc_fetch f_ = good();					\
	what;								\
	errno = 0;							\
	if (dtt_fetch(fd, pbn, &f_, 1) != -1 || errno != EINVAL)	\
		CHECK(0, "%s: %s, want EINVAL", #what,			\
		    dtt_errname(errno));				\
} while (0)

int
main(void)
{
	struct dtioc_fetch many[DTMAXFETCH + 1], f;
	struct dtioc_fetches dtfs;
	struct dtt_child c;
	struct dtt_evbuf eb;
	const struct dt_evt *ev;
	uint32_t entry, ret, other;
	unsigned int i;
	void *unmapped;
	int fd, n = 0;

	fd = dtt_open();
	entry = dtt_probe(fd, "syscall", "getppid", "entry");
	ret = dtt_probe(fd, "syscall", "getppid", "return");
	other = dtt_probe(fd, "syscall", "getpid", "entry");
	REQUIRE(entry != 0 && ret != 0 && other != 0, "no getppid probes");

	f = good();
	CHECK_ERRNO(dtt_fetch(fd, entry, &f, 1), ENOENT);
	CHECK_ERRNO(dtt_fetch(fd, 0x7ffffff0, &f, 1), ENOENT);
	CHECK_OK(dtt_enable(fd, entry, 0));
	CHECK_OK(dtt_enable(fd, ret, 0));
	CHECK_ERRNO(dtt_fetch(fd, other, &f, 1), ENOENT);
	CHECK_OK(dtt_fetch(fd, entry, &f, 1));

	BAD(entry, f_.dtfe_src = DTFS_REG + 1);
	BAD(entry, f_.dtfe_src = DTFS_ADDR);		/* address 0 */
	BAD(entry, (f_.dtfe_src = DTFS_ADDR, f_.dtfe_addr = 4096,
	    f_.dtfe_argn = 1));
	BAD(entry, f_.dtfe_src = DTFS_RETVAL);
	BAD(ret, f_.dtfe_src = DTFS_ARG);
	BAD(entry, (f_.dtfe_src = DTFS_ARG, f_.dtfe_argn = DTMAXFUNCARGS));
	BAD(entry, f_.dtfe_argn = 1);
	BAD(entry, f_.dtfe_kind = DTFK_STRV + 1);
	BAD(entry, (f_.dtfe_kind = DTFK_STRV, f_.dtfe_len = 0));
	BAD(entry, (f_.dtfe_kind = DTFK_STRV, f_.dtfe_len = DTMAXFETCHLEN + 1));
	BAD(entry, f_.dtfe_len = 0);
	BAD(entry, f_.dtfe_len = DTMAXFETCHLEN + 1);
	BAD(entry, (f_.dtfe_kind = DTFK_STR, f_.dtfe_len = 1));
	BAD(entry, (f_.dtfe_kind = DTFK_STR, f_.dtfe_len = DTMAXFETCHLEN + 1));
	BAD(entry, f_.dtfe_kind = DTFK_VALUE);
	BAD(entry, f_.dtfe_flags = 2);
	BAD(entry, f_.dtfe_pad = 1);
	BAD(entry, f_.dtfe_addr = 1);		/* not DTFS_ADDR */
	BAD(entry, f_.dtfe_nsteps = DTMAXFETCHSTEPS + 1);
	BAD(entry, f_.dtfe_nsteps = 255);
	BAD(entry, f_.dtfe_steps[0].dtst_op = 2);
	BAD(entry, f_.dtfe_steps[0].dtst_op = 255);
	BAD(entry, f_.dtfe_steps[0].dtst_size = 8);
	BAD(entry, f_.dtfe_steps[0].dtst_pad[5] = 1);
	BAD(entry, (f_.dtfe_steps[0].dtst_op = DTFO_DEREF,
	    f_.dtfe_steps[0].dtst_size = 8));	/* an offset too */
	BAD(entry, (f_.dtfe_steps[0].dtst_op = DTFO_DEREF,
	    f_.dtfe_steps[0].dtst_off = 0, f_.dtfe_steps[0].dtst_size = 3));
	BAD(entry, (f_.dtfe_steps[0].dtst_op = DTFO_DEREF,
	    f_.dtfe_steps[0].dtst_off = 0, f_.dtfe_steps[0].dtst_size = 0));
	BAD(entry, (f_.dtfe_steps[0].dtst_op = DTFO_DEREF,
	    f_.dtfe_steps[0].dtst_off = 0, f_.dtfe_steps[0].dtst_size = 16));
	BAD(entry, f_.dtfe_steps[1].dtst_off = 1);	/* an unused step */
	BAD(entry, f_.dtfe_steps[DTMAXFETCHSTEPS - 1].dtst_op = 1);

	/* Counts and the byte total. */
	for (i = 0; i < DTMAXFETCH + 1; i++)
		many[i] = good();
	CHECK_ERRNO(dtt_fetch(fd, entry, many, DTMAXFETCH + 1), EINVAL);
	CHECK_ERRNO(dtt_fetch(fd, entry, many, 0xffffffff), EINVAL);
	for (i = 0; i < DTMAXFETCH; i++)
		many[i].dtfe_len = DTMAXFETCHBYTES / DTMAXFETCH;
	CHECK_OK(dtt_fetch(fd, entry, many, DTMAXFETCH));
	many[0].dtfe_len++;
	CHECK_ERRNO(dtt_fetch(fd, entry, many, DTMAXFETCH), EINVAL);
	CHECK_OK(dtt_fetch(fd, entry, NULL, 0));
	CHECK_ERRNO(dtt_fetch(fd, entry, many, 0), EINVAL);
	memset(&dtfs, 0, sizeof(dtfs));
	dtfs.dtfs_pbn = entry;
	dtfs.dtfs_nfetch = 1;
	dtfs.dtfs_fetches = 16;
	CHECK_ERRNO(ioctl(fd, DTIOCPRBFETCH, &dtfs), EFAULT);
	unmapped = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
	    -1, 0);
	dtfs.dtfs_fetches = (uintptr_t)unmapped;
	CHECK_ERRNO(ioctl(fd, DTIOCPRBFETCH, &dtfs), EFAULT);
	CHECK_ERRNO(ioctl(fd, DTIOCPRBFETCH, (void *)16), EFAULT);

	/* Replaced: two fetches, then one; removed from the return probe. */
	CHECK_OK(dtt_fetch(fd, entry, many, 2));
	f = good();
	f.dtfe_len = 4;
	CHECK_OK(dtt_fetch(fd, entry, &f, 1));
	f.dtfe_src = DTFS_RETVAL;
	f.dtfe_kind = DTFK_VALUE;
	f.dtfe_len = 0;
	f.dtfe_nsteps = 0;
	memset(f.dtfe_steps, 0, sizeof(f.dtfe_steps));
	CHECK_OK(dtt_fetch(fd, ret, &f, 1));
	CHECK_OK(dtt_fetch(fd, ret, NULL, 0));

	dtt_child(&c, "dtt-fetcherr", calls, NULL);
	dtt_follow(fd, &c);
	REQUIRE(dtt_record(fd, 1) == 0, "DTIOCRECORD: %s",
	    dtt_errname(errno));
	f = good();
	CHECK_ERRNO(dtt_fetch(fd, entry, &f, 1), EBUSY);
	dtt_go(&c);
	CHECK(dtt_wait(&c) == 0, "the child failed");
	CHECK_OK(dtt_record(fd, 0));
	dtt_drain(fd, &eb);
	for (ev = dtt_first(&eb); ev != NULL; ev = dtt_next(&eb, ev)) {
		if (ev->dtev_pid != c.c_pid)
			continue;
		n++;
		if (ev->dtev_pbn == entry)
			CHECK(ev->dtev_nfetch == 1 &&
			    dtt_evfetch(ev, 0) != NULL &&
			    dtt_evfetch(ev, 0)->dtef_len == 4 &&
			    dtt_evfetch(ev, 0)->dtef_flags == 0,
			    "entry: %u fetches, want the last one given",
			    ev->dtev_nfetch);
		else
			CHECK(ev->dtev_nfetch == 0, "return: %u fetches, "
			    "want none", ev->dtev_nfetch);
	}
	CHECK(n == 2, "%d events of the child, want 2", n);
	dtt_evfree(&eb);
	close(fd);
	return dtt_done();
}
