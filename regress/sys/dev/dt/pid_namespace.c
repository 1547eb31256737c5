/*
 * pid_namespace: a tracer inside a pid namespace names processes with
 * that namespace's pids.  DTIOCSETPIDS takes them as the opener's
 * namespace numbers them, and events carry pids and parent pids as the
 * opener sees them.  The tracer here is pid 1 of a new namespace; the
 * traced process is its child, pid 2 there.
 */

#define _GNU_SOURCE

#include <sys/wait.h>

#include <sched.h>
#include <stdio.h>

#include "dtt.h"

#define N	20

static struct dtt_calls ppids = { -1, N };

/* pid 1 of the namespace: trace a child by its pid here. */
static int
tracer(void)
{
	struct dtt_child c;
	struct dtt_evbuf eb;
	struct dt_evt *ev;
	size_t n = 0, other = 0;
	uint32_t id;
	int fd;

	CHECK(getpid() == 1, "tracer is pid %d in its namespace", getpid());
	fd = dtt_open();
	id = dtt_probe(fd, "syscall", "getppid", "entry");
	CHECK_OK(dtt_enable(fd, id, 0));
	dtt_child(&c, "dtt-pidns", dtt_getppids, &ppids);
	printf("traced process: pid %d in the namespace\n", c.c_pid);
	CHECK_OK(dtt_pids(fd, &c.c_pid, 1));
	dtt_trace(fd, &c, &eb);
	for (ev = dtt_first(&eb); ev != NULL; ev = dtt_next(&eb, ev)) {
		if (ev->dtev_pid == c.c_pid && ev->dtev_tid == c.c_pid &&
		    ev->dtev_ppid == 1)
			n++;
		else if (other++ < 3)
			fprintf(stderr, "event of pid %d tid %d ppid %d\n",
			    ev->dtev_pid, ev->dtev_tid, ev->dtev_ppid);
	}
	CHECK(n == N, "%zu events of pid %d (parent 1), want %d", n,
	    c.c_pid, N);
	CHECK(other == 0, "%zu events of other pids", other);
	dtt_evfree(&eb);
	close(fd);
	return dtt_done();
}

int
main(void)
{
	pid_t pid;
	int st;

	REQUIRE(unshare(CLONE_NEWPID) == 0, "unshare(CLONE_NEWPID): %s",
	    dtt_errname(errno));
	fflush(stdout);
	pid = fork();
	REQUIRE(pid != -1, "fork: %s", dtt_errname(errno));
	if (pid == 0)
		_exit(tracer());
	REQUIRE(waitpid(pid, &st, 0) == pid, "waitpid: %s",
	    dtt_errname(errno));
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the tracer in the "
	    "namespace failed (status %#x)", st);
	return dtt_done();
}
