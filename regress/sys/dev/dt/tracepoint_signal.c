/*
 * tracepoint:signal: a child sends SIGUSR1 then SIGKILL to a grandchild.
 * signal_generate must name both signals and the target; signal_deliver
 * must run in the grandchild with SIGUSR1 and its handler's address.
 */

#define _GNU_SOURCE

#include <sys/mman.h>
#include <sys/wait.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dtt.h"

static volatile pid_t *grandchild;
static int handled[2];

static void
onusr1(int sig)
{
	(void)sig;
	(void)write(handled[1], "h", 1);
}

static void
signals(void *arg)
{
	int ready[2];
	pid_t pid;
	char b;
	int st;

	(void)arg;
	if (pipe(ready) == -1 || pipe(handled) == -1)
		_exit(2);
	pid = fork();
	if (pid == -1)
		_exit(2);
	if (pid == 0) {
		signal(SIGUSR1, onusr1);
		(void)write(ready[1], "r", 1);
		for (;;)
			pause();
	}
	*grandchild = pid;
	if (read(ready[0], &b, 1) != 1)
		_exit(3);
	if (kill(pid, SIGUSR1) == -1 || read(handled[0], &b, 1) != 1)
		_exit(4);
	if (kill(pid, SIGKILL) == -1)
		_exit(5);
	if (waitpid(pid, &st, 0) != pid || !WIFSIGNALED(st) ||
	    WTERMSIG(st) != SIGKILL)
		_exit(6);
}

int
main(void)
{
	struct dtt_child c;
	struct dtt_evbuf eb;
	struct dt_evt *ev;
	uint32_t pgen, pdel;
	int fd, nusr1 = 0, nkill = 0, ndel = 0;
	const struct dt_evt_str *es;
	__u64 *a;
	pid_t g;

	grandchild = mmap(NULL, sizeof(*grandchild), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	REQUIRE(grandchild != MAP_FAILED, "mmap: %s", dtt_errname(errno));

	fd = dtt_open();
	pgen = dtt_probe(fd, "tracepoint", "signal", "signal_generate");
	pdel = dtt_probe(fd, "tracepoint", "signal", "signal_deliver");
	CHECK_NARGS(fd, pgen, 8);
	CHECK_NARGS(fd, pdel, 5);

	dtt_child(&c, "dtt-signal", signals, NULL);
	dtt_follow(fd, &c);
	/* The target's comm, argument 3, as a string. */
	CHECK_OK(dtt_enable_str(fd, pgen, DTEVT_FUNCARGS, 1 << 3, 0));
	CHECK_OK(dtt_enable(fd, pdel, DTEVT_FUNCARGS));
	dtt_trace(fd, &c, &eb);
	g = *grandchild;
	REQUIRE(g > 0, "no grandchild pid");
	for (ev = dtt_first(&eb); ev != NULL; ev = dtt_next(&eb, ev)) {
		a = dt_evt_args(ev);
		if (ev->dtev_pbn == pgen && a[4] == (uint64_t)g) {
			/* sig, errno, code, comm, pid, group, result, tgid */
			CHECK(ev->dtev_pid == c.c_pid, "generate by %d, want "
			    "%d", ev->dtev_pid, c.c_pid);
			CHECK(a[7] == (uint64_t)g, "generate: tgid %llu",
			    (unsigned long long)a[7]);
			CHECK(a[2] == SI_USER, "generate: code %lld, want "
			    "SI_USER", (long long)a[2]);
			CHECK(a[5] == 1, "generate: group %llu, want 1 "
			    "(kill(2) targets the process)",
			    (unsigned long long)a[5]);
			es = dtt_evstr(ev, 3);
			CHECK(es != NULL && es->dtes_flags == 0 &&
			    strcmp(dt_evt_str_text(es), "dtt-signal") == 0,
			    "generate: comm string \"%s\" flags %d",
			    es ? dt_evt_str_text(es) : "(none)",
			    es ? es->dtes_flags : -1);
			if (a[0] == SIGUSR1) {
				CHECK(a[6] == 0, "generate SIGUSR1: result "
				    "%llu, want 0 (delivered)",
				    (unsigned long long)a[6]);
				nusr1++;
			} else if (a[0] == SIGKILL)
				nkill++;
		} else if (ev->dtev_pbn == pdel && ev->dtev_pid == g &&
		    a[0] == SIGUSR1) {
			CHECK(a[2] == SI_USER, "deliver: code %lld",
			    (long long)a[2]);
			CHECK(a[3] == (uintptr_t)onusr1, "deliver: handler "
			    "%#llx, want %p", (unsigned long long)a[3],
			    (void *)onusr1);
			ndel++;
		}
	}
	CHECK(nusr1 == 1, "%d signal_generate SIGUSR1 to %d, want 1", nusr1,
	    g);
	CHECK(nkill == 1, "%d signal_generate SIGKILL to %d, want 1", nkill,
	    g);
	CHECK(ndel == 1, "%d signal_deliver SIGUSR1 in %d, want 1", ndel, g);
	dtt_evfree(&eb);
	close(fd);
	return dtt_done();
}
