/*
 * ioctl_uffd: an ioctl whose user buffer faults for a long time (a
 * userfaultfd page nobody serves yet) stalls only its own caller: the
 * probe list (DTIOCGPLIST), the argument list (DTIOCGARGS) and the drop
 * counts (DTIOCGDROPS) hold no global lock while they copy out, so that
 * ioctls of another descriptor go on meanwhile.
 */

#define _GNU_SOURCE

#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include <linux/userfaultfd.h>

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "dtt.h"

static int uffd, fd1, fd2;
static char *area;
static size_t arealen;
static unsigned long stalled;
static union {
	struct dtioc_probe	pr;
	struct dtioc_arg	ar;
	struct dtioc_drops	dd;
} u;
static long sret;
static int serr;
static sem_t other;

static void *
stalling(void *arg)
{
	sret = ioctl(fd1, stalled, &u);
	serr = errno;
	(void)arg;
	return NULL;
}

static void *
another(void *arg)
{
	struct dtioc_clock cl;

	(void)arg;
	CHECK_OK(ioctl(fd2, DTIOCGCLOCK, &cl));
	sem_post(&other);
	return NULL;
}

/* Serve every fault of the area with zero pages until the thread ends. */
static void
serve(pthread_t t)
{
	struct uffdio_zeropage zp;
	struct uffd_msg msg;
	struct pollfd pfd = { .fd = uffd, .events = POLLIN };

	while (pthread_tryjoin_np(t, NULL) != 0) {
		if (poll(&pfd, 1, 100) != 1)
			continue;
		if (read(uffd, &msg, sizeof(msg)) != sizeof(msg) ||
		    msg.event != UFFD_EVENT_PAGEFAULT)
			continue;
		zp.range.start = msg.arg.pagefault.address & ~4095ULL;
		zp.range.len = 4096;
		zp.mode = 0;
		ioctl(uffd, UFFDIO_ZEROPAGE, &zp);
	}
}

/* Fill u for cmd, its buffer in the area. */
static void
setup(unsigned long cmd, uint32_t pbn)
{
	memset(&u, 0, sizeof(u));
	switch (cmd) {
	case DTIOCGPLIST:
		u.pr.dtpr_size = arealen;
		u.pr.dtpr_probes = (uintptr_t)area;
		break;
	case DTIOCGARGS:
		u.ar.dtar_pbn = pbn;
		u.ar.dtar_size = arealen;
		u.ar.dtar_args = (uintptr_t)area;
		break;
	case DTIOCGDROPS:
		/* CPUs into the area; the probes' entries too. */
		u.dd.dtdp_ncpu = arealen / sizeof(struct dtioc_cpustat);
		u.dd.dtdp_nprobe = 1;
		u.dd.dtdp_cpus = (uintptr_t)area;
		u.dd.dtdp_probes = (uintptr_t)area;
		break;
	}
}

static void
one(const char *name, unsigned long cmd, size_t len, uint32_t pbn)
{
	struct uffdio_register reg;
	struct pollfd pfd = { .fd = uffd, .events = POLLIN };
	struct timespec ts;
	pthread_t st, ot;
	int faulted, hung;

	arealen = (len + 4095) & ~4095UL;
	area = mmap(NULL, arealen, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	REQUIRE(area != MAP_FAILED, "mmap: %s", dtt_errname(errno));
	memset(&reg, 0, sizeof(reg));
	reg.range.start = (uintptr_t)area;
	reg.range.len = arealen;
	reg.mode = UFFDIO_REGISTER_MODE_MISSING;
	REQUIRE(ioctl(uffd, UFFDIO_REGISTER, &reg) == 0,
	    "UFFDIO_REGISTER: %s", dtt_errname(errno));
	setup(cmd, pbn);

	stalled = cmd;
	REQUIRE(pthread_create(&st, NULL, stalling, NULL) == 0,
	    "pthread_create");
	faulted = poll(&pfd, 1, 10000) == 1;
	CHECK(faulted, "%s: its copy-out never faulted on the area", name);
	REQUIRE(pthread_create(&ot, NULL, another, NULL) == 0,
	    "pthread_create");
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 5;
	hung = sem_timedwait(&other, &ts) == -1;
	CHECK(!hung, "%s stalled in a fault: DTIOCGCLOCK on another "
	    "descriptor still waits after 5 s", name);
	serve(st);
	if (hung)
		sem_wait(&other);
	pthread_join(ot, NULL);
	CHECK(sret == 0, "%s: %s once the fault was served", name,
	    dtt_errname(serr));
	munmap(area, arealen);
}

int
main(void)
{
	struct uffdio_api api;
	struct dtioc_probe pr;
	uint32_t id;
	long ncpu;

	uffd = syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	REQUIRE(uffd != -1, "userfaultfd: %s", dtt_errname(errno));
	memset(&api, 0, sizeof(api));
	api.api = UFFD_API;
	REQUIRE(ioctl(uffd, UFFDIO_API, &api) == 0, "UFFDIO_API: %s",
	    dtt_errname(errno));
	sem_init(&other, 0, 0);
	fd1 = dtt_open();
	fd2 = dtt_open();

	memset(&pr, 0, sizeof(pr));
	REQUIRE(ioctl(fd1, DTIOCGPLIST, &pr) == 0, "DTIOCGPLIST: %s",
	    dtt_errname(errno));
	one("DTIOCGPLIST", DTIOCGPLIST, pr.dtpr_size, 0);

	id = dtt_probe(fd1, "syscall", "openat", "entry");
	one("DTIOCGARGS", DTIOCGARGS, 4 * sizeof(struct dtioc_arg_info), id);

	CHECK_OK(dtt_enable(fd1, id, 0));
	ncpu = sysconf(_SC_NPROCESSORS_CONF);
	one("DTIOCGDROPS", DTIOCGDROPS, ncpu * sizeof(struct dtioc_cpustat),
	    0);
	close(fd1);
	close(fd2);
	return dtt_done();
}
