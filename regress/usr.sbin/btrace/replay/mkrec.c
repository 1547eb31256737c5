/*
 * Write a small recording by hand, as btrace -w would have written it,
 * so that replay is tested without a kernel: two openat probes with
 * their argument tables, events on two CPUs out of order, copied path
 * strings (one truncated) and a failed open.
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
probe(uint32_t pbn, const char *prov, const char *func, const char *name,
    int nargs)
{
	struct dtioc_probe_info pi;
	struct dtioc_arg_info ai[4];

	memset(&pi, 0, sizeof(pi));
	pi.dtpi_pbn = pbn;
	pi.dtpi_nargs = nargs;
	strncpy(pi.dtpi_prov, prov, DTNAMESIZE - 1);
	strncpy(pi.dtpi_func, func, DTNAMESIZE - 1);
	strncpy(pi.dtpi_name, name, DTNAMESIZE - 1);
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

int
main(int argc, char *argv[])
{
	struct dtioc_stat st;

	if (argc != 2)
		errx(1, "usage: mkrec file");
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
