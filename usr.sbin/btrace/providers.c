/* SPDX-License-Identifier: ISC */
/*
 * The table of providers btrace knows without the kernel (providers.h).
 * Their flags are those the kernel reports for them through DTIOCGPROVS
 * (dev/dt/dtvar.h); a provider added to the kernel is added here.
 */

#include <err.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <dev/dt/dtvar.h>

#include "names.h"
#include "providers.h"
#include "util.h"

static const struct provider providers[] = {
	{ "hardware",	DTPV_CREATE,			0, 0, 0 },
	{ "interval",	DTPV_PERIODIC | DTPV_CREATE,	0, 0, 0 },
	{ "kprobe",	DTPV_CREATE | DTPV_ENTRYRET | DTPV_KFUNCS, 0, 0, 0 },
	{ "profile",	DTPV_PERIODIC | DTPV_CREATE,	0, 0, 0 },
	{ "software",	DTPV_CREATE,			0, 0, 0 },
	{ "syscall",	DTPV_ENTRYRET,			1, 0, 0 },
	{ "tracepoint",	DTPV_CREATE | DTPV_TRACEFS,	0, 1, 1 },
};

const struct provider *
provider_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < nitems(providers); i++)
		if (strcmp(providers[i].pv_name, name) == 0)
			return &providers[i];
	return NULL;
}

static const struct {
	const char	*pa_alias;
	const char	*pa_prov;
	const char	*pa_name;	/* probe name it implies */
} aliases[] = {
	{ "k",		"kprobe",	"entry" },
	{ "kprobe",	"kprobe",	"entry" },
	{ "kr",		"kprobe",	"return" },
	{ "kretprobe",	"kprobe",	"return" },
};

char *
provider_alias(const char *probe)
{
	static const char *const entryret[] = { "entry", "return" };
	const char *f1, *f2, *func;
	char *s;
	size_t i, plen;

	if ((f1 = strchr(probe, ':')) == NULL || f1[1] == '\0')
		return NULL;
	plen = f1 - probe;
	for (i = 0; i < nitems(aliases); i++)
		if (strlen(aliases[i].pa_alias) == plen &&
		    strncmp(probe, aliases[i].pa_alias, plen) == 0)
			break;
	if (i == nitems(aliases))
		return NULL;
	func = f1 + 1;
	if ((f2 = strchr(func, ':')) != NULL) {
		/*
		 * kprobe:F:entry is dt's own spelling, and kprobe:F:entyr
		 * a mistake in it, not function "entyr" of module F.
		 */
		if (strcmp(f2 + 1, "entry") == 0 ||
		    strcmp(f2 + 1, "return") == 0 ||
		    name_closest(f2 + 1, entryret, nitems(entryret)) != NULL)
			return NULL;
		/* MODULE:F: the function name alone selects it. */
		func = f2 + 1;
		if (*func == '\0' || strchr(func, ':') != NULL)
			return NULL;
	}
	if (asprintf(&s, "%s:%s:%s", aliases[i].pa_prov, func,
	    aliases[i].pa_name) == -1)
		err(1, NULL);
	return s;
}

const char *
provider_closest(const char *name)
{
	const char *names[nitems(providers)];
	size_t i;

	for (i = 0; i < nitems(providers); i++)
		names[i] = providers[i].pv_name;
	return name_closest(name, names, nitems(names));
}
