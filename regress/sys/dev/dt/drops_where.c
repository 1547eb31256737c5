/*
 * drops_where: DTIOCGDROPS says where events were lost.  A child pinned
 * to CPU 0 fires getppid entry and return probes into a small ring
 * nobody reads: every drop is on CPU 0, the two probes' drops add up to
 * the total of DTIOCGSTATS, and CPU 0's ring was filled to the brim,
 * which its high-water mark shows.  Bad counts and pointers are refused.
 */

#define _GNU_SOURCE

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "dtt.h"

#define N	20000

static void
calls(void *arg)
{
	int i;

	(void)arg;
	dtt_pin(0);
	for (i = 0; i < N; i++)
		getppid();
}

int
main(void)
{
	struct dtioc_drops dd;
	struct dtioc_cpustat *cs;
	struct dtioc_probestat ps[2];
	struct dtioc_stat st;
	struct dtt_child c;
	struct dtt_evbuf eb;
	uint32_t ient, iret;
	uint64_t sum = 0, cpu0 = 0, others = 0;
	pid_t self = getpid();
	unsigned int i;
	int fd;

	fd = dtt_open();
	CHECK_OK(dtt_bufsize(fd, DTMINBUFSIZE));
	ient = dtt_probe(fd, "syscall", "getppid", "entry");
	iret = dtt_probe(fd, "syscall", "getppid", "return");
	CHECK_OK(dtt_enable(fd, ient, DTEVT_EXECNAME));
	CHECK_OK(dtt_enable(fd, iret, DTEVT_EXECNAME));
	CHECK_OK(dtt_pids(fd, &self, 0));

	memset(&dd, 0, sizeof(dd));
	REQUIRE(ioctl(fd, DTIOCGDROPS, &dd) == 0, "DTIOCGDROPS sizes: %s",
	    dtt_errname(errno));
	CHECK(dd.dtdp_nprobe == 2, "%u probes enabled, want 2",
	    dd.dtdp_nprobe);
	REQUIRE(dd.dtdp_ncpu >= 1 && dd.dtdp_ncpu <= 8192, "%u CPUs",
	    dd.dtdp_ncpu);
	cs = calloc(dd.dtdp_ncpu, sizeof(*cs));
	REQUIRE(cs != NULL, "calloc");

	dtt_child(&c, "dtt-where", calls, NULL);
	CHECK_OK(dtt_record(fd, 1));
	dtt_go(&c);
	CHECK(dtt_wait(&c) == 0, "child failed");
	CHECK_OK(dtt_record(fd, 0));
	CHECK_OK(dtt_stats(fd, &st));

	/* Too small a count: ENOSPC, and the counts needed. */
	dd.dtdp_nprobe = 1;
	dd.dtdp_cpus = (uintptr_t)cs;
	dd.dtdp_probes = (uintptr_t)ps;
	CHECK(ioctl(fd, DTIOCGDROPS, &dd) == -1 && errno == ENOSPC,
	    "short probe array: %s", dtt_errname(errno));
	CHECK(dd.dtdp_nprobe == 2, "needed %u probes", dd.dtdp_nprobe);
	/* A bad pointer: EFAULT, no oops. */
	dd.dtdp_nprobe = 2;
	dd.dtdp_probes = 16;
	CHECK(ioctl(fd, DTIOCGDROPS, &dd) == -1 && errno == EFAULT,
	    "bad pointer: %s", dtt_errname(errno));

	dd.dtdp_nprobe = 2;
	dd.dtdp_probes = (uintptr_t)ps;
	REQUIRE(ioctl(fd, DTIOCGDROPS, &dd) == 0, "DTIOCGDROPS: %s",
	    dtt_errname(errno));
	for (i = 0; i < dd.dtdp_nprobe; i++) {
		CHECK(ps[i].dtps_pbn == ient || ps[i].dtps_pbn == iret,
		    "probe %u was not enabled", ps[i].dtps_pbn);
		sum += ps[i].dtps_dropevt;
	}
	for (i = 0; i < dd.dtdp_ncpu; i++) {
		if (i == 0)
			cpu0 = cs[i].dtcs_dropevt + cs[i].dtcs_recurevt;
		else
			others += cs[i].dtcs_dropevt + cs[i].dtcs_recurevt;
		CHECK(cs[i].dtcs_size == 0 || cs[i].dtcs_hiwat <=
		    cs[i].dtcs_size, "cpu%u: high-water %u above size %u", i,
		    cs[i].dtcs_hiwat, cs[i].dtcs_size);
	}
	printf("%llu dropped: %llu on cpu0, %llu elsewhere; cpu0 ring "
	    "held at most %u of %u bytes\n",
	    (unsigned long long)(st.dtst_dropevt + st.dtst_recurevt),
	    (unsigned long long)cpu0, (unsigned long long)others,
	    cs[0].dtcs_hiwat, cs[0].dtcs_size);
	CHECK(st.dtst_dropevt > 0, "no drops in a %u-byte ring",
	    DTMINBUFSIZE);
	CHECK(sum == st.dtst_dropevt + st.dtst_recurevt, "probes: %llu "
	    "dropped, stats: %llu", (unsigned long long)sum,
	    (unsigned long long)(st.dtst_dropevt + st.dtst_recurevt));
	CHECK(cpu0 + others == st.dtst_dropevt + st.dtst_recurevt,
	    "cpus: %llu dropped, stats: %llu",
	    (unsigned long long)(cpu0 + others),
	    (unsigned long long)(st.dtst_dropevt + st.dtst_recurevt));
	CHECK(others == 0, "%llu drops on CPUs the child never ran on",
	    (unsigned long long)others);
	CHECK(cs[0].dtcs_hiwat > cs[0].dtcs_size - 1024,
	    "cpu0 ring held at most %u of %u bytes, yet dropped",
	    cs[0].dtcs_hiwat, cs[0].dtcs_size);

	dtt_drain(fd, &eb);
	dtt_evfree(&eb);
	free(cs);
	close(fd);
	return dtt_done();
}
