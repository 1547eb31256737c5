/* SPDX-License-Identifier: ISC */
/*
 * Matching the program's probe descriptions against the probes the
 * kernel offers, with DTrace's wildcards (*, ? and [...]) in any field,
 * and the table that sends each event to the rules that asked for it.
 */

#include <sys/queue.h>

#include <err.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "btrace.h"
#include "probes.h"
#include "providers.h"
#include "util.h"

static int
has_wildcard(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

static int
field_match(const char *pattern, const char *s)
{
	return fnmatch(pattern, s, 0) == 0;
}

/*
 * Tracepoints also answer to their name without the subsystem prefix
 * the kernel gives most of them: tracepoint:sched:process_exec is
 * tracepoint:sched:sched_process_exec, tracepoint:signal:generate is
 * tracepoint:signal:signal_generate.
 */
static int
short_name_match(const char *pattern, const struct kprobe_desc *kp)
{
	const struct provider *pv = provider_lookup(kp->kp_prov);
	size_t len = strlen(kp->kp_func);

	return pv != NULL && pv->pv_shortnames &&
	    strncmp(kp->kp_name, kp->kp_func, len) == 0 &&
	    kp->kp_name[len] == '_' &&
	    field_match(pattern, kp->kp_name + len + 1);
}

/*
 * Does the probe description `p' name the kernel probe `kp'?  With
 * `byshort', tracepoints match by their short names too.
 */
int
probe_match(const struct probe *p, const struct kprobe_desc *kp,
    int byshort)
{
	if (!field_match(p->p_prov, kp->kp_prov))
		return 0;
	if (!field_match(p->p_func, kp->kp_func))
		return 0;
	if (field_match(p->p_pname, kp->kp_name))
		return 1;
	return byshort && short_name_match(p->p_pname, kp);
}

int
probe_func_pattern(const struct probe *p)
{
	return has_wildcard(p->p_func);
}

int
probe_is_pattern(const struct probe *p)
{
	return has_wildcard(p->p_prov) || has_wildcard(p->p_func) ||
	    has_wildcard(p->p_pname);
}

/* Does a `btrace -l PATTERN' argument match the kernel probe `kp'? */
int
probe_list_match(const char *pattern, const struct kprobe_desc *kp)
{
	char name[3 * 64 + 3];

	snprintf(name, sizeof(name), "%s:%s:%s", kp->kp_prov, kp->kp_func,
	    kp->kp_name);
	return probe_list_match_name(pattern, name);
}

/*
 * Does a `btrace -l PATTERN' argument match the probe of that full
 * name?  A pattern without a colon matches any part of the name, as
 * people type `btrace -l openat'; one with a single colon,
 * PROVIDER:FUNCTION, every probe of that function, as the same words
 * name a probe in a program.
 */
int
probe_list_match_name(const char *pattern, const char *name)
{
	char any[256];
	const char *colon;

	if ((colon = strchr(pattern, ':')) != NULL) {
		if (fnmatch(pattern, name, 0) == 0)
			return 1;
		if (strchr(colon + 1, ':') != NULL ||
		    snprintf(any, sizeof(any), "%s:*", pattern) >=
		    (int)sizeof(any))
			return 0;
		return fnmatch(any, name, 0) == 0;
	}
	if (snprintf(any, sizeof(any), "*%s*", pattern) >= (int)sizeof(any))
		return 0;
	return fnmatch(any, name, 0) == 0;
}

/*
 * The dispatch table: for each kernel probe id, the rules to evaluate,
 * in program order, each rule at most once.
 */
struct dentry {
	struct rule	**de_rules;
	size_t		  de_n, de_cap;
};

static struct dentry	*dtab;		/* indexed by probe id */
static size_t		 ndtab;

void
dispatch_add(uint32_t id, struct rule *r)
{
	struct dentry *de;
	size_t i;

	if (id >= ndtab)
		dtab = table_reserve(dtab, &ndtab, (size_t)id + 64,
		    sizeof(*dtab));
	de = &dtab[id];
	for (i = 0; i < de->de_n; i++)
		if (de->de_rules[i] == r)
			return;
	GROW(de->de_rules, de->de_n, de->de_cap);
	de->de_rules[de->de_n++] = r;
}

/* Does some rule want the events of probe id? */
int
dispatch_wanted(uint32_t id)
{
	return id < ndtab && dtab[id].de_n > 0;
}

/* An event to each rule of its probe, until one stops evaluation. */
enum eval_status
dispatch_event(const struct bt_event *e)
{
	const struct dentry *de;
	enum eval_status st = EVAL_OK;
	size_t i;

	if (!dispatch_wanted(e->ev_pbn))
		return EVAL_OK;
	de = &dtab[e->ev_pbn];
	for (i = 0; i < de->de_n && st == EVAL_OK; i++)
		st = rule_eval(de->de_rules[i], e);
	return st;
}
