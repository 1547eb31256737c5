/*
 * enable_errors: enabling a probe twice on one descriptor is EEXIST,
 * while the other descriptor may enable it too; enabling, disabling,
 * resizing rings while recording is EBUSY; after disable the probe can
 * be enabled again.
 */

#define _GNU_SOURCE

#include <stdio.h>

#include "dtt.h"

int
main(void)
{
	uint32_t id, id2;
	int fd, fd2;

	fd = dtt_open();
	fd2 = dtt_open();
	id = dtt_probe(fd, "syscall", "getppid", "entry");
	id2 = dtt_probe(fd, "syscall", "getppid", "return");
	CHECK_OK(dtt_enable(fd, id, 0));
	CHECK_ERRNO(dtt_enable(fd, id, 0), EEXIST);
	CHECK_ERRNO(dtt_enable(fd, id, DTEVT_EXECNAME), EEXIST);
	CHECK_OK(dtt_enable(fd2, id, 0));

	CHECK_OK(dtt_record(fd, 1));
	CHECK_ERRNO(dtt_enable(fd, id2, 0), EBUSY);
	CHECK_ERRNO(dtt_disable(fd, id), EBUSY);
	CHECK_ERRNO(dtt_bufsize(fd, DTMINBUFSIZE), EBUSY);
	CHECK_OK(dtt_record(fd, 0));

	CHECK_OK(dtt_disable(fd, id));
	CHECK_ERRNO(dtt_disable(fd, id), ENOENT);
	CHECK_OK(dtt_enable(fd, id, DTEVT_EXECNAME));
	CHECK_OK(dtt_enable(fd, id2, 0));
	CHECK_OK(dtt_record(fd, 1));
	CHECK_OK(dtt_record(fd, 0));
	close(fd);
	close(fd2);
	return dtt_done();
}
