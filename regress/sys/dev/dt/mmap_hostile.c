/*
 * mmap_hostile: a consumer writing garbage into its ring's tail (ahead
 * of the head, backwards past the ring, misaligned, backwards into the
 * middle of an event) cannot hurt the kernel: recording goes on, a bad
 * tail counts as a full ring (events dropped and counted), read(2)
 * returns at once whatever the tail, and a good tail written back
 * restores recording.  The kernel log is checked by the suite.
 */

#define _GNU_SOURCE

#include <sys/mman.h>

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "dtt.h"

#define RINGSZ		(64U * 1024)

static void
hammer(void *arg)
{
	(void)arg;
	dtt_pin(0);
	for (;;)
		getppid();
}

int
main(void)
{
	static char buf[1024 * 1024];
	struct dtioc_stat st0, st1;
	struct dt_mmctl *ctl;
	struct dtt_child c;
	uint64_t head, bad[6];
	uint32_t id;
	unsigned int i;
	int fd;

	fd = dtt_open();
	id = dtt_probe(fd, "syscall", "getppid", "entry");
	CHECK_OK(dtt_enable(fd, id, DTEVT_EXECNAME));
	CHECK_OK(dtt_bufsize(fd, RINGSZ));
	ctl = mmap(NULL, getpagesize(), PROT_READ | PROT_WRITE, MAP_SHARED, fd,
	    DTMMAP_CTL(0));
	REQUIRE(ctl != MAP_FAILED, "mmap: %s", dtt_errname(errno));
	CHECK_OK(fcntl(fd, F_SETFL, O_NONBLOCK));
	dtt_child(&c, "dtt-hostile", hammer, NULL);
	REQUIRE(dtt_record(fd, 1) == 0, "DTIOCRECORD: %s",
	    dtt_errname(errno));
	dtt_go(&c);
	dtt_sleep(100);

	for (i = 0; i < 6; i++) {
		head = __atomic_load_n(&ctl->dtmc_head, __ATOMIC_ACQUIRE);
		bad[0] = head + 8;			/* ahead of the head */
		bad[1] = head - 3 * RINGSZ;		/* far behind */
		bad[2] = head - 13;			/* misaligned */
		bad[3] = head >= 16 ? head - 16 : 0;	/* inside an event */
		bad[4] = ~0ULL;
		bad[5] = 0;				/* back to the start */
		CHECK_OK(dtt_stats(fd, &st0));
		__atomic_store_n(&ctl->dtmc_tail, bad[i], __ATOMIC_RELEASE);
		dtt_sleep(100);
		CHECK_OK(dtt_stats(fd, &st1));
		if (i != 3 && head >= 2 * RINGSZ)
			CHECK(st1.dtst_dropevt > st0.dtst_dropevt, "tail "
			    "%#llx (head %#llx): no drop counted",
			    (unsigned long long)bad[i],
			    (unsigned long long)head);
		/* read(2) returns at once, whatever it makes of the tail. */
		while (read(fd, buf, sizeof(buf)) > 0)
			continue;
		CHECK(errno == EAGAIN, "read: %s", dtt_errname(errno));
	}

	/* A good tail again: events flow, no drops. */
	head = __atomic_load_n(&ctl->dtmc_head, __ATOMIC_ACQUIRE);
	__atomic_store_n(&ctl->dtmc_tail, head, __ATOMIC_RELEASE);
	dtt_sleep(20);
	while (read(fd, buf, sizeof(buf)) > 0)
		continue;
	dtt_sleep(20);
	CHECK(__atomic_load_n(&ctl->dtmc_head, __ATOMIC_ACQUIRE) != head,
	    "no event after the tail was set right");
	CHECK(read(fd, buf, sizeof(buf)) > 0, "read(2) after the tail was "
	    "set right: %s", dtt_errname(errno));

	kill(c.c_pid, SIGKILL);
	waitpid(c.c_pid, NULL, 0);
	CHECK_OK(dtt_record(fd, 0));
	CHECK_OK(munmap(ctl, getpagesize()));
	close(fd);
	return dtt_done();
}
