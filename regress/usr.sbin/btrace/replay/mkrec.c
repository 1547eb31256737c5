/*
 * Write a small recording by hand, as btrace -w would have written it,
 * so that replay is tested without a kernel: two openat probes with
 * their argument tables, events on two CPUs out of order, copied path
 * strings (one truncated) and a failed open.
 *
 * With two more operands, a second recording of trace event probes
 * (DTPI_RECORD) made as -w makes them: the formats of the tracefs copy
 * TRACEFS (../tracefs) and records of those formats, a user string of
 * a char pointer field and a __data_loc string in the record.
 *
 * With a fourth operand, a third recording of kernel data reads, as -w
 * makes it for kdata.bt over the test BTF (struct later): the probe's
 * fetches (REC_FETCH), then events carrying their results: bytes, a
 * pointer followed, a string, and a read that faulted.
 *
 * With a fifth, a fourth of argument vectors, as -w makes it for
 * join.bt (struct vec): strings as dt(4) packs them, and as a bad
 * recording might: without the last NUL, more than DTMAXFETCHSTRV,
 * cut (DTFR_TRUNC) and faulted.
 *
 *	mkrec FILE [TPFILE TRACEFS [KDFILE [JOINFILE]]]
 */

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dev/dt/dtvar.h>

#include "rec.h"

static unsigned char	 buf[8192];
static size_t		 len;

static void
arginfo(struct dtioc_arg_info *ai, uint32_t pbn, int n, const char *type,
    const char *name)
{
	memset(ai, 0, sizeof(*ai));
	ai->dtai_pbn = pbn;
	ai->dtai_argn = n;
	strncpy(ai->dtai_argtype, type, DTNAMESIZE - 1);
	strncpy(ai->dtai_argname, name, DTNAMESIZE - 1);
}

static void
probe_info(struct dtioc_probe_info *pi, uint32_t pbn, const char *prov,
    const char *func, const char *name)
{
	memset(pi, 0, sizeof(*pi));
	pi->dtpi_pbn = pbn;
	strncpy(pi->dtpi_prov, prov, DTNAMESIZE - 1);
	strncpy(pi->dtpi_func, func, DTNAMESIZE - 1);
	strncpy(pi->dtpi_name, name, DTNAMESIZE - 1);
}

static void
probe(uint32_t pbn, const char *prov, const char *func, const char *name,
    int nargs)
{
	struct dtioc_probe_info pi;
	struct dtioc_arg_info ai[4];

	probe_info(&pi, pbn, prov, func, name);
	pi.dtpi_nargs = nargs;
	arginfo(&ai[0], pbn, 0, "int", "dfd");
	arginfo(&ai[1], pbn, 1, "const char __user *", "filename");
	arginfo(&ai[2], pbn, 2, "int", "flags");
	arginfo(&ai[3], pbn, 3, "umode_t", "mode");
	rec_write(REC_PROBE, &pi, sizeof(pi), ai, nargs * sizeof(ai[0]));
}

static void
event(uint32_t pbn, uint32_t cpu, int pid, const char *comm, uint64_t ts,
    int ret, int64_t retval, int error, const char *path, int trunc)
{
	struct dt_evt *ev = (struct dt_evt *)(buf + len);
	struct dt_evt_str *es;
	__u64 *args;
	size_t n = sizeof(*ev);

	memset(ev, 0, sizeof(*ev));
	ev->dtev_pbn = pbn;
	ev->dtev_cpu = cpu;
	ev->dtev_pid = ev->dtev_tid = pid;
	ev->dtev_ppid = 1;
	ev->dtev_uid = 1000;
	ev->dtev_gid = 1000;
	ev->dtev_tsp = ts;
	strncpy(ev->dtev_comm, comm, DTMAXCOMLEN - 1);
	ev->dtev_flags = DTEVT_EXECNAME;
	if (ret) {
		ev->dtev_flags |= DTEVT_RETURN;
		ev->dtev_retval = retval;
		ev->dtev_errno = error;
	} else {
		ev->dtev_flags |= DTEVT_FUNCARGS;
		ev->dtev_nargs = 4;
		args = dt_evt_args(ev);
		args[0] = (__u64)-100;
		args[1] = 0x7ffc0000 + pid;
		args[2] = 0;
		args[3] = 0;
		n += 4 * sizeof(__u64);
		ev->dtev_nstrs = 1;
		es = dt_evt_str_first(ev);
		memset(es, 0, sizeof(*es));
		es->dtes_argn = 1;
		es->dtes_len = strlen(path);
		es->dtes_flags = trunc ? DTSTR_TRUNC : 0;
		memset(dt_evt_str_text(es), 0, DT_ALIGN(es->dtes_len + 1));
		memcpy(dt_evt_str_text(es), path, es->dtes_len);
		n += sizeof(*es) + DT_ALIGN(es->dtes_len + 1);
	}
	ev->dtev_len = n;
	len += n;
}

/* A trace event probe and, after the clock, its format (formats()). */
static void
tp_probe(uint32_t pbn, const char *system, const char *event)
{
	struct dtioc_probe_info pi;

	probe_info(&pi, pbn, "tracepoint", system, event);
	pi.dtpi_flags = DTPI_RECORD;
	rec_write(REC_PROBE, &pi, sizeof(pi), NULL, 0);
}

static void
tp_format(const char *tracefs, uint32_t pbn, const char *system,
    const char *event)
{
	struct rec_format rfm;
	char path[1024], text[8192];
	size_t n;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/events/%s/%s/format", tracefs,
	    system, event);
	if ((fp = fopen(path, "r")) == NULL)
		err(1, "%s", path);
	n = fread(text, 1, sizeof(text), fp);
	fclose(fp);
	memset(&rfm, 0, sizeof(rfm));
	rfm.rfm_pbn = pbn;
	rec_write(REC_FORMAT, &rfm, sizeof(rfm), text, n);
}

/*
 * A trace event: `nwords' words of record, and the user string of word
 * `strword' if path is not NULL.
 */
static void
tp_event(uint32_t pbn, int pid, const char *comm, uint64_t ts,
    const void *rec, int nwords, int strword, const char *path)
{
	struct dt_evt *ev = (struct dt_evt *)(buf + len);
	struct dt_evt_str *es;
	size_t n = sizeof(*ev);

	memset(ev, 0, sizeof(*ev));
	ev->dtev_pbn = pbn;
	ev->dtev_pid = ev->dtev_tid = pid;
	ev->dtev_ppid = 1;
	ev->dtev_tsp = ts;
	strncpy(ev->dtev_comm, comm, DTMAXCOMLEN - 1);
	ev->dtev_flags = DTEVT_EXECNAME | DTEVT_PID | DTEVT_FUNCARGS;
	ev->dtev_nargs = nwords;
	memcpy(dt_evt_args(ev), rec, nwords * 8);
	n += nwords * 8;
	if (path != NULL) {
		ev->dtev_nstrs = 1;
		es = (struct dt_evt_str *)((char *)ev + n);
		memset(es, 0, sizeof(*es));
		es->dtes_argn = strword;
		es->dtes_len = strlen(path);
		memset(dt_evt_str_text(es), 0, DT_ALIGN(es->dtes_len + 1));
		memcpy(dt_evt_str_text(es), path, es->dtes_len);
		n += sizeof(*es) + DT_ALIGN(es->dtes_len + 1);
	}
	ev->dtev_len = n;
	len += n;
}

/* openat(2)'s record: nr, dfd, filename, flags, mode at 8 to 47. */
static void
tp_openat(int pid, const char *comm, uint64_t ts, int64_t dfd,
    const char *path, uint64_t flags)
{
	uint64_t rec[6] = { 0, 257, (uint64_t)dfd, 0x7ffc1000, flags, 0 };

	tp_event(5, pid, comm, ts, rec, 6, 3, path);
}

/* sched_process_exec's: filename (__data_loc), pid, old_pid. */
static void
tp_exec(int pid, uint64_t ts, const char *path)
{
	unsigned char rec[160];
	uint32_t loc = 20 | (uint32_t)(strlen(path) + 1) << 16;
	int32_t p = pid;

	memset(rec, 0, sizeof(rec));
	memcpy(rec + 8, &loc, 4);
	memcpy(rec + 12, &p, 4);
	memcpy(rec + 16, &p, 4);
	memcpy(rec + 20, path, strlen(path) + 1);
	tp_event(6, pid, "sh", ts, rec, (20 + strlen(path) + 1 + 7) / 8, 0,
	    NULL);
}

static void
tp_recording(const char *file, const char *tracefs)
{
	struct dtioc_clock cl;
	struct dtioc_stat st;

	rec_create(file);
	tp_probe(5, "syscalls", "sys_enter_openat");
	tp_probe(6, "sched", "sched_process_exec");
	memset(&cl, 0, sizeof(cl));
	cl.dtcl_mono = 500;
	cl.dtcl_real = 1700000000ULL * 1000000000ULL;
	rec_write(REC_CLOCK, &cl, sizeof(cl), NULL, 0);
	tp_format(tracefs, 5, "syscalls", "sys_enter_openat");
	tp_format(tracefs, 6, "sched", "sched_process_exec");
	len = 0;
	tp_exec(300, 1000, "/usr/bin/cat");
	tp_openat(300, "cat", 2000, -100, "/etc/passwd", 0x80000);
	tp_openat(300, "cat", 3000, 5, "/nonexistent", 0x241);
	/* A record of more words than a function has arguments. */
	tp_exec(301, 4000, "/usr/lib/x86_64-linux-gnu/some/deeply/nested/"
	    "directory/of/programs/bin/a-program-with-a-long-name");
	rec_write(REC_EVENTS, buf, len, NULL, 0);
	memset(&st, 0, sizeof(st));
	st.dtst_readevt = 4;
	rec_write(REC_STATS, &st, sizeof(st), NULL, 0);
	rec_close();
}

/* A fetch from argument 0, its steps ADD off then DEREF 8 if off. */
static void
kd_fetch(struct dtioc_fetch *f, int64_t off, int kind, int len)
{
	memset(f, 0, sizeof(*f));
	f->dtfe_src = DTFS_ARG;
	f->dtfe_kind = kind;
	f->dtfe_len = len;
	if (off != 0) {
		f->dtfe_nsteps = 2;
		f->dtfe_steps[0].dtst_op = DTFO_ADD;
		f->dtfe_steps[0].dtst_off = off;
		f->dtfe_steps[1].dtst_op = DTFO_DEREF;
		f->dtfe_steps[1].dtst_size = 8;
	}
}

/* One fetch result, data of n bytes (a string: its NUL follows). */
static size_t
kd_result(unsigned char *at, int idx, int flags, const void *data, int n)
{
	struct dt_evt_fetch *ef = (struct dt_evt_fetch *)at;
	size_t size = n + ((flags & DTFR_STR) ? 1 : 0);

	memset(ef, 0, sizeof(*ef) + DT_ALIGN(size));
	ef->dtef_idx = idx;
	ef->dtef_flags = flags;
	ef->dtef_len = n;
	if (flags & DTFR_FAULT)
		ef->dtef_step = 2;
	memcpy(dt_evt_fetch_data(ef), data, n);
	return sizeof(*ef) + DT_ALIGN(size);
}

/*
 * An event of kprobe:do_thing: struct later { long q; struct later *r; }
 * at arg0 holds q and r, r->q, and str(r); or r faults when followed.
 */
static void
kd_event(int pid, uint64_t ts, int64_t q, uint64_t r, int64_t rq,
    const char *rstr)
{
	struct dt_evt *ev = (struct dt_evt *)(buf + len);
	unsigned char *at;
	int64_t qr[2] = { q, (int64_t)r };

	memset(ev, 0, sizeof(*ev));
	ev->dtev_pbn = 9;
	ev->dtev_pid = ev->dtev_tid = pid;
	ev->dtev_tsp = ts;
	strncpy(ev->dtev_comm, "kd", DTMAXCOMLEN - 1);
	ev->dtev_flags = DTEVT_EXECNAME;
	ev->dtev_nfetch = 3;
	at = (unsigned char *)(ev + 1);
	at += kd_result(at, 0, 0, qr, 16);
	if (rstr == NULL) {
		at += kd_result(at, 1, DTFR_FAULT, NULL, 0);
		at += kd_result(at, 2, DTFR_FAULT | DTFR_STR, NULL, 0);
	} else {
		at += kd_result(at, 1, 0, &rq, 8);
		at += kd_result(at, 2, DTFR_STR, rstr, strlen(rstr));
	}
	ev->dtev_len = at - (unsigned char *)ev;
	len += ev->dtev_len;
}

/* A kernel data recording begins: kprobe:FUNC:entry as probe pbn. */
static void
kd_begin(const char *file, uint32_t pbn, const char *func)
{
	struct dtioc_probe_info pi;
	struct dtioc_clock cl;

	rec_create(file);
	probe_info(&pi, pbn, "kprobe", func, "entry");
	pi.dtpi_nargs = 6;
	rec_write(REC_PROBE, &pi, sizeof(pi), NULL, 0);
	memset(&cl, 0, sizeof(cl));
	rec_write(REC_CLOCK, &cl, sizeof(cl), NULL, 0);
	len = 0;
}

/* ... and ends with its nevents events. */
static void
kd_end(uint64_t nevents)
{
	struct dtioc_stat st;

	rec_write(REC_EVENTS, buf, len, NULL, 0);
	memset(&st, 0, sizeof(st));
	st.dtst_readevt = nevents;
	rec_write(REC_STATS, &st, sizeof(st), NULL, 0);
	rec_close();
	len = 0;
}

static void
kd_recording(const char *file)
{
	struct {
		struct rec_fetch	h;
		struct dtioc_fetch	f[3];
	} fs;

	kd_begin(file, 9, "do_thing");
	memset(&fs, 0, sizeof(fs));
	fs.h.rfe_pbn = 9;
	fs.h.rfe_nfetch = 3;
	kd_fetch(&fs.f[0], 0, DTFK_BYTES, 16);
	kd_fetch(&fs.f[1], 8, DTFK_BYTES, 8);
	kd_fetch(&fs.f[2], 8, DTFK_STR, 128);
	rec_write(REC_FETCH, &fs, sizeof(fs), NULL, 0);
	kd_event(400, 1000, 42, 0xffff888000001000ULL, -7, "next");
	kd_event(400, 2000, 43, 0x10, 0, NULL);
	kd_end(2);
}

/* An event of kprobe:do_vec whose vector fetch gave n bytes, flags. */
static void
kdv_event(uint64_t ts, int flags, const char *data, int n)
{
	struct dt_evt *ev = (struct dt_evt *)(buf + len);
	unsigned char *at;

	memset(ev, 0, sizeof(*ev));
	ev->dtev_pbn = 10;
	ev->dtev_pid = ev->dtev_tid = 500;
	ev->dtev_tsp = ts;
	ev->dtev_nfetch = 1;
	at = (unsigned char *)(ev + 1);
	at += kd_result(at, 0, flags, data, n);
	ev->dtev_len = at - (unsigned char *)ev;
	len += ev->dtev_len;
}

static void
kdv_recording(const char *file)
{
	struct {
		struct rec_fetch	h;
		struct dtioc_fetch	f;
	} fs;
	char empties[20];

	kd_begin(file, 10, "do_vec");
	/* ((struct vec *)arg0)->argv: the pointer at arg0, its strings. */
	memset(&fs, 0, sizeof(fs));
	fs.h.rfe_pbn = 10;
	fs.h.rfe_nfetch = 1;
	fs.f.dtfe_src = DTFS_ARG;
	fs.f.dtfe_kind = DTFK_STRV;
	fs.f.dtfe_len = DTMAXFETCHLEN;
	fs.f.dtfe_nsteps = 1;
	fs.f.dtfe_steps[0].dtst_op = DTFO_DEREF;
	fs.f.dtfe_steps[0].dtst_size = 8;
	rec_write(REC_FETCH, &fs, sizeof(fs), NULL, 0);
	memset(empties, 0, sizeof(empties));
	kdv_event(1000, 0, "a\0bb\0ccc", 9);
	kdv_event(2000, 0, "", 0);
	kdv_event(3000, 0, "x\0yz", 4);
	kdv_event(4000, 0, empties, sizeof(empties));
	kdv_event(5000, DTFR_TRUNC, "p\0q", 4);
	kdv_event(6000, DTFR_FAULT, "ok\0", 4);
	kdv_event(7000, DTFR_TRUNC, "r\0s", 4);
	kd_end(7);
}

int
main(int argc, char *argv[])
{
	struct dtioc_stat st;

	if (argc < 2 || argc == 3 || argc > 6)
		errx(1, "usage: mkrec file [tpfile tracefs [kdfile "
		    "[joinfile]]]");
	if (argc == 6)
		kdv_recording(argv[5]);
	if (argc >= 5)
		kd_recording(argv[4]);
	if (argc >= 4) {
		tp_recording(argv[2], argv[3]);
		len = 0;
	}
	rec_create(argv[1]);
	probe(7, "syscall", "openat", "entry", 4);
	probe(8, "syscall", "openat", "return", 0);

	/* One read: CPU 1's ring, then CPU 0's, as the kernel returns them. */
	event(7, 1, 300, "cat", 2000, 0, 0, 0, "/etc/passwd", 0);
	event(8, 1, 300, "cat", 2500, 1, 3, 0, NULL, 0);
	event(7, 0, 200, "ls", 1000, 0, 0, 0, "/nonexistent", 0);
	event(8, 0, 200, "ls", 1500, 1, -1, 2, NULL, 0);
	rec_write(REC_EVENTS, buf, len, NULL, 0);

	len = 0;
	event(7, 0, 200, "ls", 3000, 0, 0, 0, "/very/long/pa", 1);
	event(8, 0, 200, "ls", 3500, 1, -1, 2, NULL, 0);
	rec_write(REC_EVENTS, buf, len, NULL, 0);

	memset(&st, 0, sizeof(st));
	st.dtst_readevt = 6;
	rec_write(REC_STATS, &st, sizeof(st), NULL, 0);
	rec_close();
	return 0;
}
