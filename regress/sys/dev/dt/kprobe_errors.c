/*
 * kprobe: creating probes the kernel cannot give fails with the right
 * errno and leaves nothing listed: an unknown function (ENOENT), a
 * function on the kprobe blacklist or in dt itself (EINVAL), a probe
 * name other than entry/return and malformed function names (EINVAL).
 */

#define _GNU_SOURCE

#include <sys/ioctl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dtt.h"

static int
create(int fd, const char *func, const char *name)
{
	struct dtioc_create cr;

	memset(&cr, 0, sizeof(cr));
	strncpy(cr.dtcr_prov, "kprobe", sizeof(cr.dtcr_prov) - 1);
	strncpy(cr.dtcr_func, func, sizeof(cr.dtcr_func) - 1);
	strncpy(cr.dtcr_name, name, sizeof(cr.dtcr_name) - 1);
	return ioctl(fd, DTIOCPRBCREATE, &cr);
}

/* Whether any listed probe is kprobe:func. */
static int
listed(int fd, const char *func)
{
	struct dtioc_probe pr;
	struct dtioc_probe_info *pi;
	size_t i, n;
	int found = 0;

	memset(&pr, 0, sizeof(pr));
	REQUIRE(ioctl(fd, DTIOCGPLIST, &pr) == 0, "DTIOCGPLIST: %s",
	    dtt_errname(errno));
	pi = calloc(1, pr.dtpr_size);
	REQUIRE(pi != NULL, "calloc");
	pr.dtpr_probes = (uintptr_t)pi;
	REQUIRE(ioctl(fd, DTIOCGPLIST, &pr) == 0, "DTIOCGPLIST: %s",
	    dtt_errname(errno));
	n = pr.dtpr_size / sizeof(*pi);
	for (i = 0; i < n; i++)
		if (strcmp(pi[i].dtpi_prov, "kprobe") == 0 &&
		    strcmp(pi[i].dtpi_func, func) == 0)
			found = 1;
	free(pi);
	return found;
}

int
main(void)
{
	struct dtioc_create cr;
	int fd;

	fd = dtt_open();

	CHECK_ERRNO(create(fd, "dtt_no_such_function", "entry"), ENOENT);
	CHECK_ERRNO(create(fd, "dtt_no_such_function", "return"), ENOENT);
	/* The int3 handler of kprobes themselves is blacklisted. */
	CHECK_ERRNO(create(fd, "kprobe_int3_handler", "entry"), EINVAL);
	CHECK_ERRNO(create(fd, "kprobe_int3_handler", "return"), EINVAL);
	/* dt's own firing path would recurse. */
	CHECK_ERRNO(create(fd, "dt_probe_fire", "entry"), EINVAL);
	CHECK_ERRNO(create(fd, "do_getpgid", "exit"), EINVAL);
	CHECK_ERRNO(create(fd, "do_getpgid", ""), EINVAL);
	CHECK_ERRNO(create(fd, "", "entry"), EINVAL);
	CHECK_ERRNO(create(fd, "do_getpgid+4", "entry"), EINVAL);
	CHECK_ERRNO(create(fd, "../do_getpgid", "entry"), EINVAL);
	CHECK_ERRNO(create(fd, "do getpgid", "entry"), EINVAL);

	/* A function name filling the field without its NUL. */
	memset(&cr, 0, sizeof(cr));
	strcpy(cr.dtcr_prov, "kprobe");
	memset(cr.dtcr_func, 'a', sizeof(cr.dtcr_func));
	strcpy(cr.dtcr_name, "entry");
	CHECK_ERRNO(ioctl(fd, DTIOCPRBCREATE, &cr), EINVAL);

	/* A bad pointer. */
	CHECK_ERRNO(ioctl(fd, DTIOCPRBCREATE, (void *)8), EFAULT);

	CHECK(!listed(fd, "dtt_no_such_function"), "a failed create is "
	    "listed");
	CHECK(!listed(fd, "kprobe_int3_handler"), "a failed create is "
	    "listed");
	CHECK(!listed(fd, "dt_probe_fire"), "a failed create is listed");

	/* The descriptor still works: a valid create succeeds. */
	CHECK_OK(create(fd, "do_getpgid", "entry"));
	CHECK(listed(fd, "do_getpgid"), "kprobe:do_getpgid not listed");
	close(fd);
	return dtt_done();
}
