/*
 * trace_event_fields: any trace event of the kernel is a probe made on
 * demand (tracepoint:SYSTEM:EVENT, DTPI_RECORD), whose events carry the
 * event's record as tracefs' format describes it: on a failing openat,
 * syscalls:sys_enter_openat has the call number, flags and, copied as a
 * user string at the word of its offset, the filename;
 * syscalls:sys_exit_openat has ret -ENOENT; task:task_newtask has the
 * child's pid and comm (a char array); net:net_dev_queue, for a datagram
 * sent over the loopback, the device name "lo" at a __data_loc.  Names
 * that are no event are ENOENT, bad ones EINVAL, and ftrace's own events
 * are not offered.
 */

#define _GNU_SOURCE

#include <sys/syscall.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtt.h"

#define EVENTS	"/sys/kernel/tracing/events"

#define field(sysev, name)	dtt_tpfield(sysev, name)

/* Mark field f wanted in recbytes (as `how', DTRB_*); its end. */
static uint16_t
want(uint8_t *recbytes, struct dtt_field f, int how)
{
	memset(recbytes + f.off, DTRB_WANT, f.size);
	recbytes[f.off] = how;
	return f.off + f.size;
}

static int
event_id(const char *sysev)
{
	char path[256];
	FILE *fp;
	int id = -1;

	snprintf(path, sizeof(path), "%s/%s/id", EVENTS, sysev);
	if ((fp = fopen(path, "r")) != NULL) {
		if (fscanf(fp, "%d", &id) != 1)
			id = -1;
		fclose(fp);
	}
	return id;
}

/* The value of a field of a record, sign-extended from its size. */
static int64_t
rec_int(const struct dt_evt *ev, struct dtt_field f)
{
	const char *rec = (const char *)dt_evt_args(ev);
	int64_t v = 0;

	if (f.off + f.size > ev->dtev_nargs * 8)
		return -0x7fffffff;
	switch (f.size) {
	case 1: v = *(const int8_t *)(rec + f.off); break;
	case 2: v = *(const int16_t *)(rec + f.off); break;
	case 4: v = *(const int32_t *)(rec + f.off); break;
	case 8: v = *(const int64_t *)(rec + f.off); break;
	}
	return v;
}

static const char *
rec_ptr(const struct dt_evt *ev, int off)
{
	return (const char *)dt_evt_args(ev) + off;
}

static char path[128];

static void
calls(void *arg)
{
	(void)arg;
	syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
	if (fork() == 0)
		_exit(0);
	dtt_udp_loopback();
}

int
main(void)
{
	struct dtt_field nr, fname, flags, ret, tpid, tcomm, dname, ctype;
	uint8_t rent[256] = { 0 }, rext[256] = { 0 }, rnew[256] = { 0 };
	uint8_t rndq[256] = { 0 };
	uint16_t lent = 0, lext, lnew = 0, lndq;
	struct dtt_evbuf eb;
	struct dtt_child c;
	struct dt_evt *ev;
	const struct dt_evt_str *es;
	uint32_t ent, ext, newt, ndq, sw;
	uint32_t loc;
	int fd, nent = 0, next = 0, nnew = 0, nndq = 0, fw;

	snprintf(path, sizeof(path), "/nonexistent/dtt-tpev-%d", getpid());
	dtt_lo_up();
	fd = dtt_open();
	ent = dtt_probe_create(fd, "tracepoint", "syscalls", "sys_enter_openat");
	ext = dtt_probe_create(fd, "tracepoint", "syscalls", "sys_exit_openat");
	newt = dtt_probe_create(fd, "tracepoint", "task", "task_newtask");
	ndq = dtt_probe_create(fd, "tracepoint", "net", "net_dev_queue");
	CHECK(dtt_create(fd, "tracepoint", "syscalls", "sys_enter_openat") ==
	    ent, "creating the probe again gave another id");
	CHECK(dtt_probe_flags(fd, ent) & DTPI_RECORD, "sys_enter_openat: "
	    "flags %#x, want DTPI_RECORD", dtt_probe_flags(fd, ent));
	CHECK(dtt_probe_nargs(fd, ent) == 0, "sys_enter_openat: %d "
	    "arguments, want 0 (tracefs describes them)",
	    dtt_probe_nargs(fd, ent));
	/* A curated probe keeps its own name and arguments. */
	sw = dtt_probe_create(fd, "tracepoint", "sched", "sched_switch");
	CHECK(!(dtt_probe_flags(fd, sw) & DTPI_RECORD) &&
	    sw == dtt_probe(fd, "tracepoint", "sched", "sched_switch"),
	    "sched_switch is not the curated probe");

	CHECK_ERRNO(dtt_create(fd, "tracepoint", "syscalls", "sys_enter_nosuch")
	    == 0 ? -1 : 0, ENOENT);
	CHECK_ERRNO(dtt_create(fd, "tracepoint", "nosuch", "event") == 0 ?
	    -1 : 0, ENOENT);
	CHECK_ERRNO(dtt_create(fd, "tracepoint", "ftrace", "function") == 0 ?
	    -1 : 0, ENOENT);
	CHECK_ERRNO(dtt_create(fd, "tracepoint", "sched/..", "x") == 0 ?
	    -1 : 0, EINVAL);
	CHECK_ERRNO(dtt_create(fd, "tracepoint", "sched", "sched*") == 0 ?
	    -1 : 0, EINVAL);

	ctype = field("syscalls/sys_enter_openat", "common_type");
	nr = field("syscalls/sys_enter_openat", "__syscall_nr");
	fname = field("syscalls/sys_enter_openat", "filename");
	flags = field("syscalls/sys_enter_openat", "flags");
	ret = field("syscalls/sys_exit_openat", "ret");
	tpid = field("task/task_newtask", "pid");
	tcomm = field("task/task_newtask", "comm");
	dname = field("net/net_dev_queue", "name");
	REQUIRE(fname.off % 8 == 0 && fname.off / 8 < DTMAXFUNCARGS,
	    "filename at offset %d: not a word dt can copy a string at",
	    fname.off);
	fw = fname.off / 8;

	/* A string only at words below DTMAXFUNCARGS. */
	CHECK_ERRNO(dtt_enable_str(fd, ent, DTEVT_FUNCARGS,
	    1U << DTMAXFUNCARGS, 0), EINVAL);
	/* The fields checked below are asked for (dtrq_recbytes). */
	REQUIRE(fname.off + fname.size <= 256 && dname.off + 4 <= 256 &&
	    tcomm.off + tcomm.size <= 256 && tpid.off + tpid.size <= 256,
	    "fields beyond the first 256 bytes");
	want(rent, ctype, DTRB_WANT);
	want(rent, nr, DTRB_WANT);
	lent = want(rent, fname, DTRB_WANT);
	if (flags.off + flags.size > lent)
		lent = flags.off + flags.size;
	want(rent, flags, DTRB_WANT);
	lext = want(rext, ret, DTRB_WANT);
	lnew = want(rnew, tpid, DTRB_WANT);
	if (want(rnew, tcomm, DTRB_WANT) > lnew)
		lnew = tcomm.off + tcomm.size;
	lndq = want(rndq, dname, DTRB_DATALOC);
	CHECK_OK(dtt_enable_rec(fd, ent, DTEVT_FUNCARGS | DTEVT_EXECNAME,
	    1U << fw, rent, lent));
	CHECK_OK(dtt_enable_rec(fd, ext, DTEVT_FUNCARGS, 0, rext, lext));
	CHECK_OK(dtt_enable_rec(fd, newt, DTEVT_FUNCARGS, 0, rnew, lnew));
	CHECK_OK(dtt_enable_rec(fd, ndq, DTEVT_FUNCARGS, 0, rndq, lndq));
	dtt_child(&c, "dtt-tpev", calls, NULL);
	dtt_trace(fd, &c, &eb);

	for (ev = dtt_first(&eb); ev != NULL; ev = dtt_next(&eb, ev)) {
		if (ev->dtev_pbn == ent && ev->dtev_pid == c.c_pid) {
			CHECK(rec_int(ev, ctype) ==
			    event_id("syscalls/sys_enter_openat"),
			    "common_type %lld, want the event's id %d",
			    (long long)rec_int(ev, ctype),
			    event_id("syscalls/sys_enter_openat"));
			CHECK(rec_int(ev, nr) == SYS_openat, "__syscall_nr "
			    "%lld, want %d", (long long)rec_int(ev, nr),
			    SYS_openat);
			CHECK(rec_int(ev, flags) == (O_RDONLY | O_CLOEXEC),
			    "flags %#llx", (long long)rec_int(ev, flags));
			CHECK((uint64_t)rec_int(ev, fname) == (uintptr_t)path,
			    "filename word is not the path pointer");
			es = dtt_evstr(ev, fw);
			CHECK(es != NULL && es->dtes_flags == 0 &&
			    strcmp(dt_evt_str_text(es), path) == 0,
			    "filename \"%s\", want \"%s\"",
			    es ? dt_evt_str_text(es) : "(none)", path);
			nent++;
		} else if (ev->dtev_pbn == ext && ev->dtev_pid == c.c_pid) {
			CHECK(rec_int(ev, ret) == -ENOENT, "ret %lld, want "
			    "-ENOENT", (long long)rec_int(ev, ret));
			CHECK(ev->dtev_nstrs == 0, "strings not asked for");
			next++;
		} else if (ev->dtev_pbn == newt && ev->dtev_pid == c.c_pid) {
			CHECK(rec_int(ev, tpid) > c.c_pid &&
			    strncmp(rec_ptr(ev, tcomm.off), "dtt-tpev",
			    tcomm.size) == 0, "task_newtask pid %lld comm "
			    "\"%.16s\"", (long long)rec_int(ev, tpid),
			    rec_ptr(ev, tcomm.off));
			nnew++;
		} else if (ev->dtev_pbn == ndq && ev->dtev_pid == c.c_pid) {
			/* __data_loc: offset in the low, length high half. */
			loc = (uint32_t)rec_int(ev, dname);
			CHECK((loc & 0xffff) + (loc >> 16) <=
			    ev->dtev_nargs * 8u && strcmp(rec_ptr(ev,
			    loc & 0xffff), "lo") == 0, "net_dev_queue name "
			    "at %#x: \"%s\"", loc, (loc & 0xffff) <
			    ev->dtev_nargs * 8u ? rec_ptr(ev, loc & 0xffff) :
			    "(outside)");
			nndq++;
		}
	}
	CHECK(nent == 1, "%d sys_enter_openat events, want 1", nent);
	CHECK(next == 1, "%d sys_exit_openat events, want 1", next);
	CHECK(nnew == 1, "%d task_newtask events, want 1", nnew);
	CHECK(nndq >= 1, "%d net_dev_queue events, want 1 at least", nndq);
	dtt_evfree(&eb);
	close(fd);
	return dtt_done();
}
