/*
 * pid_filter_fork: with DTIOCSETPIDS naming one process, only its
 * events and those of the children it forks while recording (and their
 * children) are recorded; a process outside the set is not.  The filter
 * cannot change while recording (EBUSY), and npids 0 removes it.
 */

#define _GNU_SOURCE

#include <sys/wait.h>

#include <stdio.h>

#include "dtt.h"

#define N	50

static void
calls(void)
{
	int i;

	for (i = 0; i < N; i++)
		getppid();
}

/* The traced process: calls, forks a child and a grandchild that call. */
static void
traced(void *arg)
{
	pid_t kid;

	(void)arg;
	calls();
	kid = fork();
	if (kid == 0) {
		calls();
		kid = fork();
		if (kid == 0) {
			calls();
			_exit(0);
		}
		waitpid(kid, NULL, 0);
		_exit(0);
	}
	waitpid(kid, NULL, 0);
}

static void
outsider(void *arg)
{
	(void)arg;
	calls();
}

int
main(void)
{
	struct dtt_child t, o;
	struct dtt_evbuf eb;
	struct dt_evt *ev;
	pid_t kids[2] = { 0, 0 };
	pid_t kppid[2] = { 0, 0 };
	size_t nkid[2] = { 0, 0 };
	uint32_t id;
	int fd, i;

	fd = dtt_open();
	id = dtt_probe(fd, "syscall", "getppid", "entry");
	CHECK_OK(dtt_enable(fd, id, DTEVT_EXECNAME));
	dtt_child(&t, "dtt-traced", traced, NULL);
	dtt_child(&o, "dtt-outsider", outsider, NULL);
	CHECK_OK(dtt_pids(fd, &t.c_pid, 1));
	CHECK_OK(dtt_record(fd, 1));
	CHECK_ERRNO(dtt_pids(fd, &o.c_pid, 1), EBUSY);
	CHECK_ERRNO(dtt_pids(fd, NULL, 0), EBUSY);
	dtt_go(&o);
	CHECK(dtt_wait(&o) == 0, "outsider failed");
	dtt_go(&t);
	CHECK(dtt_wait(&t) == 0, "traced failed");
	CHECK_OK(dtt_record(fd, 0));
	dtt_drain(fd, &eb);

	CHECK(dtt_count(&eb, id, t.c_pid) == N, "traced process: %zu events, "
	    "want %d", dtt_count(&eb, id, t.c_pid), N);
	/* The other pids: the child and the grandchild, N events each. */
	for (ev = dtt_first(&eb); ev != NULL; ev = dtt_next(&eb, ev)) {
		if (ev->dtev_pid == t.c_pid || ev->dtev_pid == o.c_pid)
			continue;
		for (i = 0; i < 2; i++) {
			if (kids[i] == 0)
				kids[i] = ev->dtev_pid;
			if (kids[i] == ev->dtev_pid) {
				nkid[i]++;
				break;
			}
		}
		CHECK(i < 2, "events of a third unexpected pid %d (%.16s)",
		    ev->dtev_pid, ev->dtev_comm);
		if (i < 2)
			kppid[i] = ev->dtev_ppid;
	}
	/* Events come per CPU, not in time order: either may be first. */
	CHECK((kppid[0] == t.c_pid && kppid[1] == kids[0]) ||
	    (kppid[1] == t.c_pid && kppid[0] == kids[1]), "pids %d and %d have "
	    "parents %d and %d: not the traced process's child and "
	    "grandchild", kids[0], kids[1], kppid[0], kppid[1]);
	CHECK(nkid[0] == N && nkid[1] == N, "child and grandchild: %zu and "
	    "%zu events, want %d each", nkid[0], nkid[1], N);
	CHECK(dtt_count(&eb, id, o.c_pid) == 0, "outsider: %zu events, "
	    "want 0", dtt_count(&eb, id, o.c_pid));
	CHECK(eb.eb_nev == 3 * N, "%zu events in all, want %d", eb.eb_nev,
	    3 * N);
	dtt_evfree(&eb);

	/* No filter: the outsider is seen again. */
	CHECK_OK(dtt_pids(fd, NULL, 0));
	dtt_child(&o, "dtt-outsider", outsider, NULL);
	CHECK_OK(dtt_record(fd, 1));
	dtt_go(&o);
	CHECK(dtt_wait(&o) == 0, "outsider failed");
	CHECK_OK(dtt_record(fd, 0));
	dtt_drain(fd, &eb);
	CHECK(dtt_count(&eb, id, o.c_pid) == N, "without a filter: %zu "
	    "events, want %d", dtt_count(&eb, id, o.c_pid), N);
	dtt_evfree(&eb);
	close(fd);
	return dtt_done();
}
