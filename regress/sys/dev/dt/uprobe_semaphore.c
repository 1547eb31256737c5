/*
 * A uprobe with a semaphore (dtuc_refctr), as a USDT marker has: while
 * the probe is enabled the kernel counts it in the 2-byte counter at
 * that file offset of every process mapping the file, this one and a
 * child forked before, so each sees 1, and 0 again once disabled; the
 * probe fires as any.  A semaphore at an odd offset or beyond the file,
 * or another one for an instruction that has one, is EINVAL.
 */

#define _GNU_SOURCE

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dtt.h"

#define NCALLS	3

/* In the file's data, as a USDT semaphore: not .bss, which no file holds. */
__attribute__((section(".probes"))) volatile unsigned short dtt_sema;

__attribute__((noipa)) long
dtt_semtarget(long a)
{
	return a + 1;
}

/* The child sees the counter the kernel set, then calls if it is set. */
static void
calls(void *arg)
{
	long i;

	(void)arg;
	if (dtt_sema != 1)
		_exit(4);
	for (i = 0; i < NCALLS; i++)
		if (dtt_semtarget(i) != i + 1)
			_exit(3);
}

/* 0 if the probe was made, else -1 with errno, for CHECK_ERRNO(). */
static int
usema(int fd, int exe, uint64_t off, uint64_t refctr, uint32_t flags)
{
	return dtt_ucreate_sema(fd, "uprobe", exe, off, refctr, flags) != 0 ?
	    0 : -1;
}

int
main(void)
{
	struct dtt_child c;
	struct dtt_evbuf eb;
	char file[PATH_MAX], sfile[PATH_MAX];
	uint64_t off, soff;
	uint32_t pe;
	int fd, exe;

	fd = dtt_open();
	REQUIRE(dtt_fileoff((const void *)dtt_semtarget, &off, file,
	    sizeof(file)) == 0, "dtt_semtarget not in a file mapping");
	REQUIRE(dtt_fileoff((const void *)&dtt_sema, &soff, sfile,
	    sizeof(sfile)) == 0 && strcmp(file, sfile) == 0,
	    "dtt_sema not in a mapping of %s", file);
	REQUIRE((exe = open(file, O_RDONLY)) != -1, "open %s: %s", file,
	    dtt_errname(errno));

	CHECK_ERRNO(usema(fd, exe, off, soff + 1, 0), EINVAL);
	CHECK_ERRNO(usema(fd, exe, off, lseek(exe, 0, SEEK_END), 0), EINVAL);
	CHECK_ERRNO(usema(fd, exe, off, ~1ULL, 0), EINVAL);
	pe = dtt_ucreate_sema(fd, "uprobe", exe, off, soff, 0);
	REQUIRE(pe != 0, "create uprobe %s:%#llx with semaphore %#llx: %s",
	    file, (unsigned long long)off, (unsigned long long)soff,
	    dtt_errname(errno));
	CHECK(dtt_ucreate_sema(fd, "uprobe", exe, off, soff, 0) == pe,
	    "the same probe again: another id");
	CHECK_ERRNO(usema(fd, exe, off, 0, 0), EINVAL);
	CHECK_ERRNO(usema(fd, exe, off, soff + 2, DTUC_RETURN), EINVAL);

	dtt_child(&c, "dtt-usema", calls, NULL);
	CHECK(dtt_sema == 0, "semaphore %u before enabling", dtt_sema);
	CHECK_OK(dtt_enable(fd, pe, 0));
	CHECK(dtt_sema == 1, "semaphore %u once enabled", dtt_sema);
	dtt_trace(fd, &c, &eb);
	CHECK(dtt_count(&eb, pe, c.c_pid) == NCALLS, "%zu events, want %d "
	    "(the child exits 4 if it saw no semaphore)",
	    dtt_count(&eb, pe, c.c_pid), NCALLS);
	CHECK_OK(dtt_disable(fd, pe));
	CHECK(dtt_sema == 0, "semaphore %u once disabled", dtt_sema);
	dtt_evfree(&eb);
	close(exe);
	close(fd);
	return dtt_done();
}
