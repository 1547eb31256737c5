/* SPDX-License-Identifier: ISC */
/*
 * Cost of evaluating bt(5) rules per event, over synthetic events.
 *
 * Each program is parsed and run exactly as btrace(8) would run it.  The
 * first table is the rule alone (nanoseconds per converted event, and
 * the ratio to an empty action, the cost of dispatch alone).  The second
 * is btrace's whole userland path per event: raw dt(4) events as read(2)
 * returns them, two CPUs' runs per batch, put in timestamp order,
 * converted and evaluated (eval_sink), in events per second on one core.
 */

#include <sys/queue.h>

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btrace.h"
#include "desc.h"
#include "event.h"
#include "probes.h"

#define NEVENTS		2000000
#define NPIDS		1000
#define NPOOL		65536	/* distinct events, reused: a ring is hot in cache */

static const char *comms[] = {
	"sshd", "ksh", "make", "cc1", "ld", "sh", "cron", "syslogd",
};

static struct bt_event	*events;

static void
make_events(void)
{
	struct bt_event *e;
	uint64_t x = 88172645463325252ULL;
	size_t i;

	if ((events = calloc(NPOOL, sizeof(*events))) == NULL)
		err(1, NULL);
	for (i = 0; i < NPOOL; i++) {
		e = &events[i];
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		e->ev_probe = "syscall:read:return";
		e->ev_pid = 1000 + x % NPIDS;
		e->ev_tid = e->ev_pid;
		e->ev_cpu = x % 2;
		strncpy(e->ev_comm, comms[(x >> 20) % 8], BT_COMMLEN);
		e->ev_nsecs = i * 1000;
		e->ev_args[0] = (x >> 8) % 65536;
		e->ev_args[1] = x % 4096;
		e->ev_retval = (x >> 16) % 100000;
	}
}

static struct rule *
parse(const char *text)
{
	struct program *prog;

	if ((prog = calloc(1, sizeof(*prog))) == NULL)
		err(1, NULL);
	if (btparse(text, strlen(text), "bench", prog) != 0)
		errx(1, "cannot parse: %s", text);
	eval_init(prog);
	return TAILQ_FIRST(&prog->rules);
}

/*
 * The machine is shared: each figure is the best of REPS runs, the one
 * least disturbed by other work.
 */
#define REPS		5

static double
run(const char *text)
{
	struct rule *r = parse(text);
	uint64_t t0, t1, best = UINT64_MAX;
	size_t i, rep;

	for (rep = 0; rep < REPS; rep++) {
		t0 = now_nsecs();
		for (i = 0; i < NEVENTS; i++)
			rule_eval(r, &events[i % NPOOL]);
		t1 = now_nsecs();
		if (t1 - t0 < best)
			best = t1 - t0;
	}
	return (double)best / NEVENTS;
}

/*
 * Raw batches: BATCH events of 2 CPUs, each CPU's half in time order and
 * the halves overlapping in time, as one read(2) of two rings returns.
 */
#define BATCH		4096
#define NBATCH		(NEVENTS / BATCH)
#define NRAWBATCH	8	/* distinct batches, reused: rings are hot */
#define RAWLEN		(sizeof(struct dt_evt) + 8)	/* header, one arg */
#define NPATHPROBES	8		/* one probe id per program */

static char	*raw;

static void
make_raw(void)
{
	struct dtioc_probe_info pi;
	struct dt_evt *d;
	const struct bt_event *e;
	size_t b, i, c;

	for (b = 1; b <= NPATHPROBES; b++) {
		memset(&pi, 0, sizeof(pi));
		pi.dtpi_pbn = b;
		pi.dtpi_nargs = 1;
		pi.dtpi_flags = DTPI_RETURN;
		strcpy(pi.dtpi_prov, "syscall");
		strcpy(pi.dtpi_func, "read");
		strcpy(pi.dtpi_name, "return");
		probe_set(&pi);
	}
	if ((raw = calloc(NRAWBATCH, BATCH * RAWLEN)) == NULL)
		err(1, NULL);
	for (b = 0; b < NRAWBATCH; b++) {
		for (i = 0; i < BATCH; i++) {
			c = i < BATCH / 2 ? 0 : 1;
			d = (struct dt_evt *)(raw + (b * BATCH + i) * RAWLEN);
			e = &events[(b * BATCH + i) % NPOOL];
			d->dtev_len = RAWLEN;
			d->dtev_pbn = 1;
			d->dtev_cpu = c;
			d->dtev_flags = DTEVT_EXECNAME | DTEVT_RETURN;
			d->dtev_pid = e->ev_pid;
			d->dtev_tid = e->ev_tid;
			d->dtev_tsp = 1000000 + b * BATCH * 10 +
			    (i % (BATCH / 2)) * 20 + c * 7;
			memcpy(d->dtev_comm, e->ev_comm, sizeof(d->dtev_comm));
			d->dtev_comm[sizeof(d->dtev_comm) - 1] = '\0';
			d->dtev_retval = e->ev_retval;
		}
	}
}

/* Nanoseconds per event of the whole path, events of probe id `pbn'. */
static double
run_path(const char *text, uint32_t pbn)
{
	uint64_t t0, t1, best = UINT64_MAX;
	struct seg seg;
	size_t b, rep;

	dispatch_add(pbn, parse(text));
	for (rep = 0; rep < REPS; rep++) {
		t0 = now_nsecs();
		for (b = 0; b < NBATCH; b++) {
			seg.s_buf = raw + (b % NRAWBATCH) * BATCH * RAWLEN;
			seg.s_len = BATCH * RAWLEN;
			if (eval_sink.batch(&seg, 1) != EVAL_OK)
				errx(1, "evaluation stopped: %s", text);
		}
		t1 = now_nsecs();
		if (t1 - t0 < best)
			best = t1 - t0;
	}
	return (double)best / (NBATCH * BATCH);
}

/* Each path program gets a probe id of its own: one rule per probe. */
static void
path_table(void)
{
	static const char *progs[] = {
		"syscall:read:return { }",
		"syscall:read:return { @[comm] = count() }",
		"syscall:read:return { @[comm, pid] = count() }",
		"syscall:read:return { @h = hist(retval) }",
	};
	struct dt_evt *d;
	double ns;
	size_t i, j;

	make_raw();
	printf("\n%-52s %8s %10s\n", "whole path (raw batches of 4096, 2 CPUs)",
	    "ns/evt", "M evt/s/core");
	for (i = 0; i < sizeof(progs) / sizeof(progs[0]); i++) {
		/* A probe id of its own: only this program's rule runs. */
		for (j = 0; j < (size_t)NRAWBATCH * BATCH; j++) {
			d = (struct dt_evt *)(raw + j * RAWLEN);
			d->dtev_pbn = i + 1;
		}
		ns = run_path(progs[i], i + 1);
		printf("%-52.52s %8.1f %10.1f\n", strchr(progs[i], '{'), ns,
		    1000.0 / ns);
	}
}

int
main(void)
{
	static const char *progs[] = {
		"syscall:read:return { @[comm] = count() }",
		"syscall:read:return { @[comm, pid] = count() }",
		"syscall:read:return { @h = hist(arg0) }",
		"syscall:read:return { @h = hist(retval) }",
		"syscall:read:return /pid == 1042/ { @[tid] = sum(arg1) }",
		"syscall:read:return { @s[comm] = stats(retval); "
		    "@m = max(arg0) }",
		"syscall:read:return { @l[comm] = lhist(arg1, 0, 4096, 64) }",
		"syscall:read:return { printf(\"%s[%d] %d\\n\", comm, pid, "
		    "retval) }",
	};
	double base, ns;
	size_t i;

	out_open("/dev/null");	/* written as btrace writes: by line */
	start_nsecs = now_nsecs();
	make_events();

	base = run("syscall:read:return { }");
	printf("%-64s %8s %8s\n", "program (2M synthetic events, best of 5)", "ns/evt",
	    "ratio");
	printf("%-64s %8.1f %8.2f\n", "{ } (baseline: dispatch only)", base,
	    1.0);
	for (i = 0; i < sizeof(progs) / sizeof(progs[0]); i++) {
		ns = run(progs[i]);
		printf("%-64.64s %8.1f %8.2f\n", strchr(progs[i], '{'), ns,
		    ns / base);
	}
	path_table();
	return 0;
}
