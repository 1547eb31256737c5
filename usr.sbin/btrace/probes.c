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
	size_t len = strlen(kp->kp_func);

	return strcmp(kp->kp_prov, "tracepoint") == 0 &&
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
	return fnmatch(pattern, name, 0) == 0;
}

/*
 * The dispatch table: for each kernel probe id, the rules to evaluate,
 * in program order, each rule at most once.
 */
void
dispatch_add(struct dispatch *d, uint32_t id, struct rule *r)
{
	struct dentry *de;
	size_t i;

	if (id >= d->d_size) {
		size_t n = id + 64;

		d->d_tab = reallocarray(d->d_tab, n, sizeof(*d->d_tab));
		if (d->d_tab == NULL)
			err(1, NULL);
		memset(d->d_tab + d->d_size, 0,
		    (n - d->d_size) * sizeof(*d->d_tab));
		d->d_size = n;
	}
	de = &d->d_tab[id];
	for (i = 0; i < de->de_n; i++)
		if (de->de_rules[i] == r)
			return;
	de->de_rules = reallocarray(de->de_rules, de->de_n + 1,
	    sizeof(*de->de_rules));
	if (de->de_rules == NULL)
		err(1, NULL);
	de->de_rules[de->de_n++] = r;
}

const struct dentry *
dispatch_get(const struct dispatch *d, uint32_t id)
{
	if (id >= d->d_size || d->d_tab[id].de_n == 0)
		return NULL;
	return &d->d_tab[id];
}
