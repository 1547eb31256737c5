/*
 * kprobe probes, like uprobe ones, live as long as a descriptor holds
 * them (DTIOCPRBCREATE makes or finds one and holds it, as enabling
 * does): an entry and a return probe and a glob of functions, made on
 * one descriptor, are listed while it is open and still fire after a
 * second descriptor that found them is closed; once the last is closed
 * they are no longer listed, and made again they have new ids.  A
 * trace event, which is the kernel's and not made here, stays.
 */

#define _GNU_SOURCE

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dtt.h"

#define NCALLS	5
#define NPROBES	3

static const char *const funcs[NPROBES][2] = {
	{ "do_getpgid", "entry" },
	{ "do_getpgid", "return" },
	{ "__x64_sys_getpgi*", "entry" },
};

static void
calls(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < NCALLS; i++)
		if (getpgid(0) == -1)
			_exit(2);
	_exit(0);
}

int
main(void)
{
	uint32_t ids[NPROBES], again, tp;
	size_t n;
	int a, b, i;

	a = dtt_open();
	b = dtt_open();
	for (i = 0; i < NPROBES; i++) {
		ids[i] = dtt_create(a, "kprobe", funcs[i][0], funcs[i][1]);
		REQUIRE(ids[i] != 0, "kprobe:%s:%s: %s", funcs[i][0],
		    funcs[i][1], dtt_errname(errno));
		CHECK(dtt_create(b, "kprobe", funcs[i][0], funcs[i][1]) ==
		    ids[i], "kprobe:%s:%s: another probe found", funcs[i][0],
		    funcs[i][1]);
	}
	tp = dtt_probe_create(a, "tracepoint", "sched", "sched_process_exit");
	close(b);
	for (i = 0; i < NPROBES; i++) {
		CHECK(dtt_listed(ids[i]), "kprobe:%s:%s gone while held",
		    funcs[i][0], funcs[i][1]);
		CHECK_OK(dtt_enable(a, ids[i], 0));
	}
	for (i = 0; i < NPROBES; i++) {
		n = dtt_fired(a, ids[i], calls);
		CHECK(n == NCALLS, "kprobe:%s:%s: %zu events, want %d",
		    funcs[i][0], funcs[i][1], n, NCALLS);
		CHECK_OK(dtt_disable(a, ids[i]));
	}
	close(a);
	for (i = 0; i < NPROBES; i++)
		CHECK(!dtt_listed(ids[i]), "kprobe:%s:%s outlives its last "
		    "descriptor", funcs[i][0], funcs[i][1]);
	CHECK(dtt_listed(tp), "the trace event's probe went with a descriptor");

	a = dtt_open();
	for (i = 0; i < NPROBES; i++) {
		again = dtt_create(a, "kprobe", funcs[i][0], funcs[i][1]);
		CHECK(again != 0 && again != ids[i], "kprobe:%s:%s made again: "
		    "id %u, the freed one %u (%s)", funcs[i][0], funcs[i][1],
		    again, ids[i], dtt_errname(errno));
	}
	close(a);
	return dtt_done();
}
