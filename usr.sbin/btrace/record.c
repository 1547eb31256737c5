/*
 * Recordings (-w) and their replay (-r): writing the events as they are
 * read, with what evaluating them later needs, and reading them back in
 * place of the kernel.  The file format is in rec.h.
 */

#include <sys/ioctl.h>

#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "btrace.h"
#include "dt.h"
#include "dtint.h"
#include "rec.h"
#include "syms.h"

static struct rec_file	 replayfile;
static uint64_t		 nrecorded;

static pid_t	*stackpids;		/* -w: processes with user stacks */
static size_t	 nstackpids;

/*
 * A kernel stack while recording: only the symbols its frames fall in
 * are saved, not all of kallsyms.
 */
static struct ksym	*usedksyms;
static size_t		 nusedksyms, usedksymscap;

/*
 * -w with user stacks: the symbol tables of each process, read while it
 * lives, as text: "pid N", then per mapping "map START END BIAS PATH"
 * and its symbols "ADDR SIZE NAME", numbers in hex.
 */
/*
 * -w: the raw events go to a file, with the probes they came from and,
 * when stacks are recorded, the kernel's symbols.
 */
/* A probe and its argument table, as the kernel describes them. */
void
record_probe(const struct dtprobe *p)
{
	struct dtioc_probe_info pi;
	struct dtioc_arg_info *ai = NULL;
	size_t n = 0;

	memset(&pi, 0, sizeof(pi));
	pi.dtpi_pbn = p->kp.kp_id;
	pi.dtpi_nargs = p->kp.kp_nargs;
	strncpy(pi.dtpi_prov, p->kp.kp_prov, DTNAMESIZE - 1);
	strncpy(pi.dtpi_func, p->kp.kp_func, DTNAMESIZE - 1);
	strncpy(pi.dtpi_name, p->kp.kp_name, DTNAMESIZE - 1);
	if (p->kp.kp_nargs > 0)
		ai = dt_fetch_args(p->kp.kp_id, &n);
	rec_write(REC_PROBE, &pi, sizeof(pi), ai, n * sizeof(*ai));
	free(ai);
}

/*
 * -w: a recording serves programs yet to be written, so it holds every
 * argument and the strings of every string argument, not only what the
 * recording program reads; stacks stay the recording program's choice,
 * as they cost the most.
 */
void
record_all_args(struct dtprobe *p)
{
	int idx, n = 0;

	p->flags |= DTEVT_FUNCARGS;
	for (idx = 0; idx < BT_NARGS && idx < p->nargnames; idx++) {
		if (p->strargs & (1U << idx))
			n++;
		else if (n < DTMAXSTRS && is_string_arg(p, idx)) {
			p->strargs |= 1U << idx;
			n++;
		}
	}
}

static int
usyms_map_text(const struct usyms_map *m, void *arg)
{
	FILE *fp = arg;
	size_t i;

	fprintf(fp, "map %llx %llx %llx %s\n", (unsigned long long)m->um_start,
	    (unsigned long long)m->um_end, (unsigned long long)m->um_bias,
	    m->um_path);
	for (i = 0; i < m->um_nsyms; i++)
		fprintf(fp, "%llx %llx %s\n",
		    (unsigned long long)m->um_syms[i].us_addr,
		    (unsigned long long)m->um_syms[i].us_size,
		    m->um_syms[i].us_name);
	return 0;
}

/*
 * A user stack while recording: load the process's tables now, while it
 * lives, and look every frame up, which re-reads its mappings when a
 * frame lies in one loaded since.  The tables are written at the end.
 */
static void
note_ustack(const struct dt_evt *d)
{
	const uint64_t *pc = (const uint64_t *)dt_evt_ustack(d);
	struct usyms *us;
	uint64_t off;
	size_t i;
	int j;

	for (i = 0; i < nstackpids; i++)
		if (stackpids[i] == d->dtev_pid)
			break;
	if (i == nstackpids) {
		stackpids = reallocarray(stackpids, nstackpids + 1,
		    sizeof(*stackpids));
		if (stackpids == NULL)
			err(1, NULL);
		stackpids[nstackpids++] = d->dtev_pid;
	}
	if ((us = usyms_get(d->dtev_pid)) == NULL)
		return;
	for (j = 0; j < d->dtev_nustack; j++)
		usyms_lookup(us, pc[j], &off, NULL);
}

static void
record_usyms(void)
{
	struct usyms *us;
	char *text;
	size_t i, len;
	FILE *fp;

	for (i = 0; i < nstackpids; i++) {
		if ((us = usyms_get(stackpids[i])) == NULL)
			continue;
		if ((fp = open_memstream(&text, &len)) == NULL)
			err(1, NULL);
		fprintf(fp, "pid %d\n", (int)stackpids[i]);
		usyms_foreach(us, usyms_map_text, fp);
		fclose(fp);
		rec_write(REC_USYMS, text, len, NULL, 0);
		free(text);
	}
}

static void
note_kstack(const struct dt_evt *d)
{
	const uint64_t *pc = (const uint64_t *)dt_evt_kstack(d);
	struct ksym sym;
	uint64_t off;
	size_t i;
	int j;

	if (kernel_syms == NULL)
		return;
	for (j = 0; j < d->dtev_nkstack; j++) {
		if (ksyms_lookup(kernel_syms, pc[j], &sym, &off) != 0)
			continue;
		/* Stacks repeat: the last few symbols are most likely. */
		for (i = nusedksyms; i > 0; i--)
			if (usedksyms[i - 1].ks_addr == sym.ks_addr)
				break;
		if (i > 0)
			continue;
		if (nusedksyms == usedksymscap) {
			usedksymscap = usedksymscap ? usedksymscap * 2 : 256;
			usedksyms = reallocarray(usedksyms, usedksymscap,
			    sizeof(*usedksyms));
			if (usedksyms == NULL)
				err(1, NULL);
		}
		usedksyms[nusedksyms++] = sym;
	}
}

static int
ksym_cmp(const void *a, const void *b)
{
	const struct ksym *ka = a, *kb = b;

	return ka->ks_addr < kb->ks_addr ? -1 : ka->ks_addr > kb->ks_addr;
}

void
dt_record(const char *path)
{
	rec_create(path);
	recording = 1;
}

static void
record_ksyms(void)
{
	char *text;
	size_t i, len;
	FILE *fp;

	if (nusedksyms == 0)
		return;
	qsort(usedksyms, nusedksyms, sizeof(*usedksyms), ksym_cmp);
	if ((fp = open_memstream(&text, &len)) == NULL)
		err(1, NULL);
	for (i = 0; i < nusedksyms; i++) {
		fprintf(fp, "%016llx t %s", (unsigned long long)
		    usedksyms[i].ks_addr, usedksyms[i].ks_name);
		if (usedksyms[i].ks_mod != NULL)
			fprintf(fp, "\t[%s]", usedksyms[i].ks_mod);
		fputc('\n', fp);
	}
	fclose(fp);
	rec_write(REC_KSYMS, text, len, NULL, 0);
	free(text);
}

void
dt_record_end(const char *path)
{
	struct dtioc_stat st;

	memset(&st, 0, sizeof(st));
	dt_ioctl(DTIOCGSTATS, &st, "DTIOCGSTATS");
	rec_write(REC_STATS, &st, sizeof(st), NULL, 0);
	record_ksyms();
	record_usyms();
	rec_close();
	fprintf(stderr, "btrace: %llu events recorded to %s",
	    (unsigned long long)nrecorded, path);
	if (st.dtst_dropevt || st.dtst_recurevt)
		fprintf(stderr, ", %llu dropped",
		    (unsigned long long)(st.dtst_dropevt + st.dtst_recurevt));
	fputc('\n', stderr);
}

/* The recorded kallsyms text, through a file as ksyms_load() reads. */
static void
replay_ksyms(const unsigned char *p, size_t len)
{
	const char *tmpdir = getenv("TMPDIR");
	char *tpath;
	FILE *fp;
	int fd;

	if (tmpdir == NULL || *tmpdir == '\0')
		tmpdir = "/tmp";
	if (asprintf(&tpath, "%s/btrace-ksyms.XXXXXX", tmpdir) == -1)
		err(1, NULL);
	if ((fd = mkstemp(tpath)) == -1 || (fp = fdopen(fd, "w")) == NULL)
		err(1, "%s", tpath);
	if (fwrite(p, 1, len, fp) != len || fclose(fp) == EOF)
		err(1, "%s", tpath);
	load_kernel_syms(tpath);
	unlink(tpath);
	free(tpath);
}

static void
replay_usyms(const char *p, size_t len)
{
	struct usym *syms = NULL;
	struct usyms *us = NULL;
	unsigned long long a, b, c;
	char *text, *line, *next, *name, path[4096], mpath[4096];
	size_t nsyms = 0, cap = 0;
	int pid, inmap = 0;
	unsigned long long ms = 0, me = 0, mb = 0;

	if ((text = strndup(p, len)) == NULL)
		err(1, NULL);
	path[0] = '\0';
	for (line = text; line != NULL && *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (sscanf(line, "pid %d", &pid) == 1) {
			if ((us = usyms_new(pid)) == NULL)
				err(1, NULL);
			continue;
		}
		if (us == NULL)
			break;
		if (sscanf(line, "map %llx %llx %llx %4095s", &a, &b, &c,
		    path) == 4) {
			if (inmap)
				usyms_add_map(us, ms, me, mb, mpath, syms,
				    nsyms);
			memcpy(mpath, path, sizeof(mpath));
			inmap = 1;
			ms = a;
			me = b;
			mb = c;
			nsyms = 0;
			continue;
		}
		if (sscanf(line, "%llx %llx", &a, &b) != 2 ||
		    (name = strrchr(line, ' ')) == NULL)
			continue;
		if (nsyms == cap) {
			cap = cap ? cap * 2 : 256;
			if ((syms = reallocarray(syms, cap, sizeof(*syms))) ==
			    NULL)
				err(1, NULL);
		}
		syms[nsyms].us_addr = a;
		syms[nsyms].us_size = b;
		syms[nsyms].us_name = name + 1;
		nsyms++;
	}
	if (us != NULL) {
		if (inmap)
			usyms_add_map(us, ms, me, mb, mpath, syms, nsyms);
		usyms_register(us);
	}
	free(syms);
	free(text);
}

/* -r: the probes of a recording stand for the kernel's. */
void
dt_replay_open(const char *path)
{
	const struct dtioc_probe_info *pi;
	const unsigned char *p;
	enum rec_type type;
	size_t len, nai;

	rec_open(&replayfile, path);
	replaying = 1;
	usyms_offline();
	while (rec_next(&replayfile, &type, &p, &len)) {
		if (type == REC_KSYMS)
			replay_ksyms(p, len);
		else if (type == REC_USYMS)
			replay_usyms((const char *)p, len);
		if (type != REC_PROBE)
			continue;
		if (len < sizeof(*pi) ||
		    (len - sizeof(*pi)) % sizeof(struct dtioc_arg_info) != 0)
			errx(1, "%s: malformed probe section", path);
		pi = (const struct dtioc_probe_info *)p;
		if (pi->dtpi_pbn == 0 || pi->dtpi_pbn > 1000000)
			errx(1, "%s: bad probe id %u", path, pi->dtpi_pbn);
		probe_set(pi);
		nai = (len - sizeof(*pi)) / sizeof(struct dtioc_arg_info);
		probe_set_args(&probes[pi->dtpi_pbn],
		    (const struct dtioc_arg_info *)(pi + 1), nai);
	}
}

enum eval_status
dt_replay_run(volatile sig_atomic_t *quit)
{
	struct dtioc_clock cl;
	const unsigned char *p;
	enum rec_type type;
	enum eval_status st;
	size_t len;

	replayfile.rf_off = sizeof(struct rec_hdr);
	while (!*quit && rec_next(&replayfile, &type, &p, &len)) {
		switch (type) {
		case REC_EVENTS:
			if ((uintptr_t)p % 8 != 0)
				errx(1, "%s: misaligned events",
				    replayfile.rf_path);
			st = dispatch_buffer((char *)p, len, 0);
			if (st != EVAL_OK)
				return st;
			break;
		case REC_STATS:
			if (len >= sizeof(laststat))
				memcpy(&laststat, p, sizeof(laststat));
			break;
		case REC_CLOCK:
			/* elapsed and time() as when the events happened. */
			if (len >= sizeof(cl)) {
				memcpy(&cl, p, sizeof(cl));
				start_nsecs = cl.dtcl_mono;
				wall_offset = cl.dtcl_real - cl.dtcl_mono;
			}
			break;
		default:
			break;
		}
	}
	return *quit ? EVAL_OK : dispatch_buffer(NULL, 0, 1);
}

/* Events just read, with -w: written as they are. */
void
record_events(const char *buf, size_t len)
{
	const struct dt_evt *d;
	size_t off;

	for (off = 0; off + sizeof(*d) <= len; off += d->dtev_len) {
		d = (const struct dt_evt *)(buf + off);
		if (d->dtev_len < sizeof(*d) || d->dtev_len > len - off)
			errx(1, "%s: malformed event at offset %zu",
			    PATH_DEVDT, off);
		nrecorded++;
		if (d->dtev_nustack > 0)
			note_ustack(d);
		if (d->dtev_nkstack > 0)
			note_kstack(d);
	}
	rec_write(REC_EVENTS, buf, len, NULL, 0);
}

const char *
replay_path(void)
{
	return replayfile.rf_path;
}
