/*
 * open_allowdt: open(2) fails with EPERM while kern.allowdt is 0, and
 * works again once it is 1; the sysctl reads back what was written.
 */

#define _GNU_SOURCE

#include <fcntl.h>
#include <stdio.h>

#include "dtt.h"

int
main(void)
{
	int fd;

	REQUIRE(dtt_get_allowdt() == 1, "%s reads %d, want 1 (the harness "
	    "loads dt.ko with allowdt=1)", DTT_ALLOWDT, dtt_get_allowdt());

	CHECK_OK(dtt_set_allowdt(0));
	CHECK(dtt_get_allowdt() == 0, "allowdt reads %d after writing 0",
	    dtt_get_allowdt());
	CHECK_ERRNO(fd = open(DTT_DEV, O_RDWR), EPERM);
	if (fd != -1)
		close(fd);
	CHECK_ERRNO(fd = open(DTT_DEV, O_RDONLY), EPERM);
	if (fd != -1)
		close(fd);

	CHECK_OK(dtt_set_allowdt(1));
	CHECK(dtt_get_allowdt() == 1, "allowdt reads %d after writing 1",
	    dtt_get_allowdt());
	fd = open(DTT_DEV, O_RDWR);
	CHECK(fd != -1, "open with allowdt=1: %s", dtt_errname(errno));
	if (fd != -1)
		close(fd);

	/* Lowering while a descriptor is open must not break it. */
	fd = dtt_open();
	CHECK_OK(dtt_set_allowdt(0));
	{
		struct dtioc_stat st;
		CHECK_OK(dtt_stats(fd, &st));
	}
	close(fd);
	CHECK_OK(dtt_set_allowdt(1));
	return dtt_done();
}
