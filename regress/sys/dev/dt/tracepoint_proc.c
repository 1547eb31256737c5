/*
 * tracepoint:sched process life cycle: a child forks a grandchild that
 * execs sh -c "exit 3"; sched_process_fork, sched_wakeup_new,
 * sched_process_exec and sched_process_exit must each report it with
 * the right ids, and the exit with its wait status.
 */

#define _GNU_SOURCE

#include <sys/mman.h>
#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dtt.h"

static volatile pid_t *grandchild;

static void
lifecycle(void *arg)
{
	pid_t pid;
	int st;

	(void)arg;
	pid = fork();
	if (pid == -1)
		_exit(2);
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", "exit 3", (char *)NULL);
		_exit(4);
	}
	*grandchild = pid;
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
	    WEXITSTATUS(st) != 3)
		_exit(5);
}

int
main(void)
{
	struct dtt_child c;
	struct dtt_evbuf eb;
	struct dt_evt *ev;
	uint32_t pfork, pnew, pexec, pexit;
	int fd, nfork = 0, nnew = 0, nexec = 0, nexit = 0, ncexit = 0;
	const struct dt_evt_str *es;
	__u64 *a;
	pid_t g;

	grandchild = mmap(NULL, sizeof(*grandchild), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	REQUIRE(grandchild != MAP_FAILED, "mmap: %s", dtt_errname(errno));

	fd = dtt_open();
	pfork = dtt_probe(fd, "tracepoint", "sched", "sched_process_fork");
	pnew = dtt_probe(fd, "tracepoint", "sched", "sched_wakeup_new");
	pexec = dtt_probe(fd, "tracepoint", "sched", "sched_process_exec");
	pexit = dtt_probe(fd, "tracepoint", "sched", "sched_process_exit");
	CHECK_NARGS(fd, pfork, 6);
	CHECK_NARGS(fd, pexit, 5);

	dtt_child(&c, "dtt-proc", lifecycle, NULL);
	dtt_follow(fd, &c);
	/* Strings: fork's child_comm (2), exec's filename (0). */
	CHECK_OK(dtt_enable_str(fd, pfork, DTEVT_FUNCARGS | DTEVT_EXECNAME,
	    1 << 2, 0));
	CHECK_OK(dtt_enable(fd, pnew, DTEVT_FUNCARGS));
	CHECK_OK(dtt_enable_str(fd, pexec, DTEVT_FUNCARGS | DTEVT_EXECNAME,
	    1 << 0, 0));
	CHECK_OK(dtt_enable(fd, pexit, DTEVT_FUNCARGS | DTEVT_EXECNAME));
	dtt_trace(fd, &c, &eb);
	g = *grandchild;
	REQUIRE(g > 0, "no grandchild pid");
	for (ev = dtt_first(&eb); ev != NULL; ev = dtt_next(&eb, ev)) {
		a = dt_evt_args(ev);
		if (ev->dtev_pbn == pfork) {
			/* parent_comm, parent_pid, child_comm, child_pid,
			   parent_tgid, child_tgid */
			CHECK(ev->dtev_nargs == 6, "fork: %u args",
			    ev->dtev_nargs);
			CHECK(ev->dtev_pid == c.c_pid, "fork by pid %d, want "
			    "%d", ev->dtev_pid, c.c_pid);
			CHECK(strcmp(ev->dtev_comm, "dtt-proc") == 0,
			    "fork: comm \"%s\"", ev->dtev_comm);
			CHECK(a[1] == (uint64_t)c.c_pid &&
			    a[4] == (uint64_t)c.c_pid, "fork: parent_pid %llu"
			    " parent_tgid %llu, want %d",
			    (unsigned long long)a[1],
			    (unsigned long long)a[4], c.c_pid);
			CHECK(a[3] == (uint64_t)g && a[5] == (uint64_t)g,
			    "fork: child_pid %llu child_tgid %llu, want %d",
			    (unsigned long long)a[3],
			    (unsigned long long)a[5], g);
			es = dtt_evstr(ev, 2);
			CHECK(es != NULL && es->dtes_flags == 0 &&
			    strcmp(dt_evt_str_text(es), "dtt-proc") == 0,
			    "fork: child_comm string \"%s\" flags %d",
			    es ? dt_evt_str_text(es) : "(none)",
			    es ? es->dtes_flags : -1);
			nfork++;
		} else if (ev->dtev_pbn == pnew) {
			/* comm, pid, prio, target_cpu, tgid */
			if (a[1] == (uint64_t)g) {
				CHECK(a[4] == (uint64_t)g, "wakeup_new: tgid "
				    "%llu", (unsigned long long)a[4]);
				nnew++;
			}
		} else if (ev->dtev_pbn == pexec) {
			/* filename, pid, old_pid, tgid */
			CHECK(ev->dtev_pid == g, "exec by pid %d, want %d",
			    ev->dtev_pid, g);
			CHECK(a[1] == (uint64_t)g && a[2] == (uint64_t)g &&
			    a[3] == (uint64_t)g, "exec: pid %llu old_pid %llu "
			    "tgid %llu, want %d", (unsigned long long)a[1],
			    (unsigned long long)a[2],
			    (unsigned long long)a[3], g);
			CHECK(strcmp(ev->dtev_comm, "sh") == 0,
			    "exec: comm \"%s\", want the new image's \"sh\"",
			    ev->dtev_comm);
			es = dtt_evstr(ev, 0);
			CHECK(es != NULL && es->dtes_flags == 0 &&
			    strcmp(dt_evt_str_text(es), "/bin/sh") == 0,
			    "exec: filename string \"%s\" flags %d",
			    es ? dt_evt_str_text(es) : "(none)",
			    es ? es->dtes_flags : -1);
			nexec++;
		} else if (ev->dtev_pbn == pexit) {
			/* comm, pid, prio, tgid, exit_code */
			if (ev->dtev_pid == g) {
				CHECK(a[1] == (uint64_t)g &&
				    a[3] == (uint64_t)g, "exit: pid %llu "
				    "tgid %llu", (unsigned long long)a[1],
				    (unsigned long long)a[3]);
				CHECK(a[4] == 3 << 8, "exit: exit_code %#llx,"
				    " want %#x", (unsigned long long)a[4],
				    3 << 8);
				nexit++;
			} else if (ev->dtev_pid == c.c_pid) {
				CHECK(a[4] == 0, "child exit_code %#llx",
				    (unsigned long long)a[4]);
				ncexit++;
			}
		}
	}
	CHECK(nfork == 1, "%d sched_process_fork events, want 1", nfork);
	CHECK(nnew == 1, "%d sched_wakeup_new events of %d, want 1", nnew,
	    g);
	CHECK(nexec == 1, "%d sched_process_exec events, want 1", nexec);
	CHECK(nexit == 1, "%d sched_process_exit events of %d, want 1",
	    nexit, g);
	CHECK(ncexit == 1, "%d sched_process_exit events of %d, want 1",
	    ncexit, c.c_pid);
	CHECK_NODROPS(fd);
	dtt_evfree(&eb);
	close(fd);
	return dtt_done();
}
