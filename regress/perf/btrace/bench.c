/*
 * Cost of evaluating bt(5) rules per event, over synthetic events.
 *
 * Each program is parsed and run exactly as btrace(8) would run it; the
 * figures are nanoseconds per event and the ratio to an empty action
 * measured in the same run, which is the cost of dispatch alone.
 */

#include <sys/queue.h>

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btrace.h"

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

static double
run(const char *text)
{
	struct program prog;
	struct rule *r;
	uint64_t t0, t1;
	size_t i;

	memset(&prog, 0, sizeof(prog));
	if (btparse(text, strlen(text), "bench", &prog) != 0)
		errx(1, "cannot parse: %s", text);
	eval_init(&prog);
	r = TAILQ_FIRST(&prog.rules);
	t0 = now_nsecs();
	for (i = 0; i < NEVENTS; i++)
		rule_eval(r, &events[i % NPOOL]);
	t1 = now_nsecs();
	return (double)(t1 - t0) / NEVENTS;
}

int
main(void)
{
	static const char *progs[] = {
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
	printf("%-64s %8s %8s\n", "program (2M synthetic events)", "ns/evt",
	    "ratio");
	printf("%-64s %8.1f %8.2f\n", "{ } (baseline: dispatch only)", base,
	    1.0);
	for (i = 0; i < sizeof(progs) / sizeof(progs[0]); i++) {
		ns = run(progs[i]);
		printf("%-64.64s %8.1f %8.2f\n", strchr(progs[i], '{'), ns,
		    ns / base);
	}
	return 0;
}
