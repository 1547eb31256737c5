/*
 * The dt(4) kernel benchmark, run inside the test guest by ./run:
 *
 *   1. ns per getppid() with nothing enabled (the baseline);
 *   2. ns per getppid() with syscall:getppid:entry and :return enabled
 *      and this process draining the events as they come;
 *   3. the sustained rate of events a reader drains before drops begin:
 *      a paced generator on one CPU, the reader on another, the highest
 *      rate without a drop found by bisection (or the generator's top
 *      speed, if the reader keeps up with it);
 *   4. the rate at which the reader alone empties a full backlog (the
 *      generator runs first, into 64 MiB rings, then the reader).
 *
 * Figures are printed with their ratio to the baseline of the same run;
 * nothing is asserted: the timings of an emulated guest mean little
 * alone.  The caller of getppid() is always a child, because dt(4)
 * never records the reading process itself.
 */

#define _GNU_SOURCE

#include <sys/ioctl.h>
#include <sys/wait.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dtvar.h"

#define CALLS	200000		/* getppid() calls per timed loop */
#define REPS	3		/* timed loops; the best one counts */
#define RDBUF	(4 * 1024 * 1024)

static char *rdbuf;
static int ncpu;

static uint64_t
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void
pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu % ncpu, &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/* The child's side: best ns per call of REPS loops of CALLS calls. */
static void
timed_calls(int out)
{
	double best = 1e30, ns;
	uint64_t t0;
	int r, i;

	for (i = 0; i < CALLS / 10; i++)	/* warm up */
		getppid();
	for (r = 0; r < REPS; r++) {
		t0 = now();
		for (i = 0; i < CALLS; i++)
			getppid();
		ns = (double)(now() - t0) / CALLS;
		if (ns < best)
			best = ns;
	}
	if (write(out, &best, sizeof(best)) != sizeof(best))
		_exit(1);
}

/*
 * The child's side of the drain test: getppid() at rate calls per
 * second, in 1 ms bursts, for ms milliseconds; rate 0 is flat out.
 * Reports how many calls it made.
 */
static void
paced_calls(int out, double rate, unsigned int ms)
{
	uint64_t start = now(), end = start + (uint64_t)ms * 1000000, t;
	uint64_t done = 0, due;

	while ((t = now()) < end) {
		due = rate > 0 ? (uint64_t)((t - start) * rate / 1e9) + 1 :
		    done + 1000;
		while (done < due) {
			getppid();
			done++;
		}
	}
	if (write(out, &done, sizeof(done)) != sizeof(done))
		_exit(1);
}

struct job {
	pid_t	pid;
	int	out;		/* read end of the child's result pipe */
};

static void
start(struct job *j, int cpu, int go, void (*fn)(int, double, unsigned int),
    double rate, unsigned int ms)
{
	int p[2];
	char b;

	if (pipe(p) == -1)
		err(1, "pipe");
	if ((j->pid = fork()) == -1)
		err(1, "fork");
	if (j->pid == 0) {
		close(p[0]);
		pin(cpu);
		if (read(go, &b, 1) != 1)
			_exit(1);
		fn(p[1], rate, ms);
		_exit(0);
	}
	close(p[1]);
	j->out = p[0];
}

static void
timed_fn(int out, double rate, unsigned int ms)
{
	(void)rate;
	(void)ms;
	timed_calls(out);
}

/*
 * Run fn in a child on CPU 1 while this process, on CPU 0, drains fd
 * (if fd != -1) until the child is done.  Returns the events read.
 */
static uint64_t
run(int fd, void (*fn)(int, double, unsigned int), double rate,
    unsigned int ms, void *res, size_t ressz)
{
	struct pollfd pfd[2];
	struct job j;
	uint64_t nev = 0;
	int go[2], on = 1, off = 0;
	ssize_t r;

	if (pipe(go) == -1)
		err(1, "pipe");
	start(&j, 1, go[0], fn, rate, ms);
	close(go[0]);
	if (fd != -1 && ioctl(fd, DTIOCRECORD, &on) == -1)
		err(1, "DTIOCRECORD");
	if (write(go[1], "g", 1) != 1)
		err(1, "write");
	close(go[1]);
	pfd[0].fd = j.out;
	pfd[0].events = POLLIN;
	pfd[1].fd = fd;
	pfd[1].events = POLLIN;
	for (;;) {
		if (poll(pfd, fd != -1 ? 2 : 1, -1) == -1 && errno != EINTR)
			err(1, "poll");
		if (fd != -1 && (pfd[1].revents & POLLIN)) {
			r = read(fd, rdbuf, RDBUF);
			if (r == -1 && errno != EAGAIN && errno != EINTR)
				err(1, "read /dev/dt");
			for (ssize_t o = 0; r > 0 && o < r;
			    o += ((struct dt_evt *)(rdbuf + o))->dtev_len)
				nev++;
		}
		if (pfd[0].revents & (POLLIN | POLLHUP))
			break;
	}
	if (read(j.out, res, ressz) != (ssize_t)ressz)
		errx(1, "the calling child failed");
	close(j.out);
	waitpid(j.pid, NULL, 0);
	if (fd != -1) {
		if (ioctl(fd, DTIOCRECORD, &off) == -1)
			err(1, "DTIOCRECORD");
		while ((r = read(fd, rdbuf, RDBUF)) > 0)
			for (ssize_t o = 0; o < r;
			    o += ((struct dt_evt *)(rdbuf + o))->dtev_len)
				nev++;
	}
	return nev;
}

/* The generator flat out for 1 s on CPU 1, nobody reading. */
static uint64_t
run_backlog(int fd, uint64_t *calls)
{
	struct job j;
	int go[2], on = 1, off = 0, fl;

	if (pipe(go) == -1)
		err(1, "pipe");
	start(&j, 1, go[0], paced_calls, 0, 1000);
	close(go[0]);
	if (ioctl(fd, DTIOCRECORD, &on) == -1)
		err(1, "DTIOCRECORD");
	if (write(go[1], "g", 1) != 1)
		err(1, "write");
	close(go[1]);
	if (read(j.out, calls, sizeof(*calls)) != sizeof(*calls))
		errx(1, "the calling child failed");
	close(j.out);
	waitpid(j.pid, NULL, 0);
	if (ioctl(fd, DTIOCRECORD, &off) == -1)
		err(1, "DTIOCRECORD");
	fl = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	return *calls;
}

static uint32_t
probe(int fd, const char *func, const char *name)
{
	struct dtioc_probe pr = { 0, 0 };
	struct dtioc_probe_info *pi;
	uint32_t id = 0;
	size_t i;

	if (ioctl(fd, DTIOCGPLIST, &pr) == -1)
		err(1, "DTIOCGPLIST");
	if ((pi = malloc(pr.dtpr_size)) == NULL)
		err(1, NULL);
	pr.dtpr_probes = (uintptr_t)pi;
	if (ioctl(fd, DTIOCGPLIST, &pr) == -1)
		err(1, "DTIOCGPLIST");
	for (i = 0; i < pr.dtpr_size / sizeof(*pi); i++)
		if (strcmp(pi[i].dtpi_prov, "syscall") == 0 &&
		    strcmp(pi[i].dtpi_func, func) == 0 &&
		    strcmp(pi[i].dtpi_name, name) == 0)
			id = pi[i].dtpi_pbn;
	free(pi);
	if (id == 0)
		errx(1, "no probe syscall:%s:%s", func, name);
	return id;
}

static void
enable(int fd, uint32_t id)
{
	struct dtioc_req rq;

	memset(&rq, 0, sizeof(rq));
	rq.dtrq_pbn = id;
	rq.dtrq_flags = DTEVT_EXECNAME;
	if (ioctl(fd, DTIOCPRBENABLE, &rq) == -1)
		err(1, "DTIOCPRBENABLE");
}

static uint64_t
drops(int fd)
{
	struct dtioc_stat st;

	if (ioctl(fd, DTIOCGSTATS, &st) == -1)
		err(1, "DTIOCGSTATS");
	return st.dtst_dropevt;
}

int
main(void)
{
	double base, traced, maxrate, lo, hi, mid, rate;
	uint64_t nev, d0, d1, calls;
	int fd, i;

	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	if ((rdbuf = malloc(RDBUF)) == NULL)
		err(1, NULL);
	pin(0);
	printf("dt(4) benchmark: %d CPUs, %d calls per loop, best of %d\n",
	    ncpu, CALLS, REPS);

	run(-1, timed_fn, 0, 0, &base, sizeof(base));
	printf("getppid, nothing enabled:          %8.1f ns/call  1.00x\n",
	    base);

	if ((fd = open("/dev/dt", O_RDWR)) == -1)
		err(1, "/dev/dt");
	enable(fd, probe(fd, "getppid", "entry"));
	enable(fd, probe(fd, "getppid", "return"));
	d0 = drops(fd);
	nev = run(fd, timed_fn, 0, 0, &traced, sizeof(traced));
	d1 = drops(fd);
	printf("getppid, entry+return, drained:    %8.1f ns/call  %.2fx"
	    "  (%llu events, %llu dropped)\n", traced, traced / base,
	    (unsigned long long)nev, (unsigned long long)(d1 - d0));
	printf("  cost of the two probes:          %8.1f ns/call\n",
	    traced - base);
	close(fd);

	/* Drain rate: entry probe only, one event per call. */
	if ((fd = open("/dev/dt", O_RDWR)) == -1)
		err(1, "/dev/dt");
	enable(fd, probe(fd, "getppid", "entry"));
	d0 = drops(fd);
	nev = run(fd, paced_calls, 0, 1000, &calls, sizeof(calls));
	d1 = drops(fd);
	maxrate = calls;
	printf("flat-out generator, 1 s:           %8.0f calls/s, %llu "
	    "events read, %llu dropped\n", maxrate,
	    (unsigned long long)nev, (unsigned long long)(d1 - d0));
	if (d1 == d0) {
		printf("sustained drain rate:              >= %.0f events/s "
		    "(no drop at the generator's top speed)  %.2fx the "
		    "untraced call rate\n", maxrate, maxrate * base / 1e9);
	} else {
		lo = 0;
		hi = maxrate;
		for (i = 0; i < 6; i++) {
			mid = (lo + hi) / 2;
			d0 = drops(fd);
			run(fd, paced_calls, mid, 500, &calls, sizeof(calls));
			d1 = drops(fd);
			rate = calls / 0.5;
			printf("  paced at %8.0f events/s: %llu dropped\n",
			    rate, (unsigned long long)(d1 - d0));
			if (d1 == d0)
				lo = mid;
			else
				hi = mid;
		}
		printf("sustained drain rate:              ~%.0f events/s "
		    "before drops  %.2fx the untraced call rate\n", lo,
		    lo * base / 1e9);
	}
	close(fd);

	/* Backlog: fill first, then time the reader alone. */
	if ((fd = open("/dev/dt", O_RDWR)) == -1)
		err(1, "/dev/dt");
	{
		struct dtioc_bufsize bs = { DTMAXBUFSIZE, 0 };
		uint64_t t0, t;
		ssize_t r;

		if (ioctl(fd, DTIOCSETBUFSIZE, &bs) == -1)
			err(1, "DTIOCSETBUFSIZE");
		enable(fd, probe(fd, "getppid", "entry"));
		d0 = drops(fd);
		nev = run_backlog(fd, &calls);
		d1 = drops(fd);
		t0 = now();
		nev = 0;
		while ((r = read(fd, rdbuf, RDBUF)) > 0)
			for (ssize_t o = 0; o < r;
			    o += ((struct dt_evt *)(rdbuf + o))->dtev_len)
				nev++;
		t = now() - t0;
		printf("backlog of %llu events (%llu dropped), read alone: "
		    "%8.0f events/s  %.2fx the untraced call rate\n",
		    (unsigned long long)nev, (unsigned long long)(d1 - d0),
		    nev * 1e9 / t, nev * 1e9 / t * base / 1e9);
	}
	close(fd);
	return 0;
}
