/*
 * kprobe: entry and return probes created on demand.  A child calls
 * getpgid() on itself and on a pid that cannot exist, and opens a
 * missing file: kprobe:do_getpgid and kprobe:do_sys_openat2 must show
 * each call's arguments (the path as a user string) and return value.
 */

#define _GNU_SOURCE

#include <sys/ioctl.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dtt.h"

#define NCALLS	5
#define NOPID	0x3ffffff0	/* above PID_MAX_LIMIT */

static const char path[] = "/nonexistent/dtt-kprobe";

/* A kprobe; -1 with errno set if the kernel refuses it. */
static int
create(int fd, const char *func, const char *name, uint32_t *id)
{
	*id = dtt_create(fd, "kprobe", func, name);
	return *id == 0 ? -1 : 0;
}

static void
calls(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < NCALLS; i++) {
		if (getpgid(0) == -1)
			_exit(2);
		if (getpgid(NOPID) != -1 || errno != ESRCH)
			_exit(3);
		if (open(path, O_RDONLY) != -1 || errno != ENOENT)
			_exit(4);
	}
}

int
main(void)
{
	struct dtt_child c;
	struct dtt_evbuf eb;
	struct dt_evt *ev;
	const struct dt_evt_str *es;
	uint32_t pge, pgr, poe, por, again;
	int fd, ge0 = 0, genopid = 0, gr0 = 0, grsrch = 0, oe = 0, orr = 0;
	int other = 0;
	__u64 *a;

	fd = dtt_open();
	REQUIRE(create(fd, "do_getpgid", "entry", &pge) == 0,
	    "create kprobe:do_getpgid:entry: %s", dtt_errname(errno));
	REQUIRE(create(fd, "do_getpgid", "return", &pgr) == 0,
	    "create kprobe:do_getpgid:return: %s", dtt_errname(errno));
	REQUIRE(create(fd, "do_sys_openat2", "entry", &poe) == 0,
	    "create kprobe:do_sys_openat2:entry: %s", dtt_errname(errno));
	REQUIRE(create(fd, "do_sys_openat2", "return", &por) == 0,
	    "create kprobe:do_sys_openat2:return: %s", dtt_errname(errno));
	CHECK(pge != 0 && pgr != 0 && pge != pgr, "ids %u and %u", pge, pgr);
	CHECK(create(fd, "do_getpgid", "entry", &again) == 0 && again == pge,
	    "creating kprobe:do_getpgid:entry again: id %u, want %u", again,
	    pge);
	CHECK(dtt_probe(fd, "kprobe", "do_getpgid", "entry") == pge,
	    "kprobe:do_getpgid:entry listed with another id");
	CHECK_NARGS(fd, pge, 6);
	CHECK_NARGS(fd, pgr, 0);

	dtt_child(&c, "dtt-kprobe", calls, NULL);
	dtt_follow(fd, &c);
	CHECK_OK(dtt_enable(fd, pge, DTEVT_FUNCARGS));
	CHECK_OK(dtt_enable(fd, pgr, DTEVT_FUNCARGS));
	CHECK_OK(dtt_enable_str(fd, poe, DTEVT_FUNCARGS, 1 << 1, 0));
	CHECK_OK(dtt_enable(fd, por, DTEVT_FUNCARGS));
	dtt_trace(fd, &c, &eb);
	for (ev = dtt_first(&eb); ev != NULL; ev = dtt_next(&eb, ev)) {
		if (ev->dtev_pid != c.c_pid)
			continue;
		a = dt_evt_args(ev);
		if (ev->dtev_pbn == pge) {
			CHECK(ev->dtev_nargs == 6, "entry: %u args",
			    ev->dtev_nargs);
			if ((int)a[0] == 0)
				ge0++;
			else if ((int)a[0] == NOPID)
				genopid++;
			else
				other++;
		} else if (ev->dtev_pbn == pgr) {
			CHECK(ev->dtev_flags & DTEVT_RETURN, "return: flags "
			    "%#x", ev->dtev_flags);
			if ((int)ev->dtev_retval == getpgid(0))
				gr0++;
			else if ((int)ev->dtev_retval == -ESRCH)
				grsrch++;
			else
				other++;
		} else if (ev->dtev_pbn == poe) {
			/* int dfd, const char __user *filename, ... */
			if ((int)a[0] != AT_FDCWD || a[1] != (uintptr_t)path)
				continue;	/* the loader's own opens */
			es = dtt_evstr(ev, 1);
			CHECK(es != NULL && es->dtes_flags == 0 &&
			    strcmp(dt_evt_str_text(es), path) == 0,
			    "openat2 entry: path \"%s\" flags %d",
			    es ? dt_evt_str_text(es) : "(none)",
			    es ? es->dtes_flags : -1);
			oe++;
		} else if (ev->dtev_pbn == por &&
		    (int)ev->dtev_retval == -ENOENT) {
			orr++;
		}
	}
	CHECK(ge0 == NCALLS, "%d do_getpgid(0) entries, want %d", ge0,
	    NCALLS);
	CHECK(genopid == NCALLS, "%d do_getpgid(%#x) entries, want %d",
	    genopid, NOPID, NCALLS);
	CHECK(gr0 == NCALLS, "%d do_getpgid returns of our pgid, want %d",
	    gr0, NCALLS);
	CHECK(grsrch == NCALLS, "%d do_getpgid returns of -ESRCH, want %d",
	    grsrch, NCALLS);
	CHECK(other == 0, "%d do_getpgid events with unexpected values",
	    other);
	CHECK(oe == NCALLS, "%d do_sys_openat2 entries with our path, want "
	    "%d", oe, NCALLS);
	CHECK(orr >= NCALLS, "%d do_sys_openat2 returns of -ENOENT, want "
	    ">= %d", orr, NCALLS);
	dtt_evfree(&eb);
	close(fd);
	return dtt_done();
}
