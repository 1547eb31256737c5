/*
 * stress_rounds: 100 rounds of open, enable (syscall entry and return
 * with strings and stacks, profile), record, read some, disable and
 * close, while other processes hammer system calls on every CPU.
 * Every round must succeed and read sane records; the kernel log is
 * checked by the runner.
 *
 * A holder descriptor keeps the syscall probes attached for the whole
 * run, so the rounds add and remove enablings on live probes rather than
 * patch the kernel's syscall tracepoint in and out: under qemu TCG,
 * patching it while another CPU makes system calls can hang the guest
 * whoever does it (tracefs too, without dt.ko loaded).
 */

#define _GNU_SOURCE

#include <stdio.h>

#include "dtt.h"

#define ROUNDS	100
#define MAXCPU	16

int
main(void)
{
	pid_t ham[MAXCPU];
	uint32_t id[5];
	struct dtt_evbuf eb;
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	size_t total = 0;
	int fd, holder, i, r, k;

	if (ncpu > MAXCPU)
		ncpu = MAXCPU;
	fd = dtt_open();
	id[0] = dtt_probe(fd, "syscall", "getppid", "entry");
	id[1] = dtt_probe(fd, "syscall", "getppid", "return");
	id[2] = dtt_probe(fd, "syscall", "openat", "entry");
	id[3] = dtt_probe(fd, "syscall", "openat", "return");
	id[4] = dtt_probe_any(fd, "profile", "hz");
	close(fd);
	holder = dtt_open();
	for (k = 0; k < 4; k++)
		CHECK_OK(dtt_enable(holder, id[k], 0));

	for (i = 0; i < ncpu; i++)
		ham[i] = dtt_hammer();
	for (r = 0; r < ROUNDS && dtt_failures < 10; r++) {
		fd = dtt_open();
		if (r % 2)
			CHECK_OK(dtt_bufsize(fd, DTMINBUFSIZE));
		CHECK_OK(dtt_enable(fd, id[0], DTEVT_EXECNAME |
		    DTEVT_KSTACK | DTEVT_USTACK));
		CHECK_OK(dtt_enable(fd, id[1], DTEVT_EXECNAME));
		CHECK_OK(dtt_enable_str(fd, id[2], DTEVT_FUNCARGS, 1U << 1,
		    r % 3 ? 0 : 16));
		CHECK_OK(dtt_enable(fd, id[3], 0));
		CHECK_OK(dtt_enable_period(fd, id[4], DTEVT_KSTACK,
		    1000000));
		CHECK_OK(dtt_record(fd, 1));
		if (r % 4 != 3) {
			dtt_sleep(5);
			dtt_drain(fd, &eb);
			total += eb.eb_nev;
			dtt_evfree(&eb);
		}
		/* Some rounds stop and disable first, others just close. */
		if (r % 2 == 0) {
			CHECK_OK(dtt_record(fd, 0));
			for (k = 0; k < 5; k++)
				CHECK_OK(dtt_disable(fd, id[k]));
		}
		close(fd);
	}
	for (i = 0; i < ncpu; i++)
		dtt_reap(ham[i]);
	close(holder);
	printf("%d rounds, %zu events read\n", r, total);
	CHECK(r == ROUNDS, "stopped after %d rounds", r);
	CHECK(total > 0, "no events read in %d rounds", r);
	return dtt_done();
}
