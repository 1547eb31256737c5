/*
 * kprobe: a glob is one probe on every function it matches, attached
 * at once through ftrace.  kprobe:vfs_*:entry fires for a child that
 * opens and reads a file as cat does, each event naming the function
 * that fired (argument 6, DTAI_FUNC): the child's reads, known by their
 * count argument, must have fired in vfs_read.  A glob matching nothing is ENOENT
 * (a return probe on a glob: kprobe_glob_return.c), and a glob of dt's own functions
 * matches none of them (ENOENT); a glob over a function of dt's fire path
 * attaches to the others: no event fires inside dt.
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
		if (read(fd, buf, sizeof(buf)) <= 0)
			_exit(3);
		close(fd);
	}
}

int
main(void)
{
	struct dtioc_arg_info ai[8];
	struct dtioc_arg ar;
	struct dtt_child c;
	struct dtt_evbuf eb;
	struct dt_evt *ev;
	uint32_t vfs, own, again;
	const char *name;
	uint64_t readpc = 0;
	int fd, n = 0, reads = 0, notvfs = 0, owns = 0;
	__u64 *a;

	fd = dtt_open();
	REQUIRE(create(fd, "vfs_*", "entry", &vfs) == 0,
	    "create kprobe:vfs_*:entry: %s", dtt_errname(errno));
	CHECK(create(fd, "vfs_*", "entry", &again) == 0 && again == vfs,
	    "creating kprobe:vfs_*:entry again: id %u, want %u", again, vfs);
	CHECK_NARGS(fd, vfs, 7);
	memset(&ar, 0, sizeof(ar));
	ar.dtar_pbn = vfs;
	ar.dtar_size = sizeof(ai);
	ar.dtar_args = (uintptr_t)ai;
	CHECK_OK(ioctl(fd, DTIOCGARGS, &ar));
	CHECK(ar.dtar_size == 7 * sizeof(ai[0]) &&
	    (ai[6].dtai_flags & DTAI_FUNC) &&
	    strcmp(ai[6].dtai_argname, "func") == 0,
	    "argument 6: flags %#x name \"%s\"", ai[6].dtai_flags,
	    ai[6].dtai_argname);
	CHECK_ERRNO(create(fd, "dtt_no_such_fun*", "entry", &again), ENOENT);
	CHECK_ERRNO(create(fd, "vfs_*", "exit", &again), EINVAL);
	CHECK_ERRNO(create(fd, "!vfs_*", "entry", &again), EINVAL);
	CHECK_ERRNO(create(fd, "vfs_*:mod:ext4", "entry", &again), EINVAL);
	/* dt's own fire path: the exact name is refused, a glob skips it. */
	CHECK_ERRNO(create(fd, "stack_trace_save", "entry", &again), EINVAL);
	CHECK_ERRNO(create(fd, "dt_pcb_fir*", "entry", &again), ENOENT);
	CHECK_ERRNO(create(fd, "dt_probe_fir?", "entry", &again), ENOENT);
	REQUIRE(create(fd, "stack_trace_sav*", "entry", &own) == 0,
	    "create kprobe:stack_trace_sav*:entry: %s", dtt_errname(errno));

	dtt_child(&c, "dtt-kglob", cat, NULL);
	dtt_follow(fd, &c);
	CHECK_OK(dtt_enable(fd, vfs, DTEVT_FUNCARGS | DTEVT_KSTACK));
	CHECK_OK(dtt_enable(fd, own, DTEVT_FUNCARGS | DTEVT_KSTACK));
	dtt_trace(fd, &c, &eb);
	for (ev = dtt_first(&eb); ev != NULL; ev = dtt_next(&eb, ev)) {
		if (ev->dtev_pbn == own) {
			/* Others match the glob, but dt calls this one. */
			name = dtt_ksym(dt_evt_args(ev)[6]);
			if (strcmp(name, "stack_trace_save") == 0)
				owns++;
			continue;
		}
		if (ev->dtev_pbn != vfs || ev->dtev_pid != c.c_pid)
			continue;
		CHECK(ev->dtev_nargs == 7, "%u args", ev->dtev_nargs);
		if (ev->dtev_nargs != 7)
			continue;
		a = dt_evt_args(ev);
		n++;
		/* vfs_read(file, buf, count, pos) */
		if (a[2] == RDSIZE) {
			if (readpc == 0)
				readpc = a[6];
			if (a[6] == readpc)
				reads++;
		}
	}
	CHECK(n > NREADS, "%d vfs_* events of the child, want > %d", n,
	    NREADS);
	CHECK(reads == NREADS, "%d reads of %d bytes, want %d", reads,
	    RDSIZE, NREADS);
	name = dtt_ksym(readpc);
	CHECK(strcmp(name, "vfs_read") == 0, "the reads fired in \"%s\" "
	    "(%#llx), want vfs_read", name, (unsigned long long)readpc);
	/* Every function the glob fired in is a vfs_ one. */
	for (ev = dtt_first(&eb); ev != NULL; ev = dtt_next(&eb, ev)) {
		if (ev->dtev_pbn != vfs || ev->dtev_nargs != 7)
			continue;
		name = dtt_ksym(dt_evt_args(ev)[6]);
		if (strncmp(name, "vfs_", 4) != 0 && notvfs++ == 0)
			printf("\tkprobe:vfs_* fired in %s\n", name);
	}
	CHECK(notvfs == 0, "%d events outside vfs_*", notvfs);
	CHECK(owns == 0, "%d events in dt's fire path", owns);
	dtt_evfree(&eb);
	close(fd);
	return dtt_done();
}
