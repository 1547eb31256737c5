/*
 * module_reload: dt.ko (DT_KO, set by the harness) unloads and loads
 * again in a loop while other processes hammer system calls, each time
 * tracing a little in between; unloading while /dev/dt is open is
 * refused; loading with allowdt=0 gives a device that refuses opens.
 * The module is left loaded with allowdt=1.
 *
 * The hammer runs while the module goes and comes, not while probes are
 * detached at close: under qemu TCG, patching the syscall tracepoint out
 * while another CPU makes system calls can hang the guest whoever does
 * it (tracefs too, without dt.ko), so that race is left to real hosts.
 */

#define _GNU_SOURCE

#include <sys/stat.h>
#include <sys/syscall.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>

#include "dtt.h"

#define LOOPS	10

static const char *ko;

static void
calls(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < 100; i++)
		getppid();
}

static void
trace_a_little(void)
{
	struct dtt_child c;
	struct dtt_evbuf eb;
	uint32_t id;
	int fd;

	fd = dtt_open();
	id = dtt_probe(fd, "syscall", "getppid", "entry");
	CHECK_OK(dtt_enable(fd, id, DTEVT_EXECNAME | DTEVT_KSTACK));
	CHECK_OK(dtt_enable(fd, dtt_probe(fd, "syscall", "openat", "return"),
	    0));
	dtt_child(&c, "dtt-reload", calls, NULL);
	CHECK_OK(dtt_record(fd, 1));
	dtt_go(&c);
	dtt_wait(&c);
	dtt_drain(fd, &eb);
	CHECK(dtt_count(&eb, id, c.c_pid) == 100, "%zu events of 100 calls",
	    dtt_count(&eb, id, c.c_pid));
	dtt_evfree(&eb);
	close(fd);	/* still recording: close must clean up */
}

int
main(void)
{
	pid_t ham;
	int fd, i, e;

	ko = getenv("DT_KO");
	REQUIRE(ko != NULL && *ko != '\0', "DT_KO is not set by the harness");

	/* Refused while open. */
	fd = dtt_open();
	errno = 0;
	CHECK(dtt_unload() == -1 && (errno == EBUSY || errno == EAGAIN),
	    "unload with /dev/dt open: %s, want EBUSY or EAGAIN",
	    errno ? dtt_errname(errno) : "unloaded");
	close(fd);

	for (i = 0; i < LOOPS && dtt_failures == 0; i++) {
		trace_a_little();
		ham = dtt_hammer();
		if (dtt_unload() == -1) {
			e = errno;
			CHECK(0, "loop %d: unload: %s", i, dtt_errname(e));
			dtt_reap(ham);
			break;
		}
		CHECK(dtt_wait_dev(0), "loop %d: %s still there after unload",
		    i, DTT_DEV);
		if (dtt_load(ko, "allowdt=1") != 0) {
			e = errno;
			dtt_reap(ham);
			REQUIRE(0, "loop %d: load %s: %s", i, ko,
			    dtt_errname(e));
		}
		CHECK(dtt_wait_dev(1), "loop %d: no %s after load", i, DTT_DEV);
		dtt_reap(ham);
	}

	/* The module parameter sets the sysctl. */
	CHECK_OK(dtt_unload());
	dtt_wait_dev(0);
	REQUIRE(dtt_load(ko, "allowdt=0") == 0, "load allowdt=0: %s",
	    dtt_errname(errno));
	dtt_wait_dev(1);
	CHECK(dtt_get_allowdt() == 0, "allowdt reads %d after loading with "
	    "allowdt=0", dtt_get_allowdt());
	CHECK_ERRNO(fd = open(DTT_DEV, O_RDWR), EPERM);
	if (fd != -1)
		close(fd);
	CHECK_OK(dtt_unload());
	dtt_wait_dev(0);
	REQUIRE(dtt_load(ko, "allowdt=1") == 0, "reload allowdt=1: %s",
	    dtt_errname(errno));
	dtt_wait_dev(1);
	CHECK(dtt_get_allowdt() == 1, "allowdt reads %d after loading with "
	    "allowdt=1", dtt_get_allowdt());
	trace_a_little();
	printf("%d unload/load loops\n", i);
	return dtt_done();
}
