/*
 * ioctl_badflags: unknown request flags, the event-only DTEVT_RETURN,
 * non-zero padding or spare fields, too many or too long string copies
 * are EINVAL, for DTIOCPRBENABLE and the other structures with padding;
 * the refused requests leave nothing enabled.
 */

#define _GNU_SOURCE

#include <sys/ioctl.h>

#include <stdio.h>
#include <string.h>

#include "dtt.h"

static int fd;
static uint32_t id;

static void
bad(const char *what, struct dtioc_req *rq)
{
	errno = 0;
	rq->dtrq_pbn = id;
	CHECK(ioctl(fd, DTIOCPRBENABLE, rq) == -1 && errno == EINVAL,
	    "enable with %s: %s, want EINVAL", what,
	    errno ? dtt_errname(errno) : "accepted");
	if (errno == 0)
		dtt_disable(fd, id);
}

int
main(void)
{
	struct dtioc_req rq;
	struct dtioc_pids pf;
	struct dtioc_bufsize bs;
	struct dtioc_arg ar;
	struct dtioc_create cr;
	unsigned int bit;

	fd = dtt_open();
	id = dtt_probe(fd, "syscall", "openat", "entry");

	for (bit = 0; bit < 32; bit++) {
		char what[64];

		if (DTEVT_FLAGS & (1U << bit))
			continue;
		memset(&rq, 0, sizeof(rq));
		rq.dtrq_flags = 1U << bit;
		snprintf(what, sizeof(what), "flag bit %u", bit);
		bad(what, &rq);
	}
	memset(&rq, 0, sizeof(rq));
	rq.dtrq_flags = DTEVT_EXECNAME | DTEVT_RETURN;
	bad("DTEVT_RETURN", &rq);
	memset(&rq, 0, sizeof(rq));
	rq.dtrq_pad = 1;
	bad("dtrq_pad 1", &rq);
	memset(&rq, 0, sizeof(rq));
	rq.dtrq_pad2 = 1;
	bad("dtrq_pad2 1", &rq);
	memset(&rq, 0, sizeof(rq));
	rq.dtrq_pad3 = 1U << 31;
	bad("dtrq_pad3", &rq);
	memset(&rq, 0, sizeof(rq));
	rq.dtrq_recbytes = 1ULL << 63;		/* with no length */
	bad("dtrq_recbytes without dtrq_reclen", &rq);
	memset(&rq, 0, sizeof(rq));
	rq.dtrq_reclen = 8;			/* not a trace event probe */
	rq.dtrq_recbytes = (uintptr_t)&rq;
	bad("dtrq_reclen on a probe without DTPI_RECORD", &rq);
	memset(&rq, 0, sizeof(rq));
	rq.dtrq_strargs = 0x1f;			/* 5 strings */
	bad("5 string arguments", &rq);
	memset(&rq, 0, sizeof(rq));
	rq.dtrq_strargs = 0xffff;
	bad("16 string arguments", &rq);
	memset(&rq, 0, sizeof(rq));
	rq.dtrq_strargs = 1U << 1;
	rq.dtrq_strlen = DTMAXSTRLEN + 1;
	bad("a string length over DTMAXSTRLEN", &rq);
	memset(&rq, 0, sizeof(rq));
	rq.dtrq_strargs = 1U << 1;
	rq.dtrq_strlen = 0xffff;
	bad("string length 65535", &rq);

	/* The good request right next to the bad ones. */
	memset(&rq, 0, sizeof(rq));
	rq.dtrq_pbn = id;
	rq.dtrq_flags = DTEVT_FLAGS;
	rq.dtrq_strargs = 1U << 1;
	rq.dtrq_strlen = DTMAXSTRLEN;
	CHECK_OK(ioctl(fd, DTIOCPRBENABLE, &rq));
	CHECK_OK(dtt_disable(fd, id));

	memset(&pf, 0, sizeof(pf));
	pf.dtpf_npids = 1;
	pf.dtpf_pids[0] = getpid();
	pf.dtpf_pad = 1;
	CHECK_ERRNO(ioctl(fd, DTIOCSETPIDS, &pf), EINVAL);
	memset(&bs, 0, sizeof(bs));
	bs.dtbs_size = DTDEFBUFSIZE;
	bs.dtbs_pad = 1;
	CHECK_ERRNO(ioctl(fd, DTIOCSETBUFSIZE, &bs), EINVAL);
	memset(&ar, 0, sizeof(ar));
	ar.dtar_pbn = id;
	ar.dtar_pad = 1;
	CHECK_ERRNO(ioctl(fd, DTIOCGARGS, &ar), EINVAL);

	/* Names without their NUL. */
	memset(&cr, 'a', sizeof(cr));
	cr.dtcr_pad = 0;
	CHECK_ERRNO(ioctl(fd, DTIOCPRBCREATE, &cr), EINVAL);
	memset(&cr, 0, sizeof(cr));
	strcpy(cr.dtcr_prov, "kprobe");
	strcpy(cr.dtcr_func, "vfs_read");
	strcpy(cr.dtcr_name, "entry");
	cr.dtcr_pad = 1;
	CHECK_ERRNO(ioctl(fd, DTIOCPRBCREATE, &cr), EINVAL);
	memset(&cr, 0, sizeof(cr));
	strcpy(cr.dtcr_prov, "nosuchprovider");
	strcpy(cr.dtcr_func, "vfs_read");
	strcpy(cr.dtcr_name, "entry");
	CHECK_ERRNO(ioctl(fd, DTIOCPRBCREATE, &cr), ENOENT);

	CHECK_ERRNO(dtt_record(fd, 1), ENOENT);
	close(fd);
	return dtt_done();
}
