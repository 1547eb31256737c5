/*
 * ioctl_badid: every ioctl that names a probe refuses ids that are not
 * probes with ENOENT, and pid filters refuse ids that are not processes
 * with EINVAL; nothing is left enabled afterwards.
 */

#define _GNU_SOURCE

#include <sys/ioctl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtt.h"

static const uint32_t bad[] = { 0, 0x7fffffff, 0xfffffffe, 0xffffffff };

int
main(void)
{
	struct dtioc_probe pr;
	struct dtioc_arg ar;
	struct dtioc_arg_info ai[DTMAXFUNCARGS];
	uint32_t id, maxid = 0;
	size_t i;
	int fd;
	pid_t pids[2];

	fd = dtt_open();
	memset(&pr, 0, sizeof(pr));
	CHECK_OK(ioctl(fd, DTIOCGPLIST, &pr));
	{
		struct dtioc_probe_info *pi = calloc(1, pr.dtpr_size);
		size_t n;

		pr.dtpr_probes = (uintptr_t)pi;
		CHECK_OK(ioctl(fd, DTIOCGPLIST, &pr));
		n = pr.dtpr_size / sizeof(*pi);
		for (i = 0; i < n; i++) {
			CHECK(pi[i].dtpi_pbn != 0, "probe %s:%s:%s has id 0",
			    pi[i].dtpi_prov, pi[i].dtpi_func, pi[i].dtpi_name);
			if (pi[i].dtpi_pbn > maxid)
				maxid = pi[i].dtpi_pbn;
		}
		free(pi);
	}

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_ERRNO(dtt_enable(fd, bad[i], 0), ENOENT);
		CHECK_ERRNO(dtt_disable(fd, bad[i]), ENOENT);
		memset(&ar, 0, sizeof(ar));
		ar.dtar_pbn = bad[i];
		CHECK_ERRNO(ioctl(fd, DTIOCGARGS, &ar), ENOENT);
		ar.dtar_size = sizeof(ai);
		ar.dtar_args = (uintptr_t)ai;
		CHECK_ERRNO(ioctl(fd, DTIOCGARGS, &ar), ENOENT);
	}
	CHECK_ERRNO(dtt_enable(fd, maxid + 1, 0), ENOENT);

	/* A probe that exists but is not enabled here cannot be disabled. */
	id = dtt_probe(fd, "syscall", "getppid", "entry");
	CHECK_ERRNO(dtt_disable(fd, id), ENOENT);

	pids[0] = 0;
	CHECK_ERRNO(dtt_pids(fd, pids, 1), EINVAL);
	pids[0] = -1;
	CHECK_ERRNO(dtt_pids(fd, pids, 1), EINVAL);
	pids[0] = getpid();
	pids[1] = -5;
	CHECK_ERRNO(dtt_pids(fd, pids, 2), EINVAL);
	CHECK_ERRNO(dtt_pids(fd, pids, DTMAXPIDS + 1), EINVAL);

	/* Nothing above enabled anything. */
	CHECK_ERRNO(dtt_record(fd, 1), ENOENT);
	CHECK_OK(dtt_enable(fd, id, 0));
	CHECK_OK(dtt_disable(fd, id));
	close(fd);
	return dtt_done();
}
