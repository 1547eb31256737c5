/*
 * syscall_args: entry events carry the system call's arguments as the
 * caller passed them, and return events its return value and errno:
 * lseek(fd, off, whence) on a closed descriptor fails with EBADF, on an
 * open memfd returns the new offset.  The probe lists its arguments.
 */

#define _GNU_SOURCE

#include <sys/ioctl.h>
#include <sys/mman.h>

#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "dtt.h"

#define BADFD	987
#define OFF	0x123456789aLL

static int memfd;

static void
calls(void *arg)
{
	(void)arg;
	lseek(BADFD, OFF, SEEK_END);
	lseek(memfd, 42, SEEK_SET);
}

int
main(void)
{
	struct dtt_child c;
	struct dtt_evbuf eb;
	struct dt_evt *ev;
	struct dtioc_arg ar;
	struct dtioc_arg_info ai[DTMAXFUNCARGS];
	uint32_t ent, ret;
	int fd, nent = 0, nret = 0;

	memfd = memfd_create("dtt", 0);
	REQUIRE(memfd != -1, "memfd_create: %s", dtt_errname(errno));
	fd = dtt_open();
	ent = dtt_probe(fd, "syscall", "lseek", "entry");
	ret = dtt_probe(fd, "syscall", "lseek", "return");
	CHECK(dtt_probe_nargs(fd, ent) == 3, "lseek entry lists %d "
	    "arguments, want 3", dtt_probe_nargs(fd, ent));
	memset(&ar, 0, sizeof(ar));
	ar.dtar_pbn = ent;
	ar.dtar_size = sizeof(ai);
	ar.dtar_args = (uintptr_t)ai;
	CHECK_OK(ioctl(fd, DTIOCGARGS, &ar));
	CHECK(ar.dtar_size == 3 * sizeof(ai[0]), "DTIOCGARGS: %llu bytes",
	    (unsigned long long)ar.dtar_size);
	for (int i = 0; i < 3 && ar.dtar_size == 3 * sizeof(ai[0]); i++) {
		CHECK(ai[i].dtai_pbn == ent && ai[i].dtai_argn == i &&
		    ai[i].dtai_argtype[0] != '\0', "argument %d: probe %u "
		    "argn %u type \"%s\"", i, ai[i].dtai_pbn,
		    ai[i].dtai_argn, ai[i].dtai_argtype);
		printf("lseek arg%d: %s %s\n", i, ai[i].dtai_argtype,
		    ai[i].dtai_argname);
	}

	CHECK_OK(dtt_enable(fd, ent, DTEVT_FUNCARGS));
	CHECK_OK(dtt_enable(fd, ret, 0));
	dtt_child(&c, "dtt-args", calls, NULL);
	dtt_trace(fd, &c, &eb);
	for (ev = dtt_first(&eb); ev != NULL; ev = dtt_next(&eb, ev)) {
		__u64 *a = dt_evt_args(ev);

		if (ev->dtev_pid != c.c_pid)
			continue;
		if (ev->dtev_pbn == ent) {
			CHECK(ev->dtev_nargs >= 3 &&
			    (ev->dtev_flags & DTEVT_FUNCARGS), "entry event "
			    "with %u arguments, flags %#x", ev->dtev_nargs,
			    ev->dtev_flags);
			if (ev->dtev_nargs < 3)
				continue;
			if (nent == 0)
				CHECK(a[0] == BADFD && a[1] == (uint64_t)OFF &&
				    a[2] == SEEK_END, "first lseek args "
				    "%#llx %#llx %#llx, want %#x %#llx %#x",
				    (unsigned long long)a[0],
				    (unsigned long long)a[1],
				    (unsigned long long)a[2], BADFD,
				    (unsigned long long)OFF, SEEK_END);
			else
				CHECK(a[0] == (uint64_t)memfd && a[1] == 42 &&
				    a[2] == SEEK_SET, "second lseek args "
				    "%#llx %#llx %#llx",
				    (unsigned long long)a[0],
				    (unsigned long long)a[1],
				    (unsigned long long)a[2]);
			nent++;
		} else if (ev->dtev_pbn == ret) {
			CHECK(ev->dtev_flags & DTEVT_RETURN, "return event "
			    "without DTEVT_RETURN");
			CHECK(ev->dtev_nargs == 0, "return event with %u "
			    "arguments, none asked", ev->dtev_nargs);
			if (nret == 0)
				CHECK(ev->dtev_retval == -1 &&
				    ev->dtev_errno == EBADF, "failed lseek "
				    "returned %lld errno %d, want -1 EBADF",
				    (long long)ev->dtev_retval,
				    ev->dtev_errno);
			else
				CHECK(ev->dtev_retval == 42 &&
				    ev->dtev_errno == 0, "lseek returned "
				    "%lld errno %d, want 42 0",
				    (long long)ev->dtev_retval,
				    ev->dtev_errno);
			nret++;
		}
	}
	CHECK(nent == 2 && nret == 2, "%d entry and %d return events, want 2 "
	    "and 2", nent, nret);
	dtt_evfree(&eb);
	close(fd);
	return dtt_done();
}
