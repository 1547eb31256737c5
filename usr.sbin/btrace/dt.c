/*
 * Tracing the live kernel through dt(4): find the probes a program
 * names, enable them with what its rules need recorded, read events and
 * hand each one to the rules of its probe.
 */

#include <sys/ioctl.h>
#include <sys/queue.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <dev/dt/dtvar.h>

#include "btrace.h"
#include "dt.h"
#include "probes.h"
#include "rec.h"
#include "syms.h"
#include "sysargs.h"
#include "dtint.h"

#define READBUFSZ	(4U * 1024 * 1024)

/*
 * The kernel records whole registers; an argument of a 32-bit type is
 * only the low half of one, whatever the upper half holds.
 */
enum {
	ARG_64 = 0,
	ARG_S32,		/* int: sign-extended */
	ARG_U32,		/* unsigned int: zero-extended */
};

int				 dtfd = -1;
struct dtprobe			*probes;
size_t				 nprobeids;
struct dtioc_stat		 laststat;
int				 replaying;
int				 recording;
static struct dispatch		 dispatch;

uint64_t			 dt_nevents;

void
dt_ioctl(unsigned long req, void *arg, const char *name)
{
	if (ioctl(dtfd, req, arg) == -1)
		err(1, "%s: %s", PATH_DEVDT, name);
}

void
dt_open(void)
{
	if ((dtfd = open(PATH_DEVDT, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) != -1)
		return;
	if (errno == EPERM)
		errx(1, "%s: %s (is the sysctl kern.allowdt 1, and are you "
		    "root?)", PATH_DEVDT, strerror(errno));
	if (errno == ENOENT)
		errx(1, "%s: %s (is the dt module loaded?)", PATH_DEVDT,
		    strerror(errno));
	if (errno == EACCES)
		errx(1, "%s: %s (only root may trace)", PATH_DEVDT,
		    strerror(errno));
	err(1, "%s", PATH_DEVDT);
}

void
probe_set(const struct dtioc_probe_info *pi)
{
	struct dtprobe *p;
	size_t n;

	if (pi->dtpi_pbn >= nprobeids) {
		n = pi->dtpi_pbn + 256;
		if ((probes = reallocarray(probes, n, sizeof(*probes))) ==
		    NULL)
			err(1, NULL);
		memset(probes + nprobeids, 0,
		    (n - nprobeids) * sizeof(*probes));
		nprobeids = n;
	}
	p = &probes[pi->dtpi_pbn];
	if (p->kp.kp_id != 0)
		return;
	p->kp.kp_id = pi->dtpi_pbn;
	p->kp.kp_nargs = pi->dtpi_nargs;
	p->kp.kp_flags = pi->dtpi_flags;
	snprintf(p->fullname, sizeof(p->fullname), "%.*s:%.*s:%.*s",
	    DTNAMESIZE, pi->dtpi_prov, DTNAMESIZE, pi->dtpi_func,
	    DTNAMESIZE, pi->dtpi_name);
	/* Point the three fields into the full name. */
	p->kp.kp_prov = strndup(pi->dtpi_prov, DTNAMESIZE);
	p->kp.kp_func = strndup(pi->dtpi_func, DTNAMESIZE);
	p->kp.kp_name = strndup(pi->dtpi_name, DTNAMESIZE);
	if (p->kp.kp_prov == NULL || p->kp.kp_func == NULL ||
	    p->kp.kp_name == NULL)
		err(1, NULL);
}

/* Read the kernel's probe list; it grows as kprobes are created. */
void
dt_load_probes(void)
{
	struct dtioc_probe_info *pi = NULL;
	struct dtioc_probe pr;
	size_t i, n;

	for (;;) {
		memset(&pr, 0, sizeof(pr));
		dt_ioctl(DTIOCGPLIST, &pr, "DTIOCGPLIST");
		if ((pi = realloc(pi, pr.dtpr_size + sizeof(*pi))) == NULL)
			err(1, NULL);
		pr.dtpr_size += sizeof(*pi);	/* room for one more */
		pr.dtpr_probes = (uintptr_t)pi;
		if (ioctl(dtfd, DTIOCGPLIST, &pr) == 0)
			break;
		if (errno != ENOSPC)
			err(1, "%s: DTIOCGPLIST", PATH_DEVDT);
	}
	n = pr.dtpr_size / sizeof(*pi);
	for (i = 0; i < n; i++)
		probe_set(&pi[i]);
	free(pi);
}

static int
arg_width(const char *type)
{
	static const char *s32[] = {
		"int", "signed int", "pid_t", "clockid_t", "mqd_t", "s32",
		"key_serial_t", "rwf_t", "timer_t", "__s32",
	};
	static const char *u32[] = {
		"unsigned int", "unsigned", "u32", "__u32", "uid_t", "gid_t",
		"qid_t", "umode_t", "mode_t", "dev_t", "gfp_t",
	};
	size_t i;

	for (i = 0; i < sizeof(s32) / sizeof(s32[0]); i++)
		if (strcmp(type, s32[i]) == 0)
			return ARG_S32;
	for (i = 0; i < sizeof(u32) / sizeof(u32[0]); i++)
		if (strcmp(type, u32[i]) == 0)
			return ARG_U32;
	return ARG_64;
}

void
probe_set_args(struct dtprobe *p, const struct dtioc_arg_info *ai, size_t n)
{
	size_t i;

	free(p->argnames);
	free(p->argtypes);
	p->argnames = calloc(n + 1, DTNAMESIZE);
	p->argtypes = calloc(n + 1, DTNAMESIZE);
	if (p->argnames == NULL || p->argtypes == NULL)
		err(1, NULL);
	for (i = 0; i < n; i++) {
		if (ai[i].dtai_argn >= n)
			continue;
		memcpy(p->argnames[ai[i].dtai_argn], ai[i].dtai_argname,
		    DTNAMESIZE - 1);
		memcpy(p->argtypes[ai[i].dtai_argn], ai[i].dtai_argtype,
		    DTNAMESIZE - 1);
	}
	p->nargnames = n;
	for (i = 0; i < n && i < BT_NARGS; i++) {
		p->argwidth[i] = arg_width(p->argtypes[i]);
		p->argnamev[i] = p->argnames[i];
	}
}

/* The kernel's argument table of a probe, as DTIOCGARGS gives it. */
struct dtioc_arg_info *
dt_fetch_args(uint32_t pbn, size_t *np)
{
	struct dtioc_arg_info *ai;
	struct dtioc_arg ar;

	memset(&ar, 0, sizeof(ar));
	ar.dtar_pbn = pbn;
	dt_ioctl(DTIOCGARGS, &ar, "DTIOCGARGS");
	if ((ai = calloc(1, ar.dtar_size + sizeof(*ai))) == NULL)
		err(1, NULL);
	ar.dtar_args = (uintptr_t)ai;
	dt_ioctl(DTIOCGARGS, &ar, "DTIOCGARGS");
	*np = ar.dtar_size / sizeof(*ai);
	return ai;
}

static void
dt_load_args(struct dtprobe *p)
{
	struct dtioc_arg_info *ai;
	size_t n;

	if (p->argnames != NULL || p->kp.kp_nargs == 0 || replaying)
		return;
	ai = dt_fetch_args(p->kp.kp_id, &n);
	probe_set_args(p, ai, n);
	free(ai);
}

/* Does the probe match one of the patterns (or are there none)? */
static int
list_wanted(const struct dtprobe *p, char *const *patterns, int npatterns)
{
	int i;

	for (i = 0; i < npatterns; i++)
		if (probe_list_match(patterns[i], &p->kp))
			return 1;
	return npatterns == 0;
}

/*
 * btrace -l [pattern ...]: one probe per line, each once, whichever
 * patterns it matches; -v adds the arguments.
 */
void
dt_list(char *const *patterns, int npatterns, int verbose)
{
	struct dtprobe *p;
	size_t i;
	int j;

	dt_load_probes();
	for (i = 1; i < nprobeids; i++) {
		p = &probes[i];
		if (p->kp.kp_id == 0)
			continue;
		if (!list_wanted(p, patterns, npatterns))
			continue;
		fputs(p->fullname, out);
		if (verbose || strcmp(p->kp.kp_prov, "tracepoint") == 0) {
			dt_load_args(p);
			fputc('(', out);
			for (j = 0; j < p->nargnames; j++) {
				if (j > 0)
					fputs(", ", out);
				fputs(p->argtypes[j], out);
				if (verbose && p->argnames[j][0] != '\0')
					fprintf(out, " %s", p->argnames[j]);
			}
			fputc(')', out);
		}
		fputc('\n', out);
	}
}

/*
 * What a rule needs recorded, from the builtins it reads: the kernel
 * then copies nothing else.
 */
struct needs {
	uint32_t	  flags;
	uint16_t	  strargs;
	const char	**argnames;	/* args.NAME read by the rule */
	size_t		  nargnames;
};

static void	needs_stmts(const struct stmtq *, struct needs *);

static void
needs_node(const struct node *n, struct needs *nd)
{
	size_t i;

	if (n == NULL)
		return;
	switch (n->n_kind) {
	case N_BUILTIN:
		if (n->n_builtin >= B_ARG0 && n->n_builtin <= B_ARG9)
			nd->flags |= DTEVT_FUNCARGS;
		else if (n->n_builtin == B_KSTACK)
			nd->flags |= DTEVT_KSTACK;
		else if (n->n_builtin == B_USTACK)
			nd->flags |= DTEVT_USTACK;
		break;
	case N_ARGS:
		nd->flags |= DTEVT_FUNCARGS;
		nd->argnames = reallocarray(nd->argnames, nd->nargnames + 1,
		    sizeof(*nd->argnames));
		if (nd->argnames == NULL)
			err(1, NULL);
		nd->argnames[nd->nargnames++] = n->n_str;
		break;
	case N_CALL:
		if (n->n_func == F_KSTACK)
			nd->flags |= DTEVT_KSTACK;
		else if (n->n_func == F_USTACK)
			nd->flags |= DTEVT_USTACK;
		else if (n->n_func == F_STR && n->n_args[0]->n_kind ==
		    N_BUILTIN && n->n_args[0]->n_builtin >= B_ARG0 &&
		    n->n_args[0]->n_builtin <= B_ARG9)
			nd->strargs |= 1U << (n->n_args[0]->n_builtin -
			    B_ARG0);
		break;
	default:
		break;
	}
	needs_node(n->n_l, nd);
	needs_node(n->n_r, nd);
	needs_node(n->n_c, nd);
	for (i = 0; i < n->n_nargs; i++)
		needs_node(n->n_args[i], nd);
}

static void
needs_stmts(const struct stmtq *q, struct needs *nd)
{
	const struct stmt *s;
	size_t i;

	TAILQ_FOREACH(s, q, s_next) {
		needs_node(s->s_lhs, nd);
		needs_node(s->s_rhs, nd);
		for (i = 0; i < s->s_nargs; i++)
			needs_node(s->s_args[i], nd);
		if (s->s_then != NULL)
			needs_stmts(s->s_then, nd);
		if (s->s_else != NULL)
			needs_stmts(s->s_else, nd);
	}
}

/*
 * Is argument `idx' of the probe a string the kernel should copy?  For
 * system calls the header-built table knows (a buffer with a length is
 * not a string); otherwise any single char pointer is taken for one.
 */
int
is_string_arg(const struct dtprobe *p, int idx)
{
	const struct sysargs *sa;
	const char *type = p->argtypes[idx];

	if (strcmp(p->kp.kp_prov, "syscall") == 0 &&
	    (sa = sysargs_lookup(p->kp.kp_func)) != NULL && sa->nargs > idx)
		return sa->args[idx].kind == SA_USTR;
	return strstr(type, "char") != NULL && strchr(type, '*') != NULL &&
	    strstr(type, "**") == NULL;
}

/* Index of args.NAME for probe pbn, or -1. */
static int
dt_argindex(uint32_t pbn, const char *name)
{
	struct dtprobe *p;
	int i;

	if (pbn >= nprobeids)
		return -1;
	p = &probes[pbn];
	for (i = 0; i < p->nargnames; i++)
		if (strcmp(p->argnames[i], name) == 0)
			return i;
	return -1;
}

static void
use_probe(struct dtprobe *p, struct rule *r, const struct probe *pr,
    const struct needs *nd)
{
	size_t i;
	int idx;

	p->enabled = 1;
	p->flags |= nd->flags | DTEVT_EXECNAME;
	/*
	 * Strings are copied for str(argN) and args.NAME, but only at
	 * arguments of this probe that are strings: a rule may serve
	 * return probes and probes of other signatures too.
	 */
	dt_load_args(p);
	for (idx = 0; idx < BT_NARGS && idx < p->nargnames; idx++)
		if ((nd->strargs & (1U << idx)) && is_string_arg(p, idx))
			p->strargs |= 1U << idx;
	for (i = 0; i < nd->nargnames; i++) {
		idx = dt_argindex(p->kp.kp_id, nd->argnames[i]);
		if (idx >= 0 && idx < BT_NARGS && is_string_arg(p, idx))
			p->strargs |= 1U << idx;
	}
	/* A probe made for its rate has it; a static one takes it. */
	if (pr->p_period != 0 && (p->kp.kp_flags & DTPI_RATE))
		p->nsecs = pr->p_period;
	dispatch_add(&dispatch, p->kp.kp_id, r);
}

/*
 * kprobe:FUNCTION:entry and :return, and a timer's probe for each rate
 * (profile:hz:99, interval:s:1), exist once asked for.
 */
static struct dtprobe *
create_probe(const struct probe *pr)
{
	struct dtioc_create cr;

	if (strlen(pr->p_prov) >= DTNAMESIZE ||
	    strlen(pr->p_func) >= DTNAMESIZE ||
	    strlen(pr->p_pname) >= DTNAMESIZE)
		return NULL;
	memset(&cr, 0, sizeof(cr));
	strncpy(cr.dtcr_prov, pr->p_prov, DTNAMESIZE - 1);
	strncpy(cr.dtcr_func, pr->p_func, DTNAMESIZE - 1);
	strncpy(cr.dtcr_name, pr->p_pname, DTNAMESIZE - 1);
	if (ioctl(dtfd, DTIOCPRBCREATE, &cr) == -1) {
		src_error(pr->p_pos, "cannot create probe '%s': %s",
		    pr->p_name, strerror(errno));
		return NULL;
	}
	dt_load_probes();
	if (cr.dtcr_pbn >= nprobeids || probes[cr.dtcr_pbn].kp.kp_id == 0)
		errx(1, "%s: created probe %u is not listed", PATH_DEVDT,
		    cr.dtcr_pbn);
	return &probes[cr.dtcr_pbn];
}

/* Resolve every probe of the program; returns the number of errors. */
int
dt_resolve(struct program *prog)
{
	struct rule *r;
	struct probe *pr;
	struct needs nd;
	struct dtprobe *p;
	size_t i;
	int found, byshort, nerr = src_nerrors;

	memset(&nd, 0, sizeof(nd));
	if (!replaying)
		dt_load_probes();
	TAILQ_FOREACH(r, &prog->rules, r_next) {
		free(nd.argnames);
		memset(&nd, 0, sizeof(nd));
		needs_node(r->r_filter, &nd);
		needs_stmts(r->r_action, &nd);
		SLIST_FOREACH(pr, &r->r_probes, p_next) {
			if (pr->p_kind != P_PROBE)
				continue;
			/* Short tracepoint names only if no name matches. */
			found = 0;
			for (byshort = 0; byshort < 2 && !found; byshort++) {
				for (i = 1; i < nprobeids; i++) {
					p = &probes[i];
					if (p->kp.kp_id == 0 ||
					    !probe_match(pr, &p->kp, byshort))
						continue;
					use_probe(p, r, pr, &nd);
					found++;
				}
			}
			if (found)
				continue;
			if (replaying) {
				src_error(pr->p_pos, "probe '%s' is not in "
				    "the recording %s", pr->p_name,
				    replay_path());
				continue;
			}
			/* Each timer rate is a probe of its own. */
			if ((strcmp(pr->p_prov, "kprobe") == 0 ||
			    pr->p_period != 0) && !probe_is_pattern(pr)) {
				if ((p = create_probe(pr)) != NULL)
					use_probe(p, r, pr, &nd);
				continue;
			}
			src_error(pr->p_pos, "no probe matches '%s'",
			    pr->p_name);
		}
	}
	free(nd.argnames);
	return src_nerrors - nerr;
}

int
needs_flag(uint32_t flag)
{
	size_t i;

	for (i = 1; i < nprobeids; i++)
		if (probes[i].enabled && (probes[i].flags & flag))
			return 1;
	return 0;
}

void
load_kernel_syms(const char *path)
{
	char msg[256];

	if ((kernel_syms = ksyms_load(path, msg, sizeof(msg))) == NULL)
		warnx("%s: kernel stacks will show addresses", msg);
}



/* Enable the probes, set the pid filter and start recording. */
void
dt_start(const pid_t *pids, int npids)
{
	struct dtioc_clock clk;
	struct dtioc_pids pf;
	struct dtioc_req rq;
	size_t i;
	int on = 1;

	for (i = 1; i < nprobeids; i++) {
		if (!probes[i].enabled)
			continue;
		if (recording)
			record_all_args(&probes[i]);
		memset(&rq, 0, sizeof(rq));
		rq.dtrq_pbn = i;
		rq.dtrq_flags = probes[i].flags;
		rq.dtrq_nsecs = probes[i].nsecs;
		rq.dtrq_strargs = probes[i].strargs;
		if (__builtin_popcount(rq.dtrq_strargs) > DTMAXSTRS)
			errx(1, "%s: more than %d string arguments asked for",
			    probes[i].fullname, DTMAXSTRS);
		if (ioctl(dtfd, DTIOCPRBENABLE, &rq) == -1)
			err(1, "%s: enable %s", PATH_DEVDT,
			    probes[i].fullname);
		dt_load_args(&probes[i]);
		if (recording)
			record_probe(&probes[i]);
	}
	if (needs_flag(DTEVT_KSTACK))
		load_kernel_syms("/proc/kallsyms");
	if (ioctl(dtfd, DTIOCGCLOCK, &clk) == 0)
		wall_offset = clk.dtcl_real - clk.dtcl_mono;
	if (recording) {
		struct dtioc_clock cl;

		dt_ioctl(DTIOCGCLOCK, &cl, "DTIOCGCLOCK");
		rec_write(REC_CLOCK, &cl, sizeof(cl), NULL, 0);
	}
	if (npids > 0) {
		memset(&pf, 0, sizeof(pf));
		pf.dtpf_npids = npids;
		for (i = 0; i < (size_t)npids; i++)
			pf.dtpf_pids[i] = pids[i];
		dt_ioctl(DTIOCSETPIDS, &pf, "DTIOCSETPIDS");
	}
	dt_ioctl(DTIOCRECORD, &on, "DTIOCRECORD");
}

void
dt_stop(void)
{
	int off = 0;

	dt_ioctl(DTIOCRECORD, &off, "DTIOCRECORD");
}

static void
event_convert(const struct dt_evt *d, struct bt_event *e)
{
	const struct dt_evt_str *es;
	const __u64 *args;
	int i;

	static struct dtprobe none;
	const struct dtprobe *p;

	p = d->dtev_pbn < nprobeids ? &probes[d->dtev_pbn] : &none;
	memset(e, 0, sizeof(*e));
	e->ev_pbn = d->dtev_pbn;
	e->ev_probe = p->fullname;
	e->ev_pid = d->dtev_pid;
	e->ev_tid = d->dtev_tid;
	e->ev_ppid = d->dtev_ppid;
	e->ev_uid = d->dtev_uid;
	e->ev_gid = d->dtev_gid;
	e->ev_cpu = d->dtev_cpu;
	memcpy(e->ev_comm, d->dtev_comm, DTMAXCOMLEN);
	e->ev_comm[DTMAXCOMLEN < BT_COMMLEN ? DTMAXCOMLEN : BT_COMMLEN] = '\0';
	e->ev_nsecs = d->dtev_tsp;
	e->ev_argnames = p->argnamev;
	e->ev_nargnames = p->nargnames < BT_NARGS ? p->nargnames : BT_NARGS;
	args = dt_evt_args(d);
	for (i = 0; i < d->dtev_nargs && i < BT_NARGS; i++) {
		switch (p->argwidth[i]) {
		case ARG_S32:
			e->ev_args[i] = (int32_t)args[i];
			break;
		case ARG_U32:
			e->ev_args[i] = (uint32_t)args[i];
			break;
		default:
			e->ev_args[i] = args[i];
		}
	}
	if (d->dtev_flags & DTEVT_RETURN) {
		e->ev_retval = d->dtev_retval;
		e->ev_errno = d->dtev_errno;
	}
	e->ev_kpc = (const uint64_t *)dt_evt_kstack(d);
	e->ev_nkpc = d->dtev_nkstack;
	e->ev_upc = (const uint64_t *)dt_evt_ustack(d);
	e->ev_nupc = d->dtev_nustack;
	es = d->dtev_nstrs > 0 ? dt_evt_str_first(d) : NULL;
	for (i = 0; i < d->dtev_nstrs; i++) {
		if (es->dtes_argn < BT_NARGS)
			e->ev_argstr[es->dtes_argn] = dt_evt_str_text(es);
		es = dt_evt_str_next(es);
	}
}

static int
evt_cmp(const void *a, const void *b)
{
	const struct dt_evt *ea = *(const struct dt_evt *const *)a;
	const struct dt_evt *eb = *(const struct dt_evt *const *)b;

	if (ea->dtev_tsp != eb->dtev_tsp)
		return ea->dtev_tsp < eb->dtev_tsp ? -1 : 1;
	return ea < eb ? -1 : ea > eb;
}

/*
 * Events are evaluated in timestamp order.  Each CPU's ring comes out in
 * order, but one read(2) returns the rings one after the other, and a
 * CPU's next events may be older than another CPU's last ones.  So the
 * events of a read are sorted together with those held back from the
 * previous one, and only those no newer than the oldest "latest event"
 * of the CPUs in this read are evaluated: every CPU that wrote since has
 * caught up to there.  The rest wait for the next read, or for the end.
 */
static char	*held;			/* events held back, packed */
static size_t	 heldlen;

static size_t
collect(const struct dt_evt ***orderp, size_t *norderp, size_t n,
    const char *buf, size_t len, uint64_t *cpumax, size_t ncpumax)
{
	const struct dt_evt *d;
	size_t off;

	for (off = 0; off + sizeof(*d) <= len; off += d->dtev_len) {
		d = (const struct dt_evt *)(buf + off);
		if (d->dtev_len < sizeof(*d) || d->dtev_len > len - off ||
		    d->dtev_len % 8 != 0)
			errx(1, "%s: malformed event at offset %zu",
			    PATH_DEVDT, off);
		if (n == *norderp) {
			*norderp = *norderp ? *norderp * 2 : 4096;
			*orderp = reallocarray(*orderp, *norderp,
			    sizeof(**orderp));
			if (*orderp == NULL)
				err(1, NULL);
		}
		(*orderp)[n++] = d;
		if (cpumax != NULL && d->dtev_cpu < ncpumax &&
		    d->dtev_tsp + 1 > cpumax[d->dtev_cpu])
			cpumax[d->dtev_cpu] = d->dtev_tsp + 1;
	}
	return n;
}

enum eval_status
dispatch_buffer(char *buf, size_t len, int final)
{
	static const struct dt_evt **order;
	static size_t norder;
	static uint64_t cpumax[1024];
	const struct dt_evt *d;
	const struct dentry *de;
	struct bt_event e;
	enum eval_status st = EVAL_OK;
	uint64_t safe = UINT64_MAX;
	char *keep = NULL;
	size_t n, i, j, keeplen = 0;

	memset(cpumax, 0, sizeof(cpumax));
	n = collect(&order, &norder, 0, held, heldlen, NULL, 0);
	n = collect(&order, &norder, n, buf, len, cpumax,
	    sizeof(cpumax) / sizeof(cpumax[0]));
	if (n > 1)		/* order is NULL until there is an event */
		qsort(order, n, sizeof(*order), evt_cmp);
	if (!final)
		for (i = 0; i < sizeof(cpumax) / sizeof(cpumax[0]); i++)
			if (cpumax[i] != 0 && cpumax[i] - 1 < safe)
				safe = cpumax[i] - 1;

	for (i = 0; i < n; i++) {
		d = order[i];
		if (d->dtev_tsp > safe) {
			/* Newer than some CPU has caught up to: later. */
			if (keep == NULL && (keep = malloc(heldlen + len)) ==
			    NULL)
				err(1, NULL);
			memcpy(keep + keeplen, d, d->dtev_len);
			keeplen += d->dtev_len;
			continue;
		}
		if (st != EVAL_OK)
			continue;
		dt_nevents++;
		/* User symbols must be read while the process lives. */
		if (d->dtev_nustack > 0 && !replaying)
			usyms_get(d->dtev_pid);
		if ((de = dispatch_get(&dispatch, d->dtev_pbn)) == NULL)
			continue;
		event_convert(d, &e);
		for (j = 0; j < de->de_n && st == EVAL_OK; j++)
			st = rule_eval(de->de_rules[j], &e);
	}
	free(held);
	held = keep;
	heldlen = keeplen;
	/* What this batch printed goes out now; a failed output stops. */
	if (out_flush() == -1 && st == EVAL_OK)
		st = EVAL_EXIT;
	return st;
}






/* Events just read: evaluated, or with -w written as they are. */
static enum eval_status
consume(char *buf, size_t len)
{
	if (!recording)
		return dispatch_buffer(buf, len, 0);
	record_events(buf, len);
	return EVAL_OK;
}





/*
 * Read and evaluate events until a signal, exit(), an error, or the
 * end of the watched process (`watchfd', a pidfd, or -1).
 */
enum eval_status
dt_loop(volatile sig_atomic_t *quit, int watchfd)
{
	static char *buf;
	struct pollfd pfd[2];
	sigset_t none;
	struct timespec tick = { 1, 0 };
	enum eval_status st = EVAL_OK;
	uint64_t lastreport = now_nsecs();
	ssize_t n;
	int nfds = 1, draining = 0;

	if (buf == NULL && (buf = malloc(READBUFSZ)) == NULL)
		err(1, NULL);
	sigemptyset(&none);
	pfd[0].fd = dtfd;
	pfd[0].events = POLLIN;
	if (watchfd != -1) {
		pfd[1].fd = watchfd;
		pfd[1].events = POLLIN;
		nfds = 2;
	}
	for (;;) {
		if (*quit || draining)
			break;
		/* Signals are blocked but here, so none is missed. */
		n = ppoll(pfd, nfds, &tick, &none);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			err(1, "poll");
		}
		/* Drops are told every second, busy or not. */
		if (now_nsecs() - lastreport >= 1000000000ULL) {
			report_drops();
			lastreport = now_nsecs();
		}
		if (n == 0)
			continue;
		if (nfds == 2 && (pfd[1].revents & POLLIN))
			draining = 1;
		if (!(pfd[0].revents & POLLIN) && !draining)
			continue;
		/* The process is gone: take what it left in the rings. */
		while ((n = read(dtfd, buf, READBUFSZ)) > 0) {
			if ((st = consume(buf, n)) != EVAL_OK)
				return st;
			if (!draining)
				break;
		}
		if (n == -1 && errno != EAGAIN && errno != EINTR)
			err(1, "%s: read", PATH_DEVDT);
	}
	return st;
}

/* After recording stopped: what is left in the rings, without waiting. */
enum eval_status
dt_drain(void)
{
	static char *buf;
	enum eval_status st;
	ssize_t n;

	if (buf == NULL && (buf = malloc(READBUFSZ)) == NULL)
		err(1, NULL);
	while ((n = read(dtfd, buf, READBUFSZ)) > 0)
		if ((st = consume(buf, n)) != EVAL_OK)
			return st;
	return recording ? EVAL_OK : dispatch_buffer(NULL, 0, 1);
}








