/* SPDX-License-Identifier: ISC */
/*
 * Probe descriptions, as the kernel or a recording gives them: the one
 * table the probe ids of events are looked up in.
 */

#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "desc.h"
#include "kdata.h"
#include "providers.h"
#include "sysargs.h"
#include "usdt.h"
#include "util.h"

static struct dtprobe	*probes;	/* indexed by probe id */
static size_t		 nprobeids;

/* A probe of the kernel's list; one already known is kept as it is. */
void
probe_set(const struct dtioc_probe_info *pi)
{
	struct dtprobe *p;

	if (pi->dtpi_pbn >= nprobeids)
		probes = table_reserve(probes, &nprobeids, pi->dtpi_pbn + 256,
		    sizeof(*probes));
	p = &probes[pi->dtpi_pbn];
	if (p->kp.kp_id != 0)
		return;
	p->info = *pi;
	p->kp.kp_id = pi->dtpi_pbn;
	p->kp.kp_nargs = pi->dtpi_nargs;
	p->kp.kp_flags = pi->dtpi_flags;
	snprintf(p->fullname, sizeof(p->fullname), "%.*s:%.*s:%.*s",
	    DTNAMESIZE, pi->dtpi_prov, DTNAMESIZE, pi->dtpi_func,
	    DTNAMESIZE, pi->dtpi_name);
	p->kp.kp_prov = strndup(pi->dtpi_prov, DTNAMESIZE);
	p->kp.kp_func = strndup(pi->dtpi_func, DTNAMESIZE);
	p->kp.kp_name = strndup(pi->dtpi_name, DTNAMESIZE);
	if (p->kp.kp_prov == NULL || p->kp.kp_func == NULL ||
	    p->kp.kp_name == NULL)
		err(1, NULL);
}

void
probe_rename(struct dtprobe *p, const char *prov, const char *file,
    const char *func)
{
	char *f;

	snprintf(p->fullname, sizeof(p->fullname), "%s:%s:%s", prov, file,
	    func);
	if ((f = strdup(func)) == NULL)
		err(1, NULL);
	free((char *)p->kp.kp_func);
	p->kp.kp_func = f;
}

/* The described probe of id pbn, or NULL. */
struct dtprobe *
probe_get(uint32_t pbn)
{
	if (pbn >= nprobeids || probes[pbn].kp.kp_id == 0)
		return NULL;
	return &probes[pbn];
}

/* The described probe after p (NULL: the first) in id order, or NULL. */
struct dtprobe *
probe_next(const struct dtprobe *p)
{
	size_t i;

	for (i = p != NULL ? p->kp.kp_id + 1 : 1; i < nprobeids; i++)
		if (probes[i].kp.kp_id != 0)
			return &probes[i];
	return NULL;
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

	for (i = 0; i < nitems(s32); i++)
		if (strcmp(type, s32[i]) == 0)
			return ARG_S32;
	for (i = 0; i < nitems(u32); i++)
		if (strcmp(type, u32[i]) == 0)
			return ARG_U32;
	return ARG_64;
}

/* The argument table of a probe, n entries as DTIOCGARGS gives them. */
void
probe_set_args(struct dtprobe *p, const struct dtioc_arg_info *ai, size_t n)
{
	size_t i;

	free(p->argnames);
	free(p->argtypes);
	free(p->argtab);
	p->argnames = calloc(n + 1, DTNAMESIZE);
	p->argtypes = calloc(n + 1, DTNAMESIZE);
	p->argtab = calloc(n + 1, sizeof(*p->argtab));
	if (p->argnames == NULL || p->argtypes == NULL || p->argtab == NULL)
		err(1, NULL);
	if (n > 0)
		memcpy(p->argtab, ai, n * sizeof(*ai));
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

/*
 * The arguments of a trace event probe are the fields of its record
 * (DTPI_RECORD), as tracefs' format describes them; strings are those
 * the record holds and the user strings the kernel copies.
 */
void
probe_set_format(struct dtprobe *p, struct tf_format *fm)
{
	struct dtioc_arg_info *ai;
	int i;

	if ((ai = calloc(fm->fm_nfields + 1, sizeof(*ai))) == NULL)
		err(1, NULL);
	for (i = 0; i < fm->fm_nfields; i++) {
		ai[i].dtai_pbn = p->kp.kp_id;
		ai[i].dtai_argn = i;
		if (fm->fm_fields[i].f_kind != TF_INT &&
		    fm->fm_fields[i].f_kind != TF_OTHER)
			ai[i].dtai_flags = DTAI_STR;
		memcpy(ai[i].dtai_argtype, fm->fm_fields[i].f_type,
		    DTNAMESIZE - 1);
		memcpy(ai[i].dtai_argname, fm->fm_fields[i].f_name,
		    DTNAMESIZE - 1);
	}
	probe_set_args(p, ai, fm->fm_nfields);
	p->fmt = fm;
	free(ai);
}

/*
 * The dtrq_strargs bits that copy argument idx as a string: its own bit,
 * or for a trace event the word of a user string pointer (a string the
 * record holds needs no copy).
 */
uint16_t
probe_strwords(const struct dtprobe *p, int idx)
{
	const struct tf_field *f;

	if (p->fmt == NULL)
		return idx < DTMAXFUNCARGS ? 1U << idx : 0;
	if (idx >= p->fmt->fm_nfields)
		return 0;
	f = &p->fmt->fm_fields[idx];
	return f->f_kind == TF_USTR ? 1U << (f->f_off / 8) : 0;
}

/* Index of the argument called `name' of the probe, or -1. */
int
probe_argindex(const struct dtprobe *p, const char *name)
{
	int i;

	for (i = 0; i < p->nargnames; i++)
		if (strcmp(p->argnames[i], name) == 0)
			return i;
	return -1;
}

/*
 * Is argument `idx' of the probe a string the kernel should copy?  The
 * kernel says so (DTAI_STR); a kernel or recording from before it said
 * anything is answered as it was: for system calls the header-built
 * table knows (a buffer with a length is not a string), otherwise any
 * single char pointer is taken for one.
 */
int
is_string_arg(const struct dtprobe *p, int idx)
{
	const struct provider *pv;
	const struct sysargs *sa;
	const char *type = p->argtypes[idx];

	if (p->argtab != NULL && (p->argtab[idx].dtai_flags & DTAI_STR))
		return 1;
	if ((pv = provider_lookup(p->kp.kp_prov)) != NULL && pv->pv_sysargs &&
	    (sa = sysargs_lookup(p->kp.kp_func)) != NULL && sa->nargs > idx)
		return sa->args[idx].kind == SA_USTR;
	return strstr(type, "char") != NULL && strchr(type, '*') != NULL &&
	    strstr(type, "**") == NULL;
}

/*
 * The argument holding the address of the kernel function that fired
 * (DTAI_FUNC: one probe on a glob of functions), or -1.
 */
int
probe_funcarg(const struct dtprobe *p)
{
	int i;

	for (i = 0; p->argtab != NULL && i < p->nargnames; i++)
		if (p->argtab[i].dtai_flags & DTAI_FUNC)
			return i;
	return -1;
}

/* Does some enabled probe name its functions by address? */
int
needs_funcarg(void)
{
	size_t i;

	for (i = 1; i < nprobeids; i++)
		if (probes[i].enabled && probe_funcarg(&probes[i]) >= 0)
			return 1;
	return 0;
}

/* Does some enabled probe record the DTEVT_* flag? */
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
probe_fetch(const struct dtprobe *p, int i, struct dtioc_fetch *f)
{
	*f = *kdata_fetch(p->fetchsite[i]);
	if (f->dtfe_src == DTFS_ARG)
		f->dtfe_argn = p->fetchargn[i];
	/* use_fetch() kept only the arguments a marker has. */
	if (p->usdt != NULL && f->dtfe_src == DTFS_ARG)
		(void)usdt_fetch(p->usdt, f->dtfe_argn, f);
}
