/*
 * provider_desc: the kernel describes its providers, probes and
 * arguments.  DTIOCGPROVS lists every provider with its DTPV_* flags
 * (same two-step size protocol as DTIOCGPLIST: ENOSPC when short,
 * EFAULT on a bad pointer, entries zero-padded); probes carry DTPI_*
 * flags (return probes, probes that take a rate) and arguments DTAI_*
 * flags (strings, in user or kernel memory).
 */

#define _GNU_SOURCE

#include <sys/ioctl.h>
#include <sys/mman.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtt.h"

static struct dtioc_prov_info *
provs(int fd, size_t *np)
{
	struct dtioc_prov_info *vi;
	struct dtioc_provs vs;

	memset(&vs, 0, sizeof(vs));
	REQUIRE(ioctl(fd, DTIOCGPROVS, &vs) == 0, "DTIOCGPROVS size: %s",
	    dtt_errname(errno));
	vi = malloc(vs.dtvs_size);
	REQUIRE(vi != NULL, "malloc");
	memset(vi, 0xa5, vs.dtvs_size);	/* padding must be overwritten */
	vs.dtvs_provs = (uintptr_t)vi;
	REQUIRE(ioctl(fd, DTIOCGPROVS, &vs) == 0, "DTIOCGPROVS: %s",
	    dtt_errname(errno));
	*np = vs.dtvs_size / sizeof(*vi);
	return vi;
}

static int
zeroes(const void *p, size_t len)
{
	const unsigned char *c = p;

	while (len-- > 0)
		if (*c++ != 0)
			return 0;
	return 1;
}

/* The flags of provider name, or -1 if it is not listed. */
static long
provflags(const struct dtioc_prov_info *vi, size_t n, const char *name)
{
	size_t i, len;

	for (i = 0; i < n; i++) {
		len = strnlen(vi[i].dtvi_name, DTNAMESIZE);
		CHECK(len < DTNAMESIZE && zeroes(vi[i].dtvi_name + len,
		    DTNAMESIZE - len) && vi[i].dtvi_pad == 0,
		    "provider %zu: name or padding not zero-filled", i);
		if (strcmp(vi[i].dtvi_name, name) == 0)
			return vi[i].dtvi_flags;
	}
	return -1;
}

static void
check_provs(int fd)
{
	struct dtioc_prov_info *vi;
	struct dtioc_provs vs;
	size_t n;
	void *ro;

	vi = provs(fd, &n);
	CHECK(n >= 5, "%zu providers listed", n);
	CHECK(provflags(vi, n, "syscall") == (DTPV_ENTRYRET | DTPV_REGS),
	    "syscall flags %#lx", provflags(vi, n, "syscall"));
	CHECK(provflags(vi, n, "profile") == (DTPV_PERIODIC | DTPV_CREATE),
	    "profile flags %#lx", provflags(vi, n, "profile"));
	CHECK(provflags(vi, n, "interval") == (DTPV_PERIODIC | DTPV_CREATE),
	    "interval flags %#lx", provflags(vi, n, "interval"));
	CHECK(provflags(vi, n, "tracepoint") == (DTPV_CREATE | DTPV_TRACEFS),
	    "tracepoint flags %#lx",
	    provflags(vi, n, "tracepoint"));
	CHECK(provflags(vi, n, "kprobe") == (DTPV_CREATE | DTPV_ENTRYRET |
	    DTPV_KFUNCS | DTPV_REGS),
	    "kprobe flags %#lx", provflags(vi, n, "kprobe"));
	CHECK(provflags(vi, n, "uprobe") == (DTPV_UFILE | DTPV_REGS),
	    "uprobe flags %#lx", provflags(vi, n, "uprobe"));
	CHECK(provflags(vi, n, "software") == (DTPV_CREATE | DTPV_REGS),
	    "software flags %#lx", provflags(vi, n, "software"));
	CHECK(provflags(vi, n, "hardware") == (DTPV_CREATE | DTPV_REGS),
	    "hardware flags %#lx", provflags(vi, n, "hardware"));

	/* Too short by one byte, by one entry: ENOSPC, size kept. */
	memset(&vs, 0, sizeof(vs));
	vs.dtvs_provs = (uintptr_t)vi;
	vs.dtvs_size = n * sizeof(*vi) - 1;
	CHECK_ERRNO(ioctl(fd, DTIOCGPROVS, &vs), ENOSPC);
	vs.dtvs_size = (n - 1) * sizeof(*vi);
	CHECK_ERRNO(ioctl(fd, DTIOCGPROVS, &vs), ENOSPC);
	/* More room than needed: the size used comes back. */
	free(vi);
	vi = calloc(n + 3, sizeof(*vi));
	REQUIRE(vi != NULL, "calloc");
	vs.dtvs_provs = (uintptr_t)vi;
	vs.dtvs_size = (n + 3) * sizeof(*vi);
	CHECK_OK(ioctl(fd, DTIOCGPROVS, &vs));
	CHECK(vs.dtvs_size == n * sizeof(*vi), "used %llu bytes, want %zu",
	    (unsigned long long)vs.dtvs_size, n * sizeof(*vi));
	CHECK(zeroes(&vi[n], 3 * sizeof(*vi)), "wrote beyond the list");
	free(vi);

	/* Bad pointers: EFAULT, no crash. */
	vs.dtvs_size = n * sizeof(*vi);
	vs.dtvs_provs = 8;
	CHECK_ERRNO(ioctl(fd, DTIOCGPROVS, &vs), EFAULT);
	vs.dtvs_provs = (uintptr_t)-4096;
	CHECK_ERRNO(ioctl(fd, DTIOCGPROVS, &vs), EFAULT);
	ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	REQUIRE(ro != MAP_FAILED, "mmap");
	vs.dtvs_provs = (uintptr_t)ro;
	CHECK_ERRNO(ioctl(fd, DTIOCGPROVS, &vs), EFAULT);
	munmap(ro, 4096);
	CHECK_ERRNO(ioctl(fd, DTIOCGPROVS, (void *)8), EFAULT);
	CHECK_ERRNO(ioctl(fd, _IOC(_IOC_READ | _IOC_WRITE, 'D', 13, 8), &vs),
	    ENOTTY);
}

static const struct dtioc_probe_info *
probe_info(const struct dtioc_probe_info *pi, size_t n, uint32_t id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (pi[i].dtpi_pbn == id)
			return &pi[i];
	return NULL;
}

static void
check_probe_flags(int fd)
{
	struct dtioc_probe pr;
	struct dtioc_probe_info *pi;
	const struct dtioc_probe_info *p;
	uint32_t ent, ret, prof, tp;
	size_t i, n;

	ent = dtt_probe(fd, "syscall", "openat", "entry");
	ret = dtt_probe(fd, "syscall", "openat", "return");
	prof = dtt_probe(fd, "profile", "hz", "97");
	tp = dtt_probe(fd, "tracepoint", "sched", "sched_switch");
	memset(&pr, 0, sizeof(pr));
	REQUIRE(ioctl(fd, DTIOCGPLIST, &pr) == 0, "DTIOCGPLIST");
	pi = malloc(pr.dtpr_size);
	REQUIRE(pi != NULL, "malloc");
	memset(pi, 0xa5, pr.dtpr_size);
	pr.dtpr_probes = (uintptr_t)pi;
	REQUIRE(ioctl(fd, DTIOCGPLIST, &pr) == 0, "DTIOCGPLIST");
	n = pr.dtpr_size / sizeof(*pi);
	for (i = 0; i < n; i++)
		CHECK(pi[i].dtpi_pad[0] == 0 && pi[i].dtpi_pad[1] == 0 &&
		    (pi[i].dtpi_flags & ~(DTPI_RETURN | DTPI_RATE |
		    DTPI_RECORD)) == 0,
		    "probe %u: flags %#x padding %#x %#x", pi[i].dtpi_pbn,
		    pi[i].dtpi_flags, pi[i].dtpi_pad[0], pi[i].dtpi_pad[1]);
	CHECK((p = probe_info(pi, n, ent)) && p->dtpi_flags == 0,
	    "syscall:openat:entry flags %#x", p ? p->dtpi_flags : 0xff);
	CHECK((p = probe_info(pi, n, ret)) && p->dtpi_flags == DTPI_RETURN,
	    "syscall:openat:return flags %#x", p ? p->dtpi_flags : 0xff);
	CHECK((p = probe_info(pi, n, prof)) && p->dtpi_flags == DTPI_RATE,
	    "profile:hz:97 flags %#x", p ? p->dtpi_flags : 0xff);
	CHECK((p = probe_info(pi, n, tp)) && p->dtpi_flags == 0,
	    "tracepoint:sched:sched_switch flags %#x",
	    p ? p->dtpi_flags : 0xff);
	free(pi);
}

/* The DTAI_* flags of argument argn of probe id, or -1. */
static int
argflags(int fd, uint32_t id, unsigned int argn)
{
	struct dtioc_arg_info ai[DTMAXFUNCARGS + 1];
	struct dtioc_arg ar;
	size_t i;

	memset(&ar, 0, sizeof(ar));
	memset(ai, 0xa5, sizeof(ai));
	ar.dtar_pbn = id;
	ar.dtar_args = (uintptr_t)ai;
	ar.dtar_size = sizeof(ai);
	if (ioctl(fd, DTIOCGARGS, &ar) == -1)
		return -1;
	for (i = 0; i < ar.dtar_size / sizeof(ai[0]); i++)
		CHECK(ai[i].dtai_pad[0] == 0 && ai[i].dtai_pad[1] == 0,
		    "probe %u argument %zu: padding %#x %#x", id, i,
		    ai[i].dtai_pad[0], ai[i].dtai_pad[1]);
	if (argn >= ar.dtar_size / sizeof(ai[0]))
		return -1;
	return ai[argn].dtai_flags;
}

static void
check_arg_flags(int fd)
{
	uint32_t openat, wr, mount, sw, kp;
	int f;

	openat = dtt_probe(fd, "syscall", "openat", "entry");
	wr = dtt_probe(fd, "syscall", "write", "entry");
	mount = dtt_probe(fd, "syscall", "mount", "entry");
	sw = dtt_probe(fd, "tracepoint", "sched", "sched_switch");
	CHECK((f = argflags(fd, openat, 0)) == 0, "openat dfd: %#x", f);
	CHECK((f = argflags(fd, openat, 1)) == DTAI_STR,
	    "openat filename: %#x", f);
	/* A char pointer followed by its length is a buffer. */
	CHECK((f = argflags(fd, wr, 1)) == 0, "write buf: %#x", f);
	/* Paths without the const are strings too. */
	CHECK((f = argflags(fd, mount, 1)) == DTAI_STR,
	    "mount dir_name: %#x", f);
	CHECK((f = argflags(fd, sw, 0)) == (DTAI_STR | DTAI_KSTR),
	    "sched_switch prev_comm: %#x", f);
	CHECK((f = argflags(fd, sw, 1)) == 0, "sched_switch prev_pid: %#x",
	    f);

	kp = dtt_probe_create(fd, "kprobe", "vfs_read", "entry");
	CHECK((f = argflags(fd, kp, 0)) == 0, "kprobe arg0: %#x", f);
	kp = dtt_probe_create(fd, "kprobe", "vfs_read", "return");
	CHECK(dtt_probe_flags(fd, kp) == DTPI_RETURN,
	    "kprobe:vfs_read:return flags %#x", dtt_probe_flags(fd, kp));
}

int
main(void)
{
	int fd;

	fd = dtt_open();
	check_provs(fd);
	check_probe_flags(fd);
	check_arg_flags(fd);
	close(fd);
	return dtt_done();
}
