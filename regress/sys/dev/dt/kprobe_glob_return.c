/*
 * kprobe: a return probe on a glob, kprobe:vfs_*:return, is one probe
 * on the returns of every function the glob matches, attached at once
 * through fprobe where the kernel has it (register_fprobe in kallsyms;
 * else EOPNOTSUPP, which is checked instead).  Its one argument is the
 * function that returned (DTAI_FUNC), its events carry that word and
 * the return value: a child's reads of RDSIZE bytes return RDSIZE from
 * vfs_read, each one; every event of the child is of a vfs_ function,
 * and the glob's entries and returns of vfs_read pair up.
 */

#define _GNU_SOURCE

#include <sys/ioctl.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dtt.h"

#define NREADS	7
#define RDSIZE	123	/* an odd count, to know our reads */

/* A kprobe; -1 with errno set if the kernel refuses it. */
static int
create(int fd, const char *func, const char *name, uint32_t *id)
{
	*id = dtt_create(fd, "kprobe", func, name);
	return *id == 0 ? -1 : 0;
}

static void
cat(void *arg)
{
	char buf[RDSIZE];
	int i, fd;

	(void)arg;
	for (i = 0; i < NREADS; i++) {
		if ((fd = open("/proc/self/status", O_RDONLY)) == -1)
			_exit(2);
		if (read(fd, buf, sizeof(buf)) != RDSIZE)
			_exit(3);
		close(fd);
	}
}

int
main(void)
{
	struct dtioc_arg_info ai[2];
	struct dtioc_arg ar;
	struct dtt_child c;
	struct dtt_evbuf eb;
	struct dt_evt *ev;
	uint32_t ret, ent, again;
	const char *name;
	int fd, flags, n = 0, reads = 0, notvfs = 0, noret = 0, rdent = 0, rdret = 0;

	fd = dtt_open();
	if (!dtt_ksym_exists("register_fprobe")) {
		CHECK_ERRNO(create(fd, "vfs_*", "return", &again), EOPNOTSUPP);
		close(fd);
		return dtt_done();
	}
	REQUIRE(create(fd, "vfs_*", "return", &ret) == 0,
	    "create kprobe:vfs_*:return: %s", dtt_errname(errno));
	CHECK(create(fd, "vfs_*", "return", &again) == 0 && again == ret,
	    "creating kprobe:vfs_*:return again: id %u, want %u", again, ret);
	flags = dtt_probe_flags(fd, ret);
	CHECK(flags != -1 && (flags & DTPI_RETURN), "flags %#x, no DTPI_RETURN",
	    flags);
	CHECK_NARGS(fd, ret, 1);
	memset(&ar, 0, sizeof(ar));
	ar.dtar_pbn = ret;
	ar.dtar_size = sizeof(ai);
	ar.dtar_args = (uintptr_t)ai;
	CHECK_OK(ioctl(fd, DTIOCGARGS, &ar));
	CHECK(ar.dtar_size == sizeof(ai[0]) && (ai[0].dtai_flags & DTAI_FUNC) &&
	    strcmp(ai[0].dtai_argname, "func") == 0,
	    "argument 0: flags %#x name \"%s\"", ai[0].dtai_flags,
	    ai[0].dtai_argname);
	CHECK_ERRNO(create(fd, "dtt_no_such_fun*", "return", &again), ENOENT);
	REQUIRE(create(fd, "vfs_*", "entry", &ent) == 0,
	    "create kprobe:vfs_*:entry: %s", dtt_errname(errno));

	dtt_child(&c, "dtt-kglobret", cat, NULL);
	dtt_follow(fd, &c);
	CHECK_OK(dtt_enable(fd, ret, DTEVT_FUNCARGS));
	CHECK_OK(dtt_enable(fd, ent, DTEVT_FUNCARGS));
	dtt_trace(fd, &c, &eb);
	for (ev = dtt_first(&eb); ev != NULL; ev = dtt_next(&eb, ev)) {
		if (ev->dtev_pid != c.c_pid)
			continue;
		if (ev->dtev_pbn == ent && ev->dtev_nargs == 7 &&
		    strcmp(dtt_ksym(dt_evt_args(ev)[6]), "vfs_read") == 0)
			rdent++;
		if (ev->dtev_pbn != ret)
			continue;
		if (!(ev->dtev_flags & DTEVT_RETURN) || ev->dtev_nargs != 1) {
			noret++;
			continue;
		}
		n++;
		name = dtt_ksym(dt_evt_args(ev)[0]);
		if (strncmp(name, "vfs_", 4) != 0 && notvfs++ == 0)
			printf("\tkprobe:vfs_*:return fired in %s\n", name);
		if (strcmp(name, "vfs_read") == 0) {
			rdret++;
			if (ev->dtev_retval == RDSIZE)
				reads++;
		}
	}
	CHECK(noret == 0, "%d return events without DTEVT_RETURN and one "
	    "word", noret);
	CHECK(n > NREADS, "%d vfs_* returns of the child, want > %d", n,
	    NREADS);
	CHECK(reads == NREADS, "%d returns of vfs_read with %d, want %d",
	    reads, RDSIZE, NREADS);
	CHECK(notvfs == 0, "%d returns outside vfs_*", notvfs);
	CHECK(rdent == rdret, "vfs_read entered %d times, returned %d",
	    rdent, rdret);
	dtt_evfree(&eb);
	close(fd);
	return dtt_done();
}
