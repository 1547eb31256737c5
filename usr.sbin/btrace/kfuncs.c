/* SPDX-License-Identifier: ISC */
/*
 * The kernel functions a provider with DTPV_KFUNCS can probe, as the
 * kernel lists them: tracefs's available_filter_functions, less the
 * kprobe blacklist (debugfs).  They are listed without creating
 * anything, and a probe that cannot be created is explained from them.
 */

#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dev/dt/dtvar.h>

#include "btrace.h"
#include "kfuncs.h"
#include "names.h"
#include "tracefs.h"
#include "util.h"

static const char blpath[] = "/sys/kernel/debug/kprobes/blacklist";

/* tracefs's list, tracefs mounted first if need be; NULL if none. */
static FILE *
open_functions(void)
{
	char path[1024];
	const char *root;

	if ((root = tracefs_root(NULL, 0)) == NULL)
		return NULL;
	snprintf(path, sizeof(path), "%s/available_filter_functions", root);
	return fopen(path, "r");
}

/* The name of a line "NAME [MODULE]", in place; NULL for none. */
static char *
line_name(char *line)
{
	line[strcspn(line, " \t\n")] = '\0';
	return line[0] != '\0' ? line : NULL;
}

/* Blacklist lines are "0xSTART-0xEND\tNAME". */
static char *
bl_name(char *line)
{
	char *tab = strchr(line, '\t');

	return tab != NULL ? line_name(tab + 1) : NULL;
}

static int
strp_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The blacklist's names, sorted, or none when debugfs is not there. */
static char **
load_blacklist(size_t *np)
{
	FILE *f = fopen(blpath, "r");
	char line[512], *name, **v = NULL;
	size_t n = 0, cap = 0;

	*np = 0;
	if (f == NULL)
		return NULL;
	while (fgets(line, sizeof(line), f) != NULL) {
		if ((name = bl_name(line)) == NULL)
			continue;
		GROW(v, n, cap);
		if ((v[n++] = strdup(name)) == NULL)
			err(1, NULL);
	}
	fclose(f);
	if (n > 0)
		qsort(v, n, sizeof(*v), strp_cmp);
	*np = n;
	return v;
}

static int
blacklisted(char **bl, size_t n, const char *name)
{
	return n > 0 && bsearch(&name, bl, n, sizeof(*bl), strp_cmp) != NULL;
}

/*
 * btrace -l: show(PROV:FUNCTION:NAME, FUNCTION, is-return, arg) for the
 * entry and the return of every traceable function, which lists those
 * it wants; 0, or -1 if the list cannot be read.
 */
int
kfuncs_list(const char *prov,
    void (*show)(const char *, const char *, int, void *), void *arg)
{
	static const char *const names[] = { "entry", "return" };
	char line[512], full[3 * DTNAMESIZE + 3], *name, **bl;
	size_t nbl, i;
	FILE *f;

	if ((f = open_functions()) == NULL)
		return -1;
	bl = load_blacklist(&nbl);
	while (fgets(line, sizeof(line), f) != NULL) {
		if ((name = line_name(line)) == NULL ||
		    strlen(name) >= DTNAMESIZE || blacklisted(bl, nbl, name))
			continue;
		for (i = 0; i < 2; i++) {
			snprintf(full, sizeof(full), "%s:%s:%s", prov, name,
			    names[i]);
			show(full, name, i == 1, arg);
		}
	}
	fclose(f);
	for (i = 0; i < nbl; i++)
		free(bl[i]);
	free(bl);
	return 0;
}

/* Whether the list of traceable functions holds `name'. */
static int
traceable(const char *name)
{
	char line[512], *l;
	FILE *f;
	int found = 0;

	if ((f = open_functions()) == NULL)
		return -1;
	while (!found && fgets(line, sizeof(line), f) != NULL)
		found = (l = line_name(line)) != NULL && strcmp(l, name) == 0;
	fclose(f);
	return found;
}

/*
 * The traceable function closest to `name', for "did you mean", into
 * buf; NULL if none is close or the list cannot be read.
 */
static const char *
nearest_traceable(const char *name, char *buf, size_t len)
{
	char line[512], *l, **names = NULL;
	const char *near;
	size_t n = 0, cap = 0, i;
	FILE *f;

	if ((f = open_functions()) == NULL)
		return NULL;
	while (fgets(line, sizeof(line), f) != NULL) {
		if ((l = line_name(line)) == NULL)
			continue;
		GROW(names, n, cap);
		if ((names[n] = strdup(l)) == NULL)
			err(1, NULL);
		n++;
	}
	fclose(f);
	near = name_closest(name, (const char *const *)names, n);
	if (near != NULL)
		snprintf(buf, len, "%s", near);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return near != NULL ? buf : NULL;
}

/* Whether /proc/kallsyms has a function called `name'. */
static int
in_kallsyms(const char *name)
{
	char line[512], sym[256], type;
	unsigned long long a;
	FILE *f;
	int found = 0;

	if ((f = fopen("/proc/kallsyms", "r")) == NULL)
		return -1;
	while (!found && fgets(line, sizeof(line), f) != NULL)
		found = sscanf(line, "%llx %c %255s", &a, &type, sym) == 3 &&
		    strcmp(sym, name) == 0;
	fclose(f);
	return found;
}

/*
 * Why the kernel refused to create a probe of FUNC with `error' (errno of
 * DTIOCPRBCREATE): a reason to follow "cannot create probe ...: ".
 */
const char *
kfuncs_why(const char *func, int error)
{
	char **bl;
	size_t nbl, i;
	int on;

	if (strpbrk(func, "*?[") != NULL) {
		if (error == ENOENT)
			return "no traceable kernel function matches it";
		return strerror(error);
	}
	if (error == ENOENT && in_kallsyms(func) == 1)
		return "the kernel does not let a probe sit there";
	if (error == ENOENT) {
		static char why[3 * DTNAMESIZE];
		char buf[DTNAMESIZE];
		const char *near;

		near = nearest_traceable(func, buf, sizeof(buf));
		snprintf(why, sizeof(why), "no such kernel function (not in "
		    "the kernel, or inlined into its callers)%s%s%s",
		    near ? "; did you mean '" : "", near ? near : "",
		    near ? "'?" : "");
		return why;
	}
	if (error != EINVAL)
		return strerror(error);
	bl = load_blacklist(&nbl);
	on = blacklisted(bl, nbl, func);
	for (i = 0; i < nbl; i++)
		free(bl[i]);
	free(bl);
	if (on)
		return "the function is on the kernel's kprobe blacklist";
	if (traceable(func) == 0)
		return "the function is not traceable (notrace, or dt's own "
		    "code or fire path)";
	return "the function is dt's own code or is called by dt's fire path";
}
