/*
 * ioctl_badsize: sizes that do not fit are refused: a probe or argument
 * list buffer too short is ENOSPC (and the size needed is still given by
 * the size query), ring sizes out of bounds and pid counts over DTMAXPIDS
 * are EINVAL, and an ioctl number encoding another structure size, or an
 * unknown ioctl, is ENOTTY.
 */

#define _GNU_SOURCE

#include <sys/ioctl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtt.h"

/* DTIOCPRBENABLE as if struct dtioc_req were 32 or 48 bytes. */
#define DTIOCPRBENABLE_32	_IOC(_IOC_WRITE, 'D', 4, 32)
#define DTIOCPRBENABLE_48	_IOC(_IOC_WRITE, 'D', 4, 48)
#define DTIOCGSTATS_8		_IOC(_IOC_READ, 'D', 2, 8)

int
main(void)
{
	struct dtioc_probe pr;
	struct dtioc_probe_info *pi;
	struct dtioc_arg ar;
	struct dtioc_arg_info ai[DTMAXFUNCARGS];
	char buf[256];
	uint64_t need;
	uint32_t id;
	int fd, nargs;

	fd = dtt_open();
	memset(&pr, 0, sizeof(pr));
	CHECK_OK(ioctl(fd, DTIOCGPLIST, &pr));
	need = pr.dtpr_size;
	CHECK(need >= 2 * sizeof(*pi), "probe list of %llu bytes",
	    (unsigned long long)need);
	pi = calloc(1, need);
	REQUIRE(pi != NULL, "calloc");

	pr.dtpr_probes = (uintptr_t)pi;
	pr.dtpr_size = sizeof(*pi);
	CHECK_ERRNO(ioctl(fd, DTIOCGPLIST, &pr), ENOSPC);
	pr.dtpr_size = need - 1;
	CHECK_ERRNO(ioctl(fd, DTIOCGPLIST, &pr), ENOSPC);
	pr.dtpr_size = need - sizeof(*pi);
	CHECK_ERRNO(ioctl(fd, DTIOCGPLIST, &pr), ENOSPC);
	pr.dtpr_size = need;
	CHECK_OK(ioctl(fd, DTIOCGPLIST, &pr));
	CHECK(pr.dtpr_size == need, "filled %llu bytes, asked %llu",
	    (unsigned long long)pr.dtpr_size, (unsigned long long)need);
	pr.dtpr_size = need + 4096;	/* more room than needed is fine */
	CHECK_OK(ioctl(fd, DTIOCGPLIST, &pr));
	CHECK(pr.dtpr_size == need, "filled %llu bytes of a larger buffer, "
	    "want %llu", (unsigned long long)pr.dtpr_size,
	    (unsigned long long)need);
	free(pi);

	id = dtt_probe(fd, "syscall", "openat", "entry");
	nargs = dtt_probe_nargs(fd, id);
	CHECK(nargs == 4, "syscall:openat:entry has %d arguments, want 4",
	    nargs);
	memset(&ar, 0, sizeof(ar));
	ar.dtar_pbn = id;
	CHECK_OK(ioctl(fd, DTIOCGARGS, &ar));
	CHECK(ar.dtar_size == (uint64_t)nargs * sizeof(ai[0]), "DTIOCGARGS "
	    "needs %llu bytes for %d arguments",
	    (unsigned long long)ar.dtar_size, nargs);
	ar.dtar_args = (uintptr_t)ai;
	ar.dtar_size = sizeof(ai[0]);
	CHECK_ERRNO(ioctl(fd, DTIOCGARGS, &ar), ENOSPC);
	ar.dtar_size = sizeof(ai);
	CHECK_OK(ioctl(fd, DTIOCGARGS, &ar));

	CHECK_ERRNO(dtt_bufsize(fd, 0), EINVAL);
	CHECK_ERRNO(dtt_bufsize(fd, DTMINBUFSIZE / 2), EINVAL);
	CHECK_ERRNO(dtt_bufsize(fd, DTMAXBUFSIZE + 1), EINVAL);
	CHECK_ERRNO(dtt_bufsize(fd, DTMAXBUFSIZE * 2), EINVAL);
	CHECK_ERRNO(dtt_bufsize(fd, 0xffffffff), EINVAL);
	CHECK_OK(dtt_bufsize(fd, DTMINBUFSIZE));
	CHECK_OK(dtt_bufsize(fd, DTMINBUFSIZE + 1));	/* rounded up */
	CHECK_OK(dtt_bufsize(fd, DTDEFBUFSIZE));

	{
		pid_t pids[DTMAXPIDS + 1];
		int i;

		for (i = 0; i <= DTMAXPIDS; i++)
			pids[i] = getpid();
		CHECK_ERRNO(dtt_pids(fd, pids, DTMAXPIDS + 1), EINVAL);
		CHECK_ERRNO(dtt_pids(fd, pids, 0xffffffff), EINVAL);
	}

	memset(buf, 0, sizeof(buf));
	((struct dtioc_req *)buf)->dtrq_pbn = dtt_probe(fd, "syscall",
	    "getppid", "entry");
	CHECK_ERRNO(ioctl(fd, DTIOCPRBENABLE_32, buf), ENOTTY);
	CHECK_ERRNO(ioctl(fd, DTIOCPRBENABLE_48, buf), ENOTTY);
	CHECK_ERRNO(ioctl(fd, DTIOCGSTATS_8, buf), ENOTTY);
	CHECK_ERRNO(ioctl(fd, _IO('D', 99), buf), ENOTTY);
	CHECK_ERRNO(ioctl(fd, _IOWR('D', 7, int), buf), ENOTTY);
	CHECK_ERRNO(ioctl(fd, _IOW('Z', 4, struct dtioc_req), buf), ENOTTY);
	CHECK_ERRNO(dtt_record(fd, 1), ENOENT);
	close(fd);
	return dtt_done();
}
