/*
 * syscall_openat: a failing openat yields, on entry, the path copied as
 * a string at probe time, and on return retval -1 with errno ENOENT.  A
 * path longer than the copy is marked truncated; a bad path pointer is
 * marked faulted (and the call fails with EFAULT).
 */

#define _GNU_SOURCE

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>

#include "dtt.h"

static char path[128];

/*
 * On one CPU: the events are checked in the order of the calls, and a
 * drain reads one CPU's ring after another (6.12 rt moved the child
 * between its two calls once).
 */
static void
calls(void *arg)
{
	(void)arg;
	dtt_pin(0);
	syscall(SYS_openat, AT_FDCWD, path, O_RDONLY);
	syscall(SYS_openat, AT_FDCWD, (char *)8, O_RDONLY);
}

/* One run with string copies of strlen bytes; returns the events. */
static pid_t
run(int fd, uint32_t ent, uint32_t ret, uint16_t strlen,
    struct dtt_evbuf *eb)
{
	struct dtt_child c;

	CHECK_OK(dtt_enable_str(fd, ent, DTEVT_FUNCARGS | DTEVT_EXECNAME,
	    1U << 1, strlen));
	CHECK_OK(dtt_enable(fd, ret, 0));
	dtt_child(&c, "dtt-openat", calls, NULL);
	CHECK_OK(dtt_record(fd, 1));
	dtt_go(&c);
	CHECK(dtt_wait(&c) == 0, "child failed");
	CHECK_OK(dtt_record(fd, 0));
	dtt_drain(fd, eb);
	CHECK_OK(dtt_disable(fd, ent));
	CHECK_OK(dtt_disable(fd, ret));
	return c.c_pid;
}

int
main(void)
{
	struct dtt_evbuf eb;
	struct dt_evt *ev;
	const struct dt_evt_str *es;
	uint32_t ent, ret;
	pid_t pid;
	int fd, nent, nret;

	snprintf(path, sizeof(path), "/nonexistent/dtt-openat-%d", getpid());
	fd = dtt_open();
	ent = dtt_probe(fd, "syscall", "openat", "entry");
	ret = dtt_probe(fd, "syscall", "openat", "return");

	/* Default copy size: the whole path. */
	pid = run(fd, ent, ret, 0, &eb);
	nent = nret = 0;
	for (ev = dtt_first(&eb); ev != NULL; ev = dtt_next(&eb, ev)) {
		if (ev->dtev_pid != pid)
			continue;
		if (ev->dtev_pbn == ent) {
			es = dtt_evstr(ev, 1);
			CHECK(ev->dtev_nargs >= 2 && dt_evt_args(ev)[1] ==
			    (uintptr_t)(nent == 0 ? path : (char *)8),
			    "openat %d: argument 1 is not the path pointer",
			    nent);
			if (es == NULL) {
				CHECK(0, "openat %d: no string at argument 1 "
				    "(%u strings)", nent, ev->dtev_nstrs);
			} else if (nent == 0) {
				CHECK(es->dtes_flags == 0 &&
				    es->dtes_len == strlen(path) &&
				    strcmp(dt_evt_str_text(es), path) == 0,
				    "path \"%s\" len %u flags %#x, want \"%s\"",
				    dt_evt_str_text(es), es->dtes_len,
				    es->dtes_flags, path);
			} else {
				CHECK((es->dtes_flags & DTSTR_FAULT) &&
				    es->dtes_len == 0 &&
				    dt_evt_str_text(es)[0] == '\0',
				    "bad pointer: string \"%s\" flags %#x, want "
				    "empty and DTSTR_FAULT",
				    dt_evt_str_text(es), es->dtes_flags);
			}
			nent++;
		} else if (ev->dtev_pbn == ret) {
			int want = nret == 0 ? ENOENT : EFAULT;

			CHECK(ev->dtev_retval == -1 && ev->dtev_errno == want,
			    "openat %d returned %lld errno %d, want -1 %s",
			    nret, (long long)ev->dtev_retval, ev->dtev_errno,
			    dtt_errname(want));
			nret++;
		}
	}
	CHECK(nent == 2 && nret == 2, "%d entry and %d return events, want "
	    "2 and 2", nent, nret);
	dtt_evfree(&eb);

	/* An 8-byte copy: 7 characters, marked truncated. */
	pid = run(fd, ent, ret, 8, &eb);
	nent = 0;
	for (ev = dtt_first(&eb); ev != NULL; ev = dtt_next(&eb, ev)) {
		if (ev->dtev_pid != pid || ev->dtev_pbn != ent)
			continue;
		if (nent++ != 0)
			continue;
		es = dtt_evstr(ev, 1);
		CHECK(es != NULL && (es->dtes_flags & DTSTR_TRUNC) &&
		    es->dtes_len == 7 &&
		    strncmp(dt_evt_str_text(es), path, 7) == 0 &&
		    dt_evt_str_text(es)[7] == '\0', "8-byte copy: \"%s\" "
		    "len %u flags %#x, want \"%.7s\", 7, DTSTR_TRUNC",
		    es ? dt_evt_str_text(es) : "(none)",
		    es ? es->dtes_len : 0, es ? es->dtes_flags : 0, path);
	}
	CHECK(nent == 2, "%d entry events with 8-byte copies, want 2", nent);
	dtt_evfree(&eb);
	close(fd);
	return dtt_done();
}
