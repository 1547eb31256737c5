/*
 * mmap_ring: the rings read in place through mmap(2) (see dtvar.h):
 * mappings asked wrongly fail with EINVAL; each CPU's ring holds only
 * that CPU's events, wraps with pad records that reach the end of the
 * data, and every event is either consumed through the mapping or
 * counted as dropped; read(2) then finds nothing left; DTIOCSETBUFSIZE
 * is refused while a ring is mapped; unmapping while recording leaves
 * read(2) working.
 *
 * Whether a ring wraps while its reader keeps up is timing under free
 * running children (an RT kernel under TCG may starve the reader until
 * every ring is full, and a full ring drops rather than wraps), so the
 * wrap is also forced in lock-step: a child on CPU 0 makes batches too
 * small to fill the ring, each consumed before the next, until more
 * than the ring's size went through it.
 */

#define _GNU_SOURCE

#include <sys/mman.h>
#include <sys/wait.h>

#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtt.h"

#define RINGSZ		(64U * 1024)
#define NCALLS		5000
#define BATCH		64	/* calls: well under a ring of events */
#define MAXCPU		64

struct mring {
	struct dt_mmctl	*ctl;
	const char	*data;
};

static uint32_t probe;

/* Lock-step batches: one byte on go starts a batch, one on done ends it. */
static void
batches(int cpu, int go, int done)
{
	char c;

	dtt_pin(cpu);
	while (read(go, &c, 1) == 1) {
		for (int i = 0; i < BATCH; i++)
			getppid();
		if (write(done, &c, 1) != 1)
			break;
	}
	_exit(0);
}

static int
map_ring(int fd, int cpu, struct mring *m, size_t size)
{
	m->ctl = mmap(NULL, getpagesize(), PROT_READ | PROT_WRITE, MAP_SHARED,
	    fd, DTMMAP_CTL(cpu));
	m->data = mmap(NULL, size, PROT_READ, MAP_SHARED, fd,
	    DTMMAP_DATA(cpu));
	return m->ctl != MAP_FAILED && m->data != MAP_FAILED;
}

static void
unmap_ring(struct mring *m, size_t size)
{
	CHECK_OK(munmap(m->ctl, getpagesize()));
	CHECK_OK(munmap((void *)m->data, size));
}

/*
 * Consume what cpu's ring holds; count the events of each child and
 * the pad records, checking every record where it lies.
 */
static size_t
consume(struct mring *m, int cpu, const pid_t *pids, size_t *counts,
    int npids, size_t *npad)
{
	uint64_t head, tail;
	uint32_t size = m->ctl->dtmc_size, off;
	const struct dt_evt *ev;
	size_t n = 0;
	int i;

	head = __atomic_load_n(&m->ctl->dtmc_head, __ATOMIC_ACQUIRE);
	tail = m->ctl->dtmc_tail;
	while (tail != head) {
		off = tail & (size - 1);
		ev = (const struct dt_evt *)(m->data + off);
		if (ev->dtev_len < 8 || ev->dtev_len % 8 != 0 ||
		    ev->dtev_len > size - off || ev->dtev_len > head - tail) {
			dtt_fail(__FILE__, __LINE__, "cpu %d offset %u: "
			    "length %u", cpu, off, ev->dtev_len);
			_exit(dtt_done());
		}
		if (ev->dtev_pbn == 0) {
			CHECK(off + ev->dtev_len == size, "cpu %d: pad record "
			    "at %u of %u bytes short of the end", cpu, off,
			    ev->dtev_len);
			(*npad)++;
		} else {
			CHECK(ev->dtev_pbn == probe && ev->dtev_cpu ==
			    (uint32_t)cpu, "cpu %d: event of probe %u cpu %u",
			    cpu, ev->dtev_pbn, ev->dtev_cpu);
			for (i = 0; i < npids; i++)
				if (ev->dtev_pid == pids[i])
					counts[i]++;
			n++;
		}
		tail += ev->dtev_len;
	}
	__atomic_store_n(&m->ctl->dtmc_tail, tail, __ATOMIC_RELEASE);
	return n;
}

static void
errors(int fd)
{
	struct mring m;
	void *p;

	CHECK_ERRNO(mmap(NULL, RINGSZ, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
	    DTMMAP_DATA(0)) == MAP_FAILED ? -1 : 0, EINVAL);
	CHECK_ERRNO(mmap(NULL, RINGSZ, PROT_READ | PROT_EXEC, MAP_SHARED, fd,
	    DTMMAP_DATA(0)) == MAP_FAILED ? -1 : 0, EINVAL);
	CHECK_ERRNO(mmap(NULL, getpagesize(), PROT_READ, MAP_SHARED, fd,
	    DTMMAP_CTL(0) + getpagesize()) == MAP_FAILED ? -1 : 0, EINVAL);
	CHECK_ERRNO(mmap(NULL, getpagesize(), PROT_READ, MAP_SHARED, fd,
	    DTMMAP_CTL(1U << 20)) == MAP_FAILED ? -1 : 0, EINVAL);
	CHECK_ERRNO(mmap(NULL, 2 * getpagesize(), PROT_READ, MAP_SHARED, fd,
	    DTMMAP_CTL(0)) == MAP_FAILED ? -1 : 0, EINVAL);
	CHECK_ERRNO(mmap(NULL, RINGSZ + getpagesize(), PROT_READ, MAP_SHARED,
	    fd, DTMMAP_DATA(0)) == MAP_FAILED ? -1 : 0, EINVAL);

	REQUIRE(map_ring(fd, 0, &m, RINGSZ), "mmap cpu 0: %s",
	    dtt_errname(errno));
	CHECK(m.ctl->dtmc_size == RINGSZ, "dtmc_size %u, want %u",
	    m.ctl->dtmc_size, RINGSZ);
	CHECK(m.ctl->dtmc_head == 0 && m.ctl->dtmc_tail == 0,
	    "a new ring: head %llu tail %llu",
	    (unsigned long long)m.ctl->dtmc_head,
	    (unsigned long long)m.ctl->dtmc_tail);
	p = (void *)m.data;
	CHECK_ERRNO(mprotect(p, RINGSZ, PROT_READ | PROT_WRITE), EACCES);
	CHECK_ERRNO(dtt_bufsize(fd, 2 * RINGSZ), EBUSY);
	unmap_ring(&m, RINGSZ);
	CHECK_OK(dtt_bufsize(fd, RINGSZ));
}

/*
 * Force ring 0 round its end: batches made on CPU 0, each consumed
 * before the next, so nothing is dropped and the ring must wrap with a
 * pad record once more than its size went through.
 */
static void
lockstep(int fd, struct mring *m)
{
	struct dtioc_stat st0, st;
	int go[2], done[2], status, n;
	uint64_t head0;
	size_t npad = 0, counts[1] = { 0 };
	pid_t pid;
	char c = 'g';

	REQUIRE(pipe(go) == 0 && pipe(done) == 0, "pipe: %s",
	    dtt_errname(errno));
	pid = fork();
	REQUIRE(pid >= 0, "fork: %s", dtt_errname(errno));
	if (pid == 0) {
		close(go[1]);
		close(done[0]);
		batches(0, go[0], done[1]);
	}
	close(go[0]);
	close(done[1]);
	CHECK_OK(dtt_stats(fd, &st0));
	REQUIRE(dtt_record(fd, 1) == 0, "DTIOCRECORD: %s",
	    dtt_errname(errno));
	consume(m, 0, &pid, counts, 1, &npad);
	npad = 0;
	head0 = m->ctl->dtmc_head;
	for (n = 0; n < 1000 && m->ctl->dtmc_head - head0 <= 2 * RINGSZ; n++) {
		if (write(go[1], &c, 1) != 1 || read(done[0], &c, 1) != 1)
			break;
		consume(m, 0, &pid, counts, 1, &npad);
	}
	close(go[1]);
	close(done[0]);
	waitpid(pid, &status, 0);
	CHECK_OK(dtt_record(fd, 0));
	consume(m, 0, &pid, counts, 1, &npad);
	CHECK_OK(dtt_stats(fd, &st));
	CHECK(m->ctl->dtmc_head - head0 > RINGSZ, "lock-step: %d batches "
	    "wrote %llu bytes, no more than the ring", n,
	    (unsigned long long)(m->ctl->dtmc_head - head0));
	CHECK(counts[0] == (size_t)n * BATCH, "lock-step: %zu events of "
	    "%d batches of %d", counts[0], n, BATCH);
	CHECK(st.dtst_dropevt == st0.dtst_dropevt, "lock-step: %llu dropped",
	    (unsigned long long)(st.dtst_dropevt - st0.dtst_dropevt));
	CHECK(npad > 0, "lock-step: the ring wrapped without a pad record");
	printf("mmap_ring: lock-step %d batches, %zu events, %zu pads\n", n,
	    counts[0], npad);
}

int
main(void)
{
	struct mring m[MAXCPU];
	struct dtt_child c[MAXCPU];
	pid_t pids[MAXCPU];
	size_t counts[MAXCPU], npad = 0, nev = 0;
	struct dtioc_stat st;
	struct pollfd pfd;
	uint64_t deadline;
	struct dtt_calls cc[MAXCPU];
	int ncpu, fd, i, done;
	char buf[4096];

	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	if (ncpu > MAXCPU)
		ncpu = MAXCPU;
	fd = dtt_open();
	probe = dtt_probe(fd, "syscall", "getppid", "entry");
	CHECK_OK(dtt_enable(fd, probe, DTEVT_EXECNAME));
	CHECK_OK(dtt_bufsize(fd, RINGSZ));
	errors(fd);

	/* Wrap-around, pad records, one ring per CPU, nothing lost. */
	for (i = 0; i < ncpu; i++)
		REQUIRE(map_ring(fd, i, &m[i], RINGSZ), "mmap cpu %d: %s", i,
		    dtt_errname(errno));
	for (i = 0; i < ncpu; i++) {
		cc[i].gc_cpu = i;
		cc[i].gc_n = NCALLS;
		counts[i] = 0;
		dtt_child(&c[i], "dtt-mmap", dtt_getppids, &cc[i]);
		pids[i] = c[i].c_pid;
	}
	REQUIRE(dtt_record(fd, 1) == 0, "DTIOCRECORD: %s",
	    dtt_errname(errno));
	for (i = 0; i < ncpu; i++)
		dtt_go(&c[i]);
	pfd.fd = fd;
	pfd.events = POLLIN;
	deadline = dtt_now() + 30000000000ULL;
	for (done = 0; done < 3 && dtt_now() < deadline;) {
		for (i = 0; i < ncpu; i++)
			nev += consume(&m[i], i, pids, counts, ncpu, &npad);
		if (poll(&pfd, 1, 20) == 0)
			done++;
	}
	for (i = 0; i < ncpu; i++)
		CHECK(dtt_wait(&c[i]) == 0, "child %d failed", i);
	CHECK_OK(dtt_record(fd, 0));
	for (i = 0; i < ncpu; i++)
		nev += consume(&m[i], i, pids, counts, ncpu, &npad);
	CHECK_OK(dtt_stats(fd, &st));
	CHECK(nev + st.dtst_dropevt == (size_t)ncpu * NCALLS, "%zu events "
	    "consumed + %llu dropped, want %d", nev,
	    (unsigned long long)st.dtst_dropevt, ncpu * NCALLS);
	for (i = 0; i < ncpu; i++)
		CHECK(counts[i] > 0, "no event of the child on cpu %d", i);
	CHECK(read(fd, buf, sizeof(buf)) == 0, "read(2) after the mapping "
	    "consumed everything: not end of file");
	printf("mmap_ring: %d cpus, %zu events, %llu dropped, %zu pads\n",
	    ncpu, nev, (unsigned long long)st.dtst_dropevt, npad);
	lockstep(fd, &m[0]);

	/* Unmapping while recording: read(2) goes on. */
	dtt_child(&c[0], "dtt-mmap", dtt_getppids, &cc[0]);
	pids[0] = c[0].c_pid;
	counts[0] = 0;
	REQUIRE(dtt_record(fd, 1) == 0, "DTIOCRECORD: %s",
	    dtt_errname(errno));
	dtt_go(&c[0]);
	consume(&m[0], 0, pids, counts, 1, &npad);
	for (i = 0; i < ncpu; i++)
		unmap_ring(&m[i], RINGSZ);
	CHECK(dtt_wait(&c[0]) == 0, "child failed");
	CHECK_OK(dtt_record(fd, 0));
	{
		struct dtt_evbuf eb;

		dtt_drain(fd, &eb);
		CHECK(counts[0] + dtt_count(&eb, probe, pids[0]) > 0,
		    "no event after unmapping");
		dtt_evfree(&eb);
	}
	CHECK_OK(dtt_bufsize(fd, 2 * RINGSZ));
	close(fd);
	return dtt_done();
}
