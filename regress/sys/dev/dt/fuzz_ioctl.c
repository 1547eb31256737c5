/* SPDX-License-Identifier: ISC */
/*
 * fuzz_ioctl: dt(4) under random use, for FUZZ_SECONDS (default 20) from
 * the seed FUZZ_SEED (default 1): random ioctl numbers and sizes, bad
 * pointers (NULL, unmapped, read-only, kernel, straddling a page end),
 * enable/disable/record sequences on several descriptors and their
 * duplicates, fetch descriptions (random sources, steps, sizes and
 * addresses, DTIOCPRBFETCH), pid filters, ring sizes, reads of every size, forks while
 * tracing (children that use the inherited descriptors), descriptors
 * closed while a thread is blocked reading them, and mappings of the
 * rings (good and bad offsets, lengths and protections, pages read,
 * control pages given garbage and backward tails, unmapped at random).  NWORKERS processes
 * run at once, each from its own seed derived from FUZZ_SEED.
 *
 * It fails if a worker dies of a signal it did not ask for, hangs past
 * the budget, gets an errno dt(4) does not document, reads an event
 * whose layout is wrong, or if the kernel log gains a BUG, WARNING,
 * oops or lockup.  Reproduce with the seed printed first:
 *	FUZZ_SEED=N FUZZ_SECONDS=S sh regress/sys/dev/dt/fuzz/run
 *
 * Under qemu's TCG, patching kernel text that another virtual CPU runs
 * can crash the guest, kprobes or not (see kprobe_loop.c and
 * regress/vm/README).  So a keeper descriptor enables, before the workers
 * start and until they end, every probe the workers may enable that
 * patches text (syscall, tracepoint and kprobe probes): the workers'
 * enablings then only add users to what is attached.  Periodic probes
 * patch nothing and are all fair game, as are uprobes on a file that
 * no process maps.
 */

#define _GNU_SOURCE

#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dtt.h"

#define NWORKERS	3
#define NFD		6	/* descriptors a worker holds at most */
#define NCHILD		6	/* forked children alive at most */
#define NREADERS	3	/* threads blocked in read at most */
#define NSAFE		128
#define BUFSZ		(256 * 1024)

static const char *const bad[] = {
	"WARNING:", "BUG:", "BUG ", "Oops", "general protection",
	"Call Trace", "UBSAN", "KASAN", "soft lockup", "hard LOCKUP",
	"detected stall", "blocked for more than", "corruption",
	"refcount_t:", "Kernel panic", "scheduling while atomic",
	"sleeping function called", "lockdep", "possible recursive locking",
};

/* Probes a worker may enable: periodic ones and those the keeper holds. */
struct safe {
	uint32_t	pbn;
	uint8_t		nargs;
	uint8_t		rate;	/* DTPI_RATE: the enabling gives the period */
	uint8_t		kept;	/* enabled by the keeper */
	uint8_t		record;	/* DTPI_RECORD: enablings give bytes */
};
static struct safe safe[NSAFE];
static size_t nsafe;
static uint32_t maxpbn;

/* Kernel functions the keeper attaches kprobes to. */
static const char *const kfuncs[] = { "do_sys_openat2", "__x64_sys_getppid" };

/* Syscalls and tracepoints the keeper enables, where listed. */
static const char *const keepsys[] = {
	"getppid", "openat", "read", "close", "kill", "clone", "exit_group",
};
static const char *const keeptp[] = {
	"sched_process_fork", "sched_process_exit", "sched_process_exec",
	"signal_generate", "sched_wakeup",
};

static uint64_t rs;		/* this process's random state */
static long pagesz;
static char *good;		/* BUFSZ bytes, read-write */
static char *guardpg;		/* PROT_NONE */
static char *ropg;		/* read-only */
static char *edge;		/* a read-write page followed by guardpg */
static int fds[NFD];
static pid_t kids[NCHILD];
static volatile int nreaders;
static unsigned long nops, nioctl, nok, nevents;

static uint64_t
rnd(void)
{
	/* xorshift64*: small, fast, reproducible from the seed. */
	rs ^= rs >> 12;
	rs ^= rs << 25;
	rs ^= rs >> 27;
	return rs * 2685821657736338717ULL;
}

static uint64_t
rn(uint64_t n)
{
	return n ? rnd() % n : 0;
}

static int
chance(int percent)
{
	return (int)rn(100) < percent;
}

static void
randfill(void *p, size_t len)
{
	unsigned char *c = p;
	size_t i;

	for (i = 0; i < len; i++)
		c[i] = rnd() >> 56;
}

/*
 * An address for len bytes: usually good memory, sometimes not.  Never
 * one where the kernel, writing what the call returns, would overwrite
 * this program: past good and edge are guard pages.
 */
static uint64_t
ptr(size_t len)
{
	if (len > BUFSZ)
		len = BUFSZ;
	switch (chance(85) ? 0 : rn(9)) {
	case 0:	return (uintptr_t)good + rn(BUFSZ - len + 1) / 8 * 8;
	case 1:	return 0;
	case 2:	return 1;
	case 3:	return (uintptr_t)guardpg;
	case 4:	return (uintptr_t)ropg;
	case 5:	/* the end of a good page, running into the guard page */
		return (uintptr_t)edge + pagesz -
		    (rn(len < (size_t)pagesz ? len : (size_t)pagesz) + 1);
	case 6:	return 0xffffffff81000000ULL;	/* kernel text */
	case 7:	return 0x8000000000000000ULL;	/* not canonical */
	default: return ~0ULL - rn(4096);
	}
}

static void *
vptr(size_t len)
{
	return (void *)(uintptr_t)ptr(len);
}

static int
anyfd(void)
{
	int i = rn(NFD);

	if (chance(3))
		return chance(50) ? -1 : 1000;	/* not ours, or no file */
	return fds[i];
}

static uint32_t
anypbn(void)
{
	if (nsafe > 0 && chance(80))
		return safe[rn(nsafe)].pbn;
	switch (rn(4)) {
	case 0:	return 0;
	case 1:	return maxpbn + 1 + rn(10);
	case 2:	return ~0U - rn(4);
	default: return rn(maxpbn + 2);
	}
}

/* Every errno dt(4) and the system calls used may give. */
static int
expected(int e)
{
	switch (e) {
	case EPERM: case ENOENT: case EINTR: case EBADF: case EAGAIN:
	case ENOMEM: case EFAULT: case EBUSY: case EEXIST: case EINVAL:
	case ENOSPC: case ENOTTY: case E2BIG: case ERANGE: case ESRCH:
	case EMSGSIZE: case EOPNOTSUPP: case EACCES:
		return 1;
	}
	return 0;
}

static void
result(const char *what, unsigned long cmd, long r, int e)
{
	nioctl++;
	if (r != -1) {
		nok++;
		return;
	}
	CHECK(expected(e), "%s 0x%lx: unexpected errno %s", what, cmd,
	    dtt_errname(e));
}

static void
doioctl(const char *what, int fd, unsigned long cmd, void *arg)
{
	long r = ioctl(fd, cmd, arg);

	result(what, cmd, r, errno);
}

/* The layout of what read(2) returned: whole, aligned events. */
static void
evcheck(const char *buf, ssize_t n)
{
	const struct dt_evt *ev;
	ssize_t off = 0;

	while (off < n) {
		REQUIRE(n - off >= (ssize_t)sizeof(*ev),
		    "read: %zd bytes left at %zd, less than an event", n - off,
		    off);
		ev = (const struct dt_evt *)(buf + off);
		REQUIRE(ev->dtev_len >= sizeof(*ev) && ev->dtev_len % 8 == 0 &&
		    (ssize_t)ev->dtev_len <= n - off, "read: event at %zd of "
		    "%zd has length %u", off, n, ev->dtev_len);
		off += ev->dtev_len;
		nevents++;
	}
}

/* --- the operations ------------------------------------------------- */

static void
op_open(void)
{
	static const int modes[] = {
		O_RDWR, O_RDWR | O_NONBLOCK, O_RDONLY, O_RDONLY | O_NONBLOCK,
		O_WRONLY,
	};
	int i = rn(NFD);

	if (fds[i] != -1)
		close(fds[i]);
	fds[i] = open(DTT_DEV, modes[rn(5)] | O_CLOEXEC);
	CHECK(fds[i] != -1 || expected(errno), "open: %s",
	    dtt_errname(errno));
}

static void
op_close(void)
{
	int i = rn(NFD);

	if (fds[i] != -1)
		close(fds[i]);
	fds[i] = -1;
}

static void
op_dup(void)
{
	int i = rn(NFD), j = rn(NFD);

	if (i == j || fds[j] == -1)
		return;
	if (fds[i] != -1)
		close(fds[i]);
	fds[i] = fcntl(fds[j], F_DUPFD_CLOEXEC, 0);
}

static void
op_nonblock(void)
{
	int fd = anyfd(), fl;

	if ((fl = fcntl(fd, F_GETFL)) != -1)
		(void)fcntl(fd, F_SETFL, fl ^ O_NONBLOCK);
}

/* Any ioctl number at all, with any argument. */
static void
op_rawioctl(void)
{
	static const unsigned long known[] = {
		DTIOCGPLIST, DTIOCGSTATS, DTIOCRECORD, DTIOCPRBENABLE,
		DTIOCPRBDISABLE, DTIOCGARGS, DTIOCPRBCREATE, DTIOCSETPIDS,
		DTIOCSETBUFSIZE, DTIOCGCLOCK, DTIOCGDROPS, DTIOCSETLOSSLESS,
		DTIOCGWAITS, DTIOCPRBUCREATE, DTIOCPRBFETCH,
#ifdef DTIOCGPROVS
		DTIOCGPROVS,
#endif
	};
	unsigned long cmd;
	size_t size;

	switch (rn(3)) {
	case 0:
		cmd = (uint32_t)rnd();
		break;
	case 1:
		cmd = _IOC(rn(4), chance(80) ? 'D' : rn(256), rn(32),
		    rn(1 << 14));
		break;
	default:	/* a known number with another size or direction */
		cmd = known[rn(sizeof(known) / sizeof(known[0]))];
		if (chance(50))
			cmd = (cmd & ~(_IOC_SIZEMASK << _IOC_SIZESHIFT)) |
			    (rn(1 << 14) << _IOC_SIZESHIFT);
		else
			cmd = (cmd & ~(_IOC_DIRMASK << _IOC_DIRSHIFT)) |
			    (rn(4) << _IOC_DIRSHIFT);
		break;
	}
	size = _IOC_SIZE(cmd);
	randfill(good, size < BUFSZ ? size : BUFSZ);
	doioctl("raw ioctl", anyfd(), cmd, chance(10) ?
	    (void *)(uintptr_t)rnd() : vptr(size));
}

static uint64_t
anysize(uint64_t unit, uint64_t need)
{
	switch (rn(6)) {
	case 0:	return 0;
	case 1:	return need;
	case 2:	return need ? need - 1 : 1;
	case 3:	return unit * rn(8);
	case 4:	return rnd();
	default: return need + unit;
	}
}

static void
op_plist(void)
{
	struct dtioc_probe pr;
	int fd = anyfd();

	memset(&pr, 0, sizeof(pr));
	if (ioctl(fd, DTIOCGPLIST, &pr) == -1 && chance(50))
		return;
	pr.dtpr_size = anysize(sizeof(struct dtioc_probe_info), pr.dtpr_size);
	pr.dtpr_probes = ptr(pr.dtpr_size);
	doioctl("DTIOCGPLIST", fd, DTIOCGPLIST, chance(95) ? (void *)&pr :
	    vptr(sizeof(pr)));
}

static void
op_args(void)
{
	struct dtioc_arg ar;

	memset(&ar, 0, sizeof(ar));
	ar.dtar_pbn = anypbn();
	ar.dtar_size = anysize(sizeof(struct dtioc_arg_info),
	    rn(DTMAXFUNCARGS + 1) * sizeof(struct dtioc_arg_info));
	ar.dtar_args = ptr(ar.dtar_size);
	if (chance(5))
		ar.dtar_pad = rnd();
	doioctl("DTIOCGARGS", anyfd(), DTIOCGARGS, chance(95) ? (void *)&ar :
	    vptr(sizeof(ar)));
}

/*
 * The bytes a trace event enabling wants (dtrq_recbytes): mostly valid
 * DTRB_* values, sometimes any byte, a location running off the end,
 * a length past the bound, or a bad pointer.
 */
static void
recbytes(struct dtioc_req *rq)
{
	unsigned char *b;
	size_t len, i;

	len = chance(90) ? rn(DTMAXRECWORDS * 8 + 1) : (uint16_t)rnd();
	rq->dtrq_reclen = len;
	if (len > DTMAXRECWORDS * 8)
		len = DTMAXRECWORDS * 8;
	b = (unsigned char *)good + rn(BUFSZ - len + 1);
	for (i = 0; i < len; i++)
		b[i] = chance(95) ? rn(DTRB_RELLOC + 1) : rnd() >> 56;
	rq->dtrq_recbytes = chance(90) ? (uintptr_t)b : ptr(len);
	if (chance(3))
		rq->dtrq_reclen = 0;
}

static void
op_enable(void)
{
	static const uint16_t lens[] = { 0, 1, 2, 9, 256, 1024, 1025, 65535 };
	struct dtioc_req rq;
	const struct safe *s = NULL;

	memset(&rq, 0, sizeof(rq));
	if (nsafe > 0 && chance(90)) {
		s = &safe[rn(nsafe)];
		rq.dtrq_pbn = s->pbn;
	} else
		rq.dtrq_pbn = anypbn();
	rq.dtrq_flags = chance(90) ? rn(DTEVT_FLAGS + 1) : (uint32_t)rnd();
	if (s != NULL && s->rate && chance(90))
		rq.dtrq_nsecs = DTMINNSECS * (1 + rn(2000));
	else if (chance(10))
		rq.dtrq_nsecs = chance(50) ? rnd() : DTMINNSECS - 1;
	if (s != NULL && s->nargs > 0 && chance(30)) {
		rq.dtrq_strargs = rn(1U << s->nargs);
		rq.dtrq_strlen = lens[rn(sizeof(lens) / sizeof(lens[0]))];
	} else if (chance(5)) {
		rq.dtrq_strargs = rnd();
	}
	if (chance(3))
		rq.dtrq_pad = rnd();
	if (chance(3))
		rq.dtrq_pad2 = rnd();
	if (chance(3))
		rq.dtrq_pad3 = rnd();
	if ((s != NULL && s->record && chance(70)) || chance(5))
		recbytes(&rq);
	doioctl("DTIOCPRBENABLE", anyfd(), DTIOCPRBENABLE, chance(95) ?
	    (void *)&rq : vptr(sizeof(rq)));
}

static void
op_disable(void)
{
	struct dtioc_req rq;

	memset(&rq, 0, sizeof(rq));
	rq.dtrq_pbn = anypbn();
	doioctl("DTIOCPRBDISABLE", anyfd(), DTIOCPRBDISABLE, chance(95) ?
	    (void *)&rq : vptr(sizeof(rq)));
}

static void
op_record(void)
{
	int on = chance(60) ? 1 : chance(90) ? 0 : (int)rnd();

	doioctl("DTIOCRECORD", anyfd(), DTIOCRECORD, chance(95) ?
	    (void *)&on : vptr(sizeof(on)));
}

static void
name(char *dst, const char *const *pick, size_t npick)
{
	if (chance(80)) {
		strncpy(dst, pick[rn(npick)], DTNAMESIZE - 1);
		return;
	}
	randfill(dst, DTNAMESIZE);	/* maybe unterminated */
	if (chance(50))
		dst[rn(DTNAMESIZE)] = '\0';
}

static void
op_create(void)
{
	/*
	 * Probes that exist or cannot: kprobes only on the functions the
	 * keeper holds (text patching, see above), periodic rates from a
	 * short list so that the probe table does not fill.
	 */
	static const char *const provs[] = {
		"kprobe", "profile", "interval", "syscall", "tracepoint", "",
		"nosuchprov",
	};
	static const char *const funcs[] = {
		"do_sys_openat2", "__x64_sys_getppid", "hz", "ms", "s", "us",
		"no_such_function_at_all", "", "getppid", "sched", "syscalls",
	};
	static const char *const names[] = {
		"entry", "return", "1", "99", "1000", "0", "10001", "00",
		"-1", "", "99999999999999999999", "sched_process_fork",
		"sched_switch", "sys_enter_openat",
	};
	struct dtioc_create cr;
	size_t i;
	long r;

	memset(&cr, 0, sizeof(cr));
	name(cr.dtcr_prov, provs, sizeof(provs) / sizeof(provs[0]));
	name(cr.dtcr_func, funcs, sizeof(funcs) / sizeof(funcs[0]));
	name(cr.dtcr_name, names, sizeof(names) / sizeof(names[0]));
	/* Random names must not be a kprobe on some random function. */
	if (strcmp(cr.dtcr_prov, "kprobe") == 0 &&
	    strcmp(cr.dtcr_func, kfuncs[0]) != 0 &&
	    strcmp(cr.dtcr_func, kfuncs[1]) != 0)
		strcpy(cr.dtcr_func, "no_such_function_at_all");
	if (chance(3))
		cr.dtcr_pad = rnd();
	if (chance(5)) {
		doioctl("DTIOCPRBCREATE", anyfd(), DTIOCPRBCREATE,
		    vptr(sizeof(cr)));
		return;
	}
	r = ioctl(anyfd(), DTIOCPRBCREATE, &cr);
	result("DTIOCPRBCREATE", DTIOCPRBCREATE, r, errno);
	/*
	 * A new periodic or trace event probe is fair game too (here, not
	 * in others).
	 */
	if (r == 0 && nsafe < NSAFE && (strcmp(cr.dtcr_prov, "profile") == 0 ||
	    strcmp(cr.dtcr_prov, "interval") == 0 ||
	    strcmp(cr.dtcr_prov, "tracepoint") == 0)) {
		for (i = 0; i < nsafe; i++)
			if (safe[i].pbn == cr.dtcr_pbn)
				return;
		memset(&safe[nsafe], 0, sizeof(safe[nsafe]));
		safe[nsafe].record = strcmp(cr.dtcr_prov, "tracepoint") == 0;
		safe[nsafe++].pbn = cr.dtcr_pbn;
	}
}

static void
op_pids(void)
{
	struct dtioc_pids pf;
	unsigned int i;

	memset(&pf, 0, sizeof(pf));
	pf.dtpf_npids = chance(90) ? rn(4) : chance(50) ? DTMAXPIDS + 1 :
	    (uint32_t)rnd();
	for (i = 0; i < DTMAXPIDS && i < pf.dtpf_npids; i++) {
		switch (rn(6)) {
		case 0:	pf.dtpf_pids[i] = getpid(); break;
		case 1:	pf.dtpf_pids[i] = 1; break;
		case 2:	pf.dtpf_pids[i] = rnd(); break;
		case 3:	pf.dtpf_pids[i] = chance(50) ? 0 : -1; break;
		default: pf.dtpf_pids[i] = kids[rn(NCHILD)]; break;
		}
	}
	if (chance(3))
		pf.dtpf_pad = rnd();
	doioctl("DTIOCSETPIDS", anyfd(), DTIOCSETPIDS, chance(95) ?
	    (void *)&pf : vptr(sizeof(pf)));
}

static void
op_bufsize(void)
{
	/* Rings stay small: several descriptors per worker on 1 GiB. */
	static const uint32_t sizes[] = {
		0, 1, DTMINBUFSIZE - 1, DTMINBUFSIZE, DTMINBUFSIZE + 1,
		128 * 1024, 256 * 1024, DTDEFBUFSIZE, DTMAXBUFSIZE + 1,
		0x80000000U, 0xffffffffU,
	};
	struct dtioc_bufsize bs;

	memset(&bs, 0, sizeof(bs));
	bs.dtbs_size = sizes[rn(sizeof(sizes) / sizeof(sizes[0]))];
	if (chance(3))
		bs.dtbs_pad = rnd();
	doioctl("DTIOCSETBUFSIZE", anyfd(), DTIOCSETBUFSIZE, chance(95) ?
	    (void *)&bs : vptr(sizeof(bs)));
}

/* Lossless recording with good and bad marks and bounds. */
static void
op_lossless(void)
{
	struct dtioc_lossless ll;
	struct dtioc_waitstat ws;

	if (chance(30)) {
		doioctl("DTIOCGWAITS", anyfd(), DTIOCGWAITS, chance(95) ?
		    (void *)&ws : vptr(sizeof(ws)));
		return;
	}
	memset(&ll, 0, sizeof(ll));
	ll.dtll_on = chance(90) ? rn(2) : rnd();
	ll.dtll_hiwat = chance(50) ? 0 : rn(120);
	ll.dtll_lowat = chance(50) ? 0 : rn(120);
	/* Short bounds: a worker's children must not wait for long. */
	ll.dtll_maxwait = chance(90) ? rn(20000000) : rnd();
	if (chance(3))
		ll.dtll_pad = rnd();
	doioctl("DTIOCSETLOSSLESS", anyfd(), DTIOCSETLOSSLESS, chance(95) ?
	    (void *)&ll : vptr(sizeof(ll)));
}

static void
op_getters(void)
{
	struct dtioc_drops dd;
	int fd = anyfd();

	switch (rn(4)) {
	case 0:
		doioctl("DTIOCGSTATS", fd, DTIOCGSTATS,
		    vptr(sizeof(struct dtioc_stat)));
		break;
	case 1:
		doioctl("DTIOCGCLOCK", fd, DTIOCGCLOCK,
		    vptr(sizeof(struct dtioc_clock)));
		break;
	case 2:
		memset(&dd, 0, sizeof(dd));
		if (ioctl(fd, DTIOCGDROPS, &dd) == -1 && chance(50))
			return;
		dd.dtdp_ncpu = anysize(1, dd.dtdp_ncpu);
		dd.dtdp_nprobe = anysize(1, dd.dtdp_nprobe);
		dd.dtdp_cpus = ptr((uint64_t)(dd.dtdp_ncpu & 0xffff) *
		    sizeof(struct dtioc_cpustat));
		dd.dtdp_probes = ptr((uint64_t)(dd.dtdp_nprobe & 0xffff) *
		    sizeof(struct dtioc_probestat));
		doioctl("DTIOCGDROPS", fd, DTIOCGDROPS, chance(95) ?
		    (void *)&dd : vptr(sizeof(dd)));
		break;
	default:
#ifdef DTIOCGPROVS
		{
			struct dtioc_provs pv;

			memset(&pv, 0, sizeof(pv));
			if (ioctl(fd, DTIOCGPROVS, &pv) == -1 && chance(50))
				return;
			pv.dtvs_size = anysize(sizeof(struct dtioc_prov_info),
			    pv.dtvs_size);
			pv.dtvs_provs = ptr(pv.dtvs_size);
			doioctl("DTIOCGPROVS", fd, DTIOCGPROVS, chance(95) ?
			    (void *)&pv : vptr(sizeof(pv)));
		}
#endif
		break;
	}
}

/* A read that cannot block: on a non-blocking descriptor only. */
static void
op_read(void)
{
	static const size_t sizes[] = { 0, 1, 8, 79, 80, 81, 4096, 65536,
	    BUFSZ };
	int fd = anyfd(), fl;
	size_t size = sizes[rn(sizeof(sizes) / sizeof(sizes[0]))];
	int valid = chance(85);
	ssize_t n;

	if ((fl = fcntl(fd, F_GETFL)) == -1 || !(fl & O_NONBLOCK))
		return;
	n = read(fd, valid ? good : vptr(size), size);
	if (n > 0 && valid)
		evcheck(good, n);
	CHECK(n != -1 || expected(errno), "read %zu: %s", size,
	    dtt_errname(errno));
}

static void
op_poll(void)
{
	struct pollfd p[NFD];
	int i;

	for (i = 0; i < NFD; i++) {
		p[i].fd = fds[i];
		p[i].events = rn(8) & (POLLIN | POLLOUT | POLLPRI);
	}
	(void)poll(p, NFD, rn(5));
}

/*
 * Mappings of the rings (see dtvar.h): good and bad offsets, lengths
 * and protections; consumers that write garbage or backward tails;
 * data read in place; mappings unmapped at random, while recording or
 * after their descriptor is closed.
 */
#define NMAPS	8
static unsigned long nmaps;
static struct {
	void	*m_addr;
	size_t	 m_len;
	int	 m_ctl;		/* a control page, mapped writable */
} maps[NMAPS];

static uint64_t
mmap_offset(int *ctl)
{
	uint64_t cpu = chance(90) ? rn(4) : (chance(50) ? rn(1U << 12) :
	    rnd());

	*ctl = chance(50);
	switch (chance(90) ? 0 : rn(4)) {
	case 0:	return *ctl ? DTMMAP_CTL(cpu) : DTMMAP_DATA(cpu);
	case 1:	return DTMMAP_CTL(cpu) + pagesz * (1 + rn(16));
	case 2:	return DTMMAP_DATA(cpu) + pagesz * (1 + rn(16));
	default: return rnd() & ~(uint64_t)(pagesz - 1);
	}
}

static void
op_mmap(void)
{
	static const size_t lens[] = { 1, 4096, 8192, 65536, 131072,
	    262144, 1048576 };
	int i = rn(NMAPS), ctl, prot;
	uint64_t off = mmap_offset(&ctl);
	size_t len = ctl && chance(80) ? (size_t)pagesz :
	    lens[rn(sizeof(lens) / sizeof(lens[0]))];
	void *m;

	if (maps[i].m_addr != NULL) {
		munmap(maps[i].m_addr, maps[i].m_len);
		maps[i].m_addr = NULL;
	}
	prot = PROT_READ;
	if (ctl && chance(80))
		prot |= PROT_WRITE;
	if (chance(5))
		prot |= chance(50) ? PROT_WRITE : PROT_EXEC;
	m = mmap(NULL, len, prot, chance(90) ? MAP_SHARED : MAP_PRIVATE,
	    anyfd(), off);
	if (m == MAP_FAILED) {
		CHECK(expected(errno) || errno == ENODEV || errno == EOVERFLOW,
		    "mmap %#llx %zu: %s", (unsigned long long)off, len,
		    dtt_errname(errno));
		return;
	}
	nmaps++;
	maps[i].m_addr = m;
	maps[i].m_len = len;
	maps[i].m_ctl = ctl && (prot & PROT_WRITE);
	if (chance(10) && mprotect(m, len, PROT_READ | PROT_WRITE) == 0)
		maps[i].m_ctl = 1;
}

/* Touch a mapping: read every page, or write the tail, hostile. */
static void
op_maptouch(void)
{
	int i = rn(NMAPS);
	volatile const char *p = maps[i].m_addr;
	struct dt_mmctl *mc = maps[i].m_addr;
	uint64_t head, sum = 0;
	size_t off;

	if (p == NULL)
		return;
	if (!maps[i].m_ctl || chance(30)) {
		for (off = 0; off < maps[i].m_len; off += pagesz)
			sum += p[off];
		(void)sum;
		return;
	}
	head = mc->dtmc_head;
	switch (rn(7)) {
	case 0:	mc->dtmc_tail = head; break;
	case 1:	mc->dtmc_tail = head - 8 * (1 + rn(64)); break;
	case 2:	mc->dtmc_tail = head + 8 * rn(64); break;
	case 3:	mc->dtmc_tail = rnd(); break;
	case 4:	mc->dtmc_tail = 0; break;
	case 5:	mc->dtmc_tail = mc->dtmc_tail - rn(1U << 20); break;
	default: randfill(mc, sizeof(*mc)); break;
	}
}

static void *
reader(void *arg)
{
	int fd = (int)(intptr_t)arg;
	char *buf = malloc(65536);
	ssize_t n;

	if (buf != NULL) {
		n = read(fd, buf, 65536);
		if (n > 0)
			evcheck(buf, n);
		free(buf);
	}
	/* Not closed: the number may be another file's by now. */
	__atomic_fetch_sub(&nreaders, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

/*
 * A thread blocks reading one of the descriptors (made blocking) while
 * this thread closes it, mostly at once, or goes on using it.  The read
 * keeps the file alive, so the release runs when it returns: when an
 * event comes, or with the process.
 */
static void
op_blockread(void)
{
	pthread_t t;
	int i = rn(NFD), fl;

	if (fds[i] == -1 || nreaders >= NREADERS)
		return;
	if ((fl = fcntl(fds[i], F_GETFL)) != -1)
		(void)fcntl(fds[i], F_SETFL, fl & ~O_NONBLOCK);
	__atomic_fetch_add(&nreaders, 1, __ATOMIC_SEQ_CST);
	if (pthread_create(&t, NULL, reader, (void *)(intptr_t)fds[i]) != 0) {
		__atomic_fetch_sub(&nreaders, 1, __ATOMIC_SEQ_CST);
		return;
	}
	pthread_detach(t);
	usleep(rn(3000));
	if (chance(70)) {
		close(fds[i]);
		fds[i] = -1;
	}
}

static void op_ioctl(void);

/* What a forked child does: system calls to be traced, and dt(4) use. */
static void
kid(void)
{
	int i, j, n = rn(20), zfd;
	char c;

	prctl(PR_SET_NAME, "dtt-fuzzkid");
	dtt_failures = 0;	/* the worker's own are the worker's to report */
	for (i = 0; i < n; i++) {
		switch (rn(6)) {
		case 0: syscall(SYS_getppid); break;
		case 1: (void)open("/nonexistent/fuzz", O_RDONLY); break;
		case 2:
			if ((zfd = open("/dev/zero", O_RDONLY)) != -1) {
				(void)read(zfd, &c, 1);
				close(zfd);
			}
			break;
		case 3: op_ioctl(); break;	/* on inherited descriptors */
		case 4:		/* a burst of short-lived grandchildren */
			for (j = chance(30) ? rn(12) : 0; j > 0; j--)
				if (fork() == 0) {
					syscall(SYS_getppid);
					_exit(0);
				}
			break;
		default: usleep(rn(2000)); break;
		}
	}
	_exit(dtt_done());
}

static void
op_fork(void)
{
	int i = rn(NCHILD);
	pid_t pid;

	if (kids[i] > 0)
		return;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		rs ^= (uint64_t)getpid() << 32;
		kid();
	}
	if (pid > 0)
		kids[i] = pid;
}

/*
 * A file nobody maps, for uprobes: creating and enabling them there
 * patches no process.  Made by ufile_make() before the workers fork.
 */
static int ufd = -1;
#define UFILESZ	8192

static void
ufile_make(void)
{
	char path[] = "/tmp/dtt-fuzz-uprobe.XXXXXX", buf[UFILESZ];

	REQUIRE((ufd = mkstemp(path)) != -1, "mkstemp: %s",
	    dtt_errname(errno));
	unlink(path);
	memset(buf, 0x90, sizeof(buf));		/* nop */
	buf[sizeof(buf) - 1] = (char)0xc3;	/* ret */
	REQUIRE(write(ufd, buf, sizeof(buf)) == (ssize_t)sizeof(buf),
	    "write: %s", dtt_errname(errno));
}

/*
 * DTIOCPRBUCREATE on good, bad and hostile files, offsets, semaphores
 * and flags.
 */
static void
op_ucreate(void)
{
	static const char *const provs[] = {
		"uprobe", "kprobe", "syscall", "", "nosuchprov",
	};
	struct dtioc_ucreate uc;
	long r;

	memset(&uc, 0, sizeof(uc));
	name(uc.dtuc_prov, provs, sizeof(provs) / sizeof(provs[0]));
	switch (rn(4)) {
	case 0:	uc.dtuc_fd = anyfd(); break;	/* /dev/dt: not regular */
	case 1:	uc.dtuc_fd = (int)rnd(); break;
	default: uc.dtuc_fd = ufd; break;
	}
	switch (rn(5)) {
	case 0:	uc.dtuc_offset = UFILESZ - 1 - rn(16); break;
	case 1:	uc.dtuc_offset = UFILESZ + rn(2); break;
	case 2:	uc.dtuc_offset = rnd(); break;
	default: uc.dtuc_offset = rn(16); break;
	}
	switch (rn(6)) {	/* a semaphore: none, even, odd, beyond */
	case 0:	uc.dtuc_refctr = 2 * rn(UFILESZ / 2); break;
	case 1:	uc.dtuc_refctr = 1 + 2 * rn(8); break;
	case 2:	uc.dtuc_refctr = chance(50) ? UFILESZ : rnd(); break;
	default: break;
	}
	if (chance(70))
		uc.dtuc_flags = chance(50) ? DTUC_RETURN : 0;
	else
		uc.dtuc_flags = rnd();
	if (chance(3))
		uc.dtuc_pad = rnd();
	if (chance(5)) {
		doioctl("DTIOCPRBUCREATE", anyfd(), DTIOCPRBUCREATE,
		    vptr(sizeof(uc)));
		return;
	}
	r = ioctl(anyfd(), DTIOCPRBUCREATE, &uc);
	result("DTIOCPRBUCREATE", DTIOCPRBUCREATE, r, errno);
	/* A uprobe on the unmapped file may be enabled by anyone. */
	if (r == 0 && uc.dtuc_fd == ufd && nsafe < NSAFE) {
		for (r = 0; r < (long)nsafe; r++)
			if (safe[r].pbn == uc.dtuc_pbn)
				return;
		memset(&safe[nsafe], 0, sizeof(safe[nsafe]));
		safe[nsafe].nargs = uc.dtuc_flags & DTUC_RETURN ? 0 : 6;
		safe[nsafe++].pbn = uc.dtuc_pbn;
	}
}

/*
 * Fetch descriptions: mostly well-formed chains from random sources
 * through random addresses (pointers the kernel must read safely), some
 * with one field wrong.
 */
static void
op_fetch(void)
{
	static const uint16_t lens[] = { 0, 1, 2, 8, 64, 1024, 1025, 65535 };
	static const uint8_t sizes[] = { 0, 1, 2, 3, 4, 8, 16 };
	static const int64_t offs[] = { 0, 8, -8, 4096, 0x10, 1LL << 47,
	    (int64_t)0x8000000000000000ULL, (int64_t)0xffffffff81000000ULL };
	struct dtioc_fetch f[DTMAXFETCH + 1];
	struct dtioc_fetches fs;
	unsigned int i, j, n;

	memset(&fs, 0, sizeof(fs));
	memset(f, 0, sizeof(f));
	fs.dtfs_pbn = nsafe > 0 && chance(90) ? safe[rn(nsafe)].pbn :
	    anypbn();
	n = chance(95) ? rn(DTMAXFETCH + 1) : rn(DTMAXFETCH + 2);
	fs.dtfs_nfetch = chance(98) ? n : (uint32_t)rnd();
	fs.dtfs_fetches = chance(95) ? (uintptr_t)f :
	    ptr(sizeof(f[0]) * n);
	for (i = 0; i < n && i < DTMAXFETCH + 1; i++) {
		f[i].dtfe_src = rn(chance(95) ? DTFS_REG + 1 : 256);
		f[i].dtfe_argn = chance(80) ? rn(6) :
		    rn(chance(50) ? 32 : 256);
		f[i].dtfe_kind = rn(chance(95) ? DTFK_STRV + 1 : 256);
		f[i].dtfe_len = f[i].dtfe_kind == DTFK_VALUE && chance(90) ?
		    0 : lens[rn(sizeof(lens) / sizeof(lens[0]))];
		f[i].dtfe_flags = chance(95) ? rn(2) : rn(256);
		f[i].dtfe_nsteps = chance(95) ? rn(DTMAXFETCHSTEPS + 1) :
		    rn(256);
		for (j = 0; j < f[i].dtfe_nsteps && j < DTMAXFETCHSTEPS; j++) {
			f[i].dtfe_steps[j].dtst_op = chance(97) ? rn(2) :
			    rn(256);
			if (f[i].dtfe_steps[j].dtst_op == DTFO_DEREF)
				f[i].dtfe_steps[j].dtst_size = chance(90) ?
				    8 : sizes[rn(sizeof(sizes))];
			else
				f[i].dtfe_steps[j].dtst_off = chance(70) ?
				    offs[rn(sizeof(offs) / sizeof(offs[0]))] :
				    (int64_t)rnd();
		}
		if (chance(2))
			randfill(&f[i], sizeof(f[i]));
	}
	doioctl("DTIOCPRBFETCH", anyfd(), DTIOCPRBFETCH, chance(95) ?
	    (void *)&fs : vptr(sizeof(fs)));
}

static void
op_ioctl(void)
{
	switch (rn(14)) {
	case 0: op_rawioctl(); break;
	case 12: op_lossless(); break;
	case 13: op_fetch(); break;
	case 1: op_plist(); break;
	case 2: op_args(); break;
	case 3: case 4: op_enable(); break;
	case 5: op_disable(); break;
	case 6: case 7: op_record(); break;
	case 8:
		if (chance(50))
			op_create();
		else
			op_ucreate();
		break;
	case 9: op_pids(); break;
	case 10: op_bufsize(); break;
	default: op_getters(); break;
	}
}

/* Reap the children that have ended; each must have exited 0. */
static void
reap(int flags)
{
	pid_t pid;
	int st, i;

	while ((pid = waitpid(-1, &st, flags)) > 0) {
		for (i = 0; i < NCHILD; i++)
			if (kids[i] == pid)
				kids[i] = 0;
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child %d: %s %d",
		    pid, WIFEXITED(st) ? "exit status" : "killed by signal",
		    WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
	}
}

static void
worker(uint64_t seed, uint64_t end)
{
	int i;

	rs = seed * 0x9E3779B97F4A7C15ULL + 1;
	for (i = 0; i < NFD; i++)
		fds[i] = -1;
	while (dtt_now() < end) {
		nops++;
		switch (rn(22)) {
		case 0: case 1: op_open(); break;
		case 2: op_close(); break;
		case 3: op_dup(); break;
		case 4: op_nonblock(); break;
		case 5: case 6: op_read(); break;
		case 7: op_poll(); break;
		case 8: op_mmap(); break;
		case 9: op_blockread(); break;
		case 10: op_fork(); break;
		case 11: case 12: op_maptouch(); break;
		default: op_ioctl(); break;
		}
		reap(WNOHANG);
	}
	reap(0);
	printf("worker %d: %lu operations, %lu ioctls (%lu succeeded), "
	    "%lu events read, %lu mappings\n", getpid(), nops, nioctl, nok,
	    nevents, nmaps);
	fflush(stdout);
	/* Threads still blocked in read(2) die with the process. */
	_exit(dtt_done());
}

/* --- the keeper ----------------------------------------------------- */

static int
listed(const struct dtioc_probe_info *p, const char *prov, const char *func,
    const char *pname)
{
	return strcmp(p->dtpi_prov, prov) == 0 &&
	    (func == NULL || strcmp(p->dtpi_func, func) == 0) &&
	    (pname == NULL || strcmp(p->dtpi_name, pname) == 0);
}

static void
addsafe(const struct dtioc_probe_info *p, int kept)
{
	if (nsafe == NSAFE)
		return;
	safe[nsafe].pbn = p->dtpi_pbn;
	safe[nsafe].nargs = p->dtpi_nargs;
#ifdef DTPI_RATE
	safe[nsafe].rate = (p->dtpi_flags & DTPI_RATE) != 0;
#else
	safe[nsafe].rate = strcmp(p->dtpi_prov, "profile") == 0 ||
	    strcmp(p->dtpi_prov, "interval") == 0;
#endif
	safe[nsafe].kept = kept;
	nsafe++;
}

/*
 * Enable in fd every probe the workers may enable that patches kernel
 * text, record (so that every hook is attached), and note the periodic
 * probes, which need no keeping.
 */
static void
keeper(int fd)
{
	struct dtioc_probe pr;
	struct dtioc_probe_info *pi;
	struct dtioc_create cr;
	size_t i, j, n;
	pid_t one = 1;
	int kept;

	for (i = 0; i < 2; i++)
		for (j = 0; j < 2; j++) {
			memset(&cr, 0, sizeof(cr));
			strcpy(cr.dtcr_prov, "kprobe");
			strcpy(cr.dtcr_func, kfuncs[i]);
			strcpy(cr.dtcr_name, j ? "return" : "entry");
			CHECK_OK(ioctl(fd, DTIOCPRBCREATE, &cr));
		}
	memset(&pr, 0, sizeof(pr));
	REQUIRE(ioctl(fd, DTIOCGPLIST, &pr) == 0, "DTIOCGPLIST: %s",
	    dtt_errname(errno));
	REQUIRE((pi = calloc(1, pr.dtpr_size)) != NULL, "calloc");
	pr.dtpr_probes = (uintptr_t)pi;
	REQUIRE(ioctl(fd, DTIOCGPLIST, &pr) == 0, "DTIOCGPLIST: %s",
	    dtt_errname(errno));
	n = pr.dtpr_size / sizeof(*pi);
	for (i = 0; i < n; i++) {
		if (pi[i].dtpi_pbn > maxpbn)
			maxpbn = pi[i].dtpi_pbn;
		if (listed(&pi[i], "profile", NULL, NULL) ||
		    listed(&pi[i], "interval", NULL, NULL)) {
			addsafe(&pi[i], 0);
			continue;
		}
		kept = listed(&pi[i], "kprobe", kfuncs[0], NULL) ||
		    listed(&pi[i], "kprobe", kfuncs[1], NULL);
		for (j = 0; !kept && j < sizeof(keepsys) / sizeof(keepsys[0]);
		    j++)
			kept = listed(&pi[i], "syscall", keepsys[j], NULL);
		for (j = 0; !kept && j < sizeof(keeptp) / sizeof(keeptp[0]);
		    j++)
			kept = listed(&pi[i], "tracepoint", NULL, keeptp[j]);
		if (!kept)
			continue;
		if (dtt_enable(fd, pi[i].dtpi_pbn, DTEVT_EXECNAME) == -1) {
			printf("keeper: %s:%s:%s: %s, not fuzzed\n",
			    pi[i].dtpi_prov, pi[i].dtpi_func, pi[i].dtpi_name,
			    dtt_errname(errno));
			continue;
		}
		addsafe(&pi[i], 1);
	}
	free(pi);
	/* Record nearly nothing: only init, which sleeps. */
	CHECK_OK(dtt_pids(fd, &one, 1));
	CHECK_OK(dtt_record(fd, 1));
	n = 0;
	for (i = 0; i < nsafe; i++)
		n += safe[i].kept;
	printf("keeper: %zu probes held, %zu periodic\n", n, nsafe - n);
	REQUIRE(n > 0, "the keeper holds no probe");
}

/* --- the kernel log ------------------------------------------------- */

static int
klog_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);

	if (fd != -1)
		lseek(fd, 0, SEEK_END);
	return fd;
}

static int
klog_bad(int fd)
{
	char rec[8192], *msg;
	ssize_t r;
	size_t i;
	int nbad = 0;

	if (fd == -1)
		return 0;
	for (;;) {
		r = read(fd, rec, sizeof(rec) - 1);
		if (r == -1 && errno == EPIPE)
			continue;
		if (r <= 0)
			break;
		rec[r] = '\0';
		msg = strchr(rec, ';');
		msg = msg != NULL ? msg + 1 : rec;
		msg[strcspn(msg, "\n")] = '\0';
		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
			if (strstr(msg, bad[i]) != NULL) {
				if (nbad++ < 40)
					printf("kernel log: %s\n", msg);
				break;
			}
	}
	return nbad;
}

/* --- the run -------------------------------------------------------- */

/* Print the kernel stacks of pid's threads: where a hung one sleeps. */
static void
stacks(pid_t pid)
{
	char path[512], line[256];
	struct dirent *de;
	FILE *f;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	if ((d = opendir(path)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task/%s/stack", pid,
		    de->d_name);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		printf("  thread %s:\n", de->d_name);
		while (fgets(line, sizeof(line), f) != NULL)
			printf("    %s", line);
		fclose(f);
	}
	closedir(d);
}

static void
areas(void)
{
	char *m;

	/*
	 * A guard page after the good buffer: a size larger than what is
	 * left of it makes the kernel fault there (EFAULT), where it would
	 * otherwise write over whatever mapping follows, glibc's included.
	 */
	pagesz = sysconf(_SC_PAGESIZE);
	good = mmap(NULL, BUFSZ + pagesz, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	REQUIRE(good != MAP_FAILED && mprotect(good + BUFSZ, pagesz,
	    PROT_NONE) == 0, "mmap: %s", dtt_errname(errno));
	m = mmap(NULL, 3 * pagesz, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	REQUIRE(good != MAP_FAILED && m != MAP_FAILED, "mmap: %s",
	    dtt_errname(errno));
	edge = m;
	guardpg = m + pagesz;
	ropg = m + 2 * pagesz;
	memset(m, 0, 3 * pagesz);
	REQUIRE(mprotect(guardpg, pagesz, PROT_NONE) == 0 &&
	    mprotect(ropg, pagesz, PROT_READ) == 0, "mprotect: %s",
	    dtt_errname(errno));
}

int
main(void)
{
	const char *s = getenv("FUZZ_SECONDS"), *sd = getenv("FUZZ_SEED");
	unsigned long secs = s != NULL && atol(s) > 0 ? atol(s) : 20;
	uint64_t seed = 1, end;
	pid_t w[NWORKERS], pid;
	int i, st, kfd, keepfd, left, nbad;

	if (sd != NULL && *sd != '\0')
		seed = strtoull(sd, NULL, 0);
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("seed %llu, %lu s, %d workers (reproduce: FUZZ_SEED=%llu "
	    "FUZZ_SECONDS=%lu sh regress/sys/dev/dt/fuzz/run)\n",
	    (unsigned long long)seed,
	    secs, NWORKERS, (unsigned long long)seed, secs);
	areas();
	ufile_make();
	kfd = klog_open();
	keepfd = dtt_open();
	keeper(keepfd);

	end = dtt_now() + secs * 1000000000ULL;
	for (i = 0; i < NWORKERS; i++) {
		fflush(NULL);
		if ((w[i] = fork()) == 0)
			worker(seed * NWORKERS + i, end);
		REQUIRE(w[i] > 0, "fork: %s", dtt_errname(errno));
	}

	/* Each worker has until the end and 20 s more to finish. */
	left = NWORKERS;
	while (left > 0) {
		pid = waitpid(-1, &st, WNOHANG);
		if (pid > 0) {
			for (i = 0; i < NWORKERS; i++)
				if (w[i] == pid)
					break;
			if (i == NWORKERS)
				continue;	/* an orphaned grandchild */
			w[i] = 0;
			left--;
			CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
			    "worker %d (seed %llu): %s %d", pid,
			    (unsigned long long)seed * NWORKERS + i,
			    WIFEXITED(st) ? "exit status" : "killed by signal",
			    WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
			continue;
		}
		if (dtt_now() > end + 20000000000ULL) {
			for (i = 0; i < NWORKERS; i++) {
				if (w[i] == 0)
					continue;
				dtt_fail(__FILE__, __LINE__, "worker %d did "
				    "not finish 20 s after the budget; its "
				    "kernel stacks:", w[i]);
				stacks(w[i]);
				kill(w[i], SIGKILL);
			}
			while (waitpid(-1, NULL, 0) > 0)
				;
			break;
		}
		usleep(100000);
	}
	CHECK_OK(dtt_record(keepfd, 0));
	close(keepfd);
	/* Descriptors close and probes detach in the background: let them. */
	sleep(1);
	nbad = klog_bad(kfd);
	CHECK(nbad == 0, "%d bad lines in the kernel log", nbad);
	if (dtt_failures)
		printf("FAILED: reproduce with FUZZ_SEED=%llu "
		    "FUZZ_SECONDS=%lu sh regress/sys/dev/dt/fuzz/run\n",
		    (unsigned long long)seed, secs);
	return dtt_done();
}
