/*
 * trace_event_padding: a trace event's events carry only the bytes of
 * its record the enabling asked for (dtrq_recbytes); every other byte
 * reads zero, whatever perf's buffer held there.  sys_enter_openat
 * asked for its flags alone: the common_* fields, the padding after
 * __syscall_nr (where there is some) and the other fields are zero, and the words stop after
 * flags.  net_dev_queue, for a datagram sent over the loopback, asked
 * for its device name (a __data_loc) alone: the location and the string
 * it locates are there, nothing else.  A location running off the array, an unknown DTRB_* value and
 * an array that cannot be read are refused.
 */

#define _GNU_SOURCE

#include <sys/syscall.h>

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dtt.h"

static char path[128];

static void
calls(void *arg)
{
	(void)arg;
	syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
	dtt_udp_loopback();
}

/* Bytes of the event's record outside [lo, hi) and [lo2, hi2) not zero. */
static int
stray(const struct dt_evt *ev, int lo, int hi, int lo2, int hi2)
{
	const unsigned char *rec = (const unsigned char *)dt_evt_args(ev);
	int i, n = 0;

	for (i = 0; i < (int)ev->dtev_nargs * 8; i++)
		if (rec[i] != 0 && !(i >= lo && i < hi) &&
		    !(i >= lo2 && i < hi2)) {
			if (n++ < 4)
				fprintf(stderr, "\tbyte %d is %#x, not asked "
				    "for\n", i, rec[i]);
		}
	return n;
}

int
main(void)
{
	struct dtt_field nr, dfd, flags, fname;
	uint8_t rent[256] = { 0 }, rndq[256] = { 0 }, bad[8];
	struct dtt_evbuf eb;
	struct dtt_child c;
	struct dt_evt *ev;
	uint32_t ent, ndq, loc, v;
	const char *s;
	int fd, nent = 0, nndq = 0;

	snprintf(path, sizeof(path), "/nonexistent/dtt-pad-%d", getpid());
	dtt_lo_up();
	fd = dtt_open();
	ent = dtt_probe_create(fd, "tracepoint", "syscalls", "sys_enter_openat");
	ndq = dtt_probe_create(fd, "tracepoint", "net", "net_dev_queue");
	nr = dtt_tpfield("syscalls/sys_enter_openat", "__syscall_nr");
	dfd = dtt_tpfield("syscalls/sys_enter_openat", "dfd");
	flags = dtt_tpfield("syscalls/sys_enter_openat", "flags");
	fname = dtt_tpfield("net/net_dev_queue", "name");
	REQUIRE(flags.off + flags.size <= 256 && fname.off + 4 <= 256,
	    "fields beyond the first 256 bytes");
	/*
	 * Padding after __syscall_nr where the common fields take 8
	 * bytes (not on RT kernels, whose take 12): checked with the rest.
	 */
	if (nr.off + nr.size == dfd.off)
		fprintf(stderr, "\tno padding after __syscall_nr on this "
		    "kernel: the other bytes are checked\n");

	/* Hostile arrays first. */
	memset(bad, DTRB_SKIP, sizeof(bad));
	bad[6] = DTRB_DATALOC;			/* bytes 6..9 of 8 */
	CHECK_ERRNO(dtt_enable_rec(fd, ent, DTEVT_FUNCARGS, 0, bad, 8),
	    EINVAL);
	bad[6] = DTRB_RELLOC + 1;
	CHECK_ERRNO(dtt_enable_rec(fd, ent, DTEVT_FUNCARGS, 0, bad, 8),
	    EINVAL);
	CHECK_ERRNO(dtt_enable_rec(fd, ent, DTEVT_FUNCARGS, 0,
	    (const uint8_t *)8, 8), EFAULT);
	CHECK_ERRNO(dtt_enable_rec(fd, ent, DTEVT_FUNCARGS, 0, rent,
	    DTMAXRECWORDS * 8 + 1), EINVAL);

	memset(rent + flags.off, DTRB_WANT, flags.size);
	memset(rndq + fname.off, DTRB_WANT, 4);
	rndq[fname.off] = DTRB_DATALOC;
	CHECK_OK(dtt_enable_rec(fd, ent, DTEVT_FUNCARGS, 0, rent,
	    flags.off + flags.size));
	CHECK_OK(dtt_enable_rec(fd, ndq, DTEVT_FUNCARGS, 0, rndq,
	    fname.off + 4));
	dtt_child(&c, "dtt-pad", calls, NULL);
	dtt_trace(fd, &c, &eb);

	for (ev = dtt_first(&eb); ev != NULL; ev = dtt_next(&eb, ev)) {
		if (ev->dtev_pid != c.c_pid)
			continue;
		if (ev->dtev_pbn == ent) {
			memcpy(&v, (const char *)dt_evt_args(ev) + flags.off,
			    sizeof(v));
			CHECK(ev->dtev_nargs == (flags.off + flags.size + 7) /
			    8, "%u words, want up to flags only",
			    ev->dtev_nargs);
			CHECK(v == (O_RDONLY | O_CLOEXEC), "flags %#x", v);
			CHECK(stray(ev, flags.off, flags.off + flags.size,
			    0, 0) == 0, "sys_enter_openat: bytes not asked "
			    "for are not zero");
			nent++;
		} else if (ev->dtev_pbn == ndq) {
			REQUIRE(ev->dtev_nargs * 8 >= fname.off + 4u,
			    "net_dev_queue: %u words", ev->dtev_nargs);
			memcpy(&loc, (const char *)dt_evt_args(ev) +
			    fname.off, sizeof(loc));
			s = (const char *)dt_evt_args(ev) + (loc & 0xffff);
			CHECK((loc & 0xffff) + (loc >> 16) <=
			    ev->dtev_nargs * 8 && strcmp(s, "lo") == 0,
			    "name at %#x is not lo", loc);
			CHECK(stray(ev, fname.off, fname.off + 4,
			    loc & 0xffff, (loc & 0xffff) + (loc >> 16)) == 0,
			    "net_dev_queue: bytes not asked for are "
			    "not zero");
			nndq++;
		}
	}
	CHECK(nent == 1, "%d sys_enter_openat events, want 1", nent);
	CHECK(nndq >= 1, "%d net_dev_queue events, want 1 at least",
	    nndq);
	dtt_evfree(&eb);
	close(fd);
	return dtt_done();
}
