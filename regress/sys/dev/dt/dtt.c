/*
 * dtt: helpers shared by the dt(4) tests; see dtt.h.
 */

#define _GNU_SOURCE

#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dtt.h"

int dtt_failures;

void
dtt_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	dtt_failures++;
}

int
dtt_done(void)
{
	fflush(stdout);
	return dtt_failures != 0;
}

const char *
dtt_errname(int e)
{
	static char buf[64];

	switch (e) {
	case 0: return "0";
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case EINTR: return "EINTR";
	case EBADF: return "EBADF";
	case EAGAIN: return "EAGAIN";
	case ENOMEM: return "ENOMEM";
	case EACCES: return "EACCES";
	case EFAULT: return "EFAULT";
	case EBUSY: return "EBUSY";
	case EEXIST: return "EEXIST";
	case ENODEV: return "ENODEV";
	case EINVAL: return "EINVAL";
	case ENOSPC: return "ENOSPC";
	case ENOTTY: return "ENOTTY";
	case E2BIG: return "E2BIG";
	case ERANGE: return "ERANGE";
	case ESRCH: return "ESRCH";
	case EMSGSIZE: return "EMSGSIZE";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	}
	snprintf(buf, sizeof(buf), "errno %d (%s)", e, strerror(e));
	return buf;
}

int
dtt_open(void)
{
	int fd;

	fd = open(DTT_DEV, O_RDWR);
	REQUIRE(fd != -1, "open %s: %s", DTT_DEV, dtt_errname(errno));
	return fd;
}

/* The probe list, fetched with the two-step size query. */
static struct dtioc_probe_info *
plist(int fd, size_t *np)
{
	struct dtioc_probe pr;
	struct dtioc_probe_info *pi;

	memset(&pr, 0, sizeof(pr));
	REQUIRE(ioctl(fd, DTIOCGPLIST, &pr) == 0, "DTIOCGPLIST size: %s",
	    dtt_errname(errno));
	REQUIRE(pr.dtpr_size > 0 && pr.dtpr_size % sizeof(*pi) == 0,
	    "DTIOCGPLIST size %llu, not a multiple of %zu",
	    (unsigned long long)pr.dtpr_size, sizeof(*pi));
	pi = calloc(1, pr.dtpr_size);
	REQUIRE(pi != NULL, "calloc");
	pr.dtpr_probes = (uintptr_t)pi;
	REQUIRE(ioctl(fd, DTIOCGPLIST, &pr) == 0, "DTIOCGPLIST: %s",
	    dtt_errname(errno));
	*np = pr.dtpr_size / sizeof(*pi);
	return pi;
}

static uint32_t
find(int fd, const char *prov, const char *func, const char *name)
{
	struct dtioc_probe_info *pi;
	size_t i, n;
	uint32_t id = 0;

	pi = plist(fd, &n);
	for (i = 0; i < n; i++) {
		if (strcmp(pi[i].dtpi_prov, prov) == 0 &&
		    strcmp(pi[i].dtpi_func, func) == 0 &&
		    (name == NULL || strcmp(pi[i].dtpi_name, name) == 0)) {
			id = pi[i].dtpi_pbn;
			break;
		}
	}
	free(pi);
	REQUIRE(id != 0, "probe %s:%s:%s not listed", prov, func,
	    name ? name : "*");
	return id;
}

uint32_t
dtt_probe(int fd, const char *prov, const char *func, const char *name)
{
	return find(fd, prov, func, name);
}

/* Any probe of prov:func, such as profile:hz:N whatever N is listed. */
uint32_t
dtt_probe_any(int fd, const char *prov, const char *func)
{
	return find(fd, prov, func, NULL);
}

int
dtt_probe_nargs(int fd, uint32_t id)
{
	struct dtioc_probe_info *pi;
	size_t i, n;
	int nargs = -1;

	pi = plist(fd, &n);
	for (i = 0; i < n; i++)
		if (pi[i].dtpi_pbn == id)
			nargs = pi[i].dtpi_nargs;
	free(pi);
	return nargs;
}

/* The DTPI_* flags of probe id, or -1 if it is not listed. */
int
dtt_probe_flags(int fd, uint32_t id)
{
	struct dtioc_probe_info *pi;
	size_t i, n;
	int flags = -1;

	pi = plist(fd, &n);
	for (i = 0; i < n; i++)
		if (pi[i].dtpi_pbn == id)
			flags = pi[i].dtpi_flags;
	free(pi);
	return flags;
}

int
dtt_listed(uint32_t id)
{
	int fd, n;

	fd = dtt_open();
	n = dtt_probe_flags(fd, id);
	close(fd);
	return n >= 0;
}

/* DTIOCPRBCREATE: the probe's id, or 0 with errno set. */
uint32_t
dtt_create(int fd, const char *prov, const char *func, const char *name)
{
	struct dtioc_create cr;

	memset(&cr, 0, sizeof(cr));
	strncpy(cr.dtcr_prov, prov, sizeof(cr.dtcr_prov) - 1);
	strncpy(cr.dtcr_func, func, sizeof(cr.dtcr_func) - 1);
	strncpy(cr.dtcr_name, name, sizeof(cr.dtcr_name) - 1);
	if (ioctl(fd, DTIOCPRBCREATE, &cr) == -1)
		return 0;
	return cr.dtcr_pbn;
}

/* DTIOCPRBCREATE that must succeed. */
uint32_t
dtt_probe_create(int fd, const char *prov, const char *func,
    const char *name)
{
	uint32_t id;

	id = dtt_create(fd, prov, func, name);
	REQUIRE(id != 0, "create %s:%s:%s: %s", prov, func, name,
	    dtt_errname(errno));
	return id;
}

/* DTIOCPRBUCREATE: the probe's id, or 0 with errno set. */
uint32_t
dtt_ucreate(int fd, const char *prov, int filefd, uint64_t off,
    uint32_t flags)
{
	return dtt_ucreate_sema(fd, prov, filefd, off, 0, flags);
}

/* The same with a semaphore at file offset refctr. */
uint32_t
dtt_ucreate_sema(int fd, const char *prov, int filefd, uint64_t off,
    uint64_t refctr, uint32_t flags)
{
	struct dtioc_ucreate uc;

	memset(&uc, 0, sizeof(uc));
	strncpy(uc.dtuc_prov, prov, sizeof(uc.dtuc_prov) - 1);
	uc.dtuc_fd = filefd;
	uc.dtuc_offset = off;
	uc.dtuc_refctr = refctr;
	uc.dtuc_flags = flags;
	if (ioctl(fd, DTIOCPRBUCREATE, &uc) == -1)
		return 0;
	return uc.dtuc_pbn;
}

/*
 * Where the code at addr comes from, by /proc/self/maps: the file's
 * path and the offset in it.  -1 if no file mapping holds addr.
 */
int
dtt_fileoff(const void *addr, uint64_t *off, char *path, size_t size)
{
	unsigned long long lo, hi, pgoff, a = (uintptr_t)addr;
	char line[4096], file[4096];
	FILE *f;
	int found = -1;

	if ((f = fopen("/proc/self/maps", "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		file[0] = '\0';
		if (sscanf(line, "%llx-%llx %*s %llx %*s %*s %4095s", &lo, &hi,
		    &pgoff, file) < 3 || a < lo || a >= hi || file[0] != '/')
			continue;
		*off = a - lo + pgoff;
		snprintf(path, size, "%s", file);
		found = 0;
		break;
	}
	fclose(f);
	return found;
}

int
dtt_enable_period(int fd, uint32_t id, uint32_t flags, uint64_t nsecs)
{
	struct dtioc_req rq;

	memset(&rq, 0, sizeof(rq));
	rq.dtrq_pbn = id;
	rq.dtrq_flags = flags | DTT_TASK;
	rq.dtrq_nsecs = nsecs;
	return ioctl(fd, DTIOCPRBENABLE, &rq);
}

int
dtt_enable(int fd, uint32_t id, uint32_t flags)
{
	return dtt_enable_period(fd, id, flags, 0);
}

int
dtt_enable_str(int fd, uint32_t id, uint32_t flags, uint16_t strargs,
    uint16_t strlen)
{
	struct dtioc_req rq;

	memset(&rq, 0, sizeof(rq));
	rq.dtrq_pbn = id;
	rq.dtrq_flags = flags | DTT_TASK;
	rq.dtrq_strargs = strargs;
	rq.dtrq_strlen = strlen;
	return ioctl(fd, DTIOCPRBENABLE, &rq);
}

int
dtt_enable_rec(int fd, uint32_t id, uint32_t flags, uint16_t strargs,
    const uint8_t *recbytes, uint16_t reclen)
{
	struct dtioc_req rq;

	memset(&rq, 0, sizeof(rq));
	rq.dtrq_pbn = id;
	rq.dtrq_flags = flags | DTT_TASK;
	rq.dtrq_strargs = strargs;
	rq.dtrq_recbytes = (uintptr_t)recbytes;
	rq.dtrq_reclen = reclen;
	return ioctl(fd, DTIOCPRBENABLE, &rq);
}

struct dtt_field
dtt_tpfield(const char *sysev, const char *name)
{
	struct dtt_field f = { -1, -1 };
	char path[256], line[512], *p, *semi;
	FILE *fp;
	size_t n = strlen(name);

	snprintf(path, sizeof(path), "/sys/kernel/tracing/events/%s/format",
	    sysev);
	REQUIRE((fp = fopen(path, "r")) != NULL, "%s: %s", path,
	    dtt_errname(errno));
	while (fgets(line, sizeof(line), fp) != NULL) {
		if ((p = strstr(line, "field:")) == NULL ||
		    (semi = strchr(p, ';')) == NULL)
			continue;
		/* The name ends the declaration, before any [N]. */
		for (p = semi; p > line && p[-1] != ' '; p--)
			;
		if (strncmp(p, name, n) != 0 || (p[n] != ';' && p[n] != '['))
			continue;
		if ((p = strstr(semi, "offset:")) != NULL)
			f.off = atoi(p + 7);
		if ((p = strstr(semi, "size:")) != NULL)
			f.size = atoi(p + 5);
	}
	fclose(fp);
	REQUIRE(f.off >= 0, "%s has no field %s", sysev, name);
	return f;
}

int
dtt_disable(int fd, uint32_t id)
{
	struct dtioc_req rq;

	memset(&rq, 0, sizeof(rq));
	rq.dtrq_pbn = id;
	return ioctl(fd, DTIOCPRBDISABLE, &rq);
}

int
dtt_record(int fd, int on)
{
	return ioctl(fd, DTIOCRECORD, &on);
}

int
dtt_stats(int fd, struct dtioc_stat *st)
{
	memset(st, 0, sizeof(*st));
	return ioctl(fd, DTIOCGSTATS, st);
}

int
dtt_bufsize(int fd, uint32_t size)
{
	struct dtioc_bufsize bs;

	memset(&bs, 0, sizeof(bs));
	bs.dtbs_size = size;
	return ioctl(fd, DTIOCSETBUFSIZE, &bs);
}

int
dtt_pids(int fd, const pid_t *pids, unsigned int n)
{
	struct dtioc_pids pf;
	unsigned int i;

	memset(&pf, 0, sizeof(pf));
	pf.dtpf_npids = n;
	for (i = 0; i < n && i < DTMAXPIDS; i++)
		pf.dtpf_pids[i] = pids[i];
	return ioctl(fd, DTIOCSETPIDS, &pf);
}

int
dtt_set_allowdt(int v)
{
	char buf[16];
	int fd, len, rv = 0;

	if ((fd = open(DTT_ALLOWDT, O_WRONLY)) == -1)
		return -1;
	len = snprintf(buf, sizeof(buf), "%d\n", v);
	if (write(fd, buf, len) != len)
		rv = -1;
	close(fd);
	return rv;
}

int
dtt_get_allowdt(void)
{
	char buf[16];
	ssize_t r;
	int fd;

	if ((fd = open(DTT_ALLOWDT, O_RDONLY)) == -1)
		return -1;
	r = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (r <= 0)
		return -1;
	buf[r] = '\0';
	return atoi(buf);
}

/* The fetch results after the strings end the record, each whole. */
static int
evcheck_fetches(const struct dt_evt *ev, const char *p, size_t off)
{
	const char *end = (const char *)ev + ev->dtev_len;
	const struct dt_evt_fetch *ef;
	const unsigned char *data;
	unsigned int i;
	size_t pad;

	if (ev->dtev_nfetch > DTMAXFETCH) {
		dtt_fail(__FILE__, __LINE__, "event at offset %zu: %u fetches",
		    off, ev->dtev_nfetch);
		return 0;
	}
	for (i = 0; i < ev->dtev_nfetch; i++) {
		ef = (const struct dt_evt_fetch *)p;
		if ((const char *)(ef + 1) > end ||
		    (const char *)dt_evt_fetch_next(ef) > end ||
		    ef->dtef_idx != i || ef->dtef_len > DTMAXFETCHLEN ||
		    ((ef->dtef_flags & DTFR_STR) &&
		    dt_evt_fetch_data(ef)[ef->dtef_len] != 0)) {
			dtt_fail(__FILE__, __LINE__, "event at offset %zu: "
			    "fetch %u overruns the record or is malformed",
			    off, i);
			return 0;
		}
		data = dt_evt_fetch_data(ef);
		for (pad = dt_evt_fetch_size(ef);
		    pad < DT_ALIGN(dt_evt_fetch_size(ef)); pad++) {
			if (data[pad] != 0) {
				dtt_fail(__FILE__, __LINE__, "event at offset "
				    "%zu: fetch %u: padding byte %zu is %#x",
				    off, i, pad, data[pad]);
				break;
			}
		}
		p = (const char *)dt_evt_fetch_next(ef);
	}
	if (ev->dtev_nfetch > 0 && p != end) {
		dtt_fail(__FILE__, __LINE__, "event at offset %zu: %td bytes "
		    "after the fetches", off, end - p);
		return 0;
	}
	return 1;
}

/*
 * Whether the record at off is whole and consistent: a length that is a
 * multiple of 8, holds the header and every section it announces.
 */
static int
evcheck(const struct dtt_evbuf *eb, size_t off)
{
	const struct dt_evt *ev = (const struct dt_evt *)(eb->eb_data + off);
	const struct dt_evt_str *es;
	size_t need, pad;
	unsigned int i;

	if (eb->eb_len - off < sizeof(*ev) || ev->dtev_len % 8 != 0 ||
	    ev->dtev_len < sizeof(*ev) || ev->dtev_len > eb->eb_len - off) {
		dtt_fail(__FILE__, __LINE__, "event at offset %zu: length "
		    "%u, %zu bytes left", off, ev->dtev_len, eb->eb_len - off);
		return 0;
	}
	need = sizeof(*ev) + 8 * ((size_t)ev->dtev_nargs +
	    ev->dtev_nkstack + ev->dtev_nustack);
	if (ev->dtev_nargs > DTMAXFUNCARGS ||
	    ev->dtev_nkstack > DTMAXSTACKDEPTH ||
	    ev->dtev_nustack > DTMAXSTACKDEPTH ||
	    ev->dtev_nstrs > DTMAXSTRS || need > ev->dtev_len) {
		dtt_fail(__FILE__, __LINE__, "event at offset %zu: %u args,"
		    " %u+%u frames, %u strings in %u bytes", off,
		    ev->dtev_nargs, ev->dtev_nkstack, ev->dtev_nustack,
		    ev->dtev_nstrs, ev->dtev_len);
		return 0;
	}
	es = dt_evt_str_first(ev);
	for (i = 0; i < ev->dtev_nstrs; i++) {
		if ((const char *)(es + 1) > (const char *)ev + ev->dtev_len ||
		    (const char *)dt_evt_str_next(es) >
		    (const char *)ev + ev->dtev_len ||
		    dt_evt_str_text(es)[es->dtes_len] != '\0') {
			dtt_fail(__FILE__, __LINE__, "event at offset %zu: "
			    "string %u overruns the record", off, i);
			return 0;
		}
		/* No byte the program did not ask for: padding is zero. */
		for (pad = es->dtes_len + 1; pad < DT_ALIGN(es->dtes_len + 1);
		    pad++) {
			if (dt_evt_str_text(es)[pad] != '\0') {
				dtt_fail(__FILE__, __LINE__, "event at offset "
				    "%zu: string %u: padding byte %zu is %#x",
				    off, i, pad,
				    (unsigned char)dt_evt_str_text(es)[pad]);
				break;
			}
		}
		es = dt_evt_str_next(es);
	}
	return evcheck_fetches(ev, (const char *)es, off);
}

/* Read every event available now, checking each record. */
void
dtt_drain(int fd, struct dtt_evbuf *eb)
{
	size_t cap = 0, off;
	ssize_t r;
	char *nd;
	int fl;

	memset(eb, 0, sizeof(*eb));
	fl = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	for (;;) {
		if (cap - eb->eb_len < 256 * 1024) {
			cap = cap ? cap * 2 : 1024 * 1024;
			nd = realloc(eb->eb_data, cap);
			REQUIRE(nd != NULL, "realloc");
			eb->eb_data = nd;
		}
		r = read(fd, eb->eb_data + eb->eb_len, cap - eb->eb_len);
		if (r == -1 && errno == EAGAIN)
			break;
		if (r == -1) {
			dtt_fail(__FILE__, __LINE__, "read: %s",
			    dtt_errname(errno));
			break;
		}
		if (r == 0)
			break;
		off = eb->eb_len;
		eb->eb_len += r;
		while (off < eb->eb_len) {
			if (!evcheck(eb, off)) {
				eb->eb_len = off;
				goto out;
			}
			eb->eb_nev++;
			off += ((struct dt_evt *)(eb->eb_data + off))->dtev_len;
		}
	}
out:
	fcntl(fd, F_SETFL, fl);
}

void
dtt_evfree(struct dtt_evbuf *eb)
{
	free(eb->eb_data);
	memset(eb, 0, sizeof(*eb));
}

struct dt_evt *
dtt_first(const struct dtt_evbuf *eb)
{
	return eb->eb_len ? (struct dt_evt *)eb->eb_data : NULL;
}

struct dt_evt *
dtt_next(const struct dtt_evbuf *eb, const struct dt_evt *ev)
{
	const char *p = (const char *)ev + ev->dtev_len;

	return p < eb->eb_data + eb->eb_len ? (struct dt_evt *)p : NULL;
}

size_t
dtt_count(const struct dtt_evbuf *eb, uint32_t id, pid_t pid)
{
	struct dt_evt *ev;
	size_t c = 0;

	for (ev = dtt_first(eb); ev != NULL; ev = dtt_next(eb, ev))
		if (ev->dtev_pbn == id && (pid == 0 || ev->dtev_pid == pid))
			c++;
	return c;
}

/* The string of an event copied at argument argn, or NULL. */
const struct dt_evt_str *
dtt_evstr(const struct dt_evt *ev, unsigned int argn)
{
	const struct dt_evt_str *es;
	unsigned int i;

	es = dt_evt_str_first(ev);
	for (i = 0; i < ev->dtev_nstrs; i++) {
		if (es->dtes_argn == argn)
			return es;
		es = dt_evt_str_next(es);
	}
	return NULL;
}

/* The result of fetch idx of an event, or NULL. */
const struct dt_evt_fetch *
dtt_evfetch(const struct dt_evt *ev, unsigned int idx)
{
	const struct dt_evt_fetch *ef;
	unsigned int i;

	ef = dt_evt_fetch_first(ev);
	for (i = 0; i < ev->dtev_nfetch; i++) {
		if (ef->dtef_idx == idx)
			return ef;
		ef = dt_evt_fetch_next(ef);
	}
	return NULL;
}

/* DTIOCPRBFETCH: the n fetches f for the enabling of probe pbn. */
struct dtioc_fetch
dtt_fetchdesc(uint8_t src, uint8_t argn, uint8_t kind, uint16_t len,
    uint8_t flags)
{
	struct dtioc_fetch f;

	memset(&f, 0, sizeof(f));
	f.dtfe_src = src;
	f.dtfe_argn = argn;
	f.dtfe_kind = kind;
	f.dtfe_len = len;
	f.dtfe_flags = flags;
	return f;
}

int
dtt_fetch(int fd, uint32_t pbn, const struct dtioc_fetch *f, unsigned int n)
{
	struct dtioc_fetches dtfs;

	memset(&dtfs, 0, sizeof(dtfs));
	dtfs.dtfs_pbn = pbn;
	dtfs.dtfs_nfetch = n;
	dtfs.dtfs_fetches = (uintptr_t)f;
	return ioctl(fd, DTIOCPRBFETCH, &dtfs);
}

/*
 * A child named comm that blocks until dtt_go(), then runs fn(arg) and
 * exits: the parent, whose own events dt(4) never records, can enable
 * and start recording first.
 */
void
dtt_child(struct dtt_child *c, const char *comm, void (*fn)(void *),
    void *arg)
{
	int p[2];
	char b;

	REQUIRE(pipe(p) == 0, "pipe: %s", dtt_errname(errno));
	fflush(stdout);
	fflush(stderr);
	c->c_pid = fork();
	REQUIRE(c->c_pid != -1, "fork: %s", dtt_errname(errno));
	if (c->c_pid == 0) {
		close(p[1]);
		if (comm != NULL)
			prctl(PR_SET_NAME, comm, 0, 0, 0);
		if (read(p[0], &b, 1) != 1)
			_exit(2);
		fn(arg);
		_exit(0);
	}
	close(p[0]);
	c->c_go = p[1];
}

void
dtt_go(struct dtt_child *c)
{
	REQUIRE(write(c->c_go, "g", 1) == 1, "write: %s", dtt_errname(errno));
	close(c->c_go);
	c->c_go = -1;
}

/* The child's exit status, or -1 if it did not exit normally. */
int
dtt_wait(struct dtt_child *c)
{
	int st;

	if (c->c_go != -1) {
		close(c->c_go);
		c->c_go = -1;
	}
	if (waitpid(c->c_pid, &st, 0) == -1 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

/* Run on one CPU only. */
void
dtt_pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	CHECK(sched_setaffinity(0, sizeof(set), &set) == 0,
	    "sched_setaffinity cpu %d: %s", cpu, dtt_errname(errno));
}

/* A child's work: getppid() c->gc_n times on CPU c->gc_cpu (< 0: any). */
void
dtt_getppids(void *arg)
{
	const struct dtt_calls *c = arg;
	int i;

	if (c->gc_cpu >= 0)
		dtt_pin(c->gc_cpu);
	for (i = 0; i < c->gc_n; i++)
		getppid();
}

struct dtt_ksym {
	uint64_t	 addr;
	char		*name;
};
static struct dtt_ksym	*ksyms;
static size_t		 nksyms;

static int
ksymcmp(const void *a, const void *b)
{
	const struct dtt_ksym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static void
ksyms_load(void)
{
	FILE *f;
	char line[512], sym[256], type;
	unsigned long long a;
	size_t cap = 0;

	if (ksyms != NULL)
		return;
	f = fopen("/proc/kallsyms", "r");
	REQUIRE(f != NULL, "/proc/kallsyms: %s", dtt_errname(errno));
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "%llx %c %255s", &a, &type, sym) != 3 ||
		    (type != 't' && type != 'T'))
			continue;
		if (nksyms == cap) {
			cap = cap ? 2 * cap : 65536;
			ksyms = realloc(ksyms, cap * sizeof(*ksyms));
			REQUIRE(ksyms != NULL, "realloc");
		}
		ksyms[nksyms].addr = a;
		ksyms[nksyms].name = strdup(sym);
		REQUIRE(ksyms[nksyms].name != NULL, "strdup");
		nksyms++;
	}
	fclose(f);
	REQUIRE(ksyms != NULL, "/proc/kallsyms: no text symbol");
	qsort(ksyms, nksyms, sizeof(*ksyms), ksymcmp);
}

const char *
dtt_ksym(uint64_t pc)
{
	size_t lo = 0, hi, mid;

	ksyms_load();
	hi = nksyms;
	while (hi - lo > 1) {
		mid = (lo + hi) / 2;
		if (ksyms[mid].addr <= pc)
			lo = mid;
		else
			hi = mid;
	}
	return ksyms[lo].addr <= pc ? ksyms[lo].name : "";
}

int
dtt_ksym_exists(const char *name)
{
	size_t i;

	ksyms_load();
	for (i = 0; i < nksyms; i++)
		if (strcmp(ksyms[i].name, name) == 0)
			return 1;
	return 0;
}

/* The address of kernel symbol name of any type (a variable too), 0. */
uint64_t
dtt_kaddr(const char *name)
{
	FILE *f;
	char line[512], sym[256], type;
	unsigned long long a;
	uint64_t addr = 0;

	f = fopen("/proc/kallsyms", "r");
	REQUIRE(f != NULL, "/proc/kallsyms: %s", dtt_errname(errno));
	while (addr == 0 && fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "%llx %c %255s", &a, &type, sym) == 3 &&
		    strcmp(sym, name) == 0)
			addr = a;
	fclose(f);
	return addr;
}

int
dtt_unload(void)
{
	return syscall(SYS_delete_module, "dt", O_NONBLOCK);
}

int
dtt_load(const char *ko, const char *params)
{
	int fd, rv;

	if ((fd = open(ko, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	rv = syscall(SYS_finit_module, fd, params, 0);
	close(fd);
	return rv;
}

/* The device node comes and goes with the module (devtmpfs). */
int
dtt_wait_dev(int present)
{
	struct stat sb;
	int i;

	for (i = 0; i < 200; i++) {
		if ((stat(DTT_DEV, &sb) == 0) == present)
			return 1;
		dtt_sleep(10);
	}
	return 0;
}

/* The loopback interface up, as a guest may boot without it. */
void
dtt_lo_up(void)
{
	struct ifreq ifr;
	int s = socket(AF_INET, SOCK_DGRAM, 0);

	memset(&ifr, 0, sizeof(ifr));
	strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
	if (s == -1 || ioctl(s, SIOCGIFFLAGS, &ifr) == -1) {
		if (s != -1)
			close(s);
		return;
	}
	ifr.ifr_flags |= IFF_UP;
	ioctl(s, SIOCSIFFLAGS, &ifr);
	close(s);
}

/* One UDP datagram to the discard port of the loopback address. */
void
dtt_udp_loopback(void)
{
	struct sockaddr_in sin;
	int s;

	s = socket(AF_INET, SOCK_DGRAM, 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(9);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sendto(s, "dt", 2, 0, (struct sockaddr *)&sin, sizeof(sin));
	close(s);
}

/* A child that makes system calls as fast as it can until killed. */
pid_t
dtt_hammer(void)
{
	pid_t pid;
	int fd;

	pid = fork();
	REQUIRE(pid != -1, "fork: %s", dtt_errname(errno));
	if (pid == 0) {
		for (;;) {
			getppid();
			fd = open("/nonexistent/dtt", O_RDONLY);
			if (fd != -1)
				close(fd);
			syscall(SYS_getpid);
		}
	}
	return pid;
}

void
dtt_reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

uint64_t
dtt_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Keep this CPU busy in user mode for ms milliseconds. */
void
dtt_spin(unsigned int ms)
{
	uint64_t end = dtt_now() + (uint64_t)ms * 1000000;
	volatile unsigned long x = 0;

	while (dtt_now() < end)
		for (int i = 0; i < 1000; i++)
			x++;
}

void
dtt_sleep(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}

/* Record only the child and its descendants. */
void
dtt_follow(int fd, const struct dtt_child *c)
{
	REQUIRE(dtt_pids(fd, &c->c_pid, 1) == 0, "DTIOCSETPIDS: %s",
	    dtt_errname(errno));
}

size_t
dtt_fired(int fd, uint32_t id, void (*fn)(void *))
{
	struct dtt_child c;
	struct dtt_evbuf eb;
	size_t n;

	dtt_child(&c, NULL, fn, NULL);
	dtt_follow(fd, &c);
	dtt_trace(fd, &c, &eb);
	n = dtt_count(&eb, id, c.c_pid);
	dtt_evfree(&eb);
	return n;
}

/*
 * The usual run: record while the child does its work, stop, and take
 * every event recorded into eb.
 */
void
dtt_trace(int fd, struct dtt_child *c, struct dtt_evbuf *eb)
{
	REQUIRE(dtt_record(fd, 1) == 0, "DTIOCRECORD: %s",
	    dtt_errname(errno));
	dtt_go(c);
	CHECK(dtt_wait(c) == 0, "the child failed");
	CHECK_OK(dtt_record(fd, 0));
	dtt_drain(fd, eb);
}
