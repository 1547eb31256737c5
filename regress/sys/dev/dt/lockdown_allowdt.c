/*
 * lockdown_allowdt: once the kernel is locked down for confidentiality
 * (the level that also stops kprobes, perf and BPF from reading kernel
 * memory), kern.allowdt can be lowered but not raised (EPERM), and
 * /dev/dt refuses opens.  Lockdown cannot be lifted, so the runner runs
 * this test last.
 */

#define _GNU_SOURCE

#include <sys/mount.h>

#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "dtt.h"

#define LOCKDOWN	"/sys/kernel/security/lockdown"

int
main(void)
{
	char buf[128];
	ssize_t r;
	int fd;

	if (access(LOCKDOWN, F_OK) != 0)
		mount("securityfs", "/sys/kernel/security", "securityfs", 0,
		    NULL);
	fd = open(LOCKDOWN, O_RDWR);
	REQUIRE(fd != -1, "%s: %s (kernel without the lockdown LSM?)",
	    LOCKDOWN, dtt_errname(errno));
	r = read(fd, buf, sizeof(buf) - 1);
	buf[r > 0 ? r : 0] = '\0';
	printf("lockdown before: %s", buf);
	REQUIRE(strstr(buf, "[none]") != NULL, "kernel already locked down");
	REQUIRE(dtt_get_allowdt() == 1, "allowdt is %d, want 1",
	    dtt_get_allowdt());

	CHECK(write(fd, "confidentiality", 15) == 15, "cannot lock down: %s",
	    dtt_errname(errno));
	close(fd);

	CHECK_OK(dtt_set_allowdt(0));
	CHECK(dtt_get_allowdt() == 0, "allowdt %d after lowering under "
	    "lockdown", dtt_get_allowdt());
	CHECK_ERRNO(dtt_set_allowdt(1), EPERM);
	CHECK(dtt_get_allowdt() == 0, "allowdt %d after a refused raise",
	    dtt_get_allowdt());
	CHECK_ERRNO(fd = open(DTT_DEV, O_RDWR), EPERM);
	if (fd != -1)
		close(fd);
	CHECK_OK(dtt_set_allowdt(0));
	return dtt_done();
}
