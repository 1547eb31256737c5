/*
 * open_nonroot: /dev/dt is mode 0600, root's; an unprivileged process
 * cannot open it (EACCES from the file mode, or EPERM).  A descriptor
 * opened by root and kept across setuid() may still list probes and read
 * stats and drops, but enabling, recording and creating a uprobe need
 * CAP_SYS_ADMIN: EPERM.
 * And it reads what root enabled, kernel addresses included: here the
 * kernel stacks of its own getppid() calls (dt(4), Access).
 */

#define _GNU_SOURCE

#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <fcntl.h>
#include <stdio.h>

#include "dtt.h"

static void
unprivileged(void *arg)
{
	int fd = *(int *)arg, nfd;
	struct dtioc_probe pr = { 0, 0 };
	struct dtioc_stat st;
	struct dtioc_drops dd = { 0, 0, 0, 0 };
	struct dtt_evbuf eb;
	struct dt_evt *ev;
	size_t nk = 0;
	uint32_t id;
	int i, exe;

	if (setgid(65534) != 0 || setuid(65534) != 0) {
		fprintf(stderr, "cannot drop privileges\n");
		_exit(1);
	}
	nfd = open(DTT_DEV, O_RDWR);
	CHECK(nfd == -1 && (errno == EACCES || errno == EPERM),
	    "open as uid 65534: %s, want EACCES or EPERM",
	    nfd == -1 ? dtt_errname(errno) : "success");
	nfd = open(DTT_DEV, O_RDONLY);
	CHECK(nfd == -1 && (errno == EACCES || errno == EPERM),
	    "open O_RDONLY as uid 65534: %s, want EACCES or EPERM",
	    nfd == -1 ? dtt_errname(errno) : "success");

	CHECK(ioctl(fd, DTIOCGPLIST, &pr) == 0 && pr.dtpr_size > 0,
	    "DTIOCGPLIST without privilege: %s", dtt_errname(errno));
	CHECK_OK(dtt_stats(fd, &st));
	CHECK_OK(ioctl(fd, DTIOCGDROPS, &dd));

	for (i = 0; i < 10; i++)
		getppid();
	dtt_drain(fd, &eb);
	for (ev = dtt_first(&eb); ev != NULL; ev = dtt_next(&eb, ev))
		if (ev->dtev_pid == getpid() && ev->dtev_nkstack > 0 &&
		    dt_evt_kstack(ev)[0] >= 0xffff800000000000ULL)
			nk++;
	CHECK(nk == 10, "read %zu getppid() events with a kernel stack as "
	    "uid 65534, want 10", nk);
	dtt_evfree(&eb);

	id = dtt_probe(fd, "syscall", "getppid", "entry");
	CHECK_ERRNO(dtt_enable(fd, id, DTEVT_EXECNAME), EPERM);
	CHECK_ERRNO(dtt_record(fd, 1), EPERM);
	/* Nor a uprobe, even on a file it may read. */
	exe = open("/proc/self/exe", O_RDONLY);
	CHECK(exe != -1, "open /proc/self/exe: %s", dtt_errname(errno));
	CHECK_ERRNO(dtt_ucreate(fd, "uprobe", exe, 0, 0) ? 0 : -1, EPERM);
	_exit(dtt_done());
}

int
main(void)
{
	struct dtt_child c;
	struct stat sb;
	int fd;

	CHECK_OK(stat(DTT_DEV, &sb));
	CHECK(S_ISCHR(sb.st_mode), "%s is not a character device", DTT_DEV);
	CHECK((sb.st_mode & 07777) == 0600, "%s has mode %o, want 0600",
	    DTT_DEV, (unsigned int)(sb.st_mode & 07777));
	CHECK(sb.st_uid == 0, "%s is owned by uid %u", DTT_DEV,
	    (unsigned int)sb.st_uid);

	fd = dtt_open();
	CHECK_OK(dtt_enable(fd, dtt_probe(fd, "syscall", "getppid", "entry"),
	    DTEVT_KSTACK));
	CHECK_OK(dtt_record(fd, 1));
	dtt_child(&c, "dtt-nobody", unprivileged, &fd);
	dtt_go(&c);
	CHECK(dtt_wait(&c) == 0, "the unprivileged child failed");
	close(fd);
	return dtt_done();
}
