/*
 * syscall_getppid: with syscall:getppid:entry and :return enabled, a
 * child calling getppid() N times yields exactly N entry and N return
 * events, each with the child's pid, tid, ppid, uid, gid, comm, CPU and
 * a timestamp inside the run; returns carry the parent's pid, errno 0.
 * The reading process's own calls are never recorded.
 */

#define _GNU_SOURCE

#include <stdio.h>
#include <string.h>

#include "dtt.h"

#define N	1000
#define COMM	"dtt-getppid"

static struct dtt_calls ppids = { -1, N };

int
main(void)
{
	struct dtt_child c;
	struct dtt_evbuf eb;
	struct dt_evt *ev;
	struct dtioc_stat st;
	uint32_t ent, ret;
	uint64_t t0, t1, last[64] = { 0 }, prev;
	size_t nent = 0, nret = 0, bad = 0;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int fd, i;

	fd = dtt_open();
	ent = dtt_probe(fd, "syscall", "getppid", "entry");
	ret = dtt_probe(fd, "syscall", "getppid", "return");
	CHECK_NARGS(fd, ent, 0);
	CHECK_OK(dtt_enable(fd, ent, DTEVT_EXECNAME | DTEVT_FUNCARGS));
	CHECK_OK(dtt_enable(fd, ret, DTEVT_EXECNAME));

	dtt_child(&c, COMM, dtt_getppids, &ppids);
	t0 = dtt_now();
	CHECK_OK(dtt_record(fd, 1));
	for (i = 0; i < 100; i++)	/* the reader's own: never recorded */
		getppid();
	dtt_go(&c);
	CHECK(dtt_wait(&c) == 0, "child failed");
	CHECK_OK(dtt_record(fd, 0));
	t1 = dtt_now();
	dtt_drain(fd, &eb);

	for (ev = dtt_first(&eb); ev != NULL; ev = dtt_next(&eb, ev)) {
		CHECK(ev->dtev_pid != getpid(), "event of the reading "
		    "process recorded (probe %u)", ev->dtev_pbn);
		if (ev->dtev_pid != c.c_pid)
			continue;
		if (ev->dtev_pbn == ent)
			nent++;
		else if (ev->dtev_pbn == ret)
			nret++;
		else {
			CHECK(0, "event of probe %u, not enabled",
			    ev->dtev_pbn);
			continue;
		}
		prev = last[ev->dtev_cpu % 64];
		if (ev->dtev_tid != c.c_pid || ev->dtev_ppid != getpid() ||
		    ev->dtev_uid != 0 || ev->dtev_gid != 0 ||
		    strcmp(ev->dtev_comm, COMM) != 0 ||
		    (long)ev->dtev_cpu >= ncpu ||
		    ev->dtev_tsp < t0 || ev->dtev_tsp > t1 ||
		    ev->dtev_tsp < prev || ev->dtev_nargs != 0 ||
		    ev->dtev_nkstack != 0 || ev->dtev_nustack != 0 ||
		    ev->dtev_nstrs != 0 ||
		    !(ev->dtev_flags & DTEVT_EXECNAME)) {
			if (bad++ < 5)
				CHECK(0, "bad event: probe %u pid %d tid %d "
				    "ppid %d uid %u gid %u comm \"%.16s\" cpu "
				    "%u tsp %llu (run %llu..%llu, previous on this CPU "
				    "%llu) flags %#x nargs %u", ev->dtev_pbn,
				    ev->dtev_pid, ev->dtev_tid,
				    ev->dtev_ppid, ev->dtev_uid,
				    ev->dtev_gid, ev->dtev_comm,
				    ev->dtev_cpu,
				    (unsigned long long)ev->dtev_tsp,
				    (unsigned long long)t0,
				    (unsigned long long)t1,
				    (unsigned long long)prev,
				    ev->dtev_flags, ev->dtev_nargs);
		}
		last[ev->dtev_cpu % 64] = ev->dtev_tsp;
		if (ev->dtev_pbn == ent) {
			if ((ev->dtev_flags & DTEVT_RETURN) && bad++ < 5)
				CHECK(0, "entry event with DTEVT_RETURN");
		} else if (!(ev->dtev_flags & DTEVT_RETURN) ||
		    ev->dtev_retval != getpid() || ev->dtev_errno != 0) {
			if (bad++ < 5)
				CHECK(0, "return event: flags %#x retval "
				    "%lld errno %d, want DTEVT_RETURN, %d, 0",
				    ev->dtev_flags,
				    (long long)ev->dtev_retval,
				    ev->dtev_errno, (int)getpid());
		}
	}
	CHECK(nent == N, "%zu entry events of the child, want %d", nent, N);
	CHECK(nret == N, "%zu return events of the child, want %d", nret, N);
	CHECK(bad == 0, "%zu bad events", bad);
	CHECK_OK(dtt_stats(fd, &st));
	CHECK(st.dtst_readevt == eb.eb_nev, "stats: %llu read, read(2) "
	    "returned %zu", (unsigned long long)st.dtst_readevt, eb.eb_nev);
	CHECK(st.dtst_dropevt == 0, "stats: %llu dropped",
	    (unsigned long long)st.dtst_dropevt);
	dtt_evfree(&eb);
	close(fd);
	return dtt_done();
}
