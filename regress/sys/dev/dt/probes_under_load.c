/*
 * Kernel function globs and counters removed under load: while two
 * processes hammer system calls (and so vfs_*, do_sys_* and the page
 * fault path), kprobe:vfs_*:entry, kprobe:do_sys_*:entry and
 * software:cpu-clock:100000 are enabled, recorded, disabled and their
 * descriptor closed, over and over; each round must see events, and the
 * kernel log must stay clean (dt/kernel_log): no handler runs after its
 * probe was detached and freed.
 */

#define _GNU_SOURCE

#include <sys/ioctl.h>

#include <stdio.h>
#include <unistd.h>

#include "dtt.h"

#define ROUNDS	6	/* a round takes 5 s or more on RT under TCG */

int
main(void)
{
	struct dtt_evbuf eb;
	uint32_t vfs, sys, clk;
	pid_t h1, h2;
	int fd, r, nzero = 0;
	size_t n, total = 0;
	uint64_t t0;

	h1 = dtt_hammer();
	h2 = dtt_hammer();
	for (r = 0; r < ROUNDS; r++) {
		t0 = dtt_now();
		fd = dtt_open();
		vfs = dtt_probe_create(fd, "kprobe", "vfs_*", "entry");
		sys = dtt_probe_create(fd, "kprobe", "do_sys_*", "entry");
		clk = dtt_probe_create(fd, "software", "cpu-clock", "100000");
		CHECK_OK(dtt_enable(fd, vfs, DTEVT_FUNCARGS | DTEVT_KSTACK));
		CHECK_OK(dtt_enable(fd, sys, DTEVT_FUNCARGS));
		CHECK_OK(dtt_enable(fd, clk, DTEVT_KSTACK));
		CHECK_OK(dtt_record(fd, 1));
		dtt_sleep(30);
		if (r % 2 == 0) {
			/* Stopped, drained and disabled; else closed as is. */
			CHECK_OK(dtt_record(fd, 0));
			dtt_drain(fd, &eb);
			n = dtt_count(&eb, vfs, 0) + dtt_count(&eb, sys, 0);
			total += n;
			if (n == 0)
				nzero++;
			dtt_evfree(&eb);
			CHECK_OK(dtt_disable(fd, vfs));
			CHECK_OK(dtt_disable(fd, sys));
			CHECK_OK(dtt_disable(fd, clk));
		}
		close(fd);
		printf("\tround %d: %llu ms\n", r,
		    (unsigned long long)(dtt_now() - t0) / 1000000);
		fflush(stdout);
	}
	dtt_reap(h1);
	dtt_reap(h2);
	printf("\t%d rounds, %zu kprobe glob events in the drained ones\n",
	    ROUNDS, total);
	CHECK(nzero == 0, "%d drained rounds without an event", nzero);
	return dtt_done();
}
