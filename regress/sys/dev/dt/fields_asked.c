/*
 * fields_asked: an event carries only the task fields its enabling asked
 * for.  Five descriptors follow one child (uid 1234, gid 4321) through
 * syscall:getppid:entry, each asking for one of nothing, DTEVT_PID,
 * DTEVT_PPID, DTEVT_CRED and DTEVT_EXECNAME: each event has exactly the
 * flags asked for, the field asked for filled, and every other field,
 * every byte of the command name included, zero.
 */

#define _GNU_SOURCE

#include <sys/ioctl.h>

#include <stdio.h>
#include <string.h>

#include "dtt.h"

#define N	200
#define COMM	"dtt-fields"
#define UID	1234
#define GID	4321

static const struct {
	const char	*name;
	uint32_t	 flags;
} asks[] = {
	{ "nothing", 0 },
	{ "DTEVT_PID", DTEVT_PID },
	{ "DTEVT_PPID", DTEVT_PPID },
	{ "DTEVT_CRED", DTEVT_CRED },
	{ "DTEVT_EXECNAME", DTEVT_EXECNAME },
};
#define NASKS	(sizeof(asks) / sizeof(asks[0]))

static void
calls(void *arg)
{
	int i;

	(void)arg;
	if (setgid(GID) == -1 || setuid(UID) == -1)
		_exit(3);
	for (i = 0; i < N; i++)
		getppid();
}

/* The event as it must be, from what was asked. */
static void
expect(struct dt_evt *want, const struct dt_evt *ev, uint32_t flags,
    pid_t child)
{
	*want = *ev;		/* what every event has, and the counts */
	want->dtev_flags = flags;
	want->dtev_pid = flags & DTEVT_PID ? child : 0;
	want->dtev_tid = flags & DTEVT_PID ? child : 0;
	want->dtev_ppid = flags & DTEVT_PPID ? getpid() : 0;
	want->dtev_uid = flags & DTEVT_CRED ? UID : 0;
	want->dtev_gid = flags & DTEVT_CRED ? GID : 0;
	memset(want->dtev_comm, 0, sizeof(want->dtev_comm));
	if (flags & DTEVT_EXECNAME)
		strcpy(want->dtev_comm, COMM);
	want->dtev_retval = 0;
	want->dtev_errno = 0;
	want->dtev_pad = 0;
}

int
main(void)
{
	struct dtioc_req rq;
	struct dtt_child c;
	struct dtt_evbuf eb[NASKS];
	struct dt_evt *ev, want;
	uint32_t id;
	size_t i, n, bad;
	int fd[NASKS];

	dtt_child(&c, COMM, calls, NULL);
	for (i = 0; i < NASKS; i++) {
		fd[i] = dtt_open();
		id = dtt_probe(fd[i], "syscall", "getppid", "entry");
		memset(&rq, 0, sizeof(rq));
		rq.dtrq_pbn = id;
		rq.dtrq_flags = asks[i].flags;	/* not dtt_enable(): no DTT_TASK */
		REQUIRE(ioctl(fd[i], DTIOCPRBENABLE, &rq) == 0,
		    "enable asking for %s: %s", asks[i].name,
		    dtt_errname(errno));
		dtt_follow(fd[i], &c);
		REQUIRE(dtt_record(fd[i], 1) == 0, "DTIOCRECORD: %s",
		    dtt_errname(errno));
	}
	dtt_go(&c);
	CHECK(dtt_wait(&c) == 0, "the child failed (setuid/setgid?)");
	for (i = 0; i < NASKS; i++) {
		CHECK_OK(dtt_record(fd[i], 0));
		dtt_drain(fd[i], &eb[i]);
	}

	for (i = 0; i < NASKS; i++) {
		n = bad = 0;
		for (ev = dtt_first(&eb[i]); ev != NULL;
		    ev = dtt_next(&eb[i], ev)) {
			n++;
			expect(&want, ev, asks[i].flags, c.c_pid);
			if (memcmp(&want, ev, sizeof(want)) == 0)
				continue;
			if (bad++ < 3)
				CHECK(0, "asking for %s: event flags %#x pid "
				    "%d tid %d ppid %d uid %u gid %u comm "
				    "\"%.16s\" (byte 15 %#x); want flags %#x "
				    "pid %d tid %d ppid %d uid %u gid %u comm "
				    "\"%s\", zeros after", asks[i].name,
				    ev->dtev_flags, ev->dtev_pid, ev->dtev_tid,
				    ev->dtev_ppid, ev->dtev_uid, ev->dtev_gid,
				    ev->dtev_comm,
				    (unsigned char)ev->dtev_comm[15],
				    want.dtev_flags, want.dtev_pid,
				    want.dtev_tid, want.dtev_ppid,
				    want.dtev_uid, want.dtev_gid,
				    want.dtev_comm);
		}
		CHECK(n == N, "asking for %s: %zu events, want %d",
		    asks[i].name, n, N);
		CHECK(bad == 0, "asking for %s: %zu events with fields not "
		    "asked for, or without those asked for", asks[i].name,
		    bad);
		dtt_evfree(&eb[i]);
		close(fd[i]);
	}
	return dtt_done();
}
