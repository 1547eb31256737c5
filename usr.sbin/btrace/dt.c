/* SPDX-License-Identifier: ISC */
/*
 * The live kernel through dt(4): find the probes a program names,
 * enable them with what its rules need recorded, and be the source of
 * their events (see source.h) and of the reports of what was lost.
 */

#include <sys/ioctl.h>
#include <sys/queue.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <dev/dt/dtvar.h>

#include "btrace.h"
#include "desc.h"
#include "drops.h"
#include "names.h"
#include "dt.h"
#include "kfuncs.h"
#include "probes.h"
#include "providers.h"
#include "kdata.h"
#include "ring.h"
#include "syms.h"
#include "tracefs.h"
#include "types.h"
#include "uprobes.h"
#include "usdt.h"

#define READBUFSZ	(4U * 1024 * 1024)
#define POLL_NS		10000000ULL	/* mapped: ppoll() at least so often */

static int			 dtfd = -1;
static uint32_t			 bufsize;	/* per CPU; 0: not chosen
							   (default_bufsize()) */
static int			 lossless;	/* traced tasks wait for us */

static void	dt_setup_rings(void);
static int			 dt_noopen;	/* -n: never open */

void
dt_never_open(void)
{
	dt_noopen = 1;
}

static void
dt_ioctl(unsigned long req, void *arg, const char *name)
{
	if (ioctl(dtfd, req, arg) == -1)
		err(1, "%s: %s", PATH_DEVDT, name);
}

void
dt_open(void)
{
	if (dtfd != -1)
		return;
	/* Writable: the mapped rings' tails are written (ring.c). */
	if ((dtfd = open(PATH_DEVDT, O_RDWR | O_NONBLOCK | O_CLOEXEC)) != -1)
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

/* The providers as the kernel describes them (DTIOCGPROVS), or NULL. */
static const struct dtioc_prov_info *
dt_providers(size_t *np)
{
	static struct dtioc_prov_info *pv;
	static size_t npv;
	static int loaded, described;
	struct dtioc_provs ps;

	while (!loaded) {
		memset(&ps, 0, sizeof(ps));
		if (ioctl(dtfd, DTIOCGPROVS, &ps) == -1)
			break;
		if ((pv = realloc(pv, ps.dtvs_size + sizeof(*pv))) == NULL)
			err(1, NULL);
		ps.dtvs_size += sizeof(*pv);	/* room for one more */
		ps.dtvs_provs = (uintptr_t)pv;
		if (ioctl(dtfd, DTIOCGPROVS, &ps) == 0) {
			npv = ps.dtvs_size / sizeof(*pv);
			described = 1;
			break;
		}
		if (errno != ENOSPC)
			break;
	}
	loaded = 1;
	*np = npv;
	return described ? pv : NULL;
}

/*
 * The DTPV_* flags of a provider, as the kernel describes it
 * (DTIOCGPROVS), or as the table of known providers does for a kernel
 * from before that; 0 for a provider unknown to both.
 */
static uint32_t
dt_provflags(const char *name)
{
	const struct dtioc_prov_info *pv;
	const struct provider *known;
	size_t i, npv;

	if ((pv = dt_providers(&npv)) == NULL)
		return (known = provider_lookup(name)) != NULL ?
		    known->pv_flags : 0;
	for (i = 0; i < npv; i++)
		if (strncmp(pv[i].dtvi_name, name, DTNAMESIZE) == 0)
			return pv[i].dtvi_flags;
	return 0;
}

/* Read the kernel's probe list; it grows as kprobes are created. */
static void
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

/* The kernel's argument table of a probe, as DTIOCGARGS gives it. */
static struct dtioc_arg_info *
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

	struct tf_format *fm;

	if (p->argnames != NULL)
		return;
	if (p->kp.kp_flags & DTPI_RECORD) {
		if ((fm = tracefs_format(p->kp.kp_func, p->kp.kp_name)) != NULL)
			probe_set_format(p, fm);
		return;
	}
	if (p->kp.kp_nargs == 0 || dtfd == -1)
		return;
	ai = dt_fetch_args(p->kp.kp_id, &n);
	probe_set_args(p, ai, n);
	free(ai);
}

/*
 * The names of the arguments the kernel gives PROV:FUNC:NAME if it has
 * the probe as it is, not made of a trace event (which tracefs
 * describes), in *namesp; -1 if the device cannot be read (no module,
 * not root) or has no such probe.  For checking args.NAME before
 * anything runs: the device is opened quietly, to be used later.
 */
int
dt_probe_argnames(const char *prov, const char *func, const char *name,
    const char *const **namesp)
{
	static int loaded;
	char full[3 * DTNAMESIZE + 3];
	struct dtprobe *p;

	if (dt_noopen)
		return -1;
	if (dtfd == -1 && (dtfd = open(PATH_DEVDT, O_RDONLY | O_NONBLOCK |
	    O_CLOEXEC)) == -1)
		return -1;
	if (!loaded) {
		dt_load_probes();
		loaded = 1;
	}
	snprintf(full, sizeof(full), "%s:%s:%s", prov, func, name);
	for (p = probe_next(NULL); p != NULL; p = probe_next(p)) {
		if (strcmp(p->fullname, full) != 0 ||
		    (p->kp.kp_flags & DTPI_RECORD))
			continue;
		dt_load_args(p);
		*namesp = p->argnamev;
		return p->nargnames < BT_NARGS ? p->nargnames : BT_NARGS;
	}
	return -1;
}

/* Does the probe match one of the patterns (or are there none)? */
static int
list_wanted(const char *fullname, char *const *patterns, int npatterns)
{
	int i;

	for (i = 0; i < npatterns; i++)
		if (probe_list_match_name(patterns[i], fullname))
			return 1;
	return npatterns == 0;
}

static void
list_args(const struct dtprobe *p, int verbose)
{
	int j;

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

/* The trace events of tracefs not yet probes, for dt_list(). */
struct tflist {
	const char	 *prov;
	char *const	 *patterns;
	int		  npatterns, verbose;
	struct names	  listed;	/* full names already listed */
};

static void
list_tracefs_event(const char *system, const char *event, void *arg)
{
	struct tflist *tl = arg;
	struct tf_format *fm;
	struct dtprobe p;
	char name[3 * DTNAMESIZE + 3];

	snprintf(name, sizeof(name), "%s:%s:%s", tl->prov, system, event);
	if (!list_wanted(name, tl->patterns, tl->npatterns) ||
	    names_get(&tl->listed, name) != NULL)
		return;
	fputs(name, out);
	if (tl->verbose && (fm = tracefs_format(system, event)) != NULL) {
		memset(&p, 0, sizeof(p));
		probe_set_format(&p, fm);
		list_args(&p, 1);
		free(p.argnames);
		free(p.argtypes);
		free(p.argtab);
	}
	fputc('\n', out);
}

/*
 * A kernel function's probe, for kfuncs_list(): listed if wanted, with
 * -v its parameters (ret: its return value) from BTF if BTF has it.
 */
static void
kfunc_show(const char *fullname, const char *func, int ret, void *arg)
{
	const struct tflist *tl = arg;
	char args[1024];

	if (!list_wanted(fullname, tl->patterns, tl->npatterns))
		return;
	fputs(fullname, out);
	if (tl->verbose && types_func_args(func, ret, args,
	    sizeof(args)) != NULL)
		fputs(args, out);
	fputc('\n', out);
}

/*
 * The functions of a user binary a pattern names (uprobe:FILE:GLOB, or
 * uretprobe:, u:, ur:), listed from its ELF symbol tables without
 * making probes; the file cannot be a glob.  0 if the pattern is not
 * of a user probe.
 */
struct uflist {
	const char	*prov;	/* as bpftrace names them */
	const char	*file;
	const char	*glob;
};

static void
list_ufile_name(const char *name, void *arg)
{
	const struct uflist *ul = arg;

	if (fnmatch(ul->glob, name, 0) == 0)
		fprintf(out, "%s:%s:%s\n", ul->prov, ul->file, name);
}

static int
list_ufile(const char *pattern)
{
	struct uflist ul;
	char *s, *f1, *f2, *f3, path[PATH_MAX], why[1024];

	if ((s = provider_alias(pattern)) == NULL)
		return 0;
	if ((f1 = strchr(s, ':')) == NULL ||
	    (f2 = strchr(f1 + 1, ':')) == NULL ||
	    (f3 = strrchr(f2 + 1, ':')) == NULL) {
		free(s);
		return 0;
	}
	*f1 = *f2 = *f3 = '\0';
	if (!(dt_provflags(s) & DTPV_UFILE)) {
		free(s);
		return 0;
	}
	ul.prov = provider_uname(strcmp(f3 + 1, "return") == 0);
	ul.glob = f2 + 1;
	if (strpbrk(f1 + 1, "*?[") != NULL)
		warnx("%s: the file of a user probe cannot be a pattern",
		    pattern);
	else if (uprobes_file(f1 + 1, path, sizeof(path), why,
	    sizeof(why)) == -1 || (ul.file = path, uprobes_names(path,
	    list_ufile_name, &ul, why, sizeof(why)) == -1))
		warnx("%s: %s", pattern, why);
	free(s);
	return 1;
}

/*
 * The USDT markers of a file, usdt:FILE:GLOB, GLOB matching NAME or
 * PROVIDER:NAME as it has a ':'.  0 if the pattern is not of markers.
 */
static void
list_usdt_name(const char *name, void *arg)
{
	const struct uflist *ul = arg;
	const char *match = name;

	if (strchr(ul->glob, ':') == NULL && strchr(name, ':') != NULL)
		match = strchr(name, ':') + 1;
	if (fnmatch(ul->glob, match, 0) == 0)
		fprintf(out, "%s:%s:%s\n", ul->prov, ul->file, name);
}

static int
list_usdt(const char *pattern)
{
	struct uflist ul;
	const char *file;
	char *s, *colon, path[PATH_MAX], why[1024];

	if (provider_usdt(pattern, &file) == NULL)
		return 0;
	if ((s = strdup(file)) == NULL)
		err(1, NULL);
	ul.prov = "usdt";
	ul.glob = "*";
	if ((colon = strchr(s, ':')) != NULL) {
		*colon = '\0';
		ul.glob = colon + 1;
	}
	if (strpbrk(s, "*?[") != NULL)
		warnx("%s: the file of a user probe cannot be a pattern",
		    pattern);
	else if (uprobes_file(s, path, sizeof(path), why,
	    sizeof(why)) == -1 || (ul.file = path, uprobes_usdt_names(path,
	    list_usdt_name, &ul, why, sizeof(why)) == -1))
		warnx("%s: %s", pattern, why);
	free(s);
	return 1;
}

/*
 * btrace -l [pattern ...]: one probe per line, each once, whichever
 * patterns it matches; -v adds the arguments.  Providers that make a
 * probe of each trace event (DTPV_TRACEFS) list those of tracefs too,
 * without making them.
 */
void
dt_list(char *const *patterns, int npatterns, int verbose)
{
	const struct dtioc_prov_info *pv;
	const struct provider *known;
	struct tflist tl;
	struct dtprobe *p;
	char msg[1024];
	size_t i, npv;
	int j;

	dt_load_probes();
	memset(&tl, 0, sizeof(tl));
	for (p = probe_next(NULL); p != NULL; p = probe_next(p)) {
		names_put(&tl.listed, p->fullname, p);
		/* Listed below, each function once; user probes by file. */
		if (dt_provflags(p->kp.kp_prov) & (DTPV_KFUNCS | DTPV_UFILE))
			continue;
		if (!list_wanted(p->fullname, patterns, npatterns))
			continue;
		fputs(p->fullname, out);
		/* Trace events made probes list as the others of tracefs. */
		known = provider_lookup(p->kp.kp_prov);
		if (verbose || (known != NULL && known->pv_listargs &&
		    !(p->kp.kp_flags & DTPI_RECORD))) {
			dt_load_args(p);
			list_args(p, verbose);
		}
		fputc('\n', out);
	}
	/* A user binary's functions, for patterns that name one. */
	for (j = 0; j < npatterns; j++)
		if (!list_usdt(patterns[j]))
			(void)list_ufile(patterns[j]);
	tl.patterns = patterns;
	tl.npatterns = npatterns;
	tl.verbose = verbose;
	pv = dt_providers(&npv);
	/* Providers on kernel functions list them from tracefs. */
	for (i = 0; pv != NULL && i < npv; i++) {
		if ((pv[i].dtvi_flags & DTPV_KFUNCS) &&
		    kfuncs_list(pv[i].dtvi_name, kfunc_show, &tl) == -1)
			warnx("%s: kernel functions not listed: %s",
			    pv[i].dtvi_name, tracefs_root(msg, sizeof(msg)) ?
			    "available_filter_functions cannot be read" : msg);
		if (!(pv[i].dtvi_flags & DTPV_TRACEFS))
			continue;
		tl.prov = pv[i].dtvi_name;
		if (tracefs_root(msg, sizeof(msg)) == NULL)
			warnx("%s: trace events not listed: %s", tl.prov, msg);
		else
			tracefs_events(list_tracefs_event, &tl);
	}
	names_free(&tl.listed);
}

/*
 * What a rule needs recorded, from the builtins it reads: the kernel
 * then copies nothing else.  A user stack is symbolized by its pid.
 */
#define USTACK_FLAGS	(DTEVT_USTACK | DTEVT_PID)

struct needs {
	uint32_t	  flags;
	uint16_t	  strargs;
	uint16_t	  argns;	/* argN read by the rule: bit N */
	const char	**argnames;	/* args.NAME read by the rule */
	size_t		  nargnames, argnamescap;
	int		  fetches[DTMAXFETCH];	/* kernel data (kdata.c) */
	int		  nfetches;
};

static void	needs_stmts(const struct stmtq *, struct needs *);

/* What the kernel must record for a builtin variable; 0: nothing more. */
static uint32_t
builtin_flags(int b)
{
	if (b >= B_ARG0 && b <= B_ARG9)
		return DTEVT_FUNCARGS;
	switch (b) {
	case B_PID:
	case B_TID:
		return DTEVT_PID;
	case B_PPID:
		return DTEVT_PPID;
	case B_UID:
	case B_GID:
		return DTEVT_CRED;
	case B_COMM:
		return DTEVT_EXECNAME;
	case B_KSTACK:
		return DTEVT_KSTACK;
	case B_USTACK:
		return USTACK_FLAGS;
	default:
		return 0;
	}
}

static void
needs_node(const struct node *n, struct needs *nd)
{
	size_t i;

	if (n == NULL)
		return;
	/* sema bounds a rule's kernel data reads to what dt(4) takes. */
	if (n->n_fetch != 0) {
		for (i = 0; i < (size_t)nd->nfetches; i++)
			if (nd->fetches[i] == n->n_fetch)
				break;
		if (i == (size_t)nd->nfetches && nd->nfetches < DTMAXFETCH)
			nd->fetches[nd->nfetches++] = n->n_fetch;
	}
	switch (n->n_kind) {
	case N_BUILTIN:
		nd->flags |= builtin_flags(n->n_builtin);
		if (n->n_builtin >= B_ARG0 && n->n_builtin <= B_ARG9)
			nd->argns |= 1U << (n->n_builtin - B_ARG0);
		break;
	case N_ARGS:
		nd->flags |= DTEVT_FUNCARGS;
		GROW(nd->argnames, nd->nargnames, nd->argnamescap);
		nd->argnames[nd->nargnames++] = n->n_str;
		break;
	case N_CALL:
		if (n->n_func == F_KSTACK)
			nd->flags |= DTEVT_KSTACK;
		else if (n->n_func == F_USTACK)
			nd->flags |= USTACK_FLAGS;
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
 * The bytes of a trace event's record the rule reads, for the kernel
 * copies no others (dtrq_recbytes): its args.NAME and argN fields.
 */
static void
want_fields(struct dtprobe *p, const struct needs *nd)
{
	size_t i;
	int idx;

	if (p->recbytes == NULL &&
	    (p->recbytes = calloc(DTMAXRECWORDS * 8, 1)) == NULL)
		err(1, NULL);
	for (i = 0; i < nd->nargnames; i++)
		tracefs_want(p->fmt, probe_argindex(p, nd->argnames[i]),
		    p->recbytes, &p->reclen);
	for (idx = 0; idx < BT_NARGS; idx++)
		if (nd->argns & (1U << idx))
			tracefs_want(p->fmt, idx, p->recbytes, &p->reclen);
}

/*
 * Kernel data read by a rule of probe p, where the probe has its source
 * (an argument of an entry probe, the return value of a return probe):
 * elsewhere the expression reads as 0 or "".
 */
static void
use_fetch(struct dtprobe *p, int site)
{
	const struct dtioc_fetch *f = kdata_fetch(site);
	const char *field = kdata_fetch_field(site);
	const struct tf_field *tf;
	struct dtioc_fetch mf;
	int i, argn, ret = (p->kp.kp_flags & DTPI_RETURN) != 0;

	if (f == NULL || (f->dtfe_src == DTFS_ARG && p->usdt == NULL &&
	    (ret || (!(p->kp.kp_flags & DTPI_RECORD) &&
	    f->dtfe_argn >= p->kp.kp_nargs))) ||
	    (f->dtfe_src == DTFS_RETVAL && !ret))
		return;
	/* A marker's argument: where the marker has it, if it has it. */
	if (f->dtfe_src == DTFS_ARG && p->usdt != NULL) {
		mf = *f;
		if (usdt_fetch(p->usdt, mf.dtfe_argn, &mf) == -1)
			return;
	}
	argn = f->dtfe_argn;
	/* A record's field: sema.c checked it is a word in every event. */
	if (field != NULL) {
		if (p->fmt == NULL || (i = tracefs_field(p->fmt, field)) < 0)
			return;
		tf = &p->fmt->fm_fields[i];
		if (tf->f_size != 8 || tf->f_off % 8 != 0 ||
		    tf->f_off / 8 >= DTMAXRECWORDS)
			return;
		argn = tf->f_off / 8;
	}
	for (i = 0; i < p->nfetch; i++)
		if (p->fetchsite[i] == site)
			return;
	if (p->nfetch == DTMAXFETCH)
		errx(1, "%s: its rules read more than %d kernel data "
		    "expressions", p->fullname, DTMAXFETCH);
	p->fetchargn[p->nfetch] = argn;
	p->fetchsite[p->nfetch++] = site;
}


static void
use_probe(struct dtprobe *p, struct rule *r, const struct probe *pr,
    const struct needs *nd)
{
	size_t i;
	int idx;

	p->enabled = 1;
	p->flags |= nd->flags;
	/*
	 * Strings are copied for str(argN) and args.NAME, but only at
	 * arguments of this probe that are strings: a rule may serve
	 * return probes and probes of other signatures too.
	 */
	dt_load_args(p);
	/* Its functions are known by their address, an argument. */
	if (probe_funcarg(p) >= 0)
		p->flags |= DTEVT_FUNCARGS;
	for (idx = 0; idx < BT_NARGS && idx < p->nargnames; idx++)
		if (idx < 16 && (nd->strargs & (1U << idx)) &&
		    is_string_arg(p, idx))
			p->strargs |= probe_strwords(p, idx);
	for (i = 0; i < nd->nargnames; i++) {
		idx = probe_argindex(p, nd->argnames[i]);
		if (idx >= 0 && idx < BT_NARGS && is_string_arg(p, idx))
			p->strargs |= probe_strwords(p, idx);
	}
	/* A trace event's fields are in its record: the words. */
	if (p->fmt != NULL && nd->nargnames > 0)
		p->flags |= DTEVT_FUNCARGS;
	if (p->fmt != NULL)
		want_fields(p, nd);
	for (i = 0; i < (size_t)nd->nfetches; i++)
		use_fetch(p, nd->fetches[i]);
	/* A probe made for its rate has it; a static one takes it. */
	if (pr->p_period != 0 && (p->kp.kp_flags & DTPI_RATE))
		p->nsecs = pr->p_period;
	dispatch_add(p->kp.kp_id, r);
}

/*
 * kprobe:FUNCTION:entry and :return, and a timer's probe for each rate
 * (profile:hz:99, interval:s:1), exist once asked for.
 */
/* DTIOCPRBCREATE of PROV:FUNC:NAME: the probe, or NULL with errno. */
static struct dtprobe *
create_named(const char *prov, const char *func, const char *name)
{
	struct dtioc_create cr;
	struct dtprobe *p;

	if (strlen(prov) >= DTNAMESIZE || strlen(func) >= DTNAMESIZE ||
	    strlen(name) >= DTNAMESIZE) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	memset(&cr, 0, sizeof(cr));
	strncpy(cr.dtcr_prov, prov, DTNAMESIZE - 1);
	strncpy(cr.dtcr_func, func, DTNAMESIZE - 1);
	strncpy(cr.dtcr_name, name, DTNAMESIZE - 1);
	if (ioctl(dtfd, DTIOCPRBCREATE, &cr) == -1)
		return NULL;
	dt_load_probes();
	if ((p = probe_get(cr.dtcr_pbn)) == NULL)
		errx(1, "%s: created probe %u is not listed", PATH_DEVDT,
		    cr.dtcr_pbn);
	return p;
}

static void
create_failed(const struct probe *pr, int e)
{
	const char *why;

	why = (dt_provflags(pr->p_prov) & DTPV_KFUNCS) ?
	    kfuncs_why(pr->p_func, e) : strerror(e);
	/* No such kernel function: a probe the kernel lacks. */
	if (e == ENOENT)
		probe_missing(pr->p_pos, "cannot create probe '%s': %s",
		    pr->p_name, why);
	else
		src_error(pr->p_pos, "cannot create probe '%s': %s",
		    pr->p_name, why);
}

static struct dtprobe *
create_probe(const struct probe *pr)
{
	struct dtprobe *p;

	if ((p = create_named(pr->p_prov, pr->p_func, pr->p_pname)) == NULL &&
	    errno != ENAMETOOLONG)
		create_failed(pr, errno);
	return p;
}

/* The functions a return glob matches, when each is probed alone. */
#define KF_EACHMAX	256

struct kfeach {
	const char	 *glob;
	char		**names;
	size_t		  n, cap;
};

static void
kfeach_add(const char *full, const char *func, int isreturn, void *arg)
{
	struct kfeach *ke = arg;

	(void)full;
	if (!isreturn || fnmatch(ke->glob, func, 0) != 0)
		return;
	GROW(ke->names, ke->n, ke->cap);
	if ((ke->names[ke->n++] = strdup(func)) == NULL)
		err(1, NULL);
}

/*
 * A pattern of kernel functions is one probe the kernel attaches to
 * all of them at once.  A kernel that follows returns one function at a
 * time (6.1, without fprobe: EOPNOTSUPP) gets instead a return probe on
 * each traceable function the pattern matches, a kretprobe each, at
 * most KF_EACHMAX; those the kernel refuses (a function kprobes cannot
 * sit on) are left out.
 */
static void
resolve_kfunc_glob(const struct probe *pr, struct rule *r,
    const struct needs *nd)
{
	struct kfeach ke;
	struct dtprobe *p;
	size_t i, made = 0;
	int e;

	if ((p = create_named(pr->p_prov, pr->p_func, pr->p_pname)) != NULL) {
		use_probe(p, r, pr, nd);
		return;
	}
	e = errno;
	if (e != EOPNOTSUPP || strcmp(pr->p_pname, "return") != 0) {
		create_failed(pr, e);
		return;
	}
	memset(&ke, 0, sizeof(ke));
	ke.glob = pr->p_func;
	if (kfuncs_list(pr->p_prov, kfeach_add, &ke) == -1 || ke.n == 0)
		create_failed(pr, ke.n == 0 ? ENOENT : e);
	else if (ke.n > KF_EACHMAX)
		src_error(pr->p_pos, "cannot create probe '%s': it matches %zu "
		    "functions, and this kernel follows returns one function "
		    "at a time (no fprobe, before Linux 6.12): at most %d",
		    pr->p_name, ke.n, KF_EACHMAX);
	else {
		for (i = 0; i < ke.n; i++) {
			p = create_named(pr->p_prov, ke.names[i], "return");
			if (p == NULL)
				continue;
			use_probe(p, r, pr, nd);
			made++;
		}
		if (made == 0)
			create_failed(pr, ENOENT);
	}
	for (i = 0; i < ke.n; i++)
		free(ke.names[i]);
	free(ke.names);
}

/*
 * The trace events of tracefs a probe description names, for providers
 * with DTPV_TRACEFS: each made a probe and used, unless the kernel
 * already has one of that name (the rule's loop found it); or, for a
 * name that is no event, the closest names.
 */
struct tfresolve {
	const struct probe	*pr;
	struct rule		*r;
	const struct needs	*nd;
	int			 found, failed;
	const char		**names;	/* every event, for "did you mean" */
	size_t			 nnames, namescap;
};

static int
dt_has_probe(const char *fullname)
{
	const struct dtprobe *p;

	for (p = probe_next(NULL); p != NULL; p = probe_next(p))
		if (strcmp(p->fullname, fullname) == 0)
			return 1;
	return 0;
}

static void
resolve_tracefs_event(const char *system, const char *event, void *arg)
{
	struct tfresolve *tr = arg;
	struct kprobe_desc kd;
	struct probe one;
	struct dtprobe *p;
	char full[3 * DTNAMESIZE + 3];

	if (tr->failed)
		return;
	memset(&kd, 0, sizeof(kd));
	kd.kp_prov = tr->pr->p_prov;
	kd.kp_func = system;
	kd.kp_name = event;
	if (!probe_match(tr->pr, &kd, 0)) {
		if (!probe_is_pattern(tr->pr)) {
			snprintf(full, sizeof(full), "%s:%s", system, event);
			GROW(tr->names, tr->nnames, tr->namescap);
			if ((tr->names[tr->nnames++] = strdup(full)) == NULL)
				err(1, NULL);
		}
		return;
	}
	snprintf(full, sizeof(full), "%s:%s:%s", kd.kp_prov, system, event);
	if (dt_has_probe(full))
		return;
	one = *tr->pr;
	one.p_func = (char *)system;
	one.p_pname = (char *)event;
	if ((p = create_probe(&one)) == NULL) {
		tr->failed = 1;
		return;
	}
	use_probe(p, tr->r, tr->pr, tr->nd);
	tr->found++;
}

/*
 * Probes of every trace event pr names, beyond the `found' the kernel
 * had; errors are reported here.
 */
static void
resolve_tracefs(const struct probe *pr, struct rule *r,
    const struct needs *nd, int found)
{
	struct tfresolve tr;
	const char *near;
	char want[2 * DTNAMESIZE + 2], msg[1024];
	size_t i;

	if (tracefs_root(msg, sizeof(msg)) == NULL) {
		if (!found)
			src_error(pr->p_pos, "probe '%s': %s", pr->p_name, msg);
		return;
	}
	memset(&tr, 0, sizeof(tr));
	tr.pr = pr;
	tr.r = r;
	tr.nd = nd;
	tracefs_events(resolve_tracefs_event, &tr);
	if (found || tr.found || tr.failed) {
		/* Made, or create_probe() said why not. */
	} else if (probe_is_pattern(pr)) {
		probe_missing(pr->p_pos, "no probe matches '%s'", pr->p_name);
	} else {
		snprintf(want, sizeof(want), "%s:%s", pr->p_func, pr->p_pname);
		near = name_closest(want, tr.names, tr.nnames);
		probe_missing(pr->p_pos, "no trace event '%s' in this kernel "
		    "(%s/available_events)%s%s%s", want, tracefs_root(NULL, 0),
		    near ? "; did you mean '" : "", near ? near : "",
		    near ? "'?" : "");
	}
	for (i = 0; i < tr.nnames; i++)
		free((char *)tr.names[i]);
	free(tr.names);
}

/*
 * A user probe (DTPV_UFILE), uprobe:FILE:FUNCTION: the kernel makes one
 * probe for each place FUNCTION names in FILE, from a descriptor of
 * the file and the offset; each is named here as the program wrote it,
 * so that probe and func read as bpftrace's do.  A USDT marker's,
 * usdt:FILE:PROVIDER:NAME, also has its semaphore and its arguments.
 */
static int
ufile_targets(const struct probe *pr, char *path, size_t len,
    struct uptarget **tp, size_t *np)
{
	char why[1024];

	if (uprobes_file(pr->p_func, path, len, why, sizeof(why)) == -1 ||
	    (pr->p_usdt ? uprobes_usdt_targets : uprobes_targets)(path,
	    pr->p_pname, tp, np, why, sizeof(why)) == -1) {
		probe_missing(pr->p_pos, "probe '%s': %s", pr->p_name, why);
		return -1;
	}
	return 0;
}

/* Name user probe p as pr wrote it; a marker's takes its arguments. */
static void
ufile_name(struct dtprobe *p, const struct probe *pr, const char *path,
    struct uptarget *t)
{
	probe_rename(p, pr->p_usdt ? "usdt" : provider_uname(pr->p_return),
	    path, t->ut_name);
	if (t->ut_args != NULL) {
		free(p->usdt);
		p->usdt = t->ut_args;
		t->ut_args = NULL;
	}
}

static void
resolve_ufile(const struct probe *pr, struct rule *r, const struct needs *nd)
{
	struct dtioc_ucreate uc;
	struct uptarget *t;
	struct dtprobe *p;
	char path[PATH_MAX];
	size_t n, i;
	int fd;

	if (ufile_targets(pr, path, sizeof(path), &t, &n) == -1)
		return;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		src_error(pr->p_pos, "probe '%s': %s: %s", pr->p_name, path,
		    strerror(errno));
		uprobes_free(t, n);
		return;
	}
	for (i = 0; i < n; i++) {
		memset(&uc, 0, sizeof(uc));
		strncpy(uc.dtuc_prov, pr->p_prov, DTNAMESIZE - 1);
		uc.dtuc_fd = fd;
		uc.dtuc_offset = t[i].ut_off;
		uc.dtuc_refctr = t[i].ut_refctr;
		uc.dtuc_flags = pr->p_return ? DTUC_RETURN : 0;
		if (ioctl(dtfd, DTIOCPRBUCREATE, &uc) == -1) {
			src_error(pr->p_pos, "cannot create probe '%s' on %s "
			    "at file offset %#llx (%s): %s", pr->p_name, path,
			    (unsigned long long)t[i].ut_off, t[i].ut_name,
			    strerror(errno));
			break;
		}
		dt_load_probes();
		if ((p = probe_get(uc.dtuc_pbn)) == NULL)
			errx(1, "%s: created probe %u is not listed",
			    PATH_DEVDT, uc.dtuc_pbn);
		ufile_name(p, pr, path, &t[i]);
		use_probe(p, r, pr, nd);
	}
	close(fd);
	uprobes_free(t, n);
}

/*
 * A user probe replayed: dt(4) named the recorded probes by the file's
 * device and inode and the offset, so FILE:FUNCTION is resolved as
 * when recording and the probes are found by those names; the file must
 * be the one recorded, on the machine that recorded it.
 */
static void
replay_ufile(const struct probe *pr, struct rule *r, const struct needs *nd,
    const char *recording)
{
	struct uptarget *t;
	struct dtprobe *p;
	struct stat st;
	char path[PATH_MAX], func[DTNAMESIZE];
	const char *name = pr->p_return ? "return" : "entry";
	size_t n, i, found = 0;

	if (ufile_targets(pr, path, sizeof(path), &t, &n) == -1)
		return;
	if (stat(path, &st) == -1) {
		src_error(pr->p_pos, "probe '%s': %s: %s", pr->p_name, path,
		    strerror(errno));
		uprobes_free(t, n);
		return;
	}
	for (i = 0; i < n; i++) {
		snprintf(func, sizeof(func), "%u:%u:%llu:0x%llx",
		    major(st.st_dev), minor(st.st_dev),
		    (unsigned long long)st.st_ino,
		    (unsigned long long)t[i].ut_off);
		for (p = probe_next(NULL); p != NULL; p = probe_next(p)) {
			if (strcmp(p->kp.kp_prov, pr->p_prov) != 0 ||
			    strcmp(p->kp.kp_func, func) != 0 ||
			    strcmp(p->kp.kp_name, name) != 0)
				continue;
			ufile_name(p, pr, path, &t[i]);
			use_probe(p, r, pr, nd);
			found++;
		}
	}
	if (found == 0)
		src_error(pr->p_pos, "probe '%s' is not in the recording %s "
		    "(user probes are recorded by the device and inode of "
		    "their file: is %s the file recorded?)", pr->p_name,
		    recording, path);
	uprobes_free(t, n);
}

/*
 * Resolve every probe of the program against the kernel's, or with
 * `recording' set against those the recording describes; returns the
 * number of errors.
 */
int
dt_resolve(struct program *prog, const char *recording)
{
	struct rule *r;
	struct probe *pr;
	struct needs nd;
	struct dtprobe *p;
	int found, byshort, nerr = src_nerrors;

	memset(&nd, 0, sizeof(nd));
	if (recording == NULL)
		dt_load_probes();
	TAILQ_FOREACH(r, &prog->rules, r_next) {
		free(nd.argnames);
		memset(&nd, 0, sizeof(nd));
		needs_node(r->r_filter, &nd);
		needs_stmts(r->r_action, &nd);
		SLIST_FOREACH(pr, &r->r_probes, p_next) {
			if (pr->p_kind != P_PROBE || pr->p_missing)
				continue;
			/* User probes: the kernel lists them by inode. */
			if ((dt_provflags(pr->p_prov) & DTPV_UFILE) &&
			    recording == NULL) {
				resolve_ufile(pr, r, &nd);
				continue;
			}
			if (dt_provflags(pr->p_prov) & DTPV_UFILE) {
				replay_ufile(pr, r, &nd, recording);
				continue;
			}
			/*
			 * A pattern of kernel functions is one probe the
			 * kernel attaches to all of them at once, not the
			 * probes other programs happened to create.
			 */
			if (recording == NULL && probe_func_pattern(pr) &&
			    (dt_provflags(pr->p_prov) & DTPV_KFUNCS)) {
				resolve_kfunc_glob(pr, r, &nd);
				continue;
			}
			/* Short tracepoint names only if no name matches. */
			found = 0;
			for (byshort = 0; byshort < 2 && !found; byshort++) {
				for (p = probe_next(NULL); p != NULL;
				    p = probe_next(p)) {
					if (!probe_match(pr, &p->kp, byshort))
						continue;
					use_probe(p, r, pr, &nd);
					found++;
				}
			}
			/* Trace events: the kernel lists only those made. */
			if (recording == NULL &&
			    (dt_provflags(pr->p_prov) & DTPV_TRACEFS) &&
			    (!found || probe_is_pattern(pr))) {
				resolve_tracefs(pr, r, &nd, found);
				continue;
			}
			if (found)
				continue;
			if (recording != NULL) {
				src_error(pr->p_pos, "probe '%s' is not in "
				    "the recording %s", pr->p_name,
				    recording);
				continue;
			}
			/* Each timer rate is a probe of its own. */
			if ((dt_provflags(pr->p_prov) & DTPV_CREATE) &&
			    !probe_is_pattern(pr)) {
				if ((p = create_probe(pr)) != NULL)
					use_probe(p, r, pr, &nd);
				continue;
			}
			probe_missing(pr->p_pos, "no probe matches '%s'",
			    pr->p_name);
		}
	}
	free(nd.argnames);
	return src_nerrors - nerr;
}

/* How many kernel probes the program enabled. */
size_t
dt_nenabled(void)
{
	const struct dtprobe *p;
	size_t n = 0;

	for (p = probe_next(NULL); p != NULL; p = probe_next(p))
		if (p->enabled)
			n++;
	return n;
}

static void
load_kernel_syms(const char *path)
{
	char msg[256];

	if ((kernel_syms = ksyms_load(path, msg, sizeof(msg))) == NULL)
		warnx("%s: kernel stacks will show addresses", msg);
}

/*
 * -w of a trace event: every field of its record (the format is
 * recorded too), and the user strings of the first DTMAXSTRS char
 * pointers.
 */
static void
all_fields(struct dtprobe *p)
{
	uint16_t words;
	int idx;

	if (p->recbytes == NULL &&
	    (p->recbytes = calloc(DTMAXRECWORDS * 8, 1)) == NULL)
		err(1, NULL);
	for (idx = 0; idx < p->fmt->fm_nfields; idx++) {
		tracefs_want(p->fmt, idx, p->recbytes, &p->reclen);
		words = probe_strwords(p, idx);
		if (__builtin_popcount(p->strargs | words) <= DTMAXSTRS)
			p->strargs |= words;
	}
}

/*
 * -w: a recording serves programs yet to be written, so it holds every
 * field of the task, every argument and the strings of every string
 * argument, not only what the recording program reads; stacks stay the
 * recording program's choice, as they cost the most.
 */
static void
all_args(struct dtprobe *p)
{
	int idx, n = 0;

	p->flags |= DTEVT_FUNCARGS | DTEVT_EXECNAME | DTEVT_PID |
	    DTEVT_PPID | DTEVT_CRED;
	if (p->fmt != NULL) {
		all_fields(p);
		return;
	}
	for (idx = 0; idx < DTMAXFUNCARGS && idx < p->nargnames; idx++) {
		if (p->strargs & (1U << idx))
			n++;
		else if (n < DTMAXSTRS && is_string_arg(p, idx)) {
			p->strargs |= 1U << idx;
			n++;
		}
	}
}

/*
 * The live source: what read(2) gives, until a signal or the end of the
 * watched process (a pidfd); then recording stops and what the rings
 * still hold is read, without waiting.  Drops are told every second,
 * busy or not.
 */
static struct {
	volatile sig_atomic_t	*quit;
	int			 watchfd;	/* or -1 */
	int			 recording;	/* DTIOCRECORD is on */
	int			 draining;	/* the watched process is gone */
	uint64_t		 lastreport;
	uint64_t		 lastpoll;	/* the last ppoll() */
	char			*buf;
} live = { NULL, -1, 0, 0, 0, 0, NULL };

/* Give the kernel the kernel data reads of enabled probe p. */
static void
set_fetches(const struct dtprobe *p)
{
	struct dtioc_fetch f[DTMAXFETCH];
	struct dtioc_fetches fs;
	uint32_t bytes = 0;
	int i;

	if (p->nfetch == 0)
		return;
	for (i = 0; i < p->nfetch; i++) {
		probe_fetch(p, i, &f[i]);
		bytes += f[i].dtfe_kind == DTFK_VALUE ? 8 :
		    (f[i].dtfe_len + 7) & ~7U;
	}
	if (bytes > DTMAXFETCHBYTES)
		errx(1, "%s: its rules read more than %d bytes of kernel "
		    "data", p->fullname, DTMAXFETCHBYTES);
	memset(&fs, 0, sizeof(fs));
	fs.dtfs_pbn = p->kp.kp_id;
	fs.dtfs_nfetch = p->nfetch;
	fs.dtfs_fetches = (uintptr_t)f;
	if (ioctl(dtfd, DTIOCPRBFETCH, &fs) == -1) {
		if (errno == EPERM)
			err(1, "%s: reading kernel data at %s (the kernel "
			    "is locked down, or perfmon capability is "
			    "missing)", PATH_DEVDT, p->fullname);
		err(1, "%s: reading kernel data at %s", PATH_DEVDT,
		    p->fullname);
	}
}

/*
 * Enable the probes (with `allargs', recording every argument), set the
 * pid filter and start recording; the live source ends when the process
 * of watchfd (a pidfd, or -1) does.
 */
void
dt_start(const pid_t *pids, int npids, int watchfd, int allargs)
{
	struct dtioc_clock clk;
	struct dtioc_pids pf;
	struct dtioc_req rq;
	struct dtprobe *p;
	size_t i;
	int on = 1;

	for (p = probe_next(NULL); p != NULL; p = probe_next(p)) {
		if (!p->enabled)
			continue;
		if (allargs)
			all_args(p);
		memset(&rq, 0, sizeof(rq));
		rq.dtrq_pbn = p->kp.kp_id;
		rq.dtrq_flags = p->flags;
		rq.dtrq_nsecs = p->nsecs;
		rq.dtrq_strargs = p->strargs;
		if (p->reclen > 0) {
			rq.dtrq_recbytes = (uintptr_t)p->recbytes;
			rq.dtrq_reclen = p->reclen;
		}
		if (__builtin_popcount(rq.dtrq_strargs) > DTMAXSTRS)
			errx(1, "%s: more than %d string arguments asked for",
			    p->fullname, DTMAXSTRS);
		if (ioctl(dtfd, DTIOCPRBENABLE, &rq) == -1) {
			if (errno == ENODEV)
				errx(1, "%s: enable %s: the CPU has no such "
				    "counter (a virtual CPU often has no "
				    "hardware counters)", PATH_DEVDT,
				    p->fullname);
			err(1, "%s: enable %s", PATH_DEVDT, p->fullname);
		}
		dt_load_args(p);
		set_fetches(p);
	}
	if (needs_flag(DTEVT_KSTACK) || needs_funcarg())
		load_kernel_syms("/proc/kallsyms");
	if (ioctl(dtfd, DTIOCGCLOCK, &clk) == 0)
		wall_offset = clk.dtcl_real - clk.dtcl_mono;
	if (npids > 0) {
		memset(&pf, 0, sizeof(pf));
		pf.dtpf_npids = npids;
		for (i = 0; i < (size_t)npids; i++)
			pf.dtpf_pids[i] = pids[i];
		dt_ioctl(DTIOCSETPIDS, &pf, "DTIOCSETPIDS");
	}
	dt_setup_rings();
	ring_map(dtfd);
	dt_ioctl(DTIOCRECORD, &on, "DTIOCRECORD");
	live.recording = 1;
	live.watchfd = watchfd;
	live.draining = 0;
	live.lastreport = now_nsecs();
}

/*
 * The ring size and lossless recording, as options or the program's
 * configuration asked (config keys call these, before dt_start()).
 * A size is bytes, with K, M or G for KiB, MiB, GiB; NULL if it is
 * good, else why not.
 */
const char *
dt_parse_bufsize(const char *s, uint32_t *bytes)
{
	static char why[128];
	unsigned long long n;
	char *end;

	errno = 0;
	n = strtoull(s, &end, 10);
	if (end == s || errno != 0 || s[0] == '-') {
		snprintf(why, sizeof(why), "ring size '%s' is not a number of "
		    "bytes", s);
		return why;
	}
	switch (*end) {
	case 'K': case 'k': n <<= 10; end++; break;
	case 'M': case 'm': n <<= 20; end++; break;
	case 'G': case 'g': n = n > 1024 ? ~0ULL : n << 30; end++; break;
	}
	if (*end != '\0') {
		snprintf(why, sizeof(why), "ring size '%s': unknown unit '%s' "
		    "(K, M or G)", s, end);
		return why;
	}
	if (n < DTMINBUFSIZE || n > DTMAXBUFSIZE) {
		snprintf(why, sizeof(why), "ring size '%s' is not between %u "
		    "KiB and %u MiB", s, DTMINBUFSIZE >> 10,
		    DTMAXBUFSIZE >> 20);
		return why;
	}
	*bytes = n;
	return NULL;
}

void
dt_set_bufsize(uint32_t bytes)
{
	bufsize = bytes;
}

void
dt_set_lossless(int on)
{
	lossless = on;
}

/*
 * The rings' size when neither -b nor the configuration gives one: the
 * kernel's 1 MiB holds 13,000 events of a count rule, which a reader
 * briefly descheduled overflows (regress/perf/README); so 64 MiB in
 * all, at most 16 MiB and at least DTDEFBUFSIZE a CPU.
 */
#define RINGS_TOTAL	(64ULL << 20)
#define RING_MAX	(16U << 20)

static uint32_t
default_bufsize(void)
{
	long ncpu = sysconf(_SC_NPROCESSORS_CONF);
	uint32_t size = RING_MAX;

	if (ncpu < 1)
		ncpu = 1;
	while (size > DTDEFBUFSIZE && (uint64_t)size * ncpu > RINGS_TOTAL)
		size /= 2;
	return size;
}

static void
dt_setup_rings(void)
{
	struct dtioc_bufsize bs;
	struct dtioc_lossless ll;

	if (bufsize == 0)
		bufsize = default_bufsize();
	memset(&bs, 0, sizeof(bs));
	bs.dtbs_size = bufsize;
	dt_ioctl(DTIOCSETBUFSIZE, &bs, "DTIOCSETBUFSIZE");
	if (lossless) {
		memset(&ll, 0, sizeof(ll));
		ll.dtll_on = 1;
		if (ioctl(dtfd, DTIOCSETLOSSLESS, &ll) == -1) {
			if (errno == ENOTTY)
				errx(1, "%s: this kernel's dt(4) has no "
				    "lossless mode", PATH_DEVDT);
			err(1, "%s: DTIOCSETLOSSLESS", PATH_DEVDT);
		}
	}
}

/*
 * At exit, lossless: how long traced tasks waited for btrace, and the
 * events dropped all the same.
 */
static void
dt_report_waits(void)
{
	struct dtioc_waitstat ws;

	if (!lossless || ioctl(dtfd, DTIOCGWAITS, &ws) == -1)
		return;
	fprintf(stderr, "btrace: lossless: traced tasks waited %.3f s in "
	    "%llu waits, %llu cut short at %.0f s\n", ws.dtws_waitns / 1e9,
	    (unsigned long long)ws.dtws_waits,
	    (unsigned long long)ws.dtws_timeouts, DTDEFWAITNS / 1e9);
	if (ws.dtws_irqdropevt || ws.dtws_taskdropevt || ws.dtws_nowait)
		fprintf(stderr, "btrace: lossless: %llu events dropped where "
		    "no task can wait (interrupts, kernel threads), %llu in "
		    "tasks; %llu waits not taken\n",
		    (unsigned long long)ws.dtws_irqdropevt,
		    (unsigned long long)ws.dtws_taskdropevt,
		    (unsigned long long)ws.dtws_nowait);
}

/* The kernel's clock pair, for a recording to convert timestamps. */
void
dt_clock(struct dtioc_clock *cl)
{
	dt_ioctl(DTIOCGCLOCK, cl, "DTIOCGCLOCK");
}

/* Stop recording, once; what the rings hold can still be read. */
void
dt_stop(void)
{
	int off = 0;

	if (dtfd == -1 || !live.recording)
		return;
	live.recording = 0;
	dt_ioctl(DTIOCRECORD, &off, "DTIOCRECORD");
}

/*
 * The events there are now, without waiting: in place from the mapped
 * rings, or read(2) (the descriptor does not block).
 */
static size_t
live_take(struct seg *segs)
{
	ssize_t n;

	if (ring_mapped())
		return ring_take(segs, RING_MAXSEGS);
	if (live.buf == NULL && (live.buf = malloc(READBUFSZ)) == NULL)
		err(1, NULL);
	if ((n = read(dtfd, live.buf, READBUFSZ)) > 0) {
		segs[0].s_buf = live.buf;
		segs[0].s_len = n;
		return 1;
	}
	if (n == -1 && errno != EAGAIN && errno != EINTR)
		err(1, "%s: read", PATH_DEVDT);
	return 0;
}

static void
live_report(void)
{
	if (now_nsecs() - live.lastreport >= 1000000000ULL) {
		drops_report(dtfd);
		live.lastreport = now_nsecs();
	}
}

/*
 * While events keep coming, mapped rings are read with no system call;
 * poll(2) sleeps when they are empty.
 */
static enum source_status
live_next(const struct seg **segsp, size_t *nsegp)
{
	static struct seg segs[RING_MAXSEGS];
	struct pollfd pfd[2];
	sigset_t none;
	struct timespec tick = { 1, 0 };
	int nfds = 1, n;

	*segsp = segs;
	sigemptyset(&none);
	pfd[0].fd = dtfd;
	pfd[0].events = POLLIN;
	if (live.watchfd != -1) {
		pfd[1].fd = live.watchfd;
		pfd[1].events = POLLIN;
		nfds = 2;
	}
	while (live.recording) {
		/* The process is gone: take what it left in the rings. */
		if (live.draining) {
			if ((*nsegp = live_take(segs)) > 0)
				return SRC_BATCH;
			break;
		}
		if (*live.quit)
			break;
		/*
		 * Signals and the watched process are seen in ppoll() only:
		 * it is passed at least every POLL_NS, at once when events
		 * are waiting.
		 */
		if (ring_mapped() && now_nsecs() - live.lastpoll < POLL_NS) {
			live_report();
			if ((*nsegp = live_take(segs)) > 0)
				return SRC_BATCH;
		}
		live.lastpoll = now_nsecs();
		/* Signals are blocked but here, so none is missed. */
		n = ppoll(pfd, nfds, &tick, &none);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			err(1, "poll");
		}
		live_report();
		if (n == 0)
			continue;
		if (nfds == 2 && (pfd[1].revents & POLLIN)) {
			live.draining = 1;
			continue;
		}
		if (!(pfd[0].revents & POLLIN))
			continue;
		if ((*nsegp = live_take(segs)) > 0)
			return SRC_BATCH;
	}
	dt_stop();
	if ((*nsegp = live_take(segs)) > 0)
		return SRC_BATCH;
	if (ring_mapped())
		ring_release();
	return SRC_END;
}

static void
live_counters(struct dtioc_stat *st)
{
	memset(st, 0, sizeof(*st));
	dt_ioctl(DTIOCGSTATS, st, "DTIOCGSTATS");
	st->dtst_readevt += ring_nevents();	/* read(2) counts its own */
}

static void
live_stats(int verbose, double secs)
{
	struct dtioc_stat st;

	live_counters(&st);
	if (verbose)
		fprintf(stderr, "btrace: rings of %u KiB a CPU\n",
		    bufsize >> 10);
	stats_report(dtfd, &st, verbose, secs);
	dt_report_waits();
}

static const struct source	live_source = {
	live_next, live_counters, live_stats
};

/*
 * The events of the probes dt_start() enabled, until *quit is set or
 * the watched process ends.
 */
const struct source *
dt_source(volatile sig_atomic_t *quit)
{
	live.quit = quit;
	return &live_source;
}
