/*
 * record_errors: DTIOCRECORD start is ENOENT with nothing enabled and
 * EBUSY when already recording; stop then start again works, and after
 * every probe is disabled start is ENOENT again.
 */

#define _GNU_SOURCE

#include <stdio.h>

#include "dtt.h"

int
main(void)
{
	uint32_t id;
	int fd;

	fd = dtt_open();
	CHECK_ERRNO(dtt_record(fd, 1), ENOENT);
	id = dtt_probe(fd, "syscall", "getppid", "entry");
	CHECK_OK(dtt_enable(fd, id, 0));
	CHECK_OK(dtt_record(fd, 1));
	CHECK_ERRNO(dtt_record(fd, 1), EBUSY);
	CHECK_OK(dtt_record(fd, 0));
	CHECK_OK(dtt_record(fd, 1));
	CHECK_OK(dtt_record(fd, 0));
	CHECK_OK(dtt_disable(fd, id));
	CHECK_ERRNO(dtt_record(fd, 1), ENOENT);
	close(fd);

	/* A fresh descriptor knows nothing of the last one's enablings. */
	fd = dtt_open();
	CHECK_ERRNO(dtt_record(fd, 1), ENOENT);
	close(fd);
	return dtt_done();
}
