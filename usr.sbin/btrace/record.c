/* SPDX-License-Identifier: ISC */
/*
 * Recordings: the sink that writes events as they are read (-w), with
 * what evaluating them later needs, and the source that reads them back
 * in place of the kernel (-r).  The file format is in rec.h.
 */

#include <sys/ioctl.h>

#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "btrace.h"
#include "desc.h"
#include "drops.h"
#include "event.h"
#include "kdata.h"
#include "rec.h"
#include "record.h"
#include "syms.h"
#include "tracefs.h"
#include "util.h"

static struct rec_file	 replayfile;
static struct dtioc_stat replaystat;	/* as recorded, once replayed */
static volatile sig_atomic_t *replayquit;
static uint64_t		 nrecorded;

static pid_t	*stackpids;		/* -w: processes with user stacks */
static size_t	 nstackpids, stackpidscap;

/*
 * A kernel stack while recording: only the symbols its frames fall in
 * are saved, not all of kallsyms.
 */
static struct ksym	*usedksyms;
static size_t		 nusedksyms, usedksymscap;

/*
 * -w: the raw events go to a file, with the probes they came from (as
 * the kernel describes them, argument tables too) and, when stacks are
 * recorded, the symbols they need.
 */
void
record_create(const char *path)
{
	rec_create(path);
}

/*
 * Before the events: the enabled probes, the kernel's clock pair, then
 * the formats of trace events, whose fields are the probes' arguments
 * (a format is as tracefs has it, so replay reads it as btrace does).
 */
/* The kernel data reads of enabled probe p, as dt_enable() gave them. */
static void
record_fetches(const struct dtprobe *p)
{
	struct dtioc_fetch f[DTMAXFETCH];
	struct rec_fetch rfe;
	int i;

	memset(&rfe, 0, sizeof(rfe));
	rfe.rfe_pbn = p->kp.kp_id;
	rfe.rfe_nfetch = p->nfetch;
	for (i = 0; i < p->nfetch; i++)
		probe_fetch(p, i, &f[i]);
	rec_write(REC_FETCH, &rfe, sizeof(rfe), f, p->nfetch * sizeof(f[0]));
}

static void
record_begin(const struct dtioc_clock *cl)
{
	const struct dtprobe *p;
	struct rec_format rfm;

	for (p = probe_next(NULL); p != NULL; p = probe_next(p)) {
		if (!p->enabled)
			continue;
		if (p->fmt != NULL)
			rec_write(REC_PROBE, &p->info, sizeof(p->info), NULL,
			    0);
		else
			rec_write(REC_PROBE, &p->info, sizeof(p->info),
			    p->argtab, p->argtab != NULL ? p->nargnames *
			    sizeof(*p->argtab) : 0);
	}
	rec_write(REC_CLOCK, cl, sizeof(*cl), NULL, 0);
	for (p = probe_next(NULL); p != NULL; p = probe_next(p)) {
		if (!p->enabled || p->fmt == NULL)
			continue;
		memset(&rfm, 0, sizeof(rfm));
		rfm.rfm_pbn = p->kp.kp_id;
		rec_write(REC_FORMAT, &rfm, sizeof(rfm), p->fmt->fm_text,
		    p->fmt->fm_textlen);
	}
	for (p = probe_next(NULL); p != NULL; p = probe_next(p))
		if (p->enabled && p->nfetch > 0)
			record_fetches(p);
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
		GROW(stackpids, nstackpids, stackpidscap);
		stackpids[nstackpids++] = d->dtev_pid;
	}
	if ((us = usyms_get(d->dtev_pid)) == NULL)
		return;
	for (j = 0; j < d->dtev_nustack; j++)
		usyms_lookup(us, pc[j], &off, NULL);
}

/*
 * -w with user stacks: the symbol tables of each process, read while it
 * lived, as text: "pid N", then per mapping "map START END BIAS PATH"
 * and its symbols "ADDR SIZE NAME", numbers in hex.
 */
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
note_kpc(uint64_t pc)
{
	struct ksym sym;
	uint64_t off;
	size_t i;

	if (ksyms_lookup(kernel_syms, pc, &sym, &off) != 0)
		return;
	/* Stacks repeat: the last few symbols are most likely. */
	for (i = nusedksyms; i > 0; i--)
		if (usedksyms[i - 1].ks_addr == sym.ks_addr)
			return;
	GROW(usedksyms, nusedksyms, usedksymscap);
	usedksyms[nusedksyms++] = sym;
}

/* The kernel symbols of its stack and of the function that fired. */
static void
note_kstack(const struct dt_evt *d)
{
	const uint64_t *pc = (const uint64_t *)dt_evt_kstack(d);
	const struct dtprobe *p;
	int j;

	if (kernel_syms == NULL)
		return;
	for (j = 0; j < d->dtev_nkstack; j++)
		note_kpc(pc[j]);
	if ((p = probe_get(d->dtev_pbn)) != NULL &&
	    (j = probe_funcarg(p)) >= 0 && j < d->dtev_nargs)
		note_kpc(dt_evt_args(d)[j]);
}

static int
ksym_cmp(const void *a, const void *b)
{
	const struct ksym *ka = a, *kb = b;

	return ka->ks_addr < kb->ks_addr ? -1 : ka->ks_addr > kb->ks_addr;
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

/* After the events: the source's counters, the symbols; the file is done. */
void
record_end(const char *path, const struct dtioc_stat *stp)
{
	struct dtioc_stat st = *stp;

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

/*
 * -r: a recording is untrusted input (replay needs no privilege), so
 * replay_open() checks all of it, every section and every event, before
 * a program sees any of it; the source of replay_source() then walks
 * what was checked.  A bad field ends btrace with the file and its
 * offset.
 */

/* The offset in the file of p, which points into its contents. */
static size_t
file_off(const void *p)
{
	return (const unsigned char *)p - replayfile.rf_buf;
}

/*
 * A section of text, as the symbol sections are: lines ending in a
 * newline, no NUL.  Returns a copy, NUL-terminated.
 */
static char *
text_section(const unsigned char *p, size_t len, const char *what)
{
	const unsigned char *nul;
	char *text;

	if ((nul = memchr(p, '\0', len)) != NULL)
		rec_fail(&replayfile, file_off(nul), "%s: a NUL in the text",
		    what);
	if (len > 0 && p[len - 1] != '\n')
		rec_fail(&replayfile, file_off(p + len - 1), "%s: the last "
		    "line does not end", what);
	if ((text = malloc(len + 1)) == NULL)
		err(1, NULL);
	memcpy(text, p, len);
	text[len] = '\0';
	return text;
}

/*
 * A number in lower-case hexadecimal, as -w writes them, and the blank
 * after it: what follows, or NULL.
 */
static char *
hex_field(char *s, unsigned long long *v)
{
	char *end;

	if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
		return NULL;
	errno = 0;
	*v = strtoull(s, &end, 16);
	if (errno != 0 || end - s > 16 || *end != ' ')
		return NULL;
	return end + 1;
}

/* What follows a kernel symbol's name: nothing, or "\t[MODULE]". */
static int
module_field(const char *s)
{
	size_t n;

	if (*s == '\0')
		return 1;
	if (s[0] != '\t' || s[1] != '[')
		return 0;
	n = strcspn(s + 2, " \t[]");
	return n > 0 && s[2 + n] == ']' && s[3 + n] == '\0';
}

/*
 * The kernel symbols the stacks use, as -w writes them: "ADDR t NAME",
 * maybe "\t[MODULE]", one per line in increasing address order.
 */
static void
replay_ksyms(const unsigned char *p, size_t len)
{
	const char *tmpdir = getenv("TMPDIR");
	char *text, *line, *next, *name, *mod, *tpath, msg[256];
	unsigned long long addr, last = 0;
	size_t nlines = 0;
	FILE *fp;
	int fd;

	if (kernel_syms != NULL)
		rec_fail(&replayfile, replayfile.rf_secoff - sizeof(struct
		    rec_sec), "a second kernel symbol section");
	text = text_section(p, len, "kernel symbols");
	for (line = text; *line != '\0'; line = next) {
		next = strchr(line, '\n');
		*next++ = '\0';
		if ((name = hex_field(line, &addr)) == NULL ||
		    name[0] != 't' || name[1] != ' ')
			rec_fail(&replayfile, file_off(p) + (line - text),
			    "kernel symbols: not \"ADDRESS t NAME\"");
		name += 2;
		mod = name + strcspn(name, " \t");
		if (mod == name || !module_field(mod))
			rec_fail(&replayfile, file_off(p) + (name - text),
			    "kernel symbols: not \"NAME\" or \"NAME\\t"
			    "[MODULE]\"");
		if (addr == 0 || (nlines > 0 && addr <= last))
			rec_fail(&replayfile, file_off(p) + (line - text),
			    "kernel symbols: address %llx not above the "
			    "previous one", addr);
		last = addr;
		nlines++;
	}
	free(text);
	if (nlines == 0)
		rec_fail(&replayfile, replayfile.rf_secoff, "kernel symbols: "
		    "an empty section");

	/* Checked: through a file, as ksyms_load() reads kallsyms. */
	if (tmpdir == NULL || *tmpdir == '\0')
		tmpdir = "/tmp";
	if (asprintf(&tpath, "%s/btrace-ksyms.XXXXXX", tmpdir) == -1)
		err(1, NULL);
	if ((fd = mkstemp(tpath)) == -1 || (fp = fdopen(fd, "w")) == NULL)
		err(1, "%s", tpath);
	if (fwrite(p, 1, len, fp) != len || fclose(fp) == EOF)
		err(1, "%s", tpath);
	kernel_syms = ksyms_load(tpath, msg, sizeof(msg));
	unlink(tpath);
	free(tpath);
	if (kernel_syms == NULL)
		rec_fail(&replayfile, replayfile.rf_secoff, "kernel symbols: "
		    "%s", msg);
}

/* A mapping of user symbols being read, and its symbols. */
struct umapread {
	unsigned long long	 start, end, bias;
	const char		*path;
	struct usym		*syms;
	size_t			 nsyms, cap;
};

/*
 * The symbols of one process, as -w writes them: "pid N", then per
 * mapping "map START END BIAS PATH" and its "ADDR SIZE NAME" lines,
 * numbers in hex, mappings in increasing address order, each one's
 * symbols sorted and apart.
 */
static void
replay_usyms(const unsigned char *p, size_t len)
{
	struct umapread m = { 0, 0, 0, NULL, NULL, 0, 0 };
	struct usyms *us = NULL;
	unsigned long long a, b, s, e, bias;
	char *text, *line, *next, *f, *end;
	size_t off;
	long pid;

	text = text_section(p, len, "user symbols");
	for (line = text; *line != '\0'; line = next) {
		next = strchr(line, '\n');
		*next++ = '\0';
		off = file_off(p) + (line - text);
		if (us == NULL) {
			errno = 0;
			if (strncmp(line, "pid ", 4) != 0 ||
			    line[4] < '1' || line[4] > '9' ||
			    (pid = strtol(line + 4, &end, 10)) <= 0 ||
			    errno != 0 || *end != '\0' || pid > INT32_MAX)
				rec_fail(&replayfile, off, "user symbols: "
				    "not \"pid N\" first");
			if (usyms_get(pid) != NULL)
				rec_fail(&replayfile, off, "user symbols of "
				    "pid %ld a second time", pid);
			if ((us = usyms_new((pid_t)pid)) == NULL)
				err(1, NULL);
			continue;
		}
		if (strncmp(line, "map ", 4) == 0) {
			if ((f = hex_field(line + 4, &s)) == NULL ||
			    (f = hex_field(f, &e)) == NULL ||
			    (f = hex_field(f, &bias)) == NULL ||
			    *f == '\0')
				rec_fail(&replayfile, off, "user symbols: "
				    "not \"map START END BIAS PATH\"");
			if (s >= e)
				rec_fail(&replayfile, off, "user symbols: "
				    "mapping %llx-%llx is empty", s, e);
			if (m.path != NULL && s < m.end)
				rec_fail(&replayfile, off, "user symbols: "
				    "mapping %llx-%llx starts below the end of "
				    "the one before, %llx", s, e, m.end);
			if (m.path != NULL && usyms_add_map(us, m.start, m.end,
			    m.bias, m.path, m.syms, m.nsyms) == -1)
				err(1, NULL);
			m.start = s;
			m.end = e;
			m.bias = bias;
			m.path = f;
			m.nsyms = 0;
			continue;
		}
		if (m.path == NULL || (f = hex_field(line, &a)) == NULL ||
		    (f = hex_field(f, &b)) == NULL || *f == '\0')
			rec_fail(&replayfile, off, "user symbols: not "
			    "\"ADDRESS SIZE NAME\" in a mapping");
		if (b == 0 || a + b < a)
			rec_fail(&replayfile, off, "user symbols: symbol %s "
			    "at %llx of size %llx", f, a, b);
		if (m.nsyms > 0 && a < m.syms[m.nsyms - 1].us_addr +
		    m.syms[m.nsyms - 1].us_size)
			rec_fail(&replayfile, off, "user symbols: symbol %s "
			    "at %llx is below the end of the one before", f,
			    a);
		GROW(m.syms, m.nsyms, m.cap);
		m.syms[m.nsyms].us_addr = a;
		m.syms[m.nsyms].us_size = b;
		m.syms[m.nsyms].us_name = f;
		m.nsyms++;
	}
	if (us == NULL)
		rec_fail(&replayfile, replayfile.rf_secoff, "user symbols: an "
		    "empty section");
	if (m.path != NULL && usyms_add_map(us, m.start, m.end, m.bias,
	    m.path, m.syms, m.nsyms) == -1)
		err(1, NULL);
	if (usyms_register(us) == -1)
		err(1, NULL);
	free(m.syms);
	free(text);
}

/* A name of the kernel's: NUL-terminated in its DTNAMESIZE bytes. */
static void
check_name(const char *name, const char *what, int empty)
{
	if (memchr(name, '\0', DTNAMESIZE) == NULL)
		rec_fail(&replayfile, file_off(name), "%s without a NUL",
		    what);
	if (!empty && name[0] == '\0')
		rec_fail(&replayfile, file_off(name), "empty %s", what);
}

/*
 * A probe and its argument table: the table, when there is one, has an
 * entry for each argument, in order.
 */
static void
replay_probe(const unsigned char *p, size_t len)
{
	const struct dtioc_probe_info *pi = (const void *)p;
	const struct dtioc_arg_info *ai = (const void *)(pi + 1);
	size_t i, nai;

	if (len < sizeof(*pi) || (len - sizeof(*pi)) % sizeof(*ai) != 0)
		rec_fail(&replayfile, replayfile.rf_secoff, "probe section "
		    "of %zu bytes, not %zu and %zu per argument", len,
		    sizeof(*pi), sizeof(*ai));
	nai = (len - sizeof(*pi)) / sizeof(*ai);
	if (pi->dtpi_pbn == 0 || pi->dtpi_pbn > 1000000)
		rec_fail(&replayfile, file_off(&pi->dtpi_pbn), "bad probe id "
		    "%u", pi->dtpi_pbn);
	if (probe_get(pi->dtpi_pbn) != NULL)
		rec_fail(&replayfile, file_off(&pi->dtpi_pbn), "probe %u "
		    "described a second time", pi->dtpi_pbn);
	if (nai != 0 && nai != pi->dtpi_nargs)
		rec_fail(&replayfile, file_off(&pi->dtpi_nargs), "probe %u: "
		    "%u arguments, but a table of %zu", pi->dtpi_pbn,
		    pi->dtpi_nargs, nai);
	check_name(pi->dtpi_prov, "provider name", 0);
	check_name(pi->dtpi_func, "function name", 1);
	check_name(pi->dtpi_name, "probe name", 1);
	for (i = 0; i < nai; i++) {
		if (ai[i].dtai_pbn != pi->dtpi_pbn)
			rec_fail(&replayfile, file_off(&ai[i].dtai_pbn),
			    "argument %zu of probe %u says probe %u", i,
			    pi->dtpi_pbn, ai[i].dtai_pbn);
		if (ai[i].dtai_argn != i)
			rec_fail(&replayfile, file_off(&ai[i].dtai_argn),
			    "argument %zu of probe %u says it is argument %u",
			    i, pi->dtpi_pbn, ai[i].dtai_argn);
		check_name(ai[i].dtai_argtype, "argument type", 1);
		check_name(ai[i].dtai_argname, "argument name", 1);
	}
	probe_set(pi);
	probe_set_args(probe_get(pi->dtpi_pbn), ai, nai);
}

/*
 * The events of one read(2): whole, consistent, of described probes, at
 * most DTMAXFUNCARGS argument words but for a trace event's record.
 */
static void
replay_events(const unsigned char *p, size_t len)
{
	const struct dtprobe *dp;
	const struct dt_evt *d;
	char why[256];
	size_t off, where;

	for (off = 0; off < len; off += d->dtev_len) {
		d = (const struct dt_evt *)(p + off);
		if (rec_evt_check(d, len - off, why, sizeof(why), &where) ==
		    -1)
			rec_fail(&replayfile, file_off(p + off) + where,
			    "event: %s", why);
		if ((dp = probe_get(d->dtev_pbn)) == NULL)
			rec_fail(&replayfile, file_off(&d->dtev_pbn), "event "
			    "of probe %u, which no probe section before it "
			    "describes", d->dtev_pbn);
		if (!(dp->kp.kp_flags & DTPI_RECORD) &&
		    d->dtev_nargs > DTMAXFUNCARGS)
			rec_fail(&replayfile, file_off(&d->dtev_nargs),
			    "event: %u arguments, more than %d", d->dtev_nargs,
			    DTMAXFUNCARGS);
	}
}

/*
 * The format of a trace event probe described before, as tracefs had it:
 * "name: EVENT" first, then what tracefs writes (tracefs_parse()), read
 * as btrace reads tracefs.  It stands for tracefs in the checks of the
 * program's args.NAME as well.
 */
static void
replay_format(const unsigned char *p, size_t len)
{
	const struct rec_format *rfm = (const void *)p;
	const unsigned char *text = p + sizeof(*rfm);
	struct tf_parse_err pe;
	struct tf_format *fm;
	struct dtprobe *dp;
	size_t textlen, namelen;

	if (len < sizeof(*rfm))
		rec_fail(&replayfile, replayfile.rf_secoff, "format section "
		    "of %zu bytes, shorter than its %zu-byte header", len,
		    sizeof(*rfm));
	if (rfm->rfm_pad != 0)
		rec_fail(&replayfile, file_off(&rfm->rfm_pad), "format: "
		    "padding is not 0");
	if ((dp = probe_get(rfm->rfm_pbn)) == NULL)
		rec_fail(&replayfile, file_off(&rfm->rfm_pbn), "format of "
		    "probe %u, which no probe section before it describes",
		    rfm->rfm_pbn);
	if (dp->fmt != NULL)
		rec_fail(&replayfile, file_off(&rfm->rfm_pbn), "a second "
		    "format of probe %u (%s)", rfm->rfm_pbn, dp->fullname);
	if (!(dp->kp.kp_flags & DTPI_RECORD) || dp->nargnames != 0)
		rec_fail(&replayfile, file_off(&rfm->rfm_pbn), "format of "
		    "probe %u (%s), which is not a trace event without "
		    "arguments of its own", rfm->rfm_pbn, dp->fullname);
	textlen = len - sizeof(*rfm);
	namelen = strlen(dp->kp.kp_name);
	if (textlen < 7 + namelen || memcmp(text, "name: ", 6) != 0 ||
	    memcmp(text + 6, dp->kp.kp_name, namelen) != 0 ||
	    text[6 + namelen] != '\n')
		rec_fail(&replayfile, file_off(text), "format of probe %u: "
		    "not \"name: %s\" first", rfm->rfm_pbn, dp->kp.kp_name);
	fm = tracefs_parse((const char *)text, textlen, &pe);
	if (pe.pe_why != NULL)
		rec_fail(&replayfile, file_off(text) + pe.pe_off, "format of "
		    "probe %u (%s): %s", rfm->rfm_pbn, dp->fullname,
		    pe.pe_why);
	probe_set_format(dp, fm);
	tracefs_format_set(dp->kp.kp_func, dp->kp.kp_name, fm);
}

/* The kernel data reads of a probe described before (record_fetches()). */
static void
replay_fetch(const unsigned char *p, size_t len)
{
	const struct rec_fetch *rfe = (const void *)p;
	struct dtprobe *dp;

	if (len < sizeof(*rfe))
		rec_fail(&replayfile, replayfile.rf_secoff, "fetch section "
		    "of %zu bytes, less than %zu", len, sizeof(*rfe));
	if ((dp = probe_get(rfe->rfe_pbn)) == NULL)
		rec_fail(&replayfile, file_off(&rfe->rfe_pbn), "fetches of "
		    "probe %u, which no probe section before describes",
		    rfe->rfe_pbn);
	if (rfe->rfe_nfetch == 0 || rfe->rfe_nfetch > DTMAXFETCH ||
	    len != sizeof(*rfe) + rfe->rfe_nfetch * sizeof(struct dtioc_fetch))
		rec_fail(&replayfile, file_off(&rfe->rfe_nfetch), "probe %u: "
		    "%u fetches in a section of %zu bytes (1 to %d of %zu "
		    "bytes after %zu)", rfe->rfe_pbn, rfe->rfe_nfetch, len,
		    DTMAXFETCH, sizeof(struct dtioc_fetch), sizeof(*rfe));
	if (dp->recfetch != NULL)
		rec_fail(&replayfile, file_off(&rfe->rfe_pbn), "probe %u: "
		    "fetches given a second time", rfe->rfe_pbn);
	dp->recfetch = (const struct dtioc_fetch *)(rfe + 1);
	dp->nrecfetch = rfe->rfe_nfetch;
}

/*
 * After dt_resolve(): each enabled probe's kernel data reads are those
 * its events carry the results of, in the same order, or the values
 * would be read wrong.  The same program over the kernel's same types
 * compiles into the same reads.
 */
void
replay_check_fetches(void)
{
	const struct dtprobe *p;
	struct dtioc_fetch f;
	int i;

	for (p = probe_next(NULL); p != NULL; p = probe_next(p)) {
		if (!p->enabled || (p->nfetch == 0 && p->nrecfetch == 0))
			continue;
		if (p->nfetch != p->nrecfetch)
			errx(1, "%s: %s: the program's kernel data fetches: "
			    "%d, the recording's: %d: replay with the program "
			    "that made it, on a kernel of the same types",
			    replayfile.rf_path, p->fullname, p->nfetch,
			    p->nrecfetch);
		for (i = 0; i < p->nfetch; i++) {
			probe_fetch(p, i, &f);
			if (memcmp(&f, &p->recfetch[i], sizeof(f)) != 0)
				errx(1, "%s: %s: kernel data fetch %d differs "
				    "from the recording's: replay with the "
				    "program that made it, on a kernel of the "
				    "same types", replayfile.rf_path,
				    p->fullname, i + 1);
		}
	}
}

/* A section of one struct, at most once in a recording. */
static void
fixed_section(size_t len, size_t size, int *seen, const char *what)
{
	if (len != size)
		rec_fail(&replayfile, replayfile.rf_secoff, "%s: a section of "
		    "%zu bytes, not %zu", what, len, size);
	if ((*seen)++ > 0)
		rec_fail(&replayfile, replayfile.rf_secoff - sizeof(struct
		    rec_sec), "%s: a second section", what);
}

/* -r: the probes of a recording stand for the kernel's. */
void
replay_open(const char *path)
{
	const unsigned char *p;
	enum rec_type type;
	size_t len;
	int nstats = 0, nclock = 0;

	rec_open(&replayfile, path);
	usyms_offline();
	while (rec_next(&replayfile, &type, &p, &len)) {
		switch (type) {
		case REC_PROBE:
			replay_probe(p, len);
			break;
		case REC_EVENTS:
			replay_events(p, len);
			break;
		case REC_KSYMS:
			replay_ksyms(p, len);
			break;
		case REC_USYMS:
			replay_usyms(p, len);
			break;
		case REC_STATS:
			fixed_section(len, sizeof(struct dtioc_stat),
			    &nstats, "statistics");
			break;
		case REC_CLOCK:
			fixed_section(len, sizeof(struct dtioc_clock),
			    &nclock, "clock");
			break;
		case REC_FORMAT:
			replay_format(p, len);
			break;
		case REC_FETCH:
			replay_fetch(p, len);
			break;
		default:
			rec_fail(&replayfile, replayfile.rf_secoff -
			    sizeof(struct rec_sec), "unknown section type %u",
			    (unsigned int)type);
		}
	}
}

/* -r: the events of the recording, checked by replay_open(). */
static enum source_status
replay_next(const struct seg **segsp, size_t *nsegp)
{
	static struct seg seg;
	struct dtioc_clock cl;
	const unsigned char *p;
	enum rec_type type;
	size_t len;

	while (!*replayquit && rec_next(&replayfile, &type, &p, &len)) {
		switch (type) {
		case REC_EVENTS:
			if (len == 0)
				break;
			seg.s_buf = (const char *)p;
			seg.s_len = len;
			*segsp = &seg;
			*nsegp = 1;
			return SRC_BATCH;
		case REC_STATS:
			memcpy(&replaystat, p, sizeof(replaystat));
			break;
		case REC_CLOCK:
			/* elapsed and time() as when the events happened. */
			memcpy(&cl, p, sizeof(cl));
			start_nsecs = cl.dtcl_mono;
			wall_offset = cl.dtcl_real - cl.dtcl_mono;
			break;
		default:
			break;
		}
	}
	return *replayquit ? SRC_STOPPED : SRC_END;
}

static void
replay_counters(struct dtioc_stat *st)
{
	*st = replaystat;
}

static void
replay_stats(int verbose, double secs)
{
	(void)secs;	/* the rate was the recording run's */
	stats_report(-1, &replaystat, verbose, 0);
}

static const struct source	replay = {
	replay_next, replay_counters, replay_stats
};

/* The recording opened, from its first event, until *quit is set. */
const struct source *
replay_source(volatile sig_atomic_t *quit)
{
	replayquit = quit;
	rec_rewind(&replayfile);
	return &replay;
}

/* Each event of a batch being recorded: its stacks' symbols noted. */
static void
record_event(const struct dt_evt *d, void *arg)
{
	(void)arg;
	nrecorded++;
	if (d->dtev_nustack > 0)
		note_ustack(d);
	note_kstack(d);
}

/* Events just read, with -w: written as they are. */
static enum eval_status
record_batch(const struct seg *segs, size_t nseg)
{
	size_t i;

	for (i = 0; i < nseg; i++) {
		evt_walk(segs[i].s_buf, segs[i].s_len, "event batch",
		    record_event, NULL);
		rec_write(REC_EVENTS, segs[i].s_buf, segs[i].s_len, NULL, 0);
	}
	return EVAL_OK;
}

static enum eval_status
record_done(void)
{
	return EVAL_OK;
}

/*
 * -w: a recording serves programs yet to be written, so it holds every
 * argument, not only what the recording program reads.
 */
const struct sink	record_sink = {
	1, record_begin, record_batch, record_done
};
