/*
 * ioctl_badperiod: profile and interval probes take periods in
 * [DTMINNSECS, DTMAXNSECS] only; other probes take none.  Out of range
 * is EINVAL, and the bounds themselves are accepted.
 */

#define _GNU_SOURCE

#include <stdio.h>

#include "dtt.h"

static const uint64_t bad[] = {
	0, 1, DTMINNSECS - 1, DTMAXNSECS + 1, UINT64_MAX,
	(uint64_t)INT64_MAX + 1,
};

static void
periods(int fd, const char *prov)
{
	uint32_t id;
	size_t i;

	id = dtt_probe_any(fd, prov, "hz");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		errno = 0;
		CHECK(dtt_enable_period(fd, id, 0, bad[i]) == -1 &&
		    errno == EINVAL, "%s:hz with period %llu ns: %s, want "
		    "EINVAL", prov, (unsigned long long)bad[i],
		    errno ? dtt_errname(errno) : "accepted");
		if (errno == 0)
			dtt_disable(fd, id);
	}
	CHECK_OK(dtt_enable_period(fd, id, 0, DTMINNSECS));
	CHECK_OK(dtt_disable(fd, id));
	CHECK_OK(dtt_enable_period(fd, id, 0, DTMAXNSECS));
	CHECK_OK(dtt_disable(fd, id));
	CHECK_OK(dtt_enable_period(fd, id, DTEVT_EXECNAME, 10000000));
	CHECK_OK(dtt_disable(fd, id));
}

int
main(void)
{
	uint32_t id;
	int fd;

	fd = dtt_open();
	periods(fd, "profile");
	periods(fd, "interval");

	id = dtt_probe(fd, "syscall", "getppid", "entry");
	CHECK_ERRNO(dtt_enable_period(fd, id, 0, 10000000), EINVAL);
	CHECK_ERRNO(dtt_enable_period(fd, id, 0, 1), EINVAL);
	CHECK_ERRNO(dtt_record(fd, 1), ENOENT);
	close(fd);
	return dtt_done();
}
