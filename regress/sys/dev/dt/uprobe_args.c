/*
 * uprobe: entry and return probes on a function of this program,
 * created by DTIOCPRBUCREATE from a descriptor of the binary and the
 * function's file offset.  A followed child calls the function NCALLS
 * times and an unfollowed one NCALLS times too: the entry probe must
 * show the followed child's six arguments of each call and the
 * function's address as the first user frame, the return probe each
 * return value, and nothing of the other child.  Creating the same
 * probe again gives the same id; bad descriptors, files, offsets,
 * flags and providers are refused with the documented errors.
 */

#define _GNU_SOURCE

#include <sys/ioctl.h>

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dtt.h"

#define NCALLS	7

/* Not inlined, cloned or folded away: the probe is on its own code. */
__attribute__((noipa)) long
dtt_target(long a, long b, long c, long d, long e, long f)
{
	return a * 1000000 + b + c + d + e + f;
}

static void
calls(void *arg)
{
	long i, base = (long)(intptr_t)arg;

	for (i = 0; i < NCALLS; i++)
		if (dtt_target(base + i, 1, 2, 3, 4, 5 + i) !=
		    (base + i) * 1000000 + 15 + i)
			_exit(3);
}

static void
errors(int fd, int exe, uint64_t off)
{
	struct dtioc_ucreate uc;
	char tmp[] = "/tmp/dtt-uprobe.XXXXXX";
	int dir, null, path, wr;

	CHECK_ERRNO(dtt_ucreate(fd, "uprobe", -1, off, 0) ? 0 : -1, EBADF);
	CHECK_ERRNO(dtt_ucreate(fd, "uprobe", 9999, off, 0) ? 0 : -1, EBADF);
	REQUIRE((dir = open("/", O_RDONLY | O_DIRECTORY)) != -1, "open /");
	CHECK_ERRNO(dtt_ucreate(fd, "uprobe", dir, 0, 0) ? 0 : -1, EINVAL);
	REQUIRE((null = open("/dev/null", O_RDONLY)) != -1, "/dev/null");
	CHECK_ERRNO(dtt_ucreate(fd, "uprobe", null, 0, 0) ? 0 : -1, EINVAL);
	/* A descriptor that only names the file reads nothing. */
	REQUIRE((path = open("/proc/self/exe", O_PATH)) != -1, "O_PATH");
	CHECK_ERRNO(dtt_ucreate(fd, "uprobe", path, off, 0) ? 0 : -1, EBADF);
	/* Nor does one open for writing only. */
	REQUIRE((wr = mkstemp(tmp)) != -1, "mkstemp: %s", dtt_errname(errno));
	close(wr);
	wr = open(tmp, O_WRONLY);
	unlink(tmp);
	REQUIRE(wr != -1, "open %s for writing", tmp);
	CHECK_ERRNO(dtt_ucreate(fd, "uprobe", wr, 0, 0) ? 0 : -1, EBADF);
	close(wr);
	/* The end of the file and beyond. */
	CHECK_ERRNO(dtt_ucreate(fd, "uprobe", exe, lseek(exe, 0, SEEK_END),
	    0) ? 0 : -1, EINVAL);
	CHECK_ERRNO(dtt_ucreate(fd, "uprobe", exe, 1ULL << 63, 0) ? 0 : -1,
	    EINVAL);
	CHECK_ERRNO(dtt_ucreate(fd, "uprobe", exe, ~0ULL, DTUC_RETURN) ? 0 :
	    -1, EINVAL);
	CHECK_ERRNO(dtt_ucreate(fd, "uprobe", exe, off, 1U << 5) ? 0 : -1,
	    EINVAL);
	CHECK_ERRNO(dtt_ucreate(fd, "kprobe", exe, off, 0) ? 0 : -1,
	    EOPNOTSUPP);
	CHECK_ERRNO(dtt_ucreate(fd, "nosuchprov", exe, off, 0) ? 0 : -1,
	    ENOENT);
	memset(&uc, 0, sizeof(uc));
	strcpy(uc.dtuc_prov, "uprobe");
	uc.dtuc_fd = exe;
	uc.dtuc_offset = off;
	uc.dtuc_pad = 1;
	CHECK_ERRNO(ioctl(fd, DTIOCPRBUCREATE, &uc), EINVAL);
	memset(uc.dtuc_prov, 'u', sizeof(uc.dtuc_prov));
	uc.dtuc_pad = 0;
	CHECK_ERRNO(ioctl(fd, DTIOCPRBUCREATE, &uc), EINVAL);
	CHECK_ERRNO(ioctl(fd, DTIOCPRBUCREATE, (void *)16), EFAULT);
	close(dir);
	close(null);
	close(path);
}

int
main(void)
{
	struct dtt_child c, other;
	struct dtt_evbuf eb;
	struct dt_evt *ev;
	char file[PATH_MAX];
	uint32_t pe, pr, again;
	uint64_t off;
	int fd, exe, i, entries = 0, returns = 0, others = 0;
	int seen[NCALLS] = { 0 };
	long base = 4242;
	__u64 *a;

	fd = dtt_open();
	REQUIRE(dtt_fileoff((const void *)dtt_target, &off, file,
	    sizeof(file)) == 0, "dtt_target not in a file mapping");
	REQUIRE((exe = open(file, O_RDONLY)) != -1, "open %s: %s", file,
	    dtt_errname(errno));
	pe = dtt_ucreate(fd, "uprobe", exe, off, 0);
	REQUIRE(pe != 0, "create uprobe %s:%#llx: %s", file,
	    (unsigned long long)off, dtt_errname(errno));
	pr = dtt_ucreate(fd, "uprobe", exe, off, DTUC_RETURN);
	REQUIRE(pr != 0, "create uretprobe %s:%#llx: %s", file,
	    (unsigned long long)off, dtt_errname(errno));
	CHECK(pe != pr, "entry and return share id %u", pe);
	again = dtt_ucreate(fd, "uprobe", exe, off, 0);
	CHECK(again == pe, "creating the entry probe again: id %u, want %u",
	    again, pe);
	CHECK(dtt_probe_nargs(fd, pe) == 6, "entry: %d args",
	    dtt_probe_nargs(fd, pe));
	CHECK(dtt_probe_nargs(fd, pr) == 0, "return: %d args",
	    dtt_probe_nargs(fd, pr));
	CHECK(dtt_probe_flags(fd, pr) == DTPI_RETURN, "return: flags %d",
	    dtt_probe_flags(fd, pr));
	errors(fd, exe, off);

	dtt_child(&c, "dtt-uprobe", calls, (void *)(intptr_t)base);
	dtt_child(&other, "dtt-uprobe-not", calls, (void *)(intptr_t)9);
	dtt_follow(fd, &c);
	CHECK_OK(dtt_enable(fd, pe, DTEVT_FUNCARGS | DTEVT_USTACK));
	CHECK_OK(dtt_enable(fd, pr, DTEVT_FUNCARGS));
	/* The parent's own calls are never recorded. */
	calls((void *)(intptr_t)77);
	dtt_go(&other);
	CHECK(dtt_wait(&other) == 0, "the unfollowed child failed");
	dtt_trace(fd, &c, &eb);
	for (ev = dtt_first(&eb); ev != NULL; ev = dtt_next(&eb, ev)) {
		if (ev->dtev_pid != c.c_pid) {
			if (ev->dtev_pbn == pe || ev->dtev_pbn == pr)
				others++;
			continue;
		}
		a = dt_evt_args(ev);
		if (ev->dtev_pbn == pe) {
			entries++;
			CHECK(ev->dtev_nargs == 6, "entry: %u args",
			    ev->dtev_nargs);
			i = (int)(a[0] - base);
			CHECK(i >= 0 && i < NCALLS && a[1] == 1 && a[2] == 2 &&
			    a[3] == 3 && a[4] == 4 && a[5] == 5 + (__u64)i,
			    "entry args %llu %llu %llu %llu %llu %llu",
			    a[0], a[1], a[2], a[3], a[4], a[5]);
			if (i >= 0 && i < NCALLS)
				seen[i]++;
			CHECK(ev->dtev_nustack >= 1 && dt_evt_ustack(ev)[0] ==
			    (uintptr_t)dtt_target, "entry: %u user frames, "
			    "first %#llx, want %p", ev->dtev_nustack,
			    ev->dtev_nustack ? dt_evt_ustack(ev)[0] : 0,
			    (void *)dtt_target);
		} else if (ev->dtev_pbn == pr) {
			CHECK(ev->dtev_flags & DTEVT_RETURN, "return: flags "
			    "%#x", ev->dtev_flags);
			i = returns++;
			CHECK(ev->dtev_retval == (base + i) * 1000000 + 15 + i,
			    "return %d: retval %lld", i,
			    (long long)ev->dtev_retval);
		}
	}
	CHECK(entries == NCALLS, "%d entries, want %d", entries, NCALLS);
	CHECK(returns == NCALLS, "%d returns, want %d", returns, NCALLS);
	for (i = 0; i < NCALLS; i++)
		CHECK(seen[i] == 1, "call %d seen %d times", i, seen[i]);
	CHECK(others == 0, "%d events of unfollowed processes", others);
	dtt_evfree(&eb);
	close(exe);
	close(fd);
	return dtt_done();
}
